"""Reading and writing neuron attributes by name, shared by populations, views and single neurons.

``pop.v``, ``pop[2:5].v`` and ``pop.neuron(3).v`` all go through
:class:`AttributeAccess`: the class of the object decides only the shape of
what is read (:meth:`AttributeAccess._get_value`) and which neurons a write
changes (:meth:`AttributeAccess._set_value`). The names follow ANNarchy 4.8:
``parameters`` and ``variables`` list what the neuron model declares, the
conductances ``g_target`` of spiking models last among the variables.
"""
from ..errors import UnknownNameError, closest_name, warn_once


def attribute_lists(ir):
    """(parameters, variables) of a neuron IR, as ANNarchy 4.8 lists them.

    Parameters in declaration order (constants used by the equations excluded),
    variables in equation order (``r`` last for spiking neurons that do not define
    it: their firing rate, see ``Population.compute_firing_rate``), then the implicit
    ``g_target`` variables sorted by name.

    Examples
    --------
    >>> from annlab import Neuron
    >>> n = Neuron(parameters="a = 1.0", equations="dv/dt = g_z + g_a - v", spike="v > 1")
    >>> attribute_lists(n.ir)
    (['a'], ['v', 'r', 'g_a', 'g_z'])
    """
    attributes = ir.attributes.values()
    parameters = [a.name for a in attributes if a.kind == "parameter" and a.name not in ir.constants]
    variables = [a.name for a in attributes if a.kind == "variable" and not a.implicit]
    variables += sorted(a.name for a in attributes if a.kind == "variable" and a.implicit)
    return parameters, variables


class _NoAttribute(AttributeError):
    """``pop.name`` of an attribute the model does not have; the suggestion is looked for when the message
    is shown, not when ``hasattr()`` or ``getattr(obj, name, default)`` merely asks."""

    def __init__(self, label, name, candidates=()):
        super().__init__(label, name)
        self.label, self.missing, self.candidates = label, name, candidates

    def __str__(self):
        hint = closest_name(self.missing, self.candidates)
        return f"{self.label} has no attribute '{self.missing}'" + (f"; did you mean '{hint}'?" if hint else "")

class AttributeAccess:
    """Attribute logic of populations, views and individual neurons (read/write by name).

    Subclasses set ``_population`` (the owning :class:`~annlab.core.population.Population`)
    and implement ``_get_value(name)`` and ``_set_value(name, value)``.
    """

    def _attribute_names(self):
        neuron = self._population.__dict__.get("neuron_type")
        return neuron.ir.attributes if neuron is not None else {}

    def _label(self):
        return f"{type(self).__name__} '{self._population.name}'"

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        attributes = self._attribute_names()
        if name in attributes:
            return self._get_value(name)
        raise _NoAttribute(self._label(), name, list(attributes))

    def __setattr__(self, name, value):
        if not name.startswith("_") and name in self._attribute_names():
            self._set_value(name, value)
            return
        population = self.__dict__.get("_population")
        if (not name.startswith("_") and name not in self.__dict__ and not hasattr(type(self), name)
                and population is not None and "name" in population.__dict__):  # (not while being built)
            hint = closest_name(name, self._attribute_names())
            if hint:  # a new Python attribute named almost like a model attribute: most likely a typo
                warn_once(f"{self._label()} has no attribute '{name}' (did you mean '{hint}'?): the value is "
                          f"kept as a Python attribute and not simulated", key=("typo", id(self), name),
                          stacklevel=3)
        object.__setattr__(self, name, value)

    def _check_name(self, name):
        attributes = self._attribute_names()
        if name not in attributes:
            hint = closest_name(name, attributes)
            raise UnknownNameError(f"{self._label()} has no attribute '{name}'"
                                   + (f"; did you mean '{hint}'?" if hint else ""))

    def get(self, name):
        """Value of an attribute (same as ``pop.name``)."""
        self._check_name(name)
        return self._get_value(name)

    def set(self, values):
        """Set several attributes at once: ``pop.set({'v': -60.0, 'a': 0.02})``."""
        for name in values:
            self._check_name(name)
        for name, value in values.items():
            self._set_value(name, value)

    @property
    def parameters(self):
        """Names of the neuron's parameters (declaration order), as in ANNarchy."""
        return attribute_lists(self._population.neuron_type.ir)[0]

    @property
    def variables(self):
        """Names of the neuron's variables (equation order, then the ``g_target`` conductances)."""
        return attribute_lists(self._population.neuron_type.ir)[1]

    @property
    def attributes(self):
        """Names of the neuron's parameters, then its variables."""
        parameters, variables = attribute_lists(self._population.neuron_type.ir)
        return parameters + variables
