"""sme_registry/parallel.py: the forked map returns what the plain map returns."""

from __future__ import annotations

import subprocess
import sys
import threading

from sme_registry import parallel
from tests.conftest import ROOT

FORKED = """
import os, threading
from sme_registry import parallel
from tests.fork_counter import count_forks
forks = count_forks()
assert threading.active_count() == 1
result = parallel.fork_map(lambda x: (x * x, os.getpid()), list(range(2000)), workers=2)
assert [r[0] for r in result] == [x * x for x in range(2000)]
assert len({r[1] for r in result}) == 2 and forks, "both processes did part of the work"
print("ok")
"""


def _square(x):
    return x * x


def test_forked_map_equals_inline_map_in_order():
    """Run in a fresh interpreter: no other thread there, so the map really forks."""
    done = subprocess.run([sys.executable, "-c", FORKED], cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 0 and done.stdout.strip() == "ok", done.stderr


def test_with_another_thread_alive_the_map_runs_inline():
    done = threading.Event()
    worker = threading.Thread(target=done.wait)
    worker.start()
    try:
        assert parallel.fork_map(_square, list(range(2000)), workers=2) == [x * x for x in range(2000)]
    finally:
        done.set()
        worker.join()


def test_short_lists_run_inline():
    assert parallel.fork_map(_square, [1, 2, 3], workers=2) == [1, 4, 9]
