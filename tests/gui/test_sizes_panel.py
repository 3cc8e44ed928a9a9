"""The Sizes panel against the real engine: charts equal the engine's numbers, exports,
advice tried and applied (with a diff first, and the .dockerignore change undoable)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest

from workbench.core.advisor.advice import AdviceKind
from workbench.gui.selection import ImageContext
from workbench.gui.sizes.panel import SizesPanel
from workbench.gui.worker import JobRunner

pytestmark = pytest.mark.engine
SLOW = 120_000  # ms: builds share two cores with everyone


@pytest.fixture
def panel(qtbot, docker_client) -> Iterator[SizesPanel]:  # type: ignore[no-untyped-def]
    context = ImageContext()
    runner = JobRunner()
    widget = SizesPanel(context, runner)
    qtbot.addWidget(widget)
    widget.resize(900, 700)
    widget.show()
    yield widget
    assert runner.shutdown(60_000)


def open_dockerfile(panel: SizesPanel, directory: Path, text: str) -> Path:
    path = directory / "Dockerfile"
    path.write_text(text)
    panel.context.set_dockerfile(str(path), text)
    return path


def test_base_chart_shows_the_engines_numbers_and_exports(panel, qtbot, docker_client,  # type: ignore[no-untyped-def]
                                                          tmp_path: Path) -> None:
    panel.base_edit.setText("scratch, busybox:latest, alpine:latest")
    with qtbot.waitSignal(panel.bases_ready, timeout=SLOW):
        panel.measure_button.click()
    chart = panel.base_chart
    inspect = docker_client.api.inspect_image("busybox:latest")
    history = [h["Size"] for h in reversed(docker_client.api.history("busybox:latest"))
               if h["Size"]]
    busybox = [s for s in chart.segments if round(s.x) == 1]
    uncompressed = [s.height for s in busybox if s.x < 1]
    compressed = [s.height for s in busybox if s.x > 1]
    assert uncompressed == history and sum(uncompressed) == inspect["Size"]
    assert len(compressed) == len(history) and 0 < sum(compressed) < inspect["Size"]
    top_layer = busybox[0]
    assert f"{top_layer.height:,} bytes" in chart.tooltip_at(top_layer.x, top_layer.height / 2)
    assert chart.notes[0.0][0] == "0 B" and chart.tops[0.8] == "2.0 MB"
    if not docker_client.api.images(name="alpine"):
        assert chart.notes[2.0][0] == "not available"
        assert "pull failed" in chart.tooltip_at(2.0, 0)
        assert not [s for s in chart.segments if round(s.x) == 2]  # never a 0-byte bar
    panel.export("png", tmp_path / "bases.png")
    panel.export("svg", tmp_path / "bases.svg")
    panel.export("csv", tmp_path / "bases.csv")
    assert (tmp_path / "bases.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert "<svg" in (tmp_path / "bases.svg").read_text()
    rows = (tmp_path / "bases.csv").read_text().splitlines()
    assert rows[0].startswith("base,") and len(rows) == 1 + 1 + len(history) + 1


def test_variant_chart_shows_failures_as_failures(panel, qtbot, tmp_path: Path, caplog) -> None:  # type: ignore[no-untyped-def]
    open_dockerfile(panel, tmp_path, "FROM busybox:latest\nRUN echo v > /v\n")
    panel.base_edit.setText("scratch")  # plus the Dockerfile's own busybox:latest
    assert panel.base_names() == ["scratch", "busybox:latest"]
    with qtbot.waitSignal(panel.variants_ready, timeout=SLOW) as blocker:
        panel.variants_button.click()
    variants = blocker.args[0]
    chart = panel.variant_chart
    assert chart.notes[0.0][0] == "failed" and "/bin/sh" in chart.tooltip_at(0.0, 0)
    # The reason is in the panel and in the Log, not only in a tooltip.
    status = panel.status.text()
    assert "scratch: failed (Step 2 (line 2) failed:" in status and "/bin/sh" in status
    assert any("scratch" in r.getMessage() and "/bin/sh" in r.getMessage()
               for r in caplog.records if r.levelname == "WARNING")
    assert chart.tops[1.0].endswith(", 3 layers")
    built = [s.height for s in chart.segments if s.x == 1.0]
    assert sum(built) == variants[1].size and len(built) == variants[1].layer_count == 3
    panel.export("csv", tmp_path / "variants.csv")
    assert (tmp_path / "variants.csv").read_text().splitlines()[1].startswith("scratch,failed")
    # The whole build output, failed build first, then the built one.
    dialog = panel.show_build_output()
    assert dialog.base.currentText().startswith("scratch: ")
    assert "/bin/sh" in dialog.output.toPlainText() and "Step 1/" in dialog.output.toPlainText()
    dialog.base.setCurrentIndex(1)
    shown = dialog.output.toPlainText()
    assert "Step 2/4 : RUN echo v > /v" in shown and "/bin/sh" not in shown
    dialog.close()


def test_advice_is_tried_then_applied_after_its_diff(panel, qtbot, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    text = "FROM busybox:latest\nRUN dd if=/dev/zero of=/big bs=1K count=512\nRUN rm /big\n"
    open_dockerfile(panel, tmp_path, text)
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "pack").write_bytes(b"\1" * 4096)
    with qtbot.waitSignal(panel.advice_ready, timeout=SLOW):
        panel.advise_button.click()
    kinds = [a.kind for a in panel.advisor.advice]
    assert AdviceKind.CHAIN_RUNS in kinds and AdviceKind.DOCKERIGNORE in kinds
    panel.advisor.list.setCurrentRow(kinds.index(AdviceKind.CHAIN_RUNS))
    assert "-RUN rm /big" in panel.advisor.diff.toPlainText()
    assert panel.context.lines == (2, 3)  # the advice selects its lines in the editor
    with qtbot.waitSignal(panel.measurement_ready, timeout=SLOW) as blocker:
        panel.advisor.try_button.click()
    measurement = blocker.args[0]
    assert measurement.saved_bytes == 512 * 1024
    assert "saves 524.3 kB" in panel.advisor.result.text()
    assert [s.height for s in panel.advisor.chart.segments] == [measurement.before.size,
                                                               measurement.after.size]
    panel.advisor.export(tmp_path / "before-after.csv")
    panel.advisor.export(tmp_path / "before-after.svg")
    assert (tmp_path / "before-after.csv").read_text().splitlines()[1:] == [
        f"before,{measurement.before.size},4,{measurement.before.context_bytes},",
        f"after,{measurement.after.size},2,{measurement.after.context_bytes},"]
    assert "<svg" in (tmp_path / "before-after.svg").read_text()
    shown: list[str] = []
    panel.confirm_apply = lambda _advice, diff: shown.append(diff) or False
    panel.advisor.apply_button.click()
    assert panel.context.dockerfile_text == text  # declined: nothing changes
    panel.confirm_apply = lambda _advice, diff: shown.append(diff) or True
    edits: list[tuple[str, str, str]] = []
    panel.replace_text = lambda path, old, new: edits.append((path, old, new)) or True
    panel.advisor.apply_button.click()
    assert shown[0] == shown[1] and "+    && rm /big" in shown[0]
    assert len(edits) == 1 and edits[0][:2] == (str(tmp_path / "Dockerfile"), text)
    assert "&& rm /big" in edits[0][2]
    # The rest of the advice was made for the text before that edit: it is refused.
    panel.advisor.apply_button.click()
    assert len(edits) == 1 and "ask for advice again" in panel.status.text()
    panel.advisor.list.setCurrentRow(kinds.index(AdviceKind.DOCKERIGNORE))
    panel.advisor.apply_button.click()
    assert ".git" in (tmp_path / ".dockerignore").read_text().splitlines()
    panel.undo_ignore_button.click()
    assert not (tmp_path / ".dockerignore").exists()  # there was none before


def test_layer_chart_follows_the_analysed_image(panel) -> None:  # type: ignore[no-untyped-def]
    layers = [SimpleNamespace(size_bytes=1000, command="COPY busybox", diff_id="sha256:a"),
              SimpleNamespace(size_bytes=0, command="RUN true", diff_id="sha256:b"),
              SimpleNamespace(size_bytes=2_500_000, command="RUN dd", diff_id="sha256:c")]
    panel.context.set_analysis(SimpleNamespace(layers=layers))
    assert [s.height for s in panel.layer_chart.segments] == [1000, 0, 2_500_000]
    assert "RUN dd" in panel.layer_chart.tooltip_at(2, 1_000_000)


def test_a_hidden_chart_draws_only_when_shown(panel, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The layer chart sits in a tab that is not shown: a new analysis updates its numbers
    at once, but its graphics are built when the tab is opened (or for an export)."""
    import pyqtgraph as pg

    layers = [SimpleNamespace(size_bytes=(x + 1) * 1000, command=f"RUN step {x}",
                              diff_id=f"sha256:{x}") for x in range(40)]
    chart = panel.layer_chart
    assert panel.tabs.currentWidget() is not chart and not chart.isVisible()
    panel.context.set_analysis(SimpleNamespace(layers=layers))
    assert len(chart.segments) == 40 and "RUN step 39" in chart.tooltip_at(39, 100)

    def bars() -> list[pg.BarGraphItem]:
        return [i for i in chart.getPlotItem().items if isinstance(i, pg.BarGraphItem)]

    assert bars() == []  # nothing drawn while hidden
    panel.tabs.setCurrentWidget(chart)
    drawn = bars()
    assert len(drawn) == 1  # all segments in one item
    assert list(drawn[0].opts["height"]) == [(x + 1) * 1000 / 1e6 for x in range(40)]
    assert chart.getPlotItem().getAxis("left").isVisible()

    panel.tabs.setCurrentWidget(panel.base_chart)
    panel.context.set_analysis(SimpleNamespace(layers=layers[:2]))
    assert len(bars()[0].opts["height"]) == 40  # still the old drawing, out of sight
    panel.tabs.setCurrentWidget(panel.layer_chart)
    panel.tabs.setCurrentWidget(panel.base_chart)
    assert len(bars()[0].opts["height"]) == 2
    panel.context.set_analysis(SimpleNamespace(layers=layers))
    panel.export("png", tmp_path / "layers.png")  # exports the current tab: bases
    chart.export_png(tmp_path / "hidden.png")  # a hidden chart draws first, then exports
    assert len(bars()[0].opts["height"]) == 40 and (tmp_path / "hidden.png").stat().st_size
