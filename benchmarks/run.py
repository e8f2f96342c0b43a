"""Benchmark: COBA 4000 and Izhikevich's 2003 network on annlab, against a hand-written kernel.

One command prints one table::

    .venv/bin/python benchmarks/run.py            # kernels from the cache if present
    .venv/bin/python benchmarks/run.py --cold     # fresh kernel cache: build includes compiling

For each network: build time (model, connectivity, state and kernels), the
simulation time of ``--duration`` ms (median, min and max of ``--repeats``
consecutive runs, which continue the dynamics), spikes and mean rate. COBA
is also run by ``reference_coba.py``, a single-purpose Numba implementation
of the same model and connectivity statistics; the ratio annlab/reference
is measured in the same process. Then a per-phase profile of each run
(``phase_profile.py`` for annlab, cycle counters inside the reference).
Not part of the test suite.
"""
import argparse
import os
import statistics
import sys
import tempfile
import time

import numpy as np

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


# ---------------------------------------------------------------------------
# The two networks, as in ANNarchy's examples (see tests/test_large_networks.py)
# ---------------------------------------------------------------------------
def coba_neuron():
    """The COBA neuron of ANNarchy's ``examples/vogels_abbott/COBA.py``."""
    from annlab import Neuron
    return Neuron(
        parameters="""
            El = -60.0 : population
            Vr = -60.0 : population
            Erev_exc = 0.0 : population
            Erev_inh = -80.0 : population
            Vt = -50.0 : population
            tau = 20.0 : population
            tau_exc = 5.0 : population
            tau_inh = 10.0 : population
            I = 20.0 : population
        """,
        equations="""
            tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I
            tau_exc * dg_exc/dt = -g_exc
            tau_inh * dg_inh/dt = -g_inh
        """,
        spike="v > Vt", reset="v = Vr", refractory=5.0, name="COBA")


def build_coba(seed):
    """COBA 4000 (3200 exc / 800 inh, p = 0.02, dt = 0.1 ms); returns (network, monitor)."""
    from annlab import Monitor, Network, Normal, Population, Projection, clear, setup
    clear()
    setup(dt=0.1, seed=seed)
    pop = Population(4000, coba_neuron(), name="P")
    pop.v = Normal(-55.0, 5.0)
    pop.g_exc = Normal(4.0, 1.5)
    pop.g_inh = Normal(20.0, 12.0)
    Projection(pop[:3200], pop, "exc").connect_fixed_probability(weights=0.6, probability=0.02)
    Projection(pop[3200:], pop, "inh").connect_fixed_probability(weights=6.7, probability=0.02)
    monitor = Monitor(pop, "spike")
    net = Network(everything=True, seed=seed)
    net.compile()
    return net, net.get(monitor)


def build_izhikevich(seed):
    """Izhikevich (2003), 800 exc / 200 inh, all-to-all, dt = 1 ms; returns (network, monitor)."""
    from annlab import Izhikevich, Monitor, Network, Population, Projection, Uniform, clear, setup
    clear()
    setup(dt=1.0, seed=seed)
    rng = np.random.default_rng(seed)
    pop = Population(1000, Izhikevich, name="P")
    exc, inh = pop[:800], pop[800:]
    re, ri = rng.random(800), rng.random(200)
    exc.noise, inh.noise = 5.0, 2.0
    exc.a, inh.a = 0.02, 0.02 + 0.08 * ri
    exc.b, inh.b = 0.2, 0.25 - 0.05 * ri
    exc.c, inh.c = -65.0 + 15.0 * re ** 2, -65.0
    exc.d, inh.d = 8.0 - 6.0 * re ** 2, 2.0
    exc.v, inh.v = -65.0, -65.0
    exc.u, inh.u = -65.0 * 0.2, -65.0 * (0.25 - 0.05 * ri)
    Projection(exc, pop, "exc").connect_all_to_all(weights=Uniform(0.0, 0.5))
    Projection(inh, pop, "inh").connect_all_to_all(weights=Uniform(0.0, 1.0))
    monitor = Monitor(pop, "spike")
    net = Network(everything=True, seed=seed)
    net.compile()
    return net, net.get(monitor)


# ---------------------------------------------------------------------------
# Measurements
# ---------------------------------------------------------------------------
class Result:
    """One row of the table."""

    def __init__(self, name, neurons, synapses, build, compiled, times, spikes, duration):
        self.name, self.neurons, self.synapses = name, neurons, synapses
        self.build, self.compiled, self.times, self.spikes = build, compiled, times, spikes
        self.duration = duration

    @property
    def median(self):
        return statistics.median(self.times)

    @property
    def rate(self):
        return statistics.mean(self.spikes) / self.neurons / (self.duration / 1000.0)


def measure_annlab(name, builder, seed, duration, repeats):
    """Build a network with ``builder`` and time ``repeats`` runs of ``duration`` ms."""
    started = time.perf_counter()
    net, monitor = builder(seed)
    build = time.perf_counter() - started
    sim = net._simulator
    synapses = sum(proj.nb_synapses for proj in net.projections)
    neurons = sum(pop.size for pop in net.populations)
    times, spikes = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        net.simulate(duration)
        times.append(time.perf_counter() - started)
        spikes.append(sum(len(s) for s in monitor.get("spike").values()))
    return Result(name, neurons, synapses, build, sim.compilations > 0, times, spikes, duration), net


def measure_reference(seed, duration, repeats):
    """The hand-written COBA kernel: build (connectivity + kernel load/compile), then runs."""
    import reference_coba as ref
    started = time.perf_counter()
    state = ref.build(seed=seed)
    ref.simulate(ref.build(n_neurons=10, seed=seed), 0.1)        # compile or load the kernel
    build = time.perf_counter() - started
    compiled = bool(ref._kernel.stats.cache_misses) or not ref._kernel.stats.cache_hits
    prof = np.zeros(len(ref.PHASES), dtype=np.uint64)
    times, spikes = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        steps, _ranks = ref.simulate(state, duration, prof=prof)
        times.append(time.perf_counter() - started)
        spikes.append(int(steps.size))
    result = Result("COBA 4000 reference", state.v.size, state.n_synapses, build, compiled, times, spikes,
                    duration)
    total = float(prof.sum())
    per_run = statistics.mean(times)
    phases = [(label, per_run * float(c) / total, float(c) / total) for label, c in zip(ref.PHASES, prof)]
    return result, phases


# ---------------------------------------------------------------------------
# Output
# ---------------------------------------------------------------------------
def print_table(results, repeats, duration):
    header = (f"{'network':<24}{'neurons':>8}{'synapses':>10}{'build s':>9}{'compiled':>9}"
              f"{'median s':>10}{'min s':>8}{'max s':>8}{'spikes':>9}{'rate Hz':>9}")
    print(f"\nsimulation of {duration:g} ms, {repeats} consecutive runs each\n")
    print(header)
    print("-" * len(header))
    for r in results:
        print(f"{r.name:<24}{r.neurons:>8}{r.synapses:>10}{r.build:>9.2f}{'yes' if r.compiled else 'no':>9}"
              f"{r.median:>10.4f}{min(r.times):>8.4f}{max(r.times):>8.4f}"
              f"{statistics.mean(r.spikes):>9.0f}{r.rate:>9.2f}")


def print_profile(title, rows):
    total = sum(seconds for _label, seconds, _share in rows)
    print(f"\n{title}: {1000 * total:.1f} ms")
    for label, seconds, share in rows:
        print(f"  {label:<22}{1000 * seconds:>9.1f} ms {100 * share:>6.1f} %")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=float, default=1000.0, help="ms per run (default 1000)")
    parser.add_argument("--repeats", type=int, default=3, help="runs per network (default 3)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--cold", action="store_true",
                        help="use an empty kernel cache, so that build times include compiling")
    parser.add_argument("--no-profile", action="store_true", help="skip the per-phase profile")
    args = parser.parse_args(argv)
    if args.cold:
        os.environ["ANNLAB_CACHE_DIR"] = tempfile.mkdtemp(prefix="annlab_bench_cache_")
    started = time.perf_counter()
    import annlab  # noqa: F401  (import time is not part of any build time below)
    print(f"import annlab: {time.perf_counter() - started:.2f} s; kernel cache: "
          f"{os.environ.get('ANNLAB_CACHE_DIR', '~/.cache/annlab/kernels')}")

    coba, coba_net = measure_annlab("COBA 4000 annlab", build_coba, args.seed, args.duration, args.repeats)
    izh, izh_net = measure_annlab("Izhikevich 2003 annlab", build_izhikevich, args.seed, args.duration,
                                  args.repeats)
    reference, reference_phases = measure_reference(args.seed, args.duration, args.repeats)
    print_table([coba, reference, izh], args.repeats, args.duration)
    print(f"\nCOBA 4000 annlab / reference: median {coba.median / reference.median:.2f}x, "
          f"min {min(coba.times) / min(reference.times):.2f}x")

    if not args.no_profile:
        from phase_profile import profile_phases
        print("\nwhere the time goes (one more run of each, cycle counters around each call):")
        print_profile("COBA 4000 annlab", profile_phases(coba_net, args.duration))
        print_profile("COBA 4000 reference (mean of the timed runs)", reference_phases)
        print_profile("Izhikevich 2003 annlab", profile_phases(izh_net, args.duration))


if __name__ == "__main__":
    main()
