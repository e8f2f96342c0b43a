"""Saved network state: every container, exact continuation, checks before anything changes."""
import gzip

import numpy as np
import pytest
import scipy.io

from annlab import (STDP, Izhikevich, Monitor, Network, PoissonPopulation, Population, Projection, StateFileError,
                    Neuron, UnknownNameError,
                    Uniform, clear, setup)


def _network(seed=5, size=40):
    """Poisson input -> Izhikevich through STDP (traces, delays): state that decides the future."""
    clear()
    setup(dt=0.5, seed=seed)
    source = PoissonPopulation(30, rates=40.0, name="source")
    cells = Population(size, Izhikevich, name="cells")
    cells.i_offset = 5.0                                   # near threshold: the input decides the spikes
    proj = Projection(source, cells, "exc", synapse=STDP, name="plastic")
    proj.connect_fixed_probability(0.4, weights=Uniform(0.5, 1.0), delays=2.0)
    monitor = Monitor(cells, ["spike", "v"])
    net = Network(everything=True)
    net.compile()
    return net, net.get(cells), net.get(proj), net.get(monitor)


def _synapses(proj):
    """The synapses and their weights as a matrix (-1 where there is none)."""
    return proj.connectivity_matrix(fill=-1.0)


@pytest.mark.parametrize("ending", [".npz", ".data", ".txt.gz", ""])
def test_a_loaded_state_continues_exactly_as_the_run_it_was_saved_from(tmp_path, ending):
    net, cells, proj, monitor = _network()
    net.simulate(60.0)
    path = tmp_path / f"state{ending}"
    net.save(path)
    monitor.get()
    net.simulate(60.0)
    uninterrupted = monitor.get()
    weights = _synapses(proj)
    assert sum(map(len, uninterrupted["spike"].values())) > 20
    net.simulate(25.0)                                     # wander off, then come back
    proj.w = 0.0
    net.load(path)
    assert net.get_time() == 60.0
    monitor.get()
    net.simulate(60.0)
    continued = monitor.get()
    assert continued["spike"] == uninterrupted["spike"]
    np.testing.assert_array_equal(continued["v"], uninterrupted["v"])
    np.testing.assert_array_equal(_synapses(proj), weights)


def test_containers_follow_the_file_name(tmp_path):
    net, *_ = _network()
    for ending in (".npz", ".data", ".txt.gz"):
        net.save(tmp_path / f"s{ending}")
    assert (tmp_path / "s.npz").read_bytes()[:2] == b"PK"
    assert (tmp_path / "s.data").read_bytes()[:2] == b"PK"
    assert gzip.decompress((tmp_path / "s.txt.gz").read_bytes())[:2] == b"PK"
    assert not list(tmp_path.glob(".annlab-save-*"))      # written through a temporary file, then renamed


def test_mat_files_hold_the_values_for_other_tools_and_cannot_be_loaded(tmp_path):
    net, cells, proj, _ = _network()
    net.simulate(10.0)
    net.save(tmp_path / "state.mat")
    saved = scipy.io.loadmat(tmp_path / "state.mat", squeeze_me=True)
    np.testing.assert_array_equal(saved["cells"]["v"].item(), cells.v)
    np.testing.assert_array_equal(saved["plastic"]["w"].item(), np.concatenate(proj.w))
    with pytest.raises(StateFileError, match=r"'.mat' files are written for analysis in other tools and cannot "
                                             r"be loaded \(as in ANNarchy\)"):
        net.load(tmp_path / "state.mat")


def test_synapses_drawn_differently_are_replaced_by_the_files(tmp_path):
    net, _, proj, _ = _network(seed=5)
    proj.w = np.linspace(0.0, 1.0, proj.nb_synapses)
    saved = _synapses(proj)
    net.save(tmp_path / "state.npz")
    other, _, other_proj, _ = _network(seed=6)
    assert not np.array_equal(_synapses(other_proj) >= 0, saved >= 0)
    other.load(tmp_path / "state.npz")
    np.testing.assert_array_equal(_synapses(other_proj), saved)


def test_a_file_that_does_not_fit_changes_nothing(tmp_path):
    small, *_ = _network(size=1)
    small.save(tmp_path / "small.npz")
    net, cells, proj, _ = _network(size=40)
    net.simulate(10.0)
    v, w = cells.v.copy(), _synapses(proj)
    with pytest.raises(StateFileError, match="population 'cells' has 40 neurons, the saved state holds 1"):
        net.load(tmp_path / "small.npz")
    assert net.get_time() == 10.0
    np.testing.assert_array_equal(cells.v, v)
    np.testing.assert_array_equal(_synapses(proj), w)


def test_truncated_foreign_and_missing_files_are_named(tmp_path):
    net, cells, *_ = _network()
    net.save(tmp_path / "state.npz")
    data = (tmp_path / "state.npz").read_bytes()
    (tmp_path / "truncated.npz").write_bytes(data[: len(data) // 2])
    with pytest.raises(StateFileError, match="the file is truncated, corrupted or not an annlab state file"):
        net.load(tmp_path / "truncated.npz")
    np.savez(tmp_path / "foreign.npz", v=np.zeros(40))
    with pytest.raises(StateFileError, match="not an annlab state file"):
        net.load(tmp_path / "foreign.npz")
    with pytest.raises(StateFileError, match="no such file"):
        net.load(tmp_path / "absent.npz")


def test_objects_must_match_by_name(tmp_path):
    net, *_ = _network()
    net.save(tmp_path / "state.npz")
    clear()
    setup(dt=0.5)
    other = Network()
    other.add(Population(40, Izhikevich, name="others"))
    other.compile()
    with pytest.raises(StateFileError, match=r"the saved state has no population named \['others'\]"):
        other.load(tmp_path / "state.npz")
    clear()
    twins = Network()
    twins.add([Population(2, Izhikevich, name="twin"), Population(2, Izhikevich, name="twin")])
    twins.compile()
    with pytest.raises(StateFileError, match="two populations of the network are named 'twin'"):
        twins.save(tmp_path / "twins.npz")


def test_projection_and_population_files(tmp_path):
    net, cells, proj, _ = _network()
    net.simulate(20.0)
    w, v = _synapses(proj), cells.v.copy()
    proj.save(tmp_path / "proj.txt.gz")
    cells.save(tmp_path / "cells.npz")
    net.simulate(20.0)
    proj.w = 0.0
    proj.load(tmp_path / "proj.txt.gz")
    cells.load(tmp_path / "cells.npz")
    np.testing.assert_array_equal(_synapses(proj), w)
    np.testing.assert_array_equal(cells.v, v)
    assert net.get_time() == 40.0                         # an object's file leaves time alone
    with pytest.raises(StateFileError, match="the saved state has no projection named"):
        proj.load(tmp_path / "cells.npz")


def test_store_and_restore_named_states_in_memory():
    net, cells, proj, monitor = _network()
    net.simulate(30.0)
    net.store("early")
    net.simulate(30.0)
    net.store("late")
    monitor.get()
    net.simulate(40.0)
    after_late = monitor.get()
    net.restore("early")
    assert net.get_time() == 30.0 and net.snapshots == ["early", "late"]
    net.restore("late")
    net.simulate(40.0)
    again = monitor.get()
    assert sum(map(len, after_late["spike"].values())) > 10
    assert again["spike"] == after_late["spike"]
    np.testing.assert_array_equal(again["v"], after_late["v"])
    with pytest.raises(UnknownNameError, match=r"no state stored as 'erly'; did you mean 'early'\? "
                                               r"\(stored: \['early', 'late'\]\)"):
        net.restore("erly")


def test_a_stored_state_is_checked_before_it_is_restored():
    net, cells, proj, _ = _network()
    net.store()
    net.simulate(10.0)
    _, meta = net._snapshots["default"]
    meta["populations"]["cells"]["size"] = 3                 # as if the state came from another network
    v = cells.v.copy()
    with pytest.raises(StateFileError, match=r"restore\('default'\): population 'cells' has 40 neurons, the "
                                             r"saved state holds 3"):
        net.restore()
    np.testing.assert_array_equal(cells.v, v)
    assert net.get_time() == 10.0


def test_a_model_with_other_attributes_is_named(tmp_path):
    clear()
    izhikevich = Network()
    izhikevich.add(Population(40, Izhikevich, name="cells"))
    izhikevich.compile()
    izhikevich.save(tmp_path / "state.npz")
    lif = Network()
    lif.add(Population(40, Neuron(parameters="tau = 10.0", equations="tau * dv/dt = -v", spike="v > 1",
                                  reset="v = 0"), name="cells"))
    lif.compile()
    with pytest.raises(StateFileError, match=r"population 'cells' does not have the attributes of the saved one "
                                             r"\(neuron 'Izhikevich'\); missing in the saved state: \['tau'\]"):
        lif.load(tmp_path / "state.npz")


def test_a_projection_between_other_populations_is_named(tmp_path):
    clear()
    setup(dt=1.0)
    a, b = Population(5, Izhikevich, name="a"), Population(5, Izhikevich, name="b")
    Projection(a, b, "exc", name="link").connect_all_to_all(1.0)
    saved = Network(everything=True)
    saved.compile()
    saved.save(tmp_path / "state.npz")
    clear()
    a, b = Population(5, Izhikevich, name="a"), Population(5, Izhikevich, name="b")
    Projection(b, a, "inh", name="link").connect_all_to_all(1.0)
    other = Network(everything=True)
    other.compile()
    with pytest.raises(StateFileError, match=r"projection 'link' connects 'b' to 'a' \(target 'inh'\), the saved one "
                                             r"'a' to 'b' \(target 'exc'\)"):
        other.load(tmp_path / "state.npz")


def test_the_spikes_counted_by_compute_firing_rate_are_saved(tmp_path):
    def network():
        clear()
        setup(dt=0.5, seed=8)
        noise = PoissonPopulation(40, rates=60.0, name="noise")
        monitor = Monitor(noise, "r")
        net = Network(everything=True)
        net.compile()
        return net, net.get(noise), net.get(monitor)

    net, noise, monitor = network()
    noise.compute_firing_rate(7.0)                        # 14 steps: 1000/(1000/7) is not exactly 7
    net.simulate(30.0)
    net.save(tmp_path / "rates.npz")
    monitor.get()
    net.simulate(20.0)
    expected = monitor.get("r")
    assert expected.any()
    fresh, fresh_noise, fresh_monitor = network()          # r not computed yet: the load turns it on
    fresh.load(tmp_path / "rates.npz")
    fresh.simulate(20.0)
    np.testing.assert_array_equal(fresh_monitor.get("r")[-40:], expected)
    other, other_noise, _ = network()
    other_noise.compute_firing_rate(3.0)
    with pytest.raises(StateFileError, match=r"population 'noise' computes r over 6 steps, the saved one over 14"):
        other.load(tmp_path / "rates.npz")


def test_other_mismatches_and_ignored_arguments_are_named(tmp_path):
    import json
    import warnings
    from annlab.errors import IgnoredArgumentWarning
    net, cells, proj, _ = _network()
    net.save(tmp_path / "state.npz")
    with np.load(tmp_path / "state.npz") as data:
        arrays = {key: data[key] for key in data.files}
    meta = json.loads(str(arrays["meta"]))
    for change, message in (({"version": 99}, r"written by a newer annlab \(.*, format 99\); this annlab reads format 1"),
                            ({"dt": 0.1}, r"saved with dt = 0.1 ms, the network runs with dt = 0.5 ms")):
        np.savez(tmp_path / "changed.npz", **dict(arrays, meta=np.array(json.dumps(dict(meta, **change)))))
        with pytest.raises(StateFileError, match=message):
            net.load(tmp_path / "changed.npz")
    clear()
    setup(dt=0.5)
    alone = Network()
    alone.add([PoissonPopulation(30, rates=40.0, name="source"), Population(40, Izhikevich, name="cells")])
    alone.compile()
    with pytest.raises(StateFileError, match=r"the saved state holds projections this network does not have: "
                                             r"\['plastic'\]"):
        alone.load(tmp_path / "state.npz")
    with warnings.catch_warnings():
        warnings.simplefilter("error", IgnoredArgumentWarning)
        with pytest.raises(IgnoredArgumentWarning, match=r"Network.load\(pickle_encoding=...\) has no effect"):
            net.load(tmp_path / "state.npz", pickle_encoding="latin1")
        with pytest.raises(IgnoredArgumentWarning, match=r"Projection.load\(pickle_encoding=...\) has no effect"):
            proj.load(tmp_path / "state.npz", pickle_encoding="latin1")


def test_rate_coded_inputs_round_trip(tmp_path):
    """Rows of rate-coded inputs (sum(exc), saved as _sum_exc) are state like any other."""
    clear()
    setup(dt=1.0)
    source = Population(2, Neuron(parameters="r = 1.0"), name="source")
    reader = Population(2, Neuron(equations="r = sum(exc)"), name="reader")
    Projection(source, reader, "exc", name="feed").connect_all_to_all(2.0)
    net = Network(everything=True)
    net.compile()
    net.simulate(3.0)
    net.save(tmp_path / "rate.mat")
    net.save(tmp_path / "rate.npz")
    before = net.get(reader).sum("exc").copy()
    net.reset()
    net.load(tmp_path / "rate.npz")
    np.testing.assert_array_equal(net.get(reader).sum("exc"), before)
