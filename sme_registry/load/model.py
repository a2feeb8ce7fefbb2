"""The typed registry model built from validated files. Positions stay attached."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sme_registry.load.yaml_strict import Document
from sme_registry.regulation import dates


@dataclass
class Term:
    batch: int
    certified_on: dt.date
    publicity: str
    announcement: str
    metrics: dict | None = None
    index: int = 0

    @property
    def valid_until(self) -> dt.date:
        return dates.valid_until(self.certified_on)


@dataclass
class Revocation:
    date: dt.date
    ground: int
    notice: str


@dataclass
class Pending:
    batch: int
    publicity: str


@dataclass
class Platform:
    id: str
    name: str
    operator_name: str
    credit_code: str
    operator_kind: str
    county: str
    category: str
    services: list[str]
    terms: list[Term]
    path: str
    doc: Document
    raw: dict
    revoked: Revocation | None = None
    pending: Pending | None = None
    annual_reports: dict[int, dt.date | None] = field(default_factory=dict)

    def pos(self, *path) -> tuple[int, int]:
        return self.doc.pos(path)

    @property
    def latest_term(self) -> Term | None:
        return self.terms[-1] if self.terms else None


@dataclass
class Notice:
    slug: str
    title: str
    date: dt.date
    type: str
    platforms: list[str]
    path: str
    doc: Document
    body: str
    body_line: int
    publicity_start: dt.date | None = None
    publicity_end: dt.date | None = None
    batch: int | None = None
    summary: str = ""
    # 政府信息公开 metadata (sme_registry.derive.disclosure); empty when not given
    index_no: str = ""
    publisher: str = ""
    doc_number: str = ""
    written_on: dt.date | None = None
    topic: str = ""

    def pos(self, *path) -> tuple[int, int]:
        return self.doc.pos(path)


@dataclass
class Division:
    name: str
    code: str | None
    kind: str


@dataclass
class Registry:
    """Everything loaded from one source folder."""

    root: str
    site: dict
    divisions: dict[str, Division]
    platforms: dict[str, Platform]
    notices: dict[str, Notice]
    calendar: object  # workdays.WorkCalendar
    measures: object = None  # policy.Measures: the measures' text, read once by the loader
    platform_files: set[str] = field(default_factory=set)  # ids whose files exist, valid or not
    notice_files: set[str] = field(default_factory=set)
    measures_text: str = ""  # content/policy/measures.zh.txt as validated
    frame: object = None  # site_frame.Frame: the badge image and the site pages' Markdown, as validated
    site_doc: Document | None = None  # data/site.yaml with positions (for problems in the settings)
    digests: dict[str, str] = field(default_factory=dict)  # displayed path -> sha256 of every file read
    _by_platform: dict | None = field(default=None, repr=False)
    attachments: dict = field(default_factory=dict)  # notice slug → [attachments.Attachment], all checked

    def notices_for(self, platform_id: str) -> list[Notice]:
        """Notices naming the platform, oldest first (an index built once: a 公示 may list
        thousands of ids)."""
        if self._by_platform is None:
            index: dict[str, list[Notice]] = {}
            for n in sorted(self.notices.values(), key=lambda n: (n.date, n.slug)):
                for pid in dict.fromkeys(n.platforms):
                    index.setdefault(pid, []).append(n)
            self._by_platform = index
        return list(self._by_platform.get(platform_id, []))


def platform_from(doc: Document, path: str) -> Platform:
    data = doc.data
    terms = [
        Term(
            batch=t["batch"],
            certified_on=dates.parse_iso(t["certified_on"]),
            publicity=t["publicity"],
            announcement=t["announcement"],
            metrics=t.get("metrics"),
            index=i,
        )
        for i, t in enumerate(data["terms"])
    ]
    revoked = data.get("revoked")
    pending = data.get("pending")
    return Platform(
        id=data["id"],
        name=data["name"],
        operator_name=data["operator"]["name"],
        credit_code=data["operator"]["credit_code"],
        operator_kind=data["operator"]["kind"],
        county=data["county"],
        category=data["category"],
        services=list(data["services"]),
        terms=terms,
        path=path,
        doc=doc,
        raw=data,
        revoked=Revocation(dates.parse_iso(revoked["date"]), revoked["ground"], revoked["notice"]) if revoked else None,
        pending=Pending(pending["batch"], pending["publicity"]) if pending else None,
        annual_reports={r["year"]: dates.parse_iso(r.get("submitted_on")) for r in data.get("annual_reports", [])},
    )


def notice_from(doc: Document, slug: str, path: str, body: str, body_line: int) -> Notice:
    data = doc.data
    ids = [part.strip() for part in data.get("platforms", "").split(",") if part.strip()]
    return Notice(
        slug=slug,
        title=data["title"],
        date=dates.parse_iso(data["date"]),
        type=data["type"],
        platforms=ids,
        path=path,
        doc=doc,
        body=body,
        body_line=body_line,
        publicity_start=dates.parse_iso(data.get("publicity_start")),
        publicity_end=dates.parse_iso(data.get("publicity_end")),
        batch=int(data["batch"]) if data.get("batch") else None,
        summary=data.get("summary", ""),
        index_no=data.get("index_no", ""),
        publisher=data.get("publisher", ""),
        doc_number=data.get("doc_number", ""),
        written_on=dates.parse_iso(data.get("written_on")),
        topic=data.get("topic", ""),
    )
