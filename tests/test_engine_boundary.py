"""The boundary between the model layer and the engine, checked from both sides.

The engine (annlab.sim) reads and writes no private attribute of another object.

Model objects are plain data with a public surface (``Population.initial_value``,
``rate_window``, ``SpikeSourceArray.spike_times``, ``TimedArray.timed_rows``,
``Projection.values_before_compile``, ``Monitor.active``...); the engine builds
its arrays from that surface only, so a model object's internals can change
without the engine noticing. ``self._x`` and ``cls._x`` are the engine's own.

The model layer talks to its compiled state only through
:class:`annlab.core.compiled_state.CompiledState`: whatever it calls on
``obj._compiled``, ``obj._compiled_state(...)`` or a local named ``compiled`` is
one of that protocol's members, and the compiled state is bound to no other name.
"""
import ast
import pathlib

import pytest

import annlab

PACKAGE = pathlib.Path(annlab.__file__).resolve().parent
ENGINE = PACKAGE / "sim"


def private_accesses(source):
    """``obj._name`` accesses in ``source`` whose object is not ``self`` or ``cls``: (line, code)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and node.attr.startswith("_") and not node.attr.startswith("__"):
            if isinstance(node.value, ast.Name) and node.value.id in ("self", "cls"):
                continue
            found.append((node.lineno, ast.unparse(node)))
    return found


def test_the_check_finds_a_private_access():
    assert private_accesses("x = layout.population._extra['a']\nself._ok = 1") == [(1, "layout.population._extra")]


def test_engine_reads_no_private_attribute_of_another_object():
    found = [f"{path.relative_to(ENGINE.parent)}:{line}: {code}" for path in sorted(ENGINE.rglob("*.py"))
             for line, code in private_accesses(path.read_text())]
    assert not found, "the engine reaches into other objects' privates:\n" + "\n".join(found)


def test_the_public_surface_the_engine_reads():
    import numpy as np

    from annlab import Izhikevich, Monitor, Population, Projection, TimedArray, compile

    pop = Population(3, Izhikevich)
    pop.v = [-60.0, -65.0, -70.0]
    np.testing.assert_array_equal(pop.initial_value("v"), [-60.0, -65.0, -70.0])
    assert pop.rate_window is None
    pop.compute_firing_rate(50.0)
    assert pop.rate_window == 50.0
    proj = Projection(pop, pop, "exc")
    proj.connect_all_to_all(weights=1.0)
    assert proj.values_before_compile() == {}
    rows = TimedArray(rates=np.ones((2, 3)), schedule=5.0).timed_rows()
    assert rows["buffer"].shape == (2, 3) and np.ravel(rows["schedule"]).tolist() == [0.0, 5.0] and rows["period"] == -1.0
    m = Monitor(pop, "v", start=False)
    assert (m.active, m.starts_active) == (False, False)
    compile()
    assert m.active is False
    m.resume()
    assert m.active is True


# ---- the model side -------------------------------------------------------------------------
def _is_compiled_state(node):
    """Whether ``node`` evaluates to the compiled state, by the model layer's naming convention."""
    if isinstance(node, ast.Attribute) and node.attr == "_compiled":
        return True
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "_compiled_state":
        return True
    return isinstance(node, ast.Name) and node.id == "compiled"


def protocol_violations(source, allowed):
    """Uses of the compiled state in ``source`` outside ``allowed``, and other names bound to it: (line, code)."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Attribute) and _is_compiled_state(node.value) and node.attr not in allowed:
            found.append((node.lineno, ast.unparse(node)))
        if isinstance(node, ast.Assign):
            for target in node.targets:
                pairs = (zip(target.elts, node.value.elts) if isinstance(target, ast.Tuple)
                         and isinstance(node.value, ast.Tuple) else [(target, node.value)])
                for name, value in pairs:
                    if _is_compiled_state(value) and isinstance(name, ast.Name) and name.id != "compiled":
                        found.append((node.lineno, ast.unparse(node)))
    return sorted(found)


def test_the_protocol_check_finds_violations():
    from annlab.core.compiled_state import CompiledState
    source = "self._compiled.layouts[0]\nsim = self._compiled\ncompiled.read_population(p, 'v')\n" \
             "self._compiled_state('x').rng"
    assert protocol_violations(source, CompiledState.members()) == [
        (1, "self._compiled.layouts"), (2, "sim = self._compiled"), (4, "self._compiled_state('x').rng")]


def test_model_layer_uses_only_the_compiled_state_protocol():
    from annlab.core.compiled_state import CompiledState
    allowed = CompiledState.members()
    found = [f"{path.relative_to(PACKAGE)}:{line}: {code}" for path in sorted(PACKAGE.rglob("*.py"))
             if ENGINE not in path.parents for line, code in protocol_violations(path.read_text(), allowed)]
    assert not found, "the model layer calls the engine outside CompiledState:\n" + "\n".join(found)


def test_the_engine_implements_the_protocol():
    import inspect

    from annlab import Network, Population, compile
    from annlab.core.compiled_state import CompiledState
    from annlab.sim import Simulator

    assert issubclass(Simulator, CompiledState) and not inspect.isabstract(Simulator)
    for name in CompiledState.members():
        assert hasattr(Simulator, name) or name in ("dt", "step"), name
    for name, method in vars(CompiledState).items():
        if getattr(method, "__isabstractmethod__", False):  # the same parameters, so calls fit either
            assert inspect.signature(getattr(Simulator, name)).parameters.keys() >= \
                inspect.signature(method).parameters.keys(), name
    from annlab import Izhikevich
    Population(2, Izhikevich)
    compile()
    net = Network(everything=True)
    net.compile()
    assert isinstance(net._compiled, CompiledState) and net._compiled.step == 0 and net._compiled.dt == net.dt


def _model_state(obj):
    """What a model object holds, pickled: everything but the link to its compiled state."""
    import pickle

    import cloudpickle

    data = {key: value for key, value in vars(obj).items() if key not in ("_compiled",)}
    try:
        return pickle.dumps(data)
    except Exception:  # noqa: BLE001 -- lambdas, locally defined classes
        return cloudpickle.dumps(data)


@pytest.mark.filterwarnings("ignore:.*delays are whole steps")
@pytest.mark.parametrize("name", ["seed", "coba", "stdp", "rate"])
@pytest.mark.parametrize("backend", ["numba", "numpy"])
def test_compiling_and_simulating_changes_no_model_object(name, backend):
    """The engine reads the model objects (populations, projections, monitors, their neurons' and synapses'
    IR) and never writes them: the same objects before compile and after a simulation, but for the link to
    the compiled state (and what monitors and ``values before compile`` show, which come from it)."""
    from test_generated_source import NETWORKS

    from annlab.core import registry

    annlab.clear()
    NETWORKS[name]()
    annlab.setup(backend=backend)
    net = registry.default_network()
    objects = list(net.populations) + list(net.projections) + list(net.monitors)
    models = [p.neuron_type for p in net.populations] + [p.synapse_type for p in net.projections]
    before = [_model_state(obj) for obj in objects + models] + [_model_state(m.ir) for m in models]
    annlab.compile()
    annlab.simulate(50.0)
    after = [_model_state(obj) for obj in objects + models] + [_model_state(m.ir) for m in models]
    changed = [str(obj) for obj, b, a in zip(objects + models + models, before, after) if a != b]
    assert not changed, f"the engine changed model objects: {changed}"
