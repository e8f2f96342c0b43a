"""``parallel_run(mode='batch')``: each method runs as written, and their ``simulate()`` calls run together.

Every network's ``method(idx, net, ...)`` runs in a greenlet of its own (a coroutine
with its own stack: the method needs no change). A method that calls
``net.simulate(T)`` is suspended there; once every method still running waits in
``simulate()``, the waiting networks are grouped by structure and each group is
advanced by one compiled call for all its copies (``CompiledState.run_together``:
copies spread over the cores, each its own number of steps), then the methods go on.
Arbitrary Python between the calls (setting attributes, reading monitors, several
``simulate()`` calls of different lengths, ``simulate_until``, which runs alone) works
as in a sequential run, and each copy gives the same numbers as alone: its chunks,
random stream and monitors are its own.

One method runs at a time, in idx order, until it waits in ``simulate()`` or returns;
then the next: what they print comes in idx order, as in a sequential run. Switching
between greenlets costs about a microsecond, a thousand times less than handing the
GIL from one thread to another, which a sweep of thousands of copies does twice per
copy and ``simulate()``.
"""
import functools
import os
from concurrent.futures import ThreadPoolExecutor

import greenlet

from .dispatch import THREADED_COMPILE, copy_compile_s, network_size


def _compiled(net):
    """Compile ``net``; returns the error, or None. Copies of parallel_run run together compiled: with
    ``backend='auto'`` they use the compiled kernels from the start (no NumPy start to switch from)."""
    if net.backend == "auto":
        net.backend = "numba"
    try:
        net.compile()
    except Exception as err:  # noqa: BLE001 -- reported with its index
        return err
    return None


def compile_all(networks, threads=None):
    """Compile ``networks`` (blueprints); returns their errors (None where it compiled), in order.

    Copies whose compile is estimated above :data:`THREADED_COMPILE` seconds compile on as many
    threads as there are cores: drawing their synapses (NumPy, the engine's jitted helpers)
    releases the GIL. The first copy of a structure generates and loads its kernels while the
    others wait for them (:mod:`annlab.sim.programs`). Small networks compile faster in one thread.
    ``threads``: at most that many (engines, which share the cores with each other, use one).
    """
    threads = min(len(networks), threads or os.cpu_count() or 1)
    if threads > 1:
        neurons, synapses = network_size(networks[0])
        if copy_compile_s(neurons, synapses) < THREADED_COMPILE:
            threads = 1
    if threads <= 1:
        return [_compiled(net) for net in networks]
    with ThreadPoolExecutor(threads, thread_name_prefix="annlab compile") as pool:
        return list(pool.map(_compiled, networks))


def run_compiled(method, networks, extras, finished, threads=None):
    """Compile ``networks`` (blueprints, :func:`compile_all` on at most ``threads``), then run ``method``
    on them with a :class:`Lockstep`.

    ``finished(idx, result, error)`` is called for each network, in this thread: with the
    compilation's error for a network that does not compile (the others run), else with what
    its method returned or raised.
    """
    built, positions = [], []
    for idx, (net, error) in enumerate(zip(networks, compile_all(networks, threads))):
        if error is not None:
            finished(idx, None, error)
        else:
            built.append(net)
            positions.append(idx)
    Lockstep(built).run(method, [extras[idx] for idx in positions],
                        lambda position, result, error: finished(positions[position], result, error))


class _Abort(Exception):
    """The batch run was interrupted (Ctrl-C): waiting methods stop."""


class _Waiting:
    """What a suspended method asks for: ``steps`` of its network, with its ``every()`` callbacks."""

    __slots__ = ("steps", "callbacks")

    def __init__(self, steps, callbacks):
        self.steps, self.callbacks = steps, callbacks


class Lockstep:
    """Runs ``method`` on compiled networks, their ``simulate()`` calls batched by structure.

    Parameters
    ----------
    networks : list of Network
        Compiled networks (``parallel_run``'s copies); each gets this object as its ``_together``.
    """

    def __init__(self, networks):
        self.networks = list(networks)
        self._index = {id(net): idx for idx, net in enumerate(self.networks)}
        self._tasks = {}  # idx -> the greenlet running its method
        #: Batched calls made, and the copies they advanced.
        self.batches, self.copies_advanced = 0, 0

    # ---- in the methods' greenlets ----------------------------------------------
    def simulate(self, net, steps, callbacks):
        """``net.simulate()`` of a method: suspend it until it ran with the others."""
        task = self._tasks.get(self._index[id(net)])
        if task is None or greenlet.getcurrent() is not task:  # not from its method (a thread of its own...)
            net._compiled_state("simulate()").run(steps, callbacks=callbacks)
            return
        error = task.parent.switch(_Waiting(steps, callbacks))
        if error is not None:
            raise error

    @staticmethod
    def _call(method, idx, net, extra):
        try:
            return method(idx, net, **extra), None
        except Exception as err:  # noqa: BLE001 -- reported with its index by parallel_run
            return None, err

    # ---- in parallel_run's greenlet ------------------------------------------------
    def run(self, method, extras, finished):
        """Call ``method(idx, net, **extras[idx])`` for every network; ``finished(idx, result, error)`` as each
        method returns (in idx order within a round).

        One method's Python runs at a time, in idx order, until it waits in ``simulate()`` or returns;
        then the waiting copies advance together. Ctrl-C (or SystemExit) in a method or a batch stops
        them all: the methods waiting in ``simulate()`` get an exception there, and it is raised here.
        """
        for net in self.networks:
            net._together = self
        self._tasks = {idx: greenlet.greenlet(functools.partial(self._call, method, idx, net, extra))
                       for idx, (net, extra) in enumerate(zip(self.networks, extras))}
        waiting = {}
        try:
            resume = dict.fromkeys(self._tasks)  # idx -> what its simulate() returns (None, or its error)
            while resume:
                waiting = {}
                for idx in sorted(resume):
                    task = self._tasks[idx]
                    request = task.switch(resume[idx]) if task else task.switch()  # on from simulate(), or start
                    if isinstance(request, _Waiting):
                        waiting[idx] = request
                    else:
                        finished(idx, *request)
                if not waiting:
                    break
                failures = self._advance(waiting)
                resume = {idx: failures.get(idx) for idx in waiting}
        except BaseException:
            for idx in waiting:
                self._stop(self._tasks[idx])
            raise
        finally:
            for net in self.networks:
                net._together = None
            self._tasks = {}

    @staticmethod
    def _stop(task):
        """A waiting method gets an exception from its simulate() (its ``finally`` blocks run)."""
        if not task.dead:
            try:
                task.throw(_Abort("parallel_run was interrupted"))
            except BaseException:  # noqa: BLE001 -- what it raised ends it; parallel_run raises its own
                pass

    def _advance(self, waiting):
        """Run the waiting simulate() calls, one batched call per structure; returns idx -> error."""
        compiled, groups, failures = {}, {}, {}
        for idx in sorted(waiting):
            compiled[idx] = self.networks[idx]._compiled_state("simulate()")
            groups.setdefault(compiled[idx].structure_key(), []).append(idx)
        for members in groups.values():
            states = [compiled[idx] for idx in members]
            errors = {}
            states[0].run_together(states[1:], [waiting[idx].steps for idx in members],
                                   [waiting[idx].callbacks for idx in members], errors)
            for position, error in errors.items():
                failures[members[position]] = error
            self.batches += 1
            self.copies_advanced += len(members)
        return failures
