"""Offline analysis of recorded spikes: raster plots, rates and ISI statistics.

Every function takes the dictionary returned by ``Monitor.get('spike')``,
``{rank: [step, step, ...]}``, whose spike times are integer simulation
steps, and the step size ``dt`` in ms to convert them (as in ANNarchy 4.8).
A dictionary ``{'spike': {...}}`` (``Monitor.get()``) is accepted too.
These functions back the methods of the Monitor and need numpy only.

The rate functions work on a recording window of ``duration_steps`` steps
starting at ``start_step``. By default the window spans the first to the last
spike (both included), as in ANNarchy; when only ``duration_steps`` is given,
the recording is taken to start at step 0. Spikes outside the window are
ignored.
"""
import math
import numbers
from collections.abc import Mapping

import numpy as np

from .errors import ArgumentTypeError, ValidationError

__all__ = ["raster_plot", "histogram", "mean_fr", "smoothed_rate",
           "population_rate", "inter_spike_interval",
           "coefficient_of_variation", "spike_counts", "rank_order"]


# ----------------------------------------------------------------- helpers
def _number(owner, name, value, strict=True):
    """``value`` as a finite float, > 0 (``strict``) or >= 0."""
    if not isinstance(value, numbers.Real):
        raise ArgumentTypeError(f"{owner}.{name}: expected a number (got {value!r})")
    v = float(value)
    if not math.isfinite(v) or v < 0 or (strict and v == 0):
        bound = "greater than 0" if strict else "greater than or equal to 0"
        raise ValidationError(owner, name, f"Value must be {bound} (got {value})")
    return v


def _integer(owner, name, value, minimum=None):
    if isinstance(value, (bool, np.bool_)) or not isinstance(value, (int, np.integer)):
        raise ArgumentTypeError(f"{owner}.{name}: expected an integer (got {value!r})")
    if minimum is not None and value < minimum:
        raise ValidationError(owner, name,
                              f"Value must be greater than or equal to {minimum} (got {value})")
    return int(value)


def _spike_dict(owner, spikes):
    """Normalise to ``{int rank: sorted int64 array of steps}``."""
    if isinstance(spikes, Mapping) and "spike" in spikes:
        spikes = spikes["spike"]
    if not isinstance(spikes, Mapping):
        raise ArgumentTypeError(f"{owner}.spikes: expected a dict {{rank: spike steps}} "
                                f"(got {type(spikes).__name__})")
    data = {}
    for rank, steps in spikes.items():
        rank = int(rank)
        if rank < 0:
            raise ValidationError(owner, "spikes", f"Ranks must be >= 0 (got {rank})")
        data[rank] = np.sort(np.asarray(steps, dtype=np.int64).ravel())
    return data


def rank_order(steps, ranks):
    """Order sorting spike records by rank, then step (records as kept by a Monitor, in time order).

    Examples
    --------
    >>> rank_order(np.array([1, 1, 2, 3]), np.array([5, 0, 5, 0])).tolist()
    [1, 3, 0, 2]
    """
    if np.all(steps[1:] >= steps[:-1]):  # in time order: a stable sort by rank keeps it
        return np.argsort(ranks, kind="stable")
    return np.lexsort((steps, ranks))


def _n_rows(owner, data, n_neurons):
    """Number of rows of a per-neuron result where row i holds rank i."""
    top = max(data) + 1 if data else 0
    if n_neurons is None:
        return top
    n = _integer(owner, "n_neurons", n_neurons, minimum=0)
    if n < top:
        raise ValidationError(owner, "n_neurons",
                              f"Value must be greater than the largest rank {top - 1} (got {n})")
    return n


def _window(owner, data, start_step, duration_steps):
    """(start, number of steps) of the recording window."""
    if duration_steps is not None:
        duration_steps = _integer(owner, "duration_steps", duration_steps, minimum=0)
    if start_step is not None:
        start_step = _integer(owner, "start_step", start_step)
    nonempty = [s for s in data.values() if s.size]
    if start_step is None:
        if duration_steps is None and nonempty:
            start_step = int(min(s[0] for s in nonempty))
        else:
            start_step = 0
    if duration_steps is None:
        last = max((int(s[-1]) for s in nonempty), default=start_step - 1)
        duration_steps = max(last - start_step + 1, 0)
    return start_step, duration_steps


def _isi(owner, spikes, dt, ranks):
    """``{rank: ISIs in ms}`` of the selected ranks."""
    dt = _number(owner, "dt", dt)
    data = _spike_dict(owner, spikes)
    selected = sorted(data) if ranks is None else [int(r) for r in ranks]
    empty = np.zeros(0, dtype=np.int64)
    return {r: np.diff(data.get(r, empty)) * dt for r in selected}


def _low_pass(x, alpha, chunk=32):
    """First-order low pass along the last axis, ``y[0] = x[0]`` and
    ``y[t] = y[t-1] + alpha * (x[t] - y[t-1])``, computed chunk by chunk."""
    y = np.empty_like(x)
    d = x.shape[-1]
    if d == 0:
        return y
    b = 1.0 - alpha
    k = np.arange(min(chunk, d))
    lag = k[:, None] - k[None, :]
    gain = np.where(lag >= 0, alpha * b ** np.maximum(lag, 0), 0.0).T
    decay = b ** (k + 1)
    prev = x[..., 0]
    for i in range(0, d, k.size):
        c = x[..., i:i + k.size]
        n = c.shape[-1]
        yc = c @ gain[:n, :n] + prev[..., None] * decay[:n]
        y[..., i:i + n] = yc
        prev = yc[..., -1]
    return y


# ---------------------------------------------------------------- functions
def raster_plot(spikes, dt):
    """Spike times and ranks of every recorded spike, for a raster plot.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}`` as returned by ``Monitor.get('spike')``.
    dt : float
        Step size in ms.

    Returns
    -------
    t, n : numpy.ndarray
        Spike times in ms (``step * dt``) and ranks, by rank then time.

    Examples
    --------
    >>> t, n = raster_plot({1: [15], 0: [10, 20]}, dt=0.5)
    >>> t.tolist(), n.tolist()
    ([5.0, 10.0, 7.5], [0, 0, 1])
    """
    dt = _number("raster_plot", "dt", dt)
    data = _spike_dict("raster_plot", spikes)
    ranks = sorted(data)
    steps = [data[r] for r in ranks]
    if not steps:
        return np.zeros(0), np.zeros(0, dtype=np.int64)
    t = np.concatenate(steps) * dt
    n = np.repeat(np.asarray(ranks, dtype=np.int64), [s.size for s in steps])
    return t, n


def spike_counts(spikes, n_neurons=None):
    """Number of spikes emitted by each neuron (index = rank).

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    n_neurons : int, optional
        Length of the result; default: largest rank + 1.

    Examples
    --------
    >>> spike_counts({0: [1, 5], 2: [3]}, 4).tolist()
    [2, 0, 1, 0]
    """
    data = _spike_dict("spike_counts", spikes)
    counts = np.zeros(_n_rows("spike_counts", data, n_neurons), dtype=np.int64)
    for rank, steps in data.items():
        counts[rank] = steps.size
    return counts


def histogram(spikes, dt, bins=None, per_neuron=False, n_neurons=None,
              start_step=None, duration_steps=None):
    """Number of spikes in each time bin, over all neurons.

    As in ANNarchy, bins start at the first step of the window (by default
    the first spike) and the last bin contains the last step of the window
    (by default the last spike), so it may be shorter than ``bins``.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    dt : float
        Step size in ms.
    bins : float, optional
        Bin width in ms (default: ``dt``); rounded down to whole steps.
    per_neuron : bool, optional
        Return one histogram per rank (shape ``(n_neurons, n_bins)``).
    n_neurons : int, optional
        Rows of the per-neuron result (default: largest rank + 1).
    start_step, duration_steps : int, optional
        Recording window (see the module documentation).

    Examples
    --------
    >>> histogram({0: [0, 1, 4], 1: [1, 3]}, dt=1.0, bins=2.0).tolist()
    [3, 1, 1]
    """
    owner = "histogram"
    dt = _number(owner, "dt", dt)
    bins = dt if bins is None else _number(owner, "bins", bins)
    if bins < dt * (1.0 - 1e-9):
        raise ValidationError(owner, "bins",
                              f"Value must be greater than or equal to dt={dt} (got {bins})")
    bin_step = max(int(math.floor(bins / dt + 1e-9)), 1)
    data = _spike_dict(owner, spikes)
    start, d = _window(owner, data, start_step, duration_steps)
    nb = -(-d // bin_step)
    rows = _n_rows(owner, data, n_neurons) if per_neuron else 0
    histo = np.zeros((rows, nb) if per_neuron else nb, dtype=np.int64)
    for rank, steps in data.items():
        rel = steps - start
        rel = rel[(rel >= 0) & (rel < d)] // bin_step
        (histo[rank] if per_neuron else histo)[:] += np.bincount(rel, minlength=nb)
    return histo


def mean_fr(spikes, dt, duration=None):
    """Mean firing rate (Hz) of the recorded neurons (0.0 without spikes).

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``; every key counts as a neuron, silent or not.
    dt : float
        Step size in ms.
    duration : float, optional
        Duration of the recording in ms. By default, as in ANNarchy, the time
        between the first and the last spike, which is shorter than the
        recording; the Monitor passes its recording duration.

    Examples
    --------
    >>> mean_fr({0: list(range(0, 1000, 100)), 1: []}, dt=0.1, duration=100.0)
    50.0
    """
    owner = "mean_fr"
    dt = _number(owner, "dt", dt)
    data = _spike_dict(owner, spikes)
    if duration is not None:
        duration = _number(owner, "duration", duration)
    total = sum(s.size for s in data.values())
    if total == 0:
        return 0.0
    if duration is None:
        nonempty = [s for s in data.values() if s.size]
        t_min = min(int(s[0]) for s in nonempty)
        t_max = max(int(s[-1]) for s in nonempty)
        duration = (t_max - t_min) * dt
        if duration == 0:
            raise ValidationError(owner, "duration",
                                  "Cannot be deduced from spikes that all occur at one "
                                  "step; pass the recording duration in ms")
    return float(total / len(data) / duration * 1000.0)


def smoothed_rate(spikes, dt, smooth=0.0, n_neurons=None, start_step=None,
                  duration_steps=None):
    """Instantaneous firing rate of each neuron (Hz), optionally smoothed.

    Between two consecutive spikes at steps ``a < b`` the rate is
    ``1000 / ((b - a) * dt)`` on steps ``a .. b-1``; it is 0 before the first
    and from the last spike of a neuron on. When ``smooth > dt`` each row is
    passed through the low pass ``r[t] = r[t-1] + dt / smooth * (x[t] - r[t-1])``
    with ``r[0] = x[0]``, as in ANNarchy.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    dt : float
        Step size in ms.
    smooth : float, optional
        Time constant of the low pass in ms (default 0: no smoothing).
    n_neurons : int, optional
        When given, the result has ``n_neurons`` rows and row ``i`` holds
        rank ``i``; otherwise one row per key of ``spikes``, by rank.
    start_step, duration_steps : int, optional
        Recording window (see the module documentation).

    Examples
    --------
    >>> smoothed_rate({0: [0, 2, 6]}, dt=1.0).tolist()
    [[500.0, 500.0, 250.0, 250.0, 250.0, 250.0, 0.0]]
    >>> smoothed_rate({0: [0, 2, 6]}, dt=1.0, smooth=4.0).round(1).tolist()
    [[500.0, 500.0, 437.5, 390.6, 355.5, 329.1, 246.8]]
    """
    owner = "smoothed_rate"
    dt = _number(owner, "dt", dt)
    smooth = _number(owner, "smooth", smooth, strict=False)
    data = _spike_dict(owner, spikes)
    if n_neurons is None:
        ranks = sorted(data)
    else:
        ranks = range(_n_rows(owner, data, n_neurons))
    start, d = _window(owner, data, start_step, duration_steps)
    rates = np.zeros((len(ranks), d))
    for row, rank in enumerate(ranks):
        s = np.unique(data.get(rank, np.zeros(0, dtype=np.int64)))
        if s.size < 2:
            continue
        inst = 1000.0 / (dt * np.diff(s))
        lo, hi = max(int(s[0]) - start, 0), min(int(s[-1]) - start, d)
        if hi > lo:
            k = np.searchsorted(s, np.arange(start + lo, start + hi), side="right") - 1
            rates[row, lo:hi] = inst[k]
    if smooth > dt:
        rates = _low_pass(rates, dt / smooth)
    return rates


def population_rate(spikes, dt, smooth=0.0, n_neurons=None, start_step=None,
                    duration_steps=None):
    """Mean firing rate of the population over time (Hz), one value per step.

    The number of spikes at each step is divided by ``n_neurons * dt``
    (in s), then smoothed like :func:`smoothed_rate` when ``smooth > dt``.
    Without smoothing its mean equals :func:`mean_fr` over the same window.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    dt : float
        Step size in ms.
    smooth : float, optional
        Time constant of the low pass in ms (default 0: no smoothing).
    n_neurons : int, optional
        Size of the population (default: number of keys of ``spikes``).
    start_step, duration_steps : int, optional
        Recording window (see the module documentation).

    Examples
    --------
    >>> population_rate({0: [0, 2], 1: [2]}, dt=1.0).tolist()
    [500.0, 0.0, 1000.0]
    """
    owner = "population_rate"
    dt = _number(owner, "dt", dt)
    smooth = _number(owner, "smooth", smooth, strict=False)
    data = _spike_dict(owner, spikes)
    n = len(data) if n_neurons is None else _n_rows(owner, data, n_neurons)
    start, d = _window(owner, data, start_step, duration_steps)
    counts = np.zeros(d)
    for steps in data.values():
        rel = steps - start
        counts += np.bincount(rel[(rel >= 0) & (rel < d)], minlength=d)
    if n == 0:
        return counts
    rates = counts * (1000.0 / (dt * n))
    if smooth > dt:
        rates = _low_pass(rates, dt / smooth)
    return rates


def inter_spike_interval(spikes, dt, ranks=None, per_neuron=False):
    """Inter-spike intervals (ms).

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    dt : float
        Step size in ms.
    ranks : list of int, optional
        Neurons to evaluate (default: all keys of ``spikes``); a rank absent
        from ``spikes`` has no spike.
    per_neuron : bool, optional
        Return ``{rank: array of ISIs}`` (empty for fewer than 2 spikes)
        instead of one flat array.

    Examples
    --------
    >>> inter_spike_interval({0: [0, 10, 30], 1: [5]}, dt=0.5).tolist()
    [5.0, 10.0]
    >>> isi = inter_spike_interval({0: [0, 10, 30], 1: [5]}, dt=0.5, per_neuron=True)
    >>> {rank: v.tolist() for rank, v in isi.items()}
    {0: [5.0, 10.0], 1: []}
    """
    isi = _isi("inter_spike_interval", spikes, dt, ranks)
    if per_neuron:
        return isi
    return np.concatenate([np.zeros(0)] + list(isi.values()))


def coefficient_of_variation(spikes, dt, ranks=None, per_neuron=False):
    """Coefficient of variation (std / mean) of the inter-spike intervals.

    As in ANNarchy, the CV of a neuron uses the population standard deviation
    and needs at least two intervals (three spikes); otherwise it is nan.
    By default, the mean CV over the neurons where it is defined (nan if none)
    is returned.

    Parameters
    ----------
    spikes : dict
        ``{rank: spike steps}``.
    dt : float
        Step size in ms.
    ranks : list of int, optional
        Neurons to evaluate (default: all keys of ``spikes``).
    per_neuron : bool, optional
        Return ``{rank: cv}`` instead of the mean over neurons.

    Examples
    --------
    >>> spikes = {0: [0, 10, 20, 30], 1: [0, 10, 30], 2: [4]}
    >>> round(coefficient_of_variation(spikes, dt=0.1), 4)
    0.1667
    >>> cv = coefficient_of_variation(spikes, dt=0.1, per_neuron=True)
    >>> {rank: round(v, 4) for rank, v in cv.items()}
    {0: 0.0, 1: 0.3333, 2: nan}
    """
    isi = _isi("coefficient_of_variation", spikes, dt, ranks)
    cv = {r: float(np.std(v) / np.mean(v)) if v.size >= 2 else math.nan
          for r, v in isi.items()}
    if per_neuron:
        return cv
    defined = [v for v in cv.values() if not math.isnan(v)]
    return float(np.mean(defined)) if defined else math.nan
