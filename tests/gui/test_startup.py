"""Start-up: the window comes first; panels, the engine and the last project load behind.

How long the window takes is measured by benchmarks/bench_launch.py on a real X server;
these tests hold the parts of it that can break: what is imported before the window is
shown, the panels arriving in their docks, and the last project coming back.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from workbench.gui.panels import PanelSlot

ROOT = Path(__file__).resolve().parents[2]
# Builds and shows the window as run_gui does, then reports which heavy packages are
# loaded at that point (before the event loop ran once). The warm-up worker is left out:
# what it imports at the same time would make the answer depend on timing.
BEFORE_FIRST_PAINT = """
import sys
from PySide6.QtWidgets import QApplication
from workbench.gui.about import apply_identity
from workbench.gui.collector import collect_on_ui_thread
import workbench.gui.main_window as main_window
main_window.warm_up = lambda _runner: None  # its worker's imports are not the UI thread's
app = QApplication([])
apply_identity(app)
collect_on_ui_thread()
window = main_window.MainWindow(connect_engine=False)
window.show()
print(" ".join(name for name in ("pyqtgraph", "numpy", "docker") if name in sys.modules))
window.shutdown()
"""


def test_heavy_packages_are_not_imported_before_the_window_shows(tmp_path: Path) -> None:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "XDG_CONFIG_HOME": str(tmp_path / "config"),
           "XDG_DATA_HOME": str(tmp_path / "data")}
    loaded = subprocess.run([sys.executable, "-c", BEFORE_FIRST_PAINT], cwd=ROOT, env=env,
                            capture_output=True, text=True, timeout=60, check=True)
    assert loaded.stdout.split() == [], loaded.stdout


def test_panels_replace_their_slots_and_edit_the_dockerfile(make_window, qtbot) -> None:
    window = make_window(connect_engine=False)
    names = ("dock-timeline", "dock-files", "dock-overlay", "dock-sizes", "dock-harden")
    qtbot.waitUntil(lambda: not any(window.panel(n) is None
                                    for n in names), timeout=30000)
    assert [type(window.panel(n)).__name__ for n in names] == \
        ["TimelinePanel", "FilesPanel", "OverlayPanel", "SizesPanel", "HardenPanel"]
    tab = window.new_document()
    for name in ("dock-sizes", "dock-harden"):  # bound to the window's editor when built
        old = tab.text()
        assert window.panel(name).replace_text("", old, f"{old}# {name}\n")
    assert tab.text().endswith("# dock-sizes\n# dock-harden\n")


def test_a_start_without_a_path_reopens_the_last_project(make_window, qtbot,
                                                         project: Path) -> None:
    from workbench.gui.app import _load_behind, _parser

    window = make_window(connect_engine=False)
    window.recent.add(project / "Dockerfile")
    _load_behind(window, _parser().parse_args(["--offline"]))
    tabs = window.area.documents()
    assert [Path(tab.path) for tab in tabs] == [(project / "Dockerfile").resolve()]


def test_a_start_with_nothing_recent_opens_a_new_document(make_window, qtbot) -> None:
    from workbench.gui.app import _load_behind, _parser

    window = make_window(connect_engine=False)
    window.recent.clear()  # the settings folder is shared by the session's tests
    _load_behind(window, _parser().parse_args(["--offline"]))
    assert [tab.path for tab in window.area.documents()] == [""]


def test_the_window_fits_a_1280x720_projector_in_presentation_mode(make_window,
                                                                   qtbot) -> None:
    window = make_window(connect_engine=False)
    qtbot.waitUntil(lambda: not any(isinstance(d.widget(), PanelSlot)
                                    for d in window.docks.values()), timeout=30_000)
    for scale in (1.6, 2.5):
        window.set_presentation_scale(scale)
        window.set_presentation(True)
        hint = window.minimumSizeHint()
        assert hint.width() <= 1280 and hint.height() <= 720, (scale, hint.toTuple())
    window.set_presentation_scale(1.6)  # the setting is remembered: leave the default
    window.set_presentation(False)
