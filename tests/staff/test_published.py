"""“发布后不得更改或重用”: `validate --base` (and pr-summary) compare the 索引号 of
published notices with a base revision read through git, in a real temporary repository."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"
ORG = "11371500MB28500000"
PUBLICITY = "content/notices/2026-11-23-gongshi.md"  # published 2026-11-23
# the header line that holds its 索引号 (read, not retyped: other header lines may come before it)
INDEX_LINE = next(i for i, line in enumerate((ROOT / PUBLICITY).read_text(encoding="utf-8").split("\n"), 1)
                  if line.startswith("index_no:"))
CLOSING = "content/notices/2026-01-05-nianzhong-zongjie.md"  # published 2026-01-05, …/2026-00001
FUTURE = "content/notices/2026-12-01-tongzhi.md"  # dated after TODAY: not yet published


def git(repo: Path, *args: str) -> str:
    return subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                          check=True, capture_output=True, text=True).stdout


def validate(repo: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sme_registry", "validate", "--src", str(repo), "--today", TODAY,
                           *extra], capture_output=True, text=True, cwd=ROOT, timeout=120)


def problem_lines(result, code: str) -> list[str]:
    return [line for line in result.stdout.splitlines() if f" {code} " in line]


FUTURE_TEXT = f"""title: 关于开展示范平台服务活动的通知（尚未发布）
date: 2026-12-01
type: 其他
index_no: {ORG}/2026-00009
written_on: 2026-11-30
topic: 工业、交通

正文。
"""


@pytest.fixture
def repo(tmp_path) -> Path:
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    (tmp_path / FUTURE).write_text(FUTURE_TEXT, encoding="utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def edit(repo: Path, rel: str, old: str, new: str) -> None:
    path = repo / rel
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_unchanged_tree_passes_against_its_base(repo):
    result = validate(repo, "--base", "main")
    assert result.returncode == 0, result.stdout + result.stderr
    assert not problem_lines(result, "E707") and not problem_lines(result, "E708")


def test_changed_index_number_of_a_published_notice_fails_at_its_line(repo):
    git(repo, "checkout", "-q", "-b", "pr")
    edit(repo, PUBLICITY, f"index_no: {ORG}/2026-00003", f"index_no: {ORG}/2026-00004")
    git(repo, "commit", "-qam", "renumber")
    assert validate(repo).returncode == 0  # on its own the new number is well-formed and unique
    result = validate(repo, "--base", "main")
    assert result.returncode == 1
    lines = problem_lines(result, "E707")
    assert lines == [f"{PUBLICITY}:{INDEX_LINE}:11: E707 已发布公告的索引号不得更改：基准版本 main 中为“{ORG}/2026-00003”，"
                     f"现为“{ORG}/2026-00004”"]


def test_removed_index_number_is_a_change_at_the_date_line(repo):
    edit(repo, PUBLICITY, f"index_no: {ORG}/2026-00003\n", "")
    result = validate(repo, "--base", "main")
    assert result.returncode == 1
    assert [line.split(": ", 1)[0] for line in problem_lines(result, "E707")] == [f"{PUBLICITY}:2:7"]
    assert "（已删除）" in problem_lines(result, "E707")[0]


def test_number_of_a_deleted_published_notice_is_not_reused(repo):
    (repo / CLOSING).unlink()
    new = repo / "content/notices/2026-11-24-tongzhi.md"
    new.write_text(FUTURE_TEXT.replace("2026-12-01", "2026-11-24").replace("2026-11-30", "2026-11-24")
                   .replace("（尚未发布）", "（重新编号）").replace("2026-00009", "2026-00001"), encoding="utf-8")
    assert validate(repo).returncode == 0  # unique within the tree: only the base knows the number was used
    result = validate(repo, "--base", "main")
    assert result.returncode == 1
    assert problem_lines(result, "E708") == [
        f"content/notices/2026-11-24-tongzhi.md:4:11: E708 索引号“{ORG}/2026-00001”在基准版本 main 中属于已发布的公告 "
        f"{CLOSING}；索引号发布后不得重用"]


def test_a_notice_not_yet_published_may_still_be_renumbered(repo):
    edit(repo, FUTURE, "2026-00009", "2026-00010")
    result = validate(repo, "--base", "main")
    assert result.returncode == 0, result.stdout


def test_unknown_base_is_a_usage_error_not_a_pass(repo):
    result = validate(repo, "--base", "no-such-branch")
    assert result.returncode == 2
    assert "无法读取基准版本 no-such-branch" in result.stderr


def test_pr_summary_lists_the_same_problem(repo):
    edit(repo, PUBLICITY, f"index_no: {ORG}/2026-00003", f"index_no: {ORG}/2026-00004")
    result = subprocess.run([sys.executable, "-m", "sme_registry", "pr-summary", "--base", "main", "--src", str(repo),
                             "--today", TODAY], capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "❌ 校验未通过：1 个错误" in result.stdout
    assert f"| 错误 | E707 | {PUBLICITY}:{INDEX_LINE}:11 |" in result.stdout


def test_ci_workflows_pass_the_base_to_validate():
    """The PR workflows run the check that fails the job, not only the summary."""
    github = (ROOT / ".github/workflows/pr.yml").read_text(encoding="utf-8")
    gitlab = (ROOT / ".gitlab-ci.yml").read_text(encoding="utf-8")
    assert "python -m sme_registry validate --format github --base HEAD^1" in github
    assert 'python -m sme_registry validate --base "$CI_MERGE_REQUEST_DIFF_BASE_SHA"' in gitlab
