"""``workbench sizes`` (base image sizes, and a Dockerfile on each base) and
``workbench advise`` (minimization advice, optionally proven by building it).

Exit codes: 0 done; 1 ``sizes``: a variant failed to build, ``advise --measure``: the
Dockerfile as it is does not build; 2 bad input; 3 no engine; 4 engine refused.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from workbench.cli.json_out import print_json
from workbench.core.advisor.session import AdvisorReport, run_advisor
from workbench.core.engine.connection import default_client
from workbench.core.errors import WorkbenchError
from workbench.core.progress import ProgressEvent
from workbench.core.sizes.bases import DEFAULT_BASES, measure_bases
from workbench.core.sizes.variants import VariantStatus, build_variants, final_base
from workbench.core.units import human_size


class InputError(WorkbenchError):
    """A file or directory named on the command line cannot be used."""


def register(subparsers: Any) -> None:
    sizes = subparsers.add_parser(
        "sizes", help="base image sizes; with a Dockerfile, its size on each base",
        description="Uncompressed and transfer (gzip) sizes of base images; with "
                    "--dockerfile, builds it on each base (only the final FROM changed).")
    sizes.add_argument("--base", action="append", default=[], metavar="IMAGE",
                       help="a base to add to scratch, busybox, alpine, debian (repeatable)")
    sizes.add_argument("--only", action="store_true",
                       help="measure only the --base images, not the default ones")
    sizes.add_argument("--dockerfile", type=Path, help="build this Dockerfile on each base")
    sizes.add_argument("--context", type=Path,
                       help="build context (default: the Dockerfile's directory)")
    sizes.add_argument("--no-pull", action="store_true",
                       help="never pull a missing base (report it not available)")
    sizes.add_argument("--keep", action="store_true", help="keep the variant images")
    sizes.add_argument("--json", action="store_true", help="machine-readable output")
    sizes.set_defaults(func=run_sizes)

    advise = subparsers.add_parser(
        "advise", help="minimization advice for a Dockerfile",
        description="Lists advice (chained RUNs, caches, reclaimable files, squash, base, "
                    "multi-stage, .dockerignore); --measure builds each to prove it.")
    advise.add_argument("dockerfile", type=Path)
    advise.add_argument("--context", type=Path,
                        help="build context (default: the Dockerfile's directory)")
    advise.add_argument("--measure", action="store_true",
                        help="build every advice and report the measured saving")
    advise.add_argument("--json", action="store_true", help="machine-readable output")
    advise.set_defaults(func=run_advise)


def _read(path: Path) -> str:
    try:
        return path.read_text()
    except OSError as exc:
        raise InputError(f"Cannot read {path} ({exc.strerror}): pass an existing Dockerfile."
                         ) from None


def _context(dockerfile: Path, context: Path | None) -> Path:
    directory = context if context is not None else dockerfile.parent
    if not directory.is_dir():
        raise InputError(f"The build context {directory} is not a directory: pass one with "
                         "--context.")
    return directory


def _stderr_progress(event: ProgressEvent) -> None:
    if sys.stderr.isatty() and event.message:
        sys.stderr.write(f"\r\033[K{event.message[:90]}")
        sys.stderr.flush()


def run_sizes(args: argparse.Namespace) -> int:
    names = list(args.base) if args.only else [*DEFAULT_BASES, *args.base]
    text = ""
    if args.dockerfile:
        text = _read(args.dockerfile)
        own = final_base(text)
        if own and own not in names:
            names.append(own)
    client = default_client()
    try:
        bases = measure_bases(client, names, pull=not args.no_pull, progress=_stderr_progress)
        variants = []
        if args.dockerfile:
            variants = build_variants(client, text, _context(args.dockerfile, args.context),
                                      [b.name for b in bases], keep=args.keep,
                                      pull=not args.no_pull, progress=_stderr_progress)
    finally:
        client.close()
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    if args.json:
        print_json({"bases": [b.to_json() for b in bases],
                    "variants": [v.to_json() for v in variants]})
    else:
        print(f"{'BASE':32} {'SIZE':>10} {'COMPRESSED':>11} {'LAYERS':>6}")
        for base in bases:
            if base.sizes is None:
                print(f"{base.name:32} {'not available':>29}  ({base.note})")
                continue
            print(f"{base.name:32} {human_size(base.sizes.size):>10} "
                  f"{human_size(base.sizes.compressed):>11} {len(base.sizes.layers):>6}")
        if variants:
            print(f"\n{args.dockerfile} on each base:")
            for variant in variants:
                if variant.status is VariantStatus.BUILT:
                    kept = f"  kept as {variant.kept_tag}" if variant.kept_tag else ""
                    print(f"{variant.base:32} {human_size(variant.size):>10} "
                          f"{variant.layer_count:>6} layers{kept}")
                else:
                    print(f"{variant.base:32} {variant.status!s:>10}  {variant.error}")
    return 1 if any(v.status is VariantStatus.FAILED for v in variants) else 0


def _print_advice(report: AdvisorReport, text: str, path: Path) -> None:
    if report.before:
        print(f"As it is: {human_size(report.before.size)} in {report.before.layers} layers.")
    if report.build_error:
        print(f"As it is, it does not build: {report.build_error}")
    if not report.advice:
        print("No advice: nothing to make smaller was found.")
    for number, advice in enumerate(report.advice, 1):
        lines = (f"lines {advice.lines[0]}-{advice.lines[1]}" if advice.lines[1] > advice.lines[0]
                 else f"line {advice.lines[0]}" if advice.lines[0] else "build context")
        print(f"\n{number}. [{advice.kind}] {advice.title} ({lines})")
        print(f"   {advice.why}")
        if advice.note:
            print(f"   Note: {advice.note}")
        measured = report.measurement_for(advice)
        if measured is not None:
            if measured.ok and measured.after and measured.before:
                print(f"   Measured: {human_size(measured.before.size)} -> "
                      f"{human_size(measured.after.size)} ({measured.saving()})")
            else:
                print(f"   Not measured: {measured.error}")
        diff = advice.dockerfile_diff(text, path.name)
        if diff:
            print("   " + diff.rstrip("\n").replace("\n", "\n   "))


def run_advise(args: argparse.Namespace) -> int:
    text = _read(args.dockerfile)
    context = _context(args.dockerfile, args.context)
    client = default_client()
    try:
        report = run_advisor(client, text, context, measure=args.measure,
                             progress=_stderr_progress)
    finally:
        client.close()
    if sys.stderr.isatty():
        sys.stderr.write("\r\033[K")
    if args.json:
        print_json(report.to_json())
    else:
        _print_advice(report, text, args.dockerfile)
    return 1 if args.measure and report.before is None else 0
