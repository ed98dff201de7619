"""Seconds from now to the next HH:MM in Asia/Shanghai (for libfaketime's FAKETIME="+Ns");
``--check HH:MM`` instead verifies that this process's clock reads that time (within ten minutes),
so the night pass fails loudly if the clock did not move. Stdlib only."""

from __future__ import annotations

import sys
from datetime import datetime, timedelta, timezone

SHANGHAI = timezone(timedelta(hours=8), "Asia/Shanghai")


def offset(hhmm: str, now: datetime) -> int:
    hour, minute = (int(part) for part in hhmm.split(":"))
    target = now.replace(hour=hour, minute=minute, second=0, microsecond=0)
    if target <= now:
        target += timedelta(days=1)
    return int((target - now).total_seconds())


def main(argv: list[str]) -> int:
    now = datetime.now(SHANGHAI)
    if argv[0] == "--check":
        behind = offset(argv[1], now)  # seconds to the next such time: ~a day when it is just past
        if not (behind == 0 or behind > 24 * 3600 - 600):
            print(f"the clock reads {now:%H:%M} Asia/Shanghai, not {argv[1]}", file=sys.stderr)
            return 1
        print(f"test processes' clock: {now:%Y-%m-%d %H:%M} Asia/Shanghai")
        return 0
    print(offset(argv[0], now))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
