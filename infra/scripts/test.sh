#!/usr/bin/env bash
# Every test tier against real servers started on the test profile's own ports and folder
# (.data/test), so it runs beside `make run`. The servers start fresh and stop at the end.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

log() { echo "test: $*"; }
as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root (or sudo) for: $*"; exit 1
  fi
}

# The browser tier drives Debian's Chromium; without the CJK fonts every Chinese character in a
# screenshot would be an empty box.
ensure_browser() {
  [ -x /usr/bin/chromium ] && fc-list 2>/dev/null | grep -q "Noto Sans CJK" && return
  log "installing chromium and fonts-noto-cjk for the browser tests"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk \
    >/dev/null 2>&1 || {
    as_root apt-get update >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium fonts-noto-cjk >/dev/null
  }
}
ensure_browser

# The night pass moves the test processes' clock with Debian's libfaketime.
faketime_lib() { dpkg -L libfaketime 2>/dev/null | grep -m1 '/libfaketimeMT\.so\.1$'; }
ensure_faketime() {
  [ -n "$(faketime_lib)" ] && return
  log "installing faketime for the night pass"
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends faketime >/dev/null 2>&1 || {
    as_root apt-get update >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends faketime >/dev/null
  }
}
ensure_faketime

echo "== lint"
uv run --no-sync ruff check libs services tests infra bench

servers() { uv run --no-sync python infra/local/servers.py "$@" --profile test; }

servers down >/dev/null 2>&1 || true
rm -rf .data/test
trap 'servers down >/dev/null 2>&1 || true' EXIT
# the servers print where they listen (AMQP_URL=…, MONGO_URL=…, REDIS_URL=…)
while IFS='=' read -r key value; do export "TEST_$key=$value"; done < <(servers up)

status=0
for tier in unit integration e2e browser; do
  echo "== $tier tests"
  uv run --no-sync pytest "tests/$tier" -p no:cacheprovider || status=1
done

# The night pass: the unit and integration tiers once more with the test processes' clock moved to
# a Shanghai night (the servers keep the real one), so that no test passes or fails by the hour it
# runs. XIUHUA_TEST_NIGHT=03:30 (or 07:30, ...) picks another hour.
night=${XIUHUA_TEST_NIGHT:-23:30}
offset=$(python3 infra/scripts/night_offset.py "$night")
faked=(env LD_PRELOAD="$(faketime_lib)" FAKETIME="+${offset}s")
echo "== night pass: unit and integration tests at $night Asia/Shanghai"
uv run --no-sync "${faked[@]}" python infra/scripts/night_offset.py --check "$night" || status=1
for tier in unit integration; do
  echo "== $tier tests at $night Asia/Shanghai"
  uv run --no-sync "${faked[@]}" pytest "tests/$tier" -p no:cacheprovider || status=1
done
exit $status
