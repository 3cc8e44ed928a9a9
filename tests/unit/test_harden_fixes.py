"""Fixes are text edits: everything outside the edited lines stays byte for byte."""

from __future__ import annotations

from workbench.core.harden.fixes import Fix, LineEdit, apply_edits, apply_fixes, unified_diff

TEXT = "# keep me  \nFROM busybox:latest\n\nRUN  touch /x   \nCMD [\"sh\"]\n"


def test_insertion_before_a_line_keeps_the_rest() -> None:
    new = apply_edits(TEXT, [LineEdit(5, 4, ("USER 10001:10001",))])
    assert new == TEXT.replace('CMD ["sh"]', 'USER 10001:10001\nCMD ["sh"]')


def test_replacement_and_deletion() -> None:
    new = apply_edits(TEXT, [LineEdit(2, 2, ("FROM busybox:1@sha256:ab",)), LineEdit(3, 3, ())])
    assert new == "# keep me  \nFROM busybox:1@sha256:ab\nRUN  touch /x   \nCMD [\"sh\"]\n"


def test_insertion_after_a_last_line_without_newline() -> None:
    assert apply_edits("FROM a\nRUN b", [LineEdit(3, 2, ("USER 1",))]) == "FROM a\nRUN b\nUSER 1"


def test_crlf_files_get_crlf_lines() -> None:
    assert apply_edits("FROM a\r\nCMD b\r\n", [LineEdit(2, 1, ("USER 1",))]) == \
        "FROM a\r\nUSER 1\r\nCMD b\r\n"


def test_clashing_fixes_are_left_for_a_second_run() -> None:
    one = Fix("one", [LineEdit(4, 4, ("RUN one",))])
    two = Fix("two", [LineEdit(4, 4, ("RUN two",))])
    three = Fix("three", [LineEdit(5, 4, ("USER 1",))])
    new, applied, left = apply_fixes(TEXT, [one, two, three])
    assert applied == [one, three] and left == [two]
    assert "RUN one\nUSER 1\nCMD" in new and "RUN two" not in new


def test_two_insertions_at_one_point_keep_their_order() -> None:
    new = apply_edits(TEXT, [LineEdit(5, 4, ("RUN a",)), LineEdit(5, 4, ("RUN b",))])
    assert "RUN a\nRUN b\nCMD" in new


def test_diff_is_unified() -> None:
    fix = Fix("user", [LineEdit(5, 4, ("USER 1",))])
    diff = fix.diff(TEXT)
    assert diff.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n") and "+USER 1\n" in diff
    assert unified_diff(TEXT, TEXT) == ""


def test_a_user_insertion_goes_below_other_insertions_at_its_point() -> None:
    user = LineEdit(5, 4, ("USER 1",), last=True)
    strip = LineEdit(5, 4, ("RUN strip",))
    assert "RUN strip\nUSER 1\nCMD" in apply_edits(TEXT, [user, strip])
