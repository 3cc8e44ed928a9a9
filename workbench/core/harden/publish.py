"""A digest for a local-only base: push it to a registry the user names, then pin it.

An image built or loaded locally has no manifest digest until a registry stores it
(article §4.1), so ``FROM name:tag@sha256:…`` cannot be written for it. Pushing gives
the digest; the pinned FROM then names the pushed copy, which is what a rebuild pulls.
The user's image gains one tag (``REGISTRY/name:tag``) and is otherwise untouched.
"""

from __future__ import annotations

import docker
import docker.errors
import requests.exceptions

from workbench.core.engine.registry import pinned_reference, push, registry_of, split_reference
from workbench.core.harden.fixes import Fix, LineEdit
from workbench.core.harden.model import Finding, HardenError
from workbench.core.progress import CancelToken, ProgressCallback, no_progress


def pushed_name(reference: str, registry: str) -> str:
    """``busybox:latest`` pushed to ``host:5000`` is ``host:5000/busybox:latest``."""
    registry = registry.strip().rstrip("/")
    if not registry or "/" in registry or " " in registry:
        raise HardenError(f"{registry or 'An empty name'} is not a registry address: give "
                          "host or host:port, such as localhost:5000.")
    repo, tag = split_reference(reference)
    if registry_of(reference) != "docker.io":
        repo = repo.split("/", 1)[1]
    return f"{registry}/{repo}:{tag}"


def push_and_pin(client: docker.DockerClient, finding: Finding, text: str, registry: str,
                 progress: ProgressCallback = no_progress,
                 cancel: CancelToken | None = None) -> Fix:
    """Push the finding's unpinned image to ``registry``; the fix that pins the pushed copy."""
    line = finding.evidence.line
    reference = finding.evidence.image or ""
    lines = text.splitlines()
    if finding.id != "IW-BASE-DIGEST" or not reference or not line or line > len(lines) \
            or reference not in lines[line - 1]:
        raise HardenError("This finding is not about an unpinned image on a line of the "
                          "Dockerfile: check again.")
    target = pushed_name(reference, registry)
    repo, tag = split_reference(target)
    try:
        client.api.tag(reference, repo, tag)
    except docker.errors.ImageNotFound:
        raise HardenError(f"The engine has no image {reference} to push.") from None
    except (docker.errors.DockerException, requests.exceptions.RequestException) as exc:
        raise HardenError(f"Cannot tag {reference} as {target}: {exc}.") from None
    result = push(client, target, progress, cancel)
    if not result.digest:
        raise HardenError(f"The registry {registry} gave no digest for {target}.")
    pinned = pinned_reference(target, result.digest)
    edit = LineEdit(line, line, (lines[line - 1].replace(reference, pinned, 1),))
    return Fix(f"Pin {reference} to the pushed copy {pinned}.", [edit], safe=False)
