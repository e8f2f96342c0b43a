#!/usr/bin/env bash
# Install the peer simulators compared by benchmarks/suite.py, each into its own
# virtual environment under benchmarks/.peers/ (gitignored):
#   benchmarks/.peers/annarchy  ANNarchy 4.8.2.7 (+ cython, cmake; needs g++ on PATH)
#   benchmarks/.peers/brian2    Brian2 (+ cython; numpy<2.4: Brian2 2.9 uses ndarray.ptp) for the runtime/cython and C++ standalone targets
# Usage: benchmarks/setup_peers.sh [annarchy|brian2 ...]   (default: both)
# Idempotent; a failed install leaves that peer absent and the suite skips it.
set -u
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PEERS="$HERE/.peers"
PYTHON="${PYTHON:-python3}"
mkdir -p "$PEERS"

for tool in g++ make; do
  command -v "$tool" >/dev/null || echo "warning: $tool not on PATH (apt-get install build-essential)" >&2
done

install_peer() {  # name, packages...
  local name="$1"; shift
  local venv="$PEERS/$name"
  echo "== $name -> $venv"
  [ -x "$venv/bin/python" ] || "$PYTHON" -m venv "$venv" || return 1
  "$venv/bin/python" -m pip install -q --upgrade pip setuptools wheel || return 1
  "$venv/bin/python" -m pip install -q "$@" || return 1
  echo "$name: installed"
}

status=0
targets=("$@"); [ ${#targets[@]} -eq 0 ] && targets=(annarchy brian2)
for peer in "${targets[@]}"; do
  case "$peer" in
    annarchy) install_peer annarchy "annarchy==4.8.2.7" cython cmake psutil || { echo "annarchy: FAILED" >&2; status=1; } ;;
    brian2)   install_peer brian2 brian2 "numpy<2.4" cython psutil || { echo "brian2: FAILED" >&2; status=1; } ;;
    *) echo "unknown peer: $peer" >&2; status=1 ;;
  esac
done
exit $status
