"""ANNarchy 4.8's convolution extension: :class:`Convolution`, :class:`Pooling` (:class:`Copy`, :class:`Transpose`).

``from ANNarchy.extensions.convolution import Convolution, Pooling`` becomes
``from annlab.extensions.convolution import Convolution, Pooling``. The
windows are drawn as explicit rate-coded synapses (:mod:`.windows`), so these
projections compile and run like any other. ``Copy`` and ``Transpose`` exist
for the import to work and raise an error explaining what to use instead
(:mod:`.mirrors`).
"""
from .convolve import Convolution
from .mirrors import Copy, Transpose
from .pooling import Pooling

__all__ = ["Convolution", "Pooling", "Copy", "Transpose"]
