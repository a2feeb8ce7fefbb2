"""sme_registry.derive.status against the tests' independent reading of the measures
(tests/oracle.py) on generated registries with revocations, bans, re-certification and
applications: the same status, valid-until day, days left and 公示 flag on every boundary
day and on random days; the schedule's compact rows (what pages, stats and status.js read)
pick the same status."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from sme_registry.derive import status as rule
from tests import oracle
from tests.status_generated import boundary_days, model, notices_meta, platform_data

D = dt.date


@settings(max_examples=300, deadline=None)
@given(platform_data(), st.lists(st.dates(D(2000, 1, 1), D(2040, 12, 31)), max_size=20))
def test_status_module_agrees_with_the_measures(data, random_days):
    platform, registry = model(data)
    notices = notices_meta(data)
    rows = [s.as_row() for s in rule.schedule(platform, registry)]
    for day in boundary_days(data) + random_days:
        got = rule.status_on(platform, registry, day)
        want = oracle.status(data, day, notices)
        assert got.key == want, (day, data)
        assert got.in_publicity == oracle.in_publicity(data, day, notices), (day, data)
        end = oracle.in_force(data, day)
        if want in ("valid", "expiring"):
            assert (got.valid_until, got.days_left) == (end, (end - day).days), (day, data)
        assert rule.pick_row(rows, day)[1] == want, (day, data)
    days = sorted(boundary_days(data) + random_days)
    assert rule.rows_on(rows, [day.isoformat() for day in days]) == [rule.pick_row(rows, day) for day in days], data


def test_recertified_after_the_ban_is_in_force_in_oracle_and_module():
    """The bug of issue 13: revoked 2019-06-01, ban through 2022-05-31, certified again
    2023-12-20 — in force on 2024-06-01 for both readings."""
    data = {"terms": [{"certified_on": D(2018, 12, 20), "batch": 2018}, {"certified_on": D(2023, 12, 20), "batch": 2023}],
            "revoked": {"date": D(2019, 6, 1)}, "pending": None, "window": None}
    platform, registry = model(data)
    for day, key in [(D(2019, 5, 31), "valid"), (D(2019, 6, 1), "revoked"), (D(2023, 12, 19), "revoked"),
                     (D(2023, 12, 20), "valid"), (D(2026, 9, 20), "expiring"), (D(2026, 12, 20), "expired")]:
        assert oracle.status(data, day, {}) == key
        assert rule.status_on(platform, registry, day).key == key


def test_schedule_changes_only_where_the_status_changes():
    data = {"terms": [{"certified_on": D(2020, 12, 18), "batch": 2020}], "revoked": None,
            "pending": {"batch": 2023, "publicity": "gongshi"}, "window": (D(2023, 12, 1), D(2023, 12, 7))}
    platform, registry = model(data)
    rows = [s.as_row() for s in rule.schedule(platform, registry)]
    assert rows == [
        [None, "pending", None, []],
        ["2020-12-18", "valid", "2023-12-17", []],
        ["2023-09-18", "expiring", "2023-12-17", []],
        ["2023-12-01", "expiring", "2023-12-17", ["in_publicity"]],
        ["2023-12-08", "expiring", "2023-12-17", []],
        ["2023-12-18", "expired", "2023-12-17", []],
        ["2024-01-01", "expired", "2023-12-17", ["overdue"]],
    ]
