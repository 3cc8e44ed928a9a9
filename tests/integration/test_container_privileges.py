"""No container the workbench creates is privileged or reaches into the host.

The session's audit (tests/container_audit.py) inspects every container the suite
makes; here the rule itself is checked on the engine, and on the containers of the
manual flow and of a smoke run, inspected while they exist."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest

from tests.container_audit import PROBE_LABEL, Audit, problems
from workbench.core.engine import containers as ops
from workbench.core.harden.verify import smoke_run
from workbench.core.labels import PURPOSE_LABEL

pytestmark = pytest.mark.engine


def test_the_rule_sees_privileges_and_host_binds(docker_client: Any, tmp_path: Any) -> None:
    granted = docker_client.api.create_container(
        "busybox:latest", ["true"], labels={PROBE_LABEL: "true"},
        host_config=docker_client.api.create_host_config(
            privileged=True, binds=[f"{tmp_path}:/host:ro"], cap_add=["SYS_ADMIN"],
            pid_mode="host", network_mode="none"))["Id"]
    plain = docker_client.api.create_container(
        "busybox:latest", ["true"],
        host_config=docker_client.api.create_host_config(network_mode="none"))["Id"]
    try:
        found = problems(docker_client.api.inspect_container(granted))
        assert found == ["privileged", "added capabilities ['SYS_ADMIN']",
                         f"host binds ['{tmp_path}']", "PidMode=host"]
        assert problems(docker_client.api.inspect_container(plain)) == []
    finally:
        for container in (granted, plain):
            docker_client.api.remove_container(container, force=True)


def test_manual_flow_and_smoke_run_containers_are_plain(docker_client: Any,
                                                        docker_host: str) -> None:
    result = ops.run_container(docker_client, "busybox:latest", ["true"])
    shell = ops.start_shell(docker_client, "busybox:latest")
    try:
        for container in (result.container.id, shell.id):
            attrs = docker_client.api.inspect_container(container)
            assert problems(attrs) == [] and attrs["HostConfig"]["NetworkMode"] == "none"
    finally:
        for container in (result.container.id, shell.id):
            with contextlib.suppress(Exception):
                docker_client.api.remove_container(container, force=True)

    # A smoke run removes its containers: an audit following the engine inspects them
    # (its own run and the `id -u` one).
    audit = Audit(docker_host)
    assert audit.start()
    try:
        smoke = smoke_run(docker_client, "busybox:latest", has_shell=True, timeout=10)
        assert smoke.started and smoke.uid == 0
        done = threading.Event()
        for _ in range(50):
            smoke_seen = [c for c, labels in audit.seen
                          if labels.get(PURPOSE_LABEL) == "harden"]
            if len(smoke_seen) >= 2:
                done.set()
                break
            done.wait(0.1)
        assert done.is_set()
        assert not [f for f in audit.findings if any(c[:12] in f for c in smoke_seen)]
    finally:
        audit.stop()
