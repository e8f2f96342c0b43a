"""Numerical methods: one ODE block -> a sequence of scalar assignments.

A block is a run of consecutive ODEs sharing one method; within it every
derivative is evaluated from the old values. Each method returns the list of
``(name, sympy expression)`` assignments that advance the block by one step
``dt``; temporaries start with ``_`` and the final assignments write the
variables themselves. Everything here is symbolic: the code generator only
prints the result.

Examples
--------
>>> import sympy
>>> v, tau, dt = sympy.symbols("v tau dt")
>>> integrate_block({"v": (1 - v) / tau}, "exponential", dt)
[('_tau_v', tau), ('_d_v', (1 - exp(-dt/_tau_v))*(_tau_v/tau - v)), ('v', _d_v + v)]
"""
import sympy

DT = sympy.Symbol("dt")


class CannotIntegrate(Exception):
    """The method does not apply to these equations (caught and re-raised as
    an EquationError with the line by the caller).

    ``variable`` names the ODE at fault, when one is.
    """

    def __init__(self, message, variable=None):
        super().__init__(message)
        self.variable = variable


def _linear_split(expression, variable):
    """Write ``expression`` as ``A + B*variable`` with A and B free of it."""
    slope = sympy.diff(expression, variable)
    if slope.has(variable) or slope == 0:
        raise CannotIntegrate(f"the equation of {variable} must be linear in {variable} "
                              f"and depend on it", str(variable))
    intercept = sympy.simplify(expression - slope * variable)
    if intercept.has(variable):
        raise CannotIntegrate(f"cannot analyse the equation of {variable}", str(variable))
    return intercept, slope


def _explicit(derivatives, dt):
    steps = [(f"_d_{name}", rhs) for name, rhs in derivatives.items()]
    steps += [(name, sympy.Symbol(name) + dt * sympy.Symbol(f"_d_{name}"))
              for name in derivatives]
    return steps


def _exponential(derivatives, dt):
    steps = []
    for name, rhs in derivatives.items():
        intercept, slope = _linear_split(rhs, sympy.Symbol(name))
        tau = sympy.Symbol(f"_tau_{name}")
        steps.append((f"_tau_{name}", -1 / slope))
        steps.append((f"_d_{name}", (1 - sympy.exp(-dt / tau)) * (intercept * tau - sympy.Symbol(name))))
    steps += [(name, sympy.Symbol(name) + sympy.Symbol(f"_d_{name}")) for name in derivatives]
    return steps


def _semiimplicit(derivatives, dt):
    steps = []
    for name, rhs in derivatives.items():
        _intercept, slope = _linear_split(rhs, sympy.Symbol(name))
        steps.append((f"_d_{name}", dt * rhs / (1 - dt * slope)))
    steps += [(name, sympy.Symbol(name) + sympy.Symbol(f"_d_{name}")) for name in derivatives]
    return steps


def _opaque_calls(equations, unknowns):
    """``equations`` with each function call free of the ``unknowns`` replaced by a symbol (sympy
    cannot solve through calls such as ``ite(x > 0, x, x/2)``, which are constants here), and the
    mapping back."""
    calls = {}

    def hide(expression):
        if isinstance(expression, sympy.Function) and not expression.free_symbols & unknowns:
            return calls.setdefault(expression, sympy.Dummy("call"))
        if not expression.args:
            return expression
        return expression.func(*[hide(arg) for arg in expression.args])

    hidden = [sympy.Eq(hide(eq.lhs), hide(eq.rhs)) for eq in equations]
    return hidden, {symbol: call for call, symbol in calls.items()}


def _implicit(derivatives, dt):
    """Backward Euler, with each power ``x**n`` linearised as ``x_old**(n-1) * x_new``."""
    new = {name: sympy.Symbol(f"_new_{name}") for name in derivatives}
    equations = []
    for name, rhs in derivatives.items():
        substituted = rhs
        for other, new_symbol in new.items():
            old = sympy.Symbol(other)
            keep = sympy.Dummy(other)
            substituted = substituted.replace(
                lambda e, old=old: e.is_Pow and e.base == old and e.exp.is_Integer and e.exp > 1,
                lambda e, keep=keep, new_symbol=new_symbol: keep ** (e.exp - 1) * new_symbol)
            substituted = substituted.xreplace({old: new_symbol}).xreplace({keep: old})
        equations.append(sympy.Eq(new[name], sympy.Symbol(name) + dt * substituted))
    equations, opaque = _opaque_calls(equations, set(new.values()))
    try:
        solution = sympy.solve(equations, list(new.values()), dict=True)
    except NotImplementedError as err:
        raise CannotIntegrate("the implicit method cannot solve these equations") from err
    if len(solution) != 1 or set(solution[0]) != set(new.values()):
        raise CannotIntegrate("the implicit method cannot solve these equations")
    steps = [(str(new[name]), sympy.simplify(solution[0][new[name]].xreplace(opaque)))
             for name in derivatives]
    steps += [(name, new[name]) for name in derivatives]
    return steps


def _substituted(rhs, mapping):
    return rhs.xreplace({sympy.Symbol(name): value for name, value in mapping.items()})


def _midpoint(derivatives, dt):
    names = list(derivatives)
    steps = [(f"_k_{name}", dt * derivatives[name]) for name in names]
    mid = {name: sympy.Symbol(name) + sympy.Rational(1, 2) * sympy.Symbol(f"_k_{name}") for name in names}
    steps += [(f"_d_{name}", dt * _substituted(derivatives[name], mid)) for name in names]
    steps += [(name, sympy.Symbol(name) + sympy.Symbol(f"_d_{name}")) for name in names]
    return steps


def _rk4(derivatives, dt):
    names = list(derivatives)
    steps = []
    stage_points = [None, sympy.Rational(1, 2), sympy.Rational(1, 2), 1]
    for stage in range(1, 5):
        if stage == 1:
            point = {}
        else:
            factor = stage_points[stage - 1]
            point = {name: sympy.Symbol(name) + factor * dt * sympy.Symbol(f"_k{stage - 1}_{name}")
                     for name in names}
        steps += [(f"_k{stage}_{name}", _substituted(derivatives[name], point)) for name in names]
    for name in names:
        k = [sympy.Symbol(f"_k{stage}_{name}") for stage in range(1, 5)]
        steps.append((name, sympy.Symbol(name) + dt / 6 * (k[0] + 2 * k[1] + 2 * k[2] + k[3])))
    return steps


_METHODS = {
    "explicit": _explicit,
    "exponential": _exponential,
    "exact": _exponential,
    "semiimplicit": _semiimplicit,
    "implicit": _implicit,
    "midpoint": _midpoint,
    "rk4": _rk4,
}


def integrate_block(derivatives, method, dt=DT):
    """Assignments advancing a block of ODEs by one step.

    Parameters
    ----------
    derivatives : dict
        Variable name -> sympy right-hand side ``dx/dt = f``, in the order
        written.
    method : str
        One of explicit, implicit, semiimplicit, exponential, exact (solved
        exactly for linear ODEs, i.e. as exponential), midpoint, rk4.
    dt : sympy.Symbol

    Raises
    ------
    CannotIntegrate
        When the method does not apply (e.g. exponential on a nonlinear ODE).
    """
    try:
        return _METHODS[method](dict(derivatives), dt)
    except CannotIntegrate:
        raise
    except (ArithmeticError, TypeError, ValueError, AttributeError, NotImplementedError,
            sympy.polys.polyerrors.PolynomialError) as err:  # sympy giving up on an unusual right-hand side
        raise CannotIntegrate(f"the {method} method cannot handle these equations ({type(err).__name__})") from err


def event_driven_decay(rhs, name):
    """``(A, B)`` of an event-driven ODE ``dx/dt = A + B*x`` with A and B free
    of x, so that between events ``x`` relaxes exactly towards ``-A/B``:
    ``x(t) = -A/B + (x0 + A/B) * exp(B*elapsed)``. Raises CannotIntegrate for
    any other form."""
    intercept, slope = _linear_split(rhs, sympy.Symbol(name))
    return intercept, slope


def event_driven_update(name, intercept, slope, elapsed):
    """The exact value of an event-driven variable after ``elapsed`` ms."""
    x = sympy.Symbol(name)
    if intercept == 0:
        return x * sympy.exp(slope * elapsed)
    target = -intercept / slope
    return target + (x - target) * sympy.exp(slope * elapsed)
