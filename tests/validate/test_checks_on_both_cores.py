"""Per-platform rule checks and views are computed on both cores (parallel.fork_map) when a
registry is large: the problems and views equal those computed in one process."""

from __future__ import annotations

import subprocess
import sys

from tests.conftest import ROOT

SCRIPT = """
import datetime as dt, os, sys, tempfile
from pathlib import Path
from scripts.synth import write_registry
from sme_registry import parallel
from sme_registry.derive.derived import Derived
from sme_registry.derive.views import registry_view
from sme_registry.validate.report import validate

today = dt.date(2026, 11, 25)
root = Path(tempfile.mkdtemp()) / "reg"
write_registry(700, root)
# One platform with problems, so that the problems are not all empty lists.
first = sorted((root / "data/platforms").glob("*.yaml"))[0]
first.write_text(first.read_text(encoding="utf-8").replace("county:", "county: 不存在县\\nx_county:", 1),
                 encoding="utf-8")

def run():
    registry, report = validate(root, today)
    fresh = Derived("salt")
    fresh.bind(registry, today)
    _, with_memo = validate(root, today, derived=fresh)
    return ([p.text() for p in report.problems], [p.text() for p in with_memo.problems],
            registry_view(registry, today)["platforms"], registry_view(registry, today, fresh)["platforms"])

from tests.fork_counter import count_forks
forks = count_forks()
forked = run()
assert forks, "the checks were forked"
parallel.can_fork = lambda: False
inline = run()
assert forked == inline, "forked and inline results differ"
assert forked[0] == forked[1] and forked[2] == forked[3]
assert forked[0], "the edited platform has problems"
print("ok", len(forked[0]))
"""


def test_forked_checks_and_views_equal_inline_ones():
    """A fresh interpreter: no other thread there, so the map really forks."""
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0 and done.stdout.startswith("ok"), done.stderr[-3000:]
