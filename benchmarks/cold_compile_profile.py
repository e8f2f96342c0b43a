"""Where the empty-cache start of the seed script goes, per Numba compilation, for one or two source trees.

Each round runs the seed script (``annlab.examples.seed.run``) in a fresh
process with every cache empty (the kernel directory and the Numba cache files
of annlab's own jitted helpers in the tree), alternating the trees so that
drifts of a shared machine fall on both. It prints the total per run, the
mean per tree and their ratio, and the compilations taking the most time
(inclusive: a kernel's time includes the helpers compiled while typing it).

Usage::

    python benchmarks/cold_compile_profile.py --tree /tmp/before --tree . --rounds 3

``--tree`` is a checkout of annlab (a ``git worktree`` of another commit).
"""
import argparse
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile

CHILD = r"""
import collections, json, time
t0 = time.perf_counter()
from numba.core import event
recorder = event.RecordingListener()
event.register("numba:compile", recorder)
import annlab
t1 = time.perf_counter()
from annlab.examples import seed
seed.run()
t2 = time.perf_counter()
per_function, started = collections.defaultdict(float), {}
for stamp, ev in recorder.buffer:
    function = ev.data["dispatcher"].py_func
    name = function.__qualname__ + " (" + function.__module__.replace("annlab_kernel_", "kernel ")[:20] + ")"
    key = id(ev.data["dispatcher"]), str(ev.data.get("args"))
    if ev.is_start:
        started[key] = stamp
    else:
        per_function[name] += stamp - started.pop(key, stamp)
print(json.dumps({"import": t1 - t0, "total": t2 - t0, "compile": dict(per_function)}))
"""


def clear_numba_cache(tree):
    for pattern in ("*.nbi", "*.nbc"):
        for path in pathlib.Path(tree, "annlab").rglob(pattern):
            path.unlink()


def one_run(tree):
    clear_numba_cache(tree)
    kernels = tempfile.mkdtemp(prefix="annlab_cold_")
    try:
        env = dict(os.environ, ANNLAB_CACHE_DIR=kernels, PYTHONPATH=str(pathlib.Path(tree).resolve()))
        out = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True, check=True,
                             cwd=kernels)
        return json.loads(out.stdout.strip().splitlines()[-1])
    finally:
        shutil.rmtree(kernels, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tree", action="append", required=True, help="an annlab checkout (once or twice)")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--top", type=int, default=8)
    args = parser.parse_args()
    runs = {tree: [] for tree in args.tree}
    for round_ in range(args.rounds):
        order = args.tree if round_ % 2 == 0 else args.tree[::-1]
        for tree in order:
            result = one_run(tree)
            runs[tree].append(result)
            print(f"round {round_ + 1}  {tree:24s} import {result['import']:.2f} s  total {result['total']:.2f} s",
                  flush=True)
    means = {tree: sum(r["total"] for r in results) / len(results) for tree, results in runs.items()}
    for tree, mean in means.items():
        print(f"mean total  {tree:24s} {mean:.2f} s")
    if len(means) == 2:
        first, second = args.tree
        print(f"ratio {second} / {first}: {means[second] / means[first]:.3f}")
    for tree, results in runs.items():
        names = {name for r in results for name in r["compile"]}
        average = {name: sum(r["compile"].get(name, 0.0) for r in results) / len(results) for name in names}
        top = sorted(average.items(), key=lambda item: -item[1])[:args.top]
        print(f"slowest compilations in {tree} (mean s, inclusive):")
        for name, seconds in top:
            print(f"    {seconds:5.2f}  {name}")


if __name__ == "__main__":
    main()
