"""``workbench COMMAND``: the core, headless, for CI and scripting.

Each command module exposes ``register(subparsers)`` that adds its sub-commands and
sets ``func`` on them; ``func(args) -> int`` returns the exit code (each module's
docstring lists its codes).
Expected failures (``WorkbenchError``) become one sentence on stderr, never a traceback.

Only the module of the command being run is imported: the others pull in the docker
SDK, requests and more, which would cost a quick command most of its run time. The
command list in ``workbench --help`` comes from the static table below instead.
"""

from __future__ import annotations

import argparse
import importlib
import sys
from types import ModuleType

from workbench.core.errors import WorkbenchError

# command name -> (module that registers it, one-line help for `workbench --help`).
# Kept explicit so `workbench` can tell a command from a path to open, and list every
# command, without importing every module. Keep the help lines equal to the ones the
# modules register.
COMMAND_TABLE: dict[str, tuple[str, str]] = {
    "analyze": ("workbench.cli.analyze_cmd",
                "efficiency, wasted and reclaimable bytes of an image"),
    "layers": ("workbench.cli.analyze_cmd",
               "the image's timeline: every history step with its layer"),
    "files": ("workbench.cli.analyze_cmd",
              "the files of one layer, or the filesystem up to it"),
    "engine": ("workbench.cli.engine_cmd", "the Docker-compatible engine in use"),
    "build": ("workbench.cli.build_cmd", "build an image with live step progress"),
    "context": ("workbench.cli.build_cmd", "what a build would send to the engine"),
    "containers": ("workbench.cli.containers_cmd",
                   "run, diff, commit, tag, remove containers"),
    "cleanup": ("workbench.cli.cleanup_cmd",
                "remove the throwaway images and containers the workbench made for itself"),
    "history": ("workbench.cli.storage_cmd",
                "an image's history as the engine reports it (<missing> explained)"),
    "storage": ("workbench.cli.storage_cmd",
                "the storage driver's dirs and a container's upper dir"),
    "registry": ("workbench.cli.registry_cmd", "push, pull, and resolve digests"),
    "overlay": ("workbench.cli.overlay_cmd",
                "lower/upper/merged views of image layers, containers and a sandbox"),
    "sizes": ("workbench.cli.sizes_cmd",
              "base image sizes; with a Dockerfile, its size on each base"),
    "advise": ("workbench.cli.sizes_cmd", "minimization advice for a Dockerfile"),
    "harden": ("workbench.cli.harden_cmd", "hardening checks and fixes for a Dockerfile"),
    "review": ("workbench.cli.review_cmd",
               "one PASS/FAIL verdict: dive's CI rules, budgets, hardening and hadolint"),
    "compare": ("workbench.cli.review_cmd",
                "what changed between two images: layers, files, sizes, config, findings"),
    "lessons": ("workbench.cli.lessons_cmd",
                "workshop lessons: list, validate, run headless, reset"),
}
COMMANDS: dict[str, str] = {name: module for name, (module, _) in COMMAND_TABLE.items()}

class _VersionAction(argparse.Action):
    """``--version``; the version is looked up only then (see ``workbench.__getattr__``)."""

    def __init__(self, option_strings: list[str], dest: str) -> None:
        super().__init__(option_strings, dest, nargs=0, default=argparse.SUPPRESS,
                         help="show program's version number and exit")

    def __call__(self, parser: argparse.ArgumentParser, namespace: argparse.Namespace,
                 values: object, option_string: str | None = None) -> None:
        import workbench

        print(f"workbench {workbench.__version__}")
        parser.exit()


def _import(module_name: str) -> ModuleType | None:
    try:
        return importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            return None  # a command group not shipped in this build
        raise


def build_parser(command: str | None = None, *, lean: bool = False) -> argparse.ArgumentParser:
    """The full parser (every module registered), or with ``lean`` only ``command``'s
    module. A lean parser for a command that exists holds nothing else (nothing else
    is shown or matched); for any other word the other commands appear as one-line
    placeholders, for the help and the "invalid choice" message."""
    parser = argparse.ArgumentParser(
        prog="workbench",
        description="Image Workbench: analyse, build and review Docker images.",
    )
    parser.add_argument("--version", action=_VersionAction)
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND")
    wanted = COMMANDS.get(command or "")
    registered: set[str] = set()
    for name, (module_name, help_text) in COMMAND_TABLE.items():
        if module_name in registered:
            continue  # the module added this command with its siblings
        if not lean or module_name == wanted:
            registered.add(module_name)
            module = _import(module_name)
            if module is not None:
                module.register(subparsers)
            continue
        if wanted is None:
            subparsers.add_parser(name, help=help_text, description=help_text)
    return parser


def _command_of(argv: list[str]) -> str | None:
    # Top-level options take no values, so the first word that is not an option is
    # the command.
    return next((word for word in argv if not word.startswith("-")), None)


def run(argv: list[str]) -> int:
    parser = build_parser(_command_of(argv), lean=True)
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
