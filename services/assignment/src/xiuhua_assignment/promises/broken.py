"""A property company's promise past due: when the promised day ends and the work is not reported
done, the promise is marked broken (it counts against the company, apart from the volunteer's own
time) and the member and the company's contacts are reminded."""

from __future__ import annotations

from xiuhua_assignment import events
from xiuhua_assignment.adapters.mongo import TASKS
from xiuhua_events import Transaction, clock, new_event
from xiuhua_events.timers import Timer


async def promise_due(tx: Transaction, timer: Timer) -> None:
    task = await tx.db[TASKS].find_one({"_id": timer.data["issue_id"]}, session=tx.session)
    handed = (task or {}).get("property") or {}
    if task is None or task["status"] != "with_property" or handed.get("done_at") or not handed.get("promises"):
        return
    latest = len(handed["promises"]) - 1
    promise = handed["promises"][latest]
    if promise["date"] != timer.data["date"] or promise.get("broken_at"):
        return  # promised again meanwhile: the new date has its own timer
    now = clock.now()
    await tx.db[TASKS].update_one({"_id": task["_id"]}, {"$set": {f"property.promises.{latest}.broken_at": now}},
                                  session=tx.session)
    assignee = events.Assignee(**task["assignee"]) if task.get("assignee") else None
    tx.emit(new_event(
        type=events.TASK_PROMISE_BROKEN, source=events.SOURCE, tenant=task["community"], subject=task["_id"],
        data=events.TaskPromiseBroken(
            issue_id=task["_id"], community=task["community"], title=task["title"],
            company=events.Company(**handed["company"]), contacts=handed.get("contacts", []),
            promised_date=promise["date"], assignee=assignee, at=now)))
