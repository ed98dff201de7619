"""The Kubernetes manifests (k8s/base and the k8s/overlays/demo overlay), rendered by the Python
kustomize and by `kubectl kustomize` when kubectl is installed: the Kubernetes OpenAPI schemas (via
kubernetes-validate) and the platform contract (namespace, labels, probes, settings, gateway)."""

from __future__ import annotations

import base64
import re
import shutil
import subprocess

import pytest
import yaml

from tests.unit.deploy.helpers import CONTRACT_ENV, INFRA, K8S_DEMO, K8S_VERSION, NGINX_CONFIGS, ROOT, SERVICES
from tests.unit.deploy.kustomize import (
    CLUSTER_SCOPED,
    KUBECTL,
    NEEDS_KUBECTL,
    find,
    pod_containers,
    pod_spec,
    rendered_name,
    rendering_params,
)
from xiuhua_auth.keys import problem

try:
    import kubernetes_validate
except ImportError:  # a dev dependency, possibly not synced yet
    kubernetes_validate = None

# The OpenAPI schemas type a quantity as string-or-integer only; the API server parses it further.
QUANTITY = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+|[KMGTPE]i|[mkMGTPE])?")


@pytest.mark.skipif(kubernetes_validate is None, reason="kubernetes-validate is not installed")
def test_k8s_objects_match_the_openapi_schemas(rendered):
    _, _, objects = rendered
    failures = []
    for obj in objects:
        try:
            kubernetes_validate.validate(obj, K8S_VERSION, strict=True)
        except kubernetes_validate.ValidationError as error:
            failures.append(f"{obj['kind']}/{obj['metadata']['name']} "
                            f"{'.'.join(map(str, error.path))}: {error.message}")
    assert not failures, "\n".join(failures)


def test_k8s_resource_quantities_parse(rendered):
    _, _, objects = rendered
    for obj in objects:
        for container in pod_containers(obj):
            for bound in ("requests", "limits"):
                for resource, value in container.get("resources", {}).get(bound, {}).items():
                    where = f"{obj['metadata']['name']} {bound}.{resource}={value}"
                    assert QUANTITY.fullmatch(str(value)), where
        for claim in obj.get("spec", {}).get("volumeClaimTemplates", []):
            assert QUANTITY.fullmatch(str(claim["spec"]["resources"]["requests"]["storage"]))


def test_k8s_namespace_and_labels(rendered):
    which, namespace, objects = rendered
    assert find(objects, "Namespace", namespace)
    for obj in objects:
        if obj["kind"] not in CLUSTER_SCOPED:
            assert obj["metadata"].get("namespace") == namespace, obj["metadata"]["name"]
    for obj in objects:
        assert obj["metadata"]["labels"]["app.kubernetes.io/part-of"] == "xiuhua", obj["metadata"]["name"]
        if pod_spec(obj) is not None:
            assert obj["spec"]["template"]["metadata"]["labels"]["app.kubernetes.io/part-of"] == "xiuhua"
    seeds = [o for o in objects if o["kind"] == "Job"]
    if which == "base":
        assert not seeds, "the seed Job belongs to the demo overlay only"
    else:
        job = find(objects, "Job", "xiuhua-seed")
        assert job["spec"]["template"]["spec"]["containers"][0]["command"][:2] == ["xiuhua", "seed"]


@pytest.mark.parametrize("name", SERVICES)
def test_k8s_service_deployment(rendered, name):
    _, _, objects = rendered
    port = SERVICES[name]
    deployment = find(objects, "Deployment", name)
    pod = deployment["spec"]["template"]["spec"]
    (container,) = pod["containers"]
    assert container["image"].split(":")[0].rsplit("/", 1)[-1] == "xiuhua"
    assert container["command"] == [f"xiuhua-{name}"]
    assert [p["containerPort"] for p in container["ports"]] == [port]
    env = {e["name"]: e.get("value") for e in container.get("env", [])}
    assert env["PORT"] == str(port)
    assert container["readinessProbe"]["httpGet"]["path"] == "/readyz"
    assert container["livenessProbe"]["httpGet"]["path"] == "/healthz"
    assert container["startupProbe"]["httpGet"]["path"] == "/healthz"
    refs = {("configMap", e["configMapRef"]["name"]) if "configMapRef" in e
            else ("secret", e["secretRef"]["name"]) for e in container["envFrom"]}
    shared = {("configMap", rendered_name(objects, "ConfigMap", "xiuhua-config")),
              ("secret", rendered_name(objects, "Secret", "xiuhua-secrets"))}
    own = {("configMap", rendered_name(objects, "ConfigMap", "xiuhua-sms-config")),
           ("secret", rendered_name(objects, "Secret", "xiuhua-sms-secrets"))} if name == "smsgateway" else set()
    assert refs == shared | own
    resources = container["resources"]
    assert resources["requests"] and resources["limits"]
    security = container["securityContext"]
    assert security["readOnlyRootFilesystem"] is True
    assert security["allowPrivilegeEscalation"] is False
    assert security["capabilities"]["drop"] == ["ALL"]
    assert pod["securityContext"]["runAsNonRoot"] is True
    tmp = [m for m in container["volumeMounts"] if m["mountPath"] == "/tmp"]
    assert tmp and any(v["name"] == tmp[0]["name"] and "emptyDir" in v for v in pod["volumes"])


def test_k8s_every_workload_has_a_matching_service(rendered):
    _, _, objects = rendered
    services = [o for o in objects if o["kind"] == "Service"]
    for workload in (o for o in objects if o["kind"] in ("Deployment", "StatefulSet")):
        selector = workload["spec"]["selector"]["matchLabels"]
        template_labels = workload["spec"]["template"]["metadata"]["labels"]
        assert selector.items() <= template_labels.items()
        matching = [s for s in services if s["spec"]["selector"] == selector]
        assert matching, f"no Service selects {workload['kind']} {workload['metadata']['name']}"
        port_names = {p["name"] for c in pod_containers(workload) for p in c.get("ports", [])}
        for service in matching:
            for port in service["spec"]["ports"]:
                target = port.get("targetPort", port["port"])
                assert target in port_names or isinstance(target, int), (service["metadata"]["name"], target)


def test_k8s_disruption_budgets_select_pods(rendered):
    _, _, objects = rendered
    for name in [*SERVICES, "gateway"]:
        budget = find(objects, "PodDisruptionBudget", name)
        deployment = find(objects, "Deployment", name)
        assert budget["spec"]["selector"]["matchLabels"] == deployment["spec"]["selector"]["matchLabels"]


def test_k8s_settings_cover_the_contract(rendered):
    which, _, objects = rendered
    config = find(objects, "ConfigMap", rendered_name(objects, "ConfigMap", "xiuhua-config"))["data"]
    secret = find(objects, "Secret", rendered_name(objects, "Secret", "xiuhua-secrets"))["data"]
    assert not set(config) & set(secret), "a key in both would depend on envFrom order"
    assert set(CONTRACT_ENV) <= set(config) | set(secret)
    # The URLs carry credentials, so they stay in the Secret.
    assert {"JWT_SECRET", "AMQP_URL", "MONGO_URL", "REDIS_URL"} <= set(secret)
    values = {k: base64.b64decode(v).decode() for k, v in secret.items()}
    assert "replicaSet=rs0" in values["MONGO_URL"]
    placeholders = [k for k, v in values.items() if "REPLACE-ME" in v]
    if which == "base":
        assert sorted(placeholders) == sorted(values), "base secrets must be marked placeholders"
    else:
        assert not placeholders, "the demo overlay replaces every placeholder"


def _secret(objects: list[dict], name: str) -> dict[str, str]:
    data = find(objects, "Secret", rendered_name(objects, "Secret", name))["data"]
    return {k: base64.b64decode(v).decode() for k, v in data.items()}


def test_k8s_secrets_fail_closed(rendered):
    which, _, objects = rendered
    shared, sms = _secret(objects, "xiuhua-secrets"), _secret(objects, "xiuhua-sms-secrets")
    receipts = (shared | sms)["SMS_RECEIPT_TOKEN"]
    if which == "base":  # placeholders the services refuse: a forgotten overlay stops at start
        assert problem(shared["JWT_SECRET"]) and problem(receipts)
    else:  # the operator's own keys.env, never a value from the repository
        assert not problem(shared["JWT_SECRET"]) and not problem(receipts)
        assert "SMS_RECEIPT_TOKEN" not in sms, "one value, not two depending on envFrom order"
    config = find(objects, "ConfigMap", rendered_name(objects, "ConfigMap", "xiuhua-config"))["data"]
    assert config["TRUSTED_PROXIES"] and "*" not in config["TRUSTED_PROXIES"]


def test_the_demo_overlay_ships_no_secret():
    kustomization = yaml.safe_load((K8S_DEMO / "kustomization.yaml").read_text())
    for generator in kustomization["secretGenerator"]:
        keys = {literal.partition("=")[0] for literal in generator.get("literals", [])}
        assert not keys & {"JWT_SECRET", "SMS_RECEIPT_TOKEN"}, generator["name"]
    assert ["keys.env"] in [g.get("envs") for g in kustomization["secretGenerator"]]
    assert "k8s/overlays/demo/keys.env" in (ROOT / ".gitignore").read_text().splitlines()


@NEEDS_KUBECTL
def test_the_demo_overlay_does_not_render_without_its_keys(tmp_path):
    shutil.copytree(ROOT / "k8s", tmp_path / "k8s")
    (tmp_path / "k8s" / "overlays" / "demo" / "keys.env").unlink(missing_ok=True)
    result = subprocess.run([KUBECTL, "kustomize", str(tmp_path / "k8s" / "overlays" / "demo")],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode != 0 and "keys.env" in result.stderr


def test_k8s_gateway(rendered):
    _, _, objects = rendered
    deployment = find(objects, "Deployment", "gateway")
    pod = deployment["spec"]["template"]["spec"]
    nginx = next(c for c in pod["containers"] if c["name"] == "nginx")
    assert nginx["readinessProbe"]["httpGet"]["path"] == "/gateway/healthz"
    config_name = rendered_name(objects, "ConfigMap", "xiuhua-gateway")
    assert any(v.get("configMap", {}).get("name") == config_name for v in pod["volumes"])
    config = find(objects, "ConfigMap", config_name)["data"]["nginx.conf"]
    assert config == NGINX_CONFIGS["k8s"].read_text()
    assert nginx["securityContext"]["readOnlyRootFilesystem"] is True
    ingress = next(o for o in objects if o["kind"] == "Ingress")
    for rule in ingress["spec"]["rules"]:
        for path in rule["http"]["paths"]:
            backend = path["backend"]["service"]
            assert backend["name"] == "gateway" and backend["port"] == {"name": "http"}


# The base expects operator-run servers: only the demo overlay ships them.
@pytest.mark.parametrize("rendered", rendering_params(["demo"]), indirect=True)
def test_k8s_demo_servers(rendered):
    which, _, objects = rendered
    assert which == "demo"
    mongo = find(objects, "StatefulSet", "mongo")["spec"]["template"]["spec"]["containers"][0]
    assert mongo["args"][:2] == ["--replSet", "rs0"]
    assert "rs.initiate" in " ".join(mongo["readinessProbe"]["exec"]["command"])
    assert find(objects, "Service", "mongo")["spec"]["publishNotReadyAddresses"] is True
    redis = find(objects, "StatefulSet", "redis")["spec"]["template"]["spec"]["containers"][0]
    assert "--appendonly" in redis["command"]
    assert find(objects, "StatefulSet", "rabbitmq")
    for name in INFRA:
        assert find(objects, "Service", name)
    for deployment in (o for o in objects if o["kind"] == "Deployment"):
        assert deployment["spec"]["replicas"] == 1
