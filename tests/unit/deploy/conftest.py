"""Fixtures for the deployment-file checks: the parsed docker-compose.yml and the rendered
kustomizations (every kustomization x every renderer)."""

from __future__ import annotations

import pytest
import yaml

from tests.unit.deploy.helpers import ROOT
from tests.unit.deploy.kustomize import render, rendering_params


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


@pytest.fixture(scope="module", params=rendering_params())
def rendered(request) -> tuple[str, str, list[dict]]:
    """(kustomization, namespace, objects); a test can narrow the kustomizations with
    `@pytest.mark.parametrize("rendered", rendering_params([...]), indirect=True)`."""
    return render(request.param)
