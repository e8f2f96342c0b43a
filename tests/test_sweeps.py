"""annlab.sweep: points x seeds as a DataFrame, computed by parallel_run, cached and resumable."""
import subprocess
import sys
import textwrap

import numpy as np
import pytest

pd = pytest.importorskip("pandas")

from annlab import Izhikevich, Network, Population, ValidationError, parallel_run, setup, sweep  # noqa: E402
from annlab.sweeps import grid_points, sample_points  # noqa: E402
from conftest import seed_network  # noqa: E402


def spikes(idx, net, rate):
    pop1, pop2 = net.get_populations()
    pop1.rates = rate
    net.simulate(200.0)
    return {"spikes": sum(len(t) for t in net.get_monitors()[0].get("spike").values()), "idx": idx}


def test_grid_samples_and_points():
    assert grid_points({"a": [1, 2], "b": [3]}) == [{"a": 1, "b": 3}, {"a": 2, "b": 3}]
    lhs = sample_points({"x": (0.0, 1.0), "y": (10.0, 20.0)}, 10, "lhs", seed=3)
    xs = sorted(p["x"] for p in lhs)
    assert all(k / 10 <= x < (k + 1) / 10 for k, x in enumerate(xs))  # one sample per stratum
    assert all(10.0 <= p["y"] < 20.0 for p in lhs)
    assert sample_points({"x": (0.0, 1.0)}, 5, seed=1) == sample_points({"x": (0.0, 1.0)}, 5, seed=1)


def test_bad_input_is_refused_with_the_argument_named():
    seed_network()
    with pytest.raises(ValidationError, match=r"Give one of grid=\{...\}, points=\[\{...\}, ...\] or samples=N"):
        sweep(spikes, grid={"rate": [1.0]}, points=[{"rate": 1.0}])
    with pytest.raises(ValidationError, match="'rate' must have a non-empty list of values"):
        sweep(spikes, grid={"rate": 5.0})
    with pytest.raises(ValidationError, match=r"samples=N needs bounds="):
        sweep(spikes, samples=4)
    with pytest.raises(ValidationError, match=r"'rate' must be \(low, high\) with low < high"):
        sweep(spikes, samples=4, bounds={"rate": (5.0, 1.0)})
    with pytest.raises(ValidationError, match="Every point must set the same parameters"):
        sweep(spikes, points=[{"rate": 1.0}, {"w": 2.0}])
    with pytest.raises(ValidationError, match="seeds.*a number of seeds or a list of integers"):
        sweep(spikes, grid={"rate": [1.0]}, seeds="many")
    with pytest.raises(ValidationError, match=r"sweep.w: spikes\(\) has no parameter 'w' \(its parameters after "
                                              r"idx and net: \['rate'\]\)"):
        sweep(spikes, grid={"w": [1.0]}, cache=False)
    with pytest.raises(ValidationError, match=r"spikes\(\) needs the parameter 'rate': give it values"):
        sweep(spikes, points=[{}], cache=False)


def test_rows_are_the_numbers_parallel_run_gives_for_the_same_seeds(tmp_path):
    setup(seed=4)
    seed_network()
    df = sweep(spikes, grid={"rate": [0.0, 10.0, 40.0]}, seeds=2, cache=tmp_path, progress=False)
    assert list(df.columns) == ["rate", "seed", "spikes", "idx", "status", "error", "cached", "wall_s"]
    assert df.seed.tolist() == [4, 5] * 3 and df.rate.tolist() == [0.0, 0.0, 10.0, 10.0, 40.0, 40.0]
    assert df.spikes.dtype == np.int64 and df.wall_s.dtype == np.float64 and df.cached.dtype == bool
    assert (df.status == "ok").all() and df.error.isna().all() and not df.cached.any()
    direct = parallel_run(spikes, number=6, seeds=df.seed.tolist(), rate=df.rate.tolist(), mode="sequential",
                          progress=False)
    assert df.spikes.tolist() == [r["spikes"] for r in direct]
    counts = df.groupby("rate").spikes.mean()
    assert counts[0.0] == 0 and counts[10.0] < counts[40.0]
    attrs = df.attrs
    assert attrs["annlab"] and attrs["numba"] and attrs["global_seed"] == 4 and attrs["computed"] == 6
    assert len(attrs["structure"]) == 64 and attrs["seeds"] == [4, 5]


def test_a_second_run_reads_everything_from_the_cache_even_in_another_process(tmp_path):
    script = textwrap.dedent(f"""
        from annlab import *
        setup(seed=1)
        pop1 = PoissonPopulation(50, rates=10.0)
        pop2 = Population(50, Izhikevich)
        Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
        m = Monitor(pop2, 'spike')
        def fr(idx, net, rate):
            net.get(pop1).rates = rate
            net.simulate(100.0)
            return net.get(m).mean_fr()
        df = sweep(fr, grid={{'rate': [5.0, 25.0]}}, seeds=2, cache={str(tmp_path)!r}, progress=False)
        print(df.attrs['computed'], int(df.cached.sum()), repr(df.result.tolist()))
    """)
    runs = [subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True,
                           timeout=300).stdout.split(maxsplit=2) for _ in range(2)]
    assert runs[0][:2] == ["4", "0"] and runs[1][:2] == ["0", "4"]
    assert runs[0][2] == runs[1][2]  # the same numbers, read back


def test_a_changed_model_or_method_computes_again(tmp_path):
    pop1, pop2, _, _ = seed_network()
    first = sweep(spikes, grid={"rate": [20.0]}, seeds=2, cache=tmp_path, progress=False)
    assert sweep(spikes, grid={"rate": [20.0]}, seeds=2, cache=tmp_path, progress=False).attrs["computed"] == 0
    pop2.d = 2.0  # another model: every row again
    changed = sweep(spikes, grid={"rate": [20.0]}, seeds=2, cache=tmp_path, progress=False)
    assert changed.attrs["computed"] == 2 and changed.attrs["structure"] != first.attrs["structure"]

    def spikes_longer(idx, net, rate):
        net.get_populations()[0].rates = rate
        net.simulate(400.0)
        return sum(len(t) for t in net.get_monitors()[0].get("spike").values())
    assert sweep(spikes_longer, grid={"rate": [20.0]}, seeds=2, cache=tmp_path, progress=False).attrs["computed"] == 2


def test_a_failing_point_is_a_row_and_is_tried_again(tmp_path):
    seed_network()

    def fragile(idx, net, rate):
        if rate > 30.0:
            raise RuntimeError(f"no good at {rate} Hz")
        net.simulate(50.0)
        return rate * 2

    df = sweep(fragile, grid={"rate": [10.0, 50.0]}, cache=tmp_path, progress=False)
    assert df.status.tolist() == ["ok", "failed"] and df.result.tolist()[0] == 20.0
    assert df.error[1] == "RuntimeError: no good at 50.0 Hz" and np.isnan(df.result[1])
    again = sweep(fragile, grid={"rate": [10.0, 50.0]}, cache=tmp_path, progress=False)
    assert again.attrs["computed"] == 1 and again.cached.tolist() == [True, False]


@pytest.mark.parametrize("mode", ["sequential", "batch"])
def test_ctrl_c_keeps_the_rows_that_finished(tmp_path, mode):
    seed_network()

    def interrupted(idx, net, rate):
        net.simulate(20.0)
        if idx == 2 and not (tmp_path / "resumed").exists():  # after 0 and 1 returned, in both modes
            raise KeyboardInterrupt
        return rate

    with pytest.raises(KeyboardInterrupt, match=r"sweep interrupted: 2 of 4 rows finished and are cached"):
        sweep(interrupted, grid={"rate": [1.0, 2.0, 3.0, 4.0]}, cache=tmp_path, mode=mode, progress=False)
    (tmp_path / "resumed").touch()
    df = sweep(interrupted, grid={"rate": [1.0, 2.0, 3.0, 4.0]}, cache=tmp_path, mode=mode, progress=False)
    assert df.attrs["computed"] == 2 and df.result.tolist() == [1.0, 2.0, 3.0, 4.0]


def test_a_given_network_is_copied_and_a_metric_named_like_a_parameter_is_prefixed():
    net = Network()
    net.add(Population(3, Izhikevich))

    def echo(idx, net, noise):
        net.simulate(5.0)
        return {"noise": noise, "t": net.get_time()}

    df = sweep(echo, points=[{"noise": 0.5}, {"noise": 1.5}], network=net, cache=False, progress=False)
    assert list(df.columns[:4]) == ["noise", "seed", "result_noise", "t"]
    assert df.result_noise.tolist() == [0.5, 1.5] and df.t.tolist() == [5.0, 5.0] and net.get_time() == 0.0


@pytest.mark.parametrize("arguments, message", [
    (dict(method=42, grid={"rate": [1.0]}), r"sweep.method: Value must be callable \(got 42\)"),
    (dict(grid={"rate": [1.0]}, network="net"), r"sweep.network: Value must be a Network \(got 'net'\)"),
    (dict(grid={"rate": [1.0]}, cache=3), r"sweep.cache: Value must be True, False or a directory \(got 3\)"),
    (dict(points=[]), r"sweep.points: Value must be a non-empty list of dicts"),
    (dict(samples=0, bounds={"rate": (0.0, 1.0)}), r"sweep.samples: Value must be an integer >= 1 \(got 0\)"),
    (dict(samples=3, bounds={"rate": (0.0, 1.0)}, sampling="sobol"),
     r"sweep.sampling: Value must be 'random' or 'lhs' \(got 'sobol'\)"),
    (dict(grid={"rate": [1.0]}, seeds=0), r"sweep.seeds: Value must be >= 1 or a list of seeds \(got 0\)"),
])
def test_each_argument_is_checked_before_anything_runs(arguments, message):
    seed_network()
    arguments = dict(arguments)
    method = arguments.pop("method", spikes)
    with pytest.raises(ValidationError, match=message):
        sweep(method, progress=False, **arguments)


def test_many_sweeps_of_one_sweeper_fingerprint_the_network_once(monkeypatch, tmp_path):
    import annlab.sweeps
    from annlab.sweeps import Sweeper

    seed_network()
    calls = []
    original = annlab.sweeps._fingerprint
    monkeypatch.setattr(annlab.sweeps, "_fingerprint", lambda network: calls.append(1) or original(network))
    plan = Sweeper(spikes, seeds=2, cache=tmp_path, progress=False)
    first = plan.run([{"rate": 5.0}])
    second = plan.run([{"rate": 10.0}, {"rate": 5.0}])
    assert len(calls) == 1 and second.cached.tolist() == [False, False, True, True]
    assert second.spikes.tolist()[2:] == first.spikes.tolist()
