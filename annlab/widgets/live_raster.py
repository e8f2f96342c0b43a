"""A live raster plot: spikes, population rate and a variable, streamed while a network runs.

The plot is a bokeh layout inside a :class:`jupyter_bokeh.BokehModel` widget:
new data reaches the browser through the widget's comm, with no output handle.
Updates are driven by :meth:`annlab.Network.every`, so Python only runs
between compiled chunks, and reach the browser at most every
``min_interval`` seconds of wall time, whatever the simulation speed.

The data sources carry names (``<name>_spikes``, ``<name>_rate``,
``<name>_trace``) so a test in a browser can read them with
``Bokeh.documents[i].get_model_by_name(...)``.

Examples
--------
>>> from annlab import *
>>> from annlab.widgets import LiveRaster
>>> clear(); setup(seed=1)
>>> pop = PoissonPopulation(2000, rates=20.0)
>>> m = Monitor(pop, "spike")
>>> net = Network(everything=True); net.compile()
>>> live = LiveRaster(net, m, period=50.0, max_neurons=100)
>>> live.simulate(200.0)
>>> len(set(live.sources["spikes"].data["n"])) <= 100, len(live.sources["rate"].data["t"])
(True, 20)
"""
import math
import threading
import time
import weakref

import numpy as np

from ..core import registry
from ..core.monitor import Monitor
from ..errors import UnknownNameError, ValidationError

_state = {"bokehjs": False}
_LIVE = {}  # (id(net), name) -> weakref to the LiveRaster drawing there


def setup_notebook(force=False):
    """Load BokehJS inline into the notebook, once per kernel.

    Plots then work offline (a CDN would give a red error box instead).
    Does nothing outside IPython.

    Parameters
    ----------
    force : bool
        Load again (e.g. after the page was reloaded).
    """
    if _state["bokehjs"] and not force:
        return
    try:
        from IPython import get_ipython
    except ImportError:
        return
    if get_ipython() is None:
        return
    from bokeh.io import output_notebook
    from bokeh.resources import INLINE

    output_notebook(resources=INLINE, hide_banner=True)
    _state["bokehjs"] = True


def own_monitor(net, monitor, need=None):
    """The network's own copy of ``monitor`` (or its first monitor recording ``need``)."""
    if monitor is None:
        for candidate in net.monitors:
            if need is None or need in candidate.variables:
                return candidate
        raise UnknownNameError(f"The network has no monitor recording '{need}': add Monitor(pop, '{need}')")
    if not isinstance(monitor, Monitor):
        raise ValidationError("LiveRaster", "monitor", f"Value must be a Monitor (got {monitor!r})")
    return monitor if any(m is monitor for m in net.monitors) else net.get(monitor)


def _detach_callback(net, function):
    """Remove a callback registered with ``net.every`` (quietly if it is already gone)."""
    try:
        net.remove_callback(function)
    except UnknownNameError:
        pass


class LiveRaster:
    """Spikes of a monitor, the population rate and optionally a variable, live.

    Parameters
    ----------
    net : Network, optional
        The network that runs (default: the default network).
    monitor : Monitor, optional
        A monitor of ``net`` (or the original it was copied from) recording
        ``'spike'``; default: the network's first spike monitor. A monitor
        without spikes gives only the trace of ``variable``.
    period : float
        Simulated ms between two reads of the monitor.
    window : float, optional
        Show the last ``window`` ms (the x axis scrolls); default: everything.
    max_neurons : int
        At most this many neurons in the raster (evenly spaced ranks); the
        rate always counts every neuron.
    rate_bin : float
        Width of the bins of the population rate (ms).
    variable : str, optional
        A recorded variable to draw too (e.g. ``'v'``), from ``monitor`` or
        another monitor of the same population.
    neuron : int or 'mean'
        Which neuron's ``variable`` to draw (a rank), or the mean.
    min_interval : float
        Wall-clock seconds between two updates sent to the browser.
    max_points : int
        Spikes kept in the browser (older ones roll over).
    name : str
        Prefix of the data sources' names; a new LiveRaster with the same
        name on the same network replaces the old one's callback.
    width : int
        Width of the plots in pixels.

    Attributes
    ----------
    sources : dict
        ``'spikes'``, ``'rate'``, ``'trace'``: the bokeh ColumnDataSources.
    layout : bokeh.models.LayoutDOM
    widget : jupyter_bokeh.BokehModel
    """

    def __init__(self, net=None, monitor=None, period=20.0, window=None, max_neurons=400, rate_bin=10.0,
                 variable=None, neuron=0, min_interval=0.1, max_points=200_000, name="raster", width=720,
                 title=None):
        self.net = net if net is not None else registry.default_network()
        spiking = monitor is None or "spike" in getattr(monitor, "variables", [])
        self.monitor = own_monitor(self.net, monitor, need="spike" if spiking else None)
        self.spiking = "spike" in self.monitor.variables
        if not self.spiking and variable is None:
            raise ValidationError("LiveRaster", "variable", f"Monitor '{self.monitor.name}' records no spikes: "
                                  f"name the recorded variable to draw (variable=...)")
        self.variable = variable
        self.trace_monitor = self._trace_monitor(variable) if variable else None
        self.neuron = neuron
        if period <= 0:
            raise ValidationError("LiveRaster", "period", f"Value must be greater than 0 (got {period})")
        self.period, self.window, self.min_interval = float(period), window, float(min_interval)
        self.max_points, self.name = int(max_points), name
        self.rate_steps = max(1, int(round(rate_bin / self.net.dt)))
        self.shown = self._subsample(int(max_neurons))
        self._lock = threading.RLock()
        self._build(width, title)
        self._source_ids = {source.id for source in self.sources.values()}
        self._active = True
        self._reset_counters()
        self._callback = self.net.every(self.period)(self._on_period)
        key = (id(self.net), name)
        previous = _LIVE.get(key)
        if previous is not None and previous() is not None:
            previous().detach()
        _LIVE[key] = weakref.ref(self)

    # ---- set-up ------------------------------------------------------------------------
    def _trace_monitor(self, variable):
        if variable in self.monitor.variables:
            return self.monitor
        population = getattr(self.monitor.object, "population", None)
        for candidate in self.net.monitors:
            if variable in candidate.variables and getattr(candidate.object, "population", None) is population:
                return candidate
        raise UnknownNameError(f"LiveRaster: no monitor of '{getattr(population, 'name', '?')}' records "
                               f"'{variable}'; add it to the monitor: Monitor(pop, ['spike', '{variable}'])")

    def _subsample(self, max_neurons):
        if max_neurons < 1:
            raise ValidationError("LiveRaster", "max_neurons", f"Value must be at least 1 (got {max_neurons})")
        ranks = np.asarray(self.monitor.object.ranks)
        if ranks.size > max_neurons:
            ranks = ranks[np.unique(np.linspace(0, ranks.size - 1, max_neurons).round().astype(int))]
        mask = np.zeros(self.monitor.object.population.size, dtype=bool)
        mask[ranks] = True
        return mask

    def _build(self, width, title):
        from bokeh.layouts import column
        from bokeh.models import ColumnDataSource, DataRange1d
        from bokeh.plotting import figure

        x_range = DataRange1d(follow="end", follow_interval=self.window, range_padding=0.0) if self.window \
            else DataRange1d(range_padding=0.02)
        self.sources = {
            "spikes": ColumnDataSource(data={"t": [], "n": []}, name=f"{self.name}_spikes"),
            "rate": ColumnDataSource(data={"t": [], "rate": []}, name=f"{self.name}_rate"),
            "trace": ColumnDataSource(data={"t": [], "value": []}, name=f"{self.name}_trace"),
        }
        figures = []
        population = self.monitor.object
        if self.spiking:
            count = int(self.shown.sum())
            shown = f"{count} of {population.size} neurons" if count < population.size else "spikes"
            label = title or f"{population.name}: {shown}"
            raster = figure(height=260, width=width, title=label, x_range=x_range, y_axis_label="neuron",
                            tools="pan,box_zoom,wheel_zoom,reset,save", name=f"{self.name}_raster_figure")
            raster.scatter("t", "n", source=self.sources["spikes"], size=2, color="black", alpha=0.7,
                           marker="square")
            rate = figure(height=150, width=width, x_range=x_range, y_axis_label="rate (Hz)",
                          tools="pan,box_zoom,reset,save", name=f"{self.name}_rate_figure")
            rate.line("t", "rate", source=self.sources["rate"], color="firebrick", line_width=1.5)
            figures += [raster, rate]
        if self.variable:
            which = "mean" if self.neuron == "mean" else f"neuron {self.neuron}"
            trace = figure(height=150, width=width, x_range=x_range, y_axis_label=f"{self.variable} ({which})",
                           tools="pan,box_zoom,reset,save", name=f"{self.name}_trace_figure",
                           title=None if figures else title)
            trace.line("t", "value", source=self.sources["trace"], color="navy")
            figures.append(trace)
        figures[-1].xaxis.axis_label = "time (ms)"
        self.layout = column(*figures, name=f"{self.name}_layout")
        self._widget = None

    @property
    def widget(self):
        """The :class:`jupyter_bokeh.BokehModel` showing the plots (created on first use)."""
        if self._widget is None:
            from jupyter_bokeh import BokehModel

            self._widget = BokehModel(self.layout)
            # Browser events go through _from_browser (see there) instead of straight to bokeh.
            self._widget.on_msg(self._widget._sync_model, remove=True)
            self._widget.on_msg(self._from_browser)
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        setup_notebook()
        return self.widget._repr_mimebundle_(**kwargs)

    def _from_browser(self, widget, content, buffers):
        """Apply an event from the browser (ranges, sizes...) to the Python-side plot.

        The plotted data only flows to the browser: the browser echoes
        streams and resets back, and applying those would duplicate or
        clobber the data here, so they are dropped. JupyterLab may deliver
        comm messages in a kernel subshell thread, concurrently with a
        simulation streaming from the main thread: bokeh models are touched
        under ``self._lock`` only.
        """
        if content.get("event") != "jsevent":
            return
        if (content.get("model") or {}).get("id") in self._source_ids:
            return
        with self._lock:
            widget._sync_model(widget, content, buffers)

    # ---- data --------------------------------------------------------------------------
    def _reset_counters(self, from_now=False):
        self._trace_rows = 0
        self._spike_mark = self._trace_mark = None
        step = self.net.get_current_step() if self.net.compiled and from_now else 0
        self._start = step
        self._last_step = step
        self._rate_edge = step
        self._rate_pending = np.zeros(0, dtype=np.int64)
        self._pending = {key: {column: [] for column in source.data} for key, source in self.sources.items()}
        self._last_push = float("-inf")
        self.spike_count = 0

    def clear(self):
        """Empty the plots; what was recorded before the network's current time is left out."""
        self._reset_counters(from_now=True)
        if self.net.compiled:  # what is recorded so far is left out
            if self.spiking:
                _, self._spike_mark = self.monitor._records_since("spike")
            if self.trace_monitor is not None:
                rows, self._trace_mark = self.trace_monitor._records_since(self.variable)
                self._trace_rows = len(rows)
        self._clear_sources()

    def _clear_sources(self):
        with self._lock:
            for source in self.sources.values():
                source.data = {column: [] for column in source.data}

    def _on_period(self, _n):
        if not self._active:
            return
        self._collect()
        if time.monotonic() - self._last_push >= self.min_interval:
            self._push()

    def _collect(self):
        if not self.net.compiled:
            return
        step = self.net.get_current_step()
        if step < self._last_step:  # the network was reset: a new run
            self._reset_counters()
            self._clear_sources()
        self._last_step = step
        if self.spiking:
            self._collect_spikes(step)
        if self.trace_monitor is not None:
            self._collect_trace()

    def _collect_spikes(self, step):
        dt = self.net.dt
        # only the records since the last update: a long run does not rebuild all its spikes each time
        (new, ranks), self._spike_mark = self.monitor._records_since("spike", self._spike_mark)
        recent = new >= self._start
        new, ranks = new[recent], ranks[recent]
        shown = self.shown[ranks]
        pending = self._pending["spikes"]
        pending["t"] += (new[shown] * dt).tolist()
        pending["n"] += ranks[shown].tolist()
        self.spike_count += new.size
        # Population rate: complete bins only; spikes of the bin in progress wait.
        steps_all = np.concatenate([self._rate_pending, new])
        complete = (step - self._rate_edge) // self.rate_steps
        if complete > 0:
            end = self._rate_edge + complete * self.rate_steps
            inside = steps_all[(steps_all >= self._rate_edge) & (steps_all < end)]
            counts = np.bincount((inside - self._rate_edge) // self.rate_steps, minlength=complete)[:complete]
            size = self.monitor.object.size
            bin_ms = self.rate_steps * dt
            centres = (self._rate_edge + (np.arange(complete) + 0.5) * self.rate_steps) * dt
            self._pending["rate"]["t"] += centres.tolist()
            self._pending["rate"]["rate"] += (counts / size / (bin_ms / 1000.0)).tolist()
            self._rate_edge = end
            steps_all = steps_all[steps_all >= end]
        self._rate_pending = steps_all

    def _collect_trace(self):
        mark = self._trace_mark
        rows, self._trace_mark = self.trace_monitor._records_since(self.variable, mark)
        if mark is not None and self._trace_mark[0] != mark[0]:  # the monitor was cleared
            self._trace_rows = 0
        rows = np.asarray(rows, dtype=float)
        if rows.shape[0] == 0:
            return
        if rows.ndim > 1:
            rows = rows.reshape(rows.shape[0], -1)
            rows = rows.mean(axis=1) if self.neuron == "mean" else rows[:, self._trace_column()]
        starts = self.trace_monitor.times().get("start") or [0.0]
        period = self.trace_monitor.period or self.net.dt
        t = starts[0] + (self._trace_rows + np.arange(rows.shape[0])) * period
        self._trace_rows += rows.shape[0]
        self._pending["trace"]["t"] += t.tolist()
        self._pending["trace"]["value"] += rows.tolist()

    def _trace_column(self):
        ranks = list(np.asarray(self.trace_monitor.object.ranks))
        if self.neuron not in ranks:
            raise ValidationError("LiveRaster", "neuron", f"Value must be 'mean' or a rank of "
                                  f"'{self.trace_monitor.object.name}' (got {self.neuron!r})")
        return ranks.index(self.neuron)

    def _push(self):
        rollover = {"spikes": self.max_points, "rate": None, "trace": None}
        if self.window:
            rollover["rate"] = int(math.ceil(self.window / (self.rate_steps * self.net.dt))) + 2
            rollover["trace"] = int(math.ceil(self.window / self.net.dt)) + 2
        with self._lock:
            for key, columns in self._pending.items():
                if any(columns.values()):
                    self.sources[key].stream({c: list(v) for c, v in columns.items()}, rollover=rollover[key])
                    for values in columns.values():
                        values.clear()
        self._last_push = time.monotonic()

    # ---- public ------------------------------------------------------------------------
    def refresh(self):
        """Read the monitor and send everything new to the browser now."""
        self._collect()
        self._push()

    def resync(self):
        """Send the whole plot again (views created later, e.g. after a page reload, show it all).

        Streamed updates reach the views that exist when they are sent; a view
        made afterwards starts from the last full state sent.
        """
        self.refresh()
        if self._widget is not None:
            with self._lock:
                self._widget.update_from_model(self.layout)

    def simulate(self, duration, **kwargs):
        """``net.simulate(duration)``, then a final :meth:`refresh` (the last chunk shows)."""
        self.net.simulate(duration, **kwargs)
        self.refresh()

    def mean_rate(self):
        """Mean firing rate (Hz) of the monitored neurons since the last :meth:`clear`."""
        elapsed = max(self._last_step - self._start, 1) * self.net.dt
        return self.spike_count / self.monitor.object.size / (elapsed / 1000.0)

    def detach(self):
        """Stop following the network (its ``every`` callback is removed)."""
        self._active = False
        _detach_callback(self.net, self._callback)

    def __repr__(self):
        return (f"LiveRaster(monitor={self.monitor.name!r}, period={self.period}, "
                f"neurons shown={int(self.shown.sum())})")
