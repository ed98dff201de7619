# One image for every xiuhua process; the command picks it:
#   xiuhua-intake | xiuhua-assignment | xiuhua-notification | xiuhua-reporting | xiuhua (operator CLI)
# Both stages use the same base so the venv's interpreter path (/usr/local/bin/python3.11) exists at runtime.
ARG PYTHON_IMAGE=python:3.11-slim

FROM ${PYTHON_IMAGE} AS builder
# uv comes from PyPI, so building needs nothing but a package index (no ghcr.io).
ARG UV_VERSION=0.13.9
RUN pip install --no-cache-dir "uv==${UV_VERSION}"
# Byte-compile at build time (the runtime filesystem is read-only in Kubernetes); copy instead of
# hard-linking from the cache mount; never download a managed Python, use the base image's one.
ENV UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy \
    UV_PYTHON_DOWNLOADS=never
WORKDIR /app

# Third-party dependencies first, from the manifests only, so a code change reuses this layer.
COPY pyproject.toml uv.lock ./
COPY libs/events/pyproject.toml libs/events/
COPY libs/auth/pyproject.toml libs/auth/
COPY libs/runtime/pyproject.toml libs/runtime/
COPY libs/cli/pyproject.toml libs/cli/
COPY libs/devsms/pyproject.toml libs/devsms/
COPY services/intake/pyproject.toml services/intake/
COPY services/assignment/pyproject.toml services/assignment/
COPY services/notification/pyproject.toml services/notification/
COPY services/reporting/pyproject.toml services/reporting/
COPY services/smsgateway/pyproject.toml services/smsgateway/
# --frozen: install exactly uv.lock. The `servers` group (a mongod wheel for Docker-less machines)
# and `dev` are not for containers, nor is the development SMS inbox of `make run` (xiuhua-devsms,
# which shows login codes). The cache mounts need BuildKit (Docker's default builder).
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-group servers --no-install-package xiuhua-devsms \
            --no-install-workspace

COPY libs/ libs/
COPY services/ services/
# --no-editable: the workspace packages are installed into the venv, so the runtime needs no sources.
RUN --mount=type=cache,target=/root/.cache/uv \
    uv sync --frozen --no-dev --all-packages --no-group servers --no-install-package xiuhua-devsms --no-editable


FROM ${PYTHON_IMAGE} AS runtime
# Pango and the CJK fonts for the PDFs intake and reporting print (QR sticker sheets, records, monthly reports; WeasyPrint).
RUN apt-get update \
 && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 fonts-noto-cjk \
 && rm -rf /var/lib/apt/lists/*
# Numeric UID/GID so Kubernetes' runAsNonRoot can verify the user without a passwd lookup.
RUN groupadd --system --gid 10001 xiuhua \
 && useradd --system --uid 10001 --gid 10001 --no-create-home --home-dir /nonexistent \
            --shell /usr/sbin/nologin xiuhua
WORKDIR /app
COPY --from=builder /app/.venv /app/.venv
# The static pages, so a Kubernetes gateway pod can copy them from this image (init container).
COPY web/ /app/web/
ENV PATH=/app/.venv/bin:$PATH \
    PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    HOST=0.0.0.0
USER 10001:10001
EXPOSE 8001 8002 8003 8004
# Health checks are per service (compose healthcheck, Kubernetes probes), not baked in here.
CMD ["xiuhua-intake"]
