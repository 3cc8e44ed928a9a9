"""Which history steps made layers, inferred from the engine's history API alone."""

from __future__ import annotations

from typing import Any

from workbench.core.image.engine_source import _inferred_config, _iso


def api_history(steps: list[tuple[str, int]]) -> list[dict[str, Any]]:
    """History API rows, newest first, from (created_by, size) oldest first."""
    return [{"CreatedBy": c, "Size": s, "Created": 1_700_000_000} for c, s in reversed(steps)]


def test_sized_steps_and_zero_sized_runs_make_layers() -> None:
    steps = [
        ("/bin/sh -c #(nop) ADD file:abc in / ", 5_000_000),
        ('/bin/sh -c #(nop)  CMD ["bash"]', 0),
        ("/bin/sh -c #(nop)  ENV A=1", 0),
        ("/bin/sh -c mkdir -p /already/there", 0),  # a RUN that changed nothing
        ("/bin/sh -c #(nop)  LABEL x=y", 0),
        ("COPY app /app # buildkit", 1234),
    ]
    inspect = {"RootFS": {"Layers": ["sha256:" + c * 64 for c in "abc"]},
               "Architecture": "amd64", "Os": "linux"}
    config = _inferred_config(inspect, api_history(steps))
    empty = [bool(h.get("empty_layer")) for h in config["history"]]
    assert empty == [False, True, True, False, True, False]
    assert config["history"][0]["created"] == "2023-11-14T22:13:20Z"
    assert config["rootfs"]["diff_ids"] == inspect["RootFS"]["Layers"]


def test_more_layers_than_candidates_falls_back_to_metadata_steps() -> None:
    steps = [("/bin/sh -c #(nop) ADD file:abc in / ", 10), ("/bin/sh -c #(nop)  ENV B=2", 0)]
    inspect = {"RootFS": {"Layers": ["sha256:" + "a" * 64, "sha256:" + "b" * 64]}}
    empty = [bool(h.get("empty_layer")) for h in _inferred_config(
        inspect, api_history(steps))["history"]]
    assert empty == [False, False]
    assert _iso(None) == "" and _iso(0) == ""
