"""The evening progress of each estate: a post to its owners' group where it has a robot, and an SMS
digest to the residents who subscribed (每日进展短信). A recurring durable timer per estate
(``daily-post:<community>:<estate>``), set when a robot is set or someone subscribes, firing at the
configured time plus the estate's own minute, once a day (each message's ``out_id`` is the day's)."""

from __future__ import annotations

from datetime import time, timedelta

from xiuhua_events import Timer, Transaction, clock
from xiuhua_events.timers import ensure, schedule
from xiuhua_notification.collections import COMMUNITIES, PEOPLE, ROBOTS, THREADS
from xiuhua_notification.daily.summary import ZONE, next_post, summarize
from xiuhua_notification.messages import log
from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.pace.policy import Pace
from xiuhua_notification.people import phones as logins
from xiuhua_notification.preferences.store import digest_subscribers
from xiuhua_notification.robots.store import robot_id
from xiuhua_notification.templates.store import renderer_for

DAILY = "daily-post"  # timer kind
TEMPLATE = "DAILY_PROGRESS"


def timer_key(community: str, estate: str) -> str:
    return f"{DAILY}:{community}:{estate}"


async def post_day(*, tx: Transaction, timer: Timer, at: time, pace: Pace, public_url: str) -> bool:
    """Post the estate's day to its owners' group and set tomorrow's; whether it posted."""
    _, community, estate = timer.key.split(":", 2)
    robot = await tx.db[ROBOTS].find_one({"_id": robot_id(community, estate)}, session=tx.session)
    subscribers = await digest_subscribers(tx, community, estate)
    if robot is None and not subscribers:
        return False  # nobody to tell: the job stops (a robot or a subscriber starts it again)
    moment = max(clock.now(), timer.due_at)
    day = moment.astimezone(ZONE).date()
    threads = [d async for d in tx.db[THREADS].find(
        {"community": community, "estate": estate},
        {"title": 1, "place": 1, "items.kind": 1, "items.at": 1, "items.data.note": 1, "supporters.since": 1},
        session=tx.session)]
    summary = summarize(threads, day)
    directory = await tx.db[COMMUNITIES].find_one({"_id": community}, {"estates": 1}, session=tx.session) or {}
    name = next((e["name"] for e in directory.get("estates", []) if e["id"] == estate), estate)
    renderer = await renderer_for(tx.db, community, session=tx.session)
    params = {"title": "", "number": "", "place": "", "link": f"{public_url}/#/board/{community}/{estate}",
              "estate": name, "new": str(summary.new), "done": str(summary.done), "ongoing": str(summary.ongoing),
              "highlights": summary.highlights or "（今日无新进展）"}
    event_id = f"{timer.key}:{day.isoformat()}"
    out = []
    if robot is not None:
        out.append(Outgoing(event_id=event_id, correlationid=timer.key, channel="group", to=f"estate:{estate}",
                            to_sub=None, message=renderer.render(TEMPLATE, "group", params), community=community,
                            deep_link=params["link"], estate=estate))
    if subscribers:
        sms = renderer.render(TEMPLATE, "sms", params)
        phones = await _phones(tx, community, subscribers)
        out += [Outgoing(event_id=event_id, correlationid=timer.key, channel="sms", to=phones[sub], to_sub=sub,
                         message=sms, community=community, deep_link=params["link"])
                for sub in subscribers if sub in phones]
    await log.send(tx, out, pace=pace)
    await schedule(tx, key=timer.key, kind=DAILY, due_at=next_post(moment + timedelta(minutes=1), estate, at),
                   data={})
    return True


async def _phones(tx: Transaction, community: str, subs: list[str]) -> dict[str, str]:
    """Each subscriber's own proven phone: the roster's or the directory's for the team, else the one
    they logged in with, else one a report of theirs proved theirs — never merely the phone a report
    gave (which may be anyone's)."""
    phones: dict[str, str] = {}
    cursor = tx.db[THREADS].find({"community": community, "$or": [
        {"reporter.sub": {"$in": subs}, "reporter.phone_verified": True},
        {"supporters": {"$elemMatch": {"sub": {"$in": subs}, "phone_verified": True}}}]},
        {"reporter": 1, "supporters": 1}, session=tx.session).sort("_id", 1)
    async for doc in cursor:
        for person in [doc.get("reporter") or {}, *(doc.get("supporters") or [])]:
            if person.get("sub") in subs and person.get("phone") and person.get("phone_verified"):
                phones[person["sub"]] = person["phone"]
    phones |= await logins.logged_in_with(tx, subs)
    directory = await tx.db[COMMUNITIES].find_one({"_id": community}, {"staff": 1}, session=tx.session) or {}
    phones |= {s["id"]: s["phone"] for s in directory.get("staff", []) if s["id"] in subs and s.get("phone")}
    async for doc in tx.db[PEOPLE].find({"_id": {"$in": subs}, "removed": False, "phone": {"$type": "string"}},
                                        {"phone": 1}, session=tx.session):
        phones[doc["_id"]] = doc["phone"]
    return phones


async def keep_posting(db, community: str, estate: str, at: time) -> None:
    """Make sure the estate's evening job is set (again, if it stopped for want of anyone to tell)."""
    await ensure(db, key=timer_key(community, estate), kind=DAILY, due_at=next_post(clock.now(), estate, at),
                 again=True)
