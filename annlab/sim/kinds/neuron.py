"""Populations of an equation-defined neuron (``Population``, ``PoissonPopulation``...)."""
from ...core.population import Population
from ..neuron_kernels import neuron_update
from ..source import Call
from ..vector import kernels as vector_kernels
from . import PopulationKind, register


@register(Population)
class NeuronKind(PopulationKind):
    """The neuron's equations, spike condition and reset, one step per call.

    Subclasses add arguments to the kernel (``extra_parameters``, :meth:`extra_arguments`) and
    lines run before the equations (:meth:`prologue`).
    """

    name = "neuron"
    extra_parameters = ""

    def prologue(self, layout):
        """Statements run at the start of each step, before the equations."""
        return []

    def vector_prologue(self, layout):
        """The prologue of the vectorised kernel (:mod:`annlab.sim.vector`): by default the same lines."""
        return self.prologue(layout)

    def extra_arguments(self, layout, arrays):
        """The arguments of ``extra_parameters`` in the call (a tuple)."""
        return ()

    def update_source(self, layout):
        return neuron_update(layout)

    def vector_update_source(self, layout):
        return vector_kernels.neuron_update(layout)

    def update_call(self, layout, arrays):
        args = ("step", "dt") + arrays.each(layout, "S", "G", "randoms")
        if layout.spiking:
            args += arrays.each(layout, "ring", "ring_count", "last_spike", "refr_until", "fired", "block_count",
                                "record") + ("spk_out", "counters")
        return Call(f"update_pop{layout.index}", args + self.extra_arguments(layout, arrays) + ("rng",))
