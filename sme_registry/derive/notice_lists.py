"""The name list of a 公示 or 认定公告, made from its `platforms:` (one truth: the data).

The notice page renders these rows as its table, and the site writes them as the xlsx and
csv attachments beside the notice (sme_registry.site.notice_files); a hand-typed table
left in a body is checked against them (validate/rules/notice_tables.py, E732).
"""

from __future__ import annotations

from sme_registry.derive.views import platform_url
from sme_registry.load.attachments import LIST_NAMES

SEQ = "序号"
# (key, title): the columns of the list as the hand-typed tables had them (序号 first),
# with the id for machines; the page shows all but the id (the name links to the platform).
COLUMNS = (("id", "平台编号"), ("name", "平台名称"), ("operator", "运营单位"),
           ("county", "所在县（市、区）"), ("category", "类别"))
PAGE_COLUMNS = tuple(c for c in COLUMNS if c[0] != "id")


def list_name(notice) -> str | None:
    """拟认定名单 / 认定名单, or None for a notice without a generated list."""
    return LIST_NAMES.get(notice.type)


def rows(registry, notice) -> list[dict]:
    """One row per id of `platforms:`, in order (an unknown id keeps its place; E403 says why)."""
    found = []
    for number, pid in enumerate(notice.platforms, start=1):
        p = registry.platforms.get(pid)
        found.append({"seq": number, "id": pid, "name": p.name if p else pid,
                      "operator": p.operator_name if p else "", "county": p.county if p else "",
                      "category": p.category if p else "", "url": platform_url(pid) if p else ""})
    return found


def page_list(registry, notice) -> dict | None:
    """What partials/notice-platforms.html shows, or None."""
    name = list_name(notice)
    if not name:
        return None
    return {"name": name, "rows": rows(registry, notice), "columns": [title for _, title in PAGE_COLUMNS]}
