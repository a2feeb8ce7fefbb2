"""Using the second core by forking, for CPU-bound work.

Forked children inherit the loaded code and data, so nothing has to be pickled on the
way in. A fork is only made when this process runs no other thread (forking a threaded
process can deadlock); otherwise the work runs inline. The results are the same either way.
"""

from __future__ import annotations

import os
import pickle
import tempfile
import threading
import traceback

MIN_ITEMS_TO_FORK = 500


def can_fork() -> bool:
    return hasattr(os, "fork") and threading.active_count() == 1


class Background:
    """Runs `fn(*args)` in a forked child now (or inline at `wait()` when forking is unsafe)."""

    def __init__(self, fn, *args):
        global _in_child
        self.fn, self.args, self.pid = fn, args, None
        if can_fork():
            pid = os.fork()
            if pid == 0:  # the child: do the work and leave without running any cleanup
                code, _in_child = 1, True
                try:
                    fn(*args)
                    code = 0
                except BaseException:
                    traceback.print_exc()
                finally:
                    os._exit(code)
            self.pid = pid

    def wait(self) -> None:
        if self.pid is None:
            self.fn(*self.args)
            return
        _, status = os.waitpid(self.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError("后台子进程失败（见上方错误信息）")


def yield_cpu() -> None:
    """Lower this process's priority (nice 10) for the rest of its life, so that it takes the
    time the other processes of the build leave over instead of slowing down the one that is
    waited for. It acts only in a Background child, which ends with its work: run inline (no
    fork) it does nothing, so the command's own priority is never changed."""
    if _in_child:
        os.nice(10)


_in_child = False  # True in a Background child (and in the children it forks)


def worth_forking(n_items: int, workers: int | None = None) -> bool:
    """Whether `n_items` pieces of work are worth a second process: at least
    MIN_ITEMS_TO_FORK of them and a second core (or `workers` > 1)."""
    return (workers or os.cpu_count() or 1) >= 2 and n_items >= MIN_ITEMS_TO_FORK


def fork_map(fn, items: list, workers: int | None = None) -> list:
    """`[fn(x) for x in items]` over several processes; results come back through
    temporary files, so a child never blocks on a full pipe while the parent is busy."""
    workers = workers or os.cpu_count() or 1
    if not worth_forking(len(items), workers) or not can_fork():
        return [fn(item) for item in items]
    size = -(-len(items) // workers)
    chunks = [items[i : i + size] for i in range(0, len(items), size)]
    with tempfile.TemporaryDirectory(prefix="sme-map-") as scratch:
        outputs = [os.path.join(scratch, f"{index}.pickle") for index in range(1, len(chunks))]
        jobs = [Background(_map_to_file, fn, chunk, out) for chunk, out in zip(chunks[1:], outputs, strict=True)]
        results = [fn(item) for item in chunks[0]]
        for job, out in zip(jobs, outputs, strict=True):
            job.wait()
            with open(out, "rb") as handle:
                results.extend(pickle.load(handle))
    return results


def _map_to_file(fn, chunk: list, out: str) -> None:
    with open(out, "wb") as handle:
        pickle.dump([fn(item) for item in chunk], handle, protocol=pickle.HIGHEST_PROTOCOL)
