"""``workbench COMMAND``: the core, headless, for CI and scripting.

Each command module exposes ``register(subparsers)`` that adds its sub-commands and
sets ``func`` on them; ``func(args) -> int`` returns the exit code (docs/cli.md).
Expected failures (``WorkbenchError``) become one sentence on stderr, never a traceback.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from workbench import __version__
from workbench.core.errors import WorkbenchError

# command name -> module that registers it. Kept explicit so `workbench` can tell a
# command from a path to open without importing every module.
COMMANDS: dict[str, str] = {
    "analyze": "workbench.cli.analyze_cmd",
    "layers": "workbench.cli.analyze_cmd",
    "files": "workbench.cli.analyze_cmd",
    "engine": "workbench.cli.engine_cmd",
    "build": "workbench.cli.build_cmd",
    "context": "workbench.cli.build_cmd",
    "containers": "workbench.cli.containers_cmd",
    "history": "workbench.cli.storage_cmd",
    "storage": "workbench.cli.storage_cmd",
    "registry": "workbench.cli.registry_cmd",
    "overlay": "workbench.cli.overlay_cmd",
    "sizes": "workbench.cli.sizes_cmd",
    "advise": "workbench.cli.sizes_cmd",
    "cleanup": "workbench.cli.containers_cmd",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Image Workbench: analyse, build and review Docker images.",
    )
    parser.add_argument("--version", action="version", version=f"workbench {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module_name in dict.fromkeys(COMMANDS.values()):
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name == module_name:
                continue  # a command group not shipped in this build
            raise
        module.register(subparsers)
    return parser


def run(argv: list[str]) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    if not getattr(args, "func", None):
        parser.print_help()
        return 2
    try:
        return int(args.func(args))
    except WorkbenchError as exc:
        print(f"workbench {args.command}: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        print(f"workbench {args.command}: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0


def main() -> int:
    return run(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
