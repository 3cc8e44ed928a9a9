"""The window's translations: ``update`` gathers every translatable string of
workbench/gui into the .ts sources under resources/i18n (keeping what is translated),
``compile`` turns them into the .qm catalogues the window loads. Run ``update``, fill in
the new entries (Qt Linguist: ``pyside6-linguist``, or any editor), then ``compile``.

    python scripts/i18n.py update|compile
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
I18N = ROOT / "resources" / "i18n"
SOURCES = ROOT / "workbench" / "gui"
LANGUAGES = ("zh_CN",)


def _tool(name: str) -> str:
    return str(Path(sys.executable).parent / name)


def ts_file(language: str) -> Path:
    return I18N / f"workbench_{language}.ts"


def qm_file(language: str) -> Path:
    return I18N / f"workbench_{language}.qm"


def update() -> None:
    sources = sorted(str(p.relative_to(ROOT)) for p in SOURCES.rglob("*.py"))
    for language in LANGUAGES:
        subprocess.run([_tool("pyside6-lupdate"), "-no-obsolete", "-locations", "relative",
                        "-target-language", language, *sources,
                        "-ts", str(ts_file(language).relative_to(ROOT))],
                       cwd=ROOT, check=True)


def compile_catalogues(out_dir: Path = I18N) -> list[Path]:
    made = []
    for language in LANGUAGES:
        target = out_dir / qm_file(language).name
        subprocess.run([_tool("pyside6-lrelease"), "-silent", str(ts_file(language)),
                        "-qm", str(target)], check=True)
        made.append(target)
    return made


if __name__ == "__main__":
    command = sys.argv[1] if len(sys.argv) > 1 else ""
    if command == "update":
        update()
    elif command == "compile":
        compile_catalogues()
    else:
        sys.exit(__doc__)
