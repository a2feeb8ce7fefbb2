"""The bad-input corpus: every case reports exactly the expected problems, no more, no fewer.

Each case is a folder `tests/fixtures/invalid/<case>/` laid out like a registry; it is
copied over a copy of `tests/fixtures/base/` (same path = replaced file). The expected
problems of every case are in `tests/fixtures/invalid/expected.yaml` as
`[code, path, line, col]`. Comparison is by multiset of (code, path, line, col): messages
are not matched, except that suggestions ("是否应为…") are checked where they are the point.

Characters that must not be committed raw (control characters, a lone CR, U+2028 …) are
written `<U+XXXX>` in a case's files and put in place when the case is built.
"""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

from sme_registry.problems.codes import CATALOGUE
from sme_registry.validate.report import validate

ROOT = Path(__file__).resolve().parents[2]
BASE = ROOT / "tests/fixtures/base"
INVALID = ROOT / "tests/fixtures/invalid"
TODAY = date(2026, 11, 25)
LINE = re.compile(r"^[^:]+:\d+:\d+: [EW]\d{3} .+")

CASES = sorted(p.name for p in INVALID.iterdir() if p.is_dir())
EXPECTED: dict = yaml.safe_load((INVALID / "expected.yaml").read_text(encoding="utf-8"))

# Codes an overlay case cannot produce, with the reason and where they are tested instead.
UNREACHABLE = {
    "E113": "覆盖式样例只能增加或替换文件、不能删除文件；缺少必需文件由 test_loader.py 检查",
    "E116": "符号链接、命名管道、设备文件不能放进 git 的样例目录；由 test_sandbox.py 逐一检查",
    "E117": "无法读取的文件（权限）不能放进 git；由 test_sandbox.py 检查",
}
# Spreadsheet import and holiday-notice problems (E600–E649) are about a clerk's input file, not the
# registry: tests/sheets/ exercises every one of them (test_sheet_codes_are_exercised there).
UNREACHABLE |= {code: "表格导入与节假日通知的问题，由 tests/sheets/ 检查" for code in CATALOGUE if "E600" <= code <= "E649"}

# Where the message content is the point of the case (a suggestion), check it too.
MESSAGE_CONTAINS = {
    "category_unknown_key_catgory": ("E202", "是否应为“category”"),
    "county_unknown_with_suggestion": ("E401", "是否应为“东昌府区”"),
    "announcement_missing_with_suggestion": ("E402", "是否应为“2023-12-20-rending”"),
    "notice_unknown_platform_id": ("E403", "是否应为“t-2023-002”"),
    "publicity_tiaoxiu_miscounted": ("E311", "共 6 个工作日"),
    "publicity_year_unknown": ("E313", "data/calendar/2027.yaml"),
    "platform_not_utf8": ("E101", "第 77 字节"),
}


def _pad_oversize(root: Path) -> None:
    """Files over 256 KiB are generated here rather than committed."""
    path = root / "data/platforms/t-2023-001.yaml"
    line = "# " + "填充" * 60 + "\n"  # 362 bytes
    with path.open("a", encoding="utf-8") as f:
        f.write(line * (256 * 1024 // len(line.encode()) + 1))
    assert path.stat().st_size > 256 * 1024


GENERATED = {"platform_oversize": _pad_oversize}


MARKER = re.compile(r"<U\+([0-9A-F]{4})>")


def _put_markers(case: str, root: Path) -> None:
    for path in (INVALID / case).rglob("*"):
        if path.is_file() and b"<U+" in path.read_bytes():
            target = root / path.relative_to(INVALID / case)
            text = path.read_text(encoding="utf-8")
            target.write_bytes(MARKER.sub(lambda m: chr(int(m.group(1), 16)), text).encode("utf-8"))


def build_case(case: str, dest: Path) -> Path:
    root = dest / "registry"
    shutil.copytree(BASE, root)
    shutil.copytree(INVALID / case, root, dirs_exist_ok=True)
    _put_markers(case, root)
    if case in GENERATED:
        GENERATED[case](root)
    return root


def _expected(case: str) -> Counter:
    return Counter(tuple(item) for item in EXPECTED[case] or [])


def _actual(report) -> Counter:
    return Counter((p.code, p.path, p.line, p.col) for p in report.problems)


def _has_errors(case: str) -> bool:
    return any(CATALOGUE[code].severity.value == "error" for code, *_ in EXPECTED[case] or [])


def test_base_fixture_is_clean():
    _, report = validate(BASE, TODAY)
    assert report.problems == []


def test_every_case_folder_has_an_expectation():
    assert sorted(set(CASES) - set(EXPECTED)) == []


def test_every_expectation_has_a_case_folder():
    assert sorted(set(EXPECTED) - set(CASES)) == []


def test_case_names_are_key_underscore_reason():
    bad = [c for c in CASES if not re.fullmatch(r"[a-z0-9]+(_[a-z0-9]+)+", c)]
    assert bad == []


def test_corpus_is_large_enough():
    assert len(CASES) >= 45


def test_every_code_is_exercised():
    exercised = {code for items in EXPECTED.values() for code, *_ in items or []}
    assert set(UNREACHABLE) <= set(CATALOGUE), "UNREACHABLE names a code that no longer exists"
    assert not (set(UNREACHABLE) & exercised), "a code listed as unreachable has a case now"
    missing = sorted(set(CATALOGUE) - exercised - set(UNREACHABLE))
    assert missing == [], f"codes without a corpus case: {missing}"


def test_expectations_use_known_codes():
    unknown = {code for items in EXPECTED.values() for code, *_ in items or []} - set(CATALOGUE)
    assert unknown == set()


@pytest.mark.parametrize("case", CASES)
def test_case_reports_exactly_the_expected_problems(case, tmp_path):
    root = build_case(case, tmp_path)
    _, report = validate(root, TODAY)
    actual = _actual(report)
    expected = _expected(case)
    assert actual == expected, (
        f"\nmissing: {sorted((expected - actual).elements())}"
        f"\nunexpected: {sorted((actual - expected).elements())}"
        f"\nreported:\n" + "\n".join(p.text() for p in report.problems)
    )
    if case in MESSAGE_CONTAINS:
        code, needle = MESSAGE_CONTAINS[case]
        messages = [p.message for p in report.problems if p.code == code]
        assert any(needle in m for m in messages), messages


def _cli(root: Path, *extra: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sme_registry", "validate", "--src", str(root), "--today", "2026-11-25", *extra],
        cwd=ROOT, capture_output=True, text=True, encoding="utf-8", timeout=60,
    )


@pytest.mark.slow  # one subprocess per case; the in-process tests cover the same cases in make test-fast
@pytest.mark.parametrize("case", CASES)
def test_case_through_the_cli(case, tmp_path):
    root = build_case(case, tmp_path)
    result = _cli(root)
    lines = result.stdout.splitlines()
    problem_lines, summary = lines[:-1], lines[-1]
    assert summary.startswith("共检查")
    assert len(problem_lines) == sum(_expected(case).values())
    for line in problem_lines:
        assert LINE.match(line), line
    assert {line.split(" ", 2)[1] for line in problem_lines} == {c for c, *_ in EXPECTED[case]}
    if _has_errors(case):
        assert result.returncode == 1, result.stdout + result.stderr
    else:
        assert result.returncode == 0, result.stdout + result.stderr
        assert _cli(root, "--strict").returncode == 1


# ---- the same cases, fixed: they must then validate clean ---------------------------

CALENDAR_2027 = """\
# 测试用：假定的 2027 年安排（只放元旦）。真实数据请按国务院办公厅通知填写。
year: 2027
source: 测试用 2027 年节假日安排
holidays: [2027-01-01]
workdays: []
"""


@pytest.mark.parametrize("case", ["publicity_year_unknown", "publicity_end_year_unknown"])
def test_unknown_year_is_fixed_by_a_calendar_file(case, tmp_path):
    root = build_case(case, tmp_path)
    (root / "data/calendar").mkdir(parents=True, exist_ok=True)
    (root / "data/calendar/2027.yaml").write_text(CALENDAR_2027, encoding="utf-8")
    _, report = validate(root, TODAY)
    assert [p.text() for p in report.problems] == []


def _fix(case: str, tmp_path: Path, rel: str, *pairs) -> list:
    root = build_case(case, tmp_path)
    path = root / rel
    text = path.read_text(encoding="utf-8")
    for old, new in pairs:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path.write_text(text, encoding="utf-8")
    _, report = validate(root, TODAY)
    return [p.text() for p in report.problems]


def test_relaxed_operator_passes_at_100_wan_and_10_staff(tmp_path):
    """事业单位: 100 万元 and 10 people meet 第八条 (the case fails at 99 万元 / 9 people)."""
    assert _fix(
        "metrics_relaxed_shiye_missed", tmp_path, "data/platforms/t-2023-002.yaml",
        ("total_assets_wan: 99\n", "total_assets_wan: 100\n"), ("      staff: 9\n", "      staff: 10\n"),
    ) == []


def test_publicity_across_tiaoxiu_weekend_is_five_workdays(tmp_path):
    """2025-09-26 (Fri) … 2025-10-09 (Thu): 26, 28 (Sunday 调休 workday), 29, 30, then 10-01…08
    off, 10-09: five working days."""
    left = _fix(
        "publicity_tiaoxiu_miscounted", tmp_path, "content/notices/2025-09-26-gongshi.md",
        ("publicity_end: 2025-10-10", "publicity_end: 2025-10-09"),
    )
    # Only the warning that the listed platform was never certified from this 公示 remains.
    assert [line.split(" ", 2)[1] for line in left] == ["W502"]
