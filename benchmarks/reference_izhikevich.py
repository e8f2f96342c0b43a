"""A hand-written, single-purpose Numba implementation of Izhikevich's 2003 network (the yardstick).

Same model, discretisation and connectivity statistics as annlab's network
in ``benchmarks/models.py`` (ANNarchy's built-in ``Izhikevich`` neuron, as in
its ``examples/izhikevich``):

- 1000 neurons, the first 800 excitatory (regular spiking to chattering:
  ``a = 0.02, b = 0.2, c = -65 + 15 r^2, d = 8 - 6 r^2``), the others
  inhibitory (fast spiking to low-threshold: ``a = 0.02 + 0.08 r,
  b = 0.25 - 0.05 r, c = -65, d = 2``), ``r ~ U(0, 1)`` per neuron;
- all-to-all without self connections, weights ``U(0, 0.5)`` (excitatory)
  and ``U(0, 1)`` (inhibitory, subtracted);
- each 1 ms step: the spikes of the previous step give
  ``I = g_exc - g_inh + noise N(0, 1)`` (noise 5 / 2); ``v`` and ``u`` take
  one explicit Euler step from the old values (``dv/dt = 0.04 v^2 + 5 v +
  140 - u + I``, ``du/dt = a (b v - u)``); ``v > 30`` spikes and resets
  (``v = c``, ``u += d``).

What makes it fast: dense pre-major weight rows (a spike adds one contiguous
row of 1000 weights to the input: vectorised, ~0.1 ns per synapse), the
neuron update as a branch-free loop from 0 with the input cleared in the
same pass, normal numbers drawn by Numba's own ``Generator.standard_normal``
(ziggurat, ~3 ns each, no call into the interpreter), and the spikes
collected by a second pass only when the update counted some.

Run ``python benchmarks/reference_izhikevich.py`` for a quick check.
"""
import time

import numpy as np
from numba import njit

from phase_profile import _cycles

#: Phases timed inside the kernel (cycle counter), in the order of a step.
PHASES = ("deliver spikes", "update neurons", "collect spikes")


class State:
    """Everything the kernel reads and writes.

    Attributes
    ----------
    v, u, a, b, c, d, noise : ndarray of float64
    g : ndarray of float64
        ``g_exc - g_inh`` received for the next step.
    w_exc, w_inh : ndarray of float64
        Dense pre-major weights, ``(n_exc, n)`` and ``(n_inh, n)``, zero on
        the (absent) self connections.
    spiked, n_spiked : ndarray
        Spikes of the last step (delivered at the next one).
    rng : numpy.random.Generator
        The noise stream (used inside the kernel).
    """

    def __init__(self, v, u, a, b, c, d, noise, w_exc, w_inh, rng):
        self.v, self.u, self.a, self.b, self.c, self.d, self.noise = v, u, a, b, c, d, noise
        self.w_exc, self.w_inh, self.rng = w_exc, w_inh, rng
        self.g = np.zeros(v.size)
        self.spiked = np.zeros(v.size, dtype=np.uint32)
        self.n_spiked = np.zeros(1, dtype=np.int64)
        self.step = 0

    @property
    def n_synapses(self):
        return int(np.count_nonzero(self.w_exc) + np.count_nonzero(self.w_inh))


def build(n_neurons=1000, exc_fraction=0.8, seed=1):
    """Draw the neuron types, the initial state and the weights; returns a :class:`State`."""
    rng = np.random.default_rng(seed)
    n_exc = int(round(exc_fraction * n_neurons))
    n_inh = n_neurons - n_exc
    re, ri = rng.random(n_exc), rng.random(n_inh)
    a = np.r_[np.full(n_exc, 0.02), 0.02 + 0.08 * ri]
    b = np.r_[np.full(n_exc, 0.2), 0.25 - 0.05 * ri]
    c = np.r_[-65.0 + 15.0 * re ** 2, np.full(n_inh, -65.0)]
    d = np.r_[8.0 - 6.0 * re ** 2, np.full(n_inh, 2.0)]
    noise = np.r_[np.full(n_exc, 5.0), np.full(n_inh, 2.0)]
    v = np.full(n_neurons, -65.0)
    u = b * v
    w_exc = 0.5 * rng.random((n_exc, n_neurons))
    w_inh = rng.random((n_inh, n_neurons))
    w_exc[np.arange(n_exc), np.arange(n_exc)] = 0.0                 # no self connections
    w_inh[np.arange(n_inh), n_exc + np.arange(n_inh)] = 0.0
    return State(v, u, a, b, c, d, noise, w_exc, w_inh, np.random.default_rng(seed + 1))


@njit(cache=True, boundscheck=False, fastmath={"reassoc"})
def _update(v, u, g, a, b, c, d, noise, z, fired):
    """One Euler step of every neuron from the old values, spike test and reset; returns the count.

    ``g`` (this step's synaptic input) is cleared in the same pass; ``z``
    holds this step's standard normal numbers.
    """
    total = 0.0
    for i in range(v.shape[0]):
        vi = v[i]
        ui = u[i]
        current = g[i] + noise[i] * z[i]
        vn = vi + (0.04 * vi * vi + 5.0 * vi + 140.0 - ui + current)
        un = ui + a[i] * (b[i] * vi - ui)
        spike = 1.0 if vn > 30.0 else 0.0
        v[i] = spike * c[i] + (1.0 - spike) * vn
        u[i] = un + spike * d[i]
        g[i] = 0.0
        fired[i] = spike
        total += spike
    return total


@njit(cache=True, boundscheck=False)
def _kernel(n_steps, step0, v, u, g, a, b, c, d, noise, w_exc, w_inh, spiked, n_spiked, fired, z, rng,
            out_step, out_rank, prof):
    """Simulate ``n_steps`` 1 ms steps; returns the number of spikes written to ``out_*``."""
    n = v.shape[0]
    n_exc = w_exc.shape[0]
    n_out = 0
    count = n_spiked[0]
    for s in range(n_steps):
        step = step0 + s
        # 1. the spikes of the previous step add their weight rows
        c0 = _cycles()
        for k in range(count):
            i = spiked[k]
            if i < n_exc:
                row = w_exc[i]
                for j in range(n):
                    g[j] += row[j]
            else:
                row = w_inh[i - n_exc]
                for j in range(n):
                    g[j] -= row[j]
        # 2. noise, then every neuron (vectorised, no branch)
        c1 = _cycles()
        for j in range(n):
            z[j] = rng.standard_normal()
        total = _update(v, u, g, a, b, c, d, noise, z, fired)
        # 3. collect the spikes
        c2 = _cycles()
        count = 0
        if total > 0.0:
            for i in range(n):
                if fired[i] != 0.0:
                    spiked[count] = i
                    count += 1
                    if n_out < out_step.shape[0]:
                        out_step[n_out] = step
                        out_rank[n_out] = i
                        n_out += 1
        c3 = _cycles()
        prof[0] += c1 - c0
        prof[1] += c2 - c1
        prof[2] += c3 - c2
    n_spiked[0] = count
    return n_out


def simulate(state, duration, prof=None):
    """Advance ``state`` by ``duration`` ms (dt = 1 ms); returns (steps, ranks) of the spikes.

    ``prof``, when given, is a uint64 array of three counters to which the
    cycles of each phase (see :data:`PHASES`) are added.
    """
    n_steps = int(round(duration))
    n = state.v.size
    capacity = n * n_steps // 2 + n
    out_step = np.empty(capacity, dtype=np.int64)
    out_rank = np.empty(capacity, dtype=np.int64)
    if prof is None:
        prof = np.zeros(len(PHASES), dtype=np.uint64)
    n_out = _kernel(n_steps, state.step, state.v, state.u, state.g, state.a, state.b, state.c, state.d,
                    state.noise, state.w_exc, state.w_inh, state.spiked, state.n_spiked, np.zeros(n),
                    np.empty(n), state.rng, out_step, out_rank, prof)
    state.step += n_steps
    return out_step[:n_out], out_rank[:n_out]


def main():
    """Build, warm up (compile), then time three seconds of simulation."""
    simulate(build(n_neurons=10), 1.0)                  # compile (or load from cache)
    state = build()
    for _ in range(3):
        started = time.perf_counter()
        steps, _ranks = simulate(state, 1000.0)
        elapsed = time.perf_counter() - started
        print(f"1 s of Izhikevich 2003: {1000 * elapsed:6.1f} ms, {steps.size} spikes, "
              f"{steps.size / state.v.size:.2f} Hz")


if __name__ == "__main__":
    main()
