"""An image's layers seen as an overlay mount: layer k over the layers below it.

For layer k, the lowerdirs are layers k-1 .. 0 (top-most first, as ``lowerdir=a:b:c``
lists them), upper is layer k exactly as its tar holds it (whiteouts as ``.wh.``
entries), and merged is the filesystem a container would see with k as the top layer.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from workbench.core.errors import BadSourceError
from workbench.core.model import Kind, LayerScan
from workbench.core.overlay.listing import ListedEntry, entry_from_node, list_tree
from workbench.core.overlay.model import OverlayModel, Stack, merged_names
from workbench.core.overlay.nodes import Node, new_dir, new_whiteout, split_path, walk
from workbench.core.progress import CancelToken, ProgressCallback, ProgressEvent, no_progress

WH_PREFIX = ".wh."
OPAQUE_MARKER = ".wh..wh..opq"


@dataclass(slots=True)
class StackView:
    layer: int
    layer_count: int
    lower_names: list[str]  # "layer 2", "layer 1", "layer 0": top-most first
    lowers: list[list[ListedEntry]]
    upper: list[ListedEntry]  # as the tar holds it: ``dir/.wh.name`` entries kept
    merged: list[ListedEntry]  # origin says which layer each entry comes from

    @property
    def options(self) -> str:
        return _options(self.lower_names, self.layer)


def _options(lower_names: list[str], layer: int) -> str:
    lower = ":".join(name.replace(" ", "") for name in lower_names) or "(none)"
    return f"lowerdir={lower},upperdir=layer{layer}"


def layer_name(index: int) -> str:
    return f"layer {index}"


_CANCEL_EVERY = 50_000  # entries between two looks at the cancel token


def layer_tree(scan: LayerScan, cancel: CancelToken | None = None) -> Node:
    """The layer as a tree: whiteouts at the paths they delete, opaque dirs marked."""
    root = new_dir()

    def parent_of(parts: list[str]) -> Node:
        node = root
        for name in parts[:-1]:
            child = node.children.get(name)
            if child is None or child.kind is not Kind.DIR:
                child = node.children[name] = new_dir()  # implied by a deeper entry
            node = child
        return node

    for count, entry in enumerate(scan.entries):
        if cancel is not None and count % _CANCEL_EVERY == 0:
            cancel.check()
        parts = split_path(entry.path)
        if not parts:
            continue
        parent = parent_of(parts)
        name = parts[-1]
        if entry.kind is Kind.WHITEOUT:
            parent.children[name] = new_whiteout()
            continue
        existing = parent.children.get(name)
        if entry.kind is Kind.DIR and existing is not None and existing.kind is Kind.DIR:
            node = existing  # keep children already placed below it
        else:
            node = Node(entry.kind)
        node.mode, node.uid, node.gid = entry.mode & 0o7777, entry.uid, entry.gid
        node.size, node.digest, node.link = entry.size, entry.digest, entry.link
        target = _hard_link_target(root, entry.link) if entry.kind is Kind.HARDLINK else None
        if target is not None:
            # On disk a hard link is the same file under a second name: its content's
            # size and digest (the tar header says 0 bytes), and ``link`` names the other name.
            node.kind, node.size, node.digest = Kind.FILE, target.size, target.digest
            target.link = target.link or entry.path  # each name says the other
        parent.children[name] = node
    for path in scan.opaque_dirs:
        parts = split_path(path)
        if parts:
            node = parent_of(parts).children.setdefault(parts[-1], new_dir())
            # Only a directory hides what is below it; a marker under a file's name is
            # a malformed tar's, and marking the file would list a marker in no folder.
            node.opaque = node.kind is Kind.DIR
        else:
            root.opaque = True
    return root


def _hard_link_target(root: Node, path: str) -> Node | None:
    """The regular file a hard link names in the same layer (the tar writes it first)."""
    node: Node | None = root
    for name in split_path(path):
        node = node.children.get(name) if node is not None and node.kind is Kind.DIR else None
    return node if node is not None and node.kind is Kind.FILE else None


def tar_listing(tree: Node, origin: str) -> list[ListedEntry]:
    """A layer listed as its tar spells it: ``.wh.name`` and ``.wh..wh..opq`` entries."""
    from dataclasses import replace

    out: list[ListedEntry] = []
    for path, node in walk(tree):
        head, _, name = path.rpartition("/")
        prefix = f"{head}/" if head else ""
        if node.kind is Kind.WHITEOUT:
            out.append(ListedEntry(f"{prefix}{WH_PREFIX}{name}", Kind.WHITEOUT, 0,
                                   origin=origin))
            continue
        entry = entry_from_node(path, node, origin)
        out.append(replace(entry, rdev="") if entry.kind is Kind.DIR else entry)
        if node.opaque:
            out.append(ListedEntry(f"{path}/{OPAQUE_MARKER}", Kind.WHITEOUT, 0, origin=origin))
    return out


@dataclass(slots=True)
class StackLayers:
    """Layer ``layer`` over the layers below it, as trees, not listings: what a window
    reads one folder at a time (``merged_names`` of a ``merged_stack``), where a listing
    of a million-file image would hold every entry of every layer at once."""

    layer: int
    lower_names: list[str]  # top-most first
    lowers: list[Node]  # top-most first
    upper: Node

    @property
    def options(self) -> str:
        return _options(self.lower_names, self.layer)

    def merged_stack(self) -> Stack:
        """The merged root: (level, directory) pairs, level 0 the upper layer."""
        return list(enumerate([self.upper, *self.lowers]))

    def origin(self, level: int) -> str:
        return layer_name(self.layer) if level == 0 else self.lower_names[level - 1]

    def merged_count(self, cancel: CancelToken | None = None) -> int:
        """Entries in the merged filesystem, counted without listing them."""
        count, pending = 0, [self.merged_stack()]
        while pending:
            if cancel is not None:
                cancel.check()  # once a directory: little next to merging it
            for child in merged_names(pending.pop()).values():
                count += 1
                if child[0][1].kind is Kind.DIR:
                    pending.append(child)
        return count


def stack_layers(scans: list[LayerScan], layer: int, cancel: CancelToken | None = None,
                 built: dict[int, Node] | None = None) -> StackLayers:
    """Layer ``layer`` as the upper dir over the layers below it. ``cancel`` is looked at
    while the layers' trees are built: on a million-file image a step through the
    layers must stop the view no one waits for any more, not build it to the end.
    ``built`` keeps the layers' trees (by index) for the next view of the same image:
    stepping through the layers then builds each tree once, not once a step."""
    if not 0 <= layer < len(scans):
        raise BadSourceError(f"Layer {layer} does not exist: the image has layers "
                             f"0..{len(scans) - 1}.")
    built = {} if built is None else built
    trees = []
    for index, scan in enumerate(scans[: layer + 1]):
        tree = built.get(index)
        if tree is None:
            tree = built[index] = layer_tree(scan, cancel)
        trees.append(tree)
    return StackLayers(layer, [layer_name(i) for i in range(layer - 1, -1, -1)],
                       [trees[i] for i in range(layer - 1, -1, -1)], trees[layer])


def stack_view(scans: list[LayerScan], layer: int,
               cancel: CancelToken | None = None) -> StackView:
    """``stack_layers`` listed in full: every entry of every pane."""
    stack = stack_layers(scans, layer, cancel)
    names, lowers = stack.lower_names, stack.lowers
    model = OverlayModel(lowers, stack.upper, names)
    if cancel is not None:
        cancel.check()
    merged = [_rename_origin(e, layer) for e in model.list_merged()]
    if cancel is not None:
        cancel.check()
    return StackView(layer, len(scans), names, [list_tree(t, n) for t, n in zip(
        lowers, names, strict=True)], tar_listing(stack.upper, layer_name(layer)), merged)


def _rename_origin(entry: ListedEntry, layer: int) -> ListedEntry:
    from dataclasses import replace

    return replace(entry, origin=layer_name(layer)) if entry.origin == "upper" else entry


def open_stack_view(source: str, layer: int, progress: ProgressCallback = no_progress,
                    cancel: CancelToken | None = None, client: Any = None) -> StackView:
    """Open an image (name, archive, OCI layout) and view layer ``layer`` (negative
    counts from the top, -1 is the last)."""
    from workbench.core.image.open import open_image

    cancel = cancel or CancelToken()
    opened = open_image(source, client=client, progress=progress, cancel=cancel)
    try:
        scans = list(opened.scans)
    finally:
        close = getattr(opened.source, "close", None)
        if close is not None:
            close()
    if layer < 0:
        layer += len(scans)
    cancel.check()
    progress(ProgressEvent("overlay", 1, 1, "views", f"merging layers 0..{layer}"))
    return stack_view(scans, layer, cancel)
