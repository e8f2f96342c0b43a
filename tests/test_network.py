"""Network copies: the contract of shared/seed/multiple_networks.md."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from annlab import *  # noqa: F403
from annlab.errors import (AnnlabWarning, NetworkError, NonFiniteError, SimulationError, UnknownNameError,
                           ValidationError)

from conftest import seed_network


def test_seed_page_three_networks():
    setup(seed=11)
    pop1, pop2, proj, m = seed_network()
    compile()
    net1 = Network()
    net1.add([pop2, m])
    net1.compile()
    net2 = Network()
    net2.add([pop1, pop2, proj, m])
    net2.compile()
    net3 = Network(everything=True)
    net3.get(pop1).rates = 20.0
    net3.compile()
    net1.simulate(1000.)
    net2.simulate(1000.)
    net3.simulate(1000.)
    t1, n1 = net1.get(m).raster_plot()
    t2, n2 = net2.get(m).raster_plot()
    t3, n3 = net3.get(m).raster_plot()
    assert len(t1) == 0
    assert 100 < len(t2) < 350          # ~2.1 Hz x 100 neurons x 1 s
    assert 550 < len(t3) < 850          # ~7.0 Hz
    # The original network was compiled but never simulated: it still has its initial state.
    assert get_time() == 0.0 and np.all(pop2.v == -65.0)


def test_copies_compile_no_kernel():
    pop1, pop2, proj, m = seed_network()
    compile()
    net = Network(everything=True)
    net.compile()
    assert net._compiled.compilations == 0
    another = Network()
    another.add([pop1, pop2, proj, m])
    another.compile()
    assert another._compiled.compilations == 0


@pytest.mark.jit_only
def test_second_process_compiles_nothing(tmp_path):
    script = textwrap.dedent("""
        import os
        from annlab import *
        pop1 = PoissonPopulation(50, rates=10.0)
        pop2 = Population(50, Izhikevich)
        Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
        Monitor(pop2, 'spike')
        compile()
        print("COMPILATIONS", magic_network()._compiled.compilations)
    """)
    env = {**__import__("os").environ, "ANNLAB_CACHE_DIR": str(tmp_path / "cache")}
    counts = []
    for _ in range(2):
        out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
        counts.append(int(out.stdout.split("COMPILATIONS")[1]))
    assert counts[0] > 0 and counts[1] == 0


@pytest.mark.jit_only
def test_recording_kernel_is_compiled_once_for_every_structure(tmp_path):
    script = textwrap.dedent("""
        from annlab import *
        pop1 = PoissonPopulation(50, rates=10.0)
        pop2 = Population(50, Izhikevich)
        proj = Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
        m = Monitor(pop2, ['spike', 'v'])
        compile()
        simulate(5.0)
        alone = Network()                     # another structure: other arrays, other run loop
        alone.add([pop2, m])
        alone.compile()
        alone.simulate(5.0)
        record = [mod.record for mod in alone._compiled._kernel_modules if hasattr(mod, 'record')][0]
        print("RECORD", len(record.signatures), sum(record.stats.cache_misses.values()))
    """)
    env = {**__import__("os").environ, "ANNLAB_CACHE_DIR": str(tmp_path / "cache")}
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.split("RECORD")[1].split() == ["1", "1"]


def test_copy_takes_values_set_before_add_and_is_independent():
    pop1, pop2, proj, m = seed_network()
    pop2.v = -60.0 + 10.0 * np.random.random(100)
    initial = pop2.v.copy()
    net_a = Network(everything=True)
    net_b = Network(everything=True)
    assert np.array_equal(net_a.get(pop2).v, initial) and np.array_equal(net_b.get(pop2).v, initial)
    # Changing a copy (before its compile) leaks neither into the original nor into later copies.
    net_a.get(pop2).v = 0.0
    net_a.get(pop2).a = 0.1
    net_c = Network(everything=True)
    assert np.array_equal(pop2.v, initial) and np.array_equal(net_c.get(pop2).v, initial)
    assert np.all(net_c.get(pop2).a == 0.02)
    # Changing the original after adding does nothing to the copies.
    pop1.rates = 50.0
    assert np.all(net_b.get(pop1).rates == 10.0)


def test_state_of_copies_stays_separate_after_compile():
    pop1, pop2, proj, m = seed_network()
    compile()
    net = Network(everything=True)
    net.compile()
    net.simulate(200.0)
    assert net.get_time() == 200.0 and get_time() == 0.0
    assert np.all(pop2.v == -65.0)                     # reading the original never shows a copy
    assert not np.all(net.get(pop2).v == -65.0)
    simulate(100.0)
    assert get_time() == 100.0 and net.get_time() == 200.0


def test_connectivity_is_drawn_per_copy():
    pop1, pop2, proj, m = seed_network()
    nets = [Network(everything=True, seed=s) for s in (1, 2)]
    for net in nets:
        net.compile()
    matrices = [net.get(proj).connectivity_matrix() for net in nets]
    assert not np.array_equal(matrices[0] != 0, matrices[1] != 0)
    for matrix in matrices:
        assert 0.17 < (matrix != 0).mean() < 0.23
        assert set(np.unique(matrix)) <= {0.0, 5.0}


def test_same_seed_same_spikes_bit_for_bit():
    pop1, pop2, proj, m = seed_network()
    results = []
    for _ in range(2):
        net = Network(everything=True, seed=42)
        net.compile()
        net.simulate(500.0)
        results.append(net.get(m).get('spike'))
        v = net.get(pop2).v
    assert results[0] == results[1]
    other = Network(everything=True, seed=43)
    other.compile()
    other.simulate(500.0)
    assert other.get(m).get('spike') != results[0]
    assert np.isfinite(v).all()


def test_get_views_and_lists():
    pop1, pop2, proj, m = seed_network()
    view = pop2[10:20]
    view_monitor = Monitor(view, 'v')
    net = Network(everything=True)
    copies = net.get([pop1, pop2, proj, m])
    assert copies[1] is net.get(pop2) and copies[1] is not pop2
    assert net.get(view).population is net.get(pop2) and net.get(view).size == 10
    net.compile()
    net.simulate(5.0)
    assert net.get(view_monitor).get('v').shape == (5, 10)


def test_add_errors():
    pop1, pop2, proj, m = seed_network()
    net = Network()
    with pytest.raises(NetworkError, match="needs the population"):
        net.add(proj)
    with pytest.raises(ValidationError, match="Can only add"):
        net.add("pop1")
    other = Network()
    with pytest.raises(NetworkError, match="was not added to this network"):
        other.get(pop1)
    net.add([proj, pop1, pop2])   # any order within one call
    net.compile()
    late = Population(3, Izhikevich)
    with pytest.raises(NetworkError, match="cannot add the population .* to a compiled network"):
        net.add(late)
    net.add(m)   # monitors can join a compiled network
    net.simulate(5.0)
    assert len(net.get(m).get("spike")) == pop2.size


def test_simulate_before_compile_is_an_error():
    seed_network()
    net = Network(everything=True)
    with pytest.raises(SimulationError, match="not compiled"):
        net.simulate(10.0)
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        net.compile() or net.simulate(-5.0)


def test_get_population_by_name_and_suggestion():
    Population(10, Izhikevich, name="excitatory")
    net = Network(everything=True)
    assert net.get_population("excitatory").size == 10
    with pytest.raises(UnknownNameError, match="did you mean 'excitatory'"):
        net.get_population("excitatory_")
    assert len(net.get_populations()) == 1 and net.get_projections() == [] and net.get_monitors() == []


def test_network_api_methods():
    pop1, pop2, proj, m = seed_network()
    net = Network(everything=True, seed=3)
    net.compile()
    net.step()
    assert net.get_current_step() == 1
    net.set_current_step(10)
    assert net.get_time() == 10.0
    net.set_time(20.0)
    assert net.get_current_step() == 20
    net.simulate(10.0)
    net.reset()
    assert net.get_time() == 0.0 and np.all(net.get(pop2).v == -65.0)
    net.set_seed(5)
    net.disable_learning()
    net.enable_learning()


def test_objects_created_after_compile_go_to_new_networks():
    pop1, pop2, proj, m = seed_network()
    compile()
    extra = Population(5, Izhikevich, name="late")
    extra_monitor = Monitor(extra, 'v')
    net = Network()
    net.add([extra, extra_monitor])
    net.compile()
    net.simulate(3.0)
    assert net.get(extra_monitor).get('v').shape == (3, 5)


def test_recreating_objects_with_the_same_name_replaces_them():
    """Re-running a notebook cell that recreates named objects needs no restart."""
    for _ in range(2):
        Population(10, Izhikevich, name="cell_pop")
    assert [p.name for p in populations()] == ["cell_pop"]
    compile()
    simulate(5.0)


def test_clear_forgets_everything():
    seed_network()
    setup(dt=0.5)
    clear()
    assert populations() == [] and projections() == []
    Population(3, Izhikevich)
    compile()
    simulate(2.0)
    assert get_current_step() == 2    # dt back to its default, 1 ms


def test_simulate_until_returns_ms_not_steps():
    """ANNarchy 4.8 defect not to reproduce: simulate_until returned steps/dt."""
    setup(dt=0.5)
    pop = Population(1, Neuron(equations="dv/dt = 1.0 : init = 0.0\nr = v"), stop_condition="v > 10.0")
    compile()
    elapsed = simulate_until(100.0, pop)
    assert elapsed == pytest.approx(10.5)
    assert get_time() == pytest.approx(10.5)


@pytest.mark.parametrize("flag, stop_ms", [(" : any", 3.0), (" : all", 9.0), ("", 9.0)])
def test_simulate_until_any_or_all_neurons(flag, stop_ms):
    """v grows by I per ms; the neuron with I = 4 crosses 10 after 3 ms, the one with I = 1.2 after 9."""
    pop = Population(2, Neuron(parameters="I = 1.0", equations="dv/dt = I : init = 0.0\nr = v"),
                     stop_condition="v > 10.0" + flag)
    pop.I = [4.0, 1.2]
    compile()
    assert simulate_until(100.0, pop) == pytest.approx(stop_ms)


def test_global_functions_work_alongside_copies():
    pop1, pop2, proj, m = seed_network()
    compile()
    net = Network(everything=True)
    net.compile()
    simulate(100.0)
    net.simulate(50.0)
    assert get_time() == 100.0 and net.get_time() == 50.0
    assert len(m.get('spike')) == 100


def test_monitor_rates_and_raster_from_records_equal_the_dict_path():
    from annlab import analysis
    setup(dt=0.5, seed=3)
    source = PoissonPopulation(60, rates=40.0)
    pop = Population(60, Izhikevich)
    Projection(source, pop, "exc").connect_fixed_probability(weights=8.0, probability=0.3)
    whole, view = Monitor(pop, "spike"), Monitor(pop[10:30], "spike")
    compile()
    simulate(200.0)
    whole.pause()
    simulate(50.0)                                      # not recorded by `whole`
    whole.resume()
    simulate(100.0)
    for monitor, n_neurons in ((whole, 60), (view, 20)):
        spikes = monitor.get("spike", keep=True)
        assert len(spikes) == n_neurons and sum(map(len, spikes.values())) > 50
        duration = {whole: 300.0, view: 350.0}[monitor]
        assert monitor.mean_fr() == pytest.approx(analysis.mean_fr(spikes, 0.5, duration=duration), rel=1e-12)
        t, n = monitor.raster_plot()
        t_dict, n_dict = analysis.raster_plot(spikes, 0.5)
        assert np.array_equal(t, t_dict) and np.array_equal(n, n_dict) and n.dtype == n_dict.dtype
    assert set(view.raster_plot()[1].tolist()) <= set(range(10, 30))   # population ranks


def test_a_monitor_resumed_before_reset_records_from_step_zero_after_it():
    pop = Population(3, Neuron(equations="r = t"))
    every_step, every_third = Monitor(pop, "r"), Monitor(pop, "r", period=3.0)
    compile()
    every_step.pause()
    simulate(5.0)
    every_step.resume()                                 # resumed at step 5 ...
    simulate(4.0)
    assert every_step.get("r")[:, 0].tolist() == [5.0, 6.0, 7.0, 8.0]
    reset()                                             # ... then time goes back to 0
    simulate(7.0)
    assert every_step.get("r")[:, 0].tolist() == [0.0, 1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    assert every_third.get("r")[:, 0].tolist() == [0.0, 3.0, 6.0]
    assert every_step.times()["start"] == [0.0]


def test_non_finite_state_stops_the_run_and_names_the_variable():
    pop = Population(3, Neuron(equations="dv/dt = v*v + 1 : init = 1.0\nr = v"), name="blow")
    pop[1:].v = -1.0                                 # dv/dt = v*v + 1 > 0 everywhere: every neuron diverges
    monitor, sparse = Monitor(pop, "v"), Monitor(pop[:2], "v", period=3.0, name="sparse")
    compile()
    with pytest.raises(NonFiniteError, match=r"Population 'blow': 'v' became inf \(neuron 0\) at t = 10 ms \(seen "
                                             r"by monitor 'monitor\d+'\)\. The simulation stopped at t = 50 ms") as caught:
        simulate(50.0)
    assert (caught.value.owner, caught.value.variable, caught.value.index) == ("blow", "v", 0)
    assert caught.value.window == (0.0, 50.0) and caught.value.time == 10.0 and get_time() == 50.0
    recorded = monitor.get("v")[:, 0]
    assert len(recorded) == 50 and recorded[10] == np.inf and np.isfinite(recorded[9])  # kept, as computed
    assert np.isfinite(sparse.get("v")[3, 0]) and sparse.get("v", keep=True) is not None


def test_without_a_monitor_the_non_finite_time_is_a_window():
    pop = Population(2, Neuron(equations="dv/dt = v*v + 1 : init = 1.0\nr = v"), name="blow")
    Monitor(pop[1:], "v", name="other")                     # records neuron 1 only: not the one at fault
    compile()
    with pytest.raises(NonFiniteError, match=r"'v' became inf \(neuron 0\) between t = 0 and 50 ms \(a monitor of "
                                             r"'v' shows the step\)") as caught:
        simulate(50.0)
    assert caught.value.time is None


def test_non_finite_spread_through_a_projection_is_found_in_the_first_population():
    source = Population(2, Neuron(parameters="tau = 0.0", equations="r = 1.0 / tau"), name="divides")
    target = Population(2, Neuron(equations="r = sum(exc)"), name="reads")
    Projection(source, target, "exc").connect_all_to_all(1.0)
    compile()
    with pytest.raises(NonFiniteError, match=r"Population 'divides': 'r' became inf \(neuron 0\)"):
        simulate(3.0)


def test_check_finite_can_be_turned_off():
    setup(check_finite=False)
    try:
        pop = Population(1, Neuron(equations="dv/dt = v*v + 1 : init = 1.0\nr = v"))
        compile()
        simulate(20.0)
        assert np.isnan(pop.v[0]) or np.isinf(pop.v[0])
    finally:
        setup(check_finite=True)
    with pytest.raises(ValidationError, match=r"setup.check_finite: Value must be True or False \(got 'yes'\)"):
        setup(check_finite="yes")


def test_keep_last_records_only_the_last_milliseconds():
    setup(dt=0.5, seed=2)
    noise = PoissonPopulation(50, rates=200.0)
    every, last, sparse = Monitor(noise, ["spike", "p"]), Monitor(noise, ["spike", "p"], keep_last=20.0), \
        Monitor(noise, "p", period=2.0, keep_last=10.0)
    compile()
    for _ in range(7):                                       # several chunks: trimmed as it runs
        simulate(15.0)
    full, window = every.get(), last.get()
    assert window["p"].shape == (40, 50)
    np.testing.assert_array_equal(window["p"], full["p"][-40:])
    cutoff = get_time() / 0.5 - 40                           # steps of the last 20 ms
    assert window["spike"] == {n: [s for s in steps if s >= cutoff] for n, steps in full["spike"].items()}
    assert sum(map(len, window["spike"].values())) > 50
    assert sparse.get("p").shape == (5, 50)
    with pytest.raises(ValidationError, match=r"Monitor.keep_last: Value must be a duration greater than 0 ms"):
        Monitor(noise, "p", keep_last=0)


def test_monitors_that_would_fill_the_memory_are_stopped_before_the_run(monkeypatch):
    pop = Population(4000, Izhikevich, name="big")
    whole = Monitor(pop, ["v", "u"])
    Monitor(pop, "v", keep_last=1.0)
    compile()
    setup(memory_check="raise")
    try:
        # 4000 neurons x 2 variables x 8 bytes x 1e10 steps: far more than any machine has
        with pytest.raises(SimulationError, match=r"simulate\(\): the monitors of this network would record .* GiB "
                                                  r"in 1e\+10 ms, and .* GiB of memory are available"):
            simulate(1e10)
        assert get_time() == 0.0
        setup(memory_check="warn")
        import annlab.sim.simulator as engine
        monkeypatch.setattr(engine, "_available_memory", lambda: 1_000_000)   # a machine with 1 MB free
        with pytest.warns(AnnlabWarning, match="would record 0.00.* GiB in 20 ms"):
            simulate(20.0)                          # 4000 x 2 x 8 bytes x 21 rows: 1.3 MB
        assert get_time() == 20.0 and len(whole.get("v")) == 20
        whole.pause()
        import warnings
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            simulate(30.0)                          # the bounded monitor alone fits: no warning
        assert not [w for w in caught if "would record" in str(w.message)]
    finally:
        setup(memory_check="warn")
    with pytest.raises(ValidationError, match=r"setup.memory_check: Value must be 'warn', 'raise' or 'off'"):
        setup(memory_check="maybe")
