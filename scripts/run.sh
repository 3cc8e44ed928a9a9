#!/usr/bin/env bash
# Installs the workbench into .venv (once) and opens it; arguments go to `workbench`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
# The Debian packages are checked on the first start and again when their list changes:
# the check is a dpkg-query per package, 0.1 s on a quiet machine and over half a second
# on a busy one, which every start would pay. Remove the marker to check again.
checked=$here/.venv/.workbench-system-deps-run
fresh=
if [ ! "$checked" -nt "$here/scripts/system-deps.sh" ]; then
  bash "$here/scripts/system-deps.sh" run
  fresh=1
fi
bash "$here/scripts/venv.sh"
if [ -n "$fresh" ]; then
  touch "$checked"
fi
exec "$here/.venv/bin/workbench" "$@"
