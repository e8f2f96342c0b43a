"""Two classic networks fire in their published regimes.

- **COBA** (Vogels and Abbott, 2005; benchmark 1 of Brette et al., 2007, as
  in ANNarchy's ``examples/vogels_abbott/COBA.py``): 4000 leaky
  integrate-and-fire neurons (3200 excitatory, 800 inhibitory) with
  conductance-based exponential synapses, p = 0.02, dt = 0.1 ms. The network
  sustains itself in an asynchronous irregular state; ANNarchy's example and
  the other simulators of Brette et al. report ~15-25 Hz.
- **Izhikevich (2003)**, "Simple model of spiking neurons", the 1000-neuron
  network of its Fig. 3 (as in ANNarchy's ``examples/izhikevich``): 800
  regular-spiking to chattering excitatory and 200 fast-spiking to
  low-threshold inhibitory neurons, all-to-all weights ``0.5*U(0, 1)`` and
  ``-U(0, 1)``, thalamic noise ``5*N(0, 1)`` / ``2*N(0, 1)``, dt = 1 ms. The
  paper shows alpha (~10 Hz) and gamma (~40 Hz) rhythms. Its own MATLAB
  algorithm (two half steps of 0.5 ms) fires at ~7.6 Hz; ANNarchy integrates
  the built-in ``Izhikevich`` neuron with one explicit Euler step of 1 ms
  and delivers spikes one step later, which gives ~9.4 Hz. The test runs a
  plain-numpy version of that discretisation on the spot and compares.

Both tests are marked ``slow`` (each takes a few seconds once the kernels
are in the cache, ~10 s when they are compiled).
"""
import numpy as np
import pytest

from annlab import (Izhikevich, Monitor, Network, Neuron, Normal, Population, Projection, Uniform,
                    clear, setup)

pytestmark = pytest.mark.slow

# ---------------------------------------------------------------------------
# COBA (Vogels-Abbott / Brette et al. 2007, benchmark 1)
# ---------------------------------------------------------------------------
COBA = Neuron(
    parameters="""
        El = -60.0 : population
        Vr = -60.0 : population
        Erev_exc = 0.0 : population
        Erev_inh = -80.0 : population
        Vt = -50.0 : population
        tau = 20.0 : population
        tau_exc = 5.0 : population
        tau_inh = 10.0 : population
        I = 20.0 : population
    """,
    equations="""
        tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I
        tau_exc * dg_exc/dt = -g_exc
        tau_inh * dg_inh/dt = -g_inh
    """,
    spike="v > Vt", reset="v = Vr", refractory=5.0, name="COBA")


def build_coba(n_exc=3200, n_inh=800):
    """The COBA network (initial values and weights of ANNarchy's example)."""
    pop = Population(n_exc + n_inh, COBA, name="P")
    pop.v = Normal(-55.0, 5.0)
    pop.g_exc = Normal(4.0, 1.5)
    pop.g_inh = Normal(20.0, 12.0)
    Projection(pop[:n_exc], pop, "exc").connect_fixed_probability(weights=0.6, probability=0.02)
    Projection(pop[n_exc:], pop, "inh").connect_fixed_probability(weights=6.7, probability=0.02)
    return pop, Monitor(pop, "spike")


def _counts(spikes, ranks):
    return np.array([len(spikes.get(rank, [])) for rank in ranks], dtype=float)


def test_coba_4000_fires_asynchronous_irregular():
    setup(dt=0.1)
    _pop, monitor = build_coba()
    for seed in (11, 12):
        net = Network(everything=True, seed=seed)
        net.compile()
        net.simulate(1000.0)
        spikes = net.get(monitor).get("spike")
        counts = _counts(spikes, range(4000))
        rate = counts.mean()                       # spikes in 1 s = Hz
        assert 15.0 < rate < 25.0, (seed, rate)
        # excitatory and inhibitory neurons are identical and see the same inputs
        exc, inh = counts[:3200].mean(), counts[3200:].mean()
        assert abs(exc - inh) < 0.15 * rate, (exc, inh)
        # activity is sustained (the last 200 ms fire as much as the whole run),
        # spread over most neurons and irregular (ISI CV well above a clock's 0)
        late = sum(np.count_nonzero(np.asarray(s) >= 8000) for s in spikes.values()) / 4000 / 0.2
        assert 0.6 * rate < late < 1.6 * rate, (rate, late)
        assert np.count_nonzero(counts) > 0.8 * 4000
        cvs = [np.std(isi) / np.mean(isi) for isi in
               (np.diff(np.asarray(s, dtype=float)) for s in spikes.values() if len(s) > 4)]
        assert np.mean(cvs) > 0.7, np.mean(cvs)


# ---------------------------------------------------------------------------
# Izhikevich (2003)
# ---------------------------------------------------------------------------
def build_izhikevich_2003(rng):
    """ANNarchy's version of the paper's network; ``rng`` draws the neuron types."""
    pop = Population(1000, Izhikevich, name="P")
    exc, inh = pop[:800], pop[800:]
    re, ri = rng.random(800), rng.random(200)
    exc.noise, inh.noise = 5.0, 2.0
    exc.a, inh.a = 0.02, 0.02 + 0.08 * ri
    exc.b, inh.b = 0.2, 0.25 - 0.05 * ri
    exc.c, inh.c = -65.0 + 15.0 * re ** 2, -65.0
    exc.d, inh.d = 8.0 - 6.0 * re ** 2, 2.0
    exc.v, inh.v = -65.0, -65.0
    exc.u, inh.u = -65.0 * 0.2, -65.0 * (0.25 - 0.05 * ri)
    Projection(exc, pop, "exc").connect_all_to_all(weights=Uniform(0.0, 0.5))
    Projection(inh, pop, "inh").connect_all_to_all(weights=Uniform(0.0, 1.0))
    return pop, Monitor(pop, "spike")


def izhikevich_2003_numpy(seed, steps=1000):
    """Plain-numpy run of the same network in ANNarchy's discretisation.

    Each 1 ms step: the spikes of the previous step add ``S[:, fired]`` to
    the input; ``v`` and ``u`` take one explicit Euler step from the old
    values; ``v > 30`` spikes and resets (``v = c``, ``u += d``). Returns the
    number of spikes in each step.
    """
    rng = np.random.default_rng(seed)
    re, ri = rng.random(800), rng.random(200)
    a = np.r_[np.full(800, 0.02), 0.02 + 0.08 * ri]
    b = np.r_[np.full(800, 0.2), 0.25 - 0.05 * ri]
    c = np.r_[-65.0 + 15.0 * re ** 2, np.full(200, -65.0)]
    d = np.r_[8.0 - 6.0 * re ** 2, np.full(200, 2.0)]
    weights = np.c_[0.5 * rng.random((1000, 800)), -rng.random((1000, 200))]
    noise = np.r_[np.full(800, 5.0), np.full(200, 2.0)]
    v = np.full(1000, -65.0)
    u = b * v
    fired = np.zeros(0, dtype=int)
    counts = np.zeros(steps)
    for step in range(steps):
        current = noise * rng.standard_normal(1000) + weights[:, fired].sum(axis=1)
        v, u = v + (0.04 * v * v + 5.0 * v + 140.0 - u + current), u + a * (b * v - u)
        fired = np.nonzero(v > 30.0)[0]
        v[fired] = c[fired]
        u[fired] += d[fired]
        counts[step] = len(fired)
    return counts


def _band_peaks(counts, skip=100):
    """Peak spectral power of the population activity (1 ms bins) in the alpha
    (5-15 Hz), gamma (25-50 Hz) and 100-200 Hz bands, relative to the median
    power of 1-200 Hz, and the fraction of the power in 5-50 Hz."""
    x = counts[skip:] - counts[skip:].mean()
    power = np.abs(np.fft.rfft(x)) ** 2
    freq = np.fft.rfftfreq(len(x), 1e-3)
    median = np.median(power[(freq > 1.0) & (freq < 200.0)])
    peak = {name: power[(freq >= lo) & (freq <= hi)].max() / median
            for name, (lo, hi) in {"alpha": (5, 15), "gamma": (25, 50), "high": (100, 200)}.items()}
    peak["fraction"] = power[(freq >= 5) & (freq <= 50)].sum() / power[freq > 1.0].sum()
    return peak


def test_izhikevich_2003_rhythms_and_rate():
    reference = np.mean([izhikevich_2003_numpy(seed).sum() / 1000.0 for seed in range(4)])
    assert 8.0 < reference < 11.0, reference          # the discretisation's own regime
    rates = []
    for seed in (21, 22):
        clear()
        setup(dt=1.0, seed=seed)
        _pop, monitor = build_izhikevich_2003(np.random.default_rng(seed))
        net = Network(everything=True, seed=seed)
        net.compile()
        net.simulate(1000.0)
        spikes = net.get(monitor).get("spike")
        counts = _counts(spikes, range(1000))
        rates.append(counts.mean())
        # both populations take part
        assert counts[:800].mean() > 5.0 and counts[800:].mean() > 5.0
        steps = np.zeros(1000)
        for times in spikes.values():
            np.add.at(steps, np.asarray(times, dtype=int), 1)
        peak = _band_peaks(steps)
        # the paper's alpha and gamma rhythms: sharp peaks far above the
        # background, which the 100-200 Hz band does not have
        assert peak["alpha"] > 20.0 and peak["gamma"] > 20.0, peak
        assert peak["high"] < 15.0, peak
        assert peak["fraction"] > 0.5, peak
    # one run's mean rate varies by ~0.2 Hz (sd over seeds); 1 Hz is ~5 sd
    assert abs(np.mean(rates) - reference) < 1.0, (rates, reference)
