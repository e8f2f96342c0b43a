"""Worker: one network on annlab and on its hand-written reference, interleaved; prints JSON.

::

    .venv/bin/python benchmarks/bench_annlab.py coba --neurons 4000 [--fan-in 80] [--repeats 3]
    .venv/bin/python benchmarks/bench_annlab.py izhikevich [--no-reference] [--profile]

Run by ``suite.py`` in a fresh process per network and size, so that the
peak memory (``ru_maxrss``) is this network's. Order: import (``baseline``
memory), define and compile on annlab (``build``), one timed annlab run,
memory snapshot (``maxrss_mb``: annlab alone, interpreter included), then the
reference is built and the remaining runs alternate reference / annlab, so
that both see the same machine load; wall and CPU (``process_time``) times (2 shared cores: the ratio of the two is
what to read, not the absolute times). ``--profile`` adds three more runs of
annlab through cycle counters (``phase_profile.py``; the fastest is kept);
the reference counts its own cycles during its timed runs.
The last line of stdout is the JSON.
"""
import argparse
import json
import os
import resource
import statistics
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def _rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def _summary(name, neurons, synapses, dt, times, spikes, duration, cpu, **extra):
    """Rates and throughputs of a list of timed runs of ``duration`` ms (``cpu``: their CPU times)."""
    per_s = 1000.0 / duration
    median = statistics.median(times)
    rate = statistics.mean(spikes) / neurons * per_s
    events = statistics.mean(spikes) * per_s * synapses / neurons      # synaptic events per simulated s
    return dict(name=name, neurons=neurons, synapses=synapses, times_s=times, median_s=median,
                min_s=min(times), cpu_times_s=cpu, min_cpu_s=min(cpu), sim_s_per_s=median * per_s, spikes=spikes,
                rate_hz=rate,
                neuron_updates_per_s=neurons * per_s * (1000.0 / dt) / (median * per_s),
                syn_events_per_sim_s=events, syn_events_per_s=events / (median * per_s), **extra)


def _reference(network, neurons, fan_in, seed):
    """(module, state, dt, run(duration, prof) -> n_spikes) of the hand-written reference."""
    if network == "coba":
        import reference_coba as ref
        ref.simulate(ref.build(n_neurons=10, seed=seed), 0.1)          # compile or load the kernels
        state = ref.build(n_neurons=neurons, fan_in=fan_in, seed=seed)
        return ref, state, 0.1, lambda duration, prof: ref.simulate(state, duration, prof=prof)[0].size
    import reference_izhikevich as ref
    ref.simulate(ref.build(n_neurons=10, seed=seed), 1.0)
    state = ref.build(n_neurons=neurons, seed=seed)
    return ref, state, 1.0, lambda duration, prof: ref.simulate(state, duration, prof=prof)[0].size


def _finite_check_cost(net, duration, repeats):
    """annlab with and without its check for NaN/inf after each chunk, runs alternating: fastest of each."""
    import annlab
    times = {True: [], False: []}
    try:
        for _ in range(max(2, repeats)):
            for check in (False, True):
                annlab.setup(check_finite=check)
                t = time.process_time()
                net.simulate(duration)
                times[check].append(time.process_time() - t)
    finally:
        annlab.setup(check_finite=True)
    return dict(on_min_cpu_s=min(times[True]), off_min_cpu_s=min(times[False]),
                ratio=min(times[True]) / min(times[False]))


def measure(network, neurons, fan_in, duration, repeats, seed, reference=True, profile=False):
    """Everything this worker reports, as a dict."""
    import numba
    import numpy as np
    started = time.perf_counter()
    import annlab  # noqa: F401
    import models
    imported = time.perf_counter()
    baseline = _rss_mb()
    t0 = time.perf_counter()
    if network == "coba":
        monitor = models.define_coba(neurons, fan_in, seed)
    else:
        monitor = models.define_izhikevich(neurons, seed)
    net, mon = models.compiled_copy(monitor, seed)
    build = time.perf_counter() - t0
    sim = net._compiled
    synapses = int(sum(proj.nb_synapses for proj in net.projections))
    dt = net.dt

    def run_annlab():
        t, c = time.perf_counter(), time.process_time()
        net.simulate(duration)
        elapsed, cpu = time.perf_counter() - t, time.process_time() - c
        a_cpu.append(cpu)
        return elapsed, models.spike_count(mon)

    a_times, a_spikes, a_cpu, r_cpu = [], [], [], []
    elapsed, count = run_annlab()
    a_times.append(elapsed)
    a_spikes.append(count)
    annlab_rss = _rss_mb()
    result = dict(network=network, neurons=neurons, fan_in=fan_in, duration_ms=duration, seed=seed,
                  annlab_path=os.path.dirname(annlab.__file__),
                  versions=dict(numpy=np.__version__, numba=numba.__version__, python=sys.version.split()[0]))
    r_times, r_spikes, ref = [], [], None
    if reference:
        t0 = time.perf_counter()
        ref, state, ref_dt, run_ref = _reference(network, neurons, fan_in, seed)
        ref_build = time.perf_counter() - t0
        prof = np.zeros(len(ref.PHASES), dtype=np.uint64)
    for k in range(repeats):
        if reference:
            t, c = time.perf_counter(), time.process_time()
            count = run_ref(duration, prof)
            r_times.append(time.perf_counter() - t)
            r_cpu.append(time.process_time() - c)
            r_spikes.append(count)
        if k + 1 < repeats:
            elapsed, count = run_annlab()
            a_times.append(elapsed)
            a_spikes.append(count)
    result["check_finite"] = _finite_check_cost(net, duration, repeats)
    result["annlab"] = _summary("annlab", neurons, synapses, dt, a_times, a_spikes, duration, a_cpu,
                                build_s=build, import_s=imported - started,
                                compiled=bool(getattr(sim, "compilations", 0)),
                                compile_s=getattr(sim, "compile_time", None), maxrss_mb=annlab_rss,
                                baseline_mb=baseline)
    if reference:
        result["reference"] = _summary("reference", neurons, int(state.n_synapses), ref_dt, r_times, r_spikes,
                                       duration, r_cpu, build_s=ref_build)
        result["ratio_min_cpu"] = result["annlab"]["min_cpu_s"] / result["reference"]["min_cpu_s"]
        result["ratio_median"] = result["annlab"]["median_s"] / result["reference"]["median_s"]
        result["ratio_min"] = result["annlab"]["min_s"] / result["reference"]["min_s"]
    if profile:
        result["profile"] = {}
        try:
            from phase_profile import profile_phases
            runs = [profile_phases(net, duration) for _ in range(3)]     # the least disturbed of 3
            rows = min(runs, key=lambda r: sum(seconds for _label, seconds, _share in r))
            result["profile"]["annlab"] = [dict(phase=label, ms=1000 * s, share=share) for label, s, share in rows]
        except Exception as err:  # noqa: BLE001 -- the engine's internals change; report, do not fail
            result["profile"]["annlab_error"] = f"{type(err).__name__}: {err}"
        if reference:
            total, per_run = float(prof.sum()), min(r_times)       # shares of all runs, time of the fastest
            result["profile"]["reference"] = [dict(phase=label, ms=1000 * per_run * float(c) / total,
                                                   share=float(c) / total) for label, c in zip(ref.PHASES, prof)]
    result["maxrss_total_mb"] = _rss_mb()
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("network", choices=("coba", "izhikevich"))
    parser.add_argument("--neurons", type=int, default=None, help="default 4000 (COBA) / 1000 (Izhikevich)")
    parser.add_argument("--fan-in", type=float, default=80.0, help="COBA: mean inputs per neuron (p = fan_in/N)")
    parser.add_argument("--duration", type=float, default=1000.0, help="ms per timed run")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-reference", action="store_true")
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args(argv)
    neurons = args.neurons or (4000 if args.network == "coba" else 1000)
    result = measure(args.network, neurons, args.fan_in, args.duration, args.repeats, args.seed,
                     reference=not args.no_reference, profile=args.profile)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
