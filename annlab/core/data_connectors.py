"""Connectors whose synapses come from data (ANNarchy 4.8 semantics).

A matrix (``connect_from_matrix``), a scipy.sparse matrix
(``connect_from_sparse``), a function returning either
(``connect_with_func``), a file written by :func:`save_connectivity`
(``connect_from_file``), or the synapses an earlier draw made (the
:class:`Drawn` connector of a compiled network's copies). The connection
patterns drawn at random or by rule are in :mod:`annlab.core.connectors`.

Examples
--------
>>> import numpy as np
>>> from annlab.core.connectors import EndPoint
>>> conn = FromMatrix([[1.0, None], [None, 2.0]]).draw(EndPoint(2, (2,), "A"), EndPoint(2, (2,), "B"), None)
>>> conn.post_ranks.tolist(), conn.pre_ranks.tolist(), conn.weights.tolist()
([0, 1], [0, 1], [1.0, 2.0])
"""
import os
import sys

import numpy as np

from ..errors import ArgumentTypeError, ConnectivityError, ValidationError
from .connectors import Connectivity, Connector, _check_value


def _dense_to_synapses(owner, matrix):
    """(rows, cols) matrix -> (rows, cols, weights); None and NaN entries are not synapses."""
    if isinstance(matrix, np.ndarray) and matrix.dtype.kind in "fiub":
        values = matrix.astype(np.float64)
    else:
        arr = np.array(matrix, dtype=object)
        if arr.ndim != 2:
            raise ConnectivityError(f"{owner}: expected a 2D matrix with rows of equal length "
                                    f"(got {arr.ndim} dimension(s))")
        try:
            values = np.where(np.equal(arr, None), np.nan, arr).astype(np.float64)
        except (TypeError, ValueError):
            raise ConnectivityError(f"{owner}: matrix entries must be numbers or None") from None
    if values.ndim != 2:
        raise ConnectivityError(f"{owner}: expected a 2D matrix (got {values.ndim} dimension(s))")
    rows, cols = np.nonzero(~np.isnan(values))
    return rows, cols, values[rows, cols]


def _is_sparse(value):
    """True for a scipy.sparse matrix or array (without importing scipy when the caller did not)."""
    module = sys.modules.get("scipy.sparse")
    return module is not None and module.issparse(value)


def _sparse_to_synapses(matrix):
    """(rows, cols) sparse matrix -> (rows, cols, weights); every stored entry is a synapse."""
    from scipy import sparse  # only here: importing scipy.sparse is a tenth of annlab's import time
    csr = sparse.csr_matrix(matrix, dtype=np.float64, copy=True)
    csr.sum_duplicates()
    csr.sort_indices()
    rows = np.repeat(np.arange(csr.shape[0], dtype=np.int64), np.diff(csr.indptr))
    return rows, csr.indices.astype(np.int64), csr.data


class FromMatrix(Connector):
    """Synapses given by a dense (post, pre) matrix (``connect_from_matrix``).

    None (or NaN) entries create no synapse; every other entry, 0.0 included,
    is a synapse with that weight (as in ANNarchy). With ``pre_post=True`` the
    matrix is (pre, post). ``delays``: a number, a distribution or a matrix
    shaped like ``weights``.

    Examples
    --------
    >>> FromMatrix([[None, 1.0], [0.5, None]])
    FromMatrix(shape=(2, 2))
    """

    name = "from_matrix"

    def __init__(self, weights, delays=0.0, pre_post=False):
        self.pre_post = bool(pre_post)
        rows, cols, w = _dense_to_synapses(self.method_name, weights)
        self.weights, self._shape = weights, tuple(np.shape(weights))
        post, pre = (cols, rows) if self.pre_post else (rows, cols)
        order = np.lexsort((pre, post))
        self._synapses = (post[order], pre[order], w[order])
        if isinstance(delays, (list, tuple, np.ndarray)):
            d = np.asarray(delays, dtype=np.float64)
            if d.shape != self._shape:
                raise ConnectivityError(f"{self.method_name}: the delay matrix has shape {d.shape}, expected "
                                        f"the shape of the weights {self._shape}")
            d = (d.T if self.pre_post else d)[self._synapses[0], self._synapses[1]]
            if np.isnan(d).any() or (d < 0).any():
                raise ValidationError(self.method_name, "delays", "Delays of synapses must be >= 0 (got NaN or < 0)")
            self.delays = d
        else:
            self.delays = _check_value(self.method_name, "delays", delays, allow_negative=False)

    def validate(self, pre, post):
        expected = (pre.size, post.size) if self.pre_post else (post.size, pre.size)
        if self._shape != expected:
            order = "(pre, post)" if self.pre_post else "(post, pre)"
            raise ConnectivityError(f"{self.method_name}: the matrix does not have the correct {order} shape: "
                                    f"expected {expected}, got {self._shape}")

    def _structure(self, pre, post, rng):
        return tuple(a.copy() for a in self._synapses)  # the engine may change weights in place

    def __repr__(self):
        return f"FromMatrix(shape={self._shape}{', pre_post=True' if self.pre_post else ''})"


class FromLIL(Connector):
    """Synapses listed in a :class:`~annlab.core.lil_connectivity.LILConnectivity` (``connect_from_sparse``).

    Examples
    --------
    >>> from annlab.core.lil_connectivity import LILConnectivity
    >>> synapses = LILConnectivity(); synapses.add(1, [0, 2], [0.5, 0.25], [0.0, 0.0])
    >>> FromLIL(synapses).draw(None, None, None).pre_ranks.tolist()
    [0, 2]
    """

    name = "from_sparse"

    def __init__(self, synapses):
        self.connectivity = synapses.connectivity()

    def validate(self, pre, post):
        conn = self.connectivity
        if conn.size and (conn.post_ranks.max() >= post.size or conn.pre_ranks.max() >= pre.size):
            raise ConnectivityError(f"{self.method_name}: the LILConnectivity has ranks outside the populations "
                                    f"(pre size {pre.size}, post size {post.size})")

    def draw(self, pre, post, rng):
        c = self.connectivity
        return Connectivity(c.post_ranks.copy(), c.pre_ranks.copy(), c.weights.copy(),
                            c.delays.copy() if np.ndim(c.delays) else c.delays)

    def __repr__(self):
        return f"FromLIL({self.connectivity.size} synapses)"


class FromSparse(Connector):
    """Synapses given by a scipy sparse matrix (``connect_from_sparse``).

    As in ANNarchy, the matrix is (pre, post): pre-synaptic ranks are the first
    dimension. Every stored entry, even an explicit 0.0, is a synapse.

    Examples
    --------
    >>> import scipy.sparse as sp
    >>> FromSparse(sp.eye(3, format="csr"))
    FromSparse(shape=(3, 3), synapses=3)
    """

    name = "from_sparse"

    def __init__(self, weights, delays=0.0):
        from scipy import sparse
        if not _is_sparse(weights):
            raise ConnectivityError(f"{self.method_name}: weights must be a scipy.sparse matrix of shape "
                                    f"(pre, post) (got {type(weights).__name__})")
        self.weights = sparse.csr_matrix(weights, dtype=np.float64, copy=True)
        self.delay_matrix = None
        if _is_sparse(delays):  # one delay per synapse, at the same (pre, post) places as the weights
            self.delay_matrix = sparse.csr_matrix(delays, dtype=np.float64, copy=True)
            if self.delay_matrix.shape != self.weights.shape:
                raise ConnectivityError(f"{self.method_name}: the delay matrix must have the shape of the weights "
                                        f"{self.weights.shape} (got {self.delay_matrix.shape})")
            delays = 0.0
        self.delays = _check_value(self.method_name, "delays", delays, allow_negative=False)

    def validate(self, pre, post):
        if self.weights.shape != (pre.size, post.size):
            raise ConnectivityError(f"{self.method_name}: the sparse matrix does not have the correct (pre, post) "
                                    f"shape: expected {(pre.size, post.size)}, got {self.weights.shape}")

    def draw(self, pre, post, rng):
        conn = super().draw(pre, post, rng)
        if self.delay_matrix is not None:
            delays = np.asarray(self.delay_matrix[conn.pre_ranks, conn.post_ranks]).ravel()
            conn = Connectivity(conn.post_ranks, conn.pre_ranks, conn.weights,
                                float(delays[0]) if delays.size and np.all(delays == delays[0]) else delays)
        return conn

    def _structure(self, pre, post, rng):
        return _sparse_to_synapses(self.weights.T)

    def __repr__(self):
        return f"FromSparse(shape={self.weights.shape}, synapses={self.weights.nnz})"


class WithFunc(Connector):
    """Synapses built by a user function (``connect_with_func``).

    ``method(pre, post, **args)`` is called at draw time with the two
    :class:`EndPoint` (``size``, ``geometry``) and returns either a scipy sparse
    (post, pre) matrix (stored entries are synapses), a dense (post, pre) array
    (None/NaN entries are not synapses) or a :class:`Connectivity` (sorted
    here). For a reproducible random pattern, draw with a generator given in
    ``args``, not with numpy's global state.

    Examples
    --------
    >>> from annlab.core.connectors import EndPoint
    >>> def diagonal(pre, post, weight):
    ...     return np.diag(np.full(post.size, weight))
    >>> end = EndPoint(2, (2,), "p")
    >>> WithFunc(diagonal, weight=0.5).draw(end, end, np.random.default_rng(0)).weights.tolist()
    [0.5, 0.0, 0.0, 0.5]
    """

    name = "with_func"

    def __init__(self, method, **args):
        if not callable(method):
            raise ArgumentTypeError(f"{self.method_name}: method must be callable (got {type(method).__name__})")
        self.method = method
        self.args = dict(args)

    def draw(self, pre, post, rng):
        from .lil_connectivity import LILConnectivity

        result = self.method(pre, post, **self.args)
        owner = f"{self.method_name}({getattr(self.method, '__name__', 'method')})"
        if isinstance(result, LILConnectivity):
            conn = result.connectivity()
        elif isinstance(result, Connectivity):
            conn = result.sorted()
        else:
            post_r, pre_r, w = (_sparse_to_synapses(result) if _is_sparse(result)
                                else _dense_to_synapses(owner, result))
            shape = tuple(result.shape if hasattr(result, "shape") else np.shape(result))
            if shape != (post.size, pre.size):
                raise ConnectivityError(f"{owner}: the returned matrix must have the (post, pre) shape "
                                        f"{(post.size, pre.size)}, got {shape}")
            conn = Connectivity(post_r, pre_r, w, 0.0)
        if conn.size and (min(conn.post_ranks.min(), conn.pre_ranks.min()) < 0
                          or conn.post_ranks.max() >= post.size or conn.pre_ranks.max() >= pre.size):
            raise ConnectivityError(f"{owner}: ranks out of range for {pre.size} pre and {post.size} post neurons")
        return conn

    def __repr__(self):
        args = "".join(f", {k}={v!r}" for k, v in self.args.items())
        return f"WithFunc({getattr(self.method, '__name__', repr(self.method))}{args})"


_FILE_KEYS = ("post_ranks", "pre_ranks", "weights", "delays", "pre_size", "post_size")


def save_connectivity(filename, connectivity, pre_size, post_size):
    """Write ``connectivity`` to ``filename`` (numpy ``.npz`` content; the name is kept as given).

    :class:`FromFile` reads it back.

    Examples
    --------
    >>> import os, tempfile
    >>> from annlab.core.connectors import EndPoint
    >>> path = os.path.join(tempfile.mkdtemp(), "w.npz")
    >>> save_connectivity(path, Connectivity([0], [1], [0.5]), pre_size=2, post_size=1)
    >>> FromFile(path).draw(EndPoint(2, (2,), 1), EndPoint(1, (1,), 2), None).weights
    array([0.5])
    """
    with open(os.fspath(filename), "wb") as f:
        np.savez_compressed(f, post_ranks=connectivity.post_ranks, pre_ranks=connectivity.pre_ranks,
                            weights=connectivity.weights, delays=np.asarray(connectivity.delays, dtype=np.float64),
                            pre_size=np.int64(pre_size), post_size=np.int64(post_size))


class FromFile(Connector):
    """Synapses read from a file written by :func:`save_connectivity` (``connect_from_file``).

    The file is read when the connector is created.

    Examples
    --------
    >>> FromFile("no/such/file.npz")
    Traceback (most recent call last):
    ...
    annlab.errors.ConnectivityError: connect_from_file: file not found: 'no/such/file.npz'
    """

    name = "from_file"

    def __init__(self, filename):
        self.filename = os.fspath(filename)
        if not os.path.isfile(self.filename):
            raise ConnectivityError(f"{self.method_name}: file not found: {self.filename!r}")
        try:
            with np.load(self.filename, allow_pickle=False) as data:
                d = {k: np.array(data[k]) for k in _FILE_KEYS}
            conn = Connectivity(d["post_ranks"], d["pre_ranks"], d["weights"], d["delays"]).sorted()
        except (OSError, ValueError, KeyError) as err:
            raise ConnectivityError(f"{self.method_name}: {self.filename!r} is not a connectivity file written "
                                    f"by save_connectivity() ({err})") from None
        self._sizes = (int(d["pre_size"]), int(d["post_size"]))
        self._synapses, self.delays = (conn.post_ranks, conn.pre_ranks, conn.weights), conn.delays

    def validate(self, pre, post):
        if (pre.size, post.size) != self._sizes:
            raise ConnectivityError(f"{self.method_name}: {self.filename!r} connects {self._sizes[0]} pre to "
                                    f"{self._sizes[1]} post neurons, got {pre.size} pre and {post.size} post neurons")

    def _structure(self, pre, post, rng):
        return tuple(a.copy() for a in self._synapses)

    def __repr__(self):
        return f"FromFile({self.filename!r})"


class Drawn(Connector):
    """Synapses already drawn (by a compiled network), replayed as they are.

    Used to send a compiled network to another process: the copy gets exactly
    the same synapses instead of a new draw.
    """

    name = "drawn"

    def __init__(self, connectivity):
        self.connectivity = connectivity

    def expected_synapses(self, pre_size, post_size):
        return float(self.connectivity.size)

    def draw(self, pre, post, rng):
        c = self.connectivity
        delays = c.delays.copy() if np.ndim(c.delays) else c.delays
        return Connectivity(c.post_ranks.copy(), c.pre_ranks.copy(), c.weights.copy(), delays)

    def __repr__(self):
        return f"Drawn({self.connectivity.size} synapses)"
