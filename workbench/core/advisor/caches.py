"""Package-manager caches: removed a layer too late, or never.

A file deleted in a later layer still ships in the layer that created it, so a cache
(apt lists, apk cache, pip and npm caches) must be removed by the very RUN that made
it, or never written (``apk add --no-cache``, ``pip install --no-cache-dir``).
"""

from __future__ import annotations

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.advisor.chain import move_segments
from workbench.core.advisor.shell import (
    is_simple_run,
    manager_of_cleanup,
    manager_of_install,
    run_text,
    segments,
)
from workbench.core.dockerfile.edit import replace_lines
from workbench.core.dockerfile.parser import Dockerfile, Instruction

# What to add to an install that never cleans its cache, or the flag that avoids it.
_CLEANUP = {
    "apt": "rm -rf /var/lib/apt/lists/*",
    "npm": "npm cache clean --force",
}
_NO_CACHE_FLAG = {"apk": ("apk add", "apk add --no-cache"),
                  "pip": ("install", "install --no-cache-dir")}


def cache_cleanup(text: str, dockerfile: Dockerfile) -> list[Advice]:
    advice = []
    for stage in dockerfile.stages:
        runs = [i for i in stage.instructions if i.keyword == "RUN"]
        cleaned: set[str] = set()
        for later_index, later in enumerate(runs):
            if not is_simple_run(later):
                continue
            for manager in {m for s in segments(later.value) for m in manager_of_cleanup(s)}:
                installs = [r for r in runs[:later_index]
                            if manager in manager_of_install(r.value) and is_simple_run(r)]
                if not installs or manager in manager_of_install(later.value):
                    continue
                target = installs[-1]
                moved = [s for s in segments(later.value) if manager in manager_of_cleanup(s)]
                cleaned.add(manager)
                advice.append(Advice(
                    AdviceKind.CACHE_CLEANUP,
                    f"Clean the {manager} cache in the RUN on line {target.line_start}",
                    f"The {manager} cache removed on line {later.line_start} still ships in "
                    f"the layer of line {target.line_start}: remove it in that same RUN.",
                    (target.line_start, later.line_end),
                    new_dockerfile=move_segments(text, later, target, moved),
                ))
        advice.extend(_never_cleaned(text, runs, cleaned))
    return advice


def _never_cleaned(text: str, runs: list[Instruction], cleaned: set[str]) -> list[Advice]:
    """Installs whose cache is removed nowhere in the stage."""
    advice = []
    for run in runs:
        if not is_simple_run(run):
            continue
        parts = segments(run.value)
        for manager in manager_of_install(run.value):
            if manager in cleaned or any(manager in manager_of_cleanup(s) for s in parts):
                continue
            if manager in _NO_CACHE_FLAG:
                old, new = _NO_CACHE_FLAG[manager]
                if "--no-cache" in run.value:
                    continue
                fixed = [s.replace(old, new, 1) if manager in manager_of_install(s) else s
                         for s in parts]
                if fixed == parts:
                    continue
            else:
                fixed = [*parts, _CLEANUP[manager]]
            new_text = replace_lines(text, run.line_start, run.line_end, run_text(fixed))
            advice.append(Advice(
                AdviceKind.CACHE_CLEANUP,
                f"Leave no {manager} cache behind",
                f"The {manager} download cache made on line {run.line_start} stays in the "
                "image unless the same RUN removes it or never writes it.",
                (run.line_start, run.line_end),
                new_dockerfile=new_text,
            ))
    return advice
