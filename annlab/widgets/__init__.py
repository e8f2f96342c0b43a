"""Notebook widgets: live rasters, parameter explorers, progress views, export.

Only this package (and :mod:`annlab.magics`) imports bokeh, ipywidgets and
IPython; the model layer never does. BokehJS is loaded inline (no CDN: the
plots also work offline) the first time a widget is displayed, or explicitly
with :func:`setup_notebook`.

- :class:`LiveRaster`: spikes, population rate and a variable, streamed while
  ``simulate()`` runs.
- :class:`Explorer`: sliders and dropdowns bound to parameters of a compiled
  network; moving one re-simulates, without compiling.
- :func:`simulate_with_progress`: ``net.simulate`` with a bar for long runs;
  :class:`ParallelRunView` / :func:`live_parallel_run`: a live view of
  :func:`annlab.parallel_run`; :class:`SweepView` / :func:`live_sweep`: a heatmap
  of :func:`annlab.sweep` filling in, Cancel, the raster of a clicked point;
  :class:`FitView` / :func:`live_fit`: the objective and best so far of :func:`annlab.fit`.
- :func:`save_figure`: figures to HTML / PNG / SVG; :func:`export_data`:
  recordings to ``.npz`` / HDF5; :func:`to_dataframe`: to pandas.
"""
from .explorer import Dropdown, Explorer, Slider, StructuralParameterError
from .export import export_data, recorded_data, save_figure, to_dataframe
from .live_raster import LiveRaster, setup_notebook
from .progress import ParallelRunView, live_parallel_run, simulate_with_progress
from .sweep_view import SweepView, live_sweep
from .fit_view import FitView, live_fit

__all__ = ["LiveRaster", "Explorer", "Slider", "Dropdown", "StructuralParameterError",
           "simulate_with_progress", "ParallelRunView", "live_parallel_run", "save_figure", "export_data",
           "recorded_data", "to_dataframe", "setup_notebook", "SweepView", "live_sweep",
           "FitView", "live_fit"]
