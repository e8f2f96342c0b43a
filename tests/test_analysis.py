"""Tests of annlab.analysis (offline spike analysis, ANNarchy 4.8 semantics)."""
import ast
import doctest
import math
from pathlib import Path

import numpy as np
import pytest

from annlab import analysis
from annlab.analysis import (coefficient_of_variation, histogram,
                             inter_spike_interval, mean_fr, population_rate,
                             raster_plot, smoothed_rate, spike_counts)
from annlab.errors import ArgumentTypeError, ValidationError

# A regular train: one spike every 10 ms (100 steps of 0.1 ms) during 100 ms.
REGULAR = {0: list(range(0, 1000, 100))}


def low_pass_loop(x, alpha):
    """Direct, step-by-step low pass used as the reference."""
    y = np.array(x, dtype=float)
    for t in range(1, y.shape[-1]):
        y[..., t] = y[..., t - 1] + alpha * (x[..., t] - y[..., t - 1])
    return y


def test_doctests():
    result = doctest.testmod(analysis)
    assert result.attempted > 10
    assert result.failed == 0


def test_module_is_pure_numpy():
    # Checked on the source: importing the package may load the engine.
    tree = ast.parse(Path(analysis.__file__).read_text())
    imported = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            imported.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            imported.add("." * node.level + (node.module or ""))
    assert imported <= {"math", "numbers", "collections.abc", "numpy", ".errors"}


# ----------------------------------------------------------------- raster
def test_raster_plot_orders_by_rank_then_time():
    t, n = raster_plot({2: [3], 0: [4, 1], 1: []}, dt=0.5)
    assert t.tolist() == [0.5, 2.0, 1.5]
    assert n.tolist() == [0, 0, 2]
    assert n.dtype.kind == "i"


def test_raster_plot_accepts_monitor_get_dict():
    t, n = raster_plot({"spike": {0: [2]}}, dt=1.0)
    assert t.tolist() == [2.0] and n.tolist() == [0]


def test_raster_plot_empty():
    t, n = raster_plot({}, dt=0.1)
    assert t.shape == (0,) and n.shape == (0,)
    t, n = raster_plot({0: [], 1: []}, dt=0.1)
    assert t.size == 0 and n.size == 0


# ----------------------------------------------------------------- counts
def test_spike_counts():
    assert spike_counts({0: [1, 5], 2: [3]}).tolist() == [2, 0, 1]
    assert spike_counts({0: [1, 5], 2: [3]}, 5).tolist() == [2, 0, 1, 0, 0]
    assert spike_counts({}, 3).tolist() == [0, 0, 0]
    assert spike_counts({}).tolist() == []


# -------------------------------------------------------------- histogram
def test_histogram_default_bins_is_dt():
    # window: first (2) to last (5) spike, one bin per step
    assert histogram({0: [2, 5], 1: [2, 3]}, dt=0.1).tolist() == [2, 1, 0, 1]


def test_histogram_bins_match_annarchy():
    spikes = {0: [0, 1, 4], 1: [1, 3]}
    # ANNarchy: nb_bins = int((t_max - t_min) / bin_step) + 1
    assert histogram(spikes, dt=1.0, bins=2.0).tolist() == [3, 1, 1]
    assert histogram(spikes, dt=0.5, bins=1.5).tolist() == [3, 2]
    # bins that are not an exact float multiple of dt
    assert histogram({0: [0, 3, 6]}, dt=0.1, bins=0.3).tolist() == [1, 1, 1]


def test_histogram_starts_at_first_spike():
    assert histogram({0: [10, 12, 13]}, dt=1.0, bins=2.0).tolist() == [1, 2]


def test_histogram_recording_window():
    spikes = {0: [1, 2, 9], 1: [4]}
    h = histogram(spikes, dt=1.0, bins=5.0, start_step=0, duration_steps=10)
    assert h.tolist() == [3, 1]
    # spikes outside the window are ignored
    h = histogram(spikes, dt=1.0, bins=2.0, start_step=2, duration_steps=4)
    assert h.tolist() == [1, 1]
    # duration only: the recording starts at step 0
    assert histogram(spikes, dt=1.0, duration_steps=3).tolist() == [0, 1, 1]


def test_histogram_per_neuron():
    h = histogram({0: [0, 1], 2: [3]}, dt=1.0, bins=2.0, per_neuron=True)
    assert h.tolist() == [[2, 0], [0, 0], [0, 1]]
    h = histogram({0: [0, 1], 2: [3]}, dt=1.0, bins=2.0, per_neuron=True, n_neurons=4)
    assert h.shape == (4, 2)
    assert h.sum(axis=0).tolist() == histogram({0: [0, 1], 2: [3]}, dt=1.0, bins=2.0).tolist()


def test_histogram_empty():
    assert histogram({}, dt=0.1).tolist() == []
    assert histogram({0: []}, dt=0.1, duration_steps=4).tolist() == [0, 0, 0, 0]


# ---------------------------------------------------------------- mean_fr
def test_mean_fr_regular_train():
    assert mean_fr(REGULAR, dt=0.1, duration=100.0) == 100.0
    # silent neurons count in the mean
    assert mean_fr({**REGULAR, 1: []}, dt=0.1, duration=100.0) == 50.0


def test_mean_fr_default_duration_first_to_last_spike():
    # ANNarchy: duration = (t_max - t_min) * dt = 90 ms for 10 spikes
    assert mean_fr(REGULAR, dt=0.1) == pytest.approx(10 / 0.09)
    assert mean_fr({0: [0, 10], 1: [5]}, dt=1.0) == 3 / 2 / 10 * 1000.0


def test_mean_fr_no_spikes():
    assert mean_fr({}, dt=0.1) == 0.0
    assert mean_fr({0: [], 1: []}, dt=0.1) == 0.0
    assert mean_fr({0: []}, dt=0.1, duration=50.0) == 0.0


def test_mean_fr_single_step_needs_duration():
    with pytest.raises(ValidationError, match=r"mean_fr\.duration: Cannot be deduced"):
        mean_fr({0: [5], 1: [5]}, dt=0.1)
    assert mean_fr({0: [5], 1: [5]}, dt=0.1, duration=10.0) == 100.0


# ---------------------------------------------------------- smoothed_rate
def test_smoothed_rate_instantaneous():
    r = smoothed_rate({0: [0, 2, 6], 1: [3]}, dt=1.0)
    assert r.tolist() == [[500.0, 500.0, 250.0, 250.0, 250.0, 250.0, 0.0],
                          [0.0] * 7]


def test_smoothed_rate_regular_train_is_100hz_between_spikes():
    r = smoothed_rate(REGULAR, dt=0.1, duration_steps=1000)
    assert r.shape == (1, 1000)
    assert np.all(r[0, :900] == 100.0)
    assert np.all(r[0, 900:] == 0.0)


def test_smoothed_rate_rows_and_window():
    spikes = {1: [2, 4], 3: [0, 5]}
    r = smoothed_rate(spikes, dt=1.0)           # one row per key, sorted
    assert r.shape == (2, 6)
    r = smoothed_rate(spikes, dt=1.0, n_neurons=5, start_step=1, duration_steps=4)
    assert r.shape == (5, 4)
    assert r[1].tolist() == [0.0, 500.0, 500.0, 0.0]   # steps 1..4
    assert r[3].tolist() == [200.0] * 4
    assert not r[[0, 2, 4]].any()


def test_smoothed_rate_matches_direct_low_pass():
    rng = np.random.default_rng(1)
    spikes = {i: np.flatnonzero(rng.random(300) < 0.05).tolist() for i in range(4)}
    raw = smoothed_rate(spikes, dt=0.5, start_step=0, duration_steps=300)
    r = smoothed_rate(spikes, dt=0.5, smooth=10.0, start_step=0, duration_steps=300)
    np.testing.assert_allclose(r, low_pass_loop(raw, 0.5 / 10.0), rtol=1e-10, atol=1e-9)
    # smooth <= dt: no smoothing
    assert np.array_equal(smoothed_rate(spikes, dt=0.5, smooth=0.5, start_step=0,
                                        duration_steps=300), raw)


def test_smoothed_rate_empty():
    assert smoothed_rate({}, dt=0.1).shape == (0, 0)
    assert smoothed_rate({0: []}, dt=0.1, duration_steps=3).tolist() == [[0.0, 0.0, 0.0]]


# -------------------------------------------------------- population_rate
def test_population_rate_values():
    assert population_rate({0: [0, 2], 1: [2]}, dt=1.0).tolist() == [500.0, 0.0, 1000.0]
    r = population_rate({0: [0, 2], 1: [2]}, dt=1.0, n_neurons=4, duration_steps=4)
    assert r.tolist() == [250.0, 0.0, 500.0, 0.0]


def test_population_rate_mean_equals_mean_fr():
    rng = np.random.default_rng(2)
    spikes = {i: np.flatnonzero(rng.random(2000) < 0.01).tolist() for i in range(20)}
    spikes[20] = []
    r = population_rate(spikes, dt=0.1, start_step=0, duration_steps=2000)
    assert r.shape == (2000,)
    assert r.mean() == pytest.approx(mean_fr(spikes, dt=0.1, duration=200.0), rel=1e-12)


def test_population_rate_smoothing_matches_direct_low_pass():
    rng = np.random.default_rng(3)
    spikes = {i: np.flatnonzero(rng.random(500) < 0.02).tolist() for i in range(10)}
    raw = population_rate(spikes, dt=0.1, start_step=0, duration_steps=500)
    r = population_rate(spikes, dt=0.1, smooth=5.0, start_step=0, duration_steps=500)
    np.testing.assert_allclose(r, low_pass_loop(raw, 0.1 / 5.0), rtol=1e-10, atol=1e-9)


def test_population_rate_empty():
    assert population_rate({}, dt=0.1).tolist() == []
    assert population_rate({}, dt=0.1, duration_steps=2).tolist() == [0.0, 0.0]


# ----------------------------------------------------------- ISI and CV
def test_inter_spike_interval():
    spikes = {1: [5], 0: [0, 10, 30], 2: []}
    assert inter_spike_interval(spikes, dt=0.5).tolist() == [5.0, 10.0]
    isi = inter_spike_interval(spikes, dt=0.5, per_neuron=True)
    assert list(isi) == [0, 1, 2]
    assert isi[0].tolist() == [5.0, 10.0]
    assert isi[1].size == 0 and isi[2].size == 0


def test_inter_spike_interval_ranks():
    spikes = {0: [0, 10, 30], 1: [0, 4]}
    assert inter_spike_interval(spikes, dt=1.0, ranks=[1]).tolist() == [4.0]
    isi = inter_spike_interval(spikes, dt=1.0, ranks=[1, 7], per_neuron=True)
    assert list(isi) == [1, 7] and isi[7].size == 0


def test_inter_spike_interval_empty():
    assert inter_spike_interval({}, dt=0.1).tolist() == []
    assert inter_spike_interval({}, dt=0.1, per_neuron=True) == {}


def test_cv_regular_train_is_zero():
    assert coefficient_of_variation(REGULAR, dt=0.1) == 0.0
    assert inter_spike_interval(REGULAR, dt=0.1).tolist() == [10.0] * 9


def test_cv_hand_computed_and_undefined_neurons():
    spikes = {0: [0, 10, 20, 30], 1: [0, 10, 30], 2: [4], 3: [], 4: [1, 3]}
    cv = coefficient_of_variation(spikes, dt=1.0, per_neuron=True)
    assert cv[0] == 0.0
    assert cv[1] == pytest.approx(1 / 3)       # ISIs 10, 20: std 5, mean 15
    assert all(math.isnan(cv[r]) for r in (2, 3, 4))
    # undefined CVs are ignored in the mean
    assert coefficient_of_variation(spikes, dt=1.0) == pytest.approx(1 / 6)
    assert coefficient_of_variation(spikes, dt=1.0, ranks=[1]) == pytest.approx(1 / 3)


def test_cv_no_defined_value_is_nan():
    assert math.isnan(coefficient_of_variation({}, dt=0.1))
    assert math.isnan(coefficient_of_variation({0: [1], 1: [1, 2]}, dt=0.1))


def test_cv_poisson_train_is_near_one():
    rng = np.random.default_rng(42)
    dt, rate = 0.1, 20.0                       # ms, Hz
    spikes = {i: np.flatnonzero(rng.random(100_000) < rate * dt / 1000.0).tolist()
              for i in range(5)}
    assert coefficient_of_variation(spikes, dt=dt) == pytest.approx(1.0, abs=0.08)
    assert mean_fr(spikes, dt=dt, duration=10_000.0) == pytest.approx(rate, rel=0.1)


# ----------------------------------------------------------------- errors
@pytest.mark.parametrize("call, name", [
    (lambda: raster_plot({0: [1]}, dt=-1.0), "raster_plot"),
    (lambda: histogram({0: [1]}, dt=-1.0), "histogram"),
    (lambda: mean_fr({0: [1]}, dt=-1.0), "mean_fr"),
    (lambda: smoothed_rate({0: [1]}, dt=-1.0), "smoothed_rate"),
    (lambda: population_rate({0: [1]}, dt=-1.0), "population_rate"),
    (lambda: inter_spike_interval({0: [1]}, dt=-1.0), "inter_spike_interval"),
    (lambda: coefficient_of_variation({0: [1]}, dt=-1.0), "coefficient_of_variation"),
])
def test_negative_dt(call, name):
    with pytest.raises(ValidationError,
                       match=rf"^{name}\.dt: Value must be greater than 0 \(got -1\.0\)$") as err:
        call()
    assert err.value.owner == name and err.value.attribute == "dt"


def test_zero_and_nan_dt():
    with pytest.raises(ValidationError, match=r"greater than 0 \(got 0\)"):
        mean_fr({0: [1]}, dt=0)
    with pytest.raises(ValidationError, match=r"greater than 0 \(got nan\)"):
        mean_fr({0: [1]}, dt=float("nan"))
    with pytest.raises(ArgumentTypeError, match=r"mean_fr\.dt: expected a number"):
        mean_fr({0: [1]}, dt="0.1")


def test_negative_smooth():
    with pytest.raises(ValidationError, match=r"smoothed_rate\.smooth: Value must be "
                                              r"greater than or equal to 0 \(got -1\.0\)"):
        smoothed_rate({0: [1]}, dt=0.1, smooth=-1.0)
    with pytest.raises(ValidationError, match=r"population_rate\.smooth: .*\(got -2\)"):
        population_rate({0: [1]}, dt=0.1, smooth=-2)


def test_bins_smaller_than_dt():
    with pytest.raises(ValidationError, match=r"histogram\.bins: Value must be greater "
                                              r"than or equal to dt=0\.5 \(got 0\.1\)"):
        histogram({0: [1]}, dt=0.5, bins=0.1)
    with pytest.raises(ValidationError, match=r"histogram\.bins: Value must be greater than 0"):
        histogram({0: [1]}, dt=0.5, bins=-1.0)


def test_invalid_duration():
    with pytest.raises(ValidationError, match=r"mean_fr\.duration: Value must be greater "
                                              r"than 0 \(got 0\.0\)"):
        mean_fr({0: [1]}, dt=0.1, duration=0.0)
    with pytest.raises(ValidationError, match=r"population_rate\.duration_steps: .*\(got -1\)"):
        population_rate({0: [1]}, dt=0.1, duration_steps=-1)
    with pytest.raises(ArgumentTypeError, match=r"smoothed_rate\.duration_steps: expected an integer"):
        smoothed_rate({0: [1]}, dt=0.1, duration_steps=10.0)


def test_invalid_n_neurons_and_spikes():
    with pytest.raises(ValidationError, match=r"spike_counts\.n_neurons: Value must be "
                                              r"greater than the largest rank 2 \(got 2\)"):
        spike_counts({0: [1], 2: [3]}, 2)
    with pytest.raises(ValidationError, match=r"smoothed_rate\.n_neurons: .*\(got -1\)"):
        smoothed_rate({}, dt=0.1, n_neurons=-1)
    with pytest.raises(ValidationError, match=r"raster_plot\.spikes: Ranks must be >= 0 \(got -1\)"):
        raster_plot({-1: [1]}, dt=0.1)
    with pytest.raises(ArgumentTypeError, match=r"mean_fr\.spikes: expected a dict"):
        mean_fr([[1, 2]], dt=0.1)
