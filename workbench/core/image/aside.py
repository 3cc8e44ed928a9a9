"""Running a command's cache writes beside its other work, on a thread.

A first ``workbench analyze`` has two independent jobs once its layers are scanned:
storing every layer's scan in the cache, and analysing and reporting. The writing
job packs the scans (which holds the interpreter lock), then compresses and writes
them (which lets it go), so on a thread most of it runs on the other core. It
prepares everything, then waits for the word that the layer bytes checked out
(``decide``): only then do its files take their place, so an altered archive still
stores nothing. The command waits for the job before it ends, so the cache is
complete when it returns.

A forked child would have no interpreter lock to share, but costs more than it saves:
after a fork every memory page either process writes is copied, and merely reading a
Python object writes its reference count; measured, that doubled the time of the
report made meanwhile.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

# A job gets a function to call when it needs the word: True to go on, False to drop.
Job = Callable[[Callable[[], bool]], None]


class Aside:
    """``job`` started on a thread; ``decide`` gives it the word, ``wait`` waits for
    it to finish and raises what it raised."""

    def __init__(self, job: Job) -> None:
        self._word: bool | None = None
        self._given = threading.Event()
        self._failed: BaseException | None = None
        self._thread = threading.Thread(target=self._run, args=(job,), name="aside",
                                        daemon=True)
        self._thread.start()

    def _run(self, job: Job) -> None:
        try:
            job(self._wait_for_word)
        except BaseException as exc:  # handed to ``wait``
            self._failed = exc

    def _wait_for_word(self) -> bool:
        self._given.wait()
        return bool(self._word)

    def decide(self, go: bool) -> None:
        if self._word is None:
            self._word = go
            self._given.set()

    def wait(self) -> None:
        """Wait for the job (giving a drop if no word was given)."""
        self.decide(False)
        self._thread.join()
        failed, self._failed = self._failed, None
        if failed is not None:
            raise failed
