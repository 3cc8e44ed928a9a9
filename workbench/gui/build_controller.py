"""Runs a build of the current Dockerfile in a job and feeds the build dock live.

Build events are produced on the worker thread; a bridge QObject living on the UI thread
re-emits them, so Qt queues each one to the UI thread. The Dockerfile is saved first
(the engine reads it from disk). When the build ends, the new image is opened and
analysed, which fills every panel.
"""

from __future__ import annotations

import logging
import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, Signal

from workbench.core.engine.events import BuildEvent, BuildFailed, BuildFinished, StepStarted
from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken
from workbench.gui.i18n import translate
from workbench.gui.worker import Job, JobRunner

log = logging.getLogger(__name__)


class BuildOptionsError(WorkbenchError):
    """Build options typed in the toolbar that cannot be used."""


@dataclass(slots=True)
class BuildOptions:
    tag: str = ""
    build_args: dict[str, str] = field(default_factory=dict)
    target: str = ""
    no_cache: bool = False
    squash: bool = False


def parse_build_args(text: str) -> dict[str, str]:
    """``A=1 "B=two words"`` → {"A": "1", "B": "two words"}."""
    try:
        words = shlex.split(text)
    except ValueError as exc:
        raise BuildOptionsError(translate(
            "BuildController", "The build args cannot be read ({error}): write them as "
            "NAME=value separated by spaces.").format(error=exc)) from None
    args = {}
    for word in words:
        name, sep, value = word.partition("=")
        if not sep or not name:
            raise BuildOptionsError(translate(
                "BuildController", "The build arg {arg} has no value: write it as "
                "NAME=value.").format(arg=repr(word)))
        args[name] = value
    return args


def default_tag(dockerfile: str) -> str:
    folder = Path(dockerfile).resolve().parent.name.lower()
    name = "".join(c if c.isalnum() or c in "-_." else "-" for c in folder).strip("-._")
    return f"{name or 'workbench'}:dev"


class _Bridge(QObject):
    # Not named "event": that would shadow QObject.event() and break event delivery.
    build_event = Signal(object)


class BuildController(QObject):
    started = Signal(str)  # description
    build_event = Signal(object)  # BuildEvent, on the UI thread
    finished = Signal(bool, str, str)  # ok, message, image id ("" on failure)

    def __init__(self, runner: JobRunner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.runner = runner
        self._bridge = _Bridge(self)
        self._bridge.build_event.connect(self._on_event)
        self.job: Job | None = None
        self.failed_lines: tuple[int, int] = (0, 0)
        self.step_lines: dict[int, tuple[int, int]] = {}

    @property
    def running(self) -> bool:
        return self.job is not None

    def start(self, client: Any, dockerfile: str, options: BuildOptions) -> None:
        if self.job is not None:
            raise BuildOptionsError(self.tr("A build is already running: wait for it or "
                                            "cancel it."))
        path = Path(dockerfile)
        tag = options.tag or default_tag(dockerfile)
        emit = self._bridge.build_event.emit  # thread-safe: queued to the UI thread

        def work(_progress: Any, cancel: CancelToken) -> BuildFinished:
            # Imported here, on the worker: the first import takes ~0.1 s of UI time.
            from workbench.core.engine.build import BuildRequest, run_build

            request = BuildRequest(context_dir=path.parent, dockerfile=path.name, tag=tag,
                                   build_args=dict(options.build_args),
                                   target=options.target or None, no_cache=options.no_cache,
                                   squash=options.squash)
            return run_build(client, request, emit, cancel)

        self.failed_lines = (0, 0)
        self.step_lines = {}
        log.info("Building %s from %s", tag, path)
        description = self.tr("Building {tag} from {path}").format(tag=tag, path=path)
        self.job = self.runner.start(work, name="build", on_result=self._on_result,
                                     on_error=self._on_error, on_cancelled=self._on_cancelled)
        self.started.emit(description)

    def cancel(self) -> None:
        if self.job is not None:
            log.info("Cancelling the build")
            self.job.cancel()

    def _on_event(self, event: BuildEvent) -> None:
        if isinstance(event, StepStarted):
            self.step_lines[event.step] = (event.line_start, event.line_end)
        elif isinstance(event, BuildFailed):
            self.failed_lines = (event.line_start, event.line_end)
        self.build_event.emit(event)

    def _on_result(self, finished: BuildFinished) -> None:
        self.job = None
        tags = " ".join(finished.tags)
        image = tags or finished.image_id[:19]
        log.info("Built %s in %.1f s.", image, finished.duration)
        message = self.tr("Built {image} in {seconds:.1f} s.").format(
            image=image, seconds=finished.duration)
        self.finished.emit(True, message, finished.image_id)

    def _on_error(self, message: str) -> None:
        self.job = None
        log.warning("%s", message)
        self.finished.emit(False, message, "")

    def _on_cancelled(self) -> None:
        self.job = None
        log.info("Build cancelled")
        self.finished.emit(False, self.tr("Build cancelled; its intermediate containers "
                                          "were removed."), "")
