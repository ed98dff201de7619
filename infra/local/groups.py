"""Process groups of local runs (the launcher and the benchmark): each child leads its own
group, since `uv run` keeps the real server as its own child. Stdlib only."""
from __future__ import annotations

import os
import signal
import subprocess
import time
import urllib.request
from pathlib import Path


def http_ok(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as r:
            return r.status == 200
    except OSError:
        return False


def group_members(pgid: int) -> list[int]:
    """Live (non-zombie) processes in a process group, read from /proc."""
    members = []
    for d in Path("/proc").iterdir():
        if d.name.isdigit():
            try:
                fields = (d / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if fields[0] != "Z" and int(fields[2]) == pgid:
                members.append(int(d.name))
    return members


def stop_groups(pids: dict[str, int], procs: dict[str, subprocess.Popen] | None = None,
                grace: float = 10.0) -> None:
    """SIGTERM whole process groups (uvicorn drains and closes its clients), SIGKILL what is
    left after ``grace`` seconds."""
    def running() -> list[int]:
        for proc in (procs or {}).values():
            proc.poll()  # reap our own children so they do not linger as zombies
        return [pgid for pgid in pids.values() if group_members(pgid)]

    for sig in (signal.SIGTERM, signal.SIGKILL):
        for pgid in running():
            try:
                os.killpg(pgid, sig)
            except (ProcessLookupError, PermissionError):
                pass
        end = time.monotonic() + grace
        while running() and time.monotonic() < end:
            time.sleep(0.1)
    for proc in (procs or {}).values():
        proc.wait()


def load(name: str):
    """Load a sibling module of this folder (it is a folder of scripts, not a package)."""
    import importlib.util
    import sys

    spec = importlib.util.spec_from_file_location(f"xiuhua_local_{name}", Path(__file__).parent / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up there
    spec.loader.exec_module(module)
    return module
