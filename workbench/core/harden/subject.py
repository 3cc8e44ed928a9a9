"""What the checks look at: the Dockerfile, its final stage, and the images it makes.

Layers map back to Dockerfile lines through the image history: the final stage's
instructions after ``FROM`` made the last history entries (labels given to the build
add trailing ``LABEL`` entries, skipped here).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from workbench.core.dockerfile.parser import Dockerfile, Instruction, Stage

if TYPE_CHECKING:  # the image reader brings the docker SDK, which these never call
    from workbench.core.harden.imagefs import ImageFacts


@dataclass(slots=True)
class Subject:
    text: str
    dockerfile: Dockerfile
    path: Path | None = None
    context_dir: Path | None = None
    image: ImageFacts | None = None  # the built image, when one was named
    base: ImageFacts | None = None  # the final stage's base, when no image was named
    notes: list[str] = field(default_factory=list)  # sentences about what could not be done
    secrets: set[str] = field(default_factory=set)  # values every output must mask

    @property
    def final(self) -> Stage:
        return self.dockerfile.stages[-1]

    @property
    def filesystem(self) -> ImageFacts | None:
        """The best view of the final filesystem there is: the image, else its base."""
        return self.image or self.base

    def stage_names(self) -> set[str]:
        names = {s.name for s in self.dockerfile.stages if s.name}
        return names | {str(s.index) for s in self.dockerfile.stages}

    def reaching_stages(self) -> list[Stage]:
        """Stages whose content reaches the final image (via FROM alias or COPY --from)."""
        wanted = {self.final.index}
        queue = [self.final]
        while queue:
            stage = queue.pop()
            refs = [stage.base] + [i.flags["from"] for i in stage.instructions
                                   if i.keyword == "COPY" and i.flags.get("from")]
            for ref in refs:
                other = self.dockerfile.stage_named(ref)
                if other is not None and other.index < stage.index and \
                        other.index not in wanted:
                    wanted.add(other.index)
                    queue.append(other)
        return [s for s in self.dockerfile.stages if s.index in wanted]

    def first_own_history(self) -> int | None:
        """Index of the history entry made by the final stage's first instruction."""
        if self.image is None:
            return None
        history = self.image.history
        end = len(history) - 1
        while end >= 0 and "io.image-workbench" in str(history[end].get("created_by", "")) \
                and "LABEL" in str(history[end].get("created_by", "")):
            end -= 1
        own = len(self.final.instructions) - 1
        return max(0, end - own + 1)

    def instruction_of_layer(self, layer: int) -> Instruction | None:
        """The final-stage instruction that made ``layer``; its FROM for a base layer."""
        if self.image is None:
            return None
        steps = self.image.layer_steps()
        first = self.first_own_history()
        if layer >= len(steps) or first is None:
            return None
        offset = steps[layer] - first
        if offset < 0:
            return self.final.instructions[0]
        if offset + 1 < len(self.final.instructions):
            return self.final.instructions[offset + 1]
        return None

    def line_of_layer(self, layer: int) -> int | None:
        instruction = self.instruction_of_layer(layer)
        return instruction.line_start if instruction else None

    def base_layer_count(self) -> int:
        """How many of the image's layers came from the final stage's base."""
        if self.image is None:
            return 0
        first = self.first_own_history() or 0
        return sum(1 for step in self.image.layer_steps() if step < first)

    def last_line_of_final(self) -> int:
        return max(i.line_end for i in self.final.instructions)
