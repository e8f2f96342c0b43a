"""The NumPy stepper: a network's kernels as Python over NumPy arrays, with no compiler.

A :class:`~annlab.sim.codegen.Program` printed for the ``'numpy'`` backend holds,
beside each Numba kernel, its vectorised NumPy version where its generator has one
(``Program.vectorised``: neuron updates, spike propagation, rate-coded sums, synaptic
equations, stop conditions, recording; see :mod:`annlab.sim.vector.kernels`). The
others, and ``run`` itself, are the Numba modules' own source run as Python: their
imports of ``numba`` and of the generated helpers are served by :data:`NUMBA_STANDIN`
and :mod:`annlab.sim.vector.helpers` (an import hook of their namespace; the source is
not edited). Both take exactly the arguments the compiled ``run`` takes, the arrays of
the same layouts, so a network can start on this stepper and continue compiled at the
next chunk (the ``'auto'`` backend) and both give the same values: the same random
streams (a vectorised draw of N values is N draws in rank order), the same order of
additions into a post-synaptic variable (``np.add.at``), the same ODE steps.

Examples
--------
>>> from annlab import Izhikevich, Network, Population
>>> net = Network(backend="numpy")
>>> pop = net.add(Population(10, Izhikevich, _register=False))
>>> net.compile()
>>> net._compiled.backend
'numpy'
"""
import builtins
import linecache
import sys
import types

import numpy as np

from .. import cache
from . import helpers


def _njit(*args, **options):
    """``numba.njit`` as the identity: ``@njit`` and ``@njit(...)`` leave the Python function."""
    if len(args) == 1 and callable(args[0]) and not options:
        return args[0]
    return lambda function: function


#: What ``from numba import njit, prange`` gives the kernels run as Python.
NUMBA_STANDIN = types.SimpleNamespace(njit=_njit, prange=range)


def _importer(modules):
    """``__import__`` of a kernel module's namespace: numba and annlab's generated modules from here."""
    def hooked(name, globals=None, locals=None, fromlist=(), level=0):
        if name == "numba":
            return NUMBA_STANDIN
        if name in modules:
            return modules[name]
        return builtins.__import__(name, globals, locals, fromlist, level)
    return hooked


def _execute(source, name, modules):
    """A module holding what ``source`` defines, its imports resolved by :func:`_importer`."""
    filename = f"<annlab numpy kernel {name}>"
    linecache.cache[filename] = (len(source), None, source.splitlines(True), filename)  # tracebacks show it
    module = types.ModuleType(name)
    module.__dict__["__builtins__"] = dict(vars(builtins), __import__=_importer(modules))
    exec(compile(source, filename, "exec"), module.__dict__)  # noqa: S102 -- annlab's own generated code
    return module


def load_program(program):
    """The modules of ``program`` for the NumPy stepper: (run module, kernel modules).

    The run module's ``run`` takes the compiled ``run``'s arguments and returns the steps done;
    divisions by zero give inf/nan silently, as in the compiled kernels (``error_model='numpy'``).
    """
    modules = {cache.module_name(program.helpers): helpers}
    kernels = []
    for alias, _function, source in program.kernels:
        vectorised = program.vectorised.get(alias)
        module = _execute(vectorised if vectorised is not None else source, f"{alias}", modules)
        modules[cache.module_name(source)] = module
        kernels.append(module)
    stepper = _execute(program.run, "run", modules)
    run_module = types.ModuleType(f"annlab_numpy_{cache.module_name(program.run)}")
    run_module.run = _silent(stepper.run)
    return run_module, kernels


def _silent(run):
    def run_quietly(*args):
        with np.errstate(all="ignore"):
            return run(*args)
    run_quietly.__doc__ = run.__doc__
    return run_quietly


__all__ = ["NUMBA_STANDIN", "load_program"]
