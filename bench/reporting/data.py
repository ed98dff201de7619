"""A subdistrict-sized history written straight into reporting's database with bulk inserts: issue rows
as the fold leaves them, and archived events as the consumer keeps them (a subset: see __main__)."""

from __future__ import annotations

import random
import uuid
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from typing import Any

CATEGORIES = ["parking", "facilities", "cleaning", "greening", "security", "other"]
WEIGHTS = [30, 25, 20, 12, 8, 5]
SATISFACTION = ["satisfied", "basically_satisfied", "dissatisfied"]
SPOTS = [f"garage-{z}" for z in "abcd"] + ["gate-north", "gate-south", "lift-hall", "green-central"]


class World:
    """100 communities in 10 subdistricts, 3 estates, 10 members and one property company each."""

    def __init__(self, communities: int = 100, seed: int = 10) -> None:
        self.rng = random.Random(seed)
        self.communities = [f"c{n:03d}" for n in range(communities)]
        self.subdistrict = {c: f"sd{n // 10:02d}" for n, c in enumerate(self.communities)}
        self.now = datetime.now(UTC)

    def directory(self) -> list[dict[str, Any]]:
        return [{"_id": c, "community": c, "subdistrict": self.subdistrict[c], "name": f"社区{c}",
                 "version": self.now, "estates": [{"id": f"e{k}", "name": f"小区{c}-{k}"} for k in range(3)],
                 "property_companies": [{"id": f"{c}-wuye", "name": f"物业{c}", "estates": ["e0", "e1", "e2"]}]}
                for c in self.communities]

    def people(self) -> list[dict[str, Any]]:
        return [{"_id": f"{c}/{c}-m{j}", "id": f"{c}-m{j}", "name": f"队员{j}", "community": c,
                 "subdistrict": self.subdistrict[c], "at": self.now} for c in self.communities for j in range(10)]

    def story(self) -> dict[str, Any]:
        """One issue's life: when each step happened (None: it did not), over the last two years."""
        r = self.rng
        c = r.choice(self.communities)
        submitted = self.now - timedelta(seconds=r.random() ** 0.8 * 730 * 86400)
        urgent = r.random() < 0.1
        age = (self.now - submitted).total_seconds()
        s: dict[str, Any] = {"id": uuid.uuid4().hex, "community": c, "subdistrict": self.subdistrict[c],
                             "estate": f"e{r.randrange(3)}", "category": r.choices(CATEGORIES, WEIGHTS)[0],
                             "priority": "urgent" if urgent else "normal", "submitted": submitted,
                             "member": f"{c}-m{r.randrange(10)}", "reporter": f"r-{c}-{r.randrange(400)}",
                             "place": {"spot": r.choice(SPOTS)} if r.random() < 0.6 else
                             {"building": f"b{r.randrange(1, 21)}"}, "channel": r.choice(["web", "web", "sms", "team"])}
        limit = timedelta(hours=2 if urgent else 24)
        s["assigned"] = submitted + timedelta(minutes=r.uniform(0.1, 5))
        s["respond_by"] = submitted + limit
        s["responded"] = submitted + limit * r.uniform(0.05, 1.4) if r.random() < 0.97 else None
        s["handed"] = s["responded"] + timedelta(minutes=r.uniform(5, 60)) if s["responded"] and r.random() < 0.2 \
            else None
        s["property_done"] = s["handed"] + timedelta(hours=r.uniform(2, 72)) if s["handed"] and r.random() < 0.8 \
            else None
        done = s["responded"] + timedelta(hours=r.uniform(1, 120)) if s["responded"] else None
        s["resolved"] = done if done and (done - submitted).total_seconds() < age and r.random() < 0.92 else None
        s["rated"] = s["resolved"] + timedelta(hours=r.uniform(1, 48)) if s["resolved"] and r.random() < 0.6 else None
        s["solved"] = r.random() < 0.85
        s["satisfaction"] = r.choices(SATISFACTION, [70, 20, 10])[0]
        s["closed"] = s["rated"] + timedelta(hours=1) if s["rated"] else None
        s["supporters"] = [f"r-{c}-{r.randrange(400)}" for _ in range(r.choice([0, 0, 0, 1, 2]))]
        # what has not happened yet did not happen (a deadline may lie ahead)
        return {k: v for k, v in s.items()
                if v is not None and (k == "respond_by" or not (isinstance(v, datetime) and v > self.now))}


    def moved(self, s: dict[str, Any], n: int) -> dict[str, Any]:
        """A copy of the life ``s`` as issue ``n`` of another community (the same times and steps):
        much cheaper than a new life, so a million rows are written in minutes."""
        c = self.communities[n % len(self.communities)]
        old = s["community"]
        return s | {"id": f"{n:08x}{s['id'][8:]}", "community": c, "subdistrict": self.subdistrict[c],
                    "member": s["member"].replace(old, c, 1), "reporter": s["reporter"].replace(old, c, 1),
                    "supporters": [p.replace(old, c, 1) for p in s["supporters"]]}


def row(s: dict[str, Any]) -> dict[str, Any]:
    """The issue row the fold leaves for ``s`` (the fields the dashboard reads)."""
    status = ("closed" if "closed" in s else "resolved" if "resolved" in s else
              "handed_to_property" if "handed" in s and "property_done" not in s else
              "in_progress" if "responded" in s else "assigned")
    out = {"_id": s["id"], "community": s["community"], "subdistrict": s["subdistrict"], "estate": s["estate"],
           "category": s["category"], "priority": s["priority"], "submitted_at": s["submitted"], "status": status,
           "number": s["id"][:8], "title": f"{s['category']} 问题", "place": s["place"], "channel": s["channel"],
           "place_text": f"{s['estate']} {next(iter(s['place'].values()))}",
           "reporter": {"sub": s["reporter"], "name": "居**", "phone": "138****0000"},
           "supported_by": [{"sub": p, "name": "邻**", "phone": "139****0000"} for p in s["supporters"]],
           "assignee": s["member"], "assignee_name": "队员", "assigned_at": s.get("assigned"),
           "respond_by": s["respond_by"], "first_response_at": s.get("responded"),
           "resolved_at": s.get("resolved"), "resolved_by": s["member"] if "resolved" in s else None,
           "reopened": 0}
    if "handed" in s:
        out |= {"company": f"{s['community']}-wuye", "company_name": "物业", "handed_at": s["handed"],
                "ack_by": s["handed"] + timedelta(hours=24), "acknowledged_at": s.get("property_done"),
                "property_done_at": s.get("property_done"), "promises": []}
    if "rated" in s:
        out |= {"solved": s["solved"], "satisfaction": s["satisfaction"], "confirmed_at": s["rated"]}
    return out


def archived(s: dict[str, Any], at: datetime) -> Iterator[dict[str, Any]]:
    """The events of ``s`` as the archive keeps them (data as the broker delivered it: JSON)."""
    base = {"issue_id": s["id"], "community": s["community"]}
    member = {"id": s["member"], "name": "队员", "role": "member"}
    steps = [("issue.submitted", s["submitted"], {"subdistrict": s["subdistrict"], "estate": s["estate"],
              "category": s["category"], "priority": s["priority"], "submitted_at": s["submitted"].isoformat(),
              "place": s["place"], "channel": s["channel"], "number": s["id"][:8], "title": "问题",
              "reporter": {"sub": s["reporter"], "name": "居**", "phone": "138****0000"}}),
             ("task.assigned", s.get("assigned", s["submitted"]), {"assignee": member,
              "assigned_at": s.get("assigned", s["submitted"]).isoformat(), "respond_by": s["respond_by"].isoformat(),
              "subdistrict": s["subdistrict"], "estate": s["estate"]})]
    if "responded" in s:
        steps.append(("task.accepted", s["responded"], {"actor": member}))
    if "handed" in s:
        steps.append(("task.handed_to_property", s["handed"], {"company": {"id": f"{s['community']}-wuye",
                      "name": "物业"}, "ack_by": (s["handed"] + timedelta(hours=24)).isoformat()}))
    if "property_done" in s:
        steps.append(("task.property_updated", s["property_done"], {"company": {"id": f"{s['community']}-wuye",
                      "name": "物业"}, "kind": "done"}))
    if "resolved" in s:
        steps.append(("task.resolved", s["resolved"], {"actor": member}))
    if "rated" in s:
        steps.append(("issue.rated", s["rated"], {"solved": s["solved"], "satisfaction": s["satisfaction"]}))
    if "closed" in s:
        steps.append(("issue.closed", s["closed"], {"reason": "confirmed"}))
    for kind, when, data in steps:
        yield {"_id": uuid.uuid4().hex, "type": f"xiuhua.{kind}.v1", "time": when, "source": "/bench",
               "tenant": s["community"], "correlationid": s["id"], "subject": s["id"], "community": s["community"],
               "issue_id": s["id"], "data": base | data | {"at": when.isoformat()}, "archived_at": at}
