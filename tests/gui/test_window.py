"""The window without builds: open, edit, save, prompts, layout, lint, offline mode."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QMessageBox

from tests.gui.conftest import wait_engine
from workbench.core.project import RecentProjects

Button = QMessageBox.StandardButton


def test_open_folder_edit_save_and_recent(make_window, qtbot, project: Path) -> None:
    window = make_window(connect_engine=False)
    tab = window.open_path(project)  # a folder: its Dockerfile opens
    assert tab is not None and tab.path == str(project / "Dockerfile")
    assert "FROM busybox:latest" in tab.editor.toPlainText()
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor, "LABEL edited=yes")
    assert tab.modified and tab.title.endswith("•")
    assert window.windowTitle().startswith("hello/Dockerfile •")
    assert window.save()
    assert not tab.modified
    assert (project / "Dockerfile").read_text().endswith("LABEL edited=yes")
    assert RecentProjects().items()[0] == str(project / "Dockerfile")
    assert window.actions_.recent_menu.actions()[0].text() == str(project / "Dockerfile")


def test_unsaved_prompt_cancel_keeps_window_open_and_save_writes(make_window, qtbot,
                                                                 tmp_path: Path) -> None:
    window = make_window(connect_engine=False)
    tab = window.new_document()
    qtbot.keyClicks(tab.editor, "RUN true")
    asked: list[str] = []

    def cancel(tab: object) -> QMessageBox.StandardButton:
        asked.append(str(tab))
        return Button.Cancel

    window.area.ask_save = cancel
    window.close()
    assert window.isVisible() and asked  # Cancel keeps everything
    target = tmp_path / "saved" / "Dockerfile"
    target.parent.mkdir()
    window.area.ask_save = lambda _t: Button.Save
    window.area.ask_path = lambda _t: str(target)
    window.close()
    assert not window.isVisible()
    assert target.read_text().startswith("RUN trueFROM busybox:latest")


def test_layout_is_remembered_between_runs(make_window, qtbot) -> None:
    first = make_window(connect_engine=False)
    first.docks["dock-log"].hide()
    first.docks["dock-layers"].setFloating(True)
    first.close()
    second = make_window(connect_engine=False)
    assert not second.docks["dock-log"].isVisible()
    assert second.docks["dock-layers"].isFloating()
    second.reset_layout()
    assert not second.docks["dock-layers"].isFloating()


def test_real_hadolint_markers_problems_and_click_to_line(make_window, qtbot,
                                                          tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian\nWORKDIR /src\nRUN cd /tmp && ls\n")
    window = make_window(connect_engine=False)
    tab = window.open_path(tmp_path)
    qtbot.waitUntil(lambda: bool(tab.editor.diagnostics), timeout=10000)
    assert tab.editor.gutter_severity(1) == "warning"  # DL3006 untagged image
    assert "DL3003" in {d.code for d in tab.editor.diagnostics[3]}
    rows = window.problems.tree.topLevelItemCount()
    assert rows == len(window.problems.diagnostics) >= 2
    item = next(window.problems.tree.topLevelItem(i) for i in range(rows)
                if window.problems.tree.topLevelItem(i).text(2) == "DL3003")
    window.problems._on_item(item)
    assert tab.editor.textCursor().blockNumber() == 2
    # Fixing the line clears its marker after the debounce; nothing stale comes back.
    cursor = tab.editor.textCursor()
    cursor.select(cursor.SelectionType.LineUnderCursor)
    cursor.insertText("RUN ls /tmp")
    qtbot.waitUntil(lambda: 3 not in tab.editor.diagnostics, timeout=10000)
    qtbot.wait(600)
    assert 3 not in tab.editor.diagnostics and 1 in tab.editor.diagnostics


def test_project_hadolint_config_applies_in_the_window(make_window, qtbot,
                                                       tmp_path: Path) -> None:
    (tmp_path / "Dockerfile").write_text("FROM debian\nRUN cd /tmp && ls\n")
    (tmp_path / ".hadolint.yaml").write_text("ignored:\n  - DL3006\n")
    window = make_window(connect_engine=False)
    tab = window.open_path(tmp_path)
    qtbot.waitUntil(lambda: bool(tab.editor.diagnostics), timeout=10000)
    assert 1 not in tab.editor.diagnostics and 2 in tab.editor.diagnostics


@pytest.mark.engine
def test_offline_with_dead_socket(make_window, qtbot, monkeypatch, tmp_path: Path,
                                  project: Path) -> None:
    dead = tmp_path / "nothing.sock"
    monkeypatch.setenv("DOCKER_HOST", f"unix://{dead}")
    monkeypatch.delenv("DOCKER_CONTEXT", raising=False)
    window = make_window()
    wait_engine(qtbot, window, connected=False)
    reason = window.engine.reason
    assert str(dead) in reason and "\n" not in reason
    build = window.actions_.build
    assert not build.isEnabled() and str(dead) in build.toolTip()
    assert window.engine_widgets.details.text() == "offline"
    assert window.engine_widgets.retry.isVisibleTo(window)
    # Editing and linting keep working.
    tab = window.open_path(project)
    tab.editor.moveCursor(tab.editor.textCursor().MoveOperation.End)
    qtbot.keyClicks(tab.editor, "RUN cd /tmp")
    last = tab.editor.blockCount()
    qtbot.waitUntil(lambda: "DL3003" in {d.code for d in tab.editor.diagnostics.get(last, [])},
                    timeout=10000)
    window.start_build()  # Ctrl+B while offline: a sentence, no build, no crash
    assert not window.builds.running and str(dead) in window.last_error
    # Retry against the live engine: actions come back.
    monkeypatch.undo()
    window.engine.connect_engine()
    wait_engine(qtbot, window, connected=True)
    assert build.isEnabled()


def test_shortcuts_dialog_lists_main_actions(make_window, qtbot) -> None:
    window = make_window(connect_engine=False)
    dialog = window.show_shortcuts()
    rows = {dialog.tree.topLevelItem(i).text(0): dialog.tree.topLevelItem(i).text(1)
            for i in range(dialog.tree.topLevelItemCount())}
    assert rows["Build"] == "Ctrl+B"
    assert rows["Find"] == "Ctrl+F"
    assert rows["Toggle comment"] == "Ctrl+/"
    assert rows["Next layer"] == "F6, Alt+Down"
    assert rows["Previous layer"] == "Shift+F6, Alt+Up"
    dialog.close()


def test_keyboard_shortcut_toggles_comment_in_window(make_window, qtbot) -> None:
    window = make_window(connect_engine=False)
    tab = window.new_document()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    tab.editor.setFocus()
    qtbot.keyClick(tab.editor, Qt.Key.Key_Slash, Qt.KeyboardModifier.ControlModifier)
    assert tab.editor.toPlainText().startswith("# FROM busybox")


def test_presentation_mode_scales_fonts_and_contrast(make_window, qtbot) -> None:
    window = make_window(connect_engine=False)
    tab = window.new_document()
    before = tab.editor.font().pointSizeF()
    window.actions_.presentation.trigger()
    assert tab.editor.font().pointSizeF() == pytest.approx(before * 1.6)
    palette = window.palette()
    text, base = palette.text().color(), palette.base().color()
    assert abs(text.lightness() - base.lightness()) == 255
    window.actions_.presentation.trigger()
    assert tab.editor.font().pointSizeF() == pytest.approx(before)


def test_presentation_scale_is_a_setting_and_disabled_controls_look_disabled(
        make_window, qtbot) -> None:
    from PySide6.QtGui import QPalette

    window = make_window(connect_engine=False)
    tab = window.new_document()
    before = tab.editor.font().pointSizeF()
    window.actions_.presentation.trigger()
    window.actions_.scales[2.5].trigger()
    assert tab.editor.font().pointSizeF() == pytest.approx(before * 2.5)
    assert window.settings.value("presentation_scale", type=float) == 2.5
    palette = window.palette()
    group, role = QPalette.ColorGroup, QPalette.ColorRole
    for what in (role.ButtonText, role.WindowText, role.Text):
        enabled, disabled = palette.color(group.Active, what), palette.color(group.Disabled, what)
        assert abs(enabled.lightness() - disabled.lightness()) > 60, what
    window.actions_.scales[1.6].trigger()
    window.actions_.presentation.trigger()


def test_chart_text_follows_the_presentation_font(make_window, qtbot) -> None:
    from workbench.gui.sizes.charts import BarChart, Segment

    window = make_window(connect_engine=False)
    chart = BarChart("test")
    qtbot.addWidget(chart)
    chart.set_bars(["busybox:latest", "debian:bookworm"],
                   [Segment(0.0, 0, 2_000_000, 0.6, "#333333", "a"),
                    Segment(1.0, 0, 199_000_000, 0.6, "#333333", "b")],
                   tops={0.0: "2.0 MB", 1.0: "199.0 MB"})
    chart.show()
    small = chart.getPlotItem().getAxis("bottom").style["tickFont"].pointSizeF()
    window.actions_.presentation.trigger()
    qtbot.waitUntil(lambda: chart.getPlotItem().getAxis("bottom").style["tickFont"]
                    .pointSizeF() > small * 1.4, timeout=3000)
    # Log scale: the 2 MB bar is no longer a sliver beside 199 MB.
    chart.set_log_scale(True)
    heights = next(item for item in chart._items if hasattr(item, "opts")).opts["height"]
    assert heights[0] / heights[1] > 0.7
    window.actions_.presentation.trigger()


@pytest.mark.engine
def test_offline_window_still_opens_image_archives(make_window, qtbot, monkeypatch,
                                                   tmp_path: Path, docker_client) -> None:
    archive = tmp_path / "busybox.tar"
    with archive.open("wb") as out:
        for chunk in docker_client.images.get("busybox:latest").save():
            out.write(chunk)
    monkeypatch.setenv("DOCKER_HOST", f"unix://{tmp_path / 'dead.sock'}")
    window = make_window()
    wait_engine(qtbot, window, connected=False)
    with qtbot.waitSignal(window.loader.finished, timeout=60000) as loaded:
        window.loader.load(str(archive), window.engine.client)
    assert loaded.args[0] is True, loaded.args[1]
    assert window.context.analysis.info.layers
    assert window.layers.tree.topLevelItemCount() == len(window.context.analysis.info.history)


@pytest.mark.podman
def test_endpoint_switcher_moves_to_another_engine(make_window, qtbot, podman_host) -> None:
    window = make_window()
    wait_engine(qtbot, window)
    docker_url = window.engine.engine.info.endpoint
    menu_urls = [a.text() for a in window.engine_widgets.menu.actions()]
    assert any(docker_url in text for text in menu_urls)
    window.engine.connect_engine(podman_host)
    wait_engine(qtbot, window)
    assert window.engine.engine.info.kind == "podman"
    assert window.engine_widgets.details.text().startswith("Podman ")
    assert window.engine_widgets.switcher.text() == podman_host
    # Every panel that talks to an engine follows the switch, not the default endpoint.
    qtbot.waitUntil(lambda: all(window.panel(name) is not None for name in window.docks),
                    timeout=20000)
    panels = [p for p in map(window.panel, window.docks) if hasattr(p, "connect_engine")]
    review = window.panel("dock-review")
    connects = [p.connect_engine for p in panels] + [review.compare.connect_engine]
    assert len(panels) >= 7
    for connect in connects:
        with connect() as engine:
            assert engine.info.kind == "podman", connect


def test_follows_a_dark_desktop_palette(make_window, qtbot) -> None:
    from PySide6.QtGui import QColor, QPalette
    from PySide6.QtWidgets import QApplication

    window = make_window(connect_engine=False)
    tab = window.new_document()
    app = QApplication.instance()
    assert isinstance(app, QApplication)
    light = QPalette(app.palette())

    def keyword_colour() -> str:
        formats = tab.editor.document().firstBlock().layout().formats()
        return str(formats[0].format.foreground().color().name())

    light_colour = keyword_colour()
    dark = QPalette(light)
    dark.setColor(QPalette.ColorRole.Base, QColor("#1e1e1e"))
    dark.setColor(QPalette.ColorRole.Text, QColor("#eeeeee"))
    try:
        app.setPalette(dark)  # what the platform does when the desktop turns dark
        qtbot.waitUntil(lambda: keyword_colour() != light_colour, timeout=3000)
    finally:
        app.setPalette(light)


def test_applied_advice_reaches_the_editor_as_one_undoable_edit(qtbot, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from workbench.gui.main_window import MainWindow

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM busybox:latest\nRUN a\nRUN b\n")
    window = MainWindow(connect_engine=False)
    qtbot.addWidget(window)
    tab = window.open_path(dockerfile)
    assert tab is not None
    old = "FROM busybox:latest\nRUN a\nRUN b\n"
    other = window.area.new_document(old)  # the same text in another, untitled, document
    assert window.replace_dockerfile_text(str(tab.path), old,
                                          "FROM busybox:latest\nRUN a && b\n")
    assert tab.text() == "FROM busybox:latest\nRUN a && b\n" and other.text() == old
    # Computed for a text the tab no longer holds, or for a document not open: refused.
    assert not window.replace_dockerfile_text(str(tab.path), old, "FROM scratch\n")
    assert not window.replace_dockerfile_text(str(tmp_path / "gone"), old, "FROM scratch\n")
    assert other.text() == old
    tab.editor.undo()
    assert tab.text() == old
    window.shutdown()
