"""Work handed aside to a thread: it waits for the word, a drop leaves nothing, and its
error is raised by ``wait``."""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from workbench.core.image.aside import Aside


def recorder(out: Path) -> Callable[[Callable[[], bool]], None]:
    def job(word: Callable[[], bool]) -> None:
        staged = out.with_suffix(".staged")
        staged.write_text(str(threading.get_ident()))
        go = word()
        if go:
            staged.rename(out)
        else:
            staged.unlink()

    return job


def staged_before_the_word(out: Path) -> None:
    staged = out.with_suffix(".staged")
    for _ in range(500):  # the thread stages at once, then waits for the word
        if staged.exists():
            break
        threading.Event().wait(0.01)
    assert staged.exists() and not out.exists()


@pytest.mark.parametrize("go", [True, False])
def test_the_job_waits_for_the_word(tmp_path: Path, go: bool) -> None:
    out = tmp_path / "out.txt"
    work = Aside(recorder(out))
    staged_before_the_word(out)
    work.decide(go)
    work.decide(not go)  # the first word counts
    work.wait()
    assert out.exists() is go and not out.with_suffix(".staged").exists()
    if go:
        assert out.read_text() != str(threading.get_ident())  # done on another thread


def test_no_word_drops_the_work(tmp_path: Path) -> None:
    out = tmp_path / "out.txt"
    work = Aside(recorder(out))
    work.wait()
    assert not out.exists() and not out.with_suffix(".staged").exists()


def test_a_failing_job_raises_in_wait() -> None:
    def job(word: Callable[[], bool]) -> None:
        word()
        raise OSError("disk full")

    work = Aside(job)
    work.decide(True)
    with pytest.raises(OSError, match="disk full"):
        work.wait()

