"""Copy and Transpose: projections reusing another projection's synapses (ANNarchy 4.8), not available yet.

ANNarchy's ``Copy`` and ``Transpose`` read the synapses and the *current*
weights of an existing projection (learning included) in their own loops.
annlab's engine gives each projection its own arrays, and a copy taken at
compile time would silently diverge as soon as the original's weights change,
so both classes raise a :class:`~annlab.errors.ConnectivityError` that says so
and how to get the same connectivity. The engine support they need: a
projection layout that reads another layout's index arrays and weight row
(``Copy``), or its transposed order (``Transpose``).

Examples
--------
>>> from annlab import Neuron, Population, Projection, clear
>>> clear()
>>> a, b = Population(2, Neuron(parameters="r = 1.0")), Population(2, Neuron(equations="r = sum(exc)"))
>>> Transpose(Projection(a, b, "exc"), "inh")
Traceback (most recent call last):
...
annlab.errors.ConnectivityError: Transpose: ...
"""
from ...core.projection import Projection
from ...errors import ArgumentTypeError, ConnectivityError

_WORKAROUND = ("connect this projection with the same pattern instead (the same connect_*() call for a "
               "deterministic pattern, or connect_from_matrix() with the matrix the original drew, "
               "proj.connectivity_matrix(fill=np.nan) after compile(), transposed for Transpose)")


class Copy:
    """A projection reusing the synapses and weights of another one: not available in annlab yet.

    Parameters are those of ANNarchy 4.8 (``pre, post, target, psp='pre.r * w',
    operation='sum'``); creating one raises a
    :class:`~annlab.errors.ConnectivityError` explaining the workaround.
    """

    def __init__(self, pre, post, target, psp="pre.r * w", operation="sum", name=None, copied=False):
        raise ConnectivityError(f"Copy: annlab cannot share the synapses and live weights of another projection "
                                f"yet (ANNarchy's Copy mirrors every later change of them); {_WORKAROUND}")


class Transpose:
    """The transposed view of a rate-coded or spiking projection: not available in annlab yet.

    Parameters are those of ANNarchy 4.8 (``proj, target``); creating one
    raises a :class:`~annlab.errors.ConnectivityError` explaining the workaround.
    """

    def __init__(self, proj, target):
        if not isinstance(proj, Projection):
            raise ArgumentTypeError(f"Transpose: proj must be a Projection (got {type(proj).__name__})")
        raise ConnectivityError(f"Transpose: annlab cannot read the synapses and live weights of projection "
                                f"'{proj.name}' in transposed order yet; {_WORKAROUND}")
