"""Loads a registry folder (data/ + content/notices/) strictly, collecting every problem."""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

from sme_registry import schemas
from sme_registry.codes import make
from sme_registry.dates import parse_iso
from sme_registry.model import Division, Registry, notice_from, platform_from
from sme_registry.notice_source import parse_header
from sme_registry.parallel import fork_map
from sme_registry.policy import load_measures
from sme_registry.source_text import read_text
from sme_registry.workdays import Arrangement, WorkCalendar
from sme_registry.yaml_strict import Document, parse

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
PLATFORM_DIR = "data/platforms"
POLICY_FILES = ("content/policy/measures.zh.txt",)  # rendered as the 政策文件 page
NOTICE_DIR = "content/notices"


class Source:
    """Where a registry lives; every displayed path is relative to `root`."""

    def __init__(self, root: Path):
        self.root = Path(root)

    def display(self, path: Path) -> str:
        return path.relative_to(self.root).as_posix()


class ParseMemo(dict):
    """Parse results kept between builds, keyed by file name and content; `used` tells
    which entries this run needed, so a saved memo never grows beyond one registry."""

    def __init__(self, *args):
        super().__init__(*args)
        self.used: set[str] = set()

    def parse(self, text: str, display: str):
        key = hashlib.sha256(display.encode("utf-8") + b"\0" + text.encode("utf-8")).hexdigest()
        self.used.add(key)
        hit = self.get(key)
        if hit is None:
            doc, problems = parse(text, display)
            hit = self[key] = (doc.data, doc.positions, doc.key_positions, problems) if doc else (None, None, None, problems)
        data, positions, key_positions, problems = hit
        doc = Document(data, positions, key_positions) if positions is not None else None
        return doc, list(problems)


def _load_yaml(source: Source, path: Path, kind: str, problems: list, memo: ParseMemo | None = None):
    display = source.display(path)
    if not path.is_file():
        problems.append(make("E113", display, (1, 1), name=display))
        return None
    text, read_problems = read_text(path, display)
    problems.extend(read_problems)
    if text is None:
        return None
    doc, parse_problems = memo.parse(text, display) if memo is not None else parse(text, display)
    problems.extend(parse_problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        detail = "文件是空的" if doc.data is None else "顶层应是“键: 值”映射"
        problems.append(make("E110", display, (1, 1), detail=detail))
        return None
    # A value the YAML layer already flagged (e.g. 2023/12/20) is not reported twice.
    flagged = {(p.line, p.col) for p in parse_problems if p.code in ("E107", "E108", "E109")}
    schema_problems = [p for p in schemas.validate(kind, doc, display) if (p.line, p.col) not in flagged]
    problems.extend(schema_problems)
    if parse_problems or schema_problems:
        return None
    return doc


def load_registry(root: Path, memo: ParseMemo | None = None) -> tuple[Registry, list]:
    source = Source(root)
    problems: list = []
    site_doc = _load_yaml(source, source.root / "data/site.yaml", "site", problems)
    div_doc = _load_yaml(source, source.root / "data/divisions.yaml", "divisions", problems)
    divisions = {}
    if div_doc:
        for item in div_doc.data["divisions"]:
            divisions[item["name"]] = Division(item["name"], item.get("code"), item["kind"])
    registry = Registry(
        root=str(source.root),
        site=site_doc.data if site_doc else {},
        divisions=divisions,
        platforms={},
        notices={},
        calendar=WorkCalendar(_load_calendar(source, problems)),
    )
    for required in POLICY_FILES:
        if not (source.root / required).is_file():
            problems.append(make("E113", required, (1, 1), name=required))
    if (source.root / POLICY_FILES[0]).is_file():
        registry.measures = load_measures(source.root)
    _load_platforms(source, registry, problems, memo)
    _load_notices(source, registry, problems)
    return registry, problems


def _load_calendar(source: Source, problems: list) -> dict:
    arrangements = {}
    for path in sorted((source.root / "data/calendar").glob("*.yaml")):
        doc = _load_yaml(source, path, "calendar", problems)
        if doc and doc.data["year"] != _int_or_none(path.stem):
            problems.append(make("E210", source.display(path), doc.pos(("year",)), year=doc.data["year"], stem=path.stem))
        elif doc:
            year = doc.data["year"]
            arrangements[year] = Arrangement(
                year=year,
                holidays={parse_iso(d) for d in doc.data.get("holidays", [])},
                workdays={parse_iso(d) for d in doc.data.get("workdays", [])},
            )
    return arrangements


def _int_or_none(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def _load_platforms(source: Source, registry: Registry, problems: list, memo: ParseMemo | None) -> None:
    paths = []
    for path in sorted((source.root / PLATFORM_DIR).glob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        if path.suffix != ".yaml" or not SLUG.match(path.stem):
            problems.append(make("E122", source.display(path), (1, 1), name=path.name))
            continue
        registry.platform_files.add(path.stem)
        paths.append(path)

    def load(path):
        found: list = []
        return _load_yaml(source, path, "platform", found, memo), found

    # Parsing dominates validation: without a memo (the CLI), use both cores.
    loaded = [load(p) for p in paths] if memo is not None else fork_map(load, paths)
    for path, (doc, found) in zip(paths, loaded, strict=True):
        problems.extend(found)
        if doc is None:
            continue
        display = source.display(path)
        platform_id = doc.data["id"]
        if platform_id != path.stem:
            problems.append(make("E208", display, doc.pos(("id",)), id=platform_id, stem=path.stem))
            continue
        registry.platforms[platform_id] = platform_from(doc, display)


def _load_notices(source: Source, registry: Registry, problems: list) -> None:
    for path in sorted((source.root / NOTICE_DIR).glob("*")):
        if path.is_dir() or path.name.startswith("."):
            continue
        display = source.display(path)
        if path.suffix != ".md" or not SLUG.match(path.stem):
            problems.append(make("E122", display, (1, 1), name=path.name))
            continue
        registry.notice_files.add(path.stem)
        text, read_problems = read_text(path, display)
        problems.extend(read_problems)
        if text is None:
            continue
        doc, body, body_line, header_problems = parse_header(text, display)
        schema_problems = schemas.validate("notice", doc, display)
        problems.extend(header_problems + schema_problems)
        if header_problems or schema_problems:
            continue
        registry.notices[path.stem] = notice_from(doc, path.stem, display, body, body_line)
