"""Posting an estate's owners'-group messages through its robot: a durable timer per robot
(``robot-flush:<community>:<estate>``) set when a group message is logged. Each firing posts the
waiting messages one by one, within 20 posts a minute; the minute's last post carries all that still
wait (as many as fit 4,096 bytes), the rest wait for the next minute; 45009 backs off a
minute; 93000 disables the robot and tells the community's staff. Posts carry only the group
wording (no names, no phone numbers). WeCom keeps no idempotency key: a post whose transaction
fails to commit after WeCom took it may be posted again."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import httpx

from xiuhua_events import Timer, Transaction, clock
from xiuhua_notification.collections import MESSAGES, ROBOTS
from xiuhua_notification.messages import log
from xiuhua_notification.messages.outgoing import Outgoing
from xiuhua_notification.people.directory import staff_of
from xiuhua_notification.robots import bots, model
from xiuhua_notification.robots.store import robot_id
from xiuhua_notification.robots.wake import later
from xiuhua_notification.templates.domain import Rendered

MAX_POSTS = 20  # posts one firing makes at most (then it sets itself again)


async def flush(*, tx: Transaction, timer: Timer, client: httpx.AsyncClient) -> int:
    """Post what waits for the robot; how many messages went out."""
    community, estate = timer.data["community"], timer.data["estate"]
    robot = await tx.db[ROBOTS].find_one({"_id": robot_id(community, estate)}, session=tx.session)
    if robot is None or not robot["enabled"]:
        return 0
    now, posted = clock.now(), 0
    if robot.get("backoff_until") and robot["backoff_until"] > now:
        await later(tx, community, estate, robot["backoff_until"])
        return 0
    waiting = [d async for d in tx.db[MESSAGES].find(
        {"channel": "group", "community": community, "estate": estate, "status": "requested",
         "robot": {"$exists": False}}, session=tx.session).sort("created_at", 1).limit(200)]
    sent = [s for s in robot.get("sent", []) if s > now - model.MINUTE]
    for _ in range(MAX_POSTS):
        if not waiting:
            break
        slot = model.next_slot(sent, now)
        if slot is not None:
            await later(tx, community, estate, slot)
            break
        # one post each while the minute has room; the minute's last post carries all that still wait
        last = model.PER_MINUTE - len([s for s in sent if s > now - model.MINUTE]) <= 1
        text, taken = model.batch([d["text"] for d in (waiting if last else waiting[:1])])
        errcode, errmsg = await bots.post(client, robot, text)
        batch, waiting = waiting[:taken], waiting[taken:]
        if errcode == model.RATE_LIMITED:
            until = now + model.BACKOFF
            await tx.db[ROBOTS].update_one({"_id": robot["_id"]}, {"$set": {"backoff_until": until}},
                                           session=tx.session)
            await later(tx, community, estate, until)
            break
        sent.append(now)
        if errcode == model.INVALID_HOOK and robot.get("kind", "wecom") == "wecom":
            await _disable(tx, robot, errmsg, now)
            await _mark(tx, batch, "failed", now, error=(str(errcode), errmsg))
            break
        await _mark(tx, batch, "delivered" if errcode == 0 else "failed", now,
                    error=None if errcode == 0 else (str(errcode), errmsg))
        posted += taken if errcode == 0 else 0
    else:
        if waiting:
            await later(tx, community, estate, now)
    await tx.db[ROBOTS].update_one({"_id": robot["_id"]}, {"$set": {"sent": sent}}, session=tx.session)
    return posted


async def _mark(tx: Transaction, docs: list[dict[str, Any]], status: str, at: datetime,
                error: tuple[str, str] | None) -> None:
    fields: dict[str, Any] = {"status": status, "robot": "wecom", "updated_at": at}
    if error:
        fields |= {"error_code": error[0], "error_message": error[1]}
    await tx.db[MESSAGES].update_many({"_id": {"$in": [d["_id"] for d in docs]}}, {"$set": fields},
                                      session=tx.session)


async def _disable(tx: Transaction, robot: dict[str, Any], errmsg: str, at: datetime) -> None:
    """The webhook is gone (removed from the group, or the group dissolved): stop, tell staff."""
    await tx.db[ROBOTS].update_one({"_id": robot["_id"]}, {"$set": {
        "enabled": False, "disabled_reason": f"93000 {errmsg}".strip(), "updated_at": at}}, session=tx.session)
    text = f"小区{robot['estate']}的业主群机器人已失效（企业微信返回93000），群消息已暂停，请在通知设置中重新配置。"
    message = Rendered("ROBOT_DISABLED", {"estate": robot["estate"]}, text, "业主群机器人已失效")
    staff = await staff_of(tx, robot["community"])
    await log.send(tx, [Outgoing(event_id=f"robot-disabled:{robot['_id']}:{at.isoformat()}",
                                 correlationid=robot["_id"], channel="push", to=s["id"], to_sub=s["id"],
                                 message=message, community=robot["community"], deep_link="/#/notify")
                        for s in staff])

