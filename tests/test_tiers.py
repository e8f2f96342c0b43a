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


def test_a_switch_in_the_middle_of_a_run_gives_the_compiled_runs_spikes():
    tiered = _network("auto", 1.000123)
    simulator = tiered._compiled
    assert simulator.running == "numpy"
    switched = []

    @annlab.every(period=50.0, net_id=tiered.id)
    def wait_for_the_compiled_kernels(n):  # the kernels are ready from the second callback on
        if n == 1:
            switched.append(simulator.wait_for_compiled(timeout=120))

    tiered.simulate(200.0)
    assert switched == [True] and simulator.running == "numba"
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
    compiled = _network("numba", 1.000456)
    assert compiled._compiled.running == "numba"
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
