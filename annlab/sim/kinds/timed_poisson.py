"""``TimedPoissonPopulation``: Poisson neurons whose rates follow a schedule of rows."""
from ...core.inputs import TimedPoissonPopulation
from ..source import Block, Store
from . import register
from .neuron import NeuronKind
from .timed_array import allocate_schedule


@register(TimedPoissonPopulation)
class TimedPoissonKind(NeuronKind):
    """The Poisson neuron's equations, with ``rates`` set from the row scheduled now."""

    name = "timed_poisson"
    extra_parameters = "buffer, schedule, "
    arrays = {"buffer": ("F2", "slot_buffer"), "schedule": ("I1", "slot_schedule")}

    def allocate(self, layout, dt):
        allocate_schedule(layout, layout.population.timed_rows(), dt)

    def prologue(self, layout):
        return ["row = _schedule_row(step, schedule)",
                Block("for k in range(N):", [Store("S", f"{layout.row['rates']}, k",
                                                   "buffer[row, k] if row >= 0 else 0.0")])]

    def vector_prologue(self, layout):
        return ["row = _schedule_row(step, schedule)",
                Store("S", layout.row["rates"], "buffer[row] if row >= 0 else 0.0")]

    def extra_arguments(self, layout, arrays):
        return arrays.each(layout, "buffer", "schedule")
