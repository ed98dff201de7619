"""infra/prometheus/alerts.yml: well-formed alerting rules whose expressions read metrics the
services really expose, with the labels they really carry."""

from __future__ import annotations

import re

import yaml
from prometheus_client import REGISTRY

import xiuhua_intake.app  # noqa: F401  (registers intake's metrics)
from tests.unit.deploy.helpers import ROOT
from xiuhua_intake.identity import limits

RULES = ROOT / "infra" / "prometheus" / "alerts.yml"


def exposed() -> set[str]:
    """Metric names as /metrics shows them."""
    return {f"{family.name}_total" if family.type == "counter" else family.name for family in REGISTRY.collect()}


def rules() -> list[dict]:
    return [rule for group in yaml.safe_load(RULES.read_text())["groups"] for rule in group["rules"]]


def test_every_rule_is_complete():
    assert rules()
    for rule in rules():
        assert re.fullmatch(r"[A-Z][A-Za-z]+", rule["alert"])
        assert rule["labels"]["severity"] in ("critical", "warning")
        assert rule["annotations"]["summary"] and rule["annotations"]["description"]


def test_the_expressions_read_metrics_the_services_expose():
    metrics = exposed()
    for rule in rules():
        for name in re.findall(r"xiuhua_[a-z_]+", rule["expr"]):
            assert name in metrics, f"{rule['alert']}: {name} is not a metric of the services"


def test_the_login_code_ceiling_has_an_alert_on_what_intake_counts():
    (rule,) = [r for r in rules() if r["alert"] == "LoginCodeCeilingReached"]
    assert 'xiuhua_login_codes_refused_total{limit="platform"}' in rule["expr"]
    limits.LOGIN_CODES_REFUSED.labels(limit="platform")  # the label's name (a wrong one raises)
    assert '_counted("platform"' in (ROOT / "services/intake/src/xiuhua_intake/identity/limits.py").read_text()
