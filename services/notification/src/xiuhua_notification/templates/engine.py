"""The sandboxed template engine: Jinja2's ``SandboxedEnvironment`` with nothing in scope but the
message's own named parameters (strings), so that a template a community edits can never reach
another resident's data, the service's objects or Python itself — and bounded (``bounds``), so that
it cannot make a message of 100 MB or keep the service busy: every value it computes stays small,
nothing binds a value to use it again, and the output is counted as it is made and stopped at a
ceiling, and at a deadline.

https://jinja.palletsprojects.com/en/stable/sandbox/
"""

from __future__ import annotations

import time
from collections.abc import Collection, Mapping
from functools import lru_cache

from jinja2 import Template, TemplateError, meta, nodes

from xiuhua_notification.templates.bounds import BoundedSandbox

MAX_SOURCE = 2000    # characters of one template field
MAX_OUTPUT = 20_000  # characters any render may make (the longest message is a 4,096-byte group post)
MAX_SECONDS = 0.5    # a render stops here (a bounded one takes milliseconds)

_ENV = BoundedSandbox()
# Statements that would reach outside the message (other templates, macros, imports), or bind a
# value to use it again (``set``, ``with``, ``for``: ``~`` on a bound value doubles the text at each
# step, and nested loops multiply their work). A message's parameters are single texts: there is
# nothing to loop over.
_FORBIDDEN = {nodes.Extends: "模板不能引用其他模板或定义宏", nodes.Include: "模板不能引用其他模板或定义宏",
              nodes.Import: "模板不能引用其他模板或定义宏", nodes.FromImport: "模板不能引用其他模板或定义宏",
              nodes.Macro: "模板不能引用其他模板或定义宏", nodes.CallBlock: "模板不能引用其他模板或定义宏",
              nodes.Block: "模板不能引用其他模板或定义宏",
              nodes.For: "模板不能使用循环（for）", nodes.Assign: "模板不能给变量赋值（set）",
              nodes.AssignBlock: "模板不能给变量赋值（set）", nodes.With: "模板不能给变量赋值（with）"}


class TemplateInvalid(ValueError):
    """A template that cannot be used, with what is wrong (Chinese, shown to staff)."""

    def __init__(self, field: str, message: str) -> None:
        super().__init__(f"{field}: {message}")
        self.field, self.message = field, message


def check(field: str, source: str, allowed: Collection[str]) -> frozenset[str]:
    """Parse ``source``; the parameters it uses, or ``TemplateInvalid``."""
    if len(source) > MAX_SOURCE:
        raise TemplateInvalid(field, f"模板过长（最多{MAX_SOURCE}字）")
    try:
        tree = _ENV.parse(source)
    except (TemplateError, RecursionError) as exc:
        line = getattr(exc, "lineno", None)
        raise TemplateInvalid(field, f"模板语法错误{f'（第{line}行）' if line else ''}：{exc}") from None
    for kind, why in _FORBIDDEN.items():
        if any(True for _ in tree.find_all(kind)):
            raise TemplateInvalid(field, why)
    try:
        used = frozenset(meta.find_undeclared_variables(tree))
        _compiled(source)
    except TemplateError as exc:  # a filter or test the engine does not have
        raise TemplateInvalid(field, f"模板无法生成：{exc.message or exc}") from None
    unknown = sorted(used - set(allowed))
    if unknown:
        raise TemplateInvalid(field, f"未知参数：{'、'.join(unknown)}；可用参数：{'、'.join(sorted(allowed))}")
    return used


@lru_cache(maxsize=1024)
def _compiled(source: str) -> Template:
    return _ENV.from_string(source)


def render(source: str, params: Mapping[str, str], field: str = "text", *, limit: int = MAX_OUTPUT) -> str:
    """Render ``source`` with ``params`` only (every value a string), at most ``limit`` characters."""
    deadline, parts, length = time.monotonic() + MAX_SECONDS, [], 0
    try:
        for part in _compiled(source).generate({k: str(v) for k, v in params.items()}):
            length += len(part)
            if length > limit:
                raise TemplateInvalid(field, f"生成的文字过长（超过{limit}字）")
            if time.monotonic() > deadline:
                raise TemplateInvalid(field, "模板生成超时")
            parts.append(part)
    except TemplateInvalid:
        raise
    except Exception as exc:  # noqa: BLE001 — a sandbox refusal, a missing parameter, 1/0: the template's fault
        raise TemplateInvalid(field, f"模板无法生成：{exc}") from None
    return "".join(parts).strip()


@lru_cache(maxsize=1024)
def used(source: str) -> frozenset[str]:
    """The parameters a (checked) template uses."""
    return frozenset(meta.find_undeclared_variables(_ENV.parse(source)))
