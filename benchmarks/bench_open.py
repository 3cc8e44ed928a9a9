"""Opening images, side by side with dive in one run; results as ratios.

Builds the reference image on the engine (Debian base; a layer adding 50,000 small
files; one rewriting 10,000 of them; one deleting directories; one adding a 50 MB
file and a later one deleting it), then measures, each in a child process (wall
time, peak RSS from ``wait4``):

- dive on the ``docker save`` archive (``--json``: open, analyse, report) vs the same
  work by the workbench, ``workbench analyze ARCHIVE --json FILE``, with a cold cache
  and with a warm one: the compared rows;
- ``open_image`` alone on the archive (cold, warm), for information;
- ``workbench analyze docker://IMAGE --json FILE`` (cold cache: save stream, scan,
  analysis, report) vs the engine's bare ``docker save``; ``open_image`` alone too;
- a synthetic 1,000,000-file image (generated tar, no engine): time and peak RSS.

Child processes run with bytecode caches (in a temporary ``PYTHONPYCACHEPREFIX``,
compiled once before the runs) as an installed package has them; the environment
variable ``PYTHONDONTWRITEBYTECODE`` would otherwise make every run compile the
workbench from source.

    DOCKER_HOST=... .venv/bin/python benchmarks/bench_open.py [--keep] [--no-write]

The built image carries the workbench label and is removed at the end unless --keep.
"""

from __future__ import annotations

import argparse
import contextlib
import hashlib
import io
import json
import os
import shutil
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doc_section import write_doc_section  # noqa: E402  (a sibling module)

from workbench.core.labels import labels  # noqa: E402

IMAGE = "workbench-bench-open:latest"
MARK_START, MARK_END = "<!-- open-image -->", "<!-- /open-image -->"
DOCKERFILE = r"""
FROM debian:bookworm
RUN mkdir /data && cd /data && for d in $(seq 0 99); do mkdir d$d; \
    for f in $(seq 0 499); do echo "file $d $f" > d$d/f$f; done; done
RUN cd /data && for d in $(seq 0 19); do \
    for f in $(seq 0 499); do echo "FILE $d $f" > d$d/f$f; done; done
RUN rm -rf /data/d90 /data/d91 /data/d92 /data/d93 /data/d94 /usr/share/doc /usr/share/man
RUN head -c 52428800 /dev/zero > /big.bin
RUN rm /big.bin
"""
OPEN_CODE = """
import sys
from pathlib import Path
from workbench.core.image import LayerCache, open_image
image = open_image(sys.argv[1], cache=LayerCache(Path(sys.argv[2])))
print(sum(len(s.entries) for s in image.scans))
"""


def measured(cmd: list[str] | str, env: dict[str, str] | None = None,
             shell: bool = False) -> tuple[float, float, str]:
    """(wall seconds, peak RSS MiB, stdout) of one child process."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out:
        proc = subprocess.Popen(cmd, stdout=out, stderr=subprocess.PIPE, env=env, shell=shell,
                                cwd=ROOT)
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        err = proc.stderr.read().decode(errors="replace") if proc.stderr else ""
        if proc.stderr:
            proc.stderr.close()
        if proc.returncode != 0:
            raise RuntimeError(f"{cmd!r:.80} failed ({proc.returncode}): {err.strip()[-500:]}")
        out.seek(0)
        return wall, usage.ru_maxrss / 1024, out.read().decode(errors="replace")


def build_image(client: Any) -> None:
    try:
        client.images.get(IMAGE)
        print(f"reusing {IMAGE}", flush=True)
        return
    except Exception:
        pass
    started = time.perf_counter()
    client.images.build(fileobj=io.BytesIO(DOCKERFILE.encode()), tag=IMAGE, rm=True,
                        forcerm=True, labels=labels("benchmark"))
    print(f"built {IMAGE} in {time.perf_counter() - started:.0f} s", flush=True)


def child_env(work: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    env["PYTHONPYCACHEPREFIX"] = str(work / "pycache")
    return env


def open_child(env: dict[str, str], source: str, cache: Path) -> tuple[float, float]:
    wall, rss, _ = measured([sys.executable, "-c", OPEN_CODE, source, str(cache)], env=env)
    return wall, rss


def workbench_command() -> list[str]:
    script = shutil.which("workbench", path=str(Path(sys.executable).parent))
    return [script] if script else [sys.executable, "-m", "workbench"]


def analyze_child(env: dict[str, str], source: str, cache: Path,
                  report: Path) -> tuple[float, float]:
    """``workbench analyze SOURCE --json FILE`` in a fresh process, as a user runs it."""
    wall, rss, _ = measured([*workbench_command(), "analyze", source, "--json", str(report)],
                            env={**env, "WORKBENCH_CACHE_DIR": str(cache)})
    return wall, rss


# Seconds of quiet before each run against the engine (bare save or analysis): none
# starts while the engine may still be finishing the previous export.
ENGINE_SETTLE = 2.0


def settled(job: Callable[[], tuple[float, float]]) -> Callable[[], tuple[float, float]]:
    def run_after_a_pause() -> tuple[float, float]:
        time.sleep(ENGINE_SETTLE)
        return job()

    return run_after_a_pause


def bare_save(shell_command: str) -> tuple[float, float]:
    wall, rss, _ = measured(shell_command, shell=True)
    return wall, rss


def dive(archive: Path, out: Path) -> tuple[float, float]:
    env = {k: v for k, v in os.environ.items() if k != "CI"}  # CI=true changes dive's mode
    binary = shutil.which("dive", path=str(ROOT / ".venv" / "bin")) or "dive"
    wall, rss, _ = measured([binary, str(archive), "--source", "docker-archive",
                             "--json", str(out)], env=env)
    return wall, rss


def best(runs: list[tuple[float, float]]) -> tuple[float, float]:
    """Fastest run (the machine is shared: the minimum is the least disturbed one)."""
    return min(runs, key=lambda r: r[0])


def _header(name: str, size: int, kind: bytes = b"0", mode: int = 0o644) -> bytes:
    h = bytearray(512)
    h[0 : len(name)] = name.encode()
    h[100:108] = b"%07o\0" % mode
    h[108:116] = b"0000000\0"
    h[116:124] = b"0000000\0"
    h[124:136] = b"%011o\0" % size
    h[136:148] = b"14500000000\0"
    h[148:156] = b"        "
    h[156:157] = kind
    h[257:265] = b"ustar\x0000"
    h[148:155] = b"%06o\0" % sum(h)
    return bytes(h)


def synthetic_archive(path: Path, files: int) -> None:
    """A legacy ``docker save`` archive: 1 base layer of ``files`` files (10% with 100
    bytes), a second layer rewriting 50,000 of them (same size) and deleting 100 dirs."""
    per_dir = 1000
    layer_paths = [path.parent / "l0.tar", path.parent / "l1.tar"]
    with open(layer_paths[0], "wb", buffering=1 << 20) as f:
        for d in range(files // per_dir):
            f.write(_header(f"srv/d{d:05d}/", 0, b"5", 0o755))
            for i in range(per_dir):
                size = 100 if i % 10 == 0 else 0
                f.write(_header(f"srv/d{d:05d}/f{i:04d}", size))
                if size:
                    f.write(b"%-511d\n" % i)
        f.write(bytes(1024))
    with open(layer_paths[1], "wb", buffering=1 << 20) as f:
        for d in range(50):
            for i in range(0, per_dir, 1):
                size = 100 if i % 10 == 0 else 0
                f.write(_header(f"srv/d{d:05d}/f{i:04d}", size))
                if size:
                    f.write(b"%-511d\n" % (i + (d % 2)))  # half unchanged, half modified
        for d in range(100, 200):
            f.write(_header(f"srv/.wh.d{d:05d}", 0))
        f.write(bytes(1024))
    diff_ids = []
    for p in layer_paths:
        digest = hashlib.sha256()
        with open(p, "rb") as f:
            while chunk := f.read(1 << 22):
                digest.update(chunk)
        diff_ids.append("sha256:" + digest.hexdigest())
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {},
                         "rootfs": {"type": "layers", "diff_ids": diff_ids},
                         "history": [{"created_by": "base"}, {"created_by": "rewrite"}]}).encode()
    with tarfile.open(path, "w") as tar:
        names = []
        for i, p in enumerate(layer_paths):
            tar.add(p, f"layer{i}/layer.tar")
            names.append(f"layer{i}/layer.tar")
        for name, data in (("config.json", config), ("manifest.json", json.dumps(
                [{"Config": "config.json", "RepoTags": [], "Layers": names}]).encode())):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    for p in layer_paths:
        p.unlink()


def run(work: Path, repeats: int, million: int) -> dict[str, Any]:
    import docker

    client = docker.from_env(timeout=900)
    build_image(client)
    archive = work / "image.tar"
    host = os.environ.get("DOCKER_HOST", "unix:///var/run/docker.sock")
    subprocess.run(["docker", "-H", host, "save", IMAGE, "-o", str(archive)], check=True)
    r: dict[str, Any] = {"archive_mib": archive.stat().st_size / 2**20,
                         "load_before": os.getloadavg()}
    image = client.images.get(IMAGE)
    r["layers"] = len(image.attrs["RootFS"]["Layers"])
    env = child_env(work)
    subprocess.run([sys.executable, "-m", "compileall", "-q", str(ROOT / "workbench")],
                   env=env, check=True, stdout=subprocess.DEVNULL)
    # Each pair runs back to back, repeat after repeat, so both sides see the same
    # machine load (the cores are shared); the fastest of each side is reported.
    runs: dict[str, list[tuple[float, float]]] = {}
    # The engine rows measure the save stream (the storage route has bench_rebuild.py).
    save_env = {**env, "WORKBENCH_ENGINE_STORAGE": "0"}
    for i in range(repeats):
        save_cmd = f"docker -H {host} save {IMAGE} > /dev/null"
        jobs: list[tuple[str, Callable[[], tuple[float, float]]]] = [
            ("dive", partial(dive, archive, work / f"dive-{i}.json")),
            ("analyze_cold", partial(analyze_child, env, str(archive), work / f"cache-r{i}",
                                     work / f"report-cold-{i}.json")),
            ("analyze_warm", partial(analyze_child, env, str(archive), work / "cache-r0",
                                     work / f"report-warm-{i}.json")),
            ("archive_cold", partial(open_child, env, str(archive), work / f"cache-a{i}")),
            ("archive_warm", partial(open_child, env, str(archive), work / "cache-a0")),
            # The engine's export time varies by a second from save to save: each
            # engine analysis runs right after a bare save, and both sides get the
            # same number of runs, each after the same pause.
            ("save", settled(partial(bare_save, save_cmd))),
            ("engine_analyze", settled(partial(analyze_child, save_env, f"docker://{IMAGE}",
                                               work / f"cache-ea{i}",
                                               work / f"engine-{i}.json"))),
            ("save_again", settled(partial(bare_save, save_cmd))),
            ("engine_analyze_again", settled(partial(analyze_child, save_env, f"docker://{IMAGE}",
                                                     work / f"cache-eb{i}",
                                                     work / f"engine-again-{i}.json"))),
            ("engine_cold", partial(open_child, save_env, f"docker://{IMAGE}",
                                    work / f"cache-e{i}")),
            ("engine_warm", partial(open_child, save_env, f"docker://{IMAGE}", work / "cache-e0")),
        ]
        for key, job in jobs:
            runs.setdefault(key, []).append(job())
    for key, values in runs.items():
        r[key] = best(values)
        r[key + "_all"] = [round(v[0], 2) for v in values]
    r["load_after"] = os.getloadavg()
    # The cached report must be the computed one, and agree with dive's efficiency.
    reports = {p.read_text() for p in work.glob("report-*.json")}
    r["reports_identical"] = len(reports) == 1
    ours = json.loads(next(iter(reports)))
    # From the engine the report differs only in its image block (source, tags).
    engine_reports = [json.loads(p.read_text()) for p in work.glob("engine-*.json")]
    r["engine_report_equal"] = all(
        {**doc, "image": None} == {**ours, "image": None} for doc in engine_reports)
    theirs = json.loads((work / "dive-0.json").read_text())["image"]
    r["efficiency"] = (ours["efficiency"], theirs["efficiencyScore"])
    r["wasted"] = (ours["wasted_bytes"], theirs["inefficientBytes"])
    _, _, out = measured([sys.executable, "-c", OPEN_CODE, str(archive), str(work / "c-n")],
                         env=env)
    r["entries"] = int(out.strip())
    synthetic = work / "synthetic.tar"
    started = time.perf_counter()
    synthetic_archive(synthetic, million)
    print(f"synthetic archive written in {time.perf_counter() - started:.0f} s", flush=True)
    r["synthetic_files"] = million
    r["synthetic"] = open_child(env, str(synthetic), work / "cache-s")
    r["synthetic_warm"] = open_child(env, str(synthetic), work / "cache-s")
    client.close()
    return r


def verdict(value: float, goal: float) -> str:
    return "met" if value <= goal else f"missed ({value / goal:.2f}x the goal)"


def write_section(r: dict[str, Any]) -> None:
    dive_s, dive_rss = r["dive"]

    def row(name: str, key: str, ref: tuple[float, float], ref_name: str) -> str:
        wall, rss = r[key]
        return (f"| {name} | {wall / ref[0]:.2f}x {ref_name} | {rss / ref[1]:.2f}x {ref_name} "
                f"| {wall:.2f} s | {rss:.0f} MiB |")

    cold = r["analyze_cold"][0] / dive_s
    warm = r["analyze_warm"][0] / dive_s
    save = best([r["save"], r["save_again"]])
    r["engine_best"] = best([r["engine_analyze"], r["engine_analyze_again"]])
    engine = r["engine_best"][0] / save[0]
    # The export time before the first byte varies by a second from save to save, so
    # the medians are given next to the fastest runs.
    save_median = statistics.median(r["save_all"] + r["save_again_all"])
    engine_median = statistics.median(r["engine_analyze_all"] + r["engine_analyze_again_all"])
    rss = r["analyze_cold"][1] / dive_rss
    load = ", ".join(f"{a:.2f}/{b:.2f}" for a, b in zip(r["load_before"], r["load_after"],
                                                         strict=True))
    lines = [
        MARK_START,
        "## Opening images (`benchmarks/bench_open.py`)",
        "",
        f"Reference image: Debian bookworm base + 50,000 small files, 10,000 rewritten, "
        f"directories deleted, a 50 MB file added then deleted ({r['layers']} layers, "
        f"{r['entries']:,} tar entries, {r['archive_mib']:.0f} MiB `docker save` archive). "
        "Each row is the fastest of the repeats, each run a fresh child process (wall "
        "time; peak RSS from wait4). The compared rows do the same work as dive: "
        "`workbench analyze ARCHIVE --json FILE` opens, analyses and writes the report "
        "(efficiency "
        f"{r['efficiency'][0]:.6f} vs dive's {r['efficiency'][1]:.6f}, wasted "
        f"{r['wasted'][0]:,} vs {r['wasted'][1]:,} bytes; cold and warm reports "
        f"{'identical' if r['reports_identical'] else 'DIFFERENT'}). "
        "The `open_image` rows list every layer and fingerprint the files that recur, "
        "without the analysis and the report. The engine goal compares the whole "
        "`workbench analyze` of the image in the engine (save stream, scan, analysis, "
        "report; the report equals the archive's apart from its image block: "
        f"{'yes' if r['engine_report_equal'] else 'NO'}) with a bare `docker save`: "
        "twice per repeat each, every analysis right after a save, the fastest of each "
        "side compared.",
        "",
        "| run | time | peak RSS | time (s) | peak RSS |",
        "|---|---|---|---|---|",
        f"| dive 0.13 on the archive (`--json`) | 1.00x | 1.00x | {dive_s:.2f} s "
        f"| {dive_rss:.0f} MiB |",
        row("`workbench analyze --json`, cold cache", "analyze_cold", r["dive"], "dive"),
        row("`workbench analyze --json`, warm cache", "analyze_warm", r["dive"], "dive"),
        row("`open_image` only, archive, cold cache", "archive_cold", r["dive"], "dive"),
        row("`open_image` only, archive, warm cache", "archive_warm", r["dive"], "dive"),
        row("`open_image` only, engine, warm cache", "engine_warm", r["dive"], "dive"),
        f"| bare `docker save > /dev/null` | 1.00x save | | {save[0]:.2f} s | |",
        row("`workbench analyze docker://IMAGE --json`, cold cache", "engine_best", save,
            "save"),
        row("`open_image` only, from the engine (save stream), cold", "engine_cold", save,
            "save"),
        "",
        "| goal | measured | verdict |",
        "|---|---|---|",
        f"| archive: <= 0.35x dive's time | {cold:.2f}x | {verdict(cold, 0.35)} |",
        f"| archive: peak RSS <= dive's | {rss:.2f}x | {verdict(rss, 1.0)} |",
        f"| warm reopen: <= 0.05x dive's time | {warm:.2f}x | {verdict(warm, 0.05)} |",
        f"| engine: analysis <= 1.1x the bare save | {engine:.3f}x | {verdict(engine, 1.1)} |",
        "",
        f"Engine runs, medians: analysis {engine_median:.2f} s, bare save {save_median:.2f} s "
        f"({engine_median / save_median:.3f}x); each run started after {ENGINE_SETTLE:.0f} s "
        "of quiet.",
        "",
        f"Synthetic image, {r['synthetic_files']:,} files in the base layer plus a layer "
        f"rewriting 50,000 of them and deleting 100 folders (no engine): "
        f"{r['synthetic'][0]:.1f} s, peak RSS {r['synthetic'][1]:.0f} MiB cold; "
        f"{r['synthetic_warm'][0]:.1f} s, {r['synthetic_warm'][1]:.0f} MiB from the cache.",
        "",
        "Every run, in seconds (pairs ran back to back): "
        + "; ".join(f"{key[:-4]} {r[key]}" for key in sorted(r) if key.endswith("_all"))
        + f". Load average (1/5/15 min) before/after the runs: {load}, on 2 cores shared "
        "with other work, so single runs vary by tens of percent.",
        MARK_END,
    ]
    write_doc_section(MARK_START, MARK_END, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--keep", action="store_true", help="keep the built image")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    parser.add_argument("--repeats", type=int, default=5)
    parser.add_argument("--files", type=int, default=1_000_000,
                        help="files in the synthetic image")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-open-"))
    try:
        results = run(work, args.repeats, args.files)
    finally:
        shutil.rmtree(work, ignore_errors=True)
        if not args.keep:
            import docker

            with contextlib.closing(docker.from_env(timeout=120)) as client, \
                    contextlib.suppress(docker.errors.ImageNotFound):
                client.images.remove(IMAGE, force=True)
    print(json.dumps(results, indent=2))
    if not args.no_write:
        write_section(results)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
