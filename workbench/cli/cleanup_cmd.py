"""``workbench cleanup``: remove the throwaway images and containers the workbench made.

Only objects that are in the ledger and still carry the workbench label go; images the
user built, tagged or derived from one of them stay. The list comes first; on a terminal
the command asks, a script passes ``--yes``; ``--dry-run`` only lists.

Exit codes: 0 done (or nothing to do), 1 something could not be removed or the
removal was not confirmed, 3 no engine.
"""

from __future__ import annotations

import argparse
import sys

from workbench.cli.json_out import print_json
from workbench.core.engine import cleanup as ops
from workbench.core.engine.connection import connect


def _print_plan(todo: ops.CleanupPlan) -> None:
    if not todo.remove:
        print(f"Nothing to remove at {todo.endpoint}.")
    else:
        print(f"Will remove from {todo.endpoint}:")
        for candidate in todo.remove:
            print(f"  {candidate.describe()}")
    for candidate, reason in todo.kept:
        print(f"Keeping {candidate.describe()}: {reason}.")


def _confirmed(args: argparse.Namespace) -> bool | None:
    """True to go ahead; False when refused; None when nobody can be asked."""
    if args.yes:
        return True
    if args.json or not sys.stdin.isatty():
        return None  # a prompt would mix with the JSON; a script cannot answer
    try:
        answer = input("Remove them? [y/N] ")
    except EOFError:
        return False
    return answer.strip().lower() in ("y", "yes")


def _cleanup(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        todo = ops.plan(engine.client)
        if args.json and (args.dry_run or not todo.remove):
            print_json({**todo.to_json(), "removed": [], "failed": [], "dry_run": True})
            return 0
        if not args.json:
            _print_plan(todo)
        if args.dry_run or not todo.remove:
            return 0
        go = _confirmed(args)
        if go is None:
            print("Nothing removed: pass --yes to remove without asking, or --dry-run to "
                  "only list.", file=sys.stderr)
            return 1
        if not go:
            print("Nothing removed.")
            return 1
        result = ops.execute(engine.client, todo)
    if args.json:
        print_json({**todo.to_json(), **result.to_json(), "dry_run": False})
    else:
        for failure in result.failed:
            print(f"Could not remove {failure}.", file=sys.stderr)
        print(f"Removed {len(result.removed)} of {len(todo.remove)}.")
    return 1 if result.failed else 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "cleanup", help="remove the throwaway images and containers the workbench made "
        "for itself", description=__doc__.split("\n\n", 1)[1] if __doc__ else None,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("-H", "--endpoint", help="engine URL or Docker context name")
    parser.add_argument("-y", "--yes", action="store_true", help="remove without asking")
    parser.add_argument("-n", "--dry-run", action="store_true", help="only list")
    parser.add_argument("--json", action="store_true", help="the list and the result as "
                        "JSON (needs --yes or --dry-run to remove or list)")
    parser.set_defaults(func=_cleanup)
