"""Kernel source generated once per structure (annlab.sim.programs): copies share it, and the key is complete.

The key of a structure is what the generators read of the layouts. The first test
records every attribute they read while generating the kernels of networks of every
kind and checks that the layouts' ``code_key()`` holds it; the suite itself runs with
``programs.VERIFY`` (see conftest), and the last test shows that a key missing an input
is caught.
"""
import collections
import types

import pytest

import annlab
from annlab import (Izhikevich, Network, Population, Projection, TimedPoissonPopulation,
                    compile)
from annlab.core import registry
from annlab.sim import codegen, programs
from annlab.sim.kinds import PopulationKind, ProjectionKind
from annlab.sim.layout import PopulationLayout, ProjectionLayout
from conftest import seed_network
from test_generated_source import NETWORKS

LAYOUTS = (PopulationLayout, ProjectionLayout)


class Recording:
    """Stands for a layout or a kind while the generators run, and records the attributes they read
    (``PopulationLayout.row``); methods run with the stand-in as ``self``, so their reads count too."""

    __slots__ = ("_obj", "_reads")

    def __init__(self, obj, reads):
        object.__setattr__(self, "_obj", obj)
        object.__setattr__(self, "_reads", reads)

    def __getattr__(self, name):
        obj, reads = object.__getattribute__(self, "_obj"), object.__getattribute__(self, "_reads")
        value = getattr(obj, name)
        if isinstance(value, types.MethodType) and value.__self__ is obj:
            return types.MethodType(value.__func__, self)
        reads[type(obj).__name__].add(name)
        if isinstance(value, LAYOUTS + (PopulationKind, ProjectionKind)) or type(value).__module__.startswith(
                "annlab.core."):
            return Recording(value, reads)
        return value

    def __setattr__(self, name, value):
        raise AssertionError(f"the generators write {type(object.__getattribute__(self, '_obj')).__name__}.{name}")


def timed_poisson_network():
    annlab.setup(seed=4)
    source = TimedPoissonPopulation(5, rates=[[10.0] * 5, [50.0] * 5], schedule=[0.0, 20.0])
    post = Population(5, Izhikevich)
    Projection(source, post, "exc").connect_one_to_one(weights=2.0)
    post.compute_firing_rate(10.0)


def generator_reads(build):
    """{class name: attributes read} while generating the kernels of the network ``build`` defines."""
    annlab.clear()
    build()
    compile()
    sim = registry.default_network()._compiled
    reads = collections.defaultdict(set)
    program = codegen.generate([Recording(layout, reads) for layout in sim.populations],
                               [Recording(layout, reads) for layout in sim.projections], sim._stops, sim.precision)
    assert program.run == sim.program.run  # the stand-ins change nothing
    return reads


@pytest.mark.parametrize("name", sorted(NETWORKS) + ["timed_poisson"])
def test_code_keys_hold_everything_the_generators_read(name):
    reads = generator_reads(NETWORKS.get(name, timed_poisson_network))
    assert reads["PopulationLayout"] and reads["ProjectionLayout"] and reads["ModelIR"]
    keyed = {
        # code_key(): CODE_INPUTS, the slot_* attributes, kind and IR (whose reads are keyed by the IR itself);
        # class constants, a static method and ``owner`` (the name of index) are the same in every copy
        "PopulationLayout": set(PopulationLayout.CODE_INPUTS) | {"kind", "ir", "ARRAYS", "owner",
                                                                 "global_operation_name"},
        # ... and the target, the end points (keyed by their index: their own reads are the populations')
        "ProjectionLayout": set(ProjectionLayout.CODE_INPUTS) | {"kind", "ir", "projection", "pre", "post", "ARRAYS",
                                                                 "UINT32", "owner"},
        "Projection": {"target"},
    }
    for cls, names in reads.items():
        if cls in keyed:
            unkeyed = {n for n in names if not n.startswith("slot_")} - keyed[cls]
            assert not unkeyed, f"the generators read {cls}.{sorted(unkeyed)}, which its code_key() leaves out"
        else:  # the kinds' own class attributes, and the IR: the same objects in every copy
            assert cls.endswith("Kind") or cls in {"ModelIR", "Attribute"}, (cls, names)


def test_copies_share_their_program_and_other_structures_do_not():
    pop1, pop2, _, m = seed_network()
    nets = [Network(everything=True) for _ in range(3)]
    for net in nets:
        net.compile()
    assert nets[0]._compiled.program is nets[1]._compiled.program is nets[2]._compiled.program
    other = Network()
    other.add([pop2, m])  # no projection: another structure
    other.compile()
    assert other._compiled.program is not nets[0]._compiled.program
    assert other._compiled.program.run != nets[0]._compiled.program.run


def test_a_key_that_misses_an_input_is_caught(monkeypatch):
    annlab.setup(backend="numba")  # both networks load their Program the same way
    pop1, pop2, _, m = seed_network()
    monkeypatch.setattr(PopulationLayout, "CODE_INPUTS",
                        tuple(n for n in PopulationLayout.CODE_INPUTS if n != "computes_rate"))
    programs.clear()
    Network(everything=True).compile()
    rate_computing = Network(everything=True)
    rate_computing.get(pop2).compute_firing_rate(50.0)
    with pytest.raises(AssertionError, match="same structure key generate different kernels"):
        rate_computing.compile()
    programs.clear()
