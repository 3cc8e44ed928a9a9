"""The timeline and the file explorer on an image really built by the engine."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from workbench.core.analysis.analyze import analyze
from workbench.core.image.open import open_image
from workbench.core.linking import LinkState
from workbench.gui.layers.files_panel import FilesPanel
from workbench.gui.layers.timeline import TimelinePanel
from workbench.gui.selection import ImageContext
from workbench.gui.worker import JobRunner

pytestmark = pytest.mark.engine

DOCKERFILE = """\
FROM busybox:latest
ENV APP=/app
COPY hello.txt /app/hello.txt
RUN mkdir -p /app/bin && echo run > /app/bin/tool && chmod 4755 /app/bin/tool \\
    && ln -s /app/hello.txt /app/link
CMD ["cat", "/app/hello.txt"]
"""


@pytest.fixture
def panels(qtbot) -> Iterator[tuple[TimelinePanel, FilesPanel]]:  # type: ignore[no-untyped-def]
    context = ImageContext()
    runner = JobRunner()
    timeline, files = TimelinePanel(context, runner), FilesPanel(context, runner)
    for widget in (timeline, files):
        qtbot.addWidget(widget)
        widget.show()
    yield timeline, files
    assert runner.shutdown(10000)


def test_built_image_links_lines_steps_files_and_extracts(  # type: ignore[no-untyped-def]
        panels, build_image, docker_client, qtbot, tmp_path: Path) -> None:
    timeline, files = panels
    name = build_image(DOCKERFILE, {"hello.txt": "hello\n"})
    analysis = analyze(open_image(f"docker://{name}", client=docker_client))
    context = timeline.context
    context.set_dockerfile("Dockerfile", DOCKERFILE)
    context.set_analysis(analysis)
    linking = timeline.linking
    assert linking is not None and linking.state is LinkState.EXACT
    base = open_image("docker://busybox:latest", client=docker_client).info.history
    assert linking.base_count == len(base)

    # Selecting the RUN's continuation line selects the RUN step and its layer's files.
    context.select_lines(5, 5)
    step = context.step
    assert analysis.info.history[step].instruction == "RUN"
    row = timeline.rows[step]
    assert row.size > 0 and row.added is not None and row.added >= 3
    qtbot.waitUntil(lambda: not files.busy and files.layer is not None, timeout=10000)
    assert files.layer == analysis.info.history[step].layer_index
    context.select_path("app/bin/tool")
    assert files.selected_path() == "app/bin/tool"
    index = files.model.index_for_path("app/bin/tool")
    assert files.model.data(index.siblingAtColumn(7)) == "set-uid"

    # Extract the folder from the merged view: the engine image is read again.
    files.set_mode("merged")
    qtbot.waitUntil(lambda: not files.busy, timeout=10000)
    context.select_path("app")
    assert files.selected_path() == "app"
    files.extract_selected(str(tmp_path))
    qtbot.waitUntil(lambda: files.message.text().startswith("Extracted"), timeout=30000)
    assert (tmp_path / "app" / "hello.txt").read_text() == "hello\n"
    assert (tmp_path / "app" / "link").readlink() == Path("/app/hello.txt")
    assert (tmp_path / "app" / "bin" / "tool").read_text() == "run\n"
