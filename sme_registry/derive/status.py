"""A platform's status over time (DESIGN §2): derived from dates, never stored, decided here once.

`status_on` is the rule for one day. `schedule` is the same rule for every day at once: the
days on which the status changes, each with the new status. The build writes the schedule
into the pages and exports; the browser (theme/static/js/status.js) and the statistics only
pick the segment for a date (`pick`), so every page, badge and figure agrees on every day.

The rule, on day D:
  1. 已撤销 from the revocation day (第二十条), until a term certified after it (after the
     3-year ban) begins.
  2. 有效 / 即将到期 while a term runs: certified on C, valid through C + 3 years − 1 day
     (第十八条); 即将到期 when at most 90 days are left.
  3. 公示中 while the recorded application's 公示 window is open (第十三条).
  4. 已到期 once the platform was certified before but no term runs — also while a renewal
     waits for its 认定公告 (the page says so).
  5. Never certified: 待认定 while the application's 认定公告 is not yet due
     (`dates.announcement_due`), 未认定 after that (staff are warned, W510).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sme_registry.regulation import dates
from sme_registry.regulation.vocabulary import EXPIRING_WITHIN_DAYS

LABELS = {
    "valid": "有效",
    "expiring": "即将到期",
    "expired": "已到期",
    "revoked": "已撤销",
    "publicity": "公示中",
    "pending": "待认定",
    "not_certified": "未认定",
}
IN_FORCE = ("valid", "expiring")  # a certification is in force (第十八条) and not revoked
FLAGS = ("in_publicity", "ended_early", "overdue")  # the page-facing booleans of a segment


@dataclass(frozen=True)
class Status:
    key: str
    on: dt.date
    valid_until: dt.date | None = None
    days_left: int | None = None
    in_publicity: bool = False  # the recorded application's 公示 window is open
    ended_early: bool = False  # revoked while its term still ran (第二十条)
    overdue: bool = False  # the recorded application's 认定公告 is past due (W510)

    @property
    def label(self) -> str:
        return LABELS[self.key]

    @property
    def in_force(self) -> bool:
        return self.key in IN_FORCE


@dataclass(frozen=True)
class Segment:
    """From `start` (None: from the beginning) until the next segment, the status is `key`."""

    start: dt.date | None
    key: str
    valid_until: dt.date | None
    in_publicity: bool = False
    ended_early: bool = False
    overdue: bool = False

    def flags(self) -> list[str]:
        return [name for name in FLAGS if getattr(self, name)]

    def as_dict(self) -> dict:
        """The exports' form (data/platforms.json)."""
        return {"from": dates.iso(self.start), "status": self.key, "label": LABELS[self.key],
                "valid_until": dates.iso(self.valid_until)} | {name: getattr(self, name) for name in FLAGS}

    def as_row(self) -> list:
        """The pages' compact form, read by status.js: [from, status, valid_until, [flags]]."""
        return [dates.iso(self.start), self.key, dates.iso(self.valid_until), self.flags()]


def status_on(platform, registry, today: dt.date) -> Status:
    """The status on `today`: the schedule's segment for that day."""
    return pick(schedule(platform, registry), today)


def pick(segments: list[Segment], day: dt.date) -> Status:
    """The segment in force on `day` (the same choice status.js makes), with days left."""
    chosen = segments[_in_force_index([s.start for s in segments], day)]
    days_left = (chosen.valid_until - day).days if chosen.key in IN_FORCE else None
    return Status(chosen.key, day, chosen.valid_until, days_left,
                  chosen.in_publicity, chosen.ended_early, chosen.overdue)


def window_schedule(start: dt.date, end: dt.date) -> list[list]:
    """A 公示 window's states in the pages' compact form (第十三条): upcoming, open from
    `start`, closed from the day after `end`. status.js picks from it like from a status schedule."""
    return [[None, "upcoming", None, []], [dates.iso(start), "open", None, []],
            [dates.iso(end + dt.timedelta(days=1)), "closed", None, []]]


def pick_row(rows: list[list], day: dt.date) -> list:
    """The compact row in force on `day` (rows as `as_row` or `window_schedule` give them)."""
    # ISO dates (four-digit years, dates.FIRST_YEAR…LAST_YEAR) compare as text in date order
    return rows[_in_force_index([r[0] or None for r in rows], day.isoformat())]


def rows_on(rows: list[list], days: list[str]) -> list[list]:
    """`[pick_row(rows, day) for day in days]` for ascending `days` (ISO date texts, as the
    rows' starts are), in one walk of the rows."""
    chosen, picked, last = 0, [], len(rows) - 1
    for day in days:
        while chosen < last and rows[chosen + 1][0] <= day:
            chosen += 1
        picked.append(rows[chosen])
    return picked


def _in_force_index(starts: list, day) -> int:
    """Index of the last entry whose start is not after `day` (the first has start None);
    starts and day are all dates or all ISO date texts."""
    chosen = 0
    for i in range(1, len(starts)):
        if starts[i] > day:
            break
        chosen = i
    return chosen


def schedule(platform, registry) -> list[Segment]:
    """Every change of status: the rule evaluated on each day something can change, with
    repeats merged. The first segment covers every day before the first change."""
    segments = [_decide(platform, registry, None)]
    for day in _change_days(platform, registry):
        segment = _decide(platform, registry, day)
        if not _same(segments[-1], segment):
            segments.append(segment)
    return segments


def _same(a: Segment, b: Segment) -> bool:
    return (a.key, a.valid_until, a.flags()) == (b.key, b.valid_until, b.flags())


def _change_days(platform, registry) -> list[dt.date]:
    days = set()
    for t in platform.terms:
        days |= {t.certified_on, t.valid_until - dt.timedelta(days=EXPIRING_WITHIN_DAYS),
                 t.valid_until + dt.timedelta(days=1)}
    if platform.revoked:
        days.add(platform.revoked.date)
    window = _window(platform, registry)
    if window:
        days |= {window[0], window[1] + dt.timedelta(days=1)}
    due = _due(platform, registry)
    if due:
        days.add(due + dt.timedelta(days=1))
    return sorted(d for d in days if dt.date.min < d < dt.date.max)


def _decide(platform, registry, day: dt.date | None) -> Segment:
    """The rule (module docstring) on `day`; None stands for any day before every change."""
    start, day = day, day or dt.date.min
    window = _window(platform, registry)
    in_publicity = bool(window and window[0] <= day <= window[1])
    due = _due(platform, registry)
    overdue = bool(due and day > due)
    started = [t for t in platform.terms if t.certified_on <= day]
    last_until = started[-1].valid_until if started else None
    revoked = platform.revoked
    if revoked and revoked.date <= day and not any(revoked.date < t.certified_on for t in started):
        early = any(t.certified_on <= revoked.date <= t.valid_until for t in started)
        return Segment(start, "revoked", last_until, in_publicity, early, overdue)
    current = next((t for t in started if day <= t.valid_until), None)
    if current is not None:
        left = (current.valid_until - day).days
        key = "expiring" if left <= EXPIRING_WITHIN_DAYS else "valid"
        return Segment(start, key, current.valid_until, in_publicity, False, overdue)
    if in_publicity:
        return Segment(start, "publicity", last_until, True, False, overdue)
    if started:
        return Segment(start, "expired", last_until, False, False, overdue)
    return Segment(start, "not_certified" if overdue else "pending", None, False, False, overdue)


def _window(platform, registry) -> tuple[dt.date, dt.date] | None:
    """The recorded application's 公示 window, when its notice gives one."""
    if platform.pending is None:
        return None
    notice = registry.notices.get(platform.pending.publicity)
    if notice and notice.publicity_start and notice.publicity_end:
        return notice.publicity_start, notice.publicity_end
    return None


def _due(platform, registry) -> dt.date | None:
    """Last day for the recorded application's 认定公告 (None without an application)."""
    if platform.pending is None:
        return None
    window = _window(platform, registry)
    return dates.announcement_due(platform.pending.batch, window[1] if window else None)


def application_due(platform, registry) -> dt.date | None:
    """Public name of the due day, for pages, warnings and the staff report."""
    return _due(platform, registry)
