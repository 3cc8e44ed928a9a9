"""``.dockerignore`` entries for big or sensitive things in the build context.

Everything the context holds is sent to the engine on every build, and ``COPY . .``
puts it in the image: a ``.git`` history, ``node_modules``, build outputs, private
keys. The context is walked the way the engine receives it (the build-context report
of ``workbench.core.engine.context``), so only what is really sent is proposed, and each
proposed pattern is tried with the same matcher the build uses (``IgnoreRules``), so the
bytes it claims to keep out are the bytes the measured build no longer sends.
"""

from __future__ import annotations

import os
import posixpath
from pathlib import Path

from workbench.core.advisor.advice import Advice, AdviceKind
from workbench.core.dockerfile.parser import Dockerfile
from workbench.core.engine.context import scan_context
from workbench.core.engine.dockerignore import IgnoreRules
from workbench.core.progress import CancelToken
from workbench.core.units import human_size

BIG_FILE = 10 * 1024 * 1024
# (pattern to add, why it should stay out)
_RULES: tuple[tuple[str, str], ...] = (
    (".git", "version-control history"),
    (".hg", "version-control history"),
    (".svn", "version-control history"),
    ("**/node_modules", "installed dependencies"),
    ("**/__pycache__", "build output"),
    ("**/*.pyc", "build output"),
    (".venv", "a local virtual environment"),
    ("venv", "a local virtual environment"),
    (".tox", "test environments"),
    ("dist", "build output"),
    ("build", "build output"),
    ("target", "build output"),
    ("**/*.pem", "keys or certificates"),
    ("**/*.key", "private keys"),
    ("**/id_rsa*", "SSH keys"),
    ("**/id_ed25519*", "SSH keys"),
    ("**/id_ecdsa*", "SSH keys"),
    ("**/.env", "secrets in environment files"),
    ("**/*.p12", "key stores"),
    ("**/*.pfx", "key stores"),
    ("**/.npmrc", "registry credentials"),
    ("**/.aws", "cloud credentials"),
    ("**/.ssh", "SSH keys"),
)
_MATCHERS = tuple((IgnoreRules([pattern]), pattern, reason) for pattern, reason in _RULES)


def _literal(path: str) -> str:
    """A pattern matching exactly ``path``: the SDK's matcher has no escape character,
    so wildcard characters are written as one-character classes."""
    return "".join(f"[{c}]" if c in "*?[" else c for c in path)


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
    # The rule that keeps out each directory seen: the build never walks into an
    # excluded directory, so what lies below it is kept out by the same pattern.
    dir_rule: dict[str, tuple[str, str] | None] = {}
    for rel in report.included:  # sorted: a directory comes before what it holds
        full = os.path.join(context_dir, rel)
        try:
            size = os.lstat(full).st_size if os.path.isfile(full) else 0
        except OSError:
            size = 0
        rule = dir_rule.get(rel.rpartition("/")[0])
        if rule is None:
            rule = next(((pattern, reason) for rules, pattern, reason in _MATCHERS
                         if rules.excluded(rel)), None)
        if os.path.isdir(full) and not os.path.islink(full):
            dir_rule[rel] = rule
        if rule is not None:
            pattern, reason = rule
            if not _needed(rel, named):
                reason_now, total = found.get(pattern, (reason, 0))
                found[pattern] = (reason_now, total + size)
        elif size >= BIG_FILE and not _needed(rel, named) \
                and rel not in ("Dockerfile", ".dockerignore"):
            found[_literal(rel)] = (f"a {human_size(size)} file", size)
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
        f"Keep {len(entries)} {'entry' if len(entries) == 1 else 'entries'} out of the build "
        "context",
        f"The context sends {', '.join(reasons)} ({human_size(total)}) to the engine on every "
        + ("build and COPY . puts them in the image" if copies else "build")
        + ": list them in .dockerignore.",
        lines, new_dockerignore=new, estimated_bytes=total,
    )]
