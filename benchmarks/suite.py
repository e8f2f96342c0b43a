"""The annlab benchmark suite: one command, one table, results/latest.json and BENCHMARKS.md.

::

    .venv/bin/python benchmarks/suite.py                      # everything, sizes 4k, 16k, 64k (~10 min)
    .venv/bin/python benchmarks/suite.py --sizes 4000,16000,64000,256000
    .venv/bin/python benchmarks/suite.py --sections networks,seed --no-peers

Sections (each measurement in its own fresh process; see the worker scripts):

- ``networks``: COBA 4000 and Izhikevich 2003, 1 s runs: annlab and the
  hand-written Numba reference interleaved in one process
  (``bench_annlab.py``), then ANNarchy 4.8 and Brian2 (C++ standalone and
  runtime/Cython) through ``peers/*.py`` in their own environments
  (``setup_peers.sh``); ``--rounds`` (2) alternating rounds of all of them,
  pooled; a per-phase profile of annlab and the reference.
- ``scaling``: COBA at ``--sizes`` with fan-in 80 (p = 80/N): time per
  simulated second, neuron updates/s, synaptic events/s, peak memory
  (``ru_maxrss``), for annlab, the reference and the peers.
- ``seed``: the seed workflow in fresh processes, empty and warm kernel cache,
  one more copy (``seed_workflow.py``).
- ``parallel``: 8 copies of COBA 16k for 2 s, sequential vs 2 engines vs batch
  (``parallel_sweep.py``).
- ``sweep``: the seed network, 64 and 1000 copies x 1 s with their own input
  rates: annlab's batch kernel against a hand-written batched Numba kernel
  (``reference_seed_batch.py``), ``parallel_run`` in batch, sequential and
  engines modes, fresh-process ``parallel_run(number=64)`` against the single
  seed workflow (``batch_sweep.py``); and COBA 4000 x 8 copies x 1 s in the
  three modes (``parallel_sweep.py``).

Peers missing from ``benchmarks/.peers`` are installed first by
``setup_peers.sh`` (``--no-install``: skipped), and skipped with a message
when that fails or g++ is missing. On two
shared cores absolute times move by 10-30 % from run to run: read the ratios,
which come from the same run (annlab/reference from the same process). The
load average is recorded with every measurement. Not part of the test suite.
"""
import argparse
import datetime
import json
import os
import platform
import shutil
import subprocess
import sys
import time

import report

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
# These sections time compiled kernels (and start-up on them, comparable across runs): every annlab
# process they start runs backend='numba'. The tiered start is timed by benchmarks/first_result.py.
os.environ.setdefault("ANNLAB_BACKEND", "numba")
PEERS = os.path.join(HERE, ".peers")
#: (label, environment, script prefix, extra arguments) of every peer run.
PEER_RUNS = (("ANNarchy 4.8", "annarchy", "annarchy", []),
             ("Brian2 C++ standalone", "brian2", "brian2", ["--target", "cpp_standalone"]),
             ("Brian2 Cython", "brian2", "brian2", ["--target", "cython"]))
TIMEOUT = 1800


def log(message):
    print(message, file=sys.stderr, flush=True)


def loadavg():
    try:
        with open("/proc/loadavg") as handle:
            return [float(x) for x in handle.read().split()[:3]]
    except OSError:
        return None


def run_json(cmd, env=None, cwd=HERE, timeout=TIMEOUT):
    """Run a worker; returns the JSON of its last stdout line (plus wall time and load), or an error."""
    load = loadavg()
    started = time.perf_counter()
    try:
        out = subprocess.run(cmd, env=env, cwd=cwd, capture_output=True, text=True, timeout=timeout, check=False)
    except subprocess.TimeoutExpired:
        return dict(error=f"timed out after {timeout} s: {' '.join(cmd)}")
    wall = time.perf_counter() - started
    lines = out.stdout.strip().splitlines()
    try:
        result = json.loads(lines[-1])
    except (IndexError, ValueError):
        tail = (out.stderr or out.stdout)[-2000:]
        return dict(error=f"exit {out.returncode}: {' '.join(cmd[-6:])}\n{tail}")
    result.update(wall_s=wall, loadavg_before=load)
    return result


def peer_env(env_name):
    """(python, environment) of a peer's virtual environment, or (None, reason)."""
    venv = os.path.join(PEERS, env_name)
    python = os.path.join(venv, "bin", "python")
    if not os.path.exists(python):
        return None, f"{env_name} not installed (run benchmarks/setup_peers.sh)"
    if shutil.which("g++") is None:
        return None, "g++ not on PATH"
    env = dict(os.environ, PATH=os.path.join(venv, "bin") + os.pathsep + os.environ.get("PATH", ""))
    env.pop("PYTHONPATH", None)
    return python, env


def install_missing_peers(peers_wanted, no_install):
    """Run setup_peers.sh for the wanted peers whose environment is missing (unless ``no_install``)."""
    missing = [p for p in peers_wanted if not os.path.exists(os.path.join(PEERS, p, "bin", "python"))]
    if not missing:
        return
    if no_install:
        log(f"peers not installed: {', '.join(missing)} (benchmarks/setup_peers.sh); they are skipped")
        return
    log(f"installing the peers {', '.join(missing)} with benchmarks/setup_peers.sh (once, a few minutes)...")
    out = subprocess.run(["bash", os.path.join(HERE, "setup_peers.sh"), *missing], capture_output=True, text=True)
    if out.returncode != 0:
        log(f"setup_peers.sh failed; the missing peers are skipped:\n{(out.stderr or out.stdout)[-1500:]}")


def run_peers(args, network, neurons, repeats, peers_wanted, cython=True):
    """Every wanted peer on one network; returns {label: result or {"skipped": reason}}."""
    results = {}
    for label, env_name, prefix, extra in PEER_RUNS:
        if env_name not in peers_wanted or (not cython and "cython" in extra):
            continue
        if neurons > args.peer_max_neurons:
            results[label] = dict(skipped=f"N > --peer-max-neurons {args.peer_max_neurons}")
            continue
        python, env = peer_env(env_name)
        if python is None:
            results[label] = dict(skipped=env)
            log(f"  {label}: skipped ({env})")
            continue
        script = os.path.join(HERE, "peers", f"{prefix}_{network}.py")
        cmd = [python, script, "--neurons", str(neurons), "--repeats", str(repeats), "--seed", str(args.seed),
               *extra]
        log(f"  {label} {network} {neurons}...")
        results[label] = run_json(cmd, env=env, cwd=os.path.join(HERE, "peers"))
        if "error" in results[label]:
            log(f"  {label}: FAILED {results[label]['error'][:500]}")
    return results


def annlab_cmd(network, neurons, repeats, args, profile=False):
    cmd = [sys.executable, os.path.join(HERE, "bench_annlab.py"), network, "--neurons", str(neurons),
           "--repeats", str(repeats), "--seed", str(args.seed)]
    return cmd + (["--profile"] if profile else [])


def _merge_annlab(first, other):
    """Pool the timed runs of two bench_annlab.py results (same network) into ``first``."""
    if "error" in other or "error" in first:
        return first if "error" not in first else other
    for side in ("annlab", "reference"):
        a, b = first[side], other[side]
        old_median = a["median_s"]
        a["times_s"] += b["times_s"]
        a["spikes"] += b["spikes"]
        a["cpu_times_s"] += b["cpu_times_s"]
        a["min_cpu_s"] = min(a["cpu_times_s"])
        a["min_s"] = min(a["times_s"])
        a["median_s"] = sorted(a["times_s"])[len(a["times_s"]) // 2]
        for key in ("sim_s_per_s",):                                   # proportional to the time
            a[key] *= a["median_s"] / old_median
        for key in ("neuron_updates_per_s", "syn_events_per_s"):       # inversely proportional
            a[key] *= old_median / a["median_s"]
    first["annlab"]["maxrss_mb"] = max(first["annlab"]["maxrss_mb"], other["annlab"]["maxrss_mb"])
    first["ratio_median"] = first["annlab"]["median_s"] / first["reference"]["median_s"]
    first["ratio_min"] = first["annlab"]["min_s"] / first["reference"]["min_s"]
    first["ratio_min_cpu"] = first["annlab"]["min_cpu_s"] / first["reference"]["min_cpu_s"]
    first["rounds"] = first.get("rounds", 1) + 1
    return first


def _merge_peer(first, other):
    if "times_s" not in first or "times_s" not in other:
        return first if "times_s" in first else other
    first["times_s"] += other["times_s"]
    first["spikes"] += other["spikes"]
    if first.get("cpu_times_s") and other.get("cpu_times_s"):
        first["cpu_times_s"] += other["cpu_times_s"]
    first["rounds"] = first.get("rounds", 1) + 1
    return first


def section_networks(args, peers_wanted):
    """COBA 4000 and Izhikevich 2003 on everything, in ``--rounds`` alternating rounds (pooled)."""
    out = {}
    for network, neurons in (("coba", 4000), ("izhikevich", 1000)):
        for k in range(args.rounds):
            log(f"[networks] {network} (round {k + 1}/{args.rounds}): annlab + reference...")
            bench = run_json(annlab_cmd(network, neurons, args.repeats, args, profile=k == 0))
            peers = run_peers(args, network, neurons, args.repeats, peers_wanted)
            if k == 0:
                entry = dict(annlab=bench, peers=peers)
                continue
            entry["annlab"] = _merge_annlab(entry["annlab"], bench)
            for label, peer in peers.items():
                entry["peers"][label] = _merge_peer(entry["peers"][label], peer)
        out[network] = entry
    return out


def section_scaling(args, peers_wanted, networks=None):
    """COBA at each size; 4000 is the ``networks`` section's COBA (the same network) when it ran."""
    out = {}
    scaling_peers = [p for p in peers_wanted if p in args.scaling_peers]
    for n in args.sizes:
        if n == 4000 and networks and "coba" in networks:
            coba = networks["coba"]
            out[str(n)] = dict(annlab=coba["annlab"], peers={label: peer for label, peer in coba["peers"].items()
                                                             if label != "Brian2 Cython"}, reused="networks")
            continue
        repeats = args.repeats if n <= 16000 else (3 if n <= 64000 else 2)
        log(f"[scaling] COBA {n}: annlab + reference...")
        entry = dict(annlab=run_json(annlab_cmd("coba", n, repeats, args)))
        # the runtime (Cython) mode of Brian2 is far slower: only in the networks section
        entry["peers"] = run_peers(args, "coba", n, 2 if n >= 64000 else repeats, scaling_peers, cython=False)
        out[str(n)] = entry
    return out


def section_seed(args):
    log("[seed] seed workflow in fresh processes (empty cache, then warm)...")
    return run_json([sys.executable, os.path.join(HERE, "seed_workflow.py"), "--warm-runs", "5"])


def section_parallel(args):
    log("[parallel] 8 copies of COBA 16k x 2 s: sequential vs 2 engines...")
    return run_json([sys.executable, os.path.join(HERE, "parallel_sweep.py"), "--neurons", "16000",
                     "--duration", "2000", "--copies", "8", "--engines", "2"])


def section_sweep(args):
    log("[sweep] the seed network, 64 and 1000 copies: batch kernels, parallel_run modes...")
    seed = run_json([sys.executable, os.path.join(HERE, "batch_sweep.py"), "--copies", "64,1000"])
    log("[sweep] COBA 4000, 8 copies x 1 s: sequential vs engines vs batch...")
    coba = run_json([sys.executable, os.path.join(HERE, "parallel_sweep.py"), "--neurons", "4000",
                     "--duration", "1000", "--copies", "8", "--engines", "2"])
    log("[sweep] annlab.sweep, 16 x 16 grid x 3 seeds: against parallel_run alone, and from its cache...")
    table = run_json([sys.executable, os.path.join(HERE, "sweep_table.py")])
    return dict(seed=seed, coba=coba, table=table)


def machine():
    """Machine, versions, date and revision."""
    info = dict(date=datetime.datetime.now().isoformat(timespec="seconds"), nproc=os.cpu_count(),
                python=platform.python_version(), platform=platform.platform())
    try:
        lscpu = subprocess.run(["lscpu"], capture_output=True, text=True).stdout
        fields = dict(line.split(":", 1) for line in lscpu.splitlines() if ":" in line)
        info["cpu"] = fields.get("Model name", "?").strip()
        info["caches"] = ", ".join(f"{k.strip()} {fields[k].strip()}" for k in ("L1d cache", "L2 cache",
                                                                                "L3 cache") if k in fields)
    except OSError:
        info["cpu"] = platform.processor()
    try:
        with open("/proc/meminfo") as handle:
            info["memory_gib"] = round(int(handle.readline().split()[1]) / 1024 ** 2, 1)
    except OSError:
        pass
    import numba
    import numpy
    info.update(numpy=numpy.__version__, numba=numba.__version__)
    git = subprocess.run(["git", "describe", "--always", "--dirty"], cwd=ROOT, capture_output=True, text=True)
    info["revision"] = git.stdout.strip()
    where = subprocess.run([sys.executable, "-c", "import importlib.util as u; print(u.find_spec('annlab').origin)"],
                           cwd=HERE, capture_output=True, text=True).stdout.strip()
    info["annlab_path"] = os.path.dirname(where)
    if not info["annlab_path"].startswith(os.path.join(ROOT, "annlab")):
        info["revision"] = f"from {info['annlab_path']} (PYTHONPATH)"
    return info


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sections", default="networks,scaling,seed,parallel,sweep",
                        help="comma-separated subset of networks,scaling,seed,parallel,sweep")
    parser.add_argument("--sizes", default="4000,16000,64000",
                        help="COBA sizes of the scaling section (256000: ~3 GB and ~2 min more)")
    parser.add_argument("--repeats", type=int, default=5,
                        help="timed 1 s runs per measurement (scaling: 3 at 64k, 2 above)")
    parser.add_argument("--rounds", type=int, default=2,
                        help="networks section: alternating rounds of annlab and the peers, pooled (load noise)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--no-peers", action="store_true", help="skip ANNarchy and Brian2")
    parser.add_argument("--peers", default="annarchy,brian2", help="peers to run (of annarchy,brian2)")
    parser.add_argument("--no-install", action="store_true",
                        help="do not run setup_peers.sh for missing peers (they are skipped)")
    parser.add_argument("--scaling-peers", default="annarchy,brian2", help="peers in the scaling section")
    parser.add_argument("--peer-max-neurons", type=int, default=64000,
                        help="largest scaling size run on the peers (ANNarchy draws p-connectivity in O(N^2))")
    parser.add_argument("--output", default=os.path.join(HERE, "results", "latest.json"))
    parser.add_argument("--markdown", default=os.path.join(ROOT, "BENCHMARKS.md"),
                        help="file whose generated section is rewritten ('none': do not write)")
    args = parser.parse_args(argv)
    args.sizes = [int(s) for s in args.sizes.split(",") if s]
    sections = [s.strip() for s in args.sections.split(",") if s.strip()]
    peers_wanted = [] if args.no_peers else [p.strip() for p in args.peers.split(",") if p.strip()]
    install_missing_peers(peers_wanted, args.no_install)
    command = "benchmarks/suite.py " + " ".join(argv if argv is not None else sys.argv[1:])
    started = time.perf_counter()
    results = dict(machine=machine(), command=command.strip(), sections=sections)
    if "networks" in sections:
        results["networks"] = section_networks(args, peers_wanted)
    if "scaling" in sections:
        results["scaling"] = section_scaling(args, peers_wanted, results.get("networks"))
    if "seed" in sections:
        results["seed"] = section_seed(args)
    if "parallel" in sections:
        results["parallel"] = section_parallel(args)
    if "sweep" in sections:
        results["sweep"] = section_sweep(args)
    results["suite_s"] = time.perf_counter() - started
    os.makedirs(os.path.dirname(os.path.abspath(args.output)), exist_ok=True)
    with open(args.output, "w") as handle:  # before rendering: a failing table loses no measurement
        json.dump(results, handle, indent=1)
    log(f"results written to {args.output}")
    results["targets"] = report.targets(results)
    text = report.render(results)
    print(text)
    with open(args.output, "w") as handle:
        json.dump(results, handle, indent=1)
    if args.markdown != "none":
        report.update_markdown(args.markdown, text)
        log(f"generated section of {args.markdown} rewritten")


if __name__ == "__main__":
    main()
