"""The editor's configuration is generated from the schemas: every schema field has an
editor field and the other way round, with the schema's enums, requirements, patterns
and limits; the output is deterministic."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import yaml

from sme_registry.load.schemas import load_schema
from sme_registry.regulation import thresholds
from sme_registry.staff import editor_config
from sme_registry.staff.errors import ScaffoldError
from sme_registry.staff.queries import load, next_platform_id, publicity_end
from sme_registry.staff.vocabulary import GROUNDS, NOTICE_TYPES, TYPE_SLUGS
from tests.conftest import EXAMPLE_TODAY, ROOT

SETTINGS = editor_config.Settings()


@pytest.fixture(scope="module")
def config():
    return editor_config.build_config(ROOT, SETTINGS, EXAMPLE_TODAY)


def collection(config, name):
    return next(c for c in config["collections"] if c["name"] == name)


def schema_paths(schema, root, prefix=()):
    """Every property path of a schema (list items as '*'), with its resolved schema."""
    schema = editor_config._resolve(schema, root)
    if schema.get("type") == "array":
        yield from schema_paths(schema["items"], root, (*prefix, "*"))
        return
    for name, prop in schema.get("properties", {}).items():
        path = (*prefix, name)
        yield path, editor_config._resolve(prop, root)
        yield from schema_paths(prop, root, path)


def field_paths(fields, prefix=()):
    for f in fields:
        path = (*prefix, f["name"])
        yield path, f
        if "fields" in f:
            inner = (*path, "*") if f["widget"] == "list" else path
            yield from field_paths(f["fields"], inner)


def _strip_items(paths):
    return {tuple(p for p in path if p != "*"): v for path, v in paths}


@pytest.mark.parametrize("kind,name", [("platform", "platforms"), ("site", "settings")])
def test_every_schema_field_has_an_editor_field_and_back(config, kind, name):
    schema = load_schema(kind)
    c = collection(config, name)
    fields = c["files"][0]["fields"] if "files" in c else c["fields"]
    want = _strip_items(schema_paths(schema, schema))
    have = _strip_items(field_paths(fields))
    assert set(want) - set(have) == set(), "schema fields without an editor field"
    assert set(have) - set(want) == set(), "editor fields not in the schema"


def test_notice_fields_cover_the_schema_across_the_type_collections(config):
    schema = load_schema("notice")
    notices = [c for c in config["collections"] if c["name"].startswith(editor_config.NOTICE_PREFIX)]
    assert [c["filter"]["value"] for c in notices] == list(NOTICE_TYPES)
    want = {p for p, _ in schema_paths(schema, schema)}
    union = set()
    for c in notices:
        have = {p for p, _ in field_paths(c["fields"])} - {(editor_config.BODY_FIELD,)}
        assert have <= want, f"{c['name']}: editor fields not in the schema: {have - want}"
        union |= have
        publicity = c["filter"]["value"] == "公示"
        assert (("publicity_start",) in have) == publicity
        assert c["slug"] == "{{fields.date}}-" + TYPE_SLUGS[c["filter"]["value"]]
        assert c["folder"] == "content/notices" and c["format"] == "notice-header"
    assert union == want


def test_fields_follow_the_schema(config):
    schema = load_schema("platform")
    fields = dict(field_paths(collection(config, "platforms")["fields"]))
    required_top = set(schema["required"])
    for path, prop in schema_paths(schema, schema):
        f = fields[path]
        assert f["label"] and f["label"] != path[-1] or not prop.get("description"), path
        if prop.get("description"):
            assert prop["description"] in f["hint"], path
        if "enum" in prop and path not in {("county",)}:
            assert f["widget"] == "select"
            values = [o["value"] if isinstance(o, dict) else o for o in f["options"]]
            assert values == prop["enum"], path
        if prop.get("type") == "array" and "enum" in prop.get("items", {}):
            assert f["widget"] == "select" and f["multiple"] is True
            assert f["options"] == prop["items"]["enum"]
        if "pattern" in prop and f["widget"] in ("string", "text", "datetime"):
            assert f["pattern"][0] == prop["pattern"], path
        if prop.get("format") == "date":
            assert f["widget"] == "datetime" and f["format"] == "YYYY-MM-DD" and f["time_format"] is False
        if prop.get("type") in ("integer", "number"):
            assert f["widget"] in ("number", "select")
            if f["widget"] == "number":
                assert f.get("min") == prop.get("minimum") and f.get("max") == prop.get("maximum"), path
        if len(path) == 1:
            assert f["required"] is (path[0] in required_top), path


def test_vocabulary_and_relations(config):
    fields = dict(field_paths(collection(config, "platforms")["fields"]))
    divisions = yaml.safe_load((ROOT / "data/divisions.yaml").read_text(encoding="utf-8"))["divisions"]
    assert fields[("county",)]["options"] == [d["name"] for d in divisions]
    assert fields[("id",)]["default"] == next_platform_id(ROOT, EXAMPLE_TODAY.year)
    assert fields[("terms", "*", "publicity")]["widget"] == "relation"
    assert fields[("terms", "*", "publicity")]["collection"] == "notices-gongshi"
    assert fields[("revoked", "notice")]["collection"] == "notices-chexiao"
    grounds = fields[("revoked", "ground")]["options"]
    assert [g["value"] for g in grounds] == [1, 2, 3, 4, 5]
    assert GROUNDS[3] in grounds[2]["label"]
    gongshi = dict(field_paths(collection(config, "notices-gongshi")["fields"]))
    platforms = gongshi[("platforms",)]
    assert platforms["widget"] == "relation" and platforms["multiple"] is True
    assert platforms["collection"] == "platforms" and platforms["value_field"] == "id"
    assert "{{name}}" in platforms["display_fields"][0]
    assert gongshi[("publicity_end",)]["widget"] == "hidden"
    assert gongshi[("type",)] == {**gongshi[("type",)], "widget": "hidden", "default": "公示"}


def test_metric_hints_state_the_thresholds(config):
    fields = dict(field_paths(collection(config, "platforms")["fields"]))
    assets = fields[("terms", "*", "metrics", "total_assets_wan")]["hint"]
    assert "第八条第（一）项：不低于 200 万元" in assets and "不低于 100 万元" in assets
    for c in thresholds.BASE_CRITERIA:
        assert c.article in fields[("terms", "*", "metrics", *c.key.split("."))]["hint"]
    training = fields[("terms", "*", "metrics", "training_person_times")]["hint"]
    assert "第九条第（四）项" in training


def test_publicity_windows_are_the_scaffolds(tmp_path):
    data = editor_config.build_data(ROOT, EXAMPLE_TODAY)
    registry = load(ROOT)
    assert data["publicity_end"]["2026-11-23"] == "2026-11-27"
    assert data["publicity_end"]["2026-11-28"] is None  # a Saturday
    for start, end in list(data["publicity_end"].items())[::17]:
        day = dt.date.fromisoformat(start)
        if end is None:
            with pytest.raises(ScaffoldError):
                publicity_end(registry.calendar, day)
        else:
            assert publicity_end(registry.calendar, day).isoformat() == end
    assert data["thresholds"] == thresholds.export()
    assert data["notice_types"] == TYPE_SLUGS


def test_output_is_deterministic_and_the_csp_names_only_the_forge(tmp_path, bundle):
    a, b = tmp_path / "a", tmp_path / "b"
    for out in (a, b):
        editor_config.write(ROOT, out, SETTINGS, EXAMPLE_TODAY, bundle)
    for name in ("config.yml", "data/editor.json", "index.html", "preview.css", "cms.js"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    json.loads((a / "data/editor.json").read_text(encoding="utf-8"))
    html = (a / "index.html").read_text(encoding="utf-8")
    assert "connect-src 'self' http://127.0.0.1:8081;" in html
    assert "https://" not in html and "noindex" in html
    gitlab = editor_config.Settings(backend="gitlab", repo="sme/registry",
                                    api_root="https://gitlab.example.org/api/v4",
                                    base_url="https://gitlab.example.org", app_id="abc")
    config = editor_config.build_config(ROOT, gitlab, EXAMPLE_TODAY)
    assert config["backend"]["auth_type"] == "pkce" and config["publish_mode"] == "editorial_workflow"
    assert "connect-src 'self' https://gitlab.example.org;" in editor_config.csp(gitlab)


def test_public_site_never_links_the_editor(example_site):
    for page in Path(example_site).rglob("*.html"):
        text = page.read_text(encoding="utf-8")
        assert "admin/" not in text, page
