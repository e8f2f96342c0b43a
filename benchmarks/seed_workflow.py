"""The seed workflow end to end in a fresh process, with an empty and with a warm kernel cache.

::

    .venv/bin/python benchmarks/seed_workflow.py [--warm-runs 3]

Each run is a new ``python`` process (``--worker``) doing what
``annlab/examples/seed.py`` does (its ``build``): import annlab, define the network
(Poisson input -> Izhikevich population), compile, create and compile three
Network copies, simulate 1 s on each and take their raster plots
(``Monitor.raster_plot``); then it times creating and compiling one more
copy (median of 5). The parent times the whole process (interpreter start to
exit; wall and CPU time). The first run uses a new, empty ``ANNLAB_CACHE_DIR``, the next ones the
cache it filled. Matplotlib drawing is not included. Prints JSON (last line).
"""
import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time


def worker():
    """The workflow, timed phase by phase; prints JSON."""
    t0 = time.perf_counter()
    from annlab import Network
    from annlab.examples.seed import build
    t_import = time.perf_counter()
    m, networks = build(seed=1)
    t_compile = time.perf_counter()
    rates, t_sim, t_raster = {}, 0.0, 0.0
    for name, net in networks.items():
        s = time.perf_counter()
        net.simulate(1000.0)
        t_sim += time.perf_counter() - s
        s = time.perf_counter()
        net.get(m).raster_plot()
        rates[name] = net.get(m).mean_fr()
        t_raster += time.perf_counter() - s
    t_done = time.perf_counter()
    compilations = sum(getattr(n._compiled, "compilations", 0) for n in networks.values())
    from annlab.core import registry
    default = registry.default_network()
    compilations += getattr(getattr(default, "_compiled", None), "compilations", 0) or 0
    copies = []
    for _ in range(5):
        s = time.perf_counter()
        extra = Network(everything=True)
        extra.compile()
        copies.append(time.perf_counter() - s)
    print(json.dumps(dict(import_s=t_import - t0, define_compile_s=t_compile - t_import, simulate_s=t_sim,
                          raster_s=t_raster, workflow_in_process_s=t_done - t0, kernel_compilations=compilations,
                          one_more_copy_s=statistics.median(copies), one_more_copy_all_s=copies, rates_hz=rates)),
          flush=True)


def run_once(cache_dir):
    """One fresh process with ``ANNLAB_CACHE_DIR=cache_dir``; returns its JSON plus ``process_s``."""
    env = dict(os.environ, ANNLAB_CACHE_DIR=cache_dir)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    out = subprocess.run([sys.executable, os.path.abspath(__file__), "--worker"], env=env, capture_output=True,
                         text=True, check=False)
    elapsed = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if out.returncode != 0:
        raise RuntimeError(f"seed workflow failed:\n{out.stderr[-3000:]}")
    result = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_s"] = elapsed
    result["process_cpu_s"] = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return result


def measure(warm_runs=3):
    """Cold run (empty cache) then ``warm_runs`` warm ones; returns a dict."""
    cache_dir = tempfile.mkdtemp(prefix="annlab_seed_cache_")
    try:
        cold = run_once(cache_dir)
        warm = [run_once(cache_dir) for _ in range(warm_runs)]
    finally:
        shutil.rmtree(cache_dir, ignore_errors=True)
    best = min(warm, key=lambda r: r["process_s"])
    return dict(cold=cold, warm=warm, cold_process_s=cold["process_s"],
                warm_process_s=statistics.median(r["process_s"] for r in warm),
                warm_process_min_s=best["process_s"],
                one_more_copy_s=statistics.median(r["one_more_copy_s"] for r in warm))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--warm-runs", type=int, default=3)
    args = parser.parse_args(argv)
    if args.worker:
        worker()
        return
    result = measure(args.warm_runs)
    print(f"fresh process, empty cache: {result['cold_process_s']:.2f} s; warm cache: "
          f"{result['warm_process_s']:.2f} s (median of {args.warm_runs}); one more copy: "
          f"{1000 * result['one_more_copy_s']:.1f} ms", file=sys.stderr)
    print(json.dumps(result), flush=True)


if __name__ == "__main__":
    main()
