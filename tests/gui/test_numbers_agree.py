"""One number per quantity: for one built image, the timeline, its summary, the Layers
dock, the gutter and ``workbench analyze --json`` show the same sizes and totals."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from typing import Any

import pytest

from tests.gui.conftest import wait_engine
from workbench.core.units import human_size

pytestmark = pytest.mark.engine


def _plain(label_text: str) -> str:
    return re.sub(r"<[^>]+>", "", label_text)


def test_every_view_shows_the_same_numbers(make_window: Any, qtbot: Any, project: Any,
                                           unique_tag: str, docker_client: Any) -> None:
    tag = f"{unique_tag}:numbers"
    window = make_window()
    wait_engine(qtbot, window)
    tab = window.open_path(project)
    window.actions_.tag.setText(tag)
    try:
        with qtbot.waitSignal(window.loader.finished, timeout=180_000) as loaded:
            window.actions_.build.trigger()
        assert loaded.args[0] is True, loaded.args[1]
        report = json.loads(subprocess.run(
            [sys.executable, "-m", "workbench", "analyze", f"docker://{tag}", "--json", "-"],
            capture_output=True, text=True, check=True, timeout=300).stdout)
        cli_layers = [layer["size_bytes"] for layer in report["layers"]]
        total = human_size(report["size_bytes"])
        wasted = human_size(report["wasted_bytes"])

        timeline = window.panel("dock-timeline")
        labels = timeline.summary.labels
        assert _plain(labels["size"].text()) == total
        assert _plain(labels["wasted"].text()) == wasted
        assert [r.size for r in timeline.rows if r.layer is not None] == cli_layers

        dock = window.layers
        assert f" · {total} · " in dock.summary.text() and f"wasted {wasted}" in \
            dock.summary.text()
        rows = [dock.tree.topLevelItem(i) for i in range(dock.tree.topLevelItemCount())]
        files = [r.text(1) for r in rows if r.text(1) != "meta"]
        assert files == [human_size(size) for size in cli_layers]
        # The stored tar is shown beside, labelled, and is never smaller than the files.
        assert all(r.text(2) for r in rows if r.text(1) != "meta")

        qtbot.waitUntil(lambda: 5 in tab.editor.gutter_sizes, timeout=5000)
        history = window.context.analysis.info.history
        copy_layer = [s.layer_index for s in history if "COPY" in s.created_by][-1]
        assert tab.editor.gutter_sizes[5] == human_size(cli_layers[copy_layer])
        inspect_size = docker_client.api.inspect_image(tag)["Size"]
        assert report["size_bytes"] <= inspect_size
    finally:
        docker_client.images.remove(tag, force=True)
