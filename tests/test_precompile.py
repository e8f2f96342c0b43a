"""Helpers compiled ahead of time (``python -m annlab.sim.precompile``, run by scripts/install.sh):
a fresh process then compiles none of them, only its network's kernels."""
import json
import os
import subprocess
import sys

import numpy as np
import pytest

from annlab.sim import precompile, templates

pytestmark = pytest.mark.jit_only  # it counts Numba compilations

NETWORK = r"""
import json, sys
import annlab
from annlab import Izhikevich, Monitor, Network, Neuron, Population, PoissonPopulation, Projection
from annlab.sim import cache, connectivity_compiled, templates
from annlab.sim.codegen import record_module

# every distribution of equations, each drawn per neuron
drawing = Neuron(parameters="n = 3", equations='''
    r = Uniform(0.0, 1.0) + Normal(0.0, 1.0) + LogNormal(0.0, 0.5) + Exponential(2.0)
    s = Gamma(2.0, 1.0) + DiscreteUniform(1, 4) + Binomial(n, 0.5)''')
counts = {}
for precision in ("double", "float"):
    annlab.clear()
    inputs = PoissonPopulation(1000, rates=5.0)
    neurons = Population(1000, Izhikevich(noise=5.0))  # noise * Normal(0, 1), refractory period
    neurons.tau_refrac = 2.0
    Population(10, drawing)
    Projection(inputs, neurons, "exc").connect_fixed_probability(0.25, weights=0.1)  # indexed compiled (250k)
    Monitor(neurons, ["spike", "v"])
    net = Network(everything=True, precision=precision, backend="numba", seed=7)
    net.compile()
    net.simulate(20.0)
    counts[precision] = sum(len(v) for v in net.monitors[0].get("spike").values())

modules = [sys.modules[cache.module_name(templates.HELPERS)], sys.modules[cache.module_name(record_module())]]
print(json.dumps({"helpers": cache.compilations(*modules), "connectivity": cache.compilations(connectivity_compiled),
                  "spikes": counts}))
"""


def _python(cache_dir, *arguments):
    environment = dict(os.environ, ANNLAB_CACHE_DIR=str(cache_dir), ANNLAB_BACKEND="numba")
    return subprocess.run([sys.executable, *arguments], env=environment, capture_output=True, text=True,
                          check=True, timeout=600).stdout


def test_a_network_after_precompile_compiles_no_helper(tmp_path):
    printed = _python(tmp_path, "-m", "annlab.sim.precompile")
    assert "helpers (double)" in printed and "annlab helpers compiled in" in printed
    result = json.loads(_python(tmp_path, "-c", NETWORK).splitlines()[-1])
    assert result["helpers"] == 0  # loaded from the cache: the helpers, each draw, the recording kernel
    assert result["connectivity"] == 0  # (Numba caches these beside annlab.sim.connectivity_compiled)
    assert all(count > 0 for count in result["spikes"].values())
    again = json.loads(_python(tmp_path / "empty", "-c", NETWORK).splitlines()[-1])
    assert again["helpers"] > 10  # without it they are compiled: what the count above would show
    assert again["spikes"] == result["spikes"]


def test_every_draw_of_equations_is_precompiled():
    names = {name for name, _arguments in precompile._helper_calls(np.dtype(np.float64))}
    assert {f"_draw_{method}" for method in templates.DRAW_METHODS} <= names
