"""The local nginx gateway's config, rendered from infra/nginx/xiuhua.conf.template by plain
string replacement (the launcher and the end-to-end tests share this). Stdlib only."""
from __future__ import annotations

import ipaddress
import os
import socket
from pathlib import Path

NGINX = Path(__file__).resolve().parents[1] / "nginx"
TEMPLATE = NGINX / "xiuhua.conf.template"
DEV_SMS_TEMPLATE = NGINX / "dev-sms.location.template"
SERVICES = ("intake", "assignment", "notification", "reporting", "smsgateway")
LOOPBACK = "127.0.0.1"  # what the gateway listens on unless GATEWAY_HOST asks for more


def is_loopback(host: str) -> bool:
    """Whether only this machine can reach ``host`` (0.0.0.0, a LAN address or a name: no)."""
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def lan_address() -> str | None:
    """This machine's address on its network (the one its default route leaves from), or None.
    Connecting a UDP socket sends nothing: it only asks the kernel which address it would use."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1 (RFC 5737): never a real peer
            address = probe.getsockname()[0]
    except OSError:
        return None
    return None if ipaddress.ip_address(address).is_loopback else address


def listen_host(host: str) -> str:
    """nginx's spelling: an IPv6 address in brackets."""
    return f"[{host.strip('[]')}]" if ":" in host else host


def fill(text: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        text = text.replace("${" + key + "}", value)
    return text


def render(*, port: int, prefix: Path, web_root: Path, upstreams: dict[str, str],
           dev_sms: str | None = None, host: str = LOOPBACK) -> str:
    """nginx.conf for a gateway on ``host``:``port``: ``upstreams`` maps each service to its base URL;
    ``dev_sms`` is the inbox's base URL, or None to leave its route out entirely."""
    location = fill(DEV_SMS_TEMPLATE.read_text(), {"DEVSMS_URL": dev_sms}) if dev_sms else ""
    values = {"GATEWAY_HOST": listen_host(host), "GATEWAY_PORT": str(port), "PREFIX": str(prefix),
              "WEB_ROOT": str(web_root), "DEV_SMS_LOCATION": location.rstrip("\n")}
    values |= {f"{name.upper()}_URL": upstreams[name] for name in SERVICES}
    return fill(TEMPLATE.read_text(), values)


def directives() -> str:
    """nginx's ``-g`` directives: in the foreground (the pid is the starter's child). Started by
    root, the workers would drop to ``nobody``, who cannot read web/ in a checkout under a private
    folder (``/root`` and every home folder are mode 0700 on Debian): they stay root instead."""
    return "daemon off;" + (" user root;" if os.geteuid() == 0 else "")


def write(*, prefix: Path, **kwargs) -> Path:
    """Render into ``prefix``/nginx.conf, with the folders nginx writes to."""
    for sub in ("logs", "tmp"):
        (prefix / sub).mkdir(parents=True, exist_ok=True)
    conf = prefix / "nginx.conf"
    conf.write_text(render(prefix=prefix, **kwargs))
    return conf
