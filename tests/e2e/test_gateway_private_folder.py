"""The test gateway serves the pages of a checkout under a private folder (mode 0700, as /root and
every home folder are on Debian): started by root, its workers must still be able to read web/."""

from __future__ import annotations

import shutil
import socket

import httpx

from tests.e2e.conftest import PORTS
from tests.support.gateway import ROOT, gateway_up, start_gateway


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


async def test_the_gateway_serves_the_pages_of_a_checkout_in_a_private_folder(tmp_path):
    home = tmp_path / "home"
    home.mkdir(mode=0o700)
    home.chmod(0o700)
    web = home / "xiuhua" / "web"
    shutil.copytree(ROOT / "web", web)
    port = _free_port()
    gateway = start_gateway(home / "gateway", port=port, upstreams=PORTS | {"smsgateway": 9}, web_root=web)
    try:
        async with httpx.AsyncClient(base_url=f"http://127.0.0.1:{port}", timeout=5) as client:
            await gateway_up(client)
            page = await client.get("/")
            assert page.status_code == 200 and "<html" in page.text.lower()
            assert (await client.get("/app/main.js")).status_code == 200
    finally:
        gateway.terminate()
        gateway.wait(timeout=10)
