#!/usr/bin/env python3
"""Bring up (and tear down) the real components the test suite talks to.

``up`` prints shell ``export`` lines; ``down`` stops, by PID, only what ``up`` started.
Reuses an engine/registry that already answers. Base images are built locally
(nothing can be pulled here) and reused when present:

- ``busybox:latest`` from Debian's busybox-static,
- ``debian:bookworm`` from ``debootstrap --variant=minbase`` + ``docker import``.

State lives in /run/workbench-test (PIDs, sockets) and /var/lib/workbench-test
(engine data-root, registry storage, debootstrap tarball) so that reruns are cheap.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path

RUN_DIR = Path(os.environ.get("WORKBENCH_TEST_RUN", "/run/workbench-test"))
DATA_DIR = Path(os.environ.get("WORKBENCH_TEST_DATA", "/var/lib/workbench-test"))
# Which processes this `up` started; `down` stops exactly those. A caller that wants
# its own bookkeeping (scripts/test.sh) passes WORKBENCH_TEST_STATE.
STATE = Path(os.environ.get("WORKBENCH_TEST_STATE", str(RUN_DIR / "state.json")))
# Each can be moved so that a second set of services runs beside one that answers.
DOCKER_SOCK = Path(os.environ.get("WORKBENCH_TEST_DOCKER_SOCK", str(RUN_DIR / "docker.sock")))
PODMAN_SOCK = Path(os.environ.get("WORKBENCH_TEST_PODMAN_SOCK", str(RUN_DIR / "podman.sock")))
REGISTRY = os.environ.get("WORKBENCH_TEST_REGISTRY_ADDR", "127.0.0.1:5000")
# Set to 0 to start an engine of our own even when the system one answers.
REUSE_SYSTEM_ENGINE = os.environ.get("WORKBENCH_TEST_REUSE_SYSTEM", "1") != "0"
LABEL = "io.image-workbench.test-base=true"


def log(msg: str) -> None:
    print(f"[testenv] {msg}", file=sys.stderr, flush=True)


def load_state() -> dict[str, int]:
    try:
        return json.loads(STATE.read_text())
    except (OSError, ValueError):
        return {}


def save_state(state: dict[str, int]) -> None:
    STATE.parent.mkdir(parents=True, exist_ok=True)
    STATE.write_text(json.dumps(state))


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except OSError:
        return False
    return True


def engine_answers(host: str) -> bool:
    try:
        import docker

        client = docker.DockerClient(base_url=host, timeout=5)
        ok = bool(client.ping())
        client.close()
        return ok
    except Exception:
        return False


def wait_for(predicate, what: str, seconds: float) -> None:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise SystemExit(f"[testenv] {what} did not come up within {seconds:.0f} s")


def start_dockerd(state: dict[str, int]) -> str:
    candidates = [os.environ.get("DOCKER_HOST"), "unix:///var/run/docker.sock"]
    for host in [*filter(None, candidates if REUSE_SYSTEM_ENGINE else []),
                 f"unix://{DOCKER_SOCK}"]:
        if engine_answers(host):
            log(f"using the engine already answering at {host}")
            return host
    if not shutil.which("dockerd"):
        raise SystemExit("[testenv] dockerd is not installed (scripts/system-deps.sh installs it)")
    host = f"unix://{DOCKER_SOCK}"
    DOCKER_SOCK.parent.mkdir(parents=True, exist_ok=True)
    DOCKER_SOCK.unlink(missing_ok=True)
    logf = open(RUN_DIR / "dockerd.log", "ab")  # noqa: SIM115 - lives as long as dockerd
    proc = subprocess.Popen(
        ["dockerd", "--iptables=false", "--ip6tables=false", "--bridge=none",
         "--experimental", "--storage-driver=overlay2",
         "--data-root", str(DATA_DIR / "docker"), "--exec-root", str(RUN_DIR / "exec"),
         "--pidfile", str(RUN_DIR / "dockerd.pid"), "--host", host],
        stdout=logf, stderr=subprocess.STDOUT, start_new_session=True,
    )
    state["dockerd"] = proc.pid
    save_state(state)
    # A data-root left by a killed engine makes dockerd remove every stale network
    # sandbox before it answers (about 0.15 s each here): give it time.
    wait_for(lambda: engine_answers(host), "dockerd", 600)
    log(f"started dockerd (pid {proc.pid}) at {host}")
    return host


def registry_answers() -> bool:
    try:
        with urllib.request.urlopen(f"http://{REGISTRY}/v2/", timeout=3) as resp:
            return resp.status == 200
    except Exception:
        return False


def start_registry(state: dict[str, int]) -> None:
    if registry_answers():
        log(f"using the registry already answering at {REGISTRY}")
        return
    binary = shutil.which("docker-registry")
    if not binary:
        raise SystemExit("[testenv] docker-registry is not installed")
    storage = DATA_DIR / "registry"
    storage.mkdir(parents=True, exist_ok=True)
    config = RUN_DIR / "registry.yml"
    config.write_text(
        "version: 0.1\nlog:\n  level: warn\nstorage:\n  filesystem:\n"
        f"    rootdirectory: {storage}\n  delete:\n    enabled: true\n"
        f"http:\n  addr: {REGISTRY}\n"
    )
    logf = open(RUN_DIR / "registry.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen([binary, "serve", str(config)], stdout=logf,
                            stderr=subprocess.STDOUT, start_new_session=True)
    state["registry"] = proc.pid
    save_state(state)
    wait_for(registry_answers, "docker-registry", 30)
    log(f"started docker-registry (pid {proc.pid}) at {REGISTRY}")


def start_podman(state: dict[str, int]) -> str | None:
    host = f"unix://{PODMAN_SOCK}"
    for answering in filter(None, [os.environ.get("WORKBENCH_TEST_PODMAN") if
                                   REUSE_SYSTEM_ENGINE else None, host]):
        if engine_answers(answering):
            log(f"using the Podman service already answering at {answering}")
            return answering
    if not shutil.which("podman"):
        log("podman is not installed: podman tests will fail")
        return None
    PODMAN_SOCK.parent.mkdir(parents=True, exist_ok=True)
    PODMAN_SOCK.unlink(missing_ok=True)
    logf = open(RUN_DIR / "podman.log", "ab")  # noqa: SIM115
    proc = subprocess.Popen(["podman", "system", "service", "--time=0", host],
                            stdout=logf, stderr=subprocess.STDOUT, start_new_session=True)
    state["podman"] = proc.pid
    save_state(state)
    try:
        wait_for(lambda: engine_answers(host), "podman service", 30)
    except SystemExit as exc:
        log(str(exc))
        return None
    log(f"started podman service (pid {proc.pid}) at {host}")
    return host


def image_present(host: str, name: str) -> bool:
    return subprocess.run(["docker", "-H", host, "image", "inspect", name],
                          capture_output=True).returncode == 0


def build_busybox(host: str) -> None:
    if image_present(host, "busybox:latest"):
        return
    src = Path("/bin/busybox")
    if not src.exists() or (b"static" not in subprocess.run(
            ["file", "-L", str(src)], capture_output=True).stdout and not Path(
            "/usr/share/doc/busybox-static").exists()):
        raise SystemExit("[testenv] busybox-static is not installed")
    with tempfile.TemporaryDirectory(prefix="workbench-test-") as ctx:
        shutil.copy2(src, Path(ctx) / "busybox")
        (Path(ctx) / "Dockerfile").write_text(
            "FROM scratch\nCOPY busybox /bin/busybox\n"
            'RUN ["/bin/busybox", "--install", "-s", "/bin"]\nCMD ["sh"]\n'
        )
        subprocess.run(["docker", "-H", host, "build", "-q", "--label", LABEL,
                        "-t", "busybox:latest", ctx], check=True, stdout=subprocess.DEVNULL)
    log("built busybox:latest from busybox-static")


def debian_mirror() -> str:
    """The Debian archive apt already uses (the only one reachable here)."""
    for path in [Path("/etc/apt/sources.list"), *Path("/etc/apt/sources.list.d").glob("*")]:
        try:
            text = path.read_text()
        except OSError:
            continue
        for stanza in text.split("\n\n"):
            uris = re.findall(r"^URIs:\s*(\S+)", stanza, re.M)
            suites = re.findall(r"^Suites:\s*(.*)$", stanza, re.M)
            if uris and suites and "bookworm" in suites[0].split():
                return uris[0]
            for line in stanza.splitlines():
                m = re.match(r"deb\s+(?:\[[^]]*\]\s+)?(\S+)\s+bookworm\s", line)
                if m:
                    return m.group(1)
    return "http://deb.debian.org/debian"


def build_debian(host: str) -> None:
    if image_present(host, "debian:bookworm"):
        return
    tarball = DATA_DIR / "debian-bookworm-minbase.tar"
    if not tarball.exists():
        if not shutil.which("debootstrap"):
            raise SystemExit("[testenv] debootstrap is not installed")
        root = Path(tempfile.mkdtemp(prefix="workbench-debootstrap-", dir=DATA_DIR))
        try:
            log("debootstrap bookworm (minbase), about a minute")
            subprocess.run(["debootstrap", "--variant=minbase", "bookworm", str(root),
                            debian_mirror()], check=True, stdout=subprocess.DEVNULL)
            partial = tarball.with_suffix(".partial")
            subprocess.run(["tar", "-C", str(root), "--numeric-owner", "-cf", str(partial), "."],
                           check=True)
            partial.rename(tarball)
        finally:
            subprocess.run(["rm", "-rf", "--one-file-system", str(root)], check=False)
    subprocess.run(["docker", "-H", host, "import", "--change", 'CMD ["bash"]',
                    "--change", f"LABEL {LABEL}", str(tarball), "debian:bookworm"],
                   check=True, stdout=subprocess.DEVNULL)
    log("imported debian:bookworm from debootstrap")


def up() -> None:
    # Only what this call starts is recorded: an engine that already answers (the
    # user's, or one a previous run left) is used and never stopped by `down`.
    state: dict[str, int] = {}
    # Every directory anything below writes to exists first, whichever services answer.
    for directory in (RUN_DIR, DATA_DIR, DATA_DIR / "docker"):
        directory.mkdir(parents=True, exist_ok=True)
    save_state(state)
    host = start_dockerd(state)
    start_registry(state)
    podman = start_podman(state)
    build_busybox(host)
    build_debian(host)
    print(f"export DOCKER_HOST={host}")
    print(f"export WORKBENCH_TEST_REGISTRY={REGISTRY}")
    if podman:
        print(f"export WORKBENCH_TEST_PODMAN={podman}")
    print("export WORKBENCH_TEST_REQUIRE_ENGINE=1")


def down() -> None:
    state = load_state()
    for name, pid in state.items():
        if not pid_alive(pid):
            continue
        log(f"stopping {name} (pid {pid})")
        try:
            os.killpg(pid, signal.SIGTERM)
        except OSError:
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 60  # dockerd stops its containers first
        while pid_alive(pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, os.WNOHANG)
            time.sleep(0.2)
        if pid_alive(pid):
            os.killpg(pid, signal.SIGKILL)
    STATE.unlink(missing_ok=True)


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "up":
        up()
    elif command == "down":
        down()
    else:
        raise SystemExit("usage: testenv.py up|down")
