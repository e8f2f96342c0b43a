"""ANNarchy 4.8's interface functions and input populations, checked by their values.

Reference numbers marked "ANNarchy 4.8.2.7" were produced by the real ANNarchy
with the same inputs (dt=0.5 ms for the spike functions).
"""
import doctest
import importlib
import json
import warnings

import numpy as np
import pytest

import annlab
from annlab import (Constant, IF_curr_exp, Izhikevich, Monitor, Network, Neuron, Population, Projection, TimedArray,
                    callbacks_enabled, clear, clear_all_callbacks, compile, disable_callbacks, dt, enable_callbacks,
                    enable_learning, every, get_global_config, get_time, list_standard_neurons,
                    list_standard_synapses, load_parameter, load_parameters, report, save_parameters, setup,
                    simulate)
from annlab import errors
from annlab.errors import AnnlabWarning, IgnoredArgumentWarning, UnknownNameError, ValidationError

EYE = np.eye(10)
READER = Neuron(equations="r = sum(exc)")


@pytest.fixture(autouse=True)
def fresh():
    clear()
    yield
    clear()


@pytest.fixture
def warn_again():
    """Forget which ignored arguments were warned about, so that each test sees its warning."""
    before = set(errors._warned)
    yield
    errors._warned.clear()
    errors._warned.update(before)


def _trace(inp, steps):
    m = Monitor(inp, "r")
    compile()
    simulate(steps)
    return m.get("r")


# ---------------------------------------------------------------- TimedArray
def test_timed_array_rows_schedule_and_period():
    trace = _trace(TimedArray(rates=EYE, schedule=2.0, period=14.0), 30)
    rows = np.argmax(trace, axis=1)
    # rows change every 2 steps; the sequence restarts every 14 steps (rows 7..9 never shown)
    assert rows.tolist() == [(s % 14) // 2 for s in range(30)]
    assert np.array_equal(trace[29], EYE[(29 % 14) // 2])


def test_timed_array_holds_the_last_row_without_period():
    trace = _trace(TimedArray(rates=EYE), 15)
    assert np.array_equal(np.argmax(trace, axis=1), np.minimum(np.arange(15), 9))


def test_timed_array_list_schedule_matches_annarchy():
    # ANNarchy 4.8.2.7, rates = arange(12).reshape(4, 3), schedule=[2, 5, 9], period=12: r[:, 0] at steps 0..11
    annarchy_first_cycle = [0, 0, 0, 0, 0, 3, 3, 3, 3, 6, 6, 6]
    with pytest.warns(AnnlabWarning, match="3 times for 4 rows"):
        inp = TimedArray(rates=np.arange(12.0).reshape(4, 3), schedule=[2.0, 5.0, 9.0], period=12.0)
    assert inp.schedule == [2.0, 5.0, 9.0] and inp.period == 12.0
    with pytest.warns(AnnlabWarning, match="the last rows are never shown"):
        TimedArray(rates=np.arange(12.0).reshape(4, 3), schedule=[2.0, 5.0])
    trace = _trace(inp, 30)[:, 0]
    assert trace[:12].tolist() == annarchy_first_cycle
    # later cycles, from the first scheduled time of the cycle on, repeat the first one
    assert trace[14:24].tolist() == annarchy_first_cycle[2:12]


def test_timed_array_late_init_and_update_after_compile():
    inp = TimedArray(geometry=10)
    assert inp.rates is None
    inp.update(EYE, schedule=2.0)
    out = Population(10, READER)
    Projection(inp, out, "exc").connect_one_to_one(1.0)
    compile()
    simulate(5)  # rows 0, 0, 1, 1, 2
    new = 2 * np.eye(10)[::-1]
    inp.update(new, schedule=1.0)
    assert np.array_equal(inp.r, new[5])  # the row the new schedule holds at the next step
    simulate(6)
    assert np.array_equal(out.sum("exc"), new[9])  # sum of the last step reads the rates of step 9
    assert np.array_equal(inp.r, new[9]) and inp.rates.shape == (10, 10)
    annlab.reset()
    simulate(1)
    assert np.array_equal(inp.r, new[0])  # reset keeps the new rows and starts them again


def test_timed_array_geometry_and_setters():
    inp = TimedArray(rates=np.arange(8.0).reshape(2, 2, 2))
    assert inp.geometry == (2, 2) and inp.rates.shape == (2, 2, 2)
    compile()
    inp.rates = np.ones((2, 2, 2))
    simulate(1)
    assert np.array_equal(inp.r, np.ones((2, 2)))
    inp.period = 1.0
    assert inp.period == 1.0


def test_timed_array_errors():
    with pytest.raises(ValidationError, match="Give the rates"):
        TimedArray()
    with pytest.raises(ValidationError, match=r"shape \(rows, neurons...\)"):
        TimedArray(rates=[1.0, 2.0])
    with pytest.raises(ValidationError, match="Value must have shape"):
        TimedArray(geometry=3).update(np.ones((2, 4)))
    with pytest.raises(ValidationError, match="Times must increase"):
        TimedArray(rates=EYE[:3], schedule=[0.0, 5.0, 5.0])
    with pytest.raises(ValidationError, match="Has 3 times for 2 rows"):
        TimedArray(rates=EYE[:2], schedule=[0.0, 1.0, 2.0])
    with pytest.raises(ValidationError, match="greater than or equal to 0"):
        TimedArray(rates=EYE, schedule=-1.0)


# ---------------------------------------------------------------- parameters files
def _rate_network():
    neuron = Neuron(parameters="tau = 10.0 : population\nbaseline = 1.0", equations="r = baseline / tau")
    synapse = annlab.Synapse(parameters="eta = 0.5 : projection\nalpha = 2.0", equations="dw/dt = eta * pre.r")
    pre = Population(2, neuron, name="pre")
    post = Population(2, READER, name="post")
    Projection(pre, post, "exc", synapse, name="learn").connect_all_to_all(1.0)
    return pre, post


def test_save_parameters_writes_the_values_at_compile_time(tmp_path):
    pre, _ = _rate_network()
    pre.tau = 20.0  # before compile: part of the initial state
    Constant("gain", 3.0)
    compile()
    pre.tau = 99.0  # after compile: not saved, as in ANNarchy
    path = tmp_path / "params.json"
    save_parameters(path)
    saved = json.loads(path.read_text())
    assert saved == {"populations": {"pre": {"tau": 20.0}, "post": {}}, "projections": {"learn": {"eta": 0.5}},
                     "network": {}, "constants": {"gain": 3.0}}


def test_load_parameters_round_trip(tmp_path, capsys):
    pre, _ = _rate_network()
    compile()
    path = tmp_path / "params.json"
    save_parameters(path)
    description = json.loads(path.read_text())
    description["populations"]["pre"].update(tau=4.0, baseline=7.0)
    description["projections"]["learn"]["eta"] = 0.25
    description["network"] = {"trials": "12"}
    description["constants"] = {"gain": 2.0}
    path.write_text(json.dumps(description))
    assert load_parameters(path) == {"trials": 12.0}
    proj = annlab.get_projection("learn")
    assert pre.tau == 4.0 and proj.eta == 0.25 and float(annlab.core.constants._constants["gain"]) == 2.0
    assert np.array_equal(pre.baseline, [1.0, 1.0])  # per-neuron: only with global_only=False
    load_parameters(path, global_only=False, verbose=True)
    assert np.array_equal(pre.baseline, [7.0, 7.0])
    assert "tau : 4.0 -> 4.0" in capsys.readouterr().out
    description["populations"]["gone"] = {"tau": 1.0}
    path.write_text(json.dumps(description))
    with pytest.warns(AnnlabWarning, match="'gone', which is not in the network"):
        load_parameters(path)


def test_parameters_of_another_network(tmp_path):
    _rate_network()
    net = Network(everything=True)
    net.compile()
    net.get(annlab.get_population("pre")).tau = 3.0
    path = tmp_path / "p.json"
    save_parameters(path, net_id=net.id)
    json_text = json.loads(path.read_text())
    json_text["populations"]["pre"]["tau"] = 6.0
    path.write_text(json.dumps(json_text))
    load_parameters(path, net_id=net.id)
    assert net.get(annlab.get_population("pre")).tau == 6.0 and annlab.get_population("pre").tau == 10.0


def test_parameters_file_errors(tmp_path):
    with pytest.raises(ValidationError, match="Cannot read"):
        load_parameters(tmp_path / "missing.json")
    (tmp_path / "bad.json").write_text("{")
    with pytest.raises(ValidationError, match="is not a JSON file"):
        load_parameters(tmp_path / "bad.json")
    with pytest.raises(ValidationError, match="do its folders exist"):
        save_parameters(tmp_path / "no" / "such" / "p.json")


def test_load_parameter_xml(tmp_path):
    path = tmp_path / "p.xml"
    path.write_text("<root><parameter><name>n</name><value>3</value></parameter>"
                    "<parameter><name>tau</name><value>2.5</value></parameter>"
                    "<parameter><name>kind</name><value>fast</value></parameter></root>")
    with pytest.warns(DeprecationWarning, match="use load_parameters"):
        assert load_parameter(str(path)) == {"n": 3, "tau": 2.5, "kind": "fast"}
    path.write_text("<root><parameter><name>n</name></parameter></root>")
    with pytest.warns(DeprecationWarning), pytest.raises(ValidationError, match="needs a <name> and a <value>"):
        load_parameter(str(path))


# ---------------------------------------------------------------- spike analysis functions
SPIKES = {0: [2, 5, 9, 20], 1: [4, 12], 2: [], 3: [7, 8, 15, 30, 31]}


def test_module_spike_functions_match_annarchy():
    setup(dt=0.5)
    t, n = annlab.raster_plot(SPIKES)
    assert t.tolist() == [1.0, 2.5, 4.5, 10.0, 2.0, 6.0, 3.5, 4.0, 7.5, 15.0, 15.5]  # ANNarchy 4.8.2.7
    assert n.tolist() == [0, 0, 0, 0, 1, 1, 3, 3, 3, 3, 3]
    assert annlab.histogram(SPIKES, bins=2.0).tolist() == [3, 3, 1, 1, 1, 0, 0, 2]
    assert annlab.histogram(SPIKES, bins=2.0, per_neuron=True)[3].tolist() == [0, 2, 0, 1, 0, 0, 0, 2]
    assert annlab.histogram(SPIKES, bins=2.0, recording_window=(0, 40)).tolist() == [1, 3, 2, 2, 0, 1, 0, 2, 0,
                                                                                     0, 0]
    assert len(annlab.histogram(SPIKES)) == 30
    # 11 spikes / 4 neurons / (29 steps * 0.5 ms); duration is counted in steps, as in ANNarchy
    assert annlab.mean_fr(SPIKES) == pytest.approx(11 / 4 / (29 * 0.5) * 1000)
    assert annlab.mean_fr(SPIKES, duration=100) == pytest.approx(55.0)
    assert annlab.inter_spike_interval(SPIKES) == [1.5, 2.0, 5.5, 4.0, 0.5, 3.5, 7.5, 0.5]
    assert annlab.inter_spike_interval(SPIKES, ranks=[0, 1]) == [1.5, 2.0, 5.5, 4.0]
    assert annlab.inter_spike_interval(SPIKES, per_neuron=True) == {0: [1.5, 2.0, 5.5], 1: [4.0],
                                                                    3: [0.5, 3.5, 7.5, 0.5]}
    cv = annlab.coefficient_of_variation(SPIKES, per_neuron=True)
    assert list(cv) == [0, 3] and cv[0] == pytest.approx(np.std([1.5, 2.0, 5.5]) / np.mean([1.5, 2.0, 5.5]))
    assert annlab.coefficient_of_variation(SPIKES) == pytest.approx([0.5931710140017395, 0.9574271077563381])
    rate = annlab.population_rate(SPIKES)
    assert rate.size == 30 and rate[0] == 500.0 and rate[1] == 0.0  # 1 spike / 4 neurons / 0.5 ms
    smoothed = annlab.population_rate(SPIKES, smooth=2.0)
    assert smoothed[:4].tolist() == [500.0, 375.0, 406.25, 429.6875]  # ANNarchy 4.8.2.7


def test_module_smoothed_rate():
    setup(dt=0.5)
    spikes = {0: [0, 4, 10], 1: [3, 8]}
    rates = annlab.smoothed_rate(spikes)
    assert rates.shape == (2, 10)  # last - first spike steps, as ANNarchy
    assert rates[1].tolist() == [0, 0, 0, 400, 400, 400, 400, 400, 0, 0]  # 1000 / (5 steps * 0.5 ms)
    assert rates[0].tolist() == [500] * 4 + [1000 / 3] * 6
    smooth = annlab.smoothed_rate(spikes, smooth=1.0)
    assert smooth[1, 3] == pytest.approx(200.0) and smooth[1, 4] == pytest.approx(300.0)
    with pytest.raises(ValidationError, match="has no spike"):
        annlab.smoothed_rate({0: []})


def test_module_spike_functions_errors():
    with pytest.raises(ValidationError, match="The dictionary has no neuron"):
        annlab.mean_fr({})
    with pytest.raises(ValidationError, match="greater than 0 steps"):
        annlab.mean_fr({0: [3]})
    with pytest.raises(ValidationError, match="ends before it starts"):
        annlab.histogram({0: [3]}, recording_window=(5, 1))


def test_module_functions_on_a_monitor():
    pop = Population(20, IF_curr_exp)
    pop.i_offset = np.linspace(1.0, 3.0, 20)
    m = Monitor(pop, "spike")
    compile()
    simulate(200.0)
    spikes = m.get("spike")
    counts = sum(len(s) for s in spikes.values())
    first = min(s[0] for s in spikes.values() if s)
    last = max(s[-1] for s in spikes.values() if s)
    assert annlab.mean_fr(spikes) == pytest.approx(counts / 20 / (last - first) * 1000.0)
    assert annlab.histogram(spikes).sum() == counts


# ---------------------------------------------------------------- callbacks, settings, networks
def test_callbacks_switches():
    Population(1, Izhikevich)
    compile()
    calls = []

    @every(period=10.0)
    def count(n):
        calls.append((n, get_time()))

    assert callbacks_enabled()
    disable_callbacks()
    simulate(20.0)
    assert calls == [] and not callbacks_enabled()
    enable_callbacks()
    simulate(20.0, callbacks=False)
    assert calls == [] and callbacks_enabled()
    simulate(20.0)
    assert calls == [(4, 50.0), (5, 60.0)]
    clear_all_callbacks()
    simulate(20.0)
    assert len(calls) == 2


def test_every_offset_and_wait():
    Population(1, Izhikevich)
    compile()
    calls = []

    @every(period=10.0, offset=-2.0, wait=20.0)  # offset -2 -> 8 within the period, after 20 ms
    def count(n):
        calls.append(get_time())

    simulate(60.0)
    assert calls == [38.0, 48.0, 58.0]


def test_settings_and_standard_models():
    setup(dt=0.25)
    assert dt() == 0.25 and get_global_config("dt") == 0.25
    assert get_global_config("paradigm") == "openmp"
    with pytest.raises(UnknownNameError, match="unknown setting 'dtt'"):
        get_global_config("dtt")
    assert [m.__name__ for m in list_standard_neurons()][:3] == ["LeakyIntegrator", "Izhikevich", "IF_curr_exp"]
    assert [m.__name__ for m in list_standard_synapses()] == ["STP", "STDP", "Hebb", "Oja", "IBCM"]


def test_ignored_arguments_warn_once(warn_again):
    Population(1, Izhikevich)
    with pytest.warns(IgnoredArgumentWarning, match=r"compile\(directory=...\) has no effect"), \
            pytest.warns(IgnoredArgumentWarning, match=r"compile\(clean=...\) has no effect"):
        compile(directory="build", clean=True)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        annlab.magic_network()._compiled = None
        compile(directory="build")  # warned once per process
    with pytest.warns(IgnoredArgumentWarning, match=r"enable_learning\(period=...\)"):
        enable_learning(period=10.0)
    with pytest.warns(IgnoredArgumentWarning, match=r"setup\(paradigm=...\)"):
        setup(paradigm="cuda")
    with pytest.warns(IgnoredArgumentWarning, match=r"setup\(num_threads=...\)"):
        setup(num_threads=4)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        setup(paradigm="openmp", num_threads=1)  # what annlab does anyway
    with pytest.raises(ValidationError, match="compile.no_such: Unknown argument"):
        compile(no_such=1)


def test_net_ids():
    Population(1, Izhikevich)
    first, second = Network(everything=True), Network(everything=True)
    assert (annlab.magic_network().id, first.id, second.id) == (0, 1, 2)
    compile(net_id=second.id)
    simulate(5.0, net_id=second.id)
    assert get_time(net_id=second.id) == 5.0 and not first.compiled
    with pytest.raises(UnknownNameError, match="No network with id 7"):
        simulate(1.0, net_id=7)
    clear()
    assert Network().id == 1


def test_population_sum():
    inp = TimedArray(rates=np.array([[1.0, 2.0]]))
    out = Population(2, READER)
    Projection(inp, out, "exc").connect_all_to_all(0.5)
    assert np.array_equal(out.sum("exc"), [0.0, 0.0])
    compile()
    simulate(2.0)
    assert np.array_equal(out.sum("exc"), [1.5, 1.5]) and np.array_equal(out.sum("inh"), [0.0, 0.0])


# ---------------------------------------------------------------- report
def test_report_markdown_and_latex(tmp_path):
    Constant("mu", 0.2)
    neuron = Neuron(parameters="tau = 10.0 : population", equations="noise = Uniform(-0.1, 0.1)\n"
                                                                    "tau * dmp/dt + mp = sum(exc) + noise\nr = pos(mp)")
    pre = Population(3, neuron, name="pre")
    post = Population((2, 2), Izhikevich, name="post")
    inp = Population(3, IF_curr_exp, name="spk")
    Projection(pre, pre, "exc", annlab.Oja()).connect_all_to_all(0.5)
    Projection(inp, post, "exc", annlab.STDP()).connect_all_to_all(1.0)
    Monitor(pre, "r")
    report(tmp_path / "r.md", title="My net")
    md = (tmp_path / "r.md").read_text()
    assert "title: My net" in md and "| pre | 3 | Neuron 1 |" in md and "| post | 2x2 | Izhikevich |" in md
    assert r"\frac{d\mathrm{mp}}{dt}" not in md and r"\frac{dmp}{dt} = \frac{" in md
    assert r"\mathcal{U}(-0.1, 0.1)" in md and "| tau | 10 | per population |" in md
    report(tmp_path / "sub" / "r.tex")
    tex = (tmp_path / "sub" / "r.tex").read_text()
    assert tex.startswith(r"\documentclass") and tex.rstrip().endswith(r"\end{document}")
    assert r"\begin{align*}" in tex and "v_{thresh}" in tex
    report(tmp_path / "part.tex", standalone=False)
    assert r"\documentclass" not in (tmp_path / "part.tex").read_text()
    with pytest.raises(ValidationError, match="Must end with .tex or .md"):
        report(tmp_path / "r.txt")


@pytest.mark.parametrize("name", ["annlab.core.spike_functions", "annlab.core.parameters_io", "annlab.core.report",
                                  "annlab.core.callbacks", "annlab.core.net_ids", "annlab.core.inputs",
                                  "annlab.core.hybrid"])
def test_docstring_examples(name):
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0


# ---------------------------------------------------------------- other input populations
def test_input_array_keeps_what_the_script_sets():
    inp = annlab.InputArray(geometry=(2, 2))
    out = Population(4, READER)
    Projection(inp, out, "exc").connect_all_to_all(1.0)
    m = Monitor(inp, "r")
    compile()
    inp.r = [[1.0, 2.0], [3.0, 4.0]]
    simulate(3.0)
    assert np.array_equal(m.get("r")[-1], [1.0, 2.0, 3.0, 4.0]) and np.array_equal(out.sum("exc"), [10.0] * 4)
    with pytest.raises(ValidationError, match="Give the number of neurons"):
        annlab.InputArray()


def test_correlated_spike_trains_mu_sigma_match_annarchy():
    # ANNarchy 4.8.2.7's _rectify(rates, corr, tau) for these values
    pop = annlab.HomogeneousCorrelatedSpikeTrains(10, rates=10.0, corr=0.3, tau=10.0)
    assert (pop.mu, pop.sigma) == pytest.approx((4.982389574392355, 18.14188308547276))
    pop.rates = 30.0
    assert (pop.mu, pop.sigma) == pytest.approx((28.767797792644778, 23.381895555636092))
    pop.tau = 5.0
    assert (pop.mu, pop.sigma) == pytest.approx((23.542277371898983, 38.75435758044849))
    assert pop.rates == 30.0 and pop.corr == 0.3


def test_correlated_spike_trains_statistics():
    setup(dt=0.5, seed=4)
    independent = annlab.HomogeneousCorrelatedSpikeTrains(100, rates=20.0, corr=0.0, tau=10.0)
    correlated = annlab.HomogeneousCorrelatedSpikeTrains(100, rates=20.0, corr=0.5, tau=10.0)
    m1, m2 = Monitor(independent, "spike"), Monitor(correlated, "spike")
    compile()
    simulate(4000.0)
    # corr = 0: x stays at mu = rates, Poisson at 20 Hz (8000 spikes expected, sd ~ 90)
    assert independent.x == pytest.approx(20.0) and m1.mean_fr() == pytest.approx(20.0, abs=1.2)

    def mean_pair_correlation(monitor):
        spikes = monitor.get("spike")
        counts = np.array([np.bincount(np.asarray(spikes[k]) // 40, minlength=200)[:200] for k in range(100)])
        c = np.corrcoef(counts)
        return np.nanmean(c[np.triu_indices(100, 1)])

    assert abs(mean_pair_correlation(m1)) < 0.02 and mean_pair_correlation(m2) > 0.1


def test_correlated_spike_trains_schedule():
    setup(dt=1.0, seed=2)
    pop = annlab.HomogeneousCorrelatedSpikeTrains(200, rates=[5.0, 50.0], corr=0.0, tau=10.0, schedule=[0.0, 100.0],
                                                  period=200.0)
    m = Monitor(pop, "mu")
    compile()
    simulate(400.0)
    mu = np.ravel(m.get("mu"))
    assert mu[:100].tolist() == [5.0] * 100 and mu[100:200].tolist() == [50.0] * 100 and mu[200] == 5.0
    assert pop.schedule == [0.0, 100.0] and pop.rates == [5.0, 50.0]
    with pytest.raises(ValidationError, match="Times must start at 0"):
        annlab.HomogeneousCorrelatedSpikeTrains(2, rates=[5.0, 6.0], corr=0.1, tau=10.0, schedule=[10.0, 20.0])
    with pytest.raises(ValidationError, match="one entry per schedule time"):
        annlab.HomogeneousCorrelatedSpikeTrains(2, rates=[5.0], corr=0.1, tau=10.0, schedule=[0.0, 20.0])
    with pytest.raises(ValidationError, match="single numbers"):
        annlab.HomogeneousCorrelatedSpikeTrains(2, rates=[5.0, 6.0], corr=0.1, tau=10.0)
    with pytest.raises(ValidationError, match="corr between 0 and 1"):
        annlab.HomogeneousCorrelatedSpikeTrains(2, rates=5.0, corr=1.5, tau=10.0)


def test_spike2rate_window_and_isi():
    src = annlab.SpikeSourceArray(spike_times=[[2.0, 5.0, 6.0, 20.0], [10.0]])
    window = annlab.Spike2RatePopulation(src, window=5.0)
    isi = annlab.Spike2RatePopulation(src, mode="isi", cut=2.0)
    m_window, m_isi = Monitor(window, "r"), Monitor(isi, ["r", "support"])
    compile()
    simulate(30.0)
    # a spike of step s counts at steps s+1 .. s+1+window/dt: 1000 / 5 ms per spike
    counts = [0, 0, 0, 1, 1, 1, 2, 3, 3, 2, 2, 2, 1, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 0, 0, 0]
    assert m_window.get("r")[:, 0].tolist() == [200.0 * c for c in counts]
    recorded = m_isi.get(["r", "support"])
    support, rate = recorded["support"][:, 0], recorded["r"][:, 0]
    # last interval (steps) from the step after each spike; +1 per step after it, up to cut intervals; then 10000
    assert support[6:10].tolist() == [3.0, 1.0, 2.0, 10000.0] and support[21:].tolist() == [14.0] * 9
    assert rate[7] == 1000.0 and rate[25] == pytest.approx(1000.0 / 14)  # smooth = dt: no smoothing
    with pytest.raises(ValidationError, match="Must be a population of spiking neurons"):
        annlab.Spike2RatePopulation(Population(2, READER))
    with pytest.raises(ValidationError, match="'window' or 'isi'"):
        annlab.Spike2RatePopulation(src, mode="adaptive")
