"""Comparing two builds, against analysing each of them; results as ratios.

Builds two reference-sized images (about 300 MB each) on the engine from debian:bookworm
and generated data files, as two builds of one Dockerfile whose second step changed:

- A: a layer of 50,000 small files; a layer rewriting 10,000 of them; a 60 MB data
  file; a version file;
- B: the same first layer (shared through the build cache); the rewrite step changed
  (the same 10,000 files, same sizes, other bytes, plus 500 more files); the data
  file rebuilt (same size, other bytes); a directory deleted; another version.

Everything above the changed step is rebuilt, so every file there sits in a layer of
its own on each side and equal sizes must be settled by content: the expensive case.
Then it measures, each run a fresh child process (wall time, peak RSS from ``wait4``),
for engine images (``docker://``) and for ``docker save`` archives:

- ``workbench analyze SOURCE --json FILE`` of A and of B with a cold layer cache;
- ``workbench compare A B --json -o FILE`` with a cold cache (goal: at most the two
  analyses plus 10%) and with the cache the cold comparison left (goal: under 1 s).

    DOCKER_HOST=... .venv/bin/python benchmarks/bench_compare.py [--keep] [--no-write]

The built images carry the workbench label and are removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench_open import child_env, workbench_command  # noqa: E402
from doc_section import write_doc_section  # noqa: E402  (a sibling module)

from workbench.core.labels import labels  # noqa: E402

IMAGES = {"a": "workbench-bench-compare-a:latest", "b": "workbench-bench-compare-b:latest"}
MARK_START, MARK_END = "<!-- compare -->", "<!-- /compare -->"
FILES = r"""FROM debian:bookworm
RUN mkdir /data && cd /data && for d in $(seq 0 99); do mkdir d$d; \
    for f in $(seq 0 499); do echo "file $d $f" > d$d/f$f; done; done
"""
DOCKERFILES = {
    "a": FILES + r"""RUN cd /data && for d in $(seq 0 19); do \
    for f in $(seq 0 499); do echo "FILE $d $f" > d$d/f$f; done; done
RUN mkdir /opt/data && head -c 62914560 /dev/urandom > /opt/data/blob.bin
RUN echo "build 1" > /etc/build-version
""",
    "b": FILES + r"""RUN cd /data && for d in $(seq 0 19); do \
    for f in $(seq 0 499); do echo "File $d $f" > d$d/f$f; done; done && \
    mkdir /data/new && for f in $(seq 0 499); do echo "new $f" > /data/new/f$f; done
RUN mkdir /opt/data && head -c 62914560 /dev/urandom > /opt/data/blob.bin && rm -rf /data/d99
RUN echo "build 2" > /etc/build-version
""",
}


def build_images(client: Any) -> None:
    for side, tag in IMAGES.items():
        try:
            client.images.get(tag)
            print(f"reusing {tag}", flush=True)
            continue
        except Exception:
            pass
        started = time.perf_counter()
        client.images.build(fileobj=io.BytesIO(DOCKERFILES[side].encode()), tag=tag, rm=True,
                            forcerm=True, labels=labels("benchmark"))
        print(f"built {tag} in {time.perf_counter() - started:.0f} s", flush=True)


def timed(cmd: list[str], env: dict[str, str]) -> tuple[float, float, float]:
    """(wall seconds, peak RSS MiB, CPU seconds) of one child process. The CPU time
    (user + system, from ``wait4``) is the work itself; on shared cores the wall time
    adds the waits for a core."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as err:
        proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=err, env=env, cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        if os.waitstatus_to_exitcode(status) != 0:
            err.seek(0)
            raise RuntimeError(f"{cmd!r:.80} failed: {err.read().decode()[-500:]}")
    return wall, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime


def analyze(env: dict[str, str], source: str, cache: Path,
            out: Path) -> tuple[float, float, float]:
    return timed([*workbench_command(), "analyze", source, "--json", str(out)],
                 {**env, "WORKBENCH_CACHE_DIR": str(cache)})


def compare(env: dict[str, str], a: str, b: str, cache: Path,
            out: Path) -> tuple[float, float, float]:
    return timed([*workbench_command(), "compare", a, b, "--json", "-o", str(out)],
                 {**env, "WORKBENCH_CACHE_DIR": str(cache)})


def run(work: Path, repeats: int) -> dict[str, Any]:
    import docker

    client = docker.from_env(timeout=900)
    build_images(client)
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    r: dict[str, Any] = {"load_before": os.getloadavg()}
    sources: dict[str, dict[str, str]] = {"engine": {}, "archive": {}}
    for side, tag in IMAGES.items():
        archive = work / f"{side}.tar"
        subprocess.run(["docker", "-H", host, "save", tag, "-o", str(archive)], check=True)
        r[f"archive_mib_{side}"] = archive.stat().st_size / 2**20
        r[f"layers_{side}"] = len(client.images.get(tag).attrs["RootFS"]["Layers"])
        sources["engine"][side] = f"docker://{tag}"
        sources["archive"][side] = str(archive)
    env = child_env(work)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "workbench")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    # The four runs of a kind go back to back, repeat after repeat, so the analyses and
    # the comparisons see the same machine load; the fastest of each is reported.
    runs: dict[str, list[tuple[float, float, float]]] = {}
    for i in range(repeats):
        for kind, src in sources.items():
            jobs: list[tuple[str, Callable[[], tuple[float, float, float]]]] = [
                (f"{kind}_analyze_a", partial(analyze, env, src["a"], work / f"c-{kind}-a{i}",
                                              work / f"{kind}-a-{i}.json")),
                (f"{kind}_analyze_b", partial(analyze, env, src["b"], work / f"c-{kind}-b{i}",
                                              work / f"{kind}-b-{i}.json")),
                (f"{kind}_compare_cold", partial(compare, env, src["a"], src["b"],
                                                 work / f"c-{kind}-cmp{i}",
                                                 work / f"{kind}-cmp-cold-{i}.json")),
                (f"{kind}_compare_warm", partial(compare, env, src["a"], src["b"],
                                                 work / f"c-{kind}-cmp0",
                                                 work / f"{kind}-cmp-warm-{i}.json")),
            ]
            for key, job in jobs:
                runs.setdefault(key, []).append(job())
            for cache in work.glob(f"c-{kind}-[ab]{i}"):
                shutil.rmtree(cache, ignore_errors=True)
    for key, values in runs.items():
        r[key] = min(values)  # the fastest run: the least disturbed on shared cores
        r[key + "_all"] = [round(v[0], 2) for v in values]
        r[key + "_cpu"] = min(v[2] for v in values)
    r["load_after"] = os.getloadavg()
    # Every comparison, cold or warm, from the engine or the archives, found the same.
    found = set()
    for path in work.glob("*-cmp-*.json"):
        doc = json.loads(path.read_text())
        found.add(json.dumps({k: doc[k] for k in ("layers", "files", "deltas")},
                             sort_keys=True))
    r["reports_identical"] = len(found) == 1
    doc = json.loads(next(iter(work.glob("engine-cmp-cold-0.json"))).read_text())
    r["files"] = {k: len(v) for k, v in doc["files"].items()}
    r["shared_layers"] = len(doc["layers"]["shared"])
    r["content_checked"] = sum(1 for f in doc["files"]["modified"]
                               if f["size_a"] == f["size_b"] and "content" in f["changed"])
    client.close()
    return r


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else f"missed ({value / goal:.2f}x the goal)"


def write_section(r: dict[str, Any]) -> None:
    load = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(r["load_before"], r["load_after"],
                                                         strict=True))
    table = ["| source | analyze A, cold | analyze B, cold | compare, cold | "
             "cold / (A + B) | compare, warm | compare, warm, CPU | peak RSS cold / warm |",
             "|---|---|---|---|---|---|---|---|"]
    goals = ["| goal | measured | verdict |", "|---|---|---|"]
    for kind, name in (("engine", "engine (`docker://`)"), ("archive", "`docker save` archive")):
        a, b = r[f"{kind}_analyze_a"], r[f"{kind}_analyze_b"]
        cold, warm = r[f"{kind}_compare_cold"], r[f"{kind}_compare_warm"]
        ratio = cold[0] / (a[0] + b[0])
        cpu = r[f"{kind}_compare_warm_cpu"]
        table.append(f"| {name} | {a[0]:.2f} s | {b[0]:.2f} s | {cold[0]:.2f} s | "
                     f"{ratio:.2f}x | {warm[0]:.2f} s | {cpu:.2f} s | "
                     f"{cold[1]:.0f} / {warm[1]:.0f} MiB |")
        goals.append(f"| {name}, cold: <= 1.1x the two analyses | {ratio:.2f}x | "
                     f"{verdict(ratio, 1.1)} |")
        goals.append(f"| {name}, warm: < 1 s | {warm[0]:.2f} s | {verdict(warm[0], 1.0)} |")
    files = r["files"]
    lines = [
        MARK_START,
        "## Comparing two builds (`benchmarks/bench_compare.py`)",
        "",
        "Two builds of one Dockerfile on the Debian bookworm base, the second with its "
        "second step changed: A has 50,000 small files, 10,000 of them rewritten, a 60 MB "
        "data file and a version file; in B the rewrite writes other bytes of the same "
        "sizes and 500 more files, the data file is rebuilt (same size, other bytes) and "
        f"a directory is deleted ({r['layers_a']} and {r['layers_b']} layers, "
        f"{r['shared_layers']} shared; `docker save` archives of "
        f"{r['archive_mib_a']:.0f} and {r['archive_mib_b']:.0f} MiB). The comparison "
        f"finds {files['added']:,} files added, {files['removed']:,} removed and "
        f"{files['modified']:,} modified, {r['content_checked']:,} of them told apart by "
        "content alone (same size, rebuilt layer); cold and warm, engine and archive "
        f"comparisons {'agree' if r['reports_identical'] else 'DIFFER'}. "
        "Each figure is the fastest of the repeats, each run a fresh child process "
        "(wall time; CPU time, user + system, and peak RSS from wait4) "
        "running `workbench analyze SOURCE --json FILE` or "
        "`workbench compare A B --json -o FILE`; "
        "cold runs start from an empty layer cache, warm ones from the cache the first "
        "cold comparison left.",
        "",
        *table,
        "",
        *goals,
        "",
        "What it took (profiled on these images): equal-sized files in rebuilt layers "
        "are told apart by the fingerprints the layer scans already hold (from the "
        "engine, every file's), where reading the layers again cost a whole `docker save` "
        "per layer (the cold engine comparison ran into the engine's read timeout); the "
        "final filesystems are a flat replay of the layers, less the paths both sides "
        "take from one shared layer, instead of merged trees walked node by node. "
        "A comparison of two archives no longer imports the docker SDK and the hardening "
        "checks (about 0.15 s of every run, which an analysis never paid: what made the "
        "cold archive comparison 1.33x the two analyses). "
        "Before, a warm comparison took about 9 s. The cyclic collector stays on (no "
        "process-wide switches in commands): its passes over the scans' entries were "
        "about a third of a warm run when an earlier version switched it off.",
        "",
        "Every run, in seconds: "
        + "; ".join(f"{key[:-4]} {r[key]}" for key in sorted(r) if key.endswith("_all"))
        + f". Load average (1/5/15 min) before/after the runs: {load}, on 2 cores shared "
        "with other work.",
        MARK_END,
    ]
    write_doc_section(MARK_START, MARK_END, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the built images")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    parser.add_argument("--repeats", type=int, default=3)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-compare-"))
    try:
        results = run(work, args.repeats)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            import docker

            with contextlib.closing(docker.from_env(timeout=120)) as client:
                for tag in IMAGES.values():
                    with contextlib.suppress(docker.errors.ImageNotFound):
                        client.images.remove(tag, force=True)
    print(json.dumps(results, indent=2))
    if not args.no_write:
        write_section(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
