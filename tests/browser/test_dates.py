"""Every time and day a page shows is Asia/Shanghai's, whatever zone the phone or desk is set to:
web/app/format.js, evaluated in the browser with its clock pinned."""

from __future__ import annotations

from tests.browser.conftest import _base


async def test_a_utc_timestamp_reads_as_the_shanghai_day_and_time_in_a_browser_set_to_utc(browser, stack):
    context = await browser.new_context(locale="zh-CN", timezone_id="UTC", base_url=_base(browser))
    page = await context.new_page()
    await page.clock.set_fixed_time("2026-12-04T16:30:00Z")  # 00:30 on 5 December in Shanghai
    await page.goto("/#/login")
    await page.get_by_label("手机号").wait_for()
    shown = await page.evaluate("""async () => {
        const f = await import('/app/format.js');
        return { evening: f.when('2026-12-04T15:30:00Z'), morning: f.when('2026-12-04T21:02:00Z'),
                 short: f.whenShort('2026-12-04T21:02:00Z'), today: f.today(), in3: f.today(3),
                 local: new Date('2026-12-04T21:02:00Z').getDate() };
    }""")
    await page.clock.set_fixed_time("2026-11-30T16:30:00Z")  # 00:30 on 1 December in Shanghai, still November in UTC
    month = await page.evaluate("async () => { const f = await import('/app/format.js'); "
                                "return { today: f.today(), month: f.months().thisMonth }; }")
    await context.close()
    assert shown["local"] == 4  # the browser's own zone (UTC) would say the 4th
    assert shown["evening"] == "2026/12/04 23:30"  # 15:30Z is 23:30 the same day in Shanghai
    assert shown["morning"] == "2026/12/05 05:02"  # 21:02Z is 05:02 the next day: the 5th, not the 4th
    assert shown["short"] == "12/5 05:02"
    assert (shown["today"], shown["in3"]) == ("2026-12-05", "2026-12-08")  # a date picker's today and its default
    assert month == {"today": "2026-12-01", "month": {"from": "2026-12-01", "to": "2027-01-01", "label": "本月"}}
