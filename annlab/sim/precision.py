"""The floating-point type a network simulates in: ``setup(precision='double' | 'float')``.

A :class:`Precision` is a choice of the printer and of the allocation, not a
second generator: the layouts allocate every float array of the kernels
(state, parameters, weights, recording buffers) with its ``dtype``, and the
kernel generators print literals, ``t``, ``dt`` and random draws through it,
so that in ``float`` the equations compute in float32 from end to end (a
float64 literal in a float32 expression would promote it to float64). In
``double`` it prints exactly what annlab always printed.

Examples
--------
>>> FLOAT.literal(0.04), DOUBLE.literal(0.04)
('np.float32(0.04)', '0.04')
>>> FLOAT.cast("step * dt"), DOUBLE.cast("step * dt")
('np.float32(step * dt)', 'step * dt')
>>> NAMED["float"].dtype
dtype('float32')
"""
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Precision:
    """A floating-point type of the kernels.

    Attributes
    ----------
    name : str
        ANNarchy's name: ``'double'`` or ``'float'``.
    dtype : numpy.dtype
        The arrays' element type.
    """

    name: str
    dtype: np.dtype

    def literal(self, value):
        """Source of the number ``value`` in this type (exact: ``repr`` round-trips)."""
        text = repr(float(value))
        return text if self.dtype == np.float64 else f"np.float32({text})"

    def cast(self, code):
        """Source converting the value of ``code`` (an int, a float64 draw, ``math.pi``) to this type."""
        return code if self.dtype == np.float64 else f"np.float32({code})"

    def scalar(self, value):
        """``value`` as a NumPy scalar of this type (``dt`` passed to the kernels)."""
        return self.dtype.type(value)

    def clock(self):
        """Source of the time ``t`` of a step in this type (kernels take ``step`` and ``dt``)."""
        return self.cast("step * dt")


DOUBLE = Precision("double", np.dtype(np.float64))
FLOAT = Precision("float", np.dtype(np.float32))

#: The precisions by ANNarchy's name (validated by the model layer: ``annlab.core.config.check_precision``).
NAMED = {precision.name: precision for precision in (DOUBLE, FLOAT)}
