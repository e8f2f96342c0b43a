"""Pooling: each post neuron combines the rates of a block of pre-synaptic neurons (ANNarchy 4.8).

Examples
--------
>>> from annlab import Neuron, Population, clear
>>> clear()
>>> inp = Population((4, 4), Neuron(parameters="r = 0.0"))
>>> out = Population((2, 2), Neuron(equations="r = sum(exc)"))
>>> Pooling(inp, out, "exc", operation="max").connect_pooling().operation
'max'
"""
from .shared import SharedProjection, check_operation, shared_synapse
from .windows import PoolingWindows


class Pooling(SharedProjection):
    """Max-, min- or mean-pooling of the pre-synaptic rates over blocks of size ``extent``.

    Parameters
    ----------
    pre, post : Population
        The pre-synaptic population is rate-coded.
    target : str
    psp : str
        Value pooled for each pre neuron of the block (default ``pre.r``).
    operation : {'max', 'min', 'mean'}
        ``max`` starts from 0 (ANNarchy starts from the smallest positive
        double); ``mean`` divides by the size of the block.
    name : str, optional
    copied : bool
        Accepted for compatibility; unused.
    """

    _kind = "Pooling"
    _connect_methods = "connect_pooling()"

    def __init__(self, pre, post, target, psp="pre.r", operation="max", name=None, copied=False):
        operation = check_operation("Pooling", operation, ("max", "mean", "min"))
        super().__init__(pre, post, target, shared_synapse("Pooling", psp, operation, floor=("max",)),
                         operation, name=name)
        self.psp = psp

    def connect_pooling(self, extent=None, delays=0.0):
        """Pool blocks of ``extent`` pre neurons (default: the ratio of the geometries).

        Parameters
        ----------
        extent : tuple of int, optional
            Block size along each pre-synaptic axis; along pre axes the post
            population does not have, the block starts at 0.
        delays : float
            One delay (ms) for all synapses.

        Returns
        -------
        Pooling
            The projection itself.
        """
        return self._connect_windows(PoolingWindows(extent, delays))

    def _window_size(self, windows):
        return windows.window_size(self._end_point(self.pre), self._end_point(self.post))
