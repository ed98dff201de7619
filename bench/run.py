"""`make bench`: xiuhua against the bare ceiling measured in the same run, on the same servers.

    python -m bench.run [--seconds 10] [--reports 2000] ...

Expects AMQP_URL, MONGO_URL and REDIS_URL of running servers (bench.sh starts the test
profile's). Prints one table and writes the same figures to .data/bench/results.json.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import secrets
import shutil
import signal
import sys
from datetime import UTC, datetime
from pathlib import Path

import httpx

from bench import fanout, load
from bench import timers as timer_bench
from bench.procs import Failed, Procs
from xiuhua_auth import Authenticator, Principal
from xiuhua_cli import demo

HERE = Path(__file__).resolve().parent
STATE = HERE.parent / ".data" / "bench"
BODY_FILE = HERE / "report.json"
# Away from the dev (80xx) and test-stack (180xx) ports.
PORTS = {"ceiling": 18600, "intake": 18601, "assignment": 18602, "notification": 18603, "reporting": 18604,
         "devsms": 18605, "smsgateway": 18606}
SERVICES = ("intake", "assignment", "notification", "reporting")
ISSUES_PATH = "/intake/v1/issues"
SINK = "bench.sink"


def say(msg: str) -> None:
    print(f"bench: {msg}", flush=True)


def base_url(name: str) -> str:
    return f"http://127.0.0.1:{PORTS[name]}"


class Bench:
    def __init__(self, args: argparse.Namespace) -> None:
        self.args = args
        self.procs = Procs(STATE)
        secret = secrets.token_urlsafe(32)  # a fresh secret per run: these tokens open nothing else
        auth = Authenticator(secret=secret)
        self.resident = auth.issue(Principal(sub="bench-resident", role="resident", community=demo.COMMUNITY_ID,
                                             subdistrict=demo.SUBDISTRICT["id"], estate="chunlan"))
        self.admin = auth.issue(Principal(sub="bench-admin", role="admin", subdistrict=demo.SUBDISTRICT["id"]))
        # Warnings only: uvicorn's access log is an INFO record, so it stays off, as in the ceiling.
        self.env = dict(os.environ, JWT_SECRET=secret, LOG_LEVEL="warning", HOST="127.0.0.1",
                        PYTHONUNBUFFERED="1", SUBMISSIONS_PER_PHONE_HOUR="100000000",
                        SUBMISSIONS_PER_IP_HOUR="100000000",
                        BENCH_BODY_FILE=str(BODY_FILE), BENCH_TOKEN=self.resident)
        self.amqp_url, self.mongo_url = os.environ["AMQP_URL"], os.environ["MONGO_URL"]

    # -- 1. HTTP intake -----------------------------------------------------------------------
    def hammer(self, name: str) -> dict:
        a = self.args
        url = base_url(name) + ISSUES_PATH
        say(f"wrk on {name}: {a.warmup:g}s warm-up, then {a.seconds:g}s, {a.connections} connections")
        load.wrk(self.procs, f"wrk-{name}-warmup", url, self.env, seconds=a.warmup, connections=a.connections,
                 threads=a.threads)
        meter = self.procs.meter(name)
        result = load.wrk(self.procs, f"wrk-{name}", url, self.env, seconds=a.seconds,
                          connections=a.connections, threads=a.threads)
        return result | {"cpu": meter.read()}

    def http(self) -> dict:
        self.procs.start("ceiling", [sys.executable, str(HERE / "ceiling.py")],
                         dict(self.env, PORT=str(PORTS["ceiling"])), port=PORTS["ceiling"])
        self.procs.wait_ready({"ceiling": base_url("ceiling") + "/readyz"})
        ceiling = self.hammer("ceiling")
        self.procs.stop("ceiling")

        # A database of its own: outbox records this run leaves unpublished must not reach
        # the assignment service of the pipeline run later.
        asyncio.run(load.declare_sink(self.amqp_url, "xiuhua.events", SINK))
        self.start_services(["intake"], MONGO_DB="bench_intake_http")
        self.put(base_url("intake"), f"/intake/v1/communities/{demo.COMMUNITY_ID}", demo.COMMUNITY)
        intake = self.hammer("intake")
        self.procs.stop("intake")
        asyncio.run(load.delete_queues(self.amqp_url, SINK, "bench.ceiling"))
        return {"xiuhua": intake, "ceiling": ceiling, "ratio": ratio(intake["req_per_s"], ceiling["req_per_s"])}

    # -- 2. Pipeline ------------------------------------------------------------------------
    def pipeline(self) -> dict:
        a = self.args
        self.start_services(list(SERVICES))
        self.seed_team()
        body = BODY_FILE.read_bytes()
        meter = self.procs.meter(*SERVICES)
        say(f"pipeline: {a.reports} reports, {a.concurrency} at a time, then waiting until all are assigned")
        sent = asyncio.run(load.submit_reports(base_url("intake"), self.resident, body, count=a.reports,
                                               concurrency=a.concurrency))
        accepted = sent["statuses"].get(201, 0)
        waited = asyncio.run(load.wait_assigned(self.mongo_url, expected=accepted, since=sent["started"],
                                                timeout=a.drain_timeout))
        cpu = meter.read()
        self.procs.stop(*SERVICES)
        submit_s = sent["finished"] - sent["started"]
        xiuhua = {"reports": a.reports, "accepted": accepted, "statuses": sent["statuses"],
                  "submit_seconds": round(submit_s, 3), "submit_per_s": round(accepted / submit_s, 1),
                  "counts": waited["counts"], "cpu": cpu}
        for key, label in (("tasks", "task"), ("issues_assigned", "issue")):
            seconds = waited["seconds"].get(key)
            xiuhua[f"{label}_assigned_seconds"] = round(seconds, 3) if seconds else None
            xiuhua[f"{label}_assigned_per_s"] = round(accepted / seconds, 1) if seconds else None

        say(f"broker round trip: {a.reports} persistent confirmed messages through a quorum queue")
        meter = self.procs.meter()
        ceiling = asyncio.run(load.broker_round_trip(self.amqp_url, body, count=a.reports))
        ceiling["cpu"] = meter.read()
        routed = xiuhua["issue_assigned_per_s"]
        return {"xiuhua": xiuhua, "ceiling": ceiling, "ratio": ratio(routed, ceiling["msgs_per_s"])}

    # -- 3. SMS fan-out ----------------------------------------------------------------------
    def fanout(self) -> dict:
        a = self.args
        run = int(datetime.now(UTC).timestamp()) % 1000
        provider = {"XIUHUA_DEV_SMS_INBOX": "1", "DEV_SMS_ACCESS_KEYS": f"{fanout.KEY_ID}:{fanout.KEY_SECRET}",
                    "DEV_SMS_PER_MINUTE": "1000000", "DEV_SMS_PER_HOUR": "1000000", "REDIS_PREFIX": f"bench{run}"}
        self.start_services(["devsms"], **provider)
        endpoint = f"127.0.0.1:{PORTS['devsms']}"
        say(f"SMS ceiling: {a.sms} SendSms calls straight to the local provider, {a.sms_workers} threads")
        meter = self.procs.meter("devsms")
        ceiling = fanout.direct_calls(endpoint, count=a.sms, workers=a.sms_workers, run=run)
        ceiling["cpu"] = meter.read()
        self.procs.stop("devsms")
        self.start_services(["devsms"], **(provider | {"REDIS_PREFIX": f"bench{run}x"}))
        self.start_services(["smsgateway"], MONGO_DB=f"bench_smsgateway_{run}", SMS_ENDPOINT=endpoint,
                            SMS_PROTOCOL="http", SMS_ACCESS_KEY_ID=fanout.KEY_ID,
                            SMS_ACCESS_KEY_SECRET=fanout.KEY_SECRET, SMS_WORKERS=str(a.sms_workers),
                            SMS_RECEIPT_TOKEN=secrets.token_urlsafe(32), NOTIFICATION_URL="",
                            CONSUMER_NAME=f"bench-smsgateway-{run}")
        say(f"SMS fan-out: {a.sms} sms.requested events through xiuhua-smsgateway to the local provider")
        meter = self.procs.meter("devsms", "smsgateway")
        started = asyncio.run(fanout.publish_requests(self.amqp_url, count=a.sms, run=run))
        seconds = asyncio.run(fanout.wait_sent(base_url("devsms"), expected=a.sms, started=started,
                                               timeout=a.drain_timeout))
        xiuhua = {"messages": a.sms, "seconds": round(seconds, 3) if seconds else None,
                  "msgs_per_s": round(a.sms / seconds, 1) if seconds else None, "cpu": meter.read()}
        self.procs.stop("devsms", "smsgateway")
        asyncio.run(load.delete_queues(self.amqp_url, f"xiuhua.bench-smsgateway-{run}",
                                       f"xiuhua.bench-smsgateway-{run}.dlq"))
        return {"xiuhua": xiuhua, "ceiling": ceiling, "ratio": ratio(xiuhua["msgs_per_s"], ceiling["calls_per_s"])}

    # -- helpers ----------------------------------------------------------------------------
    def start_services(self, names: list[str], **extra: str) -> None:
        for name in names:
            # The console script beside this interpreter, not `uv run`: one process per service.
            script = shutil.which(f"xiuhua-{name}", path=str(Path(sys.executable).parent))
            if script is None:
                raise Failed(f"xiuhua-{name} is not installed; run `uv sync --all-packages`")
            self.procs.start(name, [script], dict(self.env, PORT=str(PORTS[name]), **extra), port=PORTS[name])
        self.procs.wait_ready({name: base_url(name) + "/readyz" for name in names})

    def put(self, url: str, path: str, body: dict) -> None:
        response = httpx.put(url + path, json=body, headers={"Authorization": f"Bearer {self.admin}"}, timeout=10)
        if response.status_code >= 400:
            raise Failed(f"PUT {path}: {response.status_code} {response.text}")

    def seed_team(self) -> None:
        community = demo.COMMUNITY_ID
        self.put(base_url("intake"), f"/intake/v1/communities/{community}", demo.COMMUNITY)
        self.put(base_url("assignment"), f"/assignment/v1/teams/{community}", demo.TEAM)
        for index, (member_id, name, role, areas) in enumerate(demo.MEMBERS, start=1):
            body = {"name": name, "phone": demo.member_phone(index), "role": role, "areas": areas}
            self.put(base_url("assignment"), f"/assignment/v1/teams/{community}/members/{member_id}", body)


def ratio(value: float | None, ceiling: float | None) -> float | None:
    return round(value / ceiling, 3) if value and ceiling else None


def fmt(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def fmt_ratio(value: float | None) -> str:
    # Small ratios keep a third digit: 0.013 and 0.006 must not both read 0.01.
    return fmt(value, 2 if value is None or value >= 0.1 else 3)


def busy(run: dict) -> str:
    return f"{run['cpu']['machine_busy']:.0%}"


def table(http: dict | None, pipe: dict | None, sms: dict | None = None, timers: dict | None = None) -> str:
    rows = [("benchmark", "xiuhua", "ceiling", "ratio")]
    if http:
        x, c = http["xiuhua"], http["ceiling"]
        rows += [("intake POST /issues (req/s)", fmt(x["req_per_s"]), fmt(c["req_per_s"]),
                  fmt_ratio(http["ratio"])),
                 ("  p50 / p99 latency (ms)", f"{x['p50_ms']:.0f} / {x['p99_ms']:.0f}",
                  f"{c['p50_ms']:.0f} / {c['p99_ms']:.0f}", ""),
                 ("  machine CPU busy", busy(x), busy(c), "")]
    if pipe:
        x, c = pipe["xiuhua"], pipe["ceiling"]
        rows += [("pipeline submit→assigned (/s)", fmt(x["issue_assigned_per_s"]), fmt(c["msgs_per_s"]),
                  fmt_ratio(pipe["ratio"])),
                 ("  submit (req/s) / tasks (/s)",
                  f"{fmt(x['submit_per_s'], 0)} / {fmt(x['task_assigned_per_s'], 0)}", "", ""),
                 ("  machine CPU busy", busy(x), busy(c), "")]
    if sms:
        x, c = sms["xiuhua"], sms["ceiling"]
        rows += [("SMS fan-out requested→sent (/s)", fmt(x["msgs_per_s"]), fmt(c["calls_per_s"]),
                  fmt_ratio(sms["ratio"])),
                 ("  machine CPU busy", busy(x), busy(c), "")]
    if timers:
        x, c = timers["xiuhua"], timers["ceiling"]
        rows += [(f"timer lateness p50 (ms), {timers['pending']:,} pending", fmt(x["p50_ms"], 0), fmt(c["p50_ms"], 0),
                  fmt_ratio(timers["ratio"])),
                 ("  p99 (ms)", fmt(x["p99_ms"], 0), fmt(c["p99_ms"], 0), "")]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    return "\n".join((f"{r[0]:<{widths[0]}}  " + "  ".join(f"{r[i]:>{widths[i]}}" for i in (1, 2, 3))).rstrip()
                     for r in rows)


def problems(http: dict | None, pipe: dict | None, sms: dict | None = None) -> list[str]:
    """Figures that must not be trusted: refused requests, socket errors, reports never assigned."""
    found = []
    for label, run in (http or {}).items():
        if isinstance(run, dict) and (run["non_2xx"] or run["socket_errors"]):
            found.append(f"{label}: {run['non_2xx']} non-2xx responses, {run['socket_errors']} socket errors")
    if pipe:
        x = pipe["xiuhua"]
        if x["accepted"] != x["reports"]:
            found.append(f"pipeline: only {x['accepted']} of {x['reports']} reports accepted ({x['statuses']})")
        if x["issue_assigned_per_s"] is None:
            found.append(f"pipeline: not all assigned within the wait ({x['counts']})")
    if sms:
        if sms["xiuhua"]["msgs_per_s"] is None:
            found.append("SMS fan-out: not every message sent within the wait")
        if sms["ceiling"]["ok"] != sms["ceiling"]["calls"]:
            found.append(f"SMS ceiling: only {sms['ceiling']['ok']} of {sms['ceiling']['calls']} calls answered OK")
    return found


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seconds", type=float, default=10, help="each measured wrk run")
    ap.add_argument("--warmup", type=float, default=2, help="each wrk warm-up run, not counted")
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--reports", type=int, default=2000, help="reports sent through the pipeline")
    ap.add_argument("--concurrency", type=int, default=32, help="reports in flight at once")
    ap.add_argument("--drain-timeout", type=float, default=90, help="give up waiting for assignment after this")
    ap.add_argument("--sms", type=int, default=1000, help="sms.requested events through the SMS gateway")
    ap.add_argument("--sms-workers", type=int, default=8, help="SendSms calls in flight (gateway and ceiling)")
    ap.add_argument("--only", choices=["http", "pipeline", "fanout", "timers"], action="append",
                    help="run only these benchmarks (repeatable); all by default")
    ap.add_argument("--port-shift", type=int, default=0, help="move the bench's own ports (186xx) by this much")
    args = ap.parse_args(argv)
    # SIGTERM unwinds like Ctrl-C, so the finally below stops what we started.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))

    for name in PORTS:
        PORTS[name] += args.port_shift
    wanted = set(args.only or ("http", "pipeline", "fanout", "timers"))
    bench = Bench(args)
    http = pipe = sms = timers = None
    failure = None
    try:
        http = bench.http() if "http" in wanted else None
        pipe = bench.pipeline() if "pipeline" in wanted else None
        sms = bench.fanout() if "fanout" in wanted else None
        if "timers" in wanted:
            say("durable timers: 10,000 pending, 1,000 falling due over 20 s, two replicas")
            timers = asyncio.run(timer_bench.measure(bench.mongo_url))
    except Failed as exc:
        failure = str(exc)
    except KeyboardInterrupt:
        failure = "interrupted"
    finally:
        bench.procs.stop()

    print("\n" + table(http, pipe, sms, timers), flush=True)
    issues = problems(http, pipe, sms) + ([failure] if failure else [])
    if timers and not timers["xiuhua"]["fired_once"]:
        issues.append(f"timers: not every timer fired exactly once ({timers['xiuhua']})")
    results = {"at": datetime.now(UTC).isoformat(timespec="seconds"), "cpus": os.cpu_count(),
               "python": platform.python_version(), "settings": vars(args),
               "intake_http": http, "pipeline": pipe, "sms_fanout": sms, "timers": timers, "problems": issues}
    STATE.mkdir(parents=True, exist_ok=True)
    (STATE / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    print(f"\nfigures in {(STATE / 'results.json').relative_to(HERE.parent)}; "
          "ratios hold within one run only — compare side by side, never across machines or runs")
    for issue in issues:
        print(f"bench: PROBLEM: {issue}", file=sys.stderr)
    return 1 if issues else 0


if __name__ == "__main__":
    sys.exit(main())
