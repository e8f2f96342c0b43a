"""COBA on ANNarchy 4.8 (its examples/vogels_abbott/COBA.py), timed; prints JSON.

Run with the ANNarchy environment's Python (benchmarks/.peers/annarchy/bin on
PATH, for g++/cmake/cython): ``python annarchy_coba.py --neurons 4000``. N
neurons, 80 % excitatory, p = fan_in / N (4000 -> 0.02), dt = 0.1 ms. The
generated code is compiled once per size into .peers/work/ and reused.
"""
import os

from common import COBA, WORK, clock, emit, maxrss_mb, parser, timed_runs


def main():
    args = parser(__doc__.splitlines()[0], "coba").parse_args()
    baseline = maxrss_mb()
    started = clock()
    from ANNarchy import Monitor, Neuron, Normal, Population, Projection, compile, setup, simulate
    import ANNarchy
    imported = clock()
    p = COBA
    setup(dt=p["dt"], seed=args.seed)
    neuron = Neuron(
        parameters=f"""
            El = {p['El']} : population
            Vr = {p['Vr']} : population
            Erev_exc = {p['Erev_exc']} : population
            Erev_inh = {p['Erev_inh']} : population
            Vt = {p['Vt']} : population
            tau = {p['tau']} : population
            tau_exc = {p['tau_exc']} : population
            tau_inh = {p['tau_inh']} : population
            I = {p['I']} : population
        """,
        equations="""
            tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I
            tau_exc * dg_exc/dt = -g_exc
            tau_inh * dg_inh/dt = -g_inh
        """,
        spike="v > Vt", reset="v = Vr", refractory=p["refractory"])
    n = args.neurons
    n_exc = int(round(0.8 * n))
    prob = args.fan_in / n
    pop = Population(n, neuron)
    pop.v = Normal(-55.0, 5.0)
    pop.g_exc = Normal(4.0, 1.5)
    pop.g_inh = Normal(20.0, 12.0)
    ce = Projection(pop[:n_exc], pop, "exc").connect_fixed_probability(weights=p["w_exc"], probability=prob)
    ci = Projection(pop[n_exc:], pop, "inh").connect_fixed_probability(weights=p["w_inh"], probability=prob)
    monitor = Monitor(pop, "spike")
    os.makedirs(WORK, exist_ok=True)
    os.chdir(WORK)                        # ANNarchy takes the directory relative to the working one
    compile(directory=f"annarchy_coba_{n}", silent=True)
    built = clock()
    synapses = int(ce.nb_synapses + ci.nb_synapses)
    times, cpu_times, spikes = timed_runs(lambda: simulate(args.duration),
                                          lambda: sum(len(s) for s in monitor.get("spike").values()), args.repeats)
    rate = sum(spikes) / len(spikes) / n / (args.duration / 1000.0)
    emit(simulator=f"ANNarchy {ANNarchy.__version__}", network="coba", neurons=n, synapses=synapses,
         import_s=imported - started, build_s=built - imported, times_s=times, cpu_times_s=cpu_times,
         spikes=spikes, rate_hz=rate,
         maxrss_mb=maxrss_mb(), baseline_mb=baseline, notes="build includes code generation, g++ if changed, "
         "connectivity (drawn at compile)")


if __name__ == "__main__":
    main()
