"""Entry point: `workbench` opens the window, `workbench COMMAND ...` runs the CLI."""

from __future__ import annotations

import atexit
import contextlib
import gc
import os
import sys

# Commands that read a whole image into memory (hundreds of thousands of objects that
# live until the command ends, and form no reference cycles).
_IMAGE_COMMANDS = frozenset({"analyze", "layers", "files"})


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
    """The ``workbench`` program. A command's process ends without tearing down its
    objects one by one: for a large image that took a tenth of the whole run, and
    the system frees the memory at once. Everything else shutdown promises still
    happens first (threads joined, exit handlers run, output flushed)."""
    args = sys.argv[1:]
    if not _is_command(args):
        sys.exit(main(args))
    status = [1]  # what an uncaught exception exits with
    # Registered before anything else, so it runs after every other exit handler.
    atexit.register(_leave, status)
    import workbench.cli.main as cli

    cli.kept_until_exit = []
    if args[0] in _IMAGE_COMMANDS:
        # The collector would walk the image's objects again and again for cycles
        # they never form; a one-shot command does without it.
        gc.disable()
    try:
        status[0] = main(args)
    except SystemExit as exc:  # argparse's --help and usage errors end this way
        status[0] = exc.code if isinstance(exc.code, int) else int(exc.code is not None)
        raise
    sys.exit(status[0])


def _leave(status: list[int]) -> None:
    for stream in (sys.stdout, sys.stderr):
        # a closed pipe or stream: nothing more can be said on it
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status[0])


if __name__ == "__main__":
    entry()
