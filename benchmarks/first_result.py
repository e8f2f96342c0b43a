"""Edit-to-first-result latency: a notebook user edits a neuron model's equation and runs 1 s again.

Issue 12's measure. In a warm process (the simulator imported, another model already
run), a LIF population of N neurons with an equation never seen before (a fresh
coefficient: its kernels are in no cache) is defined, compiled and simulated for 1 s
of dt = 0.1 ms; the time from the model's definition to simulate()'s return is the
latency, printed side by side for:

- annlab, ``backend='auto'`` (the NumPy stepper while Numba compiles in the background),
- annlab, ``backend='numba'`` (waits for the compiled kernels),
- annlab, ``backend='numpy'`` (the NumPy stepper only),
- Brian2's runtime ``numpy`` target and ANNarchy 4.8, when installed under
  ``benchmarks/.peers`` (``benchmarks/setup_peers.sh``).

Each measure runs in a fresh process (the warm-up included), as a notebook kernel would.
Usage: ``.venv/bin/python benchmarks/first_result.py [--sizes 100,4000] [--repeats 3] [--json out.json]``
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import textwrap

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent
PEERS = HERE / ".peers"

EQUATIONS = "tau * dv/dt = El - v + I * {coefficient}"

ANNLAB = textwrap.dedent('''
    import random, sys, time
    import numpy as np
    import annlab
    from annlab import Monitor, Neuron, Population, compile, clear, setup, simulate
    setup(dt=0.1, backend=sys.argv[2])
    warm = Population(10, annlab.Izhikevich)           # the session so far: another model already ran
    compile(); simulate(10.0)
    clear(); setup(dt=0.1, backend=sys.argv[2])
    n = int(sys.argv[1])
    started = time.perf_counter()
    lif = Neuron(parameters="tau = 10.0\\nEl = -65.0\\nvt = -50.0\\nvr = -65.0\\nI = 0.0",
                 equations="{equations}".format(coefficient=1.0 + random.random() * 1e-6),
                 spike="v > vt", reset="v = vr", refractory=2.0)
    pop = Population(n, lif)
    pop.v = -65.0
    pop.I = np.linspace(10.0, 30.0, n)
    m = Monitor(pop, "spike")
    compile()
    simulate(1000.0)
    elapsed = time.perf_counter() - started
    spikes = sum(len(s) for s in m.get("spike").values())
    print(elapsed, spikes, annlab.core.registry.default_network()._compiled.running)
''').replace("{equations}", EQUATIONS)

BRIAN2 = textwrap.dedent('''
    import random, sys, time
    import numpy as np
    import brian2 as b
    b.prefs.codegen.target = "numpy"
    b.defaultclock.dt = 0.1 * b.ms
    warm = b.NeuronGroup(10, "dv/dt = -v / (10*ms) : 1"); b.run(1 * b.ms)   # the session so far
    n = int(sys.argv[1])
    started = time.perf_counter()
    coefficient = 1.0 + random.random() * 1e-6
    group = b.NeuronGroup(n, """dv/dt = (El - v + I * coefficient) / tau : volt (unless refractory)
                                I : volt""", threshold="v > vt", reset="v = vr", refractory=2 * b.ms,
                          method="euler", namespace=dict(El=-65 * b.mV, vt=-50 * b.mV, vr=-65 * b.mV,
                                                         tau=10 * b.ms, coefficient=coefficient))
    group.v = -65 * b.mV
    group.I = np.linspace(10.0, 30.0, n) * b.mV
    monitor = b.SpikeMonitor(group)
    net = b.Network(group, monitor)
    net.run(1000 * b.ms)
    print(time.perf_counter() - started, monitor.num_spikes, "numpy")
''')

ANNARCHY = textwrap.dedent('''
    import random, sys, time
    import numpy as np
    import ANNarchy as ann
    ann.setup(dt=0.1)
    n = int(sys.argv[1])
    started = time.perf_counter()
    lif = ann.Neuron(parameters="tau = 10.0\\nEl = -65.0\\nvt = -50.0\\nvr = -65.0\\nI = 0.0",
                     equations="{equations}".format(coefficient=1.0 + random.random() * 1e-6),
                     spike="v > vt", reset="v = vr", refractory=2.0)
    pop = ann.Population(n, lif)
    pop.v = -65.0
    pop.I = np.linspace(10.0, 30.0, n)
    m = ann.Monitor(pop, "spike")
    ann.compile(directory="annarchy_first")  # in the scratch working directory
    ann.simulate(1000.0)
    elapsed = time.perf_counter() - started
    print(elapsed, sum(len(s) for s in m.get("spike").values()), "c++")
''').replace("{equations}", EQUATIONS)


def measure(python, script, size, extra=(), env=None):
    """(seconds, spikes, backend running at the end) of one fresh process."""
    with tempfile.NamedTemporaryFile("w", suffix=".py", delete=False) as handle:
        handle.write(script)
    try:
        with tempfile.TemporaryDirectory(prefix="first_result_") as scratch:  # ANNarchy compiles under its cwd
            done = subprocess.run([python, handle.name, str(size), *extra], capture_output=True, text=True,
                                  env=env, cwd=scratch, timeout=900, check=False)
    finally:
        os.unlink(handle.name)
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    seconds, spikes, running = done.stdout.split()[-3:]
    return float(seconds), int(spikes), running


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="100,4000")
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--no-peers", action="store_true")
    parser.add_argument("--json")
    args = parser.parse_args()
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    env.setdefault("ANNLAB_CACHE_DIR", str(ROOT / ".annlab_cache"))
    python = sys.executable
    tools = [(f"annlab {mode}", python, ANNLAB, (mode,)) for mode in ("auto", "numba", "numpy")]
    if not args.no_peers:
        brian2 = PEERS / "brian2" / "bin" / "python"
        annarchy = PEERS / "annarchy" / "bin" / "python"
        if brian2.exists():
            tools.append(("Brian2 numpy target", str(brian2), BRIAN2, ()))
        if annarchy.exists():
            tools.append(("ANNarchy 4.8", str(annarchy), ANNARCHY, ()))
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        for name, tool_python, script, extra in tools:
            repeats = 1 if name.startswith("ANNarchy") else args.repeats
            tool_env = dict(env, PATH=f"{pathlib.Path(tool_python).parent}:{env['PATH']}")
            runs = [measure(tool_python, script, size, extra, tool_env) for _ in range(repeats)]
            seconds = [r[0] for r in runs]
            results.append(dict(tool=name, neurons=size, median_s=statistics.median(seconds), runs_s=seconds,
                                spikes=runs[0][1], running_at_end=runs[0][2]))
            print(f"{size:>6} neurons  {name:<22} {statistics.median(seconds):7.3f} s   "
                  f"(runs {', '.join(f'{s:.3f}' for s in seconds)}; {runs[0][1]} spikes; ran on {runs[0][2]})",
                  flush=True)
    by = {(r["tool"], r["neurons"]): r["median_s"] for r in results}
    print("\nRatios in this run (lower is better):")
    for size in sorted({r["neurons"] for r in results}):
        auto = by[("annlab auto", size)]
        for other in ("annlab numba", "Brian2 numpy target", "ANNarchy 4.8"):
            if (other, size) in by:
                print(f"  {size} neurons: annlab auto / {other} = {auto / by[(other, size)]:.2f}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(results, indent=1))


if __name__ == "__main__":
    main()
