"""Compile the engine's own jitted helpers ahead of time: ``python -m annlab.sim.precompile``.

``scripts/install.sh`` runs it once, so that the first network of a fresh install
compiles only its own kernels. What it compiles, for both precisions, is cached
where a network's compilation would cache it (Numba's files beside the helpers
module in the kernel cache, :mod:`annlab.sim.cache`, and beside
:mod:`annlab.sim.connectivity_compiled`):

- the helpers every kernel imports (:data:`annlab.sim.templates.HELPERS`), with the
  argument types the kernels call them with, among them one ``_draw_<method>``
  per random distribution of equations (Numba compiles a Generator method into
  the function that calls it: ~0.4 s each);
- the recording kernel, whose source is the same for every network of a precision;
- the compiled connectivity indexing of large projections (~2.5 s), by building one.

Each item is a call on values of the types the engine passes, so a call the
engine makes differently only compiles again, as without this step
(``tests/test_precompile.py`` checks that a network then compiles none of them).

Examples
--------
>>> import annlab.sim.precompile as precompile
>>> [precision.name for precision in precompile.PRECISIONS]
['double', 'float']
"""
import argparse
import time

import numpy as np

from . import cache, templates
from .codegen import record_call, record_module
from .precision import DOUBLE, FLOAT
from .run_arguments import RunArguments

PRECISIONS = (DOUBLE, FLOAT)


def _helper_calls(dtype):
    """(helper name, arguments) of one call of each helper on values of the kernels' types in ``dtype``."""
    real = dtype.type
    rng = np.random.default_rng(0)
    zero, one = real(0.0), real(1.0)
    values = np.ones(3, dtype)
    draws = [("uniform", (zero, one)), ("normal", (zero, one)), ("lognormal", (zero, one)), ("exponential", (one,)),
             ("gamma", (one, one)), ("integers", (0, 2)), ("binomial", (1, real(0.5)))]
    return ([(f"_draw_{method}", (rng, *arguments)) for method, arguments in draws]
            + [("_steps", (one, real(0.1))), ("_fadd", (zero, one)),
               ("_schedule_row", (np.int64(0), np.zeros(2, np.int64)))]
            + [(f"_g_{operation}", (values,)) for operation in ("min", "max", "mean", "norm1", "norm2")])


def _call_helpers(helpers, dtype):
    for name, arguments in _helper_calls(dtype):
        getattr(helpers, name)(*arguments)


def _compile_record(module, precision):
    """The recording kernel, for the argument types ``run`` declares for it."""
    from .kernel_pointers import KernelPointer
    KernelPointer(module.record, RunArguments(precision).argument_types(record_call(0).arguments))


def _large_projection(precision):
    """Index a projection of more synapses than :data:`annlab.sim.connectivity.COMPILED_FROM`, with
    per-synapse weights and delays (on the NumPy backend: no kernel of its own is compiled)."""
    from .. import LeakyIntegrator, Network, Population, Projection
    from ..core.distributions import DiscreteUniform, Uniform
    pre = Population(1000, LeakyIntegrator, _register=False)
    post = Population(1000, LeakyIntegrator, _register=False)
    projection = Projection(pre, post, "exc", _register=False)
    projection.connect_fixed_probability(0.25, weights=Uniform(0.0, 1.0), delays=DiscreteUniform(1.0, 3.0))
    network = Network(precision=precision.name, backend="numpy")
    network.add([pre, post, projection])
    network.compile()


def run(verbose=False):
    """Compile everything this module lists (seconds per item when ``verbose``)."""
    helpers = cache.load_module(templates.HELPERS)
    record = cache.load_module(record_module())
    items = [(f"helpers ({p.name})", lambda p=p: _call_helpers(helpers, p.dtype)) for p in PRECISIONS]
    items += [(f"recording kernel ({p.name})", lambda p=p: _compile_record(record, p)) for p in PRECISIONS]
    items += [(f"large projection index ({p.name})", lambda p=p: _large_projection(p)) for p in PRECISIONS]
    for name, call in items:
        start = time.perf_counter()
        call()
        if verbose:
            print(f"{name}: {time.perf_counter() - start:.2f} s")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quiet", action="store_true", help="print nothing")
    arguments = parser.parse_args(argv)
    start = time.perf_counter()
    run(verbose=not arguments.quiet)
    if not arguments.quiet:
        print(f"annlab helpers compiled in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
