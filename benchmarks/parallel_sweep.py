"""Benchmark: 8 copies of a COBA-like network, sequential vs parallel_run on local engines.

Prints the wall times and their ratio measured in the same run, and the time
to create and compile one more copy (kernels from the cache). Run with
``.venv/bin/python benchmarks/parallel_sweep.py [--neurons 4000] [--duration 1000]``.
Not part of the test suite.
"""
import argparse
import os
import statistics
import time

from annlab import Monitor, Network, Neuron, Population, Projection, clear, compile, parallel_run, setup
from annlab.parallel import local_client, stop_local_cluster

COBA = Neuron(
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


def build(n_neurons):
    from annlab import Uniform
    clear()
    setup(dt=0.1, seed=1)
    n_exc = int(0.8 * n_neurons)
    pop = Population(n_neurons, COBA, name="P")
    pop.v = Uniform(-60.0, -50.0)
    exc, inh = pop[:n_exc], pop[n_exc:]
    Projection(exc, pop, "exc").connect_fixed_probability(0.02, weights=0.6)
    Projection(inh, pop, "inh").connect_fixed_probability(0.02, weights=6.7)
    return pop, Monitor(pop, "spike")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--neurons", type=int, default=4000)
    parser.add_argument("--duration", type=float, default=1000.0)
    parser.add_argument("--copies", type=int, default=8)
    args = parser.parse_args()
    pop, monitor = build(args.neurons)
    compile()

    def simulation(idx, net, duration):
        net.simulate(duration)
        return net.get(monitor).mean_fr()

    durations = [args.duration] * args.copies
    started = time.perf_counter()
    rates_seq = parallel_run(simulation, number=args.copies, sequential=True, progress=False, duration=durations)
    sequential = time.perf_counter() - started

    engines = min(args.copies, os.cpu_count() or 1)
    local_client(engines)  # start the cluster before timing
    parallel_run(simulation, number=engines, progress=False, duration=[1.0] * engines)  # warm engines
    started = time.perf_counter()
    rates_par = parallel_run(simulation, number=args.copies, progress=False, duration=durations)
    parallel = time.perf_counter() - started
    stop_local_cluster()

    copy_times = []
    for _ in range(5):
        started = time.perf_counter()
        net = Network(everything=True)
        net.compile()
        copy_times.append(time.perf_counter() - started)

    print(f"network: COBA {args.neurons} neurons, {args.duration} ms, {args.copies} copies, {engines} engines")
    print(f"mean rate: sequential {statistics.mean(rates_seq):.2f} Hz, parallel {statistics.mean(rates_par):.2f} Hz")
    print(f"sequential: {sequential:8.3f} s")
    print(f"parallel  : {parallel:8.3f} s")
    print(f"speed-up  : {sequential / parallel:8.2f}x")
    print(f"one more copy (create + compile, median of 5): {1000 * statistics.median(copy_times):.1f} ms")


if __name__ == "__main__":
    main()
