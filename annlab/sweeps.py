"""Parameter sweeps as tables: one row per (point, seed), computed by parallel_run, cached on disk.

``sweep(method, grid=..., seeds=...)`` runs ``method(idx, net, **point)`` on copies of the
network for every point of a grid, a list or random samples, each with every seed, and
returns a pandas DataFrame: the parameters, the seed, what the method returned (a dict
gives one column per key), ``status`` (``'ok'`` or ``'failed'``), ``error``, ``cached`` and
``wall_s``; provenance in ``df.attrs``. The copies run as one :func:`annlab.parallel_run`
(batched here, or on engines: ``mode=``), so the sweep costs what parallel_run costs.

Each finished row is written to the cache as it arrives, keyed by the network's
:meth:`~annlab.Network.fingerprint` (its equations, values, connectivity recipe and
monitors), the method's source, the point, the seed and annlab's version: running the
cell again, or after a restart of the kernel, computes only the missing rows; changing
the model or the method computes them all again. A failing point is a row with its
error (and is tried again next time); Ctrl-C keeps the rows that finished.

Examples
--------
>>> from annlab import *
>>> clear(); setup(seed=1)
>>> pop1 = PoissonPopulation(100, rates=10.0)
>>> pop2 = Population(100, Izhikevich)
>>> proj = Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop2, 'spike')
>>> def simulation(idx, net, rate):
...     net.get(pop1).rates = rate
...     net.simulate(200.0)
...     return {"fr": net.get(m).mean_fr()}
>>> df = sweep(simulation, grid={"rate": [0.0, 20.0]}, seeds=2, cache=False, progress=False)
>>> df[["rate", "seed", "status"]].values.tolist()
[[0.0, 1, 'ok'], [0.0, 2, 'ok'], [20.0, 1, 'ok'], [20.0, 2, 'ok']]
>>> list(df.columns)
['rate', 'seed', 'fr', 'status', 'error', 'cached', 'wall_s']
>>> bool((df[df.rate == 0.0].fr == 0.0).all() and (df[df.rate == 20.0].fr > 0.0).all())
True
"""
import hashlib
import inspect
import itertools
import json
import os
import pickle
import sqlite3
import platform
import time

import numpy as np

from .core import config, registry
from .core.network import Network
from .errors import ValidationError

#: Columns every sweep table has, after the parameters and the seed.
STATUS_COLUMNS = ("status", "error", "cached", "wall_s")


def grid_points(grid):
    """Every combination of the values of ``grid`` (a dict of lists), the last name varying fastest.

    >>> grid_points({"a": [1, 2], "b": [0.5, 1.5]})
    [{'a': 1, 'b': 0.5}, {'a': 1, 'b': 1.5}, {'a': 2, 'b': 0.5}, {'a': 2, 'b': 1.5}]
    """
    if not isinstance(grid, dict) or not grid:
        raise ValidationError("sweep", "grid", f"Value must be a dict of lists of values (got {grid!r})")
    for name, values in grid.items():
        if isinstance(values, (str, bytes)) or not hasattr(values, "__len__") or len(values) == 0:
            raise ValidationError("sweep", "grid", f"'{name}' must have a non-empty list of values (got {values!r})")
    names = list(grid)
    return [dict(zip(names, combination)) for combination in itertools.product(*(list(grid[n]) for n in names))]


def check_bounds(bounds, owner):
    """ValidationError (of ``owner``: 'sweep', 'fit') unless ``bounds`` maps names to (low, high), low < high."""
    if not isinstance(bounds, dict) or not bounds:
        raise ValidationError(owner, "bounds", f"Value must be a dict name -> (low, high) (got {bounds!r})")
    for name, bound in bounds.items():
        if not (isinstance(bound, (tuple, list)) and len(bound) == 2 and bound[0] < bound[1]):
            raise ValidationError(owner, "bounds", f"'{name}' must be (low, high) with low < high (got {bound!r})")


def sample_points(bounds, samples, sampling="random", seed=None):
    """``samples`` points within ``bounds`` (name -> (low, high)): uniform at random, or a Latin hypercube
    (``sampling='lhs'``, scipy.stats.qmc), reproducible with ``seed``.

    >>> points = sample_points({"w": (0.0, 1.0), "rate": (5.0, 50.0)}, 4, "lhs", seed=1)
    >>> len(points), all(0.0 <= p["w"] < 1.0 and 5.0 <= p["rate"] < 50.0 for p in points)
    (4, True)
    """
    check_bounds(bounds, "sweep")
    if not isinstance(samples, (int, np.integer)) or samples < 1:
        raise ValidationError("sweep", "samples", f"Value must be an integer >= 1 (got {samples!r})")
    low = np.array([b[0] for b in bounds.values()], float)
    high = np.array([b[1] for b in bounds.values()], float)
    if sampling == "lhs":
        from scipy.stats import qmc

        unit = qmc.LatinHypercube(d=len(bounds), seed=seed).random(int(samples))
    elif sampling == "random":
        unit = np.random.default_rng(seed).random((int(samples), len(bounds)))
    else:
        raise ValidationError("sweep", "sampling", f"Value must be 'random' or 'lhs' (got {sampling!r})")
    values = low + unit * (high - low)
    return [dict(zip(bounds, map(float, row))) for row in values]


def points_of(grid=None, points=None, bounds=None, samples=None, sampling="random", sample_seed=None):
    """The points of a sweep: exactly one of ``grid``, ``points`` or ``samples`` (with ``bounds``)."""
    given = [name for name, value in (("grid", grid), ("points", points), ("samples", samples)) if value is not None]
    if len(given) != 1:
        raise ValidationError("sweep", "grid", "Give one of grid={...}, points=[{...}, ...] or samples=N with "
                              f"bounds={{...}} (got {', '.join(given) or 'none'})")
    if grid is not None:
        return grid_points(grid)
    if samples is not None:
        if bounds is None:
            raise ValidationError("sweep", "bounds", "samples=N needs bounds={name: (low, high), ...}")
        return sample_points(bounds, samples, sampling, sample_seed)
    if not isinstance(points, (list, tuple)) or not points or not all(isinstance(p, dict) for p in points):
        raise ValidationError("sweep", "points", f"Value must be a non-empty list of dicts (got {points!r})")
    if len({tuple(sorted(p)) for p in points}) != 1:
        raise ValidationError("sweep", "points", "Every point must set the same parameters")
    return [dict(p) for p in points]


def seed_list(seeds):
    """The seeds of each point: ``seeds`` given as a list, or N of them as ``parallel_run(seeds='sequential')``
    gives them (``setup``'s seed, else 0, plus 0..N-1).

    >>> seed_list([3, 5])
    [3, 5]
    """
    if isinstance(seeds, (int, np.integer)) and not isinstance(seeds, bool):
        if seeds < 1:
            raise ValidationError("sweep", "seeds", f"Value must be >= 1 or a list of seeds (got {seeds!r})")
        from .parallel import _seeds

        return _seeds(int(seeds), False, "sequential", None)
    if isinstance(seeds, (list, tuple)) and seeds and all(isinstance(s, (int, np.integer)) for s in seeds):
        return [int(s) for s in seeds]
    raise ValidationError("sweep", "seeds", f"Value must be a number of seeds or a list of integers (got {seeds!r})")


def _check_parameters(method, names):
    """The points set exactly what ``method(idx, net, ...)`` takes (before anything is compiled)."""
    try:
        parameters = list(inspect.signature(method).parameters.values())[2:]
    except (TypeError, ValueError):
        return
    if any(p.kind == p.VAR_KEYWORD for p in parameters):
        return
    label = getattr(method, "__name__", "method")
    accepted = {p.name for p in parameters if p.kind in (p.POSITIONAL_OR_KEYWORD, p.KEYWORD_ONLY)}
    for name in names:
        if name not in accepted:
            raise ValidationError("sweep", name, f"{label}() has no parameter '{name}' (its parameters after "
                                  f"idx and net: {sorted(accepted)})")
    for p in parameters:
        if p.name in accepted and p.default is p.empty and p.name not in names:
            raise ValidationError("sweep", p.name, f"{label}() needs the parameter '{p.name}': give it values "
                                  f"in the grid, the points or the bounds")


def method_digest(method):
    """A digest of ``method``'s source (its code when the source is not available)."""
    try:
        text = inspect.getsource(method)
    except (OSError, TypeError):
        code = method.__code__
        text = repr((code.co_code, code.co_consts, code.co_names))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _canonical(value):
    if isinstance(value, (np.integer, np.floating)):
        return value.item()
    if isinstance(value, np.ndarray):
        return value.tolist()
    return value


class _Cache:
    """The rows of every sweep in one SQLite file (``rows.sqlite`` in ``directory``), by the digest of their key.

    SQLite keeps concurrent processes apart; in WAL mode a commit per row costs microseconds, where a
    file per row costs a file's creation (~0.1-0.5 ms, more than a small copy's simulation).
    """

    def __init__(self, directory):
        os.makedirs(directory, exist_ok=True)
        self.file = os.path.join(directory, "rows.sqlite")
        self.connection = sqlite3.connect(self.file, timeout=60, check_same_thread=False)
        self.connection.execute("PRAGMA journal_mode=WAL")
        self.connection.execute("PRAGMA synchronous=NORMAL")
        self.connection.execute("CREATE TABLE IF NOT EXISTS rows (key TEXT PRIMARY KEY, entry BLOB)")
        self.connection.commit()

    @staticmethod
    def path(key):
        return hashlib.sha256(json.dumps(key, sort_keys=True, default=repr).encode()).hexdigest()

    def get_many(self, digests):
        """{digest: entry} of the rows kept (those that do not unpickle count as missing)."""
        found = {}
        for start in range(0, len(digests), 500):
            part = digests[start:start + 500]
            query = f"SELECT key, entry FROM rows WHERE key IN ({','.join('?' * len(part))})"
            for digest, blob in self.connection.execute(query, part):
                try:
                    found[digest] = pickle.loads(blob)
                except (pickle.UnpicklingError, EOFError, ValueError, AttributeError):
                    pass
        return found

    def put(self, digest, entry):
        self.connection.execute("INSERT OR REPLACE INTO rows VALUES (?, ?)", (digest, pickle.dumps(entry)))
        self.connection.commit()

    def close(self):
        self.connection.close()


def _cache_for(cache):
    if cache is False or cache is None:
        return None
    if cache is True:
        from .sim.cache import cache_directory

        return _Cache(os.path.join(cache_directory(), "sweeps"))
    return _Cache(os.fspath(cache))


def _fingerprint(network):
    """The fingerprint of the network swept (compiled afresh with seed 0: its recipes, not a state)."""
    source = network if network is not None else registry.default_network()
    probe = source.blueprint(seed=0, with_state=source.compiled)
    probe.compile()
    return probe.fingerprint()


def sweep(method, grid=None, points=None, samples=None, bounds=None, sampling="random", sample_seed=None,
          seeds=1, network=None, cache=True, mode="auto", progress=None):
    """Run ``method(idx, net, **point)`` for every point and seed; returns a pandas DataFrame, one row each.

    Parameters
    ----------
    method : callable
        ``method(idx, net, **point)`` as for :func:`annlab.parallel_run`; returns a number, a dict of
        metrics (one column each) or anything else (a ``result`` column).
    grid : dict of lists, optional
        Every combination of the values (the last name varying fastest).
    points : list of dict, optional
        Explicit points.
    samples : int, optional
        That many points within ``bounds`` (name -> (low, high)), ``sampling`` ``'random'`` or
        ``'lhs'`` (Latin hypercube), reproducible with ``sample_seed``.
    seeds : int or list of int
        Seeds of each point (an int N: ``setup``'s seed, or 0, plus 0..N-1; every point gets the same).
    network : Network, optional
        The network to copy (default: everything defined, as ``Network(everything=True)``); a compiled
        one is copied with its state.
    cache : bool or path
        Keep finished rows on disk (``sweeps/rows.sqlite`` in annlab's cache directory, or in the
        directory given) and reuse them.
    mode, progress
        As for :func:`annlab.parallel_run`.

    Returns
    -------
    pandas.DataFrame
        Columns: the parameters, ``seed``, the metrics (a metric named like a parameter gets a
        ``result_`` prefix), ``status``, ``error``, ``cached``, ``wall_s`` (seconds from the start of
        the run that computed the row until it finished); provenance in ``attrs``.
    """
    points = points_of(grid, points, bounds, samples, sampling, sample_seed)
    return Sweeper(method, seeds, network, cache, mode, progress).run(points)


class Sweeper:
    """What the sweeps of one method over one network share, worked out once: the seeds, the method's
    digest and the network's fingerprint (a copy compiled for it). :func:`sweep` runs one; live views
    (chunk after chunk) and :func:`annlab.fit` (evaluation after evaluation) run many with one Sweeper.

    Parameters are :func:`sweep`'s; :meth:`run` takes the points.
    """

    def __init__(self, method, seeds=1, network=None, cache=True, mode="auto", progress=None):
        try:
            import pandas  # noqa: F401 -- said here, before anything runs
        except ImportError as err:
            raise ImportError("sweep() returns a pandas DataFrame: pip install pandas "
                              "(or annlab's notebook extra)") from err
        if not callable(method):
            raise ValidationError("sweep", "method", f"Value must be callable (got {method!r})")
        if network is not None and not isinstance(network, Network):
            raise ValidationError("sweep", "network", f"Value must be a Network (got {network!r})")
        if not (cache is None or isinstance(cache, (bool, str, os.PathLike))):
            raise ValidationError("sweep", "cache", f"Value must be True, False or a directory (got {cache!r})")
        self.method, self.network, self.cache, self.mode, self.progress = method, network, cache, mode, progress
        self.seeds = seed_list(seeds)
        self.digest = method_digest(method)
        self._structure = None

    @property
    def structure(self):
        """The fingerprint of the network swept (compiled afresh with seed 0: its recipes, not a state)."""
        if self._structure is None:
            self._structure = _fingerprint(self.network)
        return self._structure

    def run(self, points):
        """The DataFrame of ``points`` (a list of dicts) x the seeds, as :func:`sweep` returns it."""
        import pandas as pd

        names = list(points[0])
        _check_parameters(self.method, names)
        rows = [(point, seed) for point in points for seed in self.seeds]
        keys = [dict(structure=self.structure, method=self.digest, annlab=_version(), seed=seed,
                     point={n: _canonical(v) for n, v in point.items()}) for point, seed in rows]
        store = _cache_for(self.cache)
        try:
            entries, todo = _run(self.method, rows, keys, names, store, self.network, self.mode, self.progress)
        finally:
            if store is not None:
                store.close()
        table = []
        for (point, seed), entry in zip(rows, entries):
            row = dict(point, seed=seed)
            row.update(_metrics(entry.get("result"), names))
            row.update(status="failed" if entry.get("error") else "ok", error=entry.get("error"),
                       cached=bool(entry.get("cached")), wall_s=entry.get("wall_s"))
            table.append(row)
        frame = pd.DataFrame(table)
        order = names + ["seed"] + [c for c in frame.columns if c not in names + ["seed", *STATUS_COLUMNS]]
        frame = frame[order + list(STATUS_COLUMNS)]
        frame["wall_s"] = frame["wall_s"].astype(float)
        frame.attrs.update(annlab=_version(), numpy=np.__version__, numba=_numba_version(),
                           python=platform.python_version(), structure=self.structure, method=self.digest,
                           global_seed=config.get("seed"), seeds=self.seeds, points=len(points),
                           computed=len(todo), created=time.strftime("%Y-%m-%dT%H:%M:%S"))
        return frame


def _run(method, rows, keys, names, store, network, mode, progress):
    """The entries of every row (from the cache, or computed by one parallel_run) and the rows computed."""
    from .parallel import parallel_run

    paths = [store.path(key) for key in keys] if store is not None else None
    kept = store.get_many(paths) if store is not None else {}
    entries = [kept.get(path) for path in paths] if store is not None else [None] * len(keys)
    todo = [k for k, entry in enumerate(entries) if entry is None]
    for entry in entries:
        if entry is not None:
            entry["cached"] = True
    if not todo:
        return entries, todo
    started = time.perf_counter()
    finished_s = {}

    def finished(position, result):  # kept as each finishes: Ctrl-C keeps what finished
        finished_s[position] = time.perf_counter() - started
        if store is not None:
            store.put(paths[todo[position]], dict(result=result, wall_s=finished_s[position]))
    lists = {name: [rows[k][0][name] for k in todo] for name in names}
    try:
        results = parallel_run(method, networks=None if network is None else [network] * len(todo),
                               number=len(todo) if network is None else 0, seeds=[rows[k][1] for k in todo],
                               errors="return", mode=mode, progress=progress, callback=finished, **lists)
    except KeyboardInterrupt as interrupt:
        done = len(finished_s) if store is not None else 0
        raise KeyboardInterrupt(f"sweep interrupted: {done} of {len(todo)} rows finished and "
                                f"{'are cached; run it again for the rest' if store else 'were not kept'}"
                                ) from interrupt
    total = time.perf_counter() - started
    for position, (k, result) in enumerate(zip(todo, results)):
        failed = isinstance(result, BaseException)
        entries[k] = dict(result=None if failed else result, error=f"{type(result).__name__}: {result}"
                          if failed else None, wall_s=finished_s.get(position, total), cached=False)
    return entries, todo

def _metrics(result, names):
    if result is None:
        return {}
    if isinstance(result, dict):
        return {(f"result_{key}" if key in names or key == "seed" or key in STATUS_COLUMNS else key): value
                for key, value in result.items()}
    return {"result": result}


def _version():
    from . import __version__

    return __version__


def _numba_version():
    try:
        import numba
    except ImportError:
        return None
    return numba.__version__
