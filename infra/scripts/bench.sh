#!/usr/bin/env bash
# `make bench`: intake and the pipeline against bare ceilings measured in the same run
# (see bench/README.md). Uses the test profile's servers, started fresh and stopped at the
# end like `make test` does, so it must not run at the same time as `make test`.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

STATE=.data/bench

log() { printf 'bench: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root (or sudo) for: $*"; exit 1
  fi
}

ensure_wrk() {
  command -v wrk >/dev/null 2>&1 && return
  log "installing wrk"
  # A fresh machine may have no package lists yet; update only when the install fails.
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null 2>&1 || {
    as_root apt-get update >/dev/null
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends wrk >/dev/null
  }
}

servers() { uv run --no-sync python infra/local/servers.py "$@" --profile test; }

# Process groups run.py recorded and did not get to stop (it was killed, say). A pid from an
# older run may belong to someone else by now: only a group whose leader is still one of ours
# (a service, the ceiling or wrk with our script) is stopped.
ours() { tr '\0' ' ' <"/proc/$1/cmdline" 2>/dev/null | grep -qE 'xiuhua-|bench/ceiling\.py|post\.lua'; }

stop_leftovers() {
  local pidfile pgid
  for pidfile in "$STATE"/pids/*.pid; do
    [ -e "$pidfile" ] || continue
    pgid=$(cat "$pidfile")
    if ours "$pgid" && kill -0 -- "-$pgid" 2>/dev/null; then
      kill -TERM -- "-$pgid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 -- "-$pgid" 2>/dev/null || break; sleep 0.2; done
      kill -KILL -- "-$pgid" 2>/dev/null || true
    fi
    rm -f "$pidfile"
  done
}

cleanup() {
  stop_leftovers
  log "stopping the test servers"
  servers down >/dev/null 2>&1 || true
}

ensure_wrk
stop_leftovers
servers down >/dev/null 2>&1 || true
rm -rf .data/test
mkdir -p "$STATE"
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

log "starting the test servers"
urls=$(servers up 2>"$STATE/servers.log") || { cat "$STATE/servers.log" >&2; exit 1; }
eval "$urls"
export AMQP_URL MONGO_URL REDIS_URL

uv run --no-sync python -m bench.run "$@"
