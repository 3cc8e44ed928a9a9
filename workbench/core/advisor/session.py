"""One advisor run against an engine: build the Dockerfile once, read its image, advise,
and (when asked) prove each advice by building it.

This is what the ``advise`` command and the window's Sizes panel call.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.advisor.advice import Advice
from workbench.core.advisor.advise import advise
from workbench.core.advisor.facts import ImageFacts, scan_engine_image
from workbench.core.advisor.measure import PURPOSE, Measured, Measurement, measure_advice
from workbench.core.engine.build import BuildRequest, remove_built, run_build, throwaway_tag
from workbench.core.engine.events import BuildFinished
from workbench.core.errors import CancelledError, WorkbenchError
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress
from workbench.core.sizes.bases import DEFAULT_BASES, measure_bases, normalise
from workbench.core.sizes.layers import image_sizes
from workbench.core.sizes.variants import final_base


@dataclass(slots=True)
class AdvisorReport:
    advice: list[Advice]
    before: Measured | None = None  # the Dockerfile as it is, built
    build_error: str = ""  # why the Dockerfile as it is did not build
    measurements: list[Measurement] = field(default_factory=list)

    def measurement_for(self, advice: Advice) -> Measurement | None:
        return next((m for m in self.measurements if m.advice is advice), None)

    def to_json(self) -> dict[str, Any]:
        return {
            "before": self.before.to_json() if self.before else None,
            "build_error": self.build_error or None,
            "advice": [
                {**a.to_json(), "measurement": (m.to_json() if (m := self.measurement_for(a))
                                                else None)}
                for a in self.advice
            ],
        }


def engine_experimental(client: docker.DockerClient) -> bool | None:
    with contextlib.suppress(docker.errors.APIError, requests.exceptions.RequestException):
        return bool(client.info().get("ExperimentalBuild"))
    return None


def run_advisor(
    client: docker.DockerClient,
    text: str,
    context_dir: Path | None,
    *,
    measure: bool = False,
    facts: ImageFacts | None = None,
    bases: tuple[str, ...] | list[str] = DEFAULT_BASES,
    progress: ProgressCallback = no_progress,
    cancel: CancelToken | None = None,
) -> AdvisorReport:
    """Build once for the image facts (unless given), advise, optionally measure all."""
    cancel = cancel or CancelToken()
    before: Measured | None = None
    build_error = ""
    kept: BuildFinished | None = None
    try:
        if facts is None:
            progress(ProgressEvent("advise", 0, None, "", "building the Dockerfile as it is"))
            try:
                tag = throwaway_tag()
                request = BuildRequest(context_dir, dockerfile_text=text, tag=tag,
                                       purpose=PURPOSE)
                kept = run_build(client, request, lambda _event: None, cancel)
                facts = scan_engine_image(client, tag, cancel)
                sizes = image_sizes(client, tag, compressed=False, cancel=cancel)
                before = Measured(sizes.size, len(sizes.layers), kept.context_bytes,
                                  sizes.image_id)
            except CancelledError:
                raise
            except WorkbenchError as exc:
                build_error = str(exc)
        found = _collect(client, text, context_dir, facts, bases, progress, cancel)
        report = AdvisorReport(found, before, build_error)
        if measure and before is not None:
            # The original image stays until every advice is measured: its layers are the
            # build cache that lets each advised copy rebuild only what it changed.
            _measure_all(client, text, context_dir, report, before, progress, cancel)
    finally:
        if kept is not None:
            remove_built(client, kept)
    return report


def _collect(client: docker.DockerClient, text: str, context_dir: Path | None,
             facts: ImageFacts | None, bases: tuple[str, ...] | list[str],
             progress: ProgressCallback, cancel: CancelToken) -> list[Advice]:
    progress(ProgressEvent("advise", 0, None, "", "measuring candidate bases"))
    base_sizes = measure_bases(client, list(bases), pull=False, compressed=False, cancel=cancel)
    current = normalise(final_base(text)) if final_base(text) else ""
    current_size = next((b.sizes.size for b in base_sizes if b.name == current and b.sizes),
                        None)
    if current_size is None and current:
        current_size = next((b.sizes.size for b in measure_bases(
            client, [current], pull=False, compressed=False, cancel=cancel) if b.sizes), None)
    return advise(text, context_dir=context_dir, facts=facts,
                  experimental=engine_experimental(client), bases=base_sizes,
                  current_base_size=current_size, cancel=cancel)


def _measure_all(client: docker.DockerClient, text: str, context_dir: Path | None,
                 report: AdvisorReport, before: Measured, progress: ProgressCallback,
                 cancel: CancelToken) -> None:
    # Two kinds of advice can propose the same change: build each distinct one once.
    done: dict[tuple[str, str | None, bool], Measurement] = {}
    total = len(report.advice)
    for index, item in enumerate(report.advice):
        cancel.check()
        progress(ProgressEvent("measure", index, total, "advice", item.title))
        key = (item.new_dockerfile or text, item.new_dockerignore, item.squash)
        previous = done.get(key) if item.measurable else None
        if previous is not None:
            measured = Measurement(item, previous.before, previous.after, previous.error)
        else:
            measured = measure_advice(client, text, context_dir, item, before, cancel=cancel)
            done[key] = measured
        report.measurements.append(measured)
    progress(ProgressEvent("measure", total, total, "advice"))
