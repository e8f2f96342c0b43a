"""ANNarchy 4.8 behaviour of projections and monitors around compile(): what ANNarchy accepts, annlab does.

Values are checked against hand-computed results of the same small networks.
"""
import warnings

import numpy as np
import pytest

from annlab import *  # noqa: F403
from annlab.errors import AnnlabWarning

RATE = Neuron(parameters="baseline = 1.0", equations="r = baseline")
READER = Neuron(equations="r = sum(exc)")


def test_unused_target_of_a_rate_coded_neuron_is_accepted_and_summed():
    pre = Population(3, RATE)
    pre.baseline = [1.0, 2.0, 3.0]
    post = Population(2, READER)
    with pytest.warns(AnnlabWarning, match="does not use the target 'inh'"):
        unused = Projection(pre, post, "inh")
    unused.connect_all_to_all(weights=10.0)
    Projection(pre, post, "exc").connect_all_to_all(weights=0.5)
    compile()
    simulate(3.0)
    # sum(exc) of the previous step's rates: 0.5 * (1 + 2 + 3); the unused 'inh' changes nothing
    assert np.allclose(post.r, 3.0)


def test_unused_target_of_a_spiking_neuron_is_accepted():
    source = SpikeSourceArray(spike_times=[[1.0, 3.0]])
    post = Population(1, Izhikevich)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", AnnlabWarning)
        Projection(source, post, "unused").connect_all_to_all(weights=100.0)
    reference = Population(1, Izhikevich)
    compile()
    simulate(10.0)
    # nothing reaches v: the neuron evolves as one without input
    assert np.allclose(post.v, reference.v)


def _driven(n=3):
    pop = Population(n, Izhikevich)
    pop.i_offset = [5.0, 10.0, 15.0][:n]
    return pop


def test_monitor_created_after_compile_records_from_then_on():
    pop = _driven()
    early = Monitor(pop, "v")
    compile()
    simulate(20.0)
    late = Monitor(pop, ["v", "spike"])
    simulate(30.0)
    v_early, v_late = early.get("v"), late.get("v")
    assert v_early.shape == (50, 3) and v_late.shape == (30, 3)
    assert np.array_equal(v_late, v_early[20:])
    late_spikes = late.get("spike")
    assert all(t >= 20 for times in late_spikes.values() for t in times)
    assert sum(map(len, late_spikes.values())) > 0


def test_monitor_added_to_a_compiled_network_records_the_copy():
    pop = _driven()
    m = Monitor(pop, "v", start=False)
    net = Network()
    net.add(pop)
    net.compile()
    net.simulate(10.0)
    net.add(m)          # ANNarchy allows adding a monitor after compile
    net.get(m).start()
    net.simulate(5.0)
    assert net.get(m).get("v").shape == (5, 3)


def test_population_after_compile_warns_that_it_is_not_simulated():
    _driven()
    compile()
    with pytest.warns(AnnlabWarning, match="created after compile.*not simulated.*new Network"):
        Population(2, Izhikevich)
