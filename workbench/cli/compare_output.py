"""``workbench compare``'s body: settings, the comparison, the chosen output."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import Any

from workbench.core.errors import WorkbenchError


def compare_command(args: argparse.Namespace, client_of: Callable[[str | None], Any],
                    write: Callable[[str | bytes, str | None], None]) -> int:
    from workbench.core.analysis.ci_rules import check_rules, read_ci_config
    from workbench.core.progress import no_progress
    from workbench.core.review import compare_report
    from workbench.core.review.compare import compare
    from workbench.core.review.compare_formats import render
    from workbench.core.review.run import engine_reference

    fmt = "json" if args.json else args.format
    both = Path(args.dockerfile) if args.dockerfile else None
    dockerfile_a = Path(args.dockerfile_a) if args.dockerfile_a else both
    dockerfile_b = Path(args.dockerfile_b) if args.dockerfile_b else both
    for given in (dockerfile_a, dockerfile_b):
        if given is not None and not given.exists():
            raise WorkbenchError(f"There is no Dockerfile at {given}.")
    ci_path = Path(".dive-ci")
    rules = read_ci_config(ci_path) if ci_path.is_file() else {}
    check_rules(rules)
    needs_engine = any(engine_reference(s) for s in (args.a, args.b)) or bool(
        dockerfile_a or dockerfile_b)
    client = client_of(args.endpoint) if needs_engine else None
    from workbench.cli.review_cmd import ci_mode, progress_line

    reporter = progress_line(ci_mode(False))
    try:
        result = compare(args.a, args.b, dockerfile_a=dockerfile_a, dockerfile_b=dockerfile_b,
                         client=client, rules=rules, use_hadolint=not args.no_hadolint,
                         progress=reporter if reporter is not None else no_progress)
    finally:
        if reporter is not None:
            reporter.close()
        if client is not None:
            client.close()
    write(render(result, fmt, top=args.top), args.output)
    if args.output and args.output != "-" and fmt != "text":
        write(compare_report.to_text(result, args.top), None)
    return 0
