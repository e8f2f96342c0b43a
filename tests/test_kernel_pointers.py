"""``run`` takes its kernels as function pointers (annlab.sim.kernel_pointers): each kernel is compiled
alone, ``run`` is not recompiled when only a kernel changes, and no kernel can raise (the C-callable
wrapper a pointer calls would print the exception and go on)."""
import re

import numba
import pytest

import annlab
from annlab import Monitor, Network, Neuron, Population, PoissonPopulation, Projection, setup
from annlab.core import registry
from annlab.sim.kernel_pointers import KernelPointer, numba_type
from test_generated_source import NETWORKS

pytestmark = pytest.mark.jit_only


def _returned_statuses(dispatcher, signature):
    """The status codes the optimised machine code of ``dispatcher`` for ``signature`` can return, and whether
    it stores an exception (compiled afresh: a function loaded from Numba's cache has no IR)."""
    options = {k: v for k, v in dispatcher.targetoptions.items() if k != "cache"}
    fresh = numba.njit(**options)(dispatcher.py_func)
    fresh.compile(signature)
    name = fresh.overloads[signature].fndesc.mangled_name
    body = re.search(r"define [^\n]*@\"?" + re.escape(name) + r"\"?\(.*?\n}\n", fresh.inspect_llvm(signature),
                     re.S).group(0)
    return set(re.findall(r"ret i32 (\S+)", body)), "numba_exception_output" in body


def test_the_check_sees_a_function_that_can_raise():
    def checked(x):
        if x[0] > 1.0:
            raise ValueError("too large")
        x[0] = 1.0 / x[0]
    signature = (numba.types.float64[::1],)
    statuses, stores_exception = _returned_statuses(numba.njit(error_model="numpy")(checked), signature)
    assert stores_exception and statuses != {"0"}

    def unchecked(x):
        x[0] = 1.0 / x[0]
    assert _returned_statuses(numba.njit(error_model="numpy")(unchecked), signature) == ({"0"}, False)


@pytest.mark.filterwarnings("ignore:.*delays are whole steps")
@pytest.mark.parametrize("name", sorted(NETWORKS))
def test_no_kernel_of_the_standard_networks_can_raise(name):
    annlab.clear()
    NETWORKS[name]()
    setup(backend="numba")
    annlab.compile()
    compiled = registry.default_network()._compiled
    program, runner = compiled.program, compiled.module
    assert all(isinstance(kernel, KernelPointer) for kernel in runner.kernels)
    for (alias, function, _source), module in zip(program.kernels, compiled._kernel_modules[1:]):
        signature = tuple(numba_type(t) for t in program.kernel_types[alias])
        statuses, stores_exception = _returned_statuses(getattr(module, function), signature)
        assert statuses == {"0"} and not stores_exception, f"{name}: {alias} can raise"


def _lif(coefficient):
    """50 LIF neurons driven by Poisson input, with a coefficient of their own in the equation."""
    annlab.clear()
    setup(backend="numba", seed=3, dt=0.1)
    lif = Neuron(parameters="tau = 10.0\nI = 12.0", equations=f"tau * dv/dt = -v + I * {coefficient} + g_exc",
                 spike="v > 10.0", reset="v = 0.0", refractory=2.0)
    inputs = PoissonPopulation(40, rates=30.0)
    pop = Population(50, lif)
    Projection(inputs, pop, "exc").connect_fixed_probability(0.2, weights=1.0)
    Monitor(pop, "spike")
    net = Network(everything=True)
    net.compile()
    net.simulate(50.0)
    return net


def test_an_edited_equation_compiles_its_kernel_only(tmp_path, monkeypatch):
    monkeypatch.setenv("ANNLAB_CACHE_DIR", str(tmp_path))  # nothing of these networks cached before
    first = _lif(1.000789)
    assert first._compiled.compilations >= 1
    edited = _lif(1.000790)  # another update kernel, the same run loop
    assert edited._compiled.compilations == 1
    assert edited._compiled.program.module_names[0] == first._compiled.program.module_names[0]
    assert edited._compiled.program.module_names != first._compiled.program.module_names
    spikes = [sum(map(len, net.monitors[0].get("spike").values())) for net in (first, edited)]
    assert spikes[0] > 20 and spikes[1] >= spikes[0]  # a larger input current: no fewer spikes
