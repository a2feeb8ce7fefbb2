"""The documents of the site search: one dict per platform and per notice, made from the
registry's view (derive/views.py); search/shards.py indexes exactly these."""

from __future__ import annotations

from sme_registry.site.sanitize import notice_text


def search_documents(view: dict) -> tuple[list[dict], list[dict]]:
    """(platforms, notices) of `view` (``registry_view`` with its ``registry``)."""
    registry = view["registry"]
    platforms = [
        {"id": p["id"], "name": p["name"], "operator": p["operator_name"], "credit_code": p["credit_code"],
         "county": p["county"], "category": p["category"], "services": p["services"],
         "batch": p["latest_batch"], "status": p["status_label"], "valid_until": p["valid_until"] or None,
         "schedule": p["schedule_rows"],
         "description": p["description"], "url": p["url"],
         # strings only: a set of ints and strings sorted by str would come out in hash order,
         # and the index's cache key with it (a miss on every build)
         "years": sorted({str(t["batch"]) for t in p["terms"]} | {t["certified_on"][:4] for t in p["terms"]}
                         | ({str(p["pending"]["batch"])} if p["pending"] else set()))}
        for p in view["platforms"]
    ]
    notices = [
        {"slug": n["slug"], "title": n["title"], "type": n["type"], "date": n["date"],
         "text": notice_text(registry.notices[n["slug"]].body), "platforms": [x["id"] for x in n["platforms"]],
         "url": n["url"]}
        for n in view["notices"]
    ]
    return platforms, notices
