"""Populations of neurons and views on parts of them.

A :class:`Population` is plain data until its network is compiled: geometry,
neuron model, and the values its attributes were given. After compile, reading
and writing attributes goes to the network's simulator, so the values are the
live state.

Examples
--------
>>> from annlab import Population, Izhikevich, clear
>>> clear()
>>> pop = Population(4, Izhikevich, name="exc")
>>> pop.v
array([-65., -65., -65., -65.])
>>> pop.a = [0.02, 0.03, 0.04, 0.05]
>>> pop[1:3].a
array([0.03, 0.04])
"""
import copy

import numpy as np

from . import config, registry
from .distributions import Distribution
from .models import as_model
from ..errors import UnknownNameError, ValidationError, closest_name


def _geometry(value, owner="Population"):
    if isinstance(value, (int, np.integer)):
        value = (int(value),)
    try:
        value = tuple(int(v) for v in value)
    except TypeError as err:
        raise ValidationError(owner, "geometry", f"Value must be an int or a tuple of ints (got {value!r})") from err
    if not value or min(value) < 1:
        got = min(value) if value else value
        raise ValidationError(owner, "geometry", f"Value must be greater than or equal to 1 (got {got})")
    return value


class _AttributeAccess:
    """Shared attribute logic of populations and views (read/write by name)."""

    def _attribute_names(self):
        neuron = self._population.__dict__.get("neuron_type")
        return neuron.ir.attributes if neuron is not None else {}

    def __getattr__(self, name):
        if name.startswith("_"):
            raise AttributeError(name)
        attributes = self._attribute_names()
        if name in attributes:
            return self._population._read(name, self._ranks)
        hint = closest_name(name, attributes)
        raise AttributeError(f"{type(self).__name__} '{self._population.name}' has no attribute '{name}'"
                             + (f"; did you mean '{hint}'?" if hint else ""))

    def __setattr__(self, name, value):
        if not name.startswith("_") and name in self._attribute_names():
            self._population._write(name, value, self._ranks)
        else:
            object.__setattr__(self, name, value)

    def get(self, name):
        """Value of an attribute (same as ``pop.name``)."""
        if name not in self._attribute_names():
            raise UnknownNameError(f"{type(self).__name__} '{self._population.name}' has no attribute '{name}'")
        return getattr(self, name)

    def set(self, values):
        """Set several attributes at once: ``pop.set({'v': -60.0, 'a': 0.02})``."""
        for name, value in values.items():
            if name not in self._attribute_names():
                raise UnknownNameError(f"{type(self).__name__} '{self._population.name}' has no attribute '{name}'")
            setattr(self, name, value)

    @property
    def attributes(self):
        """Names of the neuron's parameters and variables."""
        return list(self._attribute_names())


class Population(_AttributeAccess):
    """A group of identical neurons.

    Parameters
    ----------
    geometry : int or tuple of int
        Number of neurons, or the shape of a 2D/3D grid.
    neuron : Neuron or built-in Neuron class
    name : str, optional
        Unique name used by ``get_population``; defaults to ``pop<id>``.
    stop_condition : str, optional
        Condition for ``simulate_until`` (e.g. ``"r > 1.0 : any"``).
    """

    def __init__(self, geometry, neuron, name=None, stop_condition=None, _register=True):
        object.__setattr__(self, "_population", self)
        self.neuron_type = as_model(neuron, "neuron")
        self.geometry = _geometry(geometry)
        self.size = int(np.prod(self.geometry))
        self.id = registry.new_id()
        self._origin = self.id
        self.name = name if name is not None else registry.next_name("pop")
        self.stop_condition = stop_condition
        self._ranks = None
        self._init = {}
        self._simulator = None
        self._kind = "neuron"
        self._extra = {}
        if _register:
            registry.default_network()._register(self)

    # ---- values ------------------------------------------------------------
    def _locality(self, name):
        return self.neuron_type.ir.attributes[name].locality

    def _initial(self, name):
        """Value before compile (full array for local attributes, float for global)."""
        if name in self._init:
            return self._init[name]
        init = self.neuron_type.ir.attributes[name].init
        return init if self._locality(name) == "global" else np.full(self.size, init, dtype=float)

    def _coerce(self, name, value, count):
        if isinstance(value, Distribution):
            value = value.get_values(count, rng=config.python_rng())
        array = np.asarray(value, dtype=float)
        if array.ndim == 0:
            return np.full(count, float(array))
        array = array.reshape(-1)
        if array.size != count:
            raise ValidationError(self.name, name, f"Value must have {count} elements or be a single "
                                  f"number (got shape {np.shape(value)})")
        return array

    def _read(self, name, ranks):
        if self._simulator is not None:
            value = self._simulator.read_population(self, name)
        else:
            value = self._initial(name)
        if self._locality(name) == "global":
            return float(value)
        value = np.array(value, dtype=float)
        if ranks is None:
            return value.reshape(self.geometry) if len(self.geometry) > 1 else value
        selected = value[ranks]
        return float(selected[0]) if len(ranks) == 1 and self._single else selected

    def _write(self, name, value, ranks):
        if self._locality(name) == "global":
            if ranks is not None:
                raise ValidationError(self.name, name, "is population-wide and cannot be set on a view")
            if isinstance(value, Distribution):
                value = value.get_value(config.python_rng())
            if np.ndim(value) != 0:
                raise ValidationError(self.name, name, f"is population-wide: Value must be a single "
                                      f"number (got shape {np.shape(value)})")
            new = float(value)
        else:
            if ranks is None:
                new = self._coerce(name, value, self.size)
            else:
                new = np.array(self._read_full(name), dtype=float)
                new[ranks] = self._coerce(name, value, len(ranks))
        if self._simulator is not None:
            self._simulator.write_population(self, name, new)
        else:
            self._init[name] = new

    def _read_full(self, name):
        if self._simulator is not None:
            return self._simulator.read_population(self, name)
        return self._initial(name)

    _single = False

    # ---- structure ---------------------------------------------------------
    @property
    def ranks(self):
        """All ranks, 0..size-1."""
        return np.arange(self.size)

    @property
    def population(self):
        return self

    @property
    def initialized(self):
        """True once the network holding this population is compiled."""
        return self._simulator is not None

    def rank_from_coordinates(self, coord):
        """Rank of the neuron at grid coordinates ``coord``.

        Examples
        --------
        >>> from annlab import Population, Izhikevich, clear
        >>> clear(); Population((3, 4), Izhikevich).rank_from_coordinates((1, 2))
        6
        """
        coord = tuple(int(c) for c in np.atleast_1d(coord))
        if len(coord) != len(self.geometry) or any(not 0 <= c < g for c, g in zip(coord, self.geometry)):
            raise ValidationError(self.name, "coordinates", f"{coord} is outside the geometry {self.geometry}")
        return int(np.ravel_multi_index(coord, self.geometry))

    def coordinates_from_rank(self, rank):
        """Grid coordinates of neuron ``rank`` (a tuple)."""
        if not 0 <= int(rank) < self.size:
            raise ValidationError(self.name, "rank", f"Value must be between 0 and {self.size - 1} (got {rank})")
        return tuple(int(c) for c in np.unravel_index(int(rank), self.geometry))

    def __getitem__(self, key):
        if isinstance(key, tuple) and len(self.geometry) > 1 and all(isinstance(k, (int, np.integer)) for k in key):
            return PopulationView(self, [self.rank_from_coordinates(key)], single=True)
        if isinstance(key, (int, np.integer)):
            if not -self.size <= key < self.size:
                raise ValidationError(self.name, "rank", f"Value must be between 0 and {self.size - 1} (got {key})")
            return PopulationView(self, [int(key) % self.size], single=True)
        if isinstance(key, slice):
            return PopulationView(self, list(range(self.size))[key])
        return PopulationView(self, list(np.asarray(key).reshape(-1)))

    def __len__(self):
        return self.size

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_simulator"] = None  # compiled state stays in its process
        return state

    def _copy(self):
        """A copy as it is now (values set before compile included), not registered anywhere."""
        new = copy.copy(self)
        object.__setattr__(new, "_population", new)
        new._init = copy.deepcopy(self._init)
        new._extra = copy.deepcopy(self._extra)
        new.id = registry.new_id()
        new._simulator = None
        return new

    def reset(self, attributes=None):
        """Back to the values the attributes had at compile time."""
        if self._simulator is not None:
            self._simulator.reset_population(self, attributes)

    def clear(self):
        """Clear spike history and delays (same as :meth:`reset` here)."""
        self.reset()

    def __repr__(self):
        state = "compiled" if self._simulator is not None else "not compiled"
        return (f"Population(name={self.name!r}, geometry={self.geometry}, "
                f"neuron={self.neuron_type.name!r}, {state})")


class PopulationView(_AttributeAccess):
    """A subset of a population's neurons, usable wherever a population is.

    Parameters
    ----------
    population : Population
    ranks : list of int
    """

    def __init__(self, population, ranks, single=False):
        object.__setattr__(self, "_population", population)
        ranks = np.asarray(ranks, dtype=np.int64).reshape(-1)
        if ranks.size == 0:
            raise ValidationError(f"{population.name}[...]", "ranks", "A view must contain at least one neuron")
        if ranks.min() < 0 or ranks.max() >= population.size:
            raise ValidationError(f"{population.name}[...]", "ranks",
                                  f"Ranks must be between 0 and {population.size - 1}")
        object.__setattr__(self, "_ranks", ranks)
        object.__setattr__(self, "_single", single)

    @property
    def population(self):
        return self._population

    @property
    def ranks(self):
        return self._ranks.copy()

    @property
    def size(self):
        return len(self._ranks)

    @property
    def geometry(self):
        return (self.size,)

    @property
    def name(self):
        return self._population.name

    @property
    def neuron_type(self):
        return self._population.neuron_type

    def __len__(self):
        return self.size

    def __getitem__(self, key):
        return PopulationView(self._population, self._ranks[key] if not isinstance(key, int)
                              else [self._ranks[key]], single=isinstance(key, int))

    def __add__(self, other):
        if other.population is not self._population:
            raise ValidationError("PopulationView", "+", "Only views of the same population can be added")
        return PopulationView(self._population, np.concatenate([self._ranks, other.ranks]))

    def __repr__(self):
        return f"PopulationView(population={self.name!r}, size={self.size})"
