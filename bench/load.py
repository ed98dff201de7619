"""The measurements themselves: wrk against an HTTP endpoint, a batch of reports through the
running pipeline, and the bare broker round trip that is the pipeline's ceiling."""

from __future__ import annotations

import asyncio
import json
import shutil
import time
from collections import Counter
from pathlib import Path

import aio_pika
import httpx
from pymongo import AsyncMongoClient

from bench.procs import Failed, Procs

HERE = Path(__file__).resolve().parent
BROKER_EXCHANGE = BROKER_QUEUE = "bench.roundtrip"
RELAY_BATCH = 100  # the outbox relay publishes up to this many events at once


# --- HTTP: wrk ------------------------------------------------------------------------------

def wrk(procs: Procs, name: str, url: str, env: dict[str, str], *, seconds: float, connections: int,
        threads: int) -> dict:
    """One wrk run with post.lua; its done() hook prints a single JSON line we read back."""
    binary = shutil.which("wrk")
    if binary is None:
        raise Failed("wrk is not installed (bench.sh installs it with apt-get)")
    cmd = [binary, "-t", str(threads), "-c", str(connections), "-d", f"{seconds:g}s", "--timeout", "10s",
           "-s", str(HERE / "post.lua"), url]
    output = procs.run(name, cmd, env, timeout=seconds + 60)
    line = next((ln for ln in output.splitlines() if ln.startswith("BENCH ")), None)
    if line is None:
        raise Failed(f"{name}: no summary line from post.lua:\n{output[-2000:]}")
    raw = json.loads(line.removeprefix("BENCH "))
    errors = sum(raw[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts"))
    return {
        "requests": raw["requests"],
        "seconds": round(raw["duration_us"] / 1e6, 3),
        "req_per_s": round(raw["requests"] / (raw["duration_us"] / 1e6), 1),
        "p50_ms": round(raw["p50_us"] / 1000, 1),
        "p99_ms": round(raw["p99_us"] / 1000, 1),
        "non_2xx": raw["non_2xx"],
        "socket_errors": errors,
    }


# --- Broker plumbing ------------------------------------------------------------------------

async def declare_sink(amqp_url: str, exchange: str, queue: str) -> None:
    """A quorum queue taking every event of ``exchange``, so that publishing costs what it costs
    when consumers are bound (the ceiling publishes into a bound queue too)."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        await channel.declare_exchange(exchange, aio_pika.ExchangeType.TOPIC, durable=True)
        q = await channel.declare_queue(queue, durable=True, arguments={"x-queue-type": "quorum"})
        await q.bind(exchange, routing_key="#")


async def delete_queues(amqp_url: str, *names: str) -> None:
    """Drop the queues the HTTP runs filled, so they do not weigh on the pipeline run."""
    connection = await aio_pika.connect(amqp_url)
    async with connection:
        channel = await connection.channel()
        for name in names:
            await channel.queue_delete(name)


# --- Pipeline: submit N reports, wait until intake shows them all assigned --------------------

async def submit_reports(url: str, token: str, body: bytes, *, count: int, concurrency: int) -> dict:
    headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    limits = httpx.Limits(max_connections=concurrency, max_keepalive_connections=concurrency)
    statuses: Counter[int] = Counter()
    todo = iter(range(count))  # shared by the workers: each takes the next report

    async def worker(client: httpx.AsyncClient) -> None:
        for _ in todo:
            response = await client.post("/intake/v1/issues", content=body)
            statuses[response.status_code] += 1

    async with httpx.AsyncClient(base_url=url, headers=headers, limits=limits, timeout=60) as client:
        started = time.monotonic()
        await asyncio.gather(*(worker(client) for _ in range(concurrency)))
        finished = time.monotonic()
    return {"started": started, "finished": finished, "statuses": dict(statuses)}


async def wait_assigned(mongo_url: str, *, expected: int, since: float, timeout: float) -> dict:
    """Poll MongoDB until assignment holds ``expected`` tasks and intake shows as many issues
    assigned; the times are seconds after ``since`` (the first submission)."""
    client: AsyncMongoClient = AsyncMongoClient(mongo_url)
    tasks = client["xiuhua_assignment"]["tasks"]
    issues = client["xiuhua_intake"]["issues"]
    done: dict[str, float] = {}
    counts = {"tasks": 0, "issues_assigned": 0}
    try:
        end = time.monotonic() + timeout
        while len(done) < 2 and time.monotonic() < end:
            counts["tasks"] = await tasks.count_documents({"status": "assigned"})
            counts["issues_assigned"] = await issues.count_documents({"community": "huayuan",
                                                                      "status": "assigned"})
            now = time.monotonic() - since
            for key, value in counts.items():
                if value >= expected:
                    done.setdefault(key, now)
            await asyncio.sleep(0.1)
    finally:
        await client.close()
    return {"counts": counts, "seconds": done}


# --- The pipeline's ceiling: N persistent confirmed messages through one quorum queue --------

async def broker_round_trip(amqp_url: str, body: bytes, *, count: int, prefetch: int = 32,
                            timeout: float = 60) -> dict:
    """Publish with confirms (in relay-sized concurrent batches) on one connection, consume with
    a manual ack per message (the services' prefetch) on another, as two services would."""
    publisher = await aio_pika.connect(amqp_url)
    consumer = await aio_pika.connect(amqp_url)
    try:
        pub = await publisher.channel(publisher_confirms=True)
        exchange = await pub.declare_exchange(BROKER_EXCHANGE, aio_pika.ExchangeType.TOPIC, durable=True)
        sub = await consumer.channel()
        await sub.set_qos(prefetch_count=prefetch)
        queue = await sub.declare_queue(BROKER_QUEUE, durable=True, arguments={"x-queue-type": "quorum"})
        await queue.bind(BROKER_EXCHANGE, routing_key="#")
        received, all_in = 0, asyncio.Event()

        async def on_message(message: aio_pika.abc.AbstractIncomingMessage) -> None:
            nonlocal received
            await message.ack()
            received += 1
            if received >= count:
                all_in.set()

        tag = await queue.consume(on_message)
        started = time.monotonic()
        for first in range(0, count, RELAY_BATCH):
            await asyncio.gather(*(
                exchange.publish(aio_pika.Message(body, message_id=str(i), content_type="application/json",
                                                  delivery_mode=aio_pika.DeliveryMode.PERSISTENT),
                                 routing_key="bench.issue.submitted")
                for i in range(first, min(first + RELAY_BATCH, count))))
        published = time.monotonic()
        try:
            await asyncio.wait_for(all_in.wait(), timeout=timeout)
        except TimeoutError:
            raise Failed(f"broker round trip: {received} of {count} messages back after {timeout:.0f}s") from None
        elapsed = time.monotonic() - started
        await queue.cancel(tag)  # first, or the broker tells the consumer its queue vanished
        await queue.delete(if_unused=False, if_empty=False)
        await exchange.delete()
    finally:
        await publisher.close()
        await consumer.close()
    return {"messages": count, "seconds": round(elapsed, 3), "publish_seconds": round(published - started, 3),
            "msgs_per_s": round(count / elapsed, 1)}
