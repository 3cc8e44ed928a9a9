"""Work handed to a forked child: it waits for the word, and a failed child's work is
done again in place."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

from workbench.core.image.aside import Aside, alone


def recorder(out: Path, fail_in_child: bool = False) -> Callable[[Callable[[], bool]], None]:
    parent = os.getpid()

    def job(word: Callable[[], bool]) -> None:
        staged = out.with_suffix(".staged")
        staged.write_text(str(os.getpid()))
        go = word()
        if fail_in_child and os.getpid() != parent:
            raise RuntimeError("the child fails")
        if go:
            staged.rename(out)
        else:
            staged.unlink()

    return job


def test_the_child_waits_for_the_word(tmp_path: Path) -> None:
    assert alone()
    for go in (True, False):
        out = tmp_path / f"{go}.txt"
        work = Aside(recorder(out))
        work.decide(go)
        work.wait()
        assert out.exists() is go
        assert not out.with_suffix(".staged").exists()
        if go:
            assert out.read_text() != str(os.getpid())  # done by the child


def test_no_word_drops_the_work(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    work = Aside(recorder(out))
    work.wait()
    assert not out.exists()


def test_a_failed_child_is_done_again_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    work = Aside(recorder(out, fail_in_child=True))
    work.decide(True)
    work.wait()
    assert out.read_text() == str(os.getpid())


def test_with_another_thread_it_runs_in_place(tmp_path: Path) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        out = tmp_path / "out.txt"
        work = Aside(recorder(out))
        assert not out.with_suffix(".staged").exists()  # nothing started yet
        work.decide(True)
        work.wait()
        assert out.read_text() == str(os.getpid())
    finally:
        stop.set()
        other.join()
