"""``ANNarchy.extensions.hybrid``: conversions between spiking and rate-coded populations.

Only :class:`~annlab.core.hybrid.Spike2RatePopulation` is available: ANNarchy's
``Rate2SpikePopulation`` needs a rate-coded projection onto spiking neurons,
which the engine does not simulate yet.
"""
from ..core.hybrid import Spike2RatePopulation

__all__ = ["Spike2RatePopulation"]
