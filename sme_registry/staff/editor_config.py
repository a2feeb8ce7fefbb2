"""The clerks' form editor (Decap CMS at admin/): its configuration, generated.

Nothing about a field is typed here: every collection field is derived from the JSON
schemas in schema/ (labels and hints from their descriptions, enums as selects, required
fields, patterns, limits) and from the registry's vocabulary (the county list from
data/divisions.yaml, the thresholds of 第八、九、十条 from sme_registry.regulation.thresholds, the
notice slugs and the 公示 window from sme_registry.staff and the working-day calendar).

Outputs, all deterministic for the same inputs and TODAY:
- config.yml      Decap's configuration (collections, backend, locale);
- data/editor.json what the editor's JavaScript needs (key orders, thresholds, calendar
                  windows, next platform id): generated data, never retyped in JavaScript;
- index.html      the page with its Content-Security-Policy for the chosen backend.

Run as `python -m sme_registry.staff.editor_config --src . --out output-editor/admin`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

import yaml

from sme_registry.derive.disclosure import index_scheme, used_index_numbers
from sme_registry.load import notice_source, yaml_strict
from sme_registry.load.loader import NOTICE_DIR, PLATFORM_DIR, load_registry
from sme_registry.load.schemas import load_schema
from sme_registry.problems.codes import CATALOGUE
from sme_registry.regulation import dates, thresholds
from sme_registry.regulation import vocabulary as V
from sme_registry.resources import CHECKOUT
from sme_registry.staff.errors import ScaffoldError
from sme_registry.staff.queries import next_platform_id, publicity_end
from sme_registry.staff.vocabulary import GROUND_NUMERALS, GROUNDS, NOTICE_TYPES, TYPE_SLUGS
from sme_registry.staff.yaml_text import SCHEMA_COMMENT

REPO = CHECKOUT
EDITOR_SRC = REPO / "editor"
SITE_CSS = ("theme/static/css/site.css", "theme/static/css/pages.css")

PLATFORMS = "platforms"
SETTINGS = "settings"
NOTICE_PREFIX = "notices-"
NOTICE_ONLY_PUBLICITY = ("publicity_start", "publicity_end")  # 仅公示 (notice schema)
# Fields that hold the slug of a notice of one type: offered as a relation to that type.
NOTICE_REFERENCES = {
    ("terms", "*", "publicity"): V.PUBLICITY.name,
    ("terms", "*", "announcement"): V.ANNOUNCEMENT.name,
    ("pending", "publicity"): V.PUBLICITY.name,
    ("revoked", "notice"): V.REVOCATION.name,
}
BODY_FIELD = "body"  # the Markdown after a notice's header: not a schema property
DEFAULT_LOCAL_PORT = 8081
YEARS_AHEAD = 1  # 公示 windows are precomputed for TODAY's year and the next


@dataclass(frozen=True)
class Settings:
    backend: str = "local"  # local | github | gitlab
    repo: str = ""  # owner/name (GitHub) or group/project (GitLab)
    branch: str = "main"
    api_root: str = ""  # GitLab self-hosted: https://gitlab.example.org/api/v4
    base_url: str = ""  # GitHub OAuth server or GitLab host for PKCE
    app_id: str = ""  # GitLab OAuth application id (PKCE)
    local_port: int = DEFAULT_LOCAL_PORT

    def forge_origins(self) -> list[str]:
        """Every origin the editor page may talk to (Content-Security-Policy connect-src)."""
        if self.backend == "local":
            return [f"http://127.0.0.1:{self.local_port}"]
        origins = []
        if self.backend == "github":
            origins.append(_origin(self.api_root) if self.api_root else "https://api.github.com")
        if self.backend == "gitlab":
            origins.append(_origin(self.api_root) if self.api_root else "https://gitlab.com")
        if self.base_url:
            origins.append(_origin(self.base_url))
        return sorted(set(origins))


def _origin(url: str) -> str:
    match = re.match(r"^(https?://[^/]+)", url)
    if not match:
        raise ValueError(f"不是 http(s) 网址：{url}")
    return match.group(1)


# --------------------------------------------------------------------------- labels and hints


_ARTICLE_NOTE = re.compile(r"（(第[^（）]*条|仅)[^（）]*）$")


def label_of(name: str, schema: dict) -> str:
    """The short Chinese label: the schema's `title`, else the description's first clause
    (up to the first ，。 or a space before Latin text, outside brackets), without a
    trailing article reference such as （第七条） — the hint carries it."""
    if schema.get("title"):
        return schema["title"]
    text = schema.get("description") or ""
    depth, end = 0, len(text)
    for i, ch in enumerate(text):
        depth += ch == "（"
        depth -= ch == "）"
        if depth == 0 and (ch in "，。；：" or (ch == " " and i + 1 < len(text) and text[i + 1].isascii())):
            end = i
            break
    label = _ARTICLE_NOTE.sub("", text[:end].strip())
    return label or name


def _fmt(number) -> str:
    return str(int(number)) if float(number).is_integer() else str(number)


def criterion_rule(c: thresholds.Criterion) -> str:
    rule = f"{c.article}：不低于 {_fmt(c.threshold)} {c.unit}"
    if c.relaxed is not None:
        rule += f"（{'、'.join(thresholds.RELAXED_OPERATOR_KINDS)}不低于 {_fmt(c.relaxed)} {c.unit}）"
    return rule


def metric_rules() -> dict[str, list[str]]:
    """metrics key → the rules that apply to it (with the service they belong to)."""
    rules: dict[str, list[str]] = {}
    for c in thresholds.BASE_CRITERIA:
        rules.setdefault(c.key, []).append(criterion_rule(c))
    for function, items in thresholds.FUNCTION_CRITERIA.items():
        for c in items:
            rules.setdefault(c.key, []).append(f"开展{function}的：" + criterion_rule(c))
    c = thresholds.FIELD_EXPERIENCE
    rules.setdefault(c.key, []).append("专业类：" + criterion_rule(c))
    return rules


def hint_of(schema: dict, path: tuple, rules: dict) -> str:
    parts = [schema.get("description") or ""]
    key = ".".join(str(p) for p in path[path.index("metrics") + 1 :]) if "metrics" in path else None
    if key and key in rules:
        parts.append("办法要求：" + "；".join(rules[key]) + "。")
    if schema.get("pattern") in PATTERN_WORDS and schema.get("format") != "date":
        parts.append("格式：" + PATTERN_WORDS[schema["pattern"]] + "。")
    return " ".join(p for p in parts if p)


PATTERN_WORDS = {  # how a pattern of the schemas reads to a clerk; the pattern itself stays in the schema
    "^[a-z0-9]+(-[a-z0-9]+)*$": "小写字母、数字和连字符 -",
    "^\\d{4}$": "四位年份，例如 2026",
    "^[0-9A-HJ-NP-RTUW-Y]{2}[0-9]{6}[0-9A-HJ-NP-RTUW-Y]{10}$": "18 位，数字或大写字母（不含 I、O、S、V、Z），见营业执照",
    "^[0-9][0-9-]{6,19}$": "数字和连字符，例如 0635-8888888",
}


def _pattern_words(schema: dict) -> str:
    return PATTERN_WORDS.get(schema["pattern"], "见说明")


# --------------------------------------------------------------------------- fields


def _resolve(schema: dict, root: dict) -> dict:
    ref = schema.get("$ref")
    if ref:
        name = ref.rsplit("/", 1)[-1]
        return root["$defs"][name]
    return schema


def _pattern(schema: dict, label: str):
    if schema.get("format") == "date":
        return [schema["pattern"], "请按 YYYY-MM-DD 填写日期"]
    if "pattern" in schema:
        return [schema["pattern"], f"{label}格式不对：{_pattern_words(schema)}"]
    return None


def field_for(name: str, schema: dict, root: dict, path: tuple, required: bool, ctx: dict) -> dict:
    schema = _resolve(schema, root)
    label = label_of(name, schema)
    field: dict = {"name": name, "label": label, "required": required}
    hint = hint_of(schema, path, ctx["rules"])
    if hint:
        field["hint"] = hint
    kind = schema.get("type")
    generic = tuple("*" if isinstance(p, int) else p for p in path)
    if generic in ctx.get("relations", {}):
        target = ctx["relations"][generic]
        field.update(widget="relation", collection=target, value_field="{{slug}}",
                     search_fields=["title", "date"], display_fields=["{{date}} {{title}}"])
    elif path == ("county",):
        field.update(widget="select", options=ctx["counties"])
    elif "enum" in schema and kind == "integer":
        field.update(widget="select", options=[{"label": _enum_label(path, v), "value": v} for v in schema["enum"]])
    elif "enum" in schema:
        field.update(widget="select", options=list(schema["enum"]))
    elif kind == "string" and schema.get("format") == "date":
        field.update(widget="datetime", format="YYYY-MM-DD", date_format="YYYY-MM-DD", time_format=False,
                     picker_utc=True, default="")
    elif kind == "string":
        long = schema.get("maxLength", 0) >= 300
        field["widget"] = "text" if long else "string"
    elif kind in ("integer", "number"):
        field.update(widget="number", value_type="int" if kind == "integer" else "float")
        if "minimum" in schema:
            field["min"] = schema["minimum"]
        if "maximum" in schema:
            field["max"] = schema["maximum"]
    elif kind == "boolean":
        field["widget"] = "boolean"
    elif kind == "object":
        field.update(widget="object", collapsed=not required,
                     fields=object_fields(schema, root, path, ctx, parent_required=required))
    elif kind == "array":
        items = _resolve(schema["items"], root)
        if "enum" in items:
            field.update(widget="select", multiple=True, options=list(items["enum"]))
            if schema.get("minItems"):
                field["min"] = schema["minItems"]
        else:
            field.update(widget="list", collapsed=True, summary=_summary(items), default=[],
                         fields=object_fields(items, root, (*path, 0), ctx, parent_required=True))
            if schema.get("minItems"):
                field["min"] = schema["minItems"]
    else:  # a schema shape this generator does not know: fail loudly, never guess
        raise ValueError(f"editor_config: no widget for {'.'.join(map(str, path))} ({kind})")
    pattern = _pattern(schema, label)
    if pattern and field.get("widget") in ("string", "text", "datetime"):
        field["pattern"] = pattern
    return field


def _enum_label(path: tuple, value: int) -> str:
    if path == ("revoked", "ground"):  # 第二十条
        return f"第（{GROUND_NUMERALS[value]}）项：{GROUNDS[value]}"
    return str(value)


def _summary(items: dict) -> str:
    keys = list(items.get("properties", {}))[:3]
    return " ".join("{{fields." + k + "}}" for k in keys)


def object_fields(schema: dict, root: dict, path: tuple, ctx: dict, parent_required: bool) -> list[dict]:
    """An object's properties in schema order. Fields inside an optional object are not
    marked required in the form (Decap would demand them even when the object is left
    empty); the validator still requires them once the object is filled in."""
    required = set(schema.get("required", []))
    return [
        field_for(name, prop, root, (*path, name), parent_required and name in required, ctx)
        for name, prop in schema.get("properties", {}).items()
    ]


# --------------------------------------------------------------------------- collections


def _notice_collection(notice_type: str, schema: dict, ctx: dict) -> dict:
    properties = {k: v for k, v in schema["properties"].items()
                  if notice_type == V.PUBLICITY.name or k not in NOTICE_ONLY_PUBLICITY}
    sub = dict(schema, properties=properties)
    fields = object_fields(sub, schema, (), ctx, parent_required=True)
    for f in fields:
        if f["name"] == "type":
            f.update(widget="hidden", default=notice_type)
            f.pop("options", None)
        if f["name"] == "platforms":
            f.update(widget="relation", collection=PLATFORMS, value_field="id", multiple=True,
                     search_fields=["id", "name"], display_fields=["{{id}} {{name}}"],
                     hint="从名录中选择（可输入编号或名称查找）；保存时按 schema 写成英文逗号分隔的编号。"
                          " " + f["hint"])
            f.pop("pattern", None)
        if f["name"] == "publicity_start":  # shows the end date the calendar gives (第十三条)
            f["widget"] = "publicity-start"
            for key in ("format", "date_format", "time_format", "picker_utc", "default"):
                f.pop(key, None)
            f["required"] = True
        if f["name"] == "index_no" and ctx.get("index_no"):  # the next free 索引号 when the editor was built
            f["default"] = ctx["index_no"]
            f["hint"] += " 已填入生成编辑器时的下一个空号；同时新建两个公告时，第二个请把流水号加 1。"
        if f["name"] == "topic":
            f["default"] = V.DEFAULT_TOPIC
        if f["name"] == "publicity_end":  # computed on save from publicity_start, never typed
            f["widget"] = "hidden"
            for key in ("format", "date_format", "time_format", "picker_utc", "default", "pattern"):
                f.pop(key, None)
    # A plain (IME-safe) text area, not Decap's Slate-based markdown widget: Slate moved the
    # cursor to the start after a Pinyin composition and scrambled the body.
    fields.append({"name": BODY_FIELD, "label": "正文", "widget": "text",
                   "hint": "正文使用 Markdown：空一行分段，“## ”开头为小标题，“- ”开头为列表。"})
    slug = TYPE_SLUGS[notice_type]
    return {
        "name": NOTICE_PREFIX + slug,
        "label": f"公告·{notice_type}",
        "label_singular": notice_type,
        "description": schema["description"],
        "folder": NOTICE_DIR,
        "extension": "md",
        "format": "notice-header",
        "create": True,
        "filter": {"field": "type", "value": notice_type},
        "identifier_field": "title",
        "slug": "{{fields.date}}-" + slug,
        "summary": "{{date}} {{title}}",
        "sortable_fields": ["date", "title"],
        "fields": fields,
    }


def build_config(src: Path, settings: Settings, today: dt.date) -> dict:
    registry, _ = load_registry(Path(src))
    counties = list(registry.divisions) or []
    ctx = {"rules": metric_rules(), "counties": counties,
           "relations": {path: NOTICE_PREFIX + TYPE_SLUGS[t] for path, t in NOTICE_REFERENCES.items()}}
    scheme = index_scheme(registry.site)
    if scheme is not None and scheme.complete:
        ctx["index_no"] = scheme.next_free(today.year, used_index_numbers(registry, Path(src)))
    platform = load_schema("platform")
    site = load_schema("site")
    notice = load_schema("notice")
    platform_fields = object_fields(platform, platform, (), ctx, parent_required=True)
    for f in platform_fields:
        if f["name"] == "id":
            f["default"] = next_platform_id(Path(src), today.year)
    site_ctx = dict(ctx, relations={})
    collections = [
        {
            "name": PLATFORMS,
            "label": "平台",
            "label_singular": "平台",
            "description": platform["description"],
            "folder": PLATFORM_DIR,
            "extension": "yaml",
            "format": "platform-yaml",
            "create": True,
            "identifier_field": "name",
            "slug": "{{fields.id}}",
            "summary": "{{id}} {{name}}",
            "sortable_fields": ["id", "name", "county"],
            "fields": platform_fields,
        },
        *[_notice_collection(t, notice, ctx) for t in NOTICE_TYPES],
        {
            "name": SETTINGS,
            "label": "网站设置",
            "format": "site-yaml",
            "files": [{
                "name": "site",
                "label": site["title"],
                "file": "data/site.yaml",
                "fields": object_fields(site, site, (), site_ctx, parent_required=True),
            }],
        },
    ]
    config: dict = {"locale": "zh_Hans"}
    config.update(_backend(settings))
    config.update({
        "media_folder": "content/files",
        "public_folder": "/files",
        "slug": {"encoding": "ascii", "clean_accents": True, "sanitize_replacement": "-"},
        "collections": collections,
    })
    return config


def _backend(settings: Settings) -> dict:
    if settings.backend == "local":
        return {"backend": {"name": "proxy", "proxy_url": f"http://127.0.0.1:{settings.local_port}/api/v1",
                            "branch": settings.branch},
                "publish_mode": "simple"}
    backend: dict = {"name": settings.backend, "repo": settings.repo, "branch": settings.branch,
                     "squash_merges": True, "cms_label_prefix": "decap/"}
    if settings.backend == "gitlab":
        backend["auth_type"] = "pkce"
        if settings.app_id:
            backend["app_id"] = settings.app_id
    if settings.api_root:
        backend["api_root"] = settings.api_root
    if settings.base_url:
        backend["base_url"] = settings.base_url
    return {"backend": backend, "publish_mode": "editorial_workflow"}


# --------------------------------------------------------------------------- data for the page


def key_order(schema: dict, root: dict) -> dict:
    """The schema's key order and required keys, nested: the order the scaffolds write."""
    schema = _resolve(schema, root)
    if schema.get("type") == "array":
        return {"items": key_order(schema["items"], root)}
    if schema.get("type") != "object":
        return {}
    return {"keys": list(schema.get("properties", {})), "required": list(schema.get("required", [])),
            "children": {k: key_order(v, root) for k, v in schema.get("properties", {}).items()
                         if _resolve(v, root).get("type") in ("object", "array")}}


def publicity_windows(calendar, today: dt.date) -> dict[str, str | None]:
    """公示 start date → its 5th working day (None: the start is not a working day),
    for every day of TODAY's year and the next years the calendar knows."""
    windows: dict[str, str | None] = {}
    for year in range(today.year - 1, today.year + YEARS_AHEAD + 1):
        if not calendar.knows(year):
            continue
        day = dt.date(year, 1, 1)
        while day.year == year:
            try:
                windows[day.isoformat()] = publicity_end(calendar, day).isoformat()
            except ScaffoldError:  # not a working day, or a window running into an unknown year
                windows[day.isoformat()] = None
            day += dt.timedelta(days=1)
    return windows


def scalar_rules() -> dict:
    """How the strict loader resolves a plain scalar, for the editor's YAML writer."""
    return {"null": sorted(yaml_strict._NULL), "true": sorted(yaml_strict._TRUE), "false": sorted(yaml_strict._FALSE),
            "yaml11_bool": yaml_strict._YAML11_BOOL.pattern, "int": yaml_strict._INT.pattern,
            "leading_zero": yaml_strict._LEADING_ZERO.pattern, "float": yaml_strict._FLOAT.pattern,
            "iso_date": yaml_strict.ISO_DATE.pattern, "loose_date": yaml_strict._LOOSE_DATE.pattern}


def build_data(src: Path, today: dt.date) -> dict:
    registry, _ = load_registry(Path(src))
    platform = load_schema("platform")
    site = load_schema("site")
    notice = load_schema("notice")
    windows = publicity_windows(registry.calendar, today)
    known = sorted({k[:4] for k in windows})
    return {
        "today": today.isoformat(),
        "platform_schema_comment": SCHEMA_COMMENT,
        "orders": {"platform": key_order(platform, platform), "site": key_order(site, site),
                   "notice": key_order(notice, notice)},
        "notice_types": {t: TYPE_SLUGS[t] for t in NOTICE_TYPES},
        "publicity_workdays": V.PUBLICITY_WORKDAYS,
        "publicity_end": windows,
        "calendar_years": known,
        "calendar_message": CATALOGUE["E313"].template,
        "scalar_rules": scalar_rules(),
        "notice_header_line": notice_source._HEADER_LINE.pattern,
        "thresholds": thresholds.export(),
        "labels": _labels(platform, platform) | _labels(notice, notice),
        "divisions": {name: d.code for name, d in registry.divisions.items()},
        "bureau": (registry.site or {}).get("bureau") or {},
        "example_data": bool((registry.site or {}).get("example_data")),
    }


def _labels(schema: dict, root: dict, prefix: str = "") -> dict:
    out = {}
    schema = _resolve(schema, root)
    if schema.get("type") == "array":
        return _labels(schema["items"], root, prefix)
    for name, prop in schema.get("properties", {}).items():
        key = prefix + name
        out[key] = label_of(name, _resolve(prop, root))
        out.update(_labels(prop, root, key + "."))
    return out


# --------------------------------------------------------------------------- page and CSP


def csp(settings: Settings) -> str:
    """As strict as Decap CMS allows (docs/editor.md explains each exception):
    - script-src 'unsafe-eval': Decap validates its configuration with ajv, which compiles
      the schema to a function with `new Function` at startup; without it the editor stops.
    - style-src 'unsafe-inline': Decap's interface is styled with emotion, which inserts
      <style> elements at runtime (no nonce support).
    - img-src data: blob:: Decap's own icons and previews of local media; with a forge, its
      avatar images (the signed-in user's picture).
    - connect-src: this page's origin and the configured forge only."""
    forge = settings.forge_origins()
    connect = " ".join(["'self'", *forge])
    images = " ".join(["'self'", "data:", "blob:", *([] if settings.backend == "local" else forge),
                       *(["https://avatars.githubusercontent.com"] if settings.backend == "github" else [])])
    return ("default-src 'none'; script-src 'self' 'unsafe-eval'; style-src 'self' 'unsafe-inline'; "
            f"img-src {images}; font-src 'self'; connect-src {connect}; frame-src 'self'; "
            "child-src 'self'; worker-src 'self' blob:; manifest-src 'none'; media-src 'none'; "
            "object-src 'none'; base-uri 'none'; form-action 'none'")


def render_index(settings: Settings) -> str:
    template = (EDITOR_SRC / "index.html").read_text(encoding="utf-8")
    return template.replace("{{CSP}}", csp(settings))


def write(src: Path, out: Path, settings: Settings, today: dt.date, bundle: Path | None = None) -> None:
    out = Path(out)
    (out / "data").mkdir(parents=True, exist_ok=True)
    config = build_config(src, settings, today)
    (out / "config.yml").write_text(
        "# 由 sme_registry/staff/editor_config.py 从 schema/*.schema.json 生成，请勿手工修改。\n"
        + yaml.safe_dump(config, allow_unicode=True, sort_keys=False, width=4096), encoding="utf-8")
    data = build_data(src, today)
    (out / "data/editor.json").write_text(
        json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")), encoding="utf-8")
    (out / "index.html").write_text(render_index(settings), encoding="utf-8")
    (out / "preview.css").write_text(
        "".join((REPO / p).read_text(encoding="utf-8") + "\n" for p in SITE_CSS), encoding="utf-8")
    (out / "editor.css").write_text((EDITOR_SRC / "editor.css").read_text(encoding="utf-8"), encoding="utf-8")
    if bundle is not None:
        shutil.copyfile(bundle, out / "cms.js")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="python -m sme_registry.staff.editor_config",
                                     description="生成表单编辑器（Decap CMS）的配置与页面")
    parser.add_argument("--src", default=".", help="名录源文件夹（含 data/ 与 content/）")
    parser.add_argument("--out", required=True, help="输出文件夹，例如 output-editor/admin")
    parser.add_argument("--bundle", help="已打包的 cms.js")
    parser.add_argument("--backend", choices=("local", "github", "gitlab"), default="local",
                        help="local：本机 decap-server；github / gitlab：提交为合并请求")
    parser.add_argument("--repo", default="", help="仓库，例如 owner/name 或 group/project")
    parser.add_argument("--branch", default="main", help="发布分支")
    parser.add_argument("--api-root", default="", help="自建 GitLab 的 API 地址，例如 https://gitlab.example.org/api/v4")
    parser.add_argument("--base-url", default="", help="OAuth 服务地址（GitHub）或 GitLab 地址（PKCE 登录）")
    parser.add_argument("--app-id", default="", help="GitLab OAuth 应用 ID（PKCE）")
    parser.add_argument("--port", type=int, default=DEFAULT_LOCAL_PORT, help="本机 decap-server 端口")
    parser.add_argument("--today", help="按此日期（YYYY-MM-DD）生成，默认取环境变量 TODAY 或今天")
    args = parser.parse_args(argv)
    if args.backend != "local" and not args.repo:
        parser.error("github / gitlab 后端需要 --repo（例如 EDITOR_REPO=owner/name）")
    import os

    today_text = args.today or os.environ.get("TODAY") or ""
    today = dates.parse_iso(today_text) if today_text else dt.date.today()
    if today is None:
        parser.error(f"日期“{today_text}”无效，请写成 YYYY-MM-DD")
    settings = Settings(backend=args.backend, repo=args.repo, branch=args.branch, api_root=args.api_root,
                        base_url=args.base_url, app_id=args.app_id, local_port=args.port)
    try:
        write(Path(args.src), Path(args.out), settings, today, Path(args.bundle) if args.bundle else None)
    except ValueError as exc:
        print(f"错误：{exc}", file=sys.stderr)
        return 2
    print(f"表单编辑器已生成：{args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
