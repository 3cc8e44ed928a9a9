"""``workbench compare`` on two real builds: layers, files, config and findings.

Build B differs from build A by a changed file, an added file, a deleted file, a file
whose mode changed, USER, an added ENV and its base. The file lists must equal what
``docker export`` of a container from each image shows.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from workbench.core.labels import labels

pytestmark = pytest.mark.engine

BASE_B = "FROM busybox:latest\nRUN echo base-two > /etc/base-two\n"
BUILD_A = (
    "FROM busybox:latest\n"
    "RUN mkdir /app && echo one > /app/changed && echo gone > /app/deleted"
    " && printf same > /app/same && echo mode > /app/mode && head -c 4000 /dev/zero > /app/zeros\n"
    "ENV MODE=a\n"
    'CMD ["sh"]\n'
)
BUILD_B = (
    "FROM {base}\n"
    "RUN mkdir /app && echo two > /app/changed && echo new-file > /app/added"
    " && printf same > /app/same && echo mode > /app/mode && chmod 600 /app/mode"
    " && head -c 4000 /dev/urandom > /app/zeros\n"
    "ENV MODE=a EXTRA=1\n"
    "USER 1000\n"
    'CMD ["sh"]\n'
)


def run_cli(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    return subprocess.run([sys.executable, "-m", "workbench", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, timeout=300)


@pytest.fixture
def builds(build_image, tmp_path: Path) -> tuple[str, str, Path]:
    image_a = build_image(BUILD_A)
    base_b = build_image(BASE_B)
    image_b = build_image(BUILD_B.format(base=base_b))
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    (tmp_path / "a" / "Dockerfile").write_text(BUILD_A)
    (tmp_path / "b" / "Dockerfile").write_text(BUILD_B.format(base=base_b))
    return image_a, image_b, tmp_path


# What the engine itself puts into every container's filesystem (mount points and the
# files it writes at create time): not part of either image, so left out on both sides.
ENGINE_MADE = {"/.dockerenv", "/etc", "/etc/hostname", "/etc/hosts", "/etc/resolv.conf",
               "/etc/mtab", "/dev", "/dev/console", "/dev/pts", "/dev/shm", "/proc", "/sys"}


def _ours(files: list[dict]) -> set[str]:
    return {f["path"] for f in files} - ENGINE_MADE


def _exported(docker_client, image: str, target: Path) -> dict[str, tuple]:
    """path -> (type, size, mode, uid, gid, link, sha256) of ``docker export``."""
    container = docker_client.containers.create(image, labels=labels("test"))
    try:
        with target.open("wb") as out:
            for chunk in container.export():
                out.write(chunk)
    finally:
        with contextlib.suppress(Exception):
            container.remove(force=True)
    found = {}
    with tarfile.open(target) as archive:
        for member in archive:
            name = "/" + member.name.strip("/").removeprefix("./")
            if name == "/" or name in ENGINE_MADE:
                continue
            digest = ""
            if member.isreg():
                reader = archive.extractfile(member)
                digest = hashlib.sha256(reader.read() if reader else b"").hexdigest()
            kind = "dir" if member.isdir() else "symlink" if member.issym() else member.type
            found[name] = (kind, member.size if member.isreg() else 0, member.mode & 0o7777,
                           member.uid, member.gid, member.linkname if member.issym() else "",
                           digest)
    return found


def test_compare_equals_docker_export(builds: tuple[str, str, Path], docker_client) -> None:
    image_a, image_b, root = builds
    proc = run_cli("compare", image_a, image_b, "--dockerfile-a", "a/Dockerfile",
                   "--dockerfile-b", "b/Dockerfile", "--json", "--no-hadolint", cwd=root)
    assert proc.returncode == 0, proc.stderr
    doc = json.loads(proc.stdout)
    export_a = _exported(docker_client, image_a, root / "a.tar")
    export_b = _exported(docker_client, image_b, root / "b.tar")
    added = {p for p in export_b if p not in export_a}
    removed = {p for p in export_a if p not in export_b}
    modified = {p for p in export_a if p in export_b and export_a[p] != export_b[p]}
    files = doc["files"]
    assert _ours(files["added"]) == added
    assert _ours(files["removed"]) == removed
    assert _ours(files["modified"]) == modified
    # The case is what it claims to be.
    assert {"/app/added", "/etc/base-two"} <= added and "/app/deleted" in removed
    assert {"/app/changed", "/app/mode", "/app/zeros"} <= modified
    assert "/app/same" not in modified  # same bytes from different layers: hashed, equal
    by_path = {f["path"]: f for f in files["modified"]}
    assert by_path["/app/mode"]["changed"] == ["mode"]
    assert by_path["/app/zeros"]["changed"] == ["content"]  # same size, other bytes
    assert by_path["/app/changed"]["line"] == 2
    assert {f["path"]: f["size"] for f in files["added"]}["/app/added"] == 9


def test_compare_layers_config_findings_and_html(builds: tuple[str, str, Path]) -> None:
    image_a, image_b, root = builds
    proc = run_cli("compare", image_a, image_b, "--dockerfile-a", "a/Dockerfile",
                   "--dockerfile-b", "b/Dockerfile", "--json", "--no-hadolint", cwd=root)
    doc = json.loads(proc.stdout)
    assert set(doc["a"]) >= {"source", "id", "size_bytes"}
    assert doc["a"]["id"] != doc["b"]["id"]
    layers = doc["layers"]
    assert len(layers["shared"]) == 2  # busybox's two layers
    assert layers["first_divergence"] == 2
    assert len(layers["only_a"]) == 1 and len(layers["only_b"]) == 2
    assert doc["deltas"]["layers"] == 1
    assert doc["deltas"]["size_bytes"] == doc["b"]["size_bytes"] - doc["a"]["size_bytes"]
    config = doc["config"]
    assert config["User"] == {"a": "", "b": "1000"}
    assert "EXTRA=1" in config["Env"]["b"] and "EXTRA=1" not in config["Env"]["a"]
    assert config["Base"] == {"a": "busybox:latest", "b": image_b_base(root)}
    assert "Cmd" not in config  # unchanged fields are left out
    assert "IW-USER-ROOT" in {f["rule"] for f in doc["findings"]["fixed"]}
    html = run_cli("compare", image_a, image_b, "--format", "html", "-o", "report.html",
                   "--no-hadolint", cwd=root)
    assert html.returncode == 0, html.stderr
    page = (root / "report.html").read_text()
    assert "<svg" in page and "/app/added" in page and "src=" not in page
    markdown = run_cli("compare", image_a, image_b, "--format", "markdown", "--dockerfile-a",
                       "a/Dockerfile", "--dockerfile-b", "b/Dockerfile", "--no-hadolint",
                       cwd=root)
    assert markdown.returncode == 0, markdown.stderr
    assert "| User | `''` | `'1000'` |" in markdown.stdout
    assert "<summary>Files added (" in markdown.stdout
    text = run_cli("compare", image_a, image_b, "--no-hadolint", cwd=root)
    assert "Files added: " in text.stdout and "everything from layer 2 up" in text.stdout


def image_b_base(root: Path) -> str:
    return (root / "b" / "Dockerfile").read_text().splitlines()[0].split()[1]


def test_compare_archives_and_bad_input(builds: tuple[str, str, Path], docker_client) -> None:
    image_a, image_b, root = builds
    for name, image in (("a.tar", image_a), ("b.tar", image_b)):
        with (root / name).open("wb") as out:
            for chunk in docker_client.images.get(image).save(named=True):
                out.write(chunk)
    from_archives = json.loads(run_cli("compare", "a.tar", "b.tar", "--json",
                                       cwd=root).stdout)
    from_engine = json.loads(run_cli("compare", image_a, image_b, "--json", cwd=root).stdout)
    assert from_archives["files"] == from_engine["files"]
    assert from_archives["layers"] == from_engine["layers"]
    (root / "junk.tar").write_bytes(b"not an archive" * 20)
    for args in (("compare", image_a, "workbench-no-such-image:never"),
                 ("compare", "junk.tar", image_b),
                 ("compare", image_a, image_b, "--format", "pdf"),
                 ("compare", image_a, image_b, "--dockerfile", "missing/Dockerfile")):
        proc = run_cli(*args, cwd=root)
        assert proc.returncode == 2, (args, proc.stderr)
        assert "Traceback" not in proc.stderr
        assert proc.stderr.strip().splitlines()[-1].startswith("workbench compare"), args
