"""The CI definitions are checked like code: schema-valid, zizmor-clean, actions pinned."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
WORKFLOWS = sorted((ROOT / ".github/workflows").glob("*.yml"))


def _tool(name: str) -> str:
    path = BIN / name
    if not path.exists():
        pytest.fail(f"{name} is missing from the venv: run `make test` (installs requirements-tools.txt)")
    return str(path)


def test_there_are_workflows():
    assert {p.name for p in WORKFLOWS} >= {"pr.yml", "pages.yml"}


def test_workflows_match_the_github_schema():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows",
                             *map(str, WORKFLOWS)], capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_gitlab_ci_matches_the_gitlab_schema():
    result = subprocess.run([_tool("check-jsonschema"), "--builtin-schema", "vendor.gitlab-ci", ".gitlab-ci.yml"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_zizmor_finds_nothing():
    result = subprocess.run([_tool("zizmor"), "--offline", "--no-progress", "--persona", "pedantic", ".github/"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for workflow in WORKFLOWS:
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "uses:" in line:
                assert re.search(r"uses: [\w.-]+/[\w./-]+@[0-9a-f]{40}  # v\d+\.\d+\.\d+$", line), line


def test_pages_runs_daily_just_after_midnight_in_shanghai():
    text = (ROOT / ".github/workflows/pages.yml").read_text(encoding="utf-8")
    assert 'cron: "10 16 * * *"' in text and "branches: [main]" in text


def test_pr_workflow_validates_with_annotations_summarises_and_uploads():
    text = (ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8")
    assert "validate --format github" in text
    assert 'python -m sme_registry pr-summary --base HEAD^1 >> "$GITHUB_STEP_SUMMARY"' in text
    assert "actions/upload-artifact@" in text and "persist-credentials: false" in text


def test_yamllint_passes_on_data_and_ci_files():
    result = subprocess.run([_tool("yamllint"), "--strict", "data", ".github", ".gitlab-ci.yml",
                             ".pre-commit-config.yaml", ".yamllint.yaml"],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stdout + result.stderr
