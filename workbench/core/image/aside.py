"""Running a command's cache writes on the other core, in a forked child or a thread.

A first ``workbench analyze`` has two independent jobs once its layers are scanned:
storing every layer's scan in the cache, and analysing. Threads take turns on the
interpreter lock; a forked child does the first on the second core while the process
does the second. The child prepares everything, then waits for the word that the
layer bytes checked out (``decide``): only then do its files take their place, so an
altered archive still stores nothing. The command waits for the child before it
ends, so the cache is complete when it returns.

A fork has a price: afterwards every memory page either process writes is copied,
and merely reading a Python object writes its reference count. Where that costs more
than the job (a short job beside a short rest of the command), or where forking is
not safe (another thread alive, which could hold a lock at that moment: the window's
workers, a helper thread still running), the job runs on a thread instead; its
compression and file writes still let the interpreter lock go.
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
    """``job`` started on the other core: in a forked child when ``fork`` is asked and
    safe, else on a thread. ``decide`` gives it the word, ``wait`` waits for it to
    finish. A child that fails after a go has its job run again in place, so an error
    surfaces as it would have without the child; a thread's error is raised by
    ``wait``."""

    def __init__(self, job: Job, *, fork: bool = True) -> None:
        self._job = job
        self._word: bool | None = None
        self._pid = 0
        self._pipe = -1
        self._given = threading.Event()
        self._failed: BaseException | None = None
        self._thread: threading.Thread | None = None
        if not (fork and alone()):
            self._thread = threading.Thread(target=self._run, name="aside", daemon=True)
            self._thread.start()
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

    def _run(self) -> None:
        try:
            self._job(self._wait_for_word)
        except BaseException as exc:  # handed to ``wait``
            self._failed = exc

    def _wait_for_word(self) -> bool:
        self._given.wait()
        return bool(self._word)

    def decide(self, go: bool) -> None:
        if self._word is not None:
            return
        self._word = go
        if not self._pid:
            self._given.set()
            return
        with contextlib.suppress(OSError):  # a child that already ended needs no word
            os.write(self._pipe, b"1" if go else b"0")
        os.close(self._pipe)

    def wait(self) -> None:
        """Wait for the job (giving a drop if no word was given)."""
        self.decide(False)
        if self._thread is not None:
            self._thread.join()
            failed, self._failed = self._failed, None
            if failed is not None:
                raise failed
            return
        if not self._pid:
            return
        pid, self._pid = self._pid, 0
        _, status = os.waitpid(pid, 0)
        if status != 0 and self._word:
            self._job(lambda: True)
