"""Projections that transmit spikes: events read from the pre-synaptic ring after their delay."""
from ...core.projection import Projection
from ..run_arguments import projection_arguments, rng_argument
from ..source import Call
from ..synapse_kernels import post_events, spike_propagation
from ..vector import kernels as vector_kernels
from . import ProjectionKind, register


@register(Projection, transmission="spike")
class SpikingProjectionKind(ProjectionKind):
    """``pre_spike`` code per event (runs of synapses by delay), ``post_spike`` code per post spike."""

    name = "spiking_projection"

    def allocate(self, layout):
        layout.allocate_cursors()

    def generate(self, layout, program, arrays):
        q, pre, post = layout.index, layout.pre, layout.post
        common = projection_arguments(layout, arrays)
        post_rank, pre_rank = arrays.each(layout, "post_rank", "pre_rank")
        program.add(f"propagate_proj{q}", "propagate", spike_propagation(layout),
                    vector=lambda: vector_kernels.spike_propagation(layout))
        propagate = [Call(f"propagate_proj{q}", ("step", "dt") + arrays.each(pre, "ring", "ring_count") + arrays.each(
            layout, "post_rank", "pre_ptr", "run_ptr", "runs", "delay", "cursors", "last_event", "learning",
            "shared_w") + common + rng_argument(layout, "pre_spike"))]
        plasticity = []
        if layout.ir.post_spike:
            program.add(f"post_events_proj{q}", "post_events", post_events(layout),
                        vector=lambda: vector_kernels.post_events(layout))
            plasticity.append(Call(f"post_events_proj{q}", ("step", "dt") + arrays.each(post, "ring", "ring_count")
                                   + arrays.each(layout, "post_ptr", "post_order", "pre_rank", "last_event", "learning")
                                   + common + rng_argument(layout, "post_spike")))
        return propagate, plasticity + self.plasticity(layout, program, arrays, common, post_rank, pre_rank)
