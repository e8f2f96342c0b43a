"""The tiered start (setup(backend='auto')): NumPy stepper first, compiled kernels from a later chunk on."""
import numpy as np
import pytest

import annlab
from annlab import Monitor, Network, Neuron, Population, PoissonPopulation, Projection, setup
from annlab.errors import AnnlabWarning

pytestmark = pytest.mark.jit_only  # it switches to compiled kernels


def _network(backend, coefficient):
    """100 Poisson -> 50 LIF with a coefficient of its own (a structure no earlier test compiled)."""
    annlab.clear()
    setup(backend=backend, seed=5, dt=0.1)
    lif = Neuron(parameters="tau = 10.0\nI = 0.0", equations=f"tau * dv/dt = -v + I * {coefficient} + g_exc",
                 spike="v > 15.0", reset="v = 0.0", refractory=2.0)
    inputs = PoissonPopulation(100, rates=20.0)
    pop = Population(50, lif)
    pop.I = np.linspace(5.0, 20.0, 50)
    Projection(inputs, pop, "exc").connect_fixed_probability(0.2, weights=1.5)
    Monitor(pop, ["spike", "v"])
    net = Network(everything=True)
    net.compile()
    return net


def test_a_switch_in_the_middle_of_a_run_gives_the_compiled_runs_spikes(capsys):
    tiered = _network("auto", 1.000123)
    simulator = tiered._compiled
    assert simulator.running == "numpy"
    switched = []

    @annlab.every(period=50.0, net_id=tiered.id)
    def wait_for_the_compiled_kernels(n):  # the kernels are ready from the second callback on
        if n == 1:
            switched.append(simulator.wait_for_compiled(timeout=120))

    tiered.simulate(200.0, measure_time=True)
    assert switched == [True] and simulator.running == "numba"
    assert "(compiled kernels since t = 100 ms, NumPy stepper before)" in capsys.readouterr().out
    assert simulator.compiled_from_step == 1000  # the chunk after t = 100 ms
    reference = _network("numba", 1.000123)
    reference.simulate(200.0)
    spikes = reference.monitors[0].get("spike")
    assert tiered.monitors[0].get("spike") == spikes and sum(map(len, spikes.values())) > 50
    np.testing.assert_allclose(tiered.monitors[0].get("v"), reference.monitors[0].get("v"), rtol=1e-12)


def test_each_backend_can_be_forced():
    numpy_only = _network("numpy", 1.000456)
    numpy_only.simulate(50.0)
    assert numpy_only._compiled.running == "numpy" and not numpy_only._compiled.wait_for_compiled(timeout=0)
    assert repr(numpy_only).endswith("compiled, NumPy stepper)")  # what a notebook shows
    compiled = _network("numba", 1.000456)
    assert compiled._compiled.running == "numba" and repr(compiled).endswith("compiled, compiled kernels)")
    tiered = _network("auto", 1.000456)  # this process has run the compiled kernels: no NumPy stepper
    assert tiered._compiled.running == "numba"


def test_a_compilation_that_fails_in_the_background_is_reported_and_the_numpy_stepper_goes_on(
        tmp_path, monkeypatch):
    blocked = tmp_path / "a_file"
    blocked.write_text("not a folder")
    tiered = _network("auto", 1.000789)
    tiered.simulate(20.0)
    monkeypatch.setenv("ANNLAB_CACHE_DIR", str(blocked / "kernels"))  # the helper process cannot write there
    with pytest.warns(AnnlabWarning, match=r"compiled kernels of this network could not be built .*"
                                           r"kernel cache directory.*cannot be created.*goes on with the NumPy"):
        assert not tiered._compiled.wait_for_compiled(timeout=120)
    assert "ANNLAB_CACHE_DIR" in str(tiered._compiled.compile_error)
    before = tiered._compiled.step
    tiered.simulate(20.0)
    assert tiered._compiled.running == "numpy" and tiered._compiled.step == before + 200
    monkeypatch.undo()
    reference = _network("numba", 1.000789)
    reference.simulate(40.0)
    np.testing.assert_allclose(tiered.monitors[0].get("v"), reference.monitors[0].get("v"), rtol=1e-12)


def test_networks_on_the_numpy_stepper_do_not_count_as_compiled():
    """A copy compiled while the first one still runs on the NumPy stepper starts on it too (their ``run``
    has the compiled one's name: it must not count as compiled in this process)."""
    first = _network("auto", 1.000321)
    second = Network(everything=True)
    second.compile()
    assert first._compiled.running == second._compiled.running == "numpy"
    assert first._compiled.compilations == second._compiled.compilations == 0


def test_networks_compiled_after_the_background_compilation_use_its_kernels():
    """Once the compiled kernels of a structure are ready, a new network of it starts on them (a sequential
    parallel_run's later copies, a re-run cell), even if no network switched to them yet."""
    first = _network("auto", 1.000654)
    first.simulate(10.0)  # short: the compilation starts when the run ends
    first._compiled._pending.result(timeout=120)
    later = Network(everything=True)
    later.compile()
    assert later._compiled.running == "numba"


def test_a_long_run_on_the_numpy_stepper_has_the_kernels_compiled_during_it(monkeypatch):
    """A run estimated to take longer than TIERED_COMPILE_AFTER on the NumPy stepper asks for the compiled
    kernels after its first chunk, not at its end; a short one only when it ends."""
    from annlab.sim import simulator as simulator_module

    short = _network("auto", 1.000987)
    seen = []

    @annlab.every(period=20.0, net_id=short.id)
    def record_whether_asked(n):
        seen.append(short._compiled._pending is not None)
    short.simulate(100.0)
    assert seen and not any(seen) and short._compiled._pending is not None  # asked when the run ended
    monkeypatch.setattr(simulator_module, "TIERED_COMPILE_AFTER", 0.0)  # every run counts as long
    long_run = _network("auto", 1.000988)
    seen.clear()

    @annlab.every(period=20.0, net_id=long_run.id)
    def record_whether_asked_too(n):
        seen.append(long_run._compiled._pending is not None or long_run._compiled.running == "numba")
    long_run.simulate(100.0)
    assert any(seen)  # asked during the run (the callbacks run before it ends)


def test_a_helper_still_compiling_when_the_process_exits_is_stopped(tmp_path):
    """A script that ends while its kernels compile leaves no helper process running: the helper is stopped
    before it writes the compiled run to the (empty) cache."""
    import subprocess
    import sys
    import time

    script = ("import annlab\nfrom annlab import *\nsetup(backend='auto')\n"
              "pop = Population(50, Neuron(equations='tau * dr/dt = 1.000777 - r', parameters='tau = 10.0'))\n"
              "compile()\nsimulate(5.0)\n"
              "import time, annlab.sim.tiers as tiers\n"
              "while not tiers._HELPERS:  # exit while the helper process compiles\n    time.sleep(0.01)\n")
    env = dict(__import__("os").environ, ANNLAB_CACHE_DIR=str(tmp_path), ANNLAB_BACKEND="auto")
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=120)
    time.sleep(15)  # long enough for a helper left running to have compiled the kernels (empty cache)
    assert not list(tmp_path.rglob("*.nbi")), "a helper process compiled after its parent had exited"


def test_numba_is_imported_only_once_the_helper_process_compiled(tmp_path):
    """The background build leaves the interpreter to the NumPy stepper while the helper compiles: importing
    numba in this process at once (~0.3 s of Python) slowed the stepper down by about that much."""
    import json
    import subprocess
    import sys

    script = ("import json, sys, annlab\nfrom annlab import *\nsetup(backend='auto')\n"
              "pop = Population(50, Neuron(equations='tau * dr/dt = 1.000778 - r', parameters='tau = 10.0'))\n"
              "compile()\nsimulate(5.0)\nimport annlab.sim.tiers as tiers\n"
              "while not tiers._HELPERS and not tiers._PENDING[next(iter(tiers._PENDING))].done():\n"
              "    pass  # until the helper process runs\n"
              "during = 'numba' in sys.modules and bool(tiers._HELPERS)\n"
              "ready = annlab.core.registry.default_network()._compiled.wait_for_compiled(timeout=300)\n"
              "print(json.dumps([during, ready, 'numba' in sys.modules]))\n")
    env = dict(__import__("os").environ, ANNLAB_CACHE_DIR=str(tmp_path), ANNLAB_BACKEND="auto")
    done = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True,
                          timeout=400)
    assert json.loads(done.stdout.splitlines()[-1]) == [False, True, True]
