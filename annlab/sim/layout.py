"""Arrays of one network copy, and where each lives in the kernel arguments.

The arrays are kept in four lists (2D float, 1D float, 1D int, 2D int);
:class:`Slots` hands out positions in them, and the generated code names an
array by its list and position (``I1[3]``; ``run`` takes each array it uses
as one argument). Synapse indices are ``uint32``: they live in the 1D int
list as int64 buffers that the kernels view as ``uint32``
(:meth:`Slots.add_uint32`), which keeps one list per type. A :class:`PopulationLayout` or
:class:`ProjectionLayout` allocates the arrays of one object, fills them with
its values, and records the rows and slots the code generator refers to.
Sizes and values are data: two networks with the same structure get the same
generated code, whatever their sizes and parameters.
"""
import numpy as np

from ..core import connectors
from ..core.constants import values as constant_values_now
from ..core.connectors import EndPoint
from ..core.distributions import Distribution
from ..core.equations.ir import global_operation_symbol
from ..errors import CompilationError, ValidationError, warn_once
from .connectivity import (LARGE_PROJECTION, dendrite_order, gather, inverse, pre_major, release_freed_memory, runs,
                           scatter)
from .kinds import kind_of
from .precision import DOUBLE

NEVER = -(10 ** 12)
#: Neurons per block in the update of spiking populations: small blocks make the search for
#: the neurons that spiked short; models with many arrays take larger ones, since entering
#: the vectorised loop of a block costs run-time checks that grow with the number of arrays.
BLOCK, LARGE_BLOCK, MANY_ARRAYS = 64, 256, 8
#: Mean length of the runs of consecutive post ranks above which a row is propagated run by run.
RUN_LENGTH = 16


class _Same:
    """An unhashable object (a model IR, its parts) in a hashable key: equal to the same object only."""

    __slots__ = ("obj",)

    def __init__(self, obj):
        self.obj = obj

    def __eq__(self, other):
        return isinstance(other, _Same) and other.obj is self.obj

    def __hash__(self):
        return id(self.obj)


def _frozen(value):
    """A hashable stand-in for an attribute in a layout's :meth:`~PopulationLayout.code_key`: containers as
    tuples, unhashable objects (a model IR, its parts) by identity."""
    kind = type(value)
    if kind in _PLAIN:
        return value
    if isinstance(value, dict):
        return tuple((key, _frozen(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_frozen(item) for item in value)
    return _Same(value) if kind.__hash__ is None else value


_PLAIN = frozenset({str, int, float, bool, type(None)})


def _slots(layout):
    """The ``slot_*`` attributes of a layout (where the kernels find its arrays), sorted by name."""
    return tuple(sorted((name, value) for name, value in vars(layout).items() if name.startswith("slot_")))


class Slots:
    """Positions of arrays in the four argument tuples of the kernel; the float ones hold ``precision``
    (:mod:`annlab.sim.precision`)."""

    def __init__(self, precision=DOUBLE):
        self.tuples = {"F2": [], "F1": [], "I1": [], "I2": []}
        self.precision = precision

    def zeros(self, shape):
        """A float array of zeros in the network's precision."""
        return np.zeros(shape, self.precision.dtype)

    def add(self, kind, array):
        self.tuples[kind].append(array)
        return len(self.tuples[kind]) - 1

    def add_uint32(self, values=None, size=None):
        """A uint32 array (``values``, or ``size`` zeros) kept in an int64 buffer of the "I1" tuple.

        Returns (slot, uint32 view).
        """
        size = np.size(values) if values is not None else size
        buffer = np.zeros((size + 1) // 2 or 1, np.int64)
        view = buffer.view(np.uint32)[:size]
        if values is not None:
            view[:] = values
        return self.add("I1", buffer), view

    def as_tuples(self):
        """The four lists of arrays as tuples (F2, F1, I1, I2)."""
        return tuple(tuple(self.tuples[k]) for k in ("F2", "F1", "I1", "I2"))


class PopulationLayout:
    """State arrays of one population: S (local attributes x neurons), G (global)."""

    #: The arrays kernels take, by name: (list, attribute holding the slot); kinds add their own
    #: (``PopulationKind.arrays``).
    ARRAYS = {"S": ("F2", "slot_S"), "G": ("F1", "slot_G"), "randoms": ("F2", "slot_randoms"),
              "rate_history": ("F2", "slot_rate_history"), "ring": ("I2", "slot_ring"),
              "ring_count": ("I1", "slot_ring_count"), "last_spike": ("I1", "slot_last"),
              "refr_until": ("I1", "slot_refr"), "fired": ("F1", "slot_fired"),
              "block_count": ("F1", "slot_block_count"), "record": ("I1", "slot_record"),
              "rate_factor": ("F1", "slot_rate_factor"), "spike_history": ("I2", "slot_spike_history"),
              "spike_history_count": ("I1", "slot_spike_history_count"), "spike_count": ("I1", "slot_spike_count")}

    #: What the generated kernels read of the layout besides its ``slot_*`` attributes, kind and IR
    #: (see :meth:`code_key`).
    CODE_INPUTS = ("index", "spiking", "block", "computes_rate", "rate_depth", "local", "glob", "row", "entry",
                   "global_operations", "local_randoms", "targets", "unused_targets", "precision")

    def __init__(self, index, population, slots, input_targets=()):
        constant_values = constant_values_now()
        self.index = index
        self.population = population
        self.precision = slots.precision
        self.ir = population.neuron_type.ir
        #: The population's kind (annlab.sim.kinds): its own arrays, kernel and call.
        self.kind = kind_of(population)
        self.size = population.size
        self.spiking = population.neuron_type.type == "spike"
        attributes = self.ir.attributes
        #: Targets fed by projections that the neuron's equations do not use (ANNarchy accepts them):
        #: their g_<target> / sum(<target>) exist, are zeroed each step, and nothing reads them.
        self.unused_targets = sorted(set(input_targets) - set(self.ir.targets))
        self.targets = list(self.ir.targets) + self.unused_targets
        self.local = [n for n, a in attributes.items() if a.locality != "global"]
        self.local += [f"_sum_{t}" for t in self.targets if not self.spiking]
        self.local += [f"g_{t}" for t in self.unused_targets if self.spiking]
        self.glob = [n for n, a in attributes.items() if a.locality == "global"]
        self.row = {name: k for k, name in enumerate(self.local)}
        self.entry = {name: k for k, name in enumerate(self.glob)}
        # global operations (mean(r)...): the model's own, then those its projections use;
        # their values follow the global attributes in G
        self.global_operations = []
        for operation, variable in self.ir.global_operations:
            self.entry[self.global_operation_name(operation, variable)] = len(self.entry)
            self.global_operations.append((operation, variable))
        try:
            self.S = slots.zeros((max(1, len(self.local)), self.size))
        except MemoryError as err:
            need = max(1, len(self.local)) * self.size * slots.precision.dtype.itemsize
            raise CompilationError(f"Population '{population.name}' ({self.size} neurons, {len(self.local)} "
                                   f"variables each) needs {need / 2 ** 30:.3g} GiB for its state alone, more "
                                   f"than this machine can give") from err
        self.G = slots.zeros(max(1, len(self.entry)))
        for name in self.local:
            if name in attributes:
                self.S[self.row[name]] = population.initial_value(name)
        for name in self.glob:
            self.G[self.entry[name]] = population.initial_value(name)
        for name in self.ir.constants:
            self.G[self.entry[name]] = constant_values.get(name, self.G[self.entry[name]])
        # per-neuron random numbers of one step, drawn before the update (one row per draw);
        # population-wide ones are drawn in the kernel, one number per step
        self.local_randoms = [draw for draw in self.ir.randoms if draw.locality != "global"]
        self.block = LARGE_BLOCK if len(self.local) + len(self.local_randoms) > MANY_ARRAYS else BLOCK
        self.slot_S = slots.add("F2", self.S)
        self.slot_G = slots.add("F1", self.G)
        self.randoms = slots.zeros((max(1, len(self.local_randoms)), self.size))
        self.slot_randoms = slots.add("F2", self.randoms)
        self.depth = 1
        self.rate_depth = 0  # rates kept for delayed rate-coded projections (allocate_rate_history)
        self.computes_rate = False  # spiking populations: r over a window (allocate_spikes)
        self.slots = slots

    def allocate_rate_history(self, depth):
        """The rates after each of the last ``depth`` updates (row ``step % depth``), for delayed
        rate-coded projections; the rates at compile time stand for the steps before 0."""
        self.rate_depth = int(depth)
        self.rate_history = np.repeat(self.S[self.row["r"]][None, :], self.rate_depth, axis=0)
        self.slot_rate_history = self.slots.add("F2", self.rate_history)

    def input_row(self, target):
        """Row of the input of ``target`` (``sum(target)``; ``g_target`` of spiking neurons), or None."""
        return self.row.get(f"g_{target}" if self.spiking else f"_sum_{target}")

    def code_key(self):
        """What the kernels generated for this population depend on: two layouts with the same key get the
        same source (:mod:`annlab.sim.programs`). Holds the kind and the model IR."""
        return (self.kind, _Same(self.ir), _frozen([getattr(self, name) for name in self.CODE_INPUTS]), _slots(self))

    @property
    def owner(self):
        """The population's name in generated code (``pop<k>``)."""
        return f"pop{self.index}"

    def where(self, variable):
        """(list, slot, uint32) of the array ``variable`` (a key of :attr:`ARRAYS` or of the kind's)."""
        group, attribute = self.kind.arrays.get(variable) or self.ARRAYS[variable]
        return group, getattr(self, attribute), False

    @staticmethod
    def global_operation_name(operation, variable):
        """Name of the entry of G holding ``operation(variable)`` (``_mean_r``)."""
        return global_operation_symbol(operation, variable)

    def request_global_operations(self, operations, projection, owner):
        """Compute also these global operations, which the synapses of ``projection`` read
        (``mean(pre.r)``: ``owner`` is 'pre'); G grows in its slot (before code generation)."""
        added = False
        for operation, variable in operations:
            if variable not in self.row or variable.startswith("_") or not self.kind.equations:
                raise CompilationError(
                    f"Projection '{projection.name}': '{operation}({owner}.{variable})' needs a per-neuron variable "
                    f"'{variable}' of the equations of population '{self.population.name}' (synapse "
                    f"'{projection.synapse_type.name}' defined at {projection.synapse_type.created_at})")
            name = self.global_operation_name(operation, variable)
            if name not in self.entry:
                self.entry[name] = len(self.entry)
                self.global_operations.append((operation, variable))
                added = True
        if added:
            grown = self.slots.zeros(len(self.entry))
            kept = min(self.G.size, grown.size)
            grown[:kept] = self.G[:kept]
            self.G = grown
            self.slots.tuples["F1"][self.slot_G] = grown

    def allocate_spikes(self, depth, dt):
        """Ring of spikes (depth = longest outgoing delay in steps) and spike times."""
        self.depth = max(1, int(depth))
        self.ring = np.zeros((self.depth, self.size), np.int64)
        self.ring_count = np.zeros(self.depth, np.int64)
        self.last_spike = np.full(self.size, NEVER, np.int64)
        self.refr_until = np.full(self.size, -1, np.int64)
        # Spikes of the step being computed: 0/1 per neuron and a count per block of neurons.
        self.fired = self.slots.zeros(self.size)
        self.block_count = self.slots.zeros(max(1, -(-self.size // self.block)))
        slots = self.slots
        self.slot_ring = slots.add("I2", self.ring)
        self.slot_ring_count = slots.add("I1", self.ring_count)
        self.slot_last = slots.add("I1", self.last_spike)
        self.slot_refr = slots.add("I1", self.refr_until)
        self.slot_fired = slots.add("F1", self.fired)
        self.slot_block_count = slots.add("F1", self.block_count)
        # [1 while a spike monitor records this population (set by the Recorder between chunks), index]
        self.record = np.array([0, self.index], np.int64)
        self.slot_record = slots.add("I1", self.record)
        # r over a sliding window (compute_firing_rate): off, with placeholders, until a window is set
        self.rate_factor = slots.zeros(1)
        self.slot_rate_factor = slots.add("F1", self.rate_factor)
        self.spike_history = np.zeros((1, 1), np.int64)
        self.slot_spike_history = slots.add("I2", self.spike_history)
        self.spike_history_count = np.zeros(1, np.int64)
        self.slot_spike_history_count = slots.add("I1", self.spike_history_count)
        self.spike_count = np.zeros(self.size, np.int64)
        self.slot_spike_count = slots.add("I1", self.spike_count)
        #: whether the kernels compute r (structure: set before compile, or after it, which recompiles)
        self.computes_rate = self.population.rate_window is not None
        if self.computes_rate:
            self.set_rate_window(self.population.rate_window, dt)
        self.kind.allocate(self, dt)

    def set_rate_window(self, window, dt, steps=None):
        """``r`` = spikes of the last ``int(window/dt)`` steps (or ``steps``) * 1000/window from now on
        (ANNarchy's compute_firing_rate); the history takes ``8 * steps * size`` bytes."""
        steps = max(1, int(window / dt)) if steps is None else int(steps)
        tuples = self.slots.tuples
        self.spike_history = np.zeros((steps, self.size), np.int64)
        self.spike_history_count = np.zeros(steps, np.int64)
        self.spike_count = np.zeros(self.size, np.int64)
        tuples["I2"][self.slot_spike_history] = self.spike_history
        tuples["I1"][self.slot_spike_history_count] = self.spike_history_count
        tuples["I1"][self.slot_spike_count] = self.spike_count
        self.rate_factor[0] = 1000.0 / window

    def clear_rate_history(self):
        self.spike_history[...] = 0
        self.spike_history_count[...] = 0
        self.spike_count[...] = 0

    def reset_spikes(self, step):
        self.clear_rate_history()
        self.ring_count[:] = 0
        self.last_spike[:] = NEVER
        self.refr_until[:] = -1
        self.kind.seek(self, step)


def _warn_rounded_delays(name, delays, dt):
    """Delays are whole steps: say so when some are not (ANNarchy rounds them silently)."""
    values = np.asarray(delays, float).reshape(-1)
    steps = values / dt
    off = np.abs(steps - np.rint(steps)) > 1e-6
    if values.size and off.any():
        first = float(values[off][0])
        warn_once(f"Projection '{name}': delays are whole steps of dt = {dt:g} ms; {int(off.sum())} of them are not "
                  f"(e.g. {first:g} ms -> {max(1, int(np.rint(first / dt))) * dt:g} ms)",
                  key=("rounded delays", name, dt), stacklevel=6)


class ProjectionLayout:
    """Synapses of one projection: connectivity and attributes.

    Synapses have two orders. The *dendrite order* is ANNarchy's (post-major,
    pre ranks ascending): values read and written from Python, monitors,
    ``connectivity`` and saved files use it. The *storage order* is the order
    of the arrays the kernels use: pre-major for spiking projections (the
    targets and weights of one presynaptic neuron are contiguous, so that a
    spike reads one run of memory), the dendrite order for rate-coded ones.
    ``post_order[p]`` is the stored index of the synapse at dendrite position
    ``p`` (uint32).

    Per synapse only the arrays the kernels use are kept (ranks, attributes,
    ``post_order``; ``last_event`` when the synapse has event-driven
    variables): :attr:`connectivity` and :attr:`drawn` are computed when asked.
    """

    #: The arrays kernels take beside those of :attr:`slot` (all in "I1"), by name: (list, attribute holding
    #: the slot).
    ARRAYS = {"runs": ("I2", "slot_runs"), "shared_w": ("F1", "slot_shared_w"), "W": ("F2", "slot_W"),
              "SW": ("F2", "slot_SW"), "GW": ("F1", "slot_GW"), "cursors": ("I2", "slot_cursors")}
    #: The arrays of :attr:`slot` that the kernels view as uint32 (synapse indices).
    UINT32 = ("post_order", "post_rank", "pre_rank")

    #: What the generated kernels read of the layout besides its ``slot_*`` attributes, kind, IR, target and
    #: end points (see :meth:`code_key`).
    CODE_INPUTS = ("index", "spiking", "delayed_rates", "uniform_delay", "local", "semi", "glob", "row",
                   "semi_row", "entry", "slot", "precision")

    def __init__(self, index, projection, pre_layout, post_layout, slots, rng, dt, kind=None):
        constant_values = constant_values_now()
        self.index = index
        self.projection = projection
        self.precision = slots.precision
        self.ir = projection.synapse_type.ir
        self.pre, self.post = pre_layout, post_layout
        # Synapses with a psp and no pre_spike transmit continuously, also between spiking neurons
        # (gap junctions, ANNarchy's continuous transmission): they are propagated as rate-coded ones.
        self.spiking = pre_layout.spiking and projection.synapse_type.type != "rate"
        #: The projection's kind (annlab.sim.kinds): its own arrays, kernels and calls.
        self.kind = kind or kind_of(projection, transmission="spike" if self.spiking else "rate")
        if projection.connector is None:
            raise CompilationError(f"Projection '{projection.name}' has no connection pattern: call one of its "
                                   f"connect_*() methods before compile()")
        pre_layout.request_global_operations(self.ir.pre_global_operations, projection, "pre")
        post_layout.request_global_operations(self.ir.post_global_operations, projection, "post")
        try:
            conn = self._draw(projection, rng)
        except MemoryError as err:
            raise CompilationError(f"Projection '{projection.name}' ({projection.pre.size} x {projection.post.size} "
                                   f"neurons): its synapses need more memory than this machine can give") from err
        self.size = conn.size
        self.dt = dt
        self._index_arrays(conn, pre_layout.size, post_layout.size, dt, slots)
        conn.post_ranks = conn.pre_ranks = None  # the engine has its uint32 copies: peak memory of compile()
        if self.size > LARGE_PROJECTION:
            release_freed_memory()
        attributes = self.ir.attributes
        self.local = [n for n, a in attributes.items() if a.locality == "local"]
        self.semi = [n for n, a in attributes.items() if a.locality == "semiglobal"]
        self.glob = [n for n, a in attributes.items() if a.locality == "global"]
        self.row = {n: k for k, n in enumerate(self.local)}
        self.semi_row = {n: k for k, n in enumerate(self.semi)}
        self.entry = {n: k for k, n in enumerate(self.glob)}
        self.W = slots.zeros((max(1, len(self.local)), max(1, self.size)))
        self.SW = slots.zeros((max(1, len(self.semi)), post_layout.size))
        self.GW = slots.zeros(max(1, len(self.glob)))
        for name in self.local:
            self.W[self.row[name], :self.size] = attributes[name].init
        for name in self.semi:
            self.SW[self.semi_row[name]] = attributes[name].init
        for name in self.glob:
            self.GW[self.entry[name]] = attributes[name].init
        for name in self.ir.constants:
            self.GW[self.entry[name]] = constant_values.get(name, self.GW[self.entry[name]])
        if "w" in self.row:
            scatter(conn.weights, self.post_order, self.W[self.row["w"], :self.size])  # to storage order
        elif "w" in self.entry:
            self.GW[self.entry["w"]] = conn.weights[0] if self.size else attributes["w"].init
        # [1.0 while all weights are equal, that weight]: spike propagation then adds one number
        # instead of reading a weight per synapse (only where no synapse code writes w).
        self.shared_w = slots.zeros(2)
        self.slot_shared_w = slots.add("F1", self.shared_w)
        for name, value in projection.values_before_compile().items():
            self.write(name, value, rng)
        self.weights_changed()
        self.learning = np.ones(1, np.int64)
        self.last_event = np.zeros(max(1, self.size) if self.ir.event_driven else 1, np.int64)
        self.slot_W = slots.add("F2", self.W)
        self.slot_SW = slots.add("F2", self.SW)
        self.slot_GW = slots.add("F1", self.GW)
        self.slot.update({name: slots.add("I1", getattr(self, name)) for name in
                          ("post_ptr", "pre_ptr", "run_ptr", "delay", "learning", "last_event")})

    def _draw(self, projection, rng):
        """Draw the synapses; returns them in dendrite order, with the ranks of the populations."""
        def end(obj):
            return EndPoint(obj.size, tuple(obj.geometry), obj.population.id, ranks=obj.ranks)
        conn = projection.connector.draw(end(projection.pre), end(projection.post), rng)
        self.delays_ms = conn.delays if np.ndim(conn.delays) == 0 else None
        pre_ranks, post_ranks = conn.pre_ranks, conn.post_ranks
        if conn.size and projection.pre is not projection.pre.population:  # ranks of views -> populations
            pre_ranks = np.asarray(projection.pre.ranks, connectors.RANK)[pre_ranks]
        if conn.size and projection.post is not projection.post.population:
            post_ranks = np.asarray(projection.post.ranks, connectors.RANK)[post_ranks]
        weights, delays = conn.weights, conn.delays
        order = dendrite_order(post_ranks, pre_ranks, self.pre.size)
        if order.size:
            pre_ranks, post_ranks, weights = pre_ranks[order], post_ranks[order], weights[order]
            delays = delays[order] if np.ndim(delays) else delays
        return connectors.Connectivity(post_ranks, pre_ranks, weights, delays)

    def _index_arrays(self, conn, pre_size, post_size, dt, slots):
        """Storage order, ranks (uint32), pointers of both orders and delays (steps, storage order)."""
        delays = conn.delays
        self.uniform_delay = np.ndim(delays) == 0
        _warn_rounded_delays(self.projection.name, delays, dt)
        if self.uniform_delay:
            self.delay = np.array([max(1, int(np.rint(float(delays) / dt)))], np.int64)
        else:
            steps = np.maximum(1, np.rint(np.asarray(delays) / dt)).astype(np.int64)  # dendrite order
        longest = int(self.delay[0]) if self.uniform_delay else int(steps.max(initial=1))
        # Rate-coded: a delay of D steps reads the rates after the update of step - D (ANNarchy 4.8: one
        # step, the rates of the last update, is no delay), kept by the pre-synaptic population.
        self.delayed_rates = not self.spiking and longest > 1
        if self.delayed_rates and self.pre.spiking:
            raise CompilationError(f"Projection '{self.projection.name}': delays on continuous transmission "
                                   f"between spiking neurons are not supported")
        self.post_ptr = np.zeros(post_size + 1, np.int64)
        np.cumsum(np.bincount(conn.post_ranks, minlength=post_size), out=self.post_ptr[1:])
        self.slot = {}
        self.identity = not self.spiking
        if self.spiking:
            if self.uniform_delay:
                storage, self.pre_ptr = pre_major(conn.pre_ranks, pre_size)
            else:  # rows sorted by delay, then post rank
                storage = np.lexsort((steps, conn.pre_ranks)).astype(np.int32)
                self.pre_ptr = np.zeros(pre_size + 1, np.int64)
                np.cumsum(np.bincount(conn.pre_ranks, minlength=pre_size), out=self.pre_ptr[1:])
            # straight into the kernels' uint32 arrays: no temporary copies of a large projection
            self.slot["post_order"], self.post_order = slots.add_uint32(size=self.size)
            inverse(storage, self.post_order)
            self.slot["post_rank"], self.post_rank = slots.add_uint32(size=self.size)
            gather(conn.post_ranks, storage, self.post_rank)
            self.slot["pre_rank"], self.pre_rank = slots.add_uint32(size=self.size)
            gather(conn.pre_ranks, storage, self.pre_rank)
            del storage
        else:
            self.slot["post_order"], self.post_order = slots.add_uint32(np.arange(self.size))
            self.slot["post_rank"], self.post_rank = slots.add_uint32(conn.post_ranks)
            self.slot["pre_rank"], self.pre_rank = slots.add_uint32(conn.pre_ranks)
            self.pre_ptr = np.zeros(pre_size + 1, np.int64)
            np.cumsum(np.bincount(conn.pre_ranks, minlength=pre_size), out=self.pre_ptr[1:])
        if not self.uniform_delay:
            self.delay = self.to_storage(steps) if self.size else np.ones(1, np.int64)
        if self.spiking:
            self.runs, self.run_ptr = runs(self.post_rank, self.delay, self.pre_ptr, RUN_LENGTH)
        else:
            self.runs, self.run_ptr = np.zeros((1, 3), np.int64), np.zeros(pre_size + 1, np.int64)
        self.slot_runs = slots.add("I2", self.runs)
        self.slots = slots

    def to_storage(self, values):
        """Per-synapse values in dendrite order -> storage order."""
        if self.identity:
            return values
        values = np.asarray(values)
        stored = np.empty_like(values)
        stored[self.post_order] = values
        return stored

    def to_dendrites(self, values):
        """Per-synapse values in storage order -> dendrite order."""
        return values if self.identity else np.asarray(values)[self.post_order]

    @property
    def connectivity(self):
        """The synapses in dendrite order with population ranks, current weights and delays (ms)."""
        return _Synapses(self, views=False)

    @property
    def drawn(self):
        """The synapses as a connector draws them (ranks of the projection's views), for blueprints."""
        synapses = _Synapses(self, views=True)
        return connectors.Connectivity(synapses.post_ranks, synapses.pre_ranks, synapses.weights, synapses.delays)

    def code_key(self):
        """What the kernels generated for this projection depend on (as :meth:`PopulationLayout.code_key`)."""
        return (self.kind, _Same(self.ir), self.projection.target, self.pre.index, self.post.index,
                _frozen([getattr(self, name) for name in self.CODE_INPUTS]), _slots(self))

    @property
    def owner(self):
        """The projection's name in generated code (``proj<q>``)."""
        return f"proj{self.index}"

    def where(self, variable):
        """(list, slot, uint32) of the array ``variable`` (a key of :attr:`slot` or :attr:`ARRAYS`)."""
        if variable in self.slot:
            return "I1", self.slot[variable], variable in self.UINT32
        group, attribute = self.ARRAYS[variable]
        return group, getattr(self, attribute), False

    def rebuild(self, synapses, values, rng):
        """Other synapses in the same slots (structural plasticity): same kernels, new arrays.

        ``synapses``: :class:`~annlab.core.connectors.Connectivity` with the ranks of the projection's
        ends (as :attr:`drawn`); ``values``: attribute name -> value (per synapse in the order of
        ``synapses`` for local attributes). Raises ValidationError when the new synapses would need
        other kernels (non-uniform delays where they were uniform, or longer than the spike ring).
        """
        self.adopt(self.rebuilt(synapses, values, rng))

    def rebuilt(self, synapses, values, rng):
        """The arrays :meth:`rebuild` would put in place, checked, without changing anything yet."""
        stand_in = _Rewired(self.projection, synapses, values)
        fresh = ProjectionLayout(self.index, stand_in, self.pre, self.post, Slots(self.slots.precision), rng, self.dt,
                                 kind=self.kind)
        other_kernels = fresh.uniform_delay != self.uniform_delay or fresh.delayed_rates != self.delayed_rates
        longer = fresh.max_delay > (self.pre.depth if self.spiking else self.pre.rate_depth) and (
            self.spiking or fresh.delayed_rates)
        other_uniform = self.uniform_delay and fresh.size and self.size and fresh.delay[0] != self.delay[0]
        if other_kernels or longer or other_uniform:
            raise ValidationError(self.projection.name, "delay", "the new synapses need delays other than those "
                                  "the projection was compiled with (structural plasticity keeps the delays)")
        fresh.kind.allocate(fresh)
        return fresh

    def adopt(self, fresh):
        """Put the arrays of :meth:`rebuilt` in place, in this projection's slots."""
        fresh.learning[:] = self.learning
        tuples = self.slots.tuples
        for name, slot in self.slot.items():
            tuples["I1"][slot] = fresh.slots.tuples["I1"][fresh.slot[name]]
        for group, attribute in self.ARRAYS.values():
            if hasattr(self, attribute):
                tuples[group][getattr(self, attribute)] = fresh.slots.tuples[group][getattr(fresh, attribute)]
        kept = {name: getattr(self, name) for name in ("slot", "slots", "projection", "index")
                + tuple(a for _, a in self.ARRAYS.values() if hasattr(self, a))}
        self.__dict__.update(fresh.__dict__)
        self.__dict__.update(kept)

    def allocate_cursors(self):
        """Per-synapse delays: where each spike of the presynaptic ring is in its row (see templates)."""
        self.cursors = np.zeros(self.pre.ring.shape if not self.uniform_delay else (1, 1), np.int64)
        self.slot_cursors = self.slots.add("I2", self.cursors)

    def weights_changed(self):
        """Update :attr:`shared_w` after the weights were assigned (compile, write, load, reset)."""
        self.shared_w[:] = 0.0
        if "w" not in self.row or "w" in self.ir.written or not self.size:
            return
        weights = self.W[self.row["w"], :self.size]
        first = weights[0]
        if np.all(weights == first):
            self.shared_w[:] = (1.0, first)

    @property
    def max_delay(self):
        return int(self.delay.max()) if self.delay.size else 1

    # ---- values ------------------------------------------------------------
    def locality(self, name):
        return self.ir.attributes[name].locality

    def read(self, name):
        """Local: one value per synapse (dendrite order); semiglobal: per post neuron; global: float."""
        locality = self.locality(name)
        if locality == "global":
            return float(self.GW[self.entry[name]])
        if locality == "semiglobal":
            return self.SW[self.semi_row[name]].copy()
        values = self.to_dendrites(self.W[self.row[name], :self.size])
        return values.copy() if self.identity else values

    def write(self, name, value, rng=None):
        locality = self.locality(name)
        owner = self.projection.name
        if isinstance(value, Distribution):
            count = {"global": 1, "semiglobal": self.post.size, "local": self.size}[locality]
            value = value.get_values(count, rng)
            value = value[0] if locality == "global" else value
        if locality == "global":
            if np.ndim(value) != 0:
                raise ValidationError(owner, name, "is projection-wide: Value must be a single number")
            self.GW[self.entry[name]] = float(value)
            return
        target = self.SW[self.semi_row[name]] if locality == "semiglobal" else self.W[self.row[name], :self.size]
        if np.ndim(value) == 0:
            target[:] = float(value)
        else:
            if isinstance(value, (list, tuple)) and value and np.ndim(value[0]) > 0:
                value = np.concatenate([np.asarray(v, float).reshape(-1) for v in value])
            array = np.asarray(value, float).reshape(-1)
            if array.size != target.size:
                raise ValidationError(owner, name, f"Value must have {target.size} elements (one per "
                                      f"{'post neuron' if locality == 'semiglobal' else 'synapse'}) or be a "
                                      f"single number (got {array.size})")
            target[:] = array if locality == "semiglobal" else self.to_storage(array)
        if name == "w":
            self.weights_changed()


class _Rewired:
    """What :class:`ProjectionLayout` reads of a projection, with other synapses and values."""

    def __init__(self, projection, synapses, values):
        self.synapse_type, self.pre, self.post, self.name = (projection.synapse_type, projection.pre,
                                                             projection.post, projection.name)
        self.connector = _Replay(synapses)
        self.values = values

    def values_before_compile(self):
        return dict(self.values)


class _Replay:
    def __init__(self, synapses):
        self.synapses = synapses

    def draw(self, pre, post, rng):
        return self.synapses


def view_ranks(ranks, end):
    """Population ranks -> ranks in ``end`` (a population or a view; -1 for neurons outside the view)."""
    if end is end.population:
        return ranks
    position = np.full(end.population.size, -1, np.int64)
    position[end.ranks] = np.arange(end.size)
    return position[ranks]


class _Synapses:
    """A projection's synapses as :class:`~annlab.core.connectors.Connectivity` shows them.

    ``size`` is immediate; the arrays are computed from the engine's arrays
    each time they are asked for (they are not kept: a large projection would
    hold them twice).
    """

    def __init__(self, layout, views):
        self._layout, self._views = layout, views
        self.size = layout.size

    def _ranks(self, stored, end):
        ranks = self._layout.to_dendrites(stored).astype(np.int64)
        return view_ranks(ranks, end) if self._views else ranks

    @property
    def post_ranks(self):
        return self._ranks(self._layout.post_rank, self._layout.projection.post)

    @property
    def pre_ranks(self):
        return self._ranks(self._layout.pre_rank, self._layout.projection.pre)

    @property
    def weights(self):
        layout = self._layout
        if "w" in layout.row or "w" in layout.entry:
            values = layout.read("w")
            return np.full(self.size, values) if np.ndim(values) == 0 else values
        return np.zeros(self.size)

    @property
    def delays(self):
        layout = self._layout
        if layout.uniform_delay:
            return layout.delays_ms
        return layout.to_dendrites(layout.delay[:layout.size]) * layout.dt
