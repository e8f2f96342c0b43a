"""8 copies of COBA: ``parallel_run`` one after another, on local engines and as a batch; prints JSON.

::

    .venv/bin/python benchmarks/parallel_sweep.py [--neurons 16000] [--duration 2000] [--copies 8] [--engines 2]

The three modes run ``parallel_run(simulation, number=copies)`` (each copy drawn
from its recipe with its own seed, compiled with kernels from the cache,
simulated, its mean rate returned) with ``mode='sequential'``, ``'engines'`` (the
local ipyparallel cluster, started and warmed up before the clock starts:
engines imported annlab and loaded the kernels) and ``'batch'`` (here, the
copies advanced together over the cores). The modes alternate for ``--rounds``
rounds (default 3); the speed-ups are ratios of the fastest times of each mode
(the least disturbed by other processes on shared cores), the medians are
reported too. Also the time to create and compile one more
copy here (median of 5). The last line of stdout is the JSON.
"""
import argparse
import contextlib
import io
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
    parallel_run(simulation, number=engines, max_processes=engines, progress=False, duration=[1.0] * engines,
                 mode="engines")
    startup = time.perf_counter() - started
    parallel_run(simulation, number=2, progress=False, duration=[1.0] * 2, mode="batch")  # kernels loaded
    sequential, parallel, batch, auto, auto_modes = [], [], [], [], set()
    try:
        for _ in range(rounds):
            started = time.perf_counter()
            rates_seq = parallel_run(simulation, number=copies, mode="sequential", progress=False,
                                     duration=durations)
            sequential.append(time.perf_counter() - started)
            started = time.perf_counter()
            rates_par = parallel_run(simulation, number=copies, max_processes=engines, progress=False,
                                     duration=durations, mode="engines")
            parallel.append(time.perf_counter() - started)
            started = time.perf_counter()
            rates_batch = parallel_run(simulation, number=copies, progress=False, duration=durations,
                                       mode="batch")
            batch.append(time.perf_counter() - started)
            said = io.StringIO()
            started = time.perf_counter()
            with contextlib.redirect_stdout(said):  # measure_time says which mode 'auto' chose (engines running)
                parallel_run(simulation, number=copies, progress=False, duration=durations, measure_time=True)
            auto.append(time.perf_counter() - started)
            auto_modes.add(said.getvalue().split("(mode '")[1].split("'")[0])
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
                batch_s=min(batch), batch_all_s=batch, batch_speedup=min(sequential) / min(batch),
                auto_s=min(auto), auto_all_s=auto, auto_modes=sorted(auto_modes),
                auto_speedup=min(sequential) / min(auto),
                batch_speedup_median=statistics.median(sequential) / statistics.median(batch),
                rate_batch_hz=statistics.mean(rates_batch),
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
          f"speed-up {result['speedup']:.2f}x; batch {result['batch_s']:.2f} s, speed-up "
          f"{result['batch_speedup']:.2f}x; auto ({'/'.join(result['auto_modes'])}) {result['auto_s']:.2f} s, "
          f"speed-up {result['auto_speedup']:.2f}x", file=sys.stderr)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
