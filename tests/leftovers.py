"""The test run leaves nothing behind: a check at the end of the session.

At the start the session notes what exists (images, containers, registry tags, files in
the user's real cache/config/data/state dirs of the workbench); at the end anything
created since then that is still there fails the run, listed. Only objects created after
the start count, so what was there before, and the base images, are never blamed.

Objects carry nothing that says which run made them, so a run that overlapped another
one on the same machine cannot blame anything: each run notes its start and end in a
small file under the temp dir, and the check is skipped (and says so) when another run
was going at the same time. ``WORKBENCH_TEST_LEFTOVERS=0`` turns it off altogether.
"""

from __future__ import annotations

import contextlib
import json
import os
import tempfile
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

# Registry API: the manifest kinds a push of ours may have stored.
MANIFEST_TYPES = ", ".join([
    "application/vnd.docker.distribution.manifest.v2+json",
    "application/vnd.docker.distribution.manifest.list.v2+json",
    "application/vnd.oci.image.manifest.v1+json",
    "application/vnd.oci.image.index.v1+json",
])


def _get_json(url: str) -> Any:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.load(response)


def _catalog(address: str) -> list[str]:
    """Every repository name, page by page (the registry caps a page at 1000)."""
    repos: list[str] = []
    url: str | None = f"http://{address}/v2/_catalog?n=1000"
    while url:
        with urllib.request.urlopen(url, timeout=10) as response:
            repos += json.load(response).get("repositories") or []
            link = response.headers.get("Link", "")
        # Link: </v2/_catalog?last=x&n=1000>; rel="next"
        url = f"http://{address}{link[1:link.index('>')]}" if link.startswith("<") else None
    return repos


def registry_tags(address: str) -> dict[str, set[str]]:
    """Every repository of the registry with its tags (empty repositories left out)."""
    found: dict[str, set[str]] = {}
    for repo in _catalog(address):
        try:
            tags = _get_json(f"http://{address}/v2/{repo}/tags/list").get("tags") or []
        except urllib.error.HTTPError:
            continue  # NAME_UNKNOWN: no tag left
        if tags:
            found[repo] = set(tags)
    return found


def delete_tag(address: str, repo: str, tag: str) -> None:
    """Delete the manifest ``repo:tag`` names (the registry has deletion enabled)."""
    head = urllib.request.Request(f"http://{address}/v2/{repo}/manifests/{tag}", method="HEAD",
                                  headers={"Accept": MANIFEST_TYPES})
    try:
        with urllib.request.urlopen(head, timeout=10) as response:
            digest = response.headers["Docker-Content-Digest"]
    except urllib.error.HTTPError as exc:
        if exc.code == 404:
            return
        raise
    delete = urllib.request.Request(f"http://{address}/v2/{repo}/manifests/{digest}",
                                    method="DELETE")
    try:
        with urllib.request.urlopen(delete, timeout=10):
            pass
    except urllib.error.HTTPError as exc:
        if exc.code != 404:
            raise


def delete_new_tags(address: str, before: dict[str, set[str]]) -> None:
    for repo, tags in registry_tags(address).items():
        for tag in sorted(tags - before.get(repo, set())):
            delete_tag(address, repo, tag)


def _files(root: Path) -> dict[str, float]:
    if not root.exists():
        return {}
    return {str(p): p.stat().st_mtime for p in [root, *root.rglob("*")]}


def real_user_dirs() -> list[Path]:
    """The workbench's dirs as the user's environment (not the test's) names them."""
    home = Path.home()
    env = {key: os.environ.get(key, "") for key in
           ("XDG_CACHE_HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME")}
    defaults = {"XDG_CACHE_HOME": home / ".cache", "XDG_CONFIG_HOME": home / ".config",
                "XDG_DATA_HOME": home / ".local" / "share",
                "XDG_STATE_HOME": home / ".local" / "state"}
    return [(Path(env[k]) if env[k] else default) / "image-workbench"
            for k, default in defaults.items()]


RUNS_DIR = Path(tempfile.gettempdir()) / "workbench-test-runs"
_RUN_RECORDS_KEPT = 24 * 3600  # seconds a finished run's record is kept


def _pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def note_run(started: float, ended: float | None = None) -> None:
    """This run's record: its start, and its end once it has one."""
    RUNS_DIR.mkdir(exist_ok=True)
    record = RUNS_DIR / f"{os.getpid()}-{int(started)}.json"
    record.write_text(json.dumps({"pid": os.getpid(), "started": started, "ended": ended}))


def overlapping_runs(started: float) -> list[int]:
    """Pids of other test runs that were going at some time since ``started``."""
    found, now = [], time.time()
    for record in RUNS_DIR.glob("*.json"):
        try:
            run = json.loads(record.read_text())
            pid, ended = int(run["pid"]), run.get("ended")
        except (OSError, ValueError, KeyError, TypeError):
            continue
        if ended is not None and now - float(ended) > _RUN_RECORDS_KEPT:
            with contextlib.suppress(OSError):
                record.unlink()
            continue
        if pid == os.getpid():
            continue
        if ended is None and not _pid_alive(pid):
            continue  # killed without an end: its record says nothing more
        if ended is None or float(ended) >= started:
            found.append(pid)
    return found


@dataclass
class Snapshot:
    started: float
    engines: dict[str, tuple[set[str], set[str]]] = field(default_factory=dict)
    registry: dict[str, set[str]] | None = None
    user_files: dict[str, dict[str, float]] = field(default_factory=dict)


def _engine_objects(host: str) -> tuple[set[str], set[str]] | None:
    import docker

    try:
        client = docker.DockerClient(base_url=host, timeout=30)
        try:
            images = {i["Id"] for i in client.api.images(all=True)}
            containers = {c["Id"] for c in client.api.containers(all=True)}
        finally:
            client.close()
    except Exception:
        return None
    return images, containers


def _new_engine_objects(host: str, before: tuple[set[str], set[str]],
                        started: float) -> list[str]:
    import docker

    client = docker.DockerClient(base_url=host, timeout=30)
    try:
        left = []
        for image in client.api.images(all=True):
            if image["Id"] not in before[0] and int(image.get("Created") or 0) >= started:
                names = [t for t in image.get("RepoTags") or [] if t != "<none>:<none>"]
                left.append(f"image {', '.join(names) or image['Id'][7:19]}")
        for container in client.api.containers(all=True):
            if container["Id"] not in before[1] and int(container.get("Created") or 0) >= started:
                left.append(f"container {container['Id'][:12]} ({container.get('Image')})")
        return left
    finally:
        client.close()


def _engines() -> list[str]:
    hosts = [os.environ.get("DOCKER_HOST", ""), os.environ.get("WORKBENCH_TEST_PODMAN", "")]
    return [h for h in hosts if h]


def take(user_dirs: list[Path]) -> Snapshot:
    # Engines report creation in whole seconds: a second's slack never blames an object
    # made just before the start, and objects made in the same second are rare.
    snap = Snapshot(started=int(time.time()) - 1)
    with contextlib.suppress(OSError):
        note_run(snap.started)
    for host in _engines():
        objects = _engine_objects(host)
        if objects is not None:
            snap.engines[host] = objects
    address = os.environ.get("WORKBENCH_TEST_REGISTRY", "")
    if address:
        try:
            snap.registry = registry_tags(address)
        except (OSError, ValueError):
            snap.registry = None
    snap.user_files = {str(d): _files(d) for d in user_dirs}
    return snap


def leftovers(snap: Snapshot) -> list[str]:
    found: list[str] = []
    for host, before in snap.engines.items():
        found += [f"{what} in {host}" for what in _new_engine_objects(host, before,
                                                                       snap.started)]
    address = os.environ.get("WORKBENCH_TEST_REGISTRY", "")
    if address and snap.registry is not None:
        for repo, tags in registry_tags(address).items():
            for tag in sorted(tags - snap.registry.get(repo, set())):
                found.append(f"registry tag {address}/{repo}:{tag}")
    for root, before_files in snap.user_files.items():
        for path, mtime in _files(Path(root)).items():
            if before_files.get(path) != mtime:
                found.append(f"file written in the user's dir: {path}")
    return found


def enabled() -> bool:
    return os.environ.get("WORKBENCH_TEST_LEFTOVERS", "1") != "0"


def report(session: pytest.Session, snap: Snapshot) -> None:
    """Fail the session when something created during it is still there."""
    with contextlib.suppress(OSError):
        note_run(snap.started, time.time())
    others = overlapping_runs(snap.started)
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if others:
        if reporter is not None:
            reporter.write_line(f"Leftover check skipped: other test runs (pids "
                                f"{', '.join(map(str, others))}) shared the machine.")
        return
    try:
        found = leftovers(snap)
    except Exception as exc:  # an engine gone at the end is the fault tests' business
        found = [f"(the leftover check could not run: {exc})"]
    if not found:
        return
    lines = ["The test run left these behind:", *(f"  {f}" for f in found)]
    if reporter is not None:
        reporter.write_line("")
        for line in lines:
            reporter.write_line(line, red=True)
    else:
        print("\n".join(lines))
    session.exitstatus = pytest.ExitCode.TESTS_FAILED
