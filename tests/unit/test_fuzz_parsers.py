"""Property-based tests of the parsers that read what users and registries hand us.

The properties: no crash (only the parser's own error, a sentence), no write anywhere,
and edits that never touch a line they were not asked to change. The number of cases
per property is ``WORKBENCH_FUZZ_EXAMPLES`` (default 1,000 here; docs/testing.md gives
the longer run).
"""

from __future__ import annotations

import gzip
import json
import os
import tarfile
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.unit.test_tar_routes import build, compare, random_infos
from workbench.core.analysis.ci_rules import CiConfigError, parse_ci_config
from workbench.core.dockerfile.edit import replace_lines
from workbench.core.dockerfile.parser import parse
from workbench.core.errors import BadSourceError
from workbench.core.harden.fixes import LineEdit, apply_edits
from workbench.core.harden.hadolint import read_config
from workbench.core.harden.model import HardenError
from workbench.core.image.layout import resolve
from workbench.core.tar.scan import scan_tar
from workbench.core.tar.streams import decompressed

EXAMPLES = int(os.environ.get("WORKBENCH_FUZZ_EXAMPLES", "1000"))
FUZZ = settings(max_examples=EXAMPLES, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

KEYWORDS = ["FROM", "RUN", "COPY", "ADD", "ENV", "ARG", "USER", "WORKDIR", "CMD",
            "ENTRYPOINT", "LABEL", "EXPOSE", "VOLUME", "HEALTHCHECK", "ONBUILD", "SHELL",
            "STOPSIGNAL", "MAINTAINER", "from", "Run", "# escape=`", "# syntax=x", "#"]
PIECES = st.sampled_from(["\\", "`", "<<EOF", "EOF", "<<-'X'", "X", "[\"a\", \"b\"]", "[",
                          "\"", "'", "$", "${A:-b}", "--from=a", "--mount=type=cache",
                          "AS", "x", " ", "\t", "\r", "&&", "{", "}", "\u00e9", "\x00"])
LINE = st.one_of(
    st.builds(lambda k, rest: k + " " + "".join(rest), st.sampled_from(KEYWORDS),
              st.lists(PIECES, max_size=8)),
    st.text(max_size=40),
)
DOCKERFILE = st.builds(lambda lines, end: end.join(lines),
                       st.lists(LINE, max_size=14), st.sampled_from(["\n", "\r\n"]))


@FUZZ
@given(DOCKERFILE)
def test_the_dockerfile_model_never_raises(text: str) -> None:
    dockerfile = parse(text)
    lines = text.split("\n")
    for instruction in dockerfile.instructions:
        assert 1 <= instruction.line_start <= instruction.line_end <= len(lines)
    for problem in dockerfile.errors:
        assert problem.line >= 0 and problem.message


@FUZZ
@given(DOCKERFILE, st.data())
def test_an_edit_changes_only_its_lines(text: str, data: st.DataObject) -> None:
    lines = text.split("\n")
    count = len(lines) - (1 if lines and lines[-1] == "" else 0)
    if count == 0:
        return
    start = data.draw(st.integers(1, count))
    end = data.draw(st.integers(start, count))
    new = data.draw(st.text(alphabet=st.characters(blacklist_characters="\r\n"),
                            max_size=20))
    edited = replace_lines(text, start, end, new).split("\n")
    assert edited[: start - 1] == lines[: start - 1]
    kept_after = lines[end:]
    assert edited[len(edited) - len(kept_after):] == kept_after


@FUZZ
@given(DOCKERFILE, st.data())
def test_hardening_fixes_change_only_their_lines(text: str, data: st.DataObject) -> None:
    lines = text.splitlines(keepends=True)
    if not lines:
        return
    at = data.draw(st.integers(1, len(lines)))
    insertion = LineEdit(at, at - 1, ("USER 10001",))
    edited = apply_edits(text, [insertion]).splitlines(keepends=True)
    assert edited[: at - 1] == lines[: at - 1]
    assert [line.rstrip("\r\n") for line in edited[at:]] == \
        [line.rstrip("\r\n") for line in lines[at - 1:]]


YAML_VALUES = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
              st.text(max_size=12), st.sampled_from(["20MB", "20Mb", "512KiB", "0.9",
                                                     "disabled", "off", "-1", "1e5"])),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.text(max_size=24), children, max_size=4)),
    max_leaves=12)
RULE_KEYS = st.sampled_from(["lowestEfficiency", "highestWastedBytes",
                             "highestUserWastedPercent", "LOWESTEFFICIENCY", "other"])
DIVE_CI = st.one_of(
    st.text(max_size=200),
    st.builds(lambda rules, top: yaml.safe_dump({**top, "rules": rules}),
              st.dictionaries(RULE_KEYS, YAML_VALUES, max_size=4),
              st.dictionaries(st.text(max_size=8), YAML_VALUES, max_size=2)),
)


@FUZZ
@given(DIVE_CI)
def test_dive_ci_reading_is_a_config_or_a_sentence(text: str) -> None:
    try:
        rules = parse_ci_config(text)
    except CiConfigError as exc:
        assert str(exc)
    else:
        assert isinstance(rules, dict)


HADOLINT = st.one_of(
    st.text(max_size=200),
    st.builds(lambda d: yaml.safe_dump(d), st.fixed_dictionaries({}, optional={
        "ignored": YAML_VALUES, "override": YAML_VALUES, "trustedRegistries": YAML_VALUES,
        "failure-threshold": YAML_VALUES})),
)


@FUZZ
@given(HADOLINT)
def test_hadolint_yaml_reading_is_a_config_or_a_sentence(tmp_path_factory: Any,
                                                         text: str) -> None:
    project: Path = tmp_path_factory.mktemp("hadolint")
    (project / ".hadolint.yaml").write_text(text)
    before = sorted(p.name for p in project.iterdir())
    try:
        config = read_config(project)
    except HardenError as exc:
        assert str(exc)
    else:
        assert config.path == project / ".hadolint.yaml"
    assert sorted(p.name for p in project.iterdir()) == before


JSON = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.text(max_size=12),
              st.sampled_from(["sha256:" + "a" * 64, "blobs/sha256/" + "a" * 64,
                               "application/vnd.oci.image.manifest.v1+json"])),
    lambda children: st.one_of(st.lists(children, max_size=4),
                               st.dictionaries(st.sampled_from(
                                   ["manifests", "config", "layers", "digest", "mediaType",
                                    "size", "Config", "Layers", "RepoTags", "rootfs",
                                    "diff_ids", "history", "x"]), children, max_size=5)),
    max_leaves=16)


@FUZZ
@given(st.sampled_from(["manifest.json", "index.json"]), JSON,
       st.dictionaries(st.text(max_size=20), st.one_of(JSON, st.binary(max_size=20)),
                       max_size=3))
def test_oci_index_and_manifest_reading_is_an_image_or_a_sentence(
        top: str, document: Any, blobs: dict[str, Any]) -> None:
    files = {top: json.dumps(document).encode()}
    for name, value in blobs.items():
        files[name] = value if isinstance(value, bytes) else json.dumps(value).encode()

    try:
        layout = resolve(files.get, "fuzz.tar", "fuzz.tar")
    except BadSourceError as exc:
        assert str(exc)
    else:
        assert layout.info.id


@pytest.mark.parametrize("text", ["FROM a\n\\\n", "\\", "\\\n"])
def test_a_continuation_into_nothing_is_a_problem_as_the_engine_says(text: str) -> None:
    # The engine: "dockerfile parse error line 2: unknown instruction: ".
    problems = parse(text).errors
    assert [p.severity for p in problems] == ["error"]
    assert "unknown instruction" in problems[0].message


def _valid_layout() -> dict[str, Any]:
    """A small, correct OCI layout: index -> manifest -> config, one layer."""
    config = {"rootfs": {"type": "layers", "diff_ids": ["sha256:" + "b" * 64]},
              "history": [{"created_by": "COPY x /"}], "config": {"User": "1"}}
    manifest = {"mediaType": "application/vnd.oci.image.manifest.v1+json",
                "config": {"digest": "sha256:" + "c" * 64, "size": 10},
                "layers": [{"digest": "sha256:" + "d" * 64, "size": 20,
                            "mediaType": "application/vnd.oci.image.layer.v1.tar"}]}
    index = {"manifests": [{"digest": "sha256:" + "e" * 64,
                            "mediaType": "application/vnd.oci.image.manifest.v1+json",
                            "platform": {"os": "linux", "architecture": "amd64"}}]}
    return {"index.json": index, "blobs/sha256/" + "e" * 64: manifest,
            "blobs/sha256/" + "c" * 64: config}


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


@FUZZ
@given(st.data())
def test_a_correct_layout_with_one_part_broken_is_an_image_or_a_sentence(
        data: st.DataObject) -> None:
    files = _valid_layout()
    name = data.draw(st.sampled_from(sorted(files)))
    path = data.draw(st.sampled_from(_paths(files[name])[1:]))
    target = files[name]
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = data.draw(JSON)
    encoded = {n: json.dumps(v).encode() for n, v in files.items()}
    try:
        layout = resolve(encoded.get, "fuzz", "fuzz")
    except BadSourceError as exc:
        assert str(exc)
    else:
        assert len(layout.layers) == len(layout.info.layers)


def test_the_unbroken_layout_reads() -> None:
    files = {n: json.dumps(v).encode() for n, v in _valid_layout().items()}
    layout = resolve(files.get, "fuzz", "fuzz")
    assert [layer.diff_id for layer in layout.info.layers] == ["sha256:" + "b" * 64]


def test_a_character_the_parser_library_cuts_in_half_is_a_problem_not_a_crash() -> None:
    problems = parse("FROM a\nHEALTHCHECK \\\n\u00c5\n").errors
    assert any(p.severity == "error" and p.line == 3 for p in problems)


def test_a_manifest_with_tags_or_diff_ids_of_the_wrong_type_is_a_sentence() -> None:
    files = {n: json.dumps(v).encode() for n, v in _valid_layout().items()}
    config = json.loads(files["blobs/sha256/" + "c" * 64])
    config["rootfs"]["diff_ids"] = True
    files["blobs/sha256/" + "c" * 64] = json.dumps(config).encode()
    with pytest.raises(BadSourceError, match="lists no diff_ids"):
        resolve(files.get, "fuzz", "fuzz")
    docker_style = {"manifest.json": json.dumps([{"Config": "c.json", "Layers": [],
                                                  "RepoTags": 1}]).encode(),
                    "c.json": json.dumps({"rootfs": {"diff_ids": []}}).encode()}
    assert resolve(docker_style.get, "fuzz", "fuzz").info.repo_tags == []


def _scan_gzip(data: bytes, chunk: int) -> Any:
    """The compressed route (registry blobs, OCI layouts): the same tar, gzipped and fed
    in chunks, read forward-only and fingerprinting every file."""
    packed = gzip.compress(data, mtime=0)
    pieces = iter([packed[i:i + chunk] for i in range(0, len(packed), chunk)])
    try:
        scan, length = scan_tar(decompressed(lambda: next(pieces, b""), "gzip", "z"),
                                "sha256:x", "t", hash_all=True, offsets=[])
    except BadSourceError as exc:
        return f"BadSourceError: {exc}"
    return [(e.path, e.kind, e.size, e.mode, e.uid, e.gid, e.link, e.mtime)
            for e in scan.entries], scan.opaque_dirs, length


@FUZZ
@given(st.randoms(use_true_random=False),
       st.sampled_from([tarfile.USTAR_FORMAT, tarfile.GNU_FORMAT, tarfile.PAX_FORMAT]),
       st.integers(0, 40), st.integers(1, 9000),
       st.lists(st.tuples(st.floats(0, 1), st.integers(0, 255)), max_size=4),
       st.one_of(st.none(), st.floats(0, 1)))
def test_every_tar_route_gives_the_same_scan_or_the_same_sentence(
        tmp_path_factory: Any, rng: Any, fmt: int, count: int, chunk: int,
        flips: list[tuple[float, int]], cut: float | None) -> None:
    data = bytearray(build(random_infos(rng, count, fmt), fmt))
    for where, value in flips:  # hostile bytes anywhere, headers included
        data[min(int(where * len(data)), len(data) - 1)] = value
    if cut is not None:
        del data[int(cut * len(data)):]
    intact = not flips and cut is None
    reference = compare(bytes(data), tmp_path_factory.mktemp("tar"), chunks=(chunk,),
                        oracle=intact)
    compressed = _scan_gzip(bytes(data), chunk)
    if isinstance(reference, str):
        assert isinstance(compressed, str)
    else:
        assert not isinstance(compressed, str), compressed
        assert compressed[0] == [r[:1] + r[1:2] + r[3:9] for r in reference[0]]
        assert (compressed[1], compressed[2]) == (reference[1], reference[3])
