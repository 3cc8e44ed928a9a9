"""The build history file (``workbench.core.review.history``) and its treemap layout,
without an engine: what "the previous build" is, a broken file, the cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QRectF

from workbench.core.review import history as history_module
from workbench.core.review.history import BuildHistory, BuildRecord
from workbench.gui.review.treemap import blocks_of, squarify


def record(image: str, when: float, dockerfile: str = "/p/Dockerfile",
           text: str = "FROM scratch\n") -> BuildRecord:
    return BuildRecord(f"sha256:{image}", when, dockerfile, 100, 10, 5, ("app:dev",), text)


def test_state_dir_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path))
    assert BuildHistory().file == tmp_path / "image-workbench" / "builds.json"


def test_previous_skips_rebuilds_that_made_the_same_image(tmp_path: Path) -> None:
    history = BuildHistory(tmp_path / "builds.json")
    for image, when in (("a", 1), ("b", 2), ("b", 3), ("other", 4)):
        history.add(record(image, when, "/q/Dockerfile" if image == "other" else
                           "/p/Dockerfile"))
    assert [r.image_id for r in history.of_dockerfile("/p/Dockerfile")] == \
        ["sha256:a", "sha256:b", "sha256:b"]
    previous = history.previous("/p/Dockerfile")
    assert previous is not None and previous.image_id == "sha256:a"
    assert history.previous("/p/Dockerfile", "sha256:a") is None
    assert history.previous("/q/Dockerfile") is None  # one build only
    latest = history.latest("/p/Dockerfile")
    assert latest is not None and latest.time == 3


def test_a_broken_or_hand_edited_file_counts_as_empty(tmp_path: Path) -> None:
    file = tmp_path / "builds.json"
    file.write_text("{not json")
    history = BuildHistory(file)
    assert history.records() == []
    file.write_text(json.dumps({"version": 1, "builds": [{"image_id": "x"}, 3,
                                                         record("ok", 1).to_json()]}))
    assert [r.image_id for r in history.records()] == ["sha256:ok"]
    history.add(record("next", 2))  # rewriting keeps what could be read
    assert [r.image_id for r in history.records()] == ["sha256:ok", "sha256:next"]


def test_the_newest_records_are_kept_and_big_texts_dropped(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(history_module, "MAX_RECORDS", 3)
    history = BuildHistory(tmp_path / "builds.json")
    for n in range(5):
        history.add(record(str(n), n))
    assert [r.image_id for r in history.records()] == ["sha256:2", "sha256:3", "sha256:4"]
    big = history.add(record("big", 9, text="RUN true\n" * 10_000))
    assert big.dockerfile_text == "" and history.records()[-1].dockerfile_text == ""


def test_treemap_groups_by_top_directory_and_fills_its_box() -> None:
    blocks = blocks_of([("/app/data/blob", 300), ("/app/note", 5), ("/etc/old", -40),
                        ("/top", 7), ("/app/same", 0)])
    assert [(b.path, b.delta, b.weight) for b in blocks] == [
        ("/app", 305, 305), ("/etc", -40, 40), ("/", 7, 7)]
    assert [c.path for c in blocks[0].children] == ["/app/data", "/app/note"]
    box = QRectF(0, 0, 400, 300)
    rects = squarify([b.weight for b in blocks], box)
    area = sum(r.width() * r.height() for r in rects)
    assert area == pytest.approx(400 * 300)
    for rect, block in zip(rects, blocks, strict=True):
        assert rect.width() * rect.height() == pytest.approx(
            400 * 300 * block.weight / 352)
        assert box.adjusted(-0.01, -0.01, 0.01, 0.01).contains(rect)
