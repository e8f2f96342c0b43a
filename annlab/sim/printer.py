"""Print sympy expressions as Numba-friendly Python code.

Floats are printed with ``repr`` so they round-trip exactly; small integer
powers become products (``v**2`` -> ``(v*v)``), as in ANNarchy's C++.

Examples
--------
>>> import sympy
>>> v, tau = sympy.symbols("v tau")
>>> to_code(0.04*v**2 + (1 - v)/tau)
'0.04*(v*v) + (1.0 - v)/tau'
"""
import sympy
from sympy.printing.numpy import _known_functions_numpy
from sympy.printing.pycode import PythonCodePrinter

from .precision import DOUBLE


class NumbaPrinter(PythonCodePrinter):
    """sympy printer for the kernels: ``math`` functions, exact floats, helper calls.

    Numbers are printed in ``precision`` (:mod:`annlab.sim.precision`): ``np.float32(0.04)`` in
    float, so that an expression of float32 values stays float32.
    """

    #: The module of ``exp`` and ``sqrt`` in printed powers.
    MODULE = "math"

    def __init__(self, names=None, precision=DOUBLE):
        super().__init__({"fully_qualified_modules": True, "inline": True})
        self._names = names or {}
        self._precision = precision

    def _print_Symbol(self, expr):
        return self._names.get(expr.name, expr.name)

    def _print_Float(self, expr):
        return self._precision.literal(float(expr))

    def _print_Integer(self, expr):
        return self._precision.literal(int(expr))

    def _print_Rational(self, expr):
        return self._precision.literal(float(expr))

    def _print_Half(self, expr):
        return self._precision.literal(0.5)

    def _print_Pow(self, expr, rational=False):
        base, exponent = expr.base, expr.exp
        if base == sympy.E:
            return f"{self.MODULE}.exp({self._print(exponent)})"
        if exponent.is_Integer and 2 <= int(exponent) <= 4:
            text = "*".join([self.parenthesize(base, 60)] * int(exponent))
            return f"({text})"
        one = self._precision.literal(1.0)
        if exponent == -1:
            return f"({one}/{self.parenthesize(base, 60)})"
        if exponent.is_Integer and -4 <= int(exponent) <= -2:
            text = "*".join([self.parenthesize(base, 60)] * -int(exponent))
            return f"({one}/({text}))"
        if exponent.is_number and exponent.is_real and float(exponent) == 0.5:  # as C: sqrt
            return f"{self.MODULE}.sqrt({self._print(base)})"
        if exponent.is_number and exponent.is_real and float(exponent) == -0.5:
            return f"({one}/{self.MODULE}.sqrt({self._print(base)}))"
        return f"({self.parenthesize(base, 60)}**{self.parenthesize(exponent, 60)})"

    def _print_Exp1(self, expr):
        return self._precision.cast("math.e")

    def _print_Pi(self, expr):
        return self._precision.cast("math.pi")

    def _print_BooleanTrue(self, expr):
        return "True"

    def _print_BooleanFalse(self, expr):
        return "False"

    def _print_And(self, expr):
        return "(" + " and ".join(self._print(a) for a in expr.args) + ")"

    def _print_Or(self, expr):
        return "(" + " or ".join(self._print(a) for a in expr.args) + ")"

    def _print_Not(self, expr):
        return f"(not {self._print(expr.args[0])})"

    def _print_Relational(self, expr):
        return f"({self._print(expr.lhs)} {expr.rel_op} {self._print(expr.rhs)})"

    def _print_ite(self, expr):
        condition, if_true, if_false = (self._print(a) for a in expr.args)
        return f"({if_true} if {condition} else {if_false})"

    def _print_Piecewise(self, expr):
        result = self._print(expr.args[-1].expr)
        for piece in reversed(expr.args[:-1]):
            result = f"({self._print(piece.expr)} if {self._print(piece.cond)} else {result})"
        return result

    def _print_pos(self, expr):
        return f"_pos({self._print(expr.args[0])})"

    def _print_neg(self, expr):
        return f"_neg({self._print(expr.args[0])})"

    def _print_clip(self, expr):
        return "_clip(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_modulo(self, expr):
        a, b = (self._print(x) for x in expr.args)
        return f"({a} % {b})"

    def _print_Mod(self, expr):
        a, b = (self._print(x) for x in expr.args)
        return f"({a} % {b})"

    def _print_Abs(self, expr):
        return f"abs({self._print(expr.args[0])})"

    def _print_Min(self, expr):
        return "min(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_Max(self, expr):
        return "max(" + ", ".join(self._print(a) for a in expr.args) + ")"

    def _print_floor(self, expr):  # math.floor is an int in Numba
        return self._precision.cast(f"math.floor({self._print(expr.args[0])})")

    def _print_ceiling(self, expr):
        return self._precision.cast(f"math.ceil({self._print(expr.args[0])})")


class VectorPrinter(NumbaPrinter):
    """sympy printer for the vectorised NumPy kernels (:mod:`annlab.sim.vector`): each symbol may be an
    array of every neuron's (or synapse's) value, so functions are NumPy's and conditions selects.

    Examples
    --------
    >>> v, tau = sympy.symbols("v tau")
    >>> VectorPrinter().doprint(sympy.exp(-v / tau) + sympy.Max(v, 0))
    'np.maximum(0.0, v) + np.exp(-v/tau)'
    """

    _kf = {name: "np." + function for name, function in _known_functions_numpy.items()}
    MODULE = "np"

    def _print_And(self, expr):
        return self._nested("np.logical_and", expr.args)

    def _print_Or(self, expr):
        return self._nested("np.logical_or", expr.args)

    def _print_Not(self, expr):
        return f"np.logical_not({self._print(expr.args[0])})"

    def _print_ite(self, expr):
        condition, if_true, if_false = (self._print(a) for a in expr.args)
        return f"np.where({condition}, {if_true}, {if_false})"

    def _print_Piecewise(self, expr):
        result = self._print(expr.args[-1].expr)
        for piece in reversed(expr.args[:-1]):
            result = f"np.where({self._print(piece.cond)}, {self._print(piece.expr)}, {result})"
        return result

    def _print_Abs(self, expr):
        return f"np.abs({self._print(expr.args[0])})"

    def _print_Min(self, expr):
        return self._nested("np.minimum", expr.args)

    def _print_Max(self, expr):
        return self._nested("np.maximum", expr.args)

    def _print_floor(self, expr):
        return self._precision.cast(f"np.floor({self._print(expr.args[0])})")

    def _print_ceiling(self, expr):
        return self._precision.cast(f"np.ceil({self._print(expr.args[0])})")

    def _nested(self, function, args):
        text = self._print(args[-1])
        for arg in reversed(args[:-1]):
            text = f"{function}({self._print(arg)}, {text})"
        return text


def to_code(expr, names=None, precision=DOUBLE, vector=False):
    """Python source of a sympy expression; ``names`` renames symbols, numbers are in ``precision``;
    ``vector``: for arrays (:class:`VectorPrinter`).

    >>> from annlab.sim.precision import FLOAT
    >>> to_code(sympy.Symbol("v") / 2, precision=FLOAT)
    '(np.float32(0.5))*v'
    >>> to_code(sympy.Max(sympy.Symbol("v"), 1), vector=True)
    'np.maximum(1.0, v)'
    """
    return (VectorPrinter if vector else NumbaPrinter)(names, precision).doprint(expr)
