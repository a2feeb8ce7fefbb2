"""Generated registries for the status comparisons: sequential terms (第十八条, no overlap),
revocations inside a term, re-certification only after the 3-year ban (第二十条), and
applications (`pending`) with a 公示 window (第十三条) — as plain data for tests/oracle.py
and as model objects for sme_registry.derive.status."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from hypothesis import strategies as st

from sme_registry.load.model import Notice, Pending, Platform, Revocation, Term
from sme_registry.load.yaml_strict import Document
from tests import oracle

DAY = dt.timedelta(days=1)


@st.composite
def platform_data(draw) -> dict:
    """One platform as plain data: {"terms", "revoked", "pending"} plus its 公示 window."""
    day = draw(st.dates(dt.date(2001, 1, 1), dt.date(2030, 12, 31)))
    count = draw(st.integers(0, 3))
    revoke_in = draw(st.none() | st.integers(0, 2))
    terms, revoked = [], None
    for i in range(count):
        terms.append({"certified_on": day, "batch": day.year})
        end = oracle.end_of_term(day)
        if revoke_in == i and revoked is None:
            revoked = {"date": day + DAY * draw(st.integers(0, (end - day).days))}
            ban_last = oracle.end_of_term(revoked["date"])  # 3 年内: the same D + 3y − 1d arithmetic
            day = ban_last + DAY * draw(st.integers(1, 900))
        else:
            day = end + DAY * draw(st.integers(1, 900))
    data = {"terms": terms, "revoked": revoked, "pending": None, "window": None}
    if draw(st.booleans()):
        last = terms[-1]["batch"] if terms else draw(st.integers(2001, 2030))
        batch = last + draw(st.integers(1 if terms else 0, 4))
        start = dt.date(batch, draw(st.integers(1, 12)), draw(st.integers(1, 28)))
        data["pending"] = {"batch": batch, "publicity": "gongshi"}
        data["window"] = (start, start + DAY * draw(st.integers(0, 20)))
    return data


def notices_meta(data: dict) -> dict[str, dict]:
    if not data["window"]:
        return {}
    start, end = data["window"]
    return {"gongshi": {"publicity_start": start.isoformat(), "publicity_end": end.isoformat()}}


def model(data: dict):
    """(Platform, registry-like) for sme_registry.derive.status."""
    terms = [Term(batch=t["batch"], certified_on=t["certified_on"], publicity=f"g{i}", announcement=f"r{i}", index=i)
             for i, t in enumerate(data["terms"])]
    revoked = Revocation(data["revoked"]["date"], 1, "chexiao") if data["revoked"] else None
    pending = Pending(data["pending"]["batch"], "gongshi") if data["pending"] else None
    platform = Platform(
        id="p", name="测试平台", operator_name="测试单位", credit_code="91371502MA0000001X", operator_kind="企业",
        county="东昌府区", category="专业类", services=["技术服务"], terms=terms, path="data/platforms/p.yaml",
        doc=Document(data={}), raw={}, revoked=revoked, pending=pending)
    notices = {}
    if data["window"]:
        start, end = data["window"]
        notices["gongshi"] = Notice(slug="gongshi", title="公示", date=start, type="公示", platforms=["p"],
                                    path="content/notices/gongshi.md", doc=Document(data={}), body="", body_line=1,
                                    publicity_start=start, publicity_end=end)
    return platform, SimpleNamespace(notices=notices)


def boundary_days(data: dict) -> list[dt.date]:
    """Each event's day ±1: certification, 90 days before the end, the end, revocation,
    ban end, 公示 window, due day."""
    events = []
    for t in data["terms"]:
        end = oracle.end_of_term(t["certified_on"])
        events += [t["certified_on"], end, end - DAY * oracle.EXPIRING_DAYS]
    if data["revoked"]:
        events += [data["revoked"]["date"], oracle.end_of_term(data["revoked"]["date"])]
    if data["window"]:
        events += list(data["window"])
        events.append(oracle.announcement_due(data, notices_meta(data)))
    return sorted({d + DAY * k for d in events for k in (-1, 0, 1)})
