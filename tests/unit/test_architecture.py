"""The layers hold: the core stays Qt-free (the CLI and CI import it without a display
or Qt), and the import-linter contracts in pyproject.toml are kept."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

CORE = Path(__file__).resolve().parents[2] / "workbench" / "core"
FORBIDDEN = ("PySide6", "pyqtgraph", "shiboken6", "workbench.gui")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(), filename=str(path))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            names.add(node.module)
    return names


def test_core_has_modules() -> None:
    assert list(CORE.rglob("*.py")), "workbench/core has no modules"


def test_core_never_imports_qt_or_gui() -> None:
    offenders = []
    for path in CORE.rglob("*.py"):
        for name in imported_modules(path):
            if name.split(".")[0] in FORBIDDEN or name.startswith("workbench.gui"):
                offenders.append(f"{path.relative_to(CORE.parent.parent)} imports {name}")
    assert not offenders, offenders


def test_import_contracts_hold() -> None:
    """pyproject.toml's import-linter contracts: no Qt in core, gui and cli above core
    and apart, no import cycles among the window's modules."""
    root = CORE.parents[1]
    done = subprocess.run([str(Path(sys.executable).parent / "lint-imports"), "--no-cache"],
                          cwd=root, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "0 broken" in done.stdout, done.stdout
