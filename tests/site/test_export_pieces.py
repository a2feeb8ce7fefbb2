"""The export files made from each platform's kept pieces (exports.PLATFORM_PIECES, kept
between builds like the platform pages) are byte for byte the files made in one go."""

from __future__ import annotations

import csv
import io
import json

from sme_registry.derive.derived import Derived
from sme_registry.derive.views import registry_view
from sme_registry.site.exports import PLATFORM_PIECES, export_files
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY, ROOT


def _view():
    registry, report = validate(ROOT, EXAMPLE_TODAY)
    assert report.errors == []
    return registry_view(registry, EXAMPLE_TODAY), registry.site, registry


def _derived(registry, entries=None) -> Derived:
    derived = Derived("test", entries)
    derived.bind(registry, EXAMPLE_TODAY)
    return derived


def test_files_from_kept_pieces_equal_files_made_at_once():
    view, site, registry = _view()
    plain = export_files(view, site)
    made = _derived(registry)
    first = export_files(view, site, made.encoded)
    assert made.hits == 0 and all(len(parts) == len(PLATFORM_PIECES) for parts in made.kept.values())
    kept = _derived(registry, made.kept)
    second = export_files(view, site, kept.encoded)  # every piece from the memo now
    assert kept.hits == len(view["platforms"]) * len(PLATFORM_PIECES)
    assert first == plain and second == plain


def test_the_joined_files_are_the_json_and_csv_a_reader_expects():
    view, site, registry = _view()
    files = export_files(view, site, _derived(registry).encoded)
    platforms = json.loads(files["platforms.json"])
    assert list(platforms) == sorted(platforms)  # members in sorted order, as json.dumps(sort_keys=True)
    assert platforms["count"] == len(platforms["platforms"]) == len(view["platforms"])
    assert [p["id"] for p in platforms["platforms"]] == [p["id"] for p in view["platforms"]]
    status = json.loads(files["status.json"])
    assert [p["id"] for p in status["platforms"]] == [p["id"] for p in view["platforms"]]
    text = files["platforms.csv"].decode("utf-8")
    assert text.startswith("\ufeffid,") and "\r\n" in text and "\n\n" not in text
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"))))
    assert [r["id"] for r in rows] == [p["id"] for p in view["platforms"]]
    terms = list(csv.DictReader(io.StringIO(files["terms.csv"].decode("utf-8").lstrip("\ufeff"))))
    assert len(terms) == sum(len(p["terms"]) for p in view["platforms"])


def test_a_formula_in_a_kept_csv_piece_is_still_neutralised():
    view, site, registry = _view()
    changed = dict(view, platforms=[dict(view["platforms"][0], name="=HYPERLINK(\"http://x\")")])
    files = export_files(changed, site, _derived(registry).encoded)
    row = next(csv.DictReader(io.StringIO(files["platforms.csv"].decode("utf-8").lstrip("\ufeff"))))
    assert row["name"].startswith("'=")


def test_a_kept_text_that_is_not_utf8_is_made_again_where_it_is_decoded():
    """Kept texts are held as the memo's bytes; where one is decoded (a view, a list row) bytes
    that are not UTF-8 count as not kept: the text is made again, and kept for the next build."""
    _, _, registry = _view()
    made = _derived(registry)
    platforms = [{"id": pid} for pid in sorted(registry.platforms)[:2]]
    made.texts(platforms, "row", lambda p: f"<tr>{p['id']}</tr>")
    entries = {key: {part: memoryview(text.encode() if isinstance(text, str) else text)}
               for key, parts in made.kept.items() for part, text in parts.items()}
    broken = made.key(platforms[0]["id"])
    entries[broken] = {"row": memoryview(b"\xff\xfe")}
    kept = _derived(registry, entries)
    assert kept.texts(platforms, "row", lambda p: f"<tr>{p['id']}</tr>!") == [
        f"<tr>{platforms[0]['id']}</tr>!", f"<tr>{platforms[1]['id']}</tr>"]
    assert kept.hits == 1 and kept.kept[broken]["row"] == f"<tr>{platforms[0]['id']}</tr>!"
    assert kept.encoded(platforms[1:], "row", lambda p: "unused") == [entries[made.key(platforms[1]["id"])]["row"]]
