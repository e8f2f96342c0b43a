"""Progress of long simulations and a live view of :func:`annlab.parallel_run`.

:func:`simulate_with_progress` shows a ``tqdm.auto`` bar (a widget in a notebook, text
elsewhere) when a run is long. :class:`ParallelRunView` shows a bar and a
table that fills in, one row per network, as each network finishes, using
``parallel_run(callback=...)``.

Examples
--------
>>> from annlab import *
>>> from annlab.widgets import live_parallel_run
>>> clear(); setup(seed=1)
>>> inp = PoissonPopulation(100, rates=10.0)
>>> pop = Population(100, Izhikevich)
>>> proj = Projection(inp, pop, "exc").connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop, "spike")
>>> def run(idx, net, rate):
...     net.get(inp).rates = rate
...     net.simulate(500.0)
...     return net.get(m).mean_fr()
>>> results, view = live_parallel_run(run, number=2, rate=[0.0, 20.0], sequential=True, display=False)
>>> results[0], view.finished
(0.0, 2)
"""
import html
import time

from ..errors import ValidationError

#: Runs with more steps than this get a progress bar by default.
LONG_RUN_STEPS = 200_000


def simulate_with_progress(net, duration, progress=None, live=None):
    """Simulate ``net`` for ``duration`` ms, with a progress bar when the run is long.

    Parameters
    ----------
    net : Network
    duration : float
        In ms.
    progress : bool, optional
        Force the bar on or off; default: on when the run has more than
        :data:`LONG_RUN_STEPS` steps.
    live : LiveRaster, optional
        Refreshed at the end (so the last chunk shows).
    """
    steps = duration / net.dt
    show = progress if progress is not None else steps > LONG_RUN_STEPS
    net.simulate(duration, progress=bool(show))
    if live is not None:
        live.refresh()


def _default_summary(result):
    if isinstance(result, float):
        return f"{result:.4g}"
    if isinstance(result, dict):
        return ", ".join(f"{k}: {v:.4g}" if isinstance(v, float) else f"{k}: {v}" for k, v in result.items())
    return repr(result)


class ParallelRunView:
    """A progress bar and a table of each network's result, filled in as networks finish.

    Parameters
    ----------
    count : int
        Number of networks.
    summary : callable, optional
        ``summary(result) -> str`` for the table (default: a short repr).
    labels : list of str, optional
        One label per network (default: its index and extra arguments).
    title : str

    Attributes
    ----------
    results : dict
        ``{idx: result}`` received so far.
    order : list of int
        Indices in the order they finished.
    """

    def __init__(self, count, summary=None, labels=None, title="parallel_run"):
        if count < 1:
            raise ValidationError("ParallelRunView", "count", f"Value must be at least 1 (got {count})")
        self.count, self.summary = int(count), summary or _default_summary
        self.labels = list(labels) if labels is not None else [str(i) for i in range(count)]
        self.title = title
        self.results, self.order = {}, []
        self._started = time.perf_counter()
        self._times = {}
        self._widget = None

    @property
    def finished(self):
        return len(self.results)

    def __call__(self, idx, result):
        """The ``callback`` of parallel_run: record one finished network and update the view."""
        self.results[idx] = result
        self.order.append(idx)
        self._times[idx] = time.perf_counter() - self._started
        if self._widget is not None:
            self._bar.value = self.finished
            self._bar.description = f"{self.finished}/{self.count}"
            self._table.value = self.table_html()

    def table_html(self):
        """The table of finished networks, in idx order."""
        rows = "".join(f"<tr><td>{idx}</td><td>{html.escape(self.labels[idx])}</td>"
                       f"<td>{html.escape(self.summary(self.results[idx]))}</td>"
                       f"<td>{self._times[idx]:.2f} s</td></tr>" for idx in sorted(self.results))
        return (f"<b>{html.escape(self.title)}</b>: {self.finished} of {self.count} networks done"
                f"<table class='annlab-parallel'><tr><th>idx</th><th>arguments</th><th>result</th>"
                f"<th>finished after</th></tr>{rows}</table>")

    @property
    def widget(self):
        """An ipywidgets box: an IntProgress bar over an HTML table."""
        if self._widget is None:
            import ipywidgets as widgets

            self._bar = widgets.IntProgress(value=self.finished, min=0, max=self.count,
                                            description=f"{self.finished}/{self.count}")
            self._table = widgets.HTML(self.table_html())
            self._widget = widgets.VBox([self._bar, self._table])
        return self._widget

    def _repr_mimebundle_(self, **kwargs):
        return self.widget._repr_mimebundle_(**kwargs)


def live_parallel_run(method, summary=None, display=True, **kwargs):
    """:func:`annlab.parallel_run` with a :class:`ParallelRunView` filling in as networks finish.

    Parameters
    ----------
    method : callable
        ``method(idx, net, ...)`` as for parallel_run.
    summary : callable, optional
        ``summary(result) -> str`` for the table.
    display : bool
        Display the view (in a notebook) before starting.
    **kwargs
        Passed to parallel_run (``number=``, ``networks=``, extra arguments...).

    Returns
    -------
    results : list
        As parallel_run returns them (idx order).
    view : ParallelRunView
    """
    from ..parallel import parallel_run

    networks = kwargs.get("networks")
    count = len(networks) if networks is not None else int(kwargs.get("number", 0) or 0)
    reserved = {"networks", "number", "max_processes", "measure_time", "sequential", "same_seed", "seeds",
                "cluster", "errors", "callback", "progress"}
    extras = {k: v for k, v in kwargs.items() if k not in reserved}
    labels = [", ".join(f"{k}={_short(v[i])}" for k, v in extras.items()) or str(i) for i in range(count)]
    view = ParallelRunView(count, summary=summary, labels=labels)
    if display:
        from IPython.display import display as show

        show(view)
    kwargs.setdefault("progress", False)  # the view is the progress bar
    results = parallel_run(method, callback=view, **kwargs)
    return results, view


def _short(value):
    text = f"{value:.4g}" if isinstance(value, float) else repr(value)
    return text if len(text) <= 30 else text[:27] + "..."
