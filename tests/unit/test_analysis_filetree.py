"""FileTree: building, rolled-up sizes, lookup, walking, filtering, sorting."""

from __future__ import annotations

import pytest

from workbench.core.analysis.filetree import FileTree, NodeSpec
from workbench.core.model import Kind, Status


def spec(path: str, kind: Kind = Kind.FILE, size: int = 0,
         status: Status = Status.UNCHANGED, layer: int | None = 0, mode: int = 0o644) -> NodeSpec:
    return NodeSpec(path, kind, size, mode, 0, 0, "", status, layer)


@pytest.fixture
def tree() -> FileTree:
    return FileTree.build([
        spec("etc", Kind.DIR, mode=0o755),
        spec("etc/passwd", size=100, status=Status.MODIFIED, layer=2),
        spec("etc/old", size=40, status=Status.REMOVED, layer=1),
        spec("usr/bin/tool", size=1000, status=Status.ADDED, layer=3, mode=0o4755),
        spec("usr/bin/zz", size=5),
        spec("gone", Kind.DIR, status=Status.REMOVED, layer=1),
        spec("gone/f", size=70, status=Status.REMOVED, layer=1),
    ])


def test_implicit_parents_and_rolled_up_sizes(tree: FileTree) -> None:
    usr = tree.find("usr")
    assert usr is not None and usr.kind is Kind.DIR and usr.layer is None
    assert usr.size == 1005
    etc = tree.find("/etc/")
    assert etc is not None and etc.size == 100  # a removed child does not count
    gone = tree.find("gone")
    assert gone is not None and gone.size == 70  # a removed dir shows what it held
    assert tree.root.size == 1105
    assert len(tree) == 9
    assert tree.find("usr/bin/tool").is_setuid  # type: ignore[union-attr]
    assert tree.find("usr/nothing") is None
    assert tree.find("usr/bin/tool").path == "usr/bin/tool"  # type: ignore[union-attr]


def test_walk_is_depth_first_sorted(tree: FileTree) -> None:
    assert [n.path for n in tree.walk()] == [
        "etc", "etc/old", "etc/passwd", "gone", "gone/f", "usr", "usr/bin", "usr/bin/tool",
        "usr/bin/zz"]
    by_size = [n.path for n in tree.walk(by="size", reverse=True)]
    assert by_size[:3] == ["usr", "usr/bin", "usr/bin/tool"]


def test_filter_keeps_ancestors(tree: FileTree) -> None:
    added = tree.filter({Status.ADDED})
    assert [n.path for n in added.walk()] == ["usr", "usr/bin", "usr/bin/tool"]
    assert added.find("usr").size == 1000  # type: ignore[union-attr]
    matched = tree.filter(pattern=r"passwd|/f$")
    assert [n.path for n in matched.walk()] == ["etc", "etc/passwd", "gone", "gone/f"]
    assert matched.find("etc").mode == 0o755  # type: ignore[union-attr]
    both = tree.filter({Status.REMOVED}, r"^etc")
    assert [n.path for n in both.walk()] == ["etc", "etc/old"]


def test_later_spec_for_a_path_wins() -> None:
    t = FileTree.build([spec("a", size=1), spec("a", size=9, status=Status.MODIFIED)])
    node = t.find("a")
    assert node is not None and node.size == 9 and node.status is Status.MODIFIED
    assert len(t) == 1


def test_sorted_children_rejects_unknown_key(tree: FileTree) -> None:
    with pytest.raises(ValueError):
        tree.root.sorted_children("colour")


def test_nodes_are_views_over_columns_without_collector_objects() -> None:
    import gc

    specs = [spec(f"d{d}/f{f}", size=f) for d in range(50) for f in range(200)]
    tracked = len(gc.get_objects())
    big = FileTree.build(specs)
    # Columns, not an object per node: the 10,050 nodes add a few dozen tracked objects
    # (the name list, per-folder child arrays are not even tracked).
    assert len(gc.get_objects()) - tracked < 100
    assert len(big) == 10_050
    node = big.find("d7/f123")
    assert node is not None and node.name == "f123" and node.path == "d7/f123"
    assert node == big.find("/d7/f123") and node != big.find("d7/f122")
    assert node.parent == big.find("d7") and big.root.parent is None
    assert [c.name for c in big.find("d7").children][:3] == ["f0", "f1", "f10"]  # type: ignore[union-attr]
    assert big.find("d7").size == sum(range(200))  # type: ignore[union-attr]
    assert big.find("d7/f999") is None and big.find("d77") is None
