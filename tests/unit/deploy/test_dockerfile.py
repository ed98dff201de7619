"""The Dockerfile (multi-stage, locked uv workspace, non-root runtime) and .dockerignore."""

from __future__ import annotations

import json
import re

from tests.unit.deploy.helpers import ROOT


def dockerfile_instructions() -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, with continuation lines joined and comments dropped."""
    logical, pending = [], ""
    for raw in (ROOT / "Dockerfile").read_text().splitlines():
        line = raw.strip()
        if not pending and (not line or line.startswith("#")):
            continue
        if line.startswith("#"):  # a comment inside a continued instruction
            continue
        if line.endswith("\\"):
            pending += line[:-1] + " "
            continue
        logical.append(pending + line)
        pending = ""
    assert not pending, "Dockerfile ends inside a continued line"
    pairs = []
    for entry in logical:
        word, _, rest = entry.partition(" ")
        pairs.append((word.upper(), rest.strip()))
    return pairs


def test_dockerfile_parses_with_known_instructions():
    known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT", "VOLUME",
             "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
    instructions = dockerfile_instructions()
    assert {word for word, _ in instructions} <= known
    assert sum(word == "FROM" for word, _ in instructions) >= 2, "expected a multi-stage build"


def test_dockerfile_runtime_stage():
    instructions = dockerfile_instructions()
    last_from = max(i for i, (word, _) in enumerate(instructions) if word == "FROM")
    runtime = instructions[last_from:]
    users = [args for word, args in runtime if word == "USER"]
    assert users, "the runtime stage must switch to a non-root USER"
    user = users[-1].split(":")[0]
    assert user not in {"root", "0"}
    # Numeric, so Kubernetes' runAsNonRoot can verify it; the manifests use the same UID.
    assert user.isdigit()
    env = " ".join(args for word, args in runtime if word == "ENV")
    assert "PATH=/app/.venv/bin:$PATH" in env
    assert "HOST=0.0.0.0" in env
    cmd = [args for word, args in runtime if word == "CMD"]
    assert cmd and json.loads(cmd[-1]) == ["xiuhua-intake"]
    assert any(word == "COPY" and "--from=" in args and "/app/.venv" in args for word, args in runtime)


def test_dockerfile_installs_the_locked_workspace():
    runs = [args for word, args in dockerfile_instructions() if word == "RUN"]
    syncs = [run for run in runs if "uv sync" in run]
    assert syncs, "the builder must install with uv sync"
    for run in syncs:
        assert "--frozen" in run and "--no-dev" in run and "--all-packages" in run
        assert "--no-group servers" in run
    assert any(re.search(r"pip install .*\buv\b", run) for run in runs), "uv comes from PyPI"


def test_dockerfile_copies_every_workspace_manifest():
    copies = [args for word, args in dockerfile_instructions() if word == "COPY" and "--from" not in args]
    sources = {src.rstrip("/") for args in copies for src in args.split()[:-1]}
    for src in sources:
        assert (ROOT / src).exists(), f"COPY source {src} is missing"
    # A new workspace member must be added to the dependency layer too.
    members = {str(p.relative_to(ROOT)) for p in ROOT.glob("libs/*/pyproject.toml")}
    members |= {str(p.relative_to(ROOT)) for p in ROOT.glob("services/*/pyproject.toml")}
    assert members and members <= sources
    assert {"pyproject.toml", "uv.lock"} <= sources


def test_dockerignore_keeps_local_state_out():
    entries = set((ROOT / ".dockerignore").read_text().split())
    assert {".git", ".venv", ".data", "**/__pycache__", ".pytest_cache"} <= entries
