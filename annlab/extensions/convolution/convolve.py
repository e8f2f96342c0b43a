"""Convolution: one filter, or a bank of filters, slid over the pre-synaptic population (ANNarchy 4.8).

Examples
--------
>>> import numpy as np
>>> from annlab import Neuron, Population, Network, clear
>>> clear()
>>> inp = Population((4, 4), Neuron(parameters="r = 0.0"))
>>> out = Population((4, 4), Neuron(equations="r = sum(exc)"))
>>> proj = Convolution(inp, out, "exc").connect_filter([[0.0, 1.0, 0.0], [1.0, -4.0, 1.0], [0.0, 1.0, 0.0]])
>>> proj.weights.shape
(3, 3)
"""
from .shared import SharedProjection, check_operation, shared_synapse
from .windows import BankWindows, FilterWindows


class Convolution(SharedProjection):
    r"""Cross-correlation of a filter with the pre-synaptic rates: :math:`g(x) = \sum_k h(k) \, f(x + k)`.

    ``connect_filter()`` applies one filter (as many dimensions as the
    pre-synaptic population, or one fewer with ``keep_last_dimension=True``:
    each slice of the last axis is filtered apart); ``connect_filters()``
    applies a bank of filters (first axis: the filters, one per neuron of the
    post-synaptic population's last axis). The post population may be smaller
    than the pre one (automatic sub-sampling: the filter is centred every
    ``pre/post`` neurons), or a ``subsampling`` list gives each post neuron's
    centre. Out of the population the rates are 0 (``padding=0.0``) or those of
    the nearest border neuron (``padding='border'``; ignored by ``max`` and
    ``min``, which skip what lies outside).

    Parameters
    ----------
    pre, post : Population
        The pre-synaptic population is rate-coded.
    target : str
    psp : str
        Contribution of one element of the window (default ``pre.r * w``).
    operation : {'sum', 'max', 'min', 'mean'}
        How the window's contributions combine. As in ANNarchy, ``max`` and
        ``min`` start from 0 and ``mean`` divides by the number of elements of
        the filter, inside the population or not.
    name : str, optional
    copied : bool
        Accepted for compatibility; unused.

    Notes
    -----
    The synapses are explicit: one per post neuron and element of its window
    (:attr:`nb_synapses`), each carrying its filter element in ``w``. Set
    :attr:`weights` (the whole filter) to change them. Delays must be one
    number; rate-coded delays are not supported by the engine yet. A padding
    other than 0.0 or 'border' with ``sum``/``mean`` is refused (see
    :class:`~annlab.extensions.convolution.windows.FilterWindows`). With a bank
    of filters, ``mean`` divides by the size of one filter (ANNarchy 4.8
    divides by the size of the whole bank).
    """

    _kind = "Convolution"
    _connect_methods = "connect_filter() or connect_filters()"

    def __init__(self, pre, post, target, psp="pre.r * w", operation="sum", name=None, copied=False):
        operation = check_operation("Convolution", operation, ("sum", "max", "min", "mean"))
        super().__init__(pre, post, target, shared_synapse("Convolution", psp, operation, floor=("max", "min")),
                         operation, name=name)
        self.psp = psp

    def connect_filter(self, weights, delays=0.0, keep_last_dimension=False, padding=0.0, subsampling=None):
        """Apply one filter to the pre-synaptic population.

        Parameters
        ----------
        weights : array_like
            The filter.
        delays : float
            One delay (ms) for all synapses.
        keep_last_dimension : bool
            The filter has one dimension fewer than the populations, whose last
            axes have the same length: each slice is filtered separately.
        padding : 0.0 or 'border'
            Rates outside the pre-synaptic population.
        subsampling : list, optional
            For each post neuron, the pre coordinates of the filter's centre.

        Returns
        -------
        Convolution
            The projection itself.
        """
        return self._connect_windows(FilterWindows(weights, delays, keep_last_dimension, padding, subsampling,
                                                   self.operation))

    def connect_filters(self, weights, delays=0.0, keep_last_dimension=False, padding=0.0, subsampling=None):
        """Apply a bank of filters (``weights[f]`` is filter ``f``) to the pre-synaptic population.

        Post neuron ``(..., f)`` receives filter ``f``; ``subsampling`` lists a
        centre for each position of the post population without its last axis.
        Other parameters as :meth:`connect_filter`.

        Returns
        -------
        Convolution
            The projection itself.
        """
        return self._connect_windows(BankWindows(weights, delays, keep_last_dimension, padding, subsampling,
                                                 self.operation))

    def _window_size(self, windows):
        return windows.weights[0].size if isinstance(windows, BankWindows) else windows.weights.size
