"""The image-stack panes made folder by folder say what the full listings say.

The rows a pane makes as its folders are opened (``stack_trees``) are compared with the
rows of the full listings (``stack_view`` through ``pane_trees``) on random layers:
names, paths, marks, colours, entries and order, every row; and looking a path up
finds the same row. The cases cover whiteouts, opaque folders, a folder replaced by a
file and back, and files under folders no entry of their layer names.
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_overlay_image_stack import scans as sample_scans
from workbench.core.model import Entry, Kind, LayerScan
from workbench.core.overlay.image_stack import stack_layers, stack_view
from workbench.gui.overlay.listing_tree import ListingTree, Node, PaneTrees, with_trees
from workbench.gui.overlay.stack_rows import stack_trees

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow])
NAMES = ("a", "b", "c")
KINDS = (Kind.DIR, Kind.FILE, Kind.WHITEOUT, Kind.SYMLINK)


def rows(tree: ListingTree) -> list[tuple[Any, ...]]:
    out: list[tuple[Any, ...]] = []

    def visit(node: Node, depth: int) -> None:
        for child in node.kids():
            out.append((depth, child.name, child.path, child.color, child.entry,
                        child.copied_up, [child.text(c) for c in range(5)]))
            visit(child, depth + 1)

    visit(tree.root, 0)
    return out


def assert_same(lazy: PaneTrees, full: PaneTrees) -> None:
    for pane in ("lowers", "upper", "merged"):
        made, listed = getattr(lazy, pane), getattr(full, pane)
        assert rows(made) == rows(listed), pane
        assert made.size == listed.size, pane
        assert made.grouped == listed.grouped
        for path, nodes in listed.by_path.items():
            found = made.find(path)
            assert found is not None and (found.name, found.entry) == (
                nodes[0].name, nodes[0].entry), (pane, path)
    assert lazy.work is None and full.work is None


@st.composite
def layers(draw: Any) -> list[LayerScan]:
    scans = []
    for index in range(draw(st.integers(1, 4))):
        entries = []
        for parts in draw(st.lists(st.lists(st.sampled_from(NAMES), min_size=1, max_size=3),
                                   max_size=12)):
            kind = draw(st.sampled_from(KINDS))
            entries.append(Entry("/".join(parts), kind, draw(st.integers(0, 3)),
                                 draw(st.sampled_from((0o755, 0o644, 0o4755))),
                                 link="a" if kind is Kind.SYMLINK else ""))
        opaque = draw(st.lists(st.sampled_from(["a", "b", "a/b", "c/a"]), max_size=2,
                               unique=True))
        scans.append(LayerScan(f"sha256:{index}", entries, opaque))
    return scans


def test_the_sample_stack_matches_its_listings() -> None:
    for layer in range(3):
        stack = stack_layers(sample_scans(), layer)
        assert_same(stack_trees(stack), with_trees(stack_view(sample_scans(), layer))[1])


@FUZZ
@given(layers(), st.data())
def test_rows_made_by_folder_match_the_full_listings(scans: list[LayerScan],
                                                     data: Any) -> None:
    layer = data.draw(st.integers(0, len(scans) - 1))
    stack = stack_layers(scans, layer)
    assert_same(stack_trees(stack), with_trees(stack_view(scans, layer))[1])


def test_only_opened_folders_have_rows() -> None:
    entries = [Entry("data", Kind.DIR, mode=0o755)]
    for d in range(50):
        entries.append(Entry(f"data/d{d}", Kind.DIR, mode=0o755))
        entries += [Entry(f"data/d{d}/f{f}", Kind.FILE, 1, 0o644) for f in range(100)]
    scans = [LayerScan("sha256:0", entries), LayerScan("sha256:1", [
        Entry("data", Kind.DIR, mode=0o755), Entry("data/d3", Kind.DIR, mode=0o755),
        Entry("data/d3/f7", Kind.FILE, 2, 0o644)])]
    trees = stack_trees(stack_layers(scans, 1))
    assert trees.merged.size == 1 + 50 + 5000
    data = trees.merged.root.kids()[0]
    assert data.more is None and len(data.children) == 50  # opened when the pane shows it
    assert all(folder.more is not None and not folder.children for folder in data.children)
    found = trees.merged.find("data/d3/f7")
    assert found is not None and found.text(4) == "layer 1" and found.text(3) == "2 B"
    assert sum(folder.more is None for folder in data.children) == 1  # only d3 was opened
    upper = trees.upper.find("data/d3/f7")
    assert upper is not None and upper.text(1) == "copy-up"
