"""Autosave and crash recovery: a real workbench process is killed with SIGKILL and the
next window offers its unsaved edits back. Plus the recent-projects list."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from workbench.core.project import AutosaveStore, RecentProjects, dockerfile_in

CHILD = textwrap.dedent("""
    import os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtTest import QTest
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from workbench.gui.main_window import MainWindow
    window = MainWindow(connect_engine=False)
    window.show()
    tab = window.open_path(sys.argv[1])
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    QTest.keyClicks(tab.editor, "RUN echo unsaved-edit")
    def check():
        if list(window.autosave.store.directory.glob(f"{os.getpid()}-*.json")):
            print("READY", flush=True)
        else:
            QTimer.singleShot(50, check)
    check()
    app.exec()
""")


def test_killed_workbench_edits_are_offered_back(make_window, qtbot, project: Path) -> None:
    dockerfile = project / "Dockerfile"
    original = dockerfile.read_text()
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(project)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout is not None
        line = child.stdout.readline()  # autosave happens ~1.5 s after typing stops
        assert line.strip() == "READY", child.stderr.read() if child.stderr else ""
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        if child.stdout:
            child.stdout.close()
        if child.stderr:
            child.stderr.close()
    assert dockerfile.read_text() == original  # nothing was saved to the file itself
    assert [r.path for r in AutosaveStore().orphans()] == [str(dockerfile)]

    window = make_window(connect_engine=False)
    restored = window.autosave.offer_recovery(window)
    assert len(restored) == 1
    tab = restored[0]
    assert tab.path == str(dockerfile) and tab.modified
    assert tab.text().endswith("RUN echo unsaved-edit")
    assert AutosaveStore().orphans() == []  # offered once, not at every start


def test_workbench_command_opens_a_folder_and_stops_cleanly_on_sigterm(project: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "WORKBENCH_LOG": "INFO"}
    app = subprocess.Popen([sys.executable, "-m", "workbench", "--offline", str(project)],
                           stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert app.stderr is not None
        for line in app.stderr:
            if "Window ready" in line:
                assert "1 document" in line
                break
        app.send_signal(signal.SIGTERM)
        assert app.wait(20) == 0
    finally:
        if app.poll() is None:
            app.kill()
            app.wait()
        if app.stderr:
            app.stderr.close()
    assert RecentProjects().items()[0] == str(project / "Dockerfile")


def test_declined_recovery_is_not_offered_again(make_window, tmp_path: Path) -> None:
    store = AutosaveStore(tmp_path / "autosave")
    dead = subprocess.Popen([sys.executable, "-c", "pass"])
    dead.wait()
    store.pid = dead.pid  # pretend a process that has ended wrote it
    store.save("untitled:1", "", "FROM scratch\n")
    window = make_window(connect_engine=False)
    window.autosave.store = AutosaveStore(tmp_path / "autosave")
    window.autosave.ask_restore = lambda _parent, found: False
    assert window.autosave.offer_recovery(window) == []
    assert window.autosave.store.orphans() == []


def test_clean_exit_leaves_no_autosave(make_window, qtbot, project: Path) -> None:
    window = make_window(connect_engine=False)
    tab = window.open_path(project)
    qtbot.keyClicks(tab.editor, "LABEL x=1")
    window.autosave.save_all()
    own = list(window.autosave.store.directory.glob(f"{os.getpid()}-*.json"))
    assert own
    window.save()
    assert not any(f.exists() for f in own)  # saving drops the autosave
    qtbot.keyClicks(tab.editor, "LABEL y=2")
    window.autosave.save_all()
    window.close()  # fixture answers "Discard"
    assert not list(window.autosave.store.directory.glob(f"{os.getpid()}-*.json"))


def test_recent_projects_most_recent_first_and_pruned(tmp_path: Path) -> None:
    recent = RecentProjects(tmp_path / "recent.json")
    first, second = tmp_path / "a" / "Dockerfile", tmp_path / "b" / "Dockerfile"
    for path in (first, second):
        path.parent.mkdir()
        path.write_text("FROM scratch\n")
    recent.add(first)
    recent.add(second)
    recent.add(first)
    assert recent.items() == [str(first), str(second)]
    second.unlink()
    assert recent.items() == [str(first)]  # vanished files are not offered
    assert dockerfile_in(first.parent) == first and dockerfile_in(tmp_path) is None


BUILDING_CHILD = textwrap.dedent("""
    import os, sys
    from PySide6.QtCore import QTimer
    from PySide6.QtGui import QTextCursor
    from PySide6.QtWidgets import QApplication
    app = QApplication([])
    from workbench.core.engine.events import StepOutput
    from workbench.gui.main_window import MainWindow
    window = MainWindow(connect_engine=True)
    window.show()
    tab = window.open_path(sys.argv[1])
    tab.editor.moveCursor(QTextCursor.MoveOperation.End)
    tab.editor.insertPlainText(sys.argv[2])
    window.actions_.tag.setText(sys.argv[3])
    def on_event(event):
        if isinstance(event, StepOutput) and "started-" in event.text:
            print("BUILDING", flush=True)
    window.builds.build_event.connect(on_event)
    def start():
        if window.engine.engine is None or not list(
                window.autosave.store.directory.glob(f"{os.getpid()}-*.json")):
            QTimer.singleShot(100, start)
            return
        window.start_build()
    start()
    app.exec()
""")


@pytest.mark.engine
def test_killed_during_a_build_leaves_no_container_and_the_edit_is_saved(
        project: Path, docker_client, unique_tag: str) -> None:
    marker = unique_tag
    edit = f"RUN echo started-{marker} && sleep 60\n"
    child = subprocess.Popen([sys.executable, "-c", BUILDING_CHILD, str(project), edit,
                              f"{unique_tag}:killed"],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             env={**os.environ, "QT_QPA_PLATFORM": "offscreen"})
    try:
        assert child.stdout is not None
        line = child.stdout.readline()
        assert line.strip() == "BUILDING", child.stderr.read() if child.stderr else ""
    finally:
        child.send_signal(signal.SIGKILL)
        child.wait(10)
        for stream in (child.stdout, child.stderr):
            if stream:
                stream.close()

    def running_build() -> list[str]:
        return [c["Id"] for c in docker_client.api.containers(all=True)
                if marker in str(c.get("Command", ""))]

    # The engine stops the build whose client is gone and removes its RUN container.
    deadline = time.monotonic() + 60
    while running_build() and time.monotonic() < deadline:
        time.sleep(0.5)
    assert running_build() == []
    assert not docker_client.api.images(name=unique_tag)
    # A build saves the Dockerfile first: the edit is in the file, and no stale
    # autosave of it is offered on the next start.
    assert (project / "Dockerfile").read_text().endswith(edit)
    assert AutosaveStore().orphans() == []
