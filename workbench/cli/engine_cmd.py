"""``workbench engine info|endpoints``: which engine answers, and which ones could."""

from __future__ import annotations

import argparse
from dataclasses import asdict

from workbench.cli.json_out import print_json
from workbench.core.engine.connection import connect, list_endpoints
from workbench.core.errors import WorkbenchError


def _info(args: argparse.Namespace) -> int:
    with connect(args.endpoint, timeout=args.timeout) as engine:
        info = engine.info
    if args.json:
        print_json(asdict(info))
        return 0
    print(f"Endpoint:        {info.endpoint}")
    print(f"Engine:          {info.summary}")
    print(f"API version:     {info.api_version}")
    print(f"Storage driver:  {info.storage_driver}")
    print(f"Experimental:    {'on' if info.experimental else 'off'}")
    print(f"OS/arch:         {info.os}/{info.arch}")
    print(f"Host name:       {info.name}")
    return 0


def _endpoints(args: argparse.Namespace) -> int:
    endpoints = list_endpoints()
    rows = []
    for endpoint in endpoints:
        status = ""
        if args.probe:
            try:
                with connect(endpoint.url, timeout=args.timeout) as engine:
                    status = engine.info.summary
            except WorkbenchError as exc:
                status = f"unavailable: {exc}"
        rows.append({**asdict(endpoint), "status": status})
    if args.json:
        print_json(rows)
        return 0
    for row in rows:
        mark = "*" if row["current"] else " "
        status = f"  {row['status']}" if row["status"] else ""
        print(f"{mark} {row['name']:<24} {row['url']}{status}")
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    engine = subparsers.add_parser("engine", help="the Docker-compatible engine in use",
                                   description="Exit codes: 0 ok, 3 no engine answers.")
    sub = engine.add_subparsers(dest="engine_command", metavar="SUBCOMMAND")
    info = sub.add_parser("info", help="version, API, storage driver, experimental, OS/arch")
    info.add_argument("-H", "--endpoint", help="engine URL or Docker context name")
    info.add_argument("--timeout", type=float, default=10)
    info.add_argument("--json", action="store_true")
    info.set_defaults(func=_info)
    endpoints = sub.add_parser("endpoints", help="DOCKER_HOST, contexts, default and Podman "
                               "sockets (* = current)")
    endpoints.add_argument("--probe", action="store_true", help="connect to each and report")
    endpoints.add_argument("--timeout", type=float, default=3)
    endpoints.add_argument("--json", action="store_true")
    endpoints.set_defaults(func=_endpoints)
    engine.set_defaults(func=_info, endpoint=None, timeout=10, json=False)
