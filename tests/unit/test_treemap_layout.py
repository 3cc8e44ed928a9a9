"""The treemap layout the window and the HTML report share (``core.review.treemap``)."""

from __future__ import annotations

import pytest

from workbench.core.review.treemap import Rect, group_by_directory, squarify, two_levels


def _inside(inner: Rect, outer: Rect, slack: float = 0.01) -> bool:
    return (inner.x >= outer.x - slack and inner.y >= outer.y - slack
            and inner.x + inner.width <= outer.x + outer.width + slack
            and inner.y + inner.height <= outer.y + outer.height + slack)


def test_groups_by_top_directory_growth_and_shrinkage_both_weigh() -> None:
    nodes = group_by_directory([("/app/data/blob", 300), ("/app/note", 5), ("/etc/old", -40),
                                ("/top", 7), ("/app/same", 0), ("/app/data/gone", -20)])
    assert [(n.path, n.delta, n.weight) for n in nodes] == [
        ("/app", 285, 285), ("/etc", -40, 40), ("/", 7, 7)]
    assert [(c.path, c.delta) for c in nodes[0].children] == [("/app/data", 280),
                                                              ("/app/note", 5)]
    # A directory that swapped a file for one of the same size still takes room.
    swapped = group_by_directory([("/srv/new", 100), ("/srv/old", -100)])
    assert swapped[0].delta == 0 and swapped[0].weight == 200


def test_squarify_fills_the_box_in_proportion() -> None:
    box = Rect(10, 20, 400, 300)
    weights = [305.0, 40.0, 7.0, 7.0, 1.0]
    rects = squarify(weights, box)
    assert sum(r.width * r.height for r in rects) == pytest.approx(400 * 300)
    for rect, weight in zip(rects, weights, strict=True):
        assert rect.width * rect.height == pytest.approx(400 * 300 * weight / sum(weights))
        assert _inside(rect, box)
    # Squarified: the biggest block is not a sliver.
    assert max(rects[0].width / rects[0].height, rects[0].height / rects[0].width) < 3
    assert squarify([0, 0], box) == [Rect(10, 20, 0, 0)] * 2
    assert squarify([1.0], Rect(0, 0, 0, 50)) == [Rect(0, 0, 0, 0)]


def test_two_levels_keeps_children_inside_below_a_title_strip() -> None:
    nodes = group_by_directory([("/app/a", 500), ("/app/b/c", 300), ("/etc/x", -200),
                                ("/srv/y", 5)])
    box = Rect(0, 0, 600, 400)
    placed = two_levels(nodes, box, header=18)
    assert len(placed) == len(nodes)
    for node, (rect, children) in zip(nodes, placed, strict=True):
        assert _inside(rect, box)
        assert len(children) == len(node.children)
        for child in children:
            assert _inside(child, rect)
            if rect.height > 36:
                assert child.y >= rect.y + 18 - 0.01  # the strip stays free for the title
    assert sum(r.width * r.height for r, _ in placed) == pytest.approx(600 * 400)
