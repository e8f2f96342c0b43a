"""Ctrl-C during simulate(): the run stops at a step boundary and continues exactly as the whole run."""
import json
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent('''
    import json, os, signal, threading, time
    import numpy as np
    from annlab import *

    def network():
        clear()
        setup(dt=0.5, seed=21)
        noise = PoissonPopulation(200, rates=30.0)
        cells = Population(800, Izhikevich)
        Projection(noise, cells, "exc").connect_fixed_probability(0.1, weights=6.0, delays=1.5)
        return Monitor(cells[:20], ["spike", "v"]), cells

    monitor, cells = network()
    compile()
    simulate(100.0)
    started = time.perf_counter()
    simulate(2000.0)                                       # how fast this machine is
    per_ms = (time.perf_counter() - started) / 2000.0
    duration = float(np.ceil(3.0 / per_ms / 100.0) * 100.0)   # about 3 s of work

    monitor, cells = network()
    compile()
    simulate(duration)
    whole = monitor.get()

    monitor, cells = network()
    compile()
    threading.Timer(0.3, os.kill, (os.getpid(), signal.SIGINT)).start()
    try:
        simulate(duration)
        interrupted_at = None
    except KeyboardInterrupt as err:
        interrupted_at, message = get_time(), str(err)
    first = monitor.get()
    steps_recorded = len(first["v"])
    simulate(duration - interrupted_at)
    rest = monitor.get()
    same_spikes = all(first["spike"][n] + rest["spike"][n] == whole["spike"][n] for n in whole["spike"])
    same_v = bool(np.array_equal(np.concatenate([first["v"], rest["v"]]), whole["v"]))
    print("RESULT", json.dumps(dict(duration=duration, interrupted_at=interrupted_at, message=message,
                                    steps_recorded=steps_recorded, same_spikes=same_spikes, same_v=same_v,
                                    spikes=sum(map(len, whole["spike"].values())))))
''')


@pytest.mark.jit_only  # as Python, the whole run is one chunk: nothing to interrupt in between
def test_interrupted_then_continued_equals_uninterrupted(tmp_path):
    done = subprocess.run([sys.executable, "-c", SCRIPT], capture_output=True, text=True, cwd=tmp_path, timeout=600)
    lines = [line for line in done.stdout.splitlines() if line.startswith("RESULT ")]
    assert done.returncode == 0 and lines, done.stderr[-3000:]
    result = json.loads(lines[-1][len("RESULT "):])
    assert result["interrupted_at"] is not None and 0 < result["interrupted_at"] < result["duration"]
    assert "simulation interrupted at t = " in result["message"] and "continues" in result["message"]
    assert result["steps_recorded"] == round(result["interrupted_at"] / 0.5)   # recordings up to the stop
    assert result["spikes"] > 500
    assert result["same_spikes"] and result["same_v"]
