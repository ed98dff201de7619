"""Message templates. SMS gateways in China send pre-registered templates with parameters;
the rendered ``text`` is what the person reads, kept within one 70-character SMS segment."""

from __future__ import annotations

from dataclasses import dataclass

SMS_SEGMENT = 70


@dataclass(frozen=True)
class Template:
    id: str
    text: str

    def render(self, **params: str) -> str:
        return self.text.format(**params)


ISSUE_ASSIGNED_TO_REPORTER = Template(
    "ISSUE_ASSIGNED", "【绣花】您反映的问题「{title}」已派给服务队队员{assignee}跟进，进展会及时告知您。"
)
TASK_ASSIGNED_TO_MEMBER = Template("TASK_ASSIGNED", "新派单：{place}「{title}」，请及时受理。")


def shorten(text: str, limit: int) -> str:
    """Cut a title so the whole SMS stays in one segment."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def reporter_sms(*, title: str, assignee: str) -> tuple[str, dict[str, str], str]:
    """(template id, parameters, text) telling the reporter who took the issue."""
    room = SMS_SEGMENT - len(ISSUE_ASSIGNED_TO_REPORTER.render(title="", assignee=assignee))
    params = {"title": shorten(title, max(room, 6)), "assignee": assignee}
    return ISSUE_ASSIGNED_TO_REPORTER.id, params, ISSUE_ASSIGNED_TO_REPORTER.render(**params)
