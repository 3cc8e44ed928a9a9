#!/usr/bin/env python3
"""Screenshots of the real window for the docs, under a private Xvfb display.

Starts ``Xvfb :N`` (and stops it), runs the workbench window on the xcb platform, opens
the shipped sample project, builds it against the engine at DOCKER_HOST, waits for the
analysis, and saves PNGs into docs/screenshots/ (QWidget.grab() of the window and of a
few docks, plus ``import -window root`` of the whole display when ImageMagick is there).
Then every panel again, in normal and presentation mode, with the window at 1280x720 and
at 1920x1080: docs/screenshots/<width>x<height>/<mode>-<panel>.png.
The built image is removed afterwards unless --keep is given.

usage: DOCKER_HOST=unix:///... .venv/bin/python scripts/screenshots.py [--out DIR] [--keep]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
SAMPLE = ROOT / "resources" / "samples" / "hello"
TAG = "workbench-sample:screenshots"


@contextlib.contextmanager
def xvfb(size: str = "1940x1100x24") -> Iterator[str]:
    """A private X display, stopped (terminate, grace, kill) however the run ends."""
    number = next(n for n in range(90, 200) if not Path(f"/tmp/.X11-unix/X{n}").exists()
                  and not Path(f"/tmp/.X{n}-lock").exists())
    display = f":{number}"
    server = subprocess.Popen(["Xvfb", display, "-screen", "0", size, "-nolisten", "tcp"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 15
        while not Path(f"/tmp/.X11-unix/X{number}").exists():
            if server.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"Xvfb {display} did not start: is the xvfb package installed?")
            time.sleep(0.05)
        yield display
    finally:
        server.terminate()
        try:
            server.wait(5)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


def wait_until(app: object, predicate: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not predicate():
        if time.monotonic() > deadline:
            raise SystemExit(f"Timed out after {timeout:.0f} s waiting for {what}.")
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def settle(app: object, seconds: float = 0.5) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        app.processEvents()  # type: ignore[attr-defined]
        time.sleep(0.02)


def chinese_window(app: Any, project: Path, screen: Callable[..., None]) -> None:
    """lessons-zh.png: a second window built with the Chinese catalogue installed, as
    the window starts after View > Language > 中文, on the same project and image."""
    from PySide6.QtWidgets import QMessageBox

    from workbench.gui.i18n import install_translations
    from workbench.gui.main_window import MainWindow

    install_translations(app, "zh")
    window = MainWindow()
    window.area.ask_save = lambda _tab: QMessageBox.StandardButton.Discard
    try:
        window.resize(1560, 960)
        window.move(20, 20)
        window.show()
        wait_until(app, lambda: not window.engine.connecting, 30, "the engine")
        window.open_path(project)
        loaded: list[bool] = []
        window.loader.finished.connect(lambda ok, _m: loaded.append(ok))
        window.loader.load(f"docker://{TAG}")
        wait_until(app, lambda: bool(loaded), 120, "the image in the Chinese window")
        wait_until(app, lambda: window.panel("dock-lessons") is not None, 60, "the lessons")
        window.docks["dock-lessons"].raise_()
        box = window.panel("dock-lessons").language_box  # type: ignore[union-attr]
        box.setCurrentIndex(box.findData("zh"))
        settle(app, 2.0)
        screen("lessons-zh.png", window)
        box.setCurrentIndex(0)  # the choice is shared: the other window follows it back
    finally:
        window.close()
        install_translations(app, "en")
        settle(app)


def shoot(out: Path, keep: bool) -> list[Path]:
    from PySide6.QtWidgets import QApplication

    from workbench.gui.main_window import MainWindow

    app = QApplication.instance() or QApplication(["workbench"])
    window = MainWindow()
    window.resize(1560, 960)
    window.move(20, 20)
    window.show()
    saved: list[Path] = []

    def grab(widget: object, name: str) -> None:
        path = out / name
        widget.grab().save(str(path))  # type: ignore[attr-defined]
        saved.append(path)

    def screen(name: str, shown: Any = None) -> None:
        """The window as the X server shows it. QWidget.grab() of a QMainWindow also
        paints the hidden tab bars it keeps for docks, so whole-window shots come from
        the display itself when ImageMagick's ``import`` is there."""
        shown = shown or window
        if not shutil.which("import"):
            grab(shown, name)
            return
        app.processEvents()
        rect = shown.frameGeometry()
        path = out / name
        subprocess.run(["import", "-window", "root", "-crop",
                        f"{rect.width()}x{rect.height()}+{rect.x()}+{rect.y()}", str(path)],
                       check=True)
        saved.append(path)

    try:
        wait_until(app, lambda: not window.engine.connecting, 30, "the engine")
        if window.engine.engine is None:
            raise SystemExit(f"No engine: {window.engine.reason}")
        project = Path(tempfile.mkdtemp(prefix="workbench-shot-")) / "hello"
        shutil.copytree(SAMPLE, project)
        opened = window.open_path(project)
        if opened is None:
            raise SystemExit(f"Cannot open the sample project at {project}.")
        tab = opened
        wait_until(app, lambda: tab.key in window.linter.results, 20, "lint")
        window.actions_.tag.setText(TAG)
        finished: list[bool] = []
        window.loader.finished.connect(lambda ok, _m: finished.append(ok))

        def build_done(ok: bool, _message: str, _image: str) -> None:
            if not ok:  # on success the analysis that follows decides
                finished.append(False)

        window.builds.finished.connect(build_done)
        window.start_build()
        wait_until(app, lambda: bool(finished), 300, "the build and its analysis")
        if not finished[0]:
            raise SystemExit(f"Build failed: {window.build_panel.status.text()}")
        tab.editor.go_to_line(5)  # the COPY line: its layer lights up everywhere
        window.docks["dock-build"].raise_()
        window.docks["dock-layers"].raise_()
        settle(app, 1.0)
        screen("window.png")
        grab(window.docks["dock-build"], "build-dock.png")
        grab(tab.editor, "editor.png")
        window.docks["dock-problems"].raise_()
        settle(app)
        grab(window.docks["dock-problems"], "problems-dock.png")
        if "dock-timeline" in window.docks:
            window.docks["dock-timeline"].raise_()
            settle(app)
            screen("window-timeline.png")
        # The panels that follow the selected step (the COPY line's layer).
        for dock, name in (("dock-files", "files.png"), ("dock-overlay", "overlay.png"),
                           ("dock-sizes", "sizes.png")):
            if dock in window.docks:
                window.docks[dock].raise_()
                panel = window.panel(dock)
                if dock == "dock-sizes":
                    # Measure the bases and ask for advice, as a user would on arrival.
                    ready: list[object] = []
                    panel.bases_ready.connect(ready.append)  # type: ignore[attr-defined]
                    panel.advice_ready.connect(ready.append)  # type: ignore[attr-defined]
                    panel.measure_bases()  # type: ignore[attr-defined]
                    wait_until(app, lambda ready=ready: len(ready) >= 1, 120,
                               "the base sizes")
                    panel.advise()  # type: ignore[attr-defined]
                    wait_until(app, lambda ready=ready: len(ready) >= 2, 120, "the advice")
                settle(app, 2.0)
                screen(name)
        if "dock-harden" in window.docks:
            check_harden(app, window)
            screen("harden.png")
        lessons = window.panel("dock-lessons")  # type: ignore[attr-defined]
        if lessons is not None:
            window.docks["dock-lessons"].raise_()
            box = lessons.language_box  # type: ignore[attr-defined]
            box.setCurrentIndex(box.findData("en"))
            settle(app, 1.0)
            screen("lessons-en.png")
            box.setCurrentIndex(0)
        if "dock-review" in window.docks:
            review_shots(app, window, project, tab, screen)
        window.actions_.presentation.trigger()
        settle(app, 1.0)
        screen("presentation.png")
        window.actions_.presentation.trigger()
        settle(app)
        if "dock-harden" in window.docks:
            check_harden(app, window)  # the second build is in the timeline now
        sweep(app, window, out, screen)
        window.resize(1560, 960)
        settle(app)
        if shutil.which("import"):
            path = out / "desktop.png"
            subprocess.run(["import", "-window", "root", str(path)], check=True,
                           env=os.environ.copy())
            saved.append(path)
        # Last: the Chinese catalogue stays in the models' texts of this window too (a
        # real window takes a new language at its next start), so nothing is shot after.
        if lessons is not None:
            chinese_window(app, project, screen)
        shutil.rmtree(project.parent, ignore_errors=True)
    finally:
        for tab in window.area.documents():
            tab.editor.document().setModified(False)
        window.close()
        if not keep:
            _remove_image()
    return saved


def check_harden(app: object, window: Any) -> None:
    """Run the hardening checks on what the window shows and select the first finding."""
    window.docks["dock-harden"].raise_()
    harden = window.panel("dock-harden")
    checked: list[object] = []
    harden.checked.connect(checked.append)
    harden.check()
    wait_until(app, lambda: bool(checked), 120, "the hardening checks")
    first = harden.tree.topLevelItem(0)
    if first is not None and first.childCount():
        harden.tree.setCurrentItem(first.child(0))
    settle(app, 1.0)


PANELS = (("dock-files", "files"), ("dock-overlay", "overlay"), ("dock-sizes", "sizes"),
          ("dock-harden", "harden"), ("dock-lessons", "lessons"), ("dock-review", "review"),
          ("dock-layers", "layers"))
# The second build of the sample, for the history and the comparison: a context file
# changed, a layer with a file more, a non-root user.
SECOND_BUILD = ('RUN head -c 300000 /dev/urandom > /app/data/blob && echo kept > /app/data/note\n'
                "USER 1000\n")
BUILT: list[str] = []  # image ids the run made, removed with the tag unless --keep


def review_shots(app: object, window: Any, project: Path, tab: Any,
                 screen: Callable[[str], None]) -> None:
    """The verdict, the history of two builds, and the second compared with the first."""
    dock = window.docks["dock-review"]
    dock.raise_()
    wait_until(app, lambda: hasattr(window.panel("dock-review"), "verdict"), 30,
               "the Review panel")
    panel = window.panel("dock-review")
    BUILT.append(window.context.analysis.info.id)
    (project / "greeting.txt").write_text("hello, reviewers\nthe second build\n")
    old = tab.text()
    window.replace_dockerfile_text(tab.path, old, old + SECOND_BUILD)
    loaded: list[bool] = []
    window.loader.finished.connect(lambda ok, _m: loaded.append(ok))
    window.start_build()
    wait_until(app, lambda: bool(loaded), 300, "the second build and its analysis")
    BUILT.append(window.context.analysis.info.id)
    reviewed: list[object] = []
    panel.verdict.reviewed.connect(reviewed.append)
    panel.verdict.start_review()
    wait_until(app, lambda: bool(reviewed), 180, "the review")
    panel.verdict.select_reason("IW-USER-ROOT") or panel.verdict.tree.setCurrentItem(
        panel.verdict.tree.topLevelItem(0))
    settle(app, 1.0)
    screen("review.png")
    panel.tabs.setCurrentWidget(panel.history)
    settle(app, 1.0)
    screen("review-history.png")
    compared: list[object] = []
    panel.compare.compared.connect(compared.append)
    panel.compare.previous_button.click()
    wait_until(app, lambda: bool(compared), 180, "the comparison")
    settle(app, 1.0)
    screen("compare.png")
    results = panel.compare.results
    results.setCurrentWidget(results.layers)
    settle(app, 0.5)
    screen("compare-layers.png")
    shown: list[object] = []
    panel.compare.file_shown.connect(shown.append)
    results.setCurrentIndex(2)
    results.files.select_path("/app/greeting.txt")
    wait_until(app, lambda: bool(shown), 120, "both versions of a file")
    settle(app, 0.5)
    screen("compare-files.png")
    results.setCurrentWidget(results.treemap)
    settle(app, 0.5)
    screen("compare-treemap.png")
    panel.tabs.setCurrentWidget(panel.verdict)
SIZES = ((1280, 720), (1920, 1080))


def sweep(app: object, window: object, out: Path, screen: Callable[[str], None]) -> None:
    """Every right-hand panel, normal and presentation, at each window size."""
    docks = window.docks  # type: ignore[attr-defined]
    for width, height in SIZES:
        (out / f"{width}x{height}").mkdir(parents=True, exist_ok=True)
        window.resize(width, height)  # type: ignore[attr-defined]
        for mode in ("normal", "presentation"):
            window.set_presentation(mode == "presentation")  # type: ignore[attr-defined]
            settle(app, 1.0)
            for dock, name in PANELS:
                if dock in docks:
                    docks[dock].raise_()
                    settle(app, 0.8)
                    screen(f"{width}x{height}/{mode}-{name}.png")
        window.set_presentation(False)  # type: ignore[attr-defined]


def _remove_image() -> None:
    import docker

    with contextlib.suppress(Exception):
        client = docker.from_env()
        client.images.remove(TAG, force=True)
        for image in BUILT:  # the first build's image lost its tag to the second
            with contextlib.suppress(Exception):
                client.images.remove(image)
        client.close()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--keep", action="store_true", help="keep the built sample image")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="workbench-shot-home-") as home, xvfb() as display:
        # A clean settings directory: screenshots never depend on the user's layout.
        os.environ.update(DISPLAY=display, QT_QPA_PLATFORM="xcb", XDG_CONFIG_HOME=home,
                          XDG_DATA_HOME=home, XDG_STATE_HOME=home)
        saved = shoot(args.out, args.keep)
    for path in saved:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
