"""packaging/: the desktop entry and AppStream metainfo pass the freedesktop
validators, and the icon script renders every hicolor size from the SVG."""

from __future__ import annotations

import shutil
import struct
import subprocess
from pathlib import Path

import pytest

from workbench import APP_ID

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"


def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.fail(f"{name} is missing: scripts/system-deps.sh test installs it")
    return path


def test_metainfo_validates() -> None:
    result = subprocess.run([_tool("appstreamcli"), "validate", "--no-net",
                             str(PACKAGING / f"{APP_ID}.metainfo.xml")],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_desktop_entry_validates() -> None:
    result = subprocess.run([_tool("desktop-file-validate"),
                             str(PACKAGING / f"{APP_ID}.desktop")],
                            capture_output=True, text=True)
    assert result.returncode == 0 and not result.stdout.strip(), result.stdout


def test_icon_script_renders_every_size(tmp_path: Path) -> None:
    _tool("rsvg-convert")
    subprocess.run(["bash", str(PACKAGING / "make-icons.sh"), str(tmp_path)], check=True)
    assert (tmp_path / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    for size in (16, 24, 32, 48, 64, 128, 256, 512):
        png = (tmp_path / f"{size}x{size}" / "apps" / f"{APP_ID}.png").read_bytes()
        assert png[:8] == b"\x89PNG\r\n\x1a\n"
        width, height = struct.unpack(">II", png[16:24])  # the IHDR chunk
        assert (width, height) == (size, size)
