"""Per-layer statuses, removals and reclaimable attribution on hand-made layers."""

from __future__ import annotations

import pytest

from workbench.core.analysis.analyze import analyze_scans
from workbench.core.analysis.filetree import FileTree, TreeNode
from workbench.core.analysis.statuses import MergedState, compare
from workbench.core.model import Entry, HistoryStep, ImageInfo, Kind, Layer, LayerScan, Status


def d(path: str, mode: int = 0o755) -> Entry:
    return Entry(path, Kind.DIR, mode=mode)


def f(path: str, size: int, mode: int = 0o644, digest: str | None = None) -> Entry:
    return Entry(path, Kind.FILE, size=size, mode=mode, digest=digest)


def wh(path: str) -> Entry:
    return Entry(path, Kind.WHITEOUT)


def scan(*entries: Entry, opaque: tuple[str, ...] = ()) -> LayerScan:
    return LayerScan(diff_id=f"sha256:{len(entries):064x}", entries=list(entries),
                     opaque_dirs=list(opaque))


def info_for(scans: list[LayerScan], commands: list[str]) -> ImageInfo:
    history = [HistoryStep(i, c, layer_index=i) for i, c in enumerate(commands)]
    layers = [Layer(i, s.diff_id, 0, history_index=i, command=c)
              for i, (s, c) in enumerate(zip(scans, commands, strict=True))]
    return ImageInfo("sha256:test", {}, history, layers)


def node(tree: FileTree, path: str) -> TreeNode:
    found = tree.find(path)
    assert found is not None, path
    return found


def statuses(state: MergedState, index: int, layer: LayerScan) -> dict[str, Status]:
    changes = state.apply(index, layer)
    return {e.path: changes.status_of(i) for i, e in enumerate(layer.entries)}


def test_compare_rules() -> None:
    base = f("x", 10, digest="aa")
    assert compare(base, f("x", 10, digest="aa")) is Status.UNCHANGED
    assert compare(base, f("x", 10, digest="bb")) is Status.MODIFIED
    assert compare(base, f("x", 10)) is Status.MODIFIED  # digest unknown: not proven equal
    assert compare(base, f("x", 11, digest="aa")) is Status.MODIFIED
    assert compare(base, f("x", 10, mode=0o600, digest="aa")) is Status.MODIFIED  # chmod
    assert compare(d("x"), d("x")) is Status.UNCHANGED
    assert compare(d("x"), d("x", mode=0o700)) is Status.MODIFIED
    assert compare(base, Entry("x", Kind.SYMLINK, link="y")) is Status.MODIFIED
    link = Entry("x", Kind.SYMLINK, mode=0o777, link="a")
    assert compare(link, Entry("x", Kind.SYMLINK, mode=0o777, link="a")) is Status.UNCHANGED
    assert compare(link, Entry("x", Kind.SYMLINK, mode=0o777, link="b")) is Status.MODIFIED


def test_added_modified_unchanged_and_removed() -> None:
    state = MergedState()
    statuses(state, 0, scan(d("etc"), f("etc/a", 5, digest="1"), f("etc/b", 5, digest="2"),
                            d("tmp"), f("tmp/junk", 7)))
    got = statuses(state, 1, scan(d("etc"), f("etc/a", 5, digest="1"),
                                  f("etc/b", 5, mode=0o600, digest="2"), f("etc/c", 1),
                                  wh("tmp")))
    assert got == {"etc": Status.UNCHANGED, "etc/a": Status.UNCHANGED,
                   "etc/b": Status.MODIFIED, "etc/c": Status.ADDED, "tmp": Status.REMOVED}
    assert state.get("tmp") is None and state.get("tmp/junk") is None
    assert state.get("etc/c") is not None


def test_opaque_dir_hides_below_but_recreated_entries_are_compared() -> None:
    state = MergedState()
    statuses(state, 0, scan(d("o"), f("o/keep", 3, digest="k"), f("o/gone", 4),
                            d("o/sub"), f("o/sub/deep", 2)))
    layer = scan(d("o"), f("o/keep", 3, digest="k"), f("o/new", 1), opaque=("o",))
    changes = state.apply(1, layer)
    got = {e.path: changes.status_of(i) for i, e in enumerate(layer.entries)}
    assert got == {"o": Status.UNCHANGED, "o/keep": Status.UNCHANGED, "o/new": Status.ADDED}
    assert sorted(r.path for r in changes.removed) == ["o/gone", "o/sub", "o/sub/deep"]
    assert all(r.layer == 0 for r in changes.removed)
    assert sorted(p for p, _ in state) == ["o", "o/keep", "o/new"]


def test_file_replacing_directory_buries_its_subtree() -> None:
    state = MergedState()
    statuses(state, 0, scan(d("x"), f("x/in", 9)))
    changes = state.apply(1, scan(f("x", 1)))
    assert changes.status_of(0) is Status.MODIFIED
    assert [r.path for r in changes.removed] == ["x/in"]


def test_analysis_counts_reclaimable_and_views() -> None:
    scans = [
        scan(d("app"), f("app/big", 1000), f("app/keep", 10, digest="k"), d("cache"),
             f("cache/c1", 50), f("cache/c2", 60)),
        scan(d("app"), f("app/big", 400), wh("cache"), f("app/keep", 10, digest="k")),
        scan(d("app"), wh("app/big")),
        scan(d("app"), f("app/big", 5)),
    ]
    analysis = analyze_scans(info_for(scans, ["ADD rootfs", "RUN a", "RUN b", "RUN c"]), scans)
    l1 = analysis.layers[1]
    assert (l1.added, l1.modified, l1.removed, l1.unchanged) == (0, 1, 3, 2)
    # Everything every layer carried minus what the final filesystem holds.
    total = sum(e.size for s in scans for e in s.entries if e.kind is Kind.FILE)
    assert analysis.metrics.reclaimable_bytes == total - (10 + 5) == 1520
    assert [r.reclaimable_bytes for r in analysis.layers] == [1000 + 10 + 50 + 60, 400, 0, 0]
    top = analysis.metrics.reclaimable[0]
    assert (top.path, top.bytes, top.created_in, top.overwritten_in, top.deleted_in) == (
        "app/big", 1400, [0, 3], [1], [2])
    keep = next(r for r in analysis.metrics.reclaimable if r.path == "app/keep")
    assert (keep.bytes, keep.created_in, keep.overwritten_in) == (10, [0], [1])

    changes = analysis.layer_changes(1)
    assert node(changes, "cache").status is Status.REMOVED
    assert node(changes, "cache/c1").status is Status.REMOVED
    assert node(changes, "cache").size == 110  # a removed dir shows what it held
    assert node(changes, "app/big").status is Status.MODIFIED

    merged2 = analysis.merged(2)
    assert node(merged2, "app/keep").layer == 1
    assert node(merged2, "app/keep").status is Status.UNCHANGED
    assert node(merged2, "app/big").status is Status.REMOVED
    assert node(merged2, "app").size == 10  # removed entries do not count in a live dir
    assert merged2.find("cache") is None
    merged0 = analysis.merged(0)  # going back replays from the base
    assert node(merged0, "cache/c2").size == 60
    assert node(merged0, "app/big").status is Status.ADDED
    merged3 = analysis.merged(3)
    assert node(merged3, "app/big").status is Status.ADDED and node(merged3, "app/big").layer == 3


def test_steps_include_metadata_history() -> None:
    scans = [scan(f("a", 1)), scan(f("b", 2))]
    info = info_for(scans, ["ADD a", "RUN b"])
    info.history.insert(1, HistoryStep(1, "/bin/sh -c #(nop)  ENV A=1", empty_layer=True))
    info.history[2].index = 2
    analysis = analyze_scans(info, scans)
    steps = analysis.steps()
    assert [(s.index, s.instruction, s.size_bytes) for s in steps] == [
        (0, "ADD", 1), (1, "ENV", 0), (2, "RUN", 2)]
    assert steps[1].layer is None and steps[1].command == "ENV A=1"


def test_progress_and_cancel() -> None:
    from workbench.core.errors import CancelledError
    from workbench.core.progress import CancelToken, ProgressEvent

    scans = [scan(f("a", 1)), scan(f("a", 2)), scan(wh("a"))]
    info = info_for(scans, ["ADD a", "RUN b", "RUN c"])
    events: list[ProgressEvent] = []
    analyze_scans(info, scans, progress=events.append)
    assert [e.done for e in events if e.stage == "analyze"] == [0, 1, 2, 3]
    assert all(e.total == 3 for e in events)

    token = CancelToken()

    def cancel_midway(event: ProgressEvent) -> None:
        if event.done == 1:
            token.cancel()

    with pytest.raises(CancelledError):
        analyze_scans(info, scans, progress=cancel_midway, cancel=token)


def test_whiteout_of_nothing_and_duplicate_members() -> None:
    scans = [scan(f("x", 3)), scan(wh("never-there"), f("x", 4), f("x", 5))]
    analysis = analyze_scans(info_for(scans, ["ADD", "RUN"]), scans)
    layer = analysis.layers[1]
    assert (layer.added, layer.modified, layer.removed) == (0, 2, 0)
    # The first copy in layer 1 is overwritten inside the same layer.
    assert analysis.metrics.reclaimable_bytes == 3 + 4
    tree = analysis.layer_changes(1)
    ghost = node(tree, "never-there")
    assert ghost is not None and ghost.kind is Kind.WHITEOUT and ghost.status is Status.REMOVED
    assert node(tree, "x").size == 5


def test_cancelled_merged_view_leaves_no_half_state() -> None:
    from workbench.core.errors import CancelledError
    from workbench.core.progress import CancelToken

    scans = [scan(f("a", 1)), scan(f("b", 2)), scan(wh("a"))]
    analysis = analyze_scans(info_for(scans, ["ADD a", "RUN b", "RUN c"]), scans)
    assert node(analysis.merged(0), "a").size == 1
    token = CancelToken()
    token.cancel()
    with pytest.raises(CancelledError):
        analysis.merged(2, token)
    merged = analysis.merged(2)
    assert node(merged, "a").status is Status.REMOVED and node(merged, "b").layer == 1


def test_analyze_keeps_the_image_source_for_extraction() -> None:
    from dataclasses import dataclass

    from workbench.core.analysis.analyze import analyze

    base = LayerScan("sha256:l0", [f("a", 1)])
    source = object()

    @dataclass
    class Opened:
        info: ImageInfo
        scans: list[LayerScan]
        source: object

    analysis = analyze(Opened(info_for([base], ["ADD a /"]), [base], source))
    assert analysis.source is source
    assert node(analysis.merged(0), "a").size == 1  # the kept replay state serves views
