"""ANNarchy 4.8 equations in the engine: global operations, random numbers, functions, bounds,
projection-wide and post-synaptic synaptic variables, conditionals over several lines.

Expected values are analytic or the numbers ANNarchy 4.8.2.7 gives for the same model
(noted where they are).
"""
import numpy as np
import pytest

import annlab
from annlab import (CompilationError, EquationError, Monitor, Network, Neuron, Population, Projection, Synapse,
                    ValidationError, add_function, clear, compile, functions, setup, simulate)


@pytest.fixture(autouse=True)
def fresh():
    clear()
    yield
    clear()


def _run(objects, steps):
    net = Network()
    net.add(objects)
    net.compile()
    net.simulate(steps)
    return net


# ---- global operations ---------------------------------------------------------------
def test_global_operations_see_the_values_of_the_previous_step():
    """ANNarchy computes mean(r)... after the update of each step: equations read last step's."""
    model = Neuron(parameters="c = 1.0", equations="""
        r = t + offset
        offset = c
        m = mean(r)
        mx = max(r)
        mn = min(r)
        l1 = norm1(r)
        l2 = norm2(r)
    """)
    pop = Population(3, model)
    pop.c = [0.0, 1.0, -2.0]
    mon = Monitor(pop, ["r", "m", "mx", "mn", "l1", "l2"])
    data = _run([pop, mon], 4).get(mon).get()
    r = data["r"]
    expected_r = np.array([[0, 0, 0], [1, 2, -1], [2, 3, 0], [3, 4, 1]], float)
    np.testing.assert_allclose(r, expected_r)
    previous = np.vstack([np.zeros(3), expected_r[:-1]])  # what the equations of each step see
    np.testing.assert_allclose(data["m"][:, 0], previous.mean(axis=1))
    np.testing.assert_allclose(data["mx"][:, 0], previous.max(axis=1))
    np.testing.assert_allclose(data["mn"][:, 0], previous.min(axis=1))
    np.testing.assert_allclose(data["l1"][:, 0], np.abs(previous).sum(axis=1))
    np.testing.assert_allclose(data["l2"][:, 0], np.linalg.norm(previous, axis=1))


def test_global_operation_of_values_set_from_python():
    pop = Population(6, Neuron(parameters="r = 0", equations="m = mean(r); top = max(r) + min(r)"))
    net = Network()
    net.add(pop)
    net.compile()
    local = net.get(pop)
    local.r = [2.0, 1.0, 0.0, -5.0, -3.0, -1.0]
    net.simulate(2)
    np.testing.assert_allclose(local.m, -1.0)
    np.testing.assert_allclose(local.top, -3.0)


def test_max_with_two_arguments_stays_the_function():
    pop = Population(2, Neuron(parameters="a = 1.0", equations="r = max(a, 3.0) + min(a, -1.0)"))
    net = _run([pop], 1)
    np.testing.assert_allclose(net.get(pop).r, [2.0, 2.0])


def test_global_operation_needs_a_per_neuron_variable():
    with pytest.raises(EquationError, match=r"mean\(\) applies to a per-neuron variable"):
        Neuron(parameters="g = 1.0 : population", equations="r = mean(g)")
    with pytest.raises(EquationError, match=r"applies to a variable of the pre- or post-synaptic"):
        Synapse(equations="x = mean(w)")


def test_synapse_reads_global_operations_of_pre_and_post_and_projection_variables():
    """Same model in ANNarchy 4.8.2.7: g = 14.0, h = [17, 18, 19], w rows 13.375, 14.25, 15.125."""
    model = Neuron(parameters="c = 1.0", equations="r = t + offset + 0.0 * sum(exc) : init = 0.0\noffset = c")
    post = Population(3, model)
    post.c = [0.0, 1.0, 2.0]
    pre = Population(2, model)
    pre.c = [5.0, 7.0]
    synapse = Synapse(parameters="eta = 0.5", equations="""
        g = mean(post.r) + max(pre.r) : projection
        h = post.r + g : postsynaptic
        w = w + eta * (h - w)
    """)
    proj = Projection(pre, post, "exc", synapse)
    proj.connect_all_to_all(weights=0.0)
    net = _run([pre, post, proj], 4)
    local = net.get(proj)
    assert local.g == pytest.approx(14.0)
    np.testing.assert_allclose(local.h, [17.0, 18.0, 19.0])
    np.testing.assert_allclose(np.array(local.w), [[13.375] * 2, [14.25] * 2, [15.125] * 2])


def test_global_operation_of_an_unknown_pre_variable():
    pre = Population(2, Neuron(equations="r = 1.0"))
    post = Population(2, Neuron(equations="r = sum(exc)"))
    proj = Projection(pre, post, "exc", Synapse(equations="x = mean(pre.nothing) : projection"))
    proj.connect_all_to_all(weights=1.0)
    net = Network()
    net.add([pre, post, proj])
    with pytest.raises(CompilationError, match=r"'mean\(pre.nothing\)' needs a per-neuron variable 'nothing'"):
        net.compile()


# ---- random numbers -------------------------------------------------------------------
def test_population_wide_random_number_is_one_draw_per_step():
    pop = Population(4, Neuron(equations="x = Uniform(0, 1) : population\nr = x + Normal(0.0, 0.0)"))
    mon = Monitor(pop, ["r"])
    net = _run([pop, mon], 50)
    r = net.get(mon).get("r")
    assert np.all(r == r[:, :1])  # the same for every neuron
    assert len(np.unique(r[:, 0])) == 50  # a new one each step
    assert 0.0 <= r.min() and r.max() < 1.0


def test_random_numbers_in_synaptic_equations_per_locality():
    pre = Population(20, Neuron(equations="r = 1.0"))
    post = Population(30, Neuron(equations="r = sum(exc)"))
    synapse = Synapse(equations="""
        a = Uniform(10, 11) : projection
        b = Normal(0.0, 1.0) : postsynaptic
        w = Normal(1.0, 0.01)
    """)
    proj = Projection(pre, post, "exc", synapse)
    proj.connect_all_to_all(weights=0.0)
    net = _run([pre, post, proj], 2)
    local = net.get(proj)
    assert 10.0 <= local.a < 11.0
    b = np.asarray(local.b)
    assert b.shape == (30,) and len(np.unique(b)) == 30 and abs(b.mean()) < 0.6
    w = np.concatenate([np.ravel(row) for row in local.w])
    assert len(np.unique(w)) == w.size and abs(w.mean() - 1.0) < 0.005 and 0.005 < w.std() < 0.015


def test_random_numbers_in_synaptic_events_and_psp():
    """A fresh number per synapse and event: pre_spike, post_spike, and the psp of rate-coded synapses."""
    always = Neuron(equations="dv/dt = 1000.0\nx = g_exc", spike="v > 0.5", reset="v = 0.0")  # a spike each step
    pre, post = Population(200, always), Population(1, always)
    proj = Projection(pre, post, "exc", Synapse(pre_spike="g_target += w * Uniform(0, 2)",
                                                  post_spike="w = Uniform(1, 3)"))
    proj.connect_all_to_all(weights=1.0)
    rates = Population(1000, Neuron(equations="r = 1.0"))
    summed = Population(1, Neuron(equations="r = sum(exc)"))
    rated = Projection(rates, summed, "exc", Synapse(psp="w * pre.r * Uniform(0.5, 1.5)"))
    rated.connect_all_to_all(weights=1.0)
    mon = Monitor(post, "x")
    net = _run([pre, post, proj, rates, summed, rated, mon], 20)
    x = net.get(mon).get("x")[2:, 0]  # from step 2 on: spikes of the previous step, weights in [1, 3)
    assert abs(x.mean() - 400.0) < 25.0 and len(np.unique(x)) == x.size
    w = np.ravel(net.get(proj).w)
    assert 1.0 <= w.min() and w.max() < 3.0 and len(np.unique(w)) == w.size
    assert abs(net.get(summed).r[0] - 1000.0) < 40.0


# ---- bounds, conditionals -------------------------------------------------------------------
def test_bounds_apply_after_each_update_in_order():
    """ANNarchy 4.8.2.7 for this model: v = 1.5, 1, 1, 1, 1 and u = 1, 2.5, 3.5, 4.5, 5.5."""
    model = Neuron(parameters="lo = 1.0 : population\nhi = 3.0 : population", equations="""
        dv/dt = 1.0 - 2*u : min = lo, max = hi, init = 0.5
        du/dt = v : min = lo
        r = t : min = lo, max = hi
    """)
    pop = Population(2, model)
    mon = Monitor(pop, ["v", "u", "r"])
    net = _run([pop, mon], 5)
    data = net.get(mon).get()
    np.testing.assert_allclose(data["v"][:, 0], [1.5, 1, 1, 1, 1])
    np.testing.assert_allclose(data["u"][:, 0], [1, 2.5, 3.5, 4.5, 5.5])
    np.testing.assert_allclose(data["r"][:, 0], [1, 1, 2, 3, 3])


def test_conditionals_nested_over_several_lines():
    model = Neuron(equations="""
        r = if (t <= 5):
                0
            else:
                if (t >= 7):
                    2
                else:
                    1
        s = if t is 3: 1.0 else: 0.0
        total = r +
                s
    """)
    pop = Population(1, model)
    mon = Monitor(pop, ["r", "s", "total"])
    net = _run([pop, mon], 9)
    data = net.get(mon).get()
    t = np.arange(9.0)
    np.testing.assert_allclose(data["r"][:, 0], np.where(t <= 5, 0, np.where(t >= 7, 2, 1)))
    np.testing.assert_allclose(data["s"][:, 0], t == 3)
    np.testing.assert_allclose(data["total"][:, 0], data["r"][:, 0] + data["s"][:, 0])


def test_a_line_without_assignment_after_a_complete_one_is_an_error():
    with pytest.raises(EquationError, match="needs an '=' sign"):
        Neuron(equations="r = 1.0\nv 2.0")


# ---- functions -------------------------------------------------------------------------
def test_add_function_is_usable_in_models_and_from_python():
    add_function("glob_pos(x) = pos(x)")
    add_function("""
        piecewise(x, a, b) = if x < a:
                                a
                             else:
                                if x > b :
                                    b
                                else:
                                    x
    """)
    np.testing.assert_allclose(functions("piecewise")([-2.0, 0.5, 7.0], [0.0] * 3, [1.0] * 3), [0.0, 0.5, 1.0])
    np.testing.assert_allclose(functions("glob_pos")([-1.0, 2.0]), [0.0, 2.0])
    model = Neuron(parameters="x = 0.0", equations="r = glob_pos(x) + piecewise(x, -1.0, 1.0)")
    pop = Population(3, model)
    pop.x = [-3.0, 0.5, 4.0]
    net = _run([pop], 1)
    np.testing.assert_allclose(net.get(pop).r, [0.0 - 1.0, 0.5 + 0.5, 4.0 + 1.0])


def test_model_functions_from_python():
    neuron = Neuron(equations="r = transfer_function(sum(exc), 0.0)",
                    functions="transfer_function(x, t) = if x > t: if x > 2*t : (x - 2*t)^2 else: x - t else: 0.")
    np.testing.assert_allclose(neuron.function("transfer_function")([0., 1., 2., 3.], [2.] * 4), [0, 0, 0, 1])
    synapse = Synapse(equations="w += hebb(pre.r, post.r)", functions="hebb(x, y) = x * y")
    np.testing.assert_allclose(synapse.function("hebb")([0., 1., 2., 3.], [0., 1., 2., 3.]), [0, 1, 4, 9])
    with pytest.raises(ValidationError, match="Not a function of this model; did you mean 'hebb'"):
        synapse.function("heb")


def test_function_errors():
    with pytest.raises(ValidationError, match="No function 'nope' was defined with add_function"):
        functions("nope")
    with pytest.raises(EquationError, match="A function is written"):
        add_function("not a function")
    add_function("twice(x) = 2*x")
    with pytest.raises(EquationError, match="The function 'twice' takes 1 arguments"):
        Neuron(equations="r = twice(1.0, 2.0)")


def test_clear_forgets_functions_unless_asked_not_to():
    add_function("kept(x) = x")
    clear(functions=False)
    assert functions("kept")([1.0]).tolist() == [1.0]
    clear()
    with pytest.raises(ValidationError, match="No function 'kept'"):
        functions("kept")
    assert annlab.add_function is add_function


def test_unused_features_leave_kernels_as_before():
    """Models without global operations or population-wide draws generate no code for them."""
    pop = Population(4, Neuron(parameters="tau = 10.0", equations="tau * dr/dt = -r + Uniform(0, 1)"))
    net = _run([pop], 1)
    source = "\n".join(module for _, _, module in net._compiled.program.kernels)
    assert "global operations" not in source and "_g_mean(" not in source


def test_docstring_examples_of_functions_module():
    import doctest
    from annlab.core import functions as module
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS)
    assert result.attempted > 0 and result.failed == 0


# ---- localities --------------------------------------------------------------------------
def test_population_and_projection_wide_equations_cannot_read_per_element_values():
    with pytest.raises(EquationError, match=r"A ': population' equation cannot depend on the per-neuron 'r'"):
        Neuron(equations="r = 1.0\nx = r + 1 : population")
    with pytest.raises(EquationError, match=r"cannot depend on the per-neuron 'sum\(exc\)'"):
        Neuron(equations="r = 1.0\nx = sum(exc) : population")
    with pytest.raises(EquationError, match=r"A ': projection' equation cannot depend on the per-synapse 'w'"):
        Synapse(equations="a = w : projection")
    with pytest.raises(EquationError, match=r"A ': postsynaptic' equation cannot depend on the per-synapse 'b'"):
        Synapse(equations="b = Uniform(0, 1)\nc = b : postsynaptic")


def test_projection_wide_equation_reading_a_per_neuron_pre_value():
    pre = Population(2, Neuron(equations="r = 1.0"))
    post = Population(2, Neuron(equations="r = sum(exc)"))
    proj = Projection(pre, post, "exc", Synapse(equations="x = pre.r : projection"))
    proj.connect_all_to_all(weights=1.0)
    net = Network()
    net.add([pre, post, proj])
    with pytest.raises(CompilationError, match=r"a ': projection' equation of synapse .* reads 'pre.r', which has "
                                               r"a value per neuron"):
        net.compile()


def test_python_function_checks_its_arguments():
    add_function("twice(x) = 2*x")
    with pytest.raises(ValidationError, match="twice.arguments: Takes 1 arguments"):
        functions("twice")([1.0], [2.0])


def test_synapses_read_the_inputs_of_their_ends():
    """pre.sum(exc) / post.sum(exc) in synaptic equations: the weighted sums of the end neurons."""
    setup(dt=1.0)
    source = Population(2, Neuron(parameters="r = 0.0"))
    source.r = [1.0, 2.0]
    middle = Population(2, Neuron(equations="r = 0.5 * sum(exc)"))
    out = Population(2, Neuron(equations="r = sum(exc)"))
    Projection(source, middle, "exc").connect_one_to_one(3.0)
    reader = Projection(middle, out, "exc", synapse=Synapse(equations="x = 10 * pre.sum(exc) + post.sum(exc)"))
    reader.connect_one_to_one(1.0)
    compile()
    simulate(3.0)
    # middle.sum(exc) = 3 r_source; out.sum(exc) = middle.r = 1.5 r_source
    np.testing.assert_allclose(np.concatenate(reader.x), 10 * np.array([3.0, 6.0]) + np.array([1.5, 3.0]))


def test_an_end_sum_of_a_target_without_input_is_named():
    Projection(Population(2, Neuron(parameters="r = 1.0"), name="quiet"), Population(2, Neuron(equations="r = sum(exc)")),
               "exc", synapse=Synapse(equations="x = pre.sum(inh)")).connect_one_to_one(1.0)
    with pytest.raises(CompilationError, match=r"'pre.sum\(inh\)': population 'quiet' receives no input of target "
                                               r"'inh'"):
        compile()
    with pytest.raises(EquationError, match=r"post.sum\(\) takes the name of a target, e.g. post.sum\(exc\)"):
        Synapse(equations="x = post.sum(1.0)")
