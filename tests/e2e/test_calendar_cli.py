"""`xiuhua calendar load` through the gateway: the admin loads a year from the State Council's notice,
a notice that cannot be read says which line, and `show` warns when next year is missing."""

from __future__ import annotations

import asyncio
import os
import subprocess

from tests.e2e.conftest import GATEWAY_PORT
from tests.support.services import AUTH
from tests.unit.test_working_calendar import NOTICE_2025
from xiuhua_auth import Principal

BASE = f"http://127.0.0.1:{GATEWAY_PORT}"


async def xiuhua(*args: str, token: str) -> tuple[int, str, str]:
    env = os.environ | {"XIUHUA_TOKEN": token}
    proc = await asyncio.create_subprocess_exec("xiuhua", "calendar", *args, "--url", BASE, env=env,
                                                stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode(), err.decode()


async def test_the_admin_loads_a_notice_and_a_broken_one_is_refused_line_by_line(stack, tmp_path):
    admin = AUTH.issue(Principal(sub="lz-admin", role="admin", subdistrict="lizhou"))
    notice = tmp_path / "2025.txt"
    notice.write_text(NOTICE_2025, encoding="utf-8")
    code, out, err = await xiuhua("load", str(notice), token=admin)
    assert code == 0, err
    assert out.startswith("loaded 2025: 28 days off, 5 adjusted working days (loaded)")
    assert "worked: 2025-10-11 (国庆节、中秋节)" in out

    broken = tmp_path / "broken.txt"
    broken.write_text("2027年部分节假日安排\n一、元旦：放假一天。\n", encoding="utf-8")
    code, _, err = await xiuhua("load", str(broken), token=admin)
    assert code == 1 and "第2行（元旦）没有找到放假日期" in err

    staff = AUTH.issue(Principal(sub="hy-staff", role="staff", community="huayuan", subdistrict="lizhou"))
    code, _, err = await xiuhua("load", str(notice), token=staff)
    assert code == 1 and "403" in err

    code, out, err = await xiuhua("show", "--year", "2026", token=admin)
    assert code == 0 and out.startswith("2026: ") and "(builtin)" in out
