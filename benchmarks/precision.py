"""float32 against float64: the same network in both precisions, timed alternately in one process.

::

    .venv/bin/python benchmarks/precision.py                   # COBA 4000 and Izhikevich 1000, 1 s each
    .venv/bin/python benchmarks/precision.py --rounds 7 --json results/precision.json

COBA is also timed on the hand-written kernel (``reference_coba.py``) in both precisions, in the
same alternation: the ratio annlab / hand-written in float32 is issue 12's measure.

Each network is defined once (``benchmarks/models.py``) and compiled twice, as
``Network(everything=True, precision='double')`` and ``precision='float'``, with the
same seed: connectivity and initial values are the same, so the spike counts show
whether float32 changes the activity. The two runs alternate, ``--rounds`` times; the
ratio of the fastest runs is printed (machines here drift by 2x from day to day:
read the ratio, not the seconds). Not part of the test suite.
"""
import argparse
import json
import os
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def measure(network, neurons, duration, rounds, seed):
    """Times (s) and spike counts per precision for one network, runs alternated."""
    from annlab import Network
    import models
    monitor = (models.define_coba(neurons, 80.0, seed) if network == "coba"
               else models.define_izhikevich(neurons, seed))
    copies = {}
    for precision in ("double", "float"):
        net = Network(everything=True, seed=seed, precision=precision)
        net.compile()
        net.simulate(10.0)  # first call: kernels loaded, buffers sized
        copies[precision] = (net, net.get(monitor))
    times = {precision: [] for precision in copies}
    spikes = {precision: [] for precision in copies}
    for _ in range(rounds):
        for precision, (net, mon) in copies.items():
            models.spike_count(mon)
            started = time.perf_counter()
            net.simulate(duration)
            times[precision].append(time.perf_counter() - started)
            spikes[precision].append(models.spike_count(mon))
    return dict(network=network, neurons=neurons, duration_ms=duration, rounds=rounds,
                min_s={p: min(t) for p, t in times.items()}, spikes=spikes,
                float_over_double=min(times["float"]) / min(times["double"]))


def reference(neurons, duration, rounds, seed):
    """The hand-written COBA kernel (``reference_coba.py``) in float64 and float32, runs alternated."""
    import numpy as np

    import reference_coba
    states = {}
    for name, dtype in (("double", np.float64), ("float", np.float32)):
        reference_coba.simulate(reference_coba.build(n_neurons=10, dtype=dtype), 1.0)  # compile
        states[name] = reference_coba.build(n_neurons=neurons, seed=seed, dtype=dtype)
    times = {name: [] for name in states}
    for _ in range(rounds):
        for name, state in states.items():
            started = time.perf_counter()
            reference_coba.simulate(state, duration)
            times[name].append(time.perf_counter() - started)
    return {name: min(t) for name, t in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--duration", type=float, default=1000.0, help="ms per timed run")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--json", help="also write the results here")
    args = parser.parse_args(argv)
    results = [measure("coba", 4000, args.duration, args.rounds, args.seed),
               measure("izhikevich", 1000, args.duration, args.rounds, args.seed)]
    hand = reference(4000, args.duration, args.rounds, args.seed)
    results[0]["hand_written_min_s"] = hand
    print(f"{'network':<18}{'double (s)':>12}{'float (s)':>12}{'float/double':>14}   spikes per run (double | float)")
    for r in results:
        label = f"{r['network']} {r['neurons']}"
        print(f"{label:<18}{r['min_s']['double']:>12.4f}{r['min_s']['float']:>12.4f}{r['float_over_double']:>14.2f}"
              f"   {r['spikes']['double'][0]} | {r['spikes']['float'][0]}")
    coba = results[0]
    print(f"COBA 4000, hand-written kernel: double {hand['double']:.4f} s, float {hand['float']:.4f} s; "
          f"annlab / hand-written: double {coba['min_s']['double'] / hand['double']:.2f}, "
          f"float {coba['min_s']['float'] / hand['float']:.2f}")
    if args.json:
        with open(args.json, "w") as handle:
            json.dump(results, handle, indent=1)


if __name__ == "__main__":
    main()
