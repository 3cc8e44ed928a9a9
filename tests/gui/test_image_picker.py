"""Opening an engine image by picking it from the engine's own list, searched by name."""

from __future__ import annotations

from typing import Any

import pytest

from tests.gui.conftest import wait_engine

pytestmark = pytest.mark.engine


def test_pick_an_image_by_searching_its_tag_then_open_it(make_window: Any, qtbot: Any,
                                                         build_image: Any,
                                                         docker_client: Any) -> None:
    tag = build_image("FROM busybox:latest\nRUN echo picked > /picked\n")
    window = make_window()
    wait_engine(qtbot, window)
    picker = window.open_engine_image_dialog()
    assert picker is not None and picker.isVisible()
    qtbot.waitUntil(lambda: picker.list.topLevelItemCount() > 0, timeout=20_000)
    engine_tags = {t for i in docker_client.api.images() for t in i.get("RepoTags") or []
                   if t != "<none>:<none>"}
    shown = {t for i in range(picker.list.topLevelItemCount())
             for t in picker.list.topLevelItem(i).toolTip(0).splitlines() if ":" in t
             and not t.startswith("sha256:") and "@" not in t}
    assert shown == engine_tags
    picker.search.setText(tag.split(":")[0][-6:])
    visible = [picker.list.topLevelItem(i) for i in range(picker.list.topLevelItemCount())
               if not picker.list.topLevelItem(i).isHidden()]
    assert [v.text(0) for v in visible] == [tag]
    assert visible[0].text(1).endswith("MB")
    assert "ago" in visible[0].text(2) or visible[0].text(2) == "just now"
    with qtbot.waitSignal(window.loader.finished, timeout=120_000) as loaded:
        picker.accept()
    assert loaded.args[0] is True, loaded.args[1]
    assert tag in window.context.analysis.info.repo_tags


def test_without_an_engine_the_picker_says_why(make_window: Any) -> None:
    window = make_window(connect_engine=False)
    assert window.open_engine_image_dialog() is None
