"""ANNarchy 4.8.2.7's own test suite, fetched from the package index, run against annlab.

Every test listed in ``tests/compat/must_pass.txt`` must pass; ``tests/compat/annarchy_suite.py --list``
shows the rest (and ``docs/compatibility.md`` why).
"""
import pathlib
import subprocess
import sys

import pytest

SUITE = pathlib.Path(__file__).resolve().parent / "compat" / "annarchy_suite.py"


@pytest.mark.compat
def test_annarchy_suite_keeps_passing(tmp_path):
    done = subprocess.run([sys.executable, str(SUITE), "--scratch", str(tmp_path)], capture_output=True,
                          text=True, timeout=1800)
    print(done.stdout[-4000:])
    assert "must pass:" in done.stdout, done.stdout[-2000:] + done.stderr[-2000:]
    assert done.returncode == 0, "\n".join(line for line in done.stdout.splitlines() if "REGRESSION" in line)
