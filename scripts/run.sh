#!/usr/bin/env bash
# Installs the workbench into .venv (once) and opens it; arguments go to `workbench`.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bash "$here/scripts/system-deps.sh" run
bash "$here/scripts/venv.sh"
exec "$here/.venv/bin/workbench" "$@"
