"""Base class of the shared-weight projections (:class:`Convolution`, :class:`Pooling`).

In ANNarchy 4.8 these projections hold one filter (or none, for pooling) and
compute each post neuron's window in a dedicated loop. Here they are ordinary
rate-coded projections whose synapses a :class:`~.windows.Windows` connector
draws, one per (post neuron, element of its window); the filter is kept on
the projection (:attr:`SharedProjection.weights`) and copied into the
synapses' ``w`` whenever it changes.

The ``operation`` of the window becomes the synapse's: ``sum`` as it is;
``max`` and ``min`` of a convolution start from 0 in ANNarchy (the psp is
compared to 0.0 as well: ``max(psp, 0.0)``); ``mean`` divides by the size of
the whole window, also where part of it lies outside the population, so it is
a ``sum`` scaled by the projection-wide parameter ``mean_scale``
(``1 / window size``) rather than a mean over the synapses that exist.
"""
import copy

import numpy as np

from ...core.models import Synapse
from ...core.population import Population
from ...core.projection import Projection
from ...errors import AnnlabWarning, ValidationError, closest_name, warn_once

#: The projection-wide parameter dividing the sum of a 'mean' window by the window's size.
MEAN_SCALE = "mean_scale"


def shared_synapse(kind, psp, operation, floor=None):
    """The Synapse computing one window: ``psp`` combined by ``operation``.

    Parameters
    ----------
    kind : str
        'Convolution' or 'Pooling' (the synapse's name).
    psp : str
    operation : {'sum', 'max', 'min', 'mean'}
    floor : set of str, optional
        Operations whose result is compared to 0.0 too (ANNarchy starts them from 0).
    """
    name = f"{kind} with '{operation}' operation"
    if operation == "mean":
        return Synapse(parameters=f"{MEAN_SCALE} = 1.0 : projection", psp=f"({psp}) * {MEAN_SCALE}",
                       operation="sum", name=name)
    if floor and operation in floor:
        return Synapse(psp=f"{operation}({psp}, 0.0)", operation=operation, name=name)
    return Synapse(psp=psp, operation=operation, name=name)


def check_operation(owner, operation, allowed):
    """``operation`` if it is one of ``allowed``, else a ValidationError naming the closest."""
    if operation not in allowed:
        hint = closest_name(str(operation), list(allowed))
        raise ValidationError(owner, "operation", f"Value must be one of {', '.join(repr(a) for a in allowed)} "
                              f"(got {operation!r})" + (f"; did you mean {hint!r}?" if hint else ""))
    return operation


class SharedProjection(Projection):
    """A projection whose synapses are the windows of a filter or pooling (see the module docstring).

    Subclasses set the connector with :meth:`_connect_windows`. The generic
    ``connect_*`` methods of :class:`~annlab.core.projection.Projection` are
    not available.
    """

    _kind = "Shared projection"

    def __init__(self, pre, post, target, synapse, operation, name=None):
        for role, end in (("pre", pre), ("post", post)):
            if not isinstance(end, Population):
                raise ValidationError(self._kind, role, f"Value must be a Population: windows are defined on the "
                                      f"geometry of whole populations (got {end!r})")
        if pre.neuron_type.type != "rate":
            raise ValidationError(self._kind, "pre", f"The pre-synaptic population '{pre.name}' must be rate-coded "
                                  f"(windows combine firing rates)")
        super().__init__(pre, post, target, synapse=synapse, name=name)
        self.operation = operation
        self._windows = None
        self._weights = None

    # ---- connection -------------------------------------------------------
    def _connect_windows(self, windows):
        """Use ``windows`` as the connector; the filter (if any) becomes :attr:`weights`."""
        self._connect(windows)
        self._windows = windows
        self._weights = getattr(windows, "weights", None)
        if self.operation == "mean":
            setattr(self, MEAN_SCALE, 1.0 / self._window_size(windows))
        return self

    def _window_size(self, windows):
        raise NotImplementedError

    def _generic_connector(self, *args, **kwargs):
        raise ValidationError(self.name, "connect", f"{self._kind} projections are connected by their own "
                              f"method ({self._connect_methods}), not by the generic connect_*() methods")

    connect_all_to_all = connect_one_to_one = connect_fixed_probability = _generic_connector
    connect_fixed_number_pre = connect_fixed_number_post = connect_gaussian = connect_dog = _generic_connector
    connect_from_matrix = connect_from_sparse = connect_with_func = connect_from_file = _generic_connector

    def _copy(self, pre, post):
        new = super()._copy(pre, post)
        if self._windows is not None and self.connector is self._windows:
            new.__dict__["_windows"] = new.connector  # each network copy owns its recipe
        return new

    # ---- the filter -----------------------------------------------------------
    @property
    def weights(self):
        """The filter (numpy array; a bank of filters has them along its first axis), None for pooling."""
        return None if self._weights is None else self._weights.copy()

    @weights.setter
    def weights(self, value):
        if self._weights is None:
            raise ValidationError(self.name, "weights", f"the projection has no filter ({self._kind} "
                                  f"projections get one from {self._connect_methods})")
        try:
            array = np.array(value, dtype=np.float64)
        except (TypeError, ValueError) as err:
            raise ValidationError(self.name, "weights", f"Value must be an array of numbers ({err})") from err
        if array.shape != self._weights.shape:
            raise ValidationError(self.name, "weights", f"Value must have the shape of the filter "
                                  f"{self._weights.shape} (got {array.shape})")
        if not np.all(np.isfinite(array)):
            raise ValidationError(self.name, "weights", "Value must be finite")
        windows = copy.copy(self._windows)  # never change a recipe that network copies may share
        windows.weights = array
        drawn_by_windows = self.connector is self._windows
        if drawn_by_windows:
            self.__dict__["connector"] = windows
        self._windows, self._weights = windows, array
        if self._compiled is not None or not drawn_by_windows:  # compiled, or replaying a blueprint's synapses
            _, _, elements = windows.synapses(self._end_point(self.pre), self._end_point(self.post))
            values = array.reshape(-1)[elements]
            if self._compiled is not None:
                self._compiled.write_projection(self, "w", values)
            else:
                self._init["w"] = values

    def get(self, name):
        """Value of an attribute; ``'weights'`` is the filter (as in ANNarchy)."""
        if name == "weights":
            return self.weights
        return super().get(name)

    def set(self, values):
        """Set several attributes at once; ``'weights'`` is the filter."""
        values = dict(values)
        if "weights" in values:
            self.weights = values.pop("weights")
        super().set(values)

    # ---- dendrites -----------------------------------------------------------
    @property
    def post_ranks(self):
        """Ranks of the post neurons computing a window: all of them, as in ANNarchy (after compile)."""
        self._compiled_state("post_ranks")
        return list(range(self.post.size))

    @property
    def size(self):
        """Number of post-synaptic neurons computing a window (after compile)."""
        return len(self.post_ranks)

    def __len__(self):
        return self.size

    def connectivity_matrix(self, fill=0.0):
        """Dense (post, pre) matrix of the weights; a pre neuron used twice by a window ('border') adds up."""
        conn = self._compiled_state("connectivity_matrix").connectivity(self)
        matrix = np.zeros((self.post.size, self.pre.size))
        np.add.at(matrix, (conn.post_ranks, conn.pre_ranks), self._compiled.synapse_values(self, "w"))
        used = np.zeros(matrix.shape, bool)
        used[conn.post_ranks, conn.pre_ranks] = True
        matrix[~used] = fill
        return matrix

    def receptive_fields(self, variable="w", in_post_geometry=True):
        """Not available for shared projections (as in ANNarchy): warns and returns None."""
        warn_once(f"{self._kind} projections can not display receptive fields", AnnlabWarning,
                  key=("receptive_fields", self._kind))
        return None

    def __repr__(self):
        return (f"{type(self).__name__}(name={self.name!r}, pre={self.pre.name!r}, post={self.post.name!r}, "
                f"target={self.target!r}, operation={self.operation!r}, connector={self.connector!r})")
