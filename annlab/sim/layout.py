"""Arrays of one network copy, and where each lives in the kernel arguments.

The kernels take four tuples of arrays (2D float, 1D float, 1D int, 2D int);
:class:`Slots` hands out positions in them. A :class:`PopulationLayout` or
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
from ..errors import CompilationError, ValidationError

NEVER = -(10 ** 12)


class Slots:
    """Positions of arrays in the four argument tuples of the kernel."""

    def __init__(self):
        self.tuples = {"F2": [], "F1": [], "I1": [], "I2": []}

    def add(self, kind, array):
        self.tuples[kind].append(array)
        return len(self.tuples[kind]) - 1

    def as_tuples(self):
        """The four tuples (each padded with one dummy so none is empty)."""
        dummies = {"F2": np.zeros((1, 1)), "F1": np.zeros(1), "I1": np.zeros(1, np.int64),
                   "I2": np.zeros((1, 1), np.int64)}
        return tuple(tuple(self.tuples[k]) + (dummies[k],) for k in ("F2", "F1", "I1", "I2"))


class PopulationLayout:
    """State arrays of one population: S (local attributes x neurons), G (global)."""

    def __init__(self, index, population, slots):
        constant_values = constant_values_now()
        self.index = index
        self.population = population
        self.ir = population.neuron.ir
        self.kind = population._kind
        self.size = population.size
        self.spiking = population.neuron.type == "spike"
        attributes = self.ir.attributes
        self.local = [n for n, a in attributes.items() if a.locality != "global"]
        self.local += [f"_sum_{t}" for t in self.ir.targets if not self.spiking]
        self.glob = [n for n, a in attributes.items() if a.locality == "global"]
        self.row = {name: k for k, name in enumerate(self.local)}
        self.entry = {name: k for k, name in enumerate(self.glob)}
        self.S = np.zeros((max(1, len(self.local)), self.size))
        self.G = np.zeros(max(1, len(self.glob)))
        for name in self.local:
            if not name.startswith("_sum_"):
                self.S[self.row[name]] = population._initial(name)
        for name in self.glob:
            self.G[self.entry[name]] = population._initial(name)
        for name in self.ir.constants:
            self.G[self.entry[name]] = constant_values.get(name, self.G[self.entry[name]])
        self.slot_S = slots.add("F2", self.S)
        self.slot_G = slots.add("F1", self.G)
        self.depth = 1
        self._slots = slots

    def allocate_spikes(self, depth, dt):
        """Ring of spikes (depth = longest outgoing delay in steps) and spike times."""
        self.depth = max(1, int(depth))
        self.ring = np.zeros((self.depth, self.size), np.int64)
        self.ring_count = np.zeros(self.depth, np.int64)
        self.last_spike = np.full(self.size, NEVER, np.int64)
        self.refr_until = np.full(self.size, -1, np.int64)
        slots = self._slots
        self.slot_ring = slots.add("I2", self.ring)
        self.slot_ring_count = slots.add("I1", self.ring_count)
        self.slot_last = slots.add("I1", self.last_spike)
        self.slot_refr = slots.add("I1", self.refr_until)
        if self.kind == "spike_source_array":
            self.events = np.zeros((2, 0), np.int64)
            self.cursor = np.zeros(1, np.int64)
            self.set_spike_times(self.population._extra["spike_times"], dt)
            self.slot_cursor = slots.add("I1", self.cursor)
        self.allocate_inputs(dt)

    def allocate_inputs(self, dt):
        """Rows and schedule of timed inputs (TimedArray, TimedPoissonPopulation)."""
        slots = self._slots
        if self.kind in ("timed_array", "timed_poisson"):
            extra = self.population._extra
            self.buffer = np.ascontiguousarray(extra["buffer"], dtype=float)
            self.slot_buffer = slots.add("F2", self.buffer)
            if self.kind == "timed_array":
                steps_per_row = max(1, int(round(extra["schedule"] / dt))) if extra["schedule"] > 0 else 1
                starts = np.arange(self.buffer.shape[0], dtype=np.int64) * steps_per_row
            else:
                starts = np.rint(np.asarray(extra["schedule"]) / dt).astype(np.int64)
            period = int(round(extra["period"] / dt)) if extra["period"] > 0 else 0
            self.schedule = np.concatenate([[period], starts]).astype(np.int64)
            self.slot_schedule = slots.add("I1", self.schedule)

    def set_spike_times(self, spike_times, dt):
        """(Re)build the sorted event list of a SpikeSourceArray."""
        pairs = sorted({(int(round(t / dt)), rank) for rank, times in enumerate(spike_times) for t in times})
        events = np.array(pairs, dtype=np.int64).reshape(-1, 2).T.copy()
        if hasattr(self, "slot_events"):
            self._slots.tuples["I2"][self.slot_events] = events
        else:
            self.slot_events = self._slots.add("I2", events)
        self.events = events

    def reset_spikes(self, step):
        self.ring_count[:] = 0
        self.last_spike[:] = NEVER
        self.refr_until[:] = -1
        if self.kind == "spike_source_array":
            self.cursor[0] = np.searchsorted(self.events[0], step)


class ProjectionLayout:
    """Synapses of one projection: connectivity (post-major order) and attributes."""

    def __init__(self, index, projection, pre_layout, post_layout, slots, rng, dt):
        constant_values = constant_values_now()
        self.index = index
        self.projection = projection
        self.ir = projection.synapse.ir
        self.pre, self.post = pre_layout, post_layout
        self.spiking = pre_layout.spiking
        if projection.connector is None:
            raise CompilationError(f"Projection '{projection.name}' has no connection pattern: call one of its "
                                   f"connect_*() methods before compile()")
        conn = self._draw(projection, rng)
        self.connectivity = conn
        self.size = conn.size
        attributes = self.ir.attributes
        self.local = [n for n, a in attributes.items() if a.locality == "local"]
        self.semi = [n for n, a in attributes.items() if a.locality == "semiglobal"]
        self.glob = [n for n, a in attributes.items() if a.locality == "global"]
        self.row = {n: k for k, n in enumerate(self.local)}
        self.semi_row = {n: k for k, n in enumerate(self.semi)}
        self.entry = {n: k for k, n in enumerate(self.glob)}
        self.W = np.zeros((max(1, len(self.local)), max(1, self.size)))
        self.SW = np.zeros((max(1, len(self.semi)), post_layout.size))
        self.GW = np.zeros(max(1, len(self.glob)))
        for name in self.local:
            self.W[self.row[name], :self.size] = attributes[name].init
        for name in self.semi:
            self.SW[self.semi_row[name]] = attributes[name].init
        for name in self.glob:
            self.GW[self.entry[name]] = attributes[name].init
        for name in self.ir.constants:
            self.GW[self.entry[name]] = constant_values.get(name, self.GW[self.entry[name]])
        if "w" in self.row:
            self.W[self.row["w"], :self.size] = conn.weights
        elif "w" in self.entry:
            self.GW[self.entry["w"]] = conn.weights[0] if self.size else attributes["w"].init
        for name, value in projection._init.items():
            self.write(name, value, rng)
        self._index_arrays(conn, pre_layout.size, post_layout.size, dt)
        self.learning = np.ones(1, np.int64)
        self.last_event = np.zeros(max(1, self.size), np.int64)
        self.slot_W = slots.add("F2", self.W)
        self.slot_SW = slots.add("F2", self.SW)
        self.slot_GW = slots.add("F1", self.GW)
        self.slot = {name: slots.add("I1", getattr(self, name)) for name in
                     ("post_rank", "pre_rank", "post_ptr", "pre_ptr", "pre_order", "delay", "learning",
                      "last_event")}

    def _draw(self, projection, rng):
        def end(obj):
            return EndPoint(obj.size, tuple(obj.geometry), obj.population.id, ranks=obj.ranks)
        conn = projection.connector.draw(end(projection.pre), end(projection.post), rng)
        self.drawn = connectors.Connectivity(conn.post_ranks.copy(), conn.pre_ranks.copy(), conn.weights.copy(),
                                             conn.delays.copy() if np.ndim(conn.delays) else conn.delays)
        # Map ranks of views to ranks of their populations.
        pre_ranks = projection.pre.ranks[conn.pre_ranks] if conn.size else conn.pre_ranks
        post_ranks = projection.post.ranks[conn.post_ranks] if conn.size else conn.post_ranks
        order = np.lexsort((pre_ranks, post_ranks))
        conn.pre_ranks = np.asarray(pre_ranks, np.int64)[order]
        conn.post_ranks = np.asarray(post_ranks, np.int64)[order]
        conn.weights = np.asarray(conn.weights, float)[order]
        if np.ndim(conn.delays) > 0:
            conn.delays = np.asarray(conn.delays, float)[order]
        return conn

    def _index_arrays(self, conn, pre_size, post_size, dt):
        self.post_rank = np.ascontiguousarray(conn.post_ranks, np.int64)
        self.pre_rank = np.ascontiguousarray(conn.pre_ranks, np.int64)
        self.post_ptr = np.zeros(post_size + 1, np.int64)
        np.cumsum(np.bincount(self.post_rank, minlength=post_size), out=self.post_ptr[1:])
        self.pre_order = np.argsort(self.pre_rank, kind="stable").astype(np.int64)
        self.pre_ptr = np.zeros(pre_size + 1, np.int64)
        np.cumsum(np.bincount(self.pre_rank, minlength=pre_size), out=self.pre_ptr[1:])
        delays = conn.delays
        self.uniform_delay = np.ndim(delays) == 0
        if self.uniform_delay:
            self.delay = np.array([max(1, int(np.rint(float(delays) / dt)))], np.int64)
        else:
            self.delay = np.maximum(1, np.rint(np.asarray(delays) / dt)).astype(np.int64)
            if self.delay.size == 0:
                self.delay = np.ones(1, np.int64)
        if not self.spiking and self.delay.max() > 1:
            raise CompilationError(f"Projection '{self.projection.name}': delays on rate-coded projections "
                                   f"are not supported yet")

    @property
    def max_delay(self):
        return int(self.delay.max()) if self.delay.size else 1

    # ---- values ------------------------------------------------------------
    def locality(self, name):
        return self.ir.attributes[name].locality

    def read(self, name):
        """Local: one value per synapse (post-major order); semiglobal: per post neuron; global: float."""
        locality = self.locality(name)
        if locality == "global":
            return float(self.GW[self.entry[name]])
        if locality == "semiglobal":
            return self.SW[self.semi_row[name]].copy()
        return self.W[self.row[name], :self.size].copy()

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
            return
        if isinstance(value, (list, tuple)) and value and np.ndim(value[0]) > 0:
            value = np.concatenate([np.asarray(v, float).reshape(-1) for v in value])
        array = np.asarray(value, float).reshape(-1)
        if array.size != target.size:
            raise ValidationError(owner, name, f"Value must have {target.size} elements (one per "
                                  f"{'post neuron' if locality == 'semiglobal' else 'synapse'}) or be a "
                                  f"single number (got {array.size})")
        target[:] = array
