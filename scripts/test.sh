#!/usr/bin/env bash
# The whole test suite, from a fresh Debian machine (as root): installs what is missing,
# brings up a Docker engine, a local registry and Podman's API when none answers,
# builds the base images locally, runs lint, types and pytest, and stops what it started.
# Extra arguments go to pytest (e.g. scripts/test.sh tests/unit -x).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh test
bash scripts/venv.sh test
py=.venv/bin/python
export WORKBENCH_TEST_STATE=$(mktemp /tmp/workbench-testenv.XXXXXX)
trap '$py scripts/testenv.py down; rm -f "$WORKBENCH_TEST_STATE"' EXIT
# An assignment keeps `set -e` in force: if a service cannot start, stop here.
env_lines=$($py scripts/testenv.py up)
eval "$env_lines"
export QT_QPA_PLATFORM=offscreen
$py -m ruff check workbench tests benchmarks scripts
$py -m mypy
.venv/bin/lint-imports
$py -m pytest "$@"
