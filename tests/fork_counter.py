"""For scripts that tests run in a fresh interpreter (where parallel.fork_map really forks):
count the forks made from here on."""

from __future__ import annotations

import os


def count_forks() -> list:
    """Wrap os.fork; the returned list gets one item per fork made in this process."""
    forks: list = []
    real_fork = os.fork

    def counting_fork():
        forks.append(1)
        return real_fork()

    os.fork = counting_fork
    return forks
