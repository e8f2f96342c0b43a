"""Explore a compiled network with sliders and dropdowns.

Each control is bound to one parameter (or variable) of a population or
projection of the network. Moving it writes the new value into the
simulator's arrays, brings the network back to the state it had when the
explorer was made, and simulates again: parameters are data, so nothing is
recompiled. Every run starts from the same state with the same random seed,
so a given set of values always gives the same result.

Structural quantities (population sizes, geometry, connectivity, delays)
shape the arrays and the kernels: a control bound to one is refused with
:class:`StructuralParameterError`.

Examples
--------
>>> from annlab import *
>>> from annlab.widgets import Explorer, Slider
>>> clear(); setup(seed=1)
>>> inp = PoissonPopulation(100, rates=10.0)
>>> pop = Population(100, Izhikevich)
>>> proj = Projection(inp, pop, "exc").connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop, "spike")
>>> net = Network(everything=True); net.compile()
>>> explorer = Explorer(net, {"input (Hz)": Slider(inp, "rates", 0.0, 40.0, value=20.0)}, duration=500.0)
>>> explorer.rates()["pop1"] > 3.0
True
>>> explorer.set("input (Hz)", 0.0); explorer.rates()["pop1"]
0.0
"""
import os
import tempfile
import threading

import numpy as np

from ..core.population import Population, PopulationView
from ..core.projection import Projection
from ..errors import AnnlabError, UnknownNameError, ValidationError, closest_name
from .live_raster import LiveRaster, setup_notebook

#: Names that shape the network rather than parameterise it.
STRUCTURAL = {
    "population": ("size", "geometry", "shape", "neuron", "neuron_type", "ranks", "width", "height", "depth", "name"),
    "projection": ("probability", "number", "weights", "delay", "delays", "nb_synapses", "pre", "post",
                   "target", "synapse", "synapse_type", "connector", "size", "name", "allow_self_connections"),
}


class StructuralParameterError(AnnlabError, ValueError):
    """A control was bound to a structural quantity (size, connectivity, delays...).

    Changing it needs a new network (re-run the ``%%network`` cell, or build
    a new :class:`~annlab.Network`), not a slider.
    """


class _Control:
    """What a slider or dropdown is bound to: ``target.attribute`` of the network."""

    kind = None

    def __init__(self, target, attribute, value=None):
        self.target, self.attribute, self.value = target, attribute, value
        self.owner = None

    def bind(self, net, label):
        """Resolve the target in ``net`` and check the attribute; returns self."""
        self.label = label
        if callable(self.target) and not isinstance(self.target, (Population, PopulationView, Projection)):
            self.owner = None
        else:
            self.owner = _own(net, self.target)
            _check_attribute(self.owner, self.attribute, label)
        if self.value is None:
            self.value = self._current()
        return self

    def _current(self):
        if self.owner is None:
            raise ValidationError("Explorer", self.label, "A control bound to a function needs value=...")
        value = getattr(self.owner, self.attribute)
        if isinstance(value, (list, tuple)) and value and np.ndim(value[0]) > 0:  # one list per dendrite
            value = np.concatenate([np.ravel(v) for v in value])
        value = np.asarray(value, dtype=float)
        return float(f"{value.mean():.12g}") if value.size else 0.0

    def apply(self, net):
        """Write the control's value into the network."""
        if self.owner is None:
            self.target(net, self.value)
        else:
            setattr(self.owner, self.attribute, self.value)


class Slider(_Control):
    """A slider bound to a numeric parameter: ``Slider(pop, "tau", 5.0, 50.0)``.

    Parameters
    ----------
    target : Population, PopulationView, Projection or callable
        The object (of the network, or its original), or ``f(net, value)``.
    attribute : str
        A parameter or variable of its neuron / synapse model (``w`` too);
        ignored for a callable target.
    min, max : float, optional
        Range; default from the current value (0 to twice it).
    step : float, optional
        Default: a hundredth of the range.
    value : float, optional
        Initial value; default: the current (mean) value.
    """

    kind = "slider"

    def __init__(self, target, attribute=None, min=None, max=None, step=None, value=None):
        super().__init__(target, attribute, value)
        self.min, self.max, self.step = min, max, step

    def make_widget(self):
        import ipywidgets as widgets

        value = float(self.value)
        low = self.min if self.min is not None else (min(0.0, 2 * value) if value else -1.0)
        high = self.max if self.max is not None else (max(0.0, 2 * value) if value else 1.0)
        if not low < high:
            raise ValidationError("Slider", self.label, f"min must be smaller than max (got {low}, {high})")
        step = self.step if self.step is not None else (high - low) / 100.0
        return widgets.FloatSlider(value=min(max(value, low), high), min=low, max=high, step=step,
                                   description=self.label, continuous_update=False,
                                   readout_format=".4g", style={"description_width": "initial"},
                                   layout=widgets.Layout(width="480px"))


class Dropdown(_Control):
    """A dropdown of values for a parameter: ``Dropdown(pop, "a", [0.02, 0.1])``.

    Parameters
    ----------
    target, attribute
        As for :class:`Slider`.
    options : list or dict
        The values, or ``{label: value}``.
    value : optional
        Initial value (default: the first option).
    """

    kind = "dropdown"

    def __init__(self, target, attribute=None, options=(), value=None):
        options = dict(options) if isinstance(options, dict) else {str(o): o for o in options}
        if not options:
            raise ValidationError("Dropdown", str(attribute), "Give at least one option")
        super().__init__(target, attribute, value if value is not None else next(iter(options.values())))
        self.options = options

    def make_widget(self):
        import ipywidgets as widgets

        return widgets.Dropdown(options=list(self.options.items()), value=self.value, description=self.label,
                                style={"description_width": "initial"})


def _own(net, target):
    """The network's own copy of a population, view or projection."""
    if isinstance(target, PopulationView):
        return net.get(target) if not any(p is target.population for p in net.populations) else target
    if isinstance(target, (Population, Projection)):
        mine = net.populations if isinstance(target, Population) else net.projections
        return target if any(t is target for t in mine) else net.get(target)
    raise ValidationError("Explorer", "target", f"Value must be a Population, PopulationView, Projection or "
                          f"a function f(net, value) (got {target!r})")


def _check_attribute(owner, attribute, label):
    kind = "projection" if isinstance(owner, Projection) else "population"
    model = owner.synapse_type if kind == "projection" else owner.neuron_type
    allowed = list(model.ir.attributes) + (["w"] if kind == "projection" else [])
    if attribute in allowed:
        return
    if attribute in STRUCTURAL[kind]:
        what = "the population's size" if attribute in ("size", "geometry", "shape") else f"'{attribute}'"
        raise StructuralParameterError(
            f"Explorer control '{label}': {what} is structural ({kind} {owner.name!r}): it shapes the "
            f"network's arrays and connectivity, so it cannot change without building a new network. "
            f"Re-run the %%network cell (or make a new Network) with another value; sliders can change "
            f"parameters and variables such as {', '.join(allowed[:6])}")
    hint = closest_name(attribute, allowed)
    raise UnknownNameError(f"Explorer control '{label}': {kind} '{owner.name}' has no parameter '{attribute}'"
                           + (f"; did you mean '{hint}'?" if hint else "") + f" (available: {', '.join(allowed)})")


def _as_control(spec):
    if isinstance(spec, _Control):
        return spec
    if isinstance(spec, tuple) and len(spec) >= 3 and isinstance(spec[2], (list, dict)):
        return Dropdown(*spec)
    if isinstance(spec, tuple) and len(spec) >= 2:
        return Slider(*spec)
    raise ValidationError("Explorer", "controls", f"Each control must be a Slider, a Dropdown or a tuple "
                          f"(target, attribute, min, max[, step]) (got {spec!r})")


class Explorer:
    """Sliders and dropdowns bound to parameters of a compiled network, with live plots.

    Parameters
    ----------
    net : Network
        A compiled network.
    controls : dict
        ``{label: Slider(...) | Dropdown(...) | (target, attribute, min, max[, step])}``.
    monitor : Monitor, optional
        What the plot shows (default: the network's first spike monitor).
    duration : float
        Simulated ms of each run.
    variable : str, optional
        A recorded variable to draw under the raster.
    run : bool
        Simulate once at once (with the initial values).
    seed : optional
        Seed of every run (default: the network's seed).
    **plot_options
        Passed to :class:`LiveRaster` (``period``, ``max_neurons``...).

    Attributes
    ----------
    widgets : dict
        ``{label: ipywidgets control}``.
    live : LiveRaster
    runs : int
        Simulations done so far.
    """

    def __init__(self, net, controls, monitor=None, duration=1000.0, variable=None, run=True, seed=None,
                 **plot_options):
        if not net.compiled:
            raise ValidationError("Explorer", "net", "The network must be compiled first (net.compile())")
        self.net, self.duration = net, float(duration)
        self.controls = {label: _as_control(spec).bind(net, label) for label, spec in controls.items()}
        self.seed = seed if seed is not None else (net.seed if net.seed is not None
                                                   else int(np.random.SeedSequence().entropy % 2**32))
        plot_options.setdefault("period", max(net.dt, self.duration / 20.0))
        plot_options.setdefault("name", "explorer")
        self.live = LiveRaster(net, monitor, variable=variable, **plot_options)
        self._snapshot = self._save_state()
        self.runs, self.error = 0, None
        self._widgets = None
        self._running, self._again = threading.Lock(), False
        if run:
            self.run()

    # ---- state -------------------------------------------------------------------------
    def _save_state(self):
        handle, filename = tempfile.mkstemp(suffix=".npz", prefix="annlab_explorer_")
        os.close(handle)
        self.net.save(filename)
        self._cleanup = _Remove(filename)
        return filename

    def _restore(self):
        self.net.reset(populations=True, projections=True, monitors=True)
        self.net.load(self._snapshot)
        self.net.set_seed(self.seed)

    # ---- running -----------------------------------------------------------------------
    def set(self, label, value, run=True):
        """Set a control's value (and its widget) from Python, then re-simulate."""
        if label not in self.controls:
            hint = closest_name(label, self.controls)
            raise UnknownNameError(f"Explorer: no control '{label}'" + (f"; did you mean '{hint}'?" if hint else ""))
        self.controls[label].value = value
        if self._widgets is not None and self._widgets[label].value != value:
            self._widgets[label].value = value  # fires _changed, which runs
            return
        if run:
            self.run()

    def run(self):
        """Simulate ``duration`` ms from the saved state with the current values.

        JupyterLab may deliver a slider's change in a kernel subshell thread
        while a run is going: runs never overlap; a change arriving during a
        run makes it run again, once, with the latest values.
        """
        self._again = True
        while self._again:
            if not self._running.acquire(blocking=False):
                return  # the run in progress will run again
            try:
                while self._again:
                    self._again = False
                    self._run_once()
            finally:
                self._running.release()

    def _run_once(self):
        self._restore()
        for control in self.controls.values():
            control.apply(self.net)
        self.live.clear()
        self.net.simulate(self.duration)
        self.live.refresh()
        self.runs += 1
        self._update_summary()

    def rates(self):
        """Mean firing rate (Hz) of each spike monitor of the network in the last run, by object name."""
        result = {}
        for monitor in self.net.monitors:
            if "spike" in monitor.variables:
                result[getattr(monitor.object, "name", monitor.name)] = float(monitor.mean_fr())
        return result

    # ---- widgets -----------------------------------------------------------------------
    def _changed(self, label, change):
        self.controls[label].value = change["new"]
        try:
            self.error = None
            self.run()
        except Exception as err:  # noqa: BLE001 -- shown in the widget, kept in .error
            self.error = err
            self._update_summary()

    def _update_summary(self):
        if self._widgets is None:
            return
        if self.error is not None:
            self._summary.value = (f"<span class='annlab-summary' style='color:#b00'>"
                                   f"<b>{type(self.error).__name__}</b>: "
                                   f"{_escape(str(self.error))}</span>")
            return
        rates = ", ".join(f"{name}: {rate:.2f} Hz" for name, rate in self.rates().items())
        self._summary.value = f"<span class='annlab-summary'>run {self.runs}: {rates}</span>"

    @property
    def widget(self):
        """The whole explorer as one ipywidgets box."""
        if self._widgets is None:
            import ipywidgets as widgets

            self._widgets = {}
            for label, control in self.controls.items():
                widget = control.make_widget()
                widget.observe(lambda change, label=label: self._changed(label, change), names="value")
                self._widgets[label] = widget
            self._summary = widgets.HTML(layout=widgets.Layout(min_height="1.5em"))
            self._update_summary()
            self._box = widgets.VBox(list(self._widgets.values()) + [self._summary, self.live.widget])
        return self._box

    @property
    def widgets(self):
        """``{label: ipywidgets control}``."""
        self.widget  # noqa: B018 -- builds them
        return dict(self._widgets)

    def _repr_mimebundle_(self, **kwargs):
        setup_notebook()
        return self.widget._repr_mimebundle_(**kwargs)

    def __repr__(self):
        values = ", ".join(f"{label}={c.value!r}" for label, c in self.controls.items())
        return f"Explorer({values}; duration={self.duration} ms, runs={self.runs})"


class _Remove:
    """Delete a file when garbage-collected (the explorer's saved state)."""

    def __init__(self, filename):
        self.filename = filename

    def __del__(self):
        try:
            os.remove(self.filename)
        except OSError:
            pass


def _escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
