"""A plain (non-editable) install of the wheel gives a working `workbench` with every
resource. The wheel (conftest.py) is built from a copy of the tracked files, as a fresh
clone has them, and installed with --no-deps into a scratch venv; the dependencies come
from the project venv's site-packages through one path line, so the test needs no index
and takes seconds rather than the minute a full resolve and download of PySide6 would."""

from __future__ import annotations

import os
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_wheel_holds_every_resource(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    for resource in sorted(p for p in (ROOT / "resources").rglob("*") if p.is_file()
                           and "__pycache__" not in p.parts):
        assert f"workbench/resources/{resource.relative_to(ROOT / 'resources')}" in names
    assert not any(n.startswith("resources/") for n in names)


def test_installed_wheel_runs_with_its_resources(wheel: Path, tmp_path: Path) -> None:
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / "bin" / "python"
    site = Path(subprocess.run([str(python), "-c", "import sysconfig; print("
                                "sysconfig.get_paths()['purelib'])"], capture_output=True,
                               text=True, check=True).stdout.strip())
    # Dependencies from the project venv; a plain path line does not run that venv's
    # own .pth files, so the checkout's editable install stays out of sys.path.
    (site / "project-deps.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "-q",
                    "--no-deps", "--no-index", str(wheel)], check=True)
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    probe = subprocess.run(
        [str(python), "-c",
         "import workbench, importlib.metadata as m; "
         "from workbench.resource_files import app_icon_path, sample_project; "
         "print(workbench.__file__); print(workbench.__version__); "
         "print(m.version('image-workbench')); "
         "print(app_icon_path().is_file()); print((sample_project()/'Dockerfile').is_file())"],
        cwd=tmp_path, env=env, capture_output=True, text=True, check=True).stdout.split()
    assert probe[0].startswith(str(venv)), probe[0]
    assert probe[1] == probe[2] != "0+unknown"
    assert probe[3:] == ["True", "True"]
    version = subprocess.run([str(venv / "bin" / "workbench"), "--version"], cwd=tmp_path,
                             env=env, capture_output=True, text=True, check=True)
    assert probe[1] in version.stdout
    advise = subprocess.run([str(venv / "bin" / "workbench"), "advise",
                             str(ROOT / "resources" / "samples" / "hello" / "Dockerfile")],
                            cwd=tmp_path, env=env, capture_output=True, text=True)
    assert advise.returncode in (0, 1), advise.stderr
    assert "Traceback" not in advise.stderr
