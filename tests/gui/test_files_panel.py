"""The file explorer and the inefficient-files list, on a small analysed image."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QModelIndex

from tests.gui.test_timeline import small_analysis
from workbench.core.model import Kind, Status
from workbench.gui.layers.files_panel import MERGED, FilesPanel
from workbench.gui.layers.tree_model import FileTreeModel, build_view, permission_string
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner


@pytest.fixture
def panel(qtbot) -> Iterator[FilesPanel]:  # type: ignore[no-untyped-def]
    context = ImageContext()
    runner = JobRunner()
    widget = FilesPanel(context, runner)
    qtbot.addWidget(widget)
    widget.resize(900, 600)
    widget.show()
    yield widget
    assert runner.shutdown(5000)


def wait_view(qtbot, panel: FilesPanel) -> None:  # type: ignore[no-untyped-def]
    qtbot.waitUntil(lambda: not panel.busy, timeout=5000)


def rows(model: FileTreeModel, parent: QModelIndex | None = None) -> list[str]:
    """Every shown path, depth first (the test tree is tiny)."""
    parent = parent or QModelIndex()
    found = []
    for row in range(model.rowCount(parent)):
        index = model.index(row, 0, parent)
        found.append(model.node(index).path)
        found.extend(rows(model, index))
    return found


def cells(model: FileTreeModel, path: str) -> list[str]:
    index = model.index_for_path(path)
    assert index.isValid(), path
    return [model.data(index.siblingAtColumn(c)) for c in range(model.columnCount())]


def test_layer_view_columns_and_marks(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.context.set_analysis(small_analysis())
    panel.context.select_step(2)  # the RUN that made layer 1
    wait_view(qtbot, panel)
    model = panel.model
    assert rows(model) == ["etc", "etc/passwd", "tmp", "usr", "usr/bin", "usr/bin/su"]
    assert cells(model, "usr/bin/su") == ["su", "10 B", "added", "file", "-rwsr-xr-x", "0:0",
                                          "1", "set-uid"]
    assert cells(model, "tmp")[4:] == ["drwxrwxrwt", "0:0", "1", "world-writable (sticky)"]
    assert cells(model, "etc/passwd")[2] == "modified"
    assert cells(model, "usr")[1] == "10 B"  # folder sizes rolled up
    assert "6 of 6 entries" in panel.message.text()


def test_status_regex_and_sort(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.context.set_analysis(small_analysis())
    panel.context.select_step(2)
    wait_view(qtbot, panel)
    panel.status_boxes[Status.ADDED].setChecked(False)
    wait_view(qtbot, panel)
    # Folders stay when something below them shows; added leaves go.
    assert rows(panel.model) == ["etc", "etc/passwd"]
    panel.status_boxes[Status.ADDED].setChecked(True)
    panel.filter_edit.setText("su$")
    qtbot.waitUntil(lambda: rows(panel.model) == ["usr", "usr/bin", "usr/bin/su"], timeout=3000)
    panel.filter_edit.setText("([")
    qtbot.waitUntil(lambda: "not a valid regular expression" in panel.message.text(),
                    timeout=3000)
    panel.filter_edit.setText("")
    panel.set_mode(MERGED)
    panel.sort_box.setCurrentIndex(panel.sort_box.findData("size"))
    wait_view(qtbot, panel)
    top = [panel.model.node(panel.model.index(r, 0)).name for r in range(panel.model.rowCount())]
    assert top == ["bin", "etc", "usr", "tmp"]  # 100, 60, 10, 0 bytes


def test_metadata_step_and_merged_view(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.context.set_analysis(small_analysis())
    panel.context.select_step(3)  # ENV: no layer of its own
    assert "changed only metadata" in panel.message.text()
    assert panel.model.rowCount() == 0
    panel.set_mode(MERGED)
    wait_view(qtbot, panel)
    assert panel.layer == 1
    assert rows(panel.model) == ["bin", "bin/sh", "etc", "etc/passwd", "tmp", "usr", "usr/bin",
                                 "usr/bin/su"]
    assert cells(panel.model, "bin/sh")[2] == "unchanged"
    panel.context.select_step(4)
    wait_view(qtbot, panel)
    assert cells(panel.model, "etc/passwd")[2] == "removed"
    assert "data/big" in rows(panel.model)


def test_inefficient_list_jumps_to_layer_and_path(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    context = panel.context
    context.set_analysis(small_analysis())
    wait_view(qtbot, panel)
    listing = panel.inefficient
    assert listing.topLevelItemCount() == 1
    item = listing.topLevelItem(0)
    assert [item.text(c) for c in range(3)] == ["/etc/passwd", "110 B", "3"]
    children = [item.child(i).text(0) for i in range(item.childCount())]
    assert children == ["layer 0: created", "layer 1: overwritten", "layer 2: deleted"]
    listing.itemClicked.emit(item.child(1), 0)
    assert context.step == 2 and context.path == "etc/passwd"
    wait_view(qtbot, panel)
    assert panel.layer == 1
    current = panel.tree.currentIndex()
    assert panel.model.node(current).path == "etc/passwd"


def test_path_selection_follows_and_expand_all(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.context.set_analysis(small_analysis())
    panel.context.select_step(2)
    wait_view(qtbot, panel)
    panel.context.select_path("usr/bin/su")
    assert panel.selected_path() == "usr/bin/su"
    panel.tree.collapseAll()
    panel.expand_all()
    assert panel.tree.isExpanded(panel.model.index_for_path("usr/bin"))
    # Selecting in the tree drives the shared selection.
    panel.tree.setCurrentIndex(panel.model.index_for_path("tmp"))
    assert panel.context.path == "tmp"


def test_build_view_on_a_deep_tree_without_recursion() -> None:
    from workbench.core.analysis.filetree import FileTree, NodeSpec

    parts = [f"d{i}" for i in range(2000)]  # deeper than Python's recursion limit
    specs = [NodeSpec("/".join(parts[: i + 1]), Kind.DIR) for i in range(len(parts))]
    specs.append(NodeSpec("/".join(parts) + "/leaf", Kind.FILE, 5, status=Status.ADDED))
    view = build_view(FileTree.build(specs).root, [Status.ADDED], None, "name")
    assert view.shown == 2001 and view.matched == 1


def test_permission_strings() -> None:
    assert permission_string(Kind.FILE, 0o2755) == "-rwxr-sr-x"
    assert permission_string(Kind.FILE, 0o4644) == "-rwSr--r--"
    assert permission_string(Kind.DIR, 0o1777) == "drwxrwxrwt"
    assert permission_string(Kind.SYMLINK, 0o777) == "lrwxrwxrwx"


def test_big_folders_reach_the_view_in_batches(qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.core.analysis.filetree import FileTree, NodeSpec
    from workbench.gui.layers.tree_model import FETCH_BATCH

    tree = FileTree.build([NodeSpec(f"big/x{i:05d}", Kind.FILE, i) for i in range(2500)])
    model = FileTreeModel()
    model.set_view(build_view(tree.root))
    big = model.index_for_path("big")
    assert model.rowCount(big) == FETCH_BATCH and model.canFetchMore(big)
    model.fetchMore(big)
    assert model.rowCount(big) == 2 * FETCH_BATCH
    # Revealing a path further down loads the rows up to it.
    index = model.index_for_path("big/x02400")
    assert index.isValid() and model.node(index).size == 2400
    assert model.rowCount(big) == 2401
    model.fetchMore(big)
    assert model.rowCount(big) == 2500 and not model.canFetchMore(big)


def test_layer_without_history_step_is_browsable(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    analysis = small_analysis()
    del analysis.info.history[4]
    panel.context.set_analysis(analysis)
    panel.context.select_step(4)
    wait_view(qtbot, panel)
    assert panel.layer == 2 and "data/big" in rows(panel.model)


def test_double_click_on_layer_column_selects_the_writing_step(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    from workbench.gui.layers.files_panel import LAYER_COLUMN

    panel.context.set_analysis(small_analysis())
    panel.set_mode(MERGED)
    panel.context.select_step(4)
    wait_view(qtbot, panel)
    index = panel.model.index_for_path("usr/bin/su").siblingAtColumn(LAYER_COLUMN)
    assert panel.model.data(index) == "1"
    panel.tree.doubleClicked.emit(index)
    assert panel.context.step == 2  # the RUN that made layer 1
    wait_view(qtbot, panel)
    assert panel.layer == 1


def test_replaced_trees_are_freed_without_the_collector(panel: FilesPanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    import gc
    import weakref

    panel.context.set_analysis(small_analysis())
    panel.context.select_step(2)
    wait_view(qtbot, panel)
    (old,) = panel._trees.values()
    node = old.find("usr/bin/su")
    assert node is not None and node.parent is not None
    gone = weakref.ref(old)
    del old, node
    was_enabled = gc.isenabled()
    gc.disable()  # only reference counting may free it: a tree holds no cycles
    try:
        panel.context.select_step(4)
        qtbot.waitUntil(lambda: not panel.busy and panel.runner.running == 0, timeout=5000)
        assert gone() is None
    finally:
        if was_enabled:
            gc.enable()
    assert rows(panel.model)[0] == "data"  # the new view is intact
    assert panel.model.node(panel.model.index_for_path("data/big")).path == "data/big"


@pytest.mark.engine
def test_a_hard_link_shows_its_files_size_and_what_it_is_linked_to(build_image,  # type: ignore[no-untyped-def]
                                                                   docker_client) -> None:
    from workbench.core.analysis.analyze import analyze
    from workbench.core.image.open import open_image
    from workbench.gui.layers.tree_model import cell_text

    image = build_image("FROM busybox:latest\nRUN echo hello-world > /a && ln /a /b\n")
    analysis = analyze(open_image(f"docker://{image}", client=docker_client))
    tree = analysis.layer_changes(len(analysis.layers) - 1)
    first, second = tree.find("a"), tree.find("b")
    assert first is not None and second is not None
    link, target = (second, first) if second.kind is Kind.HARDLINK else (first, second)
    assert link.kind is Kind.HARDLINK and target.kind is Kind.FILE
    assert cell_text(tree, link.index, 1) == cell_text(tree, target.index, 1) == "12 B"
    assert f"= /{target.path} (hard link)" in cell_text(tree, link.index, 0)
