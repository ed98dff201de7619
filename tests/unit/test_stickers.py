"""QR stickers: the link each code holds, and the sheet they are printed on."""

from __future__ import annotations

import pytest

from tests.unit.test_inbound_guess import ESTATE
from xiuhua_intake.directory.stickers import only_here, report_link, sheet_html, stickers_for


def test_a_sticker_opens_the_report_page_with_its_place():
    assert report_link("http://gw:8080/", community="huayuan", estate="chunlan", spot="garage-b") == \
        "http://gw:8080/#/report?community=huayuan&estate=chunlan&spot=garage-b"
    units = stickers_for(ESTATE, "http://gw", community="huayuan", building="b3")
    assert [s.label for s in units] == ["春澜璟园 3幢1单元", "春澜璟园 3幢2单元", "春澜璟园 3幢3单元"]
    assert units[1].link.endswith("&building=b3&unit=2")
    assert len(stickers_for(ESTATE, "http://gw", community="huayuan", building=None)) == len(ESTATE.spots)
    html = sheet_html("春澜璟园 <公共区域>", units)
    assert html.count("<svg") == 3 and "&lt;公共区域&gt;" in html  # names are escaped


@pytest.mark.parametrize(("url", "here"), [
    ("http://127.0.0.1:8080", True), ("http://localhost:8080/", True), ("http://[::1]:8080", True),
    ("http://0.0.0.0:8080", True), ("http://app.localhost", True), ("http://127.0.0.2", True),
    ("http://192.168.1.20:8080", False), ("https://xiuhua.lizhou.gov.cn", False), ("http://[fd00::20]:8080", False)])
def test_an_address_only_the_server_reaches_is_told_apart(url, here):
    assert only_here(url) is here
