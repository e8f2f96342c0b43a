"""The engine (annlab.sim) reads and writes no private attribute of another object.

Model objects are plain data with a public surface (``Population.initial_value``,
``rate_window``, ``SpikeSourceArray.spike_times``, ``TimedArray.timed_rows``,
``Projection.values_before_compile``, ``Monitor.active``...); the engine builds
its arrays from that surface only, so a model object's internals can change
without the engine noticing. ``self._x`` and ``cls._x`` are the engine's own.
"""
import ast
import pathlib

import annlab

ENGINE = pathlib.Path(annlab.__file__).resolve().parent / "sim"


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
