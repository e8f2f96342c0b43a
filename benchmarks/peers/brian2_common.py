"""Running a Brian2 network on either target and timing it (used by brian2_*.py).

``--target cython`` (runtime mode: Python loop around Cython-compiled code
objects, compiled once and cached in .peers/work/brian2_cython_cache) or
``--target cpp_standalone`` (one C++ program, generated and compiled with
make in .peers/work/brian2_<network>_<N>; its ``main`` is run ``--repeats``
times and the time of the simulation loop is Brian2's own
``device._last_run_time``; the peak memory is that of ``main``, measured
by a wrapper around it). Single-threaded in both (no OpenMP).
"""
import os
import sys

from common import WORK, clock, cpu, maxrss_mb

#: Run as the standalone binary's launcher: runs the program, then writes its peak RSS (MB).
_WRAPPER = ("import os, subprocess, sys\n"
            "p = subprocess.Popen(sys.argv[2:])\n"
            "_, status, usage = os.wait4(p.pid, 0)\n"
            "open(sys.argv[1], 'w').write(str(usage.ru_maxrss / 1024.0))\n"
            "sys.exit(os.waitstatus_to_exitcode(status))\n")


def add_target(p):
    p.add_argument("--target", choices=("cython", "cpp_standalone"), default="cpp_standalone")
    return p


def start(target, name):
    """Select the device/target before the network is defined; returns the project directory."""
    import brian2
    os.makedirs(WORK, exist_ok=True)
    brian2.prefs.codegen.runtime.cython.cache_dir = os.path.join(WORK, "brian2_cython_cache")
    directory = os.path.join(WORK, name)
    if target == "cpp_standalone":
        brian2.set_device("cpp_standalone", directory=directory, build_on_run=False)
        brian2.prefs.devices.cpp_standalone.openmp_threads = 0
    else:
        brian2.prefs.codegen.target = "cython"
    return directory


def run(net, target, directory, duration_ms, repeats, count_spikes, t_defined):
    """Build and run ``net`` (a brian2.Network); returns (build_s, times_s, cpu_times_s, spikes, maxrss_mb, notes).

    ``cpu_times_s`` is None for the standalone program (its own timer is wall time).
    """
    import brian2
    from brian2 import ms
    if target == "cython":
        net.run(brian2.defaultclock.dt)          # compile (or load) every code object
        built = clock()
        times, cpu_times, spikes = [], [], []
        for _ in range(repeats):
            before = count_spikes()
            t0, c0 = clock(), cpu()
            net.run(duration_ms * ms)
            times.append(clock() - t0)
            cpu_times.append(cpu() - c0)
            spikes.append(count_spikes() - before)
        return (built - t_defined, times, cpu_times, spikes, maxrss_mb(),
                "build includes Cython compilation if not cached")
    net.run(duration_ms * ms)
    rss_file = os.path.join(directory, "maxrss.txt")
    brian2.prefs.devices.cpp_standalone.run_cmd_unix = [sys.executable, "-c", _WRAPPER, rss_file, "./main"]
    device = brian2.get_device()
    device.build(directory=directory, compile=True, run=False, with_output=False)
    compiled = clock()
    times, spikes, rss = [], [], []
    for k in range(repeats):
        t0 = clock()
        device.run(directory=directory, with_output=False)
        total = clock() - t0
        if k == 0:
            setup_s = total - device._last_run_time     # connectivity, initial values, file output
        times.append(device._last_run_time)
        spikes.append(count_spikes())
        with open(rss_file) as handle:
            rss.append(float(handle.read()))
    notes = ("build = code generation + make + the program's set-up (connectivity, ...); times = "
             "Brian2's own timer of the simulation loop")
    return compiled - t_defined + setup_s, times, None, spikes, max(rss), notes
