"""Hardening on the real engine: each check fires on an image, its fix rebuilds and passes.

Bases: busybox, debian:bookworm, and an alpine stand-in (a busybox image with an
/etc/alpine-release and /etc/passwd), since alpine cannot be pulled here. The stand-in's
busybox has no adduser, so the user fix it gets is the passwd-line one, chosen from the
image's files; a real alpine would get adduser.
"""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Any

import docker.errors
import pytest

from workbench.core.harden.fixes import apply_fixes
from workbench.core.harden.model import HardenError
from workbench.core.harden.publish import push_and_pin, pushed_name
from workbench.core.harden.run import HardenReport, harden
from workbench.core.harden.verify import verify

ALPINE_STAND_IN = ("FROM busybox:latest\nRUN echo 3.19.0 > /etc/alpine-release && "
                   "echo 'root:x:0:0:root:/root:/bin/sh' > /etc/passwd && "
                   "echo 'root:x:0:' > /etc/group\n")


@pytest.fixture
def base(request: pytest.FixtureRequest, build_image: Any) -> str:
    if request.param == "alpine-stand-in":
        return str(build_image(ALPINE_STAND_IN))
    return str(request.param)


def _fixed(report: HardenReport, ids: set[str] | None = None) -> str:
    text, _applied, left = apply_fixes(report.text, [f.fix for f in report.fixable(ids)
                                                     if f.fix is not None])
    assert not left
    return text


def _ids(report: HardenReport | None) -> set[str]:
    assert report is not None
    return {f.id for f in report.findings}


@pytest.mark.parametrize("base", ["busybox:latest", "alpine-stand-in", "debian:bookworm"],
                         indirect=True)
def test_root_and_setid_fire_and_their_fixes_pass(base: str, build_image: Any,
                                                  docker_client: Any, tmp_path: Path) -> None:
    text = (f"FROM {base}\nRUN mkdir -p /usr/local/bin && cp /bin/true /usr/local/bin/tool "
            "&& chmod 4755 /usr/local/bin/tool\nCMD [\"sh\", \"-c\", \"echo started\"]\n")
    image = build_image(text)
    context = tmp_path / "ctx"
    context.mkdir()
    report = harden(text=text, context_dir=context, image=image, client=docker_client)
    root = next(f for f in report.findings if f.id == "IW-USER-ROOT")
    assert root.fix is not None and root.evidence.line == 1
    tool = next(f for f in report.findings if f.evidence.path == "/usr/local/bin/tool")
    assert tool.id == "IW-SETID" and tool.evidence.line == 2 and "4755" in tool.why
    assert tool.evidence.layer == len(docker_client.images.get(image).attrs["RootFS"]["Layers"]) - 1
    assert "-perm +6000" in tool.why

    fixed = _fixed(report, {"IW-USER-ROOT", "IW-SETID"})
    result = verify(docker_client, text, fixed, context, image=image)
    assert result.built, result.error
    assert result.ok, result.error
    assert {"IW-USER-ROOT", "IW-SETID"} <= set(result.gone)
    assert not {"IW-USER-ROOT", "IW-SETID"} & _ids(result.after)
    assert result.smoke is not None and result.smoke.uid == 10001
    assert "started" in result.smoke.output
    assert result.size_change is not None


def test_debian_minbase_setid_files_are_all_listed(docker_client: Any) -> None:
    report = harden(text="FROM debian:bookworm\n", image="debian:bookworm",
                    client=docker_client)
    paths = {f.evidence.path for f in report.findings if f.id == "IW-SETID"}
    assert {"/usr/bin/su", "/usr/bin/passwd", "/usr/bin/mount",
            "/usr/sbin/unix_chkpwd"} <= paths and len(paths) == 11


def test_secret_file_deleted_by_a_later_layer_is_found_with_its_layer(
        build_image: Any, docker_client: Any, tmp_path: Path) -> None:
    key = "-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n" \
          "-----END OPENSSH PRIVATE KEY-----\n"
    text = ("FROM busybox:latest\nCOPY id_rsa /root/.ssh/id_rsa\n"
            "RUN rm -rf /root/.ssh\nCMD [\"true\"]\n")
    image = build_image(text, {"id_rsa": key})
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "id_rsa").write_text(key)
    report = harden(text=text, context_dir=context, image=image, client=docker_client)
    found = [f for f in report.findings if f.id == "IW-SECRET-FILE"]
    assert len(found) == 1
    base_layers = len(docker_client.images.get("busybox:latest").attrs["RootFS"]["Layers"])
    finding = found[0]
    assert finding.evidence.path == "/root/.ssh/id_rsa"
    assert finding.evidence.layer == base_layers and finding.evidence.line == 2
    assert f"layer {base_layers + 1} deleted it" in finding.why
    assert "no longer sends id_rsa" in finding.why
    assert finding.fix is not None and finding.fix.file == ".dockerignore"
    assert key not in str(report.findings)


def test_secret_in_build_arg_history_is_found_masked(build_image: Any,
                                                     docker_client: Any) -> None:
    token = "glpat-" + "x1Y2z3" * 4
    text = f"FROM busybox:latest\nARG DEPLOY_TOKEN={token}\nRUN echo built\n"
    image = build_image(text)
    report = harden(text=text, image=image, client=docker_client, use_hadolint=False)
    history = [f for f in report.findings if f.id == "IW-SECRET-HISTORY"]
    assert history and all(token not in f.why for f in history)
    assert any(token[:4] + "…" in f.why for f in history)


def test_digest_from_repo_digests_and_from_the_registry(docker_client: Any, registry: str,
                                                        unique_tag: str) -> None:
    reference = f"{registry}/{unique_tag}:1"
    docker_client.images.get("busybox:latest").tag(reference)
    try:
        docker_client.images.push(reference)
        text = f"FROM {reference}\nCMD [\"true\"]\n"
        report = harden(text=text, client=docker_client, use_hadolint=False)
        finding = next(f for f in report.findings if f.id == "IW-BASE-DIGEST")
        assert finding.fix is not None
        pinned = finding.fix.apply(text).splitlines()[0]
        digest = docker_client.images.get(reference).attrs["RepoDigests"][0].split("@")[1]
        assert pinned == f"FROM {reference}@{digest}"
        # Gone from the engine: the registry's manifest digest, resolved without a pull.
        docker_client.api.remove_image(reference)
        report = harden(text=text, client=docker_client, use_hadolint=False)
        finding = next(f for f in report.findings if f.id == "IW-BASE-DIGEST")
        assert finding.fix is not None and finding.fix.apply(text).splitlines()[0] == pinned
        assert not any(i.get("RepoTags") and reference in i["RepoTags"]
                       for i in docker_client.api.images())
        assert "IW-BASE-DIGEST" not in _ids(harden(text=finding.fix.apply(text),
                                                   client=docker_client, use_hadolint=False))
    finally:
        with contextlib.suppress(docker.errors.NotFound):
            docker_client.api.remove_image(reference)


def test_local_only_base_says_a_digest_needs_a_push(docker_client: Any) -> None:
    report = harden(text="FROM busybox:latest\n", client=docker_client, use_hadolint=False)
    finding = next(f for f in report.findings if f.id == "IW-BASE-DIGEST")
    assert finding.fix is None and "only after a push or pull" in finding.why


def test_a_local_only_base_pushed_to_a_named_registry_gets_pinned(
        build_image: Any, docker_client: Any, registry: str) -> None:
    base = build_image("FROM busybox:latest\nRUN echo local > /local\n")
    text = f"FROM {base}\nCMD [\"true\"]\n"
    finding = next(f for f in harden(text=text, client=docker_client,
                                     use_hadolint=False).findings
                   if f.id == "IW-BASE-DIGEST")
    assert finding.fix is None and finding.evidence.image == base
    pushed = pushed_name(base, registry)
    try:
        fix = push_and_pin(docker_client, finding, text, registry)
        first = fix.apply(text).splitlines()[0]
        digest = docker_client.images.get(pushed).attrs["RepoDigests"][0].split("@")[1]
        assert first == f"FROM {pushed}@{digest}"
        assert "IW-BASE-DIGEST" not in _ids(harden(text=fix.apply(text), client=docker_client,
                                                   use_hadolint=False))
    finally:
        with contextlib.suppress(docker.errors.NotFound):
            docker_client.api.remove_image(pushed)


def test_a_registry_name_that_is_not_one_is_refused() -> None:
    with pytest.raises(HardenError, match="is not a registry address"):
        pushed_name("busybox:latest", "http://x/y")


# The article's Dockerfiles, adjusted to build offline: §3.3.1 cannot reach Debian's
# mirrors, so its RUN keeps the shape (one chained step ending in apt-get clean) without
# the download; §3.4.2's Go builder becomes a busybox one, and its CMD names the file
# the COPY really puts in /app.
ARTICLE = {
    "1.2": "FROM busybox:latest\nRUN touch /newfile\n",
    "3.3.1": ("FROM debian:bookworm\n\nWORKDIR /var/www\n\n"
              "RUN dpkg-query -W > /var/www/packages.txt && \\\n    apt-get clean\n"),
    "3.4.2": ("FROM busybox:latest AS builder\n\nWORKDIR /app\n"
              "RUN printf '#!/bin/sh\\necho server up\\n' > server && chmod +x server\n\n"
              "FROM busybox:latest\n\nWORKDIR /app\nCOPY --from=builder /app .\n\n"
              "CMD [\"/app/server\"]\n"),
}


@pytest.mark.parametrize("section", sorted(ARTICLE))
def test_the_articles_dockerfiles_harden_end_to_end(section: str, build_image: Any,
                                                   docker_client: Any,
                                                   tmp_path: Path) -> None:
    text = ARTICLE[section]
    image = build_image(text)
    context = tmp_path / "ctx"
    context.mkdir()
    report = harden(text=text, context_dir=context, image=image, client=docker_client)
    fixable_errors = {f.id for f in report.fixable() if f.severity == "error"}
    assert "IW-USER-ROOT" in fixable_errors
    fixed = _fixed(report)
    result = verify(docker_client, text, fixed, context, image=image)
    assert result.built and result.ok, result.error
    assert fixable_errors <= set(result.gone)
    assert result.smoke is not None and result.smoke.uid == 10001
    if section == "3.4.2":
        assert "server up" in result.smoke.output


@pytest.mark.parametrize("base", ["busybox:latest", "alpine-stand-in", "debian:bookworm"],
                         indirect=True)
def test_the_other_checks_fire_on_each_base_and_the_fixed_image_passes(
        base: str, build_image: Any, docker_client: Any, tmp_path: Path) -> None:
    text = (f"FROM {base}\nADD notes.txt /app/notes.txt\nEXPOSE 22 8080\n"
            "RUN mkdir -p /srv/drop /app/.git && chmod 777 /srv/drop\n"
            "CMD [\"sh\", \"-c\", \"cat /app/notes.txt\"]\n")
    files = {"notes.txt": "hello from the context\n"}
    image = build_image(text, files)
    context = tmp_path / "ctx"
    context.mkdir()
    (context / "notes.txt").write_text(files["notes.txt"])
    report = harden(text=text, context_dir=context, image=image, client=docker_client)
    found = _ids(report)
    assert {"IW-ADD", "IW-PORT-22", "IW-WORLD-WRITABLE", "IW-UNNEEDED-FILE",
            "IW-HEALTHCHECK", "IW-USER-ROOT"} <= found
    writable = next(f for f in report.findings if f.id == "IW-WORLD-WRITABLE"
                    and f.evidence.path == "/srv/drop")
    assert writable.evidence.line == 4
    fixed_ids = {f.id for f in report.fixable()}
    assert {"IW-ADD", "IW-USER-ROOT"} <= fixed_ids
    result = verify(docker_client, text, _fixed(report), context, image=image)
    assert result.built and result.ok, result.error
    assert fixed_ids <= set(result.gone)
    assert result.smoke is not None and "hello from the context" in result.smoke.output
