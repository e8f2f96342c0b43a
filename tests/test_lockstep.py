"""parallel_run(mode='batch'): methods run as written, their simulate() calls advance copies together.

Every result is compared with the same call in mode='sequential' (one network after another):
a batch gives each copy the same numbers as running it alone.
"""
import numpy as np
import pytest

from annlab import (Izhikevich, Monitor, Neuron, ParallelRunError, Population, ValidationError, compile,
                    parallel_run, setup)
from annlab.lockstep import Lockstep

from conftest import seed_network, seed_page_networks


def both_modes(method, **kwargs):
    batch = parallel_run(method, mode="batch", progress=False, **kwargs)
    sequential = parallel_run(method, mode="sequential", progress=False, **kwargs)
    return batch, sequential


def test_the_seed_page_sweep_gives_the_sequential_results():
    setup(seed=3)
    pop1, pop2, proj, m = seed_network()
    compile()

    def simulation(idx, net, rates):
        net.get(pop1).rates = rates
        net.simulate(1000.)
        return net.get(m).raster_plot()

    rates = [0.0, 10.0, 20.0, 30.0]
    batch, sequential = both_modes(simulation, number=4, rates=rates)
    for (t_batch, n_batch), (t_seq, n_seq) in zip(batch, sequential):
        assert np.array_equal(t_batch, t_seq) and np.array_equal(n_batch, n_seq)
    counts = [len(t) for t, _ in batch]
    assert counts[0] == 0 and counts[1] < counts[2] < counts[3]


def test_auto_says_which_mode_ran(capsys):
    Population(5, Izhikevich)
    parallel_run(lambda idx, net: net.simulate(10.0), number=2, measure_time=True, progress=False)
    assert "(mode 'batch': 2 copies x" in capsys.readouterr().out
    parallel_run(lambda idx, net: net.simulate(10.0), number=2, sequential=True, measure_time=True, progress=False)
    assert "(mode 'sequential')" in capsys.readouterr().out


def test_networks_of_two_structures_run_as_two_groups():
    setup(seed=5)
    (pop1, pop2, proj, m), (net1, net2, net3) = seed_page_networks()
    copies = [net.blueprint() for net in (net1, net2, net3)]
    for net in copies:
        net.compile()
    finished = {}
    lockstep = Lockstep(copies)
    lockstep.run(lambda idx, net: net.simulate(500.0) or net.get(m).raster_plot(), [{}] * 3,
                 lambda idx, result, error: finished.update({idx: (result, error)}))
    assert lockstep.batches == 2 and lockstep.copies_advanced == 3  # one call per structure
    assert all(error is None for _, error in finished.values())
    for net, (result, _) in zip((net1, net2, net3), [finished[k] for k in range(3)]):
        net.simulate(500.0)
        t, n = net.get(m).raster_plot()
        assert np.array_equal(t, result[0]) and np.array_equal(n, result[1])


def test_methods_that_diverge_still_give_the_sequential_results():
    neuron = Neuron(parameters="rate = 1.0", equations="dv/dt = rate\nr = v", spike="v > 50.0", reset="v = 0.0")
    pop = Population(3, neuron, stop_condition="v > 30.0 : any")
    pop.rate = [0.5, 1.0, 2.0]
    m = Monitor(pop, "v", period=5.0)

    def method(idx, net):
        if idx == 0:
            net.simulate(100.0)
            net.get(pop).rate = 3.0  # Python between two simulate() calls
            net.simulate(40.0)
        elif idx == 1:
            net.simulate(333.0)
        elif idx == 2:
            return net.simulate_until(500.0, net.get(pop)), net.get(m).get("v").tolist()
        elif idx == 3:
            return "no simulation"

        @net.every(10.0)
        def count(n):
            net.counted = n
        net.simulate(30.0)
        return net.get_time(), net.get(m).get("v").tolist(), net.counted

    batch, sequential = both_modes(method, number=4)
    assert batch == sequential
    assert batch[0][0] == 170.0 and batch[1][0] == 363.0 and batch[3] == "no simulation"


def test_a_failing_method_keeps_the_results_of_the_others():
    Population(10, Izhikevich)

    def method(idx, net):
        net.simulate(20.0)
        if idx == 1:
            raise RuntimeError("copy 1 broke")
        net.simulate(20.0)
        return net.get_time()

    with pytest.raises(ParallelRunError, match=r"network\(s\) \[1\] failed; network 1:") as info:
        parallel_run(method, number=3, mode="batch", progress=False)
    assert info.value.results[0] == info.value.results[2] == 40.0
    returned = parallel_run(method, number=3, mode="batch", errors="return", progress=False)
    assert returned[0] == 40.0 and isinstance(returned[1], RuntimeError)


def test_modes_that_contradict_are_refused():
    Population(5, Izhikevich)

    def method(idx, net):
        return idx

    with pytest.raises(ValidationError, match=r"mode.*Value must be one of 'auto', 'batch', 'engines', "
                                              r"'sequential' \(got 'fast'\)"):
        parallel_run(method, number=2, mode="fast")
    with pytest.raises(ValidationError, match=r"sequential=True runs one network after another; it contradicts "
                                              r"mode='batch'"):
        parallel_run(method, number=2, mode="batch", sequential=True)
    with pytest.raises(ValidationError, match=r"cluster= runs on engines; it contradicts mode='batch'"):
        parallel_run(method, number=2, mode="batch", cluster="default")
    with pytest.raises(ValidationError, match=r"cluster= runs on engines; it contradicts mode='sequential'"):
        parallel_run(method, number=2, sequential=True, cluster="default")


def test_large_copies_compiled_on_threads_draw_what_they_draw_alone():
    from annlab import Network, Projection
    from annlab.dispatch import THREADED_COMPILE, copy_compile_s, network_size
    from annlab.lockstep import compile_all

    pop = Population(1500, Izhikevich)
    proj = Projection(pop, pop, "exc").connect_fixed_probability(0.1, weights=0.5)
    threaded = [Network(everything=True, seed=k) for k in range(5)]
    assert copy_compile_s(*network_size(threaded[0])) > THREADED_COMPILE  # they compile on threads
    assert compile_all(threaded) == [None] * 5
    alone = [Network(everything=True, seed=k) for k in range(5)]
    for net in alone:
        net.compile()
    for a, b in zip(threaded, alone):
        assert list(a.get(proj).nb_synapses_per_dendrite()) == list(b.get(proj).nb_synapses_per_dendrite())
        for rank in (0, 700, 1499):
            assert a.get(proj).dendrite(rank).pre_ranks == b.get(proj).dendrite(rank).pre_ranks
    assert len({a.get(proj).nb_synapses for a in threaded}) > 1  # each copy drew its own


def test_a_simulate_from_a_thread_of_the_method_runs_alone():
    import threading

    Population(5, Izhikevich)

    def method(idx, net):
        worker = threading.Thread(target=net.simulate, args=(30.0,))  # not the method's greenlet
        worker.start()
        worker.join()
        net.simulate(20.0)
        return net.get_time()

    batch, sequential = both_modes(method, number=2)
    assert batch == sequential == [50.0, 50.0]
