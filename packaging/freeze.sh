#!/usr/bin/env bash
# Builds the frozen one-folder app with PyInstaller: <dist>/workbench/workbench runs
# without Python installed. usage: packaging/freeze.sh [DIST_DIR [WORK_DIR]]
# (defaults: dist/ and build/ in the checkout). Needs the `package` extra:
#   bash scripts/venv.sh package
# PyInstaller rather than pyside6-deploy: pyside6-deploy drives Nuitka, which compiles
# everything to C (many minutes on two cores, and a C compiler), and it takes its
# settings from a pysidedeploy.spec around one main file; PyInstaller collects the
# same PySide6 plugins through its own hooks in about a minute and keeps the build a
# plain folder whose contents a test can inspect.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
dist=${1:-$here/dist}
work=${2:-$here/build}
python=${PYTHON:-$here/.venv/bin/python}
"$python" -m PyInstaller --noconfirm --log-level WARN --distpath "$dist" --workpath "$work" \
  "$here/packaging/frozen/workbench.spec"
echo "$dist/workbench/workbench"
