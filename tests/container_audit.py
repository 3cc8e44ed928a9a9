"""Every container created during the test run is inspected: none may be privileged or
reach into the host (host binds, devices, added capabilities, host namespaces).

Nothing the workbench runs needs any of that: smoke runs, the manual flow and the
engine's own build containers all work in a plain container with no network. A thread
per engine follows the engine's ``create`` events and inspects each container at once;
one removed before it could be inspected (a build step's container lives for
milliseconds) is counted, not guessed at. The session fails on any finding.
"""

from __future__ import annotations

import contextlib
import threading
from dataclasses import dataclass, field
from typing import Any

# Set to "host" only when asked for; cgroupns is left out: "host" is dockerd 20.10's
# default on a cgroup v1 machine, not something a container was given.
# A test that proves the rule makes a container that breaks it on purpose, with this label.
PROBE_LABEL = "io.image-workbench.test-audit-probe"
HOST_NAMESPACES = ("PidMode", "IpcMode", "NetworkMode", "UTSMode", "UsernsMode")


def problems(attrs: dict[str, Any]) -> list[str]:
    """What a container's configuration grants beyond a plain container."""
    host = attrs.get("HostConfig") or {}
    found = []
    if host.get("Privileged"):
        found.append("privileged")
    if host.get("CapAdd"):
        found.append(f"added capabilities {host['CapAdd']}")
    if host.get("Devices"):
        found.append(f"host devices {[d.get('PathOnHost') for d in host['Devices']]}")
    binds = [str(b).split(":", 1)[0] for b in host.get("Binds") or []]
    binds += [m.get("Source", "") for m in attrs.get("Mounts") or [] if m.get("Type") == "bind"]
    if binds:
        found.append(f"host binds {sorted(set(binds))}")
    for key in HOST_NAMESPACES:
        if host.get(key) == "host":
            found.append(f"{key}=host")
    if any("unconfined" in str(opt) for opt in host.get("SecurityOpt") or []):
        found.append(f"security options {host['SecurityOpt']}")
    return found


@dataclass
class Audit:
    host: str
    inspected: int = 0
    gone: int = 0  # removed before the inspection
    findings: list[str] = field(default_factory=list)
    seen: list[tuple[str, dict[str, str]]] = field(default_factory=list)  # id, labels
    _stream: Any = None
    _client: Any = None
    _thread: threading.Thread | None = None

    def start(self) -> bool:
        import docker

        try:
            self._client = docker.DockerClient(base_url=self.host, timeout=30)
            self._stream = self._client.events(decode=True, filters={"type": "container",
                                                                      "event": "create"})
        except Exception:
            return False
        self._thread = threading.Thread(target=self._follow, name=f"audit {self.host}",
                                        daemon=True)
        self._thread.start()
        return True

    def _follow(self) -> None:
        import docker.errors

        with contextlib.suppress(Exception):  # the stream ends when stop() closes it
            for event in self._stream:
                container = str(event.get("id") or (event.get("Actor") or {}).get("ID", ""))
                if not container:
                    continue
                try:
                    attrs = self._client.api.inspect_container(container)
                except docker.errors.NotFound:
                    self.gone += 1
                    continue
                self.inspected += 1
                labels = dict((attrs.get("Config") or {}).get("Labels") or {})
                self.seen.append((container, labels))
                found = problems(attrs)
                if found and PROBE_LABEL not in labels:
                    name = str(attrs.get("Name", "")).lstrip("/")
                    self.findings.append(f"container {container[:12]} ({name}, image "
                                         f"{attrs.get('Config', {}).get('Image')}): "
                                         + "; ".join(found))

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self._stream.close()
        if self._thread is not None:
            self._thread.join(5)
        with contextlib.suppress(Exception):
            self._client.close()


def report(session: Any, audits: list[Audit]) -> None:
    """Stop following the engines; fail the session on any finding."""
    import pytest

    for audit in audits:
        audit.stop()
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    write = reporter.write_line if reporter is not None else print
    findings = [f"  {f} in {a.host}" for a in audits for f in a.findings]
    seen = sum(a.inspected for a in audits)
    if seen or findings:
        write("")
        gone = sum(a.gone for a in audits)
        write(f"Container audit: {seen} inspected, {gone} removed before inspection.")
    if findings:
        write("Containers with more than their job needs:")
        for line in findings:
            write(line)
        session.exitstatus = pytest.ExitCode.TESTS_FAILED
