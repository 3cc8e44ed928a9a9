"""The layer timeline and the summary, on a small analysed image made in the test."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from PySide6.QtCore import QPoint, Qt

from workbench.core.analysis.analyze import Analysis, analyze_scans
from workbench.core.linking import Origin
from workbench.core.model import Entry, HistoryStep, ImageInfo, Kind, Layer, LayerScan
from workbench.gui.layers.steps import bar_fraction, layer_for_step, step_for_layer
from workbench.gui.layers.timeline import TimelinePanel, tooltip
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner


def entry(path: str, kind: Kind = Kind.FILE, size: int = 0, mode: int = 0o644,
          digest: str | None = None) -> Entry:
    return Entry(path, kind, size, mode, digest=digest)


def small_analysis() -> Analysis:
    """Base layer, a RUN that rewrites /etc/passwd, a RUN that deletes it; two meta steps."""
    scans = [
        LayerScan("sha256:a", [entry("bin", Kind.DIR, mode=0o755), entry("bin/sh", size=100),
                               entry("etc", Kind.DIR, mode=0o755), entry("etc/passwd", size=50)]),
        LayerScan("sha256:b", [entry("etc", Kind.DIR, mode=0o755),
                               entry("etc/passwd", size=60, digest="x"),
                               entry("usr", Kind.DIR, mode=0o755), entry("usr/bin", Kind.DIR),
                               entry("usr/bin/su", size=10, mode=0o4755),
                               entry("tmp", Kind.DIR, mode=0o1777)]),
        LayerScan("sha256:c", [entry("etc", Kind.DIR, mode=0o755),
                               entry("etc/passwd", Kind.WHITEOUT),
                               entry("data", Kind.DIR, mode=0o755),
                               entry("data/big", size=1000)]),
    ]
    history = [
        HistoryStep(0, "/bin/sh -c #(nop) ADD file:abc in / ", layer_index=0),
        HistoryStep(1, '/bin/sh -c #(nop)  CMD ["sh"]', empty_layer=True),
        HistoryStep(2, "/bin/sh -c echo x > /etc/passwd", layer_index=1),
        HistoryStep(3, "/bin/sh -c #(nop)  ENV A=b", empty_layer=True),
        HistoryStep(4, "/bin/sh -c rm /etc/passwd", layer_index=2),
    ]
    layers = [Layer(i, scan.diff_id, scan.size, history_index=h, command=history[h].created_by)
              for i, (scan, h) in enumerate(zip(scans, (0, 2, 4), strict=True))]
    info = ImageInfo("sha256:img", {}, history, layers, source="synthetic")
    return analyze_scans(info, scans)


DOCKERFILE = "FROM base:1\nRUN echo x > /etc/passwd\nENV A=b\nRUN rm /etc/passwd\n"


@pytest.fixture
def panel(qtbot) -> Iterator[TimelinePanel]:  # type: ignore[no-untyped-def]
    context = ImageContext()
    runner = JobRunner()
    widget = TimelinePanel(context, runner)
    qtbot.addWidget(widget)
    widget.resize(900, 260)
    widget.show()
    yield widget
    assert runner.shutdown(5000)


def test_one_entry_per_step_with_metadata_as_zero_bytes(panel: TimelinePanel) -> None:
    panel.context.set_analysis(small_analysis())
    rows = panel.rows
    assert [(r.keyword, r.size, r.layer) for r in rows] == [
        ("ADD", 150, 0), ("CMD", 0, None), ("RUN", 70, 1), ("ENV", 0, None), ("RUN", 1000, 2)]
    assert rows[2].added == 4 and rows[2].modified == 1 and rows[4].removed == 1
    assert rows[2].wasted == 60 and rows[2].reclaimable == 60
    # No Dockerfile and no time stamps: no base group, every step its own column.
    assert len(panel.canvas.slots) == 5
    text = tooltip(panel.canvas.slots[2], 0)
    assert "RUN echo x > /etc/passwd" in text and "Added 4, modified 1, removed 0" in text
    assert "Wasted (dive): 60 B" in text and "Reclaimable by squashing: 60 B" in text
    assert "Metadata only" in tooltip(panel.canvas.slots[1], 0)
    assert not panel.canvas.grab().isNull()  # painting works on every kind of column


def test_summary_shows_the_analysis_numbers(panel: TimelinePanel) -> None:
    panel.context.set_analysis(small_analysis())
    labels = {key: re.sub(r"<[^>]+>", "", label.text())
              for key, label in panel.summary.labels.items()}
    assert labels == {"size": "1.2 kB", "layers": "3 (5 steps)", "efficiency": "91.0 %",
                      "wasted": "110 B", "user_wasted": "10.3 %", "reclaimable": "110 B"}


def test_summary_numbers_lead_to_their_layer_and_file(panel: TimelinePanel) -> None:
    analysis = small_analysis()
    panel.context.set_analysis(analysis)
    assert 'href="wasted"' in panel.summary.labels["wasted"].text()
    top = max(analysis.metrics.inefficient_files, key=lambda f: f.size)
    panel.summary.labels["wasted"].linkActivated.emit("wasted")
    assert panel.context.path == top.path
    assert panel.context.step == step_for_layer(analysis, top.layers[-1])
    panel.summary.labels["size"].linkActivated.emit("size")
    biggest = max(analysis.layers, key=lambda r: r.size_bytes)
    assert panel.context.step == step_for_layer(analysis, biggest.index)


def test_click_and_arrow_keys_select_steps(panel: TimelinePanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    panel.context.set_analysis(small_analysis())
    canvas = panel.canvas
    width = canvas._column_width()
    with qtbot.waitSignal(panel.context.step_selected) as signal:
        qtbot.mouseClick(canvas, Qt.MouseButton.LeftButton, pos=QPoint(width * 2 + 5, 60))
    assert signal.args == [2]
    qtbot.keyClick(canvas, Qt.Key.Key_Right)
    assert panel.context.step == 3
    qtbot.keyClick(canvas, Qt.Key.Key_End)
    assert panel.context.step == 4
    qtbot.keyClick(canvas, Qt.Key.Key_Right)  # stays on the last step
    assert panel.context.step == 4
    qtbot.keyClick(canvas, Qt.Key.Key_Home)
    assert panel.context.step == 0
    assert canvas.selected == 0


def test_linked_dockerfile_groups_base_and_links_both_ways(panel: TimelinePanel, qtbot) -> None:  # type: ignore[no-untyped-def]
    context = panel.context
    context.set_analysis(small_analysis())
    context.set_dockerfile("Dockerfile", DOCKERFILE)
    linking = panel.linking
    assert linking is not None and linking.base_count == 2
    assert [r.origin for r in panel.rows] == [Origin.BASE] * 2 + [Origin.DOCKERFILE] * 3
    # Folded base: one group column, then the three own steps.
    assert [s.group for s in panel.canvas.slots] == [True, False, False, False]
    assert "Linked to the Dockerfile" in panel.link_label.text()

    context.select_step(2)
    assert context.lines == (2, 2)
    context.select_lines(4, 4)
    assert context.step == 4 and panel.canvas.highlighted == {4}
    context.select_lines(3, 4)  # the current step is among the range's: it stays
    assert context.step == 4 and panel.canvas.highlighted == {3, 4}
    context.select_step(0)  # a base step has no line
    assert context.lines == (0, 0)

    # Clicking the folded group opens it; the band above base columns folds it again.
    width = panel.canvas._column_width()
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 80))
    assert len(panel.canvas.slots) == 5 and not panel.fold_box.isChecked()
    qtbot.mouseClick(panel.canvas, Qt.MouseButton.LeftButton, pos=QPoint(width + 5, 2))
    assert len(panel.canvas.slots) == 4 and panel.fold_box.isChecked()


def test_stale_and_unrelated_dockerfiles_say_so(panel: TimelinePanel) -> None:
    context = panel.context
    context.set_analysis(small_analysis())
    context.set_dockerfile("Dockerfile", DOCKERFILE.replace("rm /etc/passwd", "rm -f /etc/x"))
    assert "rebuild" in panel.link_label.text()
    assert "text differs" in tooltip(panel.canvas.slots[-1], 2)
    context.set_dockerfile("Dockerfile", "FROM a\nCOPY x /x\nCOPY y /y\nCOPY z /z\n")
    assert "does not follow" in panel.link_label.text()
    assert panel.linking is not None and not panel.linking.linked


def test_scale_and_step_helpers() -> None:
    assert bar_fraction(0, 100, True) == 0.0
    assert bar_fraction(50, 100, False) == 0.5
    assert 0.8 < bar_fraction(50, 100, True) < 1.0  # log keeps small layers visible
    analysis = small_analysis()
    assert layer_for_step(analysis, 3) == 1 and layer_for_step(analysis, 1) == 0
    assert step_for_layer(analysis, 2) == 4 and step_for_layer(analysis, 7) == -1


def test_layers_without_history_get_their_own_columns(panel: TimelinePanel) -> None:
    analysis = small_analysis()
    del analysis.info.history[4]  # the last layer is described by no history step
    panel.context.set_analysis(analysis)
    assert [(r.index, r.layer) for r in panel.rows if not r.empty] == [(0, 0), (2, 1), (4, 2)]
    assert panel.rows[4].size == 1000 and panel.rows[4].keyword == "?"
    assert step_for_layer(analysis, 2) == 4 and layer_for_step(analysis, 4) == 2
