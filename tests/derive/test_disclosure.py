"""The 索引号 scheme and the 文号 shape (sme_registry/derive/disclosure.py)."""

from __future__ import annotations

import pytest

from sme_registry.derive.disclosure import IndexScheme, doc_number_issue, index_scheme

ORG = "11371500MB28500000"


def test_default_scheme_makes_parses_and_counts_on():
    scheme = index_scheme({"disclosure": {"org_code": ORG}})
    assert scheme.make(2026, 3) == f"{ORG}/2026-00003"
    assert scheme.parse(f"{ORG}/2026-00003") == (2026, 3)
    for bad in (f"{ORG}/2026-3", f"{ORG}/2026-000003", "91371500MB28500000/2026-00003", f"{ORG}/2026-00000",
                f"{ORG}/2026-00003 ", f"{ORG}-2026-00003"):
        assert scheme.parse(bad) is None, bad
    used = [f"{ORG}/2026-00001", f"{ORG}/2026-00004", f"{ORG}/2025-00009", "其他写法"]
    assert scheme.next_free(2026, used) == f"{ORG}/2026-00005"  # after the highest: a gap is never refilled
    assert scheme.next_free(2027, used) == f"{ORG}/2027-00001"


def test_a_custom_format_and_width():
    scheme = IndexScheme("00424001-X", "{org_code}-{year}-{serial}", 3)
    assert scheme.complete and scheme.make(2026, 7) == "00424001-X-2026-007"
    assert scheme.parse("00424001-X-2026-007") == (2026, 7)
    assert not IndexScheme(ORG, "{org_code}/{year}").complete
    assert index_scheme({"bureau": {"name": "市局"}}) is None


@pytest.mark.parametrize("value", ["聊民营发〔2026〕3号", "鲁工信发〔2025〕12号", "聊政办字〔2024〕100号"])
def test_well_formed_doc_numbers(value):
    assert doc_number_issue(value) is None


@pytest.mark.parametrize(("value", "code", "fix"), [
    ("聊民营发[2026]3号", "E705", "聊民营发〔2026〕3号"),
    ("聊民营发【2026】3号", "E705", "聊民营发〔2026〕3号"),
    ("聊民营发（2026）3号", "E705", "聊民营发〔2026〕3号"),
    ("聊民营发(2026)3号", "E705", "聊民营发〔2026〕3号"),
    ("聊民营发［2026］3号", "E705", "聊民营发〔2026〕3号"),
    ("聊民营发〔2026〕003号", "E704", "聊民营发〔2026〕3号"),
    ("聊民营发〔2026〕第3号", "E704", "聊民营发〔2026〕3号"),
    ("聊民营发 〔2026〕 3号", "E704", "聊民营发〔2026〕3号"),
    ("聊民营发〔2026〕0号", "E704", ""),
    ("聊民营发3号", "E704", ""),
    ("2026年第3号", "E704", ""),
])
def test_slips_say_what_to_type(value, code, fix):
    issue = doc_number_issue(value)
    assert (issue.code, issue.fix) == (code, fix)
