"""Features of the model language and projections, each checked against an expected value."""
import numpy as np
import pytest

from annlab import *  # noqa: F403


def test_random_distributions_inside_equations_have_their_statistics():
    neuron = Neuron(parameters="lam = 2.0", equations="""
        a = Uniform(-1.0, 3.0)
        b = Normal(1.0, 2.0)
        c = LogNormal(0.0, 0.5)
        d = Exponential(lam)
        e = Gamma(2.0, 3.0)
        f = DiscreteUniform(1, 6)
        g = Binomial(10, 0.3)
        r = a
    """)
    pop = Population(2000, neuron)
    m = Monitor(pop, ["a", "b", "c", "d", "e", "f", "g"])
    setup(seed=4)
    compile()
    simulate(5.0)
    data = {k: v.reshape(-1) for k, v in m.get().items()}
    assert abs(data["a"].mean() - 1.0) < 0.05 and data["a"].min() >= -1.0 and data["a"].max() < 3.0
    assert abs(data["b"].mean() - 1.0) < 0.06 and abs(data["b"].std() - 2.0) < 0.06
    assert abs(data["c"].mean() - np.exp(0.125)) < 0.03
    assert abs(data["d"].mean() - 0.5) < 0.02                  # rate Lambda = 2 -> mean 1/2
    assert abs(data["e"].mean() - 6.0) < 0.15                  # shape 2, scale 3
    assert set(np.unique(data["f"])) == {1, 2, 3, 4, 5, 6}
    assert abs(data["g"].mean() - 3.0) < 0.05 and data["g"].max() <= 10


@pytest.mark.parametrize("operation, expected", [("sum", 6.0), ("max", 3.0), ("min", 1.0), ("mean", 2.0)])
def test_rate_coded_operations(operation, expected):
    source = Population(3, Neuron(parameters="level = 0.0", equations="r = level"))
    source.level = [1.0, 2.0, 3.0]
    target = Population(1, Neuron(equations="r = sum(exc)"))
    synapse = Synapse(psp="w * pre.r", operation=operation)
    Projection(source, target, "exc", synapse).connect_all_to_all(weights=1.0)
    m = Monitor(target, "r")
    compile()
    simulate(3.0)
    assert m.get("r")[:, 0].tolist() == [0.0, expected, expected]   # one step of lag


def test_custom_pre_spike_code_and_post_variables():
    src = SpikeSourceArray(spike_times=[[2.0]])
    post = Population(1, Neuron(equations="v = g_exc + v_base : init = 0.0\nv_base = v_base : init = 0.0",
                                spike="v > 100.0", reset=""))
    synapse = Synapse(parameters="scale = 3.0 : projection", pre_spike="g_target += scale * w\npost.v_base += 1.0")
    Projection(src, post, "exc", synapse).connect_all_to_all(weights=2.0)
    m = Monitor(post, ["v", "v_base"])
    compile()
    simulate(5.0)
    data = m.get()
    assert data["v"][:, 0].tolist() == [0.0, 0.0, 0.0, 7.0, 1.0]     # spike at 2 arrives at step 3
    assert data["v_base"][:, 0].tolist() == [0.0, 0.0, 0.0, 1.0, 1.0]


def test_per_synapse_delays_arrive_at_their_steps():
    setup(dt=0.5)
    src = SpikeSourceArray(spike_times=[[1.0]])
    post = Population(4, Izhikevich)
    proj = Projection(src, post, "exc").connect_from_matrix(weights=[[1.0], [1.0], [1.0], [1.0]],
                                                            delays=[[0.5], [1.0], [2.5], [4.0]])
    m = Monitor(post, "g_exc")
    compile()
    simulate(8.0)
    g = m.get("g_exc")
    arrival = [int(np.nonzero(g[:, k])[0][0]) for k in range(4)]
    assert arrival == [2 + 1, 2 + 2, 2 + 5, 2 + 8]                # spike step 2 + delay steps
    assert proj.delay == [[0.5], [1.0], [2.5], [4.0]]


def test_save_connectivity_and_connect_from_file(tmp_path):
    pre, post = PoissonPopulation(30, rates=1.0), Population(20, Izhikevich)
    proj = Projection(pre, post, "exc").connect_fixed_probability(0.3, weights=Uniform(0.0, 1.0))
    compile()
    proj.save_connectivity(tmp_path / "conn.npz")
    original = proj.connectivity_matrix(fill=np.nan)
    clear()
    pre, post = PoissonPopulation(30, rates=1.0), Population(20, Izhikevich)
    again = Projection(pre, post, "exc").connect_from_file(tmp_path / "conn.npz")
    compile()
    assert np.array_equal(again.connectivity_matrix(fill=np.nan), original, equal_nan=True)


def test_save_connectivity_of_views_keeps_the_view_ranks(tmp_path):
    pop = Population(10, Izhikevich)
    proj = Projection(pop[6:10], pop[0:3], "exc").connect_all_to_all(weights=Uniform(0.0, 1.0))
    compile()
    proj.save_connectivity(tmp_path / "views.npz")
    original = proj.connectivity_matrix(fill=np.nan)
    clear()
    pop = Population(10, Izhikevich)
    again = Projection(pop[6:10], pop[0:3], "exc").connect_from_file(tmp_path / "views.npz")
    compile()
    assert again.nb_synapses == 12
    assert np.array_equal(again.connectivity_matrix(fill=np.nan), original, equal_nan=True)
    data = np.load(tmp_path / "views.npz")
    assert data["pre_ranks"].max() == 3 and data["post_ranks"].max() == 2  # ranks in the views


def test_connect_from_sparse_and_with_func():
    import scipy.sparse as sp

    pre, post = PoissonPopulation(4, rates=1.0), Population(3, Izhikevich)
    matrix = sp.csr_matrix(([0.5, 1.5], ([0, 3], [2, 1])), shape=(4, 3))   # (pre, post) as in ANNarchy
    p1 = Projection(pre, post, "exc").connect_from_sparse(matrix)
    p2 = Projection(pre, post, "inh").connect_with_func(lambda pre, post, value: np.full((post.size, pre.size), value),
                                                        value=0.25)
    compile()
    expected = np.zeros((3, 4))
    expected[2, 0], expected[1, 3] = 0.5, 1.5
    assert np.array_equal(p1.connectivity_matrix(), expected)
    assert np.all(p2.connectivity_matrix() == 0.25)


def test_monitor_analysis_methods():
    src = SpikeSourceArray(spike_times=[[10.0, 20.0, 30.0, 40.0], [15.0, 35.0]])
    m = Monitor(src, "spike")
    compile()
    simulate(100.0)
    assert m.mean_fr() == pytest.approx((4 + 2) / 2 / 0.1)
    assert m.inter_spike_interval().tolist() == [10.0, 10.0, 10.0, 20.0]
    assert m.coefficient_of_variation(per_neuron=True)[0] == 0.0
    assert m.histogram(bins=10.0).sum() == 6
    assert m.population_rate().mean() == pytest.approx(m.mean_fr())
    assert m.smoothed_rate().shape[0] == 2
    t, n = m.raster_plot()
    assert t.tolist() == [10.0, 20.0, 30.0, 40.0, 15.0, 35.0] and n.tolist() == [0, 0, 0, 0, 1, 1]


def test_user_functions_and_if_expressions():
    neuron = Neuron(parameters="k = 2.0", functions="sigmoid(x) = 1.0 / (1.0 + exp(-x))\ndouble(x) = 2*x",
                    equations="r = sigmoid(k * t) \ns = if t > 2.0: double(k) else: -1.0")
    pop = Population(1, neuron)
    m = Monitor(pop, ["r", "s"])
    compile()
    simulate(4.0)
    data = m.get()
    assert data["r"][:, 0] == pytest.approx(1 / (1 + np.exp(-2.0 * np.arange(4))))
    assert data["s"][:, 0].tolist() == [-1.0, -1.0, -1.0, 4.0]


def test_min_max_flags_bound_variables():
    pop = Population(1, Neuron(equations="dv/dt = 1.0 : min = 0.0, max = 2.5\nr = v"))
    m = Monitor(pop, "v")
    compile()
    simulate(4.0)
    assert m.get("v")[:, 0].tolist() == [1.0, 2.0, 2.5, 2.5]


def test_t_last_and_refractory_expression():
    neuron = Neuron(parameters="period = 3.0", equations="v = t - t_last", spike="v >= period", reset="",
                    refractory="period - 1.0")
    pop = Population(1, neuron)
    m = Monitor(pop, "spike")
    compile()
    simulate(20.0)
    steps = m.get("spike")[0]
    assert np.all(np.diff(steps) == 3)
