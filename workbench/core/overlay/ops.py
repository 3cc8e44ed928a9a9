"""Sandbox operations as one-line commands, shared by the CLI, the panel and the tests.

One operation a line, shell-like quoting, ``#`` starts a comment::

    create PATH             touch: create empty, or open an existing file for writing
    write PATH TEXT...      replace the content with TEXT and a newline (like echo >)
    append PATH TEXT...     add TEXT and a newline (like echo >>), creating the file
    truncate PATH SIZE      cut or zero-extend to SIZE bytes
    chmod MODE PATH         octal mode, e.g. 600
    chown UID:GID PATH      numeric owner (the link itself for symlinks)
    rm PATH                 unlink a file or symlink
    rm -r PATH              remove a tree, children first
    mkdir PATH / rmdir PATH
    recreate PATH           rm -r then mkdir: the new directory is opaque
    symlink TARGET PATH     also ``ln -s TARGET PATH``
    rename SRC DST          also ``mv SRC DST``
"""

from __future__ import annotations

import errno
import os
import shlex
from dataclasses import dataclass
from pathlib import Path

from workbench.core.errors import WorkbenchError

OP_NAMES = ("create", "write", "append", "truncate", "chmod", "chown", "rm", "rm_r",
            "mkdir", "rmdir", "recreate", "symlink", "rename")
# Operations the simulator refuses the way O_NOFOLLOW does: following links is out of
# the model's scope, and the real sandbox answers the same.
NOFOLLOW_OPS = ("create", "write", "append", "truncate", "chmod")


class OpSyntaxError(WorkbenchError):
    """A sandbox command line that cannot be parsed."""


class OpError(WorkbenchError):
    """An operation the filesystem refused, with the errno the kernel gives."""

    exit_code = 1

    def __init__(self, code: int, op: Op | None = None) -> None:
        self.errno = code
        self.op = op
        what = f"{op.format()}: " if op else ""
        super().__init__(f"{what}{os.strerror(code)} ({errno.errorcode.get(code, code)}).")


@dataclass(frozen=True, slots=True)
class Op:
    name: str
    path: str
    arg: str = ""  # text, size, mode, owner, symlink target or rename destination

    def format(self) -> str:
        quote = shlex.quote
        if self.name == "rm_r":
            return f"rm -r {quote(self.path)}"
        if self.name in ("write", "append"):
            return f"{self.name} {quote(self.path)} {quote(self.arg)}"
        if self.name in ("chmod", "chown"):
            return f"{self.name} {self.arg} {quote(self.path)}"
        if self.name == "symlink":
            return f"symlink {quote(self.arg)} {quote(self.path)}"
        if self.name in ("truncate", "rename"):
            return f"{self.name} {quote(self.path)} {quote(self.arg)}"
        return f"{self.name} {quote(self.path)}"


@dataclass(frozen=True, slots=True)
class OpResult:
    op: Op
    errno: int = 0

    @property
    def ok(self) -> bool:
        return self.errno == 0

    def describe(self) -> str:
        if self.ok:
            return f"{self.op.format()}: ok"
        return f"{self.op.format()}: {os.strerror(self.errno)} ({errno.errorcode[self.errno]})"


def _need(words: list[str], count: int, usage: str) -> None:
    if len(words) < count:
        raise OpSyntaxError(f"'{' '.join(words)}' is incomplete: write it as '{usage}'.")


def parse_op(line: str) -> Op:
    try:
        words = shlex.split(line, comments=True)
    except ValueError as exc:
        raise OpSyntaxError(f"Cannot read '{line.strip()}': {exc}; check the quotes.") from None
    if not words:
        raise OpSyntaxError("Empty command: type e.g. 'write file2 upper'.")
    name, rest = words[0], words[1:]
    if name == "touch":
        name = "create"
    if name == "mv":
        name = "rename"
    if name == "ln" and rest[:1] == ["-s"]:
        name, rest = "symlink", rest[1:]
    if name == "rm" and rest[:1] in (["-r"], ["-rf"], ["-fr"]):
        name, rest = "rm_r", rest[1:]
    if name in ("create", "rm", "rm_r", "mkdir", "rmdir", "recreate"):
        _need(rest, 1, f"{words[0]} PATH")
        return Op(name, rest[0])
    if name in ("write", "append"):
        _need(rest, 1, f"{name} PATH TEXT")
        return Op(name, rest[0], " ".join(rest[1:]))
    if name == "truncate":
        _need(rest, 2, "truncate PATH SIZE")
        if not rest[1].isdigit():
            raise OpSyntaxError(f"Size '{rest[1]}' is not a number of bytes.")
        return Op(name, rest[0], rest[1])
    if name == "chmod":
        _need(rest, 2, "chmod MODE PATH")
        try:
            int(rest[0], 8)
        except ValueError:
            raise OpSyntaxError(
                f"Mode '{rest[0]}' is not octal: write e.g. 'chmod 600 PATH'.") from None
        return Op(name, rest[1], rest[0])
    if name == "chown":
        _need(rest, 2, "chown UID:GID PATH")
        uid, _, gid = rest[0].partition(":")
        if not (uid.isdigit() and (gid.isdigit() or gid == "")):
            raise OpSyntaxError(f"Owner '{rest[0]}' must be numeric: write e.g. "
                                "'chown 1000:1000 PATH'.")
        return Op(name, rest[1], f"{uid}:{gid or uid}")
    if name == "symlink":
        _need(rest, 2, "symlink TARGET PATH")
        return Op(name, rest[1], rest[0])
    if name == "rename":
        _need(rest, 2, "rename SRC DST")
        return Op(name, rest[0], rest[1])
    raise OpSyntaxError(f"Unknown operation '{words[0]}': use one of {', '.join(OP_NAMES)}.")


def parse_ops(text: str) -> list[Op]:
    ops: list[Op] = []
    for number, line in enumerate(text.splitlines(), 1):
        if not line.split("#", 1)[0].strip():
            continue
        try:
            ops.append(parse_op(line))
        except OpSyntaxError as exc:
            raise OpSyntaxError(f"Line {number}: {exc}") from None
    return ops


def read_ops_file(path: str | Path) -> list[Op]:
    try:
        text = Path(path).read_text()
    except OSError as exc:
        raise OpSyntaxError(f"Cannot read operations file {path}: {exc.strerror}.") from None
    return parse_ops(text)


def text_bytes(op: Op) -> bytes:
    """The bytes ``write``/``append`` put in the file: the text and a newline, like echo."""
    return (op.arg + "\n").encode()
