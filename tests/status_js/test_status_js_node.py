"""status.js, given the schedule Python emits, agrees with Python's status_on on many days:
Hypothesis-generated platforms (revocations, bans, re-certification, applications) and
every example platform, run through the real script file in Node (no browser)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import subprocess
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sme_registry.derive import status as rule
from sme_registry.validate.report import validate
from tests.conftest import EXAMPLE_TODAY, ROOT
from tests.status_generated import boundary_days, model, platform_data

pytestmark = pytest.mark.slow  # whole builds / subprocesses: left out of make test-fast

HARNESS = Path(__file__).with_name("pick_harness.js")
NODE = shutil.which("node") or "node"  # installed with the other test tools (docs/quality.md)


def _node(cases: list[dict]) -> list:
    run = subprocess.run([NODE, str(HARNESS)], input=json.dumps(cases), capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stderr
    return json.loads(run.stdout)


def _python(platform, registry, day: dt.date) -> list:
    s = rule.status_on(platform, registry, day)
    flags = sorted(f for f in rule.FLAGS if getattr(s, f))
    return [s.key, s.valid_until.isoformat() if s.valid_until else None, s.days_left, flags, s.key]


def _compare(items: list[tuple[object, object, list[dt.date]]]) -> None:
    cases = [{"rows": [seg.as_row() for seg in rule.schedule(p, r)], "days": [d.isoformat() for d in days]}
             for p, r, days in items]
    got = _node(cases)
    mismatches = [(p.id, day, got[i][j], _python(p, r, day))
                  for i, (p, r, days) in enumerate(items) for j, day in enumerate(days)
                  if got[i][j] != _python(p, r, day)]
    assert not mismatches, mismatches[:5]


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(platform_data(), min_size=1, max_size=12), st.lists(st.dates(dt.date(2000, 1, 1), dt.date(2040, 12, 31)), max_size=30))
def test_status_js_picks_what_python_decides_on_generated_platforms(datas, random_days):
    _compare([(*model(data), boundary_days(data) + random_days) for data in datas])


def test_status_js_picks_what_python_decides_for_the_example():
    registry, _ = validate(ROOT, EXAMPLE_TODAY)
    days, day = [], dt.date(2019, 1, 1)
    while day < dt.date(2032, 1, 1):  # every third day for thirteen years
        days.append(day)
        day += dt.timedelta(days=3)
    _compare([(p, registry, days) for p in registry.platforms.values()])
