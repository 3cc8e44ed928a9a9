"""The build history file (``workbench.core.review.history``), without an engine: what
"the previous build" is, a broken file, the cap."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.review import history as history_module
from workbench.core.review.history import BuildHistory, BuildRecord


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
