"""The development SMS inbox (/dev/sms/, every login code) exists only in the local `make run`: the
local gateway gets its route only when the launcher is switched on; compose, Kubernetes and the
image never carry it, nor set XIUHUA_DEV_SMS_INBOX."""

from __future__ import annotations

import importlib.util
import re
import subprocess

import pytest

from tests.unit.deploy.helpers import K8S_BASE, NGINX_CONFIGS, ROOT
from tests.unit.deploy.kustomize import pod_containers
from tests.unit.deploy.test_dockerfile import dockerfile_instructions
from tests.unit.deploy.test_gateway_nginx import NGINX, NGINX_TOO_OLD, nginx_locations

SWITCH = "XIUHUA_DEV_SMS_INBOX"
LOCAL = ROOT / "infra" / "local"


def _script(name: str):
    spec = importlib.util.spec_from_file_location(f"xiuhua_local_{name}_under_test", LOCAL / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


gateway = _script("gateway")
UPSTREAMS = {name: f"http://127.0.0.1:{port}" for name, port in
             {"intake": 8001, "assignment": 8002, "notification": 8003, "reporting": 8004,
              "smsgateway": 8006}.items()}


def rendered(tmp_path, dev_sms: str | None) -> str:
    return gateway.render(port=8080, prefix=tmp_path, web_root=ROOT / "web", upstreams=UPSTREAMS, dev_sms=dev_sms)


def unfilled(conf: str) -> list[str]:
    """Placeholders left outside comments."""
    return re.findall(r"\$\{\w+\}", re.sub(r"#.*", "", conf))


def test_compose_never_runs_the_inbox_nor_sets_its_switch(compose):
    assert SWITCH not in (ROOT / "docker-compose.yml").read_text()
    for name, service in compose["services"].items():
        assert SWITCH not in (service.get("environment") or {}), name
        assert "xiuhua-devsms" not in " ".join(map(str, service.get("command") or [])), name


def test_kubernetes_never_runs_the_inbox_nor_sets_its_switch(rendered):
    _, _, objects = rendered
    for obj in objects:
        name = f"{obj['kind']}/{obj['metadata']['name']}"
        assert SWITCH not in (obj.get("data") or {}), name
        assert "/dev/sms" not in str(obj.get("data") or {}), name
        for container in pod_containers(obj):
            assert SWITCH not in {e["name"] for e in container.get("env", [])}, name
            assert "xiuhua-devsms" not in " ".join(container.get("command", []) + container.get("args", [])), name
    for path in (ROOT / "k8s").rglob("*"):
        if path.is_file():
            assert SWITCH not in path.read_text(), path


@pytest.mark.parametrize("which", NGINX_CONFIGS)
def test_the_production_gateways_have_no_inbox_route(which):
    text = NGINX_CONFIGS[which].read_text()
    assert "/dev/sms" not in text and "DEV_SMS" not in text
    assert not any(path.startswith("/dev/") for path in nginx_locations(text))


def test_the_image_leaves_the_inbox_out():
    syncs = [args for word, args in dockerfile_instructions() if word == "RUN" and "uv sync" in args]
    assert syncs and all("--no-install-package xiuhua-devsms" in run for run in syncs)
    assert K8S_BASE.exists()


def test_the_local_gateway_routes_the_inbox_only_when_asked(tmp_path):
    template = gateway.TEMPLATE.read_text()
    assert re.search(r"^\$\{DEV_SMS_LOCATION\}$", template, re.MULTILINE), "the placeholder stands on its own line"
    off = rendered(tmp_path, None)
    assert "/dev/sms" not in re.sub(r"#.*", "", off) and not unfilled(off)
    on = rendered(tmp_path, "http://127.0.0.1:8005")
    assert not unfilled(on)
    locations = nginx_locations(on)
    assert re.search(r"proxy_pass\s+http://127\.0\.0\.1:8005;", locations["/dev/sms/"])
    assert "return 301 /dev/sms/;" in locations["/dev/sms"]
    assert set(locations) - set(nginx_locations(off)) == {"/dev/sms/", "/dev/sms"}


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
@pytest.mark.skipif(NGINX_TOO_OLD, reason="this nginx is too old for -e")
@pytest.mark.parametrize("inbox", [None, "http://127.0.0.1:8005"], ids=["inbox-off", "inbox-on"])
def test_the_local_gateway_passes_nginx_t(tmp_path, inbox):
    for sub in ("logs", "tmp"):
        (tmp_path / sub).mkdir()
    conf = tmp_path / "nginx.conf"
    conf.write_text(rendered(tmp_path, inbox))
    result = subprocess.run([NGINX, "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
                            check=False, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize(("value", "on"), [(None, False), ("", False), ("0", False), ("true", False), ("1", True)])
def test_the_launcher_starts_the_inbox_only_with_the_switch_at_1(monkeypatch, value, on):
    if value is None:
        monkeypatch.delenv(SWITCH, raising=False)
    else:
        monkeypatch.setenv(SWITCH, value)
    stack = _script("stack").Stack("dev")
    assert ("devsms" in stack.apps) is on
    assert {"intake", "assignment", "notification", "reporting"} <= set(stack.apps)


def test_make_run_switches_the_inbox_on_for_the_local_launcher_only():
    recipe = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin"}).stdout
    compose_line = next(line for line in recipe.splitlines() if "docker compose" in line)
    assert SWITCH not in compose_line
    assert re.search(rf"{SWITCH}=1 .*infra/local/stack\.py run", recipe)


REPLAY = "XIUHUA_REPLAY_CLOCK"  # backdating through the APIs, for the demo's history: `make run` only


def test_only_make_run_lets_the_services_replay_history():
    recipe = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin"}).stdout
    assert re.search(rf"{REPLAY}=1 .*infra/local/stack\.py run", recipe)
    assert REPLAY not in next(line for line in recipe.splitlines() if "docker compose" in line)
    assert REPLAY not in (ROOT / "docker-compose.yml").read_text()
    for path in (ROOT / "k8s").rglob("*"):
        if path.is_file():
            assert REPLAY not in path.read_text(), path
