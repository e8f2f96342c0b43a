"""Population kinds: the engine side of each kind of population, registered for its model class.

A kind allocates the arrays its populations need beyond their state (``S``,
``G`` and, for spiking ones, the spike ring), prints the population's
``update`` kernel and its call in ``run``, and positions its schedules at a
step. The engine finds the kind of a population by its class, most derived
class first (as Nengo's ``Builder.register``): adding a kind is one module in
this package, which registers its class; the package imports all of its modules.

Examples
--------
>>> from annlab import Izhikevich, Population, SpikeSourceArray
>>> kind_of(Population(2, Izhikevich, _register=False)).name
'neuron'
>>> kind_of(SpikeSourceArray([[1.0], []], _register=False)).name
'spike_source_array'
"""
import importlib
import pkgutil

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
    """

    name = "population"
    equations = True

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

    def update_call(self, layout, arrays):
        """The call of ``update_pop<k>`` in ``run``; ``arrays`` (:class:`~annlab.sim.codegen.RunArguments`)
        names its arguments."""
        raise NotImplementedError


def register(model_class):
    """Class decorator: the decorated kind serves populations of ``model_class`` (and its subclasses)."""
    def decorate(kind):
        _KINDS[model_class] = kind()
        return kind
    return decorate


def kind_of(population):
    """The registered kind of ``population`` (a :class:`PopulationKind`)."""
    for cls in type(population).__mro__:
        if cls in _KINDS:
            return _KINDS[cls]
    raise TypeError(f"no population kind is registered for {type(population).__name__}")


for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
