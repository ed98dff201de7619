# xiuhua — the two commands: `make run` and `make test` (see README.md).
SHELL := /bin/bash
# uv may have been installed with `pip --user` by the bootstrap script.
export PATH := $(shell python3 -m site --user-base 2>/dev/null)/bin:$(PATH)
UV_RUN := uv run --no-sync

.PHONY: run stop status test test-unit test-integration test-e2e test-browser bench bench-reporting duplicates-eval bootstrap servers-test clean

# The development SMS inbox (/dev/sms/, every login code): on for the local `make run` only;
# `make run XIUHUA_DEV_SMS_INBOX=0` leaves it out. Compose and Kubernetes never run it.
XIUHUA_DEV_SMS_INBOX ?= 1
# `make run GATEWAY_HOST=0.0.0.0 XIUHUA_DEV_SMS_INBOX=0` opens the gateway to the LAN; links and QR codes
# then carry this machine's LAN address, or XIUHUA_PUBLIC_URL=http://192.168.1.20:8080 when given.
# The demo's five weeks of history are replayed through the APIs at their past times; the services
# accept such times only with this switch (on for `make run` only; `make run XIUHUA_REPLAY_CLOCK=0`).
XIUHUA_REPLAY_CLOCK ?= 1

## make run: the whole platform with demo data (docker compose where a Docker engine answers)
run:
	@if docker info >/dev/null 2>&1; then \
		bash infra/scripts/compose-secrets.sh && docker compose up --build; \
	else \
		bash infra/scripts/bootstrap.sh && \
		XIUHUA_DEV_SMS_INBOX=$(XIUHUA_DEV_SMS_INBOX) XIUHUA_REPLAY_CLOCK=$(XIUHUA_REPLAY_CLOCK) $(UV_RUN) python infra/local/stack.py run; \
	fi

## make stop: stop everything `make run` started
stop:
	@if docker info >/dev/null 2>&1 && [ -n "$$(docker compose ps -q 2>/dev/null)" ]; then docker compose down; fi
	@if [ -x .venv/bin/python ]; then $(UV_RUN) python infra/local/stack.py stop; fi

status:
	@$(UV_RUN) python infra/local/stack.py status

## make test: the same install, test servers on their own ports and folder, then every tier
test:
	@bash infra/scripts/bootstrap.sh
	@bash infra/scripts/test.sh

test-unit:
	$(UV_RUN) pytest tests/unit

## the integration, e2e and browser tiers alone (servers must be up: make servers-test)
test-integration:
	$(UV_RUN) pytest tests/integration

test-e2e:
	$(UV_RUN) pytest tests/e2e

test-browser:
	$(UV_RUN) pytest tests/browser

servers-test:
	$(UV_RUN) python infra/local/servers.py up --profile test

## make duplicates-eval: precision and recall of the duplicate detector on the labelled report pairs
duplicates-eval:
	@bash infra/scripts/bootstrap.sh >/dev/null
	@$(UV_RUN) python bench/duplicates/evaluate.py

## make bench: throughput against the bare ceiling measured in the same run
bench:
	@bash infra/scripts/bootstrap.sh
	@bash infra/scripts/bench.sh

## make bench-reporting: a million issues, the dashboard's query times and the rebuild rate (bench/README.md)
## MONGO_URL names the MongoDB (default: make run's); the bench uses, then drops, a database of its own
bench-reporting:
	@bash infra/scripts/bootstrap.sh >/dev/null
	@$(UV_RUN) python -m bench.reporting

bootstrap:
	@bash infra/scripts/bootstrap.sh

clean: stop
	rm -rf .data
