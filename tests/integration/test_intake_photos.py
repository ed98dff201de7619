"""Photos on the real servers: GridFS, the tenant wall, the staff-only place, and nothing half-kept."""

from __future__ import annotations

import asyncio
import io

import pytest
from PIL import Image

from tests.support.demo import report
from tests.support.servers import eventually
from tests.support.services import token
from tests.unit.test_photos import camera_jpeg, png

LIU = token("resident", estate="chunlan", sub="r-liu", name="刘女士")
ZHANG = token("resident", estate="chunlan", sub="r-zhang", name="张先生")
STAFF = token("staff", sub="hy-staff-lin", name="林芳")
WANG = token("property", sub="cl-wuye-wang", company="chunlan-wuye")


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


async def upload(svc, data: bytes, headers=LIU, name="IMG_0001.HEIC"):
    return await svc.client.post("/intake/v1/photos", files={"file": (name, data, "image/heic")}, headers=headers)


async def test_a_resident_reports_with_a_photo_the_community_sees_without_its_metadata(intake):
    r = await upload(intake, camera_jpeg())  # a JPEG named .HEIC: the bytes decide
    assert r.status_code == 201, r.text
    photo = r.json()
    assert photo["url"] == f"/intake/v1/photos/{photo['id']}"
    # a draft is its sender's alone
    assert (await intake.client.get(photo["url"], headers=ZHANG)).status_code == 404
    issue = (await intake.client.post("/intake/v1/issues", json=report(photos=[photo["id"]]), headers=LIU)).json()
    assert issue["photos"] == [photo["url"]]
    shown = await intake.client.get(photo["url"], headers=ZHANG)  # a neighbour sees the report's photo
    assert shown.status_code == 200 and shown.headers["content-type"] == "image/jpeg"
    assert not Image.open(io.BytesIO(shown.content)).getexif()
    thumb = await intake.client.get(photo["url"], params={"size": "thumb"}, headers=LIU)
    assert max(Image.open(io.BytesIO(thumb.content)).size) == 320
    assert (await intake.client.get(photo["url"], headers=WANG)).status_code == 403  # not handed to the company
    assert (await intake.client.get(photo["url"], headers=token("resident", "other", sub="x"))).status_code == 403
    place = await intake.client.get(f"{photo['url']}/location", headers=STAFF)
    assert place.json()["latitude"] == 31.23
    assert (await intake.client.get(f"{photo['url']}/location", headers=LIU)).status_code == 403


async def test_a_photo_belongs_to_one_report_of_its_own_sender(intake):
    photo = (await upload(intake, camera_jpeg(gps=False))).json()
    theirs = await intake.client.post("/intake/v1/issues", json=report(photos=[photo["id"]]), headers=ZHANG)
    assert theirs.status_code == 422 and theirs.json()["error"]["code"] == "photo_unknown"
    first = await intake.client.post("/intake/v1/issues", json=report(photos=[photo["id"]]), headers=LIU)
    assert first.status_code == 201
    again = await intake.client.post("/intake/v1/issues", json=report(photos=[photo["id"]]), headers=LIU)
    assert again.status_code == 422
    url = await intake.client.post("/intake/v1/issues", json=report(photos=["https://x.example/a.jpg"]), headers=LIU)
    assert url.status_code == 422  # only gateways name pictures by URL
    four = await intake.client.post("/intake/v1/issues", json=report(photos=[photo["id"]] * 4), headers=LIU)
    assert four.status_code == 422  # at most three


async def test_what_is_not_a_photo_leaves_nothing_behind(intake):
    bad = await upload(intake, b"%PDF-1.7 this is no photo" * 100, name="photo.jpg")
    assert bad.status_code == 422 and bad.json()["error"]["code"] == "bad_photo"
    assert bad.json()["error"]["message"] == "文件不是可以识别的照片：只能上传 JPEG、PNG、WebP 或 HEIC 照片"
    just_over = await upload(intake, b"\xff\xd8" + b"0" * (8 * 1024 * 1024 + 100))
    assert just_over.status_code == 422 and "8MB" in just_over.json()["error"]["message"]
    huge = await upload(intake, b"\xff\xd8" + b"0" * (9 * 1024 * 1024))
    assert huge.status_code == 413  # refused before it is read
    as_json = await intake.client.post("/intake/v1/photos", json={"file": "x"}, headers=LIU)
    assert as_json.status_code == 415
    assert await intake.runtime.db["photos.files"].count_documents({}) == 0
    assert await intake.runtime.db["photos.chunks"].count_documents({}) == 0


async def test_a_members_note_shows_their_own_photos_on_the_timeline(intake):
    from tests.integration.test_intake_lifecycle import task_event
    from tests.support.broker import publish

    issue = (await intake.client.post("/intake/v1/issues", json=report(), headers=LIU)).json()
    member = token("member", sub="hy-li-ming", name="李明")
    mine = (await upload(intake, camera_jpeg(gps=False), headers=member)).json()
    someone_elses = (await upload(intake, camera_jpeg(gps=False), headers=LIU)).json()
    await publish(task_event("assigned", issue["id"]))
    await publish(task_event("progressed", issue["id"], note="已请物业检修", photos=[mine["id"]]))
    await publish(task_event("resolved", issue["id"], note="灯已修好", photos=[someone_elses["id"]],
                             assignee={"id": "hy-li-ming", "name": "李明"}))

    async def steps():
        items = (await intake.client.get(f"/intake/v1/issues/{issue['id']}/timeline", headers=LIU)).json()["items"]
        return items if any(i["kind"] == "resolved" for i in items) else None

    items = {i["kind"]: i for i in await eventually(steps)}
    assert items["progressed"]["details"]["photos"] == [mine["url"]]
    assert "photos" not in items["resolved"]["details"]  # not the actor's: left out
    assert (await intake.client.get(mine["url"], headers=ZHANG)).status_code == 200  # now the issue's


async def test_drafts_nobody_used_are_swept_and_the_sweep_sets_itself_again():
    from datetime import UTC, datetime, timedelta

    from bson import ObjectId

    from tests.support.services import running, settings_for
    from xiuhua_intake.app import create_app
    from xiuhua_intake.settings import IntakeSettings

    async with running(create_app, settings_for(IntakeSettings, timer_poll_seconds=0.1)) as svc:
        old, fresh = (await upload(svc, camera_jpeg(gps=False))).json(), (await upload(svc, camera_jpeg())).json()
        files = svc.runtime.db["photos.files"]
        await files.update_one({"_id": ObjectId(old["id"])},  # uploaded two days ago, never used
                               {"$set": {"metadata.uploaded_at": datetime.now(UTC) - timedelta(days=2)}})
        timers = svc.runtime.db["timers"]
        assert (await timers.find_one({"_id": "photos-sweep"}))["fired_at"] is None  # set when intake started
        await timers.update_one({"_id": "photos-sweep"}, {"$set": {"due_at": datetime.now(UTC)}})

        async def swept():
            return await files.count_documents({}) == 2  # the fresh photo and its thumbnail

        await eventually(swept, timeout=10)
        assert (await svc.client.get(fresh["url"], headers=LIU)).status_code == 200
        assert (await svc.client.get(old["url"], headers=LIU)).status_code == 404
        again = await timers.find_one({"_id": "photos-sweep"})
        assert again["fired_at"] is None and again["due_at"] > datetime.now(UTC) + timedelta(hours=5)


async def test_png_bombs_sent_at_once_are_refused_clearly_and_intake_carries_on(intake):
    """A 7,000 x 7,000 PNG of a few hundred KB would decode to ~200 MB, plus its copy: several at once
    would have killed intake at its 512 Mi. Each is refused from its header; a real photo goes through."""
    bomb = png(7000, 7000)
    senders = [token("resident", estate="chunlan", sub=f"r-bomb-{i}", name="某居民") for i in range(4)]
    *refused, fine = await asyncio.gather(*(upload(intake, bomb, headers=h, name="big.png") for h in senders),
                                          upload(intake, camera_jpeg(gps=False)))
    for r in refused:
        assert r.status_code == 422, r.text
        error = r.json()["error"]
        assert error["code"] == "photo_too_large"
        assert error["message"] == "照片尺寸过大（7000×7000 像素），最多 2600 万像素，请缩小后再上传"
    assert fine.status_code == 201, fine.text
    assert (await intake.client.get("/healthz")).status_code == 200
    assert await intake.runtime.db["photos.files"].count_documents({"metadata.owner": {"$regex": "^r-bomb"}}) == 0
    assert (await upload(intake, camera_jpeg(gps=False), headers=ZHANG)).status_code == 201  # still taking photos
