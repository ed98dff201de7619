"""The gateway's nginx configs (compose and Kubernetes): routes proxied unchanged, the local template
agreeing with them, and `nginx -t` when nginx is installed."""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.unit.deploy.helpers import NGINX_CONFIGS, ROOT, ROUTES, probe

LOCAL_TEMPLATE = ROOT / "infra" / "nginx" / "xiuhua.conf.template"
NGINX = shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)
# `-e` (error log file) needs nginx 1.19.5+; an older one answers "invalid option".
_NGINX_E = probe(NGINX, "-e", "stderr", "-v", timeout=30) if NGINX else None
NGINX_TOO_OLD = _NGINX_E is not None and "invalid option" in _NGINX_E.stderr


def nginx_locations(text: str) -> dict[str, str]:
    """location path -> body, for the flat (no nested blocks) location blocks of these configs;
    ${PLACEHOLDER}s of the local template are allowed inside."""
    pattern = r"location\s+(=\s+)?(\S+)\s*\{((?:[^{}]|\$\{\w+\})*)\}"
    return {m.group(2): m.group(3) for m in re.finditer(pattern, text)}


def proxied_upstream(body: str) -> str | None:
    target = re.search(r"proxy_pass\s+http://([^;]+);", body)
    if not target:
        return None
    upstream = target.group(1)
    if upstream.startswith("$"):  # set $var host:port; proxy_pass http://$var;
        upstream = re.search(rf"set\s+\{upstream}\s+([^;]+);", body).group(1)
    return upstream


@pytest.mark.parametrize("which", NGINX_CONFIGS)
def test_gateway_routes(which):
    text = NGINX_CONFIGS[which].read_text()
    locations = nginx_locations(text)
    routed = {path: proxied_upstream(body) for path, body in locations.items() if proxied_upstream(body)}
    assert routed == ROUTES
    for path in ROUTES:
        # No URI part after host:port (or variable): the path reaches the service unchanged.
        assert re.search(r"proxy_pass\s+http://[^/;]+;", locations[path])
    assert "return 200" in locations["/gateway/healthz"]
    assert "/usr/share/nginx/html" in locations["/"]
    assert re.search(r"client_max_body_size\s+9m;", text)  # photos: 8 MB and their multipart wrapping
    assert re.search(r"listen\s+8080;", text)
    # The image (compose) or the container command (Kubernetes) sets daemon; no user switching.
    assert not re.search(r"^\s*(daemon|user)\s", text, re.MULTILINE)


@pytest.mark.skipif(not LOCAL_TEMPLATE.exists(), reason="no local gateway template")
def test_gateway_routes_match_the_local_template():
    ours = set(nginx_locations(NGINX_CONFIGS["compose"].read_text()))
    assert set(nginx_locations(LOCAL_TEMPLATE.read_text())) == ours


@pytest.mark.skipif(NGINX is None, reason="nginx is not installed")
@pytest.mark.skipif(NGINX_TOO_OLD, reason="this nginx is too old for -e")
@pytest.mark.parametrize("which", NGINX_CONFIGS)
def test_gateway_config_passes_nginx_t(which, tmp_path):
    text = NGINX_CONFIGS[which].read_text()
    # Service names resolve only inside compose/Kubernetes; the system mime.types may be elsewhere.
    text = re.sub(r"http://(intake|assignment|notification|reporting|smsgateway):", "http://127.0.0.1:", text)
    text = text.replace("include /etc/nginx/mime.types;", "types { text/html html; }")
    text = text.replace("/tmp/", f"{tmp_path}/")
    conf = tmp_path / "nginx.conf"
    conf.write_text(text)
    result = subprocess.run([NGINX, "-t", "-q", "-e", "stderr", "-p", str(tmp_path), "-c", str(conf)],
                            check=False, capture_output=True, text=True, timeout=30)
    assert result.returncode == 0, result.stderr
