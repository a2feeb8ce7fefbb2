"""Local guard rails: VS Code maps every data file to its JSON Schema, scaffolds and data
carry the `$schema` comment, the pre-commit hooks and make targets exist and are described."""

from __future__ import annotations

import json
import re
import subprocess
from fnmatch import fnmatch
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parents[2]


def test_vscode_maps_every_data_yaml_to_an_existing_schema():
    settings = json.loads((ROOT / ".vscode/settings.json").read_text(encoding="utf-8"))
    mapping = settings["yaml.schemas"]
    for schema in mapping:
        assert (ROOT / schema).is_file(), schema
    for path in sorted((ROOT / "data").rglob("*.yaml")):
        rel = path.relative_to(ROOT).as_posix()
        matches = [schema for schema, pattern in mapping.items() if fnmatch(rel, pattern)]
        assert len(matches) == 1, rel
        first = path.read_text(encoding="utf-8").splitlines()[0]
        if first.startswith("# yaml-language-server: $schema="):
            target = (path.parent / first.split("=", 1)[1]).resolve()
            assert target == (ROOT / matches[0]).resolve(), rel
    assert "redhat.vscode-yaml" in json.loads((ROOT / ".vscode/extensions.json").read_text())["recommendations"]


def test_pre_commit_runs_yamllint_and_the_validator():
    config = YAML(typ="safe").load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    hooks = {hook["id"]: hook for repo in config["repos"] for hook in repo["hooks"]}
    assert hooks["yamllint"]["entry"].startswith(".venv/bin/yamllint")
    assert "-m sme_registry check" in hooks["sme-registry-validate"]["entry"]
    assert re.search(hooks["sme-registry-validate"]["files"], "data/platforms/lc-2023-001.yaml")
    assert re.search(hooks["sme-registry-validate"]["files"], "content/notices/2026-11-23-gongshi.md")


def test_staff_make_targets_are_listed_in_help():
    text = (ROOT / "mk/staff.mk").read_text(encoding="utf-8")
    targets = re.findall(r"^([a-z-]+):.*## \S", text, re.M)
    assert set(targets) == {"new-platform", "new-notice", "renew", "revoke", "deploy", "docker"}
    help_text = subprocess.run(["make", "--no-print-directory", "help"], cwd=ROOT, capture_output=True,
                               text=True).stdout
    for target in targets:
        assert re.search(rf"^{target}\t\S", help_text, re.M), target


def test_contributing_and_deploy_docs_mention_every_staff_target():
    contributing = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    deploy = (ROOT / "docs/deploy.md").read_text(encoding="utf-8")
    for target in ("new-platform", "new-notice", "renew", "revoke"):
        assert f"make {target}" in contributing, target
    for target in ("deploy", "docker"):
        assert f"make {target}" in deploy, target
    assert "docs/errors.md" in contributing
