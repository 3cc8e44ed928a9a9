"""The checks that read only the Dockerfile, its config and hadolint (no engine)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from workbench.core.harden.model import Finding, HardenError, mask
from workbench.core.harden.report import to_json
from workbench.core.harden.run import HardenReport, harden


def _check(text: str, tmp_path: Path | None = None, use_hadolint: bool = False) -> HardenReport:
    return harden(text=text, context_dir=tmp_path, use_hadolint=use_hadolint)


def _ids(report: HardenReport) -> list[str]:
    return [f.id for f in report.findings]


def _one(report: HardenReport, rule: str) -> Finding:
    found = [f for f in report.findings if f.id == rule]
    assert len(found) == 1, _ids(report)
    return found[0]


@pytest.mark.parametrize("user", ["", "USER root\n", "USER 0\n", "USER root:root\n",
                                  "USER 0:0\n", "USER 1000\nUSER root\n"])
def test_root_fires_for_every_spelling_of_root(user: str) -> None:
    finding = _one(_check(f"FROM scratch\nCOPY app /app\n{user}CMD [\"/app\"]\n"),
                   "IW-USER-ROOT")
    assert finding.severity == "error" and "DL3002" in finding.peer_ids
    assert finding.fix is not None


@pytest.mark.parametrize("user", ["USER app\n", "USER 10001:10001\n", "USER 0\nUSER 1\n"])
def test_root_stays_quiet_for_a_user(user: str) -> None:
    assert "IW-USER-ROOT" not in _ids(_check(f"FROM scratch\n{user}CMD [\"/app\"]\n"))


def test_root_fix_on_a_shell_less_base_is_a_numeric_user_before_cmd() -> None:
    text = "FROM scratch\nCOPY app /app\nUSER root\nCMD [\"/app\"]\n"
    fix = _one(_check(text), "IW-USER-ROOT").fix
    assert fix is not None
    assert fix.apply(text) == "FROM scratch\nCOPY app /app\nUSER 10001:10001\nCMD [\"/app\"]\n"


def test_add_is_fixed_to_copy_but_urls_and_archives_are_left() -> None:
    text = "FROM scratch\nADD newfile .\nADD https://example.com/x /x\nADD a.tar.gz /\n"
    report = _check(text)
    finding = _one(report, "IW-ADD")
    assert finding.evidence.line == 2 and finding.fix is not None
    assert finding.fix.apply(text).splitlines()[1] == "COPY newfile ."


def test_apt_and_apk_habits() -> None:
    text = ("FROM debian:bookworm\nRUN apt-get update\n"
            "RUN apt-get update && apt-get install -y curl\nRUN apk add curl\n"
            "RUN sudo true\nEXPOSE 22/tcp 80\n")
    report = _check(text)
    assert _one(report, "IW-APT-UPDATE-ALONE").evidence.line == 2
    lists = _one(report, "IW-APT-LISTS")
    assert lists.fix is not None and lists.fix.apply(text).splitlines()[2].endswith(
        "&& rm -rf /var/lib/apt/lists/*")
    apk = _one(report, "IW-APK-CACHE")
    assert apk.fix is not None and "apk add --no-cache curl" in apk.fix.apply(text)
    assert _one(report, "IW-SUDO").evidence.line == 5
    assert _one(report, "IW-PORT-22").evidence.line == 6
    assert _one(report, "IW-HEALTHCHECK").severity == "info"


def test_tags_and_digests_without_an_engine() -> None:
    text = "FROM busybox AS b\nFROM debian:latest\nCOPY --from=b /bin/sh /sh\n"
    report = _check(text)
    tags = [f for f in report.findings if f.id == "IW-TAG-LATEST"]
    assert sorted(f.evidence.line for f in tags) == [1, 2]
    digests = [f for f in report.findings if f.id == "IW-BASE-DIGEST"]
    # Stage b reaches the final stage through COPY --from, so both FROMs count.
    assert sorted(f.evidence.line for f in digests) == [1, 2]
    assert all(f.fix is None for f in digests)
    assert any("No engine answers" in note for note in report.notes)


def test_scratch_aliases_and_pinned_bases_are_exempt() -> None:
    text = "FROM busybox:1@sha256:" + "a" * 64 + " AS b\nFROM scratch\nCOPY --from=b / /\n"
    assert "IW-BASE-DIGEST" not in _ids(_check(text))


def test_unreached_stage_is_not_checked_for_a_digest() -> None:
    text = "FROM debian:bookworm AS unused\nFROM scratch\nCOPY x /x\n"
    assert "IW-BASE-DIGEST" not in _ids(_check(text))


def test_secrets_in_env_arg_label_are_masked_everywhere() -> None:
    token = "ghp_" + "A1b2C3d4" * 5
    text = (f"FROM scratch\nENV API_TOKEN={token}\nARG DB_PASSWORD=hunter2hunter2\n"
            f"LABEL note=\"AKIAABCDEFGHIJKLMNOP\"\nENV GPG_KEY=ABCDEF0123456789\n")
    report = _check(text)
    secrets = [f for f in report.findings if f.id == "IW-SECRET-ENV"]
    assert sorted(f.evidence.line for f in secrets) == [2, 3, 4]
    dumped = json.dumps(to_json(report), ensure_ascii=False)
    for value in (token, "hunter2hunter2", "AKIAABCDEFGHIJKLMNOP"):
        assert value not in dumped
    assert mask(token) in dumped and mask(token) == f"ghp_… ({len(token)} chars)"
    env = next(f for f in secrets if f.evidence.line == 2)
    assert env.fix is not None and "--mount=type=secret" in env.fix.summary
    assert token not in (env.fix.apply(text))


def test_a_dockerfile_that_does_not_parse_is_one_sentence() -> None:
    with pytest.raises(HardenError, match=r"does not parse: line 2"):
        _check("FROM busybox\nRUN\n")
    with pytest.raises(HardenError, match="no FROM"):
        _check("# nothing\n")


def test_context_that_cannot_be_read(tmp_path: Path) -> None:
    with pytest.raises(HardenError, match="does not exist"):
        _check("FROM scratch\n", tmp_path / "missing")
    (tmp_path / "file").write_text("x")
    with pytest.raises(HardenError, match="is not a directory"):
        _check("FROM scratch\n", tmp_path / "file")


def test_hadolint_config_ignored_and_override(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text(
        "ignored: [DL3002]\noverride:\n  error: [DL3007]\nfailure-threshold: warning\n")
    report = _check("FROM busybox:latest\nCMD [\"sh\"]\n", tmp_path)
    assert "IW-USER-ROOT" not in _ids(report)
    assert _one(report, "IW-TAG-LATEST").severity == "error"
    assert report.failure_threshold == "warning"


def test_hadolint_pragmas_apply_to_our_findings(tmp_path: Path) -> None:
    text = ("# hadolint global ignore=DL3020\nFROM busybox:latest\n"
            "# hadolint ignore=DL3004\nRUN sudo true\nRUN sudo false\nADD a /a\n")
    report = _check(text, tmp_path)
    assert [f.evidence.line for f in report.findings if f.id == "IW-SUDO"] == [5]
    assert "IW-ADD" not in _ids(report)


def test_bad_hadolint_config_is_a_sentence(tmp_path: Path) -> None:
    (tmp_path / ".hadolint.yaml").write_text("ignored: [DL3002\n")
    with pytest.raises(HardenError, match=r"\.hadolint\.yaml is not valid YAML"):
        _check("FROM scratch\n", tmp_path)


def test_hadolint_and_ours_become_one_finding_with_both_ids(tmp_path: Path) -> None:
    report = _check("FROM busybox:latest\nRUN apt-get install -y curl\n", tmp_path,
                    use_hadolint=True)
    if report.notes and any("hadolint is not installed" in n for n in report.notes):
        pytest.skip("hadolint is not installed")
    latest = _one(report, "IW-TAG-LATEST")
    assert latest.sources == ["workbench", "hadolint"] and "DL3007" in latest.peer_ids
    assert "IW-HL-DL3007" not in _ids(report)
    # hadolint's own rules we do not have come through with their id.
    assert "IW-HL-DL3008" in _ids(report)


def test_a_secret_only_a_build_stage_holds_is_info_and_the_fix_offers_the_split() -> None:
    text = ("FROM busybox:latest AS build\nARG NPM_TOKEN=npm_abcdefghijklmnopqrstuvwxyz0123456789\n"
            "RUN echo built > /out\nFROM busybox:latest\nCOPY --from=build /out /out\n"
            "ARG API_TOKEN=glpat-abcdefghij0123456789\n")
    found = [f for f in _check(text).findings if f.id == "IW-SECRET-ENV"]
    by_line = {f.evidence.line: f for f in found}
    assert by_line[2].severity == "info" and "build stage only" in by_line[2].title
    assert by_line[6].severity == "error" and by_line[6].fix is not None
    assert "move that step to a build stage" in by_line[6].fix.summary
