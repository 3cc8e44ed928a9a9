"""``workbench registry push|pull|digest`` (article §4.1): per-layer progress, digests."""

from __future__ import annotations

import argparse
import signal
import sys
import threading
from dataclasses import asdict

from workbench.cli.json_out import print_json
from workbench.core.engine import registry
from workbench.core.engine.connection import connect
from workbench.core.progress import CancelToken, ProgressEvent


class _Progress:
    def __init__(self) -> None:
        self.tty = sys.stderr.isatty()

    def __call__(self, event: ProgressEvent) -> None:
        if event.total and self.tty:
            sys.stderr.write(f"\r\033[K{event.done / 1e6:.1f}/{event.total / 1e6:.1f} MB  "
                             f"{event.message[:60]}")
        elif not event.total or event.message.endswith(("Pushed", "Pull complete",
                                                        "Layer already exists")):
            sys.stderr.write(("\r\033[K" if self.tty else "") + event.message + "\n")
        sys.stderr.flush()


def _transfer(args: argparse.Namespace, action: str) -> int:
    cancel = CancelToken()
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGINT, lambda *_: cancel.cancel())
    with connect(args.endpoint) as engine:
        run = registry.push if action == "push" else registry.pull
        result = run(engine.client, args.reference, _Progress(), cancel)
    if args.json:
        print_json(asdict(result))
        return 0
    print(f"{result.reference} {result.digest}")
    for digest in result.repo_digests:
        print(f"  RepoDigest: {digest}")
    return 0


def _digest(args: argparse.Namespace) -> int:
    with connect(args.endpoint) as engine:
        digest = registry.remote_digest(engine.client, args.reference)
    print(registry.pinned_reference(args.reference, digest) if args.pin else digest)
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    top = subparsers.add_parser("registry", help="push, pull, and resolve digests",
                                description="Exit codes: 0 ok, 3 no engine, 4 registry "
                                "unreachable/refused/needs credentials, 130 cancelled.")
    sub = top.add_subparsers(dest="registry_command", metavar="SUBCOMMAND")
    push = sub.add_parser("push", help="push name:tag with per-layer progress")
    push.set_defaults(func=lambda a: _transfer(a, "push"))
    pull = sub.add_parser("pull", help="pull name:tag with per-layer progress")
    pull.set_defaults(func=lambda a: _transfer(a, "pull"))
    digest = sub.add_parser("digest", help="the registry's current digest of name:tag "
                            "(no pull)")
    digest.add_argument("--pin", action="store_true", help="print name:tag@digest for FROM")
    digest.set_defaults(func=_digest)
    for parser in (push, pull, digest):
        parser.add_argument("reference", help="e.g. 127.0.0.1:5000/app:1")
        parser.add_argument("-H", "--endpoint")
    for parser in (push, pull):
        parser.add_argument("--json", action="store_true")
