"""``TimedArray``: ``r`` follows rows of a buffer, one row per scheduled time."""
import numpy as np

from ...core.inputs import TimedArray
from .. import templates
from ..source import Call, fill
from ..vector import kernels as vector_kernels, templates as vector_templates
from . import PopulationKind, register


def allocate_schedule(layout, extra, dt, row_period=False):
    """The rows (``buffer``) and the start step of each (``schedule`` = [period, start_0, ...]).

    ``extra``: the model's ``timed_rows()``. ``row_period``: a scalar ``extra["schedule"]`` is the
    time each row lasts (TimedArray), else ``extra["schedule"]`` lists the start time of each row.
    """
    slots = layout.slots
    layout.buffer = np.ascontiguousarray(extra["buffer"], dtype=layout.precision.dtype)
    layout.slot_buffer = slots.add("F2", layout.buffer)
    if row_period and np.ndim(extra["schedule"]) == 0:
        steps_per_row = max(1, int(round(extra["schedule"] / dt))) if extra["schedule"] > 0 else 1
        starts = np.arange(layout.buffer.shape[0], dtype=np.int64) * steps_per_row
    else:
        starts = np.rint(np.asarray(extra["schedule"]) / dt).astype(np.int64)
    period = int(round(extra["period"] / dt)) if extra["period"] > 0 else 0
    layout.schedule = np.concatenate([[period], starts]).astype(np.int64)
    layout.slot_schedule = slots.add("I1", layout.schedule)


@register(TimedArray)
class TimedArrayKind(PopulationKind):
    name = "timed_array"
    equations = False
    arrays = {"buffer": ("F2", "slot_buffer"), "schedule": ("I1", "slot_schedule")}

    def allocate(self, layout, dt):
        allocate_schedule(layout, layout.population.timed_rows(), dt, row_period=True)

    def changed(self, layout, dt, step):
        """New rows and schedule, in the slots of the old ones (``TimedArray.update()``)."""
        kept = (layout.slot_buffer, layout.slot_schedule)
        slots = layout.slots
        layout.slots = type(slots)(slots.precision)
        self.allocate(layout, dt)
        slots.tuples["F2"][kept[0]], slots.tuples["I1"][kept[1]] = layout.buffer, layout.schedule
        layout.slots, (layout.slot_buffer, layout.slot_schedule) = slots, kept
        return [(0, layout.slot_buffer)]

    def update_source(self, layout):
        return fill(templates.TIMED_ARRAY_UPDATE, row_r=layout.row["r"])

    def vector_update_source(self, layout):
        return vector_kernels.module(fill(vector_templates.TIMED_ARRAY_UPDATE, row_r=layout.row["r"]))

    def update_call(self, layout, arrays):
        return Call(f"update_pop{layout.index}", ("step",) + arrays.each(layout, "S", "buffer", "schedule"))
