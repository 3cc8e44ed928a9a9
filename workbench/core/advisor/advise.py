"""Collecting every kind of advice for one Dockerfile, in a stable order."""

from __future__ import annotations

from pathlib import Path

from workbench.core.advisor.advice import Advice
from workbench.core.advisor.base import smaller_base
from workbench.core.advisor.caches import cache_cleanup
from workbench.core.advisor.chain import chain_runs
from workbench.core.advisor.dockerignore import dockerignore
from workbench.core.advisor.facts import ImageFacts
from workbench.core.advisor.multistage import multi_stage
from workbench.core.advisor.reclaim import reclaimable
from workbench.core.advisor.squash import squash
from workbench.core.dockerfile.parser import parse
from workbench.core.errors import WorkbenchError
from workbench.core.progress import CancelToken
from workbench.core.sizes.bases import BaseSize


class DockerfileError(WorkbenchError):
    """The Dockerfile cannot be read well enough to advise on it."""


def advise(
    text: str,
    *,
    context_dir: Path | None = None,
    facts: ImageFacts | None = None,
    experimental: bool | None = None,
    bases: list[BaseSize] | None = None,
    current_base_size: int | None = None,
    cancel: CancelToken | None = None,
) -> list[Advice]:
    """Every applicable advice. Without ``facts`` (no built image) the advice that needs
    the image's contents is skipped; without ``bases`` no smaller base is proposed."""
    dockerfile = parse(text)
    if not dockerfile.stages:
        raise DockerfileError("The Dockerfile has no FROM line: add one before asking for "
                              "advice.")
    found: list[Advice] = []
    found += chain_runs(text, dockerfile)
    found += cache_cleanup(text, dockerfile)
    if facts is not None:
        found += reclaimable(text, dockerfile, facts)
    found += squash(dockerfile, experimental, facts)
    if bases:
        found += smaller_base(text, dockerfile, current_base_size, bases)
    found += multi_stage(text, dockerfile, facts)
    found += dockerignore(context_dir, dockerfile, cancel)
    return found
