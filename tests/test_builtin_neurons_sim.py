"""Built-in neurons simulated by annlab against plain-numpy integrations of the same equations.

The numpy code below is written independently of annlab's parser and code
generator, from the equations of ANNarchy 4.8 (see the docstrings of
:mod:`annlab.core.builtin_neurons` and ``tests/reference/README.md``):

* explicit Euler: ``x += dt*f(old values)``; exponential Euler for
  ``dx/dt = (x_inf - x)/tau``: ``x += (1 - exp(-dt/tau))*(x_inf - x)``; within
  a run of ODEs with one method every derivative uses the old values;
* a spike emitted in step s reaches ``g_target`` at the start of step s + 1;
* the spike test follows the update, the reset happens in the same step;
* monitors record ``g_*`` after the arrivals and before the update, the other
  variables after the update;
* refractory neurons (``int(tau_refrac/dt)`` steps after the spike) skip the
  spike test and freeze every variable whose name does not start with ``g_``.

Operand orders differ, so values are compared with atol = rtol = 1e-9 over a
few hundred steps; spike steps must be identical.
"""
import numpy as np
import pytest

from annlab import (EIF_cond_alpha_isfa_ista, EIF_cond_exp_isfa_ista, HH_cond_exp, IF_cond_alpha,
                    IF_cond_exp, IF_curr_alpha, IF_curr_exp, Izhikevich, LeakyIntegrator, Monitor,
                    Population, Projection, SpikeSourceArray, clear, compile, setup, simulate)

DT = 0.1
STEPS = 600
EXC_TIMES = [5.0, 15.0, 25.0, 35.0, 45.0]  # neuron 1 only
INH_TIMES = [10.0, 30.0]
CLOSE = dict(atol=1e-9, rtol=1e-9)


def _exp_euler(x, x_inf, tau):
    return x + (1.0 - np.exp(-DT / tau)) * (x_inf - x)


# ---- the models, one update step each (old values in ``s``, new values returned) ----------
def if_curr_exp(s, p):
    v_inf = p["v_rest"] + p["tau_m"] * (s["g_exc"] - s["g_inh"] + p["i_offset"]) / p["cm"]
    return {"v": _exp_euler(s["v"], v_inf, p["tau_m"]),
            "g_exc": _exp_euler(s["g_exc"], 0.0, p["tau_syn_E"]),
            "g_inh": _exp_euler(s["g_inh"], 0.0, p["tau_syn_I"])}


def if_cond_exp(s, p):
    leak = p["cm"] / p["tau_m"]
    total = leak + s["g_exc"] + s["g_inh"]
    v_inf = (leak * p["v_rest"] + s["g_exc"] * p["e_rev_E"] + s["g_inh"] * p["e_rev_I"] + p["i_offset"]) / total
    return {"v": _exp_euler(s["v"], v_inf, p["cm"] / total),
            "g_exc": _exp_euler(s["g_exc"], 0.0, p["tau_syn_E"]),
            "g_inh": _exp_euler(s["g_inh"], 0.0, p["tau_syn_I"])}


def _alpha(s, p, new):
    gmax_exc = np.exp((p["tau_syn_E"] - DT / 2.0) / p["tau_syn_E"])
    gmax_inh = np.exp((p["tau_syn_I"] - DT / 2.0) / p["tau_syn_I"])
    new.update(g_exc=_exp_euler(s["g_exc"], 0.0, p["tau_syn_E"]),
               g_inh=_exp_euler(s["g_inh"], 0.0, p["tau_syn_I"]),
               alpha_exc=_exp_euler(s["alpha_exc"], gmax_exc * s["g_exc"], p["tau_syn_E"]),
               alpha_inh=_exp_euler(s["alpha_inh"], gmax_inh * s["g_inh"], p["tau_syn_I"]))
    return new


def if_curr_alpha(s, p):
    v_inf = p["v_rest"] + p["tau_m"] * (s["alpha_exc"] - s["alpha_inh"] + p["i_offset"]) / p["cm"]
    return _alpha(s, p, {"v": _exp_euler(s["v"], v_inf, p["tau_m"])})


def if_cond_alpha(s, p):
    leak = p["cm"] / p["tau_m"]
    total = leak + s["alpha_exc"] + s["alpha_inh"]
    v_inf = (leak * p["v_rest"] + s["alpha_exc"] * p["e_rev_E"] + s["alpha_inh"] * p["e_rev_I"]
             + p["i_offset"]) / total
    return _alpha(s, p, {"v": _exp_euler(s["v"], v_inf, p["cm"] / total)})


def izhikevich(s, p):
    current = s["g_exc"] - s["g_inh"] + p["i_offset"]
    v, u = s["v"], s["u"]
    return {"I": current,
            "v": v + DT * (0.04 * v * v + 5.0 * v + 140.0 - u + current),
            "u": u + DT * p["a"] * (p["b"] * v - u),
            "g_exc": np.zeros_like(v), "g_inh": np.zeros_like(v)}  # instantaneous inputs


def _eif(s, p, g_exc, g_inh, new):
    current = g_exc * (p["e_rev_E"] - s["v"]) + g_inh * (p["e_rev_I"] - s["v"]) + p["i_offset"]
    v, w = s["v"], s["w"]
    dv = (p["v_rest"] - v + p["delta_T"] * np.exp((v - p["v_thresh"]) / p["delta_T"])
          + p["tau_m"] / p["cm"] * (current - w)) / p["tau_m"]
    dw = (p["a"] * (v - p["v_rest"]) / 1000.0 - w) / p["tau_w"]
    new.update(I=current, v=v + DT * dv, w=w + DT * dw)
    return new


def eif_cond_exp(s, p):
    return _eif(s, p, s["g_exc"], s["g_inh"],
                {"g_exc": _exp_euler(s["g_exc"], 0.0, p["tau_syn_E"]),
                 "g_inh": _exp_euler(s["g_inh"], 0.0, p["tau_syn_I"])})


def eif_cond_alpha(s, p):
    # I uses alpha_* before the (later, exponential) block updates them.
    return _alpha(s, p, _eif(s, p, s["alpha_exc"], s["alpha_inh"], {}))


def hh_cond_exp(s, p):
    v, n, m, h = s["v"], s["n"], s["m"], s["h"]
    off = p["v_offset"]
    an = 0.032 * (15.0 - v + off) / (np.exp((15.0 - v + off) / 5.0) - 1.0)
    am = 0.32 * (13.0 - v + off) / (np.exp((13.0 - v + off) / 4.0) - 1.0)
    ah = 0.128 * np.exp((17.0 - v + off) / 18.0)
    bn = 0.5 * np.exp((10.0 - v + off) / 40.0)
    bm = 0.28 * (v - off - 40.0) / (np.exp((v - off - 40.0) / 5.0) - 1.0)
    bh = 4.0 / (1.0 + np.exp(10.0 - v + off))  # ANNarchy 4.8's form (see the reference README)
    g_k, g_na = p["gbar_K"] * n ** 4, p["gbar_Na"] * m ** 3 * h
    total = p["gleak"] + g_k + g_na + s["g_exc"] + s["g_inh"]
    v_inf = (p["gleak"] * p["e_rev_leak"] + g_k * p["e_rev_K"] + g_na * p["e_rev_Na"]
             + s["g_exc"] * p["e_rev_E"] + s["g_inh"] * p["e_rev_I"] + p["i_offset"]) / total
    return {"prev_v": v.copy(),
            "n": _exp_euler(n, an / (an + bn), 1.0 / (an + bn)),
            "m": _exp_euler(m, am / (am + bm), 1.0 / (am + bm)),
            "h": _exp_euler(h, ah / (ah + bh), 1.0 / (ah + bh)),
            "v": _exp_euler(v, v_inf, p["cm"] / total),
            "g_exc": _exp_euler(s["g_exc"], 0.0, p["tau_syn_E"]),
            "g_inh": _exp_euler(s["g_inh"], 0.0, p["tau_syn_I"])}


def _if_spike(s, p):
    return s["v"] > p["v_thresh"]


def _if_reset(s, p, fired):
    s["v"][fired] = p["v_reset"]


def _eif_reset(s, p, fired):
    s["v"][fired] = p["v_reset"]
    s["w"][fired] += p["b"]


def _izhikevich_reset(s, p, fired):
    s["v"][fired] = p["c"]
    s["u"][fired] += p["d"]


IF_STATE = {"v": -65.0, "g_exc": 0.0, "g_inh": 0.0}
ALPHA_STATE = {**IF_STATE, "alpha_exc": 0.0, "alpha_inh": 0.0}
EIF_STATE = {"v": -70.6, "w": 0.0, "I": 0.0, "g_exc": 0.0, "g_inh": 0.0}

#: name -> (annlab model, numpy step, spike test, reset, initial state, exc weight, inh weight)
MODELS = {
    "IF_curr_exp": (IF_curr_exp(i_offset=1.5, tau_refrac=2.0), if_curr_exp, _if_spike, _if_reset,
                    IF_STATE, 2.0, 1.0),
    "IF_cond_exp": (IF_cond_exp(i_offset=1.5, tau_refrac=2.0), if_cond_exp, _if_spike, _if_reset,
                    IF_STATE, 0.05, 0.05),
    "IF_curr_alpha": (IF_curr_alpha(i_offset=1.5, tau_refrac=2.0), if_curr_alpha, _if_spike, _if_reset,
                      ALPHA_STATE, 2.0, 1.0),
    "IF_cond_alpha": (IF_cond_alpha(i_offset=1.5, tau_refrac=2.0), if_cond_alpha, _if_spike, _if_reset,
                      ALPHA_STATE, 0.05, 0.05),
    "Izhikevich": (Izhikevich(i_offset=10.0, tau_refrac=1.0), izhikevich, lambda s, p: s["v"] > p["v_thresh"],
                   _izhikevich_reset, {"v": -65.0, "u": -13.0, "I": 0.0, "g_exc": 0.0, "g_inh": 0.0}, 5.0, 5.0),
    "EIF_cond_exp_isfa_ista": (EIF_cond_exp_isfa_ista(i_offset=1.0), eif_cond_exp,
                               lambda s, p: s["v"] > p["v_spike"], _eif_reset, EIF_STATE, 0.05, 0.05),
    "EIF_cond_alpha_isfa_ista": (EIF_cond_alpha_isfa_ista(i_offset=1.0), eif_cond_alpha,
                                 lambda s, p: s["v"] > p["v_spike"], _eif_reset,
                                 {**EIF_STATE, "alpha_exc": 0.0, "alpha_inh": 0.0}, 0.05, 0.05),
    "HH_cond_exp": (HH_cond_exp(i_offset=10.0), hh_cond_exp,
                    lambda s, p: (s["v"] > p["v_thresh"]) & (s["prev_v"] <= p["v_thresh"]),
                    lambda s, p, fired: None,
                    {"v": -65.0, "prev_v": 0.0, "n": 0.0, "m": 0.0, "h": 1.0, "g_exc": 0.0, "g_inh": 0.0},
                    2.0, 0.5),
}


def _numpy_run(name, params, size=2):
    """Integrate ``MODELS[name]`` for STEPS steps; neuron 1 receives the input spikes."""
    _model, update, spike, reset, initial, w_exc, w_inh = MODELS[name]
    state = {k: np.full(size, float(v)) for k, v in initial.items()}
    arrivals = {"g_exc": {round(t / DT) + 1 for t in EXC_TIMES}, "g_inh": {round(t / DT) + 1 for t in INH_TIMES}}
    refractory_steps = int(params.get("tau_refrac", 0.0) / DT)
    refractory_until = np.full(size, -1)
    trace = {k: [] for k in state}
    spikes = {rank: [] for rank in range(size)}
    for k in range(STEPS):
        if k in arrivals["g_exc"]:
            state["g_exc"][1] += w_exc
        if k in arrivals["g_inh"]:
            state["g_inh"][1] += w_inh
        for var in trace:  # monitors record g_* before the update, the rest after it
            if var.startswith("g_"):
                trace[var].append(state[var].copy())
        active = k > refractory_until
        new = update(state, params)
        for var, value in new.items():
            state[var] = value if var.startswith("g_") else np.where(active, value, state[var])
        fired = active & spike(state, params)
        reset(state, params, fired)
        refractory_until[fired] = k + refractory_steps
        for rank in np.flatnonzero(fired):
            spikes[int(rank)].append(k)
        for var in trace:
            if not var.startswith("g_"):
                trace[var].append(state[var].copy())
    return {k: np.array(v) for k, v in trace.items()}, spikes


@pytest.fixture(scope="module")
def annlab_run():
    """Every spiking built-in in one network, each with an excitatory and an inhibitory input."""
    clear()
    setup(dt=DT, seed=1)
    exc = SpikeSourceArray(spike_times=[[], EXC_TIMES])
    inh = SpikeSourceArray(spike_times=[[], INH_TIMES])
    monitors, params = {}, {}
    for name, (model, _update, _spike, _reset, initial, w_exc, w_inh) in MODELS.items():
        pop = Population(2, model)
        Projection(exc, pop, "exc").connect_one_to_one(weights=w_exc)
        Projection(inh, pop, "inh").connect_one_to_one(weights=w_inh)
        params[name] = {p: float(getattr(pop, p)[0]) for p in model.parameters_names}
        recorded = [v for v in initial if v != "prev_v"]
        monitors[name] = Monitor(pop, recorded + ["spike"])
    compile()
    simulate(STEPS * DT)
    result = {name: m.get() for name, m in monitors.items()}, params
    clear()
    return result


@pytest.mark.parametrize("name", list(MODELS))
def test_builtin_matches_numpy(annlab_run, name):
    data, params = annlab_run
    expected, spikes = _numpy_run(name, params[name])
    assert data[name]["spike"] == spikes
    assert spikes[0] or spikes[1], "the test should exercise spikes"
    for var, values in data[name].items():
        if var != "spike":
            np.testing.assert_allclose(values, expected[var], err_msg=f"{name}.{var}", **CLOSE)


def test_leaky_integrator_matches_numpy():
    """Rate-coded: sum(exc) uses the presynaptic r of the previous step; exponential Euler; r = pos(v - T)."""
    setup(dt=1.0, seed=1)
    source = Population(3, LeakyIntegrator(T=0.2))
    source.B = [0.5, 1.0, -1.0]
    target = Population(2, LeakyIntegrator(tau=5.0, T=0.1))
    target.B = [0.0, -0.05]
    Projection(source, target, "exc").connect_all_to_all(weights=0.3)
    Projection(source, target, "inh").connect_all_to_all(weights=0.1)
    m_source, m_target = Monitor(source, ["v", "r"]), Monitor(target, ["v", "r"])
    compile()
    simulate(200.0)
    v_s, v_t = np.zeros(3), np.zeros(2)
    r_s, r_t = np.zeros(3), np.zeros(2)
    expected = {"sv": [], "sr": [], "tv": [], "tr": []}
    b_s, b_t = np.array([0.5, 1.0, -1.0]), np.array([0.0, -0.05])
    for _ in range(200):
        net_input = 0.3 * r_s.sum() - 0.1 * r_s.sum()  # sums from the previous step
        v_s = v_s + (1.0 - np.exp(-1.0 / 10.0)) * (b_s - v_s)
        r_s = np.maximum(v_s - 0.2, 0.0)
        v_t = v_t + (1.0 - np.exp(-1.0 / 5.0)) * (net_input + b_t - v_t)
        r_t = np.maximum(v_t - 0.1, 0.0)
        for key, value in (("sv", v_s), ("sr", r_s), ("tv", v_t), ("tr", r_t)):
            expected[key].append(value.copy())
    np.testing.assert_allclose(m_source.get("v"), expected["sv"], **CLOSE)
    np.testing.assert_allclose(m_source.get("r"), expected["sr"], **CLOSE)
    np.testing.assert_allclose(m_target.get("v"), expected["tv"], **CLOSE)
    np.testing.assert_allclose(m_target.get("r"), expected["tr"], **CLOSE)
    assert m_target.get("r") is not None
