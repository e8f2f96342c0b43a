"""The built-in neuron and synapse models match ANNarchy 4.8.2.7's definitions.

Only the definitions are tested here (parameters, defaults, equations,
methods, events, localities), not simulations. Values come from ANNarchy's
``models/Neurons.py`` / ``models/Synapses.py`` and from the recorded
reference files in ``/work/shared/reference``.
"""
import doctest
import math

import pytest
import sympy

from annlab.core import builtin_neurons, builtin_synapses
from annlab.core.builtin_neurons import (
    EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp, IF_cond_alpha,
    IF_cond_exp, IF_curr_alpha, IF_curr_exp, Izhikevich, LeakyIntegrator)
from annlab.core.builtin_synapses import IBCM, STDP, STP, Hebb, Oja
from annlab.core.equations import OdeBlock, Update
from annlab.core.equations.expressions import clip, pos
from annlab.core.models import Neuron, Synapse, as_model
from annlab.errors import ValidationError


# ---------------------------------------------------------------------------
# ANNarchy 4.8 defaults, in the order of ANNarchy's parameter text
# ---------------------------------------------------------------------------
IF_BASE = {"v_rest": -65.0, "cm": 1.0, "tau_m": 20.0, "tau_refrac": 0.0, "tau_syn_E": 5.0,
           "tau_syn_I": 5.0, "v_thresh": -50.0, "v_reset": -65.0, "i_offset": 0.0}
IF_COND = {**IF_BASE, "e_rev_E": 0.0, "e_rev_I": -70.0}
EIF = {"v_rest": -70.6, "cm": 0.281, "tau_m": 9.3667, "tau_refrac": 0.1, "tau_syn_E": 5.0,
       "tau_syn_I": 5.0, "e_rev_E": 0.0, "e_rev_I": -80.0, "tau_w": 144.0, "a": 4.0,
       "b": 0.0805, "i_offset": 0.0, "delta_T": 2.0, "v_thresh": -50.4, "v_reset": -70.6,
       "v_spike": -40.0}
NEURON_DEFAULTS = {
    LeakyIntegrator: {"tau": 10.0, "B": 0.0, "T": 0.0},
    Izhikevich: {"noise": 0.0, "a": 0.02, "b": 0.2, "c": -65.0, "d": 8.0, "v_thresh": 30.0,
                 "i_offset": 0.0, "tau_refrac": 0.0},
    IF_curr_exp: IF_BASE,
    IF_cond_exp: IF_COND,
    IF_curr_alpha: IF_BASE,
    IF_cond_alpha: IF_COND,
    HH_cond_exp: {"gbar_Na": 20.0, "gbar_K": 6.0, "gleak": 0.01, "cm": 0.2, "v_offset": -63.0,
                  "e_rev_Na": 50.0, "e_rev_K": -90.0, "e_rev_leak": -65.0, "e_rev_E": 0.0,
                  "e_rev_I": -80.0, "tau_syn_E": 0.2, "tau_syn_I": 2.0, "i_offset": 0.0,
                  "v_thresh": 0.0},
    EIF_cond_exp_isfa_ista: EIF,
    EIF_cond_alpha_isfa_ista: EIF,
}
SYNAPSE_DEFAULTS = {
    STDP: {"tau_plus": 20.0, "tau_minus": 20.0, "A_plus": 0.01, "A_minus": 0.01,
           "w_min": 0.0, "w_max": 1.0},
    STP: {"tau_rec": 100.0, "tau_facil": 0.01, "U": 0.5},
    Hebb: {"eta": 0.01},
    Oja: {"eta": 0.01, "alpha": 1.0},
    IBCM: {"eta": 0.01, "tau": 2000.0},
}

#: Numerical method of every ODE, as ANNarchy integrates it by default.
METHODS = {
    LeakyIntegrator: {"v": "exponential"},
    Izhikevich: {"v": "explicit", "u": "explicit"},
    IF_curr_exp: dict.fromkeys(["v", "g_exc", "g_inh"], "exponential"),
    IF_cond_exp: dict.fromkeys(["v", "g_exc", "g_inh"], "exponential"),
    IF_curr_alpha: dict.fromkeys(["v", "g_exc", "g_inh", "alpha_exc", "alpha_inh"], "exponential"),
    IF_cond_alpha: dict.fromkeys(["v", "g_exc", "g_inh", "alpha_exc", "alpha_inh"], "exponential"),
    HH_cond_exp: dict.fromkeys(["n", "m", "h", "v", "g_exc", "g_inh"], "exponential"),
    EIF_cond_exp_isfa_ista: {"v": "explicit", "w": "explicit",
                             "g_exc": "exponential", "g_inh": "exponential"},
    EIF_cond_alpha_isfa_ista: {"v": "explicit", "w": "explicit",
                               **dict.fromkeys(["g_exc", "g_inh", "alpha_exc", "alpha_inh"],
                                               "exponential")},
}


def _cls_id(cls):
    return cls.__name__


def _synapse_params(defaults):
    return [pytest.param(cls, values, id=cls.__name__) for cls, values in defaults.items()]


def _derivative(model, name):
    for item in model.ir.equations:
        if isinstance(item, OdeBlock) and name in item.derivatives:
            return item.derivatives[name]
    raise KeyError(name)


def _update(model, name):
    for item in model.ir.equations:
        if isinstance(item, Update) and item.target == name:
            return item.expr
    raise KeyError(name)


def _evaluate(expr, **values):
    return float(expr.subs({sympy.Symbol(k): v for k, v in values.items()}))


def _same(expr, text, **symbols):
    """``expr`` equals the sympy reading of ``text`` (symbols by name)."""
    names = {name: sympy.Symbol(name) for name in symbols.get("names", ())}
    expected = sympy.sympify(text, locals=names)
    return sympy.simplify(expr - expected) == 0


# ---------------------------------------------------------------------------
# Neurons: defaults, overrides, classes as models
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("cls", NEURON_DEFAULTS, ids=_cls_id)
def test_neuron_defaults_and_parameter_order(cls):
    model = cls()
    expected = NEURON_DEFAULTS[cls]
    assert isinstance(model, Neuron)
    assert model.parameters_names == list(expected)
    for name, value in expected.items():
        assert model.ir.attributes[name].init == value, name
        assert model.ir.attributes[name].kind == "parameter"


@pytest.mark.parametrize("cls", NEURON_DEFAULTS, ids=_cls_id)
def test_neuron_keyword_overrides(cls):
    expected = dict(NEURON_DEFAULTS[cls])
    changed = {name: value + 1.25 for name, value in list(expected.items())[:3]}
    expected.update(changed)
    model = cls(**changed)
    for name, value in expected.items():
        assert model.ir.attributes[name].init == value, name


@pytest.mark.parametrize("cls", NEURON_DEFAULTS, ids=_cls_id)
def test_neuron_class_is_accepted_as_model(cls):
    model = as_model(cls, "neuron")
    assert type(model) is cls
    assert model.parameters_names == list(NEURON_DEFAULTS[cls])


@pytest.mark.parametrize("cls", list(NEURON_DEFAULTS) + list(SYNAPSE_DEFAULTS), ids=_cls_id)
def test_unknown_keyword_is_a_type_error(cls):
    with pytest.raises(TypeError, match="unexpected keyword argument 'tau_typo'"):
        cls(tau_typo=1.0)


def test_positional_arguments_follow_annarchy_order():
    assert IF_cond_exp(-60.0).ir.attributes["v_rest"].init == -60.0
    assert Izhikevich(0.1, 0.25).ir.attributes["b"].init == 0.25
    assert HH_cond_exp(25.0).ir.attributes["gbar_Na"].init == 25.0
    assert STDP(10.0, 30.0).ir.attributes["tau_minus"].init == 30.0


def test_reference_constructor_calls():
    # refractory_if_cond_exp.json and rate_coded.json
    model = IF_cond_exp(i_offset=1.5, tau_refrac=5.0)
    assert model.ir.attributes["i_offset"].init == 1.5
    assert model.ir.attributes["tau_refrac"].init == 5.0
    assert model.ir.attributes["e_rev_I"].init == -70.0
    assert LeakyIntegrator(T=0.0).ir.attributes["T"].init == 0.0


def test_integer_and_exact_float_values():
    assert IF_curr_exp(tau_m=10).ir.attributes["tau_m"].init == 10.0
    assert EIF_cond_exp_isfa_ista(b=0.1).ir.attributes["b"].init == 0.1


# ---------------------------------------------------------------------------
# Neurons: equations, methods, events
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("cls", METHODS, ids=_cls_id)
def test_ode_methods(cls):
    model = cls()
    odes = {name for item in model.ir.equations if isinstance(item, OdeBlock)
            for name in item.derivatives}
    assert odes == set(METHODS[cls])
    for name, method in METHODS[cls].items():
        assert model.ir.attributes[name].method == method, name


@pytest.mark.parametrize("cls", [c for c in NEURON_DEFAULTS if c is not LeakyIntegrator],
                         ids=_cls_id)
def test_spiking_neurons_have_spike_and_inputs(cls):
    model = cls()
    assert model.type == "spike"
    assert model.ir.spike is not None
    assert model.ir.targets[:2] == ["exc", "inh"]


@pytest.mark.parametrize("cls, reset", [
    (Izhikevich, {"v": "c", "u": "u + d"}),
    (IF_curr_exp, {"v": "v_reset"}),
    (IF_cond_exp, {"v": "v_reset"}),
    (IF_curr_alpha, {"v": "v_reset"}),
    (IF_cond_alpha, {"v": "v_reset"}),
    (EIF_cond_exp_isfa_ista, {"v": "v_reset", "w": "w + b"}),
    (EIF_cond_alpha_isfa_ista, {"v": "v_reset", "w": "w + b"}),
], ids=lambda x: x.__name__ if isinstance(x, type) else None)
def test_reset_and_refractory(cls, reset):
    model = cls()
    assert [u.target for u in model.ir.reset] == list(reset)
    for update in model.ir.reset:
        assert update.expr == sympy.sympify(reset[update.target]), update.target
    assert model.ir.refractory == sympy.Symbol("tau_refrac")


@pytest.mark.parametrize("cls, threshold", [
    (Izhikevich, "v_thresh"), (IF_curr_exp, "v_thresh"), (IF_cond_alpha, "v_thresh"),
    (EIF_cond_exp_isfa_ista, "v_spike"), (EIF_cond_alpha_isfa_ista, "v_spike"),
], ids=lambda x: x.__name__ if isinstance(x, type) else None)
def test_spike_condition(cls, threshold):
    v, th = sympy.symbols(f"v {threshold}")
    assert cls().ir.spike == sympy.Gt(v, th)


def test_leaky_integrator():
    model = LeakyIntegrator()
    assert model.type == "rate"
    assert model.ir.spike is None
    attrs = model.ir.attributes
    assert (attrs["tau"].locality, attrs["B"].locality, attrs["T"].locality) == (
        "global", "local", "global")
    assert attrs["v"].init == 0.0 and attrs["r"].init == 0.0
    assert model.ir.targets == ["exc", "inh"]
    assert _same(_derivative(model, "v"), "(_sum_exc - _sum_inh + B - v)/tau",
                 names=["_sum_exc", "_sum_inh", "B", "v", "tau"])
    v, T = sympy.symbols("v T")
    assert _update(model, "r") == pos(v - T)


def test_leaky_integrator_sum_and_noise():
    model = LeakyIntegrator(sum="sum(exc)", noise="Normal(0.0, 1.0)")
    assert model.ir.targets == ["exc"]
    assert len(model.ir.randoms) == 1 and model.ir.randoms[0].method == "normal"
    assert LeakyIntegrator().ir.randoms == []


def test_izhikevich():
    model = Izhikevich()
    attrs = model.ir.attributes
    assert all(attrs[name].locality == "local" for name in model.parameters_names)
    assert attrs["v"].init == -65.0 and attrs["u"].init == -13.0
    # v and u start at c and b*c of the constructor
    changed = Izhikevich(b=0.25, c=-55.0).ir.attributes
    assert changed["v"].init == -55.0 and changed["u"].init == 0.25 * -55.0
    # both ODEs in one explicit block: both derivatives from the old values
    blocks = [item for item in model.ir.equations if isinstance(item, OdeBlock)]
    assert len(blocks) == 1 and blocks[0].targets == ["v", "u"]
    assert _same(_derivative(model, "v"), "0.04*v**2 + 5.0*v + 140.0 - u + I",
                 names=["v", "u", "I"])
    assert _same(_derivative(model, "u"), "a*(b*v - u)", names=["a", "b", "v", "u"])
    # I = g_exc - g_inh + noise * Normal(0, 1) + i_offset, computed before the ODEs
    assert isinstance(model.ir.equations[0], Update) and model.ir.equations[0].target == "I"
    assert [(r.method, tuple(map(float, r.args))) for r in model.ir.randoms] == [
        ("normal", (0.0, 1.0))]
    assert _same(_update(model, "I"), "g_exc - g_inh + noise*_rand_0 + i_offset",
                 names=["g_exc", "g_inh", "noise", "_rand_0", "i_offset"])


def test_izhikevich_conductance():
    model = Izhikevich(conductance="g_ampa - g_gaba")
    assert model.ir.targets == ["ampa", "gaba"]
    assert "g_exc" not in model.ir.attributes


@pytest.mark.parametrize("cls", [IF_curr_exp, IF_cond_exp, IF_curr_alpha, IF_cond_alpha],
                         ids=_cls_id)
def test_if_membrane_and_initial_value(cls):
    model = cls()
    assert model.ir.attributes["v"].init == -65.0
    assert cls(v_reset=-70.0).ir.attributes["v"].init == -70.0     # v starts at v_reset
    assert cls(v_rest=-60.0).ir.attributes["v"].init == -65.0
    syn = "alpha" if "alpha" in cls.__name__ else "g"
    if "cond" in cls.__name__:
        rhs = f"cm/tau_m*(v_rest - v) + {syn}_exc*(e_rev_E - v) + {syn}_inh*(e_rev_I - v) + i_offset"
    else:
        rhs = f"cm/tau_m*(v_rest - v) + {syn}_exc - {syn}_inh + i_offset"
    names = ["cm", "tau_m", "v_rest", "v", f"{syn}_exc", f"{syn}_inh", "e_rev_E", "e_rev_I",
             "i_offset"]
    assert _same(_derivative(model, "v"), f"({rhs})/cm", names=names)
    assert _same(_derivative(model, "g_exc"), "-g_exc/tau_syn_E", names=["g_exc", "tau_syn_E"])
    assert _same(_derivative(model, "g_inh"), "-g_inh/tau_syn_I", names=["g_inh", "tau_syn_I"])


@pytest.mark.parametrize("cls", [IF_curr_alpha, IF_cond_alpha, EIF_cond_alpha_isfa_ista],
                         ids=_cls_id)
def test_alpha_functions_depend_on_dt(cls):
    model = cls()
    gmax = _update(model, "gmax_exc")
    assert _evaluate(gmax, dt=0.1, tau_syn_E=5.0) == pytest.approx(math.exp((5.0 - 0.05) / 5.0),
                                                                   rel=1e-14)
    assert _same(_derivative(model, "alpha_inh"), "(gmax_inh*g_inh - alpha_inh)/tau_syn_I",
                 names=["gmax_inh", "g_inh", "alpha_inh", "tau_syn_I"])
    # the gmax factors are computed before the ODE block that uses them
    targets = [item.target if isinstance(item, Update) else "ode" for item in model.ir.equations]
    assert targets[:2] == ["gmax_exc", "gmax_inh"]


def test_hh_cond_exp():
    model = HH_cond_exp()
    attrs = model.ir.attributes
    assert (attrs["n"].init, attrs["m"].init, attrs["h"].init, attrs["v"].init) == (
        0.0, 0.0, 1.0, -65.0)
    assert HH_cond_exp(e_rev_leak=-70.0).ir.attributes["v"].init == -70.0
    # prev_v is saved first; the rate constants come before the ODEs
    assert model.ir.equations[0].target == "prev_v"
    # one exponential block: every ODE advances from the old values
    blocks = [item for item in model.ir.equations if isinstance(item, OdeBlock)]
    assert len(blocks) == 1 and blocks[0].method == "exponential"
    assert blocks[0].targets == ["n", "m", "h", "v", "g_exc", "g_inh"]
    # the rates as recorded in builtin_HH_cond_exp.json (bh with exp(10 - v + v_offset))
    v, off = -58.3, -63.0
    expected = {
        "an": 0.032 * (15 - v + off) / (math.exp((15 - v + off) / 5) - 1),
        "am": 0.32 * (13 - v + off) / (math.exp((13 - v + off) / 4) - 1),
        "ah": 0.128 * math.exp((17 - v + off) / 18),
        "bn": 0.5 * math.exp((10 - v + off) / 40),
        "bm": 0.28 * (v - off - 40) / (math.exp((v - off - 40) / 5) - 1),
        "bh": 4 / (1 + math.exp(10 - v + off)),
    }
    for name, value in expected.items():
        assert _evaluate(_update(model, name), v=v, v_offset=off) == pytest.approx(value, rel=1e-12)
    membrane = ("(gleak*(e_rev_leak - v) + gbar_K*n**4*(e_rev_K - v) + gbar_Na*m**3*h*(e_rev_Na - v)"
                " + g_exc*(e_rev_E - v) + g_inh*(e_rev_I - v) + i_offset)/cm")
    assert _same(_derivative(model, "v"), membrane,
                 names=["gleak", "e_rev_leak", "v", "gbar_K", "n", "e_rev_K", "gbar_Na", "m",
                        "h", "e_rev_Na", "g_exc", "e_rev_E", "g_inh", "e_rev_I", "i_offset", "cm"])
    # spike on the upward crossing only, no reset, no refractory period
    v_, th, prev = sympy.symbols("v v_thresh prev_v")
    assert model.ir.spike == sympy.And(sympy.Gt(v_, th), sympy.Le(prev, th))
    assert model.ir.reset == []
    assert model.ir.refractory is None


@pytest.mark.parametrize("cls", [EIF_cond_exp_isfa_ista, EIF_cond_alpha_isfa_ista], ids=_cls_id)
def test_eif(cls):
    model = cls()
    attrs = model.ir.attributes
    assert attrs["v"].init == -70.6 and attrs["w"].init == 0.0
    assert cls(v_reset=-60.0).ir.attributes["v"].init == -60.0
    # I is computed from the old v before the explicit (v, w) block
    targets = [item.target if isinstance(item, Update) else tuple(item.targets)
               for item in model.ir.equations]
    assert targets.index("I") < targets.index(("v", "w"))
    assert _same(_derivative(model, "v"),
                 "((v_rest - v + delta_T*exp((v - v_thresh)/delta_T)) + tau_m/cm*(I - w))/tau_m",
                 names=["v_rest", "v", "delta_T", "v_thresh", "tau_m", "cm", "I", "w"])
    assert _same(_derivative(model, "w"), "(a*(v - v_rest)/1000.0 - w)/tau_w",
                 names=["a", "v", "v_rest", "w", "tau_w"])


# ---------------------------------------------------------------------------
# Synapses
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("cls, expected", _synapse_params(SYNAPSE_DEFAULTS))
def test_synapse_defaults_and_overrides(cls, expected):
    model = cls()
    assert isinstance(model, Synapse)
    assert model.parameters_names[:len(expected)] == list(expected)
    for name, value in expected.items():
        assert model.ir.attributes[name].init == value, name
    changed = {name: value * 2 for name, value in expected.items()}
    model = cls(**changed)
    for name, value in changed.items():
        assert model.ir.attributes[name].init == value, name
    assert type(as_model(cls, "synapse")) is cls


@pytest.mark.parametrize("cls, local", _synapse_params({
    STDP: set(), STP: {"U"}, Hebb: set(), Oja: set(), IBCM: set()}))
def test_synapse_parameter_localities(cls, local):
    model = cls()
    for name in SYNAPSE_DEFAULTS[cls]:
        expected = "local" if name in local else "global"      # 'projection' -> global
        assert model.ir.attributes[name].locality == expected, name
    assert model.ir.attributes["w"].locality == "local"


def test_stdp():
    model = STDP()
    assert model.type == "spike"
    assert model.ir.equations == []
    x, y, tau_plus, tau_minus = sympy.symbols("x y tau_plus tau_minus")
    assert model.ir.event_driven == {"x": (0, -1 / tau_plus), "y": (0, -1 / tau_minus)}
    attrs = model.ir.attributes
    assert (attrs["x"].method, attrs["y"].method) == ("event-driven", "event-driven")
    assert (attrs["x"].init, attrs["y"].init, attrs["x"].locality) == (0.0, 0.0, "local")
    assert attrs["w"].kind == "parameter"
    w, g, a_plus, a_minus, w_min, w_max = sympy.symbols("w g_target A_plus A_minus w_min w_max")
    assert [(u.target, u.expr) for u in model.ir.pre_spike] == [
        ("g_target", g + w), ("x", x + a_plus * w_max), ("w", clip(w + y, w_min, w_max))]
    assert [(u.target, u.expr) for u in model.ir.post_spike] == [
        ("y", y - a_minus * w_max), ("w", clip(w + x, w_min, w_max))]


def test_stp_is_annarchy_text():
    model = STP()
    assert model.type == "spike"
    attrs = model.ir.attributes
    assert (attrs["x"].init, attrs["u"].init) == (1.0, 0.5)
    assert (attrs["x"].method, attrs["u"].method) == ("event-driven", "event-driven")
    assert (attrs["x"].locality, attrs["u"].locality) == ("local", "local")
    assert STP(U=0.2).ir.attributes["u"].init == 0.2
    assert model.ir.equations == []
    assert set(attrs) >= {"tau_rec", "tau_facil", "U", "x", "u", "w"}
    assert not any(name in attrs for name in ("x_dep", "u_fac"))
    # dx/dt = (1 - x)/tau_rec and du/dt = (U - u)/tau_facil as (A, B) of dx/dt = A + B*x
    x, u, U, tau_rec, tau_facil = sympy.symbols("x u U tau_rec tau_facil")
    (a_x, b_x), (a_u, b_u) = model.ir.event_driven["x"], model.ir.event_driven["u"]
    assert set(model.ir.event_driven) == {"x", "u"}
    assert sympy.simplify(a_x - 1 / tau_rec) == 0 and sympy.simplify(b_x + 1 / tau_rec) == 0
    assert sympy.simplify(a_u - U / tau_facil) == 0 and sympy.simplify(b_u + 1 / tau_facil) == 0
    # pre-spike: g_target += w*u*x; x *= (1 - u); u += U*(1 - u), in this order
    w, g = sympy.symbols("w g_target")
    assert [update.target for update in model.ir.pre_spike] == ["g_target", "x", "u"]
    expected = [g + w * u * x, x * (1 - u), u + U * (1 - u)]
    for update, expr in zip(model.ir.pre_spike, expected):
        assert sympy.simplify(update.expr - expr) == 0, update.target
    assert model.ir.post_spike == []


def test_stp_needs_positive_facilitation_time():
    with pytest.raises(ValidationError, match="tau_facil"):
        STP(tau_facil=0.0)
    with pytest.raises(ValueError):
        STP(tau_facil=-1.0)


@pytest.mark.parametrize("cls, rhs, names", [
    (Hebb, "eta*_pre_r*_post_r", ["eta", "_pre_r", "_post_r"]),
    (Oja, "eta*(_pre_r*_post_r - alpha*_post_r**2*w)", ["eta", "alpha", "_pre_r", "_post_r", "w"]),
    (IBCM, "eta*_post_r*(_post_r - theta)*_pre_r", ["eta", "_pre_r", "_post_r", "theta"]),
], ids=lambda x: x.__name__ if isinstance(x, type) else None)
def test_rate_coded_weight_rules(cls, rhs, names):
    model = cls()
    assert not model.ir.spiking
    w = model.ir.attributes["w"]
    assert (w.kind, w.locality, w.method, float(w.min), w.max) == (
        "variable", "local", "explicit", 0.0, None)
    assert _same(_derivative(model, "w"), rhs, names=names)
    assert model.ir.pre_attributes == {"r"} and model.ir.post_attributes == {"r"}


def test_ibcm_threshold():
    model = IBCM()
    theta = model.ir.attributes["theta"]
    assert (theta.locality, theta.method, theta.init) == ("semiglobal", "exponential", 0.0)
    assert _same(_derivative(model, "theta"), "(_post_r**2 - theta)/tau",
                 names=["_post_r", "theta", "tau"])


# ---------------------------------------------------------------------------
# Module contents and doctests
# ---------------------------------------------------------------------------
def test_all_lists():
    assert set(builtin_neurons.__all__) == {c.__name__ for c in NEURON_DEFAULTS}
    defaults = {"DefaultRateCodedSynapse", "DefaultSpikingSynapse"}  # no parameters: tested in test_compat_names
    assert set(builtin_synapses.__all__) == {c.__name__ for c in SYNAPSE_DEFAULTS} | defaults
    for name in builtin_neurons.__all__:
        assert issubclass(getattr(builtin_neurons, name), Neuron)
    for name in builtin_synapses.__all__:
        assert issubclass(getattr(builtin_synapses, name), Synapse)


def _doctests():
    finder = doctest.DocTestFinder()
    params = []
    for module in (builtin_neurons, builtin_synapses):
        for test in finder.find(module):
            if not test.examples:
                continue
            params.append(pytest.param(test, id=test.name))
    return params


@pytest.mark.parametrize("test", _doctests())
def test_doctests(test):
    failures = []

    class _Runner(doctest.DocTestRunner):
        def report_failure(self, out, test, example, got):
            failures.append(f"{example.source.strip()}\nexpected: {example.want!r}\ngot: {got!r}")

        def report_unexpected_exception(self, out, test, example, exc_info):
            raise exc_info[1]

    runner = _Runner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test, out=lambda _text: None)
    assert not failures, "\n\n".join(failures)
