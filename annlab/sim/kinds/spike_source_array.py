"""``SpikeSourceArray``: neurons that spike at listed times."""
import numpy as np

from ...core.inputs import SpikeSourceArray
from .. import templates
from ..source import Call, fill
from . import PopulationKind, register


@register(SpikeSourceArray)
class SpikeSourceArrayKind(PopulationKind):
    """Sorted (step, rank) events and a cursor on the next one."""

    name = "spike_source_array"
    equations = False
    arrays = {"events": ("I2", "slot_events"), "cursor": ("I1", "slot_cursor")}

    def allocate(self, layout, dt):
        layout.events = np.zeros((2, 0), np.int64)
        layout.cursor = np.zeros(1, np.int64)
        self.set_spike_times(layout, layout.population.spike_times, dt)
        layout.slot_cursor = layout.slots.add("I1", layout.cursor)

    @staticmethod
    def set_spike_times(layout, spike_times, dt):
        """(Re)build the sorted event list."""
        pairs = sorted({(int(round(t / dt)), rank) for rank, times in enumerate(spike_times) for t in times})
        events = np.array(pairs, dtype=np.int64).reshape(-1, 2).T.copy()
        if hasattr(layout, "slot_events"):
            layout.slots.tuples["I2"][layout.slot_events] = events
        else:
            layout.slot_events = layout.slots.add("I2", events)
        layout.events = events

    def seek(self, layout, step):
        layout.cursor[0] = np.searchsorted(layout.events[0], step)

    def changed(self, layout, dt, step):
        self.set_spike_times(layout, layout.population.spike_times, dt)
        self.seek(layout, step)
        return []

    def update_source(self, layout):
        return fill(templates.SPIKE_SOURCE_UPDATE)

    def update_call(self, layout, arrays):
        return Call(f"update_pop{layout.index}", ("step",) + arrays.each(
            layout, "events", "cursor", "ring", "ring_count", "last_spike", "record") + ("spk_out", "counters"))
