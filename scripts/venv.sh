#!/usr/bin/env bash
# Creates .venv (once) and installs the workbench into it, with extras given as $1.
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
# "compat" puts the checkout on sys.path through a plain .pth line: the default mode
# installs an import hook whose start-up costs every `workbench` command ~30 ms.
.venv/bin/python -m pip install -q --disable-pip-version-check \
  --config-settings editable_mode=compat -e ".${extras:+[$extras]}"
