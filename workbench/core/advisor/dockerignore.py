"""``.dockerignore`` entries for big or sensitive things in the build context.

Everything the context holds is sent to the engine on every build, and ``COPY . .``
puts it in the image: a ``.git`` history, ``node_modules``, build outputs, private
keys. The context is walked the way the engine receives it (the build-context report
of ``workbench.core.engine.context``), so only what is really sent is proposed.
"""

from __future__ import annotations

import fnmatch
import os
import posixpath
from pathlib import Path

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.dockerfile.parser import Dockerfile
from workbench.core.engine.context import scan_context
from workbench.core.progress import CancelToken
from workbench.core.units import human_size

BIG_FILE = 10 * 1024 * 1024
# (glob on a path part or name, pattern to add, why it should stay out)
_RULES: tuple[tuple[str, str, str], ...] = (
    (".git", ".git", "version-control history"),
    (".hg", ".hg", "version-control history"),
    (".svn", ".svn", "version-control history"),
    ("node_modules", "**/node_modules", "installed dependencies"),
    ("__pycache__", "**/__pycache__", "build output"),
    ("*.pyc", "**/*.pyc", "build output"),
    (".venv", ".venv", "a local virtual environment"),
    ("venv", "venv", "a local virtual environment"),
    (".tox", ".tox", "test environments"),
    ("dist", "dist", "build output"),
    ("build", "build", "build output"),
    ("target", "target", "build output"),
    ("*.pem", "**/*.pem", "keys or certificates"),
    ("*.key", "**/*.key", "private keys"),
    ("id_rsa*", "**/id_rsa*", "SSH keys"),
    ("id_ed25519*", "**/id_ed25519*", "SSH keys"),
    ("id_ecdsa*", "**/id_ecdsa*", "SSH keys"),
    (".env", "**/.env", "secrets in environment files"),
    ("*.p12", "**/*.p12", "key stores"),
    ("*.pfx", "**/*.pfx", "key stores"),
    (".npmrc", "**/.npmrc", "registry credentials"),
    (".aws", "**/.aws", "cloud credentials"),
    (".ssh", "**/.ssh", "SSH keys"),
)


def _copied_explicitly(dockerfile: Dockerfile) -> list[str]:
    """Context paths COPY/ADD name on purpose (not ``.``): never propose excluding them."""
    named = []
    for instruction in dockerfile.instructions:
        if instruction.keyword in ("COPY", "ADD") and "from" not in instruction.flags:
            words = instruction.value.split()
            named += [posixpath.normpath(w).lstrip("/") for w in words[:-1]
                      if w not in (".", "./")]
    return named


def _needed(path: str, named: list[str]) -> bool:
    return any(path == n or path.startswith(n + "/") or n.startswith(path + "/")
               for n in named)


def find_entries(context_dir: Path, dockerfile: Dockerfile,
                 cancel: CancelToken | None = None) -> list[tuple[str, str, int]]:
    """[(pattern, reason, bytes it keeps out)] for what the context sends and should not."""
    report = scan_context(context_dir, cancel=cancel)
    named = _copied_explicitly(dockerfile)
    found: dict[str, tuple[str, int]] = {}
    for rel in report.included:
        full = os.path.join(context_dir, rel)
        try:
            size = os.lstat(full).st_size if os.path.isfile(full) else 0
        except OSError:
            size = 0
        parts = rel.split("/")
        matched = False
        for glob, pattern, reason in _RULES:
            # A pattern without "**/" only matches at the top of the context.
            where = parts if pattern.startswith("**/") else parts[:1]
            if any(fnmatch.fnmatchcase(part, glob) for part in where):
                if not _needed(rel, named):
                    reason_now, total = found.get(pattern, (reason, 0))
                    found[pattern] = (reason_now, total + size)
                matched = True
                break
        if not matched and size >= BIG_FILE and not _needed(rel, named) \
                and rel not in ("Dockerfile", ".dockerignore"):
            found[rel] = (f"a {human_size(size)} file", size)
    return [(pattern, reason, size) for pattern, (reason, size) in found.items()]


def dockerignore(context_dir: Path | None, dockerfile: Dockerfile,
                 cancel: CancelToken | None = None) -> list[Advice]:
    if context_dir is None or not Path(context_dir).is_dir():
        return []
    entries = find_entries(Path(context_dir), dockerfile, cancel)
    if not entries:
        return []
    path = Path(context_dir) / ".dockerignore"
    try:
        old = path.read_text()
    except OSError:
        old = ""
    added = "\n".join(f"{pattern}" for pattern, _reason, _size in entries)
    separator = "" if not old or old.endswith("\n") else "\n"
    new = f"{old}{separator}# Kept out of the build context: big or sensitive\n{added}\n"
    total = sum(size for _p, _r, size in entries)
    reasons = sorted({reason for _p, reason, _s in entries})
    copies = [i for i in dockerfile.instructions if i.keyword in ("COPY", "ADD")
              and "from" not in i.flags and any(w in (".", "./") for w in i.value.split()[:-1])]
    lines = (copies[0].line_start, copies[-1].line_end) if copies else (0, 0)
    return [Advice(
        AdviceKind.DOCKERIGNORE,
        f"Keep {len(entries)} entries out of the build context",
        f"The context sends {', '.join(reasons)} ({human_size(total)}) to the engine on every "
        + ("build and COPY . puts them in the image" if copies else "build")
        + ": list them in .dockerignore.",
        lines, new_dockerignore=new, estimated_bytes=total,
    )]
