"""Loads a registry folder (data/ + content/notices/) strictly, collecting every problem."""

from __future__ import annotations

import hashlib
import os
import re
import stat
from pathlib import Path

from sme_registry.load import attachments, schemas, slips
from sme_registry.load.load_memo import LoadMemo
from sme_registry.load.model import Division, Registry, notice_from, platform_from
from sme_registry.load.notice_source import body_problems, parse_header
from sme_registry.load.site_frame import check_frame
from sme_registry.load.source_text import kind_of, read_bytes, text_of
from sme_registry.load.yaml_strict import parse
from sme_registry.parallel import fork_map
from sme_registry.problems.codes import make
from sme_registry.regulation.dates import parse_iso
from sme_registry.regulation.measures import ATTACHMENT_PAGES, parse_measures
from sme_registry.regulation.vocabulary import NOTICE_TYPES
from sme_registry.regulation.workdays import Arrangement, WorkCalendar

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
# Notice file names that would publish over the site's own pages under notices/: the list
# (notices/index.html) and each type's list folder (notices/<key>/index.html).
RESERVED_NOTICE_SLUGS = {"index": "notices/index.html（公告列表）"} | {
    t.key: f"notices/{t.key}/（“{t.name}”列表）" for t in NOTICE_TYPES}
PLATFORM_DIR = "data/platforms"
POLICY_FILE = "content/policy/measures.zh.txt"  # rendered as the 政策文件 page
NOTICE_DIR = "content/notices"
CALENDAR_DIR = "data/calendar"
CALENDAR_NAME = re.compile(r"^[0-9]{4}\.yaml$")  # ASCII digits only: str.isdigit() accepts ²⁰²⁷


class Source:
    """Where a registry lives; every displayed path is relative to `root`. Every file
    the build reads is read through here: only regular files, in folders that are real
    folders (no link anywhere below `root`), each read once."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self._folders: dict[str, str] = {}  # folder → "ok", "missing" or "refused"
        self.digests: dict[str, str] = {}  # displayed path → sha256 of the bytes read (derived.py)
        self._shown: dict[Path, str] = {}  # display() is asked several times per file

    def display(self, path: Path) -> str:
        shown = self._shown.get(path)
        if shown is None:
            shown = self._shown[path] = path.relative_to(self.root).as_posix()
        return shown

    def folder_ok(self, rel: str, problems: list) -> bool:
        """True when every folder of `rel` (e.g. "data/platforms") exists as a real
        folder; a link or a non-folder is reported once per build."""
        return self._folder_state(rel, problems) == "ok"

    def folder_missing(self, rel: str) -> bool:
        """After `folder_ok` (which reports a refused folder): whether `rel` does not exist."""
        return self._folder_state(rel, []) == "missing"

    def _folder_state(self, rel: str, problems: list) -> str:
        parts = rel.split("/")
        for n in range(1, len(parts) + 1):
            prefix = "/".join(parts[:n])
            if prefix not in self._folders:
                try:
                    mode = os.lstat(self.root / prefix).st_mode
                except FileNotFoundError:
                    self._folders[prefix] = "missing"
                except OSError:
                    problems.append(make("E117", prefix, (1, 1), reason="无法访问该文件夹"))
                    self._folders[prefix] = "refused"
                else:
                    if stat.S_ISDIR(mode):
                        self._folders[prefix] = "ok"
                    else:
                        problems.append(make("E116", prefix, (1, 1), kind=kind_of(mode)))
                        self._folders[prefix] = "refused"
            if self._folders[prefix] != "ok":
                return self._folders[prefix]
        return "ok"

    def files(self, rel: str, problems: list, folder_allowed=lambda folder, name: False) -> list[Path]:
        """The regular files directly in folder `rel`, sorted. Hidden entries (.gitkeep)
        are skipped unread; sub-folders are never read and are refused with E124 (a file in
        one would look published but is not), unless `folder_allowed(folder, name)`: a
        notice's attachment folder; anything that is not a regular file
        (E116: links, devices, FIFOs, sockets) is refused, never opened."""
        if not self.folder_ok(rel, problems):
            return []
        folder = self.root / rel
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError:
            problems.append(make("E117", rel, (1, 1), reason="无法列出该文件夹的内容"))
            return []
        found = []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            display = f"{rel}/{entry.name}"
            try:
                mode = entry.stat(follow_symlinks=False).st_mode
            except OSError:
                problems.append(make("E117", display, (1, 1), reason="无法访问"))
                continue
            if stat.S_ISDIR(mode):
                if not folder_allowed(folder, entry.name):
                    problems.append(make("E124", display, (1, 1), name=entry.name, folder=rel))
            elif kind_of(mode):
                problems.append(make("E116", display, (1, 1), kind=kind_of(mode)))
            else:
                path = folder / entry.name
                self._shown[path] = display  # what display(path) would compute, slower
                found.append(path)
        return found

    def record(self, display: str, data: bytes) -> None:
        """Note a file's bytes as read: every source file read goes into the keys of what is
        kept between builds (derive/derived.py), attachments and images included."""
        self.digests[display] = hashlib.sha256(data).hexdigest()

    def read(self, path: Path, problems: list, slips_of: str | None = None, raw: bytes | None = None) -> str | None:
        """The text of one source file, or None. This is the one place every source text
        passes: the sandbox read and line/control-character grammar (source_text), then, for
        `slips_of` "yaml" or "notice", the input-method slips (slips.py). A file with any of
        these problems is not parsed further. `raw` is the file's bytes when the caller has
        already read them through `source_text.read_bytes`."""
        display = self.display(path)
        if raw is None:
            raw, read_problems = read_bytes(path, display)
            problems.extend(read_problems)
            if raw is None:
                return None
        self.record(display, raw)
        text, read_problems = text_of(raw, display)
        problems.extend(read_problems)
        if text is None or (slips_of is not None and slips.pre_scan(text, display, problems, kind=slips_of)):
            return None
        return text


def _load_yaml(source: Source, path: Path, kind: str, problems: list, raw: bytes | None = None):
    display = source.display(path)
    text = source.read(path, problems, slips_of="yaml", raw=raw)
    if text is None:
        return None
    doc, parse_problems = parse(text, display)
    problems.extend(parse_problems)
    if doc is None:
        return None
    if not isinstance(doc.data, dict):
        detail = "文件是空的" if doc.data is None else "顶层应是“键: 值”映射"
        problems.append(make("E110", display, (1, 1), detail=detail))
        return None
    # A value the YAML layer already flagged (e.g. 2023/12/20) is not reported twice.
    flagged = {(p.line, p.col) for p in parse_problems if p.code in ("E107", "E108", "E109", "E118")}
    schema_problems = [p for p in schemas.validate(kind, doc, display) if (p.line, p.col) not in flagged]
    problems.extend(schema_problems)
    if parse_problems or schema_problems:
        return None
    return doc


def _required(source: Source, rel: str, problems: list) -> Path | None:
    """A file every registry has: E113 when it is missing, E116 when it is not a regular file."""
    folder = rel.rsplit("/", 1)[0]
    path = source.root / rel
    if not source.folder_ok(folder, problems):
        if source.folder_missing(folder):
            problems.append(make("E113", rel, (1, 1), name=rel))
        return None
    if not os.path.lexists(path):
        problems.append(make("E113", rel, (1, 1), name=rel))
        return None
    return path


def _load_required_yaml(source: Source, rel: str, kind: str, problems: list):
    path = _required(source, rel, problems)
    return _load_yaml(source, path, kind, problems) if path else None


def load_registry(root: Path, loads: LoadMemo | None = None) -> tuple[Registry, list]:
    """The registry in `root` and every problem found loading it. `loads` (optional) holds
    the parse of platform files that loaded without a problem in an earlier build, keyed by
    their exact bytes (load_memo.py); it is updated with this build's."""
    source = Source(root)
    problems: list = []
    site_doc = _load_required_yaml(source, "data/site.yaml", "site", problems)
    div_doc = _load_required_yaml(source, "data/divisions.yaml", "divisions", problems)
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
    registry.site_doc = site_doc
    registry.measures_text = _load_measures(source, problems)
    registry.frame = check_frame(source, site_doc, problems)
    _load_platforms(source, registry, problems, loads)
    _load_notices(source, registry, problems)
    attachments.load(source, registry, problems)  # 附件 beside the notices (trust boundary)
    registry.digests = source.digests
    return registry, problems


def _load_measures(source: Source, problems: list) -> str:
    path = _required(source, POLICY_FILE, problems)
    text = source.read(path, problems) if path else None
    if text is None:
        return ""
    if not text.strip():
        problems.append(make("E125", POLICY_FILE, (1, 1), detail="文件没有内容"))
        return ""
    attachments = len(parse_measures(text).attachments)
    if attachments > ATTACHMENT_PAGES:
        problems.append(make("E125", POLICY_FILE, (1, 1),
                             detail=f"列出了 {attachments} 个附件，网站只有 {ATTACHMENT_PAGES} 个附件页面"))
        return ""
    return text


def _load_calendar(source: Source, problems: list) -> dict:
    arrangements = {}
    for path in source.files(CALENDAR_DIR, problems):
        if not CALENDAR_NAME.match(path.name):
            problems.append(make("E123", source.display(path), (1, 1), name=path.name))
            continue
        doc = _load_yaml(source, path, "calendar", problems)
        if doc and doc.data["year"] != int(path.stem):
            problems.append(make("E210", source.display(path), doc.pos(("year",)), year=doc.data["year"], stem=path.stem))
        elif doc:
            year = doc.data["year"]
            arrangements[year] = Arrangement(
                year=year,
                holidays={parse_iso(d) for d in doc.data.get("holidays", [])},
                workdays={parse_iso(d) for d in doc.data.get("workdays", [])},
            )
    return arrangements


def _load_platforms(source: Source, registry: Registry, problems: list, loads: LoadMemo | None) -> None:
    paths = []
    for path in source.files(PLATFORM_DIR, problems):
        if path.suffix != ".yaml" or not SLUG.match(path.stem):
            problems.append(make("E122", source.display(path), (1, 1), name=path.name))
            continue
        registry.platform_files.add(path.stem)
        paths.append(path)

    def load(path):
        """(document or None, problems, memo key, memo entry or True for a memo hit, sha256)."""
        display = source.display(path)
        raw, found = read_bytes(path, display)
        if raw is None:
            return None, found, None, None, None
        digest = hashlib.sha256(raw).hexdigest()
        if loads is None:
            return _load_yaml(source, path, "platform", found, raw=raw), found, None, None, digest
        key = loads.key(display, raw)
        doc = loads.get(key)
        if doc is not None:
            return doc, found, key, True, digest
        doc = _load_yaml(source, path, "platform", found, raw=raw)
        return doc, found, key, (LoadMemo.entry(doc) if doc is not None and not found else None), digest

    # Parsing dominates validation: use both cores.
    loaded = fork_map(load, paths)
    for path, (doc, found, key, entry, digest) in zip(paths, loaded, strict=True):
        problems.extend(found)
        if digest is not None:
            source.digests[source.display(path)] = digest
        if loads is not None and key is not None and doc is not None and not found:
            loads.keep(key, None if entry is True else entry, hit=entry is True)
        if doc is None:
            continue
        display = source.display(path)
        platform_id = doc.data["id"]
        if platform_id != path.stem:
            problems.append(make("E208", display, doc.pos(("id",)), id=platform_id, stem=path.stem))
            continue
        registry.platforms[platform_id] = platform_from(doc, display)


def _load_notices(source: Source, registry: Registry, problems: list) -> None:
    """Notices are read here and only here: the site renders `Notice.body`, the exact text
    validated, and never opens a notice file itself."""
    for path in source.files(NOTICE_DIR, problems, folder_allowed=attachments.is_notice_folder):
        display = source.display(path)
        if path.suffix != ".md" or not SLUG.match(path.stem):
            problems.append(make("E122", display, (1, 1), name=path.name))
            continue
        if path.stem in RESERVED_NOTICE_SLUGS:
            problems.append(make("E129", display, (1, 1), name=path.name, page=RESERVED_NOTICE_SLUGS[path.stem]))
            continue
        registry.notice_files.add(path.stem)
        text = source.read(path, problems, slips_of="notice")
        if text is None:
            continue
        doc, body, body_line, header_problems = parse_header(text, display)
        schema_problems = schemas.validate("notice", doc, display) + body_problems(body, body_line, display)
        problems.extend(header_problems + schema_problems)
        if header_problems or schema_problems:
            continue
        registry.notices[path.stem] = notice_from(doc, path.stem, display, body, body_line)
