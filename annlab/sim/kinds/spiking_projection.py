"""Projections that transmit spikes: events read from the pre-synaptic ring after their delay."""
from ...core.projection import Projection
from ..run_arguments import projection_arguments, projection_int, rng_argument, synapse_index
from ..synapse_kernels import post_events, spike_propagation
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
        post_rank, pre_rank = synapse_index(layout, arrays, "post_rank"), synapse_index(layout, arrays, "pre_rank")

        def integers(name):
            return projection_int(layout, arrays, name)
        program.add(f"propagate_proj{q}", "propagate", spike_propagation(layout))
        propagate = [
            f"propagate_proj{q}(step, dt, {arrays('I2', pre.slot_ring, f'pop{pre.index}_ring')}, "
            f"{arrays('I1', pre.slot_ring_count, f'pop{pre.index}_ring_count')}, {post_rank}, "
            f"{integers('pre_ptr')}, {integers('run_ptr')}, {arrays('I2', layout.slot_runs, f'proj{q}_runs')}, "
            f"{integers('delay')}, {arrays('I2', layout.slot_cursors, f'proj{q}_cursors')}, "
            f"{integers('last_event')}, {integers('learning')}, "
            f"{arrays('F1', layout.slot_shared_w, f'proj{q}_shared_w')}, {common}{rng_argument(layout, 'pre_spike')})"]
        plasticity = []
        if layout.ir.post_spike:
            program.add(f"post_events_proj{q}", "post_events", post_events(layout))
            plasticity.append(
                f"post_events_proj{q}(step, dt, {arrays('I2', post.slot_ring, f'pop{post.index}_ring')}, "
                f"{arrays('I1', post.slot_ring_count, f'pop{post.index}_ring_count')}, {integers('post_ptr')}, "
                f"{synapse_index(layout, arrays, 'post_order')}, {pre_rank}, {integers('last_event')}, "
                f"{integers('learning')}, {common}{rng_argument(layout, 'post_spike')})")
        return propagate, plasticity + self.plasticity(layout, program, arrays, common, post_rank, pre_rank)
