"""Network ids, as ANNarchy numbers its networks: 0 is the default network, then 1, 2, 3...

The global functions take ``net_id=`` (``simulate(100.0, net_id=net.id)``);
this module maps an id to its network. Networks are held weakly: a network
nobody refers to any more can be garbage collected, and its id then names
nothing.

Examples
--------
>>> from annlab import Network, clear
>>> clear()
>>> net = Network()
>>> get(net.id) is net, get(0) is not net
(True, True)
"""
import itertools
import weakref

from . import registry
from ..errors import UnknownNameError

_networks = weakref.WeakValueDictionary()
_counter = itertools.count(1)


def register(network):
    """A new id for ``network`` (1, 2, 3... since the last :func:`reset`)."""
    number = next(_counter)
    _networks[number] = network
    return number


def get(net_id):
    """The network with id ``net_id`` (0: the default network)."""
    if net_id is None or net_id == 0:
        return registry.default_network()
    try:
        return _networks[int(net_id)]
    except (KeyError, TypeError, ValueError):
        known = ", ".join(str(k) for k in sorted(_networks)) or "none besides 0"
        raise UnknownNameError(f"No network with id {net_id!r} (ids in use: 0, {known})") from None


def reset():
    """Forget every id (used by :func:`annlab.clear`); the next network is 1 again."""
    global _counter
    _networks.clear()
    _counter = itertools.count(1)
