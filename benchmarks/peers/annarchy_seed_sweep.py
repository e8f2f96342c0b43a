"""The seed network swept over input rates with ANNarchy 4.8's parallel_run, timed; prints JSON.

Run with the ANNarchy environment's Python (benchmarks/.peers/annarchy/bin on
PATH, for g++): ``python annarchy_seed_sweep.py --copies 64``. The seed page's
network (100 Poisson -> 100 Izhikevich, p = 0.2, w = 5), compiled once into
.peers/work/ (reused by later runs, not timed); then
``parallel_run(simulation, number=copies, rates=...)``, each copy simulating
1 s at its own input rate (0-50 Hz) and returning its spike count, end to end
(ANNarchy forks a pool of ``--processes`` workers, which create and compile
their copies: that is part of what a user waits for).
"""
import argparse
import os

from common import WORK, clock, emit


NETWORK = {}


def simulation(idx, net, rates):
    """The sweep's method, at module level: ANNarchy's pool pickles it by reference."""
    net.get(NETWORK["pop1"]).rates = rates
    net.simulate(1000.0)
    return sum(len(times) for times in net.get(NETWORK["m"]).get('spike').values())


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--copies", type=int, default=64)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--repeats", type=int, default=2)
    args = p.parse_args()
    from ANNarchy import (Izhikevich, Monitor, PoissonPopulation, Population, Projection, compile, parallel_run,
                          setup)
    setup(dt=1.0, seed=1)
    pop1 = PoissonPopulation(100, rates=10.0)
    pop2 = Population(100, Izhikevich)
    proj = Projection(pop1, pop2, 'exc')
    proj.connect_fixed_probability(weights=5.0, probability=0.2)
    m = Monitor(pop2, 'spike')
    NETWORK.update(pop1=pop1, m=m)
    os.makedirs(WORK, exist_ok=True)
    os.chdir(WORK)                        # ANNarchy takes the directory relative to the working one
    started = clock()
    compile(directory="annarchy_seed_sweep", silent=True)
    build = clock() - started
    rates = [k * 50.0 / max(1, args.copies - 1) for k in range(args.copies)]
    times, spikes = [], None
    for _ in range(args.repeats):
        started = clock()
        spikes = parallel_run(method=simulation, number=args.copies, max_processes=args.processes, rates=rates)
        times.append(clock() - started)
    emit(simulator="ANNarchy 4.8", network="seed sweep", copies=args.copies, processes=args.processes,
         build_s=build, times_s=times, mean_spikes=sum(spikes) / len(spikes))


if __name__ == "__main__":
    main()
