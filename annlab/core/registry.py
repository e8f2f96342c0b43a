"""Where newly created objects go: the default network of the session.

Populations, projections and monitors created at top level belong to the
default network (the one the global functions ``compile()``, ``simulate()``...
act on). :func:`annlab.clear` replaces it with an empty one. This module only
keeps the hook; :mod:`annlab.core.network` installs the network.
"""
import itertools
import os

# Ids stay unique when objects travel between processes (parallel_run engines).
_counter = itertools.count((os.getpid() & 0xFFFFF) << 32)
_default_factory = None
_default = None
_networks = itertools.count(1)


def new_id():
    """A process-unique integer identifying an object and all its copies' origin."""
    return next(_counter)


_names = {}


def next_name(prefix):
    """Default names as in ANNarchy: pop0, pop1..., proj0..., monitor0..."""
    number = _names.get(prefix, 0)
    _names[prefix] = number + 1
    return f"{prefix}{number}"


def next_network_number():
    """1, 2, 3... for the networks created since the last :func:`replace_default`."""
    return next(_networks)


def set_default_factory(factory):
    global _default_factory
    _default_factory = factory


def default_network():
    """The current default network (created on first use)."""
    global _default
    if _default is None:
        _default = _default_factory()
    return _default


def replace_default():
    """Forget the default network; the next call to :func:`default_network` makes a new one."""
    global _default, _networks
    _default = None
    _networks = itertools.count(1)
    _names.clear()
