"""Every E60x–E64x code is produced by a test in this folder (the registry corpus cannot produce them)."""

from __future__ import annotations

import re
from pathlib import Path

from sme_registry.problems.codes import CATALOGUE

HERE = Path(__file__).resolve().parent


def test_sheet_codes_are_exercised():
    text = "\n".join(p.read_text(encoding="utf-8") for p in HERE.glob("test_*.py") if p.name != Path(__file__).name)
    used = set(re.findall(r"\bE6[0-4]\d\b", text))
    ours = {code for code in CATALOGUE if "E600" <= code <= "E649"}
    assert sorted(ours - used) == []
