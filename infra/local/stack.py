#!/usr/bin/env python3
"""Run the whole xiuhua platform locally: servers, the four services and the nginx gateway.

    stack.py run    [--profile dev|test] [--no-servers]   supervise in the foreground
    stack.py stop   [--profile dev|test] [--no-servers]
    stack.py status [--profile dev|test]

With XIUHUA_DEV_SMS_INBOX=1 (`make run` sets it) it also runs the local SMS provider
(xiuhua-devsms), points the SMS gateway at it and routes /dev/sms/ to its inbox on the gateway;
without it, neither exists and the SMS gateway uses the SMS_* settings of the environment.
Everything listens on 127.0.0.1; GATEWAY_HOST (e.g. 0.0.0.0) opens the gateway to the network, and
is refused while the inbox, which shows every login code, is on. Links in SMS texts and QR codes
carry XIUHUA_PUBLIC_URL: the environment's, else with GATEWAY_HOST=0.0.0.0 this machine's LAN
address, else the gateway's own (which only this machine opens).
Ctrl-C (or `stack.py stop`) stops the services, nginx and then the servers.
"""
from __future__ import annotations

import argparse
import importlib.util
import os
import secrets
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[1]

# The services: name -> command. Ports per profile below.
SERVICES = {
    "intake": ["uv", "run", "--no-sync", "xiuhua-intake"],
    "assignment": ["uv", "run", "--no-sync", "xiuhua-assignment"],
    "notification": ["uv", "run", "--no-sync", "xiuhua-notification"],
    "reporting": ["uv", "run", "--no-sync", "xiuhua-reporting"],
    "smsgateway": ["uv", "run", "--no-sync", "xiuhua-smsgateway"],
}
DEV_PORTS = {"intake": 8001, "assignment": 8002, "notification": 8003, "reporting": 8004, "devsms": 8005,
             "smsgateway": 8006, "gateway": 8080}
PORTS = {"dev": DEV_PORTS, "test": {name: port + 10000 for name, port in DEV_PORTS.items()}}
SEED = ["uv", "run", "--no-sync", "xiuhua", "seed", "--url"]
READY_DEADLINE = 60.0
STOP_GRACE = 10.0


def _load_groups():
    spec = importlib.util.spec_from_file_location("xiuhua_local_groups", HERE / "groups.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


groups = _load_groups()
servers = groups.load("servers")
gateway, inbox, people = groups.load("gateway"), groups.load("inbox"), groups.load("people")
# The development SMS inbox: started only with XIUHUA_DEV_SMS_INBOX=1; it shows every login code.
INBOX_SWITCH, DEV_SMS = inbox.SWITCH, inbox.APPS
MANAGED = [*SERVICES, *DEV_SMS, "nginx"]  # every process that may have a pid file
alive, read_pid = servers.alive, servers.read_pid
http_ok, group_members, stop_groups = groups.http_ok, groups.group_members, groups.stop_groups


class Stop(Exception):
    """Raised from the SIGINT/SIGTERM handler to unwind into the cleanup."""


def say(msg: str) -> None:
    print(f"xiuhua: {msg}", flush=True)


class Stack:
    def __init__(self, profile: str, with_servers: bool = True):
        self.profile, self.with_servers = profile, with_servers
        self.inbox = inbox.switched_on()
        # What this run starts besides nginx: the services and, when switched on, the SMS inbox.
        self.apps = SERVICES | (DEV_SMS if self.inbox else {})
        self.data = servers.PROFILES[profile].data
        self.run_dir, self.log_dir = self.data / "run", self.data / "log"
        self.ports = PORTS[profile]
        self.gateway_host = os.environ.get("GATEWAY_HOST", "").strip() or gateway.LOOPBACK
        self.gateway = f"http://{self._reach(self.gateway_host)}:{self.ports['gateway']}"
        self.public_url = self._public_url()
        self.children: dict[str, subprocess.Popen] = {}
        self.commands: dict[str, tuple[list[str], dict[str, str]]] = {}
        self.log_start: dict[str, int] = {}  # where this run's part of each log begins

    @staticmethod
    def _host_of(url: str) -> str:
        return urlsplit(url).hostname or ""

    @staticmethod
    def _reach(host: str) -> str:
        """Where this machine reaches a gateway listening on ``host``."""
        if host in ("0.0.0.0", "localhost"):
            return "127.0.0.1"
        return "[::1]" if host.strip("[]") == "::" else gateway.listen_host(host)

    def _public_url(self) -> str:
        """What links and QR codes carry: a phone on the LAN must open it (issue 21 §14)."""
        if given := os.environ.get("XIUHUA_PUBLIC_URL", "").strip():
            return given.rstrip("/")
        port = self.ports["gateway"]
        if self.gateway_host.strip("[]") in ("0.0.0.0", "::"):  # every address: the LAN's is the one to print
            lan = gateway.lan_address()
            return f"http://{lan}:{port}" if lan else self.gateway
        if not gateway.is_loopback(self.gateway_host):  # one address of this machine's, named
            return f"http://{gateway.listen_host(self.gateway_host)}:{port}"
        return self.gateway

    def exposed_inbox(self) -> str | None:
        """Why this run must not start: the inbox would show every login code to the network."""
        if not self.inbox or gateway.is_loopback(self.gateway_host):
            return None
        return (f"refusing to start: GATEWAY_HOST={self.gateway_host} would show the development SMS inbox, "
                f"every login code included, to the network. Leave GATEWAY_HOST unset (127.0.0.1), "
                f"or run without the inbox: `make run {INBOX_SWITCH}=0`.")

    # -- pid files; each child leads its own process group, so a pid is also a pgid --
    def pidfile(self, name: str) -> Path:
        return self.run_dir / f"{name}.pid"

    def supervisor_pid(self) -> int | None:
        pid = read_pid(self.pidfile("stack"))
        return pid if alive(pid, "stack.py") else None

    def env(self) -> dict[str, str]:
        env = dict(os.environ, PYTHONUNBUFFERED="1", HOST="127.0.0.1",
                   XIUHUA_PUBLIC_URL=self.public_url, JWT_SECRET=self.jwt_secret())
        for key, value in servers.env_for(self.profile).items():
            # With --no-servers, URLs already in the environment point at the outside servers.
            env[key] = env.get(key, value) if not self.with_servers else value
        return env

    def jwt_secret(self) -> str:
        """JWT_SECRET from the environment wins, as it does for `xiuhua token`."""
        path = self.data / "jwt_secret"
        if os.environ.get("JWT_SECRET"):
            return os.environ["JWT_SECRET"]
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(32) + "\n")
            path.chmod(0o600)
        return path.read_text().strip()

    def sms_env(self, name: str) -> dict[str, str]:
        """The SMS gateway reports to notification; with the inbox on, it sends through the local
        provider, which posts its receipts back to it (SMS_PROVIDER=tencent switches both)."""
        local = "http://127.0.0.1:{}"
        if name == "smsgateway":
            # The receipt URLs' secret (required): the environment's for a real provider, else the stack's own.
            env = {"NOTIFICATION_URL": local.format(self.ports["notification"]),
                   "SMS_RECEIPT_TOKEN": os.environ.get("SMS_RECEIPT_TOKEN") or self.receipt_token()}
            if self.inbox:
                env |= {"SMS_ENDPOINT": f"127.0.0.1:{self.ports['devsms']}", "SMS_PROTOCOL": "http",
                        "SMS_ACCESS_KEY_ID": inbox.DEV_KEY_ID, "SMS_ACCESS_KEY_SECRET": inbox.DEV_KEY_SECRET,
                        "SMS_SDK_APP_ID": inbox.DEV_TENCENT_APP_ID, "SMS_RECEIPT_TOKEN": self.receipt_token()}
            return env
        if name in DEV_SMS:
            receipts = f"{local.format(self.ports['smsgateway'])}/smsgateway/v1/receipts"
            token = self.receipt_token()
            return {"DEV_SMS_ALIYUN_REPORT_URL": f"{receipts}/aliyun?token={token}",
                    "DEV_SMS_TENCENT_CALLBACK_URL": f"{receipts}/tencent?token={token}"}
        return {}

    def receipt_token(self) -> str:
        """The SMS gateway refuses one shorter than 32 bytes: one from before that rule is replaced."""
        path = self.data / "sms_receipt_token"
        if not path.exists() or len(path.read_text().strip().encode()) < 32:
            path.write_text(secrets.token_urlsafe(32) + "\n")
            path.chmod(0o600)
        return path.read_text().strip()

    def render_nginx(self) -> Path:
        urls = {name: f"http://127.0.0.1:{self.ports[name]}" for name in self.apps}
        return gateway.write(prefix=self.data / "nginx", host=self.gateway_host, port=self.ports["gateway"],
                             web_root=ROOT / "web", upstreams=urls, dev_sms=urls.get("devsms"))

    def nginx_cmd(self, conf: Path) -> list[str]:
        nginx = shutil.which("nginx") or "/usr/sbin/nginx"
        prefix = conf.parent
        return [nginx, "-e", str(prefix / "logs" / "error.log"), "-p", str(prefix),
                "-c", str(conf), "-g", gateway.directives()]

    def spawn(self, name: str, cmd: list[str], env: dict[str, str]) -> None:
        self.commands[name] = (cmd, env)
        log = open(self.log_dir / f"{name}.log", "a")
        self.log_start[name] = log.tell()
        log.write(f"--- {time.strftime('%Y-%m-%d %H:%M:%S')} {' '.join(cmd)}\n")
        log.flush()
        # A new session keeps the terminal's Ctrl-C away from children: we stop them in order.
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdin=subprocess.DEVNULL,
                                stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
        log.close()
        self.children[name] = proc
        self.pidfile(name).write_text(f"{proc.pid}\n")

    def wait_ready(self) -> str | None:
        """Poll every /readyz (and the gateway); return the name of a failure, or None."""
        urls = {name: f"http://127.0.0.1:{self.ports[name]}/readyz" for name in self.apps}
        urls["nginx"] = f"{self.gateway}/gateway/healthz"
        pending, end = dict(urls), time.monotonic() + READY_DEADLINE
        while pending:
            for name in list(pending):
                if self.children[name].poll() is not None:
                    say(f"{name} exited with code {self.children[name].returncode}")
                    return name
                if http_ok(pending[name]):
                    del pending[name]
            if time.monotonic() > end:
                say(f"not ready after {READY_DEADLINE:.0f}s: {', '.join(pending)}")
                return next(iter(pending))
            time.sleep(0.5)
        return None

    def explain(self, name: str) -> None:
        log = self.log_dir / f"{name}.log"
        with open(log, errors="replace") as f:
            f.seek(self.log_start[name])
            lines = f.read().splitlines()[-25:]
        print(f"--- last lines of {log.relative_to(ROOT)}:", *lines, sep="\n", flush=True)
        if any("Failed to spawn" in line for line in lines):
            print("(the command is not installed: run infra/scripts/bootstrap.sh, "
                  "or `uv sync --all-packages`)", flush=True)

    def seed(self, env: dict[str, str]) -> None:
        """Once per version of the demo data: the marker holds its fingerprint, so data seeded
        before the demo directory grew (staff, property company, admins) is completed once."""
        marker = self.data / "seeded"
        version = people.demo_version()
        if marker.exists() and marker.read_text().strip() == version:
            return
        say("seeding demo data")
        # with the replay clock on, the demo's past weeks too (once: skipped if issues exist)
        history = ["--history"] if env.get("XIUHUA_REPLAY_CLOCK", "").strip() == "1" else []
        if subprocess.run(SEED + [self.gateway, *history], cwd=ROOT, env=env).returncode == 0:
            marker.write_text(version + "\n")
        else:
            say("seeding failed; it will be retried on the next run")

    def banner(self, env: dict[str, str]) -> None:
        cli = ".venv/bin/xiuhua"  # a new shell may have no `uv` on its PATH; the venv is always there
        inbox_url = f"{self.gateway}/dev/sms/"
        lines = [f"xiuhua ({self.profile}) is up. Ctrl-C stops it.", f"  pages         {self.gateway}/"]
        reach = ("only this machine opens them: `make run GATEWAY_HOST=0.0.0.0 XIUHUA_DEV_SMS_INBOX=0` for phones"
                 if gateway.is_loopback(self._host_of(self.public_url)) else "for phones on the network")
        lines.append(f"  links, QR     {self.public_url}  ({reach})")
        if self.inbox:
            lines.append(f"  SMS inbox     {inbox_url}  (every SMS the platform sends, login codes included)")
        else:
            lines.append(f"  SMS inbox     off ({INBOX_SWITCH}=1 turns it on; codes go to the SMS gateway)")
        lines += [f"  {name:<13} {self.gateway}/{name}/docs" for name in SERVICES if name != "smsgateway"]
        # a real provider's receipt URL needs the token the stack made (unless the environment set one)
        own_token = not self.inbox and not os.environ.get("SMS_RECEIPT_TOKEN")
        token_query = f"?token=$(cat {self.data.relative_to(ROOT) / 'sms_receipt_token'})" if own_token else ""
        lines.append(f"  SMS gateway   sends through {os.environ.get('SMS_PROVIDER', 'aliyun')}"
                     f"{' (the local provider)' if self.inbox else ''}; receipts at "
                     f"{self.gateway}/smsgateway/v1/receipts/{{aliyun,tencent}}{token_query}")
        if self.with_servers:
            port = servers.PROFILES[self.profile].management
            lines.append(f"  RabbitMQ UI   http://127.0.0.1:{port}  (guest/guest)")
        lines += [f"  {key:<13} {env[key]}" for key in ("AMQP_URL", "MONGO_URL", "REDIS_URL")]
        secret = self.data.relative_to(ROOT) / "jwt_secret"
        token_env = "" if self.profile == "dev" or os.environ.get("JWT_SECRET") else f"JWT_SECRET=$(cat {secret}) "
        url = "" if self.profile == "dev" else f" --url {self.gateway}"
        lines += [f"  logs          {self.log_dir.relative_to(ROOT)}/",
                  f"  token         {token_env}{cli} token --role lead --community huayuan"]
        if self.inbox:
            lines.append(f"  login         {cli} login 13800001234{url}  (code from the SMS inbox; prints a token)")
        lines += people.lines(gateway=self.gateway, inbox=inbox_url if self.inbox else None)
        print("\n".join(lines), flush=True)

    def run(self) -> int:
        if refusal := self.exposed_inbox():
            say(refusal)
            return 2
        pid = self.supervisor_pid()
        if pid:
            print(f"xiuhua is already running (pid {pid}); `make stop` stops it")
            return 0
        for d in (self.run_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        if self.kill_leftovers():  # they would hold the ports
            say("stopped processes left over from an earlier run")
        self.pidfile("stack").write_text(f"{os.getpid()}\n")

        def on_signal(signum, _frame):
            raise Stop(signal.Signals(signum).name)

        signal.signal(signal.SIGINT, on_signal)
        signal.signal(signal.SIGTERM, on_signal)
        code = 0
        try:
            if self.with_servers:
                servers.up(self.profile)
                inbox.drop_queues(servers.PROFILES[self.profile].management, say)
            env = self.env()
            for name, cmd in self.apps.items():
                switch = {INBOX_SWITCH: "1"} if name in DEV_SMS else {}
                self.spawn(name, cmd, dict(env, PORT=str(self.ports[name]), **switch, **self.sms_env(name)))
            self.spawn("nginx", self.nginx_cmd(self.render_nginx()), env)
            failed = self.wait_ready()
            if failed:
                self.explain(failed)
                code = 1
                return code
            self.seed(env)
            self.banner(env)
            self.watch()
        except Stop as e:
            say(f"{e}: stopping")
        except SystemExit as e:  # a server failed to start
            print(e, file=sys.stderr, flush=True)
            code = 1
        finally:
            signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not cut cleanup short
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            self.shutdown()
        return code

    def watch(self) -> None:
        """Restart a child that died, with a growing pause, as Kubernetes would: the services
        keep nothing in memory that a restart could lose."""
        restarts: dict[str, int] = {}
        due: dict[str, float] = {}
        while True:
            now = time.monotonic()
            for name, proc in list(self.children.items()):
                if proc.poll() is None:
                    continue
                if name not in due:
                    pause = min(2 ** restarts.get(name, 0), 30)
                    due[name] = now + pause
                    say(f"{name} exited with code {proc.returncode}; restarting in {pause}s "
                        f"(see {(self.log_dir / (name + '.log')).relative_to(ROOT)})")
                elif now >= due[name]:
                    del due[name]
                    restarts[name] = restarts.get(name, 0) + 1
                    self.spawn(name, *self.commands[name])
            time.sleep(0.5)

    def shutdown(self) -> None:
        stop_groups({name: proc.pid for name, proc in self.children.items()}, self.children, STOP_GRACE)
        for name in MANAGED:
            self.pidfile(name).unlink(missing_ok=True)
        if self.with_servers:
            servers.down(self.profile)
        self.pidfile("stack").unlink(missing_ok=True)
        say("stopped")

    def kill_leftovers(self) -> bool:
        """Stop service/nginx process groups a killed supervisor left behind."""
        leftovers = {}
        for name in MANAGED:  # the inbox too, whatever this run's switch says
            pid = read_pid(self.pidfile(name))
            marker = "nginx" if name == "nginx" else (SERVICES | DEV_SMS)[name][-1]
            # Also a group whose leader (uv) is gone but whose service lives on.
            if alive(pid, marker) or (pid and not Path(f"/proc/{pid}").exists() and group_members(pid)):
                leftovers[name] = pid
            self.pidfile(name).unlink(missing_ok=True)
        stop_groups(leftovers, grace=STOP_GRACE)
        return bool(leftovers)

    def stop(self) -> int:
        pid = self.supervisor_pid()
        if pid:
            say(f"stopping the supervisor (pid {pid})")
            os.kill(pid, signal.SIGTERM)
            end = time.monotonic() + 120  # it stops the services, then the servers
            while alive(pid, "stack.py") and time.monotonic() < end:
                time.sleep(0.3)
        found = self.kill_leftovers() or pid
        if self.with_servers:
            servers.down(self.profile)
        self.pidfile("stack").unlink(missing_ok=True)
        if not found:
            print("xiuhua is not running")
        return 0

    def status(self) -> int:
        pid = self.supervisor_pid()
        print(f"supervisor: {'pid ' + str(pid) if pid else 'not running'}")
        names = [*SERVICES, *(DEV_SMS if self.inbox or self.pidfile("devsms").exists() else ())]
        urls = {n: f"http://127.0.0.1:{self.ports[n]}/readyz" for n in names}
        urls["gateway"] = f"{self.gateway}/gateway/healthz"
        for name, url in urls.items():
            print(f"{'ready' if http_ok(url) else 'down '}  {name:<13} {url}")
        servers.status(self.profile)
        return 0 if pid else 3


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("command", choices=["run", "stop", "status"])
    ap.add_argument("--profile", choices=sorted(PORTS), default="dev")
    ap.add_argument("--no-servers", action="store_true",
                    help="servers are managed elsewhere (AMQP_URL, MONGO_URL, REDIS_URL from the environment)")
    a = ap.parse_args(argv)
    stack = Stack(a.profile, with_servers=not a.no_servers)
    return getattr(stack, a.command)()


if __name__ == "__main__":
    sys.exit(main())
