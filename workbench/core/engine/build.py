"""The one build path: the window, ``workbench build``, size variants and the advisor's
measurements all build through ``run_build`` on the Engine API ``/build`` (classic
builder), streamed as typed events.

The engine echoes ``Step N/M : INSTR`` for each instruction it counts; the parser's
``build_steps`` gives the same list with line numbers, so each step maps to its lines.
Labels given to the build add one ``LABEL`` step each at the end, with no line.

A build the user asks for (``purpose`` left at ``BUILD_PURPOSE``) gets nothing added: the
image, its labels and its history are what ``docker build`` makes of the same Dockerfile.
A build the workbench makes for itself (a size variant, an advice measurement) carries
the workbench labels and its image is recorded in the ledger (``throwaway``), so a
crash between building and removing it leaves something ``workbench cleanup`` can find.

The context sent is exactly the report of ``context.check_context`` (the SDK's
``.dockerignore`` matcher), plus, for a Dockerfile that is not a file inside the
context (an outside path, or text held in memory), that Dockerfile under a private name
and a ``.dockerignore`` naming it, so the engine drops it from ``COPY .`` sources.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import docker
import docker.errors
import requests
import requests.exceptions
import urllib3.exceptions

from workbench.core.dockerfile.parser import Instruction, parse
from workbench.core.engine import throwaway
from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.engine.context import check_context, write_context_tar
from workbench.core.engine.events import (
    BuildEvent,
    BuildFailed,
    BuildFinished,
    StepCached,
    StepFinished,
    StepOutput,
    StepStarted,
)
from workbench.core.engine.streaming import ResponseCatcher
from workbench.core.errors import CancelledError, EngineOperationError
from workbench.core.labels import labels as workbench_labels
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent

# Podman (buildah) spells these ``STEP 1/3: FROM x`` and ``--> 1a2b3c``.
_STEP = re.compile(r"^(?:Step|STEP) (\d+)/(\d+) ?: ?(.*)$")
_CACHE = re.compile(r"^\s*-+> Using cache")
_IMAGE = re.compile(r"^\s*-+> ([0-9a-f]{10,64})\s*$")
_FULL_ID = re.compile(r"^[0-9a-f]{64}$")  # Podman repeats the final id on a line of its own
_RUNNING = re.compile(r"^\s*-+> Running in ([0-9a-f]{12,64})")
_REMOVING = re.compile(r"^Removing intermediate container ([0-9a-f]{12,64})")
_BUILT = re.compile(r"^Successfully built ([0-9a-f]{12,64})")
_TAGGED = re.compile(r"^Successfully tagged (\S+)")
_ERROR_LINE = re.compile(r"\bline (\d+)\b")
_PULL_FAILED = re.compile(r"dial tcp|no such host|connection refused|i/o timeout|"
                          r"pull access denied|manifest unknown|not found", re.IGNORECASE)
STREAM_IDLE_TIMEOUT = 3600  # a quiet RUN step may print nothing for a long time


BUILD_PURPOSE = "build"  # the user's own builds; measuring builds name their purpose


@dataclass(slots=True)
class BuildRequest:
    context_dir: Path | None  # None: an empty context
    dockerfile: str = "Dockerfile"  # relative to the context, or an absolute path
    dockerfile_text: str | None = None  # built instead of reading ``dockerfile``
    ignore: list[str] = field(default_factory=list)  # applied after the .dockerignore's
    tag: str | None = None
    build_args: dict[str, str] = field(default_factory=dict)
    target: str | None = None
    no_cache: bool = False
    squash: bool = False
    labels: dict[str, str] = field(default_factory=dict)  # the user's own --label
    # BUILD_PURPOSE: the user's image, nothing added. Any other: a throwaway, labelled
    # with its purpose and recorded in the ledger.
    purpose: str = BUILD_PURPOSE

    @property
    def dockerfile_path(self) -> Path:
        path = Path(self.dockerfile)
        return path if path.is_absolute() or self.context_dir is None \
            else Path(self.context_dir) / path

    @property
    def throwaway(self) -> bool:
        return self.purpose != BUILD_PURPOSE

    @property
    def build_labels(self) -> dict[str, str]:
        if not self.throwaway:
            return dict(self.labels)
        return {**self.labels, **workbench_labels(self.purpose)}

    @property
    def keeps_cache(self) -> bool:
        """The user's builds keep the images of the steps that worked as build cache, as
        ``docker build`` does; a measuring build that fails leaves nothing behind."""
        return not self.throwaway


def throwaway_tag() -> str:
    """A unique tag for a build that is measured and then removed."""
    return f"workbench-measure-{uuid.uuid4().hex[:12]}:latest"


@dataclass(slots=True)
class _State:
    """What the stream parser knows so far."""

    steps: list[Instruction]
    on_event: Callable[[BuildEvent], None]
    step: int = 0
    total: int = 0
    step_started: float = 0.0
    cached: bool = False
    step_open: bool = False
    last_image: str = ""
    previous_size: int | None = None
    final_id: str = ""
    tags: list[str] = field(default_factory=list)
    containers: set[str] = field(default_factory=set)
    made: list[str] = field(default_factory=list)  # new images of uncached steps
    cached_ids: set[str] = field(default_factory=set)
    error: str = ""
    pending: str = ""
    # A throwaway's purpose: each step image goes to the ledger as it is made, so a build
    # killed half-way leaves records of its images (which the final label never reaches).
    record_steps: str = ""


def _line_range(state: _State, step: int) -> tuple[int, int, int]:
    if 0 < step <= len(state.steps):
        ins = state.steps[step - 1]
        return ins.line_start, ins.line_end, ins.stage
    # Steps past the file's own are the LABEL steps the build's labels add.
    return 0, 0, state.steps[-1].stage if state.steps else 0


def _finish_step(state: _State, client: docker.DockerClient, short_id: str) -> None:
    image_id, size = short_id, None
    try:
        attrs = client.api.inspect_image(short_id)
        image_id, size = str(attrs.get("Id", short_id)), int(attrs.get("Size") or 0)
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        pass
    instruction = state.steps[state.step - 1] if 0 < state.step <= len(state.steps) else None
    is_from = instruction is not None and instruction.keyword == "FROM"
    layer_size = None
    if size is not None and state.previous_size is not None and not is_from:
        layer_size = max(0, size - state.previous_size)
    state.previous_size = size
    state.last_image = image_id
    # A cached step's image belongs to an earlier build and FROM's is the base: not ours.
    if state.cached or is_from:
        state.cached_ids.add(image_id)
    elif image_id not in state.made:
        state.made.append(image_id)
        if state.record_steps:
            throwaway.record(client, "build-step", image_id, state.record_steps)
    state.on_event(StepFinished(state.step, image_id, time.monotonic() - state.step_started,
                                cached=state.cached, layer_size=layer_size))
    state.step_open = False


def _handle_line(state: _State, client: docker.DockerClient, line: str) -> None:
    match = _STEP.match(line)
    if match:
        state.step, state.total = int(match.group(1)), int(match.group(2))
        state.cached, state.step_open = False, True
        state.step_started = time.monotonic()
        start, end, stage = _line_range(state, state.step)
        state.on_event(StepStarted(state.step, state.total, match.group(3).strip(), start, end,
                                   stage))
        return
    if _CACHE.match(line):
        state.cached = True
        state.on_event(StepCached(state.step))
        return
    if (match := _RUNNING.match(line)) is not None:
        state.containers.add(match.group(1))
        return
    if (match := _REMOVING.match(line)) is not None:
        state.containers = {c for c in state.containers if not c.startswith(match.group(1))}
        return
    if (match := _IMAGE.match(line)) is not None and state.step_open:
        _finish_step(state, client, match.group(1))
        return
    if (match := _BUILT.match(line)) is not None:
        state.final_id = state.final_id or match.group(1)
        return
    if (match := _TAGGED.match(line)) is not None:
        state.tags.append(match.group(1))
        return
    if _FULL_ID.match(line):
        return
    state.on_event(StepOutput(state.step, line))


def _feed(state: _State, client: docker.DockerClient, chunk: dict[str, Any]) -> None:
    if "error" in chunk or "errorDetail" in chunk:
        detail = chunk.get("errorDetail") or {}
        state.error = str(detail.get("message") or chunk.get("error") or "unknown error")
        return
    aux = chunk.get("aux")
    if isinstance(aux, dict) and aux.get("ID"):
        state.final_id = str(aux["ID"])
    text = chunk.get("stream")
    if not isinstance(text, str):
        return
    state.pending += text
    *lines, state.pending = state.pending.split("\n")
    for line in lines:
        line = line.rstrip("\r")
        if line.strip():
            _handle_line(state, client, line)


def _sweep(client: docker.DockerClient, containers: set[str]) -> None:
    """Remove intermediate containers the build left (forcerm covers normal failures)."""
    for container in containers:
        with contextlib.suppress(docker.errors.DockerException,
                                 requests.exceptions.RequestException):
            client.api.remove_container(container, force=True)


def _remove_untagged(client: docker.DockerClient, images: list[str]) -> None:
    """Remove images newest first (a parent goes once its children are gone), skipping
    any that carry a tag or that another image still uses: the engine refuses those."""
    for image_id in reversed(images):
        with contextlib.suppress(docker.errors.DockerException,
                                 requests.exceptions.RequestException):
            tags = client.api.inspect_image(image_id).get("RepoTags") or []
            if any(t != "<none>:<none>" for t in tags):
                continue
            client.api.remove_image(image_id, force=False, noprune=False)


def _clean_up_failed(client: docker.DockerClient, request: BuildRequest,
                     state: _State) -> None:
    """After a failed or cancelled build: its containers go, a tag it may already have
    set goes, and a measuring build's images go too."""
    _sweep(client, state.containers)
    final = state.final_id
    made = [*state.made, *([final] if final.startswith("sha256:")
                           and final not in state.cached_ids else [])]
    for tag in state.tags:
        with contextlib.suppress(docker.errors.DockerException,
                                 requests.exceptions.RequestException):
            if str(client.api.inspect_image(tag).get("Id", "")) in made:
                client.api.remove_image(tag, force=False, noprune=True)
    if not request.keeps_cache:
        _remove_untagged(client, made)
        _forget_gone(client, made)


def remove_built(client: docker.DockerClient, finished: BuildFinished) -> None:
    """Delete a measured image (its tags) and the intermediate images its build made.

    Tags go without force: an image another one was built ``FROM`` in the meantime
    stays as that image's parent, and stays in the ledger for ``workbench cleanup``."""
    for tag in finished.tags:
        with contextlib.suppress(docker.errors.DockerException,
                                 requests.exceptions.RequestException):
            client.api.remove_image(tag, force=False)
    _remove_untagged(client, [i for i in finished.made if i != finished.image_id])
    _forget_gone(client, [*finished.made, finished.image_id])


def _forget_gone(client: docker.DockerClient, images: list[str]) -> None:
    """Drop the records of the images that are gone; one the engine cannot say about
    keeps its record, and cleanup looks again."""
    gone = []
    for image_id in images:
        try:
            client.api.inspect_image(image_id)
        except docker.errors.NotFound:
            gone.append(image_id)
        except (docker.errors.DockerException, requests.exceptions.RequestException):
            pass
    throwaway.forget(gone)


def step_progress(progress: ProgressCallback,
                  transcript: list[str] | None = None) -> Callable[[BuildEvent], None]:
    """Build events as the ``ProgressEvent`` of each step, for callers that show only
    that; ``transcript``, when given, receives the build's output as the engine printed
    it (step lines and what each step wrote), for a failure's full story."""
    def on_event(event: BuildEvent) -> None:
        if isinstance(event, StepStarted):
            progress(ProgressEvent("build", event.step, event.total, "steps",
                                   event.instruction))
            if transcript is not None:
                transcript.append(f"Step {event.step}/{event.total} : {event.instruction}\n")
        elif isinstance(event, StepOutput) and transcript is not None:
            transcript.append(event.text if event.text.endswith("\n") else event.text + "\n")
        elif isinstance(event, BuildFailed) and transcript is not None:
            transcript.append(event.message.rstrip("\n") + "\n")
    return on_event


def _check_squash(client: docker.DockerClient) -> None:
    try:
        experimental = bool(client.version().get("Experimental"))
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint_url(client)) from None
    if not experimental:
        raise EngineOperationError(
            "Squash needs a daemon started with --experimental: enable experimental "
            "features in the engine's daemon.json, or build without squash."
        )


def _stream(client: docker.DockerClient, request: BuildRequest, context: IO[bytes],
            dockerfile: str, labels: dict[str, str]) -> Iterator[dict[str, Any]]:
    return iter(client.api.build(
        fileobj=context, custom_context=True, dockerfile=dockerfile, tag=request.tag,
        buildargs=dict(request.build_args) or None, target=request.target,
        nocache=request.no_cache, squash=request.squash or None, labels=labels,
        rm=True, forcerm=True, decode=True, timeout=STREAM_IDLE_TIMEOUT,
    ))


def _fail(state: _State, message: str) -> EngineOperationError:
    """Emit BuildFailed for the current step and return the error to raise."""
    step = state.step
    start, end, _stage = _line_range(state, step)
    if step == 0 and (match := _ERROR_LINE.search(message)):
        start = end = int(match.group(1))
    state.on_event(BuildFailed(step, start, end, message))
    where = f"line {start}" if start == end else f"lines {start}-{end}"
    instruction = state.steps[step - 1] if 0 < step <= len(state.steps) else None
    if instruction is not None and instruction.keyword == "FROM" and _PULL_FAILED.search(
            message):
        base = instruction.value.split()[0] if instruction.value else "the base image"
        return EngineOperationError(
            f"The base image {base} ({where}) is not in the engine and its registry cannot "
            "be reached: build, load or pull it first."
        )
    if step and start:
        return EngineOperationError(f"Step {step} ({where}) failed: {message.rstrip('.')}.")
    if start:
        return EngineOperationError(f"The Dockerfile is invalid at {where}: "
                                    f"{message.rstrip('.')}.")
    return EngineOperationError(f"The build failed: {message.rstrip('.')}.")


@dataclass(slots=True)
class _Prepared:
    context: IO[bytes]  # the context tar, rewound
    dockerfile: str  # its name inside the tar
    steps: list[Instruction]
    size: int  # bytes of the tar


def _read_dockerfile(request: BuildRequest) -> str:
    if request.dockerfile_text is not None:
        return request.dockerfile_text
    path = request.dockerfile_path
    if not path.is_file():
        raise EngineOperationError(
            f"No Dockerfile at {path}: create it or pass the right file with -f."
        )
    try:
        return path.read_bytes().decode("utf-8", "replace")
    except OSError as exc:
        raise EngineOperationError(f"Cannot read {path} ({exc.strerror}): fix its "
                                   "permissions.") from None


def _name_in_context(request: BuildRequest, root: Path) -> str | None:
    """The Dockerfile's path inside the context, None when it is not a file there."""
    if request.dockerfile_text is not None:
        return None
    if not Path(request.dockerfile).is_absolute():
        name = Path(os.path.normpath(request.dockerfile)).as_posix()
        return None if name == ".." or name.startswith("../") else name
    try:
        return request.dockerfile_path.resolve().relative_to(root.resolve()).as_posix()
    except ValueError:
        return None


def _pack(request: BuildRequest, root: Path, cancel: CancelToken) -> _Prepared:
    if not root.is_dir():
        check_context(root)  # raises the sentence for a bad context
    text = _read_dockerfile(request)
    name = _name_in_context(request, root)
    extra: dict[str, bytes] = {}
    if name is None:
        # It travels inside the tar under a fresh name that the .dockerignore sent
        # with it names, so the engine drops it again before COPY . sees it.
        name = f".workbench-dockerfile.{secrets.token_hex(6)}"
        report = check_context(root, name, cancel, request.ignore)
        extra[name] = text.encode()
        extra[".dockerignore"] = "\n".join([*report.patterns, name, ""]).encode()
    else:
        report = check_context(root, name, cancel, request.ignore)
        if request.ignore:
            extra[".dockerignore"] = "\n".join([*report.patterns, ""]).encode()
    context = write_context_tar(report, extra, cancel)
    size = context.seek(0, 2)
    context.seek(0)
    return _Prepared(context, name, parse(text).build_steps(request.target), size)


def _prepare(request: BuildRequest, cancel: CancelToken) -> _Prepared:
    """Read the Dockerfile, check the context and pack it."""
    if request.context_dir is not None:
        return _pack(request, Path(request.context_dir), cancel)
    with tempfile.TemporaryDirectory(prefix="workbench-ctx-") as empty:
        return _pack(request, Path(empty), cancel)


def run_build(client: docker.DockerClient, request: BuildRequest,
              on_event: Callable[[BuildEvent], None],
              cancel: CancelToken | None = None) -> BuildFinished:
    """Build on the engine, streaming events; returns the final image or raises.

    Raises EngineOperationError (after a BuildFailed event) when a step fails,
    CancelledError when cancelled, EngineUnavailableError when the engine goes away.
    Intermediate containers are removed in every case, and a failed or cancelled
    build leaves no tag (nor, when it was measuring, any image).
    """
    cancel = cancel or CancelToken()
    started = time.monotonic()
    if request.squash:
        _check_squash(client)
    prepared = _prepare(request, cancel)
    labels = request.build_labels
    state = _State(steps=prepared.steps, on_event=on_event,
                   record_steps=request.purpose if request.throwaway else "")
    cancel.check()
    with prepared.context, ResponseCatcher(client, "/build") as catcher:
        try:
            cancel.on_cancel(catcher.cut)  # wakes the read even while a RUN prints nothing
            for chunk in _stream(client, request, prepared.context, prepared.dockerfile,
                                 labels):
                _feed(state, client, chunk)
                if cancel.cancelled:
                    break
        except docker.errors.APIError as exc:
            if not cancel.cancelled:
                _clean_up_failed(client, request, state)
                raise _fail(state, str(exc.explanation or exc)) from None
        except (requests.exceptions.RequestException, urllib3.exceptions.HTTPError,
                OSError, ValueError) as exc:
            # A cut socket surfaces as a connection, protocol or JSON error.
            if not cancel.cancelled:
                _clean_up_failed(client, request, state)
                raise unavailable(endpoint_url(client)) from exc
        except Exception:
            # Cutting the socket under urllib3 can surface as any error inside it.
            if not cancel.cancelled:
                raise
        finally:
            if catcher.response is not None:
                with contextlib.suppress(Exception):
                    catcher.response.close()
    if cancel.cancelled:
        _clean_up_failed(client, request, state)
        raise CancelledError("Build cancelled; its intermediate containers were removed.")
    if state.pending.strip():
        _handle_line(state, client, state.pending.strip())
    if state.error:
        _clean_up_failed(client, request, state)
        raise _fail(state, state.error)
    if not state.final_id:
        _clean_up_failed(client, request, state)
        try:
            client.ping()
        except (docker.errors.DockerException, requests.exceptions.RequestException):
            raise unavailable(endpoint_url(client)) from None
        raise EngineOperationError("The engine ended the build without a result: "
                                   "see the build log and try again.")
    final = state.final_id if state.final_id.startswith("sha256:") else state.last_image
    final = final or state.final_id
    made = list(state.made)
    if final not in made and final not in state.cached_ids:
        made.append(final)  # a squashed image is made after the last step's
    finished = BuildFinished(final, list(state.tags) or
                             ([request.tag] if request.tag else []),
                             time.monotonic() - started, prepared.size, made)
    if request.throwaway:
        throwaway.record(client, "image", final, request.purpose, finished.tags)
    on_event(finished)
    return finished
