"""One weight for a whole projection: the shared-weight propagation against the per-synapse one.

While all weights of a non-plastic projection are equal, spike propagation adds
one number instead of reading a weight per synapse. Each test runs the same
compiled network twice: with equal weights (shared path) and with one weight
changed on the synapses of a presynaptic neuron that never fires (per-synapse
path, same result expected), for sparse rows, dense runs and rows large enough
to be prefetched.
"""
import numpy as np
import pytest
from scipy import sparse

from annlab import (Monitor, Neuron, Population, Projection, SpikeSourceArray, compile, load, reset, save, setup,
                    simulate)

LEAKY = Neuron(parameters="tau = 5.0", equations="tau * dv/dt = -v + g_exc", spike="v > 1e9", name="Leaky")


def _network(n_pre, n_post, density, seed=3):
    setup(dt=0.1, seed=seed)
    rng = np.random.default_rng(seed)
    times = [[] if i == 0 else sorted(rng.choice(np.arange(1, 40) * 0.5, 3, replace=False).tolist())
             for i in range(n_pre)]  # neuron 0 never fires
    source = SpikeSourceArray(spike_times=times)
    target = Population(n_post, LEAKY)
    matrix = sparse.random(n_post, n_pre, density=density, random_state=seed, format="lil")  # (post, pre)
    matrix[:, 0] = 1.0  # every post neuron has a synapse from the silent neuron
    matrix = matrix.tocsr()
    matrix.sort_indices()
    matrix.data[:] = 0.5
    proj = Projection(source, target, "exc")
    proj.connect_from_sparse(matrix.T)  # (pre, post)
    monitor = Monitor(target, "v")
    compile()
    return proj, monitor, matrix


def _shared(proj):
    return proj._compiled._projection(proj).shared_w[0] == 1.0


@pytest.mark.parametrize("n_pre, n_post, density", [(60, 50, 0.2), (60, 50, 1.0), (1100, 1000, 1.0)],
                         ids=["sparse rows", "dense runs", "prefetched rows"])
def test_shared_weight_gives_the_per_synapse_result(n_pre, n_post, density):
    proj, monitor, matrix = _network(n_pre, n_post, density)
    assert _shared(proj)
    simulate(25.0)
    shared = monitor.get("v")
    reset(populations=True, projections=True, monitors=True)
    weights = matrix.data.copy()  # dendrite order: post-major, pre ranks ascending
    weights[matrix.indices == 0] = 0.7  # synapses of the neuron that never fires
    proj.w = weights
    assert not _shared(proj)
    simulate(25.0)
    per_synapse = monitor.get("v")
    assert shared.max() > 0.1  # spikes did arrive
    np.testing.assert_array_equal(shared, per_synapse)


def test_shared_weight_follows_assignments_resets_and_loads(tmp_path):
    proj, monitor, matrix = _network(20, 10, 0.5)
    layout = proj._compiled._projection(proj)
    assert tuple(layout.shared_w) == (1.0, 0.5)
    save(str(tmp_path / "equal.npz"))
    proj.w = 0.25
    assert tuple(layout.shared_w) == (1.0, 0.25)
    proj.dendrite(3).w = 0.75
    assert not _shared(proj)
    reset(populations=False, projections=True)
    assert tuple(layout.shared_w) == (1.0, 0.5)
    proj.w = np.linspace(0.0, 1.0, proj.nb_synapses)
    assert not _shared(proj)
    load(str(tmp_path / "equal.npz"))
    assert tuple(layout.shared_w) == (1.0, 0.5)
