"""Pausing Python's cyclic garbage collector while a command builds its data.

Loading, checking and viewing the registry make millions of small dicts, lists and strings
(10,000 platforms: their documents, problems and views) and no reference cycles, which
reference counting frees without the collector. The collector still runs a pass each time
allocations outnumber frees by its threshold, and its oldest generation's passes walk the
whole heap, which keeps growing: at 10,000 platforms that was over a second of a rebuild.
The registry and its views then live for the whole build, so they are frozen (`gc.freeze`:
left out of every later pass) and the collector goes on for rendering, where Pelican and
Jinja do leave cycles (with the collector off for the whole build the peak grew by 120 MiB).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cyclic_gc_paused(freeze: bool = False) -> Iterator[None]:
    """Run the body with the cyclic collector off (as it was afterwards); with `freeze`, every
    object alive then is left out of the collector's later passes."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if freeze:
            gc.freeze()
        if enabled:
            gc.enable()


@contextmanager
def freezes_undone() -> Iterator[None]:
    """Give the objects frozen in the body back to the collector at its end (for a library
    call that freezes, such as a build, inside a longer-lived process such as the tests)."""
    try:
        yield
    finally:
        gc.unfreeze()
