"""The Review dock's verdict in the real window, against the real engine: a built image
fails with every reason listed, a clicked reason selects its line, its layer's step and
its file, and the reports are the core's."""

from __future__ import annotations

import contextlib
import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import wait_engine
from tests.gui.test_compare_window import build, review_panel

pytestmark = pytest.mark.engine
SLOW = 240_000

SETUID = ("FROM busybox:latest\n"
          "RUN mkdir -p /usr/local/bin && cp /bin/true /usr/local/bin/tool && "
          "chmod 4755 /usr/local/bin/tool\n"
          'CMD ["sh"]\n')
BUDGETS = "budgets:\n  max-layers: 2\n  max-size: 100MB\nhardening:\n  fail-on: warning\n"


@pytest.fixture
def tags(docker_client: Any) -> Any:
    made: list[str] = []
    yield made
    for tag in made:
        with contextlib.suppress(Exception):
            docker_client.images.remove(tag, force=True)


def test_review_fails_with_linked_reasons_and_exports(make_window: Any, qtbot: Any,
                                                      tmp_path: Path, unique_tag: str,
                                                      tags: list[str],
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    project = tmp_path / "app"
    project.mkdir()
    (project / "Dockerfile").write_text(SETUID)
    (project / ".workbench-review.yaml").write_text(BUDGETS)
    window = make_window()
    wait_engine(qtbot, window)
    panel = review_panel(qtbot, window)
    view = panel.verdict
    assert not view.export_button.isEnabled()
    window.open_path(project)
    window.actions_.tag.setText(f"{unique_tag}:dev")
    tags.append(f"{unique_tag}:dev")
    image_id = build(qtbot, window)
    qtbot.waitUntil(lambda: window.context.dockerfile_text == SETUID, timeout=10_000)

    with qtbot.waitSignal(view.reviewed, timeout=SLOW) as reviewed:
        view.review_button.click()
    review = reviewed.args[0]
    assert review.image_id == image_id and review.verdict == "FAIL"
    assert "FAIL" in view.verdict.text()
    assert view.tree.topLevelItemCount() == len(review.reasons)
    failed = {r.rule for r in review.failed}
    assert {"max-layers", "IW-SETID"} <= failed
    assert "max-size" not in failed  # a budget within its limit passes
    statuses = [view.tree.topLevelItem(i).text(0) for i in range(view.tree.topLevelItemCount())]
    assert "FAIL" in statuses and "PASS" in statuses

    # A clicked finding: its Dockerfile line, its layer's step in the timeline, its file.
    setid = view.select_reason("IW-SETID", "/usr/local/bin/tool")
    assert setid is not None and setid.line == 2
    assert window.context.lines == (2, 2)
    step = window.context.analysis.steps()[window.context.step]
    assert step.layer is not None and step.layer.index == setid.layer
    assert window.context.path == "usr/local/bin/tool"

    # A failed budget points at the top layer and its line.
    layers = view.select_reason("max-layers")
    assert layers is not None and layers.layer == len(window.context.analysis.layers) - 1
    assert window.context.lines == (2, 2)  # the RUN made the top layer

    # Reports: every format the core writes, from the same review.
    written = {fmt: tmp_path / f"review.{fmt}" for fmt in ("html", "markdown", "junit",
                                                           "sarif", "json")}
    for fmt, path in written.items():
        assert view.export(fmt, str(path)), view.status.text()
    assert "<svg" in written["html"].read_text() and "FAIL" in written["html"].read_text()
    assert "IW-SETID" in written["markdown"].read_text()
    suites = ET.parse(written["junit"]).getroot()
    assert int(suites.find("testsuite").get("failures")) == len(review.failed)  # type: ignore[union-attr, arg-type]
    sarif = json.loads(written["sarif"].read_text())
    assert sarif["version"] == "2.1.0"
    uris = {r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            for r in sarif["runs"][0]["results"] if r.get("locations")}
    assert uris == {"Dockerfile"}
    assert json.loads(written["json"].read_text())["verdict"] == "FAIL"

    # Cancel: the review stops, the last verdict stays.
    qtbot.waitUntil(view.review_button.isEnabled, timeout=10_000)
    view.review_button.click()
    assert view.cancel_button.isEnabled()
    view.cancel_button.click()
    qtbot.waitUntil(view.review_button.isEnabled, timeout=SLOW)
    assert view.status.text() == "Cancelled."
    assert view.review is review

    # Bad input: a broken settings file is one sentence in the panel, not a traceback.
    (project / ".workbench-review.yaml").write_text("budgets: [\n")
    qtbot.waitUntil(view.review_button.isEnabled, timeout=10_000)  # the job has ended
    with qtbot.waitSignal(view.failed, timeout=SLOW) as failed_signal:
        view.review_button.click()
    assert "Traceback" not in failed_signal.args[0]
    assert view.status.text() == failed_signal.args[0]
    assert view.review is review  # the last good review stays


def test_review_without_an_image_says_so(make_window: Any, qtbot: Any) -> None:
    window = make_window(connect_engine=False)
    panel = review_panel(qtbot, window)
    panel.verdict.review_button.click()
    assert "no image in the timeline" in panel.verdict.status.text()
    assert panel.verdict.job is None
