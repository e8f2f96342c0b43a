"""ANNarchy 4.8's module-level spike analysis: ``raster_plot(spikes)``, ``mean_fr(spikes)``...

These are the functions ``from ANNarchy import *`` provides next to the
Monitor methods: they take the dictionary of ``Monitor.get('spike')``
(``{rank: [step, ...]}``) and the step size of :func:`annlab.setup`. The
recording window is the one ANNarchy uses, from the first to the last spike
of the dictionary; the computations are those of :mod:`annlab.analysis`.

Where ANNarchy 4.8's own numbers are wrong, these are not:
``smoothed_rate`` puts step ``t_min + k`` in column ``k`` (ANNarchy writes
step ``k`` there, so every column is shifted when the first spike is not at
step 0) and fills the first interval of the neuron that spikes first
(ANNarchy leaves it at 0).

Examples
--------
>>> from annlab import setup, clear
>>> clear(); setup(dt=0.5)
>>> spikes = {0: [2, 6, 10], 1: [4]}
>>> t, n = raster_plot(spikes)
>>> t.tolist(), n.tolist()
([1.0, 3.0, 5.0, 2.0], [0, 0, 0, 1])
>>> mean_fr(spikes)   # 4 spikes / 2 neurons / (8 steps * 0.5 ms)
500.0
>>> inter_spike_interval(spikes, per_neuron=True)
{0: [2.0, 2.0]}
"""
import numpy as np

from . import config
from .. import analysis
from ..errors import ValidationError

__all__ = ["raster_plot", "histogram", "mean_fr", "smoothed_rate", "population_rate", "inter_spike_interval",
           "coefficient_of_variation"]


def _dt():
    return config.get("dt")


def _spikes(owner, spikes):
    return analysis._spike_dict(owner, spikes)


def _extent(owner, data):
    """First and last spike step over all neurons."""
    nonempty = [s for s in data.values() if s.size]
    if not nonempty:
        raise ValidationError(owner, "spikes", "The recording has no spike, so its time window is unknown")
    return min(int(s[0]) for s in nonempty), max(int(s[-1]) for s in nonempty)


def raster_plot(spikes):
    """Times (ms) and ranks of every spike, by rank then time.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}`` from ``Monitor.get('spike')``.

    Returns
    -------
    t, n : numpy.ndarray
    """
    return analysis.raster_plot(spikes, _dt())


def histogram(spikes, bins=None, per_neuron=False, recording_window=None):
    """Number of spikes per time bin, from the first spike (or ``recording_window[0]``) on.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    bins : float, optional
        Bin width in ms (default: ``dt``).
    per_neuron : bool
        One histogram per rank (rows 0..largest rank).
    recording_window : (int, int), optional
        First and last step of the window (default: first and last spike);
        spikes outside it are not counted.

    Returns
    -------
    numpy.ndarray
        ``floor(duration / bin) + 1`` bins, duration in steps (as ANNarchy).
    """
    owner = "histogram"
    data = _spikes(owner, spikes)
    if recording_window is None:
        start, stop = _extent(owner, data)
    else:
        start, stop = (int(v) for v in recording_window)
        if stop < start:
            raise ValidationError(owner, "recording_window", f"The window ends before it starts (got "
                                  f"{recording_window})")
    return analysis.histogram(data, _dt(), bins=bins, per_neuron=per_neuron, start_step=start,
                              duration_steps=stop - start + 1)


def mean_fr(spikes, duration=None):
    """Mean firing rate (Hz) of the neurons of ``spikes`` (each key counts, silent or not).

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    duration : float, optional
        Duration of the recording **in steps**, as ANNarchy 4.8 counts it
        (its result is ``spikes / neurons / (duration * dt)``). Default: the
        steps from the first to the last spike.
    """
    owner = "mean_fr"
    data = _spikes(owner, spikes)
    if not data:
        raise ValidationError(owner, "spikes", "The dictionary has no neuron")
    if duration is None:
        start, stop = _extent(owner, data)
        duration = stop - start
    if not float(duration) > 0:
        raise ValidationError(owner, "duration", f"Value must be greater than 0 steps (got {duration}); "
                              f"pass the duration of the recording")
    return analysis.mean_fr(data, _dt(), duration=float(duration) * _dt())


def smoothed_rate(spikes, smooth=0.0):
    """Instantaneous rate (Hz) of each neuron, shape (neurons, last - first spike step).

    Column ``k`` is step ``first + k``; between two spikes at steps ``a < b``
    the rate is ``1000 / ((b - a) dt)``. When ``smooth`` is not 0, each row
    goes through the low pass ``r[k+1] = r[k] + dt/smooth (x[k+1] - r[k])``.
    """
    owner = "smoothed_rate"
    data = _spikes(owner, spikes)
    start, stop = _extent(owner, data)
    dt = _dt()
    rates = analysis.smoothed_rate(data, dt, start_step=start, duration_steps=stop - start)
    smooth = analysis._number(owner, "smooth", smooth, strict=False)
    return analysis._low_pass(rates, dt / smooth) if smooth != 0.0 else rates


def population_rate(spikes, smooth=0.0):
    """Rate (Hz) of the population at each step from the first to the last spike (both included).

    Spikes per step divided by ``neurons * dt``; smoothed as in
    :func:`smoothed_rate` when ``smooth > dt``.
    """
    owner = "population_rate"
    data = _spikes(owner, spikes)
    start, stop = _extent(owner, data)
    return analysis.population_rate(data, _dt(), smooth=smooth, start_step=start,
                                    duration_steps=stop - start + 1)


def inter_spike_interval(spikes, ranks=None, per_neuron=False):
    """Inter-spike intervals (ms) of the neurons with at least two spikes.

    Parameters
    ----------
    spikes : dict
    ranks : list of int, optional
        Only these neurons.
    per_neuron : bool
        ``{rank: [ISIs]}`` instead of one list.
    """
    isi = analysis.inter_spike_interval(spikes, _dt(), per_neuron=True)
    isi = {rank: values.tolist() for rank, values in isi.items()
           if values.size and (ranks is None or rank in ranks)}
    if per_neuron:
        return isi
    return [value for values in isi.values() for value in values]


def coefficient_of_variation(spikes, ranks=None, per_neuron=False):
    """Coefficient of variation (std / mean) of the ISIs of the neurons with at least three spikes.

    Returns ``{rank: cv}`` (``per_neuron``) or the list of the values, as ANNarchy.
    """
    cv = analysis.coefficient_of_variation(spikes, _dt(), per_neuron=True)
    cv = {rank: value for rank, value in cv.items() if not np.isnan(value) and (ranks is None or rank in ranks)}
    if per_neuron:
        return cv
    return list(cv.values())
