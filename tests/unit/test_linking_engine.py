"""Linking against histories of images really built by the engine (the build_image fixture)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from workbench.core.dockerfile.parser import parse
from workbench.core.history_text import instruction_of
from workbench.core.linking import LinkState, Origin, link
from workbench.core.model import HistoryStep

pytestmark = pytest.mark.engine


def engine_history(docker_client, name: str) -> list[HistoryStep]:  # type: ignore[no-untyped-def]
    """The image's history in build order, as the engine's history endpoint reports it."""
    rows = list(reversed(docker_client.images.get(name).history()))
    return [HistoryStep(index, row["CreatedBy"],
                        created=datetime.fromtimestamp(row["Created"], UTC).isoformat(),
                        empty_layer=row["Size"] == 0)
            for index, row in enumerate(rows)]


MULTI_STAGE = """\
FROM busybox:latest AS build
RUN echo built > /built
FROM busybox:latest
ARG FLAVOUR=plain
ENV GREETING="hello world" \\
    MODE=test
COPY a.txt /app/a.txt
COPY --from=build /built /app/built
WORKDIR /app
RUN echo "$FLAVOUR" > flavour && \\
    chmod 4755 flavour
EXPOSE 8080
CMD ["sh", "-c", "cat /app/a.txt"]
"""


def test_multi_stage_build_links_exactly(docker_client, build_image) -> None:  # type: ignore[no-untyped-def]
    name = build_image(MULTI_STAGE, {"a.txt": "payload\n"})
    steps = engine_history(docker_client, name)
    base = len(engine_history(docker_client, "busybox:latest"))
    result = link(steps, parse(MULTI_STAGE))
    assert result.state is LinkState.EXACT, [(s.created_by, r) for s, r in zip(steps, result.steps,
                                                                                strict=True)]
    assert result.base_count == base
    # The fixture builds with a label, which the engine records as one more step.
    assert result.steps[-1].origin is Origin.BUILD
    own = [(instruction_of(steps[s.step].created_by), s.line_start, s.line_end)
           for s in result.steps if s.origin is Origin.DOCKERFILE]
    assert own == [("ARG", 4, 4), ("ENV", 5, 6), ("COPY", 7, 7), ("COPY", 8, 8),
                   ("WORKDIR", 9, 9), ("RUN", 10, 11), ("EXPOSE", 12, 12), ("CMD", 13, 13)]
    run_step = result.steps_for_lines(11, 11)
    assert len(run_step) == 1 and not steps[run_step[0]].empty_layer
    # The first stage's lines made nothing in this image.
    assert result.steps_for_lines(1, 2) == []


def test_other_images_history_does_not_link(docker_client, build_image) -> None:  # type: ignore[no-untyped-def]
    name = build_image("FROM busybox:latest\nRUN touch /newfile\n")
    steps = engine_history(docker_client, name)
    assert link(steps, parse("FROM busybox:latest\nRUN touch /newfile\n")).state is LinkState.EXACT
    other = link(steps, parse("FROM busybox:latest\nCOPY x /x\nRUN touch /newfile\n"))
    assert other.state is LinkState.NONE and other.problem
