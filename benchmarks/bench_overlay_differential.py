"""Longer randomized differential run: the overlay model against real kernel mounts.

Each sequence gets a fresh random seed (from the clock unless --seed is given), a random
stack of 1..3 lowerdirs with whiteouts and opaque dirs, and --ops random operations
applied to a real overlay mount and to the model; upper and merged listings and every
errno are compared after each operation. A mismatch is minimised (ops dropped while it
persists) and printed with its seed so it replays exactly. Needs root and overlayfs.

    .venv/bin/python benchmarks/bench_overlay_differential.py [-n 50] [--ops 300]
        [--seed S] [--no-write]

Results also go to docs/benchmarks.md between the overlay-differential markers.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from doc_section import write_doc_section  # noqa: E402  (a sibling module)

from workbench.core.overlay.differential import (  # noqa: E402
    generate,
    minimise,
    random_spec,
    replay,
)
from workbench.core.overlay.listing import list_tree  # noqa: E402
from workbench.core.overlay.mount import can_mount_overlay  # noqa: E402

MARK_START, MARK_END = "<!-- overlay-differential -->", "<!-- /overlay-differential -->"


def run(count: int, ops_per_sequence: int, first_seed: int) -> dict[str, float | int]:
    mismatches = 0
    ops_total = 0
    started = time.monotonic()
    for number in range(count):
        seed = first_seed + number
        rng = random.Random(seed)
        spec = random_spec(rng, lower_count=rng.randint(1, 3))
        ops = generate(rng, spec, ops_per_sequence)
        ops_total += len(ops)
        mismatch = replay(spec, ops)
        if mismatch is None:
            continue
        mismatches += 1
        small = minimise(spec, ops[: mismatch.step + 1])
        final = replay(spec, small) or mismatch
        print(f"\nseed {seed}: {final.describe()}")
        for name, tree in spec.lowers.items():
            for entry in list_tree(tree, name):
                print(f"    seed {name}: {entry.describe()}")
        for entry in list_tree(spec.upper, "upper"):
            print(f"    seed upper: {entry.describe()}")
    elapsed = time.monotonic() - started
    return {"sequences": count, "ops": ops_total, "mismatches": mismatches,
            "seconds": elapsed, "first_seed": first_seed}


def write_section(results: dict[str, float | int], ops_per_sequence: int) -> None:
    last_seed = int(results["first_seed"]) + int(results["sequences"]) - 1
    lines = [
        MARK_START,
        "## Overlay model vs kernel (`benchmarks/bench_overlay_differential.py`)",
        "",
        f"{results['sequences']} random sequences of {ops_per_sequence} operations "
        f"(seeds {results['first_seed']}..{last_seed}), "
        "each on a real overlay mount and on the model, listings and errno compared after "
        "every operation.",
        "",
        f"- Operations compared: {results['ops']:,}; mismatches: {results['mismatches']}.",
        f"- Throughput: {float(results['ops']) / float(results['seconds']):.0f} operations/s "
        "including both listings after each one.",
        MARK_END,
    ]
    write_doc_section(MARK_START, MARK_END, lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-n", type=int, default=50, help="number of sequences")
    parser.add_argument("--ops", type=int, default=300, help="operations per sequence")
    parser.add_argument("--seed", type=int, default=None, help="first seed (default: clock)")
    parser.add_argument("--no-write", action="store_true", help="do not update the docs")
    args = parser.parse_args()
    allowed, reason = can_mount_overlay()
    if not allowed:
        print(f"Cannot run: {reason}.", file=sys.stderr)
        return 2
    first = args.seed if args.seed is not None else int(time.time())
    results = run(args.n, args.ops, first)
    print(f"\n{results['sequences']} sequences, {results['ops']} ops, "
          f"{results['mismatches']} mismatches, {results['seconds']:.1f} s "
          f"(first seed {first})")
    if not args.no_write:
        write_section(results, args.ops)
    return 1 if results["mismatches"] else 0


if __name__ == "__main__":
    sys.exit(main())
