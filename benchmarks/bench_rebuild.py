"""The edit-build-see loop, side by side with a bare ``docker save`` and dive in one run.

The image: Debian bookworm + a 50 MB file + a 3-byte RUN (about 249 MB); with
``--large``, also the same with a 1,850 MB file (about 2 GB). Each repeat rebuilds it
with only the last RUN changed, then measures, each in a child process:

- the analysis ready after the build: a child builds through the Engine API (as
  ``workbench build`` and the window do), then times ``open_image`` + ``analyze`` of
  the new image from the moment the build has ended, with the layer cache the earlier
  builds filled (the storage route reads the one new layer); the time to the first view
  (``read_info``: history and sizes from inspect) is taken on the way;
- ``workbench analyze docker://IMAGE --json FILE`` as a fresh command (interpreter
  start-up included), for information;
- a bare ``docker save IMAGE > /dev/null`` and dive on the engine image
  (``dive IMAGE --source docker --json FILE``), both of which send the whole image;
- a cold open + analysis (empty cache) through the storage route and through the save
  stream, for the goal that the storage route is no slower cold.

    DOCKER_HOST=... .venv/bin/python benchmarks/bench_rebuild.py [--repeats N] [--large]
                                                                 [--no-write]

Every image built here carries the workbench label and is removed at the end.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_open import child_env, measured, workbench_command  # noqa: E402  (siblings)
from doc_section import write_doc_section  # noqa: E402

MARK_START, MARK_END = "<!-- rebuild -->", "<!-- /rebuild -->"
DOCKERFILE = """FROM debian:bookworm
RUN head -c {mb}M /dev/urandom > /big.bin
RUN echo {n:02d} > /last
"""
# (MB of the big file, goal as a fraction of a bare save): the two images.
SMALL, LARGE = (50, 0.1), (1850, 0.05)


def image_name(mb: int) -> str:
    return f"workbench-bench-rebuild-{mb}:latest"

# Builds the image, then times what a user waits for once the build has ended. The
# analysis modules are loaded before the build, as they are in the window or in
# ``workbench build`` by the time a build ends.
BUILD_THEN_ANALYSE = """
import io, json, sys, time
from pathlib import Path
import docker
from workbench.core.analysis.analyze import analyze
from workbench.core.image import LayerCache, open_image
from workbench.core.image.open import read_info
from workbench.core.labels import labels
dockerfile, tag, cache = sys.argv[1], sys.argv[2], Path(sys.argv[3])
client = docker.from_env(timeout=600)
started = time.perf_counter()
image_id = ""
for event in client.api.build(fileobj=io.BytesIO(dockerfile.encode()), tag=tag, rm=True,
                              forcerm=True, labels=labels("benchmark"), decode=True):
    if "error" in event:
        raise SystemExit(event["error"])
    image_id = event.get("aux", {}).get("ID", image_id)
built = time.perf_counter()
info = read_info(image_id, client=client)
first_view = time.perf_counter()
analysis = analyze(open_image(image_id, client=client, cache=LayerCache(cache)))
ready = time.perf_counter()
print(json.dumps({"id": image_id, "build": built - started, "first_view": first_view - built,
                  "ready": ready - built, "layers": len(info.layers),
                  "read_through": analysis.info.read_through,
                  "size": analysis.size_bytes}))
"""

OPEN_AND_ANALYSE = """
import json, sys, time
from pathlib import Path
import docker
from workbench.core.analysis.analyze import analyze
from workbench.core.image import LayerCache, open_image
client = docker.from_env(timeout=600)
started = time.perf_counter()
analysis = analyze(open_image(sys.argv[1], client=client, cache=LayerCache(Path(sys.argv[2]))))
print(json.dumps({"ready": time.perf_counter() - started,
                  "read_through": analysis.info.read_through}))
"""


def build_and_analyse(env: dict[str, str], mb: int, n: int, cache: Path) -> dict[str, Any]:
    _, rss, out = measured([sys.executable, "-c", BUILD_THEN_ANALYSE,
                            DOCKERFILE.format(mb=mb, n=n), image_name(mb), str(cache)], env=env)
    result: dict[str, Any] = json.loads(out)
    result["rss"] = rss
    return result


def open_and_analyse(env: dict[str, str], source: str, cache: Path) -> dict[str, Any]:
    _, _, out = measured([sys.executable, "-c", OPEN_AND_ANALYSE, source, str(cache)], env=env)
    result: dict[str, Any] = json.loads(out)
    return result


def run(work: Path, mb: int, goal: float, repeats: int, made: list[str]) -> dict[str, Any]:
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    env = child_env(work)
    image = image_name(mb)
    work = work / str(mb)
    cache = work / "cache"
    runs: dict[str, list[float]] = {}
    r: dict[str, Any] = {"mb": mb, "goal": goal, "load_before": os.getloadavg()}
    # The first build fills the layer cache (base and big layer), as an earlier
    # build of the project would have; it is not measured.
    first = build_and_analyse(env, mb, 0, cache)
    made.append(first["id"])
    measured([*workbench_command(), "analyze", f"docker://{image}", "--json", os.devnull],
             env={**env, "WORKBENCH_CACHE_DIR": str(work / "cli-cache")})
    dive = shutil.which("dive", path=str(ROOT / ".venv" / "bin")) or "dive"
    dive_env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI=true: dive's CI mode
    for i in range(1, repeats + 1):
        step = build_and_analyse(env, mb, i, cache)
        made.append(step["id"])
        r["read_through"], r["layers"], r["size"] = (step["read_through"], step["layers"],
                                                     step["size"])
        for key in ("build", "first_view", "ready"):
            runs.setdefault(key, []).append(step[key])
        report = work / f"report-{i}.json"
        wall, _, _ = measured([*workbench_command(), "analyze", f"docker://{image}",
                               "--json", str(report)],
                              env={**env, "WORKBENCH_CACHE_DIR": str(work / "cli-cache")})
        runs.setdefault("cli", []).append(wall)
        wall, _, _ = measured(f"docker -H {host} save {image} > /dev/null", shell=True)
        runs.setdefault("save", []).append(wall)
        wall, _, _ = measured([dive, image, "--source", "docker", "--json",
                               str(work / f"dive-{i}.json")], env=dive_env)
        runs.setdefault("dive", []).append(wall)
    for route, switch in (("storage", "1"), ("save", "0")):
        for i in range(max(1, repeats // 2)):
            cold = open_and_analyse({**env, "WORKBENCH_ENGINE_STORAGE": switch},
                                    f"docker://{image}", work / f"cold-{route}-{i}")
            runs.setdefault(f"cold_{route}", []).append(cold["ready"])
            r[f"cold_{route}_through"] = cold["read_through"]
    for key, values in runs.items():
        r[key] = min(values)
        r[key + "_median"] = statistics.median(values)
        r[key + "_all"] = [round(v, 3) for v in values]
    r["load_after"] = os.getloadavg()
    for image_id in reversed(made):  # the next image needs the disk more than these
        with contextlib.suppress(Exception):
            subprocess.run(["docker", "-H", host, "rmi", "-f", image_id], check=False,
                           capture_output=True)
    made.clear()
    return r


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else f"missed ({value / goal:.2f}x the goal)"


def _rows(r: dict[str, Any]) -> list[str]:
    save = r["save"]
    ready, cli, dive = r["ready"] / save, r["cli"] / save, r["dive"] / save
    cold = r["cold_storage"] / r["cold_save"]
    return [
        f"### Debian + {r['mb']} MB file + 3-byte RUN ({r['layers']} layers, "
        f"{r['size'] / 1e6:,.0f} MB; read through `{r['read_through']}`)",
        "",
        "| run | time | seconds (fastest / median) |",
        "|---|---|---|",
        f"| bare `docker save > /dev/null` | 1.00x save | {save:.2f} / "
        f"{r['save_median']:.2f} |",
        f"| dive 0.13 on the engine image (`--json`) | {dive:.2f}x save | {r['dive']:.2f} / "
        f"{r['dive_median']:.2f} |",
        f"| analysis ready after the build | {ready:.3f}x save | {r['ready']:.3f} / "
        f"{r['ready_median']:.3f} |",
        f"| first view after the build (history, sizes) | {r['first_view'] / save:.3f}x save "
        f"| {r['first_view']:.3f} / {r['first_view_median']:.3f} |",
        f"| `workbench analyze docker://IMAGE --json` | {cli:.3f}x save | {r['cli']:.2f} / "
        f"{r['cli_median']:.2f} |",
        f"| the build itself | {r['build'] / save:.2f}x save | {r['build']:.2f} / "
        f"{r['build_median']:.2f} |",
        f"| cold open + analysis, storage route | {cold:.2f}x save route | "
        f"{r['cold_storage']:.2f} / {r['cold_storage_median']:.2f} |",
        f"| cold open + analysis, save stream | 1.00x save route | {r['cold_save']:.2f} / "
        f"{r['cold_save_median']:.2f} |",
        "",
    ]


def _goals(r: dict[str, Any]) -> list[str]:
    ready, cold = r["ready"] / r["save"], r["cold_storage"] / r["cold_save"]
    what = f"{r['size'] / 1e6:,.0f} MB"
    return [
        f"| {what}: analysis ready after a rebuild <= {r['goal']}x a bare save | "
        f"{ready:.3f}x | {verdict(ready, r['goal'])} |",
        f"| {what}: first view after a build < 0.3 s | {r['first_view']:.3f} s | "
        f"{verdict(r['first_view'], 0.3)} |",
        f"| {what}: cold open through storage no slower than the save stream | {cold:.2f}x | "
        f"{verdict(cold, 1.0)} |",
    ]


def _runs(r: dict[str, Any]) -> str:
    load = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(r["load_before"], r["load_after"],
                                                         strict=True))
    return (f"{r['size'] / 1e6:,.0f} MB, every run in seconds: "
            + "; ".join(f"{key[:-4]} {r[key]}" for key in sorted(r) if key.endswith("_all"))
            + f". Load average (1/5/15 min) before/after: {load}.")


def write_section(results: list[dict[str, Any]]) -> None:
    lines = [
        MARK_START,
        "## Rebuilding (`benchmarks/bench_rebuild.py`)",
        "",
        "The edit-build-see loop: a Debian bookworm base, a big file and a 3-byte RUN, "
        "rebuilt with only the last RUN changed; each repeat, in one run: the build, then "
        "the analysis of the new image with the layer cache the earlier builds filled "
        "(the storage route reads only the new layer), a bare `docker save` and dive on "
        "the engine image, which both send the whole image. The analysis is timed from "
        "the end of the build to the analysis object, in the process that built (as the "
        "window and `workbench build` have it); `workbench analyze docker://IMAGE --json` "
        "is the same as a fresh command, interpreter start-up and the docker SDK's import "
        "included. Fastest of the repeats; medians after them. Cold rows: an empty cache.",
        "",
    ]
    for r in results:
        lines += _rows(r)
    lines += ["| goal | measured | verdict |", "|---|---|---|"]
    for r in results:
        lines += _goals(r)
    for r in results:
        lines += ["", _runs(r)]
    lines += ["", "On 2 cores shared with other work.", MARK_END]
    write_doc_section(MARK_START, MARK_END, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--large", action="store_true", help="also the 2 GB image")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-rebuild-"))
    made: list[str] = []  # ids of the images built here, removed at the end
    results = []
    try:
        subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "workbench")],
                       env=child_env(work), check=True, stdout=subprocess.DEVNULL)
        for mb, goal in [SMALL, LARGE] if args.large else [SMALL]:
            results.append(run(work, mb, goal, args.repeats, made))
    finally:
        shutil.rmtree(work, ignore_errors=True)
        import docker

        with contextlib.closing(docker.from_env(timeout=120)) as client:
            for image_id in reversed(made):
                with contextlib.suppress(Exception):
                    client.images.remove(image_id, force=True)
    print(json.dumps(results, indent=1))
    if not args.no_write:
        write_section(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
