"""Pieces shared by the kernel generators: indentation, names, printing, ODE steps.

In generated code a model attribute ``v`` is the scalar ``v_`` and its array
``_a_v``; temporaries of numerical methods start with ``_`` (``_d_v``), and
names without either mark belong to the kernel itself (``i``, ``step``...).
"""
import functools

import sympy

from ..core.equations import Update
from ..core.equations.expressions import clip, neg, pos
from .precision import DOUBLE
from .printer import to_code
from .source import Assign


class _Names:
    """Symbol -> code name, for one model; numbers are printed in ``precision``; ``vector``: each name
    holds the values of every neuron or synapse (NumPy arrays, :mod:`annlab.sim.vector`), not one."""

    def __init__(self, attributes, precision=DOUBLE, vector=False):
        self.attributes = frozenset(attributes)
        self.precision = precision
        self.vector = vector

    def select(self, condition, if_true, if_false):
        """Code of ``if_true`` where ``condition`` holds, else ``if_false`` (a select, not a branch)."""
        if self.vector:
            return f"np.where({condition}, {if_true}, {if_false})"
        return f"({if_true}) if {condition} else {if_false}"

    def get(self, name, default=None):
        if name in self.attributes:
            return name + "_"
        if name == "g_target":
            return "_g_target"
        return name


def _code(expr, names):
    return _printed(expr, names.attributes, names.precision, names.vector)


def _symbols(expr, names):
    """Code names of the symbols ``expr`` reads."""
    return frozenset(names.get(s.name) for s in expr.free_symbols)


def _assign(target, expr, names):
    """``target = <code of expr>`` as an :class:`~annlab.sim.source.Assign`, reads from its symbols.

    In vectorised code a bare name is copied (``x_ = np.copy(g_exc_)``): ``g_exc_`` may be a view of
    the state row that a later store changes before ``x_`` is stored.
    """
    code = _code(expr, names)
    if names.vector and expr.is_Symbol:
        code = f"np.copy({code})"
    return Assign(target, code, _symbols(expr, names))


@functools.lru_cache(maxsize=4096)
def _printed(expr, attributes, precision, vector=False):
    """Code of a sympy expression (memoized: every copy of a network prints the same expressions)."""
    return to_code(expr, _Names(attributes, precision), precision, vector)


def _random_call(draw, names, size=None):
    """``_draw_<method>(rng, args)`` for one random draw of an equation (the names it reads: :func:`_draw_reads`);
    ``size``: code of the number of values to draw at once, ``rng.<method>(args, size)`` (vectorised kernels)."""
    args = [_code(a, names) for a in draw.args]
    if draw.method == "exponential":
        args = [f"{names.precision.literal(1.0)} / ({args[0]})"]
    if draw.method == "integers":
        args = [f"int({args[0]})", f"int({args[1]}) + 1"]
    if draw.method == "binomial":
        args = [f"int({args[0]})", args[1]]
    if size is not None:  # vectorised: NumPy draws them all at once
        args.append(size)
        return names.precision.cast(f"rng.{draw.method}({', '.join(args)})")
    return names.precision.cast(f"_draw_{draw.method}({', '.join(['rng'] + args)})")


def _draw_reads(draw, names):
    return frozenset({"rng"}).union(*(_symbols(arg, names) for arg in draw.args))


def _random_draw(target, draw, names):
    """``target = _draw_<method>(rng, args)``, an :class:`~annlab.sim.source.Assign`."""
    return Assign(target, _random_call(draw, names), _draw_reads(draw, names))


def _draws(randoms, locality, names):
    """Statements drawing this step's random numbers of one locality in place
    (``_rand_0 = _draw_uniform(rng, 0.0, 1.0)``)."""
    return [_random_draw(draw.symbol, draw, names) for draw in randoms if draw.locality == locality]


#: Code of the global operations (helpers of :data:`annlab.sim.templates.HELPERS`).
GLOBAL_OPERATION_HELPERS = {"min": "_g_min", "max": "_g_max", "mean": "_g_mean", "norm1": "_g_norm1",
                            "norm2": "_g_norm2"}


def _bounded(attribute, names):
    """Statements keeping an attribute within its ``min`` and ``max`` after an update."""
    statements = []
    var = attribute.name + "_"
    functions = ("np.maximum", "np.minimum") if names.vector else ("max", "min")
    for function, bound in zip(functions, (attribute.min, attribute.max)):
        if bound is not None:
            statements.append(Assign(var, f"{function}({var}, {_code(bound, names)})",
                                     _symbols(bound, names) | {var}))
    return statements


#: Functions through which a division may be turned into a product: they are continuous, so a
#: last-bit change of their argument stays a last-bit change (not so floor, modulo, conditions...).
_SMOOTH = (sympy.Add, sympy.Mul, sympy.Pow, sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.asin,
           sympy.acos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh, sympy.Abs, sympy.Min, sympy.Max,
           pos, neg, clip)


class _Reciprocals:
    """Divisions by loop-invariant values in ODEs, hoisted out of the loop over neurons.

    ``x/tau`` with ``tau`` a population-wide parameter becomes ``x*_inv0``
    with ``_inv0 = 1.0/tau`` computed once per step: a division per neuron is
    ~10x the cost of a product and dominates a vectorised update. The result
    may differ from the division in the last bit (within the tolerances of the
    reference traces). Only ODE derivatives are rewritten, and only through
    continuous functions: thresholds, truncations and conditions keep exact
    divisions.
    """

    def __init__(self, invariant):
        self.invariant = set(invariant)
        self.hoisted = {}  # divisor -> name

    def __call__(self, expr):
        if expr.is_Pow and expr.exp == -1 and expr.base.free_symbols and \
                all(s.name in self.invariant for s in expr.base.free_symbols):
            name = self.hoisted.setdefault(expr.base, f"_inv{len(self.hoisted)}")
            return sympy.Symbol(name)
        if isinstance(expr, _SMOOTH) and expr.args:
            args = [self(a) for a in expr.args]
            if any(new is not old for new, old in zip(args, expr.args)):
                return expr.func(*args, evaluate=False)
        return expr

    def lines(self, names):
        one = names.precision.literal(1.0)
        return [Assign(name, f"{one} / ({_code(divisor, names)})", _symbols(divisor, names))
                for divisor, name in self.hoisted.items()]


def _equations(items, ir, names, frozen=None, reciprocals=None):
    """Statements for updates and ODE blocks.

    ``frozen(target)`` gives a condition under which ``target`` is updated
    (refractoriness); the update is then a select, ``x_ = (new) if cond else
    x_``, not a branch, so that the loop over neurons stays vectorisable.
    ``reciprocals`` (a :class:`_Reciprocals`) rewrites the steps of ODEs.
    """
    lines = []
    for item in items:
        if isinstance(item, Update):
            assignments = [(item.target, item.expr)]
            finals = {item.target}
        else:
            assignments = item.steps
            if reciprocals is not None:
                assignments = [(name, reciprocals(expr)) for name, expr in assignments]
            finals = set(item.targets)
        for name, expr in assignments:
            code = [_assign(names.get(name), expr, names)]
            code += _bounded(ir.attributes[name], names) if name in finals and name in ir.attributes else []
            guard = frozen(name) if (frozen and name in finals) else None
            if guard:
                code = [statement.guarded(guard, names.select) for statement in code]
            lines += code
    return lines


def _used_symbols(ir):
    names = set()
    for item in ir.equations + ir.reset + ir.pre_spike + ir.post_spike:
        names |= _symbols_of([item])
    for expr in (ir.spike, ir.refractory, ir.psp):
        if expr is not None:
            names |= {s.name for s in expr.free_symbols}
    return names


def _symbols_of(items):
    """Names of the symbols read by updates and ODE blocks."""
    names = set()
    for item in items:
        exprs = [item.expr] if isinstance(item, Update) else [e for _, e in item.steps]
        for expr in exprs:
            names |= {s.name for s in expr.free_symbols}
    return names


# ---- populations -------------------------------------------------------------
