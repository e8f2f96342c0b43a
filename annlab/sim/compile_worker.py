"""The helper process that compiles a structure's kernels for the tiered start (:mod:`annlab.sim.tiers`).

``python -m annlab.sim.compile_worker`` reads a pickled request on its standard input:
the sources of a :class:`~annlab.sim.codegen.Program` (helpers, kernels, ``run``) and
the types of ``run``'s arguments (dtype and dimensions of each array, the float type
of ``dt``). It imports the modules through the kernel cache and calls ``run`` for 0
steps with arrays of those types, which compiles every kernel and writes the machine
code to Numba's cache beside them; the network's process then loads it from there.
Compiling in another process leaves the interpreter of the network's process to the
NumPy stepper (most of Numba's compiler is Python: on a thread it would slow it down
several times).
"""
import pickle
import sys
import types


def request(program, arguments, dt_type):
    """The bytes to send: ``program``'s sources, the (dtype, ndim) of the ``arguments`` after ``rng``."""
    return pickle.dumps(dict(helpers=program.helpers, kernels=list(program.kernels), run=program.run,
                             kernel_types=program.kernel_types, dt=str(dt_type),
                             arrays=[(array.dtype.str, array.ndim) for array in arguments]))


def compile_request(data):
    """Import and compile the program of a :func:`request`."""
    import numpy as np

    from . import cache
    from .runner import Runner

    payload = pickle.loads(data)  # noqa: S301 -- from the parent process, through a pipe
    program = types.SimpleNamespace(helpers=payload["helpers"], kernels=payload["kernels"], run=payload["run"],
                                    kernel_types=payload["kernel_types"])
    run_module, modules = cache.load_program(program)
    arrays = [np.zeros((1,) * ndim, np.dtype(dtype)) for dtype, ndim in payload["arrays"]]
    runner = Runner(program, run_module, modules[1:], compiled=True)
    runner.run(0, 0, np.dtype(payload["dt"]).type(0.1), np.random.default_rng(0), *arrays)


if __name__ == "__main__":
    compile_request(sys.stdin.buffer.read())
