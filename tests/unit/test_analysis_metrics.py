"""dive's efficiency rules, quirks included, on small hand-made layers."""

from __future__ import annotations

import math

import pytest

from workbench.core.analysis.metrics import dive_metrics
from workbench.core.model import Entry, Kind, LayerScan


def d(path: str) -> Entry:
    return Entry(path, Kind.DIR, mode=0o755)


def f(path: str, size: int) -> Entry:
    return Entry(path, Kind.FILE, size=size, mode=0o644)


def wh(path: str) -> Entry:
    return Entry(path, Kind.WHITEOUT)


def scan(*entries: Entry, opaque: tuple[str, ...] = ()) -> LayerScan:
    return LayerScan(diff_id=f"sha256:{id(entries):064x}", entries=list(entries),
                     opaque_dirs=list(opaque))


def test_rewritten_file_counts_every_copy() -> None:
    m = dive_metrics([scan(d("a"), f("a/x", 100)), scan(d("a"), f("a/x", 150))])
    assert m.efficiency == pytest.approx(100 / 250)
    assert m.wasted_bytes == 250
    assert m.user_wasted_percent == pytest.approx(250 / 150)
    [item] = m.inefficient_files
    assert (item.path, item.count, item.size, item.layers) == ("a/x", 2, 250, [0, 1])
    assert m.layer_sizes == [100, 150]
    assert m.layer_wasted == [100, 150]


def test_only_leaves_count_so_a_relisted_directory_is_free() -> None:
    m = dive_metrics([scan(d("a"), f("a/x", 5)), scan(d("a"), f("a/y", 7))])
    assert m.inefficient_files == []
    assert m.efficiency == 1.0


def test_empty_directory_is_a_leaf() -> None:
    m = dive_metrics([scan(d("e")), scan(d("e"))])
    [item] = m.inefficient_files
    assert (item.path, item.count, item.size) == ("e", 2, 0)
    assert m.efficiency == 1.0  # nothing sized at all


def test_deleted_directory_weighs_its_subtree_and_deleted_file_weighs_nothing() -> None:
    layers = [scan(d("dir"), f("dir/a", 10), f("dir/b", 20), f("file", 50)),
              scan(wh("dir"), wh("file"))]
    m = dive_metrics(layers)
    refs = {i.path: (i.count, i.size) for i in m.inefficient_files}
    assert refs == {"file": (2, 50)}
    # paths: dir/a 10, dir/b 20, dir 30 (whiteout), file 50+0 (min 0)
    assert m.efficiency == pytest.approx((10 + 20 + 30 + 0) / (10 + 20 + 30 + 50))
    assert m.wasted_bytes == 50
    assert math.isinf(m.user_wasted_percent)  # layer 1 holds no bytes


def test_single_layer_user_percent_is_nan() -> None:
    m = dive_metrics([scan(f("x", 3))])
    assert math.isnan(m.user_wasted_percent)
    assert m.wasted_bytes == 0 and m.efficiency == 1.0


def test_whiteout_of_a_missing_path_stops_the_layer_and_counts_minus_one() -> None:
    # ".wh.zzz" sorts before "b", so dive never reaches "b" in layer 1.
    m = dive_metrics([scan(f("a", 10)), scan(wh("zzz"), f("b", 5))])
    assert m.efficiency == pytest.approx((10 - 1) / 10)
    # Leaves visited before the failing whiteout count, later ones do not: dive
    # visits "a", then "z/.wh.gone" (fails), and never reaches "zz".
    layers = [scan(f("a", 10), f("zz", 5)),
              scan(f("a", 4), d("z"), wh("z/gone"), f("zz", 6))]
    m2 = dive_metrics(layers)
    refs = {i.path: (i.count, i.size) for i in m2.inefficient_files}
    assert refs == {"a": (2, 14)}
    assert m2.efficiency == pytest.approx((4 + 5 - 1) / (14 + 5))


def test_unlisted_parent_blanks_the_directory_record_like_dive() -> None:
    layers = [
        scan(d("d"), f("d/f", 7)),
        scan(f("d/g", 3)),  # "d" not listed: dive stacks a blank, non-directory record
        scan(wh("d")),  # so deleting "d" weighs 0 instead of 10
        scan(f("d", 4)),
    ]
    m = dive_metrics(layers)
    refs = {i.path: (i.count, i.size) for i in m.inefficient_files}
    assert refs == {"d": (2, 4)}
    assert m.efficiency == pytest.approx((7 + 3 + 0) / (7 + 3 + 4))


def test_opaque_marker_is_ignored_but_its_directory_exists() -> None:
    layers = [scan(d("o"), f("o/old", 9)), scan(opaque=("o",))]
    m = dive_metrics(layers)
    refs = {i.path: (i.count, i.size) for i in m.inefficient_files}
    assert refs == {}  # "o" is a leaf only in layer 1; in layer 0 it has a child
    assert m.efficiency == 1.0


def test_no_files_at_all_is_fully_efficient() -> None:
    m = dive_metrics([scan(), scan()])
    assert m.efficiency == 1.0
    assert math.isnan(m.user_wasted_percent)
