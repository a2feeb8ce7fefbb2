"""Figures of the registry on a given day, for the 统计 page and data/stats.json.

Computed from the plain view model (`views.registry_view`), so the page, the JSON and the
charts show the same numbers. Lists keep a stable, meaningful order (divisions as in
data/divisions.yaml, functions as in 第六条, years ascending) and include zero rows.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from sme_registry.derive.status import IN_FORCE, rows_on


def _breakdown(platforms, key: str, values, name: str) -> list[dict]:
    counted: Counter = Counter()
    in_force: Counter = Counter()
    for p in platforms:
        found = set(p[key]) if isinstance(p[key], list) else (p[key],)
        counted.update(found)
        if p["status"] in IN_FORCE:
            in_force.update(found)
    return [{name: value, "platforms": counted[value], "in_force": in_force[value]} for value in values]


def valid_by_year(platforms, today: dt.date) -> list[dict]:
    """Certifications in force on 31 December of each year since the first batch
    (the current year: on `today`)."""
    years = sorted({int(t["certified_on"][:4]) for p in platforms for t in p["terms"]})
    if not years:
        return []
    days = [today if year == today.year else dt.date(year, 12, 31) for year in range(years[0], today.year + 1)]
    # a platform counts on a day when its status schedule (derive/status.py) says 有效 or 即将到期
    texts = [day.isoformat() for day in days]
    counts = [0] * len(days)
    for p in platforms:
        for index, row in enumerate(rows_on(p["schedule_rows"], texts)):
            if row[1] in IN_FORCE:
                counts[index] += 1
    return [{"year": day.year, "on": day.isoformat(), "in_force": n} for day, n in zip(days, counts, strict=True)]


def platform_inputs(platform: dict) -> dict:
    """What the figures read of one platform's view; `compute` reads nothing else of it
    (so a digest of these, with `site_inputs`, stands for the figures in a cache key)."""
    return {"county": platform["county"], "category": platform["category"], "services": platform["services"],
            "status": platform["status"], "schedule_rows": platform["schedule_rows"],
            "terms": [{"batch": t["batch"], "renewal": t["renewal"], "certified_on": t["certified_on"]}
                      for t in platform["terms"]]}


def site_inputs(view: dict) -> dict:
    """What the figures read of the registry's view besides its platforms."""
    return {"today": view["today"], "counties": view["counties"], "categories": view["categories"],
            "services": view["services"], "status_counts": view["status_counts"],
            "status_labels": view["status_labels"]}


def compute(view: dict) -> dict:
    """All figures, as plain JSON-ready data."""
    return figures(site_inputs(view), [platform_inputs(p) for p in view["platforms"]])


def figures(site: dict, platforms: list[dict]) -> dict:
    """`compute` from its inputs (`site_inputs`, each platform's `platform_inputs`)."""
    today = site["today"]
    terms = [(p, t) for p in platforms for t in p["terms"]]
    batches = sorted({t["batch"] for _, t in terms})
    first = Counter(t["batch"] for _, t in terms if not t["renewal"])
    renewals = Counter(t["batch"] for _, t in terms if t["renewal"])
    return {
        "as_of": today.isoformat(),
        "platforms": len(platforms),
        "in_force": sum(p["status"] in IN_FORCE for p in platforms),
        "by_county": _breakdown(platforms, "county", site["counties"], "county"),
        "by_category": _breakdown(platforms, "category", site["categories"], "category"),
        "by_service": _breakdown(platforms, "services", site["services"], "service"),
        "by_batch": [
            {"batch": year, "certifications": first[year] + renewals[year], "first": first[year],
             "renewals": renewals[year]}
            for year in batches
        ],
        "by_status": [
            {"status": key, "label": label, "platforms": site["status_counts"][key]}
            for key, label in site["status_labels"].items()
        ],
        "valid_by_year": valid_by_year(platforms, today),
    }
