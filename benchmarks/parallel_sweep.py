"""8 copies of COBA, one after another vs ``parallel_run`` on local engines; prints JSON.

::

    .venv/bin/python benchmarks/parallel_sweep.py [--neurons 16000] [--duration 2000] [--copies 8] [--engines 2]

Both modes run ``parallel_run(simulation, number=copies)`` (each copy drawn
from its recipe with its own seed, compiled with kernels from the cache,
simulated, its mean rate returned), with ``sequential=True`` and on the local
ipyparallel cluster, which is started and warmed up (engines imported annlab
and loaded the kernels) before the clock starts. The two modes alternate for
``--rounds`` rounds (default 3); the speed-up is the ratio of the fastest
times of each mode (the least disturbed by other processes on shared cores),
the medians are reported too. Also the time to create and compile one more
copy here (median of 5). The last line of stdout is the JSON.
"""
import argparse
import json
import os
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def measure(neurons=16000, duration=2000.0, copies=8, engines=2, fan_in=80.0, rounds=3):
    """Wall times of both modes (``rounds`` alternating runs each) and the rates they produced, as a dict."""
    import models
    from annlab import Network, compile, parallel_run
    from annlab.parallel import local_client, stop_local_cluster

    monitor = models.define_coba(neurons, fan_in, seed=1)
    compile()

    def simulation(idx, net, duration):
        net.simulate(duration)
        return net.get(monitor).mean_fr()

    durations = [duration] * copies
    started = time.perf_counter()
    local_client(engines)
    parallel_run(simulation, number=engines, max_processes=engines, progress=False, duration=[1.0] * engines)
    startup = time.perf_counter() - started
    sequential, parallel = [], []
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            rates_seq = parallel_run(simulation, number=copies, sequential=True, progress=False,
                                     duration=durations)
            sequential.append(time.perf_counter() - started)
            started = time.perf_counter()
            rates_par = parallel_run(simulation, number=copies, max_processes=engines, progress=False,
                                     duration=durations)
            parallel.append(time.perf_counter() - started)
    finally:
        stop_local_cluster()
    copy_times = []
    for _ in range(5):
        started = time.perf_counter()
        Network(everything=True).compile()
        copy_times.append(time.perf_counter() - started)
    return dict(neurons=neurons, fan_in=fan_in, duration_ms=duration, copies=copies, engines=engines,
                rounds=rounds, sequential_s=min(sequential), parallel_s=min(parallel),
                speedup=min(sequential) / min(parallel), sequential_all_s=sequential, parallel_all_s=parallel,
                speedup_median=statistics.median(sequential) / statistics.median(parallel),
                cluster_startup_s=startup, rate_sequential_hz=statistics.mean(rates_seq),
                rate_parallel_hz=statistics.mean(rates_par), one_more_copy_s=statistics.median(copy_times))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=16000)
    parser.add_argument("--duration", type=float, default=2000.0)
    parser.add_argument("--copies", type=int, default=8)
    parser.add_argument("--engines", type=int, default=2)
    parser.add_argument("--rounds", type=int, default=3, help="alternating runs of each mode")
    args = parser.parse_args(argv)
    result = measure(args.neurons, args.duration, args.copies, args.engines, rounds=args.rounds)
    print(f"COBA {args.neurons}, {args.copies} copies x {args.duration:g} ms: sequential "
          f"{result['sequential_s']:.2f} s, {args.engines} engines {result['parallel_s']:.2f} s, "
          f"speed-up {result['speedup']:.2f}x", file=sys.stderr)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
