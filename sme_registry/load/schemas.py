"""JSON Schema validation of parsed files, mapped to catalogue codes and positions."""

from __future__ import annotations

import functools
import json

import jsonschema_rs

from sme_registry.load.yaml_strict import ISO_DATE, Document
from sme_registry.problems.codes import make
from sme_registry.regulation.dates import FIRST_YEAR, LAST_YEAR
from sme_registry.resources import engine_path
from sme_registry.suggest import did_you_mean

SCHEMA_DIR = engine_path("schema")

_TYPE_NAMES = {
    "string": "文字", "integer": "整数", "number": "数字", "boolean": "true 或 false",
    "array": "列表", "object": "“键: 值”映射", "null": "空值",
}
# Enum violations at these places are regulation problems with their own code.
_ENUM_CODES = {("services", "*"): "E301", ("category",): "E302", ("revoked", "ground"): "E330"}


@functools.cache
def load_schema(kind: str) -> dict:
    return json.loads((SCHEMA_DIR / f"{kind}.schema.json").read_text(encoding="utf-8"))


@functools.cache
def _validator(kind: str):
    """The pure-Python validator that explains an invalid document (imported only then: a
    build whose files are all valid never needs it).

    JSON Schema counts 4.0 as an integer; the registry does not (`ground: 4.0` is a slip that
    would otherwise reach a list index), so this validator is stricter, and a document
    holding an integral float always goes to it."""
    import jsonschema

    types = jsonschema.Draft202012Validator.TYPE_CHECKER.redefine(
        "integer", lambda checker, value: isinstance(value, int) and not isinstance(value, bool))
    strict = jsonschema.validators.extend(jsonschema.Draft202012Validator, type_checker=types)
    return strict(load_schema(kind), format_checker=jsonschema.FormatChecker(["date"]))


@functools.cache
def date_paths(kind: str) -> frozenset:
    """Generic paths (list items as "*") of every `format: date` field of a schema."""
    schema = load_schema(kind)
    found = set()

    def walk(node, path):
        if not isinstance(node, dict):
            return
        if "$ref" in node:
            walk(schema["$defs"][node["$ref"].rsplit("/", 1)[-1]], path)
        if node.get("format") == "date":
            found.add(path)
        for key, sub in node.get("properties", {}).items():
            walk(sub, (*path, key))
        if "items" in node:
            walk(node["items"], (*path, "*"))

    walk(schema, ())
    return frozenset(found)


def _has_integral_float(data) -> bool:
    if isinstance(data, float):
        return data.is_integer()
    if isinstance(data, dict):
        return any(_has_integral_float(v) for v in data.values())
    if isinstance(data, list):
        return any(_has_integral_float(v) for v in data)
    return False


def _date_range_problems(kind: str, doc: Document, display: str) -> list:
    """E119 for ISO-shaped dates whose year is outside FIRST_YEAR…LAST_YEAR (date
    arithmetic three years on must never overflow, and 0000 is no year)."""
    problems = []
    wanted = date_paths(kind)

    def walk(value, path):
        if isinstance(value, dict):
            for key, sub in value.items():
                walk(sub, (*path, key))
        elif isinstance(value, list):
            for i, sub in enumerate(value):
                walk(sub, (*path, i))
        elif (isinstance(value, str) and ISO_DATE.match(value) and _generic(path) in wanted
              and not FIRST_YEAR <= int(value[:4]) <= LAST_YEAR):
            problems.append(make("E119", display, doc.pos(path), value=value,
                                     first=f"{FIRST_YEAR}-01-01", last=f"{LAST_YEAR}-12-31"))

    walk(doc.data, ())
    return problems


@functools.cache
def _fast_validator(kind: str):
    """A compiled (Rust) validator answering only "valid or not", 1000× faster than the
    pure-Python one; the Python validator then explains the rare invalid file in full."""
    return jsonschema_rs.validator_for(load_schema(kind), validate_formats=True)


def fast_valid(kind: str, data, integral_floats_checked: bool = False) -> bool:
    """True when `data` passes the schema (the compiled validator only: no explanation).
    `integral_floats_checked`: the caller knows `data` holds no float such as 4.0."""
    return (integral_floats_checked or not _has_integral_float(data)) and _fast_validator(kind).is_valid(data)


def field_name(path) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out or "（文件顶层）"


def _generic(path) -> tuple:
    return tuple("*" if isinstance(p, int) else p for p in path)


def validate(kind: str, doc: Document, display: str) -> list:
    """All schema problems of one parsed document."""
    out_of_range = [] if doc.year_outside is False else _date_range_problems(kind, doc, display)
    integral_float = _has_integral_float(doc.data) if doc.integral_float is None else doc.integral_float
    if not integral_float and _fast_validator(kind).is_valid(doc.data):
        return out_of_range
    problems = []
    for error in _validator(kind).iter_errors(doc.data):
        problems.extend(_to_problems(error, doc, display))
    flagged = {(p.line, p.col) for p in out_of_range}
    return out_of_range + [p for p in problems if not (p.code == "E209" and (p.line, p.col) in flagged)]


def _to_problems(error, doc: Document, display: str):
    path = tuple(error.absolute_path)
    pos = doc.pos(path)
    name = field_name(path)
    keyword, value = error.validator, error.instance
    if keyword == "required":
        missing = [k for k in error.validator_value if k not in (value or {})]
        return [make("E201", display, pos, key=k) for k in missing]
    if keyword == "additionalProperties":
        allowed = sorted(error.schema.get("properties", {}))
        return [
            make("E202", display, doc.key_pos((*path, key)), key=key, suggestion=_did_you_mean(key, allowed))
            for key in value
            if key not in allowed
        ]
    if keyword == "type":
        expected = error.validator_value
        expected = [expected] if isinstance(expected, str) else expected
        return [make("E203", display, pos, field=name, expected="或".join(_TYPE_NAMES[t] for t in expected))]
    if keyword in ("enum", "const"):
        code = _ENUM_CODES.get(_generic(path))
        allowed = error.validator_value if keyword == "enum" else [error.validator_value]
        allowed_text = "、".join(str(a) for a in allowed)
        if code:
            return [make(code, display, pos, value=value, allowed=allowed_text)]
        return [make("E204", display, pos, field=name, value=value, allowed=allowed_text)]
    if keyword == "pattern":
        if _generic(path) == ("operator", "credit_code"):
            from sme_registry.regulation.credit_code import shape_error

            detail = shape_error(value) or "格式不符合 GB 32100-2015"
            return [make("E340", display, pos, value=value, detail=detail)]
        detail = error.schema.get("description") or "格式不符合要求"
        return [make("E205", display, pos, field=name, value=_short(value), detail=detail)]
    if keyword == "format":
        if not (isinstance(value, str) and ISO_DATE.match(value)):
            return []  # the pattern error already says the shape is wrong
        return [make("E209", display, pos, value=value)]
    if keyword in ("minLength", "maxLength", "minItems", "maxItems", "minimum", "maximum"):
        return [make("E206", display, pos, field=name, detail=_range_detail(keyword, error))]
    if keyword == "uniqueItems":
        return [make("E207", display, pos, field=name)]
    return [make("E205", display, pos, field=name, value=_short(value), detail=error.message)]


def _range_detail(keyword: str, error) -> str:
    limit, value = error.validator_value, error.instance
    if keyword == "minLength":
        return f"至少 {limit} 个字符（现为 {len(value)} 个）"
    if keyword == "maxLength":
        return f"不能超过 {limit} 个字符（现为 {len(value)} 个）"
    if keyword == "minItems":
        return f"至少需要 {limit} 项（现为 {len(value)} 项）"
    if keyword == "maxItems":
        return f"不能超过 {limit} 项（现为 {len(value)} 项）"
    if keyword == "minimum":
        return f"不能小于 {limit}（现为 {value}）"
    return f"不能大于 {limit}（现为 {value}）"


def _did_you_mean(key: str, allowed: list[str]) -> str:
    return did_you_mean(key, allowed) or f"；允许的字段：{'、'.join(allowed)}"


def _short(value, limit: int = 40) -> str:
    text = str(value)
    return text if len(text) <= limit else text[:limit] + "…"
