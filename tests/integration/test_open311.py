"""Open311 GeoReport v2: the fields the specification lists, in JSON and XML, with its error bodies."""

from __future__ import annotations

from xml.etree import ElementTree

import pytest

from tests.integration.test_intake_public import PERSONAL, SPOKEN
from tests.support.demo import report
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


async def test_input_refused_before_a_route_runs_is_answered_in_open311s_error_list(intake):
    for path, fmt in (("/open311/v2/services.txt", "json"), ("/open311/v2/services/" + "x" * 40 + ".xml", "xml")):
        r = await intake.client.get(path, params={"jurisdiction_id": "huayuan"})
        assert r.status_code == 422, r.text
        if fmt == "json":
            [body] = r.json()
            assert body["code"] == 422 and "fmt" in body["description"]
        else:
            root = ElementTree.fromstring(r.content)
            assert root.tag == "errors" and root.find("error/code").text == "422"
    elsewhere = await intake.client.post("/intake/v1/auth/code", json={})  # the platform's own routes keep theirs
    assert elsewhere.status_code == 422 and elsewhere.json()["error"]["code"] == "invalid"


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
                                                                          "status": "open"})
    rows = listed.json()
    assert {issue_id, by_address["service_request_id"]} <= {row["service_request_id"] for row in rows}
    assert all(set(row) == REQUEST_FIELDS for row in rows)
    assert "13800001234" not in listed.text and "刘" not in listed.text
    one = await intake.client.get(f"/open311/v2/requests/{issue_id}.xml", params={"jurisdiction_id": "huayuan"})
    root = ElementTree.fromstring(one.content)
    assert root.tag == "service_requests" and root.find("request/service_request_id").text == issue_id
    assert root.find("request/status").text == "open" and root.find("request/address").text == "春澜璟园 地下车库B区"
    closed = await intake.client.get("/open311/v2/requests.json", params={"jurisdiction_id": "huayuan",
                                                                          "status": "closed"})
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


async def test_every_read_answers_without_an_api_key_as_the_specification_says(intake):
    """GeoReport v2: GET services, a service definition, requests and a request need no api_key."""
    [filed] = (await file(intake)).json()
    issue_id, where = filed["service_request_id"], {"jurisdiction_id": "huayuan"}
    for fmt in ("json", "xml"):
        for path, root in (("services", "services"), ("services/parking", "service_definition"),
                           ("requests", "service_requests"), (f"requests/{issue_id}", "service_requests")):
            r = await intake.client.get(f"/open311/v2/{path}.{fmt}", params=where)
            assert r.status_code == 200, (path, fmt, r.text)
            if fmt == "xml":
                assert ElementTree.fromstring(r.content).tag == root
    found = (await intake.client.get("/open311/v2/requests.json", params=where | {
        "service_request_id": issue_id, "service_code": "cleaning"})).json()  # the id overrides the rest
    assert [row["service_request_id"] for row in found] == [issue_id]
    other = await intake.client.get("/open311/v2/requests.json", params=where | {"service_code": "cleaning"})
    assert other.json() == []
    window = {"start_date": "2020-01-01T00:00:00+08:00", "end_date": "2020-02-01T00:00:00+08:00"}
    assert (await intake.client.get("/open311/v2/requests.json", params=where | window)).json() == []
    missing = await intake.client.get("/open311/v2/requests/0123abcd.xml", params=where)
    root = ElementTree.fromstring(missing.content)
    assert missing.status_code == 404 and root.tag == "errors" and root.find("error/code").text == "404"
    bad = await intake.client.get("/open311/v2/requests.json", params=where | {"status": "done"})
    assert bad.status_code == 400 and bad.json()[0]["code"] == 400


async def test_filing_still_needs_the_key_and_is_told_so_in_open311s_shape(intake):
    for fmt in ("json", "xml"):
        r = await file(intake, fmt, api_key=None)
        assert r.status_code == 400
        body = r.json()[0] if fmt == "json" else {e.tag: e.text for e in ElementTree.fromstring(r.content)[0]}
        assert str(body["code"]) == "400" and body["description"] == "api_key is required"
    assert await intake.runtime.db.issues.count_documents({}) == 0


async def test_a_request_as_read_carries_none_of_the_residents_words(intake):
    """Reads show what the public board shows: the title, description and place detail hold a name and
    a phone, and none of them comes out, in JSON or XML, by list or by id."""
    r = await intake.client.post("/intake/v1/issues", headers=token("resident", estate="chunlan", sub="r-wang"),
                                 json=report(category="保洁", **SPOKEN))
    assert r.status_code == 201, r.text
    by_address = (await file(intake, **{"attribute[spot]": None, "service_code": "cleaning",
                                        "address_string": "王建国家13912345678门口",
                                        "description": "王建国 13912345678 门口放了鞋柜"})).json()[0]
    where = {"jurisdiction_id": "huayuan"}
    reads = [await intake.client.get(f"/open311/v2/requests.{fmt}", params=where) for fmt in ("json", "xml")]
    reads += [await intake.client.get(f"/open311/v2/requests/{i}.{fmt}", params=where)
              for i in (r.json()["id"], by_address["service_request_id"]) for fmt in ("json", "xml")]
    for read in reads:
        assert read.status_code == 200, read.text
        for personal in PERSONAL + ("刘", "13800001234"):
            assert personal not in read.text, (personal, read.text)
    rows = {row["service_request_id"]: row for row in reads[0].json()}
    mine = rows[r.json()["id"]]
    assert (mine["address"], mine["description"]) == ("春澜璟园 3幢 2单元", "保洁 · 3幢 2单元")
    assert rows[by_address["service_request_id"]]["address"] == "春澜璟园"  # no catalogued place was named
    assert all(row["media_url"] is None for row in rows.values())
