"""The simulator of one network copy: state arrays, random stream, kernels.

Built by ``Network.compile()``. It draws the connectivity with the network's
own :class:`numpy.random.Generator`, allocates the arrays (see
:mod:`annlab.sim.layout`), generates the kernel source for the network's
structure and loads it through the on-disk cache. ``run`` enters compiled code
once per chunk of steps; Python runs only between chunks (monitor buffers,
``every`` callbacks, progress bars, stop conditions).
"""
import hashlib
import os
import time

import numpy as np

from ..core import config, connectors, constants
from ..core.compiled_state import CompiledState
from ..errors import CompilationError, NonFiniteError, SimulationError, warn_once
from . import cache, compile_worker, programs, state_file, tiers
from .finite_checks import first_non_finite
from .interrupts import DeferredInterrupt
from .kernel_interface import Counter, RecordColumn, StopMode
from .layout import PopulationLayout, ProjectionLayout, Slots
from .precision import NAMED as PRECISIONS
from .recording import Recorder

#: Upper bound on the values buffered by monitors in one chunk.
BUFFER_VALUES = 4_000_000
#: Upper bound on the steps of one chunk (Ctrl-C and live plots act between chunks).
CHUNK_STEPS = 5000
#: While the NumPy stepper runs and the compiled kernels are being built: seconds of one chunk (a switch
#: waits at most that long).
TIERED_CHUNK_SECONDS = 0.05
#: 'auto': a run that would take longer than this (s) on the NumPy stepper has the compiled kernels built
#: during it; shorter ones when they end.
TIERED_COMPILE_AFTER = 1.0
#: (run module, argument types, recording type) of the kernels already run in this process.
_WARM = set()


def _run_signature(program, recording_dtype):
    """(modules, argument types, recording type): compiled ``run`` functions already run in this process
    with these kernels (:data:`_WARM`) are used at once."""
    return (program.module_names, tuple((a.dtype, a.ndim) for a in program.arguments), recording_dtype.name)


def _available_memory():
    """Bytes of memory available now (None where the system does not say)."""
    try:
        return os.sysconf("SC_AVPHYS_PAGES") * os.sysconf("SC_PAGE_SIZE")
    except (ValueError, OSError, AttributeError):
        return None


class RunProgress:
    """Where one run of a network stands between its chunks (see :meth:`Simulator.begin_run`)."""

    def __init__(self, n_steps, callbacks, check_finite):
        self.n_steps, self.callbacks, self.check_finite = n_steps, callbacks, check_finite
        self.done_total = 0
        #: A stop condition held (``simulate_until``): the run ends early.
        self.stopped = False


class Simulator(CompiledState):
    """State and kernels of one compiled network: the Numba engine's :class:`CompiledState`.

    Attributes
    ----------
    step : int
        Current step (time is ``step * dt``).
    compilations : int
        Kernel compilations this simulator caused (0 when the cache had them).
    """

    def __init__(self, network, seed=None):
        self.network = network
        self.dt = network.dt
        self.rng = np.random.default_rng(seed)
        #: The float type of the arrays and kernels (the network's ``precision``).
        self.precision = PRECISIONS[network.precision]
        #: Its backend: 'numba' (compiled kernels), 'numpy' (the NumPy stepper, annlab.sim.vector) or 'auto'
        #: (the NumPy stepper until the compiled kernels are ready, annlab.sim.tiers).
        self.backend = network.backend
        #: What steps it now: 'numba' or 'numpy'.
        self.running = "numba" if self.backend == "numba" else "numpy"
        #: 'auto': the Future of the compiled kernels while the NumPy stepper runs, and why they failed.
        self._pending = None
        self.compile_error = None
        #: 'auto': the step from which the compiled kernels ran (None before).
        self.compiled_from_step = None
        self._chunk_seconds_per_step = None
        self.slots = Slots(self.precision)
        inputs = {}  # targets fed by projections, per post population (also those its neuron does not use)
        for proj in network.projections:
            inputs.setdefault(id(proj.post.population), []).append(proj.target)
        self.populations = [PopulationLayout(k, pop, self.slots, inputs.get(id(pop), ()))
                            for k, pop in enumerate(network.populations)]
        self._pops = {id(layout.population): layout for layout in self.populations}
        self.projections = []
        for q, proj in enumerate(network.projections):
            pre, post = self._pops[id(proj.pre.population)], self._pops[id(proj.post.population)]
            self.projections.append(ProjectionLayout(q, proj, pre, post, self.slots, self.rng, self.dt))
        self._projs = {id(layout.projection): layout for layout in self.projections}
        for layout in self.populations:
            if layout.spiking:
                delays = [p.max_delay for p in self.projections if p.pre is layout]
                layout.allocate_spikes(max(delays + [1]), self.dt)
            else:
                layout.kind.allocate(layout, self.dt)
                delays = [p.max_delay for p in self.projections if p.pre is layout and p.delayed_rates]
                if delays:
                    layout.allocate_rate_history(max(delays))
        for layout in self.projections:
            layout.kind.allocate(layout)
        stops = {layout.index: layout.population.parsed_stop_condition for layout in self.populations
                 if layout.population.parsed_stop_condition is not None}
        self.recorder = Recorder(network.monitors, self.populations, self.projections, self.dt, self.precision)
        self._stops = stops
        self._load_kernels()
        self.step = 0
        self._initial = {}  # compile-time values of float arrays, saved before their first change (_save)
        self._compiled_synapses = {}  # id(layout) -> synapses and values at compile time, once rewired
        self._kernel_arrays = self._changed_by_kernels()
        self.compilations = 0
        self._compile_kernels()
        constants.listen(self)

    def _load_kernels(self):
        """The kernel source of the structure and its modules: generated and imported once per structure.

        ``'auto'``: the compiled ones when this process has run them already, else the NumPy stepper's,
        and the compiled ones are asked for in the background (:mod:`annlab.sim.tiers`).
        """
        if self.backend == "auto":  # compiled kernels this process ran already (copies, re-runs) are used at once
            program = programs.program_of(self.populations, self.projections, self._stops, self.precision)
            if self._signature(program) in _WARM:
                self.running = "numba"
        self.program, self.module, self._kernel_modules = programs.load(self.populations, self.projections,
                                                                        self._stops, self.precision, self.running)
        self.source = self.program.run

    def _ask_compiled(self):
        """Have the compiled kernels of this structure built in the background (once per structure): compiled
        in a helper process (:mod:`annlab.sim.compile_worker`), then loaded from the kernel cache here."""
        populations, projections, stops, precision = self.populations, self.projections, self._stops, self.precision
        arguments = self._kernel_arguments()  # this chunk's arrays: their types are what run compiles for
        arrays = arguments[4:]  # after n_steps, step, dt and rng
        recording = self.recorder.rec_buf.dtype

        def build():
            # numba is imported here only once the helper is done: importing it at once would compete with
            # the NumPy stepper for the interpreter (~0.3 s of Python), as compiling here would
            program = programs.program_of(populations, projections, stops, precision)
            tiers.compile_elsewhere(compile_worker.request(program, arrays, precision.dtype))
            program, module, modules = programs.load(populations, projections, stops, precision, "numba")
            module.run(0, *arguments[1:])  # loads the machine code the helper left in the cache
            _WARM.add(_run_signature(program, recording))  # networks compiled from now on use it
            return program, module, modules
        key = programs.structure_key(populations, projections, stops, precision)
        self._pending = tiers.compiled(key, build)
        self._compile_later = False

    def _signature(self, program):
        """What decides whether the compiled ``run`` of ``program`` was compiled for this network already."""
        return _run_signature(program, self.recorder.rec_buf.dtype)

    def stepping(self):
        """What steps the network now, in words (for reprs and ``measure_time``).

        >>> from annlab import Izhikevich, Network, Population
        >>> net = Network(backend="numpy")
        >>> pop = net.add(Population(3, Izhikevich, _register=False))
        >>> net.compile()
        >>> net._compiled.stepping()
        'NumPy stepper'
        """
        if self.running == "numba":
            if self.compiled_from_step:
                return f"compiled kernels since t = {self.compiled_from_step * self.dt:g} ms, NumPy stepper before"
            return "compiled kernels"
        if self.backend == "numpy":
            return "NumPy stepper"
        if self.compile_error is not None:
            return "NumPy stepper (the compiled kernels could not be built)"
        if self._pending is not None:
            return "NumPy stepper, compiled kernels on their way"
        return "NumPy stepper (compiled kernels after this run)"

    def wait_for_compiled(self, timeout=None):
        """``'auto'``: wait (at most ``timeout`` s) until the compiled kernels are ready and switch to them.

        Returns whether the network now runs compiled (False: not ready, or their compilation failed:
        :attr:`compile_error`).
        """
        if self._compile_later:
            self._ask_compiled()
        if self._pending is not None:
            try:
                self._pending.result(timeout)
            except Exception:  # noqa: BLE001, S110 -- reported by _switch_when_ready
                pass
            self._switch_when_ready()
        return self.running == "numba"

    def _switch_when_ready(self):
        """Between chunks: continue with the compiled kernels once they are ready (same arrays, same values)."""
        pending = self._pending
        if pending is None or not pending.done():
            return
        self._pending = None
        try:
            program, module, modules = pending.result()
        except Exception as err:  # noqa: BLE001 -- the NumPy stepper goes on
            self.compile_error = err
            warn_once(f"The compiled kernels of this network could not be built ({type(err).__name__}: {err}); it "
                      f"goes on with the NumPy stepper (setup(backend='numpy') says so from the start)",
                      key=("background compile", id(pending)), stacklevel=6)
            return
        self.program, self.module, self._kernel_modules = program, module, modules
        self.source = program.run
        self.running = "numba"
        self.compiled_from_step = self.step
        _WARM.add(self._signature(program))

    def _compile_kernels(self):
        """Compile (or load from the cache) the kernels by running ``run`` for 0 steps (the NumPy stepper's
        ``run`` compiles nothing)."""
        tuples = self.slots.as_tuples()
        for argument in self.program.arguments:  # the arrays are what the kernels were generated for
            problem = argument.mismatch(argument.value(tuples))
            if problem:
                raise CompilationError(f"The kernels of this network do not fit its arrays: {problem}")
        modules = [self.module.module] + self._kernel_modules
        # kernels that ran in this process with these argument types compile nothing: not counted again
        signature = self._signature(self.program)
        warm = signature in _WARM
        before = 0 if warm else cache.compilations(*modules)
        started = time.perf_counter()
        try:
            self.call_kernels(0)
        except Exception as err:  # a numba typing error means generated code is wrong
            raise CompilationError(f"The kernels of this network could not be compiled: {err}") from err
        self.compile_time = time.perf_counter() - started
        if not warm and self.running == "numba":  # (the NumPy stepper's run has the compiled run's name)
            self.compilations += cache.compilations(*modules) - before
            _WARM.add(signature)
        #: 'auto' on the NumPy stepper: the compiled kernels are still to be asked for (see annlab.sim.tiers).
        self._compile_later = self._may_switch

    def _save(self, keys=None):
        """Keep the compile-time values of float arrays for reset(), before anything changes them.

        ``keys``: (0 for F2 or 1 for F1, slot) pairs, default all. Saved lazily, array by
        array: a copy that is never reset, or whose weights never change, copies nothing.
        """
        tuples = self.slots.as_tuples()[:2]
        if keys is None:
            keys = [(group, slot) for group in (0, 1) for slot in range(len(tuples[group]))]
        for key in keys:
            if key not in self._initial:
                self._initial[key] = tuples[key[0]][key[1]].copy()

    def _changed_by_kernels(self):
        """Float arrays the kernels write: all but the attributes of synapses that never change."""
        tuples = self.slots.as_tuples()[:2]
        fixed = set()
        for layout in self.projections:
            written = layout.ir.written
            for names, key in ((layout.local, (0, layout.slot_W)), (layout.semi, (0, layout.slot_SW)),
                               (layout.glob, (1, layout.slot_GW))):
                if not written.intersection(names):
                    fixed.add(key)
        return [(group, slot) for group in (0, 1) for slot in range(len(tuples[group]))
                if (group, slot) not in fixed]

    def _initial_value(self, group, slot):
        saved = self._initial.get((group, slot))
        return saved if saved is not None else self.slots.as_tuples()[group][slot]

    # ---- running -----------------------------------------------------------------
    def call_kernels(self, n_steps):
        """One call of the compiled ``run`` for ``n_steps`` steps of the chunk prepared (see :meth:`next_chunk`)."""
        started = time.perf_counter()
        done = int(self.module.run(*self._kernel_arguments(n_steps)))
        if self._may_switch:  # chunks are sized to switch soon, and a long run compiles meanwhile
            self._chunk_seconds_per_step = (time.perf_counter() - started) / max(done, 1)
        return done

    @property
    def _may_switch(self):
        """``'auto'`` on the NumPy stepper: the compiled kernels will take over between two chunks."""
        return self.running == "numpy" and self.backend == "auto"

    def _kernel_arguments(self, n_steps=0):
        rec = self.recorder
        tuples = self.slots.as_tuples()
        arrays = [argument.value(tuples) for argument in self.program.arguments]
        return (n_steps, self.step, self.precision.scalar(self.dt), self.rng, rec.rec_int, rec.rec_idx, rec.rec_buf,
                rec.spk_out, rec.counters, *arrays)

    def _chunk_limit(self):
        rec = self.recorder
        per_step = sum((row[RecordColumn.INDEX_STOP] - row[RecordColumn.INDEX_START]) / row[RecordColumn.PERIOD]
                       for row in rec.rec_int if row[RecordColumn.ACTIVE])
        limit = int(max(1, min(CHUNK_STEPS, BUFFER_VALUES // max(per_step, 1))))
        if self._may_switch:  # short chunks
            per_step = self._chunk_seconds_per_step
            limit = min(limit, max(10, int(TIERED_CHUNK_SECONDS / per_step)) if per_step else 50)
        return limit

    def run(self, n_steps, callbacks=(), stop=None, measure_time=False, progress=None):
        """Simulate ``n_steps`` steps (fewer when a stop condition holds); returns the steps done."""
        run = self.begin_run(n_steps, callbacks, stop)
        bar = self._progress(n_steps, progress)
        label = self._progress_label()
        started = time.perf_counter()
        try:
            with DeferredInterrupt() as interrupt:
                while chunk := self.next_chunk(run):
                    done = self.call_kernels(chunk)
                    self.finish_chunk(run, done)
                    if bar is not None:
                        bar.update(done)
                        if label != self._progress_label():  # switched to the compiled kernels
                            label = self._progress_label()
                            bar.set_description(label)
                    if interrupt.requested and not run.stopped:  # also after the last chunk: a loop of
                        raise KeyboardInterrupt(                   # simulate() calls stops too
                            f"simulation interrupted at t = {self.step * self.dt:g} ms after {run.done_total} of "
                            f"{n_steps} steps; the network is consistent there (time, state, recordings): "
                            f"simulate() continues as the whole run would have")
        finally:
            self.end_run(run)
            if bar is not None:
                bar.close()
        if measure_time:
            print(f"Simulating {run.done_total * self.dt / 1000.0} seconds of the network took "
                  f"{time.perf_counter() - started:.4f} seconds ({self.stepping()}).")
        return run.done_total

    def structure_key(self):
        """Networks with the same ``run`` source, dt and precision run together (:mod:`annlab.sim.batch`)."""
        return (self.program.module_names, self.dt, self.precision.dtype.name)  # modules named by their source

    def fingerprint(self):
        digest = hashlib.sha256()
        for source in [self.program.run] + [source for _, _, source in self.program.kernels]:
            digest.update(source.encode())
        digest.update(repr((self.dt, self.step, self.precision.name)).encode())
        for group in self.slots.as_tuples():
            for array in group:
                digest.update(repr((array.dtype.str, array.shape)).encode())
                digest.update(np.ascontiguousarray(array).tobytes())
        for monitor in self.network.monitors:  # (the recorder's own table holds memory addresses)
            target = monitor.object
            ranks = getattr(target, "ranks", None)
            digest.update(repr((getattr(target, "name", None), None if ranks is None else np.asarray(ranks).tolist(),
                                tuple(monitor.variables), monitor.period, monitor.starts_active)).encode())
        return digest.hexdigest()

    def run_together(self, others, n_steps, callbacks=None, errors=None):
        from .batch import Batch

        return Batch([self, *others]).run(n_steps, callbacks, errors)

    # The chunks of one run, for run() and for batches of copies (annlab.sim.batch), which call
    # their compiled kernels themselves: begin_run, then next_chunk / kernel / finish_chunk until
    # next_chunk returns 0, then end_run.
    def begin_run(self, n_steps, callbacks=(), stop=None):
        """Prepare a run of ``n_steps`` steps; returns its :class:`RunProgress`."""
        if not getattr(self.network, "_callbacks_enabled", True):  # disable_callbacks()
            callbacks = ()
        self._save(self._kernel_arrays)
        counters = self.recorder.counters
        counters[Counter.STOP_MODE:] = 0
        if stop is not None:
            populations, operator = stop
            counters[Counter.STOP_MODE] = StopMode.ALL if operator == "and" else StopMode.ANY
            for pop in populations:
                counters[Counter.STOP_FLAGS + self._pops[id(pop)].index] = 1
        self._check_memory(n_steps)
        return RunProgress(int(n_steps), tuple(callbacks), bool(config.get("check_finite")))

    def next_chunk(self, run):
        """Steps of the next chunk of ``run``, with the monitors' buffers sized for it (0: the run is over)."""
        if run.stopped or run.done_total >= run.n_steps:
            return 0
        if self._compile_later and self._chunk_seconds_per_step is not None and run.done_total > 0 and \
                (run.n_steps - run.done_total) * self._chunk_seconds_per_step > TIERED_COMPILE_AFTER:
            self._ask_compiled()  # this run is long on the NumPy stepper: worth competing with it
        self._switch_when_ready()
        chunk = min(run.n_steps - run.done_total, self._chunk_limit(), self._steps_to_callback(run.callbacks))
        self.recorder.prepare(self.step, chunk)
        return chunk

    def finish_chunk(self, run, done):
        """After the kernels did ``done`` steps of the chunk: recordings, time, checks, callbacks."""
        self.recorder.collect(self.step, done)
        self.step += done
        run.done_total += done
        if run.check_finite:
            self._check_finite(self.step - done)
        if self.recorder.counters[Counter.STOPPED]:
            run.stopped = True
            return
        self._call_back(run.callbacks)

    def end_run(self, run):
        """After the last chunk (or an error): the stop condition is off again; ``'auto'``: the compiled
        kernels are asked for now if they were not yet."""
        self.recorder.counters[Counter.STOP_MODE:] = 0
        if self._compile_later:
            self._ask_compiled()

    def _check_memory(self, n_steps):
        """Warn (or refuse, ``setup(memory_check='raise')``) before monitors would fill the memory."""
        mode = config.get("memory_check")
        if mode == "off":
            return
        needed = self.recorder.bytes_ahead(n_steps)
        available = _available_memory()
        if available is None or needed < 0.8 * available:
            return
        message = (f"simulate(): the monitors of this network would record {needed / 2 ** 30:.3g} GiB in "
                   f"{n_steps * self.dt:g} ms, and {available / 2 ** 30:.3g} GiB of memory are available. Record "
                   f"fewer variables or neurons (a view), with a period, for part of the time (start/pause), or "
                   f"only the last milliseconds (Monitor(..., keep_last=...)); or simulate in parts and get() the "
                   f"data in between")
        if mode == "raise":
            raise SimulationError(message + " (setup(memory_check='warn') only warns)")
        warn_once(message, key=("memory", id(self), n_steps), stacklevel=5)

    def _check_finite(self, chunk_start):
        """NonFiniteError when a value became NaN or infinite in the chunk that started at ``chunk_start``."""
        found = first_non_finite(self.populations, self.projections)
        if found is None:
            return
        kind, layout, variable, index, value = found
        owner = layout.population.name if kind == "population" else layout.projection.name
        where = f" (neuron {index})" if kind == "population" and index >= 0 else \
            f" (synapse {index} in dendrite order)" if index >= 0 else ""
        start, stop = chunk_start * self.dt, self.step * self.dt
        seen = None
        if kind == "population" and index >= 0:
            seen = self.recorder.first_non_finite_step(layout.population, variable, index)
        when = (f"at t = {seen[0] * self.dt:g} ms (seen by monitor '{seen[1]}')" if seen else
                f"between t = {start:g} and {stop:g} ms (a monitor of '{variable}' shows the step)")
        raise NonFiniteError(
            f"{kind.capitalize()} '{owner}': '{variable}' became {value}{where} {when}. The simulation stopped at "
            f"t = {stop:g} ms with everything recorded up to then. Look for a division by zero (a parameter such "
            f"as tau = 0), an equation that diverges, or a dt too large for the method; setup(check_finite=False) "
            f"turns this check off.", owner=owner, variable=variable, index=index, window=(start, stop),
            time=seen[0] * self.dt if seen else None)

    def _progress(self, n_steps, progress):
        if not progress:
            return None
        from tqdm.auto import tqdm
        return tqdm(total=n_steps, unit="step", desc=self._progress_label(), leave=False)

    def _progress_label(self):
        return "simulate (NumPy stepper)" if self.running == "numpy" else "simulate"

    def _steps_to_callback(self, callbacks):
        best = 1 << 62
        for _function, period, offset in callbacks:
            position = (self.step - offset) % period
            best = min(best, period - position if self.step >= offset else offset - self.step)
        return max(1, best)

    def _call_back(self, callbacks):
        for entry in callbacks:
            function, period, offset = entry
            if self.step > offset and (self.step - offset) % period == 0:
                function((self.step - offset) // period - 1)

    def update_constant(self, name, value):
        """A :class:`~annlab.core.constants.Constant` changed: write it where models use it."""
        self._save([(1, p.slot_G) for p in self.populations] + [(1, p.slot_GW) for p in self.projections])
        for layout in self.populations:
            if name in layout.ir.constants:
                layout.G[layout.entry[name]] = value
        for layout in self.projections:
            if name in layout.ir.constants:
                layout.GW[layout.entry[name]] = value

    # ---- attributes ----------------------------------------------------------------
    def _population(self, pop):
        try:
            return self._pops[id(pop.population)]
        except KeyError:
            raise SimulationError(f"'{pop.name}' does not belong to this network") from None

    def read_population(self, pop, name):
        layout = self._population(pop)
        if name in layout.entry:
            return float(layout.G[layout.entry[name]])
        return layout.S[layout.row[name]].copy()

    def write_population(self, pop, name, value):
        layout = self._population(pop)
        self._save([(0, layout.slot_S), (1, layout.slot_G)])
        if name in layout.entry:
            layout.G[layout.entry[name]] = value
        else:
            layout.S[layout.row[name]] = value

    def reset_population(self, pop, attributes=None):
        layout = self._population(pop)
        initial_S = self._initial_value(0, layout.slot_S)
        initial_G = self._initial_value(1, layout.slot_G)
        names = attributes or list(layout.row) + list(layout.entry)
        for name in names:
            if name in layout.row:
                layout.S[layout.row[name]] = initial_S[layout.row[name]]
            elif name in layout.entry:
                layout.G[layout.entry[name]] = initial_G[layout.entry[name]]
        if layout.spiking:
            layout.reset_spikes(self.step)

    def set_rate_window(self, pop, window, steps=None):
        """Spiking population ``pop`` computes ``r`` over the last ``window`` ms from now on (the first
        time, after compile: other kernels, compiled now or taken from the cache)."""
        layout = self._population(pop)
        layout.set_rate_window(window, self.dt, steps)
        if not layout.computes_rate:
            layout.computes_rate = True
            self._load_kernels()
            self._compile_kernels()

    def update_inputs(self, pop):
        layout = self._population(pop)
        for key in layout.kind.changed(layout, self.dt, self.step):  # compile-time values that no longer apply
            self._initial.pop(key, None)

    def _projection(self, proj):
        try:
            return self._projs[id(proj)]
        except KeyError:
            raise SimulationError(f"'{proj.name}' does not belong to this network") from None

    def connectivity(self, proj):
        return self._projection(proj).connectivity

    def drawn_connectivity(self, proj):
        """The synapses with the ranks of the projection's ends (views), current weights and delays."""
        return self._projection(proj).drawn

    def synapse_values(self, proj, name):
        return self._projection(proj).read(name)

    def read_projection(self, proj, name):
        """Local attributes as one list per dendrite (post neuron with synapses), as in ANNarchy."""
        layout = self._projection(proj)
        values = layout.read(name)
        if layout.locality(name) != "local":
            return values
        bounds = layout.post_ptr
        return [values[bounds[j]:bounds[j + 1]].tolist() for j in range(len(bounds) - 1) if bounds[j + 1] > bounds[j]]

    def read_delays(self, proj):
        """Transmission delays in ms (``D*dt`` with ``D = max(1, round(delay/dt))`` steps): a float when
        uniform, else one list per dendrite as for local attributes."""
        layout = self._projection(proj)
        if layout.uniform_delay:
            return float(layout.delay[0] * self.dt)
        values = layout.to_dendrites(layout.delay[:layout.size]) * self.dt
        bounds = layout.post_ptr
        return [values[bounds[j]:bounds[j + 1]].tolist() for j in range(len(bounds) - 1) if bounds[j + 1] > bounds[j]]

    def write_projection(self, proj, name, value):
        layout = self._projection(proj)
        self._save([(0, layout.slot_W), (0, layout.slot_SW), (1, layout.slot_GW)])
        layout.write(name, value, self.rng)

    def replace_synapses(self, proj, synapses, values):
        """Structural plasticity: the projection's synapses become ``synapses`` (population ranks, dendrite
        order) with ``values`` (attribute -> value, per synapse for local ones); the kernels stay."""
        self.adopt_synapses(proj, self.rewired_synapses(proj, synapses, values))

    def rewired_synapses(self, proj, synapses, values):
        """What :meth:`replace_synapses` would put in place, checked, without changing anything yet."""
        layout = self._projection(proj)
        for state in self.recorder.states.values():
            if state.monitor.object is proj and state.entries:
                raise SimulationError(f"Projection '{proj.name}': its synapses cannot be created or pruned while "
                                      f"monitor '{state.monitor.name}' records them")
        return layout.rebuilt(synapses, values, self.rng)

    def adopt_synapses(self, proj, fresh):
        """Put the synapses of :meth:`rewired_synapses` in place."""
        layout = self._projection(proj)
        if id(layout) not in self._compiled_synapses:  # what reset(synapses=True) goes back to
            initial = self._initial_value(0, layout.slot_W)
            synapses_then = layout.connectivity
            self._compiled_synapses[id(layout)] = (
                connectors.Connectivity(synapses_then.post_ranks, synapses_then.pre_ranks, synapses_then.weights,
                                        synapses_then.delays),
                {name: np.array(layout.to_dendrites(initial[layout.row[name], :layout.size])) for name in layout.local})
        layout.adopt(fresh)
        self._initial.pop((0, layout.slot_W), None)  # another size: the saved compile-time copy no longer fits

    def set_learning(self, proj, enabled):
        self._projection(proj).learning[0] = int(bool(enabled))

    # ---- monitors ------------------------------------------------------------------------
    def add_monitor(self, monitor):
        """Record a monitor created after compile, from the current step on."""
        self.recorder.add(monitor, self.step)

    def monitor_data(self, monitor, variable):
        return self.recorder.data(monitor, variable)

    def monitor_records_since(self, monitor, variable, mark=None):
        return self.recorder.records_since(monitor, variable, mark)

    def monitor_clear(self, monitor, variables):
        self.recorder.clear(monitor, variables)

    def set_monitor_active(self, monitor, active, restart=False):
        self.recorder.set_active(monitor, active, self.step, restart=restart)

    def monitor_active(self, monitor):
        """Whether ``monitor`` records now, None when it is not (yet) one of this network's."""
        state = self.recorder.states.get(monitor.id)
        return None if state is None else state.active

    def monitor_window(self, monitor):
        return self.recorder.window(monitor)

    def monitor_times(self, monitor):
        state = self.recorder.states[monitor.id]
        return {"start": [p[0] * self.dt for p in state.periods],
                "stop": [(p[1] if p[1] is not None else self.step) * self.dt for p in state.periods]}

    def monitor_nbytes(self, monitor):
        return self.recorder.nbytes(monitor)

    # ---- whole state -----------------------------------------------------------------------
    def _restore_synapses(self, layout):
        """The synapses of compile time again, after structural plasticity changed them."""
        if id(layout) in self._compiled_synapses:
            drawn, values = self._compiled_synapses.pop(id(layout))
            layout.rebuild(drawn, values, self.rng)
            self._initial.pop((0, layout.slot_W), None)

    def reset_projection(self, proj, attributes, synapses=False):
        """Attributes back to their values before compile; ``synapses``: also the synapses and weights."""
        layout = self._projection(proj)
        self._save([(0, layout.slot_W), (0, layout.slot_SW), (1, layout.slot_GW)])
        if synapses:
            self._restore_synapses(layout)
            layout.W[...] = self._initial_value(0, layout.slot_W)
            layout.last_event[:] = 0
        for name in attributes:
            layout.write(name, proj.values_before_compile().get(name, layout.ir.attributes[name].init), self.rng)
        layout.weights_changed()

    def reset(self, populations=True, projections=False, monitors=True, synapses=False):
        """Back to the values at compile time and step 0 (``synapses``: also the synapses drawn then)."""
        if synapses:
            for layout in self.projections:
                self._restore_synapses(layout)
        current = self.slots.as_tuples()
        synapses = {(0, p.slot_W) for p in self.projections} | {(0, p.slot_SW) for p in self.projections}
        for (group, slot), saved in self._initial.items():  # arrays never saved never changed
            is_projection = (group, slot) in synapses
            if (is_projection and projections) or (not is_projection and populations):
                current[group][slot][...] = saved
        for proj in self.projections:
            proj.last_event[:] = 0
            proj.weights_changed()
        old_step, self.step = self.step, 0
        for layout in self.populations:
            if layout.spiking:
                layout.reset_spikes(0)
        if monitors:
            for state in self.recorder.states.values():
                self.recorder.clear(state.monitor, state.monitor.variables)
        self.recorder.rewind(old_step, 0, cleared=monitors)

    def set_seed(self, seed):
        self.rng = np.random.default_rng(seed)

    @property
    def random_state(self):
        return self.rng.bit_generator.state

    @random_state.setter
    def random_state(self, state):
        self.rng.bit_generator.state = state

    def keep_initial_values(self):
        """Keep the compile-time values of every array for reset(), before they all change (load)."""
        self._save()

    def save(self, filename, populations=True, projections=True, objects=None):
        """Write the state to a file (see :mod:`annlab.sim.state_file`); ``objects``: those alone."""
        only = None if objects is None else self._layouts(objects)
        state_file.write(filename, *state_file.collect(self, populations, projections, only))

    def load(self, filename, populations=True, projections=True, objects=None):
        """Load a state written by :meth:`save`, after checking that it fits; nothing changes if not."""
        only = None if objects is None else self._layouts(objects)
        arrays, meta = state_file.read(filename)
        state_file.apply(self, f"load('{filename}')", arrays, meta, populations, projections, only)

    def snapshot(self):
        """The whole state, in memory (copies), as :meth:`save` would write it."""
        return state_file.collect(self)

    def restore(self, snapshot, name):
        """Back to a :meth:`snapshot` (checked first, as a loaded file is)."""
        arrays, meta = snapshot
        state_file.apply(self, f"restore('{name}')", arrays, meta)

    def _layouts(self, objects):
        return [self._projs[id(obj)] if id(obj) in self._projs else self._population(obj) for obj in objects]
