"""Rebuild and verify: build the fixed Dockerfile, re-run the checks, smoke-run the image.

Everything made here (images, containers) carries the workbench label, is recorded in
the ledger, and is removed before returning by the ids this run recorded (a label alone
proves nothing: images built from a labelled base inherit it).
"""

from __future__ import annotations

import contextlib
import secrets
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine import throwaway
from workbench.core.engine.build import BuildFinished, BuildRequest, remove_built, run_build
from workbench.core.errors import WorkbenchError
from workbench.core.harden.run import HardenReport, harden
from workbench.core.labels import labels
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

PURPOSE = "harden"
SMOKE_TIMEOUT = 10.0  # seconds a CMD may run; one still running then has started fine


@dataclass(slots=True)
class SmokeResult:
    started: bool  # exited 0, or still running at the timeout
    exit_code: int | None  # None when it was still running
    output: str
    uid: int | None = None  # ``id -u`` where the image has a shell
    message: str = ""


@dataclass(slots=True)
class VerifyResult:
    built: bool
    before: HardenReport
    after: HardenReport | None = None
    smoke: SmokeResult | None = None
    size_before: int | None = None
    size_after: int | None = None
    error: str = ""  # the build's or smoke run's failure, as a sentence
    gone: list[str] = field(default_factory=list)  # finding ids fixed
    new: list[str] = field(default_factory=list)  # finding ids the fix brought

    @property
    def size_change(self) -> int | None:
        if self.size_before is None or self.size_after is None:
            return None
        return self.size_after - self.size_before

    @property
    def ok(self) -> bool:
        return self.built and self.smoke is not None and self.smoke.started and \
            (self.smoke.uid is None or self.smoke.uid != 0)


def _build(client: docker.DockerClient, context: Path, text: str, cancel: CancelToken,
           made: list[BuildFinished]) -> str:
    with tempfile.TemporaryDirectory(prefix="workbench-harden-") as scratch:
        dockerfile = Path(scratch) / "Dockerfile"
        dockerfile.write_text(text)
        tag = f"workbench-harden-{secrets.token_hex(5)}:verify"
        request = BuildRequest(context_dir=context, dockerfile=str(dockerfile), tag=tag,
                               purpose=PURPOSE)
        finished = run_build(client, request, lambda _event: None, cancel)
    made.append(finished)
    return finished.image_id


def _run(client: docker.DockerClient, image: str, command: list[str] | None,
         entrypoint: list[str] | None, timeout: float) -> tuple[int | None, str]:
    created = client.api.create_container(
        image, command, entrypoint=entrypoint, labels=labels(PURPOSE),
        host_config=client.api.create_host_config(network_mode="none"))
    container = str(created["Id"])
    throwaway.record(client, "container", container, PURPOSE)
    try:
        client.api.start(container)
        try:
            status = client.api.wait(container, timeout=timeout)
            code: int | None = int(status.get("StatusCode", -1))
        except (requests.exceptions.ConnectionError, requests.exceptions.Timeout):
            code = None
        output = client.api.logs(container).decode("utf-8", "replace")
        return code, output
    finally:
        with contextlib.suppress(docker.errors.DockerException,
                                 requests.exceptions.RequestException):
            client.api.remove_container(container, force=True)
            throwaway.forget([container])


def smoke_run(client: docker.DockerClient, image: str, has_shell: bool,
              timeout: float = SMOKE_TIMEOUT) -> SmokeResult:
    """Start the image's own CMD/ENTRYPOINT without network; then ``id -u`` if it can."""
    try:
        code, output = _run(client, image, None, None, timeout)
    except docker.errors.DockerException as exc:
        reason = str(getattr(exc, "explanation", "") or exc).splitlines()[0]
        return SmokeResult(False, None, "", None, f"The image's command did not start: "
                                                   f"{reason.rstrip('.')}.")
    started = code in (0, None)
    message = "" if started else f"The image's command exited with code {code}."
    uid = None
    if has_shell:
        id_code, id_output = _run(client, image, ["-c", "id -u"], ["/bin/sh"], timeout)
        if id_code == 0 and id_output.strip().isdigit():
            uid = int(id_output.strip())
    return SmokeResult(started, code, output[-2000:], uid, message)


def _remove(client: docker.DockerClient, builds: list[BuildFinished]) -> None:
    for finished in builds:
        remove_built(client, finished)


def verify(client: docker.DockerClient, original: str, fixed: str, context_dir: Path,
           *, image: str | None = None, progress: ProgressCallback = no_progress,
           cancel: CancelToken | None = None, use_hadolint: bool = True) -> VerifyResult:
    """Build ``fixed`` in ``context_dir`` and prove its findings are gone.

    ``image`` is the original's built image; without it the original is built too, for
    the before findings and size. Build and smoke failures come back in ``error``.
    """
    cancel = cancel or CancelToken()
    made: list[BuildFinished] = []
    total = 5
    try:
        progress(ProgressEvent("verify", 0, total, "steps", "Building the original"))
        before_image = image or _build(client, context_dir, original, cancel, made)
        before = harden(text=original, context_dir=context_dir, image=before_image,
                        client=client, use_hadolint=use_hadolint, cancel=cancel)
        result = VerifyResult(False, before, size_before=before.image_size)
        progress(ProgressEvent("verify", 1, total, "steps", "Building the fixed Dockerfile"))
        try:
            after_image = _build(client, context_dir, fixed, cancel, made)
        except WorkbenchError as exc:
            if cancel.cancelled:
                raise
            result.error = str(exc)
            return result
        result.built = True
        cancel.check()
        progress(ProgressEvent("verify", 2, total, "steps", "Checking the fixed image"))
        result.after = harden(text=fixed, context_dir=context_dir, image=after_image,
                              client=client, use_hadolint=use_hadolint, cancel=cancel)
        result.size_after = result.after.image_size
        before_ids = {f.id for f in before.findings}
        after_ids = {f.id for f in result.after.findings}
        result.gone = sorted(before_ids - after_ids)
        result.new = sorted(after_ids - before_ids)
        progress(ProgressEvent("verify", 3, total, "steps", "Smoke run"))
        result.smoke = smoke_run(client, after_image, _has_shell(client, after_image))
        if not result.smoke.started:
            result.error = result.smoke.message
        elif result.smoke.uid == 0:
            result.error = "The fixed image still runs as uid 0."
        progress(ProgressEvent("verify", total, total, "steps", "Done"))
        return result
    finally:
        _remove(client, list(reversed(made)))


def _has_shell(client: docker.DockerClient, image: str) -> bool:
    try:
        code, _ = _run(client, image, ["-c", "true"], ["/bin/sh"], SMOKE_TIMEOUT)
    except docker.errors.DockerException:
        return False
    return code == 0
