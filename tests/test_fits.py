"""annlab.fit: optimisers over sweeps, on a LIF neuron whose rate is known in closed form."""
import math

import numpy as np
import pytest

pytest.importorskip("pandas")

from annlab import Monitor, Neuron, Population, ValidationError, fit, setup  # noqa: E402

#: tau dv/dt = i - v from 0 to threshold 1: period tau ln(i / (i - 1)); 50 Hz with tau = 10 ms at i = e^2/(e^2-1).
OPTIMUM = math.exp(2.0) / (math.exp(2.0) - 1.0)


def lif():
    setup(dt=0.1, seed=1)
    neuron = Neuron(parameters="i_ext = 1.5\ntau = 10.0", equations="tau * dv/dt = i_ext - v", spike="v > 1.0",
                    reset="v = 0.0", name="LIF")
    pop = Population(1, neuron)
    m = Monitor(pop, "spike")

    def rate(idx, net, i_ext):
        net.get(pop).i_ext = i_ext
        net.simulate(1000.0)
        return {"fr": net.get(m).mean_fr()}
    return rate


def to_50_hz(metrics):
    return (metrics["fr"] - 50.0) ** 2


@pytest.mark.parametrize("optimizer, trials", [("differential_evolution", 48), ("nelder-mead", 40),
                                               ("powell", 60), ("optuna", 48)])
def test_optimisers_find_the_known_optimum(optimizer, trials):
    if optimizer == "optuna":
        pytest.importorskip("optuna")
    result = fit(lif(), {"i_ext": (1.02, 3.0)}, objective=to_50_hz, optimizer=optimizer, trials=trials, seed=2,
                 cache=False, progress=False)
    assert abs(result.best["i_ext"] - OPTIMUM) < 0.02 * OPTIMUM and result.value <= 1.0
    history = result.history
    assert history.trial.nunique() <= trials and len(history) == history.trial.nunique()  # one seed each
    assert (np.diff(history.best_so_far) <= 0).all() and history.best_so_far.iloc[-1] == result.value
    assert {"i_ext", "seed", "fr", "objective", "trial", "status"} <= set(history.columns)
    assert repr(result).startswith(f"FitResult(i_ext={result.best['i_ext']:.6g}; objective")


def test_a_fit_run_again_reads_its_evaluations_from_the_cache(tmp_path):
    rate = lif()
    first = fit(rate, {"i_ext": (1.02, 3.0)}, objective=to_50_hz, optimizer="nelder-mead", trials=15, seed=3,
                cache=tmp_path, progress=False)
    again = fit(rate, {"i_ext": (1.02, 3.0)}, objective=to_50_hz, optimizer="nelder-mead", trials=15, seed=3,
                cache=tmp_path, progress=False)
    assert again.history.cached.all() and not first.history.cached.all()
    assert again.best == first.best and again.history.fr.tolist() == first.history.fr.tolist()


def test_bad_input_is_refused():
    rate = lif()
    with pytest.raises(ValidationError, match=r"fit.bounds: 'i_ext' must be \(low, high\) with low < high"):
        fit(rate, {"i_ext": (3.0, 1.0)})
    with pytest.raises(ValidationError, match="optimizer: Value must be one of 'differential_evolution'"):
        fit(rate, {"i_ext": (1.0, 3.0)}, optimizer="bfgs")
    with pytest.raises(ValidationError, match=r"the method returns several metrics \(fr\): give objective="):
        fit(rate, {"i_ext": (1.02, 3.0)}, optimizer="nelder-mead", trials=2, cache=False, progress=False)


def test_trials_are_checked():
    with pytest.raises(ValidationError, match=r"fit.trials: Value must be an integer >= 1 \(got 0\)"):
        fit(lif(), {"i_ext": (1.02, 3.0)}, trials=0)
    with pytest.raises(ValidationError, match=r"fit.bounds: Value must be a dict name -> \(low, high\)"):
        fit(lif(), [(1.0, 2.0)])
