"""QR stickers: an A4 sheet per building or for the public spots, printed by the community's own staff."""

from __future__ import annotations

import io

import pytest
from pypdf import PdfReader

from tests.support.services import token

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
