"""Global functions acting on a network (by default the default network), as in ANNarchy 4.8.

Every function taking ``net_id`` acts on the network with that id
(``Network().id``; 0 is the default network). Arguments ANNarchy accepts that
have no effect in annlab (compiler options, OpenMP/CUDA settings...) are
accepted with an :class:`~annlab.errors.IgnoredArgumentWarning`, once per
argument and process.

Examples
--------
>>> from annlab import *
>>> clear(); setup(dt=0.5, seed=1)
>>> pop = Population(2, Izhikevich)
>>> compile(); simulate(10.0); get_time(), dt()
(10.0, 0.5)
"""
from . import config, net_ids, registry
from . import constants as constant_registry
from .constants import Constant  # noqa: F401 (annlab's namespace takes it from here)
from .callbacks import callbacks_enabled, clear_all_callbacks, disable_callbacks, enable_callbacks  # noqa: F401
from . import functions as function_registry
from .functions import add_function, functions  # noqa: F401
from ..errors import IgnoredArgumentWarning, UnknownNameError, ValidationError, warn_once


def _net(net_id=0):
    return net_ids.get(net_id)


def _ignored(function, argument, why):
    warn_once(f"{function}({argument}=...) has no effect in annlab: {why}", IgnoredArgumentWarning,
              key=("ignored argument", function, argument), stacklevel=4)


#: setup() options of ANNarchy 4.8 that annlab has no use for: name -> (value without effect, why).
_SETUP_IGNORED = {
    "paradigm": ("openmp", "annlab simulates on the CPU with Numba"),
    "sparse_matrix_format": ("default", "annlab chooses the storage of each projection itself"),
    "sparse_matrix_storage_order": ("post_to_pre", "annlab chooses the storage of each projection itself"),
    "only_int_idx_type": (True, "synapse indices are always 32-bit here"),
    "visible_cores": ([], "annlab runs on one thread per network"),
    "suppress_warnings": (False, "use the warnings module to filter annlab's warnings"),
    "show_time": (False, "compile() and simulate(measure_time=True) report the times"),
    "disable_shared_library_time_offset": (False, "annlab builds no shared library"),
}
#: ANNarchy's defaults for the settings annlab does not store.
_ANNARCHY_DEFAULTS = {"paradigm": "openmp", "sparse_matrix_format": "default",
                      "sparse_matrix_storage_order": "post_to_pre", "only_int_idx_type": True,
                      "visible_cores": [], "suppress_warnings": False, "show_time": False,
                      "disable_shared_library_time_offset": False}


def setup(**keyvalues):
    """Global settings: ``dt`` (ms), ``seed``, ``method`` (default ODE method), ``precision``, ``backend``...

    Call it before creating objects; ``dt`` and ``seed`` apply to networks
    created (or the default network compiled) afterwards. ``backend``: ``'auto'``
    (default: a new model starts at once on the NumPy stepper and continues on
    compiled kernels when they are ready), ``'numba'`` (compiled kernels from the
    start) or ``'numpy'`` (no compiler at all); see :class:`~annlab.Network`. ANNarchy's options
    for OpenMP, CUDA and its C++ data structures are accepted and ignored
    (with a warning when they ask for something else than annlab does).
    """
    kept = {}
    for key, value in keyvalues.items():
        if key in _SETUP_IGNORED:
            harmless, why = _SETUP_IGNORED[key]
            if value != harmless:
                _ignored("setup", key, why)
            continue
        if key == "num_threads" and value not in (None, 1):
            _ignored("setup", "num_threads", "each network runs on one thread (parallel_run() runs networks "
                                             "in parallel)")
        kept[key] = value
    config.update(**kept)


def get_global_config(name):
    """Value of a setting of :func:`setup` (``'dt'``, ``'seed'``, ``'method'``...), as ANNarchy's function."""
    try:
        return config.get(name)
    except KeyError:
        if name in _ANNARCHY_DEFAULTS:
            return _ANNARCHY_DEFAULTS[name]
        raise UnknownNameError(f"get_global_config(): unknown setting '{name}'") from None


def dt():
    """The step size of :func:`setup` in ms."""
    return config.get("dt")


#: compile() arguments of ANNarchy 4.8 that configure its C++ build: name -> (default, why).
_COMPILE_IGNORED = {
    "directory": (None, "annlab keeps compiled kernels in its own cache (~/.cache/annlab/kernels)"),
    "clean": (False, "kernels are cached by content: a changed model is recompiled, an unchanged one is not"),
    "populations": (None, "the whole network is compiled; build a Network of the objects you need"),
    "projections": (None, "the whole network is compiled; build a Network of the objects you need"),
    "compiler": ("default", "annlab compiles with Numba"),
    "compiler_flags": ("default", "annlab compiles with Numba"),
    "add_sources": ("", "annlab compiles no C++ sources"),
    "extra_libs": ("", "annlab links no C++ libraries"),
    "cuda_config": ({"device": 0}, "annlab runs on the CPU"),
    "annarchy_json": ("", "annlab has no configuration file"),
    "debug_build": (False, "there is no debug build of the kernels"),
    "profile_enabled": (False, "use simulate(measure_time=True) or a Python profiler"),
}


def compile(directory=None, clean=False, silent=True, net_id=0, **kwargs):
    """Build a network (by default the default network: all objects created at top level).

    Parameters
    ----------
    silent : bool
        When False, print one line once the network is built.
    net_id : int
        Id of the network to build.
    directory, clean, populations, projections, compiler, ... :
        ANNarchy's build options, accepted with a warning (no effect here).
    """
    given = dict(kwargs, directory=directory, clean=clean)
    for key in sorted(given):
        if key not in _COMPILE_IGNORED:
            raise ValidationError("compile", key, f"Unknown argument (ANNarchy's compile() has no '{key}' either)")
        if given[key] != _COMPILE_IGNORED[key][0] and not (key == "directory" and given[key] == "annarchy"):
            _ignored("compile", key, _COMPILE_IGNORED[key][1])
    network = _net(net_id)
    network.compile(silent=silent)
    if not silent:
        print(f"Network {net_id} built ({len(network.populations)} populations, "
              f"{len(network.projections)} projections).")


def simulate(duration, measure_time=False, progress_bar=False, callbacks=True, net_id=0, progress=None):
    """Simulate a network for ``duration`` ms.

    Parameters
    ----------
    duration : float
        In ms (``ceil(duration/dt)`` steps).
    measure_time : bool
        Print the wall-clock time taken.
    progress_bar : bool
        Show a progress bar (``progress`` is annlab's older name for it).
    callbacks : bool
        False: do not call the ``every()`` callbacks during this simulation.
    net_id : int
    """
    network = _net(net_id)
    enabled = getattr(network, "_callbacks_enabled", True)
    if not callbacks:
        network._callbacks_enabled = False
    try:
        network.simulate(duration, measure_time=measure_time, progress=progress or progress_bar)
    finally:
        network._callbacks_enabled = enabled


def simulate_until(max_duration, population, operator="and", measure_time=False, net_id=0):
    """Simulate until the stop condition of ``population`` holds; returns the simulated time in ms."""
    return _net(net_id).simulate_until(max_duration, population, operator, measure_time)


def step(net_id=0):
    """Simulate one step."""
    _net(net_id).step()


def reset(populations=True, projections=False, synapses=False, monitors=True, net_id=0):
    """Return a network to its state at compile time."""
    _net(net_id).reset(populations, projections, synapses, monitors)


def get_time(net_id=0):
    """Current time of a network in ms."""
    return _net(net_id).get_time()


def set_time(t, net_id=0):
    """Set the current time (ms) of a network."""
    _net(net_id).set_time(t)


def get_current_step(net_id=0):
    """Current step of a network."""
    return _net(net_id).get_current_step()


def set_current_step(t, net_id=0):
    """Set the current step of a network."""
    _net(net_id).set_current_step(t)


def set_seed(seed, use_seed_seq=True, net_id=0):
    """Seed a network's random stream (and, for the default network, the Python-side draws)."""
    if not use_seed_seq:
        _ignored("set_seed", "use_seed_seq", "each network has a single numpy Generator, seeded with seed")
    if net_id == 0:
        config.update(seed=seed)
    _net(net_id).set_seed(seed)


def enable_learning(projections=None, period=None, offset=None, net_id=0):
    """Let the plastic projections (default: all) learn again."""
    if period is not None:
        _ignored("enable_learning", "period", "synaptic variables are updated at every step")
    if offset is not None:
        _ignored("enable_learning", "offset", "synaptic variables are updated at every step")
    _net(net_id).enable_learning(projections)


def disable_learning(projections=None, net_id=0):
    """Freeze the synaptic variables of projections (default: all)."""
    _net(net_id).disable_learning(projections)


def get_population(name, net_id=0):
    return _net(net_id).get_population(name)


def get_projection(name, net_id=0):
    return _net(net_id).get_projection(name)


def get_monitor(name, net_id=0):
    return _net(net_id).get_monitor(name)


def populations(net_id=0):
    """The populations of a network."""
    return _net(net_id).get_populations()


def projections(net_id=0, post=None, pre=None, target=None, suppress_error=False):
    """The projections of a network, optionally those with a given ``post``, ``pre`` or ``target``.

    As in ANNarchy, asking for a subset that is empty is an error unless ``suppress_error``.
    """
    found = _net(net_id).get_projections(post, pre, target)
    if not found and not suppress_error and (post is not None or pre is not None or target is not None):
        raise UnknownNameError(f"projections(): no projection with post={getattr(post, 'name', post)}, "
                               f"pre={getattr(pre, 'name', pre)}, target={target!r}")
    return found


def monitors(net_id=0, obj=None):
    """The monitors of a network (those recording ``obj`` only, when given)."""
    found = _net(net_id).get_monitors()
    return found if obj is None else [m for m in found if m.object is obj]


def save(filename, populations=True, projections=True, net_id=0):
    """Save the state of a network (see :meth:`Network.save` for the file formats)."""
    _net(net_id).save(filename, populations, projections)


def load(filename, populations=True, projections=True, pickle_encoding=None, net_id=0):
    """Load a state saved with :func:`save` into a network, after checking that it fits (see
    :meth:`Network.load`)."""
    if pickle_encoding is not None:
        _ignored("load", "pickle_encoding", "annlab's files contain no pickled Python objects")
    _net(net_id).load(filename, populations, projections)


def every(period, offset=0.0, wait=0.0, net_id=0):
    """Decorator: call ``function(n)`` every ``period`` ms while a network runs.

    Parameters
    ----------
    period : float
        In ms; less than ``dt`` means every step.
    offset : float
        Delay of the calls within the period (ms); negative: counted from the end of the period.
    wait : float
        Time (ms) before the first call.
    net_id : int
    """
    network = _net(net_id)
    try:
        period, offset, wait = float(period), float(offset), float(wait)
    except (TypeError, ValueError) as err:
        raise ValidationError("every", "period", f"period, offset and wait must be numbers of ms "
                              f"(got {period!r}, {offset!r}, {wait!r})") from err
    if period > 0:
        period = max(period, network.dt)
        offset = offset % period
    return network.every(period, offset + max(wait, 0.0))


def clear(functions=True,  # noqa: F811 (ANNarchy's keyword)
           neurons=True, synapses=True, constants=True):
    """Forget every object and setting: a fresh start without restarting the kernel.

    ``functions=False`` keeps the functions of :func:`add_function`,
    ``constants=False`` the constants; neuron and synapse models are Python
    objects and stay as long as the script refers to them.
    """
    registry.replace_default()
    net_ids.reset()
    config.reset()
    if constants:
        constant_registry.clear()
    if functions:
        function_registry.clear()


def magic_network():
    """The default network object itself."""
    return _net()


def list_standard_neurons():
    """The built-in neuron models, as in ANNarchy 4.8."""
    from . import builtin_neurons as n

    return [n.LeakyIntegrator, n.Izhikevich, n.IF_curr_exp, n.IF_cond_exp, n.IF_curr_alpha, n.IF_cond_alpha,
            n.HH_cond_exp, n.EIF_cond_alpha_isfa_ista, n.EIF_cond_exp_isfa_ista]


def list_standard_synapses():
    """The built-in synapse models, as in ANNarchy 4.8."""
    from . import builtin_synapses as s

    return [s.STP, s.STDP, s.Hebb, s.Oja, s.IBCM]


__all__ = [name for name in dir() if not name.startswith("_")
           and name not in ("config", "registry", "constant_registry", "function_registry", "net_ids",
                            "IgnoredArgumentWarning",
                            "UnknownNameError", "ValidationError", "warn_once")]
