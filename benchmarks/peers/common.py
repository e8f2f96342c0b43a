"""Helpers shared by the peer scripts (run inside the peers' own virtual environments).

Every peer script takes ``--neurons``, ``--fan-in``, ``--duration``, ``--repeats``,
``--seed`` (and Brian2's ``--target``) and prints ONE line of JSON on stdout:
``{"simulator", "network", "neurons", "synapses", "build_s", "times_s": [...],
"cpu_times_s": [...] (when measurable), "spikes": [...], "rate_hz", "maxrss_mb",
"baseline_mb", "notes"}``.
Only the standard library here: the peers' environments have no annlab.
"""
import argparse
import json
import os
import resource
import sys
import time

#: COBA parameters (ANNarchy's examples/vogels_abbott/COBA.py), shared by every simulator.
COBA = dict(El=-60.0, Vr=-60.0, Erev_exc=0.0, Erev_inh=-80.0, Vt=-50.0, tau=20.0, tau_exc=5.0,
            tau_inh=10.0, I=20.0, refractory=5.0, w_exc=0.6, w_inh=6.7, dt=0.1)

#: Where the peers keep their generated code (compiled once, reused by later runs).
WORK = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), ".peers", "work")


def parser(description, network):
    """The command line shared by the peer scripts."""
    p = argparse.ArgumentParser(description=description)
    p.add_argument("--neurons", type=int, default=4000 if network == "coba" else 1000)
    p.add_argument("--fan-in", type=float, default=80.0, help="COBA: mean inputs per neuron (p = fan_in / N)")
    p.add_argument("--duration", type=float, default=1000.0, help="ms per timed run")
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--seed", type=int, default=1)
    return p


def maxrss_mb(who=resource.RUSAGE_SELF):
    """Peak resident memory so far (MB)."""
    return resource.getrusage(who).ru_maxrss / 1024.0


def clock():
    return time.perf_counter()


def cpu():
    """CPU time of this process (s): less disturbed than wall time when the cores are shared."""
    return time.process_time()


def timed_runs(simulate_once, count_spikes, repeats):
    """Call ``simulate_once()`` ``repeats`` times; returns (wall times, CPU times, spikes of each run)."""
    times, cpu_times, spikes = [], [], []
    for _ in range(repeats):
        t0, c0 = clock(), cpu()
        simulate_once()
        times.append(clock() - t0)
        cpu_times.append(cpu() - c0)
        spikes.append(int(count_spikes()))
    return times, cpu_times, spikes


def emit(**result):
    """Print the JSON line the suite reads (the last line of stdout)."""
    sys.stdout.flush()
    print(json.dumps(result), flush=True)
