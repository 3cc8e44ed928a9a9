"""``workbench overlay``: the overlay filesystem views, headless.

Forms (the first word decides)::

    workbench overlay SOURCE --layer N [--json]        an image's layer N over the ones below
    workbench overlay replay OPS_FILE --mode real|simulated [--lower N] [--order a,b] [--json]
    workbench overlay container ID [--no-lowers] [--json]
    workbench overlay stale [--clean]                  sandboxes left by a killed process

Exit codes: 0 done (a replayed operation the filesystem refuses, e.g. EXDEV, is part of
the output, not a failure), 1 stale sandboxes found and not cleaned, 2 bad input or a
source that cannot be read, 3 no engine.
"""

from __future__ import annotations

import argparse
from typing import Any

from workbench.cli.json_out import print_json
from workbench.core.errors import WorkbenchError
from workbench.core.overlay.listing import ListedEntry


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "overlay", help="lower/upper/merged views of image layers, containers and a sandbox",
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("target", nargs="+",
                        metavar="SOURCE | replay OPS_FILE | container ID | stale")
    parser.add_argument("--layer", type=int, default=-1,
                        help="image layer shown as upper (0 is the base, -1 the top)")
    parser.add_argument("--mode", choices=("real", "simulated", "auto"), default="auto",
                        help="replay on a kernel mount, on the model, or real when allowed")
    parser.add_argument("--lower", type=int, default=1, metavar="N",
                        help="number of lowerdirs in the replay sandbox")
    parser.add_argument("--order", default="",
                        help="lowerdir order for replay, top-most first: lower2,lower1")
    parser.add_argument("--no-lowers", action="store_true",
                        help="container: skip listing the image layers")
    parser.add_argument("--clean", action="store_true", help="stale: remove what is found")
    parser.add_argument("--endpoint", default=None, help="engine endpoint (default: current)")
    parser.add_argument("--json", action="store_true", help="machine-readable output")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    first, rest = args.target[0], args.target[1:]
    if first == "replay":
        return _replay(args, _single_argument(rest, "replay OPS_FILE"))
    if first == "container":
        return _container(args, _single_argument(rest, "container ID"))
    if first == "stale":
        return _stale(args)
    if rest:
        raise WorkbenchError(f"Unexpected arguments {' '.join(rest)}: give one image source.")
    return _stack(args, first)


def _single_argument(rest: list[str], usage: str) -> str:
    if len(rest) != 1:
        raise WorkbenchError(f"Write it as 'workbench overlay {usage}'.")
    return rest[0]


def _print_listing(title: str, entries: list[ListedEntry]) -> None:
    print(f"{title}:")
    for entry in entries:
        print(f"  {entry.describe()}")
    if not entries:
        print("  (empty)")


def _dump(data: dict[str, Any]) -> int:
    print_json(data)
    return 0


def _listings(lowers: list[list[ListedEntry]], names: list[str]) -> dict[str, Any]:
    return {name: [e.to_json() for e in entries]
            for name, entries in zip(names, lowers, strict=False)}


def _replay(args: argparse.Namespace, ops_file: str) -> int:
    from workbench.core.overlay.ops import read_ops_file
    from workbench.core.overlay.sandbox import article_spec, open_sandbox

    ops = read_ops_file(ops_file)
    spec = article_spec(max(1, args.lower))
    if args.order:
        spec = spec.reordered([name.strip() for name in args.order.split(",")])
    with open_sandbox(spec, args.mode) as sandbox:
        results = [sandbox.apply(op) for op in ops]
        view = sandbox.view()
    if args.json:
        return _dump({
            "mode": view.mode, "note": view.note, "lower_names": view.lower_names,
            "results": [{"op": r.op.format(), "ok": r.ok, "errno": r.errno,
                         "message": r.describe()} for r in results],
            "lowers": _listings(view.lowers, view.lower_names),
            "upper": [e.to_json() for e in view.upper],
            "merged": [e.to_json() for e in view.merged]})
    print(f"sandbox: {view.mode}" + (f" ({view.note})" if view.note else ""))
    print(f"lowerdir (top-most first): {':'.join(view.lower_names)}")
    print("operations:")
    for result in results:
        print(f"  {result.describe()}")
    _print_listing("upper", view.upper)
    _print_listing("merged", view.merged)
    return 0


def _stack(args: argparse.Namespace, source: str) -> int:
    from workbench.core.overlay.image_stack import open_stack_view

    view = open_stack_view(source, args.layer)
    if args.json:
        return _dump({
            "source": source, "layer": view.layer, "layer_count": view.layer_count,
            "options": view.options, "lower_names": view.lower_names,
            "lowers": _listings(view.lowers, view.lower_names),
            "upper": [e.to_json() for e in view.upper],
            "merged": [e.to_json() for e in view.merged]})
    print(f"{source}: layer {view.layer} of 0..{view.layer_count - 1} as upper")
    print(f"  {view.options}")
    for name, entries in zip(view.lower_names, view.lowers, strict=True):
        print(f"{name}: {len(entries)} entries")
    _print_listing(f"upper (layer {view.layer}, as in its tar)", view.upper)
    _print_listing("merged", view.merged)
    return 0


def _container(args: argparse.Namespace, container: str) -> int:
    from workbench.core.engine.connection import connect
    from workbench.core.overlay.container import container_view

    with connect(args.endpoint) as engine:
        view = container_view(engine.client, container, with_lowers=not args.no_lowers)
    if args.json:
        return _dump({
            "id": view.container_id, "name": view.name, "image": view.image,
            "driver": view.driver, "from_host": view.from_host, "note": view.note,
            "lower_dirs": view.lower_dirs, "upper_dir": view.upper_dir,
            "merged_dir": view.merged_dir, "work_dir": view.work_dir,
            "changes": [{"kind": k, "path": p} for k, p in view.changes],
            "upper": [e.to_json() for e in view.upper],
            "merged_count": len(view.merged), "truncated": view.truncated})
    print(f"{view.name} ({view.container_id[:12]}) {view.image} {view.status} {view.driver}")
    if view.note:
        print(f"  {view.note}")
    print(f"  LowerDir:  {':'.join(view.lower_dirs)}")
    print(f"  UpperDir:  {view.upper_dir}\n  MergedDir: {view.merged_dir}")
    print("changes:")
    for kind, path in view.changes:
        print(f"  {kind} {path}")
    _print_listing("upper", view.upper)
    return 0


def _stale(args: argparse.Namespace) -> int:
    from workbench.core.overlay.stale import clean_stale, find_stale

    found = find_stale()
    if args.json:
        cleaned = clean_stale(found) if args.clean else []
        print_json({"stale": [item.describe() for item in found], "cleaned": cleaned})
        return 1 if found and not args.clean else 0
    if args.clean:
        for line in clean_stale(found):
            print(line)
        return 0
    for item in found:
        print(item.describe())
    if found:
        print("Run 'workbench overlay stale --clean' to unmount and remove them.")
        return 1
    print("No stale overlay sandboxes.")
    return 0
