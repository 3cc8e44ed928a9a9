"""Work handed to a forked child or a thread: it waits for the word, a failed child's
work is done again in place, a failed thread's error is raised.

Forking needs a process with no other thread, which a test process that ran other
tests may not be: the scenarios run in a fresh interpreter (``in_fresh_process``)."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

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


def in_fresh_process(scenario: Callable[[Path], None], tmp_path: Path) -> None:
    code = f"from pathlib import Path\nfrom {__name__} import {scenario.__name__}\n" \
           f"{scenario.__name__}(Path({str(tmp_path)!r}))\n"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          timeout=60, cwd=Path(__file__).resolve().parents[2])
    assert done.returncode == 0, done.stderr


def waits_for_the_word(tmp_path: Path) -> None:
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


def no_word_drops_the_work(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    work = Aside(recorder(out))
    work.wait()
    assert not out.exists()


def a_failed_child_is_done_again_in_place(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    work = Aside(recorder(out, fail_in_child=True))
    work.decide(True)
    work.wait()
    assert out.read_text() == str(os.getpid())


def test_the_child_waits_for_the_word(tmp_path: Path) -> None:
    in_fresh_process(waits_for_the_word, tmp_path)


def test_no_word_drops_the_work(tmp_path: Path) -> None:
    in_fresh_process(no_word_drops_the_work, tmp_path)


def test_a_failed_child_is_done_again_in_place(tmp_path: Path) -> None:
    in_fresh_process(a_failed_child_is_done_again_in_place, tmp_path)


def staged_before_the_word(out: Path) -> None:
    staged = out.with_suffix(".staged")
    for _ in range(500):  # the thread stages at once, then waits for the word
        if staged.exists():
            break
        threading.Event().wait(0.01)
    assert staged.exists() and not out.exists()


def test_with_another_thread_it_runs_on_a_thread(tmp_path: Path) -> None:
    stop = threading.Event()
    other = threading.Thread(target=stop.wait)
    other.start()
    try:
        for go in (True, False):
            out = tmp_path / f"{go}.txt"
            work = Aside(recorder(out))
            staged_before_the_word(out)
            work.decide(go)
            work.wait()
            assert out.exists() is go and not out.with_suffix(".staged").exists()
            if go:
                assert out.read_text() == str(os.getpid())
    finally:
        stop.set()
        other.join()


def test_a_thread_asked_for_runs_even_when_forking_is_safe(tmp_path: Path) -> None:
    in_fresh_process(runs_on_a_thread_when_asked, tmp_path)


def runs_on_a_thread_when_asked(tmp_path: Path) -> None:
    assert alone()
    out = tmp_path / "out.txt"
    work = Aside(recorder(out), fork=False)
    staged_before_the_word(out)
    work.decide(True)
    work.wait()
    assert out.read_text() == str(os.getpid())


def test_a_failing_thread_raises_in_wait(tmp_path: Path) -> None:
    def job(word: Callable[[], bool]) -> None:
        word()
        raise OSError("disk full")

    work = Aside(job, fork=False)
    work.decide(True)
    with pytest.raises(OSError, match="disk full"):
        work.wait()
