"""Which messages a thread calls for now (pure). What each fact means for each audience is decided
here; who of them hears it, and through which channels, is the community's rule table
(``rules.table``, whose defaults are the platform's long-standing rules):

- residents: the reporter and every supporter who joined before the fact — they hear the same
  words; a merge is told to the people it carried over;
- the assignee: of a new assignment (the new holder); otherwise whoever had the task then;
- the property company's contacts: what was handed to their company;
- the lead(s) and the community's staff;
- the estate's owners' group: the residents' words in the group's own wording, never a name or phone.

A resident's phone is texted only when it is proven theirs (``Person.phone_verified``, or in
``proven``: a login, the roster, the directory); an SMS to any other phone is logged ``muted``
("unverified") and never sent, so that a report naming a stranger's phone texts nobody, and old
news is not sent later once its owner logs in (the log has it) — only the news from then on.

Each person's preferences (channels, muted issues) choose among the rule's channels. A part that
lacks something (the reporter's contact, the title, the lead, who had the task) is not planned yet
and comes out of a later plan once the thread knows it. Planning again is harmless: the message log
skips what it already has (same ``out_id``). Parts addressed to "whoever has the role" (leads,
staff, the assignee then) are marked done once planned, so that someone appointed later does not
receive old news.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence

from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.preferences.model import Preference, choose
from xiuhua_notification.rules.table import DEFAULTS, RECIPIENTS, Table
from xiuhua_notification.templates import domain as t
from xiuhua_notification.templates.render import DEFAULT, Renderer
from xiuhua_notification.threads.model import Item, Person, Thread
from xiuhua_notification.threads.targets import Lazy, Target, resident

Message = tuple[str, dict[str, str]]  # template id, its own parameters
ONCE = {"assignee": "assignee", "lead": "leads", "staff": "staff"}  # roles addressed by who holds them


class Planner:
    def __init__(self, thread: Thread, *, leads: Sequence[str], public_url: str, rules: Table | None = None,
                 renderer: Renderer | None = None, prefs: Mapping[str, Preference] | None = None,
                 staff: Sequence[str] = (), phones: Mapping[str, str] | None = None,
                 proven: Collection[str] = ()) -> None:
        self.thread, self.leads, self.staff = thread, list(leads), list(staff)
        self.rules, self.renderer = rules or DEFAULTS, renderer or DEFAULT
        self.prefs, self.phones, self.proven = prefs or {}, phones or {}, {*proven, *(phones or {}).values()}
        self.link = f"{public_url.rstrip('/')}/#/issues/{thread.id}"
        self.out: list[Outgoing] = []
        self.waiting_for_lead = False

    def plan(self) -> list[Outgoing]:
        """Every message due now (the log drops those already sent); marks once-only parts done."""
        for item in self.thread.items:
            getattr(self, f"_{item.kind}")(item)
        self.thread.waiting_for_lead = self.waiting_for_lead
        return self.out

    # -- one method per kind of item -------------------------------------------------------------
    def _received(self, item: Item) -> None:
        th = self.thread
        if th.title and th.number:
            self._news(item, "issue.submitted", residents=("ISSUE_RECEIVED", {}), team=("LEAD_SUBMITTED", {}),
                       only_reporter=True)

    def _unrouted(self, item: Item) -> None:
        if self.thread.title:
            self._news(item, "task.unrouted", residents=("ISSUE_WAITING", {}), only_reporter=True)

    def _assigned(self, item: Item) -> None:
        d = item.data
        if not self.thread.title:
            return
        params = {"assignee": d["assignee"]["name"], "why": d.get("why") or "重新派单"}
        key = "task.assigned" if d["first"] else "task.reassigned"
        self._news(item, key, residents=("ISSUE_ASSIGNED" if d["first"] else "ISSUE_REASSIGNED", params),
                   team=("LEAD_ASSIGNED", params),
                   assignee=("TASK_ASSIGNED" if d["first"] else "TASK_REASSIGNED", params) if d["latest"] else None,
                   assignee_id=d["assignee"]["id"])

    def _declined(self, item: Item) -> None:
        d, th = item.data, self.thread
        if "leads" in item.done or not th.title:
            return
        to = th.rerouted_after(d["member"]["id"], item.at)
        if to is None and not item.settled:
            return  # the re-route made with the decline has not arrived yet
        params = {"member": d["member"]["name"], "reason": d["reason"], **({"to": to.name} if to else {})}
        self._news(item, "task.declined", team=("LEAD_DECLINED" if to else "LEAD_DECLINED_UNROUTED", params),
                   besides=d["member"]["id"])

    def _progressed(self, item: Item) -> None:
        if self.thread.title:
            params = {"note": item.data["note"]}
            self._news(item, "task.progressed", residents=("ISSUE_PROGRESSED", params),
                       team=("LEAD_PROGRESSED", params), besides=item.data.get("by"))

    def _handed(self, item: Item) -> None:
        d, th = item.data, self.thread
        if not th.title:
            return
        params = {"company": d["company"], "asked": d["asked"], "due": t.day(d["due_date"])}
        self._news(item, "task.handed_to_property", residents=("ISSUE_HANDED", params), team=("LEAD_HANDED", params),
                   property=("PROPERTY_HANDED", params) if th.place is not None else None,
                   contacts=d["contacts"])

    def _property(self, item: Item) -> None:
        d, th = item.data, self.thread
        if not th.title:
            return
        promised = t.day(d["promised_date"]) if d.get("promised_date") else None
        params = {"company": d["company"], "note": t.labelled("说明", d.get("note")),
                  "date": promised or "近日"}
        team = (t.PROPERTY_UPDATES[d["kind"]].id, params)
        residents = ("ISSUE_PROMISED", params) if d["kind"] == "promised" and promised else None
        self._news(item, "task.property_updated", residents=residents, assignee=team, team=team)

    def _resolved(self, item: Item) -> None:
        if self.thread.title:
            params = {"note": item.data["note"]}
            self._news(item, "task.resolved", residents=("ISSUE_RESOLVED", params), team=("LEAD_RESOLVED", params))

    def _rejected(self, item: Item) -> None:
        if self.thread.title:
            self._news(item, "issue.rejected", residents=("ISSUE_REJECTED", {"reason": item.data["reason"]}))

    def _merged(self, item: Item) -> None:
        d = item.data
        self._news(item, "issue.merged", residents=("ISSUE_MERGED", {"number": d["number"], "title": d["title"]}),
                   carried=[Person(**p) for p in d["carried"]])

    def _reopened(self, item: Item) -> None:
        d, th = item.data, self.thread
        if not th.title:
            return
        self._news(item, "issue.reopened", assignee=("TASK_REOPENED", {"reason": d["reason"]}),
                   team=("LEAD_REOPENED", {"reason": d["reason"], "count": str(d["count"])}))

    def _dissatisfied(self, item: Item) -> None:
        d = item.data
        if self.thread.title:
            self._news(item, "issue.rated", team=("LEAD_DISSATISFIED", {
                "solved": "已解决" if d["solved"] else "未解决", "comment": t.labelled("留言", d.get("comment"))}))

    # -- recipients --------------------------------------------------------------------------------
    def _news(self, item: Item, key: str, *, residents: Message | None = None, assignee: Message | None = None,
              team: Message | None = None, property: Message | None = None, assignee_id: str | None = None,
              besides: str | None = None, contacts: Sequence[str] = (), carried: Sequence[Person] | None = None,
              only_reporter: bool = False) -> None:
        rule = self.rules[key]
        for role in RECIPIENTS:
            channels = rule.channels(role)
            message = {"reporter": residents, "supporters": residents, "assignee": assignee, "lead": team,
                       "staff": team, "property": property}[role]
            if not channels or message is None or (only_reporter and role == "supporters"):
                continue
            mark = None if (role == "assignee" and assignee_id) else ONCE.get(role)
            if mark and mark in item.done:
                continue
            targets = self._targets(item, role, assignee_id=assignee_id, contacts=contacts, carried=carried,
                                    only_reporter=only_reporter)
            if targets is None:
                continue  # not known yet: a later plan sends it
            for target in targets:
                if target.user is None or target.user != besides:
                    self._send(item, target, channels, message)
            if mark:
                item.done.append(mark)
        if rule.group and residents and self.thread.estate and self.renderer.has_group(residents[0]):
            self._group(item, residents)

    def _targets(self, item: Item, role: str, *, assignee_id: str | None, contacts: Sequence[str],
                 carried: Sequence[Person] | None, only_reporter: bool) -> list[Target] | None:
        th = self.thread
        if role in ("reporter", "supporters"):
            people = carried if carried is not None else (
                [th.reporter] if only_reporter and th.reporter else [] if only_reporter else th.residents(item.at))
            reporter = th.reporter
            is_reporter = [p for p in people if reporter and (p.phone == reporter.phone or
                                                              (p.sub and p.sub == reporter.sub))]
            chosen = is_reporter if role == "reporter" else [p for p in people if p not in is_reporter]
            return [resident(role, p, p.phone_verified or p.phone in self.proven) for p in chosen]
        if role == "assignee":
            holder = assignee_id or (h.id if (h := th.holder_at(item.at)) else None)
            return [self._member(role, holder)] if holder else None
        if role == "lead":
            if not self.leads:
                self.waiting_for_lead = True
                return None
            return [self._member(role, lead) for lead in self.leads]
        if role == "staff":
            return [self._member(role, s) for s in self.staff]
        return [Target(role, c, None, c) for c in contacts]

    def _member(self, role: str, member_id: str) -> Target:
        return Target(role, member_id, self.phones.get(member_id), member_id)

    def _params(self, own: dict[str, str]) -> dict[str, str]:
        th = self.thread
        return {"title": th.title or "", "number": th.number or "—", "place": th.place or "", "link": self.link,
                **own}

    def _send(self, item: Item, target: Target, wanted: Sequence[str], message: Message) -> None:
        pref = self.prefs.get(target.sub) if target.sub else None
        channels, refused = choose(wanted, target.reachable, pref)
        if pref is not None and self.thread.id in pref.muted:
            channels, refused = channels or [c for c in wanted if c in target.reachable][:1], "muted"
        elif refused:
            channels = [c for c in wanted if c in target.reachable][:1]
        for channel in channels:
            rendered = Lazy(self.renderer, message[0], channel, self._params(message[1]))
            unproven = channel == "sms" and not target.proven
            self.out.append(Outgoing(
                event_id=item.event_id, correlationid=item.correlationid, channel=channel,
                to=target.phone if channel == "sms" else target.user, to_sub=target.sub, message=rendered,
                community=self.thread.community, issue_id=self.thread.id,
                deep_link=self.link, muted=refused or ("unverified" if unproven else None),
                urgent=self.thread.priority == "urgent"))

    def _group(self, item: Item, message: Message) -> None:
        th = self.thread
        rendered = self.renderer.render(message[0], "group", self._params(message[1]))
        self.out.append(Outgoing(event_id=item.event_id, correlationid=item.correlationid, channel="group",
                                 to=f"estate:{th.estate}", to_sub=None, message=rendered, community=th.community,
                                 issue_id=th.id, deep_link=self.link, urgent=th.priority == "urgent",
                                 estate=th.estate))


def plan(thread: Thread, *, leads: Sequence[str], public_url: str, **context) -> list[Outgoing]:
    """The messages ``thread`` calls for now, given the community's ``leads`` (and its rules,
    wording, staff, people's preferences and known phones)."""
    return Planner(thread, leads=leads, public_url=public_url, **context).plan()


KIND_RULES = {"received": ("issue.submitted",), "unrouted": ("task.unrouted",),
              "assigned": ("task.assigned", "task.reassigned"),
              "declined": ("task.declined",), "progressed": ("task.progressed",),
              "handed": ("task.handed_to_property",), "property": ("task.property_updated",),
              "resolved": ("task.resolved",), "rejected": ("issue.rejected",), "merged": ("issue.merged",),
              "reopened": ("issue.reopened",), "dissatisfied": ("issue.rated",)}


def needs_leads(thread: Thread, rules: Table | None = None) -> bool:
    """Whether planning may address the lead(s) (so that the caller looks them up)."""
    table = rules or DEFAULTS
    return any("leads" not in i.done and any(table[k].channels("lead") for k in KIND_RULES[i.kind])
               for i in thread.items)
