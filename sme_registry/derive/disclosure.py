"""政府信息公开 for notices: the 索引号 scheme of site.yaml, the 文号 shape, the metadata a
notice page shows, the 异议 block of a 公示 and the 救济途径 of a 撤销公告, and the
government-website meta tags of every page.

Only facts here; the checks are `rules/disclosure.py`, the base-revision comparison is
`published.py`, the pages are `theme/templates/_disclosure.html`.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from sme_registry.load.loader import NOTICE_DIR
from sme_registry.load.notice_source import parse_header
from sme_registry.load.source_text import read_text
from sme_registry.regulation import vocabulary as V

# --------------------------------------------------------------------------- 索引号

_PLACEHOLDER = re.compile(r"\{(org_code|year|serial)\}")


@dataclass(frozen=True)
class IndexScheme:
    """The bureau's 索引号 rule (site.yaml `disclosure`)."""

    org_code: str
    format: str = V.INDEX_NUMBER_FORMAT
    digits: int = V.INDEX_SERIAL_DIGITS

    @property
    def complete(self) -> bool:
        """The format names the year and the serial (else numbers cannot be told apart)."""
        names = _PLACEHOLDER.findall(self.format)
        return names.count("year") == 1 and names.count("serial") == 1

    def make(self, year: int, serial: int) -> str:
        return self.format.format(org_code=self.org_code, year=f"{year:04d}", serial=f"{serial:0{self.digits}d}")

    def regex(self) -> re.Pattern:
        parts, last = [], 0
        for m in _PLACEHOLDER.finditer(self.format):
            parts.append(re.escape(self.format[last:m.start()]))
            name = m.group(1)
            parts.append({"org_code": re.escape(self.org_code), "year": r"(?P<year>[0-9]{4})",
                          "serial": rf"(?P<serial>[0-9]{{{self.digits}}})"}[name])
            last = m.end()
        parts.append(re.escape(self.format[last:]))
        return re.compile("^" + "".join(parts) + "$")

    def parse(self, value: str) -> tuple[int, int] | None:
        """(year, serial) of a well-formed number, else None."""
        m = self.regex().match(value)
        if not m or int(m.group("serial")) == 0:
            return None
        return int(m.group("year")), int(m.group("serial"))

    def next_free(self, year: int, used) -> str:
        """The next number of `year` after the highest one used (numbers are never reused,
        so a gap left by a withdrawn draft stays a gap)."""
        serials = [parsed[1] for value in used if (parsed := self.parse(value)) and parsed[0] == year]
        return self.make(year, max(serials, default=0) + 1)


def used_index_numbers(registry, root: Path) -> set[str]:
    """Every 索引号 in content/notices/, also of files that do not validate now."""
    used = {n.index_no for n in registry.notices.values() if n.index_no}
    for path in sorted((Path(root) / NOTICE_DIR).glob("*.md")):
        text = read_text(path, path.name)[0]  # regular files only, size checked, never through a link
        if text is None:
            continue
        value = parse_header(text, path.name)[0].data.get("index_no")
        if value:
            used.add(value)
    return used


def index_scheme(site: dict) -> IndexScheme | None:
    """The scheme of site.yaml, or None when the site does not use 索引号."""
    settings = (site or {}).get("disclosure")
    if not settings:
        return None
    return IndexScheme(org_code=settings["org_code"], format=settings.get("index_format", V.INDEX_NUMBER_FORMAT),
                       digits=settings.get("serial_digits", V.INDEX_SERIAL_DIGITS))


# --------------------------------------------------------------------------- 文号 (GB/T 9704-2012)

_OPEN, _CLOSE = V.DOC_NUMBER_BRACKETS
_ANY_OPEN = _OPEN + "".join(pair[0] for pair in V.DOC_NUMBER_SLIP_BRACKETS)
_ANY_CLOSE = _CLOSE + "".join(pair[1] for pair in V.DOC_NUMBER_SLIP_BRACKETS)
_LOOSE_DOC = re.compile(
    rf"^(?P<org>[^\s\d{re.escape(_ANY_OPEN + _ANY_CLOSE)}]{{1,20}})\s*(?P<open>[{re.escape(_ANY_OPEN)}])\s*"
    rf"(?P<year>[0-9]{{4}})\s*(?P<close>[{re.escape(_ANY_CLOSE)}])\s*(?P<di>第?)\s*(?P<serial>[0-9]{{1,6}})\s*号$")


@dataclass(frozen=True)
class DocNumberIssue:
    code: str  # E704 shape, E705 brackets
    fix: str  # what to type instead ("" when it cannot be derived)
    detail: str


def doc_number_issue(value: str) -> DocNumberIssue | None:
    """None for a well-formed 文号 such as 聊民营发〔2026〕3号."""
    m = _LOOSE_DOC.match(value)
    if not m:
        return DocNumberIssue("E704", "", f"应为“发文机关代字{_OPEN}年份{_CLOSE}序号号”")
    if int(m.group("serial")) == 0:
        return DocNumberIssue("E704", "", "序号不能为 0")
    fix = f"{m.group('org')}{_OPEN}{m.group('year')}{_CLOSE}{int(m.group('serial'))}号"
    if fix == value:
        return None
    if (m.group("open"), m.group("close")) != (_OPEN, _CLOSE):
        return DocNumberIssue("E705", fix, f"“{m.group('open')}{m.group('close')}”")
    return DocNumberIssue("E704", fix, "序号前不加“第”、不编虚位（不写前导 0），各部分之间不留空格")


# --------------------------------------------------------------------------- what a notice page shows


def publisher_of(notice, site: dict) -> str:
    """发布机构: the notice's own, else the bureau of site.yaml."""
    return notice.publisher or ((site or {}).get("bureau") or {}).get("name", "")


def notice_fields(registry, notice) -> dict:
    """The 信息公开 metadata of one notice view (also in notices.json and notices.csv)."""
    return {
        "index_no": notice.index_no,
        "publisher": publisher_of(notice, registry.site),
        "doc_number": notice.doc_number,
        "written_on": notice.written_on.isoformat() if notice.written_on else "",
        "topic": notice.topic,
    }


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def objection_view(site: dict, end: dt.date) -> dict:
    """The one 异议 block of a 公示 whose window ends on `end`: methods, office, deadline."""
    settings = (site or {}).get("objections")
    bureau = (site or {}).get("bureau") or {}
    if settings:
        office = settings["office"]
        written = settings.get("written")
        phone, email = settings.get("phone"), settings.get("email")
        hours, time = settings.get("phone_hours", ""), settings["deadline_time"]
    else:  # no settings: the bureau's own contacts, no postal method, no time of day
        office = bureau.get("name", "") + bureau.get("department", "")
        written, phone, email, hours, time = None, bureau.get("phone"), bureau.get("email"), "", ""
    methods = []
    if written:
        methods.append({"kind": "written", "label": "书面（信函或当面递交）",
                        "address": written["address"], "postcode": written["postcode"],
                        "recipient": written.get("recipient") or office})
    if phone:
        methods.append({"kind": "phone", "label": "电话", "phone": phone, "hours": hours})
    if email:
        methods.append({"kind": "email", "label": "电子邮件", "email": email})
    deadline = f"{end.isoformat()}T{time}" if time else end.isoformat()
    return {"office": office, "methods": methods, "deadline_date": end.isoformat(), "deadline_time": time,
            "deadline": deadline, "deadline_text": cn_date(end) + (f" {time}" if time else ""),
            "bureau": bureau.get("name", "")}


def remedies_view(site: dict) -> dict:
    """救济途径 of a 撤销公告: the periods are the laws' (vocabulary), the bodies site.yaml's."""
    settings = (site or {}).get("remedies") or {}
    return {"review_days": V.REVIEW_DAYS, "review_law": V.REVIEW_LAW, "review_body": settings.get("review_body", ""),
            "litigation_months": V.LITIGATION_MONTHS, "litigation_law": V.LITIGATION_LAW,
            "court": settings.get("court", "")}


# --------------------------------------------------------------------------- <head> metadata
# 《政府网站发展指引》（国办发〔2017〕47号）附件“政府网站网页元数据”: site, column and
# article metadata as <meta name=…> tags.

COLUMN_TYPE = "信息公开"


def site_meta(site: dict, public_url: str) -> dict:
    """The site-level tags every page carries (SiteName, SiteDomain, SiteIDCode)."""
    site = site or {}
    meta = {"SiteName": site.get("site_name", "")}
    host = urlsplit(public_url or "").netloc
    if host:
        meta["SiteDomain"] = host
    if site.get("site_id_code"):
        meta["SiteIDCode"] = site["site_id_code"]
    return meta


def notice_view_extras(registry, notice) -> dict:
    """What `views.notice_view` adds: the metadata, and the 异议 block of a 公示 or the
    救济途径 of a 撤销公告."""
    extras = notice_fields(registry, notice)
    if notice.type == V.PUBLICITY.name and notice.publicity_end:
        extras["objections"] = objection_view(registry.site, notice.publicity_end)
    if notice.type == V.REVOCATION.name:
        extras["remedies"] = remedies_view(registry.site)
    return extras
