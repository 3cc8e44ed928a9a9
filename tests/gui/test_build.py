"""Builds in the window against the real engine: steps, failure marks, cancel, analysis."""

from __future__ import annotations

import contextlib
import time
from pathlib import Path

import pytest

from tests.gui.conftest import wait_engine

pytestmark = pytest.mark.engine


@pytest.fixture
def tags(docker_client):
    made: list[str] = []
    yield made
    for tag in made:
        with contextlib.suppress(Exception):
            docker_client.images.remove(tag, force=True)


def _window(make_window, qtbot, path: Path, tag: str):
    window = make_window()
    wait_engine(qtbot, window)
    tab = window.open_path(path)
    window.actions_.tag.setText(tag)
    return window, tab


def test_build_shows_steps_and_ends_with_the_image_analysed(make_window, qtbot, project,
                                                             unique_tag, tags) -> None:
    tag = f"{unique_tag}:dev"
    tags.append(tag)
    window, tab = _window(make_window, qtbot, project, tag)
    with qtbot.waitSignal(window.loader.finished, timeout=180000) as loaded:
        window.actions_.build.trigger()
        assert window.builds.running and window.actions_.cancel.isEnabled()
        assert not window.actions_.build.isEnabled()
    assert loaded.args[0] is True, loaded.args[1]
    panel = window.build_panel
    rows = [panel.steps.topLevelItem(i) for i in range(panel.steps.topLevelItemCount())]
    # The Dockerfile's 8 instructions, then the engine's own LABEL steps for build labels.
    kinds = [r.text(1).split()[0].upper() for r in rows]
    assert kinds[:8] == ["FROM", "LABEL", "WORKDIR", "COPY", "RUN", "RUN", "ENV", "CMD"], \
        [r.text(1) for r in rows]
    assert set(kinds[8:]) <= {"LABEL"}
    assert all(r.text(2) in ("built", "cached") for r in rows)
    assert panel.progress.format() == "done"
    analysis = window.context.analysis
    assert analysis is not None and tag in analysis.info.repo_tags
    assert window.layers.tree.topLevelItemCount() == len(analysis.info.history)
    # The gutter shows what the COPY (line 5) added and the base size on FROM (line 2).
    qtbot.waitUntil(lambda: 5 in tab.editor.gutter_sizes, timeout=5000)
    assert tab.editor.gutter_sizes[5].endswith(" B") and \
        tab.editor.gutter_sizes[2].startswith("base ")
    # Clicking the RUN step row selects its two lines in the editor.
    panel._on_item(rows[4], 0)
    cursor = tab.editor.textCursor()
    assert tab.editor.document().findBlock(cursor.selectionStart()).blockNumber() + 1 == 6
    assert tab.editor.document().findBlock(cursor.selectionEnd()).blockNumber() + 1 == 7
    # The cursor on the COPY line selects its history step; the Layers dock follows.
    tab.editor.go_to_line(5)
    step = window.context.step
    assert "COPY" in analysis.info.history[step].created_by
    current = window.layers.tree.currentItem()
    assert current is not None and int(current.text(0)) == step
    assert tab.editor.step_lines == (5, 5)
    # Next/previous layer walk the shared selection.
    window.actions_.next_layer.trigger()
    first = window.context.step
    window.actions_.next_layer.trigger()
    assert window.context.step == first + 1
    window.actions_.previous_layer.trigger()
    assert window.context.step == first


def test_failed_step_is_marked_on_its_line(make_window, qtbot, tmp_path, unique_tag,
                                           tags) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:latest\n\nRUN echo about to fail && false\n")
    tags.append(f"{unique_tag}:x")
    window, tab = _window(make_window, qtbot, tmp_path, f"{unique_tag}:x")
    with qtbot.waitSignal(window.builds.finished, timeout=120000) as done:
        window.start_build()
    ok, message, _image = done.args
    assert not ok and "\n" not in message
    assert tab.editor.gutter_failed_line == 3
    assert window.build_panel.row(2).text(2) == "failed"
    assert window.actions_.build.isEnabled()


def test_cancel_mid_build(make_window, qtbot, tmp_path, unique_tag, tags,
                          docker_client) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:latest\nRUN echo start && sleep 60\n")
    tags.append(f"{unique_tag}:x")
    window, _tab = _window(make_window, qtbot, tmp_path, f"{unique_tag}:x")
    window.start_build()
    qtbot.waitUntil(lambda: "start" in window.build_panel.output.toPlainText(), timeout=60000)
    engine = window.engine.engine
    window.actions_.retry.trigger()  # reconnecting would cut the build's stream: refused
    assert window.engine.engine is engine and window.builds.running
    assert window.last_error.startswith("A build is running")
    started = time.monotonic()
    with qtbot.waitSignal(window.builds.finished, timeout=30000) as done:
        window.actions_.cancel.trigger()
    assert time.monotonic() - started < 20
    assert done.args[0] is False and "cancelled" in done.args[1]
    assert window.build_panel.progress.format() == "stopped"
    assert not window.builds.running
    qtbot.waitUntil(lambda: window.runner.running == 0, timeout=5000)

    def sleeping() -> list[object]:
        # sparse: no per-container inspect, which would race with other tests' clean-up.
        found = docker_client.containers.list(all=True, sparse=True,
                                              filters={"ancestor": "busybox:latest"})
        return [c for c in found if "sleep 60" in str(c.attrs.get("Command", ""))]

    # The engine may still be finishing the removal it was asked for.
    qtbot.waitUntil(lambda: not sleeping(), timeout=15000)


def test_closing_the_window_during_a_build_cancels_it(make_window, qtbot, tmp_path,
                                                      unique_tag, tags) -> None:
    (tmp_path / "Dockerfile").write_text("FROM busybox:latest\nRUN echo start && sleep 60\n")
    tags.append(f"{unique_tag}:x")
    window, _tab = _window(make_window, qtbot, tmp_path, f"{unique_tag}:x")
    window.start_build()
    qtbot.waitUntil(lambda: "start" in window.build_panel.output.toPlainText(), timeout=60000)
    started = time.monotonic()
    window.close()
    assert not window.isVisible()
    assert time.monotonic() - started < 20
    assert window.runner.running == 0 and window.runner.pool.activeThreadCount() == 0


def test_the_build_log_shows_the_engines_colours_not_escape_codes(make_window, qtbot,
                                                                  tmp_path, unique_tag,
                                                                  tags) -> None:
    tag = f"{unique_tag}:colour"
    tags.append(tag)
    project = tmp_path / "colour"
    project.mkdir()
    (project / "Dockerfile").write_text(
        "FROM busybox:latest\nRUN printf '\\033[91mred alert\\033[0m <b>plain</b>\\n'\n")
    window, _tab = _window(make_window, qtbot, project, tag)
    with qtbot.waitSignal(window.loader.finished, timeout=180000) as loaded:
        window.actions_.build.trigger()
    assert loaded.args[0] is True, loaded.args[1]
    output = window.build_panel.output
    text = output.toPlainText()
    # The program's own line (the Step echo above it quotes the Dockerfile's escapes).
    assert "red alert <b>plain</b>" in text.splitlines() and "\x1b" not in text
    found = output.document().find("red alert <b>")
    found.setPosition(found.selectionStart() + 1)  # the format of its first character
    colour = found.charFormat().foreground().color()
    assert (colour.red(), colour.green(), colour.blue()) == (255, 0, 0)


def test_gutter_sizes_follow_edits_go_stale_and_never_come_from_another_image(
        make_window, qtbot, project, unique_tag, tags) -> None:
    tag = f"{unique_tag}:gutter"
    tags.append(tag)
    window, tab = _window(make_window, qtbot, project, tag)
    with qtbot.waitSignal(window.loader.finished, timeout=180000) as loaded:
        window.actions_.build.trigger()
    assert loaded.args[0] is True, loaded.args[1]
    qtbot.waitUntil(lambda: 5 in tab.editor.gutter_sizes, timeout=5000)
    before = dict(tab.editor.gutter_sizes)
    # A line added above: every size moves down with its instruction.
    cursor = tab.editor.textCursor()
    cursor.setPosition(0)
    cursor.insertText("# one more comment\n")
    qtbot.waitUntil(lambda: tab.editor.gutter_sizes == {line + 1: text
                                                       for line, text in before.items()},
                    timeout=5000)
    # The COPY (now line 6) edited: its size is stale, the others stay.
    block = tab.editor.document().findBlockByNumber(5)
    assert block.text().startswith("COPY")
    cursor = tab.editor.textCursor()
    cursor.setPosition(block.position() + len(block.text()))
    cursor.insertText(" /extra/")
    qtbot.waitUntil(lambda: tab.editor.gutter_sizes.get(6) == "stale", timeout=5000)
    assert tab.editor.gutter_sizes[3].startswith("base ")
    # A new document that only names a base is not this image: no sizes at all.
    other = window.area.new_document("FROM debian:bookworm\n")
    qtbot.waitUntil(lambda: window.area.current() is other, timeout=5000)
    qtbot.wait(300)
    assert other.editor.gutter_sizes == {}


def test_squash_in_the_build_options_follows_the_engine(make_window, qtbot, tmp_path,
                                                        unique_tag, tags,
                                                        docker_client) -> None:
    offline = make_window(connect_engine=False)
    assert not offline.actions_.squash.isEnabled()
    assert "--experimental" in offline.actions_.squash.toolTip()
    tag = f"{unique_tag}:squashed"
    tags.append(tag)
    project = tmp_path / "squash"
    project.mkdir()
    (project / "Dockerfile").write_text(
        "FROM busybox:latest\nRUN echo one > /one\nRUN echo two > /two\n")
    window, _tab = _window(make_window, qtbot, project, tag)
    assert window.engine.engine.info.experimental  # the test engine runs --experimental
    assert window.actions_.squash.isEnabled()
    window.actions_.squash.setChecked(True)
    with qtbot.waitSignal(window.loader.finished, timeout=180000) as loaded:
        window.actions_.build.trigger()
    assert loaded.args[0] is True, loaded.args[1]
    base = len(docker_client.api.inspect_image("busybox:latest")["RootFS"]["Layers"])
    assert len(docker_client.api.inspect_image(tag)["RootFS"]["Layers"]) == base + 1


def test_after_a_rebuild_each_line_shows_the_size_of_the_layer_it_made_now(
        make_window, qtbot, project, unique_tag, tags) -> None:
    import json
    import subprocess
    import sys

    from workbench.core.units import human_size

    tag = f"{unique_tag}:rebuilt"
    tags.append(tag)
    window, tab = _window(make_window, qtbot, project, tag)

    def build_and_wait() -> None:
        with qtbot.waitSignal(window.loader.finished, timeout=180000) as loaded:
            window.actions_.build.trigger()
        assert loaded.args[0] is True, loaded.args[1]

    build_and_wait()
    # The RUN on line 6 writes more now; the lines above it come from the cache.
    block = tab.editor.document().findBlockByNumber(5)
    assert block.text().startswith("RUN echo")
    cursor = tab.editor.textCursor()
    cursor.setPosition(block.position() + len("RUN echo "))
    cursor.insertText('"$(seq 1 5000)" ')
    build_and_wait()
    report = json.loads(subprocess.run(
        [sys.executable, "-m", "workbench", "analyze", f"docker://{tag}", "--json", "-"],
        capture_output=True, text=True, check=True, timeout=300).stdout)
    size_of = {layer["command"]: layer["size_bytes"] for layer in report["layers"]}
    copy = next(size for command, size in size_of.items()
                if command.startswith("COPY") and "/app/" in command)
    run = next(size for command, size in size_of.items() if "seq 1 5000" in command)
    assert run > 20_000  # the numbers 1..5000 went into /app/build.txt
    qtbot.waitUntil(lambda: tab.editor.gutter_sizes.get(6) == human_size(run), timeout=5000)
    assert tab.editor.gutter_sizes[5] == human_size(copy)
