"""A pure-Python overlayfs: lowerdirs, upperdir and the merged view they give.

It models what this kernel's overlayfs does (``redirect_dir=off``, ``index=off``,
``metacopy=off``, the defaults here), checked by the differential test against real
mounts:

- lookup goes upper, then each lowerdir top-most first; a whiteout or a non-directory
  stops it, directories merge until one is opaque;
- any change to a lower entry copies the whole entry up first, metadata-only changes
  (chmod, chown, touch) included; changing something inside a lower directory copies
  its parent directories up (empty, as plain non-opaque directories);
- removing a name that still exists in a lowerdir leaves a whiteout (char 0/0) in
  upper, otherwise the upper entry just goes;
- a directory made where upper holds a whiteout is opaque;
- renaming a directory that exists in a lowerdir fails with EXDEV (no redirect_dir);
  renaming an upper-only directory into a directory that also exists below makes the
  moved directory opaque, so lower entries of the same name never show through it.
"""

from __future__ import annotations

import errno
from dataclasses import dataclass, replace

from workbench.core.model import Kind
from workbench.core.overlay.listing import ListedEntry, entry_from_node, list_tree
from workbench.core.overlay.nodes import (
    DIR_MODE,
    FILE_MODE,
    Node,
    new_dir,
    new_file,
    new_symlink,
    new_whiteout,
    split_path,
)
from workbench.core.overlay.ops import NOFOLLOW_OPS, Op, OpError, OpResult, text_bytes

Stack = list[tuple[int, Node]]  # (level, node): level 0 is upper, 1.. the lowerdirs


@dataclass(slots=True)
class Found:
    stack: Stack  # the entry in each layer that contributes, top first; [] = absent
    parent_stack: Stack
    upper_whiteout: bool  # upper holds a whiteout at this name

    @property
    def node(self) -> Node | None:
        return self.stack[0][1] if self.stack else None

    @property
    def in_upper(self) -> bool:
        return bool(self.stack) and self.stack[0][0] == 0

    @property
    def has_lower(self) -> bool:
        return any(level > 0 for level, _ in self.stack)


def child_stack(stack: Stack, name: str) -> tuple[Stack, bool]:
    result: Stack = []
    upper_whiteout = False
    for level, directory in stack:
        child = directory.children.get(name)
        if child is None:
            continue
        if child.kind is Kind.WHITEOUT:
            upper_whiteout = level == 0
            break
        if result and child.kind is not Kind.DIR:
            break  # a non-directory below a directory is hidden and ends the lookup
        result.append((level, child))
        if child.kind is not Kind.DIR or child.opaque:
            break
    return result, upper_whiteout


def merged_names(stack: Stack) -> dict[str, Stack]:
    """The visible children of a merged directory and where each comes from."""
    names: set[str] = set()
    for _, directory in stack:
        names.update(directory.children)
    out: dict[str, Stack] = {}
    for name in sorted(names):
        found, _ = child_stack(stack, name)
        if found:
            out[name] = found
    return out


class OverlayModel:
    """``upper`` over ``lowers`` (top-most first), changed through ``apply``."""

    def __init__(self, lowers: list[Node], upper: Node | None = None,
                 lower_names: list[str] | None = None) -> None:
        self.layers: list[Node] = [upper or new_dir(), *lowers]
        self.lower_names = lower_names or [f"lower{i + 1}" for i in range(len(lowers))]

    @property
    def upper(self) -> Node:
        return self.layers[0]

    def level_name(self, level: int) -> str:
        return "upper" if level == 0 else self.lower_names[level - 1]

    # lookup -----------------------------------------------------------------------
    def lookup(self, path: str) -> Found:
        parts = split_path(path)
        if not parts:
            raise OpError(errno.EBUSY)  # the mount's root is not an operand
        stack: Stack = list(enumerate(self.layers))
        parent: Stack = stack
        upper_whiteout = False
        for depth, name in enumerate(parts):
            if depth:
                if not stack:
                    raise OpError(errno.ENOENT)
                if stack[0][1].kind is not Kind.DIR:
                    raise OpError(errno.ENOTDIR)
            parent = stack
            stack, upper_whiteout = child_stack(stack, name)
        return Found(stack, parent, upper_whiteout)

    def _lower_positive(self, parent_stack: Stack, name: str) -> bool:
        for level, directory in parent_stack:
            if level == 0:
                continue
            child = directory.children.get(name)
            if child is not None:
                return child.kind is not Kind.WHITEOUT
        return False

    def _upper_dir(self, parts: list[str]) -> Node:
        """The upper directory for merged dir ``parts``, copying it (and parents) up."""
        directory = self.upper
        stack: Stack = list(enumerate(self.layers))
        for name in parts:
            stack, _ = child_stack(stack, name)
            level, node = stack[0]
            if level != 0:
                node = node.copy_up()
                directory.children[name] = node
                stack = [(0, node), *stack]
            directory = node
        return directory

    def _copy_up(self, parts: list[str], found: Found) -> Node:
        assert found.node is not None
        if found.in_upper:
            return found.node
        if found.node.kind is Kind.DIR:
            return self._upper_dir(parts)
        parent = self._upper_dir(parts[:-1])
        node = found.node.copy_up()
        parent.children[parts[-1]] = node
        return node

    # operations ---------------------------------------------------------------------
    def apply(self, op: Op) -> OpResult:
        try:
            self._apply(op)
        except OpError as exc:
            return OpResult(op, exc.errno)
        return OpResult(op)

    def _apply(self, op: Op) -> None:
        parts = split_path(op.path)
        if op.name == "rename":
            self.rename(parts, split_path(op.arg))
            return
        found = self.lookup(op.path)
        node = found.node
        if op.name in NOFOLLOW_OPS and node is not None and node.kind is Kind.SYMLINK:
            raise OpError(errno.ELOOP)
        if op.name in ("create", "write", "append"):
            if node is not None and node.kind is Kind.DIR:
                raise OpError(errno.EISDIR)
            if node is None:
                self._create(parts, new_file(b"", FILE_MODE))
                found = self.lookup(op.path)
            target = self._copy_up(parts, found)
            if op.name == "write":
                target.set_data(text_bytes(op))
            elif op.name == "append":
                target.set_data((target.data or b"") + text_bytes(op))
        elif op.name == "truncate":
            if node is None:
                raise OpError(errno.ENOENT)
            if node.kind is Kind.DIR:
                raise OpError(errno.EISDIR)
            target = self._copy_up(parts, found)
            size = int(op.arg)
            data = target.data or b""
            target.set_data(data[:size] + b"\0" * max(0, size - len(data)))
        elif op.name in ("chmod", "chown"):
            if node is None:
                raise OpError(errno.ENOENT)
            target = self._copy_up(parts, found)
            if op.name == "chmod":
                target.mode = int(op.arg, 8) & 0o7777
            else:
                uid, gid = op.arg.split(":")
                target.uid, target.gid = int(uid), int(gid)
                if target.kind is not Kind.DIR:
                    # chown clears set-uid, and set-gid when group-executable (even
                    # for root), as the kernel's notify_change does.
                    target.mode &= ~0o4000
                    if target.mode & 0o2010 == 0o2010:
                        target.mode &= ~0o2000
        elif op.name == "rm":
            if node is None:
                raise OpError(errno.ENOENT)
            if node.kind is Kind.DIR:
                raise OpError(errno.EISDIR)
            self._remove(parts)
        elif op.name == "rmdir":
            self.rmdir(parts)
        elif op.name == "rm_r":
            self.remove_tree(parts)
        elif op.name == "recreate":
            self.remove_tree(parts)
            self.mkdir(parts)
        elif op.name == "mkdir":
            self.mkdir(parts)
        elif op.name == "symlink":
            if node is not None:
                raise OpError(errno.EEXIST)
            self._create(parts, new_symlink(op.arg))
        else:
            raise OpError(errno.EINVAL)

    def mkdir(self, parts: list[str]) -> None:
        found = self.lookup("/".join(parts))
        if found.node is not None:
            raise OpError(errno.EEXIST)
        self._create(parts, new_dir(DIR_MODE, opaque=found.upper_whiteout))

    def _create(self, parts: list[str], node: Node) -> None:
        parent = self._upper_dir(parts[:-1])
        if parent.mode & 0o2000:
            # A set-gid directory hands its group to new entries, and the bit to new
            # subdirectories (BSD group semantics).
            node.gid = parent.gid
            if node.kind is Kind.DIR:
                node.mode |= 0o2000
        parent.children[parts[-1]] = node

    def rmdir(self, parts: list[str]) -> None:
        found = self.lookup("/".join(parts))
        if found.node is None:
            raise OpError(errno.ENOENT)
        if found.node.kind is not Kind.DIR:
            raise OpError(errno.ENOTDIR)
        if merged_names(found.stack):
            raise OpError(errno.ENOTEMPTY)
        self._remove(parts)

    def remove_tree(self, parts: list[str]) -> None:
        found = self.lookup("/".join(parts))
        if found.node is None:
            raise OpError(errno.ENOENT)
        if found.node.kind is Kind.DIR:
            for name in merged_names(found.stack):
                self.remove_tree([*parts, name])
            self.rmdir(parts)
        else:
            self._remove(parts)

    def _remove(self, parts: list[str]) -> None:
        parent = self._upper_dir(parts[:-1])
        parent_stack = self.lookup("/".join(parts)).parent_stack
        if self._lower_positive(parent_stack, parts[-1]):
            parent.children[parts[-1]] = new_whiteout()
        else:
            parent.children.pop(parts[-1], None)

    def rename(self, src: list[str], dst: list[str]) -> None:
        old = self.lookup("/".join(src))
        if old.node is None:
            raise OpError(errno.ENOENT)
        new = self.lookup("/".join(dst))  # raises for a missing or non-dir parent
        if src == dst:
            return
        if dst[: len(src)] == src:
            raise OpError(errno.EINVAL)  # into its own subtree
        if src[: len(dst)] == dst:
            raise OpError(errno.ENOTEMPTY)  # over one of its own ancestors
        is_dir = old.node.kind is Kind.DIR
        if new.node is not None:
            if is_dir and new.node.kind is not Kind.DIR:
                raise OpError(errno.ENOTDIR)
            if not is_dir and new.node.kind is Kind.DIR:
                raise OpError(errno.EISDIR)
        if is_dir and old.has_lower:
            raise OpError(errno.EXDEV)  # no redirect_dir: lower directories cannot move
        target_dir = new.node is not None and new.node.kind is Kind.DIR
        if target_dir and new.has_lower and merged_names(new.stack):
            raise OpError(errno.ENOTEMPTY)
        moved = self._copy_up(src, old)
        dst_parent = self._upper_dir(dst[:-1])
        dst_parent_stack = self.lookup("/".join(dst)).parent_stack
        if is_dir and not moved.opaque and any(lv > 0 for lv, _ in dst_parent_stack):
            moved.opaque = True
        if target_dir and merged_names(new.stack):
            # An upper-only target is checked by the upper filesystem's own rename,
            # after overlayfs has already copied up and marked the source opaque.
            raise OpError(errno.ENOTEMPTY)
        src_parent = self._upper_dir(src[:-1])
        src_parent_stack = self.lookup("/".join(src)).parent_stack
        src_positive = self._lower_positive(src_parent_stack, src[-1])
        del src_parent.children[src[-1]]
        if src_positive:
            src_parent.children[src[-1]] = new_whiteout()
        dst_parent.children[dst[-1]] = moved

    # listings -----------------------------------------------------------------------
    def list_upper(self) -> list[ListedEntry]:
        return list_tree(self.upper, "upper")

    def list_lower(self, index: int) -> list[ListedEntry]:
        return list_tree(self.layers[index + 1], self.lower_names[index])

    def list_merged(self) -> list[ListedEntry]:
        out: list[ListedEntry] = []

        def visit(stack: Stack, prefix: str) -> None:
            for name, child in merged_names(stack).items():
                level, node = child[0]
                entry = entry_from_node(prefix + name, node, self.level_name(level))
                # overlayfs hides its own trusted.overlay.* xattrs in the merged view
                out.append(replace(entry, opaque=False) if entry.opaque else entry)
                if node.kind is Kind.DIR:
                    visit(child, prefix + name + "/")

        visit(list(enumerate(self.layers)), "")
        return out


__all__ = ["FILE_MODE", "Found", "OverlayModel", "child_stack", "merged_names"]
