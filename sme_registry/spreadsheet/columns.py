"""Column names of bureau lists and how a cell's text becomes a value.

The export titles (sme_registry.site.exports field lists) are accepted as they are, so an
exported workbook imports again; around them, the names clerks' own lists use.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass

from sme_registry.regulation import vocabulary as V
from sme_registry.site.exports import PLATFORM_FIELDS, TERM_FIELDS


@dataclass(frozen=True)
class Column:
    key: str
    aliases: tuple[str, ...]


# key → the names clerks use for it (besides the export titles below).
_ALIASES = {
    "seq": ("序号", "编号序号"),
    "id": ("平台编号",),
    "name": ("平台名称", "示范平台名称", "服务平台名称", "名称"),
    "operator_name": ("运营单位", "运营主体", "运营单位名称", "运营主体名称", "运营机构", "依托单位", "申报单位"),
    "credit_code": ("统一社会信用代码", "社会信用代码", "信用代码", "运营单位统一社会信用代码"),
    "operator_kind": ("单位性质", "运营单位性质", "运营主体性质"),
    "county": ("所在县（市、区）", "所在县市区", "县（市、区）", "县市区", "所在县区", "所属县（市、区）", "所属县市区",
               "县（市、区）或功能区", "所在县（市、区）或功能区", "所在地"),
    "category": ("类别", "平台类别", "平台类型"),
    "specialty": ("专业领域", "专业服务领域"),
    "services": ("服务功能", "主要服务功能", "服务类别", "服务内容"),
    "recommended_by": ("推荐单位", "推荐部门"),
    "batch": ("认定年度", "批次", "认定批次", "年度", "申报年度", "评审年度"),
    "certified_on": ("认定日期", "认定时间"),
    "publicity": (V.PUBLICITY.name, "公示公告", "公示编号"),
    "announcement": (V.ANNOUNCEMENT.name, "认定公告编号"),
    "revoked_on": ("撤销日期",),
    "revocation_ground": ("撤销理由",),
    "revocation_notice": (V.REVOCATION.name,),
    "status": ("状态",),
    "pending_publicity": ("申报所在公示", "拟认定公示"),
    "platform_id": (),
}
# Export columns that are derived (status, valid-until …): read and ignored.
IGNORED = {"county_code", "status_on", "valid_until", "first_certified", "latest_batch", "terms", "page",
           "platform_name", "renewal"}
# Export field name → import key where they differ.
_EXPORT_KEYS = {"platform_id": "id"}


def _columns() -> dict[str, str]:
    names: dict[str, str] = {}
    for key, aliases in _ALIASES.items():
        for alias in aliases:
            names[header_key(alias)] = key
    for f in (*PLATFORM_FIELDS, *TERM_FIELDS):
        key = _EXPORT_KEYS.get(f.name, f.name)
        names.setdefault(header_key(f.title), key)
    return names


def header_key(text) -> str:
    """A header cell compared loosely: full-width forms folded, spaces, stars and colons dropped."""
    text = unicodedata.normalize("NFKC", str(text or ""))
    return re.sub(r"[\s*:：※]", "", text).strip().lower()


COLUMN_NAMES = _columns()


def match_header(row: list) -> dict[int, str]:
    """Column index → key, for the cells of `row` that name a known column."""
    found: dict[int, str] = {}
    for index, cell in enumerate(row):
        key = COLUMN_NAMES.get(header_key(cell))
        if key is not None and key not in found.values():
            found[index] = key
    return found


def find_header(rows: list[list], scan: int = 30) -> tuple[int, dict[int, str]] | None:
    """The first row (within `scan`) naming 平台名称 and at least two more known columns."""
    for index, row in enumerate(rows[:scan]):
        found = match_header(row)
        keys = set(found.values())
        if ("name" in keys or "id" in keys) and len(keys - {"seq"}) >= 3:
            return index, found
    return None


# --------------------------------------------------------------------------- cell values

_SPACES = re.compile(r"[\s\u3000\u00a0]+")


def text(cell) -> str:
    """A text cell: surrounding (also ideographic) spaces dropped, inner runs of space made one."""
    if cell is None:
        return ""
    if isinstance(cell, bool):
        return "是" if cell else "否"
    if isinstance(cell, dt.date):
        return cell.isoformat()
    return _SPACES.sub(" ", str(cell)).strip()


def folded(cell) -> str:
    """Full-width letters and digits folded to ASCII, no spaces (codes, years, ids)."""
    return re.sub(r"\s", "", unicodedata.normalize("NFKC", text(cell)))


def credit_code(cell) -> str:
    return folded(cell).upper().replace("-", "")


def county(cell) -> str:
    return folded(cell).replace("(", "（").replace(")", "）")


def category(cell) -> str:
    value = folded(cell)
    return {"综合": V.COMPREHENSIVE, "专业": V.SPECIALISED}.get(value, value)


_LIST_SPLIT = re.compile(r"[、，,;；/／|｜\s]+")


def services(cell) -> list[str]:
    """信息服务、技术服务，培训服务;… → a list (any Chinese or ASCII separator)."""
    parts = [p for p in _LIST_SPLIT.split(unicodedata.normalize("NFKC", text(cell)).replace("．", ".")) if p]
    out: list[str] = []
    for part in parts:
        part = part.strip("。.")
        if part and part not in out:
            out.append(part)
    return out


_DATE_TEXT = re.compile(r"^(\d{4})\s*(?:[-/.]|年)\s*(\d{1,2})\s*(?:[-/.]|月)\s*(\d{1,2})\s*日?$")


def date(cell) -> dt.date | None:
    """A date cell, or text like 2023-12-20, 2023/12/20, 2023.12.20, 2023年12月20日; None if not one."""
    if isinstance(cell, dt.datetime):
        return cell.date()
    if isinstance(cell, dt.date):
        return cell
    match = _DATE_TEXT.match(folded(cell))
    if not match:
        return None
    try:
        return dt.date(*(int(g) for g in match.groups()))
    except ValueError:
        return None


def year(cell) -> int | None:
    """2023, 2023.0, 2023年, 2023年度, 2023年度第一批 → 2023."""
    if isinstance(cell, int | float) and not isinstance(cell, bool) and float(cell).is_integer():
        value = int(cell)
    else:
        match = re.match(r"^(\d{4})(?:年度?|年度第.批|批)?$", folded(cell))
        value = int(match.group(1)) if match else None
    return value if value is not None and 2000 <= value <= 2100 else None


def slug(cell) -> str:
    """A notice slug as written or as an exported link (notices/<slug>.html)."""
    value = folded(cell)
    value = value.rsplit("/", 1)[-1]
    for suffix in (".html", ".md"):
        value = value.removesuffix(suffix)
    return value


_GROUND = re.compile(r"^(?:第二十条)?第?[（(]?([一二三四五1-5])[)）]?项?$")


def ground(cell) -> int | None:
    """第二十条第（四）项, （四）, 4 → 4."""
    match = _GROUND.match(folded(cell).replace("(", "（").replace(")", "）").replace("（", "(").replace("）", ")"))
    if not match:
        return None
    g = match.group(1)
    return int(g) if g.isdigit() else "一二三四五".index(g) + 1
