"""Squash (article §3.3.2): one layer for everything the Dockerfile adds on top of its base.

``docker build --squash`` merges the new layers into one, so files a later layer
deletes are no longer shipped. The engine only accepts it when started with
``--experimental``; otherwise the advice is a note, not a build.
"""

from __future__ import annotations

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.advisor.facts import LAYER_KEYWORDS, ImageFacts
from workbench.core.dockerfile.parser import Dockerfile

NOT_EXPERIMENTAL = ("The engine is not running with --experimental, so it refuses --squash: "
                    "start dockerd with --experimental to try it.")


def squash(dockerfile: Dockerfile, experimental: bool | None,
           facts: ImageFacts | None = None) -> list[Advice]:
    if not dockerfile.stages:
        return []
    final = dockerfile.stages[-1]
    layer_making = [i for i in final.instructions if i.keyword in LAYER_KEYWORDS]
    waste = facts.reclaimable_bytes if facts else None
    if len(layer_making) < 2 and not waste:
        return []
    first, last = final.instructions[0], final.instructions[-1]
    why = (f"The final stage adds {len(layer_making)} layers; squashing makes them one and "
           "drops the files later layers delete or overwrite.")
    if experimental is False:
        return [Advice(AdviceKind.SQUASH, "Squash the image's layers (needs an experimental "
                                          "engine)", why, (first.line_start, last.line_end),
                       squash=True, measurable=False, note=NOT_EXPERIMENTAL,
                       estimated_bytes=waste)]
    note = "" if experimental else "Whether the engine accepts --squash is not known yet."
    return [Advice(AdviceKind.SQUASH, f"Squash {len(layer_making)} layers into one", why,
                   (first.line_start, last.line_end), squash=True, note=note,
                   estimated_bytes=waste)]
