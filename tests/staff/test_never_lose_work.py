"""Staff commands never lose typed work: answers are checked when typed, a later failure
keeps them in a draft, `--resume` continues; the 认定公告 finds its 公示; titles stay unique."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import subprocess
from pathlib import Path

from sme_registry.staff import cli as staff_cli
from sme_registry.validate.report import validate

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)


def run(reg: Path, *argv: str, yes: bool = True) -> int:
    extra = ["--yes"] if yes else []
    return staff_cli.main([argv[0], "--src", str(reg), "--today", TODAY.isoformat(), *extra, *argv[1:]])


def typing(monkeypatch, *lines: str) -> list[str]:
    """Feed answers to input(); running out is the end of input (EOF). Returns the prompts."""
    answers = iter(lines)
    prompts: list[str] = []

    def fake(prompt=""):
        prompts.append(prompt)
        try:
            return next(answers)
        except StopIteration:
            raise EOFError from None
    monkeypatch.setattr("builtins.input", fake)
    return prompts


FIRST_HALF = ("", "冠县启航中小企业综合服务平台", "冠县启航企业服务有限公司", "91371525MA0000200G", "", "冠具", "n")
SECOND_HALF = ("冠县", "综合类", "1,2,4,6", "", "", "", "www.example.org", "y", "0635 1234567", "")


def test_answers_are_kept_in_a_draft_and_resume_continues(reg, monkeypatch, capsys):
    prompts = typing(monkeypatch, *FIRST_HALF)  # 冠具 → "是否改为“冠县”？" n; input ends at the county
    assert run(reg, "new-platform", yes=False) == 2
    captured = capsys.readouterr()
    assert any("“冠具”不是可选的县（市、区）或功能区，是否改为“冠县”？" in p for p in prompts), prompts
    drafts = list((reg / ".drafts").glob("new-platform-*.yaml"))
    assert len(drafts) == 1 and "--resume" in captured.err and drafts[0].name in captured.err
    text = drafts[0].read_text(encoding="utf-8")
    assert "--name: 冠县启航中小企业综合服务平台" in text and "--credit-code: 91371525MA0000200G" in text

    typing(monkeypatch, *SECOND_HALF)
    assert run(reg, "new-platform", "--resume", str(drafts[0]), yes=False) == 0
    out = capsys.readouterr().out
    assert "已从草稿读入 5 个回答" in out and "平台名称" not in out  # answered questions are not asked again
    platform = (reg / "data/platforms/lc-2026-004.yaml").read_text(encoding="utf-8")
    assert "name: 冠县启航中小企业综合服务平台" in platform and "county: 冠县" in platform
    assert "website: https://www.example.org" in platform and "phone: 0635-1234567" in platform
    assert not drafts[0].exists()  # used up
    _, report = validate(reg, TODAY)
    assert report.errors == []


def test_a_failure_after_the_last_question_keeps_every_answer(reg, monkeypatch, capsys):
    # The written files fail validation once (as if another rule objected): rolled back, answers kept.
    from sme_registry.problems import Problem
    from sme_registry.staff import transaction

    real, calls = transaction.validate, []

    def objecting(root, today):
        registry, report = real(root, today)
        calls.append(1)
        if len(calls) == 2:  # after writing
            report.problems.append(Problem("data/platforms/lc-2026-004.yaml", 3, 1, "E201", "测试用的错误"))
        return registry, report
    monkeypatch.setattr(transaction, "validate", objecting)
    typing(monkeypatch, *FIRST_HALF[:-2], *SECOND_HALF)
    assert run(reg, "new-platform", yes=False) == 1
    assert "没有写入任何文件" in capsys.readouterr().err
    assert not (reg / "data/platforms/lc-2026-004.yaml").exists()
    monkeypatch.setattr(transaction, "validate", real)
    (draft,) = (reg / ".drafts").glob("new-platform-*.yaml")
    text = draft.read_text(encoding="utf-8")
    for flag in ("--name", "--operator", "--credit-code", "--county", "--category", "--services",
                 "--recommended-by", "--website", "--phone"):
        assert f"{flag}:" in text, flag
    typing(monkeypatch)  # nothing left to ask
    assert run(reg, "new-platform", "--resume", str(draft), yes=False) == 0
    assert (reg / "data/platforms/lc-2026-004.yaml").exists()


def test_an_existing_id_is_refused_before_any_question(reg, monkeypatch, capsys):
    prompts = typing(monkeypatch, "")
    assert run(reg, "new-platform", "--id", "lc-2026-001", yes=False) == 2
    assert "已存在" in capsys.readouterr().err and len(prompts) == 1  # only the 公示 was asked


def test_a_draft_for_another_command_is_refused(reg, monkeypatch, capsys):
    draft = reg / ".drafts/x.yaml"
    draft.parent.mkdir()
    draft.write_text("command: revoke\nanswers: {ID: lc-2025-001}\n", encoding="utf-8")
    assert run(reg, "new-platform", "--resume", str(draft)) == 2
    assert "make revoke 的草稿" in capsys.readouterr().err


def test_flags_are_refused_with_the_suggestion_in_yes_mode(reg, capsys):
    flags = ("--name", "冠县启航中小企业综合服务平台", "--operator", "冠县启航企业服务有限公司",
             "--credit-code", "91371525MA0000200G", "--county", "冠县", "--category", "综合类",
             "--services", "1,2,4,6")
    assert run(reg, "new-platform", *flags, "--website", "www.example.org") == 2
    assert "是否应为“https://www.example.org”" in capsys.readouterr().err
    assert run(reg, "new-platform", *flags, "--county", "高唐") == 2
    assert "是否应为“高唐县”" in capsys.readouterr().err
    assert run(reg, "new-platform", *flags, "--phone", "0635 1234567") == 0
    assert "phone: 0635-1234567" in (reg / "data/platforms/lc-2026-004.yaml").read_text(encoding="utf-8")


def test_announcement_run_early_names_the_running_publicity(reg, capsys):
    # TODAY 2026-11-25: the 2026-11-23 公示 (its platforms still 待认定) runs to 2026-11-27.
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-25") == 1
    err = capsys.readouterr().err
    assert "2026-11-23-gongshi" in err and "2026-11-27" in err and "E322" not in err


def test_announcement_asks_which_publicity_when_several_ended(reg, monkeypatch, capsys):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-02", "--platforms", "lc-2021-004") == 0
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-09", "--platforms", "lc-2021-005") == 0
    capsys.readouterr()
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-20") == 2
    assert "--publicity" in capsys.readouterr().err  # --yes cannot choose between two
    # with the platform named, the one 公示 listing it is chosen
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-20", "--platforms", "lc-2021-005") == 0
    assert "publicity: 2026-11-09-gongshi" in (reg / "data/platforms/lc-2021-005.yaml").read_text(encoding="utf-8")
    capsys.readouterr()
    # interactively, it asks; the second announcement gets a distinct title
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-16", "--platforms", "lc-2022-004") == 0
    typing(monkeypatch, "", "2", "", "", "")  # date default, 公示 number 2, ids, title, certify
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-24", yes=False) == 0
    out = capsys.readouterr().out
    assert "2026-11-02-gongshi" in out and "2026-11-16-gongshi" in out and "（第二批）" in out
    assert "publicity: 2026-11-16-gongshi" in (reg / "data/platforms/lc-2022-004.yaml").read_text(encoding="utf-8")


def test_a_second_publicity_gets_a_distinct_title(reg, capsys):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-24", "--platforms", "lc-2021-004") == 0
    text = (reg / "content/notices/2026-11-24-gongshi.md").read_text(encoding="utf-8")
    assert "title: 2026年度聊城市中小企业公共服务示范平台拟认定名单公示（第二批）\n" in text
    existing = "2026年度聊城市中小企业公共服务示范平台拟认定名单公示"
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-30", "--title", existing) == 2
    assert "E161" in capsys.readouterr().err


def test_help_is_in_chinese():
    for argv in (["-m", "sme_registry", "new-platform", "--help"], ["-m", "sme_registry", "revoke", "--help"],
                 ["-m", "sme_registry", "--help"], ["-m", "sme_registry", "validate", "--help"]):
        out = subprocess.run([str(ROOT / ".venv/bin/python"), *argv], capture_output=True, text=True, cwd=ROOT).stdout
        assert out.startswith("用法：") and "显示本帮助并退出" in out, out
        assert "usage:" not in out and "options:" not in out and "show this help" not in out
    bad = subprocess.run([str(ROOT / ".venv/bin/python"), "-m", "sme_registry", "validat"],
                         capture_output=True, text=True, cwd=ROOT)
    assert bad.returncode == 2 and "用法错误" in bad.stderr and "invalid choice" not in bad.stderr


def test_make_failure_shows_only_the_tool_message(tmp_path):
    shutil.copytree(ROOT / "tests/fixtures/base", tmp_path / "reg")
    path = tmp_path / "reg/data/platforms/t-2023-001.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("county: ", "county："), encoding="utf-8")
    # as a clerk types it: a top-level make (not a sub-make of `make test`)
    env = {k: v for k, v in os.environ.items() if k not in ("MAKELEVEL", "MAKEFLAGS", "MFLAGS")}
    result = subprocess.run(["make", "validate", f"SRC={tmp_path / 'reg'}", "TODAY=2026-11-25"],
                            cwd=ROOT, capture_output=True, text=True, env=env)
    assert result.returncode != 0
    assert "E150" in result.stdout
    assert "make:" not in result.stdout + result.stderr and "Error 1" not in result.stderr
    ok = subprocess.run(["make", "validate", f"SRC={ROOT / 'tests/fixtures/base'}", "TODAY=2026-11-25"],
                        cwd=ROOT, capture_output=True, text=True, env=env)
    assert ok.returncode == 0 and ok.stderr == ""
