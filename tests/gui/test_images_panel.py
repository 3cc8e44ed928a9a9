"""The Images dock against the real engine and registry: list, push with progress, and
pin the digest the push gave into the open Dockerfile's FROM."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import wait_engine
from workbench.gui.images.panel import ImagesPanel

pytestmark = [pytest.mark.engine, pytest.mark.registry]


def _select(panel: ImagesPanel, tag: str) -> None:
    for index in range(panel.list.topLevelItemCount()):
        item = panel.list.topLevelItem(index)
        if item is not None and tag in item.data(0, 256).tags:
            panel.list.setCurrentItem(item)
            return
    raise AssertionError(f"{tag} is not listed")


def test_push_then_pin_the_digest_into_the_from(make_window: Any, qtbot: Any,
                                                build_image: Any, registry: str,
                                                docker_client: Any, tmp_path: Path) -> None:
    image = build_image("FROM busybox:latest\nRUN echo pinned > /pinned\n")
    pushed = f"{registry}/{image.split(':')[0]}:1"
    (tmp_path / "Dockerfile").write_text(f"FROM {image}\nCMD [\"true\"]\n")
    window = make_window()
    wait_engine(qtbot, window)
    tab = window.open_path(tmp_path)
    qtbot.waitUntil(lambda: isinstance(window.panel("dock-images"), ImagesPanel),
                    timeout=30_000)
    panel = window.panel("dock-images")
    window.docks["dock-images"].raise_()
    with qtbot.waitSignal(panel.listed, timeout=60_000):
        panel.refresh()
    _select(panel, image)
    assert not panel.pin_button.isEnabled()  # built here: no digest before a push
    panel.ask_name = lambda _title, _default: pushed
    try:
        with qtbot.waitSignal(panel.transferred, timeout=120_000) as done:
            panel.push_selected()
        result = done.args[0]
        assert result.digest.startswith("sha256:")
        qtbot.waitUntil(lambda: any(pushed in i.tags for i in panel.images), timeout=60_000)
        qtbot.waitUntil(lambda: panel.job is None, timeout=60_000)
        _select(panel, pushed)
        assert panel.selected().digests and panel.pin_button.isEnabled()
        qtbot.waitUntil(lambda: window.context.dockerfile_path == tab.path, timeout=10_000)
        assert panel.pin_selected()
        assert tab.text().splitlines()[0] == \
            f"FROM {pushed.rsplit(':', 1)[0]}@{result.digest}"
        tab.editor.undo()
        assert tab.text().startswith(f"FROM {image}\n")
    finally:
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(pushed)
