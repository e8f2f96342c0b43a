"""Snapshots of the generated kernel source of a few standard networks.

A change to the code generator shows up here as a diff of the generated
kernels, which a reviewer reads like any other change. After an intended
change, rewrite the snapshots with ``pytest tests/test_generated_source.py
--update-snapshots`` and commit them with the change.
"""
import pathlib

import pytest

import annlab
from annlab.core import registry
from annlab import (STDP, Constant, Izhikevich, Monitor, Neuron, Normal, Oja, Population, PoissonPopulation,
                    Projection, SpikeSourceArray, Synapse, TimedArray, Uniform, compile, setup)
from test_large_networks import COBA  # the COBA neuron of ANNarchy's example, defined once for the tests

SNAPSHOTS = pathlib.Path(__file__).resolve().parent / "snapshots"


def seed_network():
    """The seed page's network: Poisson input -> Izhikevich, spike monitor."""
    setup(dt=1.0, seed=1)
    pop1 = PoissonPopulation(100, rates=10.0)
    pop2 = Population(100, Izhikevich)
    Projection(pop1, pop2, "exc").connect_fixed_probability(weights=5.0, probability=0.2)
    Monitor(pop2, "spike")


def coba_network():
    """COBA (benchmark 1 of Brette et al. 2007) with a voltage monitor and a stop condition."""
    setup(dt=0.1, seed=1)
    pop = Population(400, COBA, name="P", stop_condition="v > -40.0 : any")
    pop.v = Normal(-55.0, 5.0)
    Projection(pop[:320], pop, "exc").connect_fixed_probability(weights=0.6, probability=0.2)
    Projection(pop[320:], pop, "inh").connect_fixed_probability(weights=6.7, probability=0.2)
    Monitor(pop[:10], ["spike", "v"])


def stdp_network():
    """Spike sources through STDP with per-synapse delays, compute_firing_rate on the post population."""
    setup(dt=0.5, seed=2)
    source = SpikeSourceArray(spike_times=[[1.0, 5.0], [2.0]])
    post = Population(4, Izhikevich)
    Projection(source, post, "exc", synapse=STDP).connect_all_to_all(weights=Uniform(0.1, 0.5),
                                                                     delays=Uniform(1.0, 3.0))
    post.compute_firing_rate(20.0)
    Monitor(post, "r")


def rate_network():
    """Rate-coded: TimedArray input, delayed Oja projection, a synapse with pre/post-synaptic and
    projection-wide equations, random numbers, a global operation and a constant."""
    setup(dt=1.0, seed=3)
    Constant("gain", 2.0)
    inputs = TimedArray(rates=[[0.0, 1.0], [1.0, 0.5]], schedule=10.0)
    neuron = Neuron(parameters="tau = 10.0", equations="tau * dr/dt = gain * sum(exc) - r + Uniform(0, 0.1)"
                    " : min=0.0\nm = mean(r)")
    post = Population(3, neuron)
    Projection(inputs, post, "exc", synapse=Oja(eta=0.01)).connect_all_to_all(weights=0.5, delays=2.0)
    moving = Synapse(parameters="eta = 0.1 : projection", equations="""
        total = mean(post.r) : projection
        theta = post.r * post.r : postsynaptic
        dw/dt = eta * pre.r * (post.r - theta) : min=0.0""")
    Projection(post, post, "exc", synapse=moving).connect_all_to_all(weights=0.1)
    Monitor(post, ["r", "sum(exc)"])


NETWORKS = {"seed": seed_network, "coba": coba_network, "stdp": stdp_network, "rate": rate_network}


def generated(build):
    """{file name: source} of the kernels and ``run`` of the network ``build`` defines, and of the
    vectorised NumPy kernels (``vector_<kernel>.py``, annlab.sim.vector)."""
    annlab.clear()
    build()
    setup(backend="numpy")  # its Program holds the Numba kernels and their vectorised versions
    compile()
    program = registry.default_network()._compiled.program
    files = {f"{alias}.py": source for alias, _, source in program.kernels}
    files["run.py"] = program.run
    files.update({f"vector_{alias}.py": source for alias, source in program.vectorised.items()})
    return files


@pytest.mark.filterwarnings("ignore:.*delays are whole steps")
@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_generated_source_matches_snapshot(name, request):
    files = generated(NETWORKS[name])
    folder = SNAPSHOTS / name
    if request.config.getoption("--update-snapshots"):
        folder.mkdir(parents=True, exist_ok=True)
        for old in folder.glob("*.py"):
            old.unlink()
        for filename, source in files.items():
            (folder / filename).write_text(source)
    stored = {path.name: path.read_text() for path in folder.glob("*.py")}
    assert sorted(stored) == sorted(files), "kernels added or removed: rerun with --update-snapshots"
    for filename, source in files.items():
        assert source == stored[filename], f"{name}/{filename} changed: rerun with --update-snapshots and review"
