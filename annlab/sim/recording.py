"""Monitor buffers: what the kernel records and where the data goes.

The kernel records generically from a plan (one row of ``rec_int`` per
recorded variable; for spikes, one flag per spiking population telling its
update to append ``(population, step, rank)`` to ``spk_out``, int32), so adding a
monitor never changes the generated code. Before each chunk of steps the
:class:`Recorder` sizes a flat float buffer for exactly the rows that chunk
will record; after it, the rows and spikes are moved into per-monitor lists.

``rec_int`` columns are :class:`~annlab.sim.kernel_interface.RecordColumn` (the
kernel reads each row's values by memory address, so it takes no array of the
network and is compiled once for all of them); ``spk_int`` (one row per spike
monitor, used in Python only) columns are :class:`SpikeColumn`.
"""
import enum

import numpy as np

from ..analysis import rank_order
from ..core.projection import Projection
from ..errors import warn_once
from .kernel_interface import RECORD_COLUMNS, Counter, RecordColumn
from .precision import DOUBLE

#: Spike records kept before the kernel returns to Python to empty the buffer: the buffer
#: starts small (a copy of a network costs no large allocation) and doubles up to the maximum
#: when a chunk fills it.
SPIKE_CAPACITY = 1 << 20
SPIKE_CAPACITY_START = 1 << 14


class SpikeColumn(enum.IntEnum):
    """Columns of ``spk_int``, one row per spike monitor (Python only)."""

    POPULATION = 0  #: index of the population
    MASK_START = 1  #: its mask of recorded ranks starts here in ``spk_mask``
    ACTIVE = 2  #: 1 while the monitor records
    MONITOR = 3  #: index of the monitor
    SIZE = 4  #: size of the population


def _table_row(columns, **values):
    """A row of a table whose columns are the enum ``columns`` (``rec_int``: RecordColumn, ``spk_int``:
    SpikeColumn): the named values, others 0."""
    row = [0] * len(columns)
    for name, value in values.items():
        row[columns[name.upper()]] = value
    return row


class _Entry:
    def __init__(self, state, variable, n):
        self.state, self.variable, self.n = state, variable, n
        self.chunks = []
        self.last = None  # (step of the first row, period, rows) of the chunk collected last


class MonitorState:
    """Recorded data and recording window of one monitor."""

    def __init__(self, monitor, index):
        self.monitor = monitor
        self.index = index
        self.entries = {}
        self.spike_row = None
        self.spikes = []
        self.recorded_steps = 0
        self.first_step = None
        self.active = monitor.starts_active
        self.periods = []  # (start_step, stop_step or None)
        self.generations = {}  # variable -> clears so far: marks of records_since() from before are void


class Recorder:
    """All monitors of one simulator."""

    def __init__(self, monitors, populations, projections, dt, precision=DOUBLE):
        self.dt = dt
        self.precision = precision
        self.states = {}
        self._sources = []
        self._pops = {id(p.population): p for p in populations}
        self._projs = {id(p.projection): p for p in projections}
        self.rec_int = np.zeros((0, RECORD_COLUMNS), np.int64)
        self.rec_idx = np.zeros(1, np.int64)  # one unused entry while nothing is recorded
        self._idx_used = 0
        self.spk_int = np.zeros((0, len(SpikeColumn)), np.int64)
        self.spk_mask = np.zeros(1, bool)
        self._mask_used = 0
        self.spk_out = np.zeros((SPIKE_CAPACITY_START, 3), np.int32)
        self.counters = np.zeros(Counter.STOP_FLAGS + len(populations), np.int64)
        self.counters[Counter.SPIKE_CAPACITY] = SPIKE_CAPACITY_START
        self._populations = populations
        self._filled = False
        self.rec_buf = np.zeros(1, precision.dtype)  # the type of the recorded arrays
        for monitor in monitors:
            self.add(monitor, 0)

    def add(self, monitor, step):
        """Record ``monitor`` from ``step`` on (at compile, or a monitor created after it)."""
        k = len(self.states)
        state = MonitorState(monitor, k)
        self.states[monitor.id] = state
        rows, indices, spike_rows, masks = [], [], [], []
        for variable in monitor.variables:
            if variable == "spike":
                layout = self._pops[id(monitor.object.population)]
                mask = np.zeros(layout.size, bool)
                mask[monitor.object.ranks] = True
                state.spike_row = len(self.spk_int) + len(spike_rows)
                state.whole = bool(mask.all())
                spike_rows.append(_table_row(SpikeColumn, population=layout.index, mask_start=self._mask_used,
                                             active=int(state.active), monitor=k, size=layout.size))
                masks.append(mask)
                self._mask_used += layout.size
                continue
            kind, slot, row, phase, idx, array = self._locate(monitor, variable)
            entry = _Entry(state, variable, len(idx))
            entry.row = len(self.rec_int) + len(rows)
            state.entries[variable] = entry
            values = array[row] if kind == 0 else array[row:]
            self._sources.append(array)  # kept alive while the kernel reads it by address
            rows.append(_table_row(RecordColumn, kind=kind, slot=slot, row=row, phase=phase, period=1,
                                   index_start=self._idx_used, index_stop=self._idx_used + len(idx),
                                   active=int(state.active), address=values.ctypes.data, length=values.size))
            indices.append(np.asarray(idx, np.int64))
            self._idx_used += len(idx)
        if rows:
            self.rec_int = np.concatenate([self.rec_int, np.array(rows, np.int64)])
            self.rec_idx = np.concatenate([self.rec_idx[:self._idx_used - sum(map(len, indices))]] + indices)
        if spike_rows:
            self.spk_int = np.concatenate([self.spk_int, np.array(spike_rows, np.int64)])
            self.spk_mask = np.concatenate([self.spk_mask[:self._mask_used - sum(map(len, masks))]] + masks)
        self._configure(state, step)
        self._spike_flags()
        return state

    def _spike_flags(self):
        """Tell each spiking population whether to record its spikes; bound the records of one step."""
        recorded = {int(row[SpikeColumn.POPULATION]) for row in self.spk_int if row[SpikeColumn.ACTIVE]}
        for layout in self._populations:
            if hasattr(layout, "record"):
                layout.record[0] = int(layout.index in recorded)
        self.counters[Counter.SPIKES_PER_STEP] = sum(self._populations[index].size for index in recorded)

    def _locate(self, monitor, variable):
        obj = monitor.object
        if isinstance(obj, Projection):
            layout = self._projs[id(obj)]
            locality = layout.locality(variable)
            if locality == "global":
                return 1, layout.slot_GW, layout.entry[variable], 1, np.zeros(1, np.int64), layout.GW
            if locality == "semiglobal":
                return 0, layout.slot_SW, layout.semi_row[variable], 1, np.arange(layout.post.size), layout.SW
            return (0, layout.slot_W, layout.row[variable], 1, layout.post_order[:layout.size].astype(np.int64),
                    layout.W)  # dendrite order
        layout = self._pops[id(obj.population)]
        name = f"_sum_{variable[4:-1]}" if variable.startswith("sum(") else variable
        phase = 0 if (layout.spiking and name.startswith("g_")) else 1
        if name in layout.entry:
            return 1, layout.slot_G, layout.entry[name], phase, np.zeros(1, np.int64), layout.G
        return 0, layout.slot_S, layout.row[name], phase, np.asarray(obj.ranks, np.int64), layout.S

    def _configure(self, state, step):
        """Period and first step of a monitor's variables (recording starts at ``step``)."""
        monitor = state.monitor
        period = max(1, int(round((monitor.period or self.dt) / self.dt)))
        if monitor.period and abs(period * self.dt - monitor.period) > 1e-9 * max(1.0, monitor.period):
            warn_once(f"Monitor '{monitor.name}': period = {monitor.period:g} ms is not a whole number of steps of "
                      f"dt = {self.dt:g} ms; it records every {period * self.dt:g} ms",
                      key=("monitor period", monitor.name, self.dt), stacklevel=6)
        offset = int(round((monitor.period_offset or 0.0) / self.dt))
        for entry in state.entries.values():
            self.rec_int[entry.row, RecordColumn.PERIOD] = period
            self.rec_int[entry.row, RecordColumn.FIRST_STEP] = step + offset
            self.rec_int[entry.row, RecordColumn.ACTIVE] = int(state.active)
        if state.spike_row is not None:
            self.spk_int[state.spike_row, SpikeColumn.ACTIVE] = int(state.active)
            self._spike_flags()
        if state.active:
            state.periods.append([step, None])
            if state.first_step is None:
                state.first_step = step

    # ---- control -------------------------------------------------------------
    def set_active(self, monitor, active, step, restart=False):
        state = self.states[monitor.id]
        if state.active and not active and state.periods:
            state.periods[-1][1] = step
        was = state.active
        state.active = active
        if active and (not was or restart):
            self._configure(state, step)
        elif not active:
            for entry in state.entries.values():
                self.rec_int[entry.row, RecordColumn.ACTIVE] = 0
            if state.spike_row is not None:
                self.spk_int[state.spike_row, SpikeColumn.ACTIVE] = 0
                self._spike_flags()

    # ---- around a chunk --------------------------------------------------------------
    def prepare(self, step0, n_steps):
        """Size the buffer for the rows recorded in steps [step0, step0 + n_steps)."""
        total = 0
        for row in self.rec_int:
            row[RecordColumn.BUFFER_START] = total
            row[RecordColumn.ROWS_WRITTEN] = 0
            if row[RecordColumn.ACTIVE]:
                period, first = row[RecordColumn.PERIOD], row[RecordColumn.FIRST_STEP]
                start = max(step0, first)
                end = step0 + n_steps
                rows = 0 if end <= start else (end - 1 - first) // period - (start - 1 - first) // period
                total += rows * (row[RecordColumn.INDEX_STOP] - row[RecordColumn.INDEX_START])
        if self.rec_buf.size < max(1, total):
            self.rec_buf = np.zeros(max(1, total), self.precision.dtype)
        self.counters[Counter.SPIKES_RECORDED] = 0
        self._size_spike_buffer()

    def _size_spike_buffer(self):
        """Room in ``spk_out`` for a few steps at least; twice as much after a chunk that filled it."""
        per_step = int(self.counters[Counter.SPIKES_PER_STEP])
        size = int(self.counters[Counter.SPIKE_CAPACITY]) * (2 if self._filled else 1)
        size = max(min(size, SPIKE_CAPACITY), 4 * per_step)
        if size != self.counters[Counter.SPIKE_CAPACITY]:
            self.spk_out = np.zeros((size, 3), np.int32)
            self.counters[Counter.SPIKE_CAPACITY] = size
        self._filled = False

    def collect(self, step0, steps_done):
        """Move what the kernel wrote in steps [step0, step0 + steps_done) into the monitors' lists."""
        for state in self.states.values():
            if state.active:
                if state.first_step is None:
                    state.first_step = step0
                state.recorded_steps += steps_done
            for entry in state.entries.values():
                row = self.rec_int[entry.row]
                written = int(row[RecordColumn.ROWS_WRITTEN])
                if written:
                    start = row[RecordColumn.BUFFER_START]
                    entry.chunks.append(self.rec_buf[start:start + written * entry.n].reshape(written, entry.n).copy())
                    period, anchor = int(row[RecordColumn.PERIOD]), int(row[RecordColumn.FIRST_STEP])
                    first = max(step0, anchor)
                    entry.last = (first + (anchor - first) % period, period, written)
                else:
                    entry.last = None
        n = int(self.counters[Counter.SPIKES_RECORDED])
        # the chunk stopped early: grow the buffer
        self._filled = n + self.counters[Counter.SPIKES_PER_STEP] > self.counters[Counter.SPIKE_CAPACITY]
        if n:
            records = self.spk_out[:n]
            populations = {int(row[SpikeColumn.POPULATION]) for row in self.spk_int if row[SpikeColumn.ACTIVE]}
            for state in self.states.values():
                if state.spike_row is None or not state.active:
                    continue
                population, start, _active, _k, size = self.spk_int[state.spike_row]
                mine = records if len(populations) == 1 else records[records[:, 0] == population]
                mask = self.spk_mask[start:start + size]
                if not state.whole:
                    mine = mine[mask[mine[:, 2]]]
                if len(mine):
                    state.spikes.append(mine[:, 1:].copy())
        self.counters[Counter.SPIKES_RECORDED] = 0
        self._keep_last(step0 + steps_done)

    def first_non_finite_step(self, population, variable, rank):
        """The step at which a monitor recording ``variable`` of neuron ``rank`` saw it non-finite in the chunk
        collected last, or None when no monitor records it."""
        found = []
        for state in self.states.values():
            entry = state.entries.get(variable)
            obj = state.monitor.object
            if entry is None or entry.last is None or getattr(obj, "population", None) is not population:
                continue
            ranks = list(np.asarray(obj.ranks))
            if rank not in ranks:
                continue
            first, period, rows = entry.last
            values = entry.chunks[-1][-rows:, ranks.index(rank)]
            bad = np.flatnonzero(~np.isfinite(values))
            if bad.size:
                found.append((first + int(bad[0]) * period, state.monitor.name))
        return min(found) if found else None

    def bytes_ahead(self, n_steps):
        """Memory the monitors' recorded values will take after ``n_steps`` more steps (spikes not counted:
        their number is not known in advance), windows of ``keep_last`` monitors included."""
        total = 0
        for state in self.states.values():
            if not state.active:
                continue
            window = state.monitor.keep_last
            steps = n_steps if not window else min(n_steps, int(round(window / self.dt)))
            for entry in state.entries.values():
                period = max(1, int(self.rec_int[entry.row, RecordColumn.PERIOD]))
                total += 8 * entry.n * (steps // period + 1)
        return total

    def _keep_last(self, now):
        """Monitors with ``keep_last``: drop what is older than their window (a ring buffer in effect)."""
        for state in self.states.values():
            window = state.monitor.keep_last
            if not window:
                continue
            steps = max(1, int(round(window / self.dt)))
            period = max(1, int(round((state.monitor.period or self.dt) / self.dt)))
            trimmed = False
            for entry in state.entries.values():
                rows = -(-steps // period)
                if sum(len(chunk) for chunk in entry.chunks) > rows:
                    entry.chunks = [np.concatenate(entry.chunks)[-rows:]]
                    trimmed = True
            if state.spikes and state.spikes[0][0, 0] <= now - 1 - steps:
                spikes = np.concatenate(state.spikes)
                state.spikes = [spikes[spikes[:, 0] > now - 1 - steps]]
                trimmed = True
            if state.recorded_steps > steps:
                state.first_step, state.recorded_steps = now - steps, steps
            if trimmed:  # live views restart from the start of the window
                for variable in state.monitor.variables:
                    state.generations[variable] = state.generations.get(variable, 0) + 1

    # ---- data ------------------------------------------------------------------------
    def data(self, monitor, variable):
        state = self.states[monitor.id]
        if variable == "spike":
            ranks = [int(r) for r in monitor.object.ranks]
            result = {r: [] for r in ranks}
            if state.spikes:
                steps = np.concatenate([chunk[:, 0] for chunk in state.spikes])
                spiking = np.concatenate([chunk[:, 1] for chunk in state.spikes])
                order = rank_order(steps, spiking)
                steps, spiking = _int_objects(steps[order]), spiking[order]
                present, starts = np.unique(spiking, return_index=True)
                ends = np.append(starts[1:], len(steps))
                for rank, start, end in zip(present.tolist(), starts.tolist(), ends.tolist()):
                    result[rank] = steps[start:end].tolist()
            return result
        entry = state.entries[variable]
        values = np.concatenate(entry.chunks) if entry.chunks else np.zeros((0, entry.n), self.precision.dtype)
        if isinstance(monitor.object, Projection) and entry.n > 1:
            layout = self._projs[id(monitor.object)]
            if layout.locality(variable) == "local":
                counts = np.diff(layout.post_ptr)
                counts = counts[counts > 0]
                if counts.size and (counts == counts[0]).all():
                    return values.reshape(values.shape[0], counts.size, counts[0])
        if entry.n == 1 and self.rec_int[entry.row, RecordColumn.KIND] == 1:
            return values[:, 0]
        return values

    def records_since(self, monitor, variable, mark=None):
        """What was recorded after ``mark`` (None: everything kept), without rebuilding the rest.

        For live plots, which would otherwise rebuild all the data at every update.

        Returns
        -------
        data : (steps, ranks) int64 arrays in time order for ``'spike'``, else the new rows
        mark : opaque, for the next call (a clear of the monitor since ``mark`` restarts from its start)
        """
        state = self.states[monitor.id]
        chunks = state.spikes if variable == "spike" else state.entries[variable].chunks
        generation = state.generations.get(variable, 0)
        first = mark[1] if mark is not None and mark[0] == generation else 0
        new = chunks[first:]
        mark = (generation, len(chunks))
        if variable == "spike":
            if not new:
                return (np.zeros(0, np.int64), np.zeros(0, np.int64)), mark
            return (np.concatenate([c[:, 0] for c in new]).astype(np.int64),
                    np.concatenate([c[:, 1] for c in new]).astype(np.int64)), mark
        n = state.entries[variable].n
        return (np.concatenate(new) if new else np.zeros((0, n))), mark

    def clear(self, monitor, variables):
        state = self.states[monitor.id]
        for variable in variables:
            state.generations[variable] = state.generations.get(variable, 0) + 1
            if variable == "spike":
                state.spikes = []
            elif variable in state.entries:
                state.entries[variable].chunks = []
        state.recorded_steps = 0
        state.first_step = None

    def rewind(self, old_step, step, cleared):
        """Time went back from ``old_step`` to ``step`` (a reset): recording monitors count their
        periods from there. ``cleared``: the recordings were discarded, so are the recording periods.
        """
        for state in self.states.values():
            if cleared:
                state.periods = []
            elif state.active and state.periods:
                state.periods[-1][1] = old_step
            if state.active:
                self._configure(state, step)

    def window(self, monitor):
        state = self.states[monitor.id]
        return state.first_step, state.recorded_steps

    def nbytes(self, monitor):
        state = self.states[monitor.id]
        total = sum(c.nbytes for e in state.entries.values() for c in e.chunks)
        return total + sum(s.nbytes for s in state.spikes)


def _int_objects(values):
    """``values`` as an object array of Python ints, one object per distinct value (shared by all
    the lists of a spike monitor: many spikes, few distinct steps), which makes the lists ~4x smaller."""
    if values.size == 0:
        return np.zeros(0, dtype=object)
    low, high = int(values.min()), int(values.max())
    if high - low > values.size:
        return np.array(values.tolist(), dtype=object)
    objects = np.array(list(range(low, high + 1)), dtype=object)
    return objects[values - low]
