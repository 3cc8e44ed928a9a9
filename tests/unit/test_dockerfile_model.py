"""The Dockerfile model against BuildKit's parser, on Dockerfiles written here.

Each case checks that the model agrees with the library's raw output (commands, lines,
arguments, heredocs) and with the values the builder is known to produce.
"""

from __future__ import annotations

import dockerfile as buildkit
import pytest

from workbench.core.dockerfile.edit import replace_lines, set_base
from workbench.core.dockerfile.parser import Dockerfile, parse


def agreed(text: str) -> Dockerfile:
    """Parse ``text`` and check every instruction against the library's command."""
    model = parse(text)
    commands = buildkit.parse_string(text)
    assert len(model.instructions) == len(commands)
    for instruction, command in zip(model.instructions, commands, strict=True):
        assert instruction.keyword == command.cmd.upper()
        assert (instruction.line_start, instruction.line_end) == (command.start_line,
                                                                   command.end_line)
        assert instruction.args == command.value
        assert instruction.json == command.json
        assert instruction.sub_keyword == (command.sub_cmd or "").upper()
        assert [f"--{k}={v}" if v else f"--{k}" for k, v in instruction.flags.items()] == \
            list(command.flags)
        # A body is the library's content without its last line end.
        assert instruction.heredocs == [h.content.removesuffix("\n").removesuffix("\r")
                                        for h in command.heredocs]
        assert instruction.text == command.original.split("\n", 1)[0].strip()
    return model


def summary(model: Dockerfile) -> list[tuple[str, str, int, int]]:
    return [(i.keyword, i.value, i.line_start, i.line_end) for i in model.instructions]


def test_a_tab_after_the_keyword_separates_it() -> None:
    model = agreed("FROM\tubuntu:14.04\nRUN true\n")
    assert model.errors == []
    assert summary(model) == [("FROM", "ubuntu:14.04", 1, 1), ("RUN", "true", 2, 2)]
    assert model.stages[0].base == "ubuntu:14.04"
    # The engine echoes the line as written, tab included.
    assert model.instructions[0].text == "FROM\tubuntu:14.04"


def test_continued_lines_keep_their_leading_whitespace() -> None:
    model = agreed("FROM busybox\nRUN echo hello\\\n  world\nRUN echo goodbye\\\nfrog\n")
    assert summary(model)[1:] == [("RUN", "echo hello  world", 2, 3),
                                  ("RUN", "echo goodbyefrog", 4, 5)]
    assert model.instructions[1].text == "RUN echo hello  world"
    assert model.instructions[1].raw == "RUN echo hello\\\n  world"


def test_lines_after_an_escaped_line_end_are_part_of_the_instruction() -> None:
    text = ("FROM busybox\nRUN echo a \\  \n    && echo b \\\n    && echo c\n"
            "RUN echo \\\\\nRUN echo next\n")
    model = agreed(text)
    assert summary(model)[1:] == [
        ("RUN", "echo a     && echo b     && echo c", 2, 4),
        ("RUN", "echo \\\\", 5, 5),  # an escaped escape ends nothing
        ("RUN", "echo next", 6, 6)]
    assert model.errors == []


def test_a_comment_inside_a_continuation_is_dropped() -> None:
    text = "FROM busybox\nRUN echo FOO \\\n    # a comment\n    && echo x \\\n# another\nBAR\n"
    model = agreed(text)
    keywords = [i.keyword for i in model.instructions]
    assert keywords == ["FROM", "RUN"]
    assert "&&" not in keywords and "BAR" not in keywords
    assert summary(model)[1] == ("RUN", "echo FOO     && echo x BAR", 2, 6)
    assert model.errors == []


def test_empty_continuation_lines_are_skipped() -> None:
    model = agreed("FROM busybox\nRUN echo a \\\n\n    b \\\n   \n    c\nCMD x\n")
    assert summary(model)[1:] == [("RUN", "echo a     b     c", 2, 6), ("CMD", "x", 7, 7)]


def test_escape_directive_with_a_backtick() -> None:
    text = "# escape=`\nFROM mcr/windows\nCOPY C:\\src\\ C:\\app\\\nRUN dir `\n    C:\\app\n"
    model = agreed(text)
    assert model.escape == "`"
    # The backslash at the end of the COPY is a path, not a continuation.
    assert summary(model)[1:] == [("COPY", "C:\\src\\ C:\\app\\", 3, 3),
                                  ("RUN", "dir     C:\\app", 4, 5)]
    assert model.errors == []


@pytest.mark.parametrize(("top", "escape"), [
    ("# escape=`\n", "`"), ("  #ESCAPE = `  \n", "`"), ("# syntax=x\n# escape=`\n", "`"),
    ("\n# escape=`\n", "\\"), ("# comment\n# escape=`\n", "\\"),
    ("FROM busybox\n# escape=`\n", "\\")])
def test_the_escape_directive_is_read_where_the_library_reads_it(top: str, escape: str) -> None:
    model = agreed(f"{top}FROM busybox\nRUN a `\n  b\n")
    assert model.escape == escape
    after_from = [(i.keyword, i.value) for i in model.stages[-1].instructions[1:]]
    # A backtick escape joins the lines; with the backslash, ``b`` is an instruction of its own.
    assert after_from == ([("RUN", "a   b")] if escape == "`" else [("RUN", "a `"), ("B", "")])


def test_onbuild_carries_its_instruction() -> None:
    model = agreed("FROM busybox\nONBUILD RUN ls /\nONBUILD COPY --from=x a /b\n")
    onbuild, copy = model.instructions[1:]
    assert (onbuild.keyword, onbuild.sub_keyword, onbuild.value) == ("ONBUILD", "RUN", "RUN ls /")
    assert (copy.sub_keyword, copy.value, copy.flags) == ("COPY", "COPY --from=x a /b", {})
    assert model.errors == []


def test_healthcheck_none_and_with_flags() -> None:
    model = agreed("FROM busybox\nHEALTHCHECK NONE\nHEALTHCHECK --interval=5s CMD true\n")
    assert model.errors == []
    none, check = model.instructions[1:]
    assert (none.value, none.args) == ("NONE", ("NONE",))
    assert (check.value, check.flags) == ("CMD true", {"interval": "5s"})


def test_json_and_shell_forms() -> None:
    model = agreed('FROM busybox\nCMD ["sh", "-c", "echo hi"]\nENTRYPOINT echo  hi\n'
                   'RUN ["a", b]\nSHELL ["/bin/sh", "-o", "pipefail", "-c"]\n')
    cmd, entry, broken, shell = model.instructions[1:]
    assert (cmd.json, cmd.args, cmd.value) == (True, ("sh", "-c", "echo hi"),
                                               '["sh", "-c", "echo hi"]')
    assert (entry.json, entry.value) == (False, "echo  hi")
    assert (broken.json, broken.args) == (False, ('["a", b]',))  # not JSON: shell form
    assert shell.json and shell.args == ("/bin/sh", "-o", "pipefail", "-c")


def test_flags_are_split_from_the_value() -> None:
    model = agreed("FROM --platform=linux/amd64 busybox AS Build\n"
                   "COPY --from=build --chown=1:1 --link /a /b\n"
                   "RUN --mount=type=cache,target=/root/.cache pip install x\n")
    stage = model.stages[0]
    assert (stage.name, stage.platform, stage.base) == ("build", "linux/amd64", "busybox")
    copy, run = model.instructions[1:]
    assert copy.flags == {"from": "build", "chown": "1:1", "link": ""}
    assert copy.value == "/a /b"
    assert run.flags == {"mount": "type=cache,target=/root/.cache"}
    assert run.value == "pip install x"


@pytest.mark.parametrize("opener", ["<<EOF", "<<-EOF", '<<"EOF"', "<<'EOF'"])
def test_heredocs(opener: str) -> None:
    indent = "\t" if opener == "<<-EOF" else ""
    text = f"FROM busybox\nRUN {opener}\n{indent}echo $HOME\n{indent}echo two\nEOF\nCMD x\n"
    model = agreed(text)
    run = model.instructions[1]
    assert (run.value, run.line_start, run.line_end) == (opener, 2, 5)
    assert run.heredocs == [f"{indent}echo $HOME\n{indent}echo two"]
    assert run.raw == "\n".join(text.split("\n")[1:5])
    assert summary(model)[2] == ("CMD", "x", 6, 6)
    assert model.instruction_at(4) is run


def test_several_heredocs_in_one_copy() -> None:
    model = agreed("FROM busybox\nCOPY <<A <<B /d/\nx\nA\ny\nB\nCMD z\n")
    copy = model.instructions[1]
    assert (copy.line_start, copy.line_end, copy.heredocs) == (2, 6, ["x", "y"])
    assert copy.args == ("<<A", "<<B", "/d/")


def test_crlf_reads_like_lf() -> None:
    lf = "FROM busybox AS b\nRUN echo a \\\n  && echo b\nRUN <<EOF\necho c\nEOF\nCMD x\n"
    crlf = lf.replace("\n", "\r\n")
    model, plain = agreed(crlf), parse(lf)
    assert summary(model) == summary(plain)
    assert [i.raw for i in model.instructions] == [i.raw for i in plain.instructions]
    assert model.instructions[2].heredocs == ["echo c"]
    assert model.errors == []


def test_crlf_edits_touch_only_their_lines_and_keep_crlf() -> None:
    text = "FROM busybox AS base\r\n# keep me\r\nRUN a \\\r\n    && b\r\nCMD x"
    assert replace_lines(text, 3, 4, "RUN a\nRUN b") == (
        "FROM busybox AS base\r\n# keep me\r\nRUN a\r\nRUN b\r\nCMD x")
    assert replace_lines(text, 5, 5, "CMD y") == text[:-1] + "y"
    assert set_base(text, "debian:bookworm", 0) == text.replace("busybox", "debian:bookworm")


def test_set_base_keeps_the_spelling_of_keyword_flags_and_name() -> None:
    text = "from --platform=$P busybox:latest as Build\nRUN a\n"
    assert set_base(text, "debian:bookworm") == (
        "from --platform=$P debian:bookworm as Build\nRUN a\n")


def test_other_line_separators_are_not_line_ends() -> None:
    text = "FROM busybox\nLABEL a=\"x\x0cy\"\nRUN b\n"
    model = agreed(text)
    assert summary(model)[2] == ("RUN", "b", 3, 3)
    assert replace_lines(text, 3, 3, "RUN c") == text.replace("RUN b", "RUN c")


def test_meta_args_substitute_into_from_and_copy_from() -> None:
    text = ("ARG BASE=busybox\nARG TAG\nARG FULL=${BASE}:${TAG:-latest}\n"
            "FROM ${FULL} AS build\nRUN true\n"
            "FROM \"$BASE\"\nCOPY --from=build /a /a\nCOPY --from=0 /b /b\n"
            "COPY --from=${BASE}:musl /c /c\nCOPY --from=${STAGE:-build} /d /d\n")
    model = agreed(text)
    assert model.errors == []
    assert [i.keyword for i in model.meta_args] == ["ARG", "ARG", "ARG"]
    build, final = model.stages
    assert (build.base, build.resolved_base, build.base_stage) == (
        "${FULL}", "busybox:latest", None)
    assert final.resolved_base == "busybox"
    copies = final.instructions[1:]
    assert [(c.from_stage, c.from_image) for c in copies] == [
        (0, ""), (0, ""), (None, "busybox:musl"), (0, "")]
    assert model.meta_values({"TAG": "1.36", "OTHER": "x"}) == {
        "BASE": "busybox", "TAG": "1.36", "FULL": "busybox:1.36"}
    assert model.resolve("${BASE:+alt}-${MISSING-none}-${TAG+set}") == "alt-none-"


def test_from_a_stage_name_is_that_stage() -> None:
    model = agreed("FROM busybox AS base\nRUN a\nFROM base\nRUN b\nFROM Base AS later\n")
    assert [s.base_stage for s in model.stages] == [None, 0, 0]


def test_build_steps_follow_the_classic_builder() -> None:
    text = "ARG V=1\nFROM busybox AS one\nRUN a\nFROM busybox AS two\nRUN b\nCMD c\n"
    model = agreed(text)
    assert [(i.keyword, i.line_start) for i in model.build_steps("one")] == [
        ("ARG", 1), ("FROM", 2), ("RUN", 3)]
    assert len(model.build_steps()) == 6


@pytest.mark.parametrize(
    ("text", "line", "fragment", "severity"),
    [
        ("FROM busybox\nRUN <<EOF\necho\n", 2, "heredoc started on line 2 is never closed",
         "error"),
        ("# escape=x\nFROM busybox\n", 1, "invalid escape token", "error"),
        ("FROM busybox\nRUN a\nRUN " + "x" * 70000 + "\n", 3, "max allowed size", "error"),
        ("FROM busybox\nRUN a \\\n", 2, "ends inside a line continuation", "warning"),
        ("FROM busybox\nRUN a \\\n# c\n\n", 2, "ends inside a line continuation", "warning"),
        ("FROM busybox\nFOO bar\n", 2, "Unknown instruction: FOO", "error"),
        ("FROM busybox\nCOPY\n", 2, "COPY requires at least one argument", "error"),
        ("ENV A=1\nFROM busybox\n", 1, "before the first FROM", "error"),
        ("ARG A=1\n", 1, "no FROM instruction", "error"),
        ("FROM a AS\n", 1, "optional 'AS name'", "error"),
        ("FROM a B c\n", 1, "optional 'AS name'", "error"),
    ],
)
def test_problems_name_their_line(text: str, line: int, fragment: str, severity: str) -> None:
    problems = parse(text).errors
    assert [(p.line, p.severity) for p in problems if fragment in p.message] == [
        (line, severity)], problems


def test_a_refused_file_keeps_the_instructions_before_the_problem() -> None:
    model = parse("FROM busybox\nRUN <<A\nx\nA\nRUN a\nRUN <<EOF\necho\n")
    assert summary(model) == [("FROM", "busybox", 1, 1), ("RUN", "<<A", 2, 4),
                              ("RUN", "a", 5, 5)]
    assert [p.line for p in model.errors] == [6]


@pytest.mark.parametrize("text", ["", "\n\n", "# only a comment\n", "# escape=`\n"])
def test_files_without_instructions_are_empty_not_errors(text: str) -> None:
    model = parse(text)
    assert (model.instructions, model.stages, model.errors) == ([], [], [])
