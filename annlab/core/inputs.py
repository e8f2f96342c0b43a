"""Input populations: Poisson spike trains, spike-time arrays, timed rates.

Examples
--------
>>> from annlab import PoissonPopulation, SpikeSourceArray, clear
>>> clear()
>>> PoissonPopulation(100, rates=10.0).rates[:3]
array([10., 10., 10.])
>>> SpikeSourceArray(spike_times=[[10.0, 20.0], [15.0]]).spike_times
[[10.0, 20.0], [15.0]]
"""
import numpy as np

from .models import Neuron
from .population import Population
from ..errors import ValidationError


def _poisson_neuron(rates):
    if isinstance(rates, str):
        return Neuron(equations=f"rates = {rates}\np = Uniform(0.0, 1.0) * 1000.0 / dt",
                      spike="p < rates", name="Poisson")
    return Neuron(parameters="rates = 10.0", equations="p = Uniform(0.0, 1.0) * 1000.0 / dt",
                  spike="p < rates", name="Poisson")


class PoissonPopulation(Population):
    """Neurons spiking as Poisson processes: each step, with probability ``rates*dt/1000``.

    Parameters
    ----------
    geometry : int or tuple
    rates : float, array or str
        Rate in Hz: one number, one per neuron, or an equation of ``t`` (ms),
        e.g. ``"10.0 + 10.0*sin(2*pi*t/100.0)"``.
    name : str, optional
    """

    def __init__(self, geometry, name=None, rates=None, target=None, parameters=None, refractory=None,
                 copied=False, _register=True):
        if target is not None:
            raise ValidationError("PoissonPopulation", "target", "rates driven by a target are not supported; "
                                  "use a rate equation or set rates from Python")
        if rates is None:
            rates = 10.0
        super().__init__(geometry, _poisson_neuron(rates), name=name, _register=_register)
        if not isinstance(rates, str):
            self.rates = rates

    def __repr__(self):
        return f"PoissonPopulation(name={self.name!r}, geometry={self.geometry})"


def _spike_steps(owner, spike_times, size):
    if size == 1 and spike_times and not isinstance(spike_times[0], (list, tuple, np.ndarray)):
        spike_times = [spike_times]
    if len(spike_times) != size:
        raise ValidationError(owner, "spike_times", f"Value must have one list per neuron ({size}), "
                              f"got {len(spike_times)}")
    cleaned = []
    for rank, times in enumerate(spike_times):
        times = [float(t) for t in times]
        if any(t < 0 for t in times):
            raise ValidationError(owner, "spike_times", f"Spike times must be >= 0 (neuron {rank})")
        cleaned.append(sorted(times))
    return cleaned


class SpikeSourceArray(Population):
    """Neurons spiking at given times (ms), converted to steps with ``round(t/dt)``.

    Parameters
    ----------
    spike_times : list of float, or list of lists
        One list of times for a single neuron, or one list per neuron.
    name : str, optional
    """

    def __init__(self, spike_times, name=None, copied=False, _register=True):
        if not isinstance(spike_times, (list, tuple, np.ndarray)):
            raise ValidationError("SpikeSourceArray", "spike_times", "Value must be a list (of lists) of times")
        spike_times = [list(t) if isinstance(t, (list, tuple, np.ndarray)) else t for t in spike_times]
        nested = bool(spike_times) and isinstance(spike_times[0], list)
        size = len(spike_times) if nested else 1
        neuron = Neuron(equations="", spike="False", name="SpikeSourceArray")
        super().__init__(size, neuron, name=name, _register=_register)
        self._kind = "spike_source_array"
        self._extra["spike_times"] = _spike_steps(self.name, spike_times, size)

    @property
    def spike_times(self):
        """Spike times (ms) of each neuron."""
        return [list(t) for t in self._extra["spike_times"]]

    @spike_times.setter
    def spike_times(self, value):
        self._extra["spike_times"] = _spike_steps(self.name, list(value), self.size)
        if self._simulator is not None:
            self._simulator.update_inputs(self)

    def __repr__(self):
        return f"SpikeSourceArray(name={self.name!r}, size={self.size})"


class TimedArray(Population):
    """Rate-coded neurons whose ``r`` follows the rows of an array.

    Parameters
    ----------
    rates : array of shape (rows, *geometry)
        Row k is used from ``k*schedule`` ms on (the last row stays).
    schedule : float
        Duration of a row in ms (default: one step).
    period : float
        When > 0, the sequence repeats every ``period`` ms.
    """

    def __init__(self, rates, geometry=None, schedule=0.0, period=-1.0, name=None, _register=True):
        rates = np.asarray(rates, dtype=float)
        if rates.ndim < 2:
            raise ValidationError("TimedArray", "rates", f"Value must have shape (rows, neurons...) "
                                  f"(got {rates.shape})")
        geometry = geometry or rates.shape[1:]
        super().__init__(geometry, Neuron(equations="r = 0.0", name="TimedArray"), name=name,
                         _register=_register)
        if int(np.prod(rates.shape[1:])) != self.size:
            raise ValidationError("TimedArray", "rates", f"Rows must have {self.size} values")
        if schedule < 0:
            raise ValidationError("TimedArray", "schedule", f"Value must be greater than or equal to 0 "
                                  f"(got {schedule})")
        self._kind = "timed_array"
        self._extra.update(buffer=rates.reshape(rates.shape[0], -1), schedule=float(schedule),
                           period=float(period))

    def __repr__(self):
        return f"TimedArray(name={self.name!r}, geometry={self.geometry}, rows={self._extra['buffer'].shape[0]})"


class TimedPoissonPopulation(Population):
    """Poisson neurons whose rates change at scheduled times.

    Parameters
    ----------
    geometry : int or tuple
    rates : list
        One rate (or array of rates) per entry of ``schedule``.
    schedule : list of float
        Times (ms) at which each entry of ``rates`` starts.
    period : float
        When > 0, the schedule repeats every ``period`` ms.
    """

    def __init__(self, geometry, rates, schedule, period=-1.0, name=None, _register=True):
        neuron = Neuron(parameters="rates = 0.0", equations="p = Uniform(0.0, 1.0) * 1000.0 / dt",
                        spike="p < rates", name="TimedPoisson")
        super().__init__(geometry, neuron, name=name, _register=_register)
        schedule = [float(s) for s in np.atleast_1d(schedule)]
        if len(rates) != len(schedule):
            raise ValidationError("TimedPoissonPopulation", "rates", f"Value must have one entry per schedule "
                                  f"time ({len(schedule)}), got {len(rates)}")
        if any(b <= a for a, b in zip(schedule, schedule[1:])):
            raise ValidationError("TimedPoissonPopulation", "schedule", "Times must increase")
        buffer = np.array([np.broadcast_to(np.asarray(r, dtype=float).reshape(-1), (self.size,))
                           for r in rates])
        self._kind = "timed_poisson"
        self._extra.update(buffer=buffer, schedule=schedule, period=float(period))
