"""Running a command's cache writes on the other core, in a forked child.

A first ``workbench analyze`` of an archive has two independent jobs once its layers
are scanned: storing every layer's scan in the cache, and analysing. Threads would
take turns on the interpreter lock; a forked child does the first on the second core
while the process does the second. The child prepares everything, then waits for
the word that the layer bytes checked out (``decide``): only then do its files take
their place, so an altered archive still stores nothing. The command waits for the
child before it ends, so the cache is complete when it returns.

Forking is only safe when no other thread could hold a lock at that moment: with any
other thread alive (the window's workers, a helper thread still running) the job
simply runs in place once the word is given.
"""

from __future__ import annotations

import contextlib
import os
import signal
import threading
from collections.abc import Callable

# A job gets a function to call when it needs the word: True to go on, False to drop.
Job = Callable[[Callable[[], bool]], None]


def alone() -> bool:
    """Whether forking is safe: the main thread is the only thread."""
    return (hasattr(os, "fork") and threading.current_thread() is threading.main_thread()
            and threading.active_count() == 1)


class Aside:
    """``job`` started on the other core when that is safe; ``decide`` gives it the
    word, ``wait`` waits for it to finish. A child that fails after a go has its job
    run again in place, so an error surfaces as it would have without the child."""

    def __init__(self, job: Job) -> None:
        self._job = job
        self._word: bool | None = None
        self._pid = 0
        self._pipe = -1
        if not alone():
            return
        word_in, word_out = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: run the job, then leave without any of the parent's
            code = 1  # exit work (exit handlers, flushing buffered output a second time)
            try:
                signal.signal(signal.SIGINT, signal.SIG_DFL)
                os.close(word_out)
                job(lambda: os.read(word_in, 1) == b"1")  # no word (parent gone): drop
                code = 0
            finally:
                os._exit(code)
        os.close(word_in)
        self._pid, self._pipe = pid, word_out

    def decide(self, go: bool) -> None:
        if self._word is not None:
            return
        self._word = go
        if not self._pid:
            self._job(lambda: go)
            return
        with contextlib.suppress(OSError):  # a child that already ended needs no word
            os.write(self._pipe, b"1" if go else b"0")
        os.close(self._pipe)

    def wait(self) -> None:
        """Wait for the job (giving a drop if no word was given)."""
        self.decide(False)
        if not self._pid:
            return
        pid, self._pid = self._pid, 0
        _, status = os.waitpid(pid, 0)
        if status != 0 and self._word:
            self._job(lambda: True)
