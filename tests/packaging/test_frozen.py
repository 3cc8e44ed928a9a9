"""The frozen one-folder build (packaging/freeze.sh, PyInstaller) runs without the venv.

The build is made once per test run into a scratch folder (about half a minute once
PyInstaller's cache is warm, a minute or two cold). The window test starts the frozen
program under a private Xvfb with the sample project shipped inside the build and
watches the X server, not the program, for the window: it must be mapped with the
desktop file's window class and icon, open the project, load every analysis panel, and
stop on SIGTERM with exit code 0, and nothing on stderr may be a traceback or an error.
Skip it with ``-m "not frozen"`` while working on something else.
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
from workbench import APP_ID

pytest.importorskip("PyInstaller", reason="needs the package extra (PyInstaller)")
pytest.importorskip("Xlib", reason="needs python-xlib (the test extra)")
if shutil.which("Xvfb") is None:
    pytest.skip("needs Xvfb (Debian package xvfb)", allow_module_level=True)

from tests.packaging.x_display import XServer, stop  # after the skips: needs Xlib

pytestmark = pytest.mark.frozen
ROOT = Path(__file__).resolve().parents[2]
PANELS = ("Timeline", "Files", "Overlay", "Sizes", "Harden")


@pytest.fixture(scope="module")
def frozen(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The built folder: ``workbench`` (the program), ``hadolint`` and ``_internal/``."""
    base = tmp_path_factory.mktemp("frozen")
    env = {**os.environ, "PYTHON": sys.executable}
    subprocess.run(["bash", str(ROOT / "packaging" / "freeze.sh"), str(base / "dist"),
                    str(base / "work")], env=env, check=True, timeout=1200,
                   stdout=subprocess.DEVNULL)
    folder = base / "dist" / "workbench"
    assert (folder / "workbench").is_file()
    return folder


def _scratch_env(tmp_path: Path) -> dict[str, str]:
    # The frozen program must not lean on the checkout or the venv: neither is on its
    # path, and the working directory is elsewhere.
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    env.update(XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CACHE_HOME=str(tmp_path / "cache"), PATH="/usr/bin:/bin")
    return env


def test_frozen_folder_holds_resources_and_hadolint_but_no_test_tools(frozen: Path) -> None:
    bundled = frozen / "_internal" / "workbench" / "resources"
    for resource in (p for p in (ROOT / "resources").rglob("*")
                     if p.is_file() and "__pycache__" not in p.parts):
        assert (bundled / resource.relative_to(ROOT / "resources")).is_file(), resource
    hadolint = frozen / "hadolint"
    assert hadolint.is_file() and os.access(hadolint, os.X_OK)
    for unneeded in ("pytest", "mypy", "hypothesis", "PyInstaller", "tkinter"):
        assert not (frozen / "_internal" / unneeded).exists(), unneeded


def test_frozen_cli_has_its_version_and_finds_hadolint(frozen: Path, tmp_path: Path) -> None:
    env = _scratch_env(tmp_path)
    version = subprocess.run([str(frozen / "workbench"), "--version"], cwd=tmp_path, env=env,
                             capture_output=True, text=True, timeout=60)
    assert version.returncode == 0, version.stderr
    assert workbench.__version__ in version.stdout
    dockerfile = frozen / "_internal" / "workbench" / "resources" / "samples" / "hello" \
        / "Dockerfile"
    harden = subprocess.run([str(frozen / "workbench"), "harden", str(dockerfile)],
                            cwd=tmp_path, env=env, capture_output=True, text=True, timeout=120)
    assert harden.returncode in (0, 1), harden.stderr
    assert "Traceback" not in harden.stderr
    assert "IW-HL-" in harden.stdout  # a finding of hadolint's: the bundled one ran


def test_frozen_window_comes_up_with_the_sample_project(frozen: Path, tmp_path: Path) -> None:
    project = tmp_path / "hello"
    shutil.copytree(frozen / "_internal" / "workbench" / "resources" / "samples" / "hello",
                    project)
    log = tmp_path / "stderr.txt"
    with XServer() as x, log.open("wb") as stderr:
        launch = x.launch([frozen / "workbench", project], title="Image Workbench",
                          env=_scratch_env(tmp_path), cwd=tmp_path, timeout=60,
                          stderr=stderr)
        try:
            assert launch.seconds is not None, log.read_text()
            # StartupWMClass in the .desktop file matches the class of WM_CLASS on X11.
            assert launch.wm_class[-1:] == (APP_ID,)
            assert x.has_icon(launch.window)  # the SVG from resources/, through Qt's plugin
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline and not (
                    "Dockerfile" in x.title(launch.window)
                    and all(f"{name} panel ready" in log.read_text() for name in PANELS)):
                assert launch.process.poll() is None, log.read_text()
                time.sleep(0.2)
            assert "Dockerfile" in x.title(launch.window), log.read_text()
            assert all(f"{name} panel ready" in log.read_text() for name in PANELS), \
                log.read_text()
        finally:
            code = stop(launch.process)
    text = log.read_text()
    assert code == 0, text
    assert "Traceback" not in text and "ERROR" not in text, text
