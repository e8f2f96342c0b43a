"""Spike2RatePopulation: rates computed from the spikes of a spiking population (ANNarchy 4.8's hybrid extension).

The conversion is built from ordinary parts: a rate-coded population whose
neuron model does the arithmetic, and one-to-one projections from the spiking
population (weight 1) whose delays bring each spike in when it starts to count
and, in the ``window`` mode, again when it stops counting. No engine code is
specific to it. The projections belong to the network the population is
created in (``Network(everything=True)`` copies them; a Network built with
``add()`` needs them too: they are :attr:`Spike2RatePopulation.projections`).

The arithmetic is that of ANNarchy 4.8's C++ template for this class (its
4.8.2.7 release does not use the template: the population it compiles keeps
``r = 0``, so there is no ANNarchy trace to compare with).

Examples
--------
>>> from annlab import SpikeSourceArray, Monitor, compile, simulate, clear
>>> clear()
>>> spikes = SpikeSourceArray(spike_times=[[2.0, 5.0]])
>>> rate = Spike2RatePopulation(spikes, window=5.0)   # 1 spike in the window: 200 Hz
>>> m = Monitor(rate, "r")
>>> compile(); simulate(12.0)
>>> m.get("r")[:, 0].tolist()
[0.0, 0.0, 0.0, 200.0, 200.0, 200.0, 400.0, 400.0, 400.0, 200.0, 200.0, 200.0]
"""
import warnings

from .models import Neuron
from .population import Population
from .projection import Projection
from ..errors import NotSupportedError, ValidationError

_WINDOW = """
n = n + g_add - g_sub
r += dt * (1000.0 / scaling / window * n - r) / smooth
g_add = 0.0
g_sub = 0.0
"""

# isi, support and last are counted in steps; a spike of step s is seen at step s + 1, as in ANNarchy
_ISI = """
now = floor(t / dt + 0.5)
support = if g_in > 0.5: now - 1.0 - last else: if now - last <= isi: support else: if now - last <= cut * isi: support + 1.0 else: 10000.0
isi = if g_in > 0.5: now - 1.0 - last else: isi
last = if g_in > 0.5: now - 1.0 else: last
r += dt * (1000.0 / scaling / support / dt - r) / smooth
g_in = 0.0
"""


class Spike2RatePopulation(Population):
    """Rate-coded neurons whose ``r`` is the firing rate (Hz / ``scaling``) of a spiking population's neurons.

    Parameters
    ----------
    population : Population
        The spiking population (one rate neuron per spiking neuron).
    name : str, optional
    mode : str
        ``'window'``: spikes of the last ``window`` ms, per second; ``'isi'``: the inverse of the last
        inter-spike interval, which fades once ``cut`` intervals pass without a spike.
    window : float
        Width of the sliding window in ms (fixed at creation: it sets the delays of the projections).
    scaling : float
        ``r = 1`` means ``scaling`` Hz.
    smooth : float
        Time constant (ms) of the low pass on ``r`` (the default, 1 ms with dt = 1 ms: none).
    cut : float
        ``'isi'`` mode: intervals (in units of the last one) before the rate drops to ~0.
    """

    def __init__(self, population, name=None, mode="window", window=100.0, scaling=1.0, smooth=1.0, cut=3.0,
                 copied=False, _register=True):
        if not isinstance(population, Population) or population.neuron_type.type != "spike":
            raise ValidationError("Spike2RatePopulation", "population", f"Must be a population of spiking "
                                  f"neurons (got {population!r})")
        if mode == "window":
            neuron = Neuron(parameters=f"window = {float(window)} : population\nscaling = {float(scaling)} : "
                                       f"population\nsmooth = {float(smooth)} : population",
                            equations=_WINDOW, name="Spike2Rate (window)")
        elif mode == "isi":
            neuron = Neuron(parameters=f"cut = {float(cut)} : population\nscaling = {float(scaling)} : population\n"
                                       f"smooth = {float(smooth)} : population",
                            equations=_ISI, name="Spike2Rate (isi)")
        else:
            raise ValidationError("Spike2RatePopulation", "mode", f"Value must be 'window' or 'isi' (got {mode!r}; "
                                  f"ANNarchy's unfinished 'adaptive' mode is not available)")
        if window <= 0 or smooth <= 0 or scaling == 0:
            raise ValidationError("Spike2RatePopulation", "window", "window and smooth must be > 0, scaling not 0")
        super().__init__(population.geometry, neuron, name=name, _register=_register)
        if mode == "isi":
            self.last, self.isi, self.support = -10000.0, 10000.0, 10000.0
        self.mode = mode
        self._source = population
        self.projections = self._connect(population, mode, float(window), _register)

    def _connect(self, population, mode, window, register):
        from . import config

        step = config.get("dt")
        delays = {"in": step} if mode == "isi" else {"add": step, "sub": (int(window / step + 1e-9) + 2) * step}
        made = []
        with warnings.catch_warnings():  # the targets are variables of the model, not sum(target)
            warnings.filterwarnings("ignore", message=".*does not use the target")
            for target, delay in delays.items():
                proj = Projection(population, self, target, name=f"{self.name}_{target}", _register=register)
                made.append(proj.connect_one_to_one(1.0, delays=delay))
        return made

    def __repr__(self):
        return f"Spike2RatePopulation(name={self.name!r}, population={self._source.name!r}, mode={self.mode!r})"


class Rate2SpikePopulation:
    """ANNarchy's rate-to-spike conversion: not available in annlab yet.

    Creating one raises :class:`~annlab.errors.NotSupportedError` naming the alternative.
    """

    def __init__(self, population, name=None, refractory=None):
        raise NotSupportedError(
            f"Rate2SpikePopulation of '{getattr(population, 'name', population)}' is not available in annlab "
            f"yet: use a PoissonPopulation whose rates follow the population (PoissonPopulation(geometry, "
            f"rates=...), updated between simulate() calls), or a spiking neuron driven by CurrentInjection")
