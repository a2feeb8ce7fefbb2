"""Work that can run on the second core while Pelican renders pages.

A forked child inherits everything already computed, so nothing has to be pickled. A
fork is only made when this process runs no other thread (forking a threaded process can
deadlock); otherwise the work runs inline when it is waited for. Either way the files it
writes are the same.
"""

from __future__ import annotations

import os
import threading
import traceback


class Background:
    def __init__(self, fn, *args):
        self.fn, self.args, self.pid = fn, args, None
        if hasattr(os, "fork") and threading.active_count() == 1:
            pid = os.fork()
            if pid == 0:  # the child: do the work and leave without running any cleanup
                code = 1
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
            raise RuntimeError("后台任务失败（见上方错误信息）")
