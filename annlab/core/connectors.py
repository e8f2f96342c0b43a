"""Connection patterns of projections (ANNarchy 4.8 semantics).

A connector is a *recipe*: the checked arguments of a ``connect_*()`` call.
:meth:`Connector.draw` builds the synapses at compile time with the network's
random generator (so copies of a network redraw) and returns a
:class:`Connectivity` sorted by post rank, then pre rank.

Examples
--------
>>> import numpy as np
>>> pop = EndPoint(size=3, geometry=(3,), population_id="pop")
>>> conn = AllToAll(weights=0.5).draw(pop, pop, np.random.default_rng(0))
>>> conn.post_ranks.tolist(), conn.pre_ranks.tolist()
([0, 0, 1, 1, 2, 2], [1, 2, 0, 2, 0, 1])
"""
import inspect
import math
from dataclasses import dataclass

import numpy as np

from ..errors import ConnectivityError, ValidationError
from .distributions import Distribution

_CHUNK = 1 << 21  # matrix entries handled at once by the vectorised connectors
_EMPTY = np.zeros(0, np.int64)
#: Gaps drawn at a time by the sparse FixedProbability (bounds its temporaries).
_GAP_BATCH = 1 << 20
#: dtype of the ranks of drawn synapses: half the memory of int64 while large projections are built.
RANK = np.int32


@dataclass(eq=False)
class EndPoint:
    """One side of a projection, as seen by a connector.

    Parameters
    ----------
    size : int
        Number of neurons; connector ranks are ``0..size-1``.
    geometry : tuple of int
        Geometry of the population (used by :class:`Gaussian` and :class:`DoG`).
    population_id : object
        Pre and post are the same population when their ids are equal (only
        then are self-connections excluded).
    ranks : numpy.ndarray, optional
        Population ranks of the neurons of a view (default ``0..size-1``): a
        self-connection joins a pre and a post neuron of equal population rank.

    Examples
    --------
    >>> EndPoint(6, (2, 3), "V1").size
    6
    """

    size: int
    geometry: tuple
    population_id: object
    ranks: np.ndarray = None

    def population_ranks(self):
        """Population rank of each neuron of the end point."""
        return np.arange(self.size) if self.ranks is None else np.asarray(self.ranks, dtype=np.int64)


@dataclass(eq=False)
class Connectivity:
    """Synapses of a projection, one entry per synapse.

    ``delays`` is an array (ms, one per synapse) when delays vary, else one
    float in ms (0.0 meaning that no delay was given). Ranks are ``int32``
    (:data:`RANK`).

    Examples
    --------
    >>> c = Connectivity([1, 0], [0, 1], [0.5, 0.25], 2.0).sorted()
    >>> c.size, c.post_ranks.tolist(), c.weights.tolist(), c.delays
    (2, [0, 1], [0.25, 0.5], 2.0)
    """

    post_ranks: np.ndarray
    pre_ranks: np.ndarray
    weights: np.ndarray
    delays: object = 0.0

    def __post_init__(self):
        self.post_ranks = np.asarray(self.post_ranks).astype(RANK, copy=False).ravel()
        self.pre_ranks = np.asarray(self.pre_ranks).astype(RANK, copy=False).ravel()
        self.weights = np.asarray(self.weights, dtype=np.float64).ravel()
        n = self.post_ranks.size
        if self.pre_ranks.size != n or self.weights.size != n:
            raise ConnectivityError(f"Connectivity: post_ranks, pre_ranks and weights must have the same "
                                    f"length (got {n}, {self.pre_ranks.size}, {self.weights.size})")
        if np.ndim(self.delays) == 0:
            self.delays = float(self.delays)
        else:
            self.delays = np.asarray(self.delays, dtype=np.float64).ravel()
            if self.delays.size != n:
                raise ConnectivityError(f"Connectivity: expected {n} delays, got {self.delays.size}")

    @property
    def size(self):
        """Number of synapses."""
        return int(self.post_ranks.size)

    def sorted(self):
        """A copy sorted by post rank, then pre rank."""
        order = np.lexsort((self.pre_ranks, self.post_ranks))
        d = self.delays if np.ndim(self.delays) == 0 else self.delays[order]
        return Connectivity(self.post_ranks[order], self.pre_ranks[order], self.weights[order], d)


# ------------------------------------------------------------------ helpers
def _is_number(value):
    return isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, (bool, np.bool_))


def _check_value(owner, attribute, value, allow_negative=True):
    """A finite number or a Distribution (weights, delays)."""
    if isinstance(value, Distribution):
        return value
    if not _is_number(value):
        raise ConnectivityError(f"{owner}: {attribute} must be a number or a random distribution "
                                f"(got {type(value).__name__}: {value!r})")
    if not math.isfinite(value):
        raise ValidationError(owner, attribute, f"Value must be finite (got {value})")
    if not allow_negative and value < 0:
        raise ValidationError(owner, attribute, f"Value must be greater than or equal to 0 (got {value})")
    return value


def _check_real(owner, attribute, value, low=None, high=None, strict=False):
    """A finite number, >= low (> low if strict) and <= high."""
    if not _is_number(value) or not math.isfinite(value):
        raise ValidationError(owner, attribute, f"Value must be a finite number (got {value!r})")
    if high is not None and not low <= value <= high:
        raise ValidationError(owner, attribute, f"Value must be between {low} and {high} (got {value})")
    if low is not None and (value <= low if strict else value < low):
        word = "greater than" if strict else "greater than or equal to"
        raise ValidationError(owner, attribute, f"Value must be {word} {low} (got {value})")
    return value


def _values(owner, value, n, rng, delays=False):
    """Per-synapse values of a number or Distribution; delays stay a float when uniform."""
    if isinstance(value, np.ndarray):
        return value.copy()
    if not isinstance(value, Distribution):
        return float(value) if delays else np.full(n, float(value))
    v = np.asarray(value.get_values(n, rng), dtype=np.float64).reshape(n)
    if delays and n and v.min() < 0:
        raise ConnectivityError(f"{owner}: the delay distribution {value!r} produced negative delays "
                                f"(min {v.min():g}); give it min=0.0")
    return v


def _self_columns(pre, post):
    """For each post neuron, the index in ``pre`` of the same neuron, else -1."""
    cols = np.full(post.size, -1, dtype=np.int64)
    if pre.population_id != post.population_id or pre.size == 0:
        return cols
    pre_r, post_r = pre.population_ranks(), post.population_ranks()
    order = np.argsort(pre_r, kind="stable")
    pos = np.minimum(np.searchsorted(pre_r[order], post_r), pre.size - 1)
    found = pre_r[order][pos] == post_r
    cols[found] = order[pos[found]]
    return cols


def _by_rows(n_rows, row_cost, excluded, block):
    """(rows, cols, weights or None) in row-major order, built by chunks of ``_CHUNK // row_cost`` rows.

    ``block(start, stop)`` returns the boolean mask of rows ``start:stop`` and
    their weights (or None); column ``excluded[row]`` (when >= 0) is removed.
    """
    rows, cols, ws = [_EMPTY], [_EMPTY], []
    chunk = max(1, _CHUNK // max(row_cost, 1))
    for start in range(0, n_rows, chunk):
        stop = min(n_rows, start + chunk)
        mask, w = block(start, stop)
        if excluded is not None:
            ex = excluded[start:stop]
            hit = np.nonzero(ex >= 0)[0]
            mask[hit, ex[hit]] = False
        r, c = np.nonzero(mask)
        rows.append(r + start)
        cols.append(c)
        if w is not None:
            ws.append(w[r, c])
    return np.concatenate(rows), np.concatenate(cols), (np.concatenate(ws) if ws else None)


# --------------------------------------------------------------- connectors
class Connector:
    """Base class of connection patterns.

    Subclasses keep their arguments as attributes (checked in ``__init__``),
    check the end points in :meth:`validate` and build the synapses in
    ``_structure(pre, post, rng) -> (post_ranks, pre_ranks, weights or None)``.
    """

    name = "connector"
    delays = 0.0

    @property
    def method_name(self):
        """The Projection method creating this connector, e.g. ``connect_all_to_all``."""
        return f"connect_{self.name}"

    @property
    def single_weight(self):
        """True when one shared weight can replace one weight per synapse."""
        return False

    def validate(self, pre, post):
        """Raise :class:`ConnectivityError` if the pattern cannot join ``pre`` and ``post``."""

    def expected_synapses(self, pre_size, post_size):
        """About how many synapses a draw between ``pre_size`` and ``post_size`` neurons makes (at most
        all pairs), for estimates of work (``parallel_run(mode='auto')``).

        Examples
        --------
        >>> FixedProbability(0.2, weights=5.0).expected_synapses(100, 100)
        2000.0
        """
        return float(pre_size * post_size)

    def draw(self, pre, post, rng):
        """Draw the synapses between two :class:`EndPoint` with the generator ``rng``.

        Weights are drawn (in synapse order) before delays.

        Returns
        -------
        Connectivity
        """
        self.validate(pre, post)
        post_r, pre_r, w = self._structure(pre, post, rng)
        if w is None:
            w = _values(self.method_name, self.weights, len(post_r), rng)
        return Connectivity(post_r, pre_r, w, _values(self.method_name, self.delays, len(post_r), rng, True))

    def _structure(self, pre, post, rng):
        raise NotImplementedError

    def __repr__(self):
        parts = []
        for name, p in inspect.signature(type(self).__init__).parameters.items():
            if name == "self" or p.kind == p.VAR_KEYWORD:
                continue
            value = getattr(self, name)
            if not (value is p.default or (type(value) is type(p.default) and isinstance(value, (int, float))
                                           and value == p.default)):
                parts.append(f"{name}={value!r}")
        return f"{type(self).__name__}({', '.join(parts)})"


class _Weighted(Connector):
    weights = 1.0

    def __init__(self, weights, delays, force_multiple_weights, allow_self_connections=False):
        self.weights = _check_value(self.method_name, "weights", weights)
        self.delays = _check_value(self.method_name, "delays", delays, allow_negative=False)
        self.force_multiple_weights = bool(force_multiple_weights)
        self.allow_self_connections = bool(allow_self_connections)

    @property
    def single_weight(self):
        return _is_number(self.weights) and not self.force_multiple_weights

    def _excluded(self, pre, post):
        return None if self.allow_self_connections else _self_columns(pre, post)


class AllToAll(_Weighted):
    """Every pre neuron connects to every post neuron (``connect_all_to_all``).

    Self-connections are excluded when pre and post are the same population,
    unless ``allow_self_connections`` is True.

    Examples
    --------
    >>> AllToAll(weights=1.0, allow_self_connections=True)
    AllToAll(weights=1.0, allow_self_connections=True)
    """

    name = "all_to_all"

    def __init__(self, weights, delays=0.0, allow_self_connections=False, force_multiple_weights=False):
        super().__init__(weights, delays, force_multiple_weights, allow_self_connections)

    def _structure(self, pre, post, rng):
        return _by_rows(post.size, pre.size, self._excluded(pre, post),
                        lambda a, b: (np.ones((b - a, pre.size), bool), None))


class OneToOne(_Weighted):
    """Pre neuron ``i`` connects to post neuron ``i`` (``connect_one_to_one``); sizes must match.

    Examples
    --------
    >>> OneToOne(weights=2.0)
    OneToOne(weights=2.0)
    """

    name = "one_to_one"

    def __init__(self, weights=1.0, delays=0.0, force_multiple_weights=False):
        super().__init__(weights, delays, force_multiple_weights)

    def expected_synapses(self, pre_size, post_size):
        return float(min(pre_size, post_size))

    def validate(self, pre, post):
        if pre.size != post.size:
            raise ConnectivityError(f"{self.method_name}: pre and post must have the same size "
                                    f"(got {pre.size} pre and {post.size} post neurons)")

    def _structure(self, pre, post, rng):
        return np.arange(post.size), np.arange(post.size), None


class FixedProbability(_Weighted):
    """Each (pre, post) pair is connected with ``probability`` (``connect_fixed_probability``).

    One independent Bernoulli draw per pair; self-connections are excluded in
    a population unless ``allow_self_connections`` is True.

    Examples
    --------
    >>> FixedProbability(0.2, weights=5.0)
    FixedProbability(probability=0.2, weights=5.0)
    """

    name = "fixed_probability"

    def __init__(self, probability, weights, delays=0.0, allow_self_connections=False,
                 force_multiple_weights=False):
        self.probability = _check_real(self.method_name, "probability", probability, 0, 1)
        super().__init__(weights, delays, force_multiple_weights, allow_self_connections)

    def expected_synapses(self, pre_size, post_size):
        return self.probability * pre_size * post_size

    def _structure(self, pre, post, rng):
        if 0.0 < self.probability < 0.25:
            return self._sparse_structure(pre, post, rng)
        return _by_rows(post.size, pre.size, self._excluded(pre, post),
                        lambda a, b: (rng.random((b - a, pre.size)) < self.probability, None))

    def _sparse_structure(self, pre, post, rng):
        """Bernoulli trials over all (post, pre) pairs, drawn as geometric gaps between successes.

        Statistically identical to one draw per pair, with work proportional to
        the number of synapses instead of the number of pairs.
        """
        total = post.size * pre.size
        expected = total * self.probability
        positions, last = [], -1
        while True:
            batch = int(expected - (last + 1) * self.probability + 5 * np.sqrt(expected) + 64)
            batch = min(max(batch, 64), _GAP_BATCH)
            found = last + np.cumsum(rng.geometric(self.probability, size=batch))
            positions.append(found[found < total])
            if found[-1] >= total:
                break
            last = int(found[-1])
        flat = np.concatenate(positions)
        del positions  # large projections: keep the temporaries few (peak memory of compile())
        excluded = self._excluded(pre, post)
        if excluded is not None:  # drop the drawn (j, j) pairs: flat is sorted
            post_ranks = np.nonzero(excluded >= 0)[0]
            diagonal = post_ranks * pre.size + excluded[post_ranks]
            found = np.minimum(np.searchsorted(flat, diagonal), max(flat.size - 1, 0))
            if flat.size:
                flat = np.delete(flat, found[flat[found] == diagonal])
        rows, cols = np.empty(flat.size, RANK), np.empty(flat.size, RANK)
        np.divmod(flat, pre.size, out=(rows, cols), casting="unsafe")  # ranks < 2**31: exact
        return rows, cols, None


class _FixedNumber(_Weighted):
    """``number`` distinct random partners on the other side for each neuron of one side."""

    def __init__(self, number, weights, delays, allow_self_connections, force_multiple_weights):
        if not isinstance(number, (int, np.integer)) or isinstance(number, (bool, np.bool_)):
            raise ValidationError(self.method_name, "number", f"Value must be an integer (got {number!r})")
        if number < 0:
            raise ValidationError(self.method_name, "number",
                                  f"Value must be greater than or equal to 0 (got {number})")
        self.number = int(number)
        super().__init__(weights, delays, force_multiple_weights, allow_self_connections)

    def validate(self, pre, post):
        one, other = (post, pre) if self.name == "fixed_number_pre" else (pre, post)
        ex = self._excluded(other, one)
        available = other.size - int(ex is not None and bool((ex >= 0).any()))
        if one.size and self.number > available:
            kinds = ("pre", "post") if self.name == "fixed_number_pre" else ("post", "pre")
            raise ConnectivityError(f"{self.method_name}: number={self.number} exceeds the {available} "
                                    f"{kinds[0]}-synaptic neurons available to each {kinds[1]}-synaptic neuron")

    def _pick(self, one, other, rng):
        """Row-major (one, other) pairs: in each row, the columns of the ``number`` smallest random keys."""
        if self.number == 0:
            return _EMPTY, _EMPTY, None
        ex = self._excluded(other, one)

        def block(a, b):
            keys = rng.random((b - a, other.size))
            if ex is not None:
                hit = np.nonzero(ex[a:b] >= 0)[0]
                keys[hit, ex[a:b][hit]] = 2.0  # larger than any random key: never picked
            mask = np.zeros(keys.shape, bool)
            np.put_along_axis(mask, np.argpartition(keys, self.number - 1, axis=1)[:, :self.number], True, axis=1)
            return mask, None
        return _by_rows(one.size, other.size, None, block)


class FixedNumberPre(_FixedNumber):
    """Each post neuron receives ``number`` distinct random pre neurons (``connect_fixed_number_pre``).

    Examples
    --------
    >>> FixedNumberPre(10, weights=1.0)
    FixedNumberPre(number=10, weights=1.0)
    """

    name = "fixed_number_pre"

    def __init__(self, number, weights, delays=0.0, allow_self_connections=False, force_multiple_weights=False):
        super().__init__(number, weights, delays, allow_self_connections, force_multiple_weights)

    def expected_synapses(self, pre_size, post_size):
        return float(min(self.number, pre_size) * post_size)

    def _structure(self, pre, post, rng):
        return self._pick(post, pre, rng)


class FixedNumberPost(_FixedNumber):
    """Each pre neuron projects to ``number`` distinct random post neurons (``connect_fixed_number_post``).

    Examples
    --------
    >>> FixedNumberPost(3, weights=0.5)
    FixedNumberPost(number=3, weights=0.5)
    """

    name = "fixed_number_post"

    def __init__(self, number, weights=1.0, delays=0.0, allow_self_connections=False, force_multiple_weights=False):
        super().__init__(number, weights, delays, allow_self_connections, force_multiple_weights)

    def expected_synapses(self, pre_size, post_size):
        return float(min(self.number, post_size) * pre_size)

    def _structure(self, pre, post, rng):
        pre_r, post_r, _ = self._pick(pre, post, rng)
        order = np.lexsort((pre_r, post_r))
        return post_r[order], pre_r[order], None


def normalized_coordinates(geometry):
    """Coordinates of every rank (C order), each divided by ``dim - 1`` as in ANNarchy (0 when dim is 1).

    Examples
    --------
    >>> normalized_coordinates((2, 3)).tolist()[:3]
    [[0.0, 0.0], [0.0, 0.5], [0.0, 1.0]]
    """
    geometry = tuple(int(g) for g in geometry)
    coords = np.stack(np.unravel_index(np.arange(int(np.prod(geometry))), geometry), axis=1)
    return coords / np.array([max(g - 1, 1) for g in geometry], dtype=np.float64)


class Gaussian(Connector):
    """Gaussian profile on normalised coordinates (``connect_gaussian``).

    ``w = amp * exp(-d**2 / (2 sigma**2))``, ``d`` being the distance between the
    normalised coordinates (see :func:`normalized_coordinates`) of pre and post,
    whose geometries must have the same number of dimensions. As in ANNarchy, a
    synapse is created only when ``|w| > limit * |amp|``.

    Examples
    --------
    >>> Gaussian(amp=1.0, sigma=0.2)
    Gaussian(amp=1.0, sigma=0.2)
    """

    name = "gaussian"

    def __init__(self, amp, sigma, delays=0.0, limit=0.01, allow_self_connections=False):
        self.amp = _check_real(self.method_name, "amp", amp)
        self.sigma = _check_real(self.method_name, "sigma", sigma, 0, strict=True)
        self._common(delays, limit, allow_self_connections)

    def _common(self, delays, limit, allow_self_connections):
        self.delays = _check_value(self.method_name, "delays", delays, allow_negative=False)
        self.limit = _check_real(self.method_name, "limit", limit, 0)
        self.allow_self_connections = bool(allow_self_connections)

    def validate(self, pre, post):
        for side, end in (("pre", pre), ("post", post)):
            if int(np.prod(end.geometry)) != end.size:
                raise ConnectivityError(f"{self.method_name}: the {side} geometry {tuple(end.geometry)} does not "
                                        f"match its size {end.size} (use whole populations)")
        if len(pre.geometry) != len(post.geometry):
            raise ConnectivityError(f"{self.method_name}: pre and post must have the same number of dimensions "
                                    f"(got pre geometry {tuple(pre.geometry)}, post geometry {tuple(post.geometry)})")

    def _profile(self, d2):
        return self.amp * np.exp(-d2 / (2.0 * self.sigma ** 2))

    def _threshold(self):
        return self.limit * abs(self.amp)

    def _structure(self, pre, post, rng):
        pc, qc = normalized_coordinates(pre.geometry), normalized_coordinates(post.geometry)

        def block(a, b):
            w = self._profile(((qc[a:b, None, :] - pc[None, :, :]) ** 2).sum(axis=2))
            return np.abs(w) > self._threshold(), w
        excluded = None if self.allow_self_connections else _self_columns(pre, post)
        post_r, pre_r, w = _by_rows(post.size, pre.size * len(pre.geometry), excluded, block)
        return post_r, pre_r, (np.zeros(0) if w is None else w)


class DoG(Gaussian):
    """Difference of Gaussians (``connect_dog``).

    ``w = amp_pos*exp(-d**2/(2 sigma_pos**2)) - amp_neg*exp(-d**2/(2 sigma_neg**2))``
    (see :class:`Gaussian`); as in ANNarchy, a synapse is created only when
    ``|w| > limit * |amp_pos - amp_neg|``.

    Examples
    --------
    >>> DoG(amp_pos=1.0, sigma_pos=0.2, amp_neg=0.3, sigma_neg=0.7)
    DoG(amp_pos=1.0, sigma_pos=0.2, amp_neg=0.3, sigma_neg=0.7)
    """

    name = "dog"

    def __init__(self, amp_pos, sigma_pos, amp_neg, sigma_neg, delays=0.0, limit=0.01,
                 allow_self_connections=False):
        self.amp_pos = _check_real(self.method_name, "amp_pos", amp_pos)
        self.sigma_pos = _check_real(self.method_name, "sigma_pos", sigma_pos, 0, strict=True)
        self.amp_neg = _check_real(self.method_name, "amp_neg", amp_neg)
        self.sigma_neg = _check_real(self.method_name, "sigma_neg", sigma_neg, 0, strict=True)
        self._common(delays, limit, allow_self_connections)

    def _profile(self, d2):
        return (self.amp_pos * np.exp(-d2 / (2.0 * self.sigma_pos ** 2))
                - self.amp_neg * np.exp(-d2 / (2.0 * self.sigma_neg ** 2)))

    def _threshold(self):
        return self.limit * abs(self.amp_pos - self.amp_neg)
