"""The processes a bench run starts: each leads its own process group, is recorded in a pid
file (so bench.sh can stop it even if run.py dies) and logs to its own file."""

from __future__ import annotations

import importlib.util
import os
import socket
import subprocess
import time
from pathlib import Path

STOP_GRACE = 15.0
READY_DEADLINE = 60.0


def _load_groups():
    # infra/local is a folder of scripts, not a package: load its process-group helpers by path
    path = Path(__file__).resolve().parents[1] / "infra" / "local" / "groups.py"
    spec = importlib.util.spec_from_file_location("xiuhua_local_groups", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


groups = _load_groups()
http_ok = groups.http_ok


class Failed(Exception):
    """A process did not start, did not get ready, or a measurement could not be made."""


def port_free(port: int) -> bool:
    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def cpu_seconds(pid: int) -> float:
    """User plus system CPU time a process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def machine_ticks() -> tuple[int, int]:
    """(busy, total) CPU ticks of the whole machine since boot; idle and iowait count as idle."""
    values = [int(v) for v in Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:9]]
    return sum(values) - values[3] - values[4], sum(values)


class Meter:
    """Where the CPU went during a measurement: how busy the machine was (near 1.0 means the
    figures are CPU-bound) and how many cores each of our processes used."""

    def __init__(self, pids: dict[str, int]) -> None:
        self.pids = pids
        self.started = time.monotonic()
        self.ticks = machine_ticks()
        self.cpu = {name: cpu_seconds(pid) for name, pid in pids.items()}

    def read(self) -> dict:
        wall = time.monotonic() - self.started
        busy, total = machine_ticks()
        return {"machine_busy": round((busy - self.ticks[0]) / max(total - self.ticks[1], 1), 2),
                "cores": {name: round((cpu_seconds(pid) - self.cpu[name]) / wall, 2)
                          for name, pid in self.pids.items()}}


class Procs:
    def __init__(self, state_dir: Path) -> None:
        self.pid_dir, self.log_dir = state_dir / "pids", state_dir / "log"
        for d in (self.pid_dir, self.log_dir):
            d.mkdir(parents=True, exist_ok=True)
        self.children: dict[str, subprocess.Popen] = {}

    def log(self, name: str) -> Path:
        return self.log_dir / f"{name}.log"

    def start(self, name: str, cmd: list[str], env: dict[str, str], port: int | None = None) -> None:
        # Something else on the port would answer /readyz in our service's place.
        if port is not None and not port_free(port):
            raise Failed(f"port {port} for {name} is already taken")
        with open(self.log(name), "w") as log:
            # A session of its own: the terminal's Ctrl-C reaches run.py, which stops it in order.
            proc = subprocess.Popen(cmd, env=env, stdin=subprocess.DEVNULL, stdout=log,
                                    stderr=subprocess.STDOUT, start_new_session=True)
        self.children[name] = proc
        (self.pid_dir / f"{name}.pid").write_text(f"{proc.pid}\n")

    def run(self, name: str, cmd: list[str], env: dict[str, str], timeout: float) -> str:
        """Run to completion (wrk) and return what it printed."""
        self.start(name, cmd, env)
        try:
            code = self.children[name].wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.stop(name)
            raise Failed(f"{name} did not finish within {timeout:.0f}s") from None
        output = self.log(name).read_text(errors="replace")
        self.forget(name)
        if code != 0:
            raise Failed(f"{name} exited with code {code}:\n{output[-2000:]}")
        return output

    def wait_ready(self, urls: dict[str, str]) -> None:
        """Poll each /readyz until it answers 200; fail early when the process exits."""
        pending, end = dict(urls), time.monotonic() + READY_DEADLINE
        while pending:
            for name in list(pending):
                if self.children[name].poll() is not None:
                    raise Failed(f"{name} exited with code {self.children[name].returncode}:\n{self.tail(name)}")
                if http_ok(pending[name]):
                    del pending[name]
            if pending and time.monotonic() > end:
                raise Failed(f"not ready after {READY_DEADLINE:.0f}s: {', '.join(pending)}\n"
                             + "\n".join(self.tail(n) for n in pending))
            time.sleep(0.2)

    def meter(self, *names: str) -> Meter:
        return Meter({name: self.children[name].pid for name in names})

    def tail(self, name: str, lines: int = 25) -> str:
        text = self.log(name).read_text(errors="replace") if self.log(name).exists() else ""
        return f"--- last lines of {name}.log:\n" + "\n".join(text.splitlines()[-lines:])

    def stop(self, *names: str) -> None:
        """SIGTERM whole groups (uvicorn drains and closes its clients), SIGKILL after the grace."""
        names = names or tuple(self.children)
        children = {n: self.children[n] for n in names if n in self.children}
        groups.stop_groups({n: p.pid for n, p in children.items()}, children, STOP_GRACE)
        for n in children:
            self.forget(n)

    def forget(self, name: str) -> None:
        self.children.pop(name, None)
        (self.pid_dir / f"{name}.pid").unlink(missing_ok=True)
