"""Named constants shared by every model and every network.

A :class:`Constant` can be used by name in the equations of models defined
after it; its value lives in each compiled network as a scalar slot, so
changing it (``tau.set(5.0)``) reaches networks already compiled, without
recompiling.

Examples
--------
>>> tau = Constant("tau_demo", 10.0)
>>> tau * 2, float(tau)
(20.0, 10.0)
>>> tau.set(5.0); float(tau)
5.0
"""
import weakref

from ..errors import ValidationError

_constants = {}
_listeners = weakref.WeakSet()


class Constant:
    """A named value usable in equations, changeable after compile.

    Parameters
    ----------
    name : str
        The name used in equations.
    value : float
    """

    def __init__(self, name, value, net_id=0):
        if not isinstance(name, str) or not name.isidentifier() or name.startswith("_"):
            raise ValidationError("Constant", "name", f"Value must be a valid identifier (got {name!r})")
        self.name = name
        self._value = _number(name, value)
        _constants[name] = self
        self._notify()

    @property
    def value(self):
        return self._value

    @value.setter
    def value(self, value):
        self.set(value)

    def set(self, value):
        """Change the value everywhere, compiled networks included."""
        self._value = _number(self.name, value)
        self._notify()

    def _notify(self):
        for listener in list(_listeners):
            listener.update_constant(self.name, self._value)

    def __float__(self):
        return float(self._value)

    def __repr__(self):
        return f"Constant({self.name!r}, {self._value})"

    def __neg__(self):
        return -self._value

    def __add__(self, other):
        return self._value + float(other)

    __radd__ = __add__

    def __sub__(self, other):
        return self._value - float(other)

    def __rsub__(self, other):
        return float(other) - self._value

    def __mul__(self, other):
        return self._value * float(other)

    __rmul__ = __mul__

    def __truediv__(self, other):
        return self._value / float(other)

    def __rtruediv__(self, other):
        return float(other) / self._value


def _number(name, value):
    try:
        return float(value)
    except (TypeError, ValueError) as err:
        raise ValidationError("Constant", name, f"Value must be a number (got {value!r})") from err


def values():
    """Name -> current value of every constant."""
    return {name: constant.value for name, constant in _constants.items()}


def listen(simulator):
    """Compiled networks register here to receive new values."""
    _listeners.add(simulator)


def clear():
    """Forget all constants (``annlab.clear()``)."""
    _constants.clear()
