"""Every way in, through the gateway as the outside world reaches it: an SMS, a group message, an
Open311 request from a city system, and a photo — each becomes a routed issue on the real servers."""

from __future__ import annotations

import asyncio
import io
from xml.etree import ElementTree

from georeport import GeoReport
from PIL import Image

from tests.support.servers import eventually
from tests.support.services import token

GATEWAY = token("gateway", None, sub="gw-e2e", name="短信网关")
LEAD = token("lead", sub="hy-chen-liqun", name="陈立群")


async def assigned(client, issue_id: str) -> dict:
    async def done():
        body = (await client.get(f"/intake/v1/issues/{issue_id}", headers=LEAD)).json()
        return body if body["status"] == "assigned" else None

    return await eventually(done, timeout=10)


async def test_sms_and_group_messages_become_routed_issues(stack):
    client = stack.client
    first = await client.post("/intake/v1/inbound/sms", headers=GATEWAY | {"Idempotency-Key": "e2e-sms-1"},
                              json={"phone": "13700009901", "text": "3幢2单元电梯又坏了，老人下不了楼",
                                    "community": "huayuan", "estate": "chunlan"})
    assert first.status_code == 201, first.text
    issue = await assigned(client, first.json()["issue_id"])
    assert issue["category"] == "facilities" and issue["place_text"] == "春澜璟园 3幢 2单元"
    chat = await client.post("/intake/v1/inbound/chat", headers=GATEWAY | {"Idempotency-Key": "e2e-chat-1"},
                             json={"group": "wx-chunlan", "text": "北门晚上没有保安，陌生人随便进",
                                   "sender": {"name": "5幢王阿姨", "phone": "13700009902"},
                                   "community": "huayuan", "estate": "chunlan"})
    assert chat.status_code == 201 and chat.json()["reply"].startswith("已收到，编号")
    assert (await assigned(client, chat.json()["issue_id"]))["category"] == "security"


async def test_a_city_system_files_and_reads_through_open311(stack):
    client = stack.client
    key = GATEWAY["Authorization"].removeprefix("Bearer ")
    r = await client.post("/open311/v2/requests.json", data={
        "api_key": key, "jurisdiction_id": "huayuan", "service_code": "greening", "attribute[estate]": "chunlan",
        "address_string": "中心绿地", "description": "大风吹倒一棵树挡住了路", "phone": "13700009903"})
    assert r.status_code == 200, r.text
    request_id = r.json()[0]["service_request_id"]
    await assigned(client, request_id)
    xml = await client.get(f"/open311/v2/requests/{request_id}.xml", params={"jurisdiction_id": "huayuan"})
    root = ElementTree.fromstring(xml.content)
    assert root.find("request/status").text == "open" and root.find("request/address").text == "春澜璟园 中心绿地"

    # A published Open311 client reads it all without a key, in both formats; a blocking client, so off the
    # event loop the services run on.
    for fmt in ("json", "xml"):
        reader = GeoReport(f"{client.base_url}/open311/v2", jurisdiction="huayuan", output_format=fmt)
        services = await asyncio.to_thread(reader.get_service_list)
        assert "greening" in {s["service_code"] for s in services}
        definition = await asyncio.to_thread(reader.get_service_definition, "greening")
        assert definition["service_code"] == "greening"
        listed = await asyncio.to_thread(reader.get_service_requests, service_code="greening", status="open")
        listed = listed if isinstance(listed, list) else [listed]  # xmltodict gives one request as a dict
        assert request_id in {r["service_request_id"] for r in listed}
        one = await asyncio.to_thread(reader.get_service_request, request_id)
        assert (one["status"], one["address"]) == ("open", "春澜璟园 中心绿地")
        assert "13700009903" not in str(listed) + str(one) and "挡住了路" not in str(one)


async def test_a_photo_goes_up_through_the_gateway_and_comes_back_clean(stack):
    client = stack.client
    resident = token("resident", estate="chunlan", sub="r-e2e-photo", name="孙女士")
    out = io.BytesIO()
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"
    Image.new("RGB", (3000, 2000), (90, 90, 200)).save(out, format="JPEG", exif=exif, quality=95)
    r = await client.post("/intake/v1/photos", files={"file": ("IMG.jpg", out.getvalue(), "image/jpeg")},
                          headers=resident)
    assert r.status_code == 201, r.text
    back = await client.get(r.json()["url"], headers=resident)
    assert back.status_code == 200 and b"PhoneMaker" not in back.content
    assert Image.open(io.BytesIO(back.content)).size == (2048, 1365)
