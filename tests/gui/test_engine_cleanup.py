"""Engine > Clean up workbench objects: the list comes first, and No removes nothing."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QMessageBox, QWidget

from workbench.core.engine import throwaway
from workbench.core.labels import labels
from workbench.gui.engine_cleanup import EngineCleanup
from workbench.gui.worker import JobRunner

pytestmark = pytest.mark.engine


@pytest.fixture
def containers(docker_client: Any, tmp_path: Path,
               monkeypatch: pytest.MonkeyPatch) -> Iterator[tuple[str, str]]:
    """(recorded throwaway, labelled but never recorded), in a ledger of this test's own."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    recorded = docker_client.api.create_container("busybox:latest", ["true"],
                                                  labels=labels("harden"))["Id"]
    inherited = docker_client.api.create_container("busybox:latest", ["true"],
                                                   labels=labels("harden"))["Id"]
    throwaway.record(docker_client, "container", recorded, "harden")
    yield recorded, inherited
    for container in (recorded, inherited):
        with contextlib.suppress(Exception):
            docker_client.api.remove_container(container, force=True)


def _answer(qtbot: Any, cleanup: EngineCleanup, button: QMessageBox.StandardButton) -> str:
    qtbot.waitUntil(lambda: cleanup.dialog is not None and cleanup.dialog.isVisible(),
                    timeout=30000)
    box = cleanup.dialog
    assert box is not None
    details = box.detailedText()
    box.button(button).click()
    return details


def test_the_list_is_shown_and_only_yes_removes(qtbot: Any, docker_client: Any,
                                               containers: tuple[str, str]) -> None:
    recorded, inherited = containers
    parent = QWidget()
    qtbot.addWidget(parent)
    runner = JobRunner(parent)
    cleanup = EngineCleanup(runner, parent, parent)
    try:
        cleanup.start(docker_client)
        details = _answer(qtbot, cleanup, QMessageBox.StandardButton.No)
        name = docker_client.api.inspect_container(recorded)["Name"].lstrip("/")
        # The inherited label alone lists nothing: only the recorded one is shown.
        assert details == f"remove container {name} (harden)"
        qtbot.wait(200)
        remaining = {c["Id"] for c in docker_client.api.containers(all=True)}
        assert recorded in remaining  # No: nothing removed

        cleanup.dialog = None
        cleanup.start(docker_client)
        with qtbot.waitSignal(cleanup.finished, timeout=30000) as done:
            _answer(qtbot, cleanup, QMessageBox.StandardButton.Yes)
        assert done.args == ["Removed 1 throwaway object(s)."]
        remaining = {c["Id"] for c in docker_client.api.containers(all=True)}
        assert recorded not in remaining and inherited in remaining
    finally:
        assert runner.shutdown(10000)
