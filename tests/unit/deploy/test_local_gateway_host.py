"""`make run` on a LAN: the local gateway listens on 127.0.0.1 unless GATEWAY_HOST asks for more,
the launcher refuses a non-loopback GATEWAY_HOST while the development SMS inbox (every login
code) is on, the inbox's route answers this machine only, and the services and the inbox itself
listen on 127.0.0.1. The gateways send the services the address they saw, never the client's header."""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from tests.unit.deploy.helpers import NGINX_CONFIGS, ROOT
from tests.unit.deploy.test_dev_sms_inbox import SWITCH, UPSTREAMS, _script, gateway
from tests.unit.deploy.test_gateway_nginx import NGINX, NGINX_TOO_OLD, nginx_locations

INBOX = "http://127.0.0.1:8005"


def rendered(tmp_path, **kwargs) -> str:
    return gateway.render(port=8080, prefix=tmp_path, web_root=ROOT / "web", upstreams=UPSTREAMS, **kwargs)


def listens(conf: str) -> list[str]:
    return re.findall(r"^\s*listen\s+([^;]+);", conf, re.MULTILINE)


def test_the_local_gateway_listens_on_loopback_unless_asked(tmp_path):
    assert listens(rendered(tmp_path)) == ["127.0.0.1:8080"]
    assert listens(rendered(tmp_path, host="0.0.0.0")) == ["0.0.0.0:8080"]
    assert listens(rendered(tmp_path, host="::1")) == ["[::1]:8080"]


def test_the_inbox_route_answers_this_machine_only(tmp_path):
    body = nginx_locations(rendered(tmp_path, dev_sms=INBOX))["/dev/sms/"]
    rules = re.findall(r"^\s*(allow|deny)\s+([^;]+);", body, re.MULTILINE)
    assert rules == [("allow", "127.0.0.1"), ("allow", "::1"), ("deny", "all")]
    assert body.index("deny all") < body.index("proxy_pass")


@pytest.mark.parametrize("which", ["local", *NGINX_CONFIGS])
def test_the_gateways_send_the_address_they_saw(tmp_path, which):
    conf = rendered(tmp_path) if which == "local" else NGINX_CONFIGS[which].read_text()
    assert re.findall(r"proxy_set_header\s+X-Forwarded-For\s+([^;]+);", conf) == ["$remote_addr"]
    assert "$proxy_add_x_forwarded_for" not in conf


def test_the_kubernetes_gateway_takes_the_client_from_the_ingress_only():
    conf = NGINX_CONFIGS["k8s"].read_text()
    assert re.search(r"real_ip_header\s+X-Forwarded-For;", conf)
    assert "real_ip_recursive on" not in conf  # the last address (the Ingress's), never one further left
    assert re.findall(r"set_real_ip_from\s+([^;]+);", conf)


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
@pytest.mark.skipif(NGINX_TOO_OLD, reason="this nginx is too old for -e")
@pytest.mark.parametrize("host", ["127.0.0.1", "0.0.0.0", "::1"])
def test_the_local_gateway_on_each_host_passes_nginx_t(tmp_path, host):
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(rendered(tmp_path, host=host, dev_sms=INBOX if gateway.is_loopback(host) else None))
    result = subprocess.run([NGINX, "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
                            check=False, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("localhost", True), ("::1", True),
                                                ("127.0.0.2", True), ("0.0.0.0", False), ("::", False),
                                                ("192.168.1.20", False), ("xiuhua.lan", False)])
def test_what_counts_as_loopback(host, loopback):
    assert gateway.is_loopback(host) is loopback


def _stack(monkeypatch, host: str | None, inbox: str):
    monkeypatch.setenv(SWITCH, inbox)
    if host is None:
        monkeypatch.delenv("GATEWAY_HOST", raising=False)
    else:
        monkeypatch.setenv("GATEWAY_HOST", host)
    return _script("stack").Stack("test")


def test_the_launcher_binds_loopback_unless_asked(monkeypatch):
    assert _stack(monkeypatch, None, "1").gateway_host == "127.0.0.1"
    assert _stack(monkeypatch, None, "1").exposed_inbox() is None
    lan = _stack(monkeypatch, "0.0.0.0", "0")
    assert lan.exposed_inbox() is None and lan.gateway == "http://127.0.0.1:18080"


def test_the_launcher_refuses_a_lan_address_while_the_inbox_is_on(monkeypatch):
    refusal = _stack(monkeypatch, "0.0.0.0", "1").exposed_inbox()
    assert "GATEWAY_HOST=0.0.0.0" in refusal and f"{SWITCH}=0" in refusal
    env = {"PATH": "/usr/bin:/bin", "GATEWAY_HOST": "192.168.1.20", SWITCH: "1"}
    run = subprocess.run([sys.executable, str(ROOT / "infra" / "local" / "stack.py"), "run", "--profile", "test",
                          "--no-servers"], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 2 and "refusing to start: GATEWAY_HOST=192.168.1.20" in run.stdout


def test_the_services_and_the_inbox_listen_on_loopback_under_make_run(monkeypatch):
    monkeypatch.setenv("HOST", "0.0.0.0")  # whatever the shell says
    monkeypatch.setenv("JWT_SECRET", "Jc4Rw8Nq2Ym6Tv0Bx5Lk9Hd3Fs7Gp1Ze")
    stack = _stack(monkeypatch, None, "1")
    monkeypatch.setattr(stack, "receipt_token", lambda: "Jc4Rw8Nq2Ym6Tv0Bx5Lk9Hd3Fs7Gp1Ze")  # no file written
    assert stack.env()["HOST"] == "127.0.0.1"
    # each process is started with env() and its own few settings, none of which moves HOST
    assert set(stack.apps) >= {"intake", "smsgateway", "devsms"}
    assert all("HOST" not in stack.sms_env(name) for name in stack.apps)


def _stack_on(monkeypatch, host: str | None, public_url: str | None = None, lan: str | None = "192.168.1.20"):
    """The launcher with GATEWAY_HOST and XIUHUA_PUBLIC_URL as `make run` passes them; ``lan``: what
    this machine's network address is found to be."""
    monkeypatch.setenv(SWITCH, "0")
    for key, value in (("GATEWAY_HOST", host), ("XIUHUA_PUBLIC_URL", public_url)):
        if value is None:
            monkeypatch.delenv(key, raising=False)
        else:
            monkeypatch.setenv(key, value)
    module = _script("stack")
    monkeypatch.setattr(module.gateway, "lan_address", lambda: lan)
    monkeypatch.setenv("JWT_SECRET", "Jc4Rw8Nq2Ym6Tv0Bx5Lk9Hd3Fs7Gp1Ze")
    return module.Stack("test")


def test_links_and_qr_codes_carry_an_address_a_phone_on_the_lan_opens(monkeypatch):
    assert _stack_on(monkeypatch, None).public_url == "http://127.0.0.1:18080"  # only here, as asked
    lan = _stack_on(monkeypatch, "0.0.0.0")
    assert lan.public_url == "http://192.168.1.20:18080" and lan.env()["XIUHUA_PUBLIC_URL"] == lan.public_url
    assert lan.gateway == "http://127.0.0.1:18080"  # the launcher itself still calls the gateway here
    assert _stack_on(monkeypatch, "192.168.1.30").public_url == "http://192.168.1.30:18080"
    given = _stack_on(monkeypatch, "0.0.0.0", public_url="https://xiuhua.lizhou.example/")
    assert given.public_url == "https://xiuhua.lizhou.example" and given.env()["XIUHUA_PUBLIC_URL"] == given.public_url
    assert _stack_on(monkeypatch, "0.0.0.0", lan=None).public_url == "http://127.0.0.1:18080"  # no network found


def test_this_machines_lan_address_is_never_a_loopback_one():
    found = gateway.lan_address()
    assert found is None or not gateway.is_loopback(found)
