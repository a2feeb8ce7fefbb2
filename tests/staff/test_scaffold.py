"""Scaffold commands, run non-interactively (and once interactively) on a copy of the
example registry; whatever they write must validate at once."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest

from sme_registry.load.yaml_strict import parse as strict_parse
from sme_registry.regulation import credit_code
from sme_registry.staff import cli as staff_cli
from sme_registry.staff.yaml_text import yaml_scalar
from sme_registry.validate.report import validate

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 11, 25)


def run(reg: Path, *argv: str) -> int:
    return staff_cli.main([argv[0], "--src", str(reg), "--today", TODAY.isoformat(), "--yes", *argv[1:]])


def errors(reg: Path) -> list:
    _, report = validate(reg, TODAY)
    return [p.text() for p in report.errors]


def codes(reg: Path) -> list[tuple[str, str]]:
    _, report = validate(reg, TODAY)
    return [(p.path, p.code) for p in report.errors]


def code(first17: str) -> str:
    return first17 + credit_code.check_character(first17)


def comments(text: str) -> list[str]:
    return [line.split("#", 1)[1] for line in text.splitlines() if "#" in line]


PLATFORM_FLAGS = (
    "--name", "冠县启航中小企业综合服务平台", "--operator", "冠县启航企业服务有限公司",
    "--credit-code", code("91371525MA0000200"), "--county", "冠县", "--category", "综合类",
    "--services", "信息服务,技术服务,培训服务,咨询服务",
)


def test_whole_flow_publicity_platform_announcement(reg, capsys):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-09") == 0
    notice = reg / "content/notices/2026-11-09-gongshi.md"
    header = notice.read_text(encoding="utf-8")
    assert "publicity_start: 2026-11-09\npublicity_end: 2026-11-13\n" in header
    assert codes(reg) == [("content/notices/2026-11-09-gongshi.md", "E162")]  # until new-platform adds one

    assert run(reg, "new-platform", "--publicity", "2026-11-09-gongshi", *PLATFORM_FLAGS) == 0
    platform = reg / "data/platforms/lc-2026-004.yaml"  # 001–003 exist in the example data
    text = platform.read_text(encoding="utf-8")
    assert text.startswith("# yaml-language-server: $schema=../../schema/platform.schema.json\n")
    assert "terms: []" in text and "pending:" in text and "publicity: 2026-11-09-gongshi" in text
    assert "recommended_by: 冠县工业和信息化局" in text
    assert "platforms: lc-2026-004\n" in notice.read_text(encoding="utf-8")
    assert "| 1 | 冠县启航中小企业综合服务平台 |" in notice.read_text(encoding="utf-8")
    assert errors(reg) == []
    out = capsys.readouterr().out
    assert "下一步" in out and "make new-notice TYPE=认定公告" in out

    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-20") == 0
    announcement = reg / "content/notices/2026-11-20-rending.md"
    assert "platforms: lc-2026-004\n" in announcement.read_text(encoding="utf-8")
    text = platform.read_text(encoding="utf-8")
    assert "pending" not in text and "尚未认定" not in text
    assert "  - batch: 2026\n    certified_on: 2026-11-20  # 有效期至 2029-11-19\n" in text
    assert "announcement: 2026-11-20-rending" in text
    assert errors(reg) == []


def test_next_free_id_and_second_row(reg):
    assert run(reg, "new-platform", "--publicity", "2026-11-23-gongshi", *PLATFORM_FLAGS) == 0
    flags = list(PLATFORM_FLAGS)
    flags[flags.index("--credit-code") + 1] = code("12371500MB0000300")
    flags[flags.index("--name") + 1] = "聊城市检测认证服务平台"
    flags[flags.index("--category") + 1] = "专业类"
    flags[flags.index("--services") + 1] = "技术服务"
    flags[flags.index("--county") + 1] = "聊城高新技术产业开发区"
    assert run(reg, "new-platform", "--operator-kind", "事业单位", "--specialty", "检验检测", *flags) == 0
    assert (reg / "data/platforms/lc-2026-005.yaml").exists()
    text = (reg / "data/platforms/lc-2026-005.yaml").read_text(encoding="utf-8")
    assert "recommended_by: 聊城高新技术产业开发区经济发展局" in text and "specialty: 检验检测" in text
    notice = (reg / "content/notices/2026-11-23-gongshi.md").read_text(encoding="utf-8")
    assert "platforms: lc-2023-001, lc-2026-001, lc-2026-002, lc-2026-003, lc-2026-004, lc-2026-005\n" in notice
    assert "| 6 | 聊城市检测认证服务平台 |" in notice
    assert errors(reg) == []


def test_default_publicity_is_the_open_one(reg):
    assert run(reg, "new-platform", *PLATFORM_FLAGS) == 0  # 2026-11-23-gongshi runs to 2026-11-27
    assert "publicity: 2026-11-23-gongshi" in (reg / "data/platforms/lc-2026-004.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize(("start", "end"), [
    ("2026-09-28", "2026-10-09"),  # 国庆节 and its 调休 Saturday
    ("2026-02-11", "2026-02-24"),  # 春节
    ("2026-11-23", "2026-11-27"),
])
def test_publicity_end_is_fifth_working_day(reg, start, end):
    assert run(reg, "new-notice", "--type", "公示", "--start", start) == 0
    text = (reg / f"content/notices/{start}-gongshi.md").read_text(encoding="utf-8")
    assert f"publicity_end: {end}\n" in text
    assert [c for c in codes(reg) if c[1] != "E162"] == []  # E162 until a platform is added


def test_unknown_calendar_year_asks_for_data_calendar(reg, capsys):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2031-03-03") == 1
    assert "data/calendar/2031.yaml" in capsys.readouterr().err
    assert not list((reg / "content/notices").glob("2031-*"))
    (reg / "data/calendar").mkdir(exist_ok=True)
    (reg / "data/calendar/2031.yaml").write_text(
        "year: 2031\nsource: 国务院办公厅关于2031年部分节假日安排的通知（测试）\nholidays: [2031-03-05]\n",
        encoding="utf-8")
    assert run(reg, "new-notice", "--type", "公示", "--start", "2031-03-03") == 0
    assert "publicity_end: 2031-03-10\n" in (reg / "content/notices/2031-03-03-gongshi.md").read_text(encoding="utf-8")


def test_publicity_must_start_on_a_working_day(reg, capsys):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-10-01") == 1
    assert "不是工作日" in capsys.readouterr().err


def test_renew_expired_platform_keeps_comments_and_order(reg):
    path = reg / "data/platforms/lc-2021-004.yaml"
    before = path.read_text(encoding="utf-8")
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-02", "--platforms", "lc-2021-004") == 0
    pending = path.read_text(encoding="utf-8")
    assert "pending:" in pending and "publicity: 2026-11-02-gongshi" in pending
    assert errors(reg) == []
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-10", "--no-certify") == 0
    assert "pending:" in path.read_text(encoding="utf-8")
    assert run(reg, "renew", "lc-2021-004") == 0
    after = path.read_text(encoding="utf-8")
    assert errors(reg) == []
    assert comments(before) == [c for c in comments(after) if "2029-11-09" not in c]
    added = [line for line in after.splitlines() if line not in before.splitlines()]
    assert added == ["  - batch: 2026", "    certified_on: 2026-11-10  # 有效期至 2029-11-09",
                     "    publicity: 2026-11-02-gongshi", "    announcement: 2026-11-10-rending"]
    keys = [line.split(":")[0] for line in after.splitlines() if re.match(r"^[a-z_]+:", line)]
    assert keys == [line.split(":")[0] for line in before.splitlines() if re.match(r"^[a-z_]+:", line)]


def test_renew_inside_a_running_term_is_refused(reg, capsys):
    before = (reg / "data/platforms/lc-2023-001.yaml").read_text(encoding="utf-8")
    # lc-2023-001 is in the 2026-11-23 公示 but its term runs to 2026-12-19 (第十八条)
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-11-30") == 1
    err = capsys.readouterr().err
    assert "E322" in err
    assert (reg / "data/platforms/lc-2023-001.yaml").read_text(encoding="utf-8") == before
    assert not (reg / "content/notices/2026-11-30-rending.md").exists()


def test_renew_without_publicity_explains_the_order(reg, capsys):
    assert run(reg, "renew", "lc-2021-005") == 1
    assert "make new-notice TYPE=公示" in capsys.readouterr().err


def test_publicity_for_a_platform_under_ban_is_refused(reg, capsys):
    assert run(reg, "new-notice", "--type", "公示", "--start", "2026-11-02", "--platforms", "lc-2023-004") == 1
    assert "2028-06-09" in capsys.readouterr().err


def test_revoke_writes_notice_and_keeps_comments(reg, capsys):
    path = reg / "data/platforms/lc-2025-001.yaml"
    before = path.read_text(encoding="utf-8")
    assert run(reg, "revoke", "lc-2025-001", "--date", "2026-11-20", "--ground", "4") == 0
    after = path.read_text(encoding="utf-8")
    assert after.startswith(before)  # nothing above changes; the block is appended
    assert after[len(before):] == (
        "revoked:\n  date: 2026-11-20\n"
        "  ground: 4  # 第二十条第（四）项：运作不规范，被中小企业投诉3次以上的经查核实\n"
        "  notice: 2026-11-20-chexiao\n")
    notice = (reg / "content/notices/2026-11-20-chexiao.md").read_text(encoding="utf-8")
    assert "type: 撤销公告\nplatforms: lc-2025-001\n" in notice and "2029年11月19日" in notice
    assert errors(reg) == []
    assert run(reg, "revoke", "lc-2025-001", "--date", "2026-11-21", "--ground", "1") == 1
    assert "不能重复撤销" in capsys.readouterr().err


def test_revoke_outside_any_term_is_refused(reg, capsys):
    assert run(reg, "revoke", "lc-2021-006", "--date", "2026-11-20", "--ground", "3") == 1
    assert "E331" in capsys.readouterr().err


def test_yes_mode_lists_every_missing_flag(reg, capsys):
    assert run(reg, "new-platform") == 2
    err = capsys.readouterr().err
    for flag in ("--name", "--operator", "--credit-code", "--county", "--category", "--services"):
        assert flag in err
    assert run(reg, "revoke") == 2
    assert run(reg, "new-notice") == 2
    assert "--type" in capsys.readouterr().err


@pytest.mark.parametrize(("flag", "value"), [
    ("--credit-code", "91371525MA00002000"),  # wrong check character
    ("--county", "济南市"),
    ("--county", "冠具"),  # offered as 冠县 at the prompt; a flag is refused with the suggestion
    ("--services", "信息服务,技术服务"),  # 综合类 needs four (第十条)
    ("--publicity", "2026-11-20-rending"),
])
def test_bad_values_are_usage_errors(reg, capsys, flag, value):
    flags = list(PLATFORM_FLAGS)
    if flag in flags:
        flags[flags.index(flag) + 1] = value
    else:
        flags += [flag, value]
    assert run(reg, "new-platform", *flags) == 2
    assert flag in capsys.readouterr().err
    assert not (reg / "data/platforms/lc-2026-004.yaml").exists()


def test_a_change_that_would_not_validate_is_rolled_back(reg, capsys):
    # an announcement dated after TODAY would certify in the future (E324): nothing may be written
    before = (reg / "data/platforms/lc-2026-001.yaml").read_text(encoding="utf-8")
    assert run(reg, "new-notice", "--type", "认定公告", "--date", "2026-12-01",
               "--platforms", "lc-2026-001") == 1
    assert "E324" in capsys.readouterr().err
    assert (reg / "data/platforms/lc-2026-001.yaml").read_text(encoding="utf-8") == before
    assert not (reg / "content/notices/2026-12-01-rending.md").exists()


def test_interactive_prompts_reask_until_valid(reg, monkeypatch, capsys):
    answers = iter([
        "",                      # 公示: the default (the open 2026-11-23 公示)
        "东昌府区示范服务平台",      # name
        "聊城示范企业服务有限公司",   # operator
        "91371502MA00003000",    # wrong check character → asked again
        code("91371502MA0000300"),
        "",                      # kind: default 企业
        "1",                     # county by number: 东昌府区
        "综合类",
        "1,2",                   # too few services → asked again
        "1、2、4、6",
        "",                      # recommended_by: default
        "", "", "", "0635-7654321", "",  # description, address, website, phone, email
    ])
    monkeypatch.setattr("builtins.input", lambda prompt="": next(answers))
    assert staff_cli.main(["new-platform", "--src", str(reg), "--today", TODAY.isoformat()]) == 0
    out = capsys.readouterr().out
    assert "校验位应为" in out and "不少于 4 项" in out
    text = (reg / "data/platforms/lc-2026-004.yaml").read_text(encoding="utf-8")
    assert "county: 东昌府区" in text and "  - 咨询服务\n" in text and "phone: 0635-7654321" in text
    assert errors(reg) == []


def test_interactive_end_of_input_is_a_clear_usage_error(reg, monkeypatch, capsys):
    def eof(prompt=""):
        raise EOFError
    monkeypatch.setattr("builtins.input", eof)
    assert staff_cli.main(["new-notice", "--src", str(reg), "--today", TODAY.isoformat()]) == 2
    assert "--type" in capsys.readouterr().err


@pytest.mark.parametrize("value", ["no", "yes", "0123", "a: b", "#x", "x #y", "2023/12/20", "- a", "[a]",
                                   "12", "1.5", "null", "true", " lead", "'q'", "普通文字", "http://a.b/c"])
def test_yaml_scalar_reads_back_unchanged(value):
    doc, problems = strict_parse(f"k: {yaml_scalar(value)}\n", "-")
    assert problems == [] and doc.data == {"k": value}


def test_check_command_reports_only_given_files(reg, capsys):
    bad = reg / "data/platforms/lc-2024-001.yaml"
    bad.write_text(bad.read_text(encoding="utf-8").replace("county: ", "county: 济南"), encoding="utf-8")
    assert staff_cli.main(["check", "--src", str(reg), "--today", TODAY.isoformat(), str(bad)]) == 1
    assert "E401" in capsys.readouterr().out
    other = reg / "data/platforms/lc-2024-002.yaml"
    assert staff_cli.main(["check", "--src", str(reg), "--today", TODAY.isoformat(), str(other)]) == 0
