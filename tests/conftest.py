"""Shared fixtures: a fresh default network per test, a kernel cache shared by the run."""
import json
import os
import pathlib

import pytest

#: Copies of shared/reference (golden traces recorded from ANNarchy 4.8.2.7).
REFERENCE = pathlib.Path(__file__).resolve().parent / "reference"

os.environ.setdefault("ANNLAB_CACHE_DIR", str(pathlib.Path(__file__).resolve().parents[1] / ".annlab_cache"))

import annlab.core.config  # noqa: E402 -- after the cache directory is chosen
import annlab.sim.programs  # noqa: E402

#: Every network whose structure key matches an earlier one's regenerates its kernels and compares them:
#: the whole suite checks that the keys hold everything the generators read.
annlab.sim.programs.VERIFY = True


@pytest.fixture(autouse=True)
def fresh_annlab():
    """Every test starts with an empty default network and default settings."""
    import annlab

    annlab.clear()
    yield
    annlab.clear()


def load_reference(name):
    """A golden trace recorded from ANNarchy 4.8 (see shared/reference/README.md)."""
    with open(REFERENCE / f"{name}.json") as handle:
        return json.load(handle)


def seed_network():
    """The seed page's network in the default network: 100 Poisson -> 100 Izhikevich, p = 0.2, w = 5.

    Returns (pop1, pop2, proj, m), ``m`` recording the spikes of ``pop2``.
    """
    from annlab import Izhikevich, Monitor, PoissonPopulation, Population, Projection

    pop1 = PoissonPopulation(100, rates=10.0)
    pop2 = Population(100, Izhikevich)
    proj = Projection(pop1, pop2, 'exc')
    proj.connect_fixed_probability(weights=5.0, probability=0.2)
    m = Monitor(pop2, 'spike')
    return pop1, pop2, proj, m


def seed_page_networks():
    """The seed page's three compiled networks over :func:`seed_network` (compiled too): ``net1`` has
    ``pop2`` and ``m`` only, ``net2`` everything, ``net3`` everything with 20 Hz input.

    Returns ((pop1, pop2, proj, m), [net1, net2, net3]).
    """
    from annlab import Network, compile

    pop1, pop2, proj, m = seed_network()
    compile()
    net1 = Network()
    net1.add([pop2, m])
    net2 = Network()
    net2.add([pop1, pop2, proj, m])
    net3 = Network(everything=True)
    net3.get(pop1).rates = 20.0
    for net in (net1, net2, net3):
        net.compile()
    return (pop1, pop2, proj, m), [net1, net2, net3]


def pytest_addoption(parser):
    parser.addoption("--update-snapshots", action="store_true",
                     help="rewrite tests/snapshots from the generated kernel source (then review the diff)")
    parser.addoption("--backend", choices=("numba", "nojit", "numpy", "auto"), default="numba",
                     help="numba: compiled kernels (default); nojit: NUMBA_DISABLE_JIT=1, the same kernels run as "
                          "Python (tracebacks and coverage inside kernels); numpy: the NumPy stepper "
                          "(annlab.sim.vector, setup(backend='numpy')); auto: the NumPy stepper until the compiled "
                          "kernels are ready (annlab.sim.tiers, setup(backend='auto'), what users get by default)")


def pytest_configure(config):
    config.addinivalue_line("markers", "jit_only: measures compiled kernels (compilations, chunks timed against "
                                       "compiled speed); skipped with --backend nojit")
    if config.getoption("--backend") == "nojit":  # before anything imports numba
        os.environ["NUMBA_DISABLE_JIT"] = "1"
    # every network (engines and notebook kernels too: they inherit it) steps on the chosen backend
    os.environ["ANNLAB_BACKEND"] = {"nojit": "numba"}.get(config.getoption("--backend"), config.getoption("--backend"))
    annlab.core.config.reset()


def pytest_collection_modifyitems(config, items):
    backend = config.getoption("--backend")
    if backend == "numba":
        return
    skip = pytest.mark.skip(reason=f"needs compiled kernels (--backend {backend} runs Python)")
    for item in items:
        if "jit_only" in item.keywords:
            item.add_marker(skip)
