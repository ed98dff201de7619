"""The evening progress post of each estate that has an owners'-group robot: a recurring durable
timer per estate (``daily-post:<community>:<estate>``), set when the robot is set, firing at the
configured time plus the estate's own minute, posting once a day (its ``out_id`` is the day's)."""

from __future__ import annotations

from datetime import time, timedelta

from xiuhua_events import Timer, Transaction, clock
from xiuhua_events.timers import schedule
from xiuhua_notification.adapters.mongo import COMMUNITIES, ROBOTS, THREADS
from xiuhua_notification.daily.summary import ZONE, next_post, summarize
from xiuhua_notification.domain.outgoing import Outgoing
from xiuhua_notification.messages import log
from xiuhua_notification.pace.policy import Pace
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
    if robot is None:
        return False  # the robot was removed: no more evening posts (setting one again restarts them)
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
    post = Outgoing(event_id=f"{timer.key}:{day.isoformat()}", correlationid=timer.key, channel="group",
                    to=f"estate:{estate}", to_sub=None, message=renderer.render(TEMPLATE, "group", params),
                    community=community, deep_link=params["link"], estate=estate)
    await log.send(tx, [post], pace=pace)
    await schedule(tx, key=timer.key, kind=DAILY, due_at=next_post(moment + timedelta(minutes=1), estate, at),
                   data={})
    return True
