"""The validator's CI formats on bad input, as the workflows use them: GitHub annotations
(capped at 10 per file kind, the rest counted, the summary line, the full log after) and
the GitLab Code Quality report."""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"
ANNOTATION = re.compile(
    r"^::(?P<level>error|warning) file=(?P<file>[^,:]+),line=(?P<line>[1-9]\d*),col=(?P<col>[1-9]\d*),"
    r"title=(?P<title>[EW]\d{3} [^,:\n]+)::(?P<message>[^\n]+)$")


@pytest.fixture(scope="module")
def bad_registry(tmp_path_factory) -> Path:
    """12 platform files with a wrong county (E401) and 3 notices with a bad 公示 window (E311)."""
    root = tmp_path_factory.mktemp("bad")
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, root / folder)
    platforms = sorted((root / "data/platforms").glob("*.yaml"))[:12]
    for path in platforms:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^county: .*$", "county: 济南市历下区", text, count=1, flags=re.M), encoding="utf-8")
    notices = sorted((root / "content/notices").glob("*-gongshi.md"))[:3]
    for path in notices:
        text = path.read_text(encoding="utf-8")
        path.write_text(re.sub(r"^publicity_end: .*$", "publicity_end: " + _two_days_after(text), text,
                               count=1, flags=re.M), encoding="utf-8")
    return root


def _two_days_after(text: str) -> str:
    start = re.search(r"^publicity_start: (\S+)$", text, re.M).group(1)
    return (dt.date.fromisoformat(start) + dt.timedelta(days=1)).isoformat()


def validate(root: Path, fmt: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sme_registry", "validate", "--src", str(root), "--format", fmt,
                           "--today", TODAY], capture_output=True, text=True, cwd=ROOT)


def test_github_annotations_are_capped_per_file_kind(bad_registry):
    result = validate(bad_registry, "github")
    assert result.returncode == 1  # the CI step fails
    lines = result.stdout.splitlines()
    annotations = [m for line in lines if (m := ANNOTATION.match(line))]
    commands = [line for line in lines if line.startswith("::")]
    assert len(annotations) + 1 == len(commands), "every workflow command is well formed"
    errors = [m for m in annotations if m["level"] == "error"]
    platform_errors = [m for m in errors if m["file"].startswith("data/platforms/")]
    notice_errors = [m for m in errors if m["file"].startswith("content/notices/")]
    assert len(platform_errors) == 10
    assert len(notice_errors) == 3
    assert all(m["title"].startswith("E401 ") for m in platform_errors)
    assert all(m["title"].startswith("E311 ") for m in notice_errors)
    # the county value sits on a known line: the annotation must point at it
    first = platform_errors[0]
    source = (bad_registry / first["file"]).read_text(encoding="utf-8").splitlines()
    assert source[int(first["line"]) - 1].startswith("county: ")
    hidden = [line for line in commands if line.startswith("::notice ")]  # 12 E401 + 2 W501 − 10
    assert hidden == ["::notice title=更多问题::平台文件另有 4 个问题未逐条标注，完整列表见本步骤的日志。"]


def test_github_output_has_summary_and_full_log(bad_registry):
    lines = validate(bad_registry, "github").stdout.splitlines()
    summary = [line for line in lines if line.startswith("共检查 ")]
    assert len(summary) == 1 and "15 个错误" in summary[0] and "docs/errors.md" in summary[0]
    log = [line for line in lines if re.match(r"^(data|content)/\S+:\d+:\d+: [EW]\d{3} ", line)]
    assert len([line for line in log if " E401 " in line]) == 12
    assert len([line for line in log if " E311 " in line]) == 3


def test_github_output_on_clean_data_has_no_commands():
    result = validate(ROOT, "github")
    assert result.returncode == 0
    assert not [line for line in result.stdout.splitlines() if line.startswith("::error")]


def test_gitlab_code_quality_report(bad_registry):
    result = validate(bad_registry, "gitlab")
    assert result.returncode == 1
    issues = json.loads(result.stdout)
    assert len(issues) == 17  # 12 + 3 errors, and the 2 warnings of the example data
    fingerprints = set()
    for issue in issues:
        assert set(issue) >= {"description", "check_name", "fingerprint", "severity", "location"}
        assert re.fullmatch(r"[EW]\d{3}", issue["check_name"])
        assert issue["severity"] in {"info", "minor", "major", "critical", "blocker"}
        assert not issue["location"]["path"].startswith("/")
        assert (bad_registry / issue["location"]["path"]).is_file()
        assert isinstance(issue["location"]["lines"]["begin"], int) and issue["location"]["lines"]["begin"] >= 1
        fingerprints.add(issue["fingerprint"])
    assert len(fingerprints) == len(issues)
    assert {i["severity"] for i in issues if i["check_name"].startswith("E")} == {"major"}
    assert {i["severity"] for i in issues if i["check_name"].startswith("W")} == {"minor"}


def test_gitlab_report_is_stable_between_runs(bad_registry):
    assert validate(bad_registry, "gitlab").stdout == validate(bad_registry, "gitlab").stdout
