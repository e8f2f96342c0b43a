"""The README's main command, headless: the seed example runs and writes its raster plot."""
import os
import pathlib
import re
import subprocess

ROOT = pathlib.Path(__file__).resolve().parents[1]


def test_headless_main_job_writes_the_raster_plot(tmp_path):
    output = ROOT / "annlab_output" / "seed_raster.png"
    if output.exists():
        output.unlink()
    env = {**os.environ, "ANNLAB_SKIP_INSTALL": "1"}
    run = subprocess.run(["bash", str(ROOT / "scripts" / "run.sh"), "--headless", "--seed", "2"], cwd=tmp_path,
                         env=env, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    rates = {name.strip(): float(rate) for name, rate in re.findall(r"^\s*(.+?):\s+([\d.]+) Hz$", run.stdout, re.M)}
    assert rates["no input"] == 0.0
    assert 1.0 < rates["10 Hz input"] < 3.5 and 5.5 < rates["20 Hz input"] < 8.5
    assert output.exists() and output.stat().st_size > 10_000
    assert output.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
