"""Projections of a special kind from ANNarchy 4.8: :class:`CurrentInjection` (and :class:`DecodingProjection`,
not available yet).

Examples
--------
>>> from annlab import Neuron, Population, Monitor, compile, simulate, clear
>>> from annlab.core.specific_projections import CurrentInjection
>>> clear()
>>> source = Population(1, Neuron(equations="r = 2.0"))
>>> cell = Population(1, Neuron(equations="v = g_exc", spike="v > 10", reset=""))
>>> CurrentInjection(source, cell, "exc").connect_current()  # doctest: +ELLIPSIS
Projection(...)
>>> compile(); simulate(3.0)
>>> float(cell.v[0])
2.0
"""
from . import connectors
from .models import Synapse
from .projection import Projection
from ..errors import NotSupportedError, ValidationError


class CurrentInjection(Projection):
    """Inject the rates of a rate-coded population as the current ``g_target`` of a spiking one.

    At each step, ``g_target`` of post-synaptic neuron ``i`` is set to ``r`` of pre-synaptic neuron
    ``i`` at the previous step. Both populations have the same size; connect with
    :meth:`connect_current` (one to one, weight 1, no delay, no plasticity).

    Parameters
    ----------
    pre : Population or PopulationView, rate-coded
    post : Population or PopulationView, spiking
    target : str
    name : str, optional
    """

    def __init__(self, pre, post, target, name=None, _register=True):
        if pre.neuron_type.type != "rate":
            raise ValidationError("CurrentInjection", "pre", f"The pre-synaptic population '{pre.name}' must be "
                                  f"rate-coded")
        if post.neuron_type.type != "spike":
            raise ValidationError("CurrentInjection", "post", f"The post-synaptic population '{post.name}' must be "
                                  f"spiking")
        if pre.size != post.size:
            raise ValidationError("CurrentInjection", "post", f"The populations must have the same size "
                                  f"({pre.size} and {post.size})")
        super().__init__(pre, post, target, synapse=Synapse(psp="w * pre.r", name="Current injection"),
                         name=name, _register=_register)

    def connect_current(self):
        """Connect neuron ``i`` to neuron ``i`` with weight 1."""
        return self._connect(connectors.OneToOne(1.0, 0.0, False))

    def _only_current(self, *args, **kwargs):
        raise ValidationError(self.name, "connect", "A CurrentInjection is connected with connect_current()")

    connect_one_to_one = connect_all_to_all = connect_fixed_probability = _only_current
    connect_fixed_number_pre = connect_fixed_number_post = connect_from_matrix = _only_current
    connect_from_sparse = connect_with_func = connect_gaussian = connect_dog = _only_current


class DecodingProjection:
    """ANNarchy's spike-to-rate decoding projection: not available in annlab yet.

    Creating one raises :class:`~annlab.errors.NotSupportedError` naming the alternatives.
    """

    def __init__(self, pre, post, target, window=0.0, name=None):
        raise NotSupportedError(
            f"DecodingProjection ({getattr(pre, 'name', pre)} -> {getattr(post, 'name', post)}, target "
            f"'{target}') is not available in annlab yet: use Spike2RatePopulation, or a rate-coded neuron "
            f"whose input is a spiking projection's g_target")
