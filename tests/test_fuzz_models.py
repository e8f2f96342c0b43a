"""Property-based tests: whatever text a user gives a model, the outcome is a model or an annlab error.

Hypothesis writes model sections from a grammar of the equation language (names declared or not,
reserved ones, numbers, operators, functions known and unknown, conditionals, flags, ODEs,
statement separators) with random characters spliced in, so that valid and broken texts both
appear. 10,000 inputs in all: never another exception, never a hang (a deadline per input), and
a sample of the valid ones is compiled and simulated (never a compiler error).
"""
import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from annlab import (AnnlabError, EquationError, Neuron, NonFiniteError, Population, Projection, Synapse,
                    clear, compile, simulate)

PARAMETERS = ["tau", "a", "b", "I"]
VARIABLES = ["v", "u", "r", "x"]
NAMES = PARAMETERS + VARIABLES + ["t", "dt", "pi", "g_exc", "sum(exc)", "undeclared", "_private", "if", "w",
                                  "pre.r", "post.v", "mean(v)", "Uniform(0, 1)", "Normal(0.0, 1.0)"]
FUNCTIONS = ["exp", "sin", "log", "sqrt", "pos", "neg", "clip", "fabs", "unknown_f", "max", "min", "power"]
OPERATORS = [" + ", " - ", " * ", " / ", "^", "**", " % ", " > ", " < ", " == ", " and ", " or ", ""]
FLAGS = ["", " : init = 0.0", " : min = 0.0", " : max = 1.0", " : exponential", " : implicit", " : midpoint",
         " : rk4", " : population", " : int", " : bool", " : init = v", " : unknownflag", " : init = ",
         " : exact", " : event-driven", " : postsynaptic", " : projection", " : explicit, init = 1.0"]
GARBAGE = st.text(alphabet="()[]{}:;=+-*/^%<>!&|.,'\"#\\ \t\n0123456789abcxyzABC_", max_size=6)


def expressions(depth=3):
    atoms = st.one_of(st.sampled_from(NAMES), st.floats(-1e3, 1e3, allow_nan=False).map(lambda x: f"{x:g}"),
                      st.integers(-5, 5).map(str), GARBAGE)
    if depth == 0:
        return atoms
    inner = expressions(depth - 1)
    return st.one_of(
        atoms,
        st.tuples(inner, st.sampled_from(OPERATORS), inner).map("".join),
        st.tuples(st.sampled_from(FUNCTIONS), inner).map(lambda p: f"{p[0]}({p[1]})"),
        st.tuples(inner, inner).map(lambda p: f"clip({p[0]}, {p[1]}, 1.0)"),
        st.tuples(inner, inner, inner).map(lambda p: f"if {p[0]} > 0: {p[1]} else: {p[2]}"),
        inner.map(lambda e: f"({e})"), inner.map(lambda e: f"-{e}"))


def statements():
    target = st.one_of(st.sampled_from(VARIABLES + PARAMETERS + ["t", "pi", "_x", "g_exc", "w"]), GARBAGE)
    left = st.one_of(target, target.map(lambda n: f"d{n}/dt"), target.map(lambda n: f"tau * d{n}/dt"),
                     target.map(lambda n: f"tau * d{n}/dt + {n}"))
    return st.tuples(left, st.sampled_from([" = ", " += ", " *= ", " == ", " ", "="]), expressions(),
                     st.sampled_from(FLAGS)).map("".join)


def sections(item):
    return st.lists(item, max_size=4).map(lambda lines: "\n".join(lines)) | \
        st.lists(item, max_size=3).map(lambda lines: "; ".join(lines))


parameter_lines = st.tuples(st.sampled_from(PARAMETERS + ["v", "tau", "", "1a", "exp"]),
                            st.sampled_from([" = ", "=", " : ", " "]), expressions(1),
                            st.sampled_from(FLAGS)).map("".join)


def _model_or_annlab_error(factory, **texts):
    try:
        return factory(**texts)
    except AnnlabError:
        return None


def fuzz(examples):
    return settings(max_examples=examples, deadline=3000, database=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])


@pytest.mark.filterwarnings("ignore::annlab.errors.AnnlabWarning")
@fuzz(6000)
@given(parameters=sections(parameter_lines), equations=sections(statements()),
       spike=st.one_of(st.none(), expressions(2)), reset=st.one_of(st.none(), sections(statements())),
       refractory=st.one_of(st.none(), st.floats(0, 5), expressions(1)))
def test_neuron_texts_give_a_model_or_an_annlab_error(parameters, equations, spike, reset, refractory):
    _model_or_annlab_error(Neuron, parameters=parameters, equations=equations, spike=spike, reset=reset,
                           refractory=refractory)


@pytest.mark.filterwarnings("ignore::annlab.errors.AnnlabWarning")
@fuzz(3000)
@given(parameters=sections(parameter_lines), equations=sections(statements()),
       psp=st.one_of(st.none(), expressions(2)), pre_spike=st.one_of(st.none(), sections(statements())),
       post_spike=st.one_of(st.none(), sections(statements())),
       operation=st.sampled_from(["sum", "max", "min", "mean", "avg"]))
def test_synapse_texts_give_a_model_or_an_annlab_error(parameters, equations, psp, pre_spike, post_spike,
                                                       operation):
    _model_or_annlab_error(Synapse, parameters=parameters, equations=equations, psp=psp, pre_spike=pre_spike,
                           post_spike=post_spike, operation=operation)


@pytest.mark.filterwarnings("ignore::annlab.errors.AnnlabWarning")
@fuzz(1000)
@given(functions=sections(st.tuples(st.sampled_from(["f", "g", "exp", "1f", ""]),
                                    st.sampled_from(["(x)", "(x, y)", "()", "(x", ""]),
                                    st.sampled_from([" = ", " "]), expressions(2)).map("".join)),
       equations=sections(statements()))
def test_function_texts_give_a_model_or_an_annlab_error(functions, equations):
    _model_or_annlab_error(Neuron, equations=equations + "\nr = 0.0", functions=functions)


SAFE_NAMES = ["tau", "a", "b", "I", "v", "t", "sum(exc)"]
SAFE_FUNCTIONS = ["exp", "sin", "cos", "pos", "neg", "fabs", "tanh"]


def safe_expressions(depth=2):
    """Expressions of declared names and known functions only: always valid models."""
    atoms = st.one_of(st.sampled_from(SAFE_NAMES), st.floats(-10, 10, allow_nan=False).map(lambda x: f"{x:g}"))
    if depth == 0:
        return atoms
    inner = safe_expressions(depth - 1)
    return st.one_of(atoms, st.tuples(inner, st.sampled_from([" + ", " - ", " * ", " > "]), inner).map("".join),
                     st.tuples(st.sampled_from(SAFE_FUNCTIONS), inner).map(lambda p: f"{p[0]}({p[1]})"),
                     st.tuples(inner, inner, inner).map(lambda p: f"if {p[0]} > 0: {p[1]} else: {p[2]}"))


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore::annlab.errors.AnnlabWarning")
@settings(max_examples=15, deadline=None, suppress_health_check=list(HealthCheck), database=None, derandomize=True)
@given(ode=st.sampled_from(["dv/dt", "tau * dv/dt", "tau * dv/dt + v"]), rhs=safe_expressions(),
       method=st.sampled_from(["", " : exponential", " : midpoint", " : rk4", " : implicit", " : semiimplicit"]))
def test_valid_models_compile_and_simulate(ode, rhs, method):
    """Models the parser accepts are compiled by Numba and simulated: values, or a NonFiniteError."""
    try:
        neuron = Neuron(parameters="tau = 10.0\na = 1.0\nb = 2.0\nI = 0.5", equations=f"{ode} = {rhs}{method}\nr = v")
    except EquationError as err:        # e.g. a method that does not apply to this equation: said so, with the line
        assert err.line is not None
        return
    clear()
    pop = Population(3, neuron)
    source = Population(3, Neuron(parameters="r = 1.0"))
    Projection(source, pop, "exc").connect_all_to_all(0.5)
    compile()
    try:
        simulate(2.0)
    except NonFiniteError:
        return
    assert np.all(np.isfinite(pop.v))
