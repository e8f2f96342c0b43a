"""Connectors of the shared-weight projections: the explicit synapses of filter and pooling windows.

ANNarchy 4.8 computes convolutions and poolings with dedicated C++ loops over a
window of the pre-synaptic population around (or from) one pre-synaptic
neuron per post neuron. annlab draws the same windows as ordinary synapses, so
the rate-coded propagation of the engine computes them: each synapse joins a
post neuron to one pre neuron of its window and records which element of the
filter it carries (:meth:`Windows.synapses`).

Conventions (those of ANNarchy 4.8):

- The *centre* of a filter axis of length ``n`` is ``n // 2`` when ``n`` is
  odd, ``n // 2 - 1`` when it is even; filter element ``m`` (per axis) reads
  the pre neuron at ``centre_coordinate + m - centre`` (a cross-correlation: the
  filter is not flipped).
- Without a ``subsampling`` list, post neuron ``i`` of an axis where the pre
  axis is ``s`` times longer is centred on pre coordinate ``(s - 1) // 2 + s*i``.
- Pooling windows start at ``i * extent`` (their top-left corner).

Examples
--------
>>> import numpy as np
>>> from annlab.core.connectors import EndPoint
>>> pre, post = EndPoint(3, (3,), "in"), EndPoint(3, (3,), "out")
>>> windows = FilterWindows(np.array([1.0, 2.0, 3.0]))
>>> post_ranks, pre_ranks, elements = windows.synapses(pre, post)
>>> post_ranks.tolist(), pre_ranks.tolist(), elements.tolist()
([0, 0, 1, 1, 1, 2, 2], [0, 1, 0, 1, 2, 1, 2], [1, 2, 0, 1, 2, 0, 1])
"""
import numbers

import numpy as np

from ...core.connectors import Connectivity, Connector
from ...core.distributions import Distribution
from ...errors import ConnectivityError, ValidationError

#: ANNarchy 4.8 limits populations (and single filters) to four dimensions.
MAX_DIMENSIONS = 4


def centre(n):
    """Index of the centre of a filter axis of length ``n`` (ANNarchy's convention).

    Examples
    --------
    >>> centre(3), centre(4), centre(1)
    (1, 1, 0)
    """
    return n // 2 if n % 2 else n // 2 - 1


def _grid(axes):
    """All combinations of the given 1D integer axes in C order: array (n, len(axes))."""
    if not axes:
        return np.zeros((1, 0), np.int64)
    mesh = np.meshgrid(*[np.asarray(a, np.int64) for a in axes], indexing="ij")
    return np.stack([m.reshape(-1) for m in mesh], axis=1)


def _ranks(coordinates, geometry):
    """C-order ranks of integer coordinates (..., dim) in ``geometry``."""
    strides = np.cumprod((tuple(geometry[1:]) + (1,))[::-1])[::-1]
    return coordinates @ np.asarray(strides, np.int64)


def check_delays(owner, delays):
    """Shared projections have one constant delay (a number, in ms)."""
    if isinstance(delays, Distribution) or not isinstance(delays, numbers.Real) or isinstance(delays, bool):
        raise ConnectivityError(f"{owner}: delays must be one number (shared projections have a constant delay; "
                                f"got {delays!r})")
    if not np.isfinite(delays) or delays < 0:
        raise ValidationError(owner, "delays", f"Value must be a finite number >= 0 (got {delays})")
    return float(delays)


class Windows(Connector):
    """Base class: synapses of one window of pre neurons per post neuron.

    Subclasses compute ``synapses(pre, post) -> (post_ranks, pre_ranks,
    elements)`` sorted by post rank, then pre rank (the order in which the
    engine stores them); ``elements`` indexes the flattened filter (None for
    pooling, whose synapses carry weight 1).
    """

    def __init__(self, delays=0.0):
        self.delays = check_delays(self.method_name, delays)

    def _structure(self, pre, post, rng):
        post_ranks, pre_ranks, elements = self.synapses(pre, post)
        weights = np.ones(post_ranks.size) if elements is None else self.weights.reshape(-1)[elements]
        return post_ranks, pre_ranks, weights

    def draw(self, pre, post, rng):
        self.validate(pre, post)
        post_ranks, pre_ranks, weights = self._structure(pre, post, rng)
        return Connectivity(post_ranks, pre_ranks, weights, self.delays)

    def validate(self, pre, post):
        for role, end in (("pre", pre), ("post", post)):
            if len(end.geometry) > MAX_DIMENSIONS:
                raise ConnectivityError(f"{self.method_name}: the {role}-synaptic population has "
                                        f"{len(end.geometry)} dimensions (at most {MAX_DIMENSIONS})")
        self._check(pre, post)

    def _check(self, pre, post):
        """Raise ConnectivityError when the windows cannot join ``pre`` and ``post`` (cheap checks)."""
        raise NotImplementedError

    @staticmethod
    def _sorted(post_ranks, pre_ranks, elements):
        order = np.lexsort((pre_ranks, post_ranks))  # stable: equal pairs ('border') keep the filter order
        return post_ranks[order], pre_ranks[order], (None if elements is None else elements[order])

    def _subsampled_axis(self, pre, post, axis):
        """Centre coordinates along one axis shared by pre and post (automatic sub-sampling)."""
        n_pre, n_post = pre.geometry[axis], post.geometry[axis]
        sample = n_pre // n_post
        if sample * n_post != n_pre:
            raise ConnectivityError(f"{self.method_name}: the pre-synaptic geometry {tuple(pre.geometry)} must be a "
                                    f"multiple of the post-synaptic one {tuple(post.geometry)} along axis {axis} "
                                    f"for the sub-sampling (or give a subsampling list)")
        return (sample - 1) // 2 + sample * np.arange(n_post)

    def _given_centres(self, subsampling, count, dim_pre):
        try:
            centres = np.asarray(subsampling, dtype=np.int64)
        except (TypeError, ValueError) as err:
            raise ConnectivityError(f"{self.method_name}: the subsampling list must hold {count} coordinates of "
                                    f"{dim_pre} integers ({err})") from err
        if centres.shape != (count, dim_pre):
            raise ConnectivityError(f"{self.method_name}: the subsampling list must have {count} elements of size "
                                    f"{dim_pre} (got shape {centres.shape})")
        return centres


class _Filter(Windows):
    """Shared logic of single filters and banks: padding and the window of one filter around centres."""

    def __init__(self, weights, delays, keep_last_dimension, padding, subsampling, operation):
        super().__init__(delays)
        try:
            self.weights = np.array(weights, dtype=np.float64)
        except (TypeError, ValueError) as err:
            raise ConnectivityError(f"{self.method_name}: weights must be an array of numbers ({err})") from err
        if self.weights.ndim == 0 or self.weights.size == 0 or not np.all(np.isfinite(self.weights)):
            raise ConnectivityError(f"{self.method_name}: weights must be a non-empty array of finite numbers "
                                    f"(got {weights!r})")
        self.keep_last_dimension = bool(keep_last_dimension)
        self.padding = self._check_padding(padding, operation)
        self.subsampling = subsampling
        self.operation = operation

    def _check(self, pre, post):
        self._centres(pre, post)

    def _check_padding(self, padding, operation):
        if isinstance(padding, str):
            if padding != "border":
                raise ValidationError(self.method_name, "padding", f"Value must be a number or 'border' "
                                      f"(got {padding!r})")
            return padding
        if not isinstance(padding, numbers.Real) or isinstance(padding, bool) or not np.isfinite(padding):
            raise ValidationError(self.method_name, "padding", f"Value must be a number or 'border' (got {padding!r})")
        if padding != 0.0 and operation in ("sum", "mean"):
            raise ValidationError(self.method_name, "padding",
                                  f"padding={padding!r} is not supported by annlab (only 0.0 and 'border'): "
                                  f"ANNarchy 4.8 adds the padding value once per filter row outside the "
                                  f"population, unweighted, which is not the documented virtual rate; pad the "
                                  f"pre-synaptic population with neurons of that rate instead")
        return float(padding)

    def _window(self, centres, kernel_shape, pre_geometry, extra_axis=False):
        """(centre index, pre rank, element) of the window of one filter around each centre.

        ``extra_axis``: the last pre axis is not filtered (keep_last_dimension):
        the pre coordinate there is the centre's.
        """
        offsets = _grid([range(n) for n in kernel_shape]) - np.array([centre(n) for n in kernel_shape], np.int64)
        n_dim = len(kernel_shape)
        coordinates = centres[:, None, :n_dim] + offsets[None, :, :]
        if extra_axis:
            last = np.broadcast_to(centres[:, None, n_dim:n_dim + 1], coordinates.shape[:2] + (1,))
            coordinates = np.concatenate([coordinates, last], axis=2)
        upper = np.asarray(pre_geometry, np.int64) - 1
        clamp = self.padding == "border" and self.operation in ("sum", "mean")
        if clamp:
            coordinates = np.clip(coordinates, 0, upper)
            inside = np.ones(coordinates.shape[:2], bool)
        else:  # zero padding, and max / min (which skip what is outside)
            inside = np.all((coordinates >= 0) & (coordinates <= upper), axis=2)
        which, element = np.nonzero(inside)
        return which, _ranks(coordinates[which, element], pre_geometry), element


class FilterWindows(_Filter):
    """One filter over the pre-synaptic population (``connect_filter``).

    Parameters
    ----------
    weights : array_like
        The filter, with as many dimensions as the pre-synaptic population (one
        fewer with ``keep_last_dimension``).
    delays : float
    keep_last_dimension : bool
        Filter each slice of the last axis of the pre-synaptic population
        separately (that axis has the same length in pre and post).
    padding : 0.0 or 'border'
        Rates outside the population: 0, or those of the nearest border neuron.
    subsampling : list, optional
        For each post neuron, the pre coordinates of the filter's centre.
    operation : {'sum', 'max', 'min', 'mean'}
    """

    name = "filter"

    def __init__(self, weights, delays=0.0, keep_last_dimension=False, padding=0.0, subsampling=None,
                 operation="sum"):
        super().__init__(weights, delays, keep_last_dimension, padding, subsampling, operation)
        if self.weights.ndim > MAX_DIMENSIONS:
            raise ConnectivityError(f"{self.method_name}: the filter has {self.weights.ndim} dimensions "
                                    f"(at most {MAX_DIMENSIONS})")

    def _centres(self, pre, post):
        dim_pre, dim_post, dim_kernel = len(pre.geometry), len(post.geometry), self.weights.ndim
        shapes = f"{tuple(pre.geometry)} * {self.weights.shape} -> {tuple(post.geometry)}"
        if dim_kernel > dim_pre:
            raise ConnectivityError(f"{self.method_name}: the filter has more dimensions than the pre-synaptic "
                                    f"population ({shapes}); for a bank of filters use connect_filters()")
        extra = dim_kernel < dim_pre
        if extra:
            if not self.keep_last_dimension:
                raise ConnectivityError(f"{self.method_name}: the filter has fewer dimensions than the "
                                        f"pre-synaptic population ({shapes}): set keep_last_dimension=True")
            if dim_kernel != dim_pre - 1 or dim_post != dim_pre or pre.geometry[-1] != post.geometry[-1]:
                raise ConnectivityError(f"{self.method_name}: with keep_last_dimension=True the filter has one "
                                        f"dimension fewer than both populations, whose last axes have the same "
                                        f"length ({shapes})")
        if dim_post > dim_pre:
            raise ConnectivityError(f"{self.method_name}: the post-synaptic population has more dimensions than "
                                    f"the pre-synaptic one ({shapes}); for a bank of filters use connect_filters()")
        if dim_post < dim_pre and self.weights.shape[-1] != pre.geometry[-1]:
            raise ConnectivityError(f"{self.method_name}: when the post-synaptic population has fewer dimensions, "
                                    f"the filter's last axis must be as long as the pre-synaptic one ({shapes})")
        if self.subsampling is not None and len(self.subsampling):
            return self._given_centres(self.subsampling, post.size, dim_pre), extra
        axes = [self._subsampled_axis(pre, post, d) if d < dim_post else [centre(self.weights.shape[d])]
                for d in range(dim_pre)]
        return _grid(axes), extra

    def synapses(self, pre, post):
        centres, extra = self._centres(pre, post)
        which, pre_ranks, elements = self._window(centres, self.weights.shape, pre.geometry, extra_axis=extra)
        return self._sorted(which, pre_ranks, elements)

    def __repr__(self):
        return f"FilterWindows(shape={self.weights.shape}, padding={self.padding!r})"


class BankWindows(_Filter):
    """A bank of filters (``connect_filters``): filter ``f`` feeds the post neurons of index ``f`` on the last axis.

    ``weights`` has one dimension more than the pre-synaptic population (the
    first axis lists the filters); the post-synaptic population's last axis has
    one neuron per filter. Other parameters as :class:`FilterWindows`
    (``subsampling`` gives one centre per position of the post population
    without its last axis).
    """

    name = "filters"

    def _centres(self, pre, post):
        dim_pre, dim_post, dim_kernel = len(pre.geometry), len(post.geometry), self.weights.ndim
        shapes = f"{tuple(pre.geometry)} * {self.weights.shape} -> {tuple(post.geometry)}"
        if dim_kernel != dim_pre + 1:
            raise ConnectivityError(f"{self.method_name}: a bank of filters has one dimension more than the "
                                    f"pre-synaptic population (the first axis lists the filters; got {shapes})")
        if post.geometry[-1] != self.weights.shape[0]:
            raise ConnectivityError(f"{self.method_name}: the last axis of the post-synaptic population must have "
                                    f"one neuron per filter ({self.weights.shape[0]}; got {shapes})")
        if dim_post - 1 > dim_pre:
            raise ConnectivityError(f"{self.method_name}: the post-synaptic population has too many dimensions "
                                    f"({shapes})")
        if self.keep_last_dimension and dim_post - 1 < dim_pre:
            raise ConnectivityError(f"{self.method_name}: keep_last_dimension is not supported with a bank of "
                                    f"filters on the extra pre-synaptic axes ({shapes})")
        count = post.size // post.geometry[-1]
        if self.subsampling is not None and len(self.subsampling):
            return self._given_centres(self.subsampling, count, dim_pre)
        axes = [self._subsampled_axis(pre, post, d) if d < dim_post - 1 else [centre(self.weights.shape[d + 1])]
                for d in range(dim_pre)]
        return _grid(axes)

    def synapses(self, pre, post):
        centres = self._centres(pre, post)
        n_filters, shape = self.weights.shape[0], self.weights.shape[1:]
        which, pre_ranks, elements = self._window(centres, shape, pre.geometry)
        per_filter = int(np.prod(shape))
        filters = np.arange(n_filters, dtype=np.int64)[:, None]
        post_ranks = (which[None, :] * n_filters + filters).reshape(-1)
        elements = (filters * per_filter + elements[None, :]).reshape(-1)
        pre_ranks = np.broadcast_to(pre_ranks[None, :], (n_filters, pre_ranks.size)).reshape(-1)
        return self._sorted(post_ranks, pre_ranks, elements)

    def __repr__(self):
        return f"BankWindows(filters={self.weights.shape[0]}, shape={self.weights.shape[1:]}, padding={self.padding!r})"


class PoolingWindows(Windows):
    """Pooling windows (``connect_pooling``): post neuron ``i`` pools the pre neurons ``i*extent ... + extent``.

    Parameters
    ----------
    extent : tuple of int, optional
        Size of the window along each pre-synaptic axis; by default the ratio
        of the pre- and post-synaptic geometries (same number of dimensions).
        Along pre axes the post population does not have, windows start at 0.
    delays : float
    """

    name = "pooling"

    def __init__(self, extent=None, delays=0.0):
        super().__init__(delays)
        if extent is not None:
            if isinstance(extent, (str, bytes)) or not hasattr(extent, "__len__") or not all(
                    isinstance(e, numbers.Integral) and not isinstance(e, bool) and e >= 1 for e in extent):
                raise ValidationError(self.method_name, "extent", f"Value must be a tuple of integers >= 1, one per "
                                      f"pre-synaptic axis (got {extent!r})")
            extent = tuple(int(e) for e in extent)
        self.extent = extent

    def _extent(self, pre, post):
        if self.extent is None:
            if len(pre.geometry) != len(post.geometry):
                raise ConnectivityError(f"{self.method_name}: without an extent the two populations must have the "
                                        f"same number of dimensions (got {tuple(pre.geometry)} and "
                                        f"{tuple(post.geometry)})")
            extent = tuple(p // q for p, q in zip(pre.geometry, post.geometry))
            if any(e * q != p for e, p, q in zip(extent, pre.geometry, post.geometry)):
                raise ConnectivityError(f"{self.method_name}: unable to compute the extent of the pooling area: "
                                        f"{tuple(pre.geometry)} is not a multiple of {tuple(post.geometry)}")
            return extent
        if len(self.extent) < len(pre.geometry):
            raise ConnectivityError(f"{self.method_name}: the extent {self.extent} needs one value per pre-synaptic "
                                    f"axis {tuple(pre.geometry)}")
        return self.extent[:len(pre.geometry)]

    def _check(self, pre, post):
        self._extent(pre, post)
        if len(post.geometry) > len(pre.geometry):
            raise ConnectivityError(f"{self.method_name}: the post-synaptic population {tuple(post.geometry)} has "
                                    f"more dimensions than the pre-synaptic one {tuple(pre.geometry)}")

    def window_size(self, pre, post):
        """Number of pre neurons of a full window (the divisor of the 'mean' operation)."""
        return int(np.prod(self._extent(pre, post)))

    def synapses(self, pre, post):
        self._check(pre, post)
        extent = self._extent(pre, post)
        dim_pre, dim_post = len(pre.geometry), len(post.geometry)
        corners = _grid([extent[d] * np.arange(post.geometry[d]) if d < dim_post else [0] for d in range(dim_pre)])
        coordinates = corners[:, None, :] + _grid([range(e) for e in extent])[None, :, :]
        inside = np.all(coordinates < np.asarray(pre.geometry, np.int64), axis=2)
        which, element = np.nonzero(inside)
        return self._sorted(which, _ranks(coordinates[which, element], pre.geometry), None)

    def __repr__(self):
        return f"PoolingWindows(extent={self.extent})"
