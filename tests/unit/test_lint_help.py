"""Hover help and completion data the editor shows for instructions and flags."""

from __future__ import annotations

from workbench.core.dockerfile.help import INSTRUCTIONS, completions, help_for, hover_text


def test_every_instruction_has_syntax_and_summary() -> None:
    assert {"FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "HEALTHCHECK", "SHELL"} <= set(INSTRUCTIONS)
    for info in INSTRUCTIONS.values():
        assert info.syntax.startswith(info.keyword) and info.summary.endswith(".")
    assert help_for("run") is INSTRUCTIONS["RUN"]
    assert INSTRUCTIONS["RUN"].makes_layer and not INSTRUCTIONS["ENV"].makes_layer


def test_hover_on_keyword_and_flag() -> None:
    line = "COPY --from=build /out /app"
    keyword, flag = hover_text(line, 2) or "", hover_text(line, 8) or ""
    assert keyword.startswith("COPY [--from=<stage>]") and "makes a layer" in keyword
    assert "multi-stage" in flag
    assert hover_text(line, 20) is None  # a path: nothing to explain
    assert hover_text("# RUN in a comment", 3) is None
    assert (hover_text("ONBUILD RUN make", 9) or "").startswith("RUN ")


def test_completions_depend_on_position() -> None:
    assert completions("") == sorted(INSTRUCTIONS)
    assert completions("   ") == sorted(INSTRUCTIONS)
    assert completions("COPY ") == ["--chmod=", "--chown=", "--from=", "--link"]
    assert completions("FROM ") == ["--platform="]
    assert completions("CMD ") == []
    assert completions("NOTANINSTRUCTION ") == []
