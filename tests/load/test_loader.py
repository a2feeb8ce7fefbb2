"""Loading a registry folder: every problem collected, never an exception."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from sme_registry.validate.report import validate

BASE = Path(__file__).resolve().parents[1] / "fixtures/base"
TODAY = dt.date(2026, 11, 25)


@pytest.fixture
def root(tmp_path) -> Path:
    dest = tmp_path / "r"
    shutil.copytree(BASE, dest)
    return dest


def test_base_loads_into_the_model(root):
    registry, report = validate(root, TODAY)
    assert report.problems == []
    assert sorted(registry.platforms) == ["t-2023-001", "t-2023-002", "t-2026-003"]
    assert registry.notices["2023-12-11-gongshi"].platforms == ["t-2023-001", "t-2023-002"]
    p = registry.platforms["t-2023-001"]
    assert p.terms[0].certified_on == dt.date(2023, 12, 20)
    assert p.pos("terms", 0, "certified_on") == (14, 19)
    assert registry.platforms["t-2023-002"].revoked.ground == 4
    assert (report.platform_count, report.notice_count) == (3, 4)


def test_hidden_files_and_folders_are_ignored(root):
    (root / "data/platforms/.t-2023-001.yaml.swp").write_bytes(b"\x00\xff")
    (root / "data/platforms/.drafts").mkdir()
    (root / "data/platforms/.drafts/t-2026-009.yaml").write_text("id: [\n", encoding="utf-8")
    (root / "content/notices/.DS_Store").write_bytes(b"\x00")
    assert validate(root, TODAY)[1].problems == []


def test_a_visible_sub_folder_is_refused_not_silently_skipped(root):
    (root / "data/platforms/2026").mkdir()
    (root / "data/platforms/2026/t-2026-009.yaml").write_text("id: t-2026-009\n", encoding="utf-8")
    found = [(p.code, p.path, p.line, p.col) for p in validate(root, TODAY)[1].problems]
    assert found == [("E124", "data/platforms/2026", 1, 1)]


def test_a_broken_platform_file_does_not_hide_the_others(root):
    (root / "data/platforms/t-2023-001.yaml").write_text("id: [\n", encoding="utf-8")
    path = root / "data/platforms/t-2023-002.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("county: 临清市", "county: 临清"), encoding="utf-8")
    codes = sorted((p.path, p.code) for p in validate(root, TODAY)[1].problems)
    assert codes == [("data/platforms/t-2023-001.yaml", "E103"), ("data/platforms/t-2023-002.yaml", "E401")]


@pytest.mark.parametrize("missing", ["data/site.yaml", "data/divisions.yaml", "content/policy/measures.zh.txt"])
def test_a_missing_required_file_is_a_problem_not_a_crash(root, missing):
    (root / missing).unlink()
    _, report = validate(root, TODAY)  # currently raises FileNotFoundError
    assert any(p.path == missing and p.is_error for p in report.problems)


def test_calendar_year_must_match_the_file_name(root):
    """schema/calendar.schema.json: year “须与文件名相同”. A 2028 arrangement saved as 2027.yaml
    would silently count 2027 working days with no holidays at all."""
    (root / "data/calendar").mkdir(exist_ok=True)
    (root / "data/calendar/2027.yaml").write_text(
        "year: 2028\nsource: 测试用 2028 年节假日安排\nholidays: [2028-01-01]\n", encoding="utf-8")
    _, report = validate(root, TODAY)
    assert any(p.path == "data/calendar/2027.yaml" and p.is_error for p in report.problems)


def test_the_load_memo_reparses_integral_and_unbounded_floats_but_not_codes_ending_in_e(root):
    """A kept entry whose JSON holds a float with an integral value, however it is spelt
    (20.0, 20.00, 2e1, 2.0E+1: the schema's integers exclude them, its compiled validator
    would not), or a number that is not finite, is not used: the file is parsed again. An
    entry holding only integers, 2.1 and a credit code ending in a letter is used."""
    from sme_registry.load.load_memo import LoadMemo

    salt = "test"
    loads = LoadMemo(salt)
    validate(root, TODAY, loads)
    path = root / "data/platforms/t-2023-001.yaml"
    key = loads.key("data/platforms/t-2023-001.yaml", path.read_bytes())
    entry = loads.kept[key]
    assert '"staff":20,' in entry and '"new_financing_yi":2.1' in entry and '"credit_code":"91371502MA0000001X"' in entry

    def got(text):
        return LoadMemo(salt, {key: text}).get(key)

    assert got(entry).data["operator"]["credit_code"] == "91371502MA0000001X"
    for spelling in ("20.0", "20.00", "2e1", "2.0E+1", "200e-1", "1e400", "NaN", "Infinity", "-Infinity"):
        assert got(entry.replace('"staff":20,', f'"staff":{spelling},')) is None, spelling
    assert got(entry.replace('"new_financing_yi":2.1', '"new_financing_yi":2.0')) is None
    kept = got(entry.replace('"new_financing_yi":2.1', '"new_financing_yi":2.25'))
    assert kept.data["terms"][0]["metrics"]["new_financing_yi"] == 2.25
    # an edited entry decides nothing: the file is parsed again and loads cleanly
    edited = LoadMemo(salt, {key: entry.replace('"staff":20,', '"staff":20.00,')})
    registry, report = validate(root, TODAY, edited)
    assert report.problems == [] and edited.hits == 0
    assert registry.platforms["t-2023-001"].terms[0].metrics["staff"] == 20
