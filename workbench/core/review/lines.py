"""Layer -> Dockerfile line, through the history linking (``workbench.core.linking``)."""

from __future__ import annotations

from dataclasses import dataclass, field

from workbench.core.model import ImageInfo


@dataclass(slots=True)
class LayerLines:
    lines: dict[int, int] = field(default_factory=dict)  # layer index -> first line
    steps: dict[int, int] = field(default_factory=dict)  # history index -> first line
    problem: str = ""  # why the Dockerfile could not be linked

    def line_of(self, layer: int | None) -> int | None:
        return self.lines.get(layer) if layer is not None else None

    def line_of_step(self, step: int | None) -> int | None:
        return self.steps.get(step) if step is not None else None


def layer_lines(info: ImageInfo, dockerfile_text: str | None) -> LayerLines:
    """Each layer's Dockerfile line, when the Dockerfile is the one the image was built
    from; empty without a Dockerfile."""
    if dockerfile_text is None:
        return LayerLines()
    from workbench.core.dockerfile.parser import parse
    from workbench.core.linking import link

    linking = link(info.history, parse(dockerfile_text))
    found = LayerLines(problem=linking.problem)
    for step in info.history:
        start, _end = linking.lines_for_step(step.index)
        if start:
            found.steps[step.index] = start
            if step.layer_index is not None:
                found.lines[step.layer_index] = start
    return found
