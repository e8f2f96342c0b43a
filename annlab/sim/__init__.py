"""The Numba engine: one :class:`Simulator` per compiled network copy."""
from .simulator import Simulator

__all__ = ["Simulator"]
