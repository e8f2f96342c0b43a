"""The seed script in a fresh process with every cache empty, side by side: annlab (each backend) and ANNarchy 4.8.

Issue 12's measure. Each run is a new process: for annlab ``benchmarks/seed_workflow.py
--worker`` (import, define, compile, three Network copies, 1 s each, raster plots) with a new,
empty ``ANNLAB_CACHE_DIR`` (annlab's kernels, its helpers and Numba's machine code all live
there); for ANNarchy ``peers/annarchy_seed_workflow.py`` with a new compilation folder.
Wall time from interpreter start to exit. Also annlab's Numba backend after a fresh install
(``python -m annlab.sim.precompile``, which scripts/install.sh runs, compiled annlab's own
helpers in the otherwise empty cache first, not timed), and ``import annlab`` against
``import numpy, numba``. Prints a table and the ratios.

Usage: ``.venv/bin/python benchmarks/cold_start.py [--repeats 3] [--json out.json]``
"""
import argparse
import json
import os
import pathlib
import statistics
import subprocess
import sys
import tempfile
import time

HERE = pathlib.Path(__file__).resolve().parent
ROOT = HERE.parent


def timed(command, env):
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cold_start_") as scratch:  # ANNarchy compiles under its cwd
        done = subprocess.run(command, env=env, cwd=scratch, capture_output=True, text=True, check=False,
                              timeout=1800)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(done.stderr[-2000:])
    return elapsed, done.stdout


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--json")
    args = parser.parse_args()
    rows = {}
    for backend in ("auto", "numba"):
        times = []
        for _ in range(args.repeats):
            with tempfile.TemporaryDirectory(prefix="annlab_cold_") as cache:
                env = dict(os.environ, ANNLAB_CACHE_DIR=cache, ANNLAB_BACKEND=backend, PYTHONPATH=str(ROOT))
                times.append(timed([sys.executable, str(HERE / "seed_workflow.py"), "--worker"], env)[0])
        rows[f"annlab {backend}, empty cache"] = times
    times = []  # a fresh install: scripts/install.sh compiled annlab's own helpers (not timed), no kernel cached
    for _ in range(args.repeats):
        with tempfile.TemporaryDirectory(prefix="annlab_cold_") as cache:
            env = dict(os.environ, ANNLAB_CACHE_DIR=cache, ANNLAB_BACKEND="numba", PYTHONPATH=str(ROOT))
            timed([sys.executable, "-m", "annlab.sim.precompile", "--quiet"], env)
            times.append(timed([sys.executable, str(HERE / "seed_workflow.py"), "--worker"], env)[0])
    rows["annlab numba, fresh install"] = times
    annarchy = HERE / ".peers" / "annarchy" / "bin" / "python"
    if annarchy.exists():
        env = dict(os.environ, PATH=f"{annarchy.parent}:{os.environ['PATH']}")
        env.pop("PYTHONPATH", None)
        rows["ANNarchy 4.8, empty folder"] = [timed([str(annarchy), str(HERE / "peers" / "annarchy_seed_workflow.py")],
                                                    env)[0]]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    rows["python -c 'import annlab'"] = [timed([sys.executable, "-c", "import annlab"], env)[0]
                                          for _ in range(args.repeats)]
    rows["python -c 'import numpy, numba'"] = [timed([sys.executable, "-c", "import numpy, numba"], env)[0]
                                                for _ in range(args.repeats)]
    medians = {name: statistics.median(times) for name, times in rows.items()}
    for name, times in rows.items():
        print(f"{name:<36} {medians[name]:8.3f} s   (runs {', '.join(f'{t:.3f}' for t in times)})")
    if "ANNarchy 4.8, empty folder" in medians:
        for row in ("annlab auto, empty cache", "annlab numba, empty cache", "annlab numba, fresh install"):
            print(f"ANNarchy 4.8 / {row}: {medians['ANNarchy 4.8, empty folder'] / medians[row]:.1f}x")
    ours, theirs = medians["python -c 'import annlab'"], medians["python -c 'import numpy, numba'"]
    print(f"import annlab / import numpy, numba: {ours / theirs:.2f}")
    if args.json:
        pathlib.Path(args.json).write_text(json.dumps(dict(runs=rows, medians=medians), indent=1))


if __name__ == "__main__":
    main()
