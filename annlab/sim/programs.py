"""The kernel modules of a structure, generated and imported once per process: copies of a network share them.

Generating a network's kernels (:func:`annlab.sim.codegen.generate`) takes a few
milliseconds, more than simulating one of the small networks people sweep: a
``parallel_run`` of a thousand copies would spend seconds printing the same source.
The generators read a few structural attributes of the layouts (their
``CODE_INPUTS``, the ``slot_*`` indices of their arrays, kind, model IR and, for
projections, target and end points); :meth:`PopulationLayout.code_key` and
:meth:`ProjectionLayout.code_key` return them, and networks whose layouts give the
same keys (with the same stop conditions and precision) get the same
:class:`~annlab.sim.codegen.Program` and imported modules.

``tests/test_programs.py`` records every attribute the generators read and checks
that the keys hold them; the test suite also sets :data:`VERIFY`, which regenerates
the source at every hit and raises if it differs.

Examples
--------
>>> from annlab import Izhikevich, Network, Population, clear
>>> clear()
>>> pop = Population(10, Izhikevich)
>>> first, second = Network(everything=True), Network(everything=True)
>>> first.compile(); second.compile()
>>> first._compiled.program is second._compiled.program
True
"""
import threading
from collections import OrderedDict

from . import cache, codegen
from . import vector as vector_stepper
from .runner import Runner

#: Regenerate at every hit and compare (the test suite sets it): a key that misses an input fails loudly.
VERIFY = False

#: Structures kept (the most recently used): each holds its source and its IRs alive.
CAPACITY = 64

_PROGRAMS = OrderedDict()
_GENERATING = threading.Lock()  # copies compile on several threads (annlab.lockstep.compile_all)


def structure_key(populations, projections, stop_conditions, precision):
    """What the kernel source of a network depends on (hashable; holds its IRs and kinds)."""
    stops = tuple(sorted((index, condition.expression, condition.mode)
                         for index, condition in stop_conditions.items()))
    return (tuple(layout.code_key() for layout in populations), tuple(layout.code_key() for layout in projections),
            stops, precision)


def load(populations, projections, stop_conditions, precision, backend="numba"):
    """The Program of a network and its imported modules: (program, runner, other modules).

    Generated and imported for the first network of a structure, the same objects after that.
    ``backend``: 'numba' (the compiled kernels' modules) or 'numpy' (the NumPy stepper's,
    :mod:`annlab.sim.vector`). The :class:`~annlab.sim.runner.Runner` calls ``run`` with its kernels.
    """
    vector = backend == "numpy"
    structure = structure_key(populations, projections, stop_conditions, precision)
    key = structure + (vector,)
    with _GENERATING:
        entry = _PROGRAMS.get(key)
        if entry is None:
            other = _PROGRAMS.get(structure + (not vector,))  # the same run and kernels ('auto' loads both)
            if other is not None and not vector:
                program = other[0]
            else:
                program = codegen.generate(populations, projections, stop_conditions, precision, with_vector=vector)
            entry = _loaded(program, vector)
            _PROGRAMS[key] = entry
            if len(_PROGRAMS) > CAPACITY:
                _PROGRAMS.popitem(last=False)
            return entry
        _PROGRAMS.move_to_end(key)
    if VERIFY:
        _verify(entry[0], codegen.generate(populations, projections, stop_conditions, precision, with_vector=vector))
    return entry


def _loaded(program, vector):
    if vector:
        run_module, modules = vector_stepper.load_program(program)
        return program, Runner(program, run_module, modules, compiled=False), modules
    run_module, modules = cache.load_program(program)  # modules[0]: the helpers
    return program, Runner(program, run_module, modules[1:], compiled=True), modules


def program_of(populations, projections, stop_conditions, precision):
    """The structure's Program as either backend loaded it (``run`` and its arguments are the same in
    both), else generated: what decides whether its compiled ``run`` already ran here, for the cost of a
    dictionary lookup after the first network of the structure."""
    key = structure_key(populations, projections, stop_conditions, precision)
    with _GENERATING:
        for vector in (False, True):
            entry = _PROGRAMS.get(key + (vector,))
            if entry is not None:
                return entry[0]
    return codegen.generate(populations, projections, stop_conditions, precision)


def _verify(kept, fresh):
    vectorised_differ = fresh.with_vector and kept.vectorised != fresh.vectorised  # (kept may hold them anyway)
    if kept.run != fresh.run or kept.kernels != fresh.kernels or vectorised_differ:
        raise AssertionError("two networks with the same structure key generate different kernels: a code_key() "
                             "misses something the generators read")


def clear():
    """Forget the programs generated so far (tests)."""
    _PROGRAMS.clear()
