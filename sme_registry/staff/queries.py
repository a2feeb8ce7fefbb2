"""Look-ups on a loaded registry that the staff commands need. Read only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from sme_registry.load.loader import NOTICE_DIR, PLATFORM_DIR, load_registry
from sme_registry.problems.codes import CATALOGUE
from sme_registry.regulation import vocabulary as V
from sme_registry.regulation.workdays import UnknownYear
from sme_registry.staff.errors import ScaffoldError
from sme_registry.staff.vocabulary import ID_PREFIX, PUBLICITY_WORKDAYS, TYPE_SLUGS


def load(root: Path):
    """The registry as the validator sees it (problems are ignored here)."""
    registry, _ = load_registry(Path(root))
    return registry


def next_platform_id(root: Path, year: int) -> str:
    """`lc-<year>-NNN` with the next number after the highest used in that year."""
    pattern = re.compile(rf"^{ID_PREFIX}-{year}-(\d{{3,}})$")
    used = [int(m.group(1)) for p in (Path(root) / PLATFORM_DIR).glob("*.yaml") if (m := pattern.match(p.stem))]
    return f"{ID_PREFIX}-{year}-{max(used, default=0) + 1:03d}"


def notice_slug(root: Path, day: dt.date, notice_type: str) -> str:
    """A free file name `<date>-<type slug>` (then `-2`, `-3` … on the same day)."""
    base = f"{day.isoformat()}-{TYPE_SLUGS[notice_type]}"
    folder = Path(root) / NOTICE_DIR
    slug, n = base, 1
    while (folder / f"{slug}.md").exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


def notice_with_title(registry, title: str):
    """The notice that already carries `title` (E161 forbids a second), or None."""
    wanted = " ".join(title.split())
    return next((n for n in registry.notices.values() if " ".join(n.title.split()) == wanted), None)


_BATCH_NUMERALS = "二三四五六七八九"


def free_title(registry, default: str) -> str | None:
    """`default`, or with “（第二批）” … when a notice already carries it (E161: titles must
    tell notices apart); None when even the ninth batch is taken."""
    free = default
    for numeral in _BATCH_NUMERALS:
        if notice_with_title(registry, free) is None:
            return free
        free = f"{default}（第{numeral}批）"
    return None


def publicity_end(calendar, start: dt.date) -> dt.date:
    """The 5th working day of a 公示 starting on `start` (第十三条), on the official calendar."""
    try:
        if not calendar.is_workday(start):
            raise ScaffoldError(f"公示开始日期 {start} 不是工作日（周末或法定节假日），请选择一个工作日开始公示。")
        return calendar.add_workdays(start, PUBLICITY_WORKDAYS)
    except UnknownYear as exc:
        raise ScaffoldError(calendar_message(exc.year)) from None


def calendar_message(year: int) -> str:
    return CATALOGUE["E313"].template.format(year=year) + "（格式见 schema/calendar.schema.json）。"


def default_recommender(registry, county: str) -> str:
    division = registry.divisions.get(county)
    if division is not None and division.kind == "功能区":
        return f"{county}经济发展局"
    return f"{county}工业和信息化局"


def publicity_notices(registry, platform_id: str | None = None) -> list:
    found = [n for n in registry.notices.values() if n.type == V.PUBLICITY.name and n.publicity_start and n.publicity_end]
    if platform_id:
        found = [n for n in found if platform_id in n.platforms]
    return sorted(found, key=lambda n: (n.publicity_start, n.slug))


def open_publicity(registry, today: dt.date):
    """The newest 公示 whose window has not ended by `today` (new platforms join it)."""
    candidates = [n for n in publicity_notices(registry) if n.publicity_end >= today]
    return candidates[-1] if candidates else None


def notice_batch(notice) -> int:
    return notice.batch or (notice.publicity_start or notice.date).year


def awaiting_certification(registry, notice) -> list[str]:
    """Platforms a 公示 lists that have no term from it yet (待认定)."""
    return [pid for pid in notice.platforms if pid in registry.platforms
            and not any(t.publicity == notice.slug for t in registry.platforms[pid].terms)]


def publicity_for_announcement(registry, day: dt.date, ids: list[str] | None = None) -> tuple[list, list]:
    """The 公示 a 认定公告 on `day` can follow: (ended, still running), each listing platforms
    still 待认定 — all of `ids` when given. An older 公示 whose platforms are certified is no
    candidate, so a command run a few days early says so instead of picking it."""
    ended, running = [], []
    for n in publicity_notices(registry):
        waiting = awaiting_certification(registry, n)
        if not waiting or (ids and not set(ids) <= set(waiting)):
            continue
        (ended if n.publicity_end < day else running).append(n)
    return ended, running


def platform_row(platform) -> tuple[str, str, str, str]:
    return (platform.name, platform.operator_name, platform.county, platform.category)
