"""Entry point: `workbench` opens the window, `workbench COMMAND ...` runs the CLI."""

from __future__ import annotations

import sys


def _is_command(args: list[str]) -> bool:
    from workbench.cli.main import COMMANDS

    return bool(args) and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version"))


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if _is_command(args):
        from workbench.cli.main import run

        return run(args)
    from workbench.gui.app import run_gui

    return run_gui(args)


def entry() -> None:
    """The ``workbench`` program."""
    sys.exit(main())


if __name__ == "__main__":
    entry()
