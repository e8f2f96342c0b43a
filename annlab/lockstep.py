"""``parallel_run(mode='batch')``: each method runs as written, and their ``simulate()`` calls run together.

Every network's ``method(idx, net, ...)`` runs in a thread of its own. A thread that
calls ``net.simulate(T)`` waits; once every method still running waits in
``simulate()``, the waiting networks are grouped by structure and each group is
advanced by one compiled call for all its copies (``CompiledState.run_together``:
copies spread over the cores, each its own number of steps), then the methods go on.
Arbitrary Python between the calls (setting attributes, reading monitors, several
``simulate()`` calls of different lengths, ``simulate_until``, which runs alone) works
as in a sequential run, and each copy gives the same numbers as alone: its chunks,
random stream and monitors are its own.

One method runs at a time, in idx order, until it waits in ``simulate()`` or returns;
then the next. Methods never run Python at the same time as each other or as a batch
(the GIL would serialise them anyway, and thousands of threads let loose at once spend
seconds handing the GIL and the locks to each other), and what they print comes in idx
order, as in a sequential run.
"""
import threading


def run_compiled(method, networks, extras, finished):
    """Compile ``networks`` (blueprints), then run ``method`` on them with a :class:`Lockstep`.

    ``finished(idx, result, error)`` is called for each network, in this thread: with the
    compilation's error for a network that does not compile (the others run), else with what
    its method returned or raised.
    """
    built, positions = [], []
    for idx, net in enumerate(networks):
        try:
            net.compile()
        except Exception as err:  # noqa: BLE001 -- reported with its index
            finished(idx, None, err)
        else:
            built.append(net)
            positions.append(idx)
    Lockstep(built).run(method, [extras[idx] for idx in positions],
                        lambda position, result, error: finished(positions[position], result, error))


class _Abort(Exception):
    """The batch run was interrupted (Ctrl-C): waiting methods stop."""


class Lockstep:
    """Runs ``method`` on compiled networks, their ``simulate()`` calls batched by structure.

    Parameters
    ----------
    networks : list of Network
        Compiled networks (``parallel_run``'s copies); each gets this object as its ``_together``.
    """

    def __init__(self, networks):
        self.networks = list(networks)
        #: parallel_run's thread waits on it; each method's thread waits on its own event (waking every
        #: thread at each change would cost O(N) per call, O(N^2) per round with thousands of copies).
        self._condition = threading.Condition()
        self._released = [threading.Event() for _ in self.networks]
        self._waiting = {}  # idx -> (steps, callbacks) of a simulate() call not yet run
        self._failures = {}  # idx -> exception its simulate() raises
        self._running = set()
        self._finished = {}  # idx -> (result, exception) of the method
        self._aborted = False
        self._index = {id(net): idx for idx, net in enumerate(self.networks)}
        #: Batched calls made, and the copies they advanced.
        self.batches, self.copies_advanced = 0, 0

    # ---- in the methods' threads ------------------------------------------------
    def simulate(self, net, steps, callbacks):
        """``net.simulate()`` of a method: wait until it ran with the others."""
        idx = self._index[id(net)]
        released = self._released[idx]
        released.clear()
        with self._condition:
            if self._aborted:
                raise _Abort("parallel_run was interrupted")
            self._waiting[idx] = (steps, callbacks)
            self._condition.notify()
        released.wait()
        with self._condition:
            error = self._failures.pop(idx, None)
        if error is not None:
            raise error

    def _call(self, idx, method, extra):
        result = error = None
        try:
            result = method(idx, self.networks[idx], **extra)
        except BaseException as err:  # noqa: BLE001 -- reported with its index by parallel_run
            error = err
        with self._condition:
            self._finished[idx] = (result, error)
            self._running.discard(idx)
            self._condition.notify()

    # ---- in parallel_run's thread --------------------------------------------------
    def run(self, method, extras, finished):
        """Call ``method(idx, net, **extras[idx])`` for every network; ``finished(idx, result, error)`` as each
        method returns (in this thread).

        One method's Python runs at a time, in idx order, until it waits in ``simulate()`` or returns
        (the GIL would serialise them anyway; thousands of threads let loose at once spend seconds
        handing the GIL and the condition's lock to each other). Then the waiting copies advance together.
        """
        for net in self.networks:
            net._together = self
        threads = [threading.Thread(target=self._call, args=(idx, method, extra), daemon=True,
                                    name=f"annlab parallel_run {idx}") for idx, extra in enumerate(extras)]
        self._running = set(range(len(threads)))
        try:
            resume = {idx: thread.start for idx, thread in enumerate(threads)}
            while resume:
                for idx in sorted(resume):
                    resume[idx]()  # start the method, or let it return from simulate()
                    with self._condition:
                        while idx not in self._waiting and idx in self._running:
                            self._condition.wait()
                        done, self._finished = self._finished, {}
                    for k in sorted(done):
                        finished(k, *done[k])
                with self._condition:
                    ready = dict(self._waiting)
                if not ready:
                    break
                self._advance(ready)
                with self._condition:
                    for idx in ready:
                        del self._waiting[idx]
                resume = {idx: self._released[idx].set for idx in ready}
        except BaseException:
            with self._condition:
                self._aborted = True
                for idx in self._waiting:
                    self._failures[idx] = _Abort("parallel_run was interrupted")
                self._waiting.clear()
            for released in self._released:
                released.set()
            raise
        finally:
            for thread in threads:
                if thread.is_alive():
                    thread.join(timeout=10.0)
            for net in self.networks:
                net._together = None

    def _advance(self, ready):
        """Run the waiting simulate() calls, one batched call per structure."""
        compiled, groups = {}, {}
        for idx in sorted(ready):
            compiled[idx] = self.networks[idx]._compiled_state("simulate()")
            groups.setdefault(compiled[idx].structure_key(), []).append(idx)
        for members in groups.values():
            states = [compiled[idx] for idx in members]
            errors = {}
            states[0].run_together(states[1:], [ready[idx][0] for idx in members],
                                   [ready[idx][1] for idx in members], errors)
            for position, error in errors.items():
                self._failures[members[position]] = error
            self.batches += 1
            self.copies_advanced += len(members)
