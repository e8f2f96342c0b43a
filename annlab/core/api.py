"""Global functions acting on the default network, as in ANNarchy 4.8.

Examples
--------
>>> from annlab import *
>>> clear(); setup(dt=0.5, seed=1)
>>> pop = Population(2, Izhikevich)
>>> compile(); simulate(10.0); get_time()
10.0
"""
from . import config, registry
from . import constants as constant_registry
from .constants import Constant
from . import functions as function_registry
from .functions import add_function, functions


def _net():
    return registry.default_network()


def setup(**keyvalues):
    """Global settings: ``dt`` (ms), ``seed``, ``method`` (default ODE method), ``precision``...

    Call it before creating objects; ``dt`` and ``seed`` apply to networks
    created (or the default network compiled) afterwards.
    """
    config.update(**keyvalues)


def compile(directory=None, clean=False, silent=True, **kwargs):
    """Build the default network (all objects created at top level)."""
    _net().compile(directory=directory, clean=clean, silent=silent)


def simulate(duration, measure_time=False, progress=None, net_id=0):
    """Simulate the default network for ``duration`` ms."""
    _net().simulate(duration, measure_time=measure_time, progress=progress)


def simulate_until(max_duration, population, operator="and", measure_time=False, net_id=0):
    """Simulate until the stop condition of ``population`` holds; returns the simulated time in ms."""
    return _net().simulate_until(max_duration, population, operator, measure_time)


def step(net_id=0):
    """Simulate one step of the default network."""
    _net().step()


def reset(populations=True, projections=False, synapses=False, monitors=True, net_id=0):
    """Return the default network to its state at compile time."""
    _net().reset(populations, projections, synapses, monitors)


def get_time(net_id=0):
    """Current time of the default network in ms."""
    return _net().get_time()


def set_time(t, net_id=0):
    _net().set_time(t)


def get_current_step(net_id=0):
    return _net().get_current_step()


def set_current_step(t, net_id=0):
    _net().set_current_step(t)


def set_seed(seed, use_seed_seq=True, net_id=0):
    """Seed the default network's random stream (and the Python-side draws)."""
    config.update(seed=seed)
    _net().set_seed(seed)


def enable_learning(projections=None, period=None, offset=None, net_id=0):
    _net().enable_learning(projections)


def disable_learning(projections=None, net_id=0):
    _net().disable_learning(projections)


def get_population(name, net_id=0):
    return _net().get_population(name)


def get_projection(name, net_id=0):
    return _net().get_projection(name)


def get_monitor(name, net_id=0):
    return _net().get_monitor(name)


def populations(net_id=0):
    return _net().get_populations()


def projections(net_id=0, post=None, pre=None, target=None, suppress_error=False):
    return _net().get_projections(post, pre, target)


def monitors(net_id=0):
    return _net().get_monitors()


def save(filename, populations=True, projections=True, net_id=0):
    """Save the state of the default network (``.npz``)."""
    _net().save(filename, populations, projections)


def load(filename, populations=True, projections=True, net_id=0):
    """Load a state saved with :func:`save` into the default network."""
    _net().load(filename, populations, projections)


def every(period, offset=0.0, wait=0.0, net_id=0):
    """Decorator: call ``function(n)`` every ``period`` ms while the default network runs."""
    return _net().every(period, offset)


def clear(functions=True, neurons=True, synapses=True, constants=True):
    """Forget every object and setting: a fresh start without restarting the kernel."""
    registry.replace_default()
    config.reset()
    if constants:
        constant_registry.clear()
    if functions:
        function_registry.clear()


def magic_network():
    """The default network object itself."""
    return _net()


__all__ = [name for name in dir() if not name.startswith("_") and name not in ("config", "registry", "constant_registry",
                                                                                      "function_registry")]
