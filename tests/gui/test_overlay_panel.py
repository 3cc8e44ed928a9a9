"""The Overlay panel: driving the live sandbox (a real mount, as root) and stepping layers."""

from __future__ import annotations

import gc
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

from tests.gui.test_timeline import small_analysis
from workbench.core.model import Kind
from workbench.core.overlay.listing import ListedEntry
from workbench.core.overlay.mount import can_mount_overlay
from workbench.core.overlay.stale import labelled_mounts
from workbench.gui.overlay.listing_tree import pane_trees
from workbench.gui.overlay.panel import OverlayPanel
from workbench.gui.overlay.panes import PATH_ROLE, ListingPane
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner


@pytest.fixture
def panel(qtbot) -> Iterator[OverlayPanel]:  # type: ignore[no-untyped-def]
    context = ImageContext()
    runner = JobRunner()
    widget = OverlayPanel(context, runner)
    qtbot.addWidget(widget)
    widget.resize(1200, 700)
    widget.show()
    yield widget
    assert runner.shutdown(10000)
    widget.shutdown()


def click_path(qtbot, pane, path: str) -> None:  # type: ignore[no-untyped-def]
    index = pane.index_for(path)
    assert index.isValid(), path
    pane.tree.scrollTo(index)
    rect = pane.tree.visualRect(index)
    qtbot.mouseClick(pane.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def upper_marks(panel: OverlayPanel, path: str) -> str:
    item = panel.upper.item_for(path)
    assert item is not None, path
    return item.text(1)


def run_action(qtbot, panel: OverlayPanel, name: str) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        qtbot.mouseClick(panel.sandbox_controls.buttons[name], Qt.MouseButton.LeftButton)


@pytest.mark.overlay
def test_sandbox_driven_through_the_panel_on_a_real_mount(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    assert can_mount_overlay()[0]
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        panel.source.setCurrentIndex(2)
    sandbox = panel.sandbox
    assert sandbox is not None and sandbox.mode == "real"
    root = Path(sandbox.root)  # type: ignore[attr-defined]
    assert root / "merged" in labelled_mounts()
    assert panel.sandbox_controls.badge.property("mode") == "real"
    assert "mount -t overlay overlay -o lowerdir=" in panel.mount_line.text()
    assert panel.work.isVisible() and panel.work.item_for("work") is not None
    assert panel.merged.item_for("file2").text(4) == "upper"

    # Select file1 in merged: every pane follows; Modify copies it up, Delete whiteouts it.
    click_path(qtbot, panel.merged, "file1")
    assert panel.selected_path() == "file1"
    assert panel.lowers.selected_path() == "file1"
    run_action(qtbot, panel, "Modify")
    assert "copy-up" in upper_marks(panel, "file1")
    assert panel.upper.selected_path() == "file1"  # the selection survives the refresh
    run_action(qtbot, panel, "Delete")
    assert upper_marks(panel, "file1") == "whiteout (char 0/0)"
    assert panel.merged.item_for("file1") is None

    # The command line: a new dir renamed in merged becomes opaque in upper.
    controls = panel.sandbox_controls
    for line in ("mkdir d", "rename d x"):
        with qtbot.waitSignal(panel.view_shown, timeout=10000):
            qtbot.keyClicks(controls.line, line)
            qtbot.keyClick(controls.line, Qt.Key.Key_Return)
    assert upper_marks(panel, "x").startswith("opaque")
    assert controls.log.toPlainText().splitlines()[-2:] == ["mkdir d: ok", "rename d x: ok"]

    # Three lowerdirs in a chosen order: the top-most one wins `shared`.
    controls.lower_count.setValue(3)
    controls.set_order(["lower3", "lower1", "lower2"])
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        qtbot.mouseClick(controls.new_button, Qt.MouseButton.LeftButton)
    assert not root.exists()  # the old sandbox was unmounted and removed
    assert panel.merged.item_for("shared").text(4) == "lower3"
    assert panel.sandbox is not None and panel.sandbox.lower_names == [
        "lower3", "lower1", "lower2"]
    new_root = Path(panel.sandbox.root)  # type: ignore[attr-defined]
    panel.shutdown()
    assert not new_root.exists() and new_root / "merged" not in labelled_mounts()


def test_bad_command_is_a_sentence_not_a_crash(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        panel.source.setCurrentIndex(2)
    with qtbot.waitSignal(panel.error_shown, timeout=2000) as error:
        panel.run_command("frob x")
    assert "Unknown operation 'frob'" in error.args[0]


def test_image_stack_follows_the_selected_step(qtbot, panel) -> None:  # type: ignore[no-untyped-def]
    analysis = small_analysis()
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        panel.context.set_analysis(analysis)
    assert panel.stack_controls.spin.value() == 2 and not panel.work.isVisible()
    assert panel.upper.item_for("etc/passwd").text(0) == ".wh.passwd"
    assert panel.merged.item_for("etc/passwd") is None
    assert panel.merged.item_for("data/big").text(4) == "layer 2"
    # Stepping back to the step that made layer 1 shows passwd again, from layer 1.
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        panel.context.select_step(2)
    assert panel.stack_controls.spin.value() == 1
    assert panel.merged.item_for("etc/passwd").text(4) == "layer 1"
    assert "copy-up" in panel.upper.item_for("etc/passwd").text(1)
    assert panel.merged.item_for("data") is None
    # Clicking a path selects it in every pane and in the shared context.
    click_path(qtbot, panel.merged, "bin/sh")
    assert panel.context.path == "bin/sh" and panel.lowers.selected_path() == "bin/sh"
    with qtbot.waitSignal(panel.view_shown, timeout=10000):
        panel.stack_controls.slider.setValue(0)
    assert panel.lowers.row_count() == 0
    assert {panel.merged.item_for(p).text(4) for p in ("bin", "etc/passwd")} == {"layer 0"}
    assert all(word in panel.legend.text() for word in ("copy-up", "whiteout", "opaque"))


@pytest.mark.engine
def test_running_container_edits_appear_in_upper(  # type: ignore[no-untyped-def]
        qtbot, panel, docker_client, unique_tag) -> None:
    from workbench.core.labels import labels

    container = docker_client.containers.run(
        "busybox:latest", ["sleep", "300"], detach=True, name=unique_tag,
        labels=labels("overlay-test"), network_mode="none")
    try:
        with qtbot.waitSignal(panel.container_controls.combo.model().rowsInserted,
                              timeout=20000):
            panel.source.setCurrentIndex(1)  # lists running containers on first show
        assert panel.container_controls.combo.findData(container.id) >= 0
        qtbot.waitUntil(lambda: panel.upper.row_count() > 0
                        or panel.merged.row_count() > 0, timeout=20000)
        assert container.exec_run(["rm", "/bin/ls"]).exit_code == 0
        with qtbot.waitSignal(panel.view_shown, timeout=20000):
            panel.show_container(container.id)
        assert upper_marks(panel, "bin/ls") == "whiteout (char 0/0)"
        assert "D /bin/ls" in panel.container_controls.changes.toPlainText()
        assert "UpperDir=" in panel.mount_line.text()
        assert panel.lowers.row_count() >= 2  # init layer + image layers
    finally:
        container.remove(force=True)


def test_stale_sandbox_of_a_dead_run_is_offered_for_clean_up(qtbot) -> None:  # type: ignore[no-untyped-def]
    import tempfile

    leftover = Path(tempfile.mkdtemp(prefix="image-workbench-overlay-"))
    (leftover / "owner.pid").write_text("999999999")  # no such process
    (leftover / "upper").mkdir()
    context, runner = ImageContext(), JobRunner()
    widget = OverlayPanel(context, runner)
    qtbot.addWidget(widget)
    try:
        button = widget.sandbox_controls.stale_button
        qtbot.waitUntil(lambda: not button.isHidden(), timeout=5000)
        assert str(leftover) in button.toolTip()
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: not leftover.exists(), timeout=5000)
        qtbot.waitUntil(button.isHidden, timeout=5000)
        assert f"{leftover}: removed" in widget.status.text()
    finally:
        assert runner.shutdown(5000)
        widget.shutdown()
        if leftover.exists():
            import shutil

            shutil.rmtree(leftover)


def _big_listing(dirs: int, files: int) -> list[ListedEntry]:
    entries = []
    for d in range(dirs):
        entries.append(ListedEntry(f"d{d}", Kind.DIR, 0o755, origin="layer 1"))
        entries.extend(ListedEntry(f"d{d}/f{f}", Kind.FILE, 0o644, size=f, origin="layer 1")
                       for f in range(files))
    return entries


def test_a_replaced_listing_is_freed_without_the_garbage_collector(qtbot) -> None:  # type: ignore[no-untyped-def]
    """Rows hold their parent weakly: a pane given a new tree frees the old one by
    reference counting, with no wait for a full collection on the UI thread."""
    import weakref

    pane = ListingPane("merged")
    qtbot.addWidget(pane)
    trees = pane_trees([], _big_listing(50, 20), [], None)
    pane.set_tree(trees.upper)
    leaf = weakref.ref(trees.upper.by_path["d49/f19"][0])
    assert leaf().parent is trees.upper.by_path["d49"][0]  # type: ignore[union-attr]
    del trees
    enabled = gc.isenabled()
    gc.disable()
    try:
        pane.set_tree(pane_trees([], _big_listing(2, 2), [], None).upper)
        assert leaf() is None, "the old tree waits for the cyclic garbage collector"
    finally:
        if enabled:
            gc.enable()


def test_a_cancelled_job_stops_building_rows() -> None:
    from workbench.core.errors import CancelledError
    from workbench.core.progress import CancelToken

    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        pane_trees([], _big_listing(3, 3), [], None, token)


def test_listing_rows_are_built_off_the_model_and_served_lazily(qtbot) -> None:  # type: ignore[no-untyped-def]
    """A 30k-entry layer: the rows (names, marks, parents, path index) come ready from
    ``pane_trees`` (run by the panel's jobs), and showing them on the UI thread is a model
    reset that touches only the expanded top rows."""
    upper = [*_big_listing(300, 100), ListedEntry("d0/.wh.gone", Kind.WHITEOUT, 0, rdev="0/0")]
    lowers = [("lower1", [ListedEntry("d1", Kind.DIR, 0o755),
                          ListedEntry("d1/f1", Kind.FILE, 0o644, size=1),
                          ListedEntry("d0", Kind.DIR, 0o755),
                          ListedEntry("d0/gone", Kind.FILE, 0o644)])]
    trees = pane_trees(lowers, upper, [], None)
    tree = trees.upper
    assert tree.size == len(upper) and len(tree.root.children) == 300
    gone = tree.by_path["d0/gone"][0]  # a whiteout is found under the path it deletes
    assert gone.text(0) == ".wh.gone" and gone.text(1) == "whiteout (char 0/0)"
    assert gone.parent is tree.by_path["d0"][0]
    # d1/f1 is also in the lowerdir: upper holds a copy-up; d2/f1 is new.
    assert [tree.by_path[p][0].text(1) for p in ("d1/f1", "d2/f1")] == ["copy-up", ""]
    assert trees.lowers.grouped and trees.lowers.root.children[0].text(0) == "lower1"

    pane = ListingPane("upper")
    qtbot.addWidget(pane)
    pane.resize(600, 400)
    pane.show()
    # The collector's timer may fall in the 20 ms below and pass over the whole test
    # process: a pass now leaves nothing due, so the time is the pane's own.
    gc.collect()
    started = time.thread_time()
    pane.set_tree(tree)
    qtbot.wait(20)  # let the view lay out and paint what is visible
    spent = time.thread_time() - started
    assert spent < 0.15, f"showing 30k prebuilt rows took {spent * 1000:.0f} ms of CPU"
    model = pane.model
    assert pane.row_count() == 300
    d5 = model.index(5, 0)
    assert model.data(d5) == "d5" and model.rowCount(d5) == 100
    f7 = model.index(7, 3, d5)
    assert model.data(f7) == "7 B" and model.parent(f7) == d5
    assert model.data(model.index(7, 0, d5), PATH_ROLE) == "d5/f7"
    assert model.data(pane.index_for("d0/gone"), Qt.ItemDataRole.ForegroundRole) is not None
    assert pane.select_path("d299/f99") and pane.selected_path() == "d299/f99"
    assert not pane.select_path("nowhere") and pane.selected_path() in ("", "d299/f99")


def test_a_hidden_panel_merges_layers_only_when_shown(qtbot) -> None:  # type: ignore[no-untyped-def]
    context, runner = ImageContext(), JobRunner()
    widget = OverlayPanel(context, runner)
    qtbot.addWidget(widget)
    try:
        shown: list[str] = []
        widget.view_shown.connect(shown.append)
        context.set_analysis(small_analysis())  # the panel is not visible: no job
        qtbot.wait(200)
        assert shown == [] and widget.merged.row_count() == 0
        with qtbot.waitSignal(widget.view_shown, timeout=10000):
            widget.show()
        assert shown == ["stack"] and widget.merged.item_for("data/big") is not None
    finally:
        assert runner.shutdown(5000)
        widget.shutdown()


def test_a_new_image_frees_the_old_ones_trees_without_the_collector(qtbot) -> None:  # type: ignore[no-untyped-def]
    """The collector freezes what a full pass keeps (``collector``): the old image's
    layer trees and rows must go by reference counting alone, or they would stay."""
    import sys
    import weakref

    context, runner = ImageContext(), JobRunner()
    widget = OverlayPanel(context, runner)
    qtbot.addWidget(widget)
    enabled = gc.isenabled()
    try:
        with qtbot.waitSignal(widget.view_shown, timeout=10000):
            widget.show()
            context.set_analysis(small_analysis())
        gone = [weakref.ref(context.analysis), weakref.ref(widget.merged.item_for("data/big"))]
        layer_tree = widget._layer_trees[0]  # a core tree node: no weak references
        gc.disable()
        with qtbot.waitSignal(widget.view_shown, timeout=10000):
            context.set_analysis(small_analysis())
        qtbot.waitUntil(lambda: runner.running == 0, timeout=10000)
        assert [ref() for ref in gone] == [None, None]
        assert sys.getrefcount(layer_tree) == 2  # this name and the call's argument only
        assert widget.merged.item_for("data/big") is not None  # the new image's
    finally:
        if enabled:
            gc.enable()
        assert runner.shutdown(5000)
        widget.shutdown()
