"""A live view of :func:`annlab.sweep`: a heatmap (two parameters) or a curve (one) filling in as points finish.

:func:`live_sweep` runs the sweep in chunks of points (each one ``parallel_run``, batched
as usual) and after each chunk colours the finished points by the mean of a metric over
their seeds (the spread in the tooltip, and as whiskers on a curve). One progress bar
with the time left; a Cancel button when the sweep runs in the background (it stops after
the chunk that runs, every finished row kept; a kernel running a cell handles no click, so
in the foreground the kernel's interrupt stops it); a click on a point shows its raster: the point re-simulated with
its first seed in a fresh copy that records the spikes of the last spiking population.

The data sources are named ``<name>_cells`` and ``<name>_raster`` for browser tests.

Examples
--------
>>> from annlab import *
>>> from annlab.widgets import live_sweep
>>> clear(); setup(seed=1)
>>> pop1 = PoissonPopulation(50, rates=10.0)
>>> pop2 = Population(50, Izhikevich)
>>> proj = Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop2, 'spike')
>>> def run(idx, net, rate, w):
...     net.get(pop1).rates, net.get(proj).w = rate, w
...     net.simulate(200.0)
...     return {"fr": net.get(m).mean_fr()}
>>> df, view = live_sweep(run, "fr", grid={"rate": [0.0, 20.0], "w": [2.0, 5.0]}, cache=False, display=False)
>>> view.finished, len(df), view.status
(4, 4, 'done: 4 of 4 points')
>>> view.show_raster(3); len(view.raster.data["t"]) > 0
True
"""
import math
import threading
import time

import numpy as np

from ..core import registry
from ..core.monitor import Monitor
from ..errors import ValidationError
from ..sweeps import Sweeper, points_of
from .live_raster import setup_notebook


class SweepView:
    """Points of a sweep coloured by a metric, a progress bar, Cancel, and the raster of a clicked point.

    Parameters
    ----------
    points : list of dict
        The sweep's points.
    metric : str
        The column shown (mean over the seeds of each point).
    x, y : str, optional
        The parameters on the axes (default: the first two of the points; ``y`` None: a curve).
    method, network, seeds
        What :meth:`show_raster` re-simulates.
    """

    def __init__(self, points, metric, x=None, y=None, method=None, network=None, seeds=(0,), name="sweep",
                 width=520, cancellable=True):
        names = list(points[0])
        self.x = x or names[0]
        self.y = y if y is not None else (names[1] if len(names) > 1 and x is None else None)
        for axis in (self.x, self.y):
            if axis is not None and axis not in names:
                raise ValidationError("live_sweep", "x" if axis == self.x else "y", f"'{axis}' is not a parameter "
                                      f"of the points (they set {', '.join(names)})")
        self.points, self.metric, self.name = list(points), metric, name
        #: A Cancel button (the sweep runs in the background); else a hint: a kernel running a cell
        #: handles no click, the kernel's interrupt stops it.
        self.cancellable = cancellable
        self.method, self.network, self.seeds = method, network, list(seeds)
        self.values = {k: [] for k in range(len(points))}
        self.finished, self.cancelled, self.status = 0, False, f"0 of {len(points)} points"
        self._started = time.perf_counter()
        self._lock = threading.Lock()
        self._done, self._frame, self._error = threading.Event(), None, None
        self._widget = None
        self._build(width)

    # ---- plots --------------------------------------------------------------------------
    def _build(self, width):
        from bokeh.layouts import column
        from bokeh.models import ColumnDataSource, HoverTool, LinearColorMapper, TapTool, Whisker
        from bokeh.palettes import Viridis256
        from bokeh.plotting import figure

        xs = [float(p[self.x]) for p in self.points]
        ys = [float(p[self.y]) for p in self.points] if self.y else [math.nan] * len(xs)
        nan = [math.nan] * len(xs)
        self.cells = ColumnDataSource(data=dict(x=xs, y=ys, mean=list(nan), std=list(nan), low=list(nan),
                                                high=list(nan), n=[0] * len(xs)), name=f"{self.name}_cells")
        self.raster = ColumnDataSource(data=dict(t=[], n=[]), name=f"{self.name}_raster")
        self.colors = LinearColorMapper(palette=Viridis256, low=0.0, high=1.0, nan_color="#dddddd")
        hover = HoverTool(tooltips=[(self.x, "@x")] + ([(self.y, "@y")] if self.y else []) +
                          [(self.metric, "@mean (sd @std, @n seeds)")])
        tools = ["tap", hover, "pan", "wheel_zoom", "reset", "save"]
        plot = figure(width=width, height=360 if self.y else 260, tools=tools, x_axis_label=self.x,
                      y_axis_label=self.y or self.metric, title=f"{self.metric}: click a point for its raster",
                      name=f"{self.name}_figure")
        if self.y:
            plot.rect("x", "y", width=_step(xs), height=_step(ys), source=self.cells,
                      fill_color={"field": "mean", "transform": self.colors}, line_color=None)
        else:
            plot.line("x", "mean", source=self.cells, color="#444444")
            plot.add_layout(Whisker(source=self.cells, base="x", lower="low", upper="high"))
            plot.scatter("x", "mean", source=self.cells, size=9,
                         fill_color={"field": "mean", "transform": self.colors}, line_color="#444444")
        plot.select_one(TapTool).mode = "replace"
        raster = figure(width=width, height=200, tools="pan,box_zoom,reset,save", x_axis_label="time (ms)",
                        y_axis_label="neuron", title="raster of the clicked point", name=f"{self.name}_raster_figure")
        raster.scatter("t", "n", source=self.raster, size=2, color="#1f77b4")
        self.layout = column(plot, raster)
        self.cells.selected.on_change("indices", self._clicked)

    # ---- data ---------------------------------------------------------------------------
    def add(self, frame, offset, seeds):
        """The rows of points ``offset``, ``offset + 1``... (a sweep's DataFrame, ``seeds`` rows a point)
        have finished."""
        means, stds, counts = {}, {}, {}
        for local in range(len(frame) // seeds):
            rows = frame.iloc[local * seeds:(local + 1) * seeds]
            values = rows.loc[rows.status == "ok", self.metric].astype(float).to_numpy()
            k = offset + local
            self.values[k] = list(values)
            means[k] = float(values.mean()) if len(values) else math.nan
            stds[k] = float(values.std()) if len(values) > 1 else 0.0
            counts[k] = len(values)
        with self._lock:
            data = dict(self.cells.data)
            for column in ("mean", "std", "low", "high", "n"):
                data[column] = list(data[column])
            for k in means:
                data["mean"][k], data["std"][k], data["n"][k] = means[k], stds[k], counts[k]
                data["low"][k], data["high"][k] = means[k] - stds[k], means[k] + stds[k]
            self.cells.data = data
            finite = [v for v in data["mean"] if np.isfinite(v)]
            if finite:
                low, high = min(finite), max(finite)
                self.colors.low, self.colors.high = low, high if high > low else low + 1.0
        self.finished += len(means)
        self._progress()

    def _progress(self):
        total = len(self.points)
        elapsed = time.perf_counter() - self._started
        left = elapsed / self.finished * (total - self.finished) if self.finished else math.nan
        if self.cancelled:
            self.status = f"cancelled after {self.finished} of {total} points"
        elif self.finished == total:
            self.status = f"done: {total} of {total} points"
        elif self.finished:
            self.status = f"{self.finished} of {total} points, about {left:.0f} s left"
        else:
            self.status = f"0 of {total} points"
        if self._widget is not None:
            self._bar.value = self.finished
            self._label.value = self.status
            self._cancel.disabled = self.cancelled or self.finished == total

    def failed(self, error):
        """The sweep stopped on ``error`` (raised again by :meth:`result`)."""
        self._error = error
        self.status = f"failed after {self.finished} of {len(self.points)} points: {type(error).__name__}: {error}"
        if self._widget is not None:
            self._label.value = self.status

    def finish(self, frames):
        """The sweep's rows (DataFrames of its chunks) are all in."""
        import pandas as pd

        frame = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame()
        if frames:
            frame.attrs.update(frames[0].attrs)
        frame.attrs["cancelled"] = self.cancelled
        self._frame = frame
        self._done.set()

    def result(self, timeout=None):
        """The DataFrame of the rows that finished, once the sweep is over (waits up to ``timeout`` s)."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"the sweep is still running ({self.status})")
        if self._error is not None:
            raise self._error
        return self._frame

    def cancel(self, *_):
        """Stop after the chunk that runs (the Cancel button)."""
        self.cancelled = True
        self._progress()

    def _clicked(self, attribute, old, new):
        if new:
            self.show_raster(new[0])

    def show_raster(self, k):
        """Re-simulate point ``k`` with the first seed in a fresh copy and plot its spikes."""
        if self.method is None:
            return
        source = self.network if self.network is not None else registry.default_network()
        copy = source.blueprint(seed=self.seeds[0], with_state=source.compiled)
        spiking = [p for p in copy.get_populations() if p.neuron_type.type == "spike"]
        if not spiking:
            return
        probe = Monitor(spiking[-1], "spike", name=f"{self.name} raster", _register=False)
        copy.add(probe)
        copy.compile()
        self.method(0, copy, **self.points[k])
        t, n = copy.get(probe).raster_plot()
        with self._lock:
            self.raster.data = dict(t=list(map(float, t)), n=list(map(int, n)))

    # ---- widget -------------------------------------------------------------------------
    @property
    def widget(self):
        """An ipywidgets box: the bar, the status, Cancel, and the plots."""
        if self._widget is None:
            import ipywidgets as widgets
            from jupyter_bokeh import BokehModel

            self._bar = widgets.IntProgress(value=self.finished, min=0, max=len(self.points),
                                            description="sweep")
            self._label = widgets.HTML(self.status)
            self._cancel = widgets.Button(description="Cancel", icon="stop", button_style="warning")
            self._cancel.add_class("annlab-sweep-cancel")
            self._cancel.on_click(self.cancel)
            stop = self._cancel if self.cancellable else widgets.HTML(
                "<i>to stop: interrupt the kernel (rows done are kept); live_sweep(..., background=True) "
                "has a Cancel button</i>")
            self._plots = BokehModel(self.layout)
            self._widget = widgets.VBox([widgets.HBox([self._bar, self._label, stop]), self._plots])
            self._widget.add_class("annlab-sweep")
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        setup_notebook()
        return self.widget._repr_mimebundle_(**kwargs)


def _step(values):
    distinct = sorted(set(values))
    return min(np.diff(distinct)) if len(distinct) > 1 else 1.0


def live_sweep(method, metric, x=None, y=None, grid=None, points=None, samples=None, bounds=None,
               sampling="random", sample_seed=None, seeds=1, network=None, chunk=None, display=True, name="sweep",
               background=False, **options):
    """:func:`annlab.sweep` with a :class:`SweepView` filling in; returns (DataFrame, view).

    ``metric``: the column shown; ``x``, ``y``: the parameters on the axes; ``chunk``: points per
    ``parallel_run`` (default: a tenth of them, at least two per core), between which the view
    updates and Cancel is seen; ``name``: of the plots' data sources. ``background=True`` returns
    ``(None, view)`` at once and runs the sweep in a thread, so that the notebook stays free: Cancel
    and clicks work while it runs (a kernel handles no click while a cell runs), and
    ``view.result()`` waits for the DataFrame. The other arguments are :func:`annlab.sweep`'s. A
    cancelled sweep gives the rows that finished (``df.attrs['cancelled']`` is True).
    """
    import os

    point_list = points_of(grid, points, bounds, samples, sampling, sample_seed)
    options.setdefault("progress", False)  # the view is the progress bar
    plan = Sweeper(method, seeds, network, **options)  # one fingerprint and digest for every chunk
    view = SweepView(point_list, metric, x, y, method, network, plan.seeds, name=name, cancellable=background)
    if display:
        from IPython.display import display as show

        show(view)
    size = chunk or max(2 * (os.cpu_count() or 1), math.ceil(len(point_list) / 10))

    def run():
        frames = []
        try:
            for offset in range(0, len(point_list), size):
                if view.cancelled:
                    break
                part = plan.run(point_list[offset:offset + size])
                view.add(part, offset, len(plan.seeds))
                frames.append(part)
            view._progress()
        except Exception as err:  # noqa: BLE001 -- in a thread: kept for result(), shown in the view
            view.failed(err)
        view.finish(frames)

    if background:
        threading.Thread(target=run, daemon=True, name=f"annlab live_sweep {name}").start()
        return None, view
    run()
    return view.result(), view

