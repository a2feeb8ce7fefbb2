"""map() over both cores by forking, for CPU-bound work on many small files.

Forked workers inherit the loaded code and data, so only results are pickled (through a
temporary file, so a worker never blocks on a full pipe while the parent is busy). A fork
is only made when this process runs no other thread; otherwise, and for short lists, the
map runs inline. The result is the same list either way.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading

MIN_ITEMS_TO_FORK = 500


def fork_map(fn, items: list, workers: int | None = None) -> list:
    workers = workers or os.cpu_count() or 1
    if workers < 2 or len(items) < MIN_ITEMS_TO_FORK or not hasattr(os, "fork") or threading.active_count() != 1:
        return [fn(item) for item in items]
    size = -(-len(items) // workers)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    children = []
    with tempfile.TemporaryDirectory(prefix="sme-map-") as scratch:
        for index, chunk in enumerate(chunks[1:], start=1):
            out = os.path.join(scratch, f"{index}.pickle")
            pid = os.fork()
            if pid == 0:  # worker: compute, write, leave without cleanup handlers
                code = 1
                try:
                    with open(out, "wb") as handle:
                        pickle.dump([fn(item) for item in chunk], handle, protocol=pickle.HIGHEST_PROTOCOL)
                    code = 0
                finally:
                    os._exit(code)
            children.append((pid, out))
        results = [fn(item) for item in chunks[0]]
        for pid, out in children:
            _, status = os.waitpid(pid, 0)
            if os.waitstatus_to_exitcode(status) != 0:
                raise RuntimeError("并行处理的子进程失败")
            with open(out, "rb") as handle:
                results.extend(pickle.load(handle))
    return results
