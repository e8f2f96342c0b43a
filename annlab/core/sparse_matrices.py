"""Sparse (pre, post) matrices for ``connect_from_sparse``, as ANNarchy 4.8's ``sparse_random_matrix`` and
``sparse_delays_from_weights``.

Examples
--------
>>> import numpy as np
>>> w = sparse_random_matrix(50, 40, 0.1, 2.0, rng=np.random.default_rng(0))
>>> w.shape, set(w.tocsr().data.tolist())
((50, 40), {2.0})
>>> d = sparse_delays_from_weights(w, 3.0)
>>> bool((d.nonzero()[0] == w.nonzero()[0]).all()), set(d.tocsr().data.tolist())
(True, {3.0})
"""
import numpy as np

from . import config
from .distributions import Distribution
from ..errors import ArgumentTypeError


def _values(value, count, rng, what):
    if isinstance(value, Distribution):
        return np.asarray(value.get_values(count, rng), float)
    if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
        return np.full(count, float(value))
    raise ArgumentTypeError(f"{what}: expects a number or a random distribution (got {type(value).__name__})")


def sparse_random_matrix(pre, post, p, weight, rng=None):
    """A (pre, post) ``scipy.sparse.lil_matrix``: each pair connected with probability ``p``.

    Parameters
    ----------
    pre, post : int
        Sizes of the pre- and post-synaptic populations.
    p : float
        Connection probability.
    weight : float or Distribution
        Value of each entry.
    rng : numpy.random.Generator, optional
        Defaults to the generator seeded by ``setup(seed=...)``.
    """
    from scipy import sparse

    rng = rng if rng is not None else config.python_rng()
    mask = rng.random((int(pre), int(post))) < float(p)
    rows, cols = np.nonzero(mask)
    values = _values(weight, rows.size, rng, "sparse_random_matrix")
    return sparse.coo_matrix((values, (rows, cols)), shape=(int(pre), int(post))).tolil()


def sparse_delays_from_weights(weight_matrix, delay, rng=None):
    """A delay matrix with an entry (``delay``, a number or a distribution) wherever ``weight_matrix`` has one."""
    from scipy import sparse

    rng = rng if rng is not None else config.python_rng()
    coo = sparse.coo_matrix(weight_matrix)
    values = _values(delay, coo.nnz, rng, "sparse_delays_from_weights")
    return sparse.coo_matrix((values, (coo.row, coo.col)), shape=coo.shape).tolil()
