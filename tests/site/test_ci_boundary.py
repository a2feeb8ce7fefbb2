"""CI is a trust boundary: what a pull (merge) request runs gets no secrets and a read-only
token, and its preview holds only the site a successful validation built. Checked on the
workflow files themselves, beside the schema, zizmor and yamllint checks in tests/staff."""

from __future__ import annotations

import re
import subprocess
import sys

import yaml

from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.site.test_build import _copy_registry

WORKFLOWS = {p.name: p for p in sorted((ROOT / ".github/workflows").glob("*.yml"))}
WRITE_SCOPES_ALLOWED = {"pages.yml": {"deploy": {"pages", "id-token"}}}


def _load(path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data["on"] = data.pop(True, data.get("on"))  # YAML 1.1 reads the key `on` as true
    return data


def _triggers(workflow: dict) -> set[str]:
    on = workflow["on"]
    return {on} if isinstance(on, str) else set(on)


def test_no_workflow_runs_untrusted_code_with_the_base_repository_s_rights():
    for name, path in WORKFLOWS.items():
        triggers = _triggers(_load(path))
        assert not triggers & {"pull_request_target", "workflow_run", "issue_comment"}, name


def test_every_token_is_read_only_except_the_pages_deployment():
    for name, path in WORKFLOWS.items():
        workflow = _load(path)
        assert workflow.get("permissions") in ({}, {"contents": "read"}), f"{name}: top-level permissions"
        for job_name, job in workflow["jobs"].items():
            scopes = job.get("permissions", workflow["permissions"])
            writes = {scope for scope, level in scopes.items() if level == "write"}
            assert writes == WRITE_SCOPES_ALLOWED.get(name, {}).get(job_name, set()), f"{name}:{job_name}"
            if writes:  # a job that may write runs no repository code: it only deploys an artifact
                assert all("run" not in step for step in job["steps"]), f"{name}:{job_name}"
                assert _triggers(workflow).isdisjoint({"pull_request"}), name


def test_pull_requests_use_no_secrets_and_keep_no_credentials():
    for name, path in WORKFLOWS.items():
        text = path.read_text(encoding="utf-8")
        if "pull_request" in _triggers(_load(path)):
            assert "secrets." not in text and "${{ github.token" not in text, name
        for job in _load(path)["jobs"].values():
            for step in job["steps"]:
                if step.get("uses", "").startswith("actions/checkout@"):
                    assert step["with"]["persist-credentials"] is False, name


def test_the_preview_holds_only_the_site_and_only_after_validation():
    steps = _load(WORKFLOWS["pr.yml"])["jobs"]["validate"]["steps"]
    names = [s.get("run", s.get("uses", "")) for s in steps]
    validate = next(i for i, n in enumerate(names) if "sme_registry validate" in n)
    build = next(i for i, n in enumerate(names) if "sme_registry build --output output" in n)
    upload = next(i for i, n in enumerate(names) if n.startswith("actions/upload-artifact@"))
    assert validate < build < upload
    assert "if" not in steps[build] and "if" not in steps[upload], "runs only when every step before succeeded"
    assert steps[upload]["with"]["path"] == "output/"
    assert steps[upload]["with"]["include-hidden-files"] is False


def test_a_refused_registry_leaves_no_preview_to_upload(tmp_path):
    src = _copy_registry(tmp_path / "src")
    target = src / "data/platforms/lc-2023-001.yaml"
    target.write_text(target.read_text(encoding="utf-8").replace("category: 综合类", "category: 综合"),
                      encoding="utf-8")
    done = subprocess.run([sys.executable, "-m", "sme_registry", "build", "--src", str(src), "--output",
                           str(tmp_path / "output"), "--today", EXAMPLE_TODAY.isoformat()],
                          cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert not (tmp_path / "output").exists()


def test_gitlab_merge_requests_get_no_release_cache_and_only_the_site_as_preview():
    ci = yaml.safe_load((ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8"))
    assert "$CI_COMMIT_REF_PROTECTED" in ci["cache"]["key"]["prefix"] and ci["cache"]["unprotect"] is False
    assert ci["preview"]["artifacts"]["paths"] == ["output/"]
    assert ci["pages"]["rules"] == [{"if": "$CI_COMMIT_BRANCH == $CI_DEFAULT_BRANCH"},
                                    {"if": '$CI_PIPELINE_SOURCE == "schedule"'}]
    for name, job in ci.items():
        if isinstance(job, dict) and "script" in job:
            used = set(re.findall(r"\$\{?(\w+)", "\n".join(job["script"])))
            assert all(v.startswith("CI_") for v in used), f"{name} reads a variable that could be a secret: {used}"
