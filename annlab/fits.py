"""Fitting parameters: an optimiser proposes points, each batch of proposals is one :func:`annlab.sweep`.

``fit(method, bounds, objective=...)`` minimises the mean over seeds of
``objective(metrics)`` (``metrics``: what ``method(idx, net, **point)`` returned for one
seed). The optimiser is scipy's ``differential_evolution`` (default: each generation is
one batch of copies), ``'nelder-mead'`` or ``'powell'`` (``scipy.optimize.minimize``, one
point at a time) or ``'optuna'`` (TPE, ``batch`` proposals at a time; Optuna installed
separately). Every evaluation goes through the sweep machinery, so it is cached: a fit run
again, or continued with more trials, reuses what was computed. The history is the sweep
rows of every evaluation in order, with ``trial``, ``objective`` and ``best_so_far``.

Examples
--------
>>> from annlab import *
>>> clear(); setup(dt=0.1, seed=1)
>>> lif = Neuron(parameters="I = 1.5\\ntau = 10.0", equations="tau * dv/dt = I - v", spike="v > 1.0",
...              reset="v = 0.0")
>>> pop = Population(1, lif)
>>> m = Monitor(pop, 'spike')
>>> def rate(idx, net, I):
...     net.get(pop).I = I
...     net.simulate(1000.0)
...     return net.get(m).mean_fr()
>>> result = fit(rate, {"I": (1.05, 4.0)}, objective=lambda fr: (fr - 50.0) ** 2, optimizer="nelder-mead",
...              trials=30, seed=1, cache=False, progress=False)
>>> bool(1.12 < result.best["I"] < 1.2 and result.value < 1.0)  # analytic: e^2 / (e^2 - 1) = 1.157
True
"""
from dataclasses import dataclass

import numpy as np

from .errors import ValidationError
from .sweeps import STATUS_COLUMNS, Sweeper, check_bounds

OPTIMIZERS = ("differential_evolution", "nelder-mead", "powell", "optuna")


@dataclass
class FitResult:
    """What :func:`fit` found.

    Attributes
    ----------
    best : dict
        The parameters of the best point evaluated.
    value : float
        Its objective (mean over seeds).
    history : pandas.DataFrame
        The sweep rows of every evaluation, in order, with ``trial``, ``objective`` and ``best_so_far``.
    optimizer : str
    """

    best: dict
    value: float
    history: object
    optimizer: str

    def __repr__(self):
        points = self.history["trial"].nunique() if len(self.history) else 0
        best = ", ".join(f"{name}={value:.6g}" for name, value in self.best.items())
        return f"FitResult({best}; objective {self.value:.6g} after {points} points, {self.optimizer})"


class _Evaluations:
    """Evaluates points as sweeps and keeps the history (the trial numbers in order of evaluation)."""

    def __init__(self, sweeper, names, objective, trials, callback=None):
        self.sweeper, self.names, self.objective = sweeper, names, objective
        self.trials, self.callback = trials, callback
        self.frames, self.count = [], 0
        self.best, self.value = None, np.inf

    def __call__(self, points):
        """Objective (mean over seeds) of each point; inf once the budget of trials is spent."""
        points = points[:max(0, self.trials - self.count)]
        if not points:
            return []
        frame = self.sweeper.run(points)
        seeds = len(self.sweeper.seeds)
        frame["objective"] = [self._objective(row) for _, row in frame.iterrows()]
        frame["trial"] = self.count + np.repeat(np.arange(len(points)), seeds)
        values = frame["objective"].to_numpy().reshape(len(points), seeds).mean(axis=1)
        best = np.minimum.accumulate(np.concatenate([[self.value], values]))[1:]  # after each point
        for point, value in zip(points, values):
            if value < self.value:
                self.best, self.value = dict(point), float(value)
        frame["best_so_far"] = np.repeat(best, seeds)
        self.frames.append(frame)
        self.count += len(points)
        if self.callback is not None and self.callback(frame) is False:  # the callback asks to stop
            self.trials = self.count
        return values.tolist()

    def _objective(self, row):
        if row["status"] != "ok":
            return np.inf
        metrics = {k: v for k, v in row.items() if k not in self.names and k not in ("seed", *STATUS_COLUMNS)}
        value = metrics["result"] if set(metrics) == {"result"} else metrics
        return float(self.objective(value))

    def point(self, x):
        return {name: float(v) for name, v in zip(self.names, np.atleast_1d(x))}


def fit(method, bounds, objective=None, optimizer="differential_evolution", trials=64, seeds=1, batch=8,
        seed=None, network=None, cache=True, mode="auto", progress=None, callback=None, **options):
    """Minimise ``objective`` over ``bounds``; returns a :class:`FitResult`.

    Parameters
    ----------
    method : callable
        ``method(idx, net, **point)`` as for :func:`annlab.sweep`.
    bounds : dict
        Name -> (low, high) of each parameter fitted.
    objective : callable, optional
        ``objective(metrics) -> float`` to minimise, ``metrics`` being what ``method`` returned for one
        seed; default: what ``method`` returned (a number).
    optimizer : {'differential_evolution', 'nelder-mead', 'powell', 'optuna'}
    trials : int
        At most this many points are evaluated.
    seeds : int or list
        Seeds of each point, as for :func:`annlab.sweep`; the objective is their mean.
    batch : int
        Points evaluated together by ``'optuna'`` (and the population of ``'differential_evolution'``,
        per parameter).
    seed : int, optional
        The optimiser's own seed.
    network, cache, mode, progress
        As for :func:`annlab.sweep`.
    callback : callable, optional
        ``callback(rows)`` after each evaluation, with its rows of the history (live views); when it
        returns False, no more points are evaluated.
    **options
        Passed to the scipy or Optuna optimiser.
    """
    check_bounds(bounds, "fit")
    if optimizer not in OPTIMIZERS:
        raise ValidationError("fit", "optimizer", f"Value must be one of {', '.join(map(repr, OPTIMIZERS))} "
                              f"(got {optimizer!r})")
    if not isinstance(trials, (int, np.integer)) or trials < 1:
        raise ValidationError("fit", "trials", f"Value must be an integer >= 1 (got {trials!r})")
    objective = objective if objective is not None else _number
    names = list(bounds)
    sweeper = Sweeper(method, seeds, network, cache, mode, progress)  # one fingerprint for every evaluation
    evaluations = _Evaluations(sweeper, names, objective, int(trials), callback)
    low = np.array([bounds[n][0] for n in names], float)
    high = np.array([bounds[n][1] for n in names], float)
    if optimizer == "differential_evolution":
        _differential_evolution(evaluations, low, high, batch, seed, options)
    elif optimizer == "optuna":
        _optuna(evaluations, bounds, batch, seed, options)
    else:
        _minimize(evaluations, low, high, optimizer, seed, options)
    import pandas as pd

    history = pd.concat(evaluations.frames, ignore_index=True) if evaluations.frames else pd.DataFrame()
    return FitResult(evaluations.best or {}, evaluations.value, history, optimizer)


def _number(value):
    if isinstance(value, dict):
        raise ValidationError("fit", "objective", f"the method returns several metrics ({', '.join(value)}): "
                              f"give objective=lambda metrics: ... to say which number to minimise")
    return value


def _differential_evolution(evaluations, low, high, batch, seed, options):
    from scipy.optimize import differential_evolution

    def generation(x):  # (parameters, points): one sweep per generation
        values = evaluations([evaluations.point(column) for column in x.T])
        return np.array(values + [np.inf] * (x.shape[1] - len(values)))

    population = max(5, int(batch))
    generations = max(1, evaluations.trials // (population * len(low)) - 1)
    settings = dict(popsize=population, maxiter=generations, seed=seed, polish=False, tol=1e-6, updating="deferred")
    settings.update(options)
    differential_evolution(generation, list(zip(low, high)), vectorized=True, **settings)


def _minimize(evaluations, low, high, optimizer, seed, options):
    from scipy.optimize import minimize

    def one(x):
        if evaluations.count >= evaluations.trials:
            return np.inf
        values = evaluations([evaluations.point(np.clip(x, low, high))])
        return values[0] if values else np.inf

    start = options.pop("x0", None)
    if start is None:
        start = low + np.random.default_rng(seed).random(len(low)) * (high - low)
    settings = dict(maxfev=evaluations.trials)
    settings.update(options.pop("options", {}))
    minimize(one, np.asarray(start, float), method=optimizer, bounds=list(zip(low, high)), options=settings,
             **options)


def _optuna(evaluations, bounds, batch, seed, options):
    try:
        import optuna
    except ImportError as err:
        raise ImportError("optimizer='optuna' needs Optuna: pip install optuna") from err
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(sampler=options.pop("sampler", optuna.samplers.TPESampler(seed=seed)), **options)
    while evaluations.count < evaluations.trials:
        asked = [study.ask() for _ in range(min(int(batch), evaluations.trials - evaluations.count))]
        points = [{name: trial.suggest_float(name, low, high) for name, (low, high) in bounds.items()}
                  for trial in asked]
        for trial, value in zip(asked, evaluations(points)):
            study.tell(trial, value if np.isfinite(value) else None,
                       state=None if np.isfinite(value) else optuna.trial.TrialState.FAIL)
