"""A smaller base image (article §3.4.1), when what the Dockerfile runs allows it.

The text is read for what ties it to its base: a package manager (apt, apk, yum...),
bash, or any RUN at all for ``scratch``, which has no shell. Candidates that pass are
proposed with the bytes they would save; building the variant is the real proof.
"""

from __future__ import annotations

import re

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.dockerfile.edit import set_base
from workbench.core.dockerfile.parser import Dockerfile
from workbench.core.sizes.bases import BaseSize, normalise
from workbench.core.units import human_size

_NEEDS = {
    "apt": re.compile(r"\b(?:apt-get|apt|dpkg)\b"),
    "apk": re.compile(r"\bapk\b"),
    "rpm": re.compile(r"\b(?:yum|dnf|microdnf|rpm)\b"),
    "bash": re.compile(r"\bbash\b"),
}
# What each family of base provides, judged by its name.
_PROVIDES = {
    "scratch": set(),
    "busybox": set(),
    "alpine": {"apk"},
    "debian": {"apt", "bash"},
    "ubuntu": {"apt", "bash"},
}


def _family(name: str) -> str | None:
    last = name.rsplit("/", 1)[-1].split(":", 1)[0].split("@", 1)[0]
    # Contained, not prefixed: mirrors and local copies are named like "my-alpine".
    for family in _PROVIDES:
        if family in last:
            return family
    return None


def _needs(dockerfile: Dockerfile) -> tuple[set[str], bool]:
    """(tools the final stage's commands need, whether it needs a shell at all)."""
    final = dockerfile.stages[-1]
    needs: set[str] = set()
    shell = False
    for instruction in final.instructions:
        if instruction.keyword == "RUN":
            shell = True
        if instruction.keyword in ("RUN", "CMD", "ENTRYPOINT", "SHELL", "HEALTHCHECK"):
            if instruction.keyword != "RUN" and not instruction.value.lstrip().startswith("["):
                shell = True  # shell form needs /bin/sh
            needs |= {tool for tool, pattern in _NEEDS.items()
                      if pattern.search(instruction.value)}
    return needs, shell


def smaller_base(text: str, dockerfile: Dockerfile, current_size: int | None,
                 candidates: list[BaseSize]) -> list[Advice]:
    if not dockerfile.stages or current_size is None:
        return []
    final = dockerfile.stages[-1]
    current = normalise(final.base)
    if any(final.base == stage.name for stage in dockerfile.stages[:-1] if stage.name):
        return []  # FROM an earlier stage: its own base is what to change
    needs, shell = _needs(dockerfile)
    advice = []
    for candidate in sorted(candidates, key=lambda c: c.sizes.size if c.sizes else 0):
        if candidate.sizes is None or candidate.name == current:
            continue
        saving = current_size - candidate.sizes.size
        family = _family(candidate.name)
        if saving <= 0 or family is None:
            continue
        if (family == "scratch" and shell) or not needs <= _PROVIDES[family]:
            continue
        advice.append(Advice(
            AdviceKind.SMALLER_BASE,
            f"Start from {candidate.name} instead of {current}",
            f"Nothing in the final stage needs what {current} adds over {candidate.name} "
            f"(judged from its commands), which would save about {human_size(saving)}.",
            (final.line, final.line),
            new_dockerfile=set_base(text, candidate.name),
            estimated_bytes=saving,
            note="A successful build is the proof it builds; check that the program runs too.",
        ))
    return advice
