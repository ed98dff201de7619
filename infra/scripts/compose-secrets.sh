#!/usr/bin/env bash
# docker-compose.yml requires JWT_SECRET and SMS_RECEIPT_TOKEN. `make run` keeps random ones in the
# project's .env (docker compose reads it by itself), made once and kept, as the local launcher keeps
# its own under .data/. A value already in the environment or in .env is left as it is.
#   infra/scripts/compose-secrets.sh [DIR]     (DIR: where .env lives; the repository root by default)
set -euo pipefail
cd "${1:-$(dirname "$0")/../..}"
touch .env
chmod 600 .env
for name in JWT_SECRET SMS_RECEIPT_TOKEN; do
    if [ -z "${!name:-}" ] && ! grep -q "^${name}=." .env; then
        echo "${name}=$(python3 -c 'import secrets; print(secrets.token_urlsafe(32))')" >> .env
        echo "xiuhua: made a random ${name} in $(pwd)/.env"
    fi
done
