"""Round trip: a registry exported as xlsx and imported again (historical mode) gives the same YAML."""

from __future__ import annotations

import shutil
from pathlib import Path

from sme_registry.derive.views import registry_view
from sme_registry.site.workbooks import workbooks
from sme_registry.spreadsheet.import_ import apply_plan, plan_import
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY, ROOT


def _export(root: Path, dest: Path) -> Path:
    registry, report = validate(root, EXAMPLE_TODAY)
    assert [p.text() for p in report.errors] == []
    path = dest / "名录.xlsx"
    path.write_bytes(workbooks(registry_view(registry, EXAMPLE_TODAY), registry.site)["platforms.xlsx"])
    return path


def _empty_registry(dest: Path) -> Path:
    """The example registry's notices, divisions and settings, without platform files."""
    for part in ("data", "content"):
        shutil.copytree(ROOT / part, dest / part)
    for path in (dest / "data/platforms").glob("*.yaml"):
        path.unlink()
    return dest


def _import(sheet: Path, root: Path) -> dict[str, bytes]:
    outcome = apply_plan(root, plan_import(root, sheet, EXAMPLE_TODAY), EXAMPLE_TODAY)
    assert not outcome.rolled_back, [p.text() for p in outcome.problems]
    _, report = validate(root, EXAMPLE_TODAY)
    assert [p.text() for p in report.errors] == []
    return {p.name: p.read_bytes() for p in sorted((root / "data/platforms").glob("*.yaml"))}


def _facts(p) -> dict:
    return {
        "name": p.name, "operator": (p.operator_name, p.credit_code, p.operator_kind), "county": p.county,
        "category": p.category, "specialty": p.raw.get("specialty", ""), "services": p.services,
        "terms": [(t.batch, t.certified_on, t.publicity, t.announcement) for t in p.terms],
        "revoked": (p.revoked.date, p.revoked.ground, p.revoked.notice) if p.revoked else None,
        "pending": (p.pending.batch, p.pending.publicity) if p.pending else None,
    }


def test_example_registry_survives_export_and_import(tmp_path):
    original, _ = validate(ROOT, EXAMPLE_TODAY)
    sheet = _export(ROOT, tmp_path)
    root = _empty_registry(tmp_path / "imported")
    _import(sheet, root)
    imported, _ = validate(root, EXAMPLE_TODAY)
    assert sorted(imported.platforms) == sorted(original.platforms)
    for pid, platform in original.platforms.items():
        assert _facts(imported.platforms[pid]) == _facts(platform), pid
    # The notices were not touched: they already listed every platform.
    for path in (ROOT / "content/notices").glob("*.md"):
        assert (root / "content/notices" / path.name).read_bytes() == path.read_bytes()


def test_export_then_import_yields_the_same_yaml(tmp_path):
    first_root = _empty_registry(tmp_path / "first")
    first = _import(_export(ROOT, tmp_path), first_root)
    (tmp_path / "again").mkdir()
    second = _import(_export(first_root, tmp_path / "again"), _empty_registry(tmp_path / "second"))
    assert second == first
