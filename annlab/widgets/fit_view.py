"""A live view of :func:`annlab.fit`: the objective of every run and the best so far, over the trials.

Examples
--------
>>> from annlab import *
>>> from annlab.widgets import live_fit
>>> clear(); setup(dt=0.1, seed=1)
>>> lif = Neuron(parameters="i_ext = 1.5\\ntau = 10.0", equations="tau * dv/dt = i_ext - v", spike="v > 1.0",
...              reset="v = 0.0")
>>> pop = Population(1, lif)
>>> m = Monitor(pop, 'spike')
>>> def rate(idx, net, i_ext):
...     net.get(pop).i_ext = i_ext
...     net.simulate(500.0)
...     return net.get(m).mean_fr()
>>> result, view = live_fit(rate, {"i_ext": (1.05, 4.0)}, objective=lambda fr: (fr - 50.0) ** 2,
...                         optimizer="nelder-mead", trials=12, seed=1, cache=False, display=False)
>>> len(view.runs.data["trial"]) == len(result.history), view.best.data["best"][-1] == max(result.value, 1e-12)
(True, True)
>>> view.status
'done: best ... at i_ext = 1.1...'
"""
import threading

from ..fits import fit
from .live_raster import setup_notebook


class FitView:
    """The objective of each run (dots) and the best so far (line) over the trials, a status and Cancel.

    The data sources are named ``<name>_runs`` and ``<name>_best`` for browser tests.
    """

    def __init__(self, trials, name="fit", width=520, cancellable=True):
        from bokeh.models import ColumnDataSource
        from bokeh.plotting import figure

        self.trials, self.name, self.cancellable = int(trials), name, cancellable
        self.cancelled, self.status, self.evaluated = False, f"0 of {trials} trials", 0
        self.runs = ColumnDataSource(data=dict(trial=[], objective=[]), name=f"{name}_runs")
        self.best = ColumnDataSource(data=dict(trial=[], best=[]), name=f"{name}_best")
        self.plot = figure(width=width, height=280, y_axis_type="log", x_axis_label="trial",
                           y_axis_label="objective", title="objective of each run, best so far",
                           tools="pan,box_zoom,reset,save", name=f"{name}_figure")
        self.plot.scatter("trial", "objective", source=self.runs, size=5, alpha=0.6)
        self.plot.line("trial", "best", source=self.best, line_width=2, color="#d62728")
        self._lock = threading.Lock()
        self._widget = None
        self._done, self._result, self._error = threading.Event(), None, None

    def __call__(self, rows):
        """fit's ``callback``: the rows of one evaluation. Returns False once cancelled."""
        finite = rows[rows.objective < float("inf")]
        with self._lock:
            self.runs.stream(dict(trial=finite.trial.tolist(), objective=finite.objective.clip(lower=1e-12).tolist()))
            best = rows.groupby("trial").best_so_far.last()
            best = best[best < float("inf")]
            self.best.stream(dict(trial=best.index.tolist(), best=best.clip(lower=1e-12).tolist()))
        self.evaluated = int(rows.trial.max()) + 1
        value = rows.best_so_far.iloc[-1]
        self.status = (f"cancelled after {self.evaluated} of {self.trials} trials" if self.cancelled else
                       f"{self.evaluated} of {self.trials} trials, best {value:.4g}")
        self._show()
        return not self.cancelled

    def cancel(self, *_):
        """Stop after the evaluation that runs (the Cancel button)."""
        self.cancelled = True
        self.status = f"cancelled after {self.evaluated} of {self.trials} trials"
        self._show()

    def _show(self):
        if self._widget is not None:
            self._label.value = self.status
            self._button.disabled = self.cancelled

    def result(self, timeout=None):
        """The :class:`~annlab.fits.FitResult`, once the fit is over (waits up to ``timeout`` s)."""
        if not self._done.wait(timeout):
            raise TimeoutError(f"the fit is still running ({self.status})")
        if self._error is not None:
            raise self._error
        return self._result

    @property
    def widget(self):
        if self._widget is None:
            import ipywidgets as widgets
            from jupyter_bokeh import BokehModel

            self._label = widgets.HTML(self.status)
            self._button = widgets.Button(description="Cancel", icon="stop", button_style="warning")
            self._button.add_class("annlab-fit-cancel")
            self._button.on_click(self.cancel)
            stop = self._button if self.cancellable else widgets.HTML(
                "<i>to stop: interrupt the kernel; live_fit(..., background=True) has a Cancel button</i>")
            self._widget = widgets.VBox([widgets.HBox([self._label, stop]), BokehModel(self.plot)])
            self._widget.add_class("annlab-fit")
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        setup_notebook()
        return self.widget._repr_mimebundle_(**kwargs)


def live_fit(method, bounds, display=True, background=False, name="fit", **options):
    """:func:`annlab.fit` with a :class:`FitView` filling in; returns (FitResult, view).

    ``background=True`` returns ``(None, view)`` at once and fits in a thread (Cancel works while it
    runs; ``view.result()`` waits for the FitResult). The other arguments are :func:`annlab.fit`'s.
    """
    view = FitView(options.get("trials", 64), name=name, cancellable=background)
    if display:
        from IPython.display import display as show

        show(view)
    options.setdefault("progress", False)

    def run():
        try:
            view._result = fit(method, bounds, callback=view, **options)
            if not view.cancelled:
                view.status = f"done: best {view._result.value:.4g} at " + ", ".join(
                    f"{k} = {v:.4g}" for k, v in view._result.best.items())
                view._show()
        except Exception as err:  # noqa: BLE001 -- in a thread: kept for result(), shown in the view
            view._error = err
            view.status = f"failed: {type(err).__name__}: {err}"
            view._show()
        view._done.set()

    if background:
        threading.Thread(target=run, daemon=True, name=f"annlab live_fit {name}").start()
        return None, view
    run()
    return view.result(), view
