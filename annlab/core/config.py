"""Settings chosen with :func:`annlab.setup` (dt, seed, default numerical method).

Plain module-level data: the model layer reads the default method when a
model is defined, and networks read ``dt`` and ``seed`` when they are created.

Examples
--------
>>> get("dt")
1.0
"""
import os

import numpy as np

from ..errors import UnknownNameError, ValidationError, closest_name

_DEFAULTS = {
    "dt": 1.0,
    "seed": None,
    "method": "explicit",
    "precision": "double",
    "backend": "auto",  # $ANNLAB_BACKEND when set (read by reset())
    "num_threads": 1,
    "verbose": False,
    "structural_plasticity": False,
    "check_finite": True,
    "memory_check": "warn",
}

_settings = dict(_DEFAULTS, backend=os.environ.get("ANNLAB_BACKEND", _DEFAULTS["backend"]))
_python_rng = [np.random.default_rng()]


def python_rng():
    """The generator used for random values assigned in Python (``pop.v = Uniform(...)``)."""
    return _python_rng[0]


def get(name):
    """Current value of a setting."""
    return _settings[name]


def update(**values):
    """Change settings, validating each value."""
    for key, value in values.items():
        if key not in _settings:
            hint = closest_name(key, _settings)
            raise UnknownNameError(f"setup(): unknown setting '{key}'"
                                   + (f"; did you mean '{hint}'?" if hint else ""))
        if key == "dt" and not (isinstance(value, (int, float)) and value > 0):
            raise ValidationError("setup", "dt", f"Value must be greater than 0 (got {value!r})")
        if key == "method" and value not in ("explicit", "implicit", "semiimplicit",
                                             "exponential", "midpoint", "rk4"):
            raise ValidationError("setup", "method", f"Unknown numerical method {value!r}")
        if key == "check_finite" and not isinstance(value, (bool, np.bool_)):
            raise ValidationError("setup", "check_finite", f"Value must be True or False (got {value!r})")
        if key == "memory_check" and value not in ("warn", "raise", "off"):
            raise ValidationError("setup", "memory_check", f"Value must be 'warn', 'raise' or 'off' (got {value!r})")
        if key == "precision":
            check_precision("setup", value)
        if key == "backend":
            check_backend("setup", value)
        _settings[key] = float(value) if key == "dt" else value
        if key == "seed":
            _python_rng[0] = np.random.default_rng(value)


def check_precision(owner, value):
    """Raise a ValidationError naming ``owner`` unless ``value`` is ``'double'`` or ``'float'``."""
    if value not in ("double", "float"):
        raise ValidationError(owner, "precision", f"Value must be 'double' or 'float' (got {value!r})")


#: What can step a network: compiled Numba kernels, the NumPy stepper (no compiler), or the NumPy stepper
#: until the compiled kernels are ready.
BACKENDS = ("numba", "numpy", "auto")


def check_backend(owner, value):
    """Raise a ValidationError naming ``owner`` unless ``value`` is one of :data:`BACKENDS`."""
    if value not in BACKENDS:
        raise ValidationError(owner, "backend", f"Value must be one of {', '.join(map(repr, BACKENDS))} "
                                                f"(got {value!r})")


def reset():
    """Back to the defaults (used by :func:`annlab.clear`)."""
    _settings.clear()
    _settings.update(_DEFAULTS, backend=os.environ.get("ANNLAB_BACKEND", _DEFAULTS["backend"]))
    _python_rng[0] = np.random.default_rng()
