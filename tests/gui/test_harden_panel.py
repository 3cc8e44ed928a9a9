"""The Harden panel in the real window, against the real engine: check a built image,
follow a finding to its line, layer and file, fix as one undoable edit in the right
document only, rebuild and verify, and undo a fix that breaks the image."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import pytest

from tests.gui.conftest import wait_engine
from workbench.core.harden.model import Finding
from workbench.gui.harden.panel import HardenPanel

pytestmark = pytest.mark.engine
SLOW = 240_000  # ms: builds share two cores with everyone

SETUID = ("FROM busybox:latest\n"
          "RUN mkdir -p /usr/local/bin && cp /bin/true /usr/local/bin/tool && "
          "chmod 4755 /usr/local/bin/tool\n")


@pytest.fixture
def tags(docker_client: Any) -> Any:
    made: list[str] = []
    yield made
    for tag in made:
        with contextlib.suppress(Exception):
            docker_client.images.remove(tag, force=True)


def _built_window(make_window: Any, qtbot: Any, directory: Path, text: str, tag: str) -> Any:
    directory.mkdir(exist_ok=True)
    (directory / "Dockerfile").write_text(text)
    window = make_window()
    wait_engine(qtbot, window)
    tab = window.open_path(directory)
    window.actions_.tag.setText(tag)
    with qtbot.waitSignal(window.loader.finished, timeout=SLOW) as loaded:
        window.actions_.build.trigger()
    assert loaded.args[0] is True, loaded.args[1]
    qtbot.waitUntil(lambda: window.context.dockerfile_text == text, timeout=10_000)
    panel = window.panel("dock-harden")
    assert isinstance(panel, HardenPanel)
    return window, tab, panel


def _check(qtbot: Any, panel: HardenPanel) -> None:
    with qtbot.waitSignal(panel.checked, timeout=SLOW):
        panel.check_button.click()
    # The buttons come back with the job's finished signal, which follows the result.
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)


def _select(panel: HardenPanel, wanted: str, path: str | None = None) -> Finding:
    tree = panel.tree
    for g in range(tree.topLevelItemCount()):
        group = tree.topLevelItem(g)
        assert group is not None
        for c in range(group.childCount()):
            item = group.child(c)
            assert item is not None
            finding = item.data(0, 256)
            if finding.id == wanted and (path is None or finding.evidence.path == path):
                tree.setCurrentItem(item)
                return finding  # type: ignore[no-any-return]
    raise AssertionError(f"{wanted} not in the panel")


def test_check_links_fixes_in_place_and_verifies(make_window: Any, qtbot: Any, tmp_path: Path,
                                                  unique_tag: str, tags: list[str]) -> None:
    tag = f"{unique_tag}:dev"
    tags.append(tag)
    text = SETUID + 'CMD ["sh", "-c", "echo started"]\n'
    window, tab, panel = _built_window(make_window, qtbot, tmp_path / "app", text, tag)
    _check(qtbot, panel)
    assert panel.checked_image == window.context.analysis.info.id
    groups = [panel.tree.topLevelItem(i).text(0) for i in range(panel.tree.topLevelItemCount())]
    assert groups[0].startswith("Errors (")

    # A finding leads to its line in the editor, its layer in the timeline, its file.
    setid = _select(panel, "IW-SETID", "/usr/local/bin/tool")
    assert setid.evidence.line == 2 and window.context.lines == (2, 2)
    step = window.context.analysis.steps()[window.context.step]
    assert step.layer is not None and step.layer.index == setid.evidence.layer
    assert window.context.path == "usr/local/bin/tool"
    assert "4755" in panel.detail.toPlainText()

    # Fix: the diff is shown first, then one undoable edit in this document's tab.
    shown: list[str] = []
    panel.confirm_fix = lambda _summary, diff: shown.append(diff) or True
    _select(panel, "IW-USER-ROOT")
    assert panel.fix_button.isEnabled() and panel.fix_selected()
    assert shown and "+USER 10001:10001" in shown[0]
    assert "USER 10001:10001" in tab.text()
    # The report follows its own fix: it is not out of date.
    qtbot.waitUntil(lambda: window.context.dockerfile_text == tab.text(), timeout=10_000)
    assert panel.out_of_date.isHidden()
    tab.editor.undo()
    assert tab.text() == text
    tab.editor.redo()

    # Another document in front: the next fix still lands in the checked one only.
    other = window.new_document()
    before_other = other.text()
    qtbot.waitUntil(lambda: window.context.dockerfile_text == before_other, timeout=10_000)
    _select(panel, "IW-SETID", "/usr/local/bin/tool")
    assert panel.fix_selected()
    assert other.text() == before_other
    assert "not for the Dockerfile open now" in panel.out_of_date.text()
    fixed = tab.text()
    assert "USER 10001:10001" in fixed and "-perm" in fixed
    _select(panel, "IW-HEALTHCHECK")
    assert not panel.fix_button.isEnabled()
    window.area.tabs.setCurrentWidget(tab)
    qtbot.waitUntil(lambda: window.context.dockerfile_text == fixed, timeout=10_000)

    with qtbot.waitSignal(panel.verified, timeout=SLOW) as verified:
        panel.verify_button.click()
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)
    result = verified.args[0]
    assert result.built and result.ok, result.error
    assert {"IW-USER-ROOT", "IW-SETID"} <= set(result.gone)
    assert result.smoke.uid == 10001 and "started" in result.smoke.output
    assert "The fix holds." in panel.detail.toPlainText()
    assert other.text() == before_other


def test_a_fix_that_breaks_the_image_is_shown_and_undone(make_window: Any, qtbot: Any,
                                                         tmp_path: Path, unique_tag: str,
                                                         tags: list[str]) -> None:
    tag = f"{unique_tag}:dev"
    tags.append(tag)
    # The program writes to /root, which a non-root user cannot: the user fix breaks it.
    text = 'FROM busybox:latest\nCMD ["sh", "-c", "touch /root/state && echo ok"]\n'
    window, tab, panel = _built_window(make_window, qtbot, tmp_path / "app", text, tag)
    _check(qtbot, panel)
    panel.confirm_fix = lambda _summary, _diff: True
    _select(panel, "IW-USER-ROOT")
    assert panel.fix_selected()
    qtbot.waitUntil(lambda: window.context.dockerfile_text == tab.text(), timeout=10_000)
    with qtbot.waitSignal(panel.verified, timeout=SLOW) as verified:
        panel.verify_button.click()
    qtbot.waitUntil(lambda: panel.job is None, timeout=10_000)
    result = verified.args[0]
    assert result.built and not result.ok
    assert "exited with code 1" in result.error
    assert "does not hold" in panel.status.text()
    assert panel.undo_button.isEnabled() and panel.undo_fixes()
    assert tab.text() == text


def test_a_fix_is_refused_once_the_document_changed(make_window: Any, qtbot: Any,
                                                    tmp_path: Path, unique_tag: str,
                                                    tags: list[str]) -> None:
    tag = f"{unique_tag}:dev"
    tags.append(tag)
    text = 'FROM busybox:latest\nCMD ["true"]\n'
    _window, tab, panel = _built_window(make_window, qtbot, tmp_path / "app", text, tag)
    _check(qtbot, panel)
    assert panel.out_of_date.isHidden()
    tab.editor.appendPlainText("EXPOSE 80")
    edited = tab.text()
    # The findings are for the checked text: the panel says they are out of date.
    qtbot.waitUntil(lambda: not panel.out_of_date.isHidden(), timeout=10_000)
    assert "Out of date: the Dockerfile changed" in panel.out_of_date.text()
    panel.confirm_fix = lambda _summary, _diff: True
    _select(panel, "IW-USER-ROOT")
    assert not panel.fix_selected()
    assert "changed since the check" in panel.status.text()
    assert tab.text() == edited


def test_verify_can_be_cancelled_and_leaves_nothing(make_window: Any, qtbot: Any,
                                                    tmp_path: Path, unique_tag: str,
                                                    tags: list[str], docker_client: Any) -> None:
    tag = f"{unique_tag}:dev"
    tags.append(tag)
    # ADD -> COPY changes line 2, so the slow RUN after it is built again by verify.
    text = ('FROM busybox:latest\nADD notes.txt /notes.txt\nRUN sleep 20\nUSER 10001\n'
            'CMD ["true"]\n')
    directory = tmp_path / "app"
    directory.mkdir()
    (directory / "notes.txt").write_text("notes\n")
    def harden_images() -> set[str]:
        return {i.id for i in docker_client.images.list(all=True)
                if any(t.startswith("workbench-harden-") for t in i.tags)}

    others = harden_images()  # another run on this engine may be verifying too
    window, tab, panel = _built_window(make_window, qtbot, directory, text, tag)
    _check(qtbot, panel)
    panel.confirm_fix = lambda _summary, _diff: True
    _select(panel, "IW-ADD")
    assert panel.fix_selected()
    qtbot.waitUntil(lambda: window.context.dockerfile_text == tab.text(), timeout=10_000)
    panel.verify_button.click()
    qtbot.waitUntil(lambda: "Building the fixed" in panel.status.text(), timeout=60_000)
    assert panel.cancel_button.isEnabled() and not panel.verify_button.isEnabled()
    qtbot.wait(1500)
    panel.cancel_button.click()
    qtbot.waitUntil(lambda: panel.status.text() == "Cancelled.", timeout=15_000)
    qtbot.waitUntil(panel.verify_button.isEnabled, timeout=10_000)
    assert harden_images() <= others
