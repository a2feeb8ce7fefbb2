"""make calendar: the State Council notice becomes data/calendar/<year>.yaml, equal to chinesecalendar."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
import sys
from pathlib import Path

import chinese_calendar
import pytest

from sme_registry.staff.calendar_notice import parse
from sme_registry.validate.report import validate
from tests.conftest import ROOT

NOTICES = ROOT / "tests" / "fixtures" / "calendar-notices"  # the official texts, as published


def _text(year: int) -> str:
    return (NOTICES / f"{year}.txt").read_text(encoding="utf-8")


def _package(year: int):
    holidays = {d for d in chinese_calendar.constants.holidays if d.year == year}
    workdays = {d for d in chinese_calendar.constants.workdays if d.year == year}
    return holidays, workdays


@pytest.mark.parametrize("year", [2017, 2026])
def test_official_notice_equals_chinesecalendar_day_for_day(year):
    result = parse(_text(year), f"{year}.txt")
    assert result.problems == []
    assert result.year == year
    assert (set(result.holidays), set(result.workdays)) == _package(year)


def test_source_is_title_number_and_date():
    r2017, r2026 = parse(_text(2017), "2017.txt"), parse(_text(2026), "2026.txt")
    assert (r2017.title, r2017.number, r2017.signed) == (
        "国务院办公厅关于2017年部分节假日安排的通知", "国办发明电〔2016〕17号", dt.date(2016, 12, 1))
    assert (r2026.number, r2026.signed) == ("", dt.date(2025, 11, 4))


def _registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(ROOT / "tests/fixtures/base", root)
    return root


def _run(root: Path, notice: Path, *extra):
    return subprocess.run([sys.executable, "-m", "sme_registry", "calendar", "--src", str(root), str(notice), *extra],
                          cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=120)


@pytest.mark.parametrize("year", [2017, 2026])
def test_command_writes_a_file_the_registry_accepts_and_prints_a_grid(tmp_path, year):
    root = _registry(tmp_path)
    notice = tmp_path / "通知.txt"
    notice.write_text(_text(year), encoding="utf-8")
    result = _run(root, notice)
    assert result.returncode == 0, result.stderr
    assert f"{year}年10月" in result.stdout and "休" in result.stdout and "班" in result.stdout
    registry, report = validate(root, dt.date(2026, 11, 25))
    assert report.problems == []
    arrangement = registry.calendar.arrangements[year]
    assert (arrangement.holidays, arrangement.workdays) == _package(year)
    day = dt.date(year, 1, 1)
    while day.year == year:  # the loaded file decides every day as the package does
        assert registry.calendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    again = _run(root, notice)
    assert again.returncode == 0 and "无需修改" in again.stdout


def test_gb18030_text_is_read(tmp_path):
    notice = tmp_path / "通知.txt"
    notice.write_bytes(_text(2026).encode("gb18030"))
    assert _run(_registry(tmp_path), notice).returncode == 0


def _problems(text: str):
    return [(p.code, p.line, p.col) for p in parse(text, "通知.txt").problems]


def _line_col(text: str, needle: str) -> tuple[int, int]:
    before = text[: text.index(needle)]
    return before.count("\n") + 1, len(before.rsplit("\n", 1)[-1]) + 1


def test_a_sentence_it_cannot_read_completely_is_refused_at_its_position():
    text = _text(2026).replace("5月9日（周六）上班", "5月9日（周六）正常上班")
    line, col = _line_col(text, "5月9日（周六）正常上班")
    assert _problems(text) == [("E621", line, col)]


def test_an_arrangement_outside_a_numbered_item_is_refused():
    text = _text(2026).replace("鼓励单位和个人", "另外，12月31日下午放假。鼓励单位和个人")
    line, col = _line_col(text, "12月31日下午放假")
    assert _problems(text) == [("E621", line, col)]


@pytest.mark.parametrize(("old", "new", "code"), [
    ("共9天", "共8天", "E623"),
    ("10月10日（周六）上班", "10月10日（周五）上班", "E624"),
    ("6月19日（周五）至21日", "6月31日（周五）至21日", "E622"),
    ("9月20日（周日）、", "9月22日、", "E626"),
])
def test_what_the_notice_says_about_itself_is_checked(old, new, code):
    text = _text(2026).replace(old, new)
    assert [c for c, *_ in _problems(text)] == [code]


def test_title_and_signature_are_required():
    assert [c for c, *_ in _problems("关于放假的说明\n\n一、元旦：1月1日放假。\n")] == ["E620"]
    text = _text(2026).replace("2025年11月4日", "")
    assert [c for c, *_ in _problems(text)] == ["E625"]
    assert [c for c, *_ in _problems("国务院办公厅关于2030年部分节假日安排的通知\n2029年11月1日\n")] == ["E628"]


def test_an_existing_different_file_is_kept_unless_forced(tmp_path):
    root = _registry(tmp_path)
    target = root / "data/calendar/2026.yaml"
    target.parent.mkdir(parents=True)
    target.write_text("year: 2026\nsource: 手工填写\nholidays: [2026-01-01]\n", encoding="utf-8")
    notice = tmp_path / "通知.txt"
    notice.write_text(_text(2026), encoding="utf-8")
    result = _run(root, notice)
    assert result.returncode == 1 and "E627" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("year: 2026\nsource: 手工填写")
    assert _run(root, notice, "--force").returncode == 0
    assert "国务院办公厅关于2026年部分节假日安排的通知" in target.read_text(encoding="utf-8")


def test_refusal_writes_nothing(tmp_path):
    root = _registry(tmp_path)
    notice = tmp_path / "通知.txt"
    notice.write_text(_text(2017).replace("补休", "调班"), encoding="utf-8")
    result = _run(root, notice)
    assert result.returncode == 1
    assert "通知.txt:" in result.stderr and "E621" in result.stderr and "Traceback" not in result.stderr
    assert not (root / "data/calendar").exists()


def test_an_item_wrapped_onto_the_next_line_is_still_read():
    text = _text(2026).replace("共9天。2月14日", "共9天。\n2月14日")
    result = parse(text, "通知.txt")
    assert result.problems == [] and (set(result.holidays), set(result.workdays)) == _package(2026)
    separated = _text(2026).replace("共9天。2月14日", "共9天。\n\n2月14日")  # a paragraph of its own: refused
    line, col = _line_col(separated, "2月14日（周六）、2月28日")
    assert _problems(separated) == [("E621", line, col)]
