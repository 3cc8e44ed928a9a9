"""The overlay model on the article's demo and on the rules the kernel follows.

Each case is also run on a real mount by tests/integration/test_overlay_sandbox.py; here
the model alone is pinned down so a regression names the rule it broke.
"""

from __future__ import annotations

import errno

import pytest

from workbench.core.model import Kind
from workbench.core.overlay.model import OverlayModel
from workbench.core.overlay.nodes import tree_from_spec
from workbench.core.overlay.ops import Op, OpSyntaxError, parse_op, parse_ops
from workbench.core.overlay.sandbox import SimulatedSandbox, article_spec


def article() -> SimulatedSandbox:
    return SimulatedSandbox(article_spec(1))


def listing(entries: list) -> dict[str, tuple]:  # type: ignore[type-arg]
    return {e.path: (e.kind, e.size, e.mode, e.opaque) for e in entries}


def run(sandbox: SimulatedSandbox, text: str) -> list[int]:
    return [sandbox.apply(op).errno for op in parse_ops(text)]


def test_article_mount_shows_upper_file2_and_all_four_files() -> None:
    view = article().view()
    assert [e.path for e in view.merged] == ["file1", "file2", "file3", "file4"]
    file2 = next(e for e in view.merged if e.path == "file2")
    assert file2.origin == "upper" and file2.size == len(b"upper\n")
    assert next(e for e in view.merged if e.path == "file1").origin == "lower"


def test_new_file_goes_to_upper_and_lower_is_untouched() -> None:
    box = article()
    assert run(box, "create file5") == [0]
    view = box.view()
    assert [e.path for e in view.upper] == ["file2", "file4", "file5"]
    assert [e.path for e in view.lowers[0]] == ["file1", "file2", "file3"]


def test_modify_copies_whole_file_up_then_delete_leaves_whiteout() -> None:
    box = article()
    run(box, "write file1 mod")
    upper = listing(box.view().upper)
    assert upper["file1"][:2] == (Kind.FILE, 4)
    assert box.view().lowers[0][0].size == 0  # lower file1 still empty
    run(box, "rm file1")
    entry = next(e for e in box.view().upper if e.path == "file1")
    assert entry.kind is Kind.WHITEOUT and entry.rdev == "0/0"
    assert "file1" not in listing(box.view().merged)


def test_metadata_only_change_copies_up_content_too() -> None:
    box = SimulatedSandbox(article_spec(1))
    run(box, "chmod 600 file2\nchown 1000:1000 file3")
    upper = {e.path: e for e in box.view().upper}
    assert upper["file3"].uid == 1000 and upper["file3"].size == 0
    lower_file3 = next(e for e in box.view().lowers[0] if e.path == "file3")
    assert lower_file3.uid == 0 and lower_file3.mode == 0o644


def test_deleting_upper_only_file_leaves_no_whiteout() -> None:
    box = article()
    run(box, "rm file4")
    assert "file4" not in listing(box.view().upper)


def test_recreated_dir_is_opaque_and_hides_lower_children() -> None:
    spec = article_spec(1)
    spec.lowers["lower"].children["d"] = tree_from_spec({"a": "1", "b": "2"})
    box = SimulatedSandbox(spec)
    assert run(box, "recreate d\ncreate d/new") == [0, 0]
    upper = listing(box.view().upper)
    assert upper["d"][3] is True
    assert "d/a" not in upper  # rm -r removed the whiteouts with the directory
    merged = listing(box.view().merged)
    assert "d/new" in merged and "d/a" not in merged
    assert merged["d"][3] is False  # the xattr is not visible through the mount


def test_lower_dir_rename_is_exdev_upper_dir_rename_becomes_opaque() -> None:
    spec = article_spec(1)
    spec.lowers["lower"].children["d"] = tree_from_spec({"a": "1"})
    box = SimulatedSandbox(spec)
    assert run(box, "rename d e\nmkdir n\nrename n m\nrename file1 moved") == [
        errno.EXDEV, 0, 0, 0]
    upper = listing(box.view().upper)
    assert upper["m"][3] is True and "n" not in upper
    assert upper["file1"][0] is Kind.WHITEOUT and upper["moved"][0] is Kind.FILE


def test_first_lowerdir_wins_and_order_changes_the_winner() -> None:
    spec = article_spec(3)
    shared = next(e for e in SimulatedSandbox(spec).view().merged if e.path == "shared")
    assert shared.origin == "lower1"
    reordered = SimulatedSandbox(spec.reordered(["lower3", "lower1", "lower2"]))
    assert next(e for e in reordered.view().merged if e.path == "shared").origin == "lower3"
    merged_dir = [e.path for e in reordered.view().merged if e.path.startswith("dir/")]
    assert merged_dir == ["dir/from-lower1", "dir/from-lower2", "dir/from-lower3"]


def test_errors_match_the_syscalls() -> None:
    box = article()
    assert run(box, "rm nothing\nmkdir file1\nrmdir file1\ncreate nope/x\n"
                    "symlink file2 ln\nwrite ln x\nmkdir d\ncreate d/f\nrmdir d") == [
        errno.ENOENT, errno.EEXIST, errno.ENOTDIR, errno.ENOENT, 0, errno.ELOOP, 0, 0,
        errno.ENOTEMPTY]


def test_whiteout_in_a_lower_hides_the_layers_below() -> None:
    top = tree_from_spec({"gone": "<whiteout>", "keep/": None})
    bottom = tree_from_spec({"gone": "x", "keep/old": "y", "opq/": None, "opq/hidden": "z"})
    top.children["opq"] = tree_from_spec({"shown": "1"})
    top.children["opq"].opaque = True
    model = OverlayModel([top, bottom])
    paths = [e.path for e in model.list_merged()]
    assert paths == ["keep", "keep/old", "opq", "opq/shown"]


def test_ops_parser_round_trips_and_explains_mistakes() -> None:
    for line in ("write file2 upper", "rm -r d", "chmod 600 f", "chown 1:2 f",
                 "symlink t l", "rename a b", "truncate f 3", "append f 'two words'"):
        op = parse_op(line)
        assert parse_op(op.format()) == op
    assert parse_op("mv a b") == Op("rename", "a", "b")
    assert parse_op("ln -s t l") == Op("symlink", "l", "t")
    with pytest.raises(OpSyntaxError, match="Unknown operation 'frob'"):
        parse_op("frob x")
    with pytest.raises(OpSyntaxError, match="not octal"):
        parse_op("chmod rwx f")
    with pytest.raises(OpSyntaxError, match="Line 2"):
        parse_ops("mkdir a\nrename a")
