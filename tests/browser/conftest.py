"""The pages in a real browser: Debian's Chromium driven by Playwright, against the same platform the
e2e tier starts (four services, the development SMS inbox, nginx serving web/). People log in as
everyone does, with the code the inbox shows. Every page is watched: a console error or a request
that leaves 127.0.0.1 fails the test. Screenshots at 360 and 1280 px go to .data/test/screenshots,
and the time each main page takes to become usable to .data/test/screenshots/timings.json."""

from __future__ import annotations

import json
import random
import re
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest
from playwright.async_api import Browser, ConsoleMessage, Page, Request, async_playwright

from tests.e2e.conftest import GATEWAY_PORT, stack  # noqa: F401  (the whole platform, shared with the e2e tier)
from tests.support.servers import eventually
from tests.support.services import token

ROOT = Path(__file__).resolve().parents[2]
SHOTS = ROOT / ".data" / "test" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
WIDTHS = {"phone": (360, 740), "desktop": (1280, 800)}
TIMINGS: dict[str, float] = {}


@dataclass
class Person:
    name: str
    phone: str
    problems: list[str] = field(default_factory=list)


@dataclass
class Community:
    id: str
    estate: str
    estate_name: str
    lead: Person
    member: Person
    staff: Person
    property: Person
    member_id: str


@pytest.fixture(scope="session")
async def browser() -> AsyncIterator[Browser]:
    SHOTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as p:
        chromium = await p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"])
        yield chromium
        await chromium.close()
    (SHOTS / "timings.json").write_text(json.dumps(TIMINGS, ensure_ascii=False, indent=2) + "\n")


def new_phone() -> str:
    return f"176{random.randrange(10**8):08d}"


@pytest.fixture
async def community(stack) -> Community:  # noqa: F811
    """A community of its own for each test, onboarded through the APIs by the subdistrict's admin."""
    suffix = f"{random.randrange(16**6):06x}"
    cid, estate, estate_name = f"web{suffix}", f"wj{suffix}", f"望江苑{suffix[:3]}"
    lead, member, staff, wuye = (Person(n, new_phone()) for n in ("陈队长", "李明", "林芳", "王经理"))
    admin = token("admin", None)
    client = stack.client
    r = await client.put(f"/intake/v1/communities/{cid}", headers=admin, json={
        "name": f"望江社区{suffix[:3]}", "subdistrict": "lizhou", "subdistrict_name": "梨洲街道",
        "estates": [{"id": estate, "name": estate_name, "households": 600,
                     "buildings": [{"id": f"b{n}", "name": f"{n}幢", "units": 2} for n in range(1, 7)],
                     "spots": [{"id": "garage-b", "name": "地下车库B区", "kind": "garage"},
                               {"id": "gate-north", "name": "北门", "kind": "gate"}]}],
        "staff": [{"id": f"{cid}-lin", "name": staff.name, "phone": staff.phone}],
        "property_companies": [{"id": f"{cid}-wuye", "name": "望江物业", "estates": [estate], "contacts": [
            {"id": f"{cid}-wang", "name": wuye.name, "phone": wuye.phone}]}]})
    assert r.status_code == 200, r.text
    r = await client.put(f"/assignment/v1/teams/{cid}", headers=admin, json={"name": "望江自治服务队",
                                                                             "subdistrict": "lizhou"})
    assert r.status_code == 200, r.text
    for member_id, person, role, areas in ((f"{cid}-chen", lead, "lead", []),
                                           (f"{cid}-li", member, "member", ["parking", "facilities"])):
        r = await client.put(f"/assignment/v1/teams/{cid}/members/{member_id}", headers=admin,
                             json={"name": person.name, "phone": person.phone, "role": role, "areas": areas})
        assert r.status_code == 200, r.text
    return Community(cid, estate, estate_name, lead, member, staff, wuye, f"{cid}-li")


async def open_page(browser: Browser, person: Person, size: str = "phone") -> Page:
    """A fresh browser for ``person``: Chinese, Shanghai time, every problem noted on the person."""
    width, height = WIDTHS[size]
    context = await browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN",
                                        timezone_id="Asia/Shanghai", base_url=_base(browser))
    context.set_default_timeout(10_000)
    page = await context.new_page()

    def console(message: ConsoleMessage) -> None:
        if message.type == "error" and not _expected_refusal(message):
            person.problems.append(f"console: {message.text} ({message.location.get('url')})")

    def request(req: Request) -> None:
        if not req.url.startswith(("http://127.0.0.1:", "data:", "blob:")):
            person.problems.append(f"request left the machine: {req.url}")

    page.on("console", console)
    page.on("pageerror", lambda error: person.problems.append(f"page error: {error}"))
    page.on("request", request)
    return page


def _base(_: Browser) -> str:
    return f"http://127.0.0.1:{GATEWAY_PORT}"


def _expected_refusal(message: ConsoleMessage) -> bool:
    """The one refusal the pages expect: a new phone's first login asks which estate (409)."""
    return (message.text.startswith("Failed to load resource") and "409" in message.text
            and message.location.get("url", "").endswith("/intake/v1/auth/login"))


async def log_in(page: Page, stack, person: Person, estate_name: str | None = None) -> None:  # noqa: F811
    """手机号 + 验证码 on the login page, the code read off the development SMS inbox."""
    started = time.perf_counter()
    if "#/login" not in page.url:  # else: sent here by a link, which the page keeps as `next`
        await page.goto("/")
    await page.get_by_label("手机号").wait_for()
    TIMINGS.setdefault("login page, first visit (empty cache)", round(time.perf_counter() - started, 3))
    await page.get_by_label("手机号").fill(person.phone)
    asked = time.time()
    await page.get_by_role("button", name="获取验证码").click()
    await page.get_by_role("button", name=re.compile(r"\d+秒后重发")).wait_for()

    async def code() -> str | None:
        body = (await stack.client.get("/dev/sms/messages", params={"phone": person.phone, "limit": 20})).json()
        for message in body["items"]:  # newest first
            if message.get("code") and _epoch(message["received_at"]) >= asked - 5:
                return message["code"]
        return None

    await page.get_by_label("验证码").fill(await eventually(code, timeout=10, interval=0.2))

    async def logged_in() -> bool:
        await page.get_by_role("button", name="登录").click()
        if estate_name and await page.get_by_text("选择您所在的小区").count():
            await page.get_by_text(estate_name).first.click()  # choosing it logs in: no second press
        try:
            await page.wait_for_url(re.compile(r"#/(?!login)"), timeout=2000)
            return True
        except Exception:
            return False  # the roster's news may not have reached intake yet: the code stays valid

    await eventually(logged_in, timeout=15, interval=0.5)


def _epoch(text: str) -> float:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).timestamp()


async def usable(page: Page, path: str, ready: str, name: str) -> None:
    """Load ``path`` afresh (the whole document, the browser's cache warm as for someone coming back)
    and wait until ``ready`` (a text) shows; the time it took is recorded."""
    await page.goto("about:blank")
    started = time.perf_counter()
    await page.goto(f"/#{path}")
    await page.get_by_text(ready).first.wait_for()
    TIMINGS[name] = round(time.perf_counter() - started, 3)


async def shots(page: Page, name: str) -> None:
    """The page as it is, on a phone and on a desktop."""
    for width, height in WIDTHS.values():
        await page.set_viewport_size({"width": width, "height": height})
        await page.wait_for_timeout(150)
        await page.screenshot(path=SHOTS / f"{name}-{width}.png", full_page=True)
    await page.set_viewport_size({"width": WIDTHS["phone"][0], "height": WIDTHS["phone"][1]})
