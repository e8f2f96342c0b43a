"""Switching the ``every()`` callbacks of a network on and off, as in ANNarchy 4.8.

The callbacks themselves are registered with :func:`annlab.every` (or
``Network.every``) and called by the simulator between chunks of steps.
Disabled callbacks stay registered: :func:`enable_callbacks` brings them
back; :func:`clear_all_callbacks` forgets them.

Examples
--------
>>> from annlab import *
>>> clear()
>>> pop = Population(1, Izhikevich)
>>> compile()
>>> calls = []
>>> @every(period=10.0)
... def count(n):
...     calls.append(n)
>>> disable_callbacks(); simulate(20.0); callbacks_enabled()
False
>>> enable_callbacks(); simulate(20.0); calls
[2, 3]
>>> clear_all_callbacks(); simulate(20.0); calls
[2, 3]
"""
from . import net_ids


def callbacks_enabled(net_id=0):
    """True unless :func:`disable_callbacks` was called for the network (and not undone)."""
    return getattr(net_ids.get(net_id), "_callbacks_enabled", True)


def disable_callbacks(net_id=0):
    """Stop calling the network's callbacks during ``simulate()`` (they stay registered)."""
    net_ids.get(net_id)._callbacks_enabled = False


def enable_callbacks(net_id=0):
    """Call the network's callbacks again."""
    net_ids.get(net_id)._callbacks_enabled = True


def clear_all_callbacks(net_id=0):
    """Forget every callback registered on the network (cannot be undone)."""
    net_ids.get(net_id)._callbacks = []
