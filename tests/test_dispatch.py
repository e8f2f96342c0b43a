"""parallel_run(mode='auto'): batch here or engines, from the networks' sizes and the engines' costs."""
import numpy as np
import pytest

import annlab
from annlab import Izhikevich, Population, Projection, parallel_run
from annlab.core.connectors import AllToAll, FixedNumberPost, FixedNumberPre, FixedProbability, OneToOne
from annlab.dispatch import DEFAULT_STARTUP_S, choose, copy_compile_s, network_size
from conftest import seed_network


def test_small_copies_run_here_and_say_why():
    choice = choose(copies=64, neurons=200, synapses=2000.0, cores=2)
    assert choice.mode == "batch"
    assert choice.reason.startswith("64 copies x ~1.") and f"starting engines takes ~{DEFAULT_STARTUP_S:.2g} s" \
        in choice.reason
    # even with engines running, a thousand small copies cost more to send than to compile here
    assert choose(copies=1000, neurons=200, synapses=2000.0, cores=2, engines=2, latency_s=0.005).mode == "batch"


def test_heavy_copies_go_to_running_engines_not_to_ones_that_would_have_to_start():
    heavy = dict(copies=8, neurons=16000, synapses=1.28e6, cores=2)
    running = choose(**heavy, engines=2, latency_s=0.005)
    assert running.mode == "engines" and "on 2 engines against" in running.reason
    assert choose(**heavy, engines=None, startup_s=9.0).mode == "batch"  # 9 s of start-up for ~0.2 s saved
    assert choose(**heavy, engines=None, startup_s=0.01, latency_s=0.005).mode == "engines"  # started at once
    assert choose(**heavy, engines=1, latency_s=0.005).mode == "batch"  # one engine shares nothing out


def test_the_compile_estimate_grows_with_synapses_and_neurons():
    assert copy_compile_s(200, 2000.0) == pytest.approx(1.18e-3, rel=0.01)
    assert copy_compile_s(16000, 1.28e6) > 50 * copy_compile_s(200, 2000.0)


def test_connectors_expect_about_the_synapses_they_draw():
    pre, post = Population(300, Izhikevich), Population(200, Izhikevich)
    cases = [(AllToAll(weights=1.0), 300 * 200), (OneToOne(weights=1.0), 200),
             (FixedProbability(0.1, weights=1.0), 6000), (FixedNumberPre(7, weights=1.0), 7 * 200),
             (FixedNumberPost(5, weights=1.0), 5 * 300)]
    for connector, expected in cases:
        assert connector.expected_synapses(pre.size, post.size) == expected
    proj = Projection(pre, post, "exc").connect_fixed_probability(0.1, weights=1.0)
    net = annlab.Network(everything=True, seed=3)
    net.compile()
    drawn = net.get(proj).nb_synapses
    assert abs(drawn - 6000) < 5 * np.sqrt(6000)  # a binomial draw around the expectation
    assert network_size(net) == (500, 6000.0)


def test_auto_runs_the_seed_sweep_here(capsys):
    seed_network()
    parallel_run(lambda idx, net: net.simulate(10.0), number=3, measure_time=True, progress=False)
    out = capsys.readouterr().out
    assert "(mode 'batch': 3 copies x ~1." in out and "ms of compile each" in out


def test_the_measured_start_up_of_a_local_cluster_is_kept_for_later_processes(monkeypatch, tmp_path):
    import annlab.parallel as parallel

    monkeypatch.setenv("ANNLAB_CACHE_DIR", str(tmp_path))
    monkeypatch.setitem(parallel._local, "startup_s", None)
    assert parallel._startup() is None  # never measured here: the default estimate
    parallel._save_startup(0.01)
    monkeypatch.setitem(parallel._local, "startup_s", None)  # as in a new process
    assert parallel._startup() == 0.01 and (tmp_path / "local_cluster.json").exists()
    heavy = annlab.Network()
    heavy.add(Population(16000, Izhikevich))
    assert parallel._auto([heavy] * 8, -1).reason.endswith("starting engines takes ~0.01 s)")
