"""Functions usable in the equations of every model (ANNarchy's ``add_function``).

A function is written ``name(x, y) = expression`` (the expression may be a
conditional over several lines, as in equations). Models defined after
:func:`add_function` can call it; :func:`functions` gives it as a Python
function of arrays, and :func:`as_python` does the same for any function of
a model (``Neuron(functions=...)``).

Examples
--------
>>> add_function("logistic_demo(x) = 1.0 / (1.0 + exp(-x))")
>>> functions("logistic_demo")([0.0, 100.0]).round(3).tolist()
[0.5, 1.0]
>>> clear()
"""
import numpy as np

from ..errors import ValidationError, closest_name

_definitions = {}  # name -> text, in definition order


def add_function(function):
    """Define a function that the equations of every model defined later can use.

    Parameters
    ----------
    function : str
        ``name(x, y) = expression``; one function per call.

    Raises
    ------
    EquationError
        When the text is not a function or its expression has a mistake.
    """
    from .equations.ir import describe  # here: importing annlab does not import sympy

    ir = describe("neuron", equations="r = 0", functions=function, name="add_function")
    for name in ir.functions:
        _definitions[name] = str(function)


def definitions():
    """Texts of the functions defined by :func:`add_function`, in definition order."""
    return list(_definitions.values())


def functions(name, network=None):
    """The function ``name`` defined by :func:`add_function`, as a Python function of arrays.

    Parameters
    ----------
    name : str
    network : Network, optional
        Accepted for ANNarchy's signature; functions are the same in every network.

    Raises
    ------
    ValidationError
        When no function of that name was added.
    """
    if name not in _definitions:
        hint = closest_name(name, list(_definitions))
        raise ValidationError("functions", "name", f"No function '{name}' was defined with add_function()"
                              + (f"; did you mean '{hint}'?" if hint else ""))
    from .equations.ir import describe

    ir = describe("neuron", equations="r = 0", functions=_definitions[name], name="add_function")
    return as_python(ir.functions[name], name)


def clear():
    """Forget the functions defined by :func:`add_function` (``clear(functions=True)``)."""
    _definitions.clear()


_NUMPY = {
    "pos": lambda x: np.maximum(x, 0.0),
    "neg": lambda x: np.minimum(x, 0.0),
    "clip": np.clip,
    "modulo": np.mod,
    "ite": lambda condition, a, b: np.where(condition, a, b),
}


def as_python(function, name="function"):
    """A sympy ``Lambda`` of a model's functions as a Python function of numbers, lists or arrays.

    Examples
    --------
    >>> import sympy
    >>> x, y = sympy.symbols("x y")
    >>> as_python(sympy.Lambda((x, y), x * y))([1.0, 2.0], [3.0, 4.0]).tolist()
    [3.0, 8.0]
    """
    import sympy

    compiled = sympy.lambdify(function.variables, function.expr, modules=[_NUMPY, "numpy"])

    def call(*args):
        if len(args) != len(function.variables):
            raise ValidationError(name, "arguments", f"Takes {len(function.variables)} arguments (got {len(args)})")
        arrays = [np.asarray(a, dtype=float) for a in args]
        result = compiled(*arrays)
        shape = np.broadcast_shapes(*[a.shape for a in arrays]) if arrays else ()
        return np.broadcast_to(np.asarray(result, dtype=float), shape).copy()

    call.__name__ = name
    call.__doc__ = f"{name}{tuple(str(v) for v in function.variables)} = {function.expr}"
    return call
