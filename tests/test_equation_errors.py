"""Mistakes in model text raise EquationError where they are made: line, column, caret, suggestion.

``err.line`` is the offending source line, ``err.column`` the 0-based column
of the offending token in it (the caret is drawn under it), ``err.lineno`` the
1-based line number inside the section.
"""
import pytest

from annlab import EquationError, Neuron, Synapse


def _caret_column(err):
    """Column of the caret in the formatted message (the line is indented by 4)."""
    lines = str(err).splitlines()
    source = lines.index("    " + err.line)
    return lines[source + 1].index("^") - 4


def test_unknown_name_with_caret_and_suggestion():
    with pytest.raises(EquationError, match=r"Unknown name 'tua'[\s\S]*Did you mean 'tau'\?") as info:
        Neuron(parameters="tau = 10.0\nI = 1.0", equations="r = v\ndv/dt = (I - v)/tua")
    err = info.value
    assert (err.lineno, err.line, err.column) == (2, "dv/dt = (I - v)/tua", 16)
    assert err.suggestion == "tau"
    assert _caret_column(err) == 16
    assert err.section == "equations"


def test_unknown_name_in_spike_condition():
    with pytest.raises(EquationError, match="Unknown name 'v_th'") as info:
        Neuron(parameters="v_thr = 1.0", equations="dv/dt = 1.0", spike="v > v_th", reset="v = 0")
    assert (info.value.section, info.value.line, info.value.column) == ("spike", "v > v_th", 4)
    assert info.value.suggestion == "v_thr"


def test_unknown_variable_in_reset():
    with pytest.raises(EquationError, match=r"Unknown variable 'vv'[\s\S]*Did you mean 'v'\?") as info:
        Neuron(equations="dv/dt = 1.0", spike="v > 1.0", reset="vv = 0.0")
    assert (info.value.section, info.value.lineno, info.value.column) == ("reset", 1, 0)


def test_unknown_flag():
    with pytest.raises(EquationError, match=r"Unknown flag 'expicit'[\s\S]*Did you mean 'explicit'\?") as info:
        Neuron(parameters="tau = 10.0", equations="tau * dv/dt = -v : expicit\nr = v")
    err = info.value
    assert (err.lineno, err.line, err.column) == (1, "tau * dv/dt = -v : expicit", 19)
    assert _caret_column(err) == 19


def test_unknown_value_flag():
    with pytest.raises(EquationError, match=r"Unknown flag 'mn'[\s\S]*Did you mean 'min'\?") as info:
        Neuron(equations="r = 1.0\ndv/dt = -v : init = 0.0, mn = -1.0")
    assert (info.value.lineno, info.value.column) == (2, 25)


def test_flag_unknown_in_parameters():
    with pytest.raises(EquationError, match="Unknown flag 'populaton'") as info:
        Neuron(parameters="tau = 10.0 : populaton", equations="r = tau")
    assert info.value.section == "parameters"
    assert info.value.suggestion == "population"


def test_missing_equal_sign():
    with pytest.raises(EquationError, match="needs an '=' sign") as info:
        Neuron(equations="r = 1.0\nv  2.0 * r")
    assert (info.value.lineno, info.value.line, info.value.column) == (2, "v  2.0 * r", 0)


def test_parameter_without_value():
    with pytest.raises(EquationError, match="A parameter is written 'name = value'") as info:
        Neuron(parameters="tau 10.0", equations="r = 1.0")
    assert (info.value.section, info.value.lineno, info.value.column) == ("parameters", 1, 0)


def test_ode_not_linear_in_derivative():
    with pytest.raises(EquationError, match=r"The ODE must be linear in dv/dt") as info:
        Neuron(equations="r = v\n(dv/dt)^2 = 1.0 - v")
    err = info.value
    assert (err.lineno, err.line, err.column) == (2, "(dv/dt)^2 = 1.0 - v", 1)


def test_ode_without_derivative_factor():
    with pytest.raises(EquationError, match=r"linear in dv/dt"):
        Neuron(equations="r = v\ndv/dt - dv/dt = v")


def test_unknown_function():
    with pytest.raises(EquationError, match=r"Unknown function 'expp'[\s\S]*Did you mean 'exp'\?") as info:
        Neuron(parameters="tau = 10.0", equations="r = 1.0 + expp(-t/tau)")
    assert (info.value.line, info.value.column) == ("r = 1.0 + expp(-t/tau)", 10)


@pytest.mark.parametrize("equations, column", [
    ("r = (v + 1.0", 4),      # '(' never closed: points at the parenthesis
    ("r = 2.0 +* v", 9),      # points at the unexpected token
])
def test_syntax_error(equations, column):
    with pytest.raises(EquationError, match="Syntax error") as info:
        Neuron(parameters="v = 1.0", equations=equations)
    assert (info.value.line, info.value.column) == (equations, column)


def test_syntax_error_column_after_power():
    """'^' becomes '**' internally; columns still refer to the text as written."""
    with pytest.raises(EquationError, match="Syntax error") as info:
        Neuron(parameters="v = 1.0", equations="r = v^2 +* v")
    assert info.value.column == 9


def test_conditional_needs_else():
    with pytest.raises(EquationError, match=r"needs an 'else:'"):
        Neuron(equations="r = if t > 1.0: 1.0")


def test_rate_neuron_without_r():
    with pytest.raises(EquationError, match="must define the firing rate 'r'") as info:
        Neuron(parameters="tau = 10.0", equations="tau * dv/dt = -v")
    assert info.value.section == "equations"


@pytest.mark.parametrize("parameters, equations, name, section", [
    ("dt = 0.1", "r = 1.0", "dt", "parameters"),
    ("t = 1.0", "r = 1.0", "t", "parameters"),
    ("exp = 1.0", "r = 1.0", "exp", "parameters"),
    ("_x = 1.0", "r = 1.0", "_x", "parameters"),
    ("tau = 10.0", "t = 1.0\nr = t", "t", "equations"),
    ("tau = 10.0", "pi = 3.0\nr = pi", "pi", "equations"),
    ("tau = 10.0", "pos = 1.0\nr = 1.0", "pos", "equations"),
    ("tau = 10.0", "_v = 1.0\nr = 1.0", "_v", "equations"),
])
def test_reserved_names(parameters, equations, name, section):
    with pytest.raises(EquationError, match="reserved") as info:
        Neuron(parameters=parameters, equations=equations)
    assert info.value.section == section
    assert info.value.line.startswith(name)
    assert info.value.column == 0


def test_duplicate_parameter():
    with pytest.raises(EquationError, match="'tau' is already defined") as info:
        Neuron(parameters="tau = 10.0\ntau = 5.0", equations="r = tau")
    assert info.value.lineno == 2


def test_parameter_assigned_in_equations():
    with pytest.raises(EquationError, match="'a' is a parameter and cannot be assigned"):
        Neuron(parameters="a = 1.0", equations="a = 2.0\nr = a")


def test_method_flag_on_plain_assignment():
    with pytest.raises(EquationError, match="only applies to ODEs"):
        Neuron(equations="r = 1.0 : explicit")


def test_event_driven_only_in_synapses():
    with pytest.raises(EquationError, match="'event-driven' only applies to synapses"):
        Neuron(equations="r = v\ndv/dt = -v : event-driven")


def test_method_rejected_for_nonlinear_ode():
    with pytest.raises(EquationError, match=r"Parser: cannot analyse with method 'exponential'") as info:
        Neuron(equations="r = v\ndv/dt = -v*v + 1 : exponential")
    assert info.value.lineno == 2


def test_synapse_errors_name_the_model():
    with pytest.raises(EquationError, match=r"Unknown name 'wmax'[\s\S]*Did you mean 'w_max'\?") as info:
        Synapse(parameters="w_max = 1.0", pre_spike="g_target += w\nw = clip(w + 0.1, 0.0, wmax)",
                name="MySTDP")
    assert info.value.section == "pre_spike"
    assert "MySTDP" in str(info.value)
    assert info.value.lineno == 2


def test_errors_chain_and_format():
    """The message names model, section and line, and shows the source line with a caret."""
    with pytest.raises(EquationError) as info:
        Neuron(parameters="tau = 10.0", equations="r = tau\ntau * dv/dt = -v + Iext", name="Leaky")
    text = str(info.value)
    assert "Leaky" in text and "equations" in text and "line 2" in text
    assert "    tau * dv/dt = -v + Iext\n" in text
    assert text.splitlines()[2].strip() == "^"


def test_rejected_method_points_at_the_ode_at_fault():
    """In a block of ODEs sharing a method, the error names the line of the ODE that cannot be integrated."""
    with pytest.raises(EquationError, match="the equation of y must be linear in y") as info:
        Neuron(equations="dx/dt = -x : exponential\ndy/dt = -y*y : exponential\nr = x")
    assert (info.value.lineno, info.value.line) == (2, "dy/dt = -y*y : exponential")


def test_ode_with_another_derivative():
    with pytest.raises(EquationError, match="The ODE of v cannot contain dw/dt") as info:
        Neuron(equations="dv/dt = -dw/dt\ndw/dt = 1.0\nr = v")
    assert info.value.lineno == 1


def test_division_by_dt_is_not_an_ode():
    """Only a derivative on the left-hand side makes an ODE; 'delta/dt' on the right is a division."""
    neuron = Neuron(parameters="delta = 2.0", equations="x = delta/dt\nr = x")
    assert [item.target for item in neuron.ir.equations] == ["x", "r"]


def test_sum_in_a_spiking_neuron_points_to_the_conductance():
    with pytest.raises(EquationError, match=r"Spiking neurons receive the input of target 'gap' as the conductance "
                                            r"g_gap: write g_gap instead of sum\(gap\)") as caught:
        Neuron(equations="dv/dt = -v + sum(gap)", spike="v > 1", reset="v = 0")
    assert caught.value.column == 13


# ---- a population's stop_condition, parsed when the population is created ----------------
def test_stop_condition_unknown_name_raises_at_the_population():
    from annlab import Izhikevich, Population
    with pytest.raises(EquationError, match=r"Unknown name 'vv'[\s\S]*Population 'P'[\s\S]*Did you mean 'v'\?") as info:
        Population(3, Izhikevich, name="P", stop_condition="vv > -40.0 : any")
    assert (info.value.section, info.value.line, info.value.column) == ("stop_condition", "vv > -40.0 : any", 0)


def test_stop_condition_unknown_flag_points_at_the_flag():
    from annlab import Izhikevich, Population
    with pytest.raises(EquationError, match=r"The flag must be 'any' or 'all' \(got 'sometimes'\)") as info:
        Population(3, Izhikevich, stop_condition="v > -40.0 : sometimes")
    assert info.value.column == len("v > -40.0 : ") and _caret_column(info.value) == info.value.column


def test_stop_condition_syntax_error_and_a_later_assignment():
    from annlab import Izhikevich, Population
    pop = Population(3, Izhikevich)
    with pytest.raises(EquationError, match="Syntax error"):
        pop.stop_condition = "v > > 3"
    assert pop.stop_condition is None  # the mistake changed nothing
    pop.stop_condition = "u < 0 : any"
    assert (pop.stop_condition, pop.parsed_stop_condition.mode) == ("u < 0 : any", "any")
