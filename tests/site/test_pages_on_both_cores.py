"""Platform pages are rendered on both cores when many are to be made: the second core's
share is waited for by the build with the other jobs, not by PlatformPagesGenerator, so the
main process renders the other pages meanwhile. The site equals the one a single
process makes, byte for byte, its sitemap lists every page, and a failing child publishes
nothing."""

from __future__ import annotations

import subprocess
import sys

import pytest

from tests.conftest import ROOT

pytestmark = pytest.mark.slow  # whole builds: left out of make test-fast

SCRIPT = """
import datetime as dt, hashlib, os, sys, tempfile
from pathlib import Path
from scripts.synth import write_registry
from sme_registry import parallel
from sme_registry.site.build import build_site
from sme_registry.site.pelican import generators

today = dt.date(2026, 11, 25)
work = Path(tempfile.mkdtemp())
n = parallel.MIN_ITEMS_TO_FORK + 40
write_registry(n, work / "reg")
pids = work / "pids"
real_page = generators.PlatformPagesGenerator._platform_page

def recording_page(self, writer, cache, item):
    with open(pids, "a") as handle:  # appends of a line each: safe from two processes
        handle.write(f"{os.getpid()}\\n")
    real_page(self, writer, cache, item)

generators.PlatformPagesGenerator._platform_page = recording_page

def tree(folder):
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}

assert build_site(work / "reg", work / "forked", today) == 0
by_pid = {}
for line in pids.read_text().split():
    by_pid[line] = by_pid.get(line, 0) + 1
assert len(by_pid) == 2, f"pages rendered by {len(by_pid)} processes"
main_share = by_pid[str(os.getpid())]
assert sum(by_pid.values()) == n and main_share == round(n * (1 - generators.SECOND_CORE_PAGES)), by_pid
sitemap = (work / "forked" / "sitemap.xml").read_text(encoding="utf-8")
ids = [p.stem for p in (work / "reg/data/platforms").glob("*.yaml")]
assert len(ids) == n and all(f"/platforms/{i}/</loc>" in sitemap for i in ids), "every page in the sitemap"

parallel.can_fork = lambda: False
pids.unlink()
assert build_site(work / "reg", work / "inline", today) == 0
assert set(pids.read_text().split()) == {str(os.getpid())}
assert tree(work / "forked") == tree(work / "inline"), "forked and inline sites differ"

parallel.can_fork = lambda: True
def failing_in_child(self, writer, cache, item, parent=os.getpid()):
    if os.getpid() != parent:
        raise OSError("disk full (test)")
    real_page(self, writer, cache, item)

generators.PlatformPagesGenerator._platform_page = failing_in_child
assert build_site(work / "reg", work / "failed", today) == 1
assert not (work / "failed").exists() and not list(work.glob(".failed.building-*"))
print("ok", by_pid)
"""


def test_pages_forked_equal_pages_inline_and_a_failing_child_publishes_nothing():
    """A fresh interpreter: no other thread there, so the build really forks."""
    done = subprocess.run([sys.executable, "-c", SCRIPT], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0 and done.stdout.splitlines()[-1].startswith("ok "), done.stderr[-3000:]
