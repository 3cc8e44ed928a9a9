"""The model's steps against the ``Step N/M : ...`` lines the real engine prints."""

from __future__ import annotations

import io
import re
import tarfile

import pytest

from workbench.core.dockerfile.parser import parse

pytestmark = pytest.mark.engine

_STEP = re.compile(r"^Step (\d+)/(\d+) : (.*)$")

TRICKY = (
    "ARG BASE=busybox\n"
    "FROM\t${BASE}:latest   AS   Build\n"
    "run echo hello\\\n  world   \n"
    "RUN echo goodbye\\\nfrog\n"
    "RUN echo a \\\n    # a comment inside\n\n    && echo b\n"
    "ENV A=b \\\n    C=\"d e\"\n"
    "HEALTHCHECK NONE\n"
    "ONBUILD RUN ls\n"
    "CMD [\"sh\",  \"-c\", \"true\"]\n"
)


def engine_steps(docker_client, text: str) -> list[tuple[int, int, str]]:  # type: ignore[no-untyped-def]
    """Build ``text`` with the classic builder; the (N, M, echo) of each step it printed."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w") as tar:
        data = text.encode()
        info = tarfile.TarInfo("Dockerfile")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    archive.seek(0)
    steps: list[tuple[int, int, str]] = []
    image = None
    try:
        for event in docker_client.api.build(fileobj=archive, custom_context=True, rm=True,
                                             forcerm=True, decode=True):
            assert "error" not in event, event
            match = _STEP.match(event.get("stream", ""))
            if match:
                steps.append((int(match.group(1)), int(match.group(2)), match.group(3)))
            image = event.get("aux", {}).get("ID", image)
    finally:
        if image:
            docker_client.api.remove_image(image)
    return steps


def test_step_texts_are_what_the_engine_echoes(docker_client) -> None:  # type: ignore[no-untyped-def]
    steps = parse(TRICKY).build_steps()
    echoed = engine_steps(docker_client, TRICKY)
    assert [(n, m) for n, m, _ in echoed] == [(n, len(steps)) for n in
                                              range(1, len(steps) + 1)]
    assert [text for _, _, text in echoed] == [step.text for step in steps]
    assert steps[2].text == "run echo hello  world"
