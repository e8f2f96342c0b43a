"""Synapses listed dendrite by dendrite, as ANNarchy 4.8's ``LILConnectivity`` (also named ``CSR``).

User functions given to ``connect_with_func`` may build one and return it; ``connect_from_sparse``
accepts one too.

Examples
--------
>>> synapses = LILConnectivity()
>>> synapses.add(0, [1, 2], [0.5, 0.5], [1.0, 1.0])
>>> synapses.add(1, [0], [2.0], [1.0])
>>> synapses.nb_synapses, synapses.size
(3, 2)
>>> conn = synapses.connectivity()
>>> conn.post_ranks.tolist(), conn.pre_ranks.tolist(), conn.delays
([0, 0, 1], [1, 2, 0], 1.0)
"""
import numpy as np

from .connectors import Connectivity
from ..errors import ConnectivityError


class LILConnectivity:
    """A list of dendrites: post-synaptic rank, pre-synaptic ranks, weights and delays (ms)."""

    def __init__(self, dt=None):
        self.post_rank, self.pre_rank, self.w, self.delay = [], [], [], []

    def add(self, rk, r, w, d):
        """Add the dendrite of post-synaptic neuron ``rk``: pre ranks ``r``, weights ``w``, delays ``d`` (ms)."""
        r = [int(x) for x in r]
        w = list(np.broadcast_to(np.asarray(w, float), (len(r),)))
        d = list(np.broadcast_to(np.asarray(d, float), (len(r),)))
        if int(rk) in self.post_rank:
            raise ConnectivityError(f"LILConnectivity.add(): the dendrite of post-synaptic neuron {rk} was "
                                    f"already added")
        if len(set(r)) != len(r):
            raise ConnectivityError(f"LILConnectivity.add(): a pre-synaptic rank appears twice in the dendrite "
                                    f"of post-synaptic neuron {rk}")
        self.post_rank.append(int(rk))
        self.pre_rank.append(r)
        self.w.append([float(x) for x in w])
        self.delay.append([float(x) for x in d])

    push_back = add

    def validate(self):
        """Nothing to do: :meth:`add` already checks each dendrite (ANNarchy's API)."""

    @property
    def size(self):
        """Number of dendrites."""
        return len(self.post_rank)

    @property
    def nb_synapses(self):
        """Number of synapses."""
        return sum(len(r) for r in self.pre_rank)

    @property
    def max_delay(self):
        return max((max(d) for d in self.delay if d), default=0.0)

    def connectivity(self):
        """The synapses as :class:`~annlab.core.connectors.Connectivity`, sorted by post then pre rank."""
        counts = [len(r) for r in self.pre_rank]
        post = np.repeat(np.asarray(self.post_rank, np.int64), counts)
        pre = np.concatenate([np.asarray(r, np.int64) for r in self.pre_rank]) if counts else np.zeros(0, np.int64)
        weights = np.concatenate([np.asarray(w, float) for w in self.w]) if counts else np.zeros(0)
        delays = np.concatenate([np.asarray(d, float) for d in self.delay]) if counts else np.zeros(0)
        uniform = delays.size == 0 or np.all(delays == delays[0])
        return Connectivity(post, pre, weights, float(delays[0]) if uniform and delays.size else
                            (0.0 if uniform else delays)).sorted()

    def __repr__(self):
        return f"LILConnectivity(dendrites={self.size}, synapses={self.nb_synapses})"


CSR = LILConnectivity
