"""Every command that writes JSON writes UTF-8 JSON that a strict reader accepts, with a
file name that is not UTF-8 spelled with U+FFFD and its bytes in ``<key>_b64``.

The image, container and context here hold ``bad\\377name``; the table below has one
case per command with ``--json``, and a test fails when the CLI grows one it lacks."""

from __future__ import annotations

import argparse
import base64
import contextlib
import json
import os
import subprocess
import sys
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from workbench.cli.main import build_parser

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]
BAD = b"bad\xffname"
DOCKERFILE = (
    "FROM busybox:latest\n"
    # The name in two layers: an inefficient file, and a set-uid one the checks report.
    "RUN touch \"/$(printf 'bad\\377name')\"\n"
    "RUN echo again > \"/$(printf 'bad\\377name')\" && chmod 4755 \"/$(printf 'bad\\377name')\"\n"
)


@dataclass(frozen=True)
class Setup:
    image: str
    container: str
    context: Path
    dockerfile: Path
    ops: Path
    registry_ref: str


def _run(*args: str) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-m", "workbench", *args], capture_output=True,
                          timeout=300, cwd=ROOT, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})


@pytest.fixture(scope="module")
def setup(docker_client: Any, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Setup]:
    work = tmp_path_factory.mktemp("json-output")
    context = work / "ctx"
    context.mkdir()
    (context / "Dockerfile").write_text(DOCKERFILE)
    (context / os.fsdecode(BAD)).write_bytes(b"x" * 4096)  # the context's largest file
    ops = work / "ops.txt"
    ops.write_text("write file2 upper\nrm file1\n")
    name = f"workbench-test-{uuid.uuid4().hex[:10]}"
    image = f"{name}:json"
    registry = os.environ.get("WORKBENCH_TEST_REGISTRY", "127.0.0.1:5000")
    docker_client.images.build(path=str(context), tag=image, rm=True, forcerm=True)
    docker_client.api.tag(image, f"{registry}/{name}", "json")
    container = docker_client.api.create_container(
        image, ["sh", "-c", "touch \"/$(printf 'up\\377per')\""],
        host_config=docker_client.api.create_host_config(network_mode="none"))["Id"]
    try:
        docker_client.api.start(container)
        docker_client.api.wait(container, timeout=60)
        yield Setup(image, container, context, context / "Dockerfile", ops,
                    f"{registry}/{name}:json")
    finally:
        docker_client.api.remove_container(container, force=True)
        for tag in (f"{registry}/{name}:json", image):
            with contextlib.suppress(Exception):
                docker_client.api.remove_image(tag, force=True)


# command -> (arguments after it, whether a name that is not UTF-8 reaches its output)
CASES: dict[str, tuple[list[str], bool]] = {
    "analyze": (["{image}", "--json", "-"], True),
    "layers": (["{image}", "--json"], False),
    "files": (["{image}", "--layer", "-1", "--json"], True),
    "history": (["{image}", "--json"], False),
    "storage image": (["{image}", "--json"], False),
    "storage container": (["{container}", "--json"], False),
    "storage upper": (["{container}", "--json"], True),
    "containers ls": (["-n", "0", "--json"], False),
    "containers diff": (["{container}", "--json"], False),
    "context": (["{context}", "--json"], True),
    "registry push": (["{registry_ref}", "--json"], False),
    "registry pull": (["{registry_ref}", "--json"], False),
    "overlay": (["{image}", "--layer", "-1", "--json"], True),
    "overlay container": (["{container}", "--json"], True),
    "overlay replay": (["{ops}", "--mode", "simulated", "--json"], False),
    "overlay stale": (["--json"], False),
    "sizes": (["--base", "busybox:latest", "--only", "--no-pull", "--json"], False),
    "advise": (["{dockerfile}", "--json"], False),
    "harden": (["{dockerfile}", "--image", "{image}", "--json", "-"], True),
    "harden sarif": (["{dockerfile}", "--image", "{image}", "--sarif", "-"], True),
    "review": (["{image}", "--dockerfile", "{dockerfile}", "--no-hadolint", "--json"], True),
    "review sarif": (["{image}", "--dockerfile", "{dockerfile}", "--no-hadolint",
                      "--format", "sarif"], True),
    "compare": (["busybox:latest", "{image}", "--no-hadolint", "--json"], True),
    "engine info": (["--json"], False),
    "engine endpoints": (["--json"], False),
    "cleanup": (["--dry-run", "--json"], False),
    "lessons list": (["--json"], False),
    "lessons run": (["--lesson", "overlay-demo", "--json"], False),
}
# Forms of one parser that take the first word as a positional, and SARIF (JSON too).
_NOT_PARSERS = {"overlay container", "overlay replay", "overlay stale", "harden sarif",
                "review sarif"}


def _argv(name: str, setup: Setup) -> list[str]:
    words = name.split()
    if name in ("harden sarif", "review sarif"):
        words = [name.split()[0]]
    args, _bad = CASES[name]
    values = {"image": setup.image, "container": setup.container,
              "context": str(setup.context), "dockerfile": str(setup.dockerfile),
              "ops": str(setup.ops), "registry_ref": setup.registry_ref}
    return [*words, *(a.format(**values) for a in args)]


def _b64_members(doc: Any) -> Iterator[tuple[str, str, bytes]]:
    if isinstance(doc, list):
        for item in doc:
            yield from _b64_members(item)
    elif isinstance(doc, dict):
        for key, value in doc.items():
            if key.endswith("_b64") and key[:-4] in doc:
                yield key[:-4], doc[key[:-4]], base64.b64decode(value)
            else:
                yield from _b64_members(value)


def _check(name: str, stdout: bytes) -> None:
    text = stdout.decode("utf-8")  # strict: raises on any byte that is not UTF-8
    json.loads(text)
    if CASES[name][1]:
        odd = [(key, value, raw) for key, value, raw in _b64_members(json.loads(text))
               if b"\xff" in raw]
        assert odd, f"{name}: no _b64 member for the name that is not UTF-8"
        for _key, value, raw in odd:
            assert "\ufffd" in value and value == raw.decode("utf-8", "replace")


def test_every_json_command_is_in_the_table() -> None:
    found: set[str] = set()

    def walk(parser: argparse.ArgumentParser, words: list[str]) -> None:
        if any("--json" in a.option_strings for a in parser._actions):
            found.add(" ".join(words))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                for word, sub in action.choices.items():
                    walk(sub, [*words, word])

    walk(build_parser(), [])
    assert found == set(CASES) - _NOT_PARSERS


@pytest.mark.registry
@pytest.mark.parametrize("name", sorted(CASES))
def test_json_output_is_valid_utf8(name: str, setup: Setup, registry: str) -> None:
    if name == "registry pull":
        assert _run(*_argv("registry push", setup)).returncode == 0
    done = _run(*_argv(name, setup))
    assert done.returncode in (0, 1), done.stderr.decode("utf-8", "replace")
    _check(name, done.stdout)
