"""Model text -> intermediate representation (statements, sympy expressions, ODE methods)."""
from .ir import Attribute, ModelIR, OdeBlock, RandomDraw, Update, describe

__all__ = ["Attribute", "ModelIR", "OdeBlock", "RandomDraw", "Update", "describe"]
