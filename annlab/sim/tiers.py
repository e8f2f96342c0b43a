"""Tiered start (``setup(backend='auto')``): a new structure runs at once on the NumPy stepper while its
Numba kernels compile in a helper process; the network continues compiled from the next chunk on.

Compiling a structure's kernels takes seconds; its first simulation often takes
milliseconds. With ``'auto'`` a network whose compiled kernels are not loaded in
this process yet starts on :mod:`annlab.sim.vector` (same arrays, same ``run``
arguments, same numbers) and asks this module for them: one compilation per
structure, one at a time (copies of a structure share it), in a helper process
(:func:`compile_elsewhere`; on a thread of this process it would compete with the
NumPy stepper for the interpreter: most of Numba is Python), then loaded from the
kernel cache by a background thread. It starts when it pays off: at once when the run in progress would
take longer than :data:`~annlab.sim.simulator.TIERED_COMPILE_AFTER` seconds on the
NumPy stepper, else when the run ends (in a notebook: while the user looks at
the result). Between two chunks the simulator checks whether the kernels are ready
and switches; a compilation that fails is reported once, and the network goes on
with the NumPy stepper.

Examples
--------
>>> from annlab import Izhikevich, Network, Population
>>> net = Network(backend="auto")
>>> pop = net.add(Population(10, Izhikevich, _register=False))
>>> net.compile()
>>> net.simulate(10.0)
>>> net._compiled.wait_for_compiled()
True
>>> net.simulate(10.0)
>>> net._compiled.running
'numba'
"""
import atexit
import concurrent.futures
import os
import queue
import subprocess
import sys
import threading

from ..errors import CompilationError

_PENDING = {}  # structure key -> Future of (program, run module, kernel modules)
_LOCK = threading.Lock()
_QUEUE = queue.Queue()
_WORKER = []
_HELPERS = set()  # helper processes running


def _work():
    while True:
        future, load = _QUEUE.get()
        if future.set_running_or_notify_cancel():
            try:
                future.set_result(load())
            except BaseException as err:  # noqa: BLE001 -- handed to the network that waits
                future.set_exception(err)


def compiled(key, load):
    """The Future of the compiled kernels of the structure ``key``; ``load()`` builds them (called once,
    on the background thread, for the first network of the structure that asks).

    The thread is a daemon: a script that ends does not wait for a compilation it no longer needs.
    """
    with _LOCK:
        future = _PENDING.get(key)
        if future is None:
            future = _PENDING[key] = concurrent.futures.Future()
            _QUEUE.put((future, load))
            if not _WORKER:
                _WORKER.append(threading.Thread(target=_work, name="annlab-compile", daemon=True))
                _WORKER[0].start()
        return future


def compile_elsewhere(request):
    """Compile the kernels of ``request`` (:func:`annlab.sim.compile_worker.request`) in a helper process;
    raises CompilationError with its message when it fails. A helper still running when this process
    exits is stopped (a script that ended leaves nothing behind)."""
    helper = subprocess.Popen([sys.executable, "-m", "annlab.sim.compile_worker"], stdin=subprocess.PIPE,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              env=dict(os.environ, PYTHONPATH=os.pathsep.join(sys.path)))
    with _LOCK:
        _HELPERS.add(helper)
    try:
        _, errors = helper.communicate(request)
    finally:
        with _LOCK:
            _HELPERS.discard(helper)
    if helper.returncode != 0:
        lines = errors.decode(errors="replace").strip().splitlines()
        raise CompilationError(f"the helper process compiling the kernels failed: {lines[-1] if lines else ''}")


@atexit.register
def _stop_helpers():
    with _LOCK:
        for helper in _HELPERS:
            helper.terminate()
