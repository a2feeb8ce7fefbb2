"""The JSON Schemas' enums, written from the vocabulary (`make schemas`).

schema/*.json stay hand-written files (editors read them through `$schema`), but every enum
that names a word of the regulation is generated here; a test proves the files match.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from sme_registry.regulation import thresholds, vocabulary
from sme_registry.resources import engine_path

SCHEMA_DIR = engine_path("schema")

# (schema, path of keys to the node) → the enum it must carry
ENUMS = {
    ("platform", ("properties", "operator", "properties", "kind")): list(vocabulary.OPERATOR_KINDS),
    ("platform", ("properties", "category")): list(vocabulary.CATEGORIES),
    ("platform", ("properties", "services", "items")): list(vocabulary.SERVICES),
    ("platform", ("properties", "revoked", "properties", "ground")): sorted(vocabulary.REVOCATION_GROUNDS),
    ("notice", ("properties", "type")): list(vocabulary.NOTICE_TYPE_NAMES),
}


def _activity_functions() -> list[str]:
    """The functions whose 第九条 criterion counts activities (metrics.activities.<功能>)."""
    return [c.key.split(".", 1)[1] for items in thresholds.FUNCTION_CRITERIA.values()
            for c in items if c.key.startswith("activities.")]


def _node(schema: dict, path: tuple) -> dict:
    for key in path:
        schema = schema[key]
    return schema


def generate(kind: str, schema: dict) -> dict:
    """`schema` with its vocabulary enums (and the activity keys of 第九条) rewritten."""
    for (name, path), values in ENUMS.items():
        if name == kind:
            _node(schema, path)["enum"] = values
    if kind == "platform":
        activities = _node(schema, ("$defs", "metrics", "properties", "activities"))
        template = next(iter(activities["properties"].values()))
        activities["properties"] = {f: dict(template) for f in _activity_functions()}
    return schema


def render(kind: str, directory: Path = SCHEMA_DIR) -> str:
    path = Path(directory) / f"{kind}.schema.json"
    schema = generate(kind, json.loads(path.read_text(encoding="utf-8")))
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


KINDS = sorted({kind for kind, _ in ENUMS})


def main(argv: list[str] | None = None) -> int:
    for kind in KINDS:
        path = SCHEMA_DIR / f"{kind}.schema.json"
        text = render(kind)
        if path.read_text(encoding="utf-8") != text:
            path.write_text(text, encoding="utf-8")
            print(f"已更新 {path.relative_to(SCHEMA_DIR.parent)}", file=sys.stderr)
    return 0
