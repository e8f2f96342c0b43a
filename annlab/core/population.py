"""Populations of neurons.

A :class:`Population` is plain data until its network is compiled: geometry,
neuron model, and the values its attributes were given. After compile, reading
and writing attributes goes to the network's simulator, so the values are the
live state. Indexing gives views and single neurons
(:mod:`annlab.core.population_view`); ranks are the C order of the geometry,
as in ANNarchy.

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
from .attribute_access import AttributeAccess
from .distributions import Distribution
from .models import as_model
from .population_view import IndividualNeuron, PopulationView
from ..errors import SimulationError, ValidationError


def _geometry(value, owner="Population"):
    if isinstance(value, (int, np.integer)) and not isinstance(value, (bool, np.bool_)):
        value = (int(value),)
    try:
        if isinstance(value, (str, bytes, float, bool)) or any(
                not isinstance(v, (int, np.integer)) or isinstance(v, (bool, np.bool_)) for v in value):
            raise TypeError(value)
        value = tuple(int(v) for v in value)
    except TypeError as err:
        raise ValidationError(owner, "geometry", f"Value must be an int or a tuple of ints (got {value!r})") from err
    if not value or min(value) < 1:
        got = min(value) if value else value
        raise ValidationError(owner, "geometry", f"Value must be greater than or equal to 1 (got {got})")
    return value


class Population(AttributeAccess):
    """A group of identical neurons.

    Parameters
    ----------
    geometry : int or tuple of int
        Number of neurons, or the shape of a 2D/3D grid.
    neuron : Neuron or built-in Neuron class
    name : str, optional
        Unique name used by ``get_population``; defaults to ``pop<id>``.
    stop_condition : str, optional
        Condition for ``simulate_until`` (e.g. ``"r > 1.0 : any"``), parsed
        here: a mistake raises :class:`~annlab.errors.EquationError` at once.
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
        self._compiled = None
        self._extra = {}
        if _register:
            registry.default_network()._register(self)

    @property
    def stop_condition(self):
        """The ``simulate_until`` condition as given (None when there is none)."""
        return None if self._stop is None else self._stop.text

    @stop_condition.setter
    def stop_condition(self, text):
        from .stop_condition import StopCondition  # here: importing annlab does not import sympy

        self._stop = None if not text else StopCondition.parse(text, self.neuron_type.ir.attributes, self.name)

    @property
    def parsed_stop_condition(self):
        """The :class:`~annlab.core.stop_condition.StopCondition` (None when there is none)."""
        return self._stop

    # ---- values ------------------------------------------------------------
    def _locality(self, name):
        return self.neuron_type.ir.attributes[name].locality

    def initial_value(self, name):
        """The value of attribute ``name`` that compile() starts from: an array of one value per neuron
        for per-neuron attributes, a float for population-wide ones.

        Examples
        --------
        >>> from annlab import Izhikevich, Population
        >>> pop = Population(3, Izhikevich, _register=False)
        >>> pop.v = [-60.0, -65.0, -70.0]
        >>> pop.initial_value("v"), pop.initial_value("u")
        (array([-60., -65., -70.]), array([-13., -13., -13.]))
        """
        if name in self._init:
            return self._init[name]
        init = self.neuron_type.ir.attributes[name].init
        return init if self._locality(name) == "global" else np.full(self.size, init, dtype=float)

    def _coerce(self, name, value, count):
        if isinstance(value, Distribution):
            value = value.get_values(count, rng=config.python_rng())
        try:
            if value is None:
                raise TypeError("None")
            array = np.asarray(value, dtype=float)
        except (TypeError, ValueError) as err:
            raise ValidationError(self.name, name, f"Value must be a number, an array of numbers or a random "
                                  f"distribution (got {value!r})") from err
        attribute = self.neuron_type.ir.attributes.get(name)
        if attribute is not None and attribute.ctype == "int" and np.any(array != np.round(array)):
            raise ValidationError(self.name, name, f"Value must be a whole number (the attribute is declared "
                                  f"': int'; got {array[array != np.round(array)].flat[0]:g})")
        if array.ndim == 0:
            return np.full(count, float(array))
        array = array.reshape(-1)
        if array.size != count:
            raise ValidationError(self.name, name, f"Value must have {count} elements or be a single "
                                  f"number (got shape {np.shape(value)})")
        return array

    def _values(self, name):
        """Current value: a float for population-wide attributes, else a flat array (a copy)."""
        if self._compiled is not None:
            value = self._compiled.read_population(self, name)
        else:
            value = self.initial_value(name)
        if self._locality(name) == "global":
            return float(value)
        return np.array(value, dtype=float).reshape(-1)

    def _get_value(self, name):
        value = self._values(name)
        return value if np.ndim(value) == 0 else value.reshape(self.geometry)

    def _set_value(self, name, value):
        self._write(name, value, None)

    def _write(self, name, value, ranks):
        """Set attribute ``name`` of the neurons ``ranks`` (None: all) to ``value``."""
        if self._locality(name) == "global":
            if ranks is not None:
                raise ValidationError(self.name, name, "is population-wide and cannot be set on a view")
            if isinstance(value, Distribution):
                value = value.get_value(config.python_rng())
            if np.ndim(value) != 0:
                raise ValidationError(self.name, name, f"is population-wide: Value must be a single "
                                      f"number (got shape {np.shape(value)})")
            new = float(value)
        elif ranks is None:
            new = self._coerce(name, value, self.size)
        else:
            new = self._values(name)
            new[ranks] = self._coerce(name, value, len(ranks))
        if self._compiled is not None:
            self._compiled.write_population(self, name, new)
        else:
            self._init[name] = new

    def sum(self, target):
        """Weighted sums of ``target`` computed in the last step (``sum(target)``; ``g_target`` if spiking).

        Zeros before compile, and for a target the neuron model does not use.
        """
        spiking = self.neuron_type.type == "spike"
        name = f"g_{target}" if spiking else f"_sum_{target}"
        if self._compiled is None or (not spiking and target not in self.neuron_type.ir.targets) or \
                (spiking and name not in self.neuron_type.ir.attributes):
            return np.zeros(self.geometry)
        return np.asarray(self._compiled.read_population(self, name), float).reshape(self.geometry)

    @property
    def rate_window(self):
        """The window (ms) of :meth:`compute_firing_rate`, or None while ``r`` is not computed from spikes."""
        return self._extra.get("rate_window")

    def compute_firing_rate(self, window):
        """From now on, ``r`` of these spiking neurons is their firing rate over a sliding window.

        As in ANNarchy 4.8: at each step, ``r`` is ``1000/window`` times the number of spikes of the
        last ``int(window/dt)`` steps, this one included (Hz); it is 0 before this is called. Can be
        called before or after compile; the history takes 8 bytes per neuron and step of the window.

        Parameters
        ----------
        window : float
            Width of the window in ms (at least ``dt``).

        Raises
        ------
        ValidationError
            For a rate-coded population (as in ANNarchy) or a window shorter than one step.

        Examples
        --------
        >>> from annlab import Network, PoissonPopulation
        >>> net = Network()
        >>> net.add(PoissonPopulation(200, rates=50.0, name="noise"))
        >>> net.compile()
        >>> pop = net.get_population("noise")
        >>> pop.compute_firing_rate(200.0)
        >>> net.simulate(1000.0)
        >>> bool(40.0 < pop.r.mean() < 60.0)
        True
        """
        if self.neuron_type.type != "spike":
            raise ValidationError(self.name, "compute_firing_rate", "The neuron is already rate-coded")
        dt = config.get("dt") if self._compiled is None else self._compiled.dt
        if not float(window) >= dt:
            raise ValidationError(self.name, "compute_firing_rate", f"The window must be at least one step "
                                  f"(dt = {dt} ms; got {window})")
        self._extra["rate_window"] = float(window)
        if self._compiled is not None:
            self._compiled.set_rate_window(self, float(window))

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
        return self._compiled is not None

    @property
    def dimension(self):
        """Number of dimensions of the geometry."""
        return len(self.geometry)

    @property
    def width(self):
        """First dimension of the geometry."""
        return self.geometry[0]

    @property
    def height(self):
        """Second dimension of the geometry (1 for 1D populations)."""
        return self.geometry[1] if len(self.geometry) > 1 else 1

    @property
    def depth(self):
        """Third dimension of the geometry (1 below 3D)."""
        return self.geometry[2] if len(self.geometry) > 2 else 1

    def rank_from_coordinates(self, coord):
        """Rank of the neuron at grid coordinates ``coord`` (C order, as in ANNarchy).

        Examples
        --------
        >>> from annlab import Population, Izhikevich, clear
        >>> clear(); Population((3, 4), Izhikevich).rank_from_coordinates((1, 2))
        6
        """
        try:
            coord = tuple(int(c) for c in np.atleast_1d(coord))
        except (TypeError, ValueError) as err:
            raise ValidationError(self.name, "coordinates", f"Coordinates must be integers (got {coord!r})") from err
        if len(coord) != len(self.geometry) or any(not 0 <= c < g for c, g in zip(coord, self.geometry)):
            raise ValidationError(self.name, "coordinates", f"{coord} is outside the geometry {self.geometry}")
        return int(np.ravel_multi_index(coord, self.geometry))

    def _check_rank(self, rank):
        if not isinstance(rank, (int, np.integer)) or not 0 <= rank < self.size:
            raise ValidationError(self.name, "rank", f"Value must be an integer between 0 and {self.size - 1} "
                                  f"(got {rank!r})")
        return int(rank)

    def coordinates_from_rank(self, rank):
        """Grid coordinates of neuron ``rank`` (a tuple)."""
        rank = self._check_rank(rank)
        return tuple(int(c) for c in np.unravel_index(rank, self.geometry))

    def normalized_coordinates_from_rank(self, rank, norm=1.0):
        """Coordinates of neuron ``rank`` mapped to ``[0, norm]`` in each dimension (0 where a dimension is 1).

        Examples
        --------
        >>> from annlab import Population, Izhikevich, clear
        >>> clear(); Population((3, 5), Izhikevich).normalized_coordinates_from_rank(7)
        (0.5, 0.5)
        """
        coord = self.coordinates_from_rank(rank)
        return tuple(norm * c / (g - 1) if g > 1 else 0.0 for c, g in zip(coord, self.geometry))

    def neuron(self, *coord):
        """The neuron of rank ``pop.neuron(rank)`` or coordinates ``pop.neuron(x, y)`` / ``pop.neuron((x, y))``.

        Returns
        -------
        IndividualNeuron
        """
        if len(coord) == 1 and isinstance(coord[0], (int, np.integer)):
            rank = coord[0]
            if rank < 0 and rank >= -self.size:
                rank += self.size
            return IndividualNeuron(self, self._check_rank(rank))
        if len(coord) == 1:
            coord = coord[0]
        return IndividualNeuron(self, self.rank_from_coordinates(coord))

    @property
    def neurons(self):
        """Each neuron of the population (an iterator of :class:`IndividualNeuron`), by rank."""
        return iter(self)

    def __iter__(self):
        return (IndividualNeuron(self, rank) for rank in range(self.size))

    def __getitem__(self, key):
        """``pop[rank]``, ``pop[i:j]``, ``pop[[ranks]]``, ``pop[mask]``: views; ``pop[x, y]``: one neuron;
        ``pop[x, i:j]`` and other slices of a multi-dimensional population: a view of that shape."""
        if isinstance(key, tuple):
            return self._slice_grid(key)
        if isinstance(key, (int, np.integer)):
            if not -self.size <= key < self.size:
                raise ValidationError(self.name, "rank", f"Value must be between 0 and {self.size - 1} (got {key})")
            return PopulationView(self, [int(key) % self.size])
        if isinstance(key, slice):
            return PopulationView(self, np.arange(self.size)[key])
        ranks = np.asarray(key)
        if ranks.dtype == bool:
            if ranks.size != self.size:
                raise ValidationError(self.name, "mask", f"A mask must have {self.size} values (got {ranks.size})")
            ranks = np.flatnonzero(ranks.reshape(-1))
        elif ranks.ndim != 1 or not np.issubdtype(ranks.dtype, np.integer):
            raise ValidationError(self.name, "ranks", f"Only one-dimensional lists or arrays of ranks can "
                                  f"address a population (got {key!r})")
        return PopulationView(self, ranks)

    def _slice_grid(self, key):
        if len(key) > len(self.geometry):
            raise ValidationError(self.name, "coordinates", f"{len(key)} indices for the geometry {self.geometry}")
        index = []
        for k, extent in zip(key, self.geometry):
            if isinstance(k, (int, np.integer)):
                if not -extent <= k < extent:
                    raise ValidationError(self.name, "coordinates", f"{tuple(key)} is outside the geometry "
                                          f"{self.geometry}")
                index.append(int(k) % extent)
            elif isinstance(k, slice):
                index.append(k)
            else:
                raise ValidationError(self.name, "coordinates", f"Coordinates must be integers or slices "
                                      f"(got {k!r})")
        if len(index) == len(self.geometry) and not any(isinstance(k, slice) for k in index):
            return self.neuron(tuple(index))
        index = [k if isinstance(k, slice) else slice(k, k + 1) for k in index]  # ints keep their dimension
        grid = np.arange(self.size).reshape(self.geometry)[tuple(index)]
        return PopulationView(self, grid.reshape(-1), geometry=grid.shape)

    def __len__(self):
        return self.size

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_compiled"] = None  # compiled state stays in its process
        return state

    def _copy(self):
        """A copy as it is now (values set before compile included), not registered anywhere."""
        new = copy.copy(self)
        object.__setattr__(new, "_population", new)
        new._init = copy.deepcopy(self._init)
        new._extra = copy.deepcopy(self._extra)
        new.id = registry.new_id()
        new._compiled = None
        return new

    def reset(self, attributes=None):
        """Back to the values the attributes had at compile time."""
        if self._compiled is not None:
            self._compiled.reset_population(self, attributes)

    def save(self, filename):
        """Save the values of the population's attributes (after compile), as :meth:`Network.save` does."""
        self._compiled_state("save()").save(filename, objects=[self])

    def load(self, filename):
        """Load values saved by :meth:`save` (or with the network); a file that does not fit raises
        :class:`~annlab.errors.StateFileError` and changes nothing."""
        self._compiled_state("load()").load(filename, objects=[self])

    def _compiled_state(self, what):
        if self._compiled is None:
            raise SimulationError(f"Population '{self.name}': {what} is only available after compile()")
        return self._compiled

    def clear(self):
        """Clear spike history and delays (same as :meth:`reset` here)."""
        self.reset()

    def __repr__(self):
        state = "compiled" if self._compiled is not None else "not compiled"
        return (f"Population(name={self.name!r}, geometry={self.geometry}, "
                f"neuron={self.neuron_type.name!r}, {state})")
