"""The advisor's readings of Dockerfile text and its rewrites (no engine needed)."""

from __future__ import annotations

from pathlib import Path

from workbench.core.advisor.advice import AdviceKind
from workbench.core.advisor.base import smaller_base
from workbench.core.advisor.caches import cache_cleanup
from workbench.core.advisor.chain import chain_runs
from workbench.core.advisor.dockerignore import dockerignore
from workbench.core.advisor.facts import ImageFacts, Reclaim, layer_instructions
from workbench.core.advisor.multistage import multi_stage
from workbench.core.advisor.reclaim import reclaimable
from workbench.core.advisor.shell import covers, segments
from workbench.core.advisor.squash import squash
from workbench.core.dockerfile.parser import parse
from workbench.core.sizes.bases import Availability, BaseSize
from workbench.core.sizes.layers import ImageSizes


def runs(text: str) -> list[str]:
    # Continued lines keep their indent in the value (as BuildKit joins them): compare words.
    return [" ".join(i.value.split()) for i in parse(text).instructions if i.keyword == "RUN"]


def test_segments_split_only_outside_quotes() -> None:
    assert segments("a && b 'x && y' && c \"p && q\"") == ["a", "b 'x && y'", "c \"p && q\""]


def test_rm_glob_covers_children_only() -> None:
    assert covers("/var/lib/apt/lists/*", "var/lib/apt/lists/index")
    assert not covers("/var/lib/apt/lists/*", "var/lib/apt/listsx")
    assert covers("/big", "big") and not covers("/big", "bigger")


def test_consecutive_runs_are_chained_and_stateful_ones_isolated() -> None:
    text = ("FROM busybox\n# comment\nRUN cd /tmp && touch a\nRUN touch b\nENV X=1\n"
            "RUN touch c\nRUN [\"touch\", \"d\"]\nRUN touch e\n")
    advice = chain_runs(text, parse(text))
    assert len(advice) == 1  # ENV and the exec-form RUN break the other groups
    item = advice[0]
    assert item.kind is AdviceKind.CHAIN_RUNS and item.lines == (3, 4)
    assert item.new_dockerfile is not None
    # `cd` must not leak into the next command: the first RUN runs in a subshell.
    assert runs(item.new_dockerfile)[0] == "(cd /tmp && touch a) && touch b"
    assert "# comment" in item.new_dockerfile and "ENV X=1" in item.new_dockerfile
    assert "-RUN touch b" in item.dockerfile_diff(text)


def test_cache_removed_later_moves_into_the_installing_run() -> None:
    text = ("FROM debian:bookworm\nRUN apt-get update && apt-get install -y curl\n"
            "COPY x /x\nRUN rm -rf /var/lib/apt/lists/* && echo done\n")
    advice = [a for a in cache_cleanup(text, parse(text)) if "line 2" in a.title]
    assert len(advice) == 1 and advice[0].lines == (2, 4)
    new = advice[0].new_dockerfile or ""
    assert runs(new) == ["apt-get update && apt-get install -y curl && "
                         "rm -rf /var/lib/apt/lists/*", "echo done"]


def test_installs_that_never_clean_get_the_no_cache_form() -> None:
    text = "FROM alpine\nRUN apk add curl\nRUN pip install flask\nRUN apk add --no-cache jq\n"
    new_texts = [a.new_dockerfile or "" for a in cache_cleanup(text, parse(text))]
    assert any("apk add --no-cache curl" in t for t in new_texts)
    assert any("pip install --no-cache-dir flask" in t for t in new_texts)
    assert len(new_texts) == 2  # the already clean apk add is left alone


FACTS_TEXT = ("FROM busybox:latest\nRUN dd if=/dev/zero of=/big bs=1M count=5\n"
              "ENV A=1\nRUN echo keep > /k && rm -f /big\nCOPY blob /blob\nRUN rm /blob\n")


def facts_for_text() -> ImageFacts:
    # busybox has 2 layers, then RUN, RUN, COPY, RUN.
    commands = ["/bin/sh -c #(nop) COPY file:abc in /bin/busybox", "/bin/busybox --install",
                "/bin/sh -c dd if=/dev/zero of=/big bs=1M count=5",
                "/bin/sh -c echo keep > /k && rm -f /big",
                "/bin/sh -c #(nop) COPY file:def in /blob", "/bin/sh -c rm /blob"]
    return ImageFacts(commands, [Reclaim("big", 5 << 20, 2, 3, True),
                                 Reclaim("blob", 1 << 20, 4, 5, True),
                                 Reclaim("bin/busybox", 100, 0, 1, False)])


def test_layers_map_to_the_final_stage_instructions() -> None:
    mapping = layer_instructions(parse(FACTS_TEXT), facts_for_text())
    assert {k: v.line_start for k, v in mapping.items()} == {2: 2, 3: 4, 4: 5, 5: 6}


def test_reclaimable_moves_the_rm_into_the_creating_run() -> None:
    advice = reclaimable(FACTS_TEXT, parse(FACTS_TEXT), facts_for_text())
    assert [a.lines for a in advice] == [(2, 4), (5, 6)]  # largest first; base churn skipped
    moved, copied = advice
    assert moved.estimated_bytes == 5 << 20 and moved.measurable
    assert runs(moved.new_dockerfile or "") == [
        "dd if=/dev/zero of=/big bs=1M count=5 && rm -f /big", "echo keep > /k", "rm /blob"]
    # A COPY cannot clean up in its own layer: explained, not rewritten.
    assert not copied.measurable and copied.new_dockerfile is None
    assert ".dockerignore" in copied.note


def test_squash_is_a_note_without_an_experimental_engine() -> None:
    dockerfile = parse(FACTS_TEXT)
    (note,) = squash(dockerfile, experimental=False)
    assert not note.measurable and "--experimental" in note.note
    (advice,) = squash(dockerfile, experimental=True)
    assert advice.measurable and advice.squash and advice.new_dockerfile is None
    assert squash(parse("FROM busybox\nRUN true\n"), experimental=True) == []


def base(name: str, size: int) -> BaseSize:
    return BaseSize(name, Availability.LOCAL, ImageSizes(name, "sha256:x", size, []))


CANDIDATES = [BaseSize("scratch", Availability.BUILT_IN, ImageSizes("scratch", "", 0, [])),
              base("busybox:latest", 2_000_000), base("my-alpine:3", 7_000_000)]


def test_smaller_base_respects_what_the_commands_need() -> None:
    text = "FROM debian:bookworm\nRUN echo hi > /hi\nCMD [\"cat\", \"/hi\"]\n"
    advice = smaller_base(text, parse(text), 200_000_000, CANDIDATES)
    assert [a.new_dockerfile.splitlines()[0] for a in advice if a.new_dockerfile] == [
        "FROM busybox:latest", "FROM my-alpine:3"]  # no scratch: RUN needs a shell
    assert advice[0].estimated_bytes == 198_000_000
    text = "FROM debian:bookworm\nRUN apt-get install -y curl\n"
    assert smaller_base(text, parse(text), 200_000_000, CANDIDATES) == []
    text = "FROM debian:bookworm\nCOPY app /app\nENTRYPOINT [\"/app\"]\n"
    names = [a.title for a in smaller_base(text, parse(text), 200_000_000, CANDIDATES)]
    assert names[0] == "Start from scratch instead of debian:bookworm"  # no shell needed


def test_multi_stage_draft_copies_the_program_into_a_run_stage() -> None:
    text = ("FROM golang:1.22\nWORKDIR /src\nCOPY main.go .\nRUN go build -o server .\n"
            "EXPOSE 8080\nCMD [\"./server\"]\n")
    (advice,) = multi_stage(text, parse(text))
    assert advice.draft and advice.measurable
    draft = parse(advice.new_dockerfile or "")
    assert [s.name for s in draft.stages] == ["build", None]
    run_stage = draft.stages[1].instructions
    assert [i.text for i in run_stage] == [
        "FROM golang:1.22", "COPY --from=build /src/server /src/server", "WORKDIR /src",
        "EXPOSE 8080", 'CMD ["./server"]']
    assert multi_stage("FROM busybox\nRUN echo hi\n", parse("FROM busybox\nRUN echo hi\n")) \
        == []


def test_dockerignore_lists_big_and_sensitive_entries(tmp_path: Path) -> None:
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (tmp_path / "node_modules" / "x").mkdir(parents=True)
    (tmp_path / "node_modules" / "x" / "index.js").write_text("x")
    (tmp_path / "build").mkdir()
    (tmp_path / "build" / "app.bin").write_bytes(b"x" * 10)
    (tmp_path / "id_rsa").write_text("secret")
    (tmp_path / "src" / "target").mkdir(parents=True)  # not top level: "target" would miss it
    (tmp_path / "src" / "target" / "x.o").write_bytes(b"x")
    (tmp_path / "big.iso").write_bytes(b"\0" * (11 * 1024 * 1024))
    (tmp_path / ".dockerignore").write_text("# mine\n*.log\n")
    text = "FROM busybox\nCOPY build/ /app/\nCOPY . /src\n"
    (tmp_path / "Dockerfile").write_text(text)
    (advice,) = dockerignore(tmp_path, parse(text))
    new = (advice.new_dockerignore or "").splitlines()
    assert new[:2] == ["# mine", "*.log"]  # the existing rules are kept first
    added = [line for line in new[2:] if not line.startswith("#")]
    assert set(added) == {".git", "**/node_modules", "**/id_rsa*", "big.iso"}  # build/ is used
    assert advice.lines == (3, 3)
    assert advice.estimated_bytes is not None and advice.estimated_bytes > 11 * 1024 * 1024


def test_a_measured_saving_reads_as_a_saving_or_a_growth_never_negative() -> None:
    from workbench.core.advisor.advice import Advice
    from workbench.core.advisor.measure import Measured, Measurement

    advice = Advice(AdviceKind.SQUASH, "Squash", "why", (0, 0))

    def said(before: tuple[int, int], after: tuple[int, int]) -> str:
        return Measurement(advice, Measured(*before, 0), Measured(*after, 0)).saving()

    assert said((1_524_288, 4), (1_000_000, 2)) == "saves 524.3 kB (524,288 bytes) and " \
        "removes 2 layers"
    assert said((100, 4), (102, 1)) == "adds 2 B (2 bytes) and removes 3 layers"
    assert said((100, 1), (100, 2)) == "changes no bytes and adds 1 layer"
    assert Measurement(advice, None, None, "failed").saving() == "not measured"
