"""The index arrays of :mod:`annlab.sim.connectivity` for large projections: the same functions, compiled.

Imported (and their machine code loaded from Numba's cache) only when a projection is large:
loading them costs a few tenths of a second, more than NumPy takes for small ones.
"""
import numpy as np
from numba import njit


@njit(cache=True, nogil=True)
def dendrite_order(post, pre, n_pre):
    """As :func:`annlab.sim.connectivity.dendrite_order`."""
    n = post.shape[0]
    for k in range(1, n):
        if post[k] * n_pre + pre[k] < post[k - 1] * n_pre + pre[k - 1]:
            return np.argsort(post * n_pre + pre, kind="mergesort")
    return np.empty(0, np.int64)


@njit(cache=True, nogil=True)
def pre_major(pre, n_pre):
    """As :func:`annlab.sim.connectivity.pre_major`."""
    pre_ptr = np.zeros(n_pre + 1, np.int64)
    for k in range(pre.shape[0]):
        pre_ptr[pre[k] + 1] += 1
    for i in range(n_pre):
        pre_ptr[i + 1] += pre_ptr[i]
    position = pre_ptr[:-1].copy()
    order = np.empty(pre.shape[0], np.int32)
    for k in range(pre.shape[0]):
        i = pre[k]
        order[position[i]] = k
        position[i] += 1
    return order, pre_ptr


@njit(cache=True, nogil=True)
def runs(post, delay, pre_ptr, min_length):
    """As :func:`annlab.sim.connectivity.runs`."""
    n_pre = pre_ptr.shape[0] - 1
    uniform = 1 if delay.shape[0] != post.shape[0] or post.shape[0] <= 1 else 0
    run_ptr = np.zeros(n_pre + 1, np.int64)
    for i in range(n_pre):
        count = 0
        for k in range(pre_ptr[i], pre_ptr[i + 1]):
            if k == pre_ptr[i] or post[k] != post[k - 1] + 1 or (uniform == 0 and delay[k] != delay[k - 1]):
                count += 1
        run_ptr[i + 1] = run_ptr[i] + count
    total = run_ptr[n_pre]
    if total == 0 or pre_ptr[n_pre] < min_length * total:
        return np.zeros((1, 3), np.int64), np.zeros(n_pre + 1, np.int64)
    result = np.zeros((total, 3), np.int64)
    r = 0
    for i in range(n_pre):
        first, last = pre_ptr[i], pre_ptr[i + 1]
        start = first
        for k in range(first + 1, last + 1):
            if k == last or post[k] != post[k - 1] + 1 or (uniform == 0 and delay[k] != delay[k - 1]):
                result[r, 0] = start
                result[r, 1] = k
                result[r, 2] = post[start]
                r += 1
                start = k
    return result, run_ptr


@njit(cache=True, nogil=True)
def gather(values, order, out):
    """As :func:`annlab.sim.connectivity.gather`."""
    for k in range(order.shape[0]):
        out[k] = values[order[k]]


@njit(cache=True, nogil=True)
def scatter(values, order, out):
    """As :func:`annlab.sim.connectivity.scatter`."""
    for k in range(order.shape[0]):
        out[order[k]] = values[k]


@njit(cache=True, nogil=True)
def inverse(order, out):
    """As :func:`annlab.sim.connectivity.inverse`."""
    for k in range(order.shape[0]):
        out[order[k]] = k
