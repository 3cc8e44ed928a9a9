"""``workbench harden``: hardening findings for a Dockerfile, fixes as a diff or written.

Exit codes: 0 when no finding is at or above ``--fail-on``, 1 when one is, 2 on error.
``--write`` keeps ``DOCKERFILE.orig`` (``.orig.1``… when one exists) and touches no
other file (.dockerignore fixes are shown, never written). The JSON and SARIF formats
are in docs/harden.md.
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path
from typing import Any

from workbench.cli.json_out import print_json
from workbench.core import json_doc
from workbench.core.errors import WorkbenchError

HELP = "hardening checks and fixes for a Dockerfile"


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("harden", help=HELP, description=HELP + ". Exit codes: "
                                   "0 nothing at or above --fail-on, 1 something is, 2 error.")
    parser.add_argument("dockerfile", metavar="DOCKERFILE")
    parser.add_argument("--context", metavar="DIR", help="the build context (default: the "
                        "Dockerfile's directory)")
    parser.add_argument("--image", metavar="IMAGE", help="the image built from it, for the "
                        "checks that read the filesystem, config and history")
    which = parser.add_mutually_exclusive_group()
    which.add_argument("--fix", metavar="ID", nargs="+", help="apply the fixes of these ids")
    which.add_argument("--fix-all", action="store_true", help="apply every fix")
    how = parser.add_mutually_exclusive_group()
    how.add_argument("--diff", action="store_true", help="print the fixes as a diff (default)")
    how.add_argument("--write", action="store_true", help="write the fixed Dockerfile, "
                     "keeping DOCKERFILE.orig")
    parser.add_argument("--json", metavar="FILE", help="the report as JSON ('-': stdout)")
    parser.add_argument("--sarif", metavar="FILE", help="the report as SARIF 2.1.0")
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), default=None,
                        help="lowest severity that fails (default: .hadolint.yaml's "
                        "failure-threshold, else error)")
    parser.add_argument("--endpoint", default=None, help="the engine (default: DOCKER_HOST)")
    parser.set_defaults(func=run)


def _client(endpoint: str | None, needed: bool) -> Any:
    from workbench.core.engine.connection import connect

    try:
        return connect(endpoint).client
    except WorkbenchError:
        if needed:
            raise
        return None


def _emit(path: str, data: dict[str, Any]) -> None:
    if path == "-":
        print_json(data)
        return
    try:
        Path(path).write_bytes(json_doc.dumps(data))
    except OSError as exc:
        raise WorkbenchError(f"Cannot write {path} ({exc.strerror}).") from None


def _print(report: Any) -> None:
    for finding in report.findings:
        where = ", ".join(f"{k} {v}" for k, v in finding.evidence.to_json().items()
                          if v is not None)
        peers = f" [{', '.join(finding.peer_ids)}]" if finding.peer_ids else ""
        print(f"{finding.severity:7} {finding.id}{peers} {finding.title}"
              + (f" ({where})" if where else ""))
        print(f"        {finding.why}")
        if finding.fix is not None:
            print(f"        fix: {finding.fix.summary}")
    for note in report.notes:
        print(f"note: {note}", file=sys.stderr)
    if report.skipped:
        print(f"note: {len(report.skipped)} files were too big to scan for secrets: "
              + "; ".join(report.skipped[:5]), file=sys.stderr)


def _fix(args: argparse.Namespace, report: Any, quiet: bool) -> dict[str, Any] | None:
    from workbench.core.harden.fixes import apply_fixes, unified_diff
    from workbench.core.harden.model import redact

    if not (args.fix or args.fix_all):
        return None
    wanted = set(args.fix) if args.fix else None
    chosen = report.fixable(wanted)
    new_text, applied, left = apply_fixes(report.text, [f.fix for f in chosen])
    diff = redact(unified_diff(report.text, new_text, Path(args.dockerfile).name),
                  report.secrets)
    if args.write and new_text != report.text:
        target = _dockerfile_path(args.dockerfile)
        backup = _free_backup(target)
        try:
            shutil.copy2(target, backup)
            target.write_text(new_text)
        except OSError as exc:
            raise WorkbenchError(f"Cannot write {target} ({exc.strerror}).") from None
        if not quiet:
            print(f"wrote {target} (the original is in {backup})", file=sys.stderr)
    elif not quiet:
        sys.stdout.write(diff)
    if left and not quiet:
        print(f"note: {len(left)} fixes touch the same lines as another and were left for a "
              "second run.", file=sys.stderr)
    return {"applied": [f.summary for f in applied], "left": [f.summary for f in left],
            "diff": diff, "written": bool(args.write and new_text != report.text)}


def _free_backup(target: Path) -> Path:
    """``Dockerfile.orig``, or ``Dockerfile.orig.N`` when earlier backups exist: a second
    ``--write`` must not overwrite the first original."""
    backup = target.with_name(target.name + ".orig")
    number = 1
    while backup.exists():
        backup = target.with_name(f"{target.name}.orig.{number}")
        number += 1
    return backup


def _check_fix_ids(args: argparse.Namespace, report: Any) -> None:
    """Before anything is printed: an unknown ``--fix`` id is the one thing said."""
    known = {f.id for f in report.fixable()}
    unknown = sorted(set(args.fix or ()) - known)
    if unknown:
        raise WorkbenchError(f"No finding {', '.join(unknown)} has a fix here; ids with "
                             f"fixes: {', '.join(sorted(known)) or 'none'}.")


def _dockerfile_path(given: str) -> Path:
    path = Path(given)
    return path / "Dockerfile" if path.is_dir() else path


def run(args: argparse.Namespace) -> int:
    try:
        return _run(args)
    except WorkbenchError as exc:
        print(f"workbench harden: {exc}", file=sys.stderr)
        return 2


def _run(args: argparse.Namespace) -> int:
    from workbench.core.harden.report import to_json, to_sarif
    from workbench.core.harden.run import harden

    path = _dockerfile_path(args.dockerfile)
    context = Path(args.context) if args.context else path.parent
    client = _client(args.endpoint, needed=bool(args.image))
    try:
        report = harden(path, context_dir=context, image=args.image, client=client)
    finally:
        if client is not None:
            client.close()
    _check_fix_ids(args, report)
    to_stdout = "-" in (args.json, args.sarif)  # the document alone: a reader parses it
    if not to_stdout:
        _print(report)
    fixed = _fix(args, report, quiet=to_stdout)
    if args.json:
        data = to_json(report)
        if fixed is not None:
            data["fixed"] = fixed
        _emit(args.json, data)
    if args.sarif:
        _emit(args.sarif, to_sarif(report, path.as_posix()))
    threshold = args.fail_on or report.failure_threshold or "error"
    return 1 if any(f.at_or_above(threshold) for f in report.findings) else 0
