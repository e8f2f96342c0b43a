"""annlab reproduces the deterministic golden traces recorded from ANNarchy 4.8.2.7.

Each test rebuilds one case of ``tests/reference`` (see its README) and compares
the recorded traces. Spike steps must match exactly. Values: ``atol = rtol =
1e-9`` for Izhikevich traces and 1e-11 for everything else, as the reference
README suggests. ANNarchy's compiler may fuse multiply-adds (FMA), annlab's
kernels do not; without FMA the README measures up to 1.9e-11 on the Izhikevich
upstroke, so 1e-11 is out of reach there and the suggested 1e-9 is used. Every
other trace agrees to about 4e-13 or better (the largest: HH_cond_exp and EIF v).
"""
import numpy as np
import pytest

from annlab import (EIF_cond_exp_isfa_ista, HH_cond_exp, IF_cond_alpha, IF_cond_exp, IF_curr_alpha,
                    IF_curr_exp, Izhikevich, LeakyIntegrator, Monitor, Neuron, Population, Projection,
                    SpikeSourceArray, STDP, clear, compile, setup, simulate, step)

from conftest import load_reference

TIGHT = dict(atol=1e-11, rtol=1e-11)
IZHIKEVICH = dict(atol=1e-9, rtol=1e-9)


def _steps(spike_steps):
    """Reference ``{"rank": [steps]}`` as annlab's ``{rank: [steps]}``."""
    return {int(rank): list(steps) for rank, steps in spike_steps.items()}


def _close(actual, expected, tolerance, what=""):
    np.testing.assert_allclose(actual, np.asarray(expected, dtype=float), err_msg=what, **tolerance)


# ---------------------------------------------------------------------------
# 1. Izhikevich with constant input
# ---------------------------------------------------------------------------
#: float32 (tests/test_precision.py): the upstroke of a spike (v*v) amplifies rounding to ~1e-2 mV there.
IZHIKEVICH_FLOAT32 = dict(rtol=1e-3, atol=3e-2)


@pytest.mark.parametrize("precision", ["double", "float"])
@pytest.mark.parametrize("name", ["izhikevich_constant_input_dt1p0", "izhikevich_constant_input_dt0p25"])
def test_izhikevich_constant_input(name, precision):
    ref = load_reference(name)
    setup(dt=ref["dt"], seed=1, precision=precision)
    tolerance = IZHIKEVICH if precision == "double" else IZHIKEVICH_FLOAT32
    pop = Population(3, Izhikevich)
    pop.i_offset = [5.0, 10.0, 15.0]
    m = Monitor(pop, ["v", "u", "spike"])
    compile()
    simulate(300)
    data = m.get()
    recorded = ref["recorded"]
    assert data["v"].shape == (ref["steps"], 3)
    _close(data["v"], recorded["v"], tolerance, "v")
    _close(data["u"], recorded["u"], tolerance, "u")
    assert np.median(np.abs(data["v"] - np.asarray(recorded["v"]))) < 1e-4
    assert data["spike"] == _steps(recorded["spike_steps"])


def test_izhikevich_first_row():
    """Row 0 is the state after one update; u uses the old v, so it moves only from row 1."""
    setup(dt=1.0, seed=1)
    pop = Population(3, Izhikevich)
    pop.i_offset = [5.0, 10.0, 15.0]
    m = Monitor(pop, ["v", "u"])
    compile()
    simulate(2)
    data = m.get()
    assert data["v"][0].tolist() == [-63.0, -58.0, -53.0]
    assert data["u"][0].tolist() == [-13.0, -13.0, -13.0]
    assert (data["u"][1] != -13.0).all()


# ---------------------------------------------------------------------------
# 2. Spike arrival and transmission delays
# ---------------------------------------------------------------------------
def _delay_network(dt):
    setup(dt=dt, seed=1)
    src = SpikeSourceArray(spike_times=[[10.0, 20.0, 35.0]])
    pops = {name: Population(2, IF_curr_exp) for name in "ABCE"}
    pops["D"] = Population(2, Izhikevich)
    delays = {"A": None, "B": 3.0, "C": dt, "E": 2.5 * dt, "D": None}
    projections = {}
    for name, pop in pops.items():
        proj = Projection(src, pop, "exc")
        if delays[name] is None:
            proj.connect_all_to_all(weights=2.0)
        else:
            proj.connect_all_to_all(weights=2.0, delays=delays[name])
        projections[name] = proj
    source_monitor = Monitor(src, "spike")
    monitors = {name: Monitor(pop, ["g_exc", "v", "spike"]) for name, pop in pops.items()}
    return src, pops, projections, source_monitor, monitors


@pytest.fixture(scope="module", params=["spike_arrival_delay_dt0p1", "spike_arrival_delay_dt1p0"])
def delay_case(request):
    """The network of the reference, run step by step, reading g_exc after every step."""
    ref = load_reference(request.param)
    clear()
    _src, pops, projections, source_monitor, monitors = _delay_network(ref["dt"])
    compile()
    end_of_step = {name: [] for name in pops}
    for _ in range(ref["steps"]):
        step()
        for name, pop in pops.items():
            end_of_step[name].append(np.array(pop.g_exc))
    result = {
        "ref": ref,
        "source": source_monitor.get("spike"),
        "data": {name: m.get() for name, m in monitors.items()},
        "end_of_step": {name: np.array(rows) for name, rows in end_of_step.items()},
        "delay": {name: proj.delay for name, proj in projections.items()},
    }
    clear()
    return result


def test_spike_source_array_rounds_times(delay_case):
    ref = delay_case["ref"]
    assert delay_case["source"] == _steps(ref["recorded"]["source_spike_steps"])


@pytest.mark.parametrize("population", ["A", "B", "C", "E", "D"])
def test_monitor_g_exc_jumps_at_arrival(delay_case, population):
    """The monitor's g_exc exceeds the previous end-of-step value by w exactly at the arrival steps."""
    ref = delay_case["ref"]
    g_exc = delay_case["data"][population]["g_exc"]
    before = np.concatenate([[0.0], delay_case["end_of_step"][population][:-1, 0]])
    jumps = np.flatnonzero(np.isclose(g_exc[:, 0] - before, 2.0, atol=1e-12))
    assert jumps.tolist() == ref["derived"]["steps_where_monitor_g_exc_jumps_by_weight"][population]
    assert (g_exc[:, 0] == g_exc[:, 1]).all()


@pytest.mark.parametrize("population", ["A", "B", "C", "E", "D"])
def test_arrival_traces(delay_case, population):
    """Monitor g_exc (before the update), v (after it) and g_exc read after each step.

    C (delays=dt) is not stored: its traces are those of A.
    """
    ref = delay_case["ref"]
    expected = ref["recorded"]["populations"]["A" if population == "C" else population]
    data = delay_case["data"][population]
    _close(data["g_exc"], expected["g_exc"], TIGHT, "monitor g_exc")
    _close(data["v"], expected["v"], TIGHT, "v")
    _close(delay_case["end_of_step"][population], expected["g_exc_end_of_step"], TIGHT, "g_exc after step")
    assert data["spike"] == {0: [], 1: []}


def test_delay_semantics(delay_case):
    """D = max(1, round(delay/dt)) steps, and proj.delay reads back D*dt."""
    ref = delay_case["ref"]
    dt = ref["dt"]
    for name, steps in ref["derived"]["delay_in_steps"].items():
        assert delay_case["delay"][name] == pytest.approx(steps * dt, abs=1e-12)
        assert delay_case["delay"][name] == pytest.approx(
            ref["network"]["projection_delay_attribute_ms"][name], abs=1e-12)


def test_instantaneous_conductance_of_izhikevich(delay_case):
    """Izhikevich's g_exc has no ODE: the monitor shows w at the arrival step, it is 0 after every step."""
    data = delay_case["data"]["D"]
    assert set(np.unique(data["g_exc"])) == {0.0, 2.0}
    assert (delay_case["end_of_step"]["D"] == 0.0).all()


# ---------------------------------------------------------------------------
# 3. Refractoriness
# ---------------------------------------------------------------------------
@pytest.fixture(scope="module")
def refractory_case():
    """Both refractory references come from one network: IF_cond_exp first, then the custom neuron."""
    if_ref, custom_ref = load_reference("refractory_if_cond_exp"), load_reference("refractory_custom_param")
    clear()
    setup(dt=0.1, seed=1)
    P = Population(2, IF_cond_exp(i_offset=1.5, tau_refrac=5.0))
    P.tau_refrac = [5.0, 0.0]
    text = custom_ref["model"]["neuron"]
    Q = Population(3, Neuron(parameters=text["parameters"], equations=text["equations"],
                             spike=text["spike"], reset=text["reset"], refractory=text["refractory"]))
    Q.tau_ref = [3.0, 0.3, 0.0]
    src = SpikeSourceArray(spike_times=[[5.0 + 7.0 * k for k in range(14)]])
    Projection(src, Q, "exc").connect_all_to_all(weights=0.5)
    mP = Monitor(P, ["v", "g_exc", "spike"])
    mQ = Monitor(Q, ["v", "w", "g_exc", "n", "spike"])
    m_src = Monitor(src, "spike")
    compile()
    g_end = []
    for _ in range(custom_ref["steps"]):
        step()
        g_end.append(Q.g_exc[0])
    result = {"if_ref": if_ref, "custom_ref": custom_ref, "P": mP.get(), "Q": mQ.get(),
              "src": m_src.get("spike"), "g_end": np.array(g_end)}
    clear()
    return result


def test_refractory_if_cond_exp(refractory_case):
    ref = refractory_case["if_ref"]
    data = refractory_case["P"]
    _close(data["v"], ref["recorded"]["v"], TIGHT, "v")
    assert data["spike"] == _steps(ref["recorded"]["spike_steps"])
    assert (data["g_exc"] == 0.0).all()
    # v stays at v_reset for the spike row plus int(5.0/0.1) = 50 rows.
    for spike in data["spike"][0]:
        assert (data["v"][spike:spike + 51, 0] == -65.0).all()
        assert data["v"][spike + 51, 0] != -65.0
    assert np.diff(data["spike"][0]).tolist() == ref["derived"]["interspike_intervals_steps"]["0"]


@pytest.mark.parametrize("variable", ["v", "w", "g_exc", "n"])
def test_refractory_custom_param_traces(refractory_case, variable):
    ref = refractory_case["custom_ref"]
    _close(refractory_case["Q"][variable], ref["recorded"][variable], TIGHT, variable)


def test_refractory_custom_param_windows(refractory_case):
    """Windows of int(tau_ref/dt) steps (30, 2, 0): v, w and n frozen, g_exc keeps evolving."""
    ref = refractory_case["custom_ref"]
    data = refractory_case["Q"]
    assert data["spike"] == _steps(ref["recorded"]["spike_steps"])
    assert refractory_case["src"] == _steps(ref["recorded"]["source_spike_steps"])
    _close(refractory_case["g_end"], ref["recorded"]["g_exc_end_of_step_neuron0"], TIGHT, "g_exc after step")
    windows = ref["derived"]["refractory_steps"]
    for rank, window in ((int(k), n) for k, n in windows.items()):
        for spike in data["spike"][rank][:-1]:
            frozen = slice(spike, spike + window + 1)
            for variable in ("v", "w", "n"):
                assert (data[variable][frozen, rank] == data[variable][spike, rank]).all(), (rank, variable)
            assert data["v"][spike, rank] == 0.0
    # g_exc decays (and receives its inputs) inside neuron 0's first window, steps 63..93.
    assert data["g_exc"][64, 0] < data["g_exc"][63, 0]


# ---------------------------------------------------------------------------
# 5. Rate-coded network
# ---------------------------------------------------------------------------
@pytest.mark.parametrize("precision", ["double", "float"])
def test_rate_coded(precision):
    """In float (float32 throughout, tests/test_precision.py) to float32 accuracy."""
    ref = load_reference("rate_coded")
    setup(dt=1.0, seed=1, precision=precision)
    tolerance = TIGHT if precision == "double" else dict(rtol=2e-5, atol=2e-4)
    P1 = Population(3, LeakyIntegrator(T=0.0))
    P1.B = [0.5, 1.0, 1.5]
    P2 = Population(2, LeakyIntegrator)
    custom = ref["model"]["C"]["neuron"]
    C = Population(2, Neuron(parameters=custom["parameters"], equations=custom["equations"]))
    C.thr = [0.5, 0.8]
    Projection(P1, P2, "exc").connect_all_to_all(weights=0.3)
    Projection(P1, C, "exc").connect_all_to_all(weights=0.3)
    monitors = {"P1": Monitor(P1, ["r", "v"]), "P2": Monitor(P2, ["r", "v", "sum(exc)"]),
                "C": Monitor(C, ["r", "s", "q", "sum(exc)"])}
    compile()
    simulate(100.0)
    data = {name: m.get() for name, m in monitors.items()}
    for name, variables in ref["recorded"].items():
        for variable, rows in variables.items():
            expected = np.asarray(rows, dtype=float)
            _close(data[name][variable], expected, tolerance, f"{name}.{variable}")
            # -0.0 where the reference has it (q = -r while r = 0)
            assert (np.signbit(data[name][variable]) == np.signbit(expected)).all(), f"{name}.{variable}"
    # sum(exc) lags one step: sum(exc)[k] = 0.3 * sum(P1.r[k-1]), sum(exc)[0] = 0
    lagged = 0.3 * data["P1"]["r"].sum(axis=1)
    assert (data["P2"]["sum(exc)"][0] == 0.0).all()
    np.testing.assert_allclose(data["P2"]["sum(exc)"][1:, 0], lagged[:-1], rtol=1e-14 if precision == "double" else 1e-6)
    first = {rank: int(np.argmax(data["C"]["s"][:, rank] == 1.0)) for rank in (0, 1)}
    assert first == {int(k): v for k, v in ref["derived"]["first_step_with_s_equal_1"].items()}


# ---------------------------------------------------------------------------
# 6. STDP
# ---------------------------------------------------------------------------
def test_stdp_pair():
    ref = load_reference("stdp_pair")
    recorded = ref["recorded"]
    setup(dt=1.0, seed=1)
    pre = SpikeSourceArray(spike_times=[[10.0, 50.0], [45.0, 70.0]])
    drive = SpikeSourceArray(spike_times=[[14.0, 44.0, 69.0]])
    post = Population(1, Neuron(equations="v = g_drive + g_exc", spike="v > 5.0", reset=""))
    Projection(drive, post, "drive").connect_all_to_all(weights=10.0)
    proj = Projection(pre, post, "exc", synapse=STDP).connect_all_to_all(weights=0.5)
    m_w, m_post = Monitor(proj, "w"), Monitor(post, ["spike", "v"])
    m_pre, m_drive = Monitor(pre, "spike"), Monitor(drive, "spike")
    compile()
    assert proj.w == ref["initial"]["w"]
    w, x, y = [], [], []
    for _ in range(ref["steps"]):
        step()
        w.append(proj.w)
        x.append(proj.x)
        y.append(proj.y)
    monitored = m_w.get("w")
    assert monitored.shape == (100, 1, 2)  # [k][post][pre]
    _close(monitored, recorded["w"], TIGHT, "monitor w")
    _close(np.array(w), recorded["w"], TIGHT, "proj.w")
    _close(np.array(x), recorded["x_stored"], TIGHT, "proj.x (stored event-driven value)")
    _close(np.array(y), recorded["y_stored"], TIGHT, "proj.y (stored event-driven value)")
    post_data = m_post.get()
    _close(post_data["v"], recorded["post_v"], TIGHT, "post v")
    assert post_data["spike"] == _steps(recorded["post_spike_steps"])
    assert m_pre.get("spike") == _steps(recorded["pre_spike_steps"])
    assert m_drive.get("spike") == _steps(recorded["drive_spike_steps"])
    changes = np.diff(np.concatenate([[[[0.5, 0.5]]], monitored]), axis=0)[:, 0, :]
    steps, ranks = np.nonzero(changes)
    expected = ref["derived"]["weight_changes"]
    assert list(zip(steps.tolist(), ranks.tolist())) == [(c["step"], c["synapse_pre_rank"]) for c in expected]
    for step_k, rank, change in zip(steps, ranks, expected):
        assert changes[step_k, rank] == pytest.approx(change["delta"], abs=1e-11)


# ---------------------------------------------------------------------------
# 7. Other built-in neurons
# ---------------------------------------------------------------------------
BUILTINS = {"HH_cond_exp": (HH_cond_exp, 10.0, 2.0),
            "EIF_cond_exp_isfa_ista": (EIF_cond_exp_isfa_ista, 1.0, 0.05),
            "IF_curr_alpha": (IF_curr_alpha, 1.0, 2.0),
            "IF_cond_alpha": (IF_cond_alpha, 1.0, 0.05)}


@pytest.fixture(scope="module")
def builtin_case():
    """One network with the four populations, in the reference's creation order."""
    clear()
    setup(dt=0.1, seed=1)
    src = SpikeSourceArray(spike_times=[[], [20.0, 100.0, 150.0]])
    refs, monitors = {}, {}
    for name, (model, i_offset, weight) in BUILTINS.items():
        refs[name] = load_reference(f"builtin_{name}")
        pop = Population(2, model)
        pop.i_offset = i_offset
        Projection(src, pop, "exc").connect_one_to_one(weights=weight)
        internal = list(refs[name]["recorded"]["internal_first_1000_steps"])
        monitors[name] = Monitor(pop, ["v", "spike"] + internal)
    m_src = Monitor(src, "spike")
    compile()
    simulate(200.0)
    result = {"refs": refs, "data": {name: m.get() for name, m in monitors.items()}, "src": m_src.get("spike")}
    clear()
    return result


@pytest.mark.parametrize("name", list(BUILTINS))
def test_builtin_traces(builtin_case, name):
    recorded = builtin_case["refs"][name]["recorded"]
    data = builtin_case["data"][name]
    assert builtin_case["src"] == _steps(recorded["input_spike_steps"])
    assert data["spike"] == _steps(recorded["spike_steps"])
    _close(data["v"], recorded["v"], TIGHT, "v")
    for variable, rows in recorded["internal_first_1000_steps"].items():
        _close(data[variable][:1000], rows, TIGHT, variable)
