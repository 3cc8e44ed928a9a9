"""Image layers as an overlay stack, from LayerScan objects built in the test."""

from __future__ import annotations

import pytest

from workbench.core.errors import BadSourceError
from workbench.core.model import Entry, Kind, LayerScan
from workbench.core.overlay.image_stack import stack_view


def scans() -> list[LayerScan]:
    base = LayerScan("sha256:0", [
        Entry("bin", Kind.DIR, mode=0o755), Entry("bin/sh", Kind.FILE, 10, 0o755),
        Entry("etc", Kind.DIR, mode=0o755), Entry("etc/passwd", Kind.FILE, 30, 0o644),
        Entry("var", Kind.DIR, mode=0o755), Entry("var/cache", Kind.DIR, mode=0o755),
        Entry("var/cache/big", Kind.FILE, 1000, 0o644),
    ])
    middle = LayerScan("sha256:1", [
        Entry("etc", Kind.DIR, mode=0o755), Entry("etc/passwd", Kind.FILE, 45, 0o644),
        Entry("newfile", Kind.FILE, 0, 0o644),
    ])
    top = LayerScan("sha256:2", [
        Entry("bin", Kind.DIR, mode=0o755), Entry("bin/sh", Kind.WHITEOUT),
        Entry("var", Kind.DIR, mode=0o755), Entry("var/cache", Kind.DIR, mode=0o755),
        Entry("var/cache/small", Kind.FILE, 5, 0o644),
    ], opaque_dirs=["var/cache"])
    return [base, middle, top]


def test_layer_k_over_the_layers_below_top_most_first() -> None:
    view = stack_view(scans(), 2)
    assert view.lower_names == ["layer 1", "layer 0"]
    assert view.options == "lowerdir=layer1:layer0,upperdir=layer2"
    merged = {e.path: e for e in view.merged}
    assert "bin/sh" not in merged  # deleted by the whiteout in layer 2
    assert "var/cache/big" not in merged  # hidden by the opaque dir
    assert merged["var/cache/small"].origin == "layer 2"
    assert merged["etc/passwd"].origin == "layer 1" and merged["etc/passwd"].size == 45
    assert merged["newfile"].origin == "layer 1"
    assert merged["bin"].origin == "layer 2"


def test_upper_shows_whiteouts_and_opaque_markers_as_in_the_tar() -> None:
    view = stack_view(scans(), 2)
    upper = {e.path: e for e in view.upper}
    assert upper["bin/.wh.sh"].kind is Kind.WHITEOUT
    assert upper["var/cache/.wh..wh..opq"].kind is Kind.WHITEOUT
    assert upper["var/cache"].opaque


def test_stepping_k_grows_the_filesystem() -> None:
    sizes = [len(stack_view(scans(), k).merged) for k in range(3)]
    assert sizes[0] == 7 and sizes[1] == 8  # layer 1 adds newfile
    assert sizes[2] == 7  # layer 2 removes bin/sh and hides big, adds small
    assert stack_view(scans(), 0).lowers == []


def test_missing_layer_is_a_sentence() -> None:
    with pytest.raises(BadSourceError, match="Layer 5 does not exist"):
        stack_view(scans(), 5)


def test_a_cancelled_view_stops_instead_of_building_its_trees() -> None:
    from workbench.core.progress import CancelledError, CancelToken

    token = CancelToken()
    view = stack_view(scans(), 2, token)  # not cancelled: built as without a token
    assert [e.path for e in view.merged] == [e.path for e in stack_view(scans(), 2).merged]
    token.cancel()
    with pytest.raises(CancelledError):
        stack_view(scans(), 2, token)
