"""A sweep as a table: the seed network on a 16 x 16 grid x 3 seeds with ``annlab.sweep``; prints JSON.

::

    .venv/bin/python benchmarks/sweep_table.py [--side 16] [--seeds 3] [--rounds 2]

In one process, alternating for ``--rounds`` rounds (the fastest of each kept):

- ``parallel_run`` alone: the same copies, seeds and parameter lists, results as a list;
- ``sweep`` with an empty cache (a fresh directory each round): the same run, plus the
  fingerprint of the network, one cache file per row and the DataFrame;
- ``sweep`` again on the full cache: every row read back, nothing simulated.

Printed: end-to-end times, points (rows) per second, the sweep's overhead over
parallel_run alone (goal: within 10 %), and the second run's time (goal: under 1 s,
all cache hits). Each copy simulates 1 s of the seed network with its own input rate
(0-50 Hz) and weight (1-8). The last line of stdout is the JSON.
"""
import argparse
import json
import shutil
import sys
import tempfile
import time


def define():
    from annlab import Izhikevich, Monitor, PoissonPopulation, Population, Projection, clear, setup

    clear()
    setup(seed=1)
    pop1 = PoissonPopulation(100, rates=10.0)
    pop2 = Population(100, Izhikevich)
    proj = Projection(pop1, pop2, "exc").connect_fixed_probability(weights=5.0, probability=0.2)
    return pop1, proj, Monitor(pop2, "spike")


def measure(side=16, seeds=3, rounds=2):
    import numpy as np

    from annlab import parallel_run, sweep

    pop1, proj, m = define()

    def simulation(idx, net, rate, w):
        net.get(pop1).rates = rate
        net.get(proj).w = w
        net.simulate(1000.0)
        return {"fr": net.get(m).mean_fr()}

    grid = {"rate": list(np.linspace(0.0, 50.0, side)), "w": list(np.linspace(1.0, 8.0, side))}
    rows = [(rate, w, 1 + s) for rate in grid["rate"] for w in grid["w"] for s in range(seeds)]
    lists = dict(rate=[r[0] for r in rows], w=[r[1] for r in rows])
    parallel_run(simulation, number=4, seeds=[1, 2, 3, 4], progress=False, rate=[1.0] * 4, w=[1.0] * 4)  # warm
    times = {"parallel_run alone": [], "sweep, empty cache": [], "sweep, full cache": []}
    for _ in range(rounds):
        started = time.perf_counter()
        alone = parallel_run(simulation, number=len(rows), seeds=[r[2] for r in rows], progress=False, **lists)
        times["parallel_run alone"].append(time.perf_counter() - started)
        directory = tempfile.mkdtemp(prefix="annlab-sweep-")
        try:
            started = time.perf_counter()
            df = sweep(simulation, grid=grid, seeds=seeds, cache=directory, progress=False)
            times["sweep, empty cache"].append(time.perf_counter() - started)
            started = time.perf_counter()
            again = sweep(simulation, grid=grid, seeds=seeds, cache=directory, progress=False)
            times["sweep, full cache"].append(time.perf_counter() - started)
        finally:
            shutil.rmtree(directory, ignore_errors=True)
    assert df.fr.tolist() == [r["fr"] for r in alone] == again.fr.tolist()
    best = {name: min(values) for name, values in times.items()}
    return dict(rows=len(rows), side=side, seeds=seeds, rounds=rounds, times_s=best, all_times_s=times,
                rows_per_s=len(rows) / best["sweep, empty cache"],
                overhead=best["sweep, empty cache"] / best["parallel_run alone"] - 1.0,
                second_run_hits=int(again.cached.sum()), mean_rate_hz=float(df.fr.mean()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--side", type=int, default=16)
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args(argv)
    result = measure(args.side, args.seeds, args.rounds)
    t = result["times_s"]
    print(f"sweep {args.side}x{args.side} x {args.seeds} seeds ({result['rows']} rows): parallel_run alone "
          f"{t['parallel_run alone']:.2f} s, sweep {t['sweep, empty cache']:.2f} s ({result['rows_per_s']:.0f} "
          f"rows/s, overhead {100 * result['overhead']:+.1f} %), again from the cache {t['sweep, full cache']:.2f} s "
          f"({result['second_run_hits']} hits)", file=sys.stderr)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
