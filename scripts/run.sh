#!/usr/bin/env bash
# The main job: install, then open JupyterLab on the teaching notebooks.
# With --headless: run the seed example (three networks) and write its raster plot
# to annlab_output/seed_raster.png instead.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/install.sh
if [ "${1:-}" = "--headless" ]; then
    exec .venv/bin/python -m annlab.examples.seed --output annlab_output
fi
exec .venv/bin/python -m jupyterlab --notebook-dir=notebooks "$@"
