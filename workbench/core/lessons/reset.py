"""Reset workshop: remove exactly what the ledger says lessons made, nothing else.

Containers go first (they hold images), then the names lessons gave, then pushed
manifests in their registry, then the images lessons made, children before parents.
An image is kept, and said so, when someone else named it, a container not of the
workshop uses it, or an image built on it is not the workshop's. Images are removed
without pruning parents: an untagged parent may be someone's build cache.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests
import requests.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.engine.registry import split_reference
from workbench.core.lessons.ledger import Entry, WorkshopLedger

REGISTRY_TIMEOUT = 10


@dataclass(slots=True)
class ResetReport:
    removed: list[str] = field(default_factory=list)  # "container 1a2b3c", "tag x:y"...
    kept: list[str] = field(default_factory=list)  # sentences: what stayed and why

    @property
    def clean(self) -> bool:
        return not self.kept


def _exists_container(client: docker.DockerClient, container_id: str) -> bool:
    try:
        client.api.inspect_container(container_id)
        return True
    except docker.errors.NotFound:
        return False


def _image(client: docker.DockerClient, image: str) -> dict[str, Any] | None:
    try:
        return dict(client.api.inspect_image(image))
    except docker.errors.ImageNotFound:
        return None


def _containers(client: docker.DockerClient, entries: list[Entry], report: ResetReport,
                done: list[Entry]) -> None:
    for entry in entries:
        if _exists_container(client, entry.id):
            try:
                client.api.remove_container(entry.id, force=True, v=True)
            except docker.errors.APIError as exc:
                report.kept.append(f"container {entry.id[:12]}: {exc.explanation}")
                continue
            report.removed.append(f"container {entry.id[:12]}")
        done.append(entry)


def _tags(client: docker.DockerClient, entries: list[Entry], ours: set[str],
          report: ResetReport, done: list[Entry]) -> None:
    for entry in entries:
        for name in entry.tags:
            attrs = _image(client, name)
            if attrs is None or attrs.get("Id") != entry.id:
                continue  # gone, or the name was moved to another image since
            others = [t for t in attrs.get("RepoTags") or [] if t != name]
            if entry.id not in ours and not others:
                # Its last name: removing it would delete an image lessons did not make.
                report.kept.append(f"tag {name}: the only name of an image the workshop did "
                                   "not make")
                continue
            try:
                client.api.remove_image(name, force=False, noprune=True)
            except docker.errors.APIError as exc:
                report.kept.append(f"tag {name}: {exc.explanation}")
                continue
            report.removed.append(f"tag {name}")
        done.append(entry)


def _pushes(entries: list[Entry], report: ResetReport, done: list[Entry]) -> None:
    for entry in entries:
        reference = entry.tags[0] if entry.tags else ""
        repo, _tag = split_reference(reference)
        host, _, name = repo.partition("/")
        url = f"http://{host}/v2/{name}/manifests/{entry.id}"
        try:
            answer = requests.delete(url, timeout=REGISTRY_TIMEOUT)
        except requests.exceptions.RequestException:
            report.kept.append(f"push {reference}: the registry {host} is unreachable, so the "
                               "pushed manifest stays there")
            continue
        if answer.status_code in (200, 202, 404):
            if answer.status_code != 404:
                report.removed.append(f"push {reference}@{entry.id[:19]}")
            done.append(entry)
        else:
            report.kept.append(f"push {reference}: the registry {host} refused to delete it "
                               f"(HTTP {answer.status_code}; deletion may be disabled there)")


def _images(client: docker.DockerClient, entries: list[Entry], report: ResetReport,
            done: list[Entry]) -> None:
    pending = {e.id: e for e in entries}
    refusals: dict[str, str] = {}
    for _pass in range(len(pending) + 1):
        progressed = False
        for image_id, entry in sorted(pending.items(), key=lambda item: -item[1].created):
            attrs = _image(client, image_id)
            if attrs is None:
                done.append(entry)
                del pending[image_id]
                progressed = True
                continue
            names = [t for t in attrs.get("RepoTags") or [] if t != "<none>:<none>"]
            if names:
                refusals[image_id] = f"now also named {', '.join(names)} by someone else"
                continue
            used = client.api.containers(all=True, filters={"ancestor": image_id})
            if used:
                refusals[image_id] = "a container not made by the workshop uses it"
                continue
            try:
                client.api.remove_image(image_id, force=False, noprune=True)
            except docker.errors.APIError as exc:
                refusals[image_id] = str(exc.explanation)  # e.g. a child not removed yet
                continue
            report.removed.append(f"image {image_id.removeprefix('sha256:')[:12]}")
            refusals.pop(image_id, None)
            done.append(entry)
            del pending[image_id]
            progressed = True
        if not pending or not progressed:
            break
    for image_id in pending:
        report.kept.append(f"image {image_id.removeprefix('sha256:')[:12]}: "
                           f"{refusals.get(image_id, 'not removed')}")


def reset(client: docker.DockerClient, ledger: WorkshopLedger | None = None) -> ResetReport:
    """Remove what lessons made on this engine; the ledger forgets what is gone."""
    ledger = ledger if ledger is not None else WorkshopLedger()
    endpoint = endpoint_url(client)
    entries = ledger.entries(endpoint)
    report = ResetReport()
    done: list[Entry] = []
    by_kind = {kind: [e for e in entries if e.kind == kind]
               for kind in ("container", "tag", "push", "image")}
    ours = {e.id for e in by_kind["image"]}
    try:
        _containers(client, by_kind["container"], report, done)
        _tags(client, by_kind["tag"], ours, report, done)
        _pushes(by_kind["push"], report, done)
        _images(client, by_kind["image"], report, done)
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint) from None
    finally:
        with contextlib.suppress(OSError):
            ledger.forget(done)
    return report
