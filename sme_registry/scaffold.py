"""Scaffolding for staff: new platform and notice files, renewals and revocations.

Pure library code (no prompts): the interactive front end is `sme_registry.staff_cli`.
New files are written as text from templates; existing platform files are edited with
ruamel.yaml's round-trip mode so that comments and key order survive. Every change is
applied as one transaction and validated with the same rules as `make validate`; when
the change leaves an error in a file it touched, every file is restored.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from sme_registry import credit_code, dates
from sme_registry.codes import CATALOGUE
from sme_registry.loader import NOTICE_DIR, PLATFORM_DIR, load_registry
from sme_registry.report import validate
from sme_registry.vocabulary import (  # noqa: F401 (CATEGORIES, OPERATOR_KINDS, SERVICES: for staff_cli)
    CATEGORIES,
    CHINESE_NUMERALS,
    NOTICE_TYPE_NAMES,
    OPERATOR_KINDS,
    PUBLICITY,
    PUBLICITY_WORKDAYS,
    REVOCATION_BAN_YEARS,
    REVOCATION_GROUNDS,
    SERVICES,
    TERM_YEARS,
)
from sme_registry.vocabulary import NOTICE_TYPES as VOCAB_NOTICE_TYPES
from sme_registry.workdays import UnknownYear
from sme_registry.yaml_strict import parse as strict_parse

ID_PREFIX = "lc"
NOTICE_TYPES = NOTICE_TYPE_NAMES
TYPE_SLUGS = {t.name: t.file_slug for t in VOCAB_NOTICE_TYPES}  # new notice files: <date>-<slug>.md
GROUNDS = REVOCATION_GROUNDS  # 第二十条
GROUND_NUMERALS = {n: CHINESE_NUMERALS[n] for n in GROUNDS}
SCHEMA_COMMENT = "# yaml-language-server: $schema=../../schema/platform.schema.json"


class ScaffoldError(Exception):
    """The change cannot be made as asked (the registry or the regulation forbids it). Exit 1."""


class InputError(Exception):
    """A value given by the user is malformed or refers to nothing. Exit 2."""


# --------------------------------------------------------------------------- look-ups


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def parse_date(value: str, what: str) -> dt.date:
    day = dates.parse_iso(value.strip()) if isinstance(value, str) else None
    if day is None:
        raise InputError(f"{what}“{value}”不是有效日期，请写成 YYYY-MM-DD（例如 2026-11-23）")
    return day


def load(root: Path):
    """The registry as the validator sees it (problems are ignored here)."""
    registry, _ = load_registry(Path(root))
    return registry


def next_platform_id(root: Path, year: int) -> str:
    """`lc-<year>-NNN` with the next number after the highest used in that year."""
    pattern = re.compile(rf"^{ID_PREFIX}-{year}-(\d{{3,}})$")
    used = [int(m.group(1)) for p in (Path(root) / PLATFORM_DIR).glob("*.yaml") if (m := pattern.match(p.stem))]
    return f"{ID_PREFIX}-{year}-{max(used, default=0) + 1:03d}"


def notice_slug(root: Path, day: dt.date, notice_type: str) -> str:
    base = f"{day.isoformat()}-{TYPE_SLUGS[notice_type]}"
    folder = Path(root) / NOTICE_DIR
    slug, n = base, 1
    while (folder / f"{slug}.md").exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def publicity_end(calendar, start: dt.date) -> dt.date:
    """The 5th working day of a 公示 starting on `start` (第十三条), on the official calendar."""
    try:
        if not calendar.is_workday(start):
            raise ScaffoldError(f"公示开始日期 {start} 不是工作日（周末或法定节假日），请选择一个工作日开始公示。")
        return calendar.add_workdays(start, PUBLICITY_WORKDAYS)
    except UnknownYear as exc:
        raise ScaffoldError(calendar_message(exc.year)) from None


def calendar_message(year: int) -> str:
    return CATALOGUE["E313"].template.format(year=year) + "（格式见 schema/calendar.schema.json）。"


def check_credit_code(value: str) -> str:
    value = value.strip().upper()
    problem = credit_code.shape_error(value)
    if problem:
        raise InputError(f"统一社会信用代码“{value}”格式错误：{problem}")
    expected = credit_code.check_character(value[:17])
    if value[17] != expected:
        raise InputError(f"统一社会信用代码“{value}”的校验位应为“{expected}”（GB 32100-2015），请核对营业执照")
    return value


def default_recommender(registry, county: str) -> str:
    division = registry.divisions.get(county)
    if division is not None and division.kind == "功能区":
        return f"{county}经济发展局"
    return f"{county}工业和信息化局"


def publicity_notices(registry, platform_id: str | None = None) -> list:
    found = [n for n in registry.notices.values() if n.type == PUBLICITY.name and n.publicity_start and n.publicity_end]
    if platform_id:
        found = [n for n in found if platform_id in n.platforms]
    return sorted(found, key=lambda n: (n.publicity_start, n.slug))


def open_publicity(registry, today: dt.date):
    """The newest 公示 whose window has not ended by `today` (new platforms join it)."""
    candidates = [n for n in publicity_notices(registry) if n.publicity_end >= today]
    return candidates[-1] if candidates else None


def notice_batch(notice) -> int:
    return notice.batch or (notice.publicity_start or notice.date).year


# --------------------------------------------------------------------------- YAML text


def yaml_scalar(value) -> str:
    """A scalar as the strict reader will read it back unchanged: plain if safe, else quoted."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    text = str(value)
    if text and text == text.strip() and "\n" not in text and not text.startswith(("'", '"', "`", "%", "@")):
        doc, problems = strict_parse(f"k: {text}\n", "-")
        if not problems and doc is not None and doc.data == {"k": text}:
            return text
    return json.dumps(text, ensure_ascii=False)


@dataclass
class PlatformInfo:
    name: str
    operator_name: str
    credit_code: str
    operator_kind: str
    county: str
    category: str
    services: list[str]
    recommended_by: str
    specialty: str = ""
    description: str = ""
    address: str = ""
    website: str = ""
    phone: str = ""
    email: str = ""


def render_platform(platform_id: str, info: PlatformInfo, batch: int, publicity: str) -> str:
    s = yaml_scalar
    lines = [
        SCHEMA_COMMENT,
        f"id: {platform_id}",
        f"name: {s(info.name)}",
        "operator:",
        f"  name: {s(info.operator_name)}",
        f'  credit_code: "{info.credit_code}"  # 统一社会信用代码',
        f"  kind: {s(info.operator_kind)}",
        f"county: {s(info.county)}",
        f"category: {s(info.category)}",
    ]
    if info.specialty:
        lines.append(f"specialty: {s(info.specialty)}")
    lines.append("services:")
    lines += [f"  - {s(item)}" for item in info.services]
    for key in ("description", "address", "website"):
        if getattr(info, key):
            lines.append(f"{key}: {s(getattr(info, key))}")
    if info.phone or info.email:
        lines.append("contact:")
        if info.phone:
            lines.append(f"  phone: {s(info.phone)}")
        if info.email:
            lines.append(f"  email: {s(info.email)}")
    lines += [
        f"recommended_by: {s(info.recommended_by)}",
        "terms: []  # 尚未认定；认定公告发布后运行 make renew ID=" + platform_id,
        f"pending:  # {batch} 年度申报，正在公示；认定后由 make renew 改为 terms 中的一条",
        f"  batch: {batch}",
        f"  publicity: {publicity}",
    ]
    return "\n".join(lines) + "\n"


# --------------------------------------------------------------------------- round-trip edits


def _rt_yaml():
    from ruamel.yaml import YAML

    yaml = YAML()
    yaml.preserve_quotes = True
    yaml.width = 4096
    yaml.indent(mapping=2, sequence=4, offset=2)
    return yaml


def _rt_load(text: str):
    yaml = _rt_yaml()
    return yaml, yaml.load(text)


def _rt_dump(yaml, data) -> str:
    out = io.StringIO()
    yaml.dump(data, out)
    return out.getvalue()


def add_pending(text: str, batch: int, publicity: str) -> str:
    """Record a new application under 公示 (`pending`) right after `terms`."""
    from ruamel.yaml.comments import CommentedMap

    yaml, data = _rt_load(text)
    pending = CommentedMap([("batch", batch), ("publicity", publicity)])
    keys = list(data.keys())
    if "pending" in data:
        data["pending"] = pending
    else:
        position = keys.index("terms") + 1 if "terms" in keys else len(keys)
        comment = f"{batch} 年度重新申报，正在公示；认定后由 make renew 改为 terms 中的一条"
        data.insert(position, "pending", pending, comment=comment)
    return _rt_dump(yaml, data)


def add_term(text: str, batch: int, certified_on: dt.date, publicity: str, announcement: str) -> str:
    """Append a certification term; a `pending` entry for the same 公示 is removed."""
    from ruamel.yaml.comments import CommentedMap, CommentedSeq

    yaml, data = _rt_load(text)
    term = CommentedMap(
        [("batch", batch), ("certified_on", certified_on), ("publicity", publicity), ("announcement", announcement)]
    )
    term.yaml_add_eol_comment(f"有效期至 {dates.valid_until(certified_on)}", "certified_on")
    terms = data.get("terms")
    if not terms:  # `terms: []` (flow style, with its "尚未认定" comment) becomes a block list
        seq = CommentedSeq()
        seq.fa.set_block_style()
        seq.append(term)
        data.ca.items.pop("terms", None)
        data["terms"] = seq
    else:
        terms.append(term)
    pending = data.get("pending")
    if pending is not None and pending.get("publicity") == publicity:
        del data["pending"]
    return _rt_dump(yaml, data)


def add_revocation(text: str, day: dt.date, ground: int, notice: str) -> str:
    from ruamel.yaml.comments import CommentedMap

    yaml, data = _rt_load(text)
    revoked = CommentedMap([("date", day), ("ground", ground), ("notice", notice)])
    revoked.yaml_add_eol_comment(f"第二十条第（{GROUND_NUMERALS[ground]}）项：{GROUNDS[ground].rstrip('的')}", "ground")
    data["revoked"] = revoked
    return _rt_dump(yaml, data)


# --------------------------------------------------------------------------- notices

_TABLE_HEAD = "| 序号 | 平台名称 | 运营单位 | 所在县（市、区） | 类别 |\n| ---: | --- | --- | --- | --- |"


def _md_cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    body = [f"| {i} | " + " | ".join(_md_cell(c) for c in row) + " |" for i, row in enumerate(rows, start=1)]
    return "\n".join([_TABLE_HEAD, *body])


def platform_row(platform) -> tuple[str, str, str, str]:
    return (platform.name, platform.operator_name, platform.county, platform.category)


def _header_value(value: str) -> str:
    return " ".join(str(value).split())


def render_notice(header: dict, body: str) -> str:
    lines = [f"{key}: {_header_value(value)}" for key, value in header.items() if value not in (None, "", [])]
    return "\n".join(lines) + "\n\n" + body.strip("\n") + "\n"


def _bureau(registry) -> dict:
    return (registry.site or {}).get("bureau") or {}


def _signature(registry, day: dt.date) -> str:
    name = _bureau(registry).get("name") or "聊城市中小企业主管部门"
    return f"{name}\n\n{cn_date(day)}"


def publicity_body(registry, batch: int, start: dt.date, end: dt.date, rows, day: dt.date) -> str:
    bureau = _bureau(registry)
    contact = []
    if bureau.get("phone"):
        contact.append(f"- 电话：{bureau['phone']}（工作日）")
    if bureau.get("email"):
        contact.append(f"- 电子邮箱：{bureau['email']}")
    contact_text = "\n".join(contact) or "- （请填写市局受理异议的电话和邮箱）"
    return f"""根据《聊城市中小企业公共服务示范平台认定管理办法》，经县级中小企业主管部门推荐、市局组织专家评审，拟认定以下平台为{batch}年度聊城市中小企业公共服务示范平台，现予以公示。

{table(rows)}

## 公示期

{cn_date(start)}至{cn_date(end)}，共 {PUBLICITY_WORKDAYS} 个工作日。

## 异议方式

公示期间，任何单位和个人对公示的平台有异议的，可通过电话或电子邮件向市局反映，并提供必要的证明材料：

{contact_text}

单位提出异议的，请注明单位名称并加盖公章；个人提出异议的，请留下有效联系方式。市局对异议人信息予以保密。公示期满无异议或异议不成立的，由市局发布认定公告。

{_signature(registry, day)}
"""


def announcement_body(registry, batch: int, publicity, rows, day: dt.date) -> str:
    window = ""
    if publicity is not None:
        window = f"（{cn_date(publicity.publicity_start)}至{cn_date(publicity.publicity_end)}）"
    return f"""根据《聊城市中小企业公共服务示范平台认定管理办法》，经县级中小企业主管部门推荐、专家评审和公示{window}，认定以下 {len(rows)} 家平台为{batch}年度聊城市中小企业公共服务示范平台。

{table(rows)}

认定有效期{CHINESE_NUMERALS[TERM_YEARS]}年，自{cn_date(day)}至{cn_date(dates.valid_until(day))}。有效期满后可重新申报。

各示范平台应不断提高服务能力，主动开展公益性服务，每年将工作总结报市局，并接受各县（市、区）中小企业主管部门的定期检查和社会监督。有《办法》第二十条所列情形之一的，将取消示范平台资格，{REVOCATION_BAN_YEARS} 年内不得再次申报。

{_signature(registry, day)}
"""


def revocation_body(registry, platform, day: dt.date, ground: int) -> str:
    batches = "、".join(f"{t.batch}年度" for t in platform.terms) or "此前"
    return f"""经核实，{platform.operator_name}运营的{platform.name}（{batches}认定）存在《聊城市中小企业公共服务示范平台认定管理办法》第二十条第（{GROUND_NUMERALS[ground]}）项所列“{GROUNDS[ground]}”情形。

依据《办法》第二十条，决定自{cn_date(day)}起撤销该平台聊城市中小企业公共服务示范平台资格。该单位自撤销之日起 {REVOCATION_BAN_YEARS} 年内（至{cn_date(dates.ban_end(day))}）不得再次申报。

特此公告。

{_signature(registry, day)}
"""


def generic_body(registry, notice_type: str, day: dt.date) -> str:
    return f"""（请在此处填写{notice_type}正文。正文使用 Markdown：空一行分段，“## ”开头为小标题，“- ”开头为列表。）

{_signature(registry, day)}
"""


def add_platform_to_notice(text: str, platform_id: str, row: tuple[str, str, str, str] | None) -> str:
    """Add an id to a notice's `platforms:` header line and, when it has one, a row to its table."""
    lines = text.split("\n")
    header_end = next((i for i, line in enumerate(lines) if not line.strip()), len(lines))
    for i in range(header_end):
        if re.match(r"^platforms\s*:", lines[i]):
            ids = [part.strip() for part in lines[i].split(":", 1)[1].split(",") if part.strip()]
            if platform_id not in ids:
                ids.append(platform_id)
            lines[i] = "platforms: " + ", ".join(ids)
            break
    else:
        after = next((i + 1 for i in range(header_end) if re.match(r"^type\s*:", lines[i])), header_end)
        lines.insert(after, f"platforms: {platform_id}")
        header_end += 1
    if row is not None:
        head = next((i for i in range(header_end, len(lines)) if lines[i].startswith("| 序号 |")), None)
        if head is not None:
            last = head
            while last + 1 < len(lines) and lines[last + 1].startswith("|"):
                last += 1
            number = last - head  # rows after the header and the separator line, plus one
            lines.insert(last + 1, f"| {number} | " + " | ".join(_md_cell(c) for c in row) + " |")
    return "\n".join(lines)


# --------------------------------------------------------------------------- transaction


@dataclass
class Outcome:
    written: list[str]
    problems: list  # problems in the touched files after the change
    report: object
    rolled_back: bool = False
    notes: list[str] = field(default_factory=list)


class ChangeSet:
    """Files to write (path relative to root → new text), applied and validated together."""

    def __init__(self, root: Path):
        self.root = Path(root)
        self.files: dict[str, str] = {}
        self.labels: dict[str, str] = {}

    def put(self, relpath: str, text: str, label: str = "") -> None:
        self.files[relpath] = text
        if label:
            self.labels[relpath] = label

    def text(self, relpath: str) -> str:
        if relpath in self.files:
            return self.files[relpath]
        return (self.root / relpath).read_text(encoding="utf-8")

    def apply(self, today: dt.date) -> Outcome:
        _, before = validate(self.root, today)
        old_errors = {(p.path, p.code) for p in before.errors if p.path in self.files}
        originals: dict[str, str | None] = {}
        for rel, text in self.files.items():
            path = self.root / rel
            originals[rel] = path.read_text(encoding="utf-8") if path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        _, report = validate(self.root, today)
        touched = [p for p in report.problems if p.path in self.files]
        new_errors = [p for p in touched if p.is_error and (p.path, p.code) not in old_errors]
        outcome = Outcome(written=list(self.files), problems=touched, report=report)
        if new_errors:
            for rel, text in originals.items():
                path = self.root / rel
                if text is None:
                    path.unlink()
                else:
                    path.write_text(text, encoding="utf-8")
            outcome.rolled_back = True
        return outcome
