"""Running the last writes of a command on the other core, in a forked child.

A first ``workbench analyze`` of an archive ends with two independent jobs: storing
every layer's scan in the cache, and building and storing the report. Threads would
take turns on the interpreter lock; a forked child runs the first job on the second
core while the process goes on with the second, and the command waits for the child
before it exits, so the cache is complete when it returns.

Forking is only safe when no other thread could hold a lock at that moment: with any
other thread alive (the window's workers, a helper thread still running) the job
simply runs in place.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable


def _alone() -> bool:
    return (hasattr(os, "fork") and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1)


def aside(job: Callable[[], None]) -> Callable[[], None]:
    """Start ``job`` in a child process when that is safe (else run it now); returns
    the call that waits for it. A child that fails has its job run again in place,
    so an error surfaces as it would have without the child."""
    if not _alone():
        job()
        return lambda: None
    pid = os.fork()
    if pid == 0:  # the child: run the job, then leave without any of the parent's exit
        code = 1  # work (atexit handlers, flushing buffered output a second time)
        try:
            job()
            code = 0
        finally:
            os._exit(code)

    def wait() -> None:
        _, status = os.waitpid(pid, 0)
        if status != 0:
            job()

    return wait
