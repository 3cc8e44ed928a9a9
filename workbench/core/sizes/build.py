"""Building a Dockerfile *text* against a context directory, for measuring.

Variants and advice never touch the user's files: the Dockerfile under test is a copy
held in memory, and the ``.dockerignore`` rules may be a proposed set instead of the
one on disk. So the build context tar is made here (the docker SDK's own tar helper,
with the text added under a private name) rather than read from the directory as is.

Every image made here carries the workbench labels and a unique tag, and
``remove_image`` deletes it together with the intermediate images the build left.
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions
import urllib3.exceptions
from docker.utils.build import tar as context_tar

from workbench.core.dockerfile.parser import Instruction, parse
from workbench.core.engine.streaming import ResponseCatcher
from workbench.core.errors import CancelledError, EngineOperationError
from workbench.core.labels import labels as workbench_labels
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

# The name the in-memory Dockerfile gets inside the context tar; the builder reads it
# from there and a generated .dockerignore entry keeps it out of COPY . sources.
DOCKERFILE_NAME = ".workbench.Dockerfile"
_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)")
_ARROW = re.compile(r"^ ---> ([0-9a-f]{12,64})\s*$")
STREAM_IDLE_TIMEOUT = 3600  # a RUN may print nothing for a long time; cancel cuts sooner


@dataclass(slots=True)
class BuiltImage:
    image_id: str
    tag: str
    # Every image id this build made (intermediate steps, the image before
    # squashing): removed with the image unless something else uses them.
    intermediates: list[str] = field(default_factory=list)
    context_bytes: int = 0


def read_dockerignore(context_dir: Path) -> list[str]:
    """The context's ``.dockerignore`` patterns (comments and blanks dropped)."""
    path = context_dir / ".dockerignore"
    try:
        text = path.read_text()
    except OSError:
        return []
    return parse_dockerignore(text)


def parse_dockerignore(text: str) -> list[str]:
    patterns = []
    for line in text.splitlines():
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            patterns.append(stripped)
    return patterns


def build_text(
    client: docker.DockerClient,
    dockerfile_text: str,
    context_dir: Path | None,
    *,
    purpose: str,
    exclude: list[str] | None = None,
    squash: bool = False,
    build_args: dict[str, str] | None = None,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> BuiltImage:
    """Build ``dockerfile_text``; raise ``EngineOperationError`` with the engine's message.

    ``exclude`` replaces the context's .dockerignore patterns when given (``None`` reads
    them from ``context_dir``). Without a context directory the build gets an empty one.
    """
    cancel = cancel or CancelToken()
    tag = f"workbench-measure-{uuid.uuid4().hex[:12]}:latest"
    with tempfile.TemporaryDirectory(prefix="workbench-ctx-") as empty, \
            tempfile.TemporaryFile() as fileobj:
        root = context_dir if context_dir is not None else Path(empty)
        if not root.is_dir():
            raise EngineOperationError(
                f"The build context {root} is not a directory: pick the project folder.")
        patterns = list(exclude) if exclude is not None else read_dockerignore(root)
        context_tar(str(root), exclude=patterns, dockerfile=(DOCKERFILE_NAME, dockerfile_text),
                    fileobj=fileobj)
        context_bytes = fileobj.seek(0, 2)  # the SDK rewinds after writing: measure the end
        fileobj.seek(0)
        cancel.check()
        built = _stream_build(client, fileobj, tag, purpose, squash, build_args or {},
                              progress, cancel, parse(dockerfile_text).build_steps())
    built.context_bytes = context_bytes
    return built


def _stream_build(client: docker.DockerClient, fileobj: Any, tag: str, purpose: str,
                  squash: bool, build_args: dict[str, str], progress: ProgressCallback,
                  cancel: CancelToken, steps: list[Instruction]) -> BuiltImage:
    mentioned: list[str] = []
    cached = False
    failure = ""
    step = 0
    with ResponseCatcher(client, "/build") as catcher:
        cancel.on_cancel(catcher.cut)  # wakes the read even while a RUN prints nothing
        try:
            stream = client.api.build(
                fileobj=fileobj, custom_context=True, dockerfile=DOCKERFILE_NAME, tag=tag,
                rm=True, forcerm=True, decode=True, squash=squash or None,
                labels=workbench_labels(purpose), buildargs=build_args or None,
                timeout=STREAM_IDLE_TIMEOUT,
            )
            for chunk in stream:
                if cancel.cancelled:
                    break
                if "error" in chunk:
                    failure = str(chunk.get("error", "")).strip()
                    continue
                aux = chunk.get("aux")
                if isinstance(aux, dict) and aux.get("ID"):
                    mentioned.append(str(aux["ID"]))
                for line in str(chunk.get("stream", "")).splitlines():
                    if match := _STEP.match(line):
                        step = int(match.group(1))
                        # The id echoed after FROM is the base image: not ours either.
                        cached = match.group(3).upper().startswith("FROM")
                        progress(ProgressEvent("build", step, int(match.group(2)), "steps",
                                               match.group(3)))
                    if line.strip() == "---> Using cache":
                        cached = True
                    elif match := _ARROW.match(line):
                        # A cached step's image belongs to an earlier build: never ours
                        # to remove. ``cached`` also covers the base image after FROM.
                        if not cached:
                            mentioned.append(match.group(1))
                        cached = False
        except (docker.errors.APIError, requests.exceptions.RequestException,
                urllib3.exceptions.HTTPError, OSError, ValueError) as exc:
            if not cancel.cancelled:
                failure = _explain(exc)
        except Exception:
            # A socket cut by cancel surfaces as whatever http.client trips over.
            if not cancel.cancelled:
                raise
    if cancel.cancelled:
        _remove_quietly(client, tag, mentioned)
        raise CancelledError("Build cancelled; its images were removed.")
    if failure:
        _remove_quietly(client, tag, mentioned)
        if "squash" in failure.lower() and "experimental" in failure.lower():
            raise EngineOperationError(
                "The engine refused --squash: start dockerd with --experimental to squash.")
        where = _where(steps, step)
        raise EngineOperationError(f"The build failed{where}: {failure.rstrip('.')}.")
    try:
        image_id = str(client.api.inspect_image(tag)["Id"])
    except docker.errors.APIError as exc:
        raise EngineOperationError(
            f"The build finished but its image {tag} is missing: {_explain(exc)}") from exc
    return BuiltImage(image_id, tag, [m for m in mentioned if not image_id.endswith(m)])


def _where(steps: list[Instruction], step: int) -> str:
    """" at line N (RUN)" for the step the engine was running, "" when unknown."""
    if not 0 < step <= len(steps):
        return ""
    instruction = steps[step - 1]
    lines = (f"line {instruction.line_start}" if instruction.line_start == instruction.line_end
             else f"lines {instruction.line_start}-{instruction.line_end}")
    return f" at {lines} ({instruction.keyword})"


def _explain(exc: BaseException) -> str:
    explanation = getattr(exc, "explanation", None)
    text = str(explanation or exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__


def remove_image(client: docker.DockerClient, built: BuiltImage) -> None:
    """Delete a measured image and the intermediate images its build left behind."""
    _remove_quietly(client, built.tag, built.intermediates)


def _remove_quietly(client: docker.DockerClient, tag: str, intermediates: list[str]) -> None:
    with contextlib.suppress(docker.errors.APIError, requests.exceptions.RequestException):
        client.api.remove_image(tag, force=True)
    # Newest first: a parent can only go once its children are gone. Ids still used by
    # another image (shared build cache, base images) are refused by the engine: fine.
    # Only untagged ids are touched: the base image's id is echoed too, and removing a
    # tagged image by id would delete it.
    for image_id in reversed(intermediates):
        with contextlib.suppress(docker.errors.APIError, requests.exceptions.RequestException):
            tags = client.api.inspect_image(image_id).get("RepoTags") or []
            if any(t != "<none>:<none>" for t in tags):
                continue
            client.api.remove_image(image_id, force=False, noprune=False)
