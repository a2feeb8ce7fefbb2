"""Notice files: the header lines, the name-list table and the bodies from `templates/`.

The prose of each notice type lives in a Jinja template (`templates/*.md.j2`) that staff
can edit without touching Python; this module only gathers the facts the templates use.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from pathlib import Path

import jinja2

from sme_registry.regulation import dates
from sme_registry.staff.vocabulary import GROUND_NUMERALS, GROUNDS, PUBLICITY_WORKDAYS

TEMPLATE_DIR = Path(__file__).resolve().parent / "templates"
_TABLE_HEAD = "| 序号 | 平台名称 | 运营单位 | 所在县（市、区） | 类别 |\n| ---: | --- | --- | --- | --- |"
_CN_NUMERALS = "〇一二三四五六七八九"


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


@functools.cache
def _environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATE_DIR), undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True, autoescape=False,  # Markdown out; the site sanitises the HTML
    )
    env.filters["cn_date"] = cn_date
    return env


def render_body(template: str, registry, day: dt.date, **facts) -> str:
    """One notice body from `templates/<template>.md.j2`, signed by the bureau of site.yaml."""
    bureau = _bureau(registry)
    return _environment().get_template(f"{template}.md.j2").render(
        bureau_name=bureau.get("name") or "聊城市中小企业主管部门", day=day,
        term_years_cn=_CN_NUMERALS[dates.TERM_YEARS], ban_years=dates.REVOCATION_BAN_YEARS, **facts)


def _md_cell(value: str) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")


def table(rows: list[tuple[str, str, str, str]]) -> str:
    body = [f"| {i} | " + " | ".join(_md_cell(c) for c in row) + " |" for i, row in enumerate(rows, start=1)]
    return "\n".join([_TABLE_HEAD, *body])


def _header_value(value: str) -> str:
    return " ".join(str(value).split())


def render_notice(header: dict, body: str) -> str:
    """`key: value` header lines (empty values left out), a blank line, the body."""
    lines = [f"{key}: {_header_value(value)}" for key, value in header.items() if value not in (None, "", [])]
    return "\n".join(lines) + "\n\n" + body.strip("\n") + "\n"


def _bureau(registry) -> dict:
    return (registry.site or {}).get("bureau") or {}


def publicity_body(registry, batch: int, start: dt.date, end: dt.date, rows, day: dt.date) -> str:
    bureau = _bureau(registry)
    contacts = []
    if bureau.get("phone"):
        contacts.append(f"电话：{bureau['phone']}（工作日）")
    if bureau.get("email"):
        contacts.append(f"电子邮箱：{bureau['email']}")
    return render_body("publicity", registry, day, batch=batch, start=start, end=end, table=table(rows),
                       workdays=PUBLICITY_WORKDAYS, contacts=contacts)


def announcement_body(registry, batch: int, publicity, rows, day: dt.date) -> str:
    return render_body("announcement", registry, day, batch=batch, publicity=publicity, count=len(rows),
                       table=table(rows), valid_until=dates.valid_until(day))


def revocation_body(registry, platform, day: dt.date, ground: int) -> str:
    batches = "、".join(f"{t.batch}年度" for t in platform.terms) or "此前"
    return render_body("revocation", registry, day, platform=platform, batches=batches,
                       numeral=GROUND_NUMERALS[ground], ground=GROUNDS[ground], ban_end=dates.ban_end(day))


def generic_body(registry, notice_type: str, day: dt.date) -> str:
    return render_body("generic", registry, day, notice_type=notice_type)


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
