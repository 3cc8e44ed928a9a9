"""The state one workshop carries between steps: the engine, the ledger, the values
earlier actions produced (``$container``, ``$image``...), build folders and the
overlay sandbox of §2.2.

Every object an action creates goes through ``record_*`` here, right after the engine
made it, so even a run cut short leaves a ledger that reset can act on.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import string
import tempfile
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.lessons.ledger import PURPOSE, WorkshopLedger
from workbench.core.lessons.model import LessonError
from workbench.core.overlay.sandbox import Sandbox
from workbench.core.progress import CancelToken, ProgressCallback, no_progress

REGISTRY_ENV = "WORKBENCH_LESSON_REGISTRY"
DEFAULT_REGISTRY = "localhost:5000"


def substitute(value: Any, values: dict[str, str]) -> Any:
    """``$name`` in a string argument becomes a value an earlier step produced; ``$$``
    is a dollar sign. Lists and tables are substituted item by item."""
    if isinstance(value, str):
        template = string.Template(value)
        if not template.is_valid():
            raise LessonError(f"The argument {value[:60]!r} has a '$' that names no value: "
                              "write $$ for a dollar sign.")
        missing = [name for name in template.get_identifiers() if name not in values]
        if missing:
            raise LessonError(f"This step needs ${missing[0]}, which an earlier step of the "
                              "lesson makes: run the steps in order.")
        return template.substitute(values)
    if isinstance(value, list):
        return [substitute(v, values) for v in value]
    if isinstance(value, dict):
        return {k: substitute(v, values) for k, v in value.items()}
    return value


def default_registry() -> str:
    """The registry §4.1 pushes to: $WORKBENCH_LESSON_REGISTRY, else a local one."""
    return os.environ.get(REGISTRY_ENV) or DEFAULT_REGISTRY


class Workshop:
    def __init__(self, client: docker.DockerClient, ledger: WorkshopLedger | None = None,
                 registry: str | None = None) -> None:
        self.client = client
        self.endpoint = endpoint_url(client)
        self.ledger = ledger if ledger is not None else WorkshopLedger()
        self.registry = registry or default_registry()
        self.values: dict[str, str] = {}
        self.lesson_id = ""
        self.sandbox: Sandbox | None = None
        self.progress: ProgressCallback = no_progress
        self.cancel = CancelToken()
        # A TemporaryDirectory removes itself at exit even when close() is never called.
        self._workdir: tempfile.TemporaryDirectory[str] | None = None

    def attach(self, client: docker.DockerClient) -> None:
        """Carry on with a new connection to the engine (the window connects per job)."""
        self.client = client
        self.endpoint = endpoint_url(client)

    # --- values between steps ---------------------------------------------------

    def begin_lesson(self, lesson_id: str) -> None:
        """A lesson starts from no values: each one stands on its own."""
        self.lesson_id = lesson_id
        self.values = {"registry": self.registry}
        self.close_sandbox()

    def substitute(self, value: Any) -> Any:
        return substitute(value, self.values)

    # --- folders for build contexts ---------------------------------------------

    def folder(self, name: str, files: dict[str, str]) -> Path:
        """A fresh folder holding ``files`` (relative path -> text), for a build context."""
        if self._workdir is None:
            self._workdir = tempfile.TemporaryDirectory(prefix="image-workbench-lesson-")
        target = Path(self._workdir.name) / name
        shutil.rmtree(target, ignore_errors=True)
        target.mkdir(parents=True)
        for rel, text in files.items():
            path = (target / rel).resolve()
            if not path.is_relative_to(target.resolve()):
                raise LessonError(f"The file {rel!r} would land outside the build folder: "
                                  "give a path inside it.")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        return target

    # --- the ledger -------------------------------------------------------------

    def _purpose(self) -> str:
        return f"{PURPOSE}:{self.lesson_id}" if self.lesson_id else PURPOSE

    def record_container(self, container_id: str) -> None:
        self.ledger.record("container", container_id, self._purpose(), self.endpoint)

    def record_image(self, image_id: str) -> None:
        self.ledger.record("image", image_id, self._purpose(), self.endpoint)

    def record_tag(self, image_id: str, tag: str) -> None:
        self.ledger.record("tag", image_id, self._purpose(), self.endpoint, [tag])

    def record_push(self, digest: str, reference: str) -> None:
        self.ledger.record("push", digest, self._purpose(), self.endpoint, [reference])

    def claim_tag(self, tag: str) -> None:
        """Refuse to move a name that points at an image the workshop did not make or
        name: that is someone's image, and a lesson never alters it."""
        try:
            current = str(self.client.api.inspect_image(tag).get("Id", ""))
        except docker.errors.ImageNotFound:
            return
        except (docker.errors.DockerException, requests.exceptions.RequestException):
            return  # the operation itself will say what is wrong with the engine
        ours = {e.id for e in self.ledger.entries(self.endpoint)
                if e.kind == "image" or (e.kind == "tag" and tag in e.tags)}
        if current not in ours:
            raise LessonError(
                f"{tag} already names an image the workshop did not make: rename or remove "
                "that image, then run the step again."
            )

    def image_id(self, image: str) -> str:
        """The full id of ``image``, or the sentence saying it is not there."""
        try:
            return str(self.client.api.inspect_image(image)["Id"])
        except docker.errors.ImageNotFound:
            raise LessonError(f"There is no image {image} in the engine: run the lesson's "
                              "earlier steps first.") from None
        except (docker.errors.DockerException, requests.exceptions.RequestException):
            raise unavailable(self.endpoint) from None

    # --- the overlay sandbox ----------------------------------------------------

    def close_sandbox(self) -> None:
        if self.sandbox is not None:
            with contextlib.suppress(Exception):
                self.sandbox.close()
            self.sandbox = None

    def close(self) -> None:
        self.close_sandbox()
        if self._workdir is not None:
            self._workdir.cleanup()
            self._workdir = None
