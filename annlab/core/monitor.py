"""Monitors: record variables and spikes of populations, views and projections.

Examples
--------
>>> from annlab import Population, Izhikevich, Monitor, Network, clear
>>> clear()
>>> pop = Population(3, Izhikevich)
>>> pop.i_offset = [5.0, 10.0, 15.0]
>>> m = Monitor(pop, ["v", "spike"])
>>> net = Network(everything=True); net.compile()
>>> net.simulate(100.0)
>>> net.get(m).get("v").shape
(100, 3)
"""
import copy

import numpy as np

from .. import analysis
from . import registry
from .population import Population, PopulationView
from .projection import Projection
from ..errors import NetworkError, UnknownNameError, ValidationError, closest_name


class Monitor:
    """Records variables (and ``'spike'``) of a population, view or projection.

    Parameters
    ----------
    obj : Population, PopulationView or Projection
    variables : str or list of str
        Attribute names, ``'spike'``, or ``'sum(exc)'`` for rate-coded inputs.
    period : float, optional
        Recording period in ms (default: every step).
    period_offset : float, optional
        Offset of the recording within the period, ms.
    start : bool
        Start recording at once (default) or wait for :meth:`start`.
    name : str, optional
    keep_last : float, optional
        Keep only the recordings of the last ``keep_last`` ms (an annlab addition): the memory
        stays bounded however long the network runs, e.g. for a live plot of a long simulation.
    """

    def __init__(self, obj, variables=None, period=None, period_offset=None, start=True, name=None,
                 net_id=0, keep_last=None, _register=True):
        if not isinstance(obj, (Population, PopulationView, Projection)):
            raise ValidationError("Monitor", "obj", f"Value must be a Population, PopulationView or "
                                  f"Projection (got {obj!r})")
        self.object = obj
        if variables is None:
            variables = []
        self.variables = [variables] if isinstance(variables, str) else list(variables)
        self._check_variables(self.variables)
        if period is not None and period <= 0:
            raise ValidationError("Monitor", "period", f"Value must be greater than 0 (got {period})")
        self.period = period
        self.period_offset = period_offset or 0.0
        if keep_last is not None and not keep_last > 0:
            raise ValidationError("Monitor", "keep_last", f"Value must be a duration greater than 0 ms (got "
                                  f"{keep_last!r})")
        self.keep_last = keep_last
        self._start = bool(start)
        self.id = registry.new_id()
        self._origin = self.id
        self.name = name if name is not None else registry.next_name("monitor")
        self._compiled = None
        if _register:
            registry.default_network()._register(self)

    def _allowed(self):
        if isinstance(self.object, Projection):
            return list(self.object.synapse_type.ir.attributes)
        neuron = self.object.neuron_type
        names = list(neuron.ir.attributes) + [f"sum({t})" for t in neuron.ir.targets]
        if neuron.type == "spike":
            names.append("spike")
        return names

    def _check_variables(self, variables):
        allowed = self._allowed()
        for variable in variables:
            if variable not in allowed:
                hint = closest_name(variable, allowed)
                raise UnknownNameError(f"Monitor: '{getattr(self.object, 'name', self.object)}' has no variable "
                                       f"'{variable}'" + (f"; did you mean '{hint}'?" if hint else "")
                                       + f" (available: {', '.join(allowed)})")

    # ---- recording control ---------------------------------------------------
    def _compiled_state(self, what):
        if self._compiled is None:
            raise NetworkError(f"Monitor '{self.name}': {what} needs the network to be compiled")
        return self._compiled

    @property
    def active(self):
        """Whether the monitor records now (before compile: whether it will from the start)."""
        now = None if self._compiled is None else self._compiled.monitor_active(self)
        return self._start if now is None else now

    @property
    def starts_active(self):
        """Whether the monitor records from the moment it joins a compiled network (``start=``,
        :meth:`pause` / :meth:`resume` before that)."""
        return self._start

    def start(self, variables=None, period=None):
        """Start (or restart) recording, optionally other variables or period."""
        if variables is not None:
            variables = [variables] if isinstance(variables, str) else list(variables)
            self._check_variables(variables)
            self.variables = variables
        if period is not None:
            self.period = period
        if self._compiled is None:
            self._start = True
        else:
            self._compiled.set_monitor_active(self, True, restart=True)

    def pause(self):
        """Stop recording until :meth:`resume`."""
        if self._compiled is None:
            self._start = False
        else:
            self._compiled.set_monitor_active(self, False)

    def resume(self):
        """Resume recording after :meth:`pause`."""
        if self._compiled is None:
            self._start = True
        else:
            self._compiled.set_monitor_active(self, True)

    stop = pause

    # ---- data ----------------------------------------------------------------
    def get(self, variables=None, keep=False, reshape=False, force_dict=False):
        """Recorded data.

        Returns an array of shape (recordings, neurons) for one variable, a dict
        ``{rank: [spike steps]}`` for ``'spike'``, or a dict of those when
        several variables are asked (or ``force_dict``). The data is cleared
        unless ``keep=True``.
        """
        compiled = self._compiled_state("get()")
        if not variables:  # all of them, as a dict (even when the monitor records one variable)
            variables, force_dict = self.variables, True
        single = isinstance(variables, str)
        variables = [variables] if single else list(variables)
        for variable in variables:
            if variable not in self.variables:
                raise UnknownNameError(f"Monitor '{self.name}' does not record '{variable}' "
                                       f"(it records {self.variables})")
        data = {variable: compiled.monitor_data(self, variable) for variable in variables}
        if reshape and not isinstance(self.object, Projection):
            geometry = self.object.geometry
            for variable, values in data.items():
                if variable != "spike" and len(geometry) > 1:
                    data[variable] = values.reshape((values.shape[0],) + tuple(geometry))
        if not keep:
            compiled.monitor_clear(self, variables)
        if len(variables) == 1 and not force_dict:
            return data[variables[0]]
        return data

    def _records_since(self, variable, mark=None):
        """New records of ``variable`` since ``mark`` and the next mark (for live plots; see
        :meth:`annlab.sim.recording.Recorder.records_since`)."""
        return self._compiled_state("live plots").monitor_records_since(self, variable, mark)

    def times(self, variables=None):
        """Start and stop time (ms) of each recording period, per variable."""
        return self._compiled_state("times()").monitor_times(self)

    def _spikes(self, spikes):
        if spikes is None:
            if "spike" not in self.variables:
                raise UnknownNameError(f"Monitor '{self.name}' does not record spikes")
            spikes = self.get("spike", keep=True)
        if isinstance(spikes, dict) and "spike" in spikes:
            spikes = spikes["spike"]
        return spikes

    @property
    def _dt(self):
        return self._compiled_state("analysis").dt

    def raster_plot(self, spikes=None):
        """Spike times (ms) and ranks as two arrays ``(t, n)``, by rank then time."""
        if spikes is None:  # straight from the records: no dict of lists for a large recording
            steps, ranks = self._spike_records()
            order = analysis.rank_order(steps, ranks)
            return steps[order] * self._dt, ranks[order]
        return analysis.raster_plot(self._spikes(spikes), self._dt)

    def histogram(self, spikes=None, bins=None, per_neuron=False):
        """Number of spikes per time bin (``bins`` in ms, default dt)."""
        return analysis.histogram(self._spikes(spikes), self._dt, bins=bins, per_neuron=per_neuron)

    def mean_fr(self, spikes=None):
        """Mean firing rate (Hz) over the neurons and the recorded duration."""
        duration = self._compiled_state("mean_fr()").monitor_window(self)[1] * self._dt
        if spikes is None and duration > 0:  # a count of the records is enough
            steps, _ = self._spike_records()
            return float(steps.size / self.object.size / duration * 1000.0)
        spikes = self._spikes(spikes)
        return analysis.mean_fr(spikes, self._dt, duration=duration if duration > 0 else None)

    def _spike_records(self):
        """(steps, ranks) of the spikes kept, in time order."""
        if "spike" not in self.variables:
            raise UnknownNameError(f"Monitor '{self.name}' does not record spikes")
        return self._records_since("spike")[0]

    def smoothed_rate(self, spikes=None, smooth=0.0):
        """Instantaneous rate of each neuron, low-pass filtered (``smooth`` in ms)."""
        return analysis.smoothed_rate(self._spikes(spikes), self._dt, smooth=smooth,
                                      n_neurons=self.object.size, **self._window())

    def population_rate(self, spikes=None, smooth=0.0):
        """Population mean rate (Hz) at each step, low-pass filtered."""
        return analysis.population_rate(self._spikes(spikes), self._dt, smooth=smooth,
                                        n_neurons=self.object.size, **self._window())

    def inter_spike_interval(self, spikes=None, ranks=None, per_neuron=False):
        """Inter-spike intervals in ms."""
        return analysis.inter_spike_interval(self._spikes(spikes), self._dt, ranks=ranks, per_neuron=per_neuron)

    def coefficient_of_variation(self, spikes=None, ranks=None, per_neuron=False):
        """Coefficient of variation of the inter-spike intervals."""
        return analysis.coefficient_of_variation(self._spikes(spikes), self._dt, ranks=ranks,
                                                 per_neuron=per_neuron)

    def _window(self):
        start, steps = self._compiled.monitor_window(self)
        return {"start_step": start, "duration_steps": steps}

    def size_in_bytes(self):
        """Memory held by the recorded data."""
        return self._compiled_state("size_in_bytes()").monitor_nbytes(self)

    def reset(self):
        """Discard the recorded data."""
        if self._compiled is not None:
            self._compiled.monitor_clear(self, self.variables)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_compiled"] = None  # compiled state stays in its process
        return state

    def _copy(self, obj):
        new = copy.copy(self)
        new.object = obj
        new.variables = list(self.variables)
        new.id = registry.new_id()
        new._compiled = None
        return new

    def __repr__(self):
        target = getattr(self.object, "name", "?")
        return f"Monitor(name={self.name!r}, object={target!r}, variables={self.variables}, period={self.period})"


class MonitorList(list):
    """A list of monitors saved together in one HDF5 file (needs h5py), as ANNarchy 4.8's ``MonitorList``.

    Examples
    --------
    >>> import os, tempfile, h5py
    >>> from annlab import Population, Neuron, Monitor, compile, simulate, clear
    >>> clear()
    >>> pop = Population(2, Neuron(equations="r = t"), name="ramp")
    >>> monitors = MonitorList([Monitor(pop, "r")])
    >>> compile(); simulate(3.0)
    >>> path = os.path.join(tempfile.mkdtemp(), "monitors.hdf5")
    >>> monitors.save_all(path)
    >>> with h5py.File(path) as data:
    ...     data["ramp/r"][:, 0].tolist()
    [0.0, 1.0, 2.0]
    """

    def save_all(self, filename, keep=False, reshape=False, flat_keys=False):
        """Write every monitor's data to ``filename`` (.hdf5): one dataset ``<object>/<variable>`` each
        (``<object>_<variable>`` with ``flat_keys``); spikes as an (n, 2) array of (step, rank) rows."""
        if not str(filename).endswith(".hdf5"):
            raise ValidationError("MonitorList", "filename", f"The file must end with .hdf5 (got {filename!r})")
        try:
            import h5py
        except ImportError as err:
            raise ValidationError("MonitorList", "save_all", "needs h5py: pip install h5py") from err
        sep = "_" if flat_keys else "/"
        with h5py.File(filename, "w") as data:
            for monitor in self:
                values = monitor.get(keep=keep, reshape=reshape, force_dict=True)
                for variable, value in values.items():
                    if variable == "spike":
                        value = np.array([(step, rank) for rank, steps in value.items() for step in steps],
                                         np.int64).reshape(-1, 2)
                    data[f"/{monitor.object.name}{sep}{variable}"] = value
