"""The local SMS provider and its inbox (xiuhua-devsms, /dev/sms/) in the local launcher: its
switch, its command, its development credentials and the queue earlier versions gave it. Stdlib only."""
from __future__ import annotations

import base64
import os
import urllib.error
import urllib.request
from collections.abc import Callable

SWITCH = "XIUHUA_DEV_SMS_INBOX"  # exactly 1 turns it on (`make run` sets it); it shows every login code
APPS = {"devsms": ["uv", "run", "--no-sync", "xiuhua-devsms"]}
# The credentials the local provider accepts by default (xiuhua_devsms.settings): for `make run` only.
DEV_KEY_ID, DEV_KEY_SECRET, DEV_TENCENT_APP_ID = "xiuhua-dev-key", "xiuhua-dev-secret", "1400000000"


def switched_on() -> bool:
    return os.environ.get(SWITCH, "").strip() == "1"


def drop_queues(management_port: int, say: Callable[[str], None]) -> None:
    """Earlier versions of the inbox read a queue of their own: drop it rather than let login
    codes pile up there (the RabbitMQ management API of the launcher's own servers)."""
    auth = base64.b64encode(b"guest:guest").decode()
    for queue in (f"xiuhua.{name}{suffix}" for name in APPS for suffix in ("", ".dlq")):
        request = urllib.request.Request(f"http://127.0.0.1:{management_port}/api/queues/%2F/{queue}",
                                         method="DELETE", headers={"Authorization": f"Basic {auth}"})
        try:
            urllib.request.urlopen(request, timeout=5).close()
            say(f"dropped {queue}: the SMS inbox now reads what the SMS gateway sends, not the events")
        except urllib.error.HTTPError as exc:
            if exc.code != 404:
                say(f"could not drop {queue}: HTTP {exc.code}")
        except OSError as exc:
            say(f"could not drop {queue}: {exc}")
