"""QR stickers: an A4 sheet per building or for the public spots, printed by the community's own staff."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.support.demo import load_community
from tests.support.services import running, settings_for, token
from xiuhua_intake.app import create_app
from xiuhua_intake.settings import IntakeSettings

STAFF = token("staff", sub="hy-staff-lin", name="林芳")
PATH = "/intake/v1/communities/huayuan/estates/chunlan/stickers.pdf"


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


def read(pdf: bytes) -> tuple[int, str]:
    reader = PdfReader(io.BytesIO(pdf))
    return len(reader.pages), "".join(page.extract_text() for page in reader.pages)


async def test_staff_print_a_sheet_for_the_public_spots_and_one_per_building(intake):
    spots = await intake.client.get(PATH, headers=STAFF)
    assert spots.status_code == 200, spots.text
    assert spots.headers["content-type"] == "application/pdf" and spots.content.startswith(b"%PDF")
    count, text = read(spots.content)
    assert count == 1 and "地下车库B区" in text and "扫码报事" in text  # nine spots on one sheet, in Chinese
    building = await intake.client.get(PATH, params={"building": "b3"}, headers=token("lead", sub="hy-chen-liqun"))
    assert building.status_code == 200 and "3幢3单元" in read(building.content)[1]
    admin = await intake.client.get(PATH, headers=token("admin", None))
    assert admin.status_code == 200


async def test_only_the_communitys_staff_lead_and_admins_print(intake):
    for who in (token("resident", estate="chunlan", sub="r-liu"), token("member", sub="hy-li-ming"),
                token("property", sub="cl-wuye-wang", company="chunlan-wuye"), token("staff", "other", sub="x")):
        assert (await intake.client.get(PATH, headers=who)).status_code == 403
    r = await intake.client.get(PATH, params={"building": "b99"}, headers=STAFF)
    assert r.status_code == 422 and r.json()["error"]["code"] == "unknown_building"
    r = await intake.client.get("/intake/v1/communities/huayuan/estates/nowhere/stickers.pdf", headers=STAFF)
    assert r.status_code == 404


async def test_the_sheet_says_which_address_its_codes_open_and_whether_a_phone_reaches_it(intake):
    sheet = await intake.client.get(PATH.removesuffix(".pdf"), headers=STAFF)
    assert sheet.status_code == 200, sheet.text
    body = sheet.json()
    assert body["address"] == "http://127.0.0.1:8080" and body["only_here"] is True  # `make run`'s own
    assert body["title"] == "春澜璟园 公共区域 扫码报事"
    assert all(s["link"].startswith("http://127.0.0.1:8080/#/report?") for s in body["stickers"])
    assert (await intake.client.get(PATH.removesuffix(".pdf"), headers=token("member", sub="hy-li-ming"))
            ).status_code == 403
    async with running(create_app, settings_for(IntakeSettings, public_url="http://192.168.1.20:8080")) as lan:
        await load_community(lan.client)
        body = (await lan.client.get(PATH.removesuffix(".pdf"), params={"building": "b3"}, headers=STAFF)).json()
    assert (body["address"], body["only_here"]) == ("http://192.168.1.20:8080", False)
    assert body["stickers"][0]["link"].startswith("http://192.168.1.20:8080/#/report?") and "building=b3" in \
        body["stickers"][0]["link"]
