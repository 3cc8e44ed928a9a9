"""The ledger of throwaway objects: records survive other processes writing at once."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from workbench.core.ledger import Ledger, default_file


def _record_many(file: str, worker: int) -> None:
    ledger = Ledger(Path(file))
    for i in range(20):
        ledger.record("image", f"sha256:{worker:02d}{i:062d}", "test", "unix:///x")


def test_record_forget_and_filter_by_engine(tmp_path: Path) -> None:
    ledger = Ledger(tmp_path / "ledger.json")
    assert ledger.entries() == []
    ledger.record("image", "sha256:a", "size-variant", "unix:///one", ["t:1"])
    ledger.record("container", "c1", "harden", "unix:///two")
    ledger.record("image", "sha256:a", "size-variant", "unix:///one", ["t:2"])  # replaces
    assert [(e.id, e.tags) for e in ledger.entries("unix:///one")] == [("sha256:a", ("t:2",))]
    assert [e.kind for e in ledger.entries()] == ["container", "image"]
    ledger.forget(["sha256:a"])
    assert [e.id for e in Ledger(tmp_path / "ledger.json").entries()] == ["c1"]


def test_unreadable_ledger_reads_as_empty(tmp_path: Path) -> None:
    file = tmp_path / "ledger.json"
    file.write_bytes(b"\xff{not json")
    assert Ledger(file).entries() == []
    file.write_text('{"objects": [{"kind": "volume", "id": "x"}, {"kind": "image"}, 3]}')
    assert Ledger(file).entries() == []


def test_concurrent_writers_lose_nothing(tmp_path: Path) -> None:
    file = tmp_path / "ledger.json"
    context = multiprocessing.get_context("spawn")
    workers = [context.Process(target=_record_many, args=(str(file), w)) for w in range(4)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(60)
    assert len(Ledger(file).entries()) == 80


def test_ledger_lives_in_the_state_dir(tmp_path: Path,
                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert default_file() == tmp_path / "image-workbench" / "ledger.json"
