"""Index arrays of a projection's synapses, in linear time.

Each network copy draws its own connectivity, so building these arrays is
part of every ``compile()``: comparison sorts of a few hundred thousand
synapses would cost more than everything else in a copy. Synapses come in
dendrite order (post-major, pre ranks ascending; connectors usually draw
them so) and go to the pre-major storage of spiking projections by a stable
counting sort.

Projections of up to :data:`COMPILED_FROM` synapses are indexed with NumPy (a
new model starts without loading compiled code); larger ones with the compiled
loops of :mod:`annlab.sim.connectivity_compiled`. Both give the same arrays
(``tests/test_connectivity_index.py``).

Examples
--------
>>> import numpy as np
>>> order, ptr = pre_major(np.array([1, 0, 1, 0]), 2)
>>> order.tolist(), ptr.tolist()
([1, 3, 0, 2], [0, 2, 4])
"""
import ctypes

import numpy as np

#: Synapses above which the memory freed while building a projection is given back to the system.
LARGE_PROJECTION = 1_000_000
#: Synapses from which the compiled loops index a projection (NumPy below).
COMPILED_FROM = 200_000


def release_freed_memory():
    """Give the memory freed by a large projection's draw back to the system (glibc ``malloc_trim``).

    glibc keeps freed blocks of a few MB in the process heap, while the next
    large arrays are mapped anew: the peak memory of ``compile()`` would add up
    temporaries that are already freed. Elsewhere than glibc this does nothing.
    """
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass


def _compiled():
    from . import connectivity_compiled
    return connectivity_compiled


def dendrite_order(post, pre, n_pre):
    """Permutation sorting synapses by (post, pre), or an empty array when they already are."""
    if post.shape[0] >= COMPILED_FROM:
        return _compiled().dendrite_order(post, pre, n_pre)
    key = post.astype(np.int64) * n_pre + pre
    if post.shape[0] < 2 or np.all(key[1:] >= key[:-1]):
        return np.empty(0, np.int64)
    return np.argsort(key, kind="mergesort")


def pre_major(pre, n_pre):
    """Stable counting sort by pre rank.

    Returns
    -------
    order : int32 array
        ``order[k]``: position (in the given order) of the synapse stored at ``k``.
    pre_ptr : int64 array
        The synapses of pre neuron ``i`` are stored at ``pre_ptr[i]..pre_ptr[i+1]-1``.
    """
    if pre.shape[0] >= COMPILED_FROM:
        return _compiled().pre_major(pre, n_pre)
    pre_ptr = np.zeros(n_pre + 1, np.int64)
    pre_ptr[1:] = np.cumsum(np.bincount(pre, minlength=n_pre)[:n_pre])
    return np.argsort(pre, kind="stable").astype(np.int32), pre_ptr


def runs(post, delay, pre_ptr, min_length):
    """Runs of consecutive post ranks (and one delay) in the rows of a pre-major storage, if they are long.

    ``delay`` is one number per synapse, or one for all (uniform delays).

    Returns
    -------
    runs : int64 array (n_runs, 3)
        ``(start, stop, j0)``: stored synapses ``start..stop-1`` go to post
        ranks ``j0, j0+1, ...``.
    run_ptr : int64 array
        The runs of row ``i`` are ``run_ptr[i]..run_ptr[i+1]-1``. All rows are
        described when the runs are ``min_length`` synapses long on average,
        none otherwise (``run_ptr`` all 0).
    """
    if post.shape[0] >= COMPILED_FROM:
        return _compiled().runs(post, delay, pre_ptr, min_length)
    n_pre = pre_ptr.shape[0] - 1
    n = int(pre_ptr[n_pre])
    per_synapse_delays = delay.shape[0] == post.shape[0] and post.shape[0] > 1
    post = np.asarray(post[:n], np.int64)
    starts = np.zeros(n, bool)  # where a run starts: a row's first synapse, a gap in post ranks, another delay
    starts[pre_ptr[:-1][pre_ptr[:-1] < pre_ptr[1:]]] = True
    if n > 1:
        starts[1:] |= post[1:] != post[:-1] + 1
        if per_synapse_delays:
            starts[1:] |= delay[1:n] != delay[:n - 1]
    before = np.zeros(n + 1, np.int64)  # run starts before each synapse
    np.cumsum(starts, out=before[1:])
    run_ptr = before[pre_ptr]
    total = int(run_ptr[n_pre])
    if total == 0 or n < min_length * total:
        return np.zeros((1, 3), np.int64), np.zeros(n_pre + 1, np.int64)
    first = np.flatnonzero(starts)
    stop = np.append(first[1:], n)  # the next run's start (each row's first synapse starts one)
    return np.stack([first, stop, post[first]], axis=1).astype(np.int64), run_ptr


def gather(values, order, out):
    """``out[k] = values[order[k]]`` (into an array of another dtype)."""
    if order.shape[0] >= COMPILED_FROM:
        return _compiled().gather(values, order, out)
    out[:order.shape[0]] = values[order]


def scatter(values, order, out):
    """``out[order[k]] = values[k]``."""
    if order.shape[0] >= COMPILED_FROM:
        return _compiled().scatter(values, order, out)
    out[order] = values[:order.shape[0]]


def inverse(order, out):
    """``out[order[k]] = k``: the inverse permutation (into an array of another dtype)."""
    if order.shape[0] >= COMPILED_FROM:
        return _compiled().inverse(order, out)
    out[order] = np.arange(order.shape[0])
