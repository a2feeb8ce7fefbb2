"""The command line: exit codes 0 clean, 1 problems, 2 bad usage."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from sme_registry.cli import main

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests/fixtures/base"


def run(*args: str, env=None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "sme_registry", *args], cwd=ROOT, capture_output=True,
                          text=True, encoding="utf-8", timeout=60, env=env)


@pytest.fixture
def broken(tmp_path):
    root = tmp_path / "r"
    shutil.copytree(BASE, root)
    path = root / "data/platforms/t-2023-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("county: 东昌府区", "county: 东昌府"), encoding="utf-8")
    return root


@pytest.fixture
def warned(tmp_path):
    root = tmp_path / "w"
    shutil.copytree(BASE, root)
    path = root / "data/platforms/t-2023-001.yaml"
    text = path.read_text(encoding="utf-8").replace("  - year: 2025\n    submitted_on: 2026-01-12\n", "")
    path.write_text(text, encoding="utf-8")
    return root


def test_clean_registry_exits_0():
    result = run("validate", "--src", str(BASE), "--today", "2026-11-25")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("共检查 3 个平台文件、4 个公告") and "没有发现问题" in result.stdout


def test_errors_exit_1(broken):
    result = run("validate", "--src", str(broken), "--today", "2026-11-25")
    assert result.returncode == 1
    assert result.stdout.splitlines()[0].startswith("data/platforms/t-2023-001.yaml:9:9: E401 ")


def test_warnings_exit_0_or_1_with_strict(warned, capsys):
    assert main(["validate", "--src", str(warned), "--today", "2026-11-25"]) == 0
    assert main(["validate", "--src", str(warned), "--today", "2026-11-25", "--strict"]) == 1
    assert "W501" in capsys.readouterr().out


@pytest.mark.parametrize("fmt", ["text", "github", "json", "gitlab"])
def test_every_format_keeps_the_exit_code(broken, fmt, capsys):
    assert main(["validate", "--src", str(broken), "--today", "2026-11-25", "--format", fmt]) == 1
    out = capsys.readouterr().out
    if fmt in ("json", "gitlab"):
        json.loads(out)
    if fmt == "github":
        assert out.startswith("::error file=data/platforms/t-2023-001.yaml,line=9,col=9,")


def test_today_from_environment(monkeypatch, capsys):
    monkeypatch.setenv("TODAY", "2026-11-25")
    assert main(["validate", "--src", str(BASE)]) == 0
    assert "按 2026-11-25 计算" in capsys.readouterr().out


@pytest.mark.parametrize(
    "args",
    [
        ["validate", "--src", str(BASE), "--frobnicate"],
        ["validate", "--src", str(BASE), "--format", "xml"],
        ["validate", "--src", str(BASE), "--today", "2026/11/25"],
        ["validate", "--src", str(BASE), "--today", "2026-02-30"],
        ["validate", "--src", str(BASE / "data"), "--today", "2026-11-25"],
        ["validate", "--src", "/nonexistent/registry", "--today", "2026-11-25"],
        ["frobnicate"],
        [],
    ],
)
def test_bad_usage_exits_2(args):
    result = run(*args)
    assert result.returncode == 2, (result.stdout, result.stderr)
    assert result.stdout == ""
    assert result.stderr.strip()


def test_bad_today_message_is_chinese():
    result = run("validate", "--src", str(BASE), "--today", "25.11.2026")
    assert "用法错误" in result.stderr and "YYYY-MM-DD" in result.stderr


def test_missing_data_folder_message(tmp_path):
    result = run("validate", "--src", str(tmp_path), "--today", "2026-11-25")
    assert result.returncode == 2 and "没有 data/ 文件夹" in result.stderr


def test_bad_today_from_environment_exits_2():
    import os

    result = run("validate", "--src", str(BASE), env={**os.environ, "TODAY": "tomorrow"})
    assert result.returncode == 2 and "用法错误" in result.stderr


def test_docs_errors_command_prints_the_document():
    from sme_registry.validate.errors_doc import render

    result = run("docs-errors")
    assert result.returncode == 0 and result.stdout == render()


def test_one_command_tree_with_chinese_help(capsys):
    from sme_registry.cli import main as cli_main

    with pytest.raises(SystemExit) as exit_info:
        cli_main(["-h"])
    assert exit_info.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("用法：python -m sme_registry")
    for command in ("validate", "build", "report", "new-platform", "new-notice", "renew", "revoke",
                    "pr-summary", "docs-errors", "schemas"):
        assert command in out
    assert "显示本帮助并退出" in out and "选项" in out
    assert "usage:" not in out and "show this help" not in out and "options:" not in out


def test_staff_and_summary_commands_answer_in_chinese(capsys):
    from sme_registry.cli import main as cli_main

    for argv in (["renew", "-h"], ["pr-summary", "-h"]):
        with pytest.raises(SystemExit):
            cli_main(argv)
        out = capsys.readouterr().out
        assert out.startswith(f"用法：python -m sme_registry {argv[0]}") and "显示本帮助并退出" in out
    with pytest.raises(SystemExit) as exit_info:
        cli_main(["validate", "--format", "xml"])
    assert exit_info.value.code == 2
    err = capsys.readouterr().err
    assert "错误：参数 --format 的取值 'xml' 无效" in err and "invalid choice" not in err
