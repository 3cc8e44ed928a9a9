"""The Containers dock on the real engine: the article's §1.1 manual build in the window
(run busybox, touch /newfile, find the exited container, see A /newfile, commit with
author, message and a config change, the new image opens), then remove."""

from __future__ import annotations

import contextlib
from typing import Any

import pytest

from tests.gui.conftest import wait_engine
from workbench.gui.containers.panel import CommitRequest, ContainersPanel

pytestmark = pytest.mark.engine


def test_the_manual_build_in_the_window(make_window: Any, qtbot: Any, docker_client: Any,
                                        unique_tag: str) -> None:
    window = make_window()
    wait_engine(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.panel("dock-containers"), ContainersPanel),
                    timeout=30_000)
    panel = window.panel("dock-containers")
    tag = f"{unique_tag}:manual"
    made: list[str] = []
    try:
        panel.ask_run = lambda: ("busybox:latest", "touch /newfile")
        with qtbot.waitSignal(panel.ran, timeout=60_000) as ran:
            panel.run()
        container = ran.args[0].container
        made.append(container.id)
        assert ran.args[0].exit_code == 0
        qtbot.waitUntil(lambda: any(c.id == container.id for c in panel.containers)
                        and panel.job is None, timeout=30_000)
        row = next(i for i in range(panel.list.topLevelItemCount())
                   if panel.list.topLevelItem(i).data(0, 256).id == container.id)
        panel.list.setCurrentItem(panel.list.topLevelItem(row))
        assert "Exited (0)" in panel.list.topLevelItem(row).text(3)
        with qtbot.waitSignal(panel.changes_ready, timeout=30_000) as changes:
            panel.show_changes()
        assert [(c.kind, c.path) for c in changes.args[0]] == [("A", "/newfile")]
        # A double-click on the change opens the container in the Overlay dock.
        qtbot.waitUntil(lambda: window.panel("dock-overlay") is not None, timeout=30_000)
        overlay = window.panel("dock-overlay")
        with qtbot.waitSignal(overlay.view_shown, timeout=60_000) as shown:
            panel.changes.itemDoubleClicked.emit(panel.changes.topLevelItem(0), 1)
        assert shown.args[0] == "container"
        assert overlay.container_controls.current_id() == container.id
        # Exited: upper and the image's lowers are on disk, merged is not mounted.
        assert overlay.upper.item_for("newfile") and overlay.lowers.item_for("bin/sh")
        assert overlay.selected_path() == "newfile"
        assert overlay.upper.selected_path() == "newfile"
        assert not window.docks["dock-overlay"].visibleRegion().isEmpty()
        panel.ask_commit = lambda _c: CommitRequest(tag, "JayL", "add newfile",
                                                    ['CMD ["ls", "/newfile"]'])
        with qtbot.waitSignal(panel.loader.finished,
                              timeout=120_000) as opened:
            panel.commit_selected()
        assert opened.args[0] is True, opened.args[1]
        inspect = docker_client.api.inspect_image(tag)
        assert inspect["Author"] == "JayL" and inspect["Comment"] == "add newfile"
        assert inspect["Config"]["Cmd"] == ["ls", "/newfile"]
        assert tag in window.context.analysis.info.repo_tags
        qtbot.waitUntil(lambda: panel.job is None, timeout=30_000)
        with qtbot.waitSignal(panel.listed, timeout=30_000):
            panel.remove_selected()
        assert not docker_client.api.containers(all=True, filters={"id": container.id})
    finally:
        for container_id in made:
            with contextlib.suppress(Exception):
                docker_client.api.remove_container(container_id, force=True)
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(tag)


def test_an_interactive_shell_in_a_terminal_tab(make_window: Any, qtbot: Any,
                                                docker_client: Any) -> None:
    from PySide6.QtCore import Qt

    window = make_window()
    wait_engine(qtbot, window)
    qtbot.waitUntil(lambda: isinstance(window.panel("dock-containers"), ContainersPanel),
                    timeout=30_000)
    panel = window.panel("dock-containers")
    window.docks["dock-containers"].raise_()
    panel.ask_shell_image = lambda: "busybox:latest"
    with qtbot.waitSignal(panel.shell_opened, timeout=60_000) as opened:
        panel.open_shell()
    view = opened.args[0]
    name = panel.views.tabText(panel.views.currentIndex())
    try:
        qtbot.keyClicks(view, "echo hello-$((6*7))")
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "hello-42" in view.toPlainText().replace(
            "echo hello-$((6*7))", ""), timeout=20_000)
        qtbot.keyClicks(view, "exit")
        qtbot.keyClick(view, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: "[the shell ended]" in view.toPlainText(), timeout=20_000)
    finally:
        panel.shutdown()
        with contextlib.suppress(Exception):
            docker_client.api.remove_container(name, force=True)
