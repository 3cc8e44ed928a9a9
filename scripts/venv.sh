#!/usr/bin/env bash
# Creates .venv (once) and installs the workbench into it, with extras given as $1.
# Re-installs only when an install input changed: a stamp file holds their checksum,
# so a start with nothing changed costs a checksum, not a pip run (~6 s).
set -euo pipefail
cd "$(dirname "$0")/.."
extras=${1:-}
if [ ! -x .venv/bin/python ]; then
  python3 -m venv .venv
fi
stamp=.venv/.workbench-install-${extras:-base}
# What pip reads to install: the project file, and the Python version of the venv.
inputs=$(cat pyproject.toml; .venv/bin/python -c 'import sys; print(sys.version)')
sum=$(printf '%s' "$inputs" | sha256sum | cut -d' ' -f1)
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$sum" ]; then
  exit 0
fi
# "compat" puts the checkout on sys.path through a plain .pth line: the default mode
# installs an import hook whose start-up costs every `workbench` command ~30 ms.
.venv/bin/python -m pip install -q --disable-pip-version-check \
  --config-settings editable_mode=compat -e ".${extras:+[$extras]}"
printf '%s\n' "$sum" > "$stamp"
