"""ANNarchy 4.8's convolution extension: :class:`Convolution`, :class:`Pooling`.

``from ANNarchy.extensions.convolution import Convolution, Pooling`` becomes
``from annlab.extensions.convolution import Convolution, Pooling``. The
windows are drawn as explicit rate-coded synapses (:mod:`.windows`), so these
projections compile and run like any other.
"""
from .convolve import Convolution
from .pooling import Pooling

__all__ = ["Convolution", "Pooling"]
