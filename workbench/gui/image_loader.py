"""Opens an image (engine image, archive, OCI layout) and analyses it in one job.

The result lands in ImageContext.set_analysis, which every panel follows. A newer
request cancels the one before it (same job key), so only the last one wins.
"""

from __future__ import annotations

import importlib
import importlib.util
import logging
from typing import Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QObject, Signal

from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent
from workbench.gui.i18n import translate
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

log = logging.getLogger(__name__)
MISSING = str(QT_TRANSLATE_NOOP(
    "ImageLoader", "Image analysis is not installed in this build: reinstall "
    "image-workbench to open images."))


def analysis_available() -> bool:
    """Whether the analysis modules ship in this build, without importing them here.

    Importing them costs ~0.3 s, which must not happen on the UI thread (``warm_up``
    imports them on a worker). ``find_spec`` imports only the parent packages, whose
    names load lazily, and it also finds modules that a frozen build keeps in its
    archive rather than as files.
    """
    try:
        return all(importlib.util.find_spec(name) is not None
                   for name in ("workbench.core.analysis.analyze", "workbench.core.image.open"))
    except ImportError:
        return False


WARM_MODULES = ("workbench.core.engine.build", "workbench.core.image.open",
                "workbench.core.image.storage_source",
                "workbench.core.analysis.analyze", "workbench.core.linking",
                "workbench.core.dockerfile.parser")


def warm_up(runner: JobRunner) -> None:
    """Import the heavy core modules on a worker at start-up, so the first build or
    analysis does not make the UI thread wait on the import lock."""

    def work(_progress: Any, _cancel: CancelToken) -> None:
        for name in WARM_MODULES:
            try:
                importlib.import_module(name)
            except ImportError:
                log.debug("%s is not installed", name)

    runner.start(work, name="warm up")


def open_and_analyze(source: str, client: Any, progress: ProgressCallback,
                     cancel: CancelToken) -> Any:
    """Open and analyse an image (in a worker)."""
    from workbench.core.analysis.analyze import analyze
    from workbench.core.image.open import open_image

    opened = open_image(source, client=client, progress=progress, cancel=cancel)
    try:
        return analyze(opened, progress=progress, cancel=cancel)
    finally:
        # The analysis keeps the source to extract files later; its open
        # connections can go now (an engine source reconnects when needed).
        close = getattr(getattr(opened, "source", None), "close", None)
        if callable(close):
            close()


def _read_through(info: Any) -> str:
    """Where the layers came from, for the log: an engine image read through its save
    stream after a build is slower, and the user should see why."""
    route = getattr(info, "read_through", "")
    if route == "storage":
        return " (new layers read from the engine's storage)"
    if route == "save":
        return " (read through the engine's save stream)"
    return ""


def analysed_message(name: str, info: Any) -> str:
    """The status bar's sentence for an analysed image, saying where its layers came
    from (``_read_through``), as one translatable sentence per route."""
    route = getattr(info, "read_through", "")
    if route == "storage":
        text = translate("ImageLoader",
                         "Analysed {image} (new layers read from the engine's storage).")
    elif route == "save":
        text = translate("ImageLoader", "Analysed {image} (read through the engine's save "
                                        "stream).")
    else:
        text = translate("ImageLoader", "Analysed {image}.")
    return text.format(image=name)


class ImageLoader(QObject):
    started = Signal(str)  # what is being opened
    progress = Signal(str, int, int)  # message, done, total (0 = unknown)
    finished = Signal(bool, str)  # ok, message

    def __init__(self, context: ImageContext, runner: JobRunner,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.context = context
        self.runner = runner
        self.busy = False
        self._job: Any = None

    def load(self, source: str, client: Any = None) -> None:
        if not analysis_available():
            self.finished.emit(False, translate("ImageLoader", MISSING))
            return

        def work(progress: ProgressCallback, cancel: CancelToken) -> Any:
            return open_and_analyze(source, client, progress, cancel)

        self.busy = True
        self.started.emit(source)
        holder: list[Any] = []

        def cancelled() -> None:
            # A job superseded by a newer load is cancelled too: stay quiet about it.
            if holder and holder[0] is self._job:
                self._on_cancelled()

        self._job = self.runner.start(
            work, name=f"open {source}", key="analysis", on_result=self._on_result,
            on_error=self._on_error, on_progress=self._on_progress, on_cancelled=cancelled)
        holder.append(self._job)

    def cancel(self) -> None:
        if self._job is not None:
            self._job.cancel()

    def _on_progress(self, event: ProgressEvent) -> None:
        text = event.message or f"{event.stage} {event.done}" + (
            f"/{event.total} {event.unit}" if event.total else f" {event.unit}")
        self.progress.emit(text.strip(), event.done, event.total or 0)

    def _on_result(self, analysis: Any) -> None:
        self.busy = False
        self.context.set_analysis(analysis)
        info = getattr(analysis, "info", None)
        name = ", ".join(getattr(info, "repo_tags", []) or []) or getattr(info, "id", "")[:19]
        log.info("Analysed %s%s", name, _read_through(info))
        self.finished.emit(True, analysed_message(name, info))

    def _on_error(self, message: str) -> None:
        self.busy = False
        log.warning("%s", message)
        self.finished.emit(False, message)

    def _on_cancelled(self) -> None:
        self.busy = False
        self.finished.emit(False, self.tr("Opening the image was cancelled."))
