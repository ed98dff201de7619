"""The nginx gateway of infra/nginx in front of services running on test ports, rendered by the
launcher's own infra/local/gateway.py."""

from __future__ import annotations

import importlib.util
import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def _load_renderer():
    spec = importlib.util.spec_from_file_location("xiuhua_local_gateway", ROOT / "infra" / "local" / "gateway.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


renderer = _load_renderer()


def start_gateway(prefix: Path, *, port: int, upstreams: dict[str, int], host: str = "127.0.0.1",
                  web_root: Path = ROOT / "web") -> subprocess.Popen:
    """nginx on ``port`` in front of ``upstreams`` (service -> port); a ``devsms`` entry adds the
    development SMS inbox's route, as the launcher does with XIUHUA_DEV_SMS_INBOX=1."""
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    urls = {name: f"http://127.0.0.1:{p}" for name, p in upstreams.items()}
    conf = renderer.write(prefix=prefix, host=host, port=port, web_root=web_root, upstreams=urls,
                          dev_sms=urls.get("devsms"))
    return subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-g", renderer.directives()],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)


async def gateway_up(client) -> None:
    """Wait until the gateway ``client`` talks to answers its own health route."""
    import httpx

    from tests.support.servers import eventually

    async def up() -> bool:
        try:
            return (await client.get("/gateway/healthz")).status_code == 200
        except httpx.TransportError:
            return False

    await eventually(up, timeout=10, interval=0.1)
