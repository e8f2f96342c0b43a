"""Run ANNarchy 4.8.2.7's own test suite against annlab and compare with the tests that must pass.

The suite is the ``tests/`` folder of ANNarchy's source distribution. It is downloaded from the
package index at run time into a cache outside the project (nothing of it is committed), copied to a
scratch folder and run with pytest, with ``import ANNarchy`` meaning annlab (``shim/``).

Usage::

    python tests/compat/annarchy_suite.py            # run, print the summary, fail on a regression
    python tests/compat/annarchy_suite.py --list     # also list every test that does not pass
    python tests/compat/annarchy_suite.py --update   # add the tests that pass now to must_pass.txt

``reference_passed.txt`` lists the tests ANNarchy 4.8.2.7 itself passes here (single thread, recorded
with ANNarchy installed and no shim); ``must_pass.txt`` those annlab must keep passing.
"""
import argparse
import ast
import os
import pathlib
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
VERSION = "4.8.2.7"
FOLDERS = ("Common", "Interface", "Monitor", "Neuron", "RateSynapse", "SpikeSynapse")
CACHE = pathlib.Path(os.environ.get("ANNLAB_SUITE_CACHE", pathlib.Path.home() / ".cache" / "annlab"
                                    / f"annarchy-{VERSION}-suite"))
OUTCOME = re.compile(r"^(PASSED|FAILED|ERROR) (\S+)")


def fetch(cache=CACHE, python=sys.executable):
    """The suite's folder, downloading and extracting the sdist on first use."""
    tests = cache / "tests"
    if (tests / "Common").is_dir():
        return tests
    download = cache / "download"
    download.mkdir(parents=True, exist_ok=True)
    if not any(download.glob("*.tar.gz")):
        # ANNarchy publishes only a source distribution; pip prepares its metadata with binary build tools
        # (asking for --no-binary :all: would build numpy from source as a build dependency).
        subprocess.run([python, "-m", "pip", "download", "--quiet", "--no-deps", f"annarchy=={VERSION}",
                        "-d", str(download)], check=True)
    archive = next(download.glob("*.tar.gz"))
    staging = pathlib.Path(tempfile.mkdtemp(dir=cache))
    with tarfile.open(archive) as sdist:
        members = [m for m in sdist.getmembers() if m.name.split("/")[1:2] == ["tests"]]
        sdist.extractall(staging, members=members, filter="data")
    os.replace(next(staging.glob("*/tests")), tests)
    shutil.rmtree(staging)
    return tests


class _TolerantImports(ast.NodeTransformer):
    """Wraps each ``from .test_x import ...`` in try/except, so one module that cannot be imported
    fails only its own tests, not its whole package (each package's __init__ imports all of them)."""

    def visit_ImportFrom(self, node):
        if node.level != 1 or not (node.module or "").startswith("test_"):
            return node
        report = ast.parse(f"print('import failed:', {node.module!r}, _error)").body
        return ast.Try(body=[node], handlers=[ast.ExceptHandler(type=ast.Name("Exception"), name="_error",
                                                                body=report)],
                       orelse=[], finalbody=[])


def prepare(tests, scratch):
    """A copy of the suite in ``scratch`` whose package imports tolerate missing names."""
    if scratch.exists():
        shutil.rmtree(scratch)
    shutil.copytree(tests, scratch)
    for init in scratch.glob("*/__init__.py"):
        tree = ast.fix_missing_locations(_TolerantImports().visit(ast.parse(init.read_text())))
        init.write_text(ast.unparse(tree) + "\n")
    return scratch


def run(scratch, python=sys.executable, extra=()):
    """{test id: 'PASSED' | 'FAILED' | 'ERROR'} of one pytest run over the suite's folders."""
    env = dict(os.environ, PYTHONPATH=str(HERE / "shim"), COLUMNS="400")
    done = subprocess.run([python, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rA",
                           "--continue-on-collection-errors", *extra, *FOLDERS],
                          cwd=scratch, env=env, capture_output=True, text=True)
    (scratch / "pytest.log").write_text(done.stdout + done.stderr)
    outcomes = {}
    for line in done.stdout.splitlines():
        match = OUTCOME.match(line)
        if match:
            outcomes[match.group(2)] = match.group(1)
    return outcomes


def read_list(name):
    path = HERE / name
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--list", action="store_true", help="list the reference tests that do not pass")
    parser.add_argument("--update", action="store_true", help="add the tests that pass now to must_pass.txt")
    parser.add_argument("--scratch", default=None, help="folder for the suite's copy (default: a temporary one)")
    args = parser.parse_args(argv)

    scratch = pathlib.Path(args.scratch or tempfile.mkdtemp(prefix="annarchy-suite-")) / "tests"
    outcomes = run(prepare(fetch(), scratch))
    passed = {test for test, outcome in outcomes.items() if outcome == "PASSED"}
    reference = read_list("reference_passed.txt")
    must_pass = read_list("must_pass.txt")
    regressions = [test for test in must_pass if test not in passed]
    print(f"annlab passes {len(passed & set(reference))} of the {len(reference)} tests ANNarchy {VERSION} "
          f"passes ({len(passed)} in all); must pass: {len(must_pass) - len(regressions)}/{len(must_pass)}")
    print(f"log: {scratch / 'pytest.log'}")
    if args.list:
        for test in reference:
            if test not in passed:
                print(f"  {outcomes.get(test, 'NOT RUN'):8s} {test}")
    if args.update:
        kept = sorted(set(must_pass) | (passed & set(reference)))
        (HERE / "must_pass.txt").write_text(
            "# Tests of ANNarchy 4.8.2.7's suite that annlab passes and must keep passing"
            " (tests/compat/annarchy_suite.py --update adds new ones).\n" + "\n".join(kept) + "\n")
    for test in regressions:
        print(f"REGRESSION: {outcomes.get(test, 'NOT RUN')} {test}")
    return 1 if regressions else 0


if __name__ == "__main__":
    sys.exit(main())
