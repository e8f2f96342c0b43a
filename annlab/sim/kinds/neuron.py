"""Populations of an equation-defined neuron (``Population``, ``PoissonPopulation``...)."""
from ...core.population import Population
from ..neuron_kernels import neuron_update
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

    def extra_arguments(self, layout, arrays):
        """The arguments of ``extra_parameters`` in the call, each followed by ``", "``."""
        return ""

    def update_source(self, layout):
        return neuron_update(layout)

    def update_call(self, layout, arrays):
        k = layout.index

        def array(group, slot, name):
            return arrays(group, slot, f"pop{k}_{name}")
        args = (f"step, dt, {array('F2', layout.slot_S, 'S')}, {array('F1', layout.slot_G, 'G')}, "
                f"{array('F2', layout.slot_randoms, 'randoms')}, ")
        if layout.spiking:
            args += (f"{array('I2', layout.slot_ring, 'ring')}, {array('I1', layout.slot_ring_count, 'ring_count')}, "
                     f"{array('I1', layout.slot_last, 'last_spike')}, {array('I1', layout.slot_refr, 'refr_until')}, "
                     f"{array('F1', layout.slot_fired, 'fired')}, "
                     f"{array('F1', layout.slot_block_count, 'block_count')}, "
                     f"{array('I1', layout.slot_record, 'record')}, spk_out, counters, ")
        return f"update_pop{k}({args}{self.extra_arguments(layout, arrays)}rng)"
