#!/usr/bin/env bash
# Create .venv (if needed) and install annlab with its notebook and test extras.
# Usage: scripts/install.sh [--browser]   (--browser also installs Debian's chromium and OpenMPI, and mpi4py)
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e ".[notebook,test]"
# annlab's own jitted helpers, compiled now instead of by the first network (annlab.sim.precompile)
.venv/bin/python -m annlab.sim.precompile --quiet
# --browser: the test suite's system parts too: Debian's chromium (widgets driven in a real browser)
# and OpenMPI (ipyparallel engines started by the MPI launcher), then mpi4py against that OpenMPI.
if [ "${1:-}" = "--browser" ]; then
    missing=()
    command -v chromium >/dev/null 2>&1 || missing+=(chromium)
    command -v mpiexec >/dev/null 2>&1 || missing+=(openmpi-bin libopenmpi-dev)
    if [ ${#missing[@]} -gt 0 ]; then
        if command -v apt-get >/dev/null 2>&1; then
            SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
            $SUDO apt-get update -qq && $SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
        else
            echo "${missing[*]} not found and apt-get unavailable: browser and MPI tests will be skipped" >&2
        fi
    fi
    if command -v mpiexec >/dev/null 2>&1; then
        .venv/bin/python -m pip install --quiet mpi4py
    fi
fi
