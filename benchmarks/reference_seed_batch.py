"""A hand-written batched Numba kernel of the seed network: many copies stepped by one call (the yardstick).

The seed page's network (``shared/seed/multiple_networks.md``): 100 Poisson
neurons -> 100 Izhikevich neurons (ANNarchy's defaults: ``a = 0.02, b = 0.2,
c = -65, d = 8``, no noise), fixed probability 0.2, weight 5, delay one step,
dt = 1 ms. Each copy has its own input rate, connectivity (CSR rows per
presynaptic neuron, padded to the longest copy) and random stream; the copies
are spread over the cores (``prange``, one copy at a time to whichever thread is
free), each stepping its whole run from start to end in one pass, with its state
in L1-sized arrays. Per step: the spikes of
the last step add ``w`` to their targets' input, the Poisson neurons draw, the
Izhikevich neurons take one explicit Euler step from the old values, spike
(``v > 30``) and reset (``v = c``, ``u += d``).

Run ``python benchmarks/reference_seed_batch.py`` for a quick check.
"""
import time

import numpy as np
from numba import njit, parallel_chunksize, prange

N_PRE = N_POST = 100
PROBABILITY, WEIGHT = 0.2, 5.0


def connectivity(copies, seed=1):
    """(pointers, targets) of every copy: CSR rows per presynaptic neuron, padded to the longest copy."""
    rng = np.random.default_rng(seed)
    masks = rng.random((copies, N_PRE, N_POST)) < PROBABILITY
    counts = masks.sum(axis=2)
    pointers = np.zeros((copies, N_PRE + 1), np.int64)
    np.cumsum(counts, axis=1, out=pointers[:, 1:])
    targets = np.zeros((copies, max(1, int(pointers[:, -1].max()))), np.int32)
    for c in range(copies):
        targets[c, :pointers[c, -1]] = np.nonzero(masks[c])[1]
    return pointers, targets


@njit(parallel=True, cache=True)
def simulate(n_steps, rates, pointers, targets, seeds):
    """Simulate every copy for ``n_steps`` 1-ms steps; returns the spike count of each copy's Izhikevich neurons."""
    copies = rates.shape[0]
    counts = np.zeros(copies, np.int64)
    for c in prange(copies):
        np.random.seed(seeds[c])
        v = np.full(N_POST, -65.0)
        u = np.full(N_POST, -13.0)
        g = np.zeros(N_POST)
        fired = np.zeros(N_PRE, np.int32)
        n_fired = 0
        p = rates[c] / 1000.0
        spikes = 0
        for _ in range(n_steps):
            for k in range(n_fired):  # spikes of the last step reach their targets
                pre = fired[k]
                for s in range(pointers[c, pre], pointers[c, pre + 1]):
                    g[targets[c, s]] += WEIGHT
            n_fired = 0
            for i in range(N_PRE):
                if np.random.random() < p:
                    fired[n_fired] = i
                    n_fired += 1
            for i in range(N_POST):
                old_v = v[i]
                v[i] = old_v + 0.04 * old_v * old_v + 5.0 * old_v + 140.0 - u[i] + g[i]
                u[i] += 0.02 * (0.2 * old_v - u[i])
                g[i] = 0.0
                if v[i] > 30.0:
                    v[i] = -65.0
                    u[i] += 8.0
                    spikes += 1
        counts[c] = spikes
    return counts


def run(copies, duration_ms=1000.0, rates=None, seed=1):
    """Simulate ``copies`` copies (rates 0..50 Hz unless given); returns (seconds, spike counts)."""
    rates = np.linspace(0.0, 50.0, copies) if rates is None else np.asarray(rates, float)
    pointers, targets = connectivity(copies, seed)
    seeds = np.arange(copies, dtype=np.int64) + seed
    simulate(1, rates[:1], pointers[:1], targets[:1], seeds[:1])  # compiled (or loaded) before timing
    started = time.perf_counter()
    with parallel_chunksize(1):  # copies taken one at a time by whichever thread is free: their rates differ
        counts = simulate(int(round(duration_ms)), rates, pointers, targets, seeds)
    return time.perf_counter() - started, counts


if __name__ == "__main__":
    seconds, counts = run(1000)
    print(f"1000 copies x 1 s: {seconds * 1e3:.1f} ms ({seconds:.3f} ms per copy-second); mean rate "
          f"{counts.mean() / 100:.2f} Hz at 25 Hz input on average")
