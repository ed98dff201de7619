"""Which messages a thread calls for now (pure). The recipient rules live here:

- residents (SMS): the reporter and every supporter who joined before the fact — they hear the
  same words; a merge is told to the people it carried over;
- the assignee (push): of a new assignment; of the property company's answers and of a reopen,
  whoever had the task then;
- the property company's contacts (push): what was handed to their company;
- the lead(s) of the community (push): a decline, a reopen, a dissatisfied return visit.

A part that lacks something (the reporter's contact, the title, the lead, who had the task) is
simply not planned yet and comes out of a later plan once the thread knows it. Planning again is
harmless: the message log skips what it already has (same ``out_id``). Parts addressed to "whoever
has the role" (leads, the assignee then) are marked done once sent, so that a lead appointed later
does not receive old news.
"""

from __future__ import annotations

from collections.abc import Sequence

from xiuhua_notification.domain import templates as t
from xiuhua_notification.domain.outgoing import Outgoing
from xiuhua_notification.domain.templates import Rendered
from xiuhua_notification.threads.model import Item, Person, Thread


class Planner:
    def __init__(self, thread: Thread, *, leads: Sequence[str], public_url: str) -> None:
        self.thread, self.leads = thread, list(leads)
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
        if th.reporter and th.title and th.number:
            self._sms(item, [th.reporter], t.ISSUE_RECEIVED.render(title=th.title, number=th.number))

    def _assigned(self, item: Item) -> None:
        d, th = item.data, self.thread
        if d["first"] and th.title:
            self._residents(item, t.ISSUE_ASSIGNED.render(title=th.title, assignee=d["assignee"]["name"]))
        if d["latest"]:
            place, title = th.place or "", th.title or ""
            message = (t.TASK_ASSIGNED.render(place=place, title=title) if d["first"] else
                       t.TASK_REASSIGNED.render(place=place, title=title, why=d.get("why") or "重新派单"))
            self._push(item, [d["assignee"]["id"]], message)

    def _declined(self, item: Item) -> None:
        d, th = item.data, self.thread
        if "leads" in item.done or not th.title:
            return
        to = th.rerouted_after(d["member"]["id"], item.at)
        if to is None and not item.settled:
            return  # the re-route made with the decline has not arrived yet
        params = {"member": d["member"]["name"], "title": th.title, "reason": d["reason"]}
        message = (t.LEAD_DECLINED.render(**params, to=to.name) if to else t.LEAD_DECLINED_UNROUTED.render(**params))
        self._leads(item, message, besides=d["member"]["id"])

    def _handed(self, item: Item) -> None:
        d, th = item.data, self.thread
        if not th.title:
            return
        if th.place is not None:
            self._push(item, d["contacts"], t.PROPERTY_HANDED.render(
                place=th.place, title=th.title, asked=d["asked"], due=t.day(d["due_date"])))
        self._residents(item, t.ISSUE_HANDED.render(title=th.title, company=d["company"]))

    def _property(self, item: Item) -> None:
        d, th = item.data, self.thread
        if not th.title:
            return
        promised = t.day(d["promised_date"]) if d.get("promised_date") else None
        if d["kind"] == "promised" and promised:
            self._residents(item, t.ISSUE_PROMISED.render(title=th.title, company=d["company"], date=promised))
        params = {"company": d["company"], "title": th.title, "note": t.labelled("说明", d.get("note"))}
        if d["kind"] == "promised":
            params["date"] = promised or "近日"
        self._assignee(item, t.PROPERTY_UPDATES[d["kind"]].render(**params))

    def _resolved(self, item: Item) -> None:
        if self.thread.title:
            self._residents(item, t.ISSUE_RESOLVED.render(title=self.thread.title, note=item.data["note"],
                                                          link=self.link))

    def _rejected(self, item: Item) -> None:
        if self.thread.title:
            self._residents(item, t.ISSUE_REJECTED.render(title=self.thread.title, reason=item.data["reason"]))

    def _merged(self, item: Item) -> None:
        d = item.data
        carried = [Person(**p) for p in d["carried"]]
        self._sms(item, carried, t.ISSUE_MERGED.render(number=d["number"], title=d["title"]))

    def _reopened(self, item: Item) -> None:
        d, th = item.data, self.thread
        if not th.title:
            return
        self._assignee(item, t.TASK_REOPENED.render(title=th.title, reason=d["reason"]))
        self._leads(item, t.LEAD_REOPENED.render(title=th.title, number=th.number or "—", count=str(d["count"]),
                                                 reason=d["reason"]))

    def _dissatisfied(self, item: Item) -> None:
        d, th = item.data, self.thread
        if th.title:
            self._leads(item, t.LEAD_DISSATISFIED.render(title=th.title, solved="已解决" if d["solved"] else "未解决",
                                                         comment=t.labelled("留言", d.get("comment"))))

    # -- recipients --------------------------------------------------------------------------------
    def _residents(self, item: Item, message: Rendered) -> None:
        self._sms(item, self.thread.residents(item.at), message)

    def _assignee(self, item: Item, message: Rendered) -> None:
        if "assignee" in item.done:
            return
        holder = self.thread.holder_at(item.at)
        if holder is not None:
            self._push(item, [holder.id], message)
            item.done.append("assignee")

    def _leads(self, item: Item, message: Rendered, *, besides: str | None = None) -> None:
        if "leads" in item.done:
            return
        if not self.leads:
            self.waiting_for_lead = True
            return
        self._push(item, [lead for lead in self.leads if lead != besides], message)
        item.done.append("leads")

    def _sms(self, item: Item, people: Sequence[Person], message: Rendered) -> None:
        for person in people:
            self.out.append(Outgoing(event_id=item.event_id, correlationid=item.correlationid, channel="sms",
                                     to=person.phone, to_sub=person.sub, message=message,
                                     community=self.thread.community, issue_id=self.thread.id, deep_link=self.link))

    def _push(self, item: Item, users: Sequence[str], message: Rendered) -> None:
        for user in users:
            self.out.append(Outgoing(event_id=item.event_id, correlationid=item.correlationid, channel="push",
                                     to=user, to_sub=user, message=message, community=self.thread.community,
                                     issue_id=self.thread.id, deep_link=self.link))


def plan(thread: Thread, *, leads: Sequence[str], public_url: str) -> list[Outgoing]:
    """The messages ``thread`` calls for now, given the community's ``leads``."""
    return Planner(thread, leads=leads, public_url=public_url).plan()


def needs_leads(thread: Thread) -> bool:
    """Whether planning may address the lead(s) (so that the caller looks them up)."""
    return any(i.kind in ("declined", "reopened", "dissatisfied") and "leads" not in i.done for i in thread.items)
