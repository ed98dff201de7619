"""The nginx gateway of infra/nginx in front of services running on test ports."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "infra" / "nginx" / "xiuhua.conf.template"


def start_gateway(prefix: Path, *, port: int, upstreams: dict[str, int]) -> subprocess.Popen:
    nginx = shutil.which("nginx") or "/usr/sbin/nginx"
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    values = {"GATEWAY_PORT": str(port), "PREFIX": str(prefix), "WEB_ROOT": str(ROOT / "web")}
    values |= {f"{name.upper()}_URL": f"http://127.0.0.1:{p}" for name, p in upstreams.items()}
    text = TEMPLATE.read_text()
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    conf = prefix / "nginx.conf"
    conf.write_text(text)
    return subprocess.Popen([nginx, "-p", str(prefix), "-c", str(conf), "-g", "daemon off;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
