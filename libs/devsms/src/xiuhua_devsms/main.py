"""`xiuhua-devsms`: run the inbox, or refuse with a clear message when it is not switched on."""

from __future__ import annotations

import sys

from xiuhua_devsms.settings import DevSmsSettings, InboxOff


def main() -> None:
    settings = DevSmsSettings()
    if not settings.switched_on:
        print(InboxOff(), file=sys.stderr)
        sys.exit(2)
    from xiuhua_devsms.app import create_app
    from xiuhua_runtime import serve

    serve(create_app, settings)
