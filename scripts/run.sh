#!/usr/bin/env bash
# The main job: install, then open JupyterLab on the teaching notebooks.
# With --headless: run the seed example (three networks) and write its raster plot
# to annlab_output/seed_raster.png instead (extra arguments go to the example).
# ANNLAB_SKIP_INSTALL=1 skips the installation step (used by the tests).
set -euo pipefail
cd "$(dirname "$0")/.."
if [ "${ANNLAB_SKIP_INSTALL:-0}" != "1" ]; then
    bash scripts/install.sh
fi
if [ "${1:-}" = "--headless" ]; then
    shift
    exec .venv/bin/python -m annlab.examples.seed --output annlab_output "$@"
fi
extra=()
if [ "$(id -u)" -eq 0 ]; then
    extra+=(--allow-root)
fi
exec .venv/bin/python -m jupyterlab --notebook-dir=notebooks "${extra[@]}" "$@"
