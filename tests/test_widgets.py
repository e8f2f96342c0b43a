"""Widgets without a browser: live raster, explorer, progress views, export."""
import subprocess
import sys

import numpy as np
import pytest

from annlab import (IF_cond_exp, Izhikevich, Monitor, Network, PoissonPopulation, Population, Projection,
                    UnknownNameError, ValidationError, setup)
from annlab.widgets import (Dropdown, Explorer, LiveRaster, ParallelRunView, Slider, StructuralParameterError,
                            export_data, live_parallel_run, recorded_data, save_figure, simulate_with_progress,
                            to_dataframe)


@pytest.fixture
def seed_net():
    """The seed network (Poisson -> Izhikevich), compiled, with spike and v monitors."""
    setup(seed=1)
    inp = PoissonPopulation(200, rates=20.0, name="inp")
    pop = Population(200, Izhikevich, name="pop")
    proj = Projection(inp, pop, "exc").connect_fixed_probability(weights=5.0, probability=0.2)
    m = Monitor(pop, ["spike", "v"], name="m")
    net = Network(everything=True, seed=11)
    net.compile()
    return net, inp, pop, proj, m


def _sent(widget):
    """Capture the comm messages a BokehModel sends to the browser."""
    messages = []
    widget.send = lambda content, buffers=None: messages.append(content)
    return messages


def test_model_layer_imports_no_notebook_library():
    code = ("import sys, annlab, annlab.magics; from annlab import *; clear(); p = Population(2, Izhikevich);"
            "print([m for m in ('bokeh', 'ipywidgets', 'IPython', 'jupyter_bokeh') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


# ---- live raster -----------------------------------------------------------------------------
def test_live_raster_streams_while_simulating(seed_net):
    net, _inp, pop, _proj, m = seed_net
    live = LiveRaster(net, m, period=50.0, min_interval=0.0, variable="v")
    messages = _sent(live.widget)
    pushes = []
    original = live._push
    live._push = lambda: (pushes.append(len(live.sources["spikes"].data["t"])), original())
    net.simulate(500.0)
    assert len(pushes) == 10                       # one per period: updates during the run
    assert pushes == sorted(pushes) and pushes[-1] > 0
    assert any(msg.get("msg") == "patch" for msg in messages)   # sent through the widget comm
    spikes = live.sources["spikes"].data
    t, n = net.get(m).raster_plot()
    assert len(spikes["t"]) == len(t) and sorted(spikes["t"]) == sorted(t.tolist())
    rate = live.sources["rate"].data
    assert len(rate["t"]) == 50 and abs(np.mean(rate["rate"]) - net.get(m).mean_fr()) < 1e-6
    trace = live.sources["trace"].data
    assert len(trace["t"]) == 500 and np.allclose(trace["value"], net.get(m).get("v", keep=True)[:, 0])


def test_records_since_gives_only_new_records_and_restarts_after_a_clear(seed_net):
    net, _inp, _pop, _proj, m = seed_net
    monitor = net.get(m)
    _, mark = monitor._records_since("spike")
    net.simulate(100.0)
    (steps, ranks), mark = monitor._records_since("spike", mark)
    recorded = monitor.get("spike", keep=True)
    assert sorted(zip(ranks.tolist(), steps.tolist())) == sorted((r, s) for r, ss in recorded.items() for s in ss)
    assert steps.size > 0 and np.all(np.diff(steps) >= 0)      # in time order
    rows, v_mark = monitor._records_since("v")
    net.simulate(100.0)
    (steps, _), mark = monitor._records_since("spike", mark)
    assert steps.min() >= 100 and steps.max() < 200            # only the second run
    more, v_mark = monitor._records_since("v", v_mark)
    assert rows.shape == more.shape == (100, 200)
    assert np.array_equal(np.vstack([rows, more]), monitor.get("v", keep=True))
    monitor.get("spike")                                       # keep=False: spikes cleared
    net.simulate(50.0)
    (steps, _), _ = monitor._records_since("spike", mark)    # a mark from before the clear: from the start
    assert steps.min() >= 200 and steps.size == sum(len(s) for s in monitor.get("spike", keep=True).values())
    latest, _ = monitor._records_since("v", v_mark)           # v was not cleared: only its new rows
    assert latest.shape == (50, 200)


def test_live_raster_bounded_redraw_rate(seed_net):
    net, *_rest, m = seed_net
    live = LiveRaster(net, m, period=1.0, min_interval=3600.0)
    calls = []
    original = live._push
    live._push = lambda: (calls.append(1), original())
    live.simulate(200.0)                # 200 callbacks, at most one push in flight + the final refresh
    assert len(calls) <= 2
    assert len(live.sources["spikes"].data["t"]) == len(net.get(m).raster_plot()[0])


def test_live_raster_subsamples_and_rolls_over():
    setup(seed=2)
    inp = PoissonPopulation(3000, rates=30.0)
    m = Monitor(inp, "spike")
    net = Network(everything=True, seed=1)
    net.compile()
    live = LiveRaster(net, m, period=20.0, max_neurons=150, window=100.0, max_points=500, min_interval=0.0)
    live.simulate(300.0)
    data = live.sources["spikes"].data
    assert 0 < len(set(data["n"])) <= 150 and len(data["t"]) <= 500
    assert min(data["t"]) > 100.0                               # older spikes rolled over
    assert len(live.sources["rate"].data["t"]) <= 100 / 10 + 2  # window of rate bins
    assert 25.0 < live.mean_rate() < 35.0                        # the rate counts every neuron


def test_live_raster_follows_reset_and_replaces_previous(seed_net):
    net, *_rest, m = seed_net
    first = LiveRaster(net, m, period=50.0, name="same")
    second = LiveRaster(net, m, period=50.0, name="same")
    assert not first._active and second._active
    net.simulate(200.0)
    assert len(first.sources["spikes"].data["t"]) == 0
    net.reset()
    second.simulate(100.0)
    assert max(second.sources["spikes"].data["t"]) < 100.0
    assert len(second.sources["rate"].data["t"]) == 10


def test_live_raster_errors(seed_net):
    net, inp, pop, _proj, m = seed_net
    with pytest.raises(UnknownNameError, match="records 'g_exc'"):
        LiveRaster(net, m, variable="g_exc")
    with pytest.raises(ValidationError, match="period"):
        LiveRaster(net, m, period=0.0)


def test_live_raster_mimebundle_is_a_widget(seed_net):
    net, *_rest, m = seed_net
    bundle = LiveRaster(net, m)._repr_mimebundle_()
    assert "application/vnd.jupyter.widget-view+json" in bundle


# ---- explorer --------------------------------------------------------------------------------
def test_explorer_slider_resimulates_without_recompiling(seed_net):
    net, inp, pop, proj, m = seed_net
    simulator = net._compiled
    explorer = Explorer(net, {"input rate": Slider(inp, "rates", 0.0, 40.0, step=1.0),
                              "weight": Slider(proj, "w", 0.0, 10.0),
                              "a": Dropdown(pop, "a", {"regular": 0.02, "fast": 0.1})}, duration=300.0)
    first = explorer.rates()["pop"]
    before = list(explorer.live.sources["spikes"].data["t"])
    sliders = explorer.widgets
    sliders["input rate"].value = 5.0          # as a user moving the slider
    assert explorer.runs == 2 and net._compiled is simulator
    assert explorer.rates()["pop"] < first
    assert list(explorer.live.sources["spikes"].data["t"]) != before
    assert net.get(inp).rates[0] == 5.0 and net.get_time() == 300.0
    sliders["input rate"].value = 20.0
    assert explorer.rates()["pop"] == first    # same values, same seed: same result
    explorer.set("a", 0.1)
    assert explorer.runs == 4 and np.all(net.get(pop).a == 0.1) and sliders["a"].value == 0.1
    assert "run 4" in explorer._summary.value


def test_explorer_refuses_structural_parameters(seed_net):
    net, inp, pop, proj, m = seed_net
    with pytest.raises(StructuralParameterError, match="size is structural"):
        Explorer(net, {"N": Slider(pop, "size", 10, 1000)})
    with pytest.raises(StructuralParameterError, match="'probability' is structural"):
        Explorer(net, {"p": Slider(proj, "probability", 0.0, 1.0)})
    with pytest.raises(UnknownNameError, match="did you mean 'tau'|did you mean 'a'|no parameter 'aa'"):
        Explorer(net, {"x": Slider(pop, "aa", 0.0, 1.0)})


def test_explorer_needs_compiled_network():
    pop = Population(10, Izhikevich)
    Monitor(pop, "spike")
    with pytest.raises(ValidationError, match="compiled"):
        Explorer(Network(everything=True), {"a": Slider(pop, "a", 0.0, 1.0)})


def test_explorer_callable_control_and_tuple_spec(seed_net):
    net, inp, pop, proj, m = seed_net
    seen = []
    explorer = Explorer(net, {"custom": Slider(lambda n, v: seen.append(v), value=1.0, min=0.0, max=2.0),
                              "i_offset": (pop, "i_offset", 0.0, 10.0)}, duration=50.0)
    assert seen == [1.0] and explorer.controls["i_offset"].kind == "slider"
    explorer.set("i_offset", 8.0)
    assert seen == [1.0, 1.0] and np.all(net.get(pop).i_offset == 8.0)


def test_explorer_error_is_shown_not_raised(seed_net):
    net, inp, *_rest = seed_net
    explorer = Explorer(net, {"boom": Slider(lambda n, v: 1 / 0 if v > 1 else None, value=0.0, min=0, max=2)},
                        duration=20.0)
    explorer.widgets["boom"].value = 2.0
    assert isinstance(explorer.error, ZeroDivisionError) and "ZeroDivisionError" in explorer._summary.value


def test_coba_explorer_small_network_is_fast():
    setup(seed=3)
    coba = IF_cond_exp(v_rest=-49.0, tau_m=20.0, tau_refrac=5.0, v_thresh=-50.0, v_reset=-60.0,
                       e_rev_E=0.0, e_rev_I=-80.0)
    pop = Population(400, coba)
    pop.v = -55.0
    exc, inh = pop[:320], pop[320:]
    Projection(exc, pop, "exc").connect_fixed_probability(weights=0.6, probability=0.02)
    proj_i = Projection(inh, pop, "inh").connect_fixed_probability(weights=6.7, probability=0.02)
    Monitor(pop, "spike")
    net = Network(everything=True, seed=5)
    net.compile()
    explorer = Explorer(net, {"w_inh": Slider(proj_i, "w", 0.0, 15.0)}, duration=200.0)
    base = explorer.rates()[pop.name]
    explorer.set("w_inh", 0.0)
    assert explorer.rates()[pop.name] > base


# ---- progress --------------------------------------------------------------------------------
def test_simulate_with_progress_bar(seed_net, capsys):
    net, *_rest, m = seed_net
    simulate_with_progress(net, 100.0, progress=True)
    assert "simulate" in capsys.readouterr().err and net.get_time() == 100.0
    simulate_with_progress(net, 100.0)                      # short: no bar
    assert capsys.readouterr().err == ""


def test_parallel_run_view_fills_in(seed_net):
    net, inp, pop, proj, m = seed_net

    def run(idx, net, rate):
        net.get(inp).rates = rate
        net.simulate(200.0)
        return {"rate": net.get(m).mean_fr()}

    results, view = live_parallel_run(run, networks=[net, net, net], rate=[0.0, 10.0, 20.0], sequential=True,
                                      display=False, summary=lambda r: f"{r['rate']:.2f} Hz")
    assert view.finished == 3 and view.order == [0, 1, 2] and results[0]["rate"] == 0.0
    html = view.table_html()
    assert "rate=20" in html and "0.00 Hz" in html
    assert view.widget.children[0].value == 3


def test_parallel_run_view_updates_widget_as_results_arrive():
    view = ParallelRunView(3, labels=["a", "b", "c"])
    bar, table = view.widget.children
    view(2, 1.5)
    assert bar.value == 1 and "1 of 3" in table.value and "1.5" in table.value
    view(0, 0.5)
    assert bar.value == 2 and table.value.index(">a<") < table.value.index(">c<")


# ---- export ----------------------------------------------------------------------------------
def test_export_figures(seed_net, tmp_path):
    net, *_rest, m = seed_net
    live = LiveRaster(net, m, period=100.0, variable="v")
    live.simulate(200.0)
    save_figure(live, tmp_path / "raster.html")
    text = (tmp_path / "raster.html").read_text()
    assert "raster_spikes" in text and "cdn.bokeh.org" not in text  # inline BokehJS, data embedded
    save_figure(live, tmp_path / "raster.png")
    assert (tmp_path / "raster.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    save_figure(live.layout, tmp_path / "raster.svg")
    assert "<svg" in (tmp_path / "raster.svg").read_text()
    from matplotlib.figure import Figure
    figure = Figure()
    figure.subplots().plot([0, 1], [1, 0])
    save_figure(figure, tmp_path / "mpl.html")
    assert "data:image/png;base64" in (tmp_path / "mpl.html").read_text()
    with pytest.raises(ValidationError, match="extension"):
        save_figure(live, tmp_path / "raster.pdf")


def test_export_data_npz_and_hdf5(seed_net, tmp_path):
    net, *_rest, m = seed_net
    net.simulate(100.0)
    data = recorded_data(m, net=net)
    assert set(data) == {"m/spike_t", "m/spike_rank", "m/v", "m/t"} and data["m/v"].shape == (100, 200)
    export_data(net, tmp_path / "run.npz")
    with np.load(tmp_path / "run.npz") as saved:
        assert np.array_equal(saved["m/spike_t"], data["m/spike_t"])
    h5py = pytest.importorskip("h5py")
    export_data(net, tmp_path / "run.h5")
    with h5py.File(tmp_path / "run.h5") as saved:
        assert np.array_equal(saved["m/v"][()], data["m/v"])
    assert len(net.get(m).raster_plot()[0]) == len(data["m/spike_t"])   # data kept in the monitor
    with pytest.raises(ValidationError, match="npz"):
        export_data(net, tmp_path / "run.csv")


def test_to_dataframe(seed_net):
    net, *_rest, m = seed_net
    pytest.importorskip("pandas", reason="pandas is not installed: to_dataframe() is optional")
    net.simulate(50.0)
    frames = to_dataframe(net)
    assert list(frames["m/spike"].columns) == ["t", "rank"] and frames["m/v"].shape == (50, 200)


def test_to_dataframe_without_pandas_says_so(seed_net, monkeypatch):
    net, *_rest = seed_net
    monkeypatch.setitem(sys.modules, "pandas", None)
    net.simulate(10.0)
    with pytest.raises(ImportError, match="pip install pandas"):
        to_dataframe(net)



def test_live_raster_resync_sends_the_full_state(seed_net):
    net, *_rest, m = seed_net
    live = LiveRaster(net, m, period=50.0)
    empty = live.widget.render_bundle
    live.simulate(100.0)
    live.resync()
    assert live.widget.render_bundle != empty and "render_items" in live.widget.render_bundle


def test_browser_echoes_of_the_data_are_ignored(seed_net):
    """The browser sends streams and resets back; applying them would duplicate the data."""
    net, *_rest, m = seed_net
    live = LiveRaster(net, m, period=50.0)
    widget = live.widget
    live.simulate(100.0)
    count = len(live.sources["spikes"].data["t"])
    source_id = live.sources["spikes"].id
    echo = {"event": "jsevent", "kind": "ColumnsStreamed", "model": {"id": source_id}, "attr": "data",
            "data": {"type": "map", "entries": [["t", [1.0]], ["n", [0]]]}, "rollover": None}
    widget._handle_custom_msg(echo, [])
    assert len(live.sources["spikes"].data["t"]) == count
    x_range = live.layout.children[0].x_range
    widget._handle_custom_msg({"event": "jsevent", "kind": "ModelChanged", "model": {"id": x_range.id},
                               "attr": "start", "new": 12.5}, [])
    assert x_range.start == 12.5                  # other browser events still apply


def test_explorer_runs_never_overlap(seed_net):
    import threading
    net, inp, *_rest = seed_net
    explorer = Explorer(net, {"rate": Slider(inp, "rates", 0.0, 40.0)}, duration=100.0, run=False)
    started, release = threading.Event(), threading.Event()
    calls = []
    original = explorer._run_once

    def slow():
        calls.append(explorer.controls["rate"].value)
        started.set()
        release.wait(5)
        original()
    explorer._run_once = slow
    worker = threading.Thread(target=explorer.run)
    worker.start()
    started.wait(5)
    explorer.controls["rate"].value = 30.0
    explorer.run()                     # a change during the run: returns at once...
    release.set()
    worker.join(10)
    assert calls == [20.0, 30.0]       # ...and the run goes again with the latest value


def test_live_sweep_colours_each_point_by_the_mean_over_its_seeds(seed_net):
    from annlab import ValidationError, sweep
    from annlab.widgets import SweepView, live_sweep

    net, pop1, _, _, m = seed_net

    def run(idx, net, rate):
        net.get(pop1).rates = rate
        net.simulate(200.0)
        return {"fr": net.get(m).mean_fr()}

    grid = {"rate": [0.0, 10.0, 30.0]}
    frame, view = live_sweep(run, "fr", grid=grid, seeds=[1, 2], network=net, cache=False, chunk=1, display=False)
    plain = sweep(run, grid=grid, seeds=[1, 2], network=net, cache=False, progress=False)
    assert frame.fr.tolist() == plain.fr.tolist() and not frame.attrs["cancelled"]
    means = plain.groupby("rate").fr.mean().tolist()
    assert view.cells.data["mean"] == means and view.cells.data["n"] == [2, 2, 2]
    assert view.colors.low == min(means) and view.colors.high == max(means)
    assert view.status == "done: 3 of 3 points" and view.y is None  # one parameter: a curve
    # in the foreground no click reaches the kernel while the cell runs: no Cancel button, a hint instead
    assert "interrupt the kernel" in view.widget.children[0].children[2].value
    with pytest.raises(ValidationError, match=r"live_sweep.x: 'w' is not a parameter of the points \(they set rate\)"):
        SweepView([{"rate": 1.0}], "fr", x="w")


def test_live_sweep_in_the_background_can_be_cancelled_and_reports_failures(seed_net):
    import time as clock

    from annlab.widgets import live_sweep

    net = seed_net[0]

    def slow(idx, net, rate):
        clock.sleep(0.05)
        return rate

    _, view = live_sweep(slow, "result", grid={"rate": [float(k) for k in range(40)]}, network=net, cache=False,
                         chunk=2, mode="sequential", display=False, background=True)
    while view.finished < 4:
        clock.sleep(0.01)
    assert view.widget.children[0].children[2].description == "Cancel"
    view.cancel()
    frame = view.result(timeout=30)
    assert frame.attrs["cancelled"] and 4 <= len(frame) < 40 and view.status.startswith("cancelled after")
    assert frame.result.tolist() == [float(k) for k in range(len(frame))]

    def broken(idx, net, rate):
        return {"other": rate}

    _, view = live_sweep(broken, "fr", grid={"rate": [1.0]}, network=net, cache=False, display=False,
                         background=True)
    with pytest.raises(KeyError, match="fr"):
        view.result(timeout=30)
    assert view.status.startswith("failed after 0 of 1 points: KeyError")


def test_live_fit_plots_every_run_and_can_be_cancelled_in_the_background(seed_net):
    import time as clock

    from annlab.widgets import live_fit

    net, pop1, _, _, m = seed_net

    def rate(idx, net, input_rate):
        net.get(pop1).rates = input_rate
        net.simulate(100.0)
        return net.get(m).mean_fr()

    result, view = live_fit(rate, {"input_rate": (0.0, 40.0)}, objective=lambda fr: (fr - 5.0) ** 2,
                            optimizer="nelder-mead", trials=10, seed=1, network=net, cache=False, display=False)
    assert view.runs.data["trial"] == result.history.trial.tolist()
    assert view.best.data["best"] == sorted(view.best.data["best"], reverse=True)  # never gets worse
    assert view.status.startswith("done: best")

    def slow(idx, net, input_rate):
        clock.sleep(0.05)
        return input_rate

    _, view = live_fit(slow, {"input_rate": (0.0, 40.0)}, optimizer="optuna", batch=2, trials=200, seed=1,
                       network=net, cache=False, display=False, background=True)
    while view.evaluated < 4:
        clock.sleep(0.01)
    view.cancel()
    stopped = view.result(timeout=60)
    assert 4 <= stopped.history.trial.nunique() < 200 and view.status.startswith("cancelled after")
