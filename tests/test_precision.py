"""``setup(precision='float')``: the same networks simulated in float32 from end to end.

The golden ANNarchy traces (recorded in double) are matched to float32 accuracy, spike steps
exactly (Izhikevich and rate-coded traces in tests/test_reference_traces.py); the same seeded network gives the same spikes in both precisions; the kernels' own
types are float32 (Numba's type inference of the generated source, compiled here without the
cache), so no float64 literal, ``t`` or draw promotes the equations back to double.
"""
import numpy as np
import pytest

import annlab
from annlab import (IF_cond_exp, Izhikevich, LeakyIntegrator, Monitor, Network, Neuron, PoissonPopulation,
                    Population, Projection, STDP, SpikeSourceArray, clear, compile, setup, simulate)

from annlab.errors import ValidationError

from conftest import load_reference

FLOAT32 = dict(rtol=2e-5, atol=2e-4)


def _compiled():
    return annlab.core.registry.default_network()._compiled


def test_stdp_pair_reference_in_float32():
    ref = load_reference("stdp_pair")
    setup(dt=1.0, seed=1, precision="float")
    pre = SpikeSourceArray(spike_times=[[10.0, 50.0], [45.0, 70.0]])
    drive = SpikeSourceArray(spike_times=[[14.0, 44.0, 69.0]])
    post = Population(1, Neuron(equations="v = g_drive + g_exc", spike="v > 5.0", reset=""))
    Projection(drive, post, "drive").connect_all_to_all(weights=10.0)
    proj = Projection(pre, post, "exc", synapse=STDP).connect_all_to_all(weights=0.5)
    m_w = Monitor(proj, "w")
    compile()
    simulate(ref["steps"])
    np.testing.assert_allclose(m_w.get("w"), np.asarray(ref["recorded"]["w"]), **FLOAT32)


def _poisson_network(precision, seed):
    setup(precision=precision, seed=seed)
    pop = Population(200, Izhikevich)
    cond = Population(50, IF_cond_exp)
    inp = PoissonPopulation(100, rates=50.0)
    Projection(inp, pop, "exc").connect_fixed_probability(0.2, weights=2.0)
    Projection(pop, cond, "exc").connect_fixed_probability(0.1, weights=0.05, delays=2.0)
    monitors = [Monitor(pop, "spike"), Monitor(cond, ["spike", "v"])]
    compile()
    simulate(500.0)
    return [m.get("spike") for m in monitors], monitors[1].get("v")


@pytest.mark.parametrize("seed", [0, 3])
def test_same_spikes_in_both_precisions(seed):
    (double, v_double) = _poisson_network("double", seed)
    clear()
    (single, v_single) = _poisson_network("float", seed)
    assert v_double.dtype == np.float64 and v_single.dtype == np.float32
    assert sum(map(len, double[0].values())) > 100  # the network does spike
    assert single == double
    np.testing.assert_allclose(v_single, v_double, rtol=1e-4, atol=1e-3)


def test_arrays_and_run_parameters_are_float32():
    setup(precision="float")
    pop = Population(10, Izhikevich)
    Projection(pop, pop, "exc").connect_all_to_all(weights=0.1)
    compile()
    compiled = _compiled()
    floats = [a.dtype for a in compiled.program.arguments if a.dtype.startswith("float")]
    assert floats and set(floats) == {"float32"}
    assert compiled.populations[0].S.dtype == np.float32 and compiled.projections[0].W.dtype == np.float32
    setup(precision="double")  # a compiled network keeps the precision it was compiled with
    simulate(10.0)
    assert compiled.populations[0].S.dtype == np.float32


def test_a_network_keeps_the_precision_it_was_created_with():
    setup(precision="float")
    pop = Population(5, Izhikevich)
    net = Network()
    net.add(pop)
    setup(precision="double")
    explicit = Network(precision="float")
    explicit.add(pop)
    double = Network()
    double.add(pop)
    for network in (net, explicit, double, net.blueprint()):
        network.compile()
    assert [n._compiled.populations[0].S.dtype for n in (net, explicit, double)] == [np.float32, np.float32,
                                                                                     np.float64]
    assert net.blueprint().precision == "float"
    with pytest.raises(ValidationError, match=r"Network\.precision: Value must be 'double' or 'float' \(got 'half'\)"):
        Network(precision="half")


def test_saved_float32_state_loads_back(tmp_path):
    setup(precision="float", seed=2)
    pop = Population(20, Izhikevich)
    inp = PoissonPopulation(20, rates=80.0)
    proj = Projection(inp, pop, "exc")
    proj.connect_fixed_probability(0.5, weights=1.5)
    compile()
    simulate(50.0)
    annlab.save(str(tmp_path / "state.npz"))
    v, w = pop.v.copy(), np.asarray(proj.w, dtype=object)
    simulate(50.0)
    annlab.load(str(tmp_path / "state.npz"))
    np.testing.assert_array_equal(pop.v, v)
    assert [list(row) for row in proj.w] == [list(row) for row in w]


def _local_types(network, kernel):
    """Numba's types of the locals of ``kernel`` (its name in ``run``), compiled afresh from its source
    (the cached dispatcher has no type annotations), for the argument types ``run`` passes it."""
    import numba

    from annlab.sim.kernel_pointers import numba_type
    compiled = network._compiled
    aliases = [alias for alias, _, _ in compiled.program.kernels]
    function = compiled.program.kernels[aliases.index(kernel)][1]
    dispatcher = getattr(compiled._kernel_modules[1 + aliases.index(kernel)], function)  # [0]: the helpers
    signature = tuple(numba_type(t) for t in compiled.program.kernel_types[kernel])
    assert signature in dispatcher.signatures  # what the network compiled it for
    fresh = numba.njit(error_model="numpy")(dispatcher.py_func)
    fresh.compile(signature)
    return fresh.overloads[signature].type_annotation.typemap


@pytest.mark.jit_only
@pytest.mark.parametrize("precision, expected", [("float", "float32"), ("double", "float64")])
def test_kernels_compute_in_the_precision(precision, expected):
    setup(precision=precision, dt=0.1)
    neuron = Neuron(parameters="tau = 10.0\nI = 1.5", equations="tau * dv/dt = I - v + 0.5 * exp(-t/100.0) + g_exc",
                    spike="v > 1.0", reset="v = 0.0", refractory=2.0)
    pop = Population(4, neuron)
    Projection(pop, pop, "exc").connect_all_to_all(weights=0.1)
    net = annlab.core.registry.default_network()
    compile()
    simulate(5.0)
    types = _local_types(net, "update_pop0")
    model = {name: str(types[name]) for name in types
             if name.endswith("_") or name.startswith(("_d_", "_inv")) or name == "t"}
    assert {"v_", "_d_v", "t"} <= set(model)
    assert set(model.values()) == {expected}, model

    for kernel in ("propagate_proj0",):
        synapse = {name: str(kind) for name, kind in _local_types(net, kernel).items()
                   if name.endswith("_") or name in ("_g_target", "t")}
        assert {"w_", "_g_target"} <= set(synapse) and set(synapse.values()) == {expected}, synapse


@pytest.mark.jit_only
@pytest.mark.parametrize("precision, expected", [("float", "float32"), ("double", "float64")])
def test_rate_kernels_compute_in_the_precision(precision, expected):
    setup(precision=precision)
    pop = Population(4, LeakyIntegrator)
    other = Population(3, Neuron(parameters="k = 2.0", equations="r = pos(k * sum(exc) - 0.1)"))
    Projection(pop, other, "exc").connect_all_to_all(weights=0.3)
    net = annlab.core.registry.default_network()
    compile()
    simulate(3.0)
    for kernel, names in (("update_pop1", {"r_", "k_"}), ("propagate_proj0", {"w_", "_psp"})):
        types = {name: str(kind) for name, kind in _local_types(net, kernel).items()
                 if name.endswith("_") or name in ("_psp", "acc", "t")}
        assert names <= set(types) and set(types.values()) == {expected}, (kernel, types)
