"""Checks on the real engine: containers, images, their files, history and digests.

A check never trusts what the action said it did: it asks the engine again, so a
trainee who did the step by hand in a terminal can press Check as well.
"""

from __future__ import annotations

import os.path
from typing import Any

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine import containers
from workbench.core.engine.connection import unavailable
from workbench.core.engine.storage import container_graph_driver, image_history
from workbench.core.errors import EngineOperationError
from workbench.core.harden.checks_user import is_root
from workbench.core.harden.imagefs import ImageFacts, read_image
from workbench.core.lessons.operations import Verdict, check
from workbench.core.lessons.workshop import Workshop


def _inspect(ws: Workshop, image: str) -> dict[str, Any] | None:
    try:
        return dict(ws.client.api.inspect_image(image))
    except docker.errors.ImageNotFound:
        return None
    except (docker.errors.DockerException, requests.exceptions.RequestException):
        raise unavailable(ws.endpoint) from None


def _missing(image: str) -> Verdict:
    return Verdict(False, f"There is no image {image} in the engine.",
                   "Run the step's action, or do it by hand as the reveal shows.")


def _facts(ws: Workshop, image: str) -> ImageFacts:
    return read_image(ws.client, image, lambda _path, _layer, _size: False, ws.cancel)


@check("image_exists")
def image_exists(ws: Workshop, *, image: str) -> Verdict:
    """An image by this name or id is in the engine."""
    attrs = _inspect(ws, image)
    if attrs is None:
        return _missing(image)
    return Verdict(True, f"{image} is {str(attrs['Id'])[:19]}.")


@check("image_has_file")
def image_has_file(ws: Workshop, *, image: str, path: str, present: bool = True) -> Verdict:
    """A path is (or, with present = false, is not) in the image's final filesystem."""
    if _inspect(ws, image) is None:
        return _missing(image)
    there = _facts(ws, image).has(path)
    if there == present:
        return Verdict(True, f"{path} is {'' if there else 'not '}in {image}.")
    return Verdict(False, f"{path} is {'' if there else 'not '}in {image}.",
                   "Look at the step's Dockerfile or commands again, then rerun the action.")


@check("container_state")
def container_state(ws: Workshop, *, container: str, state: str = "exited",
                    changed: str = "") -> Verdict:
    """A container is in a state (exited, running) and, optionally, added or changed a path."""
    try:
        found = containers.get_container(ws.client, container)
    except EngineOperationError:
        return Verdict(False, f"There is no container {container[:12]}.",
                       "Run the step's action again.")
    if found.state != state:
        return Verdict(False, f"Container {found.short_id} is {found.state}, not {state}.")
    message = f"Container {found.short_id} ({found.name}) is {found.state}: {found.status}."
    if changed:
        changes = {c.path: c.kind for c in containers.container_changes(ws.client, found.id)}
        if changed not in changes:
            return Verdict(False, f"Container {found.short_id} did not change {changed}.",
                           "Create the file inside the container, then check again.")
        message += f" docker diff shows {changes[changed]} {changed}."
    return Verdict(True, message)


@check("history")
def history(ws: Workshop, *, image: str, contains: str = "", missing: bool | None = None,
            rows_at_least: int = 1) -> Verdict:
    """An image's history has a row made by some command, and ``<missing>`` rows or none."""
    if _inspect(ws, image) is None:
        return _missing(image)
    rows = image_history(ws.client, image)
    if len(rows) < rows_at_least:
        return Verdict(False, f"{image} has {len(rows)} history rows, fewer than "
                       f"{rows_at_least}.")
    if contains and not any(contains in r.created_by for r in rows):
        return Verdict(False, f"No history row of {image} was made by '{contains}'.")
    gone = sum(r.missing for r in rows)
    if missing is not None and bool(gone) != missing:
        what = f"{gone} rows are <missing>" if gone else "no row is <missing>"
        return Verdict(False, f"In the history of {image} {what}.")
    return Verdict(True, f"{image} has {len(rows)} history rows, {gone} of them <missing>.")


def _layers(attrs: dict[str, Any]) -> int:
    return len((attrs.get("RootFS") or {}).get("Layers") or [])


@check("compare_images")
def compare_images(ws: Workshop, *, image: str, other: str, fewer_layers: bool = False,
                   smaller: bool = False) -> Verdict:
    """One image has fewer layers and/or fewer bytes than another."""
    mine, theirs = _inspect(ws, image), _inspect(ws, other)
    if mine is None:
        return _missing(image)
    if theirs is None:
        return _missing(other)
    facts = (f"{image}: {_layers(mine)} layers, {mine.get('Size')} bytes; "
             f"{other}: {_layers(theirs)} layers, {theirs.get('Size')} bytes.")
    if fewer_layers and _layers(mine) >= _layers(theirs):
        return Verdict(False, facts, f"{image} should have fewer layers than {other}.")
    if smaller and int(mine.get("Size") or 0) >= int(theirs.get("Size") or 0):
        return Verdict(False, facts, f"{image} should be smaller than {other}.")
    return Verdict(True, facts)


@check("storage_dirs")
def storage_dirs(ws: Workshop, *, container: str, image: str, upper_has: str = "") -> Verdict:
    """A running container's overlay dirs: one lower dir per image layer (plus its init
    layer), an upper dir, a merged dir; optionally a path written into the upper dir."""
    info = container_graph_driver(ws.client, container)
    attrs = _inspect(ws, image)
    if attrs is None:
        return _missing(image)
    if info.driver not in ("overlay2", "overlay"):
        return Verdict(False, f"The engine stores containers with {info.driver}, not overlay: "
                       "this lesson needs the overlay2 storage driver.")
    layers = _layers(attrs)
    if len(info.lower_dirs) < layers:
        return Verdict(False, f"{len(info.lower_dirs)} lower dirs for {layers} image layers.")
    message = (f"{info.driver}: {len(info.lower_dirs)} lower dirs for {layers} image layers "
               "(the extra one is the container's init layer), upper and merged dirs set.")
    if upper_has:
        if not info.readable:
            return Verdict(True, message + " The upper dir is on the engine's host and cannot "
                           "be read from here.")
        if not os.path.lexists(os.path.join(info.upper_dir, upper_has.lstrip("/"))):
            return Verdict(False, f"{upper_has} is not in the upper dir {info.upper_dir}.")
        message += f" {upper_has} is in the upper dir, not in any lower dir."
    return Verdict(True, message)


@check("repo_digest")
def repo_digest(ws: Workshop, *, image: str) -> Verdict:
    """An image has a RepoDigest: it went through a registry (push or pull)."""
    attrs = _inspect(ws, image)
    if attrs is None:
        return _missing(image)
    digests = [str(d) for d in attrs.get("RepoDigests") or []]
    if not digests:
        return Verdict(False, f"{image} has no RepoDigests: it has not been pushed or pulled.",
                       "Push it to a registry first.")
    return Verdict(True, f"{image} has RepoDigests {', '.join(digests)}.")


@check("built_from_digest")
def built_from_digest(ws: Workshop, *, image: str, base: str) -> Verdict:
    """An image was built on a base pinned by digest, and the base is that digest's image."""
    attrs, base_attrs = _inspect(ws, image), _inspect(ws, base)
    if attrs is None:
        return _missing(image)
    if base_attrs is None:
        return _missing(base)
    if "@sha256:" not in base:
        return Verdict(False, f"{base} is not pinned by digest.")
    mine = (attrs.get("RootFS") or {}).get("Layers") or []
    below = (base_attrs.get("RootFS") or {}).get("Layers") or []
    if mine[:len(below)] != below:
        return Verdict(False, f"{image} is not built on {base}.")
    return Verdict(True, f"{image} is built on {base}, its layers start with the base's "
                   f"{len(below)}.")


@check("user")
def user(ws: Workshop, *, image: str, root: bool = False) -> Verdict:
    """The image's default user is (or is not) root, as the config and ``id -u`` say."""
    attrs = _inspect(ws, image)
    if attrs is None:
        return _missing(image)
    configured = str((attrs.get("Config") or {}).get("User") or "")
    result = containers.run_container(ws.client, image, ["id", "-u"])
    ws.record_container(result.container.id)
    containers.remove_container(ws.client, result.container.id)
    uid = result.output.strip()
    is_root_now = is_root(configured) or uid == "0"
    seen = f"{image} runs as USER '{configured or '(none: root)'}', id -u prints {uid}."
    if is_root_now != root:
        return Verdict(False, seen, "Add a USER line after the last step that needs root.")
    return Verdict(True, seen)


@check("setid_files")
def setid_files(ws: Workshop, *, image: str, none: bool = True) -> Verdict:
    """The image's final filesystem has no set-uid/set-gid file (or, none = false, some)."""
    if _inspect(ws, image) is None:
        return _missing(image)
    found = sorted(e.path for e in _facts(ws, image).final.values()
                   if e.kind == "file" and e.mode & 0o6000)
    listed = ", ".join(found[:12]) + (" ..." if len(found) > 12 else "")
    if none and found:
        return Verdict(False, f"{len(found)} set-id files in {image}: {listed}.",
                       "Strip the bits with find / -perm /6000 (not +6000).")
    if not none and not found:
        return Verdict(False, f"No set-id file in {image}.")
    return Verdict(True, f"{len(found)} set-id files in {image}" + (f": {listed}." if found
                                                                  else "."))
