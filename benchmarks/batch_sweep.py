"""The seed network swept over input rates, N copies x 1 s, in every mode side by side; prints JSON.

::

    .venv/bin/python benchmarks/batch_sweep.py [--copies 64,1000] [--engines 2] [--rounds 2]

In one process, in alternating rounds (the fastest of each is kept, the least
disturbed on shared cores):

- ``hand-written``: ``reference_seed_batch.py``, all copies in one prange call
  (simulation only);
- ``annlab batch kernel``: the same copies as annlab networks, compiled before the
  clock, advanced by one :class:`annlab.sim.batch.Batch` (simulation only);
- ``parallel_run`` end to end (copies made from the recipe, compiled, simulated
  1 s each with its own input rate, spike counts returned) with ``mode='batch'``,
  ``'sequential'`` and ``'engines'`` (a local cluster of ``--engines``, started and
  warmed before the clock; ``--engines 0`` skips it);
- ANNarchy 4.8's ``parallel_run`` of the same sweep (it forks a pool of 2
  processes; ``peers/annarchy_seed_sweep.py`` in ``benchmarks/.peers/annarchy``),
  end to end with its generated code compiled before.

Then, in fresh processes with a warm kernel cache, the seed page's
``parallel_run(simulation, number=64, rates=...)`` script against the single
seed workflow script (define, compile, simulate 1 s, read the monitor); and the
seed page's ``networks=[net1, net2, net3]`` with ``parallel_run`` in batch and
sequential modes and as a plain loop over the three networks. The last line of
stdout is the JSON.
"""
import argparse
import json
import os
import subprocess
import sys
import textwrap
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

SEED_NETWORK = """
from annlab import *
setup(seed=1)
pop1 = PoissonPopulation(100, rates=10.0)
pop2 = Population(100, Izhikevich)
proj = Projection(pop1, pop2, 'exc')
proj.connect_fixed_probability(weights=5.0, probability=0.2)
m = Monitor(pop2, 'spike')
"""

SCRIPTS = {
    "single_workflow": SEED_NETWORK + """
compile()
simulate(1000.0)
t, n = m.raster_plot()
""",
    "parallel_run_64": SEED_NETWORK + """
def simulation(idx, net, rates):
    net.get(pop1).rates = rates
    net.simulate(1000.0)
    return net.get(m).raster_plot()
results = parallel_run(simulation, number=64, rates=[k * 50.0 / 63 for k in range(64)], progress=False)
""",
}


def fresh_process(name, repeats=3):
    """Fastest wall time of a script in a fresh Python."""
    walls = []
    for _ in range(repeats):
        started = time.perf_counter()
        subprocess.run([sys.executable, "-c", textwrap.dedent(SCRIPTS[name])], capture_output=True, text=True,
                       timeout=900, check=True)
        walls.append(time.perf_counter() - started)
    return min(walls)


def define_seed_network():
    """The seed page's network in a fresh default network (seed 1); returns (pop1, pop2, its spike monitor)."""
    from annlab import Izhikevich, Monitor, PoissonPopulation, Population, Projection, clear, setup

    clear()
    setup(seed=1)
    pop1 = PoissonPopulation(100, rates=10.0)
    pop2 = Population(100, Izhikevich)
    Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
    return pop1, pop2, Monitor(pop2, 'spike')


def sweep(copies, engines, rounds):
    """All in-process modes for ``copies`` copies; returns their fastest times in s."""
    import numpy as np

    import reference_seed_batch
    from annlab import Network, parallel_run
    from annlab.sim.batch import Batch

    pop1, _, m = define_seed_network()
    rates = list(np.linspace(0.0, 50.0, copies))

    def simulation(idx, net, rates):
        net.get(pop1).rates = rates
        net.simulate(1000.0)
        return sum(len(times) for times in net.get(m).get("spike").values())

    def batch_kernel():
        nets = [Network(everything=True, seed=k) for k in range(copies)]
        for net, rate in zip(nets, rates):
            net.get(pop1).rates = rate
            net.compile()
        batch = Batch([net._compiled for net in nets])
        started = time.perf_counter()
        batch.run(1000)
        return time.perf_counter() - started, [sum(len(t) for t in net.get(m).get("spike").values()) for net in nets]

    modes = ["batch", "sequential"] + (["engines"] if engines else [])
    if engines:
        from annlab.parallel import local_client
        local_client(engines)
        parallel_run(simulation, number=engines, mode="engines", progress=False, rates=[1.0] * engines)
    parallel_run(simulation, number=2, mode="batch", progress=False, rates=[1.0] * 2)  # kernels loaded
    reference_seed_batch.run(2)
    times = {name: [] for name in ["hand-written", "annlab batch kernel"] + modes}
    spikes = {}
    for _ in range(rounds):
        seconds, counts = reference_seed_batch.run(copies, rates=rates)
        times["hand-written"].append(seconds)
        spikes["hand-written"] = float(np.mean(counts))
        seconds, counts = batch_kernel()
        times["annlab batch kernel"].append(seconds)
        spikes["annlab batch kernel"] = float(np.mean(counts))
        for mode in modes:
            started = time.perf_counter()
            counts = parallel_run(simulation, number=copies, mode=mode, progress=False, rates=rates,
                                  seeds=list(range(copies)))
            times[mode].append(time.perf_counter() - started)
            spikes[mode] = float(np.mean(counts))
    return {name: min(values) for name, values in times.items()}, spikes


def annarchy_sweep(copies, processes=2):
    """ANNarchy 4.8's ``parallel_run`` of the same sweep (``peers/annarchy_seed_sweep.py``): (fastest of 2 runs
    in s, mean spikes per copy), or None when its environment (``benchmarks/.peers/annarchy``) is missing."""
    environment = os.path.join(HERE, ".peers", "annarchy")
    python = os.path.join(environment, "bin", "python")
    if not os.path.exists(python):
        print("ANNarchy 4.8 not installed (benchmarks/setup_peers.sh annarchy): skipped", file=sys.stderr)
        return None
    env = dict(os.environ, PATH=os.path.join(environment, "bin") + os.pathsep + os.environ.get("PATH", ""))
    out = subprocess.run([python, os.path.join(HERE, "peers", "annarchy_seed_sweep.py"), "--copies", str(copies),
                          "--processes", str(processes)], capture_output=True, text=True, timeout=1800, env=env,
                         cwd=os.path.join(HERE, "peers"))
    try:
        result = json.loads(out.stdout.strip().splitlines()[-1])
        return min(result["times_s"]), result["mean_spikes"]
    except (IndexError, ValueError, KeyError):
        print(f"ANNarchy 4.8 failed: {out.stderr[-1000:]}", file=sys.stderr)
        return None


def three_networks(rounds=5):
    """The seed page's ``networks=[net1, net2, net3]`` (two structures): parallel_run batch, parallel_run
    sequential, and a loop over the networks themselves; fastest times in s."""
    from annlab import Network, compile, parallel_run

    pop1, pop2, m = define_seed_network()
    compile()

    def networks():
        net1 = Network()
        net1.add([pop2, m])
        net2, net3 = Network(everything=True), Network(everything=True)
        net3.get(pop1).rates = 20.0
        for net in (net1, net2, net3):
            net.compile()
        return [net1, net2, net3]

    def simulation(idx, net):
        net.simulate(1000.0)
        return net.get(m).raster_plot()

    times = {"parallel_run batch": [], "parallel_run sequential": [], "loop over the networks": []}
    parallel_run(simulation, networks=networks(), mode="batch", progress=False)  # kernels loaded
    for _ in range(rounds):
        for name, mode in (("parallel_run batch", "batch"), ("parallel_run sequential", "sequential")):
            nets = networks()
            started = time.perf_counter()
            parallel_run(simulation, networks=nets, mode=mode, progress=False)
            times[name].append(time.perf_counter() - started)
        nets = networks()
        started = time.perf_counter()
        for net in nets:
            simulation(0, net)
        times["loop over the networks"].append(time.perf_counter() - started)
    return {name: min(values) for name, values in times.items()}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--copies", default="64,1000", help="comma-separated numbers of copies")
    parser.add_argument("--engines", type=int, default=2, help="local engines (0: skip the engines mode)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--no-annarchy", action="store_true", help="skip ANNarchy 4.8's parallel_run")
    args = parser.parse_args(argv)
    result = {"sweeps": {}}
    for copies in [int(c) for c in args.copies.split(",")]:
        times, spikes = sweep(copies, args.engines, args.rounds)
        if not args.no_annarchy:
            peer = annarchy_sweep(copies)
            if peer is not None:
                times["ANNarchy 4.8 parallel_run"], spikes["ANNarchy 4.8 parallel_run"] = peer
        hand = times["hand-written"]
        result["sweeps"][copies] = dict(times_s=times, mean_spikes=spikes,
                                        ratio_to_hand_written={k: v / hand for k, v in times.items()},
                                        batch_speedup_over_sequential=times["sequential"] / times["batch"])
        print(f"seed network, {copies} copies x 1 s:", file=sys.stderr)
        for name, seconds in times.items():
            print(f"  {name:>20}: {seconds * 1e3:9.1f} ms  ({seconds / hand:6.2f}x hand-written)", file=sys.stderr)
    from annlab.parallel import stop_local_cluster
    stop_local_cluster()
    fresh = {name: fresh_process(name) for name in SCRIPTS}
    result["fresh_process_s"] = fresh
    result["parallel_run_64_over_single_workflow"] = fresh["parallel_run_64"] / fresh["single_workflow"]
    three = result["three_networks_s"] = three_networks()
    result["three_networks_batch_over_sequential"] = three["parallel_run batch"] / three["parallel_run sequential"]
    result["three_networks_batch_over_loop"] = three["parallel_run batch"] / three["loop over the networks"]
    print(f"fresh process, warm cache: parallel_run(number=64) {fresh['parallel_run_64']:.2f} s, single seed "
          f"workflow {fresh['single_workflow']:.2f} s ({result['parallel_run_64_over_single_workflow']:.2f}x)",
          file=sys.stderr)
    print("networks=[net1, net2, net3]: " + ", ".join(f"{k} {v * 1e3:.1f} ms" for k, v in three.items()),
          file=sys.stderr)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
