"""Linking history steps to Dockerfile lines, on histories written as dockerd 20.10 writes them."""

from __future__ import annotations

from workbench.core.dockerfile.parser import parse
from workbench.core.linking import LinkState, Origin, base_steps_by_time, link
from workbench.core.model import HistoryStep

BUSYBOX_BASE = [
    "/bin/sh -c #(nop) COPY file:73e2b2d4 in /bin/busybox ",
    "/bin/busybox --install -s /bin",
    '/bin/sh -c #(nop)  CMD ["sh"]',
    "/bin/sh -c #(nop)  LABEL io.image-workbench.test-base=true",
]

DOCKERFILE = """\
FROM busybox:latest AS build
RUN echo hi > /built
FROM busybox:latest
ARG V=1
ENV A=b C="d e"
COPY a.txt /app/a.txt
COPY --from=build /built /app/built
WORKDIR /app
RUN echo "$V" > /v && \\
    touch /x
LABEL x=y
USER nobody
CMD ["sh", "-c", "echo hi"]
"""

OWN_STEPS = [
    "/bin/sh -c #(nop)  ARG V=1",
    "/bin/sh -c #(nop)  ENV A=b C=d e",
    "/bin/sh -c #(nop) COPY file:00ec1633 in /app/a.txt ",
    "/bin/sh -c #(nop) COPY file:98bf72aa in /app/built ",
    "/bin/sh -c #(nop) WORKDIR /app",
    '|1 V=1 /bin/sh -c echo "$V" > /v &&     touch /x',
    "/bin/sh -c #(nop)  LABEL x=y",
    "/bin/sh -c #(nop)  USER nobody",
    '/bin/sh -c #(nop)  CMD ["sh" "-c" "echo hi"]',
]


def history(created_by: list[str], times: list[str] | None = None) -> list[HistoryStep]:
    steps = []
    for index, text in enumerate(created_by):
        empty = "#(nop)" in text and "COPY" not in text and "ADD" not in text
        steps.append(HistoryStep(index, text, created=times[index] if times else "",
                                 empty_layer=empty))
    return steps


def test_final_stage_links_every_step_to_its_lines() -> None:
    steps = history(BUSYBOX_BASE + OWN_STEPS)
    result = link(steps, parse(DOCKERFILE))
    assert result.state is LinkState.EXACT, result
    assert result.base_count == len(BUSYBOX_BASE)
    assert [s.origin for s in result.steps[:4]] == [Origin.BASE] * 4
    got = [result.lines_for_step(i) for i in range(4, len(steps))]
    assert got == [(4, 4), (5, 5), (6, 6), (7, 7), (8, 8), (9, 10), (11, 11), (12, 12), (13, 13)]
    # Lines to steps: the continuation line belongs to the RUN step, FROM lines to none.
    assert result.steps_for_lines(10, 10) == [9]
    assert result.steps_for_lines(5, 6) == [5, 6]
    assert result.steps_for_lines(1, 3) == []
    assert result.is_base(3) and not result.is_base(4)


def test_build_label_after_the_last_instruction_is_its_own_origin() -> None:
    steps = history([*BUSYBOX_BASE, *OWN_STEPS,
                     "/bin/sh -c #(nop)  LABEL io.image-workbench.created=true"])
    result = link(steps, parse(DOCKERFILE))
    assert result.state is LinkState.EXACT
    assert result.steps[-1].origin is Origin.BUILD
    assert result.lines_for_step(len(steps) - 1) == (0, 0)
    assert result.lines_for_step(len(steps) - 2) == (13, 13)


def test_dockerfile_ending_in_label_prefers_the_matching_label() -> None:
    text = "FROM busybox\nRUN touch /a\nLABEL x=y\n"
    steps = history([*BUSYBOX_BASE, "/bin/sh -c touch /a", "/bin/sh -c #(nop)  LABEL x=y",
                     "/bin/sh -c #(nop)  LABEL io.image-workbench.created=true"])
    result = link(steps, parse(text))
    assert result.lines_for_step(5) == (3, 3)
    assert result.steps[6].origin is Origin.BUILD


def test_edited_command_links_as_stale() -> None:
    edited = DOCKERFILE.replace("touch /x", "touch /y")
    result = link(history(BUSYBOX_BASE + OWN_STEPS), parse(edited))
    assert result.state is LinkState.STALE
    run = result.steps[9]
    assert (run.line_start, run.exact) == (9, False)
    assert all(s.exact for s in result.steps[4:] if s.step != 9)


def test_unrelated_dockerfile_links_nothing_and_says_why() -> None:
    result = link(history(BUSYBOX_BASE + OWN_STEPS), parse("FROM scratch\nCOPY a /a\nCOPY b /b\n"
                                                           "RUN x\nRUN y\nRUN z\n"))
    assert result.state is LinkState.NONE
    assert "does not follow" in result.problem and "line 1" in result.problem
    assert result.steps_for_lines(1, 6) == []


def test_buildkit_history_and_missing_arg_step() -> None:
    text = "FROM busybox\nARG X=1\nCOPY a.txt /a\nRUN echo $X\nENTRYPOINT echo hi\n"
    steps = history([*BUSYBOX_BASE, "COPY a.txt /a # buildkit",
                     "RUN |1 X=1 /bin/sh -c echo $X # buildkit",
                     'ENTRYPOINT ["/bin/sh" "-c" "echo hi"]'])
    result = link(steps, parse(text))
    assert result.state is LinkState.EXACT
    assert [result.lines_for_step(i) for i in (4, 5, 6)] == [(3, 3), (4, 4), (5, 5)]
    assert result.steps_for_lines(2, 2) == []


def test_other_keywords_compare_loosely() -> None:
    text = ("FROM busybox\nEXPOSE 80 443/udp\nVOLUME [\"/data\"]\nENV K v w\n"
            "SHELL [\"/bin/sh\", \"-o\", \"pipefail\", \"-c\"]\nRUN echo a | cat > /y\n")
    steps = history([*BUSYBOX_BASE, "/bin/sh -c #(nop)  EXPOSE 443/udp 80",
                     "/bin/sh -c #(nop)  VOLUME [/data]", "/bin/sh -c #(nop)  ENV K=v w",
                     "/bin/sh -c #(nop)  SHELL [/bin/sh -o pipefail -c]",
                     "/bin/sh -o pipefail -c echo a | cat > /y"])
    result = link(steps, parse(text))
    assert result.state is LinkState.EXACT, [s.exact for s in result.steps]


def test_no_dockerfile_guesses_base_from_a_time_gap() -> None:
    times = ["2026-01-01T10:00:00.123456789Z", "2026-01-01T10:00:05Z", "2026-01-01T10:00:06Z",
             "2026-01-01T10:00:06Z", "2026-11-28T20:00:00Z", "2026-11-28T20:00:03Z"]
    steps = history([*BUSYBOX_BASE, "/bin/sh -c touch /a", "/bin/sh -c touch /b"], times)
    assert base_steps_by_time(steps) == 4
    result = link(steps, None)
    assert result.state is LinkState.NONE and result.base_count == 4
    assert [s.origin for s in result.steps] == [Origin.BASE] * 4 + [Origin.UNKNOWN] * 2
    assert "time" in result.base_rule
    same_day = [s.created.replace("2026-01-01T10", "2026-11-28T20") for s in steps]
    assert base_steps_by_time(history([s.created_by for s in steps], same_day)) == 0


def test_image_built_with_target_links_to_that_stage() -> None:
    text = ("FROM busybox AS build\nRUN make\nCOPY x /x\nFROM busybox AS empty\n"
            "FROM busybox\nRUN ship\n")
    steps = history([*BUSYBOX_BASE, "/bin/sh -c make", "/bin/sh -c #(nop) COPY file:ab in /x "])
    result = link(steps, parse(text))
    assert result.state is LinkState.EXACT
    assert [result.lines_for_step(i) for i in (4, 5)] == [(2, 2), (3, 3)]
    assert "line 1" in result.base_rule
    # The last stage, when it matches, wins; naming a target forces that stage.
    final = history([*BUSYBOX_BASE, "/bin/sh -c ship"])
    assert link(final, parse(text)).lines_for_step(4) == (6, 6)
    assert not link(final, parse(text), target="build").linked


def test_continued_lines_join_as_the_engine_records_them() -> None:
    # dockerd records "echo goodbyefrog": the continued line is glued on, not spaced.
    text = ("FROM\tbusybox\nRUN echo goodbye\\\nfrog\nCOPY [\"a b\", \"/app/\"]\n"
            "CMD [\"sh\", b]\n")
    steps = history([*BUSYBOX_BASE, "/bin/sh -c echo goodbyefrog",
                     "/bin/sh -c #(nop) COPY file:ab in /app/ ",
                     '/bin/sh -c #(nop)  CMD ["/bin/sh" "-c" "[\\"sh\\", b]"]'])
    result = link(steps, parse(text))
    assert result.state is LinkState.EXACT, [s.exact for s in result.steps]
    assert [result.lines_for_step(i) for i in (4, 5, 6)] == [(2, 3), (4, 4), (5, 5)]
    apart = history([*BUSYBOX_BASE, "/bin/sh -c echo goodbye frog", *[s.created_by for s in
                                                                      steps[5:]]])
    assert link(apart, parse(text)).state is LinkState.STALE
