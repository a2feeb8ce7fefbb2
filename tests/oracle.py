"""The tests' one independent reading of the status rule, restated from the measures'
text (../shared/regulation/measures.zh.txt) and the documented due rule, on plain data:
`yaml.safe_load` of the platform files and the notices' front matter — not the app's
loader, model or status module. Tests compare the app's answers with this.

  第十三条  评审结果……公示5个工作日            → 公示中 inside the window
  第十四条  评审合格的……认定为示范平台           → a term starts on its certification day
  第十五条  评审每年开展一次                     → an application's 认定公告 is due by
            31 December of its batch year (or its 公示's last day, if later;
            docs/data-format.md) — then 未认定 / 已到期
  第十八条  每次认定有效期为三年                 → certified on D: in force D … D+3y−1d
  第二十条  取消示范平台资格，并在3年内不允许再次申报 → 已撤销 from that day, until a
            certification granted after it (after the ban) starts
"""

from __future__ import annotations

import datetime as dt

import yaml

from tests.conftest import ROOT

EXPIRING_DAYS = 90  # DESIGN §2: 即将到期 = at most 90 days left


# ---- reading the files another way ----------------------------------------------------

def platforms(root=ROOT) -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((root / "data/platforms").glob("*.yaml"))}


def counties(root=ROOT) -> list[str]:
    data = yaml.safe_load((root / "data/divisions.yaml").read_text(encoding="utf-8"))
    return [d["name"] for d in data["divisions"]]


def notice_meta(root=ROOT) -> dict[str, dict]:
    """Front matter (key: value lines before the first blank line) of every notice."""
    out = {}
    for path in sorted((root / "content/notices").glob("*.md")):
        meta = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        out[path.stem] = meta
    return out


# ---- the rule -------------------------------------------------------------------------

def end_of_term(certified: dt.date) -> dt.date:
    """第十八条: certified on D, valid through D + 3 years − 1 day (29 Feb → 28 Feb)."""
    try:
        later = certified.replace(year=certified.year + 3)
    except ValueError:
        later = certified.replace(year=certified.year + 3, day=28)
    return later - dt.timedelta(days=1)


def _revoked_on(p: dict) -> dt.date | None:
    return (p.get("revoked") or {}).get("date")


def _disqualified(p: dict, day: dt.date) -> bool:
    """第二十条: the qualification was cancelled on or before `day`, and no certification
    granted after the cancellation has started by `day`."""
    revoked = _revoked_on(p)
    if revoked is None or revoked > day:
        return False
    return not any(revoked < t["certified_on"] <= day for t in p.get("terms") or [])


def in_force(p: dict, day: dt.date) -> dt.date | None:
    """End of the certification in force on `day` (None if none, or cancelled by then)."""
    if _disqualified(p, day):
        return None
    for t in p.get("terms") or []:
        start = t["certified_on"]
        if start <= day <= end_of_term(start):
            return end_of_term(start)
    return None


def _window(p: dict, notices: dict[str, dict]) -> tuple[str, str] | None:
    pending = p.get("pending")
    meta = notices.get(pending["publicity"], {}) if pending else {}
    start, stop = meta.get("publicity_start"), meta.get("publicity_end")
    return (str(start), str(stop)) if start and stop else None


def announcement_due(p: dict, notices: dict[str, dict]) -> dt.date | None:
    """第十五条 (one round a year): the batch's 认定公告 by 31 December of the batch year,
    or by the 公示's last day if that is later."""
    pending = p.get("pending")
    if not pending:
        return None
    due = dt.date(pending["batch"], 12, 31)
    window = _window(p, notices)
    return max(due, dt.date.fromisoformat(window[1])) if window else due


def status(p: dict, day: dt.date, notices: dict[str, dict]) -> str:
    if _disqualified(p, day):
        return "revoked"
    end = in_force(p, day)
    if end is not None:
        return "expiring" if (end - day).days <= EXPIRING_DAYS else "valid"
    window = _window(p, notices)
    if window and window[0] <= day.isoformat() <= window[1]:
        return "publicity"
    if any(t["certified_on"] <= day for t in p.get("terms") or []):
        return "expired"  # a renewal waiting for its 认定公告 is still 已到期
    due = announcement_due(p, notices)
    return "not_certified" if due is not None and day > due else "pending"


def in_publicity(p: dict, day: dt.date, notices: dict[str, dict]) -> bool:
    window = _window(p, notices)
    return bool(window and window[0] <= day.isoformat() <= window[1])
