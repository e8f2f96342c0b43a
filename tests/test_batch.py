"""Copies of one structure advanced together (annlab.sim.batch) give what each gives alone, bit for bit.

Each test builds the same copies twice (same seeds): one set is simulated one network after
another, the other as one batch; spikes, recordings, state and weights must be identical.
"""
import numpy as np
import pytest

from annlab import (STDP, DiscreteUniform, Izhikevich, Monitor, Network, Neuron, NonFiniteError, PoissonPopulation, Population,
                    Projection, SimulationError, Synapse, Uniform, ValidationError, setup)
from annlab.sim.batch import Batch, batch_source


def _copies(seeds, configure=None, **network):
    nets = []
    for k, seed in enumerate(seeds):
        net = Network(everything=True, seed=seed, **network)
        if configure is not None:
            configure(k, net)
        net.compile()
        nets.append(net)
    return nets


def _state(net):
    """Everything a copy computed: every attribute of every population and projection, and its time."""
    values = {"t": net.get_time()}
    for pop in net.get_populations():
        values.update({f"{pop.name}.{name}": np.array(getattr(pop, name)) for name in pop.attributes})
    for proj in net.get_projections():
        for name in proj.attributes:
            value = proj.get(name)  # per dendrite, or one number
            values[f"{proj.name}.{name}"] = np.concatenate([np.ravel(d) for d in value] or [[]]) \
                if isinstance(value, list) else np.ravel(value)
    return values


def _assert_same(alone, together, monitors):
    for a, b in zip(alone, together):
        for monitor in monitors:
            for variable in a.get(monitor).variables:
                assert _equal(a.get(monitor).get(variable, keep=True), b.get(monitor).get(variable, keep=True)), \
                    f"{monitor.name}.{variable}"
        state_a, state_b = _state(a), _state(b)
        assert state_a.keys() == state_b.keys()
        for key in state_a:
            assert np.array_equal(state_a[key], state_b[key]), key


def _equal(a, b):
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(_equal(a[k], b[k]) for k in a)
    return np.array_equal(np.asarray(a), np.asarray(b))


def _run_both(build, steps, seeds=(1, 2, 3)):
    alone, together = build(seeds), build(seeds)
    for net in alone:
        net.simulate(steps * net.dt)
    done = Batch([net._compiled for net in together]).run(steps)
    assert done == [steps] * len(seeds)
    return alone, together


def test_spiking_copies_with_stdp_delays_and_poisson_inputs_are_bit_identical():
    inputs = PoissonPopulation(60, rates=30.0)
    pop = Population(40, Izhikevich)
    proj = Projection(inputs, pop, "exc", STDP(w_max=10.0))
    proj.connect_fixed_probability(0.3, weights=Uniform(4.0, 8.0), delays=DiscreteUniform(1, 4))  # per synapse
    recurrent = Projection(pop, pop, "inh")
    recurrent.connect_fixed_probability(0.2, weights=1.0, delays=3.0)
    spikes = Monitor(pop, ["spike", "v", "g_exc"], period=2.0)
    source_spikes = Monitor(inputs, "spike")

    def configure(k, net):
        net.get(inputs).rates = 40.0 + 20.0 * k  # per-copy parameters

    alone, together = _run_both(lambda seeds: _copies(seeds, configure), 400)
    _assert_same(alone, together, [spikes, source_spikes])
    counts = [sum(len(times) for times in net.get(spikes).get("spike", keep=True).values()) for net in together]
    assert counts[0] > 0 and len(set(counts)) == 3  # the copies differ (rates, connectivity), each as alone
    assert len({net.get(proj).nb_synapses for net in together}) > 1  # connectivity drawn per copy


def test_rate_coded_copies_with_delays_are_bit_identical():
    noisy = Neuron(parameters="tau = 10.0 : population\nbaseline = 0.0", equations="tau * dr/dt + r = baseline + "
                   "sum(exc) + Uniform(-0.1, 0.1)\nr = pos(r)")
    pop = Population(30, noisy)
    pop.baseline = np.linspace(0.0, 1.0, 30)
    proj = Projection(pop, pop, "exc")
    proj.connect_fixed_probability(0.2, weights=0.1, delays=5.0)
    rates = Monitor(pop, "r", period=3.0)
    alone, together = _run_both(lambda seeds: _copies(seeds), 300)
    _assert_same(alone, together, [rates])
    assert not np.array_equal(together[0].get(pop).r, together[1].get(pop).r)


def test_plastic_synapses_and_every_callbacks_run_as_alone():
    oja = Synapse(parameters="eta = 0.01", equations="dw/dt = eta * post.r * (pre.r - post.r * w)")
    source = Population(10, Neuron(parameters="level = 1.0", equations="r = level + Uniform(0.0, 0.2)"))
    target = Population(3, Neuron(equations="r = sum(exc)"))
    proj = Projection(source, target, "exc", oja)
    proj.connect_all_to_all(weights=0.1)

    def build(seeds):
        nets = _copies(seeds)
        for net in nets:
            seen = net.seen = []
            net.every(25.0)(lambda n, net=net, seen=seen: seen.append((n, float(net.get(target).r[0]))))
        return nets

    alone, together = build((4, 5)), build((4, 5))
    for net in alone:
        net.simulate(100.0)
    Batch([net._compiled for net in together]).run(100, callbacks=[net._callbacks for net in together])
    _assert_same(alone, together, [])
    assert [net.seen for net in alone] == [net.seen for net in together] and len(together[0].seen) == 4


def test_each_copy_runs_its_own_number_of_steps_from_its_own_time():
    Population(20, Izhikevich)
    alone, together = _copies((1, 2)), _copies((1, 2))
    for net, before in zip(together + alone, (30, 0, 30, 0)):
        net.simulate(before)
    for net, steps in zip(alone, (50, 120)):
        net.simulate(steps)
    assert Batch([net._compiled for net in together]).run([50, 120]) == [50, 120]
    assert [net.get_current_step() for net in together] == [80, 120]
    _assert_same(alone, together, [])


def test_float32_copies_run_in_float32():
    setup(precision="float")
    pop = Population(20, Izhikevich)
    pop.i_offset = np.linspace(0.0, 10.0, 20)
    alone, together = _run_both(lambda seeds: _copies(seeds), 200, seeds=(1, 2))
    _assert_same(alone, together, [])
    assert {array.dtype for array in together[0]._compiled.slots.tuples["F2"]} == {np.dtype(np.float32)}


def test_a_copy_that_fails_stops_and_the_others_go_on():
    pop = Population(2, Neuron(parameters="k = 1.0", equations="dv/dt = k * v\nr = v"))
    pop.v = 1.0

    def configure(k, net):
        net.get(pop).k = 1000.0 if k == 1 else 0.001  # copy 1 overflows

    nets = _copies((1, 2, 3), configure)
    errors = {}
    done = Batch([net._compiled for net in nets]).run(6000, errors=errors)
    assert list(errors) == [1] and isinstance(errors[1], NonFiniteError)
    assert done[0] == done[2] == 6000 and done[1] < 6000
    assert np.all(np.isfinite(nets[0].get(pop).v))
    with pytest.raises(NonFiniteError, match="'v' became"):
        Batch([net._compiled for net in _copies((1, 2), configure)]).run(6000)


def test_networks_of_other_structures_do_not_run_together():
    Population(5, Izhikevich)
    first = _copies((1,))[0]
    other = Network(dt=0.5, everything=True)
    other.compile()
    with pytest.raises(SimulationError, match="network 1 of the batch has another structure, dt or precision"):
        Batch([first._compiled, other._compiled])
    with pytest.raises(SimulationError, match="a batch needs at least one compiled network"):
        Batch([])


def test_the_batch_module_is_printed_from_the_declared_arguments():
    Population(5, Izhikevich)
    net = _copies((1,))[0]
    program = net._compiled.program
    source = batch_source(program)
    for array in program.arguments:
        assert f"{array.name}_c = _array_at(tables[c, " in source
    assert "done[c] = run_copy(n_steps[c], step0[c], dt, _generator_at(generators[c], rng)" in source
    compile(source, "<batch>", "exec")


# ---- Network.batch(N): the public face ----------------------------------------------------
def test_network_batch_sets_values_per_copy_and_matches_copies_run_alone():
    setup(seed=7)
    inputs = PoissonPopulation(50, rates=10.0)
    pop = Population(30, Izhikevich)
    Projection(inputs, pop, "exc").connect_fixed_probability(0.3, weights=4.0)
    m = Monitor(pop, "spike")
    net = Network(everything=True)
    batch = net.batch(3)
    assert len(batch) == 3 and all(isinstance(net, Network) for net in batch)
    batch.get(inputs).rates = [40.0, 80.0, 120.0]           # one value per copy
    batch.get(pop).i_offset = 1.0                           # one value for all
    np.testing.assert_array_equal(batch.get(inputs).rates[:, 0], [40.0, 80.0, 120.0])
    batch.simulate(300.0)
    np.testing.assert_array_equal(batch.get_time(), [300.0] * 3)
    alone = net.batch(3)  # the same seeds: the network's seed, then k
    for k, rate in enumerate([40.0, 80.0, 120.0]):
        alone[k].get(inputs).rates = rate
        alone[k].get(pop).i_offset = 1.0
        alone[k].simulate(300.0)
    together = batch.get(m).get("spike")  # one dict per copy
    assert together == alone.get(m).get("spike")
    counts = [sum(len(t) for t in spikes.values()) for spikes in together]
    assert counts[0] < counts[1] < counts[2]


def test_network_batch_refuses_what_it_cannot_know():
    pop = Population(3, Izhikevich)
    with pytest.raises(ValidationError, match=r"Network.batch.*copies.*Value must be an integer >= 1 \(got 0\)"):
        Network(everything=True).batch(0)
    with pytest.raises(ValidationError, match=r"one seed per copy \(2; got 1\)"):
        Network(everything=True).batch(2, seeds=[1])
    batch = Network(everything=True).batch(3)
    with pytest.raises(ValidationError, match=r"3 values for 3 copies of a population of 3 neurons is ambiguous"):
        batch.get(pop).v = [-60.0, -65.0, -70.0]
    batch.get(pop).v = [[-60.0] * 3, [-65.0] * 3, [-70.0] * 3]  # one array per copy
    np.testing.assert_array_equal(batch[1].get(pop).v, [-65.0] * 3)
