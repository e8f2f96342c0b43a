"""Izhikevich (2003) on ANNarchy 4.8 (its built-in Izhikevich neuron), timed; prints JSON.

800 excitatory / 200 inhibitory neurons (scaled with ``--neurons``),
all-to-all weights U(0, 0.5) (exc) and U(0, 1) (inh, subtracted), thalamic
noise 5 N(0,1) / 2 N(0,1), dt = 1 ms, neuron types drawn as in the paper.
Run with the ANNarchy environment's Python; compiled once into .peers/work/.
"""
import os

import numpy as np

from common import WORK, clock, emit, maxrss_mb, parser, timed_runs


def main():
    args = parser(__doc__.splitlines()[0], "izhikevich").parse_args()
    baseline = maxrss_mb()
    started = clock()
    from ANNarchy import Izhikevich, Monitor, Population, Projection, Uniform, compile, setup, simulate
    import ANNarchy
    imported = clock()
    setup(dt=1.0, seed=args.seed)
    rng = np.random.default_rng(args.seed)
    n = args.neurons
    n_exc = int(round(0.8 * n))
    pop = Population(n, Izhikevich)
    exc, inh = pop[:n_exc], pop[n_exc:]
    re, ri = rng.random(n_exc), rng.random(n - n_exc)
    exc.noise, inh.noise = 5.0, 2.0
    exc.a, inh.a = 0.02, 0.02 + 0.08 * ri
    exc.b, inh.b = 0.2, 0.25 - 0.05 * ri
    exc.c, inh.c = -65.0 + 15.0 * re ** 2, -65.0
    exc.d, inh.d = 8.0 - 6.0 * re ** 2, 2.0
    exc.v, inh.v = -65.0, -65.0
    exc.u, inh.u = -65.0 * 0.2, -65.0 * (0.25 - 0.05 * ri)
    ce = Projection(exc, pop, "exc").connect_all_to_all(weights=Uniform(0.0, 0.5))
    ci = Projection(inh, pop, "inh").connect_all_to_all(weights=Uniform(0.0, 1.0))
    monitor = Monitor(pop, "spike")
    os.makedirs(WORK, exist_ok=True)
    os.chdir(WORK)
    compile(directory=f"annarchy_izhikevich_{n}", silent=True)
    built = clock()
    times, cpu_times, spikes = timed_runs(lambda: simulate(args.duration),
                                          lambda: sum(len(s) for s in monitor.get("spike").values()), args.repeats)
    rate = sum(spikes) / len(spikes) / n / (args.duration / 1000.0)
    emit(simulator=f"ANNarchy {ANNarchy.__version__}", network="izhikevich", neurons=n,
         synapses=int(ce.nb_synapses + ci.nb_synapses), import_s=imported - started, build_s=built - imported,
         times_s=times, cpu_times_s=cpu_times, spikes=spikes, rate_hz=rate, maxrss_mb=maxrss_mb(),
         baseline_mb=baseline,
         notes="build includes code generation, g++ if changed, connectivity")


if __name__ == "__main__":
    main()
