"""An independent reading of the example data: plain `yaml.safe_load` and notice
front matter, with the regulation's date rules restated here (not the app's loader),
so tests compare the site's figures against counts computed another way."""

from __future__ import annotations

import datetime as dt

import yaml

from tests.conftest import ROOT


def platforms() -> dict[str, dict]:
    return {p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
            for p in sorted((ROOT / "data/platforms").glob("*.yaml"))}


def counties() -> list[str]:
    data = yaml.safe_load((ROOT / "data/divisions.yaml").read_text(encoding="utf-8"))
    return [d["name"] for d in data["divisions"]]


def notice_meta() -> dict[str, dict]:
    """Front matter (key: value lines before the first blank line) of every notice."""
    out = {}
    for path in sorted((ROOT / "content/notices").glob("*.md")):
        meta = {}
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                break
            key, _, value = line.partition(":")
            meta[key.strip().lower()] = value.strip()
        out[path.stem] = meta
    return out


def end_of_term(certified: dt.date) -> dt.date:
    """第十八条: certified on D, valid through D + 3 years − 1 day."""
    try:
        later = certified.replace(year=certified.year + 3)
    except ValueError:
        later = certified.replace(year=certified.year + 3, day=28)
    return later - dt.timedelta(days=1)


def in_force(p: dict, day: dt.date) -> dt.date | None:
    """End of the term in force on `day` (None if none, or revoked by then)."""
    revoked = p.get("revoked")
    if revoked and revoked["date"] <= day:
        return None
    for t in p.get("terms") or []:
        if t["certified_on"] <= day <= end_of_term(t["certified_on"]):
            return end_of_term(t["certified_on"])
    return None


def status(p: dict, day: dt.date, notices: dict[str, dict]) -> str:
    revoked = p.get("revoked")
    if revoked and revoked["date"] <= day:
        return "revoked"
    end = in_force(p, day)
    if end is not None:
        return "expiring" if (end - day).days <= 90 else "valid"
    pending = p.get("pending")
    if pending:
        meta = notices.get(pending["publicity"], {})
        start, stop = meta.get("publicity_start"), meta.get("publicity_end")
        if start and stop and start <= day.isoformat() <= stop:
            return "publicity"
        return "pending"
    if not any(t["certified_on"] <= day for t in p.get("terms") or []):
        return "pending"
    return "expired"
