"""docs/errors.md is generated from the catalogue and must not drift from it."""

from __future__ import annotations

import re
from pathlib import Path

from sme_registry.problems.codes import CATALOGUE
from sme_registry.validate.errors_doc import render

DOC = Path(__file__).resolve().parents[2] / "docs/errors.md"


def test_committed_doc_matches_the_catalogue():
    assert DOC.read_text(encoding="utf-8") == render(), (
        "docs/errors.md is stale: run `.venv/bin/python -m sme_registry docs-errors > docs/errors.md`"
    )


def test_every_code_has_a_section_and_nothing_else_does():
    headings = re.findall(r"^### ([EW]\d{3}) ", render(), flags=re.M)
    assert sorted(headings) == sorted(CATALOGUE)


def test_catalogue_entries_are_complete():
    for code, entry in CATALOGUE.items():
        assert re.fullmatch(r"[EW]\d{3}", code) and entry.code == code
        assert entry.title and entry.template
        assert (entry.severity.value == "warning") == code.startswith("W"), code
        assert not entry.article or entry.article.startswith("第"), code
