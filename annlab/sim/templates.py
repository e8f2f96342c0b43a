"""Source templates of the generated kernel modules.

Each template is a loop skeleton filled by :func:`annlab.sim.source.fill` from
:mod:`annlab.sim.neuron_kernels` or :mod:`annlab.sim.synapse_kernels` (the ``run``
loop from :mod:`annlab.sim.codegen`): a field alone on its line takes a list of
statements, printed at that line's indentation; ``{{`` and ``}}`` are literal
braces. Kernels use ``error_model="numpy"`` (a division by zero gives inf or nan,
as in C, instead of a test before every division that would stop vectorisation).
Each kernel is a module of its own (the header and one function), named by its
content, so that networks sharing a model share its compiled kernel; ``run`` takes
them as arguments (:mod:`annlab.sim.kernel_pointers`). The helpers are a module of
their own too (``HELPERS``, not a template, with the constants of
:mod:`annlab.sim.kernel_interface`), which every header imports.
"""
import textwrap

from ..core.distributions import EQUATION_DISTRIBUTIONS
from .kernel_interface import constant_lines, constants


def _draw_helper(method, count):
    arguments = ", ".join(f"a{k}" for k in range(count))
    return f"@njit(cache=True)\ndef _draw_{method}(rng, {arguments}):\n    return rng.{method}({arguments})"


# One random draw of an equation per numpy.random.Generator method (see kernel_source._random_call).
# Numba compiles a Generator method where it is called: called here, not in every kernel that draws,
# it is compiled once per signature, cached with the helpers (annlab.sim.precompile compiles the usual ones).
_DRAW_HELPERS = "\n\n\n".join(_draw_helper(method, count) for method, count in EQUATION_DISTRIBUTIONS.values())

HELPERS = '''"""Helpers shared by the kernels annlab generates. Do not edit."""
import ctypes as _ctypes
import math

import numpy as np
from llvmlite import ir as _ir
from numba import config as _config, njit
from numba.core import cgutils as _cgutils, types as _types
from numba.extending import intrinsic as _intrinsic
from numba.np.arrayobj import make_array as _make_array, populate_array as _populate_array

# entries of counters and columns of rec_int (annlab.sim.kernel_interface)
''' + "\n".join(constant_lines()) + '''

#: Spikes ahead whose synapses are prefetched during spike propagation ...
AHEAD = 4
#: ... in projections of more synapses than this (smaller ones stay in the caches).
PREFETCH_SYNAPSES = 1_000_000


@njit(cache=True, fastmath={"reassoc"})
def _fadd(a, b):
    """a + b, reassociable: lets a loop that counts spikes in a float be vectorised
    (the flag applies to this addition only, not to the equations around it)."""
    return a + b


@njit(cache=True, inline="always")
def _record_spike(population, step, rank, spk_out, counters):
    """Append (population, step, rank) to the spike records of this chunk (see annlab.sim.recording)."""
    n = counters[COUNTER_SPIKES_RECORDED]
    spk_out[n, 0] = population
    spk_out[n, 1] = step
    spk_out[n, 2] = rank
    counters[COUNTER_SPIKES_RECORDED] = n + 1


@njit(cache=True)
def _steps(duration, dt):
    """Whole steps in ``duration`` ms."""
    return int(duration / dt)


@_intrinsic
def _prefetch(typingctx, array, index):
    """Hint the CPU to fetch the cache line of ``array[index]`` (llvm.prefetch)."""
    def codegen(context, builder, signature, args):
        array_type = signature.args[0]
        data = context.make_array(array_type)(context, builder, args[0])
        pointer = _cgutils.get_item_pointer(context, builder, array_type, data, [args[1]], wraparound=False,
                                            boundscheck=False)
        i8p = _ir.IntType(8).as_pointer()
        i32 = _ir.IntType(32)
        function = _cgutils.get_or_insert_function(
            builder.module, _ir.FunctionType(_ir.VoidType(), [i8p, i32, i32, i32]), "llvm.prefetch.p0i8")
        builder.call(function, [builder.bitcast(pointer, i8p), i32(0), i32(3), i32(1)])
        return context.get_dummy_value()
    return _types.void(array, index), codegen


def _view_codegen(dtype, has_row):
    result = _types.Array(dtype, 1, "C")

    def codegen(context, builder, signature, args):
        source = _make_array(signature.args[0])(context, builder, args[0])
        index = [context.cast(builder, v, t, _types.intp) for v, t in zip(args[1:], signature.args[1:])]
        lo, hi = index[-2:]
        start = lo
        if has_row:
            start = builder.add(builder.mul(index[0], builder.extract_value(source.shape, 1)), lo)
        itemsize = context.get_constant(_types.intp, context.get_abi_sizeof(context.get_data_type(dtype)))
        view = _make_array(result)(context, builder)
        _populate_array(view, data=builder.gep(source.data, [start]), shape=[builder.sub(hi, lo)],
                        strides=[itemsize], itemsize=itemsize, meminfo=None)
        return view._getvalue()
    return result, codegen


@_intrinsic
def _view(typingctx, array, lo, hi):
    """``array[lo:hi]`` of a 1D C array, without reference counting.

    A slice made in a loop costs two atomic reference count updates per
    iteration; this view costs nothing and is valid while ``array`` is.
    """
    if isinstance(array, _types.Array) and array.ndim == 1 and array.layout == "C":
        result, codegen = _view_codegen(array.dtype, False)
        return result(array, lo, hi), codegen
    return None


@_intrinsic
def _at_address(typingctx, address, length, like):
    """The ``length`` values at memory ``address`` as an array of the element type of ``like``,
    without reference counting.

    For the recording kernel, which reads monitored rows wherever they are (the
    :class:`~annlab.sim.recording.Recorder` keeps their arrays alive): it takes
    no tuple of arrays, so one compilation serves every network structure (of a precision).
    """
    if isinstance(address, _types.Integer) and isinstance(length, _types.Integer) and \
            isinstance(like, _types.Array):
        result = _types.Array(like.dtype, 1, "C")

        def codegen(context, builder, signature, args):
            itemsize = context.get_constant(_types.intp, context.get_abi_sizeof(context.get_data_type(like.dtype)))
            data = builder.inttoptr(args[0], context.get_data_type(like.dtype).as_pointer())
            view = _make_array(result)(context, builder)
            _populate_array(view, data=data, shape=[context.cast(builder, args[1], signature.args[1], _types.intp)],
                            strides=[itemsize], itemsize=itemsize, meminfo=None)
            return view._getvalue()
        return result(address, length, like), codegen
    return None


@_intrinsic
def _row_view(typingctx, array, row, lo, hi):
    """``array[row, lo:hi]`` of a 2D C array, without reference counting (see ``_view``)."""
    if isinstance(array, _types.Array) and array.ndim == 2 and array.layout == "C":
        result, codegen = _view_codegen(array.dtype, True)
        return result(array, row, lo, hi), codegen
    return None


@njit(cache=True, inline="always")
def _row(array, row):
    """``array[row]`` of a 2D C array, without reference counting (see ``_view``)."""
    return _row_view(array, row, 0, array.shape[1])


@njit(cache=True, inline="always")
def _prefetch_rows(array, first, last):
    """Prefetch array[first:last], one call per 64-byte cache line (a while loop: a range with a step
    computed at run time could raise, for a step of 0, and kernels must not raise: see kernel_pointers)."""
    q = first
    while q < last:
        _prefetch(array, q)
        q += 64 // array.itemsize


@njit(cache=True, inline="always")
def _pos(x):
    return x if x > 0.0 else 0.0


@njit(cache=True, inline="always")
def _neg(x):
    return x if x < 0.0 else 0.0


@njit(cache=True, inline="always")
def _clip(x, low, high):
    return low if x < low else (high if x > high else x)


''' + _DRAW_HELPERS + '''


@njit(cache=True)
def _g_min(x):
    """Global operation min(x) of a population's variable (0 for no neuron)."""
    if x.shape[0] == 0:
        return 0.0
    value = x[0]
    for k in range(1, x.shape[0]):
        if x[k] < value:
            value = x[k]
    return value


@njit(cache=True)
def _g_max(x):
    """Global operation max(x)."""
    if x.shape[0] == 0:
        return 0.0
    value = x[0]
    for k in range(1, x.shape[0]):
        if x[k] > value:
            value = x[k]
    return value


@njit(cache=True)
def _g_mean(x):
    """Global operation mean(x): the sum in rank order divided by the size, as ANNarchy computes it."""
    total = 0.0
    for k in range(x.shape[0]):
        total += x[k]
    return total / x.shape[0] if x.shape[0] else 0.0


@njit(cache=True)
def _g_norm1(x):
    """Global operation norm1(x): sum of |x|."""
    total = 0.0
    for k in range(x.shape[0]):
        total += abs(x[k])
    return total


@njit(cache=True)
def _g_norm2(x):
    """Global operation norm2(x): the Euclidean norm."""
    total = 0.0
    for k in range(x.shape[0]):
        total += x[k] * x[k]
    return math.sqrt(total)


@njit(cache=True)
def _schedule_row(step, schedule):
    """Row of a timed input at this step: schedule = [period, start_0, start_1, ...]."""
    position = step % schedule[0] if schedule[0] > 0 else step
    row = -1
    for k in range(1, schedule.shape[0]):
        if schedule[k] <= position:
            row = k - 1
    return row


if _config.DISABLE_JIT:  # NUMBA_DISABLE_JIT=1: the kernels run as Python (tracebacks, coverage), no intrinsics
    def _prefetch(array, index):
        pass

    def _view(array, lo, hi):
        return array[lo:hi]

    def _row_view(array, row, lo, hi):
        return array[row, lo:hi]

    def _at_address(address, length, like):
        element = _ctypes.c_double if like.dtype == np.float64 else _ctypes.c_float
        return np.ctypeslib.as_array((element * int(length)).from_address(int(address)))
'''

HEADER = '''"""Kernels generated by annlab from model equations. Do not edit.

Structure hash: {structure}
"""
import math

import numpy as np
from numba import njit

from {helpers} import (
    {imports}
)
'''

RECORD = '''

@njit(cache=True, error_model="numpy")
def record(phase, step, rec_int, rec_idx, rec_buf):
    """Copy monitored values into the flat buffer (see annlab.sim.recording)."""
    for m in range(rec_int.shape[0]):
        if rec_int[m, REC_ACTIVE] == 0 or rec_int[m, REC_PHASE] != phase:
            continue
        offset = rec_int[m, REC_FIRST_STEP]
        if step < offset or (step - offset) % rec_int[m, REC_PERIOD] != 0:
            continue
        first, last = rec_int[m, REC_INDEX_START], rec_int[m, REC_INDEX_STOP]
        count = last - first
        base = rec_int[m, REC_BUFFER_START] + rec_int[m, REC_ROWS_WRITTEN] * count
        source = _at_address(rec_int[m, REC_ADDRESS], rec_int[m, REC_LENGTH], rec_buf)
        for k in range(count):
            rec_buf[base + k] = source[rec_idx[first + k]]
        rec_int[m, REC_ROWS_WRITTEN] += 1
'''

RATE_NEURON_UPDATE = '''

@njit(cache=True, error_model="numpy")
def update(step, dt, S, G, R, {extra_args}rng):
    """{description}"""
    t = {clock}
    N = S.shape[1]
    {global_loads}
    {global_code}
    {global_stores}
    {prologue}
    {draws}
    {views}
    for i in range(N):
        {body}
    {global_operations}
'''

SPIKING_NEURON_UPDATE = '''

@njit(cache=True, error_model="numpy")
def update(step, dt, S, G, R, ring, ring_count, last_spike, refr_until, fired, block_count, record, spk_out,
           counters, {extra_args}rng):
    """{description}"""
    t = {clock}
    N = S.shape[1]
    {global_loads}
    {global_code}
    {global_stores}
    {prologue}
    {draws}
    # 1. equations and spike condition, {block} neurons at a time (no branch: vectorised)
    total = {zero}
    for block in range(block_count.shape[0]):
        lo = block * {block}
        hi = min(lo + {block}, N)
        {views}
        count = {zero}
        for i in range(hi - lo):
            {body}
        block_count[block] = count
        total += count
    # 2. the neurons that spiked (only blocks with spikes are scanned): reset, spike ring
    slot = step % ring.shape[0]
    n_spikes = 0
    if total > 0.0:
        recording = record[0] != 0
        for block in range(block_count.shape[0]):
            if block_count[block] == 0.0:
                continue
            for i in range(block * {block}, min(block * {block} + {block}, N)):
                if fired[i] == 0.0:
                    continue
                {reset}
    ring_count[slot] = n_spikes
    {global_operations}
'''

SPIKE_SOURCE_UPDATE = '''

@njit(cache=True, error_model="numpy")
def update(step, events, cursor, ring, ring_count, last_spike, record, spk_out, counters):
    """SpikeSourceArray: emit the spikes listed for this step."""
    slot = step % ring.shape[0]
    n_spikes = 0
    c = cursor[0]
    n_events = events.shape[1]
    while c < n_events and events[0, c] < step:
        c += 1
    while c < n_events and events[0, c] == step:
        rank = events[1, c]
        ring[slot, n_spikes] = rank
        n_spikes += 1
        last_spike[rank] = step
        if record[0] != 0:
            _record_spike(record[1], step, rank, spk_out, counters)
        c += 1
    cursor[0] = c
    ring_count[slot] = n_spikes
'''

TIMED_ARRAY_UPDATE = '''

@njit(cache=True, error_model="numpy")
def update(step, S, buffer, schedule):
    """TimedArray: r follows the row of the buffer scheduled now."""
    row = _schedule_row(step, schedule)
    r = _row(S, {row_r})
    for i in range(S.shape[1]):
        r[i] = buffer[row, i] if row >= 0 else 0.0
'''

SPIKE_PROPAGATION = '''

@njit(cache=True, error_model="numpy")
def propagate(step, dt, ring, ring_count, post_rank, pre_ptr, run_ptr, runs, delay, cursors, last_event, learning,
              shared_w, W, SW, GW, pre_S, post_S, pre_G, post_G{rng}):
    """Synapse {name}: spikes reaching their synapses this step (pre_spike code).

    Synapses are stored pre-major: those of presynaptic neuron i are pre_ptr[i]..pre_ptr[i+1]-1.
    In dense projections (run_ptr not all 0), rows are runs of consecutive post ranks:
    runs[r] = (start, stop, j0) for r in run_ptr[i]..run_ptr[i+1]-1.
    """
    t = {clock}
    depth = ring.shape[0]
    plastic = learning[0] != 0
    dense = run_ptr[run_ptr.shape[0] - 1] > 0
    prefetch = pre_ptr[pre_ptr.shape[0] - 1] > PREFETCH_SYNAPSES  # rows of large projections come from DRAM
    {global_loads}
    {views}
    d = delay[0]
    if step - d < 0:
        return
    slot = (step - d) % depth
    spikes = _row(ring, slot)
    n_spikes = ring_count[slot]
    {shared}
    {loops}
'''

#: The loops over the spikes due now and their rows (filled in for the per-synapse or the shared weight).
ROW_LOOPS = '''\
if dense:  # run by run, post-synaptic arrays viewed from the run's first rank: vectorised
    for k in range(n_spikes):
        _i = spikes[k]
        for r in range(run_ptr[_i], run_ptr[_i + 1]):
            start, stop, j0 = runs[r, 0], runs[r, 1], runs[r, 2]
            {run_views}
            for _s in range(stop - start):
                {run_body}
else:  # synapse by synapse; large projections fetch the rows of a later spike meanwhile
    for k in range(n_spikes):
        if prefetch and k + AHEAD < n_spikes:
            ahead = spikes[k + AHEAD]
            {prefetch}
        _i = spikes[k]
        first = pre_ptr[_i]
        last = pre_ptr[_i + 1]
        {row}'''

SHARED_WEIGHT = '''\
if shared_w[0] != 0.0:  # all weights equal (see ProjectionLayout.shared_w): no weight read per synapse
    w_ = shared_w[1]
    {loops}
    return'''

DELAYED_SPIKE_PROPAGATION = '''

@njit(cache=True, error_model="numpy")
def propagate(step, dt, ring, ring_count, post_rank, pre_ptr, run_ptr, runs, delay, cursors, last_event, learning,
              shared_w, W, SW, GW, pre_S, post_S, pre_G, post_G{rng}):
    """Synapse {name}: spikes reaching their synapses this step (pre_spike code), one delay per synapse.

    Storage as without delays, rows (and runs) sorted by delay: a spike emitted d steps ago
    reaches the part of its row whose delay is d, which starts where the part delivered the
    step before ended (cursors: one per spike of the ring; set when d == 1).
    """
    t = {clock}
    depth = ring.shape[0]
    plastic = learning[0] != 0
    dense = run_ptr[run_ptr.shape[0] - 1] > 0
    {global_loads}
    {views}
    for d in range(1, depth + 1):
        if step - d < 0:
            continue
        slot = (step - d) % depth
        spikes = _row(ring, slot)
        n_spikes = ring_count[slot]
        cursor = _row(cursors, slot)
        if dense:  # run by run, post-synaptic arrays viewed from the run's first rank: vectorised
            for k in range(n_spikes):
                _i = spikes[k]
                r = run_ptr[_i] if d == 1 else cursor[k]
                while r < run_ptr[_i + 1] and delay[runs[r, 0]] == d:
                    start, stop, j0 = runs[r, 0], runs[r, 1], runs[r, 2]
                    {run_views}
                    for _s in range(stop - start):
                        {run_body}
                    r += 1
                cursor[k] = r
        else:
            for k in range(n_spikes):
                _i = spikes[k]
                first = pre_ptr[_i] if d == 1 else cursor[k]
                last = first
                while last < pre_ptr[_i + 1] and delay[last] == d:
                    last += 1
                cursor[k] = last
                {row}
'''

POST_EVENTS = '''

@njit(cache=True, error_model="numpy")
def post_events(step, dt, ring, ring_count, post_ptr, post_order, pre_rank, last_event, learning, W, SW, GW,
                pre_S, post_S, pre_G, post_G{rng}):
    """Synapse {name}: post-synaptic spikes of this step (post_spike code), in dendrite order."""
    if learning[0] == 0:
        return
    t = {clock}
    plastic = True
    {global_loads}
    {views}
    slot = step % ring.shape[0]
    for k in range(ring_count[slot]):
        _j = ring[slot, k]
        for p in range(post_ptr[_j], post_ptr[_j + 1]):
            _s = post_order[p]
            _i = pre_rank[_s]
            {body}
'''

RATE_PROPAGATION = '''

@njit(cache=True, error_model="numpy")
def propagate(step, dt, post_ptr, pre_rank, W, SW, GW, pre_S, post_S, pre_G, post_G{delay_args}{rng}):
    """Synapse {name}: weighted sum of the pre-synaptic rates ({operation}).{delay_doc}"""
    t = {clock}
    {global_loads}
    {views}
    target = _row(post_S, {sum_row})
    for _j in range(post_ptr.shape[0] - 1):
        first, last = post_ptr[_j], post_ptr[_j + 1]
        acc = {initial}
        for _s in range(first, last):
            _i = pre_rank[_s]
            {body}
        {finish}
        target[_j] += acc
'''

SYNAPSE_EQUATIONS = '''

@njit(cache=True, error_model="numpy")
def plasticity(step, dt, post_ptr, post_rank, pre_rank, learning, W, SW, GW, pre_S, post_S, pre_G, post_G{rng}):
    """Synapse {name}: continuous synaptic equations (per projection, per post neuron, per synapse)."""
    if learning[0] == 0:
        return
    t = {clock}
    {global_loads}
    {global_code}
    {views}
    {semi_loop}
    for _s in range(post_ptr[post_ptr.shape[0] - 1]):
        _i = pre_rank[_s]
        _j = post_rank[_s]
        {body}
'''

FIRING_RATE = '''

@njit(cache=True, error_model="numpy")
def firing_rate(step, ring, ring_count, history, history_count, count, r, rate):
    """r of a spiking population (ANNarchy's compute_firing_rate): rate[0] (1000/window) times
    its spikes of the last history.shape[0] steps, this one included. rate[0] == 0: off."""
    if rate[0] == 0.0:
        return
    k = step % history.shape[0]
    for j in range(history_count[k]):  # the spikes of step - window leave the window
        count[history[k, j]] -= 1
    slot = step % ring.shape[0]
    n = ring_count[slot]
    for j in range(n):
        i = ring[slot, j]
        history[k, j] = i
        count[i] += 1
    history_count[k] = n
    for i in range(r.shape[0]):
        r[i] = rate[0] * count[i]
'''

STOP_CONDITION = '''

@njit(cache=True, error_model="numpy")
def stop(step, dt, S, G):
    """Stop condition of neuron {name} ({mode} neuron)."""
    t = {clock}
    {global_loads}
    {views}
    for i in range(S.shape[1]):
        {loads}
        if {negate}({condition}):
            return {found}
    return {not_found}
'''

RUN = '''

@njit(cache=True)
def run(n_steps, step0, dt, rng, rec_int, rec_idx, rec_buf, spk_out, counters,
{parameters}):
    """Simulate up to n_steps steps; returns the number of steps done.

    Returns early when the spike buffer could overflow or a stop condition holds.
    The arrays of the network follow ``counters`` (see ``Program.arguments``), then the kernels
    (compiled alone, called through their addresses: see annlab.sim.kernel_pointers).
    """
    recording = rec_int.shape[0] > 0
    for n in range(n_steps):
        step = step0 + n
        if counters[COUNTER_SPIKES_RECORDED] + counters[COUNTER_SPIKES_PER_STEP] > counters[COUNTER_SPIKE_CAPACITY]:
            return n
        # 1. spikes due this step reach their synapses; rate-coded sums
        {propagate}
        # 2. monitors record inputs (g_*) before the update (phase as np.int64, not a literal: one compilation)
        if recording:
            {record_inputs}
        # 3. populations update in creation order (equations, spike, reset)
        {update}
        # 5. plasticity: post-synaptic events and synaptic equations
        {plasticity}
        # 6. monitors record the updated values (spikes were recorded by the updates)
        if recording:
            {record_values}
        {stop}
    return n_steps
'''

#: The numpy.random.Generator methods of equations' draws, each called through its helper ``_draw_<method>``.
DRAW_METHODS = tuple(method for method, _count in EQUATION_DISTRIBUTIONS.values())

#: What every kernel module imports from the helpers (its HEADER).
HELPER_NAMES = (["AHEAD", "PREFETCH_SYNAPSES"] + [name for name, _ in constants()]
                + ["_at_address", "_clip"] + [f"_draw_{method}" for method in DRAW_METHODS]
                + ["_fadd", "_g_max", "_g_mean", "_g_min", "_g_norm1", "_g_norm2", "_neg", "_pos", "_prefetch_rows",
                   "_record_spike", "_row", "_row_view", "_schedule_row", "_steps", "_view"])

#: The import list of HEADER, wrapped.
HELPER_IMPORTS = textwrap.wrap(", ".join(HELPER_NAMES), width=112)
