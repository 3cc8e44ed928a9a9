"""Launch to visible window: `bash scripts/run.sh` and `.venv/bin/workbench`, under Xvfb.

Each run starts the program on a private Xvfb and stops the clock when the X server maps
a top-level window titled "… Image Workbench" (a MapNotify on the root window: the
program is not asked, so nothing it prints or skips can make it look faster). The floor
beside them is a bare PySide6 window (import QtWidgets, show a QMainWindow) started the
same way: what any PySide6 program pays before its first window. Every run has a fresh
config folder whose last project is a copy of the sample project, so it reopens that
project, connects to the engine in DOCKER_HOST (when set) and lints behind the window.
One unmeasured start of each first fills the page cache; the runs of the commands
alternate so that load on the shared cores falls on all of them alike.

    .venv/bin/python benchmarks/bench_launch.py [-n 7] [--frozen dist/workbench/workbench]
        [--baseline DIR] [--no-write]

--baseline DIR times an earlier version as well: DIR holds its tree (e.g. from
`git archive REV | tar -x -C DIR`), run with this venv's interpreter and packages
(`python -P -m workbench` with DIR on PYTHONPATH, and not this checkout).

Results also go to docs/benchmarks.md between the launch markers.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doc_section import write_doc_section  # noqa: E402  (a sibling module)

from tests.packaging.x_display import XServer, stop  # noqa: E402

MARK_START, MARK_END = "<!-- launch -->", "<!-- /launch -->"
GOAL = 1.5  # seconds from launch to a visible window, once installed
TITLE = "Image Workbench"
BARE_WINDOW = ("from PySide6.QtWidgets import QApplication, QMainWindow\n"
               "app = QApplication([])\n"
               "w = QMainWindow(); w.setWindowTitle('bare Image Workbench'); w.show()\n"
               "app.exec()\n")


def scratch_home(base: Path) -> dict[str, str]:
    """Config and data folders of their own, with the sample project as the last one."""
    project = base / "project"
    shutil.copytree(ROOT / "resources" / "samples" / "hello", project)
    config = base / "config"
    (config / "image-workbench").mkdir(parents=True)
    (config / "image-workbench" / "recent.json").write_text(json.dumps([str(project)]))
    return {"XDG_CONFIG_HOME": str(config), "XDG_DATA_HOME": str(base / "data"),
            "XDG_CACHE_HOME": str(base / "cache")}


def one_run(x: XServer, command: list[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="bench-launch-") as tmp:
        env = {**os.environ, **scratch_home(Path(tmp))}
        if command[:1] == ["PYTHONPATH"]:  # a baseline: ["PYTHONPATH", DIR, *command]
            env["PYTHONPATH"], command = command[1], command[2:]
        launch = x.launch(command, title=TITLE, env=env, cwd=ROOT, timeout=60)
        # Let what loads behind the window finish, as a user's start would.
        time.sleep(1.0)
        code = stop(launch.process)
        if launch.seconds is None:
            raise SystemExit(f"No window from {' '.join(command)} (exit code {code}).")
        return launch.seconds


def measure(commands: dict[str, list[str]], repeats: int) -> dict[str, list[float]]:
    times: dict[str, list[float]] = {name: [] for name in commands}
    with XServer() as x:
        for command in commands.values():
            # Unmeasured: fills the page cache, and lets run.sh refresh its install stamp
            # (another extra's install, e.g. `venv.sh test`, leaves it stale once).
            one_run(x, command)
        for _ in range(repeats):
            for name, command in commands.items():
                times[name].append(one_run(x, command))
    return times


def summary_lines(times: dict[str, list[float]], load: tuple[tuple[float, ...], ...],
                  engine: str, baseline: str = "") -> list[str]:
    labels = {"run.sh": "`bash scripts/run.sh` (installed, stamp unchanged)",
              "workbench": "`.venv/bin/workbench`",
              "frozen": "frozen one-folder build (`packaging/freeze.sh`)",
              "baseline": f"`workbench` at {baseline}, same venv",
              "bare": "bare PySide6 window (floor)"}
    floor = statistics.median(times["bare"])
    lines = [MARK_START, "## Launch to visible window (`benchmarks/bench_launch.py`)", "",
             "From the launch to the X server mapping the window, under Xvfb, "
             f"{len(times['bare'])} runs of each (alternating, after an unmeasured start of each), "
             "each with a fresh config folder whose last project is the sample project; "
             f"{engine}. "
             "The window maps first; the engine connection, the project, its first lint "
             "with hadolint and the analysis panels (pyqtgraph, numpy, the docker SDK) "
             "come in behind it. The floor is a bare PySide6 window started the same way.",
             "", "| command | median | min | max | median vs the floor |",
             "|---|---|---|---|---|"]
    for name, values in times.items():
        median = statistics.median(values)
        lines.append(f"| {labels[name]} | {median:.2f} s | {min(values):.2f} s | "
                     f"{max(values):.2f} s | {median / floor:.2f}x |")
    lines += ["", "| goal | measured (median) | verdict |", "|---|---|---|"]
    for name in ("run.sh", "workbench", "frozen"):
        if name in times:
            median = statistics.median(times[name])
            verdict = "met" if median <= GOAL else f"missed ({median / GOAL:.2f}x the goal)"
            lines.append(f"| {labels[name]}: <= {GOAL} s | {median:.2f} s | {verdict} |")
    if "baseline" in times:
        ratio = statistics.median(times["workbench"]) / statistics.median(times["baseline"])
        lines += ["", f"`.venv/bin/workbench` now takes {ratio:.2f}x the time of the "
                  f"baseline ({baseline}) to its window."]
    every = "; ".join(f"{name} {[round(v, 2) for v in values]}"
                      for name, values in times.items())
    before, after = load
    lines += ["", f"Every run, in seconds: {every}. Load average (1 min) before/after: "
              f"{before[0]:.2f}/{after[0]:.2f}, on 2 cores shared with other work.",
              MARK_END]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("-n", "--repeats", type=int, default=7)
    parser.add_argument("--frozen", type=Path, help="also time this frozen build's program")
    parser.add_argument("--baseline", type=Path, help="also time the tree of an earlier version")
    parser.add_argument("--baseline-name", default="", help="what to call it (a commit)")
    parser.add_argument("--no-write", action="store_true", help="print, leave the doc alone")
    options = parser.parse_args()
    python = ROOT / ".venv" / "bin" / "python"
    commands = {"run.sh": ["bash", str(ROOT / "scripts" / "run.sh")],
                "workbench": [str(ROOT / ".venv" / "bin" / "workbench")],
                "bare": [str(python), "-c", BARE_WINDOW]}
    if options.frozen:
        commands["frozen"] = [str(options.frozen.resolve())]
    if options.baseline:
        # -P: the working directory (this checkout) stays off sys.path.
        commands["baseline"] = ["PYTHONPATH", str(options.baseline.resolve()), str(python),
                                "-P", "-m", "workbench"]
    engine = (f"engine at {os.environ['DOCKER_HOST']}" if os.environ.get("DOCKER_HOST")
              else "no DOCKER_HOST set (default engine socket)")
    before = os.getloadavg()
    times = measure(commands, options.repeats)
    lines = summary_lines(times, (before, os.getloadavg()), engine,
                          options.baseline_name or str(options.baseline))
    print("\n".join(lines))
    if not options.no_write:
        write_doc_section(MARK_START, MARK_END, lines)


if __name__ == "__main__":
    main()
