"""The NumPy stepper (annlab.sim.vector) against the compiled kernels: the same networks, the same numbers.

The whole suite also runs on it (``pytest --backend numpy``); these tests compare the two
backends side by side on the standard networks of the snapshot tests, in both precisions,
and check which kernels are vectorised (the others run the Numba kernel's source as Python).
"""
import numpy as np
import pytest

import annlab
from annlab import Monitor, Network, compile, simulate, setup
from annlab.core import registry
from annlab.errors import ValidationError
from test_generated_source import NETWORKS


def _recorded(build, backend, duration, precision="double"):
    annlab.clear()
    build()
    setup(backend=backend, precision=precision)
    compile()
    simulate(duration)
    net = registry.default_network()
    values = {}
    for k, monitor in enumerate(net.monitors):
        for variable in monitor.variables:
            values[k, variable] = monitor.get(variable)
    return values, net._compiled


@pytest.mark.filterwarnings("ignore:.*delays are whole steps")
@pytest.mark.parametrize("name", sorted(NETWORKS))
@pytest.mark.parametrize("precision", ["double", "float"])
def test_standard_networks_give_the_same_numbers_on_both_backends(name, precision):
    compiled, compiled_state = _recorded(NETWORKS[name], "numba", 300.0, precision)
    stepped, simulator = _recorded(NETWORKS[name], "numpy", 300.0, precision)
    assert simulator.backend == "numpy" and sorted(stepped) == sorted(compiled)
    tolerance = 1e-12 if precision == "double" else 1e-6
    events = 0
    # every array of the network at the end (state, weights, traces, rings, spike times...) but the
    # compiled update's scratch of one step (which neurons spiked, per block)
    scratch = {(1, layout.slot_fired) for layout in simulator.populations if layout.spiking}
    scratch |= {(1, layout.slot_block_count) for layout in simulator.populations if layout.spiking}
    for group, (mine, theirs) in enumerate(zip(simulator.slots.as_tuples(), compiled_state.slots.as_tuples())):
        for slot, (a, b) in enumerate(zip(mine, theirs)):
            if (group, slot) in scratch:
                continue
            if a.dtype.kind == "f":
                np.testing.assert_allclose(a, b, rtol=tolerance, atol=1e-12, err_msg=f"{name}: array {group, slot}")
            else:
                np.testing.assert_array_equal(a, b, err_msg=f"{name}: array {group, slot}")
            events += int(group == 0 and np.count_nonzero(a))
    for key, value in compiled.items():
        if key[1] == "spike":
            assert stepped[key] == value, f"{name}: spikes of monitor {key[0]} differ"
            events += sum(len(times) for times in value.values())
        else:
            np.testing.assert_allclose(stepped[key], value, rtol=tolerance, atol=1e-12, err_msg=f"{name}: {key}")
            events += np.count_nonzero(np.diff(value, axis=0))
    assert events > 10  # spikes or changing values: the comparison is not of constants


#: Kernels of the standard networks that have no vectorised version (run as Python on the NumPy stepper).
NOT_VECTORISED = {"seed": set(), "coba": set(), "rate": set(),
                  "stdp": {"propagate_proj0", "update_pop0"}}  # per-synapse delays; a SpikeSourceArray


@pytest.mark.filterwarnings("ignore:.*delays are whole steps")
@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_the_standard_kernels_are_vectorised(name):
    _, simulator = _recorded(NETWORKS[name], "numpy", 1.0)
    program = simulator.program
    aliases = {alias for alias, _, _ in program.kernels}
    assert aliases - set(program.vectorised) == NOT_VECTORISED[name]


def test_a_spike_source_and_random_draws_per_neuron_run_as_python_with_the_same_numbers():
    def build():
        setup(dt=0.5, seed=7)
        noisy = annlab.Neuron(parameters="sigma = 1.0", equations="""
            dv/dt = (-v + sigma * Normal(0.0, 1.0) + Uniform(0.0, 2.0) + g_exc) / 5.0
        """, spike="v > 1.0", reset="v = 0.0")
        source = annlab.SpikeSourceArray(spike_times=[[2.0, 4.0, 6.0], [3.0]])
        pop = annlab.Population(20, noisy)
        pop.sigma = np.linspace(0.0, 2.0, 20)
        annlab.Projection(source, pop, "exc").connect_all_to_all(weights=0.7)
        Monitor(pop, ["spike", "v"])
    compiled, _ = _recorded(build, "numba", 200.0)
    stepped, simulator = _recorded(build, "numpy", 200.0)
    draws = simulator.program.vectorised["update_pop1"].split("# 1.")[0]
    assert "for i in range(N):" in draws  # two draws per neuron, interleaved: the compiled loop, as Python
    assert stepped[0, "spike"] == compiled[0, "spike"] and sum(map(len, compiled[0, "spike"].values())) > 10
    np.testing.assert_array_equal(stepped[0, "v"], compiled[0, "v"])


def _batch_of_noisy_neurons(backend):
    annlab.clear()
    setup(backend=backend, seed=11)
    pop = annlab.Population(30, annlab.Izhikevich)
    pop.noise = 2.0
    Monitor(pop, "spike")
    batch = Network(everything=True).batch(3)
    batch.get(pop).i_offset = [0.0, 5.0, 10.0]
    batch.simulate(200.0)
    return [copy.monitors[0].get("spike") for copy in batch]


def test_a_batch_of_copies_on_the_numpy_stepper_gives_the_compiled_batch_numbers():
    stepped, compiled = _batch_of_noisy_neurons("numpy"), _batch_of_noisy_neurons("numba")
    assert stepped == compiled
    counts = [sum(map(len, spikes.values())) for spikes in compiled]
    assert counts[0] < counts[1] < counts[2]  # the copies differ: each ran with its own input


def test_unknown_backends_are_refused_where_they_are_named():
    with pytest.raises(ValidationError, match=r"setup.*backend.*'numba', 'numpy'.*got 'gpu'"):
        setup(backend="gpu")
    with pytest.raises(ValidationError, match=r"Network.*backend.*got 'c\+\+'"):
        Network(backend="c++")


def test_kernels_run_as_python_show_their_source_in_tracebacks():
    import linecache
    annlab.clear()
    setup(backend="numpy")
    annlab.Population(3, annlab.Izhikevich)
    compile()
    simulate(1.0)
    program = registry.default_network()._compiled.program
    lines = linecache.getlines("<annlab numpy kernel update_pop0>")
    assert lines and "def update(" in "".join(lines)
    assert "update_pop0" in program.vectorised


@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_constants_reach_every_neuron(backend):
    """A Constant is an implicit parameter, not an input conductance: the update does not zero it (the
    compiled kernels did, after the first neuron: found by comparing the two backends)."""
    annlab.clear()
    setup(backend=backend)
    annlab.Constant("gain", 2.0)
    rate = annlab.Population(3, annlab.Neuron(equations="r = gain"))
    spiking = annlab.Population(3, annlab.Neuron(equations="dv/dt = gain", spike="v > 100", reset="v = 0"))
    compile()
    simulate(2.0)
    np.testing.assert_array_equal(rate.r, [2.0, 2.0, 2.0])
    np.testing.assert_array_equal(spiking.v, [4.0, 4.0, 4.0])
