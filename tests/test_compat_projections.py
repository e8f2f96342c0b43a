"""Projections and dendrites as ANNarchy 4.8 shows them: sizes, access, structural plasticity.

Values are checked against sums computed by hand from the synapses the test creates.
"""
import numpy as np
import pytest

from annlab import *  # noqa: F403
from annlab.errors import (ConnectivityError, IgnoredArgumentWarning, SimulationError, UnknownNameError,
                          ValidationError)

RATE = Neuron(parameters="baseline = 0.0", equations="r = baseline")
READER = Neuron(equations="r = sum(exc)")


def _rate_network(n_pre=4, n_post=3):
    pre = Population(n_pre, RATE)
    pre.baseline = np.arange(1.0, n_pre + 1.0)
    post = Population(n_post, READER)
    proj = Projection(pre, post, "exc").connect_all_to_all(weights=1.0)
    return pre, post, proj


def test_projection_access_as_in_annarchy():
    pre, post, proj = _rate_network()
    compile()
    assert proj.size == len(proj) == 3 and proj.post_ranks == [0, 1, 2]
    assert proj.nb_synapses == 12 and proj.nb_synapses_per_dendrite() == [4, 4, 4]
    assert proj[1].post_rank == 1 and [d.post_rank for d in proj] == [0, 1, 2]
    assert proj.w == [[1.0] * 4] * 3 and proj.get("w") == proj.w
    proj.set({"w": 0.5})
    assert proj.dendrite(2).w.tolist() == [0.5] * 4
    assert proj.synapse(3, 0).w == 0.5
    proj.synapse(3, 0).w = 2.0
    simulate(2.0)
    # sum(exc) = sum of w * baseline over the dendrite: (1 + 2 + 3) * 0.5 + 4 * 2.0 for post 0
    assert np.allclose(post.r, [11.0, 5.0, 5.0])
    with pytest.raises(UnknownNameError, match="has no attribute 'ww'; did you mean 'w'"):
        proj.get("ww")


def test_created_and_pruned_synapses_transmit_accordingly():
    pre, post, proj = _rate_network()
    compile()
    dendrite = proj.dendrite(1)
    dendrite.prune_synapses([0, 2])
    dendrite.create_synapse(0, w=3.0)
    assert dendrite.pre_ranks == [0, 1, 3] and dendrite.w.tolist() == [3.0, 1.0, 1.0]
    assert proj.nb_synapses == 11
    simulate(2.0)
    assert np.allclose(post.r, [10.0, 3.0 * 1 + 2 + 4, 10.0])
    reset(synapses=True)
    assert proj.dendrite(1).pre_ranks == [0, 1, 2, 3] and proj.nb_synapses == 12
    simulate(2.0)
    assert np.allclose(post.r, 10.0)


def test_pruned_spiking_synapse_no_longer_delivers_spikes():
    source = SpikeSourceArray(spike_times=[[2.0], [2.0]])
    post = Population(2, Neuron(equations="dv/dt = -v + 0.0 * g_exc", spike="v > 100", reset="v = 0"))
    proj = Projection(source, post, "exc").connect_all_to_all(weights=1.0)
    m = Monitor(post, "g_exc")
    compile()
    proj.dendrite(0).prune_synapse(1)
    proj.dendrite(1).create_synapses([], [])
    simulate(5.0)
    g = m.get("g_exc")
    # the spikes of step 2 arrive in step 3 (delay dt): post 0 gets one synapse's weight, post 1 two
    assert g[:, 0].max() == 1.0 and g[:, 1].max() == 2.0


def test_structural_plasticity_errors():
    pre, post, proj = _rate_network()
    compile()
    dendrite = proj.dendrite(0)
    with pytest.raises(ValidationError, match="already exists"):
        dendrite.create_synapse(1, w=1.0)
    with pytest.raises(ValidationError, match="no synapse from pre-synaptic neuron 9"):
        dendrite.prune_synapse(9)
    with pytest.raises(ValidationError, match="outside the pre-synaptic population"):
        dendrite.create_synapse(7)
    with pytest.raises(UnknownNameError, match="post neuron 5 has no synapse"):
        proj.dendrite(5)


def test_rewiring_a_monitored_projection_is_refused_and_changes_nothing():
    pre, post, proj = _rate_network()
    Monitor(proj, "w")
    compile()
    with pytest.raises(SimulationError, match="cannot be created or pruned while monitor"):
        proj.dendrite(0).prune_synapse(0)
    assert proj.nb_synapses == 12


def test_projection_reset_restores_attributes_but_not_weights():
    pre = Population(2, RATE)
    post = Population(1, READER)
    syn = Synapse(parameters="eta = 0.1 : projection", equations="trace = trace + 1.0")
    proj = Projection(pre, post, "exc", syn).connect_all_to_all(weights=1.0)
    compile()
    simulate(3.0)
    proj.w = 2.0
    assert proj.trace == [[3.0, 3.0]]
    proj.reset()
    assert proj.trace == [[0.0, 0.0]] and proj.w == [[2.0, 2.0]]


def test_current_injection_sets_the_conductance_from_the_rates():
    source = Population(2, Neuron(parameters="slope = 1.0", equations="r = slope * t"))
    source.slope = [1.0, 2.0]
    cell = Population(2, Neuron(equations="mp = g_exc", spike="mp >= 1000.0", reset=""))
    m = Monitor(cell, "mp")
    CurrentInjection(source, cell, "exc").connect_current()
    compile()
    simulate(5.0)
    # mp at step k is r of step k - 1: slope * (k - 1)
    expected = np.array([[0.0, 0.0]] + [[k - 1.0, 2.0 * (k - 1)] for k in range(1, 5)])
    assert np.allclose(m.get("mp"), expected)


def test_current_injection_errors():
    rate = Population(2, Neuron(equations="r = 1.0"))
    spiking = Population(3, Izhikevich)
    with pytest.raises(ValidationError, match="same size"):
        CurrentInjection(rate, spiking, "exc")
    with pytest.raises(ValidationError, match="must be rate-coded"):
        CurrentInjection(spiking, spiking, "exc")
    proj = CurrentInjection(rate, spiking[:2], "exc")
    with pytest.raises(ValidationError, match="connected with connect_current"):
        proj.connect_all_to_all(1.0)


def test_connect_with_func_returning_a_lil_connectivity():
    def diagonal(pre, post, weight):
        synapses = CSR()
        for rank in range(post.size):
            synapses.add(rank, [rank], [weight], [0])
        return synapses

    pre, post = Population(3, RATE), Population(3, READER)
    pre.baseline = [1.0, 2.0, 3.0]
    with pytest.warns(IgnoredArgumentWarning, match="storage_format"):
        proj = Projection(pre, post, "exc").connect_with_func(diagonal, weight=0.5, storage_format="lil")
    other = Population(3, READER)
    lil = LILConnectivity()
    lil.add(0, [2, 1], [1.0, 1.0], [0.0, 0.0])
    Projection(pre, other, "exc").connect_from_sparse(lil)
    compile()
    simulate(2.0)
    assert proj.nb_synapses == 3 and np.allclose(post.r, [0.5, 1.0, 1.5])
    assert np.allclose(other.r, [5.0, 0.0, 0.0])
    with pytest.raises(ConnectivityError, match="already added"):
        lil.add(0, [1], [1.0], [0.0])


def test_gap_junctions_between_spiking_neurons_transmit_continuously():
    setup(dt=0.1)
    cell = Neuron(parameters="I = 0.0", equations="dv/dt = -v + I + g_gap", spike="v > 100", reset="v = 0")
    pop = Population(2, cell)
    pop.I = [1.0, 0.0]
    Projection(pop, pop, "gap", Synapse(psp="w * (pre.v - post.v)")).connect_all_to_all(weights=0.5)
    compile()
    simulate(60.0)
    # steady state of v0' = -v0 + 1 + (v1 - v0)/2, v1' = -v1 + (v0 - v1)/2
    assert np.allclose(pop.v, [0.75, 0.25], atol=1e-6)


def test_sparse_delay_matrix():
    import scipy.sparse as sp
    source = SpikeSourceArray(spike_times=[[1.0], [1.0]])
    post = Population(2, Neuron(equations="dv/dt = -v + g_exc", spike="v > 100", reset=""))
    weights = sp.lil_matrix((2, 2))
    weights[0, 0], weights[1, 1] = 1.0, 1.0
    delays = sparse_delays_from_weights(weights, 1.0).tolil()
    delays[1, 1] = 3.0
    Projection(source, post, "exc").connect_from_sparse(weights, delays=delays)
    m = Monitor(post, "g_exc")
    compile()
    simulate(6.0)
    g = m.get("g_exc")
    assert g[:, 0].argmax() == 2 and g[:, 1].argmax() == 4


def test_projection_attribute_errors_and_efferent_synapses():
    source = SpikeSourceArray(spike_times=[[1.0], [2.0], [3.0]])
    post = Population(4, Izhikevich)
    proj = Projection(source, post, "exc").connect_fixed_number_post(2, weights=1.0)
    rate, other = Population(2, RATE), Population(2, READER)
    rate_proj = Projection(rate, other, "exc").connect_all_to_all(1.0)
    compile()
    assert proj.nb_efferent_synapses() == [2, 2, 2]
    with pytest.raises(UnknownNameError, match="has no attribute 'tua'"):
        proj.reset(["tua"])
    with pytest.raises(UnknownNameError, match="has no attribute 'ww'; did you mean 'w'"):
        proj.set({"ww": 1.0})
    with pytest.raises(ValidationError, match="only available for spiking projections"):
        rate_proj.nb_efferent_synapses()


def test_monitor_list_needs_an_hdf5_file(tmp_path):
    pop = Population(2, RATE)
    monitors = MonitorList([Monitor(pop, "r")])
    compile()
    simulate(2.0)
    with pytest.raises(ValidationError, match="must end with .hdf5"):
        monitors.save_all(str(tmp_path / "data.npz"))


# ---- delays on rate-coded projections -----------------------------------------------------------
def test_uniform_rate_delays_match_annarchy():
    """ANNarchy 4.8.2.7, r = t + off (off = 100) through one-to-one projections with delays 0, 1, 2, 3 ms
    (dt = 1): one step is no delay, D steps read the rates after the update of step - D."""
    annarchy = {0.0: [0, 100, 101, 102, 103, 104], 1.0: [0, 100, 101, 102, 103, 104],
                2.0: [0, 0, 100, 101, 102, 103], 3.0: [0, 0, 0, 100, 101, 102]}
    setup(dt=1.0)
    pre = Population(2, Neuron(parameters="off = 0.0", equations="r = t + off"))
    monitors = {}
    for delay in annarchy:
        post = Population(2, READER)
        Projection(pre, post, "exc").connect_one_to_one(1.0, delays=delay)
        monitors[delay] = Monitor(post, "r")
    compile()
    pre.off = [100.0, 200.0]
    simulate(6.0)
    for delay, expected in annarchy.items():
        assert monitors[delay].get("r")[:, 0].tolist() == expected


def test_rate_delays_per_synapse_and_after_reset():
    """Each synapse reads the rate of its own delay: sum(exc)(s) = sum_i w_i r_i(s - D_i), rates of steps
    before 0 being those at compile time (0 here)."""
    setup(dt=0.5)
    pre = Population(3, Neuron(parameters="off = 0.0", equations="r = t + off"))
    post = Population(2, READER)
    weights = np.array([[1.0, 2.0, 0.5], [0.0, 1.0, 3.0]])           # post x pre
    delays = np.array([[1.0, 2.5, 0.5], [0.0, 4.0, 1.5]])            # ms: 2, 5, 1 / -, 8, 3 steps
    Projection(pre, post, "exc").connect_from_matrix(np.where(weights > 0, weights, None), delays=delays)
    monitor = Monitor(post, "r")
    compile()
    pre.off = [10.0, 20.0, 30.0]
    steps = np.rint(np.where(weights > 0, delays, 0.0) / 0.5).astype(int)

    def expected(n_steps):
        rows = []
        for s in range(n_steps):
            rate = lambda i, k: (k * 0.5 + [10.0, 20.0, 30.0][i]) if k >= 0 else 0.0  # noqa: E731
            rows.append([sum(weights[j, i] * rate(i, s - max(1, steps[j, i])) for i in range(3) if weights[j, i])
                         for j in range(2)])
        return np.array(rows)
    simulate(10.0)
    np.testing.assert_allclose(monitor.get("r"), expected(20), rtol=1e-12)
    reset()
    pre.off = [10.0, 20.0, 30.0]
    simulate(10.0)
    np.testing.assert_allclose(monitor.get("r"), expected(20), rtol=1e-12)


def test_delayed_rate_projections_read_only_pre_r():
    setup(dt=1.0)
    pre = Population(2, Neuron(parameters="v = 1.0", equations="r = v"))
    synapse = Synapse(psp="w * pre.r * pre.v")
    Projection(pre, Population(2, READER), "exc", synapse=synapse, name="twice").connect_all_to_all(1.0, delays=3.0)
    with pytest.raises(CompilationError, match=r"Projection 'twice': with delays, a rate-coded synapse can read only "
                                               r"the delayed 'pre.r' .* also reads pre.v"):
        compile()
