"""A hand-written, single-purpose Numba implementation of COBA 4000 (the yardstick).

Same model, order of operations and connectivity statistics as annlab's
COBA network in ``benchmarks/models.py`` (ANNarchy's ``COBA.py`` example):

- N LIF neurons (default 4000; the first 80 % excitatory), ``tau dv/dt = (El - v) +
  g_exc (Erev_exc - v) + g_inh (Erev_inh - v) + I``, ``tau_exc dg_exc/dt =
  -g_exc``, ``tau_inh dg_inh/dt = -g_inh``, explicit Euler, dt = 0.1 ms;
  spike ``v > Vt``, reset ``v = Vr``, 5 ms refractory period (``v`` is
  frozen, the conductances keep decaying);
- initial ``v ~ N(-55, 5)``, ``g_exc ~ N(4, 1.5)``, ``g_inh ~ N(20, 12)``;
- each (pre, post) pair connected with probability fan_in / N (80 / 4000 =
  0.02; no self connection), weights 0.6 (excitatory) and 6.7 (inhibitory);
- each step: the spikes of the previous step are delivered
  (``g[post] += w``), then every neuron is updated, tested and reset.

What makes it fast (see ``/work/shared/notes/engine_performance.md``):
connectivity stored pre-major (one contiguous ``uint32`` row of targets per
presynaptic neuron, a scalar weight per projection), the neuron update as a
branch-free loop from 0 that Numba/LLVM vectorises (refractoriness as a
0/1 factor, the reset as a blend, a float spike counter per block of 64
neurons), and the spiking neurons collected by a second pass that scans
only the blocks that have a spike.

Run ``python benchmarks/reference_coba.py`` for a quick check (rate and
time); ``benchmarks/bench_annlab.py`` uses :func:`build` and :func:`simulate`.
"""
import time
import types

import numpy as np
from numba import njit

from phase_profile import _cycles

#: Phases timed inside the kernel (cycle counter), in the order of a step.
PHASES = ("deliver spikes", "update neurons", "collect spikes")

#: Model parameters (ANNarchy's COBA example).
PARAMS = dict(El=-60.0, Vr=-60.0, Erev_exc=0.0, Erev_inh=-80.0, Vt=-50.0, tau=20.0, tau_exc=5.0,
              tau_inh=10.0, I=20.0, refractory=5.0, w_exc=0.6, w_inh=6.7)


class State:
    """Everything the kernel reads and writes: neuron state and connectivity.

    Attributes
    ----------
    v, g_exc, g_inh : ndarray of float64
    refr_until : ndarray of int64
        Last step of each neuron's refractory period (-1: none).
    ptr, post : ndarray
        Pre-major CSR: the targets of presynaptic neuron ``i`` are
        ``post[ptr[i]:ptr[i + 1]]`` (``uint32``, sorted).
    spiked, n_spiked : ndarray
        Spikes of the last simulated step (delivered at the next one).
    step : int
    """

    def __init__(self, v, g_exc, g_inh, ptr, post, n_exc, dt):
        self.v, self.g_exc, self.g_inh = v, g_exc, g_inh
        self.refr_until = np.full(v.size, -1, dtype=np.int64)
        self.ptr, self.post, self.n_exc, self.dt = ptr, post, n_exc, dt
        self.spiked = np.zeros(v.size, dtype=np.uint32)
        self.n_spiked = np.zeros(1, dtype=np.int64)
        self.step = 0

    @property
    def n_synapses(self):
        return int(self.ptr[-1])


@njit(cache=True)
def _draw_rows(n_neurons, probability, seed, ptr):
    """Targets of every presynaptic neuron: each other neuron with ``probability``.

    Geometric gaps between successive targets (work proportional to the
    synapses, not to N^2); rows come out sorted. Fills ``ptr`` and returns
    the concatenated targets.
    """
    np.random.seed(seed)
    capacity = int(n_neurons * (n_neurons - 1) * probability * 1.1) + 1000
    post = np.empty(capacity, dtype=np.uint32)
    log_q = np.log(1.0 - probability) if probability < 1.0 else -np.inf
    count = 0
    for i in range(n_neurons):
        ptr[i] = count
        j = -1
        while True:
            if probability < 1.0:
                j += 1 + int(np.floor(np.log(1.0 - np.random.random()) / log_q))
            else:
                j += 1
            if j >= n_neurons - 1:
                break
            if count == post.shape[0]:
                grown = np.empty(2 * post.shape[0], dtype=np.uint32)
                grown[:count] = post[:count]
                post = grown
            post[count] = j if j < i else j + 1          # skip the self connection
            count += 1
    ptr[n_neurons] = count
    return post[:count].copy()


def build(n_neurons=4000, exc_fraction=0.8, probability=None, fan_in=80.0, dt=0.1, seed=1, dtype=np.float64):
    """Draw the initial state and the connectivity.

    Parameters
    ----------
    n_neurons : int
    exc_fraction : float
        Fraction of excitatory neurons (the first ones).
    probability : float, optional
        Connection probability of each ordered pair (self connections
        excluded); default ``fan_in / n_neurons`` (0.02 for 4000).
    fan_in : float
        Mean number of inputs per neuron when ``probability`` is not given.
    dt : float
        Step in ms.
    seed : int
    dtype : numpy float type
        Of the state (and of the kernel's arithmetic: :func:`simulate` runs the float32 variant of
        the kernel for float32 state).

    Returns
    -------
    State
    """
    rng = np.random.default_rng(seed)
    if probability is None:
        probability = min(1.0, fan_in / n_neurons)
    n_exc = int(round(exc_fraction * n_neurons))
    v = rng.normal(-55.0, 5.0, n_neurons).astype(dtype)
    g_exc = rng.normal(4.0, 1.5, n_neurons).astype(dtype)
    g_inh = rng.normal(20.0, 12.0, n_neurons).astype(dtype)
    ptr = np.zeros(n_neurons + 1, dtype=np.int64)
    post = _draw_rows(n_neurons, probability, seed, ptr)
    return State(v, g_exc, g_inh, ptr, post, n_exc, dt)


#: Neurons per block: the update counts the spikes of each block, and the
#: collection pass only scans the blocks that have one.
BLOCK = 64

#: The kernels' float constants: globals, which Numba freezes as it does literals; the float32
#: variant of the kernel (:func:`_kernel_for`) is the same code with float32 ones.
ONE, ZERO = 1.0, 0.0


@njit(cache=True, boundscheck=False, fastmath={"reassoc"})
def _update(step, v, g_exc, g_inh, refr_until, fired, block_total, k_exc, k_inh, dt_tau, El, Vr,
            Erev_exc, Erev_inh, Vt, I):
    """One Euler step of every neuron, spike test and reset; returns the spike count.

    ``reassoc`` lets LLVM vectorise the float spike counters (it may also
    reorder the additions of ``dv``: rounding only).
    """
    n = v.shape[0]
    total = ZERO
    for b in range(block_total.shape[0]):
        lo = b * BLOCK
        hi = min(lo + BLOCK, n)
        vb, geb, gib, rb, fb = v[lo:hi], g_exc[lo:hi], g_inh[lo:hi], refr_until[lo:hi], fired[lo:hi]
        count = ZERO
        for i in range(hi - lo):
            ge = geb[i]
            gi = gib[i]
            vi = vb[i]
            active = ONE if step > rb[i] else ZERO
            dv = (El - vi) + ge * (Erev_exc - vi) + gi * (Erev_inh - vi) + I
            vn = vi + active * dt_tau * dv
            spike = active if vn > Vt else ZERO
            vb[i] = spike * Vr + (ONE - spike) * vn
            geb[i] = ge * k_exc
            gib[i] = gi * k_inh
            fb[i] = spike
            count += spike
        block_total[b] = count
        total += count
    return total


@njit(cache=True, boundscheck=False)
def _kernel(n_steps, step0, dt, v, g_exc, g_inh, refr_until, ptr, post, n_exc, spiked, n_spiked,
            fired, block_total, El, Vr, Erev_exc, Erev_inh, Vt, tau, tau_exc, tau_inh, I, refr_steps,
            w_exc, w_inh, out_step, out_rank, prof):
    """Simulate ``n_steps`` steps; returns the number of spikes written to ``out_*``.

    ``prof`` accumulates the CPU cycles of the three phases (see PHASES).
    """
    n = v.shape[0]
    k_exc = ONE - dt / tau_exc
    k_inh = ONE - dt / tau_inh
    dt_tau = dt / tau
    n_out = 0
    count = n_spiked[0]
    for s in range(n_steps):
        step = step0 + s
        # 1. deliver the spikes of the previous step
        c0 = _cycles()
        for k in range(count):
            i = spiked[k]
            first, last = ptr[i], ptr[i + 1]
            row = post[first:last]
            if i < n_exc:
                for p in range(last - first):
                    g_exc[row[p]] += w_exc
            else:
                for p in range(last - first):
                    g_inh[row[p]] += w_inh
        # 2. update every neuron (vectorised: no branch, no conditional store)
        c1 = _cycles()
        total = _update(step, v, g_exc, g_inh, refr_until, fired, block_total, k_exc, k_inh, dt_tau,
                        El, Vr, Erev_exc, Erev_inh, Vt, I)
        # 3. collect the spikes, scanning only the blocks that have some
        c2 = _cycles()
        count = 0
        if total > 0.0:
            for b in range(block_total.shape[0]):
                if block_total[b] == 0.0:
                    continue
                for i in range(b * BLOCK, min(b * BLOCK + BLOCK, n)):
                    if fired[i] != 0.0:
                        spiked[count] = i
                        count += 1
                        refr_until[i] = step + refr_steps
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


_VARIANTS = {}


def _kernel_for(dtype):
    """The kernel computing in ``dtype``: :func:`_kernel` for float64; for float32 the same functions
    with float32 constants (compiled once per process, not cached)."""
    if np.dtype(dtype) == np.float64:
        return _kernel
    key = np.dtype(dtype).name
    if key not in _VARIANTS:
        scalar = np.dtype(dtype).type
        constants = dict(globals(), ONE=scalar(1.0), ZERO=scalar(0.0))
        update = njit(boundscheck=False, fastmath={"reassoc"})(
            types.FunctionType(_update.py_func.__code__, constants, "_update"))
        constants["_update"] = update
        _VARIANTS[key] = njit(boundscheck=False)(types.FunctionType(_kernel.py_func.__code__, constants, "_kernel"))
    return _VARIANTS[key]


def simulate(state, duration, params=PARAMS, prof=None):
    """Advance ``state`` by ``duration`` ms.

    Parameters
    ----------
    state : State
    duration : float
        ms.
    params : dict
        Model parameters (default: :data:`PARAMS`).
    prof : ndarray of uint64, optional
        Three counters to which the cycles of each phase are added.

    Returns
    -------
    steps, ranks : ndarray
        Step and rank of every spike emitted.
    """
    n_steps = int(np.ceil(round(duration / state.dt, 9)))
    capacity = state.v.size * (n_steps // max(1, int(params["refractory"] / state.dt)) + 1)
    out_step = np.empty(capacity, dtype=np.int64)
    out_rank = np.empty(capacity, dtype=np.int64)
    dtype = state.v.dtype
    fired = np.zeros(state.v.size, dtype)
    block_total = np.zeros((state.v.size + BLOCK - 1) // BLOCK, dtype)
    if prof is None:
        prof = np.zeros(len(PHASES), dtype=np.uint64)
    p = {name: dtype.type(value) for name, value in params.items()}
    n_out = _kernel_for(dtype)(n_steps, state.step, dtype.type(state.dt), state.v, state.g_exc, state.g_inh,
                               state.refr_until,
                    state.ptr, state.post, state.n_exc, state.spiked, state.n_spiked, fired, block_total,
                    p["El"],
                    p["Vr"], p["Erev_exc"], p["Erev_inh"], p["Vt"], p["tau"], p["tau_exc"], p["tau_inh"],
                    p["I"], int(params["refractory"] / state.dt), p["w_exc"], p["w_inh"], out_step, out_rank, prof)
    state.step += n_steps
    return out_step[:n_out], out_rank[:n_out]


def main():
    """Build, warm up (compile), then time three seconds of simulation."""
    state = build()
    simulate(build(n_neurons=10), 1.0)                  # compile (or load from cache)
    for _ in range(3):
        started = time.perf_counter()
        steps, _ranks = simulate(state, 1000.0)
        elapsed = time.perf_counter() - started
        print(f"1 s of COBA 4000: {1000 * elapsed:6.1f} ms, {steps.size} spikes, "
              f"{steps.size / state.v.size:.2f} Hz")


if __name__ == "__main__":
    main()
