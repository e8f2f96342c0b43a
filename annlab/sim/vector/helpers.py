"""The helpers of the kernels, in Python and NumPy: what the NumPy stepper's kernels import.

The same names as the generated Numba helpers (:data:`annlab.sim.templates.HELPERS`), written
for values that may be arrays: a vectorised kernel calls ``_pos`` on the ``v`` of every
neuron at once, a kernel run as Python (one without a vectorised printer) on one value.
Global operations sum in rank order, as the compiled ones do (``np.sum`` sums pairwise,
which differs in the last bits).

Examples
--------
>>> import numpy as np
>>> _clip(np.array([-2.0, 0.5, 3.0]), 0.0, 1.0)
array([0. , 0.5, 1. ])
>>> float(_g_mean(np.array([1.0, 2.0, 4.0])))
2.3333333333333335
>>> _steps(np.array([2.0, 0.25]), 0.1)
array([20,  2])
"""
import ctypes
import math

import numpy as np

from ...core.distributions import EQUATION_DISTRIBUTIONS
from ..kernel_interface import constants

globals().update(constants())

#: Names the compiled helpers define for prefetching (nothing to do here).
AHEAD = 4
PREFETCH_SYNAPSES = 1_000_000

_ADDRESSED = {}  # (address, length, dtype) -> array over that memory


def _fadd(a, b):
    return a + b


def _record_spike(population, step, rank, spk_out, counters):
    """Append (population, step, rank) to the spike records of this chunk (see annlab.sim.recording)."""
    n = counters[COUNTER_SPIKES_RECORDED]  # noqa: F821 -- defined from kernel_interface above
    spk_out[n, 0] = population
    spk_out[n, 1] = step
    spk_out[n, 2] = rank
    counters[COUNTER_SPIKES_RECORDED] = n + 1  # noqa: F821


def _record_spikes(population, step, ranks, spk_out, counters):
    """Append (population, step, rank) for each of ``ranks`` (in their order)."""
    n = counters[COUNTER_SPIKES_RECORDED]  # noqa: F821
    spk_out[n:n + ranks.shape[0], 0] = population
    spk_out[n:n + ranks.shape[0], 1] = step
    spk_out[n:n + ranks.shape[0], 2] = ranks
    counters[COUNTER_SPIKES_RECORDED] = n + ranks.shape[0]  # noqa: F821


def _steps(duration, dt):
    """Whole steps in ``duration`` ms (truncated, as ``int()``), of one value or of each."""
    if np.ndim(duration):
        return np.trunc(np.asarray(duration) / dt).astype(np.int64)
    return int(duration / dt)


def _draw_function(method):
    def draw(rng, *args):
        return getattr(rng, method)(*args)
    draw.__name__ = draw.__qualname__ = f"_draw_{method}"
    draw.__doc__ = f"One value of ``rng.{method}(*args)`` (the compiled helper's call, run as Python)."
    return draw


globals().update({f"_draw_{method}": _draw_function(method) for method, _count in EQUATION_DISTRIBUTIONS.values()})


def _prefetch_rows(array, first, last):
    pass


def _view(array, lo, hi):
    return array[lo:hi]


def _row_view(array, row, lo, hi):
    return array[row, lo:hi]


def _row(array, row):
    return array[row]


def _at_address(address, length, like):
    """The ``length`` values at memory ``address`` (an array of the recorder's; kept alive by it)."""
    key = (int(address), int(length), like.dtype)
    view = _ADDRESSED.get(key)
    if view is None:
        element = ctypes.c_double if like.dtype == np.float64 else ctypes.c_float
        view = np.ctypeslib.as_array((element * int(length)).from_address(int(address)))
        if len(_ADDRESSED) > 4096:
            _ADDRESSED.clear()
        _ADDRESSED[key] = view
    return view


def _pos(x):
    return np.maximum(x, 0.0) if np.ndim(x) else (x if x > 0.0 else 0.0 * x)


def _neg(x):
    return np.minimum(x, 0.0) if np.ndim(x) else (x if x < 0.0 else 0.0 * x)


def _clip(x, low, high):
    if np.ndim(x) or np.ndim(low) or np.ndim(high):
        return np.where(x < low, low, np.where(x > high, high, x))
    return low if x < low else (high if x > high else x)


def _ordered_sum(x):
    return np.cumsum(x)[-1] if x.shape[0] else x.dtype.type(0.0)


def _g_min(x):
    return x.min() if x.shape[0] else 0.0


def _g_max(x):
    return x.max() if x.shape[0] else 0.0


def _g_mean(x):
    return _ordered_sum(x) / x.shape[0] if x.shape[0] else 0.0


def _g_norm1(x):
    return _ordered_sum(np.abs(x))


def _g_norm2(x):
    return math.sqrt(_ordered_sum(x * x))


def _schedule_row(step, schedule):
    """Row of a timed input at this step: schedule = [period, start_0, start_1, ...]."""
    position = step % schedule[0] if schedule[0] > 0 else step
    row = -1
    for k in range(1, schedule.shape[0]):
        if schedule[k] <= position:
            row = k - 1
    return row


def _synapses_of(starts, stops):
    """Indices ``starts[k]..stops[k]-1`` of every ``k``, in order, and the ``k`` of each (one row of
    synapses per spike, concatenated)."""
    counts = stops - starts
    total = int(counts.sum())
    owner = np.repeat(np.arange(counts.shape[0]), counts)
    if total == 0:
        return owner.astype(np.int64), owner
    offsets = np.cumsum(counts) - counts
    return (np.arange(total) - offsets[owner] + starts[owner]).astype(np.int64), owner


def record(phase, step, rec_int, rec_idx, rec_buf):
    """Copy monitored values into the flat buffer (see annlab.sim.recording); vectorised per monitor."""
    for m in range(rec_int.shape[0]):
        if rec_int[m, REC_ACTIVE] == 0 or rec_int[m, REC_PHASE] != phase:  # noqa: F821
            continue
        offset = rec_int[m, REC_FIRST_STEP]  # noqa: F821
        if step < offset or (step - offset) % rec_int[m, REC_PERIOD] != 0:  # noqa: F821
            continue
        first, last = rec_int[m, REC_INDEX_START], rec_int[m, REC_INDEX_STOP]  # noqa: F821
        count = last - first
        base = rec_int[m, REC_BUFFER_START] + rec_int[m, REC_ROWS_WRITTEN] * count  # noqa: F821
        source = _at_address(rec_int[m, REC_ADDRESS], rec_int[m, REC_LENGTH], rec_buf)  # noqa: F821
        rec_buf[base:base + count] = source[rec_idx[first:last]]
        rec_int[m, REC_ROWS_WRITTEN] += 1  # noqa: F821


def firing_rate(step, ring, ring_count, history, history_count, count, r, rate):
    """r of a spiking population from its spikes in the window (see the compiled ``firing_rate``)."""
    if rate[0] == 0.0:
        return
    k = step % history.shape[0]
    np.subtract.at(count, history[k, :history_count[k]], 1)
    slot = step % ring.shape[0]
    n = ring_count[slot]
    spikes = ring[slot, :n]
    history[k, :n] = spikes
    np.add.at(count, spikes, 1)
    history_count[k] = n
    r[:] = rate[0] * count


def _dendrites(values, post_ptr, post, empty):
    """``values`` (one per synapse, dendrite by dendrite) as a (post neurons, longest dendrite) matrix,
    ``empty`` where a dendrite is shorter."""
    lengths = np.diff(post_ptr)
    matrix = np.full((lengths.shape[0], int(lengths.max()) if lengths.shape[0] else 0), empty, values.dtype)
    matrix[post, np.arange(values.shape[0]) - post_ptr[post]] = values
    return matrix, lengths


def _dendrite_sum(values, post_ptr, post):
    """Sum over each dendrite in synapse order, as the compiled loop adds (0 for an empty one)."""
    matrix, _ = _dendrites(values, post_ptr, post, 0.0)
    return np.cumsum(matrix, axis=1)[:, -1] if matrix.shape[1] else np.zeros(matrix.shape[0], values.dtype)


def _dendrite_mean(values, post_ptr, post):
    lengths = np.diff(post_ptr)
    return np.where(lengths > 0, _dendrite_sum(values, post_ptr, post) / np.maximum(lengths, 1), 0.0)


def _dendrite_max(values, post_ptr, post):
    matrix, lengths = _dendrites(values, post_ptr, post, -np.inf)
    return np.where(lengths > 0, matrix.max(axis=1, initial=-np.inf), 0.0)


def _dendrite_min(values, post_ptr, post):
    matrix, lengths = _dendrites(values, post_ptr, post, np.inf)
    return np.where(lengths > 0, matrix.min(axis=1, initial=np.inf), 0.0)


def _each(value, n):
    """``value`` as an array of ``n`` values: itself when it already is one (a population-wide condition or
    a constant increment is one value for all). Cheaper than ``np.broadcast_to`` for the common case."""
    if type(value) is np.ndarray and value.shape == (n,):
        return value
    return np.full(n, value)
