"""Open311 GeoReport v2: the fields the specification lists, in JSON and XML, with its error bodies."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from tests.support.services import token

KEY = token("gateway", None, sub="gw-12345", name="12345热线")["Authorization"].removeprefix("Bearer ")
# GeoReport v2, GET Service Requests: the fields of a request
REQUEST_FIELDS = {"service_request_id", "status", "status_notes", "service_name", "service_code", "description",
                  "agency_responsible", "service_notice", "requested_datetime", "updated_datetime",
                  "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"}
SERVICE_FIELDS = {"service_code", "service_name", "description", "metadata", "type", "keywords", "group"}
ATTRIBUTE_FIELDS = {"variable", "code", "datatype", "required", "datatype_description", "order", "description"}


@pytest.fixture
async def intake(intake_with_community):
    return intake_with_community


async def file(svc, fmt="json", **form):
    body = {"api_key": KEY, "jurisdiction_id": "huayuan", "service_code": "parking",
            "attribute[estate]": "chunlan", "attribute[spot]": "chunlan/garage-b",
            "description": "地下车库B区一排灯不亮，晚上很暗", "first_name": "女士", "last_name": "刘",
            "phone": "13800001234"} | form
    return await svc.client.post(f"/open311/v2/requests.{fmt}", data={k: v for k, v in body.items() if v is not None})


async def test_discovery_services_and_definitions_in_both_formats(intake):
    discovery = (await intake.client.get("/open311/v2/discovery.json")).json()
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    services = (await intake.client.get("/open311/v2/services.json", params={"jurisdiction_id": "huayuan"})).json()
    assert {s["service_code"] for s in services} >= {"parking", "cleaning"}
    assert all(set(s) == SERVICE_FIELDS for s in services)
    xml = await intake.client.get("/open311/v2/services.xml", params={"jurisdiction_id": "huayuan"})
    root = ElementTree.fromstring(xml.content)
    assert xml.headers["content-type"].startswith("text/xml") and root.tag == "services"
    assert root.find("service/service_name").text == "保洁"
    definition = (await intake.client.get("/open311/v2/services/parking.json",
                                          params={"jurisdiction_id": "huayuan"})).json()
    attributes = {a["code"]: a for a in definition["attributes"]}
    assert set(attributes) == {"estate", "spot", "building", "unit"}
    assert all(ATTRIBUTE_FIELDS <= set(a) for a in attributes.values())
    assert {"key": "chunlan/garage-b", "name": "春澜璟园 地下车库B区"} in attributes["spot"]["values"]


async def test_a_city_system_files_a_request_and_reads_it_back_without_names_or_phones(intake):
    r = await file(intake)
    assert r.status_code == 200, r.text
    [filed] = r.json()
    issue_id = filed["service_request_id"]
    issue = await intake.runtime.db.issues.find_one({"_id": issue_id})
    assert issue["place"]["spot"] == "garage-b" and issue["channel"] == "app" and issue["reporter"]["name"] == "刘女士"
    by_address = (await file(intake, **{"attribute[spot]": None, "address_string": "3幢2单元门口",
                                        "service_code": "cleaning", "description": "楼道堆满垃圾"})).json()[0]
    assert (await intake.runtime.db.issues.find_one({"_id": by_address["service_request_id"]}))["place"] == \
        {"building": "b3", "unit": 2, "spot": None, "detail": None}
    listed = await intake.client.get("/open311/v2/requests.json", params={"jurisdiction_id": "huayuan",
                                                                          "api_key": KEY, "status": "open"})
    rows = listed.json()
    assert {issue_id, by_address["service_request_id"]} <= {row["service_request_id"] for row in rows}
    assert all(set(row) == REQUEST_FIELDS for row in rows)
    assert "13800001234" not in listed.text and "刘" not in listed.text
    one = await intake.client.get(f"/open311/v2/requests/{issue_id}.xml", params={"jurisdiction_id": "huayuan",
                                                                                 "api_key": KEY})
    root = ElementTree.fromstring(one.content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == issue_id
    assert root.find("request/status").text == "open" and root.find("request/address").text == "春澜璟园 地下车库B区"
    closed = await intake.client.get("/open311/v2/requests.json", params={"jurisdiction_id": "huayuan",
                                                                          "api_key": KEY, "status": "closed"})
    assert closed.json() == []


async def test_open311_errors_in_its_own_shape(intake):
    async def refused(response, status):
        assert response.status_code == status, response.text
        [body] = response.json()
        assert body["code"] == status and body["description"]

    await refused(await file(intake, api_key=None), 400)
    await refused(await file(intake, api_key=token("resident", estate="chunlan", sub="r")["Authorization"][7:]), 403)
    other = token("gateway", None, subdistrict="elsewhere", sub="gw-x")["Authorization"][7:]
    await refused(await file(intake, api_key=other), 403)
    await refused(await file(intake, **{"attribute[spot]": None}), 400)  # no location at all
    await refused(await file(intake, phone="12345"), 400)
    await refused(await file(intake, service_code="cooking"), 400)
    await refused(await intake.client.get("/open311/v2/services.json"), 400)
    await refused(await intake.client.get("/open311/v2/services.json", params={"jurisdiction_id": "nowhere"}), 404)
    await refused(await intake.client.get("/open311/v2/tokens/abc.json"), 404)
    xml = await file(intake, "xml", api_key=None)
    root = ElementTree.fromstring(xml.content)
    assert root.tag == "errors" and root.find("error/code").text == "400"
    assert await intake.runtime.db.issues.count_documents({}) == 0
