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
import warnings

import numpy as np

from . import config
from .models import Neuron
from .population import Population
from ..errors import AnnlabWarning, ValidationError


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
        self._extra["spike_times"] = _spike_steps(self.name, spike_times, size)

    @property
    def spike_times(self):
        """Spike times (ms) of each neuron."""
        return [list(t) for t in self._extra["spike_times"]]

    @spike_times.setter
    def spike_times(self, value):
        self._extra["spike_times"] = _spike_steps(self.name, list(value), self.size)
        if self._compiled is not None:
            self._compiled.update_inputs(self)

    def __repr__(self):
        return f"SpikeSourceArray(name={self.name!r}, size={self.size})"


class _TimedRows:
    """The schedule of rows of a timed input, as the engine reads it."""

    def timed_rows(self):
        """What the engine reads of the schedule: ``{"buffer": rows x neurons, "schedule": start times
        (or the time each row lasts), "period": ms}`` (copies)."""
        return {"buffer": np.array(self._extra["buffer"], float), "schedule": np.copy(self._extra["schedule"]),
                "period": float(self._extra["period"])}


class TimedArray(_TimedRows, Population):
    """Rate-coded neurons whose ``r`` follows the rows of an array.

    Parameters
    ----------
    rates : array of shape (rows, *geometry), optional
        Row k is shown from its scheduled time on; the last row stays after
        the sequence (unless ``period`` repeats it). Without ``rates``, give
        ``geometry`` and call :meth:`update` later (before or after compile).
    geometry : int or tuple, optional
        Shape of the population (default: ``rates.shape[1:]``).
    schedule : float or list of float
        A number: the duration of a row in ms (0, the default: one step);
        a list: the time (ms) at which each row starts (r is 0 before the first).
    period : float
        When > 0, the sequence starts again every ``period`` ms.
    name : str, optional

    Examples
    --------
    >>> from annlab import TimedArray, clear
    >>> clear()
    >>> inp = TimedArray(rates=np.eye(3), schedule=10.0)
    >>> inp.schedule, inp.period
    ([0.0, 10.0, 20.0], -1.0)
    """

    def __init__(self, rates=None, geometry=None, schedule=0.0, period=-1.0, name=None, copied=False,
                 _register=True):
        if rates is None and geometry is None:
            raise ValidationError("TimedArray", "rates", "Give the rates (rows, neurons...) or the geometry "
                                  "(and the rates later with update())")
        if rates is not None:
            rates = np.asarray(rates, dtype=float)
            if rates.ndim < 2:
                raise ValidationError("TimedArray", "rates", f"Value must have shape (rows, neurons...) "
                                      f"(got {rates.shape})")
        super().__init__(geometry if geometry is not None else rates.shape[1:],
                         Neuron(equations="r = 0.0", name="TimedArray"), name=name, _register=_register)
        self._extra.update(buffer=np.zeros((1, self.size)), schedule=[0.0], period=-1.0, given=None)
        if rates is not None:
            self.update(rates, schedule, period)

    def _rows(self, rates):
        rates = np.asarray(rates, dtype=float)
        if rates.ndim < 2 or int(np.prod(rates.shape[1:])) != self.size:
            raise ValidationError(self.name, "rates", f"Value must have shape (rows, {self.size} neurons) "
                                  f"or (rows, *{self.geometry}) (got {rates.shape})")
        if rates.shape[0] == 0:
            raise ValidationError(self.name, "rates", "Value must have at least one row")
        return rates.reshape(rates.shape[0], self.size)

    def _times(self, schedule, rows):
        if np.ndim(schedule) == 0:
            step = float(schedule)
            if step < 0:
                raise ValidationError(self.name, "schedule", f"Value must be greater than or equal to 0 "
                                      f"(got {schedule})")
            step = step if step > 0 else self._dt()
            return [step * k for k in range(rows)]
        times = [float(t) for t in np.asarray(schedule, dtype=float).reshape(-1)]
        if len(times) > rows:
            raise ValidationError(self.name, "schedule", f"Has {len(times)} times for {rows} rows of rates")
        if not times or times[0] < 0:
            raise ValidationError(self.name, "schedule", "Times must be >= 0 (and at least one)")
        steps = np.rint(np.asarray(times) / self._dt())
        if np.any(np.diff(steps) <= 0):
            raise ValidationError(self.name, "schedule", "Times must increase by at least one step")
        if len(times) < rows:
            warnings.warn(f"TimedArray '{self.name}': the schedule has {len(times)} times for {rows} rows of "
                          f"rates; the last rows are never shown", AnnlabWarning, stacklevel=4)
        return times

    def _dt(self):
        return self._compiled.dt if self._compiled is not None else config.get("dt")

    def update(self, rates, schedule=0.0, period=-1.0):
        """Set new rows (and their schedule and period), before or after compile.

        After compile, time is not reset: the new rows follow the network's
        time (``reset()`` starts them again), and ``r`` shows at once the row
        scheduled for the next step.

        Parameters
        ----------
        rates : array of shape (rows, *geometry)
        schedule : float or list of float
            As in the constructor.
        period : float
            As in the constructor.
        """
        buffer = self._rows(rates)
        times = self._times(schedule, buffer.shape[0])
        self._extra.update(buffer=buffer, schedule=times, period=float(period), given=np.array(rates, float))
        self._refresh()

    def _refresh(self):
        if self._compiled is None:
            return
        self._compiled.update_inputs(self)
        extra, dt, step = self._extra, self._compiled.dt, self._compiled.step
        period = int(round(extra["period"] / dt)) if extra["period"] > 0 else 0
        position = step % period if period else step
        starts = np.rint(np.asarray(extra["schedule"]) / dt)
        row = int(np.searchsorted(starts, position, side="right")) - 1
        if row >= 0:
            self._compiled.write_population(self, "r", extra["buffer"][row])

    @property
    def rates(self):
        """The rows, shape (rows, *geometry) (None before any was given)."""
        given = self._extra["given"]
        if given is None:
            return None
        return self._extra["buffer"].reshape((-1,) + tuple(self.geometry)).copy()

    @rates.setter
    def rates(self, value):
        buffer = self._rows(value)
        if buffer.shape[0] < len(self._extra["schedule"]):
            raise ValidationError(self.name, "rates", f"Value must have at least {len(self._extra['schedule'])} "
                                  f"rows (one per scheduled time)")
        self._extra.update(buffer=buffer, given=np.array(value, float))
        self._refresh()

    @property
    def schedule(self):
        """Start time (ms) of each row."""
        return list(self._extra["schedule"])

    @schedule.setter
    def schedule(self, value):
        self._extra["schedule"] = self._times(value, self._extra["buffer"].shape[0])
        self._refresh()

    @property
    def period(self):
        """Period (ms) after which the rows start again; -1: no repetition."""
        return self._extra["period"]

    @period.setter
    def period(self, value):
        self._extra["period"] = float(value)
        self._refresh()

    def __repr__(self):
        return f"TimedArray(name={self.name!r}, geometry={self.geometry}, rows={self._extra['buffer'].shape[0]})"


class TimedPoissonPopulation(_TimedRows, Population):
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
        self._extra.update(buffer=buffer, schedule=schedule, period=float(period))


class InputArray(Population):
    """Rate-coded neurons whose ``r`` is set from Python (and recordable), as ANNarchy 4.8's InputArray.

    Equivalent to ``Population(geometry, Neuron(equations="r = r"))``: nothing changes ``r`` but the script.

    Examples
    --------
    >>> from annlab import InputArray, clear
    >>> clear()
    >>> inp = InputArray(geometry=3)
    >>> inp.r = [1.0, 2.0, 3.0]; inp.r
    array([1., 2., 3.])
    """

    def __init__(self, geometry=None, name=None, copied=False, _register=True):
        if geometry is None:
            raise ValidationError("InputArray", "geometry", "Give the number of neurons or the shape")
        super().__init__(geometry, Neuron(equations="r = r", name="Input Array", description="Input array source."),
                         name=name, _register=_register)


def _rectified(mu, corr, tau):
    """(mu, sigma) of the Ornstein-Uhlenbeck rate whose rectification has mean ``mu`` (Hz) and correlation
    ``corr`` (Brette 2009, as in Brian and ANNarchy)."""
    from scipy.optimize import newton
    from scipy.special import erf

    def moments(m, s):  # mean and standard deviation of max(0, N(m, s^2))
        a = 1.0 + erf(m / (s * 2 ** 0.5))
        mean = s / (2.0 * np.pi) ** 0.5 * np.exp(-0.5 * (m / s) ** 2) + 0.5 * m * a
        return mean, ((m - mean) * mean + 0.5 * s ** 2 * a) ** 0.5

    sigma = (corr * mu / (2.0 * tau / 1000.0)) ** 0.5
    if sigma == 0:
        return float(mu), 0.0
    ratio = mu / sigma
    y = newton(lambda x: np.divide(*moments(x, 1.0)) - ratio, ratio * 1.1)
    new_sigma = mu / (np.exp(-0.5 * y ** 2) / (2.0 * np.pi) ** 0.5 + 0.5 * y * (1.0 + erf(y * 2 ** -0.5)))
    return float(y * new_sigma), float(new_sigma)


class HomogeneousCorrelatedSpikeTrains(Population):
    r"""Poisson-like neurons sharing one fluctuating rate: correlated spike trains (Brette, 2009).

    The population rate ``x`` follows ``dx = (mu - x) dt/tau + sigma sqrt(dt/tau) N(0, 1)`` (one draw per
    step for the whole population) and each neuron spikes with probability ``x dt / 1000``. ``mu`` and
    ``sigma`` are computed so that the (rectified) rate has mean ``rates`` and the spike trains
    correlation ``corr``; setting ``rates``, ``corr`` or ``tau`` recomputes them.

    Parameters
    ----------
    geometry : int or tuple
    rates : float or list of float
        Mean rate (Hz); a list (one value per entry of ``schedule``).
    corr : float or list of float
        Correlation strength in [0, 1].
    tau : float
        Correlation time constant (ms).
    schedule : list of float, optional
        Times (ms, the first 0) at which the next ``rates`` / ``corr`` apply.
    period : float
        With a schedule: it starts again every ``period`` ms (-1: never).
    name : str, optional
    refractory : float, optional
        Refractory period (ms).

    Examples
    --------
    >>> from annlab import HomogeneousCorrelatedSpikeTrains, clear
    >>> clear()
    >>> pop = HomogeneousCorrelatedSpikeTrains(100, rates=10.0, corr=0.0, tau=10.0)
    >>> float(pop.mu), float(pop.sigma)
    (10.0, 0.0)
    """

    def __init__(self, geometry, rates, corr, tau, schedule=None, period=-1.0, name=None, refractory=None,
                 copied=False, _register=True):
        timed = schedule is not None
        rates, corr, schedule = self._entries(rates, corr, schedule)
        object.__setattr__(self, "_timed", timed)
        n = len(schedule)
        mus, sigmas = zip(*(_rectified(r, c, tau) for r, c in zip(rates, corr)))
        if timed:
            parameters = [f"tau = {float(tau)} : population"]
            parameters += [f"mu_{k} = {m} : population\nsigma_{k} = {s} : population" for k, (m, s)
                           in enumerate(zip(mus, sigmas))]
            parameters += [f"start_{k} = {schedule[k]} : population" for k in range(1, n)]
            now = "t"
            if period > 0:
                parameters.append(f"period = {float(period)} : population")
                now = "t - period * floor((t + dt / 2) / period)"
            mu = sigma = None
            for k in range(n):
                mu = f"mu_{k}" if mu is None else f"if tt + dt / 2 >= start_{k}: mu_{k} else: {mu}"
                sigma = f"sigma_{k}" if sigma is None else f"if tt + dt / 2 >= start_{k}: sigma_{k} else: {sigma}"
            equations = (f"tt = {now} : population\nmu = {mu} : population\nsigma = {sigma} : population\n")
        else:
            parameters = [f"tau = {float(tau)} : population", f"mu = {mus[0]} : population",
                          f"sigma = {sigmas[0]} : population"]
            equations = ""
        equations += (f"x += dt * (mu - x) / tau + sqrt(dt / tau) * sigma * Normal(0.0, 1.0) : population, "
                      f"init = {mus[0]}\np = Uniform(0.0, 1.0) * 1000.0 / dt")
        neuron = Neuron(parameters="\n".join(parameters), equations=equations, spike="p < x", refractory=refractory,
                        name="HomogeneousCorrelated", description="Homogeneous correlated spike trains.")
        super().__init__(geometry, neuron, name=name, _register=_register)
        self._extra.update(rates=list(rates), corr=list(corr), schedule=list(schedule), period=float(period))

    def _entries(self, rates, corr, schedule):
        owner = "HomogeneousCorrelatedSpikeTrains"
        if schedule is None:
            if np.ndim(rates) or np.ndim(corr):
                raise ValidationError(owner, "rates", "Without a schedule, rates and corr must be single numbers")
            rates, corr, schedule = [float(rates)], [float(corr)], [0.0]
        else:
            schedule = [float(s) for s in np.atleast_1d(schedule)]
            rates = [float(r) for r in np.atleast_1d(rates)]
            corr = [float(c) for c in np.atleast_1d(corr)]
            if len(corr) == 1:
                corr = corr * len(schedule)
            if len(rates) != len(schedule) or len(corr) != len(schedule):
                raise ValidationError(owner, "rates", f"Value must have one entry per schedule time "
                                      f"({len(schedule)}), got {len(rates)} rates and {len(corr)} corr")
            if schedule[0] != 0.0 or any(b <= a for a, b in zip(schedule, schedule[1:])):
                raise ValidationError(owner, "schedule", "Times must start at 0 and increase")
        if any(r < 0 for r in rates) or any(not 0.0 <= c <= 1.0 for c in corr):
            raise ValidationError(owner, "rates", "rates must be >= 0 and corr between 0 and 1")
        return rates, corr, schedule

    def _recompute(self):
        extra = self._extra
        tau = self.tau
        for k, (rate, corr) in enumerate(zip(extra["rates"], extra["corr"])):
            mu, sigma = _rectified(rate, corr, tau)
            suffix = f"_{k}" if self._timed else ""
            _AttributeSetter.set(self, f"mu{suffix}", mu)
            _AttributeSetter.set(self, f"sigma{suffix}", sigma)

    @property
    def rates(self):
        """Mean rate(s) in Hz."""
        values = self._extra["rates"]
        return list(values) if self._timed else values[0]

    @rates.setter
    def rates(self, value):
        self._extra["rates"] = self._entries(value, self._extra["corr"] if self._timed else self._extra["corr"][0],
                                             self._extra["schedule"] if self._timed else None)[0]
        self._recompute()

    @property
    def corr(self):
        """Correlation strength(s)."""
        values = self._extra["corr"]
        return list(values) if self._timed else values[0]

    @corr.setter
    def corr(self, value):
        rates = self._extra["rates"] if self._timed else self._extra["rates"][0]
        self._extra["corr"] = self._entries(rates, value, self._extra["schedule"] if self._timed else None)[1]
        self._recompute()

    @property
    def schedule(self):
        """Times (ms) of the entries of ``rates`` and ``corr``."""
        return list(self._extra["schedule"])

    @property
    def period(self):
        return self._extra["period"]

    def __setattr__(self, name, value):
        super().__setattr__(name, value)
        if name == "tau":
            self._recompute()

    def __repr__(self):
        return f"HomogeneousCorrelatedSpikeTrains(name={self.name!r}, geometry={self.geometry})"


class _AttributeSetter:
    """Writes a neuron attribute without the subclass hooks of :meth:`HomogeneousCorrelatedSpikeTrains.__setattr__`."""

    @staticmethod
    def set(population, name, value):
        Population.__setattr__(population, name, value)
