"""The panes' rows for an image layer over the layers below it, made folder by folder.

A million-file image listed in full is a million rows per pane: listings and rows held
gigabytes and took the worker tens of seconds for a view mostly never opened. Here the
panes read the layers' trees (``StackLayers``) and a folder's rows are made the first
time it is opened or a path inside it is selected; the rows shown say exactly what the
full listings (``stack_view``) say. Nothing here may touch a widget.
"""

from __future__ import annotations

from dataclasses import replace
from functools import partial

from workbench.core.model import Kind
from workbench.core.overlay.image_stack import OPAQUE_MARKER, WH_PREFIX, StackLayers
from workbench.core.overlay.listing import ListedEntry, entry_from_node
from workbench.core.overlay.model import Stack, merged_names
from workbench.core.overlay.nodes import Node as TreeNode
from workbench.core.progress import CancelToken
from workbench.gui.overlay.listing_tree import (
    EXPAND_BUDGET,
    ListingTree,
    Node,
    PaneTrees,
    entry_row,
)


def _count(tree: TreeNode, markers: bool = False) -> int:
    """The rows below the root; with ``markers``, one more per opaque folder below it
    (its ``.wh..wh..opq``, as a tar lists it)."""
    count, pending = 0, [tree]
    while pending:
        node = pending.pop()
        count += len(node.children)
        for child in node.children.values():
            if child.kind is Kind.DIR:
                count += markers and child.opaque
                pending.append(child)
    return count


def _lower_rows(directory: TreeNode, prefix: str, origin: str) -> list[Node]:
    """A lowerdir's folder as ``list_tree`` lists it (a whiteout under its own name)."""
    rows = []
    for name in sorted(directory.children):
        child = directory.children[name]
        path = prefix + name
        row = entry_row(name, path, entry_from_node(path, child, origin))
        if child.kind is Kind.DIR and child.children:
            row.more = partial(_lower_rows, child, path + "/", origin)
        rows.append(row)
    return rows


def _in_lower(lowers: list[TreeNode], name: str) -> bool:
    return any((found := d.children.get(name)) is not None and found.kind is not Kind.WHITEOUT
               for d in lowers)


def _upper_rows(directory: TreeNode, prefix: str, origin: str,
                lowers: list[TreeNode]) -> list[Node]:
    """The upper layer's folder as its tar spells it (``.wh.name``, ``.wh..wh..opq``),
    copy-up marked where a lowerdir holds the same path; ``lowers`` are the lowerdirs'
    directories at this path."""
    rows = []
    if directory.opaque and prefix:
        marker = f"{prefix}{OPAQUE_MARKER}"
        rows.append(entry_row(OPAQUE_MARKER, prefix[:-1],
                         ListedEntry(marker, Kind.WHITEOUT, 0, origin=origin)))
    for name in sorted(directory.children):
        child = directory.children[name]
        path = prefix + name
        if child.kind is Kind.WHITEOUT:
            rows.append(entry_row(WH_PREFIX + name, path, ListedEntry(
                prefix + WH_PREFIX + name, Kind.WHITEOUT, 0, origin=origin)))
            continue
        entry = entry_from_node(path, child, origin)
        if entry.kind is Kind.DIR:
            entry = replace(entry, rdev="")
        row = entry_row(name, path, entry, not child.opaque and _in_lower(lowers, name))
        if child.kind is Kind.DIR and (child.children or child.opaque):
            below = [d.children[name] for d in lowers
                     if name in d.children and d.children[name].kind is Kind.DIR]
            row.more = partial(_upper_rows, child, path + "/", origin, below)
        rows.append(row)
    return rows


def _merged_rows(stack: Stack, prefix: str, origins: list[str]) -> list[Node]:
    """A merged folder: each name from the top-most layer that has it, whiteouts and
    opaque folders hiding what is below them (``OverlayModel.list_merged``)."""
    rows = []
    for name, found in merged_names(stack).items():
        level, node = found[0]
        path = prefix + name
        entry = entry_from_node(path, node, origins[level])
        row = entry_row(name, path, replace(entry, opaque=False) if entry.opaque else entry)
        if node.kind is Kind.DIR and any(d.children for _, d in found):
            row.more = partial(_merged_rows, found, path + "/", origins)
        rows.append(row)
    return rows


def _lazy(root: Node, grouped: bool, entries: int) -> ListingTree:
    tree = ListingTree(root, {}, grouped, entries=entries)
    # Made here, on the worker: the rows the pane opens when it shows the tree.
    opened = tree.rows_to_open(EXPAND_BUDGET)
    names = [row.name for node in [root, *opened] for row in node.children]
    tree.longest_name = max(map(len, names), default=0)
    return tree


def stack_trees(stack: StackLayers, cancel: CancelToken | None = None) -> PaneTrees:
    """The lowerdirs, upper and merged panes of an image stack; no workdir."""
    lowers = Node("")
    for name, tree in zip(stack.lower_names, stack.lowers, strict=True):
        group = lowers.add(Node(name))
        group.more = partial(_lower_rows, tree, "", name)
    upper = Node("")
    upper.more = partial(_upper_rows, stack.upper, "", stack.origin(0), stack.lowers)
    merged = Node("")
    origins = [stack.origin(level) for level in range(len(stack.lowers) + 1)]
    merged.more = partial(_merged_rows, stack.merged_stack(), "", origins)
    counts = [_count(tree) for tree in stack.lowers]
    if cancel is not None:
        cancel.check()
    return PaneTrees(_lazy(lowers, bool(stack.lowers), sum(counts)),
                     _lazy(upper, False, _count(stack.upper, markers=True)),
                     _lazy(merged, False, stack.merged_count(cancel)), None)

