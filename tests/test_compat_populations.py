"""ANNarchy 4.8 behaviour of populations, views and individual neurons.

Ranks are the C order of the geometry; ``pop[i]`` and slices give views, ``pop[x, y]`` and
``pop.neuron(...)`` one neuron. Values are checked against hand-computed results and against
what ANNarchy 4.8.2.7 returns for the same calls.
"""
import numpy as np
import pytest

from annlab import (Izhikevich, Monitor, Network, Neuron, PoissonPopulation, Population, Projection,
                    SpikeSourceArray, Uniform, compile, reset, setup, simulate)
from annlab.core.population_view import IndividualNeuron, PopulationView
from annlab.errors import UnknownNameError, ValidationError

RATE = Neuron(parameters="tau = 10.0\ng = 2.0 : population", equations="r = t / tau")
COUNTER = Neuron(parameters="p = 3.0", equations="v = v + 1.0", spike="v >= p", reset="v = 0.0")


# ---- indexing ---------------------------------------------------------------------------------
def test_one_dimensional_indexing_gives_views_of_ranks():
    pop = Population(6, RATE)
    assert type(pop[3]) is PopulationView and pop[3].ranks.tolist() == [3] and pop[3].geometry == (1,)
    assert pop[-1].ranks.tolist() == [5]
    assert pop[1:4].ranks.tolist() == [1, 2, 3] and pop[::2].ranks.tolist() == [0, 2, 4]
    assert pop[-2:].ranks.tolist() == [4, 5]
    assert pop[[4, 0, 2]].ranks.tolist() == [4, 0, 2]
    assert pop[np.array([1, 3])].ranks.tolist() == [1, 3]
    assert pop[np.arange(6) % 3 == 0].ranks.tolist() == [0, 3]
    assert isinstance(pop[2:4].ranks, np.ndarray) and pop[2:4].size == len(pop[2:4]) == 2


def test_multi_dimensional_slices_follow_the_c_order_of_the_geometry():
    grid = Population((8, 8), RATE)
    assert grid[:, 4].ranks.tolist() == [4, 12, 20, 28, 36, 44, 52, 60]
    assert grid[2, :].ranks.tolist() == list(range(16, 24))
    small = Population((3, 4), RATE)
    view = small[1:, 1:3]
    assert view.ranks.tolist() == [5, 6, 9, 10] and view.geometry == (2, 2)
    assert small[-1, -1].rank == 11 and small[0, ::3].ranks.tolist() == [0, 3]
    cube = Population((2, 3, 4), RATE)
    column = cube[1, :, 2]  # an int keeps its dimension, as in ANNarchy
    assert column.ranks.tolist() == [14, 18, 22] and column.geometry == (1, 3, 1)
    assert cube[1].ranks.tolist() == [1]  # one int is a rank, not a row
    four = Population((2, 2, 2, 3), RATE)
    assert four[1, 0, :, 2].ranks.tolist() == [14, 17]
    assert four[1, 0, 1, 2].rank == 17


def test_coordinates_give_individual_neurons():
    grid = Population((8, 8), RATE)
    neuron = grid[2, 4]
    assert type(neuron) is IndividualNeuron and neuron.rank == 20
    assert grid.neuron(2, 4).rank == grid.neuron((2, 4)).rank == grid.neuron(20).rank == 20
    assert grid.neuron(np.int64(7)).rank == 7 and grid.neuron(-1).rank == 63
    assert neuron.ranks.tolist() == [20] and neuron.size == 1 and neuron.population is grid
    assert [n.rank for n in Population(3, RATE)] == [0, 1, 2]
    assert [n.rank for n in grid[1:3, 0].population.neurons][:3] == [0, 1, 2]
    assert [n.rank for n in grid[1:3, 0]] == [8, 16]


def test_indexing_errors():
    pop = Population((3, 4), RATE, name="grid")
    with pytest.raises(ValidationError, match=r"grid.rank: Value must be an integer between 0 and 11 \(got 12\)"):
        pop.neuron(12)
    with pytest.raises(ValidationError, match=r"grid.coordinates: \(0, 9\) is outside the geometry \(3, 4\)"):
        pop[0, 9]
    with pytest.raises(ValidationError, match="outside the geometry"):
        pop[5, :]
    with pytest.raises(ValidationError, match="3 indices for the geometry"):
        pop[0, 0, 0]
    with pytest.raises(ValidationError, match="must be integers or slices"):
        pop[1, "x"]
    with pytest.raises(ValidationError, match="one-dimensional lists or arrays of ranks"):
        pop[np.zeros((2, 2), int)]
    with pytest.raises(ValidationError, match="one-dimensional lists or arrays of ranks"):
        pop["a"]
    with pytest.raises(ValidationError, match="A mask must have 12 values"):
        pop[np.ones(3, bool)]
    with pytest.raises(ValidationError, match="at least one neuron"):
        pop[5:2]
    with pytest.raises(ValidationError, match=r"Ranks must be between 0 and 11 \(got 12\)"):
        pop[[0, 12]]
    with pytest.raises(ValidationError, match="Coordinates must be integers"):
        pop.rank_from_coordinates(("a", 1))


# ---- values -----------------------------------------------------------------------------------
def test_individual_neurons_read_and_write_numbers_before_and_after_compile():
    pop = Population((2, 3), RATE)
    assert pop.neuron(4).tau == 10.0 and isinstance(pop.neuron(4).tau, float)
    pop.neuron(1, 1).tau = 4.0
    pop.neuron(0).g = 5.0  # population-wide: the whole population, as in ANNarchy
    assert pop.tau.tolist() == [[10.0, 10.0, 10.0], [10.0, 4.0, 10.0]] and pop.g == 5.0
    compile()
    assert pop.neuron(4).tau == 4.0 and pop[1, 1].g == 5.0
    pop[0, 2].tau = 2.0
    simulate(3)  # r = t / tau at the last step, t = 2
    assert pop.neuron(2).r == pytest.approx(1.0) and pop.neuron(4).r == pytest.approx(0.5)
    assert pop.r.reshape(-1).tolist() == pytest.approx([0.2, 0.2, 1.0, 0.2, 0.5, 0.2])
    with pytest.raises(AttributeError, match="IndividualNeuron 'pop0' has no attribute 'tua'; did you mean 'tau'"):
        pop.neuron(0).tua


def test_views_read_arrays_and_write_their_neurons():
    pop = Population((3, 3), RATE)
    assert pop[1].tau.tolist() == [10.0]  # a view of one rank reads an array, as in ANNarchy
    pop[1:3, 1].tau = 5.0
    assert pop.tau.tolist() == [[10.0, 10.0, 10.0], [10.0, 5.0, 10.0], [10.0, 5.0, 10.0]]
    pop[0, :].tau = [1.0, 2.0, 3.0]
    assert pop[0:2, 0:2].tau.tolist() == [1.0, 2.0, 10.0, 5.0]
    compile()
    pop[[8, 0]].r = [7.0, 9.0]
    assert pop.r.reshape(-1)[[0, 8]].tolist() == [9.0, 7.0]
    pop.r = Uniform(0.0, 1.0).get_values(9)
    assert np.all((pop[0:3, 0:3].r >= 0.0) & (pop[0:3, 0:3].r <= 1.0))
    assert pop[2:4].g == 2.0
    with pytest.raises(ValidationError, match="is population-wide and cannot be set on a view"):
        pop[0:2].g = 3.0
    with pytest.raises(ValidationError, match=r"pop0.tau: Value must have 2 elements"):
        pop[0:2].tau = [1.0, 2.0, 3.0]
    with pytest.raises(UnknownNameError, match="PopulationView 'pop0' has no attribute 'x'"):
        pop[0:2].get("x")


def test_spiking_neuron_read_step_by_step():
    pop = Population(3, COUNTER)
    pop.neuron(2).p = 2.0
    compile()
    seen = []
    for _ in range(5):
        simulate(1)
        seen.append((pop.neuron(0).v, pop.neuron(2).v))
    assert seen == [(1.0, 1.0), (2.0, 0.0), (0.0, 1.0), (1.0, 0.0), (2.0, 1.0)]


# ---- arithmetic -------------------------------------------------------------------------------
def test_views_and_neurons_join_as_sorted_unions():
    pop = Population(6, RATE)
    joined = pop[:2] + pop.neuron(4)
    assert type(joined) is PopulationView and joined.ranks.tolist() == [0, 1, 4]
    assert (pop.neuron(4) + pop[:2]).ranks.tolist() == [0, 1, 4]  # ANNarchy 4.8 gives [4, 5] here
    assert (pop.neuron(4) + pop.neuron(1)).ranks.tolist() == [1, 4]
    assert (pop[3:] + pop[:2] + pop[1:4]).ranks.tolist() == [0, 1, 2, 3, 4, 5]
    grid = Population((8, 8), RATE)
    trio = grid[2, 2] + grid[3, 3] + grid[4, 4]
    assert trio.ranks.tolist() == [18, 27, 36]
    trio.r = 1.0
    assert grid.r.sum() == 3.0 and trio.r.tolist() == [1.0, 1.0, 1.0]
    with pytest.raises(ValidationError, match="Only views of the same population can be added"):
        pop[:2] + grid[:2]
    with pytest.raises(ValidationError, match="Only views of the same population can be added"):
        pop.neuron(1) + 3


# ---- ranks and coordinates --------------------------------------------------------------------
def test_rank_and_coordinate_helpers():
    line, grid, cube = Population(5, RATE), Population((3, 4), RATE), Population((2, 3, 4), RATE)
    assert line.rank_from_coordinates((1,)) == 1 and line.coordinates_from_rank(1) == (1,)
    assert grid.rank_from_coordinates((2, 1)) == 9 and grid.coordinates_from_rank(9) == (2, 1)
    assert cube.rank_from_coordinates((1, 2, 3)) == 23 and cube.coordinates_from_rank(22) == (1, 2, 2)
    assert grid.ranks.tolist() == list(range(12)) and grid[1, :].ranks.tolist() == [4, 5, 6, 7]
    # ANNarchy 4.8: (0.25,), (0.0, 0.333...), (0.0, 0.0, 0.333...), (1.0, 1.0) for the last rank
    assert line.normalized_coordinates_from_rank(1) == (0.25,)
    assert grid.normalized_coordinates_from_rank(1) == pytest.approx((0.0, 1 / 3))
    assert grid.normalized_coordinates_from_rank(11) == (1.0, 1.0)
    assert cube.normalized_coordinates_from_rank(1) == pytest.approx((0.0, 0.0, 1 / 3))
    assert grid.normalized_coordinates_from_rank(5, norm=2.0) == pytest.approx((1.0, 2 / 3))
    assert Population((1, 4), RATE).normalized_coordinates_from_rank(3) == (0.0, 1.0)
    assert (grid.dimension, grid.width, grid.height, grid.depth) == (2, 3, 4, 1)
    view = grid[1:, 1:3]
    assert view.rank_from_coordinates((2, 1)) == 9 and view.rank_from_coordinates((1, 1), local=True) == 10
    assert view.coordinates_from_rank(9) == (2, 1) and view.coordinates_from_rank(9, local=True) == (1, 0)
    with pytest.raises(ValidationError, match=r"\(0, 0\) is not a neuron of the view"):
        view.rank_from_coordinates((0, 0))
    with pytest.raises(ValidationError, match="outside the view's geometry"):
        view.rank_from_coordinates((2, 0), local=True)
    with pytest.raises(ValidationError, match="3 is not a neuron of the view"):
        view.coordinates_from_rank(3, local=True)
    with pytest.raises(ValidationError, match=r"Value must be an integer between 0 and 11 \(got 12\)"):
        grid.coordinates_from_rank(12)


def test_parameters_and_variables_are_name_lists_as_in_annarchy():
    pop = Population(3, RATE)
    assert pop.parameters == ["tau", "g"] and pop.variables == ["r"] and pop.attributes == ["tau", "g", "r"]
    izh = Population(2, Izhikevich)
    # as ANNarchy 4.8: 'r' (the mean firing rate of spiking neurons) after the equations' variables
    assert izh.parameters == ["noise", "a", "b", "c", "d", "v_thresh", "i_offset", "tau_refrac"]
    assert izh.variables == ["I", "v", "u", "r", "g_exc", "g_inh"]
    lif = Population(2, Neuron(parameters="a = 1.0\nb = 2.0", equations="dv/dt = g_z + g_a - v + x\nx = g_b",
                               spike="v > 1.0"))
    assert lif.variables == ["v", "x", "r", "g_a", "g_b", "g_z"] and lif[0:1].parameters == ["a", "b"]
    assert lif.neuron(0).attributes == ["a", "b", "v", "x", "r", "g_a", "g_b", "g_z"]


def test_individual_neuron_repr_lists_its_values():
    pop = Population((2, 2), RATE, name="grid")
    pop.neuron(3).tau = 4.0
    assert repr(pop.neuron(3)) == ("Neuron of the population grid with rank 3 (coordinates (1, 1)).\n"
                                   "Parameters:\n  tau = 4.0\n  g = 2.0\n\nVariables:\n  r = 0.0\n")
    assert "Ranks: [1 2]" in repr(pop[1:3])


# ---- weighted sums and firing rates -----------------------------------------------------------
def test_sum_of_a_rate_coded_target():
    pre = Population(3, Neuron(parameters="baseline = 1.0", equations="r = baseline"))
    pre.baseline = [1.0, 2.0, 3.0]
    post = Population(2, Neuron(equations="r = sum(exc) + sum(inh)"))
    Projection(pre, post, "exc").connect_all_to_all(weights=0.5)
    Projection(pre[2], post[1], "inh").connect_all_to_all(weights=-1.0)
    assert post.sum("exc").tolist() == [0.0, 0.0]  # zeros before compile
    compile()
    simulate(3)
    assert post.sum("exc").tolist() == [3.0, 3.0] and post.sum("inh").tolist() == [0.0, -3.0]
    assert post[1].sum("inh").tolist() == [-3.0] and post.neuron(0).sum("exc").tolist() == [3.0]
    assert post.sum("unknown").tolist() == [0.0, 0.0]


def test_sum_of_a_spiking_target_is_its_conductance():
    source = SpikeSourceArray(spike_times=[[2.0]])
    post = Population((1, 2), Neuron(parameters="tau = 10.0", equations="tau * dg_exc/dt = -g_exc\nv = g_exc",
                                     spike="v > 100.0"))
    Projection(source, post, "exc").connect_all_to_all(weights=2.0)
    compile()
    simulate(4)  # the spike of step 2 arrives in step 3 (g_exc += 2), then one Euler step of the decay
    assert post.sum("exc") == pytest.approx(np.full((1, 2), 1.8)) and post.sum("exc").shape == (1, 2)
    assert post.sum("exc") == pytest.approx(post.g_exc)


def test_compute_firing_rate_errors():
    with pytest.raises(ValidationError, match="compute_firing_rate: The neuron is already rate-coded"):
        Population(2, RATE).compute_firing_rate(10.0)
    spiking = Population(2, COUNTER, name="spk")
    with pytest.raises(ValidationError, match=r"spk.compute_firing_rate: The window must be at least one step "
                                              r"\(dt = 1.0 ms; got 0\)"):
        spiking.compute_firing_rate(0)


def _rates_from_spikes(spikes, ranks, n_steps, window_steps, first_step, factor):
    """r by ANNarchy's rule, from recorded spike steps: factor * spikes in (step - window, step], counting
    from ``first_step`` on (the history starts when compute_firing_rate() is called)."""
    expected = np.zeros((n_steps, len(ranks)))
    for column, rank in enumerate(ranks):
        times = np.asarray(spikes[rank])
        times = times[times >= first_step]
        for step in range(first_step, n_steps):
            expected[step, column] = factor * np.count_nonzero((times > step - window_steps) & (times <= step))
    return expected


def test_compute_firing_rate_counts_the_spikes_of_the_window():
    """r of spiking neurons is 0 until compute_firing_rate(); then, at every step, 1000/window times the
    spikes of the last int(window/dt) steps (as ANNarchy 4.8); before and after compile; reset clears it."""
    setup(dt=0.5, seed=4)
    early = PoissonPopulation(30, rates=80.0, name="early")
    early.compute_firing_rate(10.0)                        # before compile: 20 steps
    late = Population(30, Izhikevich, name="late")
    Projection(early, late, "exc").connect_fixed_probability(0.5, weights=12.0)
    monitors = [Monitor(early, ["r", "spike"]), Monitor(late, ["r", "spike"])]
    compile()
    simulate(20.0)
    late.compute_firing_rate(7.3)                          # after compile: int(7.3/0.5) = 14 steps
    simulate(80.0)
    early_data, late_data = (m.get() for m in monitors)
    assert sum(map(len, late_data["spike"].values())) > 50
    ranks = list(range(30))
    np.testing.assert_allclose(early_data["r"], _rates_from_spikes(early_data["spike"], ranks, 200, 20, 0, 100.0))
    expected = _rates_from_spikes(late_data["spike"], ranks, 200, 14, 40, 1000.0 / 7.3)
    assert not late_data["r"][:40].any()
    np.testing.assert_allclose(late_data["r"], expected, rtol=1e-12)
    assert late.r == pytest.approx(late_data["r"][-1])
    reset()
    simulate(1.0)                                          # the history went with the reset
    assert early.r.max() <= 200.0 and late.r.max() <= 1000.0 / 7.3 * 2


# ---- views and neurons as monitor and projection ends -----------------------------------------
def test_views_and_neurons_as_monitor_and_projection_targets():
    pre = Population((2, 3), Neuron(equations="r = t + 1.0"))
    post = Population((3, 2), Neuron(equations="r = sum(exc)"))
    Projection(pre[1, :], post.neuron(2, 1), "exc").connect_all_to_all(1.0)
    Projection(pre[:, 0] + pre.neuron(5), post[0:3], "exc").connect_one_to_one(10.0)
    single, joined = Monitor(post.neuron(5), "r"), Monitor(pre[:2] + pre.neuron(4), "r")
    column = Monitor(post[1:, 0], "r")
    net = Network(everything=True)
    net.compile()
    net.simulate(3)
    # pre.r is 1, 2, 3 in steps 0, 1, 2; sums read the previous step's rates
    assert net.get(single).get("r")[:, 0].tolist() == [0.0, 3.0, 6.0]
    assert net.get(joined).get("r").tolist() == [[1.0] * 3, [2.0] * 3, [3.0] * 3]
    assert net.get(column).get("r").tolist() == [[0.0, 0.0], [10.0, 0.0], [20.0, 0.0]]  # ranks 2 and 4
    assert net.get(post).r.tolist() == [[20.0, 20.0], [20.0, 0.0], [0.0, 6.0]]
    copied = net.get(post.neuron(2))
    assert type(copied) is IndividualNeuron and copied.rank == 2 and copied.r == 20.0


def test_spikes_of_a_neuron_and_of_joined_views():
    pop = Population(6, COUNTER)
    pop.p = [2.0, 3.0, 4.0, 5.0, 6.0, 7.0]
    one = Monitor(pop.neuron(1), ["spike", "v"])
    some = Monitor(pop[3:] + pop.neuron(0), "spike")
    compile()
    simulate(12)
    assert one.get("spike") == {1: [2, 5, 8, 11]}
    assert one.get("v")[:4, 0].tolist() == [1.0, 2.0, 0.0, 1.0]
    assert some.get("spike") == {0: [1, 3, 5, 7, 9, 11], 3: [4, 9], 4: [5, 11], 5: [6]}


def test_spiking_projection_between_views_with_a_delay():
    source = SpikeSourceArray(spike_times=[[1.0], [1.0], [4.0]])
    post = Population((2, 2), Neuron(parameters="tau = 10.0", equations="tau * dg_exc/dt = -g_exc\nv = g_exc",
                                     spike="v > 100.0"))
    Projection(source[1:], post[:, 1], "exc").connect_one_to_one(weights=2.0, delays=2.0)
    recorded = Monitor(post[:, 1], "g_exc")
    compile()
    simulate(4)
    # source rank 1 -> post rank 1 (coordinates (0, 1)); its spike of step 1 arrives in step 3
    assert recorded.get("g_exc").tolist() == [[0.0, 0.0], [0.0, 0.0], [0.0, 0.0], [2.0, 0.0]]  # before the update
    assert post.g_exc == pytest.approx(np.array([[0.0, 1.8], [0.0, 0.0]]))
    assert post[:, 1].sum("exc") == pytest.approx([1.8, 0.0])


@pytest.mark.parametrize("name", ["annlab.core.population_view", "annlab.core.attribute_access"])
def test_docstring_examples_of_the_view_modules(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize("value", [None, "abc", [1.0, "x", 2.0]])
def test_assigning_something_that_is_not_a_number_is_refused(value):
    pop = Population(3, Izhikevich, name="cells")
    with pytest.raises(ValidationError, match=r"cells.v: Value must be a number, an array of numbers or a random "
                                              r"distribution \(got "):
        pop.v = value
    assert np.all(pop.v == -65.0)
