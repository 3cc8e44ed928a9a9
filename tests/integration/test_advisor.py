"""Every advice kind, on a Dockerfile that needs it, built and shown to shrink the image."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.cli.main import run
from workbench.core.advisor.advice import AdviceKind
from workbench.core.advisor.measure import measure_build
from workbench.core.advisor.session import AdvisorReport, run_advisor
from workbench.core.dockerfile.parser import parse
from workbench.core.sizes.bases import DEFAULT_BASES

pytestmark = pytest.mark.engine

# A stand-in apt-get: busybox has none and nothing can be downloaded here, but the
# advisor only needs a command that fills /var/lib/apt/lists the way apt does.
FAKE_APT = ("printf '#!/bin/sh\\nmkdir -p /var/lib/apt/lists && dd if=/dev/zero "
            "of=/var/lib/apt/lists/index bs=1K count=700 2>/dev/null\\n' > /bin/apt-get "
            "&& chmod +x /bin/apt-get")
BUILD = ("apt-get update && apt-get install -y tool && mkdir -p /usr/include /app && dd "
         "if=/dev/zero of=/usr/include/toolchain.h bs=1K count=600 && cp /bin/busybox /app/server")
WASTEFUL = f"""FROM busybox:latest
RUN dd if=/dev/zero of=/big bs=1M count=5 && {FAKE_APT}
RUN rm /big
RUN {BUILD}
RUN rm -rf /var/lib/apt/lists/*
COPY . /ctx
CMD ["/app/server", "true"]
"""


@pytest.fixture(scope="module")
def wasteful(tmp_path_factory: pytest.TempPathFactory) -> Path:
    context = tmp_path_factory.mktemp("wasteful")
    (context / "Dockerfile").write_text(WASTEFUL)
    (context / ".git").mkdir()
    (context / ".git" / "pack").write_bytes(bytes(range(256)) * 4096)  # 1 MiB of history
    (context / "id_rsa").write_text("-----BEGIN OPENSSH PRIVATE KEY-----\n")
    return context


@pytest.fixture(scope="module")
def report(docker_client, wasteful: Path) -> AdvisorReport:  # type: ignore[no-untyped-def]
    return run_advisor(docker_client, WASTEFUL, wasteful, measure=True)


def only(report: AdvisorReport, kind: AdviceKind, contains: str = ""):  # type: ignore[no-untyped-def]
    found = [a for a in report.advice if a.kind is kind and contains in a.title]
    assert found, f"no {kind} advice in {[a.title for a in report.advice]}"
    return found[0]


def saving(report: AdvisorReport, advice) -> tuple[int, int]:  # type: ignore[no-untyped-def]
    measured = report.measurement_for(advice)
    assert measured is not None and measured.ok, measured and measured.error
    assert measured.saved_bytes is not None and measured.saved_layers is not None
    return measured.saved_bytes, measured.saved_layers


def test_the_original_is_measured_with_the_engines_numbers(report: AdvisorReport) -> None:
    assert report.before is not None and not report.build_error
    assert report.before.layers == 2 + 5  # busybox's 2, then RUN x4, COPY
    assert report.before.size > 5 * 2**20 + 700 * 1024


def test_chained_runs_save_layers_and_the_deleted_file(report: AdvisorReport) -> None:
    advice = only(report, AdviceKind.CHAIN_RUNS, "4 consecutive")
    assert advice.lines == (2, 5)
    saved_bytes, saved_layers = saving(report, advice)
    assert saved_layers == 3 and saved_bytes >= 5 * 2**20 + 700 * 1024


def test_cache_removed_later_is_moved_into_the_install(report: AdvisorReport) -> None:
    advice = only(report, AdviceKind.CACHE_CLEANUP, "apt cache")
    assert advice.lines == (4, 5)
    saved_bytes, saved_layers = saving(report, advice)
    assert saved_bytes == 700 * 1024 and saved_layers == 1


def test_deleted_files_name_the_instruction_to_move_the_cleanup_into(
        report: AdvisorReport) -> None:
    advice = only(report, AdviceKind.RECLAIMABLE, "from line 3 into line 2")
    assert "/big" in advice.why and advice.estimated_bytes == 5 * 2**20
    saved_bytes, saved_layers = saving(report, advice)
    assert saved_bytes == 5 * 2**20 and saved_layers == 1
    apt = only(report, AdviceKind.RECLAIMABLE, "from line 5 into line 4")
    assert saving(report, apt)[0] == 700 * 1024


def test_squash_is_measured_on_the_experimental_engine(report: AdvisorReport) -> None:
    advice = only(report, AdviceKind.SQUASH)
    assert advice.measurable and advice.squash
    saved_bytes, saved_layers = saving(report, advice)
    measured = report.measurement_for(advice)
    assert measured is not None and measured.after is not None
    assert measured.after.layers == 2 + 1  # the base's layers, then one squashed layer
    assert saved_layers == 4 and saved_bytes >= 5 * 2**20 + 700 * 1024


def test_multi_stage_draft_leaves_the_build_tools_behind(report: AdvisorReport) -> None:
    advice = only(report, AdviceKind.MULTI_STAGE)
    assert advice.draft and "/app/server" in advice.note
    draft = parse(advice.new_dockerfile or "")
    assert len(draft.stages) == 2 and draft.stages[0].name == "build"
    saved_bytes, _layers = saving(report, advice)
    assert saved_bytes >= 5 * 2**20 + 600 * 1024  # everything but the program is left behind


def test_dockerignore_keeps_history_and_keys_out(report: AdvisorReport) -> None:
    advice = only(report, AdviceKind.DOCKERIGNORE)
    assert {".git", "**/id_rsa*"} <= set((advice.new_dockerignore or "").splitlines())
    saved_bytes, saved_layers = saving(report, advice)
    measured = report.measurement_for(advice)
    assert measured is not None and measured.before and measured.after
    # COPY . /ctx no longer copies them (the engine counts content, not tar headers).
    assert saved_bytes >= 2**20 - 4096 and saved_layers == 0
    assert measured.before.context_bytes - measured.after.context_bytes >= 2**20


def test_smaller_base_is_proposed_and_measured(docker_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # busybox under an alpine-like name: the path taken when alpine:latest is present.
    stand_in = "workbench-test-alpine:latest"
    docker_client.api.tag("busybox:latest", "workbench-test-alpine", "latest")
    text = "FROM debian:bookworm\nRUN echo hello > /greeting\nCMD [\"cat\", \"/greeting\"]\n"
    try:
        result = run_advisor(docker_client, text, tmp_path, measure=True,
                             bases=[*DEFAULT_BASES, stand_in])
    finally:
        docker_client.api.remove_image(stand_in)  # untags; busybox keeps the image
    advice = only(result, AdviceKind.SMALLER_BASE, "busybox:latest")
    assert advice.lines == (1, 1)
    assert not [a for a in result.advice if "scratch" in a.title]  # RUN needs a shell
    saved_bytes, saved_layers = saving(result, advice)
    debian = docker_client.api.inspect_image("debian:bookworm")["Size"]
    busybox = docker_client.api.inspect_image("busybox:latest")["Size"]
    assert saved_bytes == debian - busybox and saved_layers == -1  # busybox has 2 layers
    alpine = only(result, AdviceKind.SMALLER_BASE, stand_in)
    assert saving(result, alpine) == (saved_bytes, saved_layers)


def test_measuring_cleans_up_every_image(docker_client, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    def labelled() -> set[str]:
        return {i["Id"] for i in docker_client.api.images(
            all=True, filters={"label": "io.image-workbench.purpose=advice-measure"})}

    before = labelled()
    measured = measure_build(docker_client, "FROM busybox:latest\nRUN echo m > /m\n", tmp_path)
    assert measured.layers == 3 and measured.image_id not in labelled() | before
    squashed = measure_build(docker_client, "FROM busybox:latest\nRUN echo m > /m\nRUN echo n"
                                            " > /n\n", tmp_path, squash=True)
    assert squashed.layers == 3
    assert labelled() <= before


def test_advise_command_lists_and_measures(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM busybox:latest\nRUN dd if=/dev/zero of=/x bs=1K count=64\n"
                          "RUN rm /x\n")
    code = run(["advise", str(dockerfile), "--measure", "--json"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["before"]["layers"] == 4
    by_kind = {a["kind"]: a for a in data["advice"]}
    assert set(by_kind) == {"chain-runs", "reclaimable", "squash"}
    for advice in by_kind.values():
        assert advice["measurement"]["saved_bytes"] == 64 * 1024
    # Chained, the two RUNs change nothing and the engine keeps no empty layer; a squash
    # always leaves its one layer on top of the base's two.
    layers = {kind: a["measurement"]["after"]["layers"] for kind, a in by_kind.items()}
    assert layers == {"chain-runs": 2, "reclaimable": 2, "squash": 3}
    assert run(["advise", str(tmp_path / "missing")]) == 2
    assert "Cannot read" in capsys.readouterr().err
