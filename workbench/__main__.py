"""Entry point: `workbench` opens the window, `workbench COMMAND ...` runs the CLI."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    from workbench.cli.main import COMMANDS, run

    if args and (args[0] in COMMANDS or args[0] in ("-h", "--help", "--version")):
        return run(args)
    from workbench.gui.app import run_gui

    return run_gui(args)


if __name__ == "__main__":
    sys.exit(main())
