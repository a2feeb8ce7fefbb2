"""The hand-typed name tables of notices: which lines are read as a table."""

from __future__ import annotations

import pytest

from sme_registry.validate.rules.notice_tables import tables


@pytest.mark.parametrize("separator", ["|---|---|", "| :--- | ---: |", "---|---", "  |:---:|---|  ", "|---|\t"])
def test_a_table_is_a_row_over_a_separator(separator):
    found = list(tables(f"| 序号 | 平台名称 |\n{separator}\n| 1 | 甲平台 |\n"))
    assert [head for _, head, _ in found] == [["序号", "平台名称"]]


@pytest.mark.parametrize("separator", ["|--|--|", "|---|x", "| --- | - |", "===", ""])
def test_other_lines_do_not_make_a_table(separator):
    assert list(tables(f"| 序号 | 平台名称 |\n{separator}\n")) == []


def test_a_line_of_a_hundred_thousand_tabs_is_read_once():
    # The separator pattern used to backtrack over `\s*\|?\s*` (30,000 tabs took 13 s).
    assert list(tables("|a|\n" + "\t" * 100_000 + "\n|---" + "\t" * 100_000 + "x\n")) == []
