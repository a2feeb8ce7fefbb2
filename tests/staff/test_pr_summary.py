"""python -m sme_registry pr-summary: the Chinese Markdown summary of what a pull request changes."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sme_registry.staff import cli as staff_cli

ROOT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-25"


def git(repo: Path, *args: str) -> None:
    subprocess.run(["git", "-C", str(repo), "-c", "user.name=t", "-c", "user.email=t@example.org", *args],
                   check=True, capture_output=True)


@pytest.fixture
def repo(tmp_path) -> Path:
    for folder in ("data", "content"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    git(tmp_path, "init", "-q")
    git(tmp_path, "add", ".")
    git(tmp_path, "commit", "-q", "-m", "base")
    return tmp_path


def summary(repo: Path, base: str = "HEAD") -> str:
    result = subprocess.run([sys.executable, "-m", "sme_registry", "pr-summary", "--base", base, "--src", str(repo),
                             "--today", TODAY], capture_output=True, text=True, env={"PATH": "/usr/bin:/bin"}, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    return result.stdout


def scaffold(repo: Path, *argv: str) -> None:
    assert staff_cli.main([argv[0], "--src", str(repo), "--today", TODAY, "--yes", *argv[1:]]) == 0


def test_no_changes(repo):
    text = summary(repo)
    assert text.startswith("## 名录变更摘要\n")
    assert "✅ 校验通过：0 个错误，2 个警告" in text
    assert "**平台**：没有改动。" in text and "**通知公告**：没有改动。" in text


def test_added_renewed_revoked_and_notices(repo):
    scaffold(repo, "new-notice", "--type", "公示", "--start", "2026-11-02", "--platforms", "lc-2021-004")
    scaffold(repo, "new-platform", "--publicity", "2026-11-02-gongshi", "--name", "冠县启航中小企业综合服务平台",
             "--operator", "冠县启航企业服务有限公司", "--credit-code", "91371525MA0000200G", "--county", "冠县",
             "--category", "综合类", "--services", "1,2,3,4")
    scaffold(repo, "revoke", "lc-2025-001", "--date", "2026-11-20", "--ground", "4")
    text = summary(repo)
    assert "**平台**：列入公示 1，撤销 1，新增平台（公示中） 1" in text
    assert "| 新增平台（公示中） | lc-2026-004 | 冠县启航中小企业综合服务平台 | 冠县 | 2026 年度，公示 2026-11-02-gongshi |" in text
    assert "| 撤销 | lc-2025-001 |" in text
    assert "| 新增 | 2026-11-02-gongshi | 公示 |" in text and "| 新增 | 2026-11-20-chexiao | 撤销公告 |" in text
    git(repo, "add", ".")
    git(repo, "commit", "-q", "-m", "publicity")
    scaffold(repo, "new-notice", "--type", "认定公告", "--date", "2026-11-10")
    text = summary(repo)
    assert "| 重新认定 | lc-2021-004 | 高唐县泽众中小企业信息化服务平台 | 高唐县 | 2026 年度，2026-11-10 认定，有效期至 2029-11-09 |" in text
    assert "| 认定 | lc-2026-004 |" in text


def test_problems_are_listed_with_codes(repo):
    path = repo / "data/platforms/lc-2024-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("county: ", "county: 济南", 1), encoding="utf-8")
    (repo / "data/platforms/lc-2020-002.yaml").unlink()
    text = summary(repo)
    assert "❌ 校验未通过" in text
    assert "| 修改（有错误） | lc-2024-001 |" in text
    assert "| 删除平台文件 | lc-2020-002 |" in text
    assert "| 错误 | E401 | data/platforms/lc-2024-001.yaml:" in text
    assert "docs/errors.md" in text


def test_unknown_base_is_reported_not_fatal(repo):
    text = summary(repo, base="no-such-branch")
    assert "无法读取基准版本 no-such-branch" in text
    assert "新增平台" in text


def test_changes_outside_the_registry_ask_for_a_code_review(repo):
    assert "程序与配置" not in summary(repo)
    (repo / "sme_registry/site").mkdir(parents=True)
    (repo / "sme_registry/site/build.py").write_text("print('x')\n", encoding="utf-8")
    git(repo, "add", ".")
    (repo / "requirements.txt").write_text("evil==1.0\n", encoding="utf-8")
    git(repo, "add", "requirements.txt")
    data = repo / "data/site.yaml"
    data.write_text(data.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    text = summary(repo)
    assert "本合并请求还改动了 2 个 data/、content/ 以外的文件" in text
    assert "- `requirements.txt`" in text and "- `sme_registry/site/build.py`" in text
    assert "site.yaml" not in text.split("程序与配置")[1]
