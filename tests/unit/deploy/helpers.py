"""Shared paths, the platform contract the deployment files must honour (ports, settings, gateway
routes) and a probe for optional command-line tools.

The deployment files are checked offline; tools that may be missing (kubectl, docker compose, nginx)
only add checks when present, decided once at import time."""

from __future__ import annotations

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
COMPOSE_SCHEMA = Path(__file__).resolve().parents[1] / "schemas" / "compose-spec.json"
K8S_BASE = ROOT / "k8s" / "base"
K8S_DEMO = ROOT / "k8s" / "overlays" / "demo"
K8S_VERSION = "1.30.0"

# The contract: service -> port.
SERVICES = {"intake": 8001, "assignment": 8002, "notification": 8003, "reporting": 8004, "smsgateway": 8006}
INFRA = ("rabbitmq", "mongo", "redis")
CONTRACT_ENV = ("AMQP_URL", "MONGO_URL", "REDIS_URL", "JWT_SECRET", "JWT_ALGORITHM", "LOG_LEVEL",
                "OTEL_EXPORTER_OTLP_ENDPOINT", "XIUHUA_PUBLIC_URL")
# Gateway routes (path prefix -> upstream), proxied unchanged.
ROUTES = {"/intake/": "intake:8001", "/open311/v2/": "intake:8001", "/assignment/": "assignment:8002",
          "/notification/": "notification:8003", "/reporting/": "reporting:8004",
          "/smsgateway/v1/receipts/": "smsgateway:8006"}
NGINX_CONFIGS = {"compose": ROOT / "infra" / "docker" / "nginx.conf",
                 "k8s": K8S_BASE / "gateway-nginx.conf"}


def probe(*command: str, timeout: float = 60) -> subprocess.CompletedProcess[str] | None:
    """Run a tool's harmless self-check (e.g. `--version`); None when it cannot be run at all."""
    try:
        return subprocess.run(list(command), check=False, capture_output=True, text=True, timeout=timeout)
    except (OSError, subprocess.TimeoutExpired):
        return None


def works(*command: str) -> bool:
    """Whether a tool's self-check runs and exits 0."""
    result = probe(*command)
    return result is not None and result.returncode == 0
