"""Plain view models of the registry on a given day, shared by pages, exports and search."""

from __future__ import annotations

import datetime as dt

from sme_registry.derive import disclosure
from sme_registry.derive import status as status_rule
from sme_registry.derive.contact_links import contact_links
from sme_registry.derive.derived import PlatformScope
from sme_registry.derive.status import LABELS
from sme_registry.parallel import fork_map
from sme_registry.regulation import dates
from sme_registry.regulation import vocabulary as vocab

# The vocabulary is the regulation's (sme_registry.regulation.vocabulary); pages get it from the view.
NOTICE_TYPES = {t.name: t.key for t in vocab.NOTICE_TYPES}  # type → URL key of its listing page


def iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""


def notice_url(slug: str) -> str:
    return f"notices/{slug}.html"


PLATFORM_FOLDER = "platforms"  # the folder of the platform pages: platform_url's parent


def platform_url(platform_id: str) -> str:
    return f"{PLATFORM_FOLDER}/{platform_id}/"


def notice_ref(registry, slug: str) -> dict:
    n = registry.notices.get(slug)
    return {"slug": slug, "title": n.title if n else slug, "type": n.type if n else "", "url": notice_url(slug)}


def notice_view(registry, n, today: dt.date) -> dict:
    view = {
        "slug": n.slug,
        "title": n.title,
        "type": n.type,
        "type_key": NOTICE_TYPES[n.type],
        "date": iso(n.date),
        "url": notice_url(n.slug),
        "summary": n.summary,
        "batch": n.batch,
        "platforms": [
            {"id": pid, "name": registry.platforms[pid].name if pid in registry.platforms else pid,
             "url": platform_url(pid)}
            for pid in n.platforms
        ],
    }
    if n.type == vocab.PUBLICITY.name and n.publicity_start and n.publicity_end:
        view["window"] = {
            "start": iso(n.publicity_start),
            "end": iso(n.publicity_end),
            "workdays": registry.calendar.count_workdays(n.publicity_start, n.publicity_end),
        }
        rows = status_rule.window_schedule(n.publicity_start, n.publicity_end)
        view["window"] |= {"state": status_rule.pick_row(rows, today)[1], "schedule_rows": rows}
    view |= disclosure.notice_view_extras(registry, n)  # 信息公开 metadata, 异议, 救济途径
    return view


def platform_view(registry, p, today: dt.date) -> dict:
    schedule = status_rule.schedule(p, registry)
    status = status_rule.pick(schedule, today)
    division = registry.divisions.get(p.county)
    terms = [
        {
            "batch": t.batch,
            "certified_on": iso(t.certified_on),
            "valid_until": iso(t.valid_until),
            "publicity": notice_ref(registry, t.publicity),
            "announcement": notice_ref(registry, t.announcement),
            "is_current": status.in_force and t.valid_until == status.valid_until,  # as status.js marks it
            "renewal": t.index > 0,
        }
        for t in p.terms
    ]
    raw = p.raw
    view = {
        "id": p.id,
        "url": platform_url(p.id),
        "name": p.name,
        "operator_name": p.operator_name,
        "credit_code": p.credit_code,
        "operator_kind": p.operator_kind,
        "county": p.county,
        "county_code": division.code if division and division.code else "",
        "category": p.category,
        "specialty": raw.get("specialty", ""),
        "services": list(p.services),
        "description": raw.get("description", ""),
        "address": raw.get("address", ""),
        "website": raw.get("website", ""),
        "contact": dict(raw.get("contact") or {}),
        "links": contact_links(raw.get("website"), raw.get("contact")),
        "recommended_by": raw.get("recommended_by", ""),
        "status": status.key,
        "status_label": status.label,
        "status_on": iso(today),
        "in_publicity": status.in_publicity,
        "ended_early": status.ended_early,
        "overdue": status.overdue,
        "schedule": [s.as_dict() for s in schedule],
        "schedule_rows": [s.as_row() for s in schedule],
        "valid_until": iso(status.valid_until),
        "days_left": status.days_left,
        "first_certified": iso(p.terms[0].certified_on) if p.terms else "",
        "latest_batch": p.terms[-1].batch if p.terms else (p.pending.batch if p.pending else None),
        "batches": [t.batch for t in p.terms],
        "terms": terms,
        "pending": _pending_view(registry, p, today) if p.pending else None,
        "revoked": None,
        "annual_reports": [
            {"year": year, "submitted_on": iso(day)} for year, day in sorted(p.annual_reports.items())
        ],
        "honors": list(raw.get("honors") or []),
        "notices": [notice_ref(registry, n.slug) | {"date": iso(n.date)} for n in registry.notices_for(p.id)],
    }
    if p.revoked:
        view["revoked"] = {
            "date": iso(p.revoked.date),
            "ground": p.revoked.ground,
            "ground_label": vocab.ground_label(p.revoked.ground),
            "ground_text": vocab.REVOCATION_GROUNDS[p.revoked.ground],
            "notice": notice_ref(registry, p.revoked.notice),
            "ban_end": iso(dates.ban_end(p.revoked.date)),
        }
    return view


def _pending_view(registry, p, today: dt.date) -> dict:
    view = {"batch": p.pending.batch, "publicity": notice_ref(registry, p.pending.publicity), "window": None,
            "due": iso(status_rule.application_due(p, registry))}
    n = registry.notices.get(p.pending.publicity)
    if n and n.publicity_start and n.publicity_end:
        view["window"] = {"start": iso(n.publicity_start), "end": iso(n.publicity_end)}
    return view


def registry_view(registry, today: dt.date, derived=None) -> dict:
    """Everything the site needs, in stable order. A platform's view reads only the platform
    and the registry without its other platforms (derived.PlatformScope); `derived` (bound
    to this registry and day) supplies the views of platforms whose inputs did not change."""
    scope = PlatformScope(registry)
    ids = sorted(registry.platforms)

    def view(k):
        return platform_view(scope, registry.platforms[k], today)

    if derived is None:  # views not kept are made on both cores (parallel.fork_map), as in Derived.values
        platforms = fork_map(view, ids)
    else:
        platforms = list(derived.values(ids, "view", view).values())
    notices = sorted(
        (notice_view(registry, n, today) for n in registry.notices.values()),
        key=lambda v: (v["date"], v["slug"]),
        reverse=True,
    )
    counts = {key: 0 for key in LABELS}
    for p in platforms:
        counts[p["status"]] += 1
    return {
        "today": today,  # a date: templates print it, exports write it with dates.iso
        "platforms": platforms,
        "notices": notices,
        "status_counts": counts,
        "status_labels": dict(LABELS),
        "counties": list(registry.divisions),
        "categories": list(vocab.CATEGORIES),
        "services": list(vocab.SERVICES),
        "batches": sorted({b for p in platforms for b in p["batches"]}, reverse=True),
        "notice_types": dict(NOTICE_TYPES),
        "open_publicity": [n for n in notices if n.get("window", {}).get("state") == "open"],
        # windows not closed on `today`: the home page lists them, status.js shows the open ones
        "live_publicity": [n for n in notices if n.get("window", {}).get("state") in ("open", "upcoming")],
    }
