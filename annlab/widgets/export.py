"""Export figures (HTML, PNG, SVG) and recorded data (``.npz``, HDF5, pandas).

Bokeh's own PNG/SVG export needs selenium and a browser driver; here HTML
comes from :func:`bokeh.embed.file_html` with BokehJS inline (a standalone
file that works offline), and PNG/SVG are drawn by matplotlib from the
figure's data sources.

Recorded data is gathered by :func:`recorded_data` as flat arrays named
``<monitor>/<what>``: ``spike_t`` (ms) and ``spike_rank`` for spikes, the
variable itself (recordings x neurons) and ``t`` (ms) for variables.

Examples
--------
>>> import os, tempfile
>>> from annlab import *
>>> from annlab.widgets import export_data
>>> clear(); setup(seed=1)
>>> pop = Population(3, Izhikevich); pop.i_offset = 10.0
>>> m = Monitor(pop, ["v", "spike"], name="m")
>>> net = Network(everything=True); net.compile(); net.simulate(50.0)
>>> filename = os.path.join(tempfile.mkdtemp(), "run.npz")
>>> export_data(net, filename)
>>> data = np.load(filename); data["m/v"].shape, data["m/t"][:3]
((50, 3), array([0., 1., 2.]))
"""
import base64
import io
import os

import numpy as np

from ..core.monitor import Monitor
from ..errors import ValidationError


# ---- data ------------------------------------------------------------------------------------
def _monitors(source, net=None):
    if hasattr(source, "monitors") and hasattr(source, "compile"):  # a Network
        return list(source.monitors)
    items = source if isinstance(source, (list, tuple)) else [source]
    result = []
    for item in items:
        if not isinstance(item, Monitor):
            raise ValidationError("export_data", "source", f"Value must be a Network, a Monitor or a list of "
                                  f"monitors (got {item!r})")
        result.append(net.get(item) if net is not None and not any(m is item for m in net.monitors) else item)
    return result


def recorded_data(source, net=None):
    """Everything recorded by the monitors of ``source``, as named numpy arrays.

    Parameters
    ----------
    source : Network, Monitor or list of Monitor
        Compiled monitors (or originals, with ``net`` to find their copies).
    net : Network, optional

    Returns
    -------
    dict
        ``{'<monitor>/spike_t': ..., '<monitor>/spike_rank': ..., '<monitor>/<variable>': ...,
        '<monitor>/t': ...}``; the data stays in the monitors (``keep=True``).
    """
    data = {}
    for monitor in _monitors(source, net):
        name = monitor.name
        for variable in monitor.variables:
            if variable == "spike":
                t, n = monitor.raster_plot()
                data[f"{name}/spike_t"] = np.asarray(t, dtype=float)
                data[f"{name}/spike_rank"] = np.asarray(n, dtype=np.int64)
            else:
                values = np.asarray(monitor.get(variable, keep=True))
                data[f"{name}/{variable}"] = values
                if f"{name}/t" not in data:
                    starts = monitor.times().get("start") or [0.0]
                    period = monitor.period or monitor._dt
                    data[f"{name}/t"] = starts[0] + np.arange(values.shape[0]) * period
    return data


def export_data(source, filename, net=None, format=None):
    """Write recorded data to ``.npz`` or HDF5 (``.h5``/``.hdf5``, needs h5py).

    Parameters
    ----------
    source : Network, Monitor or list of Monitor
    filename : str
    net : Network, optional
        To find the copies of original monitors.
    format : {'npz', 'hdf5'}, optional
        Default: from the file name.
    """
    data = recorded_data(source, net)
    fmt = format or os.path.splitext(str(filename))[1].lstrip(".").lower()
    if fmt == "npz":
        np.savez(filename, **data)
    elif fmt in ("h5", "hdf5"):
        try:
            import h5py
        except ImportError as err:
            raise ImportError("export_data(): HDF5 needs h5py (pip install h5py); .npz needs nothing") from err
        with h5py.File(filename, "w") as handle:
            for key, values in data.items():
                handle.create_dataset(key, data=values)
    else:
        raise ValidationError("export_data", "format", f"Value must be 'npz' or 'hdf5' (got {fmt!r} from "
                              f"{filename!r}); for pandas use to_dataframe()")


def to_dataframe(source, net=None):
    """Recorded data as pandas DataFrames (needs pandas).

    Returns
    -------
    dict
        ``{'<monitor>/spike': DataFrame(t, rank), '<monitor>/<variable>': DataFrame(index=t, one
        column per neuron)}``.
    """
    try:
        import pandas as pd
    except ImportError as err:
        raise ImportError("to_dataframe() needs pandas (pip install pandas); export_data() writes .npz "
                          "or HDF5 without it") from err
    data = recorded_data(source, net)
    frames = {}
    for key, values in data.items():
        name, what = key.rsplit("/", 1)
        if what == "spike_t":
            frames[f"{name}/spike"] = pd.DataFrame({"t": values, "rank": data[f"{name}/spike_rank"]})
        elif what not in ("spike_rank", "t"):
            frame = values.reshape(values.shape[0], -1)
            frames[key] = pd.DataFrame(frame, index=pd.Index(data[f"{name}/t"], name="t"))
    return frames


# ---- figures ---------------------------------------------------------------------------------
def _bokeh_model(figure):
    for attribute in ("layout",):
        if hasattr(figure, attribute) and not hasattr(figure, "savefig"):
            return getattr(figure, attribute)
    if hasattr(figure, "live"):  # an Explorer
        return figure.live.layout
    return figure


def save_figure(figure, filename, title="annlab"):
    """Save a figure to ``.html``, ``.png`` or ``.svg``.

    Parameters
    ----------
    figure : bokeh model, LiveRaster, Explorer or matplotlib Figure
    filename : str
        The extension chooses the format.
    title : str
        Title of the HTML page.
    """
    extension = os.path.splitext(str(filename))[1].lower()
    if extension not in (".html", ".png", ".svg"):
        raise ValidationError("save_figure", "filename", f"The extension must be .html, .png or .svg "
                              f"(got {extension or 'none'!r})")
    if hasattr(figure, "savefig"):  # matplotlib
        if extension == ".html":
            buffer = io.BytesIO()
            figure.savefig(buffer, format="png", dpi=100)
            encoded = base64.b64encode(buffer.getvalue()).decode()
            with open(filename, "w") as handle:
                handle.write(f"<!DOCTYPE html><html><head><title>{title}</title></head><body>"
                             f"<img src='data:image/png;base64,{encoded}'></body></html>")
        else:
            figure.savefig(filename, dpi=100)
        return
    model = _bokeh_model(figure)
    if extension == ".html":
        from bokeh.embed import file_html
        from bokeh.resources import INLINE

        with open(filename, "w") as handle:
            handle.write(file_html(model, resources=INLINE, title=title))
        return
    bokeh_to_matplotlib(model).savefig(filename, dpi=100)


def _plots(model):
    from bokeh.models import Plot

    if isinstance(model, Plot):
        return [model]
    found = []
    for child in getattr(model, "children", None) or []:
        found += _plots(child[0] if isinstance(child, tuple) else child)
    return found


def _column(glyph, data, attribute, length=None):
    spec = getattr(glyph, attribute, None)
    field = spec if isinstance(spec, str) else getattr(spec, "field", None)
    if isinstance(spec, dict):
        field = spec.get("field")
        if field is None and "value" in spec:
            return np.full(length or 0, spec["value"])
    if field is not None and field in data:
        return np.asarray(data[field])
    if isinstance(spec, (int, float)):
        return np.full(length or 0, spec)
    return None


def _color(glyph, *names):
    for name in names:
        value = getattr(glyph, name, None)
        if isinstance(value, str):
            return value
    return "black"


def bokeh_to_matplotlib(model):
    """Draw the plots of a bokeh layout with matplotlib (scatter, line, vbar and quad glyphs).

    Returns
    -------
    matplotlib.figure.Figure
        One axis per bokeh plot, stacked (not attached to pyplot: nothing to close).
    """
    from bokeh.models import GlyphRenderer
    from matplotlib.figure import Figure

    plots = _plots(model)
    if not plots:
        raise ValidationError("save_figure", "figure", f"No plot to draw in {model!r}")
    heights = [max(p.height or 200, 100) for p in plots]
    figure = Figure(figsize=(9, sum(heights) / 80.0))
    axes = figure.subplots(len(plots), 1, squeeze=False, gridspec_kw={"height_ratios": heights})
    for plot, axis in zip(plots, axes[:, 0]):
        for renderer in plot.renderers:
            if not isinstance(renderer, GlyphRenderer):
                continue
            glyph, data = renderer.glyph, renderer.data_source.data
            kind = type(glyph).__name__
            x = _column(glyph, data, "x")
            if kind in ("Scatter", "Circle"):
                y = _column(glyph, data, "y")
                if x is not None and y is not None and len(x):
                    axis.scatter(x, y, s=4, marker="s", linewidths=0, color=_color(glyph, "fill_color", "line_color"))
            elif kind == "Line":
                y = _column(glyph, data, "y")
                if x is not None and y is not None:
                    axis.plot(x, y, color=_color(glyph, "line_color"), linewidth=1.2)
            elif kind == "VBar":
                top = _column(glyph, data, "top")
                if x is not None and top is not None:
                    axis.bar(x, top, width=float(getattr(glyph, "width", 0.8) or 0.8),
                             color=_color(glyph, "fill_color"))
            elif kind == "Quad":
                left, right, top = (_column(glyph, data, a) for a in ("left", "right", "top"))
                if left is not None and right is not None and top is not None:
                    axis.bar(left, top, width=right - left, align="edge", color=_color(glyph, "fill_color"))
        if plot.title is not None and getattr(plot.title, "text", ""):
            axis.set_title(plot.title.text)
        if plot.xaxis and plot.xaxis[0].axis_label:
            axis.set_xlabel(plot.xaxis[0].axis_label)
        if plot.yaxis and plot.yaxis[0].axis_label:
            axis.set_ylabel(plot.yaxis[0].axis_label)
    figure.tight_layout()
    return figure
