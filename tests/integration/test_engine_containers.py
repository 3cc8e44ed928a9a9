"""The manual flow of article §1.1 on the real engine (run, diff, commit, tag, remove,
exec) and storage inspection (§2.1, §2.3): history, GraphDriver dirs, and a
container's upper dir with a whiteout and an opaque directory as they are on disk."""

from __future__ import annotations

import contextlib
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from workbench.core.engine import containers as ops
from workbench.core.engine import storage
from workbench.core.errors import EngineOperationError
from workbench.core.labels import LABEL

pytestmark = pytest.mark.engine
ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def made(docker_client: Any) -> Any:
    """Containers and images a test creates, removed afterwards whatever happens."""
    things: dict[str, list[str]] = {"containers": [], "images": []}
    yield things
    for container in things["containers"]:
        with contextlib.suppress(Exception):
            docker_client.api.remove_container(container, force=True)
    for image in reversed(things["images"]):
        with contextlib.suppress(Exception):
            docker_client.api.remove_image(image, force=True)


def test_run_diff_commit_tag_remove(docker_client: Any, made: dict[str, list[str]],
                                    unique_tag: str) -> None:
    script = ("echo hi > /newfile && rm /bin/ls && mkdir -p /etc/x && "
              "touch /bin/busybox && echo out")
    result = ops.run_container(docker_client, "busybox:latest", ["sh", "-c", script])
    made["containers"].append(result.container.id)
    assert result.exit_code == 0 and result.output == "out\n"
    # The user's own container, as `docker run` makes it: not labelled as a throwaway.
    assert not result.container.ours and result.container.state == "exited"

    recent = ops.list_containers(docker_client, limit=50)
    assert result.container.id in [c.id for c in recent]
    ours = ops.list_containers(docker_client, limit=0, only_workbench=True)
    assert all(c.ours for c in ours) and result.container.id not in [c.id for c in ours]

    changes = {(c.kind, c.path) for c in ops.container_changes(docker_client,
                                                                 result.container.id)}
    assert {("A", "/newfile"), ("D", "/bin/ls"), ("A", "/etc/x"), ("C", "/bin/busybox"),
            ("C", "/bin"), ("C", "/etc")} <= changes

    image_id = ops.commit(docker_client, result.container.id, unique_tag, "v1",
                          author="Ann <ann@example.com>", message="add newfile",
                          changes=['CMD ["cat", "/newfile"]', "ENV MODE=manual",
                                   "USER 65534"])
    made["images"].append(image_id)
    attrs = docker_client.api.inspect_image(image_id)
    assert attrs["Author"] == "Ann <ann@example.com>"
    assert attrs["Comment"] == "add newfile"
    assert attrs["Config"]["Cmd"] == ["cat", "/newfile"]
    assert "MODE=manual" in attrs["Config"]["Env"] and attrs["Config"]["User"] == "65534"
    assert LABEL not in (attrs["Config"]["Labels"] or {})
    assert f"{unique_tag}:v1" in attrs["RepoTags"]

    assert ops.tag_image(docker_client, image_id, f"{unique_tag}:shown") == \
        f"{unique_tag}:shown"
    output = docker_client.containers.run(f"{unique_tag}:shown", remove=True,
                                          network_mode="none")
    assert output == b"hi\n"

    history = storage.image_history(docker_client, f"{unique_tag}:v1")
    assert history[0].id == image_id and history[0].comment == "add newfile"
    assert history[0].size > 0

    ops.remove_container(docker_client, result.container.id)
    with pytest.raises(EngineOperationError, match="No container"):
        ops.container_changes(docker_client, result.container.id)


def test_failed_command_keeps_exit_code(docker_client: Any,
                                        made: dict[str, list[str]]) -> None:
    result = ops.run_container(docker_client, "busybox:latest", ["sh", "-c", "exit 7"])
    made["containers"].append(result.container.id)
    assert result.exit_code == 7


def test_missing_image_is_a_sentence(docker_client: Any) -> None:
    with pytest.raises(EngineOperationError, match=r"No image .*build or pull it first"):
        ops.run_container(docker_client, "workbench-no-such-image:404", ["true"])


def test_exec_and_attach_in_a_running_shell(docker_client: Any,
                                            made: dict[str, list[str]]) -> None:
    shell = ops.start_shell(docker_client, "busybox:latest")
    made["containers"].append(shell.id)
    assert shell.state == "running"
    code, output = ops.exec_in(docker_client, shell.id, ["sh", "-c", "echo $((6*7))"])
    assert (code, output) == (0, "42\n")
    code, _ = ops.exec_in(docker_client, shell.id, ["sh", "-c", "exit 5"])
    assert code == 5
    sock = ops.attach_socket(docker_client, shell.id)
    try:
        sock.settimeout(10)
        sock.sendall(b"echo attached-$((1+1))\n")
        received = b""
        while b"attached-2" not in received:
            chunk = sock.recv(4096)
            if not chunk:
                break
            received += chunk
        assert b"attached-2" in received
    finally:
        sock.close()


def test_upper_dir_shows_whiteout_and_opaque_dir(docker_client: Any,
                                                 made: dict[str, list[str]]) -> None:
    # A directory in the image, removed and recreated in the container: opaque.
    base = docker_client.api.create_container("busybox:latest", ["true"],
                                              labels={LABEL: "true"})
    made["containers"].append(base["Id"])
    docker_client.api.put_archive(base["Id"], "/", _tar({"data/old.txt": b"old\n"}))
    image = docker_client.api.commit(base["Id"], changes=[f"LABEL {LABEL}=true"])["Id"]
    made["images"].append(image)
    result = ops.run_container(docker_client, image, [
        "sh", "-c", "rm /bin/ls && rm -rf /data && mkdir /data && echo new > /data/new.txt"])
    made["containers"].append(result.container.id)

    driver = storage.container_graph_driver(docker_client, result.container.id)
    assert driver.driver == "overlay2"
    assert driver.upper_dir.endswith("/diff") and driver.merged_dir.endswith("/merged")
    assert driver.work_dir.endswith("/work") and len(driver.lower_dirs) >= 2
    image_driver = storage.image_graph_driver(docker_client, image)
    assert image_driver.upper_dir in driver.lower_dirs

    entries = {e.path: e for e in storage.container_upper_listing(docker_client,
                                                                   result.container.id)}
    assert entries["bin/ls"].kind == "whiteout"
    assert "character device 0/0" in entries["bin/ls"].note
    assert entries["data"].kind == "opaque-dir"
    assert "trusted.overlay.opaque=y" in entries["data"].note
    assert entries["data/new.txt"].kind == "file" and entries["data/new.txt"].size == 4
    # Cross-check with the kernel's view: the whiteout really is a 0/0 char device.
    st = os.lstat(os.path.join(driver.upper_dir, "bin/ls"))
    assert os.major(st.st_rdev) == 0 and os.minor(st.st_rdev) == 0


def test_upper_dir_not_readable_is_a_sentence(tmp_path: Path) -> None:
    with pytest.raises(storage.NotReadableHereError, match=r"Cannot read .* from here"):
        storage.list_upper_dir(str(tmp_path / "elsewhere"))


def test_cli_manual_flow(docker_client: Any, made: dict[str, list[str]],
                         unique_tag: str) -> None:
    name = f"{unique_tag}-c"
    made["containers"].append(name)
    made["images"].append(f"{unique_tag}:cli")

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "workbench", *args],
                              capture_output=True, text=True, timeout=120, cwd=ROOT,
                              env={**os.environ, "PYTHONPATH": str(ROOT)})

    run = cli("containers", "run", "--name", name, "busybox:latest", "--", "sh", "-c",
              "touch /made-by-cli")
    assert run.returncode == 0, run.stderr
    diff = cli("containers", "diff", name)
    assert "A /made-by-cli" in diff.stdout.splitlines()
    commit = cli("containers", "commit", name, f"{unique_tag}:cli", "-m", "cli commit",
                 "-c", 'CMD ["ls", "/made-by-cli"]')
    assert commit.returncode == 0 and commit.stdout.startswith("sha256:")
    history = cli("history", f"{unique_tag}:cli")
    assert history.returncode == 0 and "touch /made-by-cli" in history.stdout
    upper = cli("storage", "upper", name)
    assert "file" in upper.stdout and "made-by-cli" in upper.stdout
    missing = cli("containers", "diff", "workbench-no-such-container")
    assert missing.returncode == 4 and "No container" in missing.stderr
    assert "Traceback" not in missing.stderr


def _tar(files: dict[str, bytes]) -> bytes:
    import io
    import tarfile

    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w") as tar:
        dirs = {str(Path(p).parent) for p in files}
        for directory in sorted(dirs):
            info = tarfile.TarInfo(directory)
            info.type = tarfile.DIRTYPE
            info.mode = 0o755
            tar.addfile(info)
        for path, data in files.items():
            info = tarfile.TarInfo(path)
            info.size = len(data)
            tar.addfile(info, io.BytesIO(data))
    return buffer.getvalue()
