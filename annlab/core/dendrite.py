"""Dendrites and individual synapses of a compiled projection, as ANNarchy 4.8 shows them.

A :class:`Dendrite` is the set of synapses reaching one post-synaptic neuron; it reads and
writes their attributes and, for structural plasticity, creates and prunes synapses
(``create_synapse``, ``prune_synapse``): the projection's arrays are rebuilt between
steps, the generated kernels stay the same.

Examples
--------
>>> from annlab import Neuron, Population, Projection, compile, clear
>>> clear()
>>> rate = Neuron(equations="r = sum(exc)")
>>> pop = Population(4, rate)
>>> proj = Projection(pop, pop, "exc").connect_all_to_all(weights=1.0)
>>> compile()
>>> d = proj.dendrite(2)
>>> d.pre_ranks
[0, 1, 3]
>>> d.prune_synapse(1); d.create_synapse(2, w=0.5)
>>> d.pre_ranks, d.w.tolist()
([0, 2, 3], [1.0, 0.5, 1.0])
>>> d.synapse(2).w
0.5
"""
import numpy as np

from .connectors import Connectivity
from ..errors import UnknownNameError, ValidationError


class Dendrite:
    """The synapses reaching one post-synaptic neuron (``proj.dendrite(rank)``, ``proj[rank]``).

    Attributes of the synapse model read as one value per synapse (local), one value (per post
    neuron or projection-wide), and can be assigned a number or one value per synapse.
    """

    def __init__(self, projection, post_rank):
        compiled = projection._compiled_state("dendrite")
        if not isinstance(post_rank, (int, np.integer)):
            post_rank = projection.post.population.rank_from_coordinates(post_rank)
        self.projection = projection
        self.post_rank = int(post_rank)
        if not (compiled.connectivity(projection).post_ranks == self.post_rank).any():
            raise UnknownNameError(f"Projection '{projection.name}': post neuron {post_rank} has no synapse")

    # ---- structure ---------------------------------------------------------------
    @property
    def _compiled(self):
        return self.projection._compiled

    def _mask(self):
        return self._compiled.connectivity(self.projection).post_ranks == self.post_rank

    @property
    def pre_ranks(self):
        """Ranks of the pre-synaptic neurons, ascending."""
        conn = self._compiled.connectivity(self.projection)
        return [int(r) for r in conn.pre_ranks[conn.post_ranks == self.post_rank]]

    rank = pre_ranks

    @property
    def size(self):
        """Number of synapses."""
        return int(self._mask().sum())

    def __len__(self):
        return self.size

    def synapse(self, pre_rank):
        """The synapse from the pre-synaptic neuron ``pre_rank`` (rank or coordinates)."""
        if not isinstance(pre_rank, (int, np.integer)):
            pre_rank = self.projection.pre.population.rank_from_coordinates(pre_rank)
        if int(pre_rank) not in self.pre_ranks:
            raise UnknownNameError(f"{self._owner}: no synapse from pre-synaptic neuron {pre_rank}")
        return IndividualSynapse(self, int(pre_rank))

    def __getitem__(self, pre_rank):
        return self.synapse(pre_rank)

    @property
    def synapses(self):
        """The synapses one by one (:class:`IndividualSynapse`)."""
        return [IndividualSynapse(self, rank) for rank in self.pre_ranks]

    def __iter__(self):
        return iter(self.synapses)

    @property
    def _owner(self):
        return f"{self.projection.name}.dendrite({self.post_rank})"

    # ---- values ------------------------------------------------------------------
    def _attributes(self):
        return self.projection.synapse_type.ir.attributes

    def __getattr__(self, name):
        if name.startswith("_") or name not in self._attributes():
            raise AttributeError(name)
        return self.get(name)

    def get(self, name):
        """Value of an attribute: an array (one value per synapse) for local attributes, else a float."""
        if name not in self._attributes():
            raise UnknownNameError(f"{self._owner}: the synapse has no attribute '{name}'")
        values = self._compiled.synapse_values(self.projection, name)
        if np.ndim(values) == 0:
            return float(values)
        if self._attributes()[name].locality == "semiglobal":
            return float(values[self.post_rank])
        return values[self._mask()]

    def set(self, values):
        """Set several attributes: ``dendrite.set({'w': 0.5, 'tau': 10.0})``."""
        for name, value in values.items():
            setattr(self, name, value)

    def __setattr__(self, name, value):
        projection = self.__dict__.get("projection")
        attributes = projection.synapse_type.ir.attributes if projection is not None else {}
        if name.startswith("_") or name not in attributes:
            object.__setattr__(self, name, value)
            return
        self._write(name, value, self._mask())

    def _write(self, name, value, mask):
        projection, owner = self.projection, self._owner
        locality = self._attributes()[name].locality
        if locality == "global":
            raise ValidationError(owner, name, "is projection-wide: set it on the projection, not on one dendrite")
        values = np.array(self._compiled.synapse_values(projection, name), dtype=float)
        array = np.asarray(value, dtype=float)
        count = int(mask.sum())
        if locality == "semiglobal" or array.ndim == 0:
            if array.ndim != 0:
                raise ValidationError(owner, name, "is one value per post neuron: Value must be a single number")
            values[self.post_rank if locality == "semiglobal" else mask] = float(array)
        elif array.size != count:
            raise ValidationError(owner, name, f"Value must have {count} elements (one per synapse of the "
                                  f"dendrite) or be a single number (got {array.size})")
        else:
            values[mask] = array.reshape(-1)
        self._compiled.write_projection(projection, name, values)

    def receptive_field(self, variable="w", fill=0.0):
        """Values of ``variable`` over the pre-synaptic population's geometry, ``fill`` where no synapse."""
        pre = self.projection.pre.population
        field = np.full(pre.size, float(fill))
        field[self.pre_ranks] = self.get(variable)
        return field.reshape(pre.geometry)

    # ---- structural plasticity ------------------------------------------------------
    def create_synapse(self, rank, w=0.0, delay=0.0):
        """Create a synapse from the pre-synaptic neuron ``rank`` with weight ``w``.

        Other attributes take their initial value. ``delay`` (ms; 0: the projection's) must be the
        projection's delay when its delays are uniform.
        """
        self.create_synapses([rank], [w], [delay])

    def create_synapses(self, ranks, weights=None, delays=None):
        """Create synapses from several pre-synaptic neurons (weights default to 0.0)."""
        ranks = [int(r) for r in ranks]
        weights = [0.0] * len(ranks) if weights is None else [float(w) for w in weights]
        delays = [0.0] * len(ranks) if delays is None else [float(d) for d in delays]
        if not len(ranks) == len(weights) == len(delays):
            raise ValidationError(self._owner, "create_synapses", "ranks, weights and delays must have one entry "
                                  "per synapse")
        existing = set(self.pre_ranks)
        pre_size = self.projection.pre.population.size
        for rank in ranks:
            if rank in existing:
                raise ValidationError(self._owner, "create_synapse", f"the synapse from pre-synaptic neuron "
                                      f"{rank} already exists")
            if not 0 <= rank < pre_size:
                raise ValidationError(self._owner, "create_synapse", f"rank {rank} is outside the pre-synaptic "
                                      f"population (0..{pre_size - 1})")
        if len(set(ranks)) != len(ranks):
            raise ValidationError(self._owner, "create_synapses", "a pre-synaptic rank is given twice")
        self._rewire(remove=(), add=ranks, weights=weights, delays=delays)

    def prune_synapse(self, rank):
        """Remove the synapse from the pre-synaptic neuron ``rank``."""
        self.prune_synapses([rank])

    def prune_synapses(self, ranks):
        """Remove the synapses from several pre-synaptic neurons."""
        ranks = [int(r) for r in ranks]
        existing = set(self.pre_ranks)
        for rank in ranks:
            if rank not in existing:
                raise ValidationError(self._owner, "prune_synapse", f"there is no synapse from pre-synaptic "
                                      f"neuron {rank}")
        self._rewire(remove=ranks, add=(), weights=(), delays=())

    def _rewire(self, remove, add, weights, delays):
        projection, compiled = self.projection, self._compiled
        conn = compiled.connectivity(projection)
        post, pre = conn.post_ranks, conn.pre_ranks
        keep = ~((post == self.post_rank) & np.isin(pre, list(remove)))
        n_new = len(add)
        new_post = np.concatenate([post[keep], np.full(n_new, self.post_rank)]).astype(np.int64)
        new_pre = np.concatenate([pre[keep], np.asarray(add, np.int64)]).astype(np.int64)
        order = np.lexsort((new_pre, new_post))
        values = {}
        for name, attribute in self._attributes().items():
            current = compiled.synapse_values(projection, name)
            if attribute.locality != "local":
                values[name] = current
                continue
            if name == "w":
                created = np.asarray(weights, float)
            else:  # the value given before compile when it was a number, else the model's initial value
                init = projection._init.get(name, attribute.init)
                created = np.full(n_new, float(init if isinstance(init, (int, float)) else attribute.init))
            values[name] = np.concatenate([np.asarray(current, float)[keep], created])[order]
        uniform = np.ndim(conn.delays) == 0
        if uniform:
            delay = float(conn.delays)
            for asked in delays:
                if asked not in (0.0, delay) and abs(max(asked, compiled.dt) - max(delay, compiled.dt)) > 1e-12:
                    raise ValidationError(self._owner, "delay", f"the projection's delays are uniform ({delay} ms): "
                                          f"a new synapse cannot have another delay (got {asked} ms)")
            new_delays = conn.delays
        else:
            created = [d if d > 0 else compiled.dt for d in delays]
            new_delays = np.concatenate([np.asarray(conn.delays, float)[keep], created])[order]
        weights_now = values["w"] if "w" in values and np.ndim(values["w"]) else np.zeros(len(order))
        compiled.replace_synapses(projection, Connectivity(new_post[order], new_pre[order], weights_now,
                                                            new_delays), values)

    def __repr__(self):
        return f"Dendrite(projection={self.projection.name!r}, post_rank={self.post_rank}, size={self.size})"


class IndividualSynapse:
    """One synapse of a dendrite: ``proj.dendrite(post).synapse(pre)``; attributes read and write as floats."""

    def __init__(self, dendrite, pre_rank):
        object.__setattr__(self, "dendrite", dendrite)
        object.__setattr__(self, "pre_rank", int(pre_rank))

    def _mask(self):
        conn = self.dendrite._compiled.connectivity(self.dendrite.projection)
        return (conn.post_ranks == self.dendrite.post_rank) & (conn.pre_ranks == self.pre_rank)

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        value = self.dendrite.get(name)
        if np.ndim(value) == 0:
            return value
        return float(value[self.dendrite.pre_ranks.index(self.pre_rank)])

    def __setattr__(self, name, value):
        if np.ndim(value) != 0:
            raise ValidationError(f"{self.dendrite._owner}.synapse({self.pre_rank})", name,
                                  "Value must be a single number")
        self.dendrite._write(name, value, self._mask())

    def __repr__(self):
        return (f"IndividualSynapse(projection={self.dendrite.projection.name!r}, "
                f"pre_rank={self.pre_rank}, post_rank={self.dendrite.post_rank})")
