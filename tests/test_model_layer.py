"""Populations, projections, monitors and inputs: values, structure and user errors."""
import subprocess
import sys
import warnings

import numpy as np
import pytest

from annlab import *  # noqa: F403
from annlab.errors import (AnnlabWarning, ConnectivityError, CompilationError, NetworkError, UnknownNameError,
                           ValidationError)


def test_model_layer_imports_no_engine_or_notebook_library():
    code = ("import sys, annlab.core.network, annlab.core.api, annlab.core.monitor, annlab.core.inputs, "
            "annlab.analysis; bad = [m for m in ('numba', 'bokeh', 'ipywidgets', 'ipyparallel', 'IPython') "
            "if m in sys.modules]; print(bad)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_importing_annlab_parses_nothing():
    """``import annlab`` imports neither sympy (equations are parsed when a model is defined) nor numba (when
    a network is compiled), nor pandas or scipy.optimize (sweeps and fits): it takes ~0.3 s, not ~0.8 s."""
    code = ("import sys, annlab; print([m for m in ('sympy', 'numba', 'pandas', 'scipy.optimize', 'annlab.sim') "
            "if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
    code = "import sys, annlab; annlab.Neuron(equations='dr/dt = -r'); print('sympy' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip() \
        == "True"


def test_population_values_before_and_after_compile():
    pop = Population((2, 3), Izhikevich, name="grid")
    assert pop.size == 6 and pop.v.shape == (2, 3) and np.all(pop.v == -65.0)
    pop.a = np.arange(6).reshape(2, 3)
    pop[0, 1].b = 0.5
    assert pop.rank_from_coordinates((1, 2)) == 5 and pop.coordinates_from_rank(5) == (1, 2)
    compile()
    assert pop.a.reshape(-1).tolist() == [0, 1, 2, 3, 4, 5]
    assert pop.b.reshape(-1)[1] == 0.5 and pop[0, 1].b == 0.5
    pop.v = Uniform(-70.0, -60.0)
    assert np.all((pop.v >= -70.0) & (pop.v < -60.0))
    pop[1:3].v = -50.0
    assert pop.v.reshape(-1)[1:3].tolist() == [-50.0, -50.0]


def test_population_wide_parameters():
    pop = Population(3, LeakyIntegrator)
    assert pop.tau == 10.0
    pop.tau = 5.0
    with pytest.raises(ValidationError, match="population-wide"):
        pop.tau = [1.0, 2.0, 3.0]
    with pytest.raises(ValidationError, match="cannot be set on a view"):
        pop[0:2].tau = 3.0


def test_population_errors():
    with pytest.raises(ValidationError, match=r"Population.geometry: Value must be greater than or equal to 1 \(got 0\)"):
        Population(0, Izhikevich)
    with pytest.raises(ValidationError, match="must be a Neuron"):
        Population(10, "Izhikevich")
    pop = Population(4, Izhikevich, name="p")
    with pytest.raises(ValidationError, match=r"p.v: Value must have 4 elements"):
        pop.v = [1.0, 2.0]
    with pytest.raises(AttributeError, match="did you mean 'v'"):
        pop.vv
    with pytest.raises(ValidationError, match="between 0 and 3"):
        pop[7]
    with pytest.raises(ValidationError, match="outside the geometry"):
        pop.rank_from_coordinates((5,))
    with pytest.raises(UnknownNameError, match="has no attribute 'x'"):
        pop.get("x")


def test_projection_errors():
    pre, post = PoissonPopulation(10, rates=5.0), Population(10, Izhikevich)
    with pytest.warns(AnnlabWarning, match="does not use the target 'exx'.*did you mean 'exc'"):
        Projection(pre, post, "exx")
    with pytest.raises(ValidationError, match="must be a Population"):
        Projection("pre", post, "exc")
    rate = Population(3, LeakyIntegrator)
    with pytest.raises(ValidationError, match="spike-based but the pre-synaptic population"):
        Projection(rate, post, "exc", synapse=STDP)
    proj = Projection(pre, post, "exc")
    with pytest.raises(ValidationError, match="probability: Value must be between 0 and 1"):
        proj.connect_fixed_probability(1.5, weights=1.0)
    with pytest.raises(ConnectivityError, match="same size"):
        Projection(pre, Population(3, Izhikevich), "exc").connect_one_to_one(1.0)
    with pytest.raises(NetworkError, match="only available after compile"):
        proj.nb_synapses
    with pytest.raises(AttributeError, match="has no attribute 'ww'"):
        proj.ww


def test_projection_without_connector_fails_at_compile():
    Projection(PoissonPopulation(5, rates=5.0), Population(5, Izhikevich), "exc", name="loose")
    with pytest.raises(CompilationError, match="'loose' has no connection pattern"):
        compile()


def test_projection_structure_after_compile():
    pre, post = PoissonPopulation(4, rates=5.0), Population(3, Izhikevich)
    proj = Projection(pre, post, "exc").connect_all_to_all(weights=Uniform(0.0, 1.0))
    compile()
    assert proj.nb_synapses == 12 and proj.post_ranks == [0, 1, 2]
    assert np.array(proj.w).shape == (3, 4)
    proj.w = 0.5
    assert proj.connectivity_matrix().tolist() == [[0.5] * 4] * 3
    assert proj.dendrite(1).pre_ranks == [0, 1, 2, 3] and proj.dendrite(1).size == 4
    assert list(proj.nb_synapses_per_dendrite()) == [4, 4, 4]


def test_dendrite_assignments_write_their_synapses_only():
    synapse = Synapse(parameters="""
        eta = 0.1 : projection
        theta = 1.0 : postsynaptic
    """, pre_spike="g_target += w")
    pre, post = PoissonPopulation(4, rates=5.0), Population(3, Izhikevich)
    proj = Projection(pre, post, "exc", synapse).connect_all_to_all(weights=0.5)
    compile()
    proj.dendrite(1).w = 2.0
    proj.dendrite(2).w = [1.0, 2.0, 3.0, 4.0]
    assert proj.connectivity_matrix().tolist() == [[0.5] * 4, [2.0] * 4, [1.0, 2.0, 3.0, 4.0]]
    assert proj.dendrite(2).w.tolist() == [1.0, 2.0, 3.0, 4.0]
    proj.dendrite(0).theta = 3.0
    assert proj.dendrite(0).theta == 3.0 and proj.dendrite(1).theta == 1.0
    with pytest.raises(ValidationError, match=r"proj\d+\.dendrite\(1\)\.w: Value must have 4 elements"):
        proj.dendrite(1).w = [1.0, 2.0]
    with pytest.raises(ValidationError, match=r"dendrite\(0\)\.eta: is projection-wide"):
        proj.dendrite(0).eta = 0.2
    with pytest.raises(ValidationError, match=r"dendrite\(0\)\.theta: is one value per post neuron"):
        proj.dendrite(0).theta = [1.0, 2.0]
    assert proj.connectivity_matrix()[1].tolist() == [2.0] * 4  # nothing lost by the failed assignments


def test_views_as_projection_ends_map_ranks():
    pre = SpikeSourceArray(spike_times=[[1.0], [], [], []])
    post = Population(6, Izhikevich)
    proj = Projection(pre[0:1], post[3:5], "exc").connect_all_to_all(weights=10.0)
    m = Monitor(post, "g_exc")
    compile()
    matrix = proj.connectivity_matrix()
    assert matrix.shape == (6, 4) and matrix[3, 0] == 10.0 and matrix[4, 0] == 10.0 and matrix.sum() == 20.0
    simulate(4.0)
    g = m.get("g_exc")
    assert g[2].tolist() == [0, 0, 0, 10.0, 10.0, 0]


def test_spike_source_array_and_its_errors():
    src = SpikeSourceArray(spike_times=[[2.0, 5.0], [3.0]])
    m = Monitor(src, "spike")
    compile()
    simulate(10.0)
    assert m.get("spike") == {0: [2, 5], 1: [3]}
    src.spike_times = [[12.0], []]
    simulate(5.0)
    assert m.get("spike") == {0: [12], 1: []}
    with pytest.raises(ValidationError, match="one list per neuron"):
        src.spike_times = [[1.0]]
    with pytest.raises(ValidationError, match=">= 0"):
        SpikeSourceArray(spike_times=[-1.0])


def test_poisson_statistics_match_reference():
    setup(seed=1)
    p1 = PoissonPopulation(1000, rates=20.0)
    p2 = PoissonPopulation(1000, rates="10.0 + 10.0*sin(2*pi*t/100.0)")
    m1, m2 = Monitor(p1, "spike"), Monitor(p2, "spike")
    compile()
    simulate(1000.0)
    rate = m1.mean_fr()
    assert abs(rate - 20.0) < 4 * 0.16 + 0.2                     # reference: 19.98 +- 0.16 over seeds
    counts = np.array([np.histogram(s, bins=10, range=(0, 1000))[0] for s in m1.get("spike").values()])
    assert abs(counts.var() / counts.mean() - 0.98) < 0.08        # pooled Fano factor, binomial theory 0.98
    t, n = m2.raster_plot()
    per_bin = np.histogram(t, bins=100, range=(0, 1000))[0] / (1000 * 0.01)
    expected = 10.0 + 10.0 * np.sin(2 * np.pi * (np.arange(100) * 10 + 4.5) / 100.0)
    assert np.corrcoef(per_bin, expected)[0, 1] > 0.9


def test_timed_array_follows_its_rows():
    inputs = TimedArray(rates=np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]]), schedule=2.0)
    m = Monitor(inputs, "r")
    compile()
    simulate(8.0)
    assert m.get("r")[:, 0].tolist() == [1, 1, 3, 3, 5, 5, 5, 5]


def test_timed_poisson_population_changes_rates():
    pop = TimedPoissonPopulation(500, rates=[0.0, 100.0], schedule=[0.0, 100.0])
    m = Monitor(pop, "spike")
    compile()
    simulate(200.0)
    t, _ = m.raster_plot()
    assert (t < 100).sum() == 0 and 4000 < (t >= 100).sum() < 6000
    with pytest.raises(ValidationError, match="one entry per schedule"):
        TimedPoissonPopulation(5, rates=[1.0], schedule=[0.0, 10.0])


def test_monitor_period_pause_resume_and_errors():
    pop = Population(2, Izhikevich)
    pop.i_offset = 10.0
    m = Monitor(pop, ["v", "spike"], period=2.0)
    compile()
    simulate(10.0)
    assert m.get("v", keep=True).shape == (5, 2)
    m.pause()
    simulate(10.0)
    m.resume()
    simulate(4.0)
    data = m.get()
    assert data["v"].shape == (7, 2) and set(data) == {"v", "spike"}
    assert m.get("v").shape == (0, 2)                       # get() cleared the data
    with pytest.raises(UnknownNameError, match="has no variable 'vv'.*did you mean 'v'"):
        Monitor(pop, "vv")
    with pytest.raises(ValidationError, match="period: Value must be greater than 0"):
        Monitor(pop, "v", period=0.0)
    with pytest.raises(UnknownNameError, match="does not record 'u'"):
        m.get("u")


def test_every_callback_and_progress(capsys):
    Population(1, Izhikevich)
    compile()
    calls = []

    @every(period=10.0)
    def record(n):
        calls.append((n, get_time()))

    simulate(35.0, measure_time=True)
    assert calls == [(0, 10.0), (1, 20.0), (2, 30.0)]
    assert "took" in capsys.readouterr().out


def test_save_load_and_reset(tmp_path):
    pop = Population(3, Izhikevich)
    pop.i_offset = 10.0
    compile()
    simulate(20.0)
    saved = pop.v.copy()
    save(tmp_path / "state.npz")
    simulate(20.0)
    load(tmp_path / "state.npz")
    assert np.array_equal(pop.v, saved) and get_time() == 20.0
    reset()
    assert get_time() == 0.0 and np.all(pop.v == -65.0)


def test_setup_errors():
    with pytest.raises(ValidationError, match="dt: Value must be greater than 0"):
        setup(dt=0)
    with pytest.raises(UnknownNameError, match="unknown setting 'sed'.*did you mean 'seed'"):
        setup(sed=1)
    with pytest.raises(ValidationError, match="Unknown numerical method"):
        setup(method="euler")


def test_distribution_errors():
    with pytest.raises(ValidationError, match="Uniform.max"):
        Uniform(1.0, 0.0)
    with pytest.raises(ValidationError, match="Normal.sigma"):
        Normal(0.0, -1.0)
    with pytest.raises(ValidationError, match="Binomial.p"):
        Binomial(3, 1.5)
    values = Normal(0.0, 1.0, min=-0.5, max=0.5).get_values(1000, np.random.default_rng(0))
    assert values.min() == -0.5 and values.max() == 0.5


def test_reprs_are_helpful():
    pop = Population(3, Izhikevich, name="exc")
    proj = Projection(PoissonPopulation(2, rates=1.0, name="in"), pop, "exc").connect_all_to_all(1.0)
    assert "exc" in repr(pop) and "not compiled" in repr(pop)
    assert "FixedProbability" not in repr(proj) and "AllToAll" in repr(proj)
    assert "Network(2 populations, 1 projections" in repr(Network(everything=True))
    assert "dv/dt" in repr(Izhikevich())


def test_constants_in_equations_change_after_compile():
    tau = Constant("tau_c", 10.0)
    leaky = Neuron(equations="tau_c * dv/dt = 1.0 - v : init = 0.0\nr = v")
    assert "tau_c" in leaky.ir.constants and "tau_c" not in Izhikevich().ir.attributes
    pop = Population(1, leaky)
    m = Monitor(pop, "v")
    compile()
    simulate(1.0)
    tau.set(5.0)                      # reaches the compiled network, no recompilation
    simulate(1.0)
    v = m.get("v")[:, 0]
    assert v[0] == pytest.approx(0.1) and v[1] == pytest.approx(0.1 + 0.9 / 5.0)
    assert float(tau) == 5.0 and tau * 2 == 10.0
    with pytest.raises(ValidationError, match="Constant.name"):
        Constant("2x", 1.0)
    with pytest.raises(ValidationError, match="Value must be a number"):
        tau.set("fast")


def test_remove_callback():
    Population(1, Izhikevich)
    net = Network(everything=True)
    net.compile()
    calls = []

    @net.every(period=2.0)
    def count(n):
        calls.append(n)

    net.simulate(4.0)
    net.remove_callback(count)
    net.simulate(4.0)
    assert calls == [0, 1]
    with pytest.raises(UnknownNameError, match="is not registered"):
        net.remove_callback(count)


def test_synapse_reading_a_missing_neuron_attribute():
    synapse = Synapse(pre_spike="g_target += w * post.uu")  # the Izhikevich neuron has u
    pre, post = PoissonPopulation(3, rates=1.0), Population(2, Izhikevich)
    with pytest.raises(ValidationError, match=r"uses 'post\.uu' but the post-synaptic neuron 'Izhikevich' has no "
                                              r"attribute 'uu'; did you mean 'post\.u'\?"):
        Projection(pre, post, "exc", synapse)


def test_synapse_reads_population_wide_attributes_and_cannot_write_them():
    neuron = Neuron(parameters="tau = 10.0 : population", equations="tau * dv/dt = -v + g_exc",
                    spike="v > 100.0", reset="v = 0.0")
    source = SpikeSourceArray(spike_times=[[1.0], [3.0]])
    post = Population(2, neuron)
    reader = Synapse(pre_spike="g_target += w * post.tau")
    Projection(source, post, "exc", reader).connect_all_to_all(weights=0.5)
    m = Monitor(post, "g_exc")
    compile()
    simulate(5.0)
    g = m.get("g_exc")
    assert g.max() == pytest.approx(0.5 * 10.0) and g[:, 0].sum() == pytest.approx(2 * 0.5 * 10.0)
    clear()
    source, post = SpikeSourceArray(spike_times=[[1.0]]), Population(2, neuron)
    writer = Synapse(pre_spike="""
        g_target += w
        post.tau += 1.0
    """)
    Projection(source, post, "exc", writer).connect_all_to_all(weights=0.5)
    with pytest.raises(CompilationError, match=r"writes 'post\.tau', which is population-wide in 'pop1'.*"
                                               r"\(synapse defined at .*test_model_layer\.py:\d+\)"):
        compile()


def test_precision_is_double_or_float():
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        setup(precision="float")  # simulated in float32 (tests/test_precision.py)
    with pytest.raises(ValidationError, match=r"setup\.precision: Value must be 'double' or 'float' \(got 'half'\)"):
        setup(precision="half")
