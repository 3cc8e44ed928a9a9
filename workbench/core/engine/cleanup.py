"""``workbench cleanup``: remove the throwaway objects the workbench made, and nothing else.

An object is removed only when it is in the ledger (the workbench recorded making it)
*and* still carries the workbench label (it is still that object). The images the steps
of a throwaway build made (recorded step by step, for a build killed half-way) cannot
carry the label, which the build adds as its last step; they go only while nothing names
them. Images get more checks, because an image the user derived from one of ours must
keep its parent and anything the user named is theirs:

- a tag the workbench did not give it keeps it (``docker tag`` made it the user's);
- an image built ``FROM`` it, or a container made from it, that is not itself being
  removed keeps it;
- removal is never forced, so the engine refuses anything it still needs.

``plan`` only looks; ``execute`` removes what a plan lists. The two are apart so the
command line and the window can show the list and ask first.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.connection import endpoint_url, unavailable
from workbench.core.engine.streaming import call_timeout
from workbench.core.labels import LABEL, LABEL_VALUE
from workbench.core.ledger import Entry, Ledger

LONG_CALL_TIMEOUT = 600.0  # removing an image deletes whole layers
STEP = "build-step"  # an image a step of a throwaway build made (ledger.Entry.kind)


@dataclass(frozen=True, slots=True)
class Candidate:
    entry: Entry
    name: str  # tags, or the short id

    def describe(self) -> str:
        if self.entry.kind == STEP:
            return f"image {self.name} ({self.entry.purpose}, a build step)"
        return f"{self.entry.kind} {self.name} ({self.entry.purpose})"

    def to_json(self) -> dict[str, Any]:
        return {"kind": self.entry.kind, "id": self.entry.id, "name": self.name,
                "purpose": self.entry.purpose}


@dataclass(slots=True)
class CleanupPlan:
    endpoint: str
    remove: list[Candidate] = field(default_factory=list)
    kept: list[tuple[Candidate, str]] = field(default_factory=list)  # and why
    gone: list[Entry] = field(default_factory=list)  # recorded, no longer in the engine

    def to_json(self) -> dict[str, Any]:
        return {"endpoint": self.endpoint, "remove": [c.to_json() for c in self.remove],
                "kept": [{**c.to_json(), "reason": why} for c, why in self.kept]}


@dataclass(slots=True)
class CleanupResult:
    removed: list[Candidate] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)  # sentences

    def to_json(self) -> dict[str, Any]:
        return {"removed": [c.to_json() for c in self.removed], "failed": list(self.failed)}


def _short(object_id: str) -> str:
    return object_id.removeprefix("sha256:")[:12]


def _inspect(client: docker.DockerClient, entry: Entry) -> dict[str, Any] | None:
    try:
        if entry.kind != "container":
            return dict(client.api.inspect_image(entry.id))
        return dict(client.api.inspect_container(entry.id))
    except docker.errors.NotFound:
        return None


def _labelled(attrs: dict[str, Any]) -> bool:
    found = (attrs.get("Config") or {}).get("Labels") or {}
    return found.get(LABEL) == LABEL_VALUE


def _tags(attrs: dict[str, Any]) -> list[str]:
    return [t for t in attrs.get("RepoTags") or [] if t and t != "<none>:<none>"]


def _users(client: docker.DockerClient) -> tuple[dict[str, list[str]], dict[str, list[str]]]:
    """Image id -> ids of the images whose parent it is, and -> the containers using it."""
    children: dict[str, list[str]] = {}
    for raw in client.api.images(all=True):
        parent = str(raw.get("ParentId") or "")
        if parent:
            children.setdefault(parent, []).append(str(raw["Id"]))
    containers: dict[str, list[str]] = {}
    for raw in client.api.containers(all=True):
        containers.setdefault(str(raw.get("ImageID") or ""), []).append(str(raw["Id"]))
    return children, containers


def plan(client: docker.DockerClient, ledger: Ledger | None = None) -> CleanupPlan:
    """What cleanup would remove on this engine, what it keeps and why."""
    ledger = ledger or Ledger()
    endpoint = endpoint_url(client)
    result = CleanupPlan(endpoint)
    try:
        entries = ledger.entries(endpoint)
        found = [(e, _inspect(client, e)) for e in entries]
        children, used_by = _users(client) if entries else ({}, {})
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(endpoint) from None
    removing = {e.id for e, attrs in found
                if attrs is not None and (_labelled(attrs) or e.kind == STEP)}
    looked: list[tuple[Entry, dict[str, Any], list[str], Candidate]] = []
    for entry, attrs in found:
        if attrs is None:
            result.gone.append(entry)
            continue
        tags = _tags(attrs) if entry.kind != "container" else []
        name = (", ".join(tags) or _short(entry.id)) if entry.kind != "container" else \
            (str(attrs.get("Name") or "").lstrip("/") or _short(entry.id))
        looked.append((entry, attrs, tags, Candidate(entry, name)))
    # What is kept keeps its parents: look again until nothing more is kept (a build's
    # step images come before the image made from them, in any order in the ledger).
    reasons: dict[str, str] = {}
    while True:
        found_now = {entry.id: why for entry, attrs, tags, _ in looked if entry.id not in reasons
                     and (why := _keep_reason(entry, attrs, tags, children, used_by,
                                              removing))}
        if not found_now:
            break
        reasons |= found_now
        removing -= found_now.keys()
    for entry, _attrs, _tags_of, candidate in looked:
        if entry.id in reasons:
            result.kept.append((candidate, reasons[entry.id]))
        else:
            result.remove.append(candidate)
    # Containers first (they hold their images), then images newest first (a child
    # before its parent).
    result.remove.sort(key=lambda c: (c.entry.kind != "container", -c.entry.created))
    return result


def _keep_reason(entry: Entry, attrs: dict[str, Any], tags: list[str],
                 children: dict[str, list[str]], used_by: dict[str, list[str]],
                 removing: set[str]) -> str:
    if entry.kind == STEP:
        # A step's image never carries the label (the build's label is its last step).
        # The record says the workbench made it; any name makes it someone's.
        if tags:
            return f"it was tagged {', '.join(tags)}"
    elif not _labelled(attrs):
        return "it no longer carries the workbench label"
    elif entry.kind != "image":
        return ""
    else:
        foreign = [t for t in tags if t not in entry.tags]
        if foreign:
            return f"it was tagged {', '.join(foreign)} outside the workbench"
    derived = [c for c in children.get(entry.id, []) if c not in removing]
    if derived:
        return f"image {_short(derived[0])} was built from it"
    containers = [c for c in used_by.get(entry.id, []) if c not in removing]
    if containers:
        return f"container {_short(containers[0])} uses it"
    return ""


def execute(client: docker.DockerClient, todo: CleanupPlan,
            ledger: Ledger | None = None) -> CleanupResult:
    """Remove what ``todo`` lists; records of what is gone are dropped from the ledger."""
    ledger = ledger or Ledger()
    result = CleanupResult()
    done = [e.id for e in todo.gone]
    with call_timeout(client, LONG_CALL_TIMEOUT):
        for candidate in todo.remove:
            try:
                _remove(client, candidate.entry)
            except docker.errors.NotFound:
                pass  # went with an image removed just before
            except docker.errors.APIError as exc:
                detail = str(exc.explanation or exc).rstrip(".")
                result.failed.append(f"{candidate.describe()}: {detail}")
                continue
            except (docker.errors.DockerException, requests.exceptions.RequestException):
                ledger.forget(done)
                raise unavailable(todo.endpoint) from None
            result.removed.append(candidate)
            done.append(candidate.entry.id)
    ledger.forget(done)
    return result


def _remove(client: docker.DockerClient, entry: Entry) -> None:
    if entry.kind == "container":
        client.api.remove_container(entry.id, force=True, v=True)
        return
    # Never forced: the engine keeps an image that anything still needs. Each tag the
    # workbench gave it goes by name, if it still names this image (a tag moved to
    # another image since is not ours to drop); the last one takes the image with it.
    for tag in entry.tags:
        try:
            if client.api.inspect_image(tag).get("Id") == entry.id:
                client.api.remove_image(tag, force=False)
        except docker.errors.NotFound:
            continue
    with contextlib.suppress(docker.errors.NotFound):
        client.api.remove_image(entry.id, force=False)
