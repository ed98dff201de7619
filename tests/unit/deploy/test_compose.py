"""docker-compose.yml: the Compose Specification schema, `docker compose config` when docker compose
is installed, and the platform contract (ports, settings, health, gateway-only exposure)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess

import jsonschema
import pytest

from tests.unit.deploy.helpers import COMPOSE_SCHEMA, CONTRACT_ENV, INFRA, ROOT, SERVICES, works
from xiuhua_auth.keys import problem

DOCKER = shutil.which("docker")
HAS_DOCKER_COMPOSE = bool(DOCKER) and works(DOCKER, "compose", "version")


def test_compose_matches_the_compose_specification(compose):
    schema = json.loads(COMPOSE_SCHEMA.read_text())
    jsonschema.Draft7Validator.check_schema(schema)
    errors = sorted(jsonschema.Draft7Validator(schema).iter_errors(compose), key=lambda e: list(e.path))
    assert not errors, "\n".join(f"{list(e.path)}: {e.message}" for e in errors)


@pytest.mark.skipif(not HAS_DOCKER_COMPOSE, reason="docker compose is not installed")
def test_compose_config_renders_when_docker_compose_is_available():
    result = subprocess.run([DOCKER, "compose", "-f", str(ROOT / "docker-compose.yml"), "config", "-q"],
                            check=False, capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("name", SERVICES)
def test_compose_app_service(compose, name):
    port = SERVICES[name]
    service = compose["services"][name]
    assert service["build"] == "."
    assert service["command"] == [f"xiuhua-{name}"]
    env = service["environment"]
    assert str(env["PORT"]) == str(port)
    assert env["HOST"] == "0.0.0.0"
    assert set(CONTRACT_ENV) <= set(env)
    assert "replicaSet=rs0" in env["MONGO_URL"]
    assert env["JWT_SECRET"].startswith("${JWT_SECRET:?")  # required: no default anyone could read here
    assert env["TRUSTED_PROXIES"] and "*" not in env["TRUSTED_PROXIES"]
    health = service["healthcheck"]["test"]
    assert health[0] == "CMD" and f"http://127.0.0.1:{port}/readyz" in " ".join(health)
    for server in INFRA:
        assert service["depends_on"][server]["condition"] == "service_healthy"
    assert "ports" not in service, "services are reached through the gateway only"


def test_compose_servers(compose):
    services = compose["services"]
    assert services["rabbitmq"]["image"].startswith("rabbitmq:3.13-management")
    assert services["mongo"]["image"] == "mongo:7"
    assert " ".join(services["mongo"]["command"]).startswith("--replSet rs0")
    assert "rs.initiate" in " ".join(services["mongo"]["healthcheck"]["test"])
    assert "--appendonly yes" in " ".join(services["redis"]["command"])
    for name in INFRA:
        assert services[name]["healthcheck"]["test"]


def test_compose_gateway_and_seed(compose):
    services = compose["services"]
    gateway = services["gateway"]
    assert "8080:8080" in gateway["ports"]
    assert any(v.startswith("./infra/docker/nginx.conf:") for v in gateway["volumes"])
    for name in SERVICES:
        assert gateway["depends_on"][name]["condition"] == "service_healthy"
    seed = services["seed"]
    assert seed["command"] == ["xiuhua", "seed", "--url", "http://gateway:8080"]
    assert seed["restart"] == "no"
    assert "gateway" in seed["depends_on"]


def test_compose_publishes_only_the_gateway_publicly(compose):
    for name, service in compose["services"].items():
        for port in service.get("ports", []):
            public = not str(port).startswith("127.0.0.1:")
            assert not public or name == "gateway", f"{name} publishes {port} on every interface"


def test_compose_dependencies_have_healthchecks(compose):
    services = compose["services"]
    for name, service in services.items():
        for dep, rule in (service.get("depends_on") or {}).items():
            assert dep in services, f"{name} depends on unknown {dep}"
            if rule["condition"] == "service_healthy":
                assert services[dep].get("healthcheck"), f"{dep} needs a healthcheck for {name}"


def test_compose_named_volumes_are_declared(compose):
    declared = set(compose.get("volumes") or {})
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if not source.startswith((".", "/")):
                assert source in declared, f"volume {source} is not declared"


def test_compose_ships_no_secret_and_requires_both(compose):
    text = (ROOT / "docker-compose.yml").read_text()
    assert "change-me" not in text.lower()
    assert compose["services"]["smsgateway"]["environment"]["SMS_RECEIPT_TOKEN"].startswith("${SMS_RECEIPT_TOKEN:?")


def test_make_run_keeps_random_compose_secrets_in_dot_env(tmp_path):
    script = ROOT / "infra" / "scripts" / "compose-secrets.sh"
    env = {k: v for k, v in os.environ.items() if k not in ("JWT_SECRET", "SMS_RECEIPT_TOKEN")}
    for _ in range(2):
        subprocess.run(["bash", str(script), str(tmp_path)], check=True, env=env, capture_output=True, timeout=30)
    values = dict(line.split("=", 1) for line in (tmp_path / ".env").read_text().splitlines())
    assert set(values) == {"JWT_SECRET", "SMS_RECEIPT_TOKEN"}  # made once, then kept
    assert not [name for name, value in values.items() if problem(value)]
    assert (tmp_path / ".env").stat().st_mode & 0o077 == 0
    (tmp_path / ".env").write_text("JWT_SECRET=the-operators-own-Jc4Rw8Nq2Ym6Tv0Bx5Lk9Hd3\n")
    subprocess.run(["bash", str(script), str(tmp_path)], check=True, env=env, capture_output=True, timeout=30)
    assert (tmp_path / ".env").read_text().startswith("JWT_SECRET=the-operators-own-")
    recipe = subprocess.run(["make", "-n", "run"], cwd=ROOT, capture_output=True, text=True, timeout=30,
                            env={"PATH": "/usr/bin:/bin"}).stdout
    assert "infra/scripts/compose-secrets.sh && docker compose up" in recipe
    assert ".env" in (ROOT / ".gitignore").read_text().splitlines()
