"""Login codes: one SMS event carries the code to the gateway; nothing notification keeps or says
(its database, its API answers, its logs) contains the code."""

from __future__ import annotations

import json
import logging
import random
from datetime import UTC, datetime

import pytest

from tests.integration.test_notification import SMS, body, handled, hearing, notification_service
from tests.support.broker import publish
from tests.support.servers import eventually
from tests.support.services import token
from xiuhua_events import new_event


@pytest.fixture
async def notification():
    async with notification_service() as svc:
        yield svc


def code_issued(phone: str, code: str):
    return new_event(type="xiuhua.auth.code_issued.v1", source="/xiuhua/intake", tenant="platform",
                     data={"phone": phone, "code": code, "ttl_minutes": 5, "at": datetime.now(UTC).isoformat()})


async def everything_stored(db) -> str:
    """Every document of every collection of the service's database, as one text."""
    dump = []
    for name in await db.list_collection_names():
        dump += [json.dumps(d, default=str, ensure_ascii=False) async for d in db[name].find()]
    return "\n".join(dump)


async def test_a_login_code_is_sent_once_and_kept_nowhere(notification, caplog):
    caplog.set_level(logging.INFO)  # the services' default LOG_LEVEL
    phone, code = f"177{random.randrange(10**8):08d}", f"{random.randrange(10**6):06d}"
    event = code_issued(phone, code)
    async with hearing(notification) as probe:
        await publish(event, times=2)  # redelivered: still one SMS
        [sms] = await probe.wait_for(SMS, phone=phone)
        await eventually(lambda: any(o == (event.type, "duplicate") for o in notification.outcomes))
        await handled(notification, event)
    data = body(sms)
    assert (data["template_id"], data["params"]) == ("LOGIN_CODE", {"code": code})
    assert data["text"] == f"【绣花】验证码{code}，5分钟内有效。如非本人操作请忽略。"
    assert sms.headers["ce-tenant"] == "platform" and len(probe.of_type(SMS, phone=phone)) == 1

    db = notification.runtime.db
    await eventually(lambda: _gone(db.outbox, sms.headers["ce-id"]))  # the sensitive outbox record is deleted
    [kept] = [d async for d in db.messages.find({"to": phone})]
    assert kept["text"] == "【绣花】验证码******，5分钟内有效。如非本人操作请忽略。" and kept["params"] == {}
    assert code not in await everything_stored(db)

    answered = await notification.client.post("/notification/v1/receipts", headers=token("gateway", None),
                                              json={"out_id": data["out_id"], "status": "delivered"})
    assert answered.status_code == 200 and code not in answered.text and "******" in answered.json()["text"]
    admin = await notification.client.get("/notification/v1/messages?community=platform",
                                          headers=token("admin", None))
    assert code not in admin.text
    mine = await notification.client.get("/notification/v1/messages/mine",
                                         headers=token("resident", "huayuan", sub=phone))
    assert mine.json()["items"] == []
    assert not logged(caplog, code)


async def test_a_malformed_code_event_is_dead_lettered_without_its_code_in_the_log(notification, caplog):
    caplog.set_level(logging.INFO)
    code = f"{random.randrange(10**6):06d}"
    broken = new_event(type="xiuhua.auth.code_issued.v1", source="/xiuhua/intake", tenant="platform",
                       data={"code": code, "telephone": "17700000000"})
    await publish(broken)
    await eventually(lambda: (broken.type, "dead_lettered") in notification.outcomes)
    assert "dead-lettering" in caplog.text and not logged(caplog, code)


def logged(caplog, secret: str) -> list[str]:
    """The loggers whose records show ``secret``."""
    return sorted({r.name for r in caplog.records if secret in r.getMessage()})


async def _gone(outbox, event_id: str) -> bool:
    return await outbox.count_documents({"_id": event_id}) == 0
