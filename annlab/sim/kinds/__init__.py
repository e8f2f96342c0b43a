"""Population and projection kinds: the engine side of each kind of object, registered for its model class.

A population kind allocates the arrays its populations need beyond their state
(``S``, ``G`` and, for spiking ones, the spike ring), prints the population's
``update`` kernel and its call in ``run``, and positions its schedules at a
step. A projection kind is registered for a model class and a transmission
(``'spike'``: events from a ring of spikes; ``'rate'``: every step from the
pre-synaptic rates); it allocates its own arrays and prints its kernels and
their calls. The engine finds the kind of an object by its class, most derived
class first (as Nengo's ``Builder.register``): adding a kind is one module in
this package, which registers its class; the package imports all of its modules.

Examples
--------
>>> from annlab import Izhikevich, Population, SpikeSourceArray
>>> kind_of(Population(2, Izhikevich, _register=False)).name
'neuron'
>>> kind_of(SpikeSourceArray([[1.0], []], _register=False)).name
'spike_source_array'
>>> from annlab import Projection
>>> pop = Population(2, Izhikevich, _register=False)
>>> kind_of(Projection(pop, pop, "exc", _register=False), transmission="spike").name
'spiking_projection'
"""
import importlib
import pkgutil

from ..run_arguments import rng_argument
from ..source import Call
from ..synapse_kernels import synapse_equations
from ..vector import kernels as vector_kernels

_KINDS = {}


class PopulationKind:
    """Base of the kinds: an equation-defined population needs nothing more than its layout has.

    Attributes
    ----------
    name : str
        The kind's name, in messages.
    equations : bool
        The neuron's equations run (synapses may read and reduce its variables, ``sum(target)``
        rows are zeroed before each step).
    arrays : dict
        The kind's own arrays that kernels take, by name: (list, layout attribute holding the slot),
        as :attr:`~annlab.sim.layout.PopulationLayout.ARRAYS`.
    """

    name = "population"
    equations = True
    arrays = {}

    def allocate(self, layout, dt):
        """Allocate the kind's own arrays in ``layout`` (after the spike ring of spiking populations)."""

    def seek(self, layout, step):
        """Position the kind's schedules at ``step`` (after a reset or a load)."""

    def changed(self, layout, dt, step):
        """The model's inputs changed (``TimedArray.update()``, new spike times): rebuild their arrays.

        Returns the (group, slot) keys of arrays whose values saved at compile time no longer apply.
        """
        return []

    def update_source(self, layout):
        """Source of the ``update`` kernel of the population."""
        raise NotImplementedError

    def vector_update_source(self, layout):
        """Source of a vectorised NumPy module defining the same ``update`` (:mod:`annlab.sim.vector`), or
        None: the NumPy stepper then runs :meth:`update_source`'s kernel as Python."""
        return None

    def update_call(self, layout, arrays):
        """The call of ``update_pop<k>`` in ``run`` (a :class:`~annlab.sim.source.Call`); ``arrays``
        (:class:`~annlab.sim.run_arguments.RunArguments`) names its arguments."""
        raise NotImplementedError


class ProjectionKind:
    """Base of the projection kinds: the synaptic equations (plasticity), shared by all of them.

    Attributes
    ----------
    name : str
        The kind's name, in messages.
    """

    name = "projection"

    def allocate(self, layout):
        """Allocate the kind's own arrays in ``layout`` (after the populations allocated theirs)."""

    def generate(self, layout, program, arrays):
        """Add the projection's kernels to ``program`` (a :class:`~annlab.sim.codegen.Program`).

        Returns ``(propagate, plasticity)``: the statements of ``run`` (:class:`~annlab.sim.source.Call`...)
        that call them in those two phases of a step; ``arrays``
        (:class:`~annlab.sim.run_arguments.RunArguments`) names their arguments.
        """
        raise NotImplementedError

    def plasticity(self, layout, program, arrays, common, post_rank, pre_rank):
        """The kernel and call of the synapse's equations (none when it has none)."""
        if not layout.ir.equations:
            return []
        q = layout.index
        program.add(f"plasticity_proj{q}", "plasticity", synapse_equations(layout),
                    vector=lambda: vector_kernels.synapse_equations(layout))
        return [Call(f"plasticity_proj{q}", ("step", "dt", arrays.of(layout, "post_ptr"), post_rank, pre_rank,
                                             arrays.of(layout, "learning")) + common
                     + rng_argument(layout, "equations"))]


def register(model_class, transmission=None):
    """Class decorator: the decorated kind serves objects of ``model_class`` (and its subclasses);
    projection kinds also name their ``transmission``."""
    def decorate(kind):
        _KINDS[model_class, transmission] = kind()
        return kind
    return decorate


def kind_of(obj, transmission=None):
    """The registered kind of ``obj`` (a :class:`PopulationKind` or, with ``transmission``, a
    :class:`ProjectionKind`)."""
    for cls in type(obj).__mro__:
        if (cls, transmission) in _KINDS:
            return _KINDS[cls, transmission]
    what = "population" if transmission is None else f"{transmission} projection"
    raise TypeError(f"no {what} kind is registered for {type(obj).__name__}")


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
