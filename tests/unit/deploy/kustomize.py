"""Rendering the kustomizations: a small Python kustomize (always available) and `kubectl kustomize`
(when kubectl is installed), plus lookups on the rendered objects."""

from __future__ import annotations

import base64
import re
import secrets
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest
import yaml

from tests.unit.deploy.helpers import K8S_BASE, K8S_DEMO, ROOT, works

CLUSTER_SCOPED = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass",
                  "CustomResourceDefinition", "PriorityClass", "IngressClass"}

KUBECTL = shutil.which("kubectl")
HAS_KUBECTL = bool(KUBECTL) and works(KUBECTL, "version", "--client")


def generated(kind: str, spec: dict, base_dir: Path) -> dict:
    data = {}
    for literal in spec.get("literals", []):
        key, _, value = literal.partition("=")
        data[key] = value
    for entry in spec.get("envs", []):
        for line in (base_dir / entry).read_text().splitlines():
            if line.strip() and not line.startswith("#"):
                key, _, value = line.partition("=")
                data[key] = value
    for entry in spec.get("files", []):
        key, _, path = entry.rpartition("=")
        data[key or Path(path).name] = (base_dir / path).read_text()
    obj = {"apiVersion": "v1", "kind": kind, "metadata": {"name": spec["name"]}}
    if kind == "Secret":
        obj["type"] = spec.get("type", "Opaque")
        data = {k: base64.b64encode(v.encode()).decode() for k, v in data.items()}
    obj["data"] = data
    return obj


def kustomize(directory: Path) -> list[dict]:
    """A small kustomize: resources (files and directories), generators (with merge/replace),
    namespace, labels, images and replicas. Generated names keep no hash suffix; patches are not applied
    (the kubectl-rendered check covers them)."""
    kustomization = yaml.safe_load((directory / "kustomization.yaml").read_text())
    objects: list[dict] = []
    for entry in kustomization.get("resources", []):
        path = (directory / entry).resolve()
        if path.is_dir():
            objects += kustomize(path)
        else:
            objects += [doc for doc in yaml.safe_load_all(path.read_text()) if doc]
    for kind, key in (("ConfigMap", "configMapGenerator"), ("Secret", "secretGenerator")):
        for spec in kustomization.get(key, []):
            new = generated(kind, spec, directory)
            same = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == spec["name"]]
            behavior = spec.get("behavior", "create")
            if behavior == "create":
                assert not same, f"{kind} {spec['name']} generated twice"
                objects.append(new)
            else:
                assert len(same) == 1, f"{behavior} of missing {kind} {spec['name']}"
                if behavior == "merge":
                    same[0]["data"].update(new["data"])
                else:
                    same[0]["data"] = new["data"]
    if namespace := kustomization.get("namespace"):
        for obj in objects:
            if obj["kind"] == "Namespace":
                obj["metadata"]["name"] = namespace
            elif obj["kind"] not in CLUSTER_SCOPED:
                obj["metadata"]["namespace"] = namespace
    for rule in kustomization.get("labels", []):
        for obj in objects:
            obj["metadata"].setdefault("labels", {}).update(rule["pairs"])
            if rule.get("includeTemplates") and pod_spec(obj) is not None:
                obj["spec"]["template"]["metadata"].setdefault("labels", {}).update(rule["pairs"])
    images = {i["name"]: i for i in kustomization.get("images", [])}
    replicas = {r["name"]: r["count"] for r in kustomization.get("replicas", [])}
    for obj in objects:
        if obj["kind"] in ("Deployment", "StatefulSet") and obj["metadata"]["name"] in replicas:
            obj["spec"]["replicas"] = replicas[obj["metadata"]["name"]]
        for container in pod_containers(obj):
            name = container["image"].split(":")[0]
            if name in images:
                rule = images[name]
                container["image"] = f"{rule.get('newName', name)}:{rule.get('newTag', 'latest')}"
    return objects


def kubectl_kustomize(directory: Path) -> list[dict]:
    """The real thing; only reached when HAS_KUBECTL (the parameter is skipped otherwise)."""
    result = subprocess.run([KUBECTL, "kustomize", str(directory)], check=False, capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


RENDERERS = {"python": kustomize, "kubectl": kubectl_kustomize}
KUSTOMIZATIONS = {"base": (K8S_BASE, "xiuhua"), "demo": (K8S_DEMO, "xiuhua-demo")}
NEEDS_KUBECTL = pytest.mark.skipif(not HAS_KUBECTL, reason="kubectl is not installed")


def rendering_params(kustomizations=tuple(KUSTOMIZATIONS)) -> list:
    """(kustomization, renderer) parameters with ids like "demo-kubectl"; the kubectl ones are
    skipped when kubectl is missing."""
    return [pytest.param((which, renderer), id=f"{which}-{renderer}",
                         marks=[NEEDS_KUBECTL] if renderer == "kubectl" else [])
            for which in kustomizations for renderer in RENDERERS]


def demo_keys() -> str:
    """What an operator puts into the demo overlay's keys.env (its kustomization says how)."""
    return f"JWT_SECRET={secrets.token_urlsafe(32)}\nSMS_RECEIPT_TOKEN={secrets.token_hex(32)}\n"


def render(param: tuple[str, str]) -> tuple[str, str, list[dict]]:
    """(kustomization, namespace, objects) for a (kustomization, renderer) parameter: rendered from a
    copy of k8s/ with the demo's keys.env made as the operator makes it."""
    which, renderer = param
    directory, namespace = KUSTOMIZATIONS[which]
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "k8s"
        shutil.copytree(ROOT / "k8s", copy)
        (copy / K8S_DEMO.relative_to(ROOT / "k8s") / "keys.env").write_text(demo_keys())
        return which, namespace, RENDERERS[renderer](copy / directory.relative_to(ROOT / "k8s"))


def pod_spec(obj: dict) -> dict | None:
    if obj["kind"] in ("Deployment", "StatefulSet", "DaemonSet", "Job"):
        return obj["spec"]["template"]["spec"]
    return None


def pod_containers(obj: dict) -> list[dict]:
    spec = pod_spec(obj) or {}
    return spec.get("initContainers", []) + spec.get("containers", [])


def find(objects: list[dict], kind: str, name: str) -> dict:
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert len(matches) == 1, f"expected one {kind} {name}, found {len(matches)}"
    return matches[0]


def rendered_name(objects: list[dict], kind: str, name: str) -> str:
    """The name of a generated object, with or without kustomize's hash suffix."""
    names = [o["metadata"]["name"] for o in objects if o["kind"] == kind
             and re.fullmatch(rf"{re.escape(name)}(-[a-z0-9]{{10}})?", o["metadata"]["name"])]
    assert len(names) == 1, f"expected one {kind} {name}, found {names}"
    return names[0]
