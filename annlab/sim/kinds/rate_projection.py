"""Projections that transmit continuously: every step, the weighted sum of pre-synaptic rates.

Rate-coded neurons, and synapses with a ``psp`` and no ``pre_spike`` between
spiking neurons (gap junctions: ANNarchy's continuous transmission).
"""
from ...core.projection import Projection
from ..run_arguments import projection_arguments, rng_argument
from ..source import Call
from ..synapse_kernels import rate_propagation
from ..vector import kernels as vector_kernels
from . import ProjectionKind, register


@register(Projection, transmission="rate")
class RateProjectionKind(ProjectionKind):
    """``sum(target)`` of each post neuron from the current (or delayed) pre-synaptic ``r``."""

    name = "rate_projection"

    def generate(self, layout, program, arrays):
        q, pre = layout.index, layout.pre
        common = projection_arguments(layout, arrays)
        post_rank, pre_rank = arrays.each(layout, "post_rank", "pre_rank")
        program.add(f"propagate_proj{q}", "propagate", rate_propagation(layout),
                    vector=lambda: vector_kernels.rate_propagation(layout))
        delayed = (arrays.of(pre, "rate_history"), arrays.of(layout, "delay")) if layout.delayed_rates else ()
        propagate = [Call(f"propagate_proj{q}", ("step", "dt", arrays.of(layout, "post_ptr"), pre_rank) + common
                          + delayed + rng_argument(layout, "psp"))]
        return propagate, self.plasticity(layout, program, arrays, common, post_rank, pre_rank)
