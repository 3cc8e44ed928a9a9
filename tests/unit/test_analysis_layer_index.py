"""The column-wise analysis passes against their member-by-member rules.

The replay applies most layers column-wise and falls back to one member at a time when
member order matters; fingerprint bookkeeping likewise. These tests feed random layers
full of edge cases (repeated paths, whiteouts of directories and of missing paths,
opaque directories, files over directories, omitted parents, shuffled tar order) to
both ways and require the same answers.
"""

from __future__ import annotations

import random

import pytest

from workbench.core.analysis.layer_index import LayerColumns, PathIndex, walk_present
from workbench.core.analysis.metrics import dive_metrics
from workbench.core.analysis.reclaimable import ReclaimTracker
from workbench.core.analysis.statuses import MergedState
from workbench.core.image import fingerprints
from workbench.core.model import Entry, Kind, LayerScan

NAMES = ["a", "b", "c", "é"]


def d(path: str) -> Entry:
    return Entry(path, Kind.DIR, mode=0o755)


def f(path: str, size: int, digest: str | None = None) -> Entry:
    return Entry(path, Kind.FILE, size=size, mode=0o644, digest=digest)


def wh(path: str) -> Entry:
    return Entry(path, Kind.WHITEOUT)


def scan(*entries: Entry, opaque: tuple[str, ...] = ()) -> LayerScan:
    return LayerScan(diff_id="sha256:" + "0" * 64, entries=list(entries),
                     opaque_dirs=list(opaque))


def random_layer(rng: random.Random) -> LayerScan:
    entries: list[Entry] = []
    for _ in range(rng.choice([0, 2, 6, 15, 30])):
        path = "/".join(rng.choice(NAMES) for _ in range(rng.randint(1, 3)))
        parts = path.split("/")
        if rng.random() < 0.5:  # list the parents, as most tars do
            entries += [d("/".join(parts[:k])) for k in range(1, len(parts))]
        roll = rng.random()
        if roll < 0.3:
            entries.append(d(path))
        elif roll < 0.8:
            entries.append(f(path, rng.choice([0, 1, 7]), rng.choice([None, "x", "y"])))
            if rng.random() < 0.2:  # metadata-only changes: owner, set-uid, mode bits
                entries[-1].uid = rng.choice([0, 1])
                entries[-1].mode = rng.choice([0o644, 0o4644, 0o10644])
        elif roll < 0.84:
            entries.append(Entry(path, Kind.SYMLINK, mode=0o777, link=rng.choice(NAMES)))
        elif roll < 0.88:
            entries.append(Entry(path, Kind.HARDLINK, link=rng.choice(NAMES)))
        else:
            entries.append(wh(path))
    if entries and rng.random() < 0.15:
        twin = rng.choice(entries)
        entries.append(Entry(twin.path, twin.kind, size=twin.size, mode=twin.mode))
    if rng.random() < 0.3:
        rng.shuffle(entries)
    opaque = tuple(rng.choice(NAMES) for _ in range(rng.randint(1, 2))) \
        if rng.random() < 0.15 else ()
    return scan(*entries, opaque=opaque)


def replay(scans: list[LayerScan], in_order: bool) -> tuple[list, list, list, list]:
    """Every observable of a replay; ``in_order`` forces the member-by-member path."""
    state, tracker = MergedState(), ReclaimTracker(len(scans))
    changes = []
    for index, layer in enumerate(scans):
        columns = LayerColumns(layer)
        if in_order:
            columns.unique = False  # the column-wise path requires unique paths
        changes.append(state.apply(index, layer, tracker, columns=columns))
    observed = [(bytes(c.statuses), c.added, c.modified, c.unchanged,
                 [(r.path, r.entry.path, r.entry.size, r.layer) for r in c.removed])
                for c in changes]
    final = sorted((path, record[0].path, record[1], record[2]) for path, record in state)
    reclaim = [(r.path, r.bytes, r.created_in, r.overwritten_in, r.deleted_in)
               for r in tracker.ranked()]
    return observed, final, reclaim, tracker.per_layer


@pytest.mark.parametrize("seed", range(150))
def test_column_wise_replay_matches_member_by_member(seed: int) -> None:
    rng = random.Random(seed)
    scans = [random_layer(rng) for _ in range(rng.randint(1, 5))]
    assert replay(scans, in_order=False) == replay(scans, in_order=True)


@pytest.mark.parametrize("seed", range(150))
def test_repeated_files_match_member_by_member(seed: int) -> None:
    rng = random.Random(seed)
    # Up to 12 layers: enough for the pass to switch to one map of all paths below.
    scans = [random_layer(rng) for _ in range(rng.randint(1, 12))]
    fast = fingerprints._repeated_files(scans)
    slow = fingerprints._repeated_files_in_order(scans)
    if fast is None:  # a layer repeats a file path: the caller uses the slow pass
        assert any(len({e.path for e in s.entries if e.kind is Kind.FILE})
                   != sum(e.kind is Kind.FILE for e in s.entries) for s in scans)
    else:
        assert fast == slow
    columns = [LayerColumns(s) for s in scans]
    if all(c.unique for c in columns):  # the maps an opening shares with the analysis
        assert fingerprints._repeated_files(scans, [c.files for c in columns]) == slow
        assert (fingerprints.missing_fingerprints(scans, [c.files for c in columns])
                == fingerprints.missing_fingerprints(scans))


@pytest.mark.parametrize("seed", range(150))
def test_shared_maps_find_the_same_repeated_files(seed: int) -> None:
    """An opening passes the analysis' per-layer maps (every kind of member) to the
    fingerprint pass: the same files are found as with maps of files alone."""
    rng = random.Random(seed)
    scans = []
    for _ in range(rng.randint(1, 12)):
        layer = random_layer(rng)
        unique = {e.path: e for e in reversed(layer.entries)}  # each path listed once
        scans.append(scan(*reversed(unique.values()), opaque=tuple(layer.opaque_dirs)))
    columns = [LayerColumns(s) for s in scans]
    assert all(c.unique for c in columns)
    maps = [c.files for c in columns]
    assert fingerprints._repeated_files(scans, maps) == \
        fingerprints._repeated_files_in_order(scans)
    assert fingerprints.missing_fingerprints(scans, maps) == \
        fingerprints.missing_fingerprints(scans)


@pytest.mark.parametrize("layers", [2, 3, 64, 65, 90])
def test_wanted_copies_from_path_maps_equal_the_pass_in_order(layers: int) -> None:
    # One path in every layer, sizes cycling so that some copies match; some digests
    # known, some layers holding the path as a directory or a symlink in between.
    rng = random.Random(layers)
    scans = []
    for k in range(layers):
        roll = rng.random()
        kind_entry = (f("p", rng.choice([1, 2, 3]), rng.choice([None, None, "x"])) if roll < 0.8
                      else d("p") if roll < 0.9
                      else Entry("p", Kind.SYMLINK, link="q"))
        scans.append(scan(kind_entry, f(f"only{k}", 1), f("same", 5)))
    maps = [LayerColumns(s).files for s in scans]
    wanted = fingerprints.missing_fingerprints(scans, maps)
    assert wanted == fingerprints.missing_fingerprints(scans)
    assert all(k in wanted and "same" in wanted[k] for k in range(layers))


def test_fingerprints_wanted_only_for_same_size_copies() -> None:
    scans = [scan(f("a", 5), f("b", 5), f("c", 1)),
             scan(f("a", 5, digest="known"), f("b", 6)),
             scan(f("a", 5), f("c", 2), f("d", 3))]
    assert fingerprints.missing_fingerprints(scans) == {0: {"a"}, 2: {"a"}}
    assert fingerprints.attach(scans[2], {"a": "sha256:1", "zzz": "sha256:2"})
    assert scans[2].entries[0].digest == "sha256:1"
    assert not fingerprints.attach(scans[2], {"a": "sha256:other"})  # already known
    assert not fingerprints.attach(scans[2], {})
    # Through the layer's path map: the same answers (a directory is never given one).
    again = scan(f("a", 5), f("c", 2), Entry("e", Kind.DIR))
    by_path = {e.path: e for e in again.entries}
    assert fingerprints.attach(again, {"a": "sha256:1", "e": "sha256:3", "zzz": "x"}, by_path)
    assert [e.digest for e in again.entries] == ["sha256:1", None, None]
    assert not fingerprints.attach(again, {"a": "sha256:other"}, by_path)


def test_index_reaches_below_parents_a_tar_omits() -> None:
    index = PathIndex()
    for layer in (scan(f("a/b/c", 1), f("a/b/d", 1)), scan(f("a/b/c", 2), f("x", 1))):
        columns = LayerColumns(layer)
        index.add(columns.dirnames, columns.paths)
    present = {"a": 0, "a/b": 0, "a/b/c": 0, "a/b/d": 0, "x": 0}
    # A directory's children together by name, parents before children, every path
    # once though listed twice (the order the replay reports removals in).
    assert list(walk_present(index, present, "")) == ["a", "x", "a/b", "a/b/c", "a/b/d"]
    del present["a/b"]  # a missing directory hides what lies below it
    assert list(walk_present(index, present, "a")) == []


def test_layer_columns() -> None:
    columns = LayerColumns(scan(d("a"), f("a/b/c", 3), wh("a/z"), f("a/b/c", 4)))
    assert columns.parents == {"a", "a/b"}
    assert columns.whiteouts == [2]
    assert columns.files["a/b/c"].size == 4  # the last member of a path wins
    assert not columns.unique
    assert LayerColumns(scan(d("a"), f("a/x", 1), wh("a/y"))).unique
    assert not LayerColumns(scan(f("a", 1), wh("a"))).unique


def test_dive_counts_a_path_again_after_its_directory_was_deleted() -> None:
    m = dive_metrics([scan(d("a"), f("a/x", 5)), scan(wh("a")), scan(d("a"), f("a/x", 7))])
    # a/x: 5 then 7; the whiteout of directory a counts a's subtree (5) under "a".
    assert m.efficiency == pytest.approx((5 + 5) / (5 + 5 + 7))
    [item] = m.inefficient_files
    assert (item.path, item.count, item.size, item.layers) == ("a/x", 2, 12, [0, 2])
    assert m.layer_wasted == [5, 0, 7]
