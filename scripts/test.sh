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
if [ $# -eq 0 ] && [ $status -eq 0 ]; then
    # The whole suite also passes with the kernels run as Python (NUMBA_DISABLE_JIT=1, ~17 min:
    # scripts/test.sh --backend nojit); CI runs the tests of values that way, ~2 min.
    echo "The value tests again with --backend nojit:"
    .venv/bin/python -m pytest -q --backend nojit tests/test_reference_traces.py tests/test_seed_network.py \
        tests/test_plasticity.py tests/test_features.py tests/test_numerical_methods.py \
        tests/test_builtin_neurons_sim.py tests/test_shared_weights.py tests/test_state_files.py \
        tests/test_population_kinds.py tests/test_batch.py tests/test_lockstep.py tests/test_random_draws.py
    status=$?
fi
if [ $# -eq 0 ] && [ $status -eq 0 ]; then
    # ... and on the NumPy stepper (the whole suite passes there too, ~4 min: scripts/test.sh --backend numpy).
    echo "The value tests again with --backend numpy:"
    .venv/bin/python -m pytest -q --backend numpy tests/test_reference_traces.py tests/test_seed_network.py \
        tests/test_plasticity.py tests/test_features.py tests/test_numerical_methods.py \
        tests/test_builtin_neurons_sim.py tests/test_shared_weights.py tests/test_state_files.py \
        tests/test_population_kinds.py tests/test_batch.py tests/test_lockstep.py tests/test_random_draws.py \
        tests/test_compat_equations.py tests/test_compat_projections.py tests/test_precision.py
    status=$?
fi
exit $status
