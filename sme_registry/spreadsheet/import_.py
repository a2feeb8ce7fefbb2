"""`make import FILE=名单.xlsx [START=YYYY-MM-DD]`: a bureau list becomes platform YAML files.

Two modes:
- with START: a new 公示 list. Every row is an applicant; a new 公示 notice of 5 working
  days from START is written and the rows become platforms pending under it (a row naming
  an existing 平台编号 is a re-application and gets `pending` added).
- without START: a historical list of certified platforms (migration). Each row carries a
  term (认定年度, 认定日期, 公示, 认定公告, optionally 撤销日期/撤销理由/撤销公告); rows of the
  same platform are its terms; a workbook with a separate 认定记录 sheet (as exported by
  `make export-xlsx`) is joined by 平台编号.

The files are rendered with scaffold's writers, validated as one unit by the real validator
on a temporary copy of the registry, and only when that is clean written through scaffold's
staff transaction (ChangeSet). Every problem is reported at its cell: `名单.xlsx:工作表!C12: E### …`.
"""

from __future__ import annotations

import datetime as dt
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from sme_registry.load.loader import NOTICE_DIR, PLATFORM_DIR, SLUG
from sme_registry.load.yaml_strict import parse as strict_parse
from sme_registry.problems import Severity
from sme_registry.problems.codes import CATALOGUE, make
from sme_registry.regulation import vocabulary as V
from sme_registry.regulation.workdays import UnknownYear
from sme_registry.spreadsheet import columns as col
from sme_registry.spreadsheet.read import Refused, Sheet, column_letters, read_workbook
from sme_registry.staff.errors import ScaffoldError
from sme_registry.staff.notices import (
    add_platform_to_notice,
    cn_date,
    publicity_body,
    render_notice,
)
from sme_registry.staff.queries import (
    default_recommender,
    free_title,
    load,
    next_platform_id,
    notice_batch,
    notice_slug,
    platform_row,
    publicity_end,
)
from sme_registry.staff.transaction import ChangeSet, Outcome
from sme_registry.staff.vocabulary import ID_PREFIX
from sme_registry.staff.yaml_edit import add_pending, add_revocation, add_term
from sme_registry.staff.yaml_text import PlatformInfo, render_platform
from sme_registry.validate.report import validate

REQUIRED = ("name", "operator_name", "credit_code", "county", "category", "services")
TITLES = {"name": "平台名称", "operator_name": "运营单位", "credit_code": "统一社会信用代码", "county": "所在县（市、区）",
          "category": "类别", "services": "服务功能", "certified_on": "认定日期", "publicity": V.PUBLICITY.name,
          "announcement": V.ANNOUNCEMENT.name, "batch": "认定年度", "id": "平台编号", "revocation_notice": V.REVOCATION.name,
          "revocation_ground": "撤销理由", "revoked_on": "撤销日期"}


@dataclass(frozen=True)
class Cell:
    sheet: str
    row: int  # 0-based
    col: int  # 0-based

    def ref(self) -> str:
        return f"{self.sheet}!{column_letters(self.col)}{self.row + 1}"


@dataclass(frozen=True)
class SheetProblem:
    file: str
    where: str  # 工作表!C12, or a registry path:line:col for problems outside the new files
    code: str
    message: str
    article: str = ""
    severity: Severity = Severity.ERROR

    def text(self) -> str:
        suffix = f"（{self.article}）" if self.article else ""
        where = ":".join(part for part in (self.file, self.where) if part)
        return f"{where}: {self.code} {self.message}{suffix}"

    @property
    def is_error(self) -> bool:
        return self.severity is Severity.ERROR


@dataclass
class Row:
    cells: dict[str, Cell]
    values: dict[str, object]
    first: Cell

    def cell(self, key: str) -> Cell:
        return self.cells.get(key, self.first)


@dataclass
class Plan:
    files: dict[str, str] = field(default_factory=dict)  # relpath → text
    labels: dict[str, str] = field(default_factory=dict)
    cells: dict[str, dict] = field(default_factory=dict)  # relpath → {yaml path: Cell}
    fallback: dict[str, Cell] = field(default_factory=dict)  # relpath → the row's first cell
    notes: list[str] = field(default_factory=list)


class ImportProblems(Exception):
    def __init__(self, problems: list[SheetProblem]):
        super().__init__(len(problems))
        self.problems = problems


# --------------------------------------------------------------------------- reading rows


class _Collector:
    def __init__(self, display: str):
        self.display = display
        self.problems: list[SheetProblem] = []

    def at(self, cell: Cell | None, code: str, **fields) -> None:
        p = make(code, "", (1, 1), **fields)
        self.problems.append(SheetProblem(self.display, cell.ref() if cell else "", code, p.message, p.article,
                                          p.severity))


def _filled(sheet: Sheet) -> list[list]:
    """Rows with every merged range filled with its top-left value."""
    width = max((len(r) for r in sheet.rows), default=0)
    rows = [list(r) + [""] * (width - len(r)) for r in sheet.rows]
    for r0, c0, r1, c1 in sheet.merged:
        if r0 >= len(rows) or c0 >= width:
            continue
        value = rows[r0][c0]
        for r in range(r0, min(r1, len(rows) - 1) + 1):
            for c in range(c0, min(c1, width - 1) + 1):
                rows[r][c] = value
    return rows


def _rows(sheet: Sheet, header_index: int, mapping: dict[int, str]) -> list[Row]:
    out = []
    rows = _filled(sheet)
    for r in range(header_index + 1, len(rows)):
        values, cells = {}, {}
        for c, key in mapping.items():
            value = rows[r][c] if c < len(rows[r]) else ""
            cells[key] = Cell(sheet.name, r, c)
            if col.text(value) != "":
                values[key] = value
        if not set(values) - {"seq"}:
            continue  # a blank row, or one holding only a 序号 / a footnote in the first column
        if rows[r] == rows[header_index]:
            continue  # a header repeated on a printed page
        first = cells.get("name") or Cell(sheet.name, r, min(mapping))
        out.append(Row(cells, values, first))
    return out


def _sheets(sheets: list[Sheet], bag: _Collector):
    """(platform rows, term rows or None, header cell of the platform sheet)."""
    platform, terms = None, None
    for sheet in sheets:
        found = col.find_header(_filled(sheet))
        if found is None:
            continue
        index, mapping = found
        keys = set(mapping.values())
        is_terms = {"certified_on", "id"} <= keys and not keys & {"credit_code", "operator_name", "county"}
        if is_terms and terms is None:
            terms = (sheet, index, mapping)
        elif not is_terms and platform is None:
            platform = (sheet, index, mapping)
    if platform is None:
        names = "、".join(s.name for s in sheets) or "（无）"
        bag.at(None, "E605", sheets=names)
        raise ImportProblems(bag.problems)
    sheet, index, mapping = platform
    header_cell = Cell(sheet.name, index, min(mapping))
    missing = [k for k in REQUIRED if k not in mapping.values()]
    for key in missing:
        bag.at(header_cell, "E606", column=TITLES[key])
    if missing:
        raise ImportProblems(bag.problems)
    term_rows = _rows(*terms) if terms else None
    return _rows(sheet, index, mapping), term_rows, header_cell


# --------------------------------------------------------------------------- building files


def _required_text(row: Row, key: str, bag: _Collector, fold=col.text) -> str:
    value = fold(row.values.get(key, ""))
    if not value:
        bag.at(row.cell(key), "E608", column=TITLES.get(key, key))
    return value


def _info(registry, row: Row, bag: _Collector) -> PlatformInfo:
    county = _required_text(row, "county", bag, col.county)
    services = col.services(row.values.get("services", ""))
    if not services:
        bag.at(row.cell("services"), "E608", column=TITLES["services"])
    return PlatformInfo(
        name=_required_text(row, "name", bag),
        operator_name=_required_text(row, "operator_name", bag),
        credit_code=_required_text(row, "credit_code", bag, col.credit_code),
        operator_kind=col.folded(row.values.get("operator_kind", "")) or V.ENTERPRISE,
        county=county,
        category=_required_text(row, "category", bag, col.category),
        services=services,
        recommended_by=col.text(row.values.get("recommended_by", "")) or default_recommender(registry, county),
        specialty=col.text(row.values.get("specialty", "")),
    )


def _date(row: Row, key: str, bag: _Collector, required: bool = True) -> dt.date | None:
    raw = row.values.get(key)
    if raw is None:
        if required:
            bag.at(row.cell(key), "E608", column=TITLES[key])
        return None
    value = col.date(raw)
    if value is None:
        bag.at(row.cell(key), "E609", column=TITLES[key], value=col.text(raw), expected="日期（YYYY-MM-DD，如 2023-12-20）")
    return value


def _year(row: Row, bag: _Collector, default: int | None) -> int | None:
    raw = row.values.get("batch")
    if raw is None:
        return default
    value = col.year(raw)
    if value is None:
        bag.at(row.cell("batch"), "E609", column=TITLES["batch"], value=col.text(raw), expected="四位年份（如 2023）")
    return value


def _row_id(row: Row, bag: _Collector) -> str:
    value = col.folded(row.values.get("id", "")).lower()
    if value and not SLUG.match(value):
        bag.at(row.cell("id"), "E609", column=TITLES["id"], value=value, expected="小写字母、数字和连字符（如 lc-2023-001）")
        return ""
    return value


class _Ids:
    """New ids: lc-<year>-NNN after the highest number on disk or already given out."""

    def __init__(self, root: Path, taken: set[str]):
        self.root, self.taken = root, set(taken)
        self.last: dict[int, int] = {}

    def next(self, year: int) -> str:
        if year not in self.last:
            pattern = re.compile(rf"^{ID_PREFIX}-{year}-(\d{{3,}})$")
            used = [int(m.group(1)) for pid in self.taken if (m := pattern.match(pid))]
            disk = int(next_platform_id(self.root, year).rsplit("-", 1)[1]) - 1
            self.last[year] = max([disk, *used])
        self.last[year] += 1
        pid = f"{ID_PREFIX}-{year}-{self.last[year]:03d}"
        self.taken.add(pid)
        return pid


def _term_cells(prefix: tuple, row: Row) -> dict:
    return {(*prefix, key): row.cell(key) for key in ("batch", "certified_on", "publicity", "announcement")} | {
        prefix: row.cell("certified_on")}


_PLATFORM_CELLS = {
    ("name",): "name", ("operator", "name"): "operator_name", ("operator", "credit_code"): "credit_code",
    ("operator", "kind"): "operator_kind", ("operator",): "operator_name", ("county",): "county",
    ("category",): "category", ("specialty",): "specialty", ("services",): "services",
    ("recommended_by",): "recommended_by", ("id",): "id",
}


def _platform_cells(row: Row, services: int) -> dict:
    cells = {path: row.cell(key) for path, key in _PLATFORM_CELLS.items()}
    cells |= {("services", i): row.cell("services") for i in range(services)}
    if "recommended_by" not in row.cells:
        cells[("recommended_by",)] = row.cell("county")
    return cells


def _publicity_plan(root: Path, registry, rows: list[Row], start: dt.date, bag: _Collector, plan: Plan) -> None:
    try:
        end = publicity_end(registry.calendar, start)
    except ScaffoldError as exc:
        bag.problems.append(SheetProblem("", "START", "E613", f"公示开始日期 {start}：{exc}"))
        raise ImportProblems(bag.problems) from None
    batch = start.year
    slug = notice_slug(root, start, V.PUBLICITY.name)
    ids = _Ids(root, set(registry.platform_files))
    listed, table_rows, seen = [], [], {}
    for row in rows:
        before = len(bag.problems)
        info = _info(registry, row, bag)
        given = _row_id(row, bag)
        row_batch = _year(row, bag, batch)
        if len(bag.problems) > before:
            continue
        if row_batch != batch:
            bag.at(row.cell("batch"), "E614", value=row_batch, batch=batch)
            continue
        key = (info.credit_code, info.name)
        if key in seen or (given and given in listed):
            bag.at(row.first, "E611", other=seen.get(key, row.first).ref())
            continue
        seen[key] = row.first
        if given and given in registry.platforms:  # a re-application of a registered platform
            platform = registry.platforms[given]
            rel = platform.path
            plan.files[rel] = add_pending(Path(root, rel).read_text(encoding="utf-8"), batch, slug)
            plan.labels[rel] = f"写入 pending：重新申报，列入公示 {slug}"
            plan.fallback[rel] = row.first
            listed.append(given)
            table_rows.append(platform_row(platform))
            continue
        pid = given or ids.next(batch)
        rel = f"{PLATFORM_DIR}/{pid}.yaml"
        plan.files[rel] = render_platform(pid, info, batch, slug)
        plan.labels[rel] = "新平台，公示中"
        plan.cells[rel] = _platform_cells(row, len(info.services))
        plan.fallback[rel] = row.first
        listed.append(pid)
        table_rows.append((info.name, info.operator_name, info.county, info.category))
    if bag.problems:
        raise ImportProblems(bag.problems)
    if not listed:
        bag.at(None, "E605", sheets="（没有数据行）")
        raise ImportProblems(bag.problems)
    header = {
        "title": free_title(registry, f"{batch}年度聊城市中小企业公共服务示范平台拟认定名单公示"), "date": start.isoformat(), "type": V.PUBLICITY.name,
        "platforms": ", ".join(listed), "publicity_start": start.isoformat(), "publicity_end": end.isoformat(),
        "batch": str(batch),
        "summary": f"{batch}年度示范平台拟认定名单公示，公示期{cn_date(start)}至{cn_date(end)}（{V.PUBLICITY_WORKDAYS}个工作日）。",
    }
    rel = f"{NOTICE_DIR}/{slug}.md"
    body = publicity_body(registry, batch, start, end, table_rows, start)
    plan.files = {rel: render_notice(header, body), **plan.files}
    plan.labels[rel] = f"公示，{start} 至 {end}，{len(listed)} 个平台"
    plan.notes.append(f"公示期：{start} 至 {end}（{V.PUBLICITY_WORKDAYS} 个工作日，按法定节假日和调休安排计算）。")


def _group_key(row: Row, info: PlatformInfo, given: str):
    return given or (info.credit_code, info.name)


def _historical_plan(root: Path, registry, rows: list[Row], term_rows: list[Row] | None, bag: _Collector,
                     plan: Plan) -> None:
    groups: dict = {}
    for row in rows:
        before = len(bag.problems)
        info = _info(registry, row, bag)
        given = _row_id(row, bag)
        if len(bag.problems) > before:
            continue
        if given and given in registry.platform_files:
            bag.at(row.cell("id"), "E610", id=given)
            continue
        key = _group_key(row, info, given)
        groups.setdefault(key, {"info": info, "id": given, "row": row, "terms": []})
        if term_rows is None:
            groups[key]["terms"].append(row)
    if term_rows is not None:
        by_id = {g["id"]: g for g in groups.values() if g["id"]}
        for row in term_rows:
            pid = col.folded(row.values.get("id", "")).lower()
            if pid not in by_id:
                bag.at(row.cell("id"), "E615", id=pid or "（空）")
                continue
            by_id[pid]["terms"].append(row)
    ids = _Ids(root, set(registry.platform_files) | {g["id"] for g in groups.values() if g["id"]})
    skipped = []
    notice_text: dict[str, str] = {}
    for group in groups.values():
        info, row = group["info"], group["row"]
        before = len(bag.problems)
        pending = col.slug(row.values.get("pending_publicity", ""))
        term_list = []
        for t in group["terms"]:
            if t is row and "certified_on" not in t.values and (pending or _not_certified(t)):
                continue  # this row is the platform itself, in publicity: no term on it
            row_before = len(bag.problems)
            certified_on = _date(t, "certified_on", bag)
            batch = _year(t, bag, certified_on.year if certified_on else None)
            publicity = col.slug(t.values.get("publicity", "")) or _missing(t, "publicity", bag)
            announcement = col.slug(t.values.get("announcement", "")) or _missing(t, "announcement", bag)
            if len(bag.problems) == row_before:
                term_list.append((certified_on, batch, publicity, announcement, t))
        if len(bag.problems) > before:
            continue
        if not term_list and not pending:
            if _not_certified(row):
                skipped.append(info.name)
            else:
                bag.at(row.cell("certified_on"), "E608", column=TITLES["certified_on"])
            continue
        term_list.sort(key=lambda item: item[0])
        revocation = _revocation(registry, row, group["id"], bag)
        if revocation is False:
            continue
        pending_batch = _pending_batch(registry, pending) if pending else None
        pid = group["id"] or ids.next(term_list[0][1] if term_list else pending_batch)
        rel = f"{PLATFORM_DIR}/{pid}.yaml"
        cells = _platform_cells(row, len(info.services))
        if term_list:
            text = render_platform(pid, info, term_list[0][1], term_list[0][2])
        else:
            text = render_platform(pid, info, pending_batch, pending)
        for i, (certified_on, batch, publicity, announcement, t) in enumerate(term_list):
            text = add_term(text, batch, certified_on, publicity, announcement)
            cells |= _term_cells(("terms", i), t)
            for slug in (publicity, announcement):
                _list_in_notice(root, registry, slug, pid, notice_text)
        if pending:
            if term_list:
                text = add_pending(text, pending_batch, pending)
            cells |= {("pending",): row.cell("pending_publicity"), ("pending", "batch"): row.cell("pending_publicity"),
                      ("pending", "publicity"): row.cell("pending_publicity")}
            _list_in_notice(root, registry, pending, pid, notice_text)
        if revocation:
            day, ground, notice, rcells = revocation
            text = add_revocation(text, day, ground, notice)
            cells |= rcells
            _list_in_notice(root, registry, notice, pid, notice_text)
        plan.files[rel] = text
        plan.labels[rel] = "历史名单：" + "，".join(
            ([f"{len(term_list)} 次认定"] if term_list else []) + (["公示中"] if pending else [])
            + (["已撤销"] if revocation else []))
        plan.cells[rel] = cells
        plan.fallback[rel] = row.first
    if bag.problems:
        raise ImportProblems(bag.problems)
    for slug, text in notice_text.items():
        rel = registry.notices[slug].path
        plan.files[rel] = text
        plan.labels[rel] = "公告的 platforms 中加入导入的平台"
    if skipped:
        plan.notes.append(f"跳过 {len(skipped)} 个尚未认定（公示中或待认定）的平台：" + "、".join(skipped)
                          + "。新申报的平台请用 make import FILE=… START=YYYY-MM-DD 或 make new-platform 录入。")


def _not_certified(row: Row) -> bool:
    status = col.text(row.values.get("status", ""))
    return status in ("公示中", "待认定")


def _missing(row: Row, key: str, bag: _Collector) -> str:
    bag.at(row.cell(key), "E608", column=TITLES[key])
    return ""


def _revocation(registry, row: Row, pid: str, bag: _Collector):
    """None (not revoked), False (a problem was reported) or (date, ground, notice, cells)."""
    if "revoked_on" not in row.values:
        return None
    before = len(bag.problems)
    day = _date(row, "revoked_on", bag)
    ground = col.ground(row.values.get("revocation_ground", ""))
    if ground is None:
        bag.at(row.cell("revocation_ground"), "E609", column=TITLES["revocation_ground"],
               value=col.text(row.values.get("revocation_ground", "")) or "（空）", expected="第二十条第（一）至（五）项之一")
    notice = col.slug(row.values.get("revocation_notice", ""))
    if not notice and pid:
        found = sorted(n.slug for n in registry.notices.values() if n.type == V.REVOCATION.name and pid in n.platforms)
        notice = found[-1] if found else ""
    if not notice:
        bag.at(row.cell("revocation_notice") if "revocation_notice" in row.cells else row.cell("revoked_on"),
               "E608", column=TITLES["revocation_notice"])
    if len(bag.problems) > before:
        return False
    cells = {("revoked",): row.cell("revoked_on"), ("revoked", "date"): row.cell("revoked_on"),
             ("revoked", "ground"): row.cell("revocation_ground"),
             ("revoked", "notice"): row.cell("revocation_notice") if "revocation_notice" in row.cells
             else row.cell("revoked_on")}
    return day, ground, notice, cells


def _list_in_notice(root: Path, registry, slug: str, pid: str, texts: dict) -> None:
    notice = registry.notices.get(slug)
    if notice is None or pid in notice.platforms:
        return  # a missing notice is reported by the validator at the cell that names it
    text = texts.get(slug) or Path(root, notice.path).read_text(encoding="utf-8")
    texts[slug] = add_platform_to_notice(text, pid, None)


def _pending_batch(registry, slug: str) -> int:
    notice = registry.notices.get(slug)
    if notice is not None:
        return notice_batch(notice)
    return int(slug[:4]) if slug[:4].isdigit() else 0  # the validator reports the missing notice at its cell


# --------------------------------------------------------------------------- validation


def _cell_for(plan: Plan, problem) -> Cell | None:
    cells = plan.cells.get(problem.path)
    if problem.path not in plan.files:
        return None
    if not cells:
        return plan.fallback.get(problem.path)
    doc, _ = strict_parse(plan.files[problem.path], problem.path)
    if doc is None:
        return plan.fallback.get(problem.path)
    on_line = [(path, column) for path, (line, column) in doc.positions.items() if line == problem.line]
    on_line += [(path, column) for path, (line, column) in doc.key_positions.items() if line == problem.line]
    exact = [path for path, column in on_line if column == problem.col]
    before = [path for path, column in on_line if column <= problem.col]
    candidates = exact or before or [path for path, _ in on_line]
    best = max(candidates, key=len) if candidates else None
    while best:
        if best in cells:
            return cells[best]
        best = best[:-1]
    return plan.fallback.get(problem.path)


def check_plan(root: Path, plan: Plan, today: dt.date, display: str) -> list[SheetProblem]:
    """Run the real validator on a temporary copy of the registry with the planned files."""
    _, before = validate(root, today)
    old = {(p.path, p.code) for p in before.errors if p.path in plan.files}
    with tempfile.TemporaryDirectory(prefix="sme-import-") as tmp:
        copy = Path(tmp) / "registry"
        for part in ("data", "content"):
            if (root / part).is_dir():
                shutil.copytree(root / part, copy / part, symlinks=True)
        for rel, text in plan.files.items():
            target = copy / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(text, encoding="utf-8")
        _, report = validate(copy, today)
    out = []
    for p in report.problems:
        if p.path not in plan.files or (p.path, p.code) in old or not p.is_error:
            continue
        cell = _cell_for(plan, p)
        if cell is not None:
            out.append(SheetProblem(display, cell.ref(), p.code, p.message, p.article, p.severity))
        else:
            out.append(SheetProblem("", f"{p.path}:{p.line}:{p.col}", p.code, p.message, p.article, p.severity))
    return sorted(set(out), key=_order)


def _order(p: SheetProblem):
    m = re.match(r"^(.*)!([A-Z]+)(\d+)$", p.where)
    if m:
        return (0, m.group(1), int(m.group(3)), len(m.group(2)), m.group(2), p.code)
    return (1, p.where, 0, 0, "", p.code)


# --------------------------------------------------------------------------- entry point


def plan_import(root: Path, file: Path, today: dt.date, start: dt.date | None = None,
                display: str | None = None) -> Plan:
    """Read, map and validate; raises ImportProblems with every problem, or returns a clean plan."""
    root, file = Path(root), Path(file)
    display = display or file.name
    bag = _Collector(display)
    try:
        sheets = read_workbook(file)
    except Refused as exc:
        entry = CATALOGUE[exc.code]
        bag.problems.append(SheetProblem(display, "", exc.code, entry.template.format(**exc.fields)))
        raise ImportProblems(bag.problems) from None
    registry = load(root)
    rows, term_rows, header_cell = _sheets(sheets, bag)
    plan = Plan()
    try:
        if start is not None:
            _publicity_plan(root, registry, rows, start, bag, plan)
        else:
            has_terms = any("certified_on" in r.cells for r in (term_rows or rows))
            if not has_terms:
                bag.at(header_cell, "E606", column="认定日期（导入历史名单需要；导入新的公示名单请加 START=YYYY-MM-DD）")
                raise ImportProblems(bag.problems)
            _historical_plan(root, registry, rows, term_rows, bag, plan)
    except UnknownYear as exc:
        bag.problems.append(SheetProblem("", "START", "E313", CATALOGUE["E313"].template.format(year=exc.year)))
        raise ImportProblems(bag.problems) from None
    problems = check_plan(root, plan, today, display)
    if problems:
        raise ImportProblems(problems)
    return plan


def apply_plan(root: Path, plan: Plan, today: dt.date) -> Outcome:
    """Write through the staff transaction (it validates again and restores on a new error)."""
    changes = ChangeSet(root)
    for rel, text in plan.files.items():
        changes.put(rel, text, plan.labels.get(rel, ""))
    return changes.apply(today)
