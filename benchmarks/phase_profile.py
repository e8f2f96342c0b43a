"""Where a compiled annlab network spends its time, phase by phase.

The generated kernel module (``Simulator.source``) is copied with its
``run`` function instrumented: every call in the step loop (spike
propagation of each projection, update of each population, plasticity,
monitor recording) is bracketed by reads of the CPU's cycle counter
(``llvm.readcyclecounter``, i.e. ``rdtsc``: a few ns each). The copy runs on
the simulator's own arrays through the simulator's own call (only
``Simulator.source``, ``Simulator.module``, its ``run`` and ``kernels`` are assumed), so
the network simply continues its dynamics; the cycles are converted to
seconds with the wall time of the whole run.

Examples
--------
::

    from phase_profile import profile_phases
    net.compile()
    for label, seconds, share in profile_phases(net, 1000.0):
        print(label, seconds, share)
"""
import importlib.util
import os
import re
import tempfile
import time

import numpy as np
from llvmlite import ir
from numba import njit
from numba.core import cgutils, types
from numba.extending import intrinsic


@intrinsic
def _cycles(typingctx):
    """The CPU's cycle counter (uint64)."""
    def codegen(context, builder, signature, args):
        fnty = ir.FunctionType(ir.IntType(64), [])
        fn = cgutils.get_or_insert_function(builder.module, fnty, "llvm.readcyclecounter")
        return builder.call(fn, [])
    return types.uint64(), codegen


@njit
def _read_cycles():
    return _cycles()


_CALL = re.compile(r"^(\s+)((\w+)\(.*\))\s*$")


def _add_argument(line):
    """``def run(a, b):`` -> ``def run(a, b, _prof):`` (on the line that closes the signature)."""
    head, _, tail = line.rpartition("):")
    return f"{head}, _prof):{tail}"


def instrument(source):
    """Source of the kernel module whose ``run`` accumulates cycles per call.

    Returns
    -------
    source : str
        ``run`` takes one more, last argument, ``_prof`` (uint64 array, one
        slot per instrumented call).
    labels : list of str
        What each slot measures (the called function, e.g. ``propagate_proj0``).
    """
    lines = source.replace("cache=True", "cache=False").splitlines()
    start = next(k for k, line in enumerate(lines) if line.startswith("def run("))
    out, labels = lines[:start], []
    in_signature, inside = True, False
    for line in lines[start:]:
        if in_signature:
            if line.rstrip().endswith("):"):
                line = _add_argument(line)
                in_signature, inside = False, True
            out.append(line)
            continue
        if inside and line and not line[0].isspace():         # the next top-level statement
            inside = False
        match = _CALL.match(line) if inside else None
        if match and match.group(3) not in ("range", "return", "min", "max", "int", "float"):
            indent, call, name = match.groups()
            slot = len(labels)
            phase = re.search(r"_record\((?:np\.int64\()?(\d+)", call)  # _record(np.int64(0), ...): phase 0
            labels.append(name if name != "_record" or not phase else f"_record({phase.group(1)})")
            out += [f"{indent}_c = _cycles()", f"{indent}{call}",
                    f"{indent}_prof[{slot}] += _cycles() - _c"]
        else:
            out.append(line)
    return "\n".join(out) + "\n", labels


def _load(source):
    directory = tempfile.mkdtemp(prefix="annlab_profile_")
    path = os.path.join(directory, "instrumented_kernels.py")
    with open(path, "w") as handle:
        handle.write(source)
    spec = importlib.util.spec_from_file_location("annlab_instrumented_kernels", path)
    module = importlib.util.module_from_spec(spec)
    module._cycles = _cycles
    spec.loader.exec_module(module)
    return module


class _Swap:
    """Stands in for the simulator's kernel module: ``run`` goes to the instrumented copy."""

    def __init__(self, original, instrumented, prof):
        self._original, self._instrumented, self._prof = original, instrumented, prof

    def __getattr__(self, name):
        return getattr(self._original, name)

    def run(self, *args):
        return self._instrumented.run(*args, *self._original.kernels, self._prof)  # run's kernels, then _prof


def profile_phases(network, duration):
    """Simulate ``duration`` ms of a compiled network through the instrumented kernel.

    The simulator's kernel module is swapped for the instrumented copy for
    the duration of one ``network.simulate`` (its chunking, monitors and
    arguments unchanged), then restored; the network continues its dynamics.

    Parameters
    ----------
    network : annlab.Network
        Compiled.
    duration : float
        ms.

    Returns
    -------
    list of (label, seconds, share)
        One row per instrumented call plus ``"other"`` (the rest of ``run``
        and the Python between chunks), in the order of the step.
    """
    sim = network._compiled
    source, labels = instrument(sim.source)
    module = _load(source)
    prof = np.zeros(len(labels), dtype=np.uint64)
    original = sim.module
    sim.module = _Swap(original, module, prof)
    try:
        network.simulate(network.dt)                      # compile the instrumented copy
        prof[:] = 0
        before = int(_read_cycles())
        started = time.perf_counter()
        network.simulate(duration)
        wall = time.perf_counter() - started
        total_cycles = int(_read_cycles()) - before
    finally:
        sim.module = original
    per_cycle = wall / float(total_cycles)
    rows = [(label, float(c) * per_cycle, float(c) / total_cycles) for label, c in zip(labels, prof)]
    rest = total_cycles - int(prof.sum())
    rows.append(("other", rest * per_cycle, rest / total_cycles))
    return rows
