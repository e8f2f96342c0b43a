#!/usr/bin/env bash
# Install everything (venv, packages, Chromium) and run the whole test suite.
# Extra arguments go to pytest. Fails when no test ran (pytest exit code 5).
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh --browser || exit 1
export ANNLAB_CACHE_DIR=${ANNLAB_CACHE_DIR:-$PWD/.annlab_cache}
.venv/bin/python -m pytest -q "$@"
status=$?
if [ $status -eq 5 ]; then
    echo "No test ran: failing." >&2
    exit 1
fi
exit $status
