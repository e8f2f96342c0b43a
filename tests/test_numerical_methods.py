"""Numerical methods: the ANNarchy 4.8 reference rows, orders of accuracy, rejections.

The reference (``numerical_methods.json``) holds 50 steps at dt = 1 ms of one
ODE per method; annlab must reproduce them to 1e-11 (they agree to 1e-15).
The analytic tests integrate ODEs with known solutions at two step sizes and
check the error ratio when dt is halved: about 2 for first-order methods
(explicit, implicit, semiimplicit), 4 for midpoint, 16 for rk4, and an error
at the level of rounding for exponential Euler on a linear ODE.
"""
import math

import numpy as np
import pytest

from annlab import EquationError, Monitor, Neuron, Population, clear, compile, setup, simulate

from conftest import load_reference

TIGHT = dict(atol=1e-11, rtol=1e-11)
LINEAR = "tau * dv/dt = -v + I : {method}, init = 0.0\nr = v"
NONLINEAR = "dv/dt = -v*v + 1 : {method}, init = 0.0\nr = v"
OSCILLATOR = "dx/dt = -y : {method}, init = 1.0\ndy/dt = x : {method}, init = 0.0\nr = x"


def _final_values(equations, parameters, methods, dt, duration, variables):
    """One population per method in one network; the values after ``duration`` ms."""
    clear()
    setup(dt=dt, seed=1)
    pops = {m: Population(1, Neuron(parameters=parameters, equations=equations.format(method=m)))
            for m in methods}
    compile()
    simulate(duration)
    values = {m: np.array([getattr(pop, v)[0] for v in variables]) for m, pop in pops.items()}
    clear()
    return values


def _errors(equations, parameters, methods, duration, variables, exact, steps=(0.1, 0.05)):
    """Max absolute error against ``exact`` at each step size in ``steps``."""
    result = {m: [] for m in methods}
    for dt in steps:
        values = _final_values(equations, parameters, methods, dt, duration, variables)
        for m in methods:
            result[m].append(np.abs(values[m] - exact).max())
    return result


# ---------------------------------------------------------------------------
# The recorded rows
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def reference_run():
    ref = load_reference("numerical_methods")
    clear()
    setup(dt=ref["dt"], seed=1)
    monitors = {}
    for name, model in ref["model"].items():
        pop = Population(1, Neuron(parameters=model["parameters"], equations=model["equations"]), name=name)
        monitors[name] = Monitor(pop, list(ref["recorded"][name]))
    compile()
    simulate(ref["duration_ms"])
    data = {name: m.get(force_dict=True) for name, m in monitors.items()}
    clear()
    return ref, data


def _cases():
    ref = load_reference("numerical_methods")
    return [name for name in ref["model"] if name != "linear_exact"]


@pytest.mark.parametrize("name", _cases())
def test_reference_rows(reference_run, name):
    ref, data = reference_run
    for variable, rows in ref["recorded"][name].items():
        assert data[name][variable].shape == (50, 1)
        np.testing.assert_allclose(data[name][variable][:, 0], rows, err_msg=f"{name}.{variable}", **TIGHT)


def test_first_rows(reference_run):
    """Row 0 is the solution at t = dt (values given in the reference README)."""
    _ref, data = reference_run
    assert data["linear_explicit"]["v"][0, 0] == 0.1
    assert data["linear_implicit"]["v"][0, 0] == pytest.approx(1.0 / 11.0, abs=1e-16)
    assert data["linear_exponential"]["v"][0, 0] == 0.09516258196404048
    assert data["linear_midpoint"]["v"][0, 0] == pytest.approx(0.095, abs=1e-16)
    assert data["linear_rk4"]["v"][0, 0] == pytest.approx(0.0951625, abs=1e-16)
    assert data["nonlinear_implicit"]["v"][0, 0] == 1.0


def test_exact_integrates_linear_odes(reference_run):
    """``exact`` is exact for linear ODEs in annlab.

    ANNarchy 4.8 accepts the ``exact`` flag on a neuron ODE with only a
    deprecation warning and then does not integrate the ODE at all (v stays
    0: the recorded ``linear_exact`` rows are all zero). annlab deliberately
    does not reproduce this defect: it solves the linear ODE exactly, which
    gives the exponential-Euler values (exact for constant coefficients).
    """
    ref, data = reference_run
    assert ref["recorded"]["linear_exact"]["v"] == [0.0] * 50
    expected = 1.0 - np.exp(-np.arange(1, 51) / 10.0)
    np.testing.assert_allclose(data["linear_exact"]["v"][:, 0], expected, atol=1e-14)
    np.testing.assert_array_equal(data["linear_exact"]["v"], data["linear_exponential"]["v"])


def test_nonlinear_implicit_is_linearised(reference_run):
    """ANNarchy's implicit method replaces v^2 by v_old*v_new: v_new = (tau*v + dt)/(tau + dt*v)."""
    _ref, data = reference_run
    v, expected = 0.0, []
    for _ in range(50):
        v = (5.0 * v + 1.0) / (5.0 + 1.0 * v)
        expected.append(v)
    np.testing.assert_allclose(data["nonlinear_tau5_implicit"]["v"][:, 0], expected, rtol=1e-15)


# ---------------------------------------------------------------------------
# Rejected combinations
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("method", ["semiimplicit", "exponential"])
def test_rejected_for_nonlinear_ode(method):
    with pytest.raises(EquationError, match=f"cannot analyse with method '{method}'") as info:
        Neuron(equations=NONLINEAR.format(method=method))
    assert info.value.lineno == 1
    assert info.value.line.startswith("dv/dt = -v*v + 1")
    assert info.value.section == "equations"


@pytest.mark.parametrize("method", ["semiimplicit", "exponential"])
def test_rejected_for_oscillator(method):
    with pytest.raises(EquationError, match=r"cannot analyse .*x must be linear in x") as info:
        Neuron(equations=OSCILLATOR.format(method=method))
    assert info.value.lineno == 1
    assert info.value.line.startswith("dx/dt = -y")


def test_reference_lists_the_rejections():
    names = set(load_reference("numerical_methods")["not_accepted"])
    assert names == {f"{ode}_{m}" for ode in ("nonlinear", "oscillator") for m in ("semiimplicit", "exponential")}


# ---------------------------------------------------------------------------
# Orders of accuracy
# ---------------------------------------------------------------------------
ORDERS = {"explicit": (1.8, 2.2), "implicit": (1.8, 2.2), "semiimplicit": (1.8, 2.2),
          "midpoint": (3.6, 4.4), "rk4": (14.0, 18.0)}


def test_linear_ode_orders():
    """tau*dv/dt = -v + I, v(0) = 0: v(t) = I*(1 - exp(-t/tau))."""
    methods = list(ORDERS) + ["exponential", "exact"]
    errors = _errors(LINEAR, "tau = 10.0\nI = 1.0", methods, 10.0, ["v"], 1.0 - math.exp(-1.0))
    for method, (low, high) in ORDERS.items():
        coarse, fine = errors[method]
        assert fine > 1e-13, method  # far from rounding, so the ratio means something
        assert low < coarse / fine < high, (method, coarse / fine)
    for method in ("exponential", "exact"):
        assert max(errors[method]) < 1e-14, (method, errors[method])


def test_nonlinear_ode_orders():
    """dv/dt = 1 - v^2, v(0) = 0: v(t) = tanh(t).

    ANNarchy's linearised implicit method (v^2 -> v_old*v_new) is of second
    order on this equation: the product of the old and new values
    approximates v^2 at the middle of the step.
    """
    orders = {"explicit": (1.8, 2.2), "implicit": (3.6, 4.4), "midpoint": (3.6, 4.4), "rk4": (14.0, 18.0)}
    errors = _errors(NONLINEAR, "", list(orders), 1.0, ["v"], math.tanh(1.0))
    for method, (low, high) in orders.items():
        coarse, fine = errors[method]
        assert low < coarse / fine < high, (method, coarse / fine)


def test_oscillator_orders():
    """dx/dt = -y, dy/dt = x from (1, 0): (cos t, sin t); the pair is advanced jointly."""
    orders = {"explicit": (1.8, 2.2), "implicit": (1.8, 2.2), "midpoint": (3.6, 4.4), "rk4": (14.0, 18.0)}
    errors = _errors(OSCILLATOR, "", list(orders), 2.0, ["x", "y"], np.array([math.cos(2.0), math.sin(2.0)]))
    for method, (low, high) in orders.items():
        coarse, fine = errors[method]
        assert low < coarse / fine < high, (method, coarse / fine)


def test_oscillator_amplitude():
    """Explicit Euler multiplies x^2 + y^2 by (1 + dt^2) per step, exact backward Euler divides by it."""
    dt, steps = 0.1, 20
    values = _final_values(OSCILLATOR, "", ["explicit", "implicit"], dt, steps * dt, ["x", "y"])
    growth = (1.0 + dt * dt) ** steps
    assert (values["explicit"] ** 2).sum() == pytest.approx(growth, rel=1e-12)
    assert (values["implicit"] ** 2).sum() == pytest.approx(1.0 / growth, rel=1e-12)


def test_implicit_solves_through_function_calls():
    """Calls free of the variable (a conditional, a user function) are constants of the step:
    backward Euler gives mp_new = (tau*mp + dt*F) / (tau + dt) with F evaluated at the old values."""
    clear()
    setup(dt=0.5, seed=1)
    neuron = Neuron(parameters="tau = 10.0\nI = 0.0",
                    equations="tau * dmp/dt + mp = neg(-fb(I)) + 1.0 : implicit\nr = mp",
                    functions="fb(x) = if x > 0: x else: x/2")
    pop = Population(2, neuron)
    pop.I = [2.0, -2.0]
    monitor = Monitor(pop, "mp")
    compile()
    simulate(5.0)
    forcing = np.array([-2.0 + 1.0, 0.0 + 1.0])        # neg(-fb(I)) + 1: fb(2) = 2, fb(-2) = -1
    mp, expected = np.zeros(2), []
    for _ in range(10):
        mp = (10.0 * mp + 0.5 * forcing) / (10.0 + 0.5)
        expected.append(mp)
    np.testing.assert_allclose(monitor.get("mp"), expected, rtol=1e-13)
    clear()
