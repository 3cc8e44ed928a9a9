"""gc_paused: collection off during a build, big results frozen, failures not frozen."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest

from workbench.core.analysis.gcpause import FREEZE_AFTER, gc_paused


@pytest.fixture(autouse=True)
def _unfrozen() -> Iterator[None]:
    gc.collect()
    gc.unfreeze()
    yield
    gc.unfreeze()  # hand what a test froze back to the collector


def test_collection_is_off_inside_and_back_on_after() -> None:
    assert gc.isenabled()
    with gc_paused():
        assert not gc.isenabled()
        with gc_paused():  # nested pauses: only the outermost resumes
            pass
        assert not gc.isenabled()
    assert gc.isenabled()


def test_a_big_build_is_frozen_out_of_collections() -> None:
    before = gc.get_freeze_count()
    with gc_paused():
        kept = [[i] for i in range(FREEZE_AFTER * 2)]  # tracked objects that stay alive
    assert gc.get_freeze_count() - before >= len(kept)
    assert gc.get_count()[0] < FREEZE_AFTER  # nothing left for the next young collection
    del kept


def test_a_small_build_is_left_to_the_collector() -> None:
    before = gc.get_freeze_count()
    with gc_paused():
        kept = [[i] for i in range(100)]
    assert gc.get_freeze_count() == before
    assert len(kept) == 100


def test_a_failed_build_is_not_frozen() -> None:
    before = gc.get_freeze_count()
    with pytest.raises(RuntimeError), gc_paused():
        junk = [[i] for i in range(FREEZE_AFTER * 2)]
        raise RuntimeError(f"cancelled with {len(junk)} half-built objects")
    assert gc.get_freeze_count() == before
    assert gc.isenabled()
