"""``workbench history IMAGE`` and ``workbench storage image|container|upper`` (§2.1, §2.3)."""

from __future__ import annotations

import argparse
import time
from dataclasses import asdict

from workbench.cli.json_out import print_json
from workbench.core.engine import storage
from workbench.core.engine.connection import connect
from workbench.core.units import human_size as _size


def _history(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        rows = storage.image_history(engine.client, args.image)
    if args.json:
        print_json([{**asdict(r), "missing": r.missing, "explanation": r.explanation}
                    for r in rows])
        return 0
    print(f"{'IMAGE':<12}  {'CREATED':<19}  {'SIZE':>9}  CREATED BY")
    for row in rows:
        created = time.strftime("%Y-%m-%d %H:%M:%S", time.gmtime(row.created))
        print(f"{row.short_id:<12}  {created:<19}  {_size(row.size):>9}  "
              f"{row.instruction[:90]}")
    if any(r.missing for r in rows):
        print(f"\n<missing>: {storage.MISSING_EXPLAINED}.")
    return 0


def _print_driver(info: storage.GraphDriverInfo, as_json: bool) -> None:
    if as_json:
        print_json({**asdict(info), "readable": info.readable})
        return
    print(f"Storage driver: {info.driver}")
    print("LowerDir (top first):")
    for path in info.lower_dirs:
        print(f"  {path}")
    for label, value in (("UpperDir", info.upper_dir), ("MergedDir", info.merged_dir),
                         ("WorkDir", info.work_dir)):
        print(f"{label}: {value or '-'}")


def _image(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        _print_driver(storage.image_graph_driver(engine.client, args.image), args.json)
    return 0


def _container(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        _print_driver(storage.container_graph_driver(engine.client, args.container), args.json)
    return 0


def _upper(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        entries = storage.container_upper_listing(engine.client, args.container)
    if args.json:
        print_json([asdict(e) for e in entries])
        return 0
    for entry in entries:
        note = f"  ({entry.note})" if entry.note else ""
        size = _size(entry.size) if entry.kind == "file" else ""
        print(f"{entry.kind:<10} {size:>9}  {entry.path}{note}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    history = subparsers.add_parser("history", help="an image's history as the engine "
                                    "reports it (<missing> explained)")
    history.add_argument("image")
    history.add_argument("--json", action="store_true")
    history.add_argument("-H", "--endpoint")
    history.set_defaults(func=_history)

    top = subparsers.add_parser("storage", help="the storage driver's dirs and a container's "
                                "upper dir", description="Exit codes: 0 ok, 2 not readable "
                                "here, 3 no engine, 4 no such object.")
    sub = top.add_subparsers(dest="storage_command", metavar="SUBCOMMAND")
    image = sub.add_parser("image", help="GraphDriver data of an image")
    image.add_argument("image")
    image.set_defaults(func=_image)
    container = sub.add_parser("container", help="GraphDriver data of a container")
    container.add_argument("container")
    container.set_defaults(func=_container)
    upper = sub.add_parser("upper", help="a container's upper dir, whiteouts shown as such")
    upper.add_argument("container")
    upper.set_defaults(func=_upper)
    for parser in (image, container, upper):
        parser.add_argument("--json", action="store_true")
        parser.add_argument("-H", "--endpoint")
