"""``workbench review SOURCE`` and ``workbench compare A B`` (docs/review.md).

review exit codes: 0 PASS, 1 FAIL, 2 error (bad source, broken .dive-ci or settings,
no engine, unknown format). compare: 0 done, 2 error (its JUnit and SARIF judge the
findings; the exit code does not).
``--ci`` or ``CI=true`` in the environment (read as Go's ParseBool reads it, like dive)
is dive's CI mode: plain text, no colours, no progress line.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError

REVIEW_HELP = "one PASS/FAIL verdict: dive's CI rules, budgets, hardening and hadolint"
COMPARE_HELP = "what changed between two images: layers, files, sizes, config, findings"
REVIEW_FORMATS = ("text", "json", "markdown", "html", "junit", "sarif")
# Review's six formats, as compare_formats.FORMATS lists them (a unit test keeps the two
# equal); named here so that --help needs no import of the core.
COMPARE_FORMATS = REVIEW_FORMATS
_TRUE = {"1", "t", "T", "TRUE", "true", "True"}  # strconv.ParseBool's true spellings


def ci_mode(flag: bool) -> bool:
    return flag or os.environ.get("CI", "") in _TRUE


def register(subparsers: Any) -> None:
    source_help = "image name, docker://NAME, a docker save / OCI archive, or oci://DIR"
    p = subparsers.add_parser("review", help=REVIEW_HELP, description=REVIEW_HELP + ". Exit "
                              "codes: 0 PASS, 1 FAIL, 2 error.")
    p.add_argument("source", help=source_help)
    p.add_argument("--dockerfile", metavar="FILE", help="the Dockerfile it was built from: "
                   "adds the hardening checks, hadolint and Dockerfile lines")
    p.add_argument("--context", metavar="DIR", help="the build context (default: the "
                   "Dockerfile's directory)")
    p.add_argument("--ci", action="store_true", help="dive's CI mode (also CI=true)")
    p.add_argument("--ci-config", metavar="FILE", help="dive CI rules (default: ./.dive-ci "
                   "when present)")
    p.add_argument("--config", metavar="FILE", help="review settings (default: "
                   ".workbench-review.yaml beside the CI rules file)")
    p.add_argument("--fail-on", choices=("error", "warning", "info", "none"),
                   help="lowest hardening severity that fails (default: the settings "
                   "file's hardening.fail-on, else error)")
    p.add_argument("--format", choices=REVIEW_FORMATS, default="text")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE (the "
                   "text verdict still goes to stdout)")
    p.add_argument("--no-hadolint", action="store_true", help="skip hadolint")
    p.add_argument("--endpoint", default=None, help="the engine (default: DOCKER_HOST)")
    p.set_defaults(func=run_review)

    p = subparsers.add_parser("compare", help=COMPARE_HELP, description=COMPARE_HELP +
                              ". Exit codes: 0 done, 2 error.")
    p.add_argument("a", metavar="A", help="the image before: " + source_help)
    p.add_argument("b", metavar="B", help="the image after")
    p.add_argument("--dockerfile", metavar="FILE", help="Dockerfile of both builds (lines "
                   "for the layers and files, hardening findings fixed and introduced)")
    p.add_argument("--dockerfile-a", metavar="FILE", help="Dockerfile of A, when it differs")
    p.add_argument("--dockerfile-b", metavar="FILE", help="Dockerfile of B, when it differs")
    p.add_argument("--format", choices=COMPARE_FORMATS, default="text")
    p.add_argument("--json", action="store_true", help="same as --format json")
    p.add_argument("-o", "--output", metavar="FILE", help="write the report to FILE")
    p.add_argument("--top", type=int, default=30, help="files listed per kind in text "
                   "(default 30; JSON and HTML list all)")
    p.add_argument("--no-hadolint", action="store_true", help="skip hadolint")
    p.add_argument("--endpoint", default=None, help="the engine (default: DOCKER_HOST)")
    p.set_defaults(func=run_compare)


def _client(endpoint: str | None) -> Any:
    """The engine when one answers; archives and layouts need none."""
    from workbench.core.engine.connection import connect

    try:
        return connect(endpoint).client
    except WorkbenchError:
        return None


def _write(text: str | bytes, target: str | None) -> None:
    data = text.encode() if isinstance(text, str) else text
    if target in (None, "-"):
        sys.stdout.flush()
        sys.stdout.buffer.write(data)
        sys.stdout.buffer.flush()
        return
    try:
        Path(str(target)).write_bytes(data)
    except OSError as exc:
        raise WorkbenchError(f"Cannot write {target} ({exc.strerror}).") from None


def progress_line(ci: bool) -> Any:
    from workbench.cli.analyze_cmd import _progress_to_stderr

    return None if ci else _progress_to_stderr()


def _errors_exit_2(func: Any, args: argparse.Namespace, command: str) -> int:
    try:
        return int(func(args))
    except WorkbenchError as exc:
        # Every error is exit 2 here, an absent engine included (other commands say 3).
        print(f"workbench {command}: {exc}", file=sys.stderr)
        return 2


def run_review(args: argparse.Namespace) -> int:
    return _errors_exit_2(_review, args, "review")


def _review(args: argparse.Namespace) -> int:
    from workbench.core.analysis.report_json import json_bytes
    from workbench.core.progress import no_progress
    from workbench.core.review import report
    from workbench.core.review.run import ReviewInputs, engine_reference, load_settings, review

    ci = ci_mode(args.ci)
    fmt = "json" if args.json else args.format
    inputs = ReviewInputs(
        args.source, Path(args.dockerfile) if args.dockerfile else None,
        Path(args.context) if args.context else None,
        Path(args.ci_config) if args.ci_config else None,
        Path(args.config) if args.config else None, args.fail_on,
        use_hadolint=not args.no_hadolint)
    load_settings(inputs)  # broken settings: one sentence, before the engine is asked
    client = _client(args.endpoint) if engine_reference(args.source) or args.dockerfile \
        else None
    reporter = progress_line(ci)
    try:
        result = review(inputs, client=client,
                        progress=reporter if reporter is not None else no_progress)
    finally:
        if reporter is not None:
            reporter.close()
        if client is not None:
            client.close()
    color = not ci and sys.stdout.isatty() and not os.environ.get("NO_COLOR")
    rendered: str | bytes
    if fmt == "json":
        rendered = json_bytes(report.to_json(result))
    elif fmt == "markdown":
        rendered = report.to_markdown(result)
    elif fmt == "html":
        rendered = report.to_html(result)
    elif fmt == "junit":
        rendered = report.to_junit(result)
    elif fmt == "sarif":
        uri = Path(args.dockerfile).as_posix() if args.dockerfile else "Dockerfile"
        rendered = json_bytes(report.to_sarif(result, uri))
    else:
        rendered = report.to_text(result, ci=ci, color=color)
    if args.output and args.output != "-":
        _write(rendered, args.output)
        if fmt != "text":
            sys.stdout.write(report.to_text(result, ci=ci, color=color))
    else:
        _write(rendered, None)
    return 0 if result.passed else 1


def run_compare(args: argparse.Namespace) -> int:
    return _errors_exit_2(_compare, args, "compare")


def _compare(args: argparse.Namespace) -> int:
    from workbench.cli.compare_output import compare_command

    return compare_command(args, _client, _write)
