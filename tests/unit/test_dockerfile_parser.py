from __future__ import annotations

import pytest

from workbench.core.dockerfile.edit import replace_lines, set_base
from workbench.core.dockerfile.parser import parse

SAMPLE = """\
# syntax comment is not a directive after this line
ARG VERSION=1
FROM busybox:latest AS build
RUN echo one \\
    # a comment inside a continuation
    && echo two
COPY --from=build --chown=1:1 /a /b

FROM busybox:latest
ENV A=1 \\
    B=2
CMD ["sh"]
"""


def test_line_ranges_flags_and_stages() -> None:
    df = parse(SAMPLE)
    assert df.errors == []
    kinds = [(i.keyword, i.line_start, i.line_end, i.stage) for i in df.instructions]
    assert kinds == [
        ("ARG", 2, 2, -1), ("FROM", 3, 3, 0), ("RUN", 4, 6, 0), ("COPY", 7, 7, 0),
        ("FROM", 9, 9, 1), ("ENV", 10, 11, 1), ("CMD", 12, 12, 1),
    ]
    run = df.instructions[2]
    assert run.value == "echo one     && echo two"  # BuildKit keeps the leading spaces
    copy = df.instructions[3]
    assert copy.flags == {"from": "build", "chown": "1:1"}
    assert [(s.name, s.base, s.line) for s in df.stages] == [
        ("build", "busybox:latest", 3), (None, "busybox:latest", 9)]
    assert [i.keyword for i in df.meta_args] == ["ARG"]


def test_build_steps_count_like_the_classic_builder() -> None:
    df = parse(SAMPLE)
    # Meta ARG + every instruction of both stages (measured on dockerd 20.10).
    assert len(df.build_steps()) == 7
    assert [i.keyword for i in df.build_steps("build")] == ["ARG", "FROM", "RUN", "COPY"]


def test_escape_directive_and_heredoc() -> None:
    df = parse("# escape=`\nFROM scratch\nRUN a `\n  b\nRUN <<EOF\necho hi\nEOF\nCMD x\n")
    assert df.escape == "`"
    assert [(i.keyword, i.line_start, i.line_end) for i in df.instructions] == [
        ("FROM", 2, 2), ("RUN", 3, 4), ("RUN", 5, 7), ("CMD", 8, 8)]
    assert df.instructions[2].heredocs == ["echo hi"]


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        ("RUN echo\n", 1, "before the first FROM"),
        ("FROM busybox\nFOO bar\n", 2, "Unknown instruction: FOO"),
        ("FROM busybox\nRUN\n", 2, "requires at least one argument"),
        ("FROM a b c d\n", 1, "optional 'AS name'"),
        ("FROM busybox\nRUN <<EOF\necho\n", 2, "never closed"),
        ("FROM busybox\nRUN a \\\n", 2, "ends inside a line continuation"),
    ],
)
def test_problems_name_their_line(text: str, line: int, fragment: str) -> None:
    problems = parse(text).errors
    assert any(p.line == line and fragment in p.message for p in problems), problems


def test_edits_keep_the_rest_of_the_file() -> None:
    text = "FROM busybox:latest AS base\n# keep me\nRUN a\nRUN b\n"
    assert replace_lines(text, 3, 4, "RUN a && b") == (
        "FROM busybox:latest AS base\n# keep me\nRUN a && b\n")
    assert set_base(text, "debian:bookworm").startswith("FROM debian:bookworm AS base\n# keep")
