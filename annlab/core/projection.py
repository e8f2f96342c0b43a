"""Projections: synapses from one population (or view) to another.

A projection stores its connector *recipe* (``connect_*`` methods); the
synapses are drawn when its network is compiled, with that network's random
stream, so every copy of a network draws its own connectivity.

Examples
--------
>>> from annlab import Population, PoissonPopulation, Projection, Izhikevich, clear
>>> clear()
>>> pre, post = PoissonPopulation(10, rates=10.0), Population(5, Izhikevich)
>>> proj = Projection(pre, post, "exc").connect_fixed_probability(0.5, weights=1.0)
>>> proj.connector
FixedProbability(probability=0.5, weights=1.0)
"""
import copy

import numpy as np

from . import connectors, data_connectors, registry
from .dendrite import Dendrite, IndividualSynapse  # noqa: F401 (part of this module's API)
from .lil_connectivity import LILConnectivity
from .models import Synapse, as_model
from .population import Population, PopulationView
from ..errors import (IgnoredArgumentWarning, NetworkError, UnknownNameError, ValidationError, closest_name,
                      warn_once)

#: The synapse used when none is given: ``g_target += w`` or ``w * pre.r``.
DEFAULT_SYNAPSE_NAME = "DefaultSynapse"


def _default_synapse(pre_type):
    if pre_type == "spike":
        return Synapse(pre_spike="g_target += w", name=DEFAULT_SYNAPSE_NAME)
    return Synapse(psp="w * pre.r", name=DEFAULT_SYNAPSE_NAME)


def _storage_options(projection, storage_format, storage_order):
    """ANNarchy chooses among sparse formats; annlab has one storage per kind of projection."""
    if storage_format is not None or storage_order is not None:
        warn_once(f"Projection '{projection.name}': storage_format/storage_order have no effect in annlab (one "
                  f"storage per kind of projection, chosen by the engine)", IgnoredArgumentWarning,
                  key="storage_format", stacklevel=4)


def _end(value, role):
    if not isinstance(value, (Population, PopulationView)):
        raise ValidationError("Projection", role, f"Value must be a Population or PopulationView (got {value!r})")
    return value


class Projection:
    """Synapses of one model between a pre- and a post-synaptic population.

    Parameters
    ----------
    pre, post : Population or PopulationView
    target : str
        The input this projection feeds (``g_<target>`` of spiking neurons,
        ``sum(<target>)`` of rate-coded ones).
    synapse : Synapse or built-in Synapse class, optional
    name : str, optional
    """

    def __init__(self, pre, post, target, synapse=None, name=None, disable_omp=True, _register=True):
        self.pre = _end(pre, "pre")
        self.post = _end(post, "post")
        if isinstance(target, (list, tuple)):
            if len(target) != 1:
                raise ValidationError("Projection", "target", "Only one target per projection is supported")
            target = target[0]
        if not isinstance(target, str) or not target:
            raise ValidationError("Projection", "target", f"Value must be a non-empty string (got {target!r})")
        self.target = target
        pre_type, post_type = self.pre.neuron_type.type, self.post.neuron_type.type
        self.synapse_type = _default_synapse(pre_type) if synapse is None else as_model(synapse, "synapse")
        self._check_types(pre_type, post_type)
        self.id = registry.new_id()
        self._origin = self.id
        self.name = name if name is not None else registry.next_name("proj")
        self.connector = None
        self._init = {}
        self._compiled = None
        if _register:
            registry.default_network()._register(self)

    def _check_types(self, pre_type, post_type):
        ir = self.synapse_type.ir
        # A rate-type synapse (psp, no pre_spike) between spiking neurons transmits continuously, as in
        # ANNarchy (gap junctions); a spike-type synapse needs spikes.
        if self.synapse_type.type == "spike" and pre_type != "spike":
            raise ValidationError("Projection", "synapse",
                                  f"The synapse '{self.synapse_type.name}' is {self.synapse_type.type}-based but the "
                                  f"pre-synaptic population '{self.pre.name}' is {pre_type}-coded")
        targets = self.post.neuron_type.ir.targets
        if self.target not in targets:
            hint = closest_name(self.target, targets)
            warn_once(f"Projection: the post-synaptic neuron '{self.post.neuron_type.name}' does not use the target "
                      f"'{self.target}' (it uses {targets or 'no input'})"
                      + (f"; did you mean '{hint}'?" if hint else "") + ": its input is computed and unused",
                      key=("unused target", id(self.post.neuron_type), self.target))
        for owner, names, end in (("pre", ir.pre_attributes, self.pre), ("post", ir.post_attributes, self.post)):
            for attribute in names:
                if attribute.startswith("_sum_"):  # pre.sum(exc): checked at compile, when the inputs are known
                    continue
                if attribute not in end.neuron_type.ir.attributes:
                    hint = closest_name(attribute, list(end.neuron_type.ir.attributes))
                    raise ValidationError("Projection", "synapse",
                                          f"The synapse uses '{owner}.{attribute}' but the {owner}-synaptic "
                                          f"neuron '{end.neuron_type.name}' has no attribute '{attribute}'"
                                          + (f"; did you mean '{owner}.{hint}'?" if hint else ""))

    # ---- connectors -------------------------------------------------------
    def _connect(self, connector):
        if self._compiled is not None:
            raise NetworkError(f"Projection '{self.name}': connect before the network is compiled")
        connector.validate(self._end_point(self.pre), self._end_point(self.post))
        self.connector = connector
        return self

    @staticmethod
    def _end_point(obj):
        return connectors.EndPoint(obj.size, tuple(obj.geometry), obj.population.id, ranks=obj.ranks)

    def connect_all_to_all(self, weights, delays=0.0, allow_self_connections=False, force_multiple_weights=False,
                           storage_format=None, storage_order=None):
        """Every pre neuron to every post neuron."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.AllToAll(weights, delays, allow_self_connections, force_multiple_weights))

    def connect_one_to_one(self, weights=1.0, delays=0.0, force_multiple_weights=False,
                           storage_format=None, storage_order=None):
        """Pre neuron i to post neuron i."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.OneToOne(weights, delays, force_multiple_weights))

    def connect_fixed_probability(self, probability, weights, delays=0.0, allow_self_connections=False,
                                  force_multiple_weights=False, storage_format=None, storage_order=None):
        """Each pair connected with the given probability."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.FixedProbability(probability, weights, delays, allow_self_connections,
                                                         force_multiple_weights))

    def connect_fixed_number_pre(self, number, weights, delays=0.0, allow_self_connections=False,
                                 force_multiple_weights=False, storage_format=None, storage_order=None):
        """Each post neuron receives from ``number`` random pre neurons."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.FixedNumberPre(number, weights, delays, allow_self_connections,
                                                       force_multiple_weights))

    def connect_fixed_number_post(self, number, weights, delays=0.0, allow_self_connections=False,
                                  force_multiple_weights=False, storage_format=None, storage_order=None):
        """Each pre neuron projects to ``number`` random post neurons."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.FixedNumberPost(number, weights, delays, allow_self_connections,
                                                        force_multiple_weights))

    def connect_gaussian(self, amp, sigma, delays=0.0, limit=0.01, allow_self_connections=False,
                         storage_format=None, storage_order=None):
        """Gaussian profile of weights over the normalised distance."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.Gaussian(amp, sigma, delays, limit, allow_self_connections))

    def connect_dog(self, amp_pos, sigma_pos, amp_neg, sigma_neg, delays=0.0, limit=0.01,
                    allow_self_connections=False, storage_format=None, storage_order=None):
        """Difference-of-Gaussians profile of weights."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(connectors.DoG(amp_pos, sigma_pos, amp_neg, sigma_neg, delays, limit,
                                            allow_self_connections))

    def connect_from_matrix(self, weights, delays=0.0, pre_post=False, storage_format=None, storage_order=None):
        """Weights from a dense (post, pre) matrix; None/NaN entries are not connected."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(data_connectors.FromMatrix(weights, delays, pre_post))

    def connect_from_sparse(self, weights, delays=0.0, storage_format=None, storage_order=None):
        """Weights from a scipy.sparse (post, pre) matrix."""
        _storage_options(self, storage_format, storage_order)
        if isinstance(weights, LILConnectivity):
            return self._connect(data_connectors.FromLIL(weights))
        return self._connect(data_connectors.FromSparse(weights, delays))

    def connect_with_func(self, method, storage_format=None, storage_order=None, **args):
        """Connectivity returned by ``method(pre, post, **args)`` (a matrix, a Connectivity or a LILConnectivity)."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(data_connectors.WithFunc(method, **args))

    def connect_from_file(self, filename, storage_format=None, storage_order=None):
        """Connectivity saved by :meth:`save_connectivity`."""
        _storage_options(self, storage_format, storage_order)
        return self._connect(data_connectors.FromFile(filename))

    def save_connectivity(self, filename):
        """Save the drawn synapses (after compile) for :meth:`connect_from_file`.

        Ranks are those of the projection's ends (of the views when they are
        views), so the file connects the same neurons when it is loaded into a
        projection between ends of the same sizes.
        """
        compiled = self._compiled_state("save_connectivity")
        data_connectors.save_connectivity(filename, compiled.drawn_connectivity(self), self.pre.size, self.post.size)

    def save(self, filename):
        """Save the projection's synapses and the values of its attributes (after compile).

        The ending of ``filename`` chooses the container, as for :meth:`Network.save`
        (``.npz``, ``.gz``, ``.mat`` for analysis elsewhere, any other a plain NumPy archive).
        """
        self._compiled_state("save()").save(filename, objects=[self])

    def load(self, filename, pickle_encoding=None):
        """Load synapses and values saved by :meth:`save` (or with the network, by :meth:`Network.save`).

        Synapses that differ from the file's are replaced by the file's, as in ANNarchy; a file
        that does not fit raises :class:`~annlab.errors.StateFileError` and changes nothing.
        """
        if pickle_encoding is not None:
            warn_once("Projection.load(pickle_encoding=...) has no effect in annlab: its files contain no pickled "
                      "Python objects", IgnoredArgumentWarning, key=("ignored argument", "Projection.load", "pickle"))
        self._compiled_state("load()").load(filename, objects=[self])

    # ---- state ---------------------------------------------------------------
    def _compiled_state(self, what):
        if self._compiled is None:
            raise NetworkError(f"Projection '{self.name}': {what} is only available after compile()")
        return self._compiled

    def values_before_compile(self):
        """``{attribute: value}`` of the synapse attributes set before compile (a copy; values may be
        numbers, arrays or distributions, drawn at compile)."""
        return dict(self._init)

    def __getattr__(self, name):
        if name.startswith("_") or name in ("synapse_type", "pre", "post"):
            raise AttributeError(name)
        attributes = self.synapse_type.ir.attributes
        if name in attributes:
            if self._compiled is None:
                if name in self._init:
                    return self._init[name]
                return attributes[name].init
            return self._compiled.read_projection(self, name)
        hint = closest_name(name, list(attributes) + ["w", "nb_synapses"])
        raise AttributeError(f"Projection '{self.__dict__.get('name')}' has no attribute '{name}'"
                             + (f"; did you mean '{hint}'?" if hint else ""))

    def __setattr__(self, name, value):
        synapse = self.__dict__.get("synapse_type")
        if synapse is not None and not name.startswith("_") and name in synapse.ir.attributes:
            if self._compiled is None:
                self._init[name] = value
            else:
                self._compiled.write_projection(self, name, value)
        else:
            object.__setattr__(self, name, value)

    @property
    def delay(self):
        """Transmission delay in ms after compile: ``max(1, round(delay/dt))*dt``, so an omitted
        delay reads back as dt; one list per dendrite when delays vary."""
        return self._compiled_state("delay").read_delays(self)

    @property
    def nb_synapses(self):
        """Number of synapses (after compile)."""
        return self._compiled_state("nb_synapses").connectivity(self).size

    def nb_synapses_per_dendrite(self):
        """Number of synapses of each dendrite (post neurons with synapses, in rank order)."""
        post = self._compiled_state("nb_synapses_per_dendrite").connectivity(self).post_ranks
        counts = np.bincount(post, minlength=self.post.population.size)
        return [int(c) for c in counts if c]

    def nb_efferent_synapses(self):
        """Number of outgoing synapses of each pre-synaptic neuron (spiking projections), as a list."""
        if self.synapse_type.type == "rate" or self.pre.neuron_type.type != "spike":
            raise ValidationError(self.name, "nb_efferent_synapses", "is only available for spiking projections")
        pre = self._compiled_state("nb_efferent_synapses").connectivity(self).pre_ranks
        return [int(c) for c in np.bincount(pre, minlength=self.pre.population.size)]

    @property
    def post_ranks(self):
        """Post ranks having at least one synapse."""
        return [int(r) for r in np.unique(self._compiled_state("post_ranks").connectivity(self).post_ranks)]

    @property
    def size(self):
        """Number of post-synaptic neurons having synapses (dendrites), after compile."""
        return len(self.post_ranks)

    def __len__(self):
        return self.size

    def dendrite(self, post_rank):
        """The synapses of one post-synaptic neuron (rank or coordinates): a :class:`Dendrite`."""
        return Dendrite(self, post_rank)

    def __getitem__(self, *args):
        return self.dendrite(args[0] if len(args) == 1 else args)

    @property
    def dendrites(self):
        """The dendrites in ascending post rank."""
        return [Dendrite(self, rank) for rank in self.post_ranks]

    def __iter__(self):
        return iter(self.dendrites)

    def synapse(self, pre, post):
        """The synapse between two neurons (ranks): an :class:`~annlab.core.dendrite.IndividualSynapse`.

        The synapse model is :attr:`synapse_type`, as in ANNarchy 4.8.
        """
        return self.dendrite(post).synapse(pre)

    def _check_attribute(self, name):
        if name not in self.synapse_type.ir.attributes:
            hint = closest_name(name, self.synapse_type.ir.attributes)
            raise UnknownNameError(f"Projection '{self.name}' has no attribute '{name}'"
                                   + (f"; did you mean '{hint}'?" if hint else ""))

    def get(self, name):
        """Value of an attribute (as ``proj.name``): one list per dendrite for local attributes."""
        self._check_attribute(name)
        return getattr(self, name)

    def set(self, values):
        """Set several attributes at once: ``proj.set({'w': 0.5, 'tau': 10.0})``."""
        for name in values:
            self._check_attribute(name)
        for name, value in values.items():
            setattr(self, name, value)

    @property
    def attributes(self):
        """Names of the synapse's parameters and variables."""
        return list(self.synapse_type.ir.attributes)

    @property
    def parameters(self):
        """Names of the synapse's parameters."""
        return [n for n, a in self.synapse_type.ir.attributes.items() if a.kind == "parameter"]

    @property
    def variables(self):
        """Names of the synapse's variables."""
        return [n for n, a in self.synapse_type.ir.attributes.items() if a.kind != "parameter"]

    def reset(self, attributes=-1, synapses=False):
        """Attributes back to their values before compile (all but ``w``, or those listed), as in ANNarchy.

        ``synapses=True`` also restores the synapses and weights of compile time (annlab does not draw
        them anew: the same synapses come back, also after structural plasticity).
        """
        names = list(self.synapse_type.ir.attributes) if attributes == -1 else list(attributes)
        for name in names:
            self._check_attribute(name)
        self._compiled_state("reset").reset_projection(self, [n for n in names if n != "w"], synapses)

    def connectivity_matrix(self, fill=0.0):
        """Dense (post, pre) matrix of weights over the whole populations, ``fill`` where no synapse exists."""
        conn = self._compiled_state("connectivity_matrix").connectivity(self)
        matrix = np.full((self.post.population.size, self.pre.population.size), fill, dtype=float)
        matrix[conn.post_ranks, conn.pre_ranks] = self._compiled.synapse_values(self, "w")
        return matrix

    def enable_learning(self):
        """Let plasticity update this projection's synapses."""
        self._compiled_state("enable_learning").set_learning(self, True)

    def disable_learning(self):
        """Freeze this projection's synapses (transmission continues)."""
        self._compiled_state("disable_learning").set_learning(self, False)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_compiled"] = None  # compiled state stays in its process
        return state

    def _copy(self, pre, post):
        new = copy.copy(self)
        new.__dict__["pre"] = pre
        new.__dict__["post"] = post
        new.__dict__["_init"] = copy.deepcopy(self._init)
        new.__dict__["connector"] = copy.deepcopy(self.connector)
        new.__dict__["id"] = registry.new_id()
        new.__dict__["_compiled"] = None
        return new

    def __repr__(self):
        return (f"Projection(name={self.name!r}, pre={self.pre.name!r}, post={self.post.name!r}, "
                f"target={self.target!r}, synapse={self.synapse_type.name!r}, connector={self.connector!r})")

