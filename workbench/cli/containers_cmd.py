"""``workbench containers run|ls|diff|commit|tag|rm|exec`` (the manual flow of article §1.1)."""

from __future__ import annotations

import argparse
import sys
from dataclasses import asdict

from workbench.cli.json_out import print_json
from workbench.core.engine import containers as ops
from workbench.core.engine.connection import connect


def _ls(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        rows = ops.list_containers(engine.client, args.last, args.ours)
    if args.json:
        print_json([asdict(r) for r in rows])
        return 0
    print(f"{'CONTAINER':<12}  {'IMAGE':<28} {'COMMAND':<28} {'STATUS':<24} NAME")
    for row in rows:
        print(f"{row.short_id:<12}  {row.image[:28]:<28} {row.command[:28]:<28} "
              f"{row.status[:24]:<24} {row.name}{'  (workbench)' if row.ours else ''}")
    return 0


def _run(args: argparse.Namespace) -> int:
    command = args.command_args or None
    if command and command[0] == "--":
        command = command[1:] or None
    with connect(args.endpoint) as engine:
        result = ops.run_container(engine.client, args.image, command, name=args.name,
                                   detach=args.detach, network=args.network,
                                   timeout=args.timeout)
    sys.stdout.write(result.output)
    state = "running" if result.exit_code is None else f"exited with {result.exit_code}"
    print(f"Container {result.container.short_id} ({result.container.name}) {state}; "
          f"next: workbench containers diff {result.container.short_id}", file=sys.stderr)
    return 0 if result.exit_code in (None, 0) else 1


def _diff(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        changes = ops.container_changes(engine.client, args.container)
    if args.json:
        print_json([{"path": c.path, "kind": c.kind} for c in changes])
        return 0
    for change in changes:
        print(f"{change.kind} {change.path}")
    return 0


def _commit(args: argparse.Namespace) -> int:
    repository, tag = (args.reference.rsplit(":", 1) if args.reference and ":" in
                       args.reference.rsplit("/", 1)[-1] else (args.reference, None))
    with connect(args.endpoint) as engine:
        image_id = ops.commit(engine.client, args.container, repository, tag,
                              author=args.author or "", message=args.message or "",
                              changes=args.change or [])
    print(image_id)
    return 0


def _tag(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        print(ops.tag_image(engine.client, args.image, args.reference))
    return 0


def _rm(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        for container in args.containers:
            ops.remove_container(engine.client, container)
            print(container)
    return 0


def _exec(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        code, output = ops.exec_in(engine.client, args.container, args.command_args,
                                   timeout=args.timeout)
    sys.stdout.write(output)
    return 0 if code == 0 else 1


def _endpoint(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-H", "--endpoint", help="engine URL or Docker context name")


def register(subparsers: argparse._SubParsersAction) -> None:
    top = subparsers.add_parser("containers", help="run, diff, commit, tag, remove containers",
                                description="The manual build flow: run a command in a "
                                "container, see its changes, commit them as an image. Exit "
                                "codes: 0 ok, 1 command failed, 3 no engine, 4 refused.")
    sub = top.add_subparsers(dest="containers_command", metavar="SUBCOMMAND")

    ls = sub.add_parser("ls", help="the most recent containers, exited ones included")
    ls.add_argument("-n", "--last", type=int, default=20)
    ls.add_argument("--ours", action="store_true", help="only those the workbench made")
    ls.add_argument("--json", action="store_true")
    ls.set_defaults(func=_ls)

    run = sub.add_parser("run", help="create and start a container (kept after it exits)")
    run.add_argument("image")
    run.add_argument("command_args", nargs=argparse.REMAINDER, metavar="-- COMMAND")
    run.add_argument("--name")
    run.add_argument("-d", "--detach", action="store_true")
    run.add_argument("--network", default="none")
    run.add_argument("--timeout", type=float, default=ops.DEFAULT_RUN_TIMEOUT)
    run.set_defaults(func=_run)

    diff = sub.add_parser("diff", help="paths added (A), changed (C), deleted (D)")
    diff.add_argument("container")
    diff.add_argument("--json", action="store_true")
    diff.set_defaults(func=_diff)

    commit = sub.add_parser("commit", help="turn a container's changes into an image")
    commit.add_argument("container")
    commit.add_argument("reference", nargs="?", help="name[:tag] for the new image")
    commit.add_argument("-a", "--author")
    commit.add_argument("-m", "--message")
    commit.add_argument("-c", "--change", action="append",
                        help='a Dockerfile instruction, e.g. \'CMD ["sh"]\' or "ENV A=b"')
    commit.set_defaults(func=_commit)

    tag = sub.add_parser("tag", help="give an image another name")
    tag.add_argument("image")
    tag.add_argument("reference")
    tag.set_defaults(func=_tag)

    rm = sub.add_parser("rm", help="remove containers (running ones are stopped)")
    rm.add_argument("containers", nargs="+")
    rm.set_defaults(func=_rm)

    exec_ = sub.add_parser("exec", help="run a command in a running container")
    exec_.add_argument("container")
    exec_.add_argument("command_args", nargs=argparse.REMAINDER, metavar="COMMAND")
    exec_.add_argument("--timeout", type=float, default=60)
    exec_.set_defaults(func=_exec)

    for parser in (ls, run, diff, commit, tag, rm, exec_):
        _endpoint(parser)

