"""Views on parts of a population, and single neurons.

A :class:`PopulationView` is a set of ranks of one population (``pop[2:5]``,
``pop[:, 3]``, ``pop[[0, 4]]``); an :class:`IndividualNeuron` (``pop.neuron(3)``,
``pop[1, 2]``) is a view of one neuron whose attributes read as numbers. Both
can be recorded by a :class:`~annlab.core.monitor.Monitor`, connected by a
:class:`~annlab.core.projection.Projection` and joined with ``+`` (the sorted
union of their ranks).

Examples
--------
>>> from annlab import Population, Izhikevich, clear
>>> clear()
>>> pop = Population((3, 4), Izhikevich)
>>> pop[1, :].ranks
array([4, 5, 6, 7])
>>> (pop[:2] + pop.neuron(5)).ranks
array([0, 1, 5])
>>> pop.neuron(1, 2).rank, pop.neuron(6).v
(6, -65.0)
"""
import numpy as np

from .attribute_access import AttributeAccess
from ..errors import ValidationError


class PopulationView(AttributeAccess):
    """A subset of a population's neurons, usable wherever a population is.

    Parameters
    ----------
    population : Population
    ranks : sequence of int
        Ranks in the population, in the order the view lists them.
    geometry : tuple of int, optional
        Shape of the view (``pop[1:3, 0:2]`` has geometry ``(2, 2)``); default ``(size,)``.
    single : bool
        Build an :class:`IndividualNeuron` of the one rank given (used when networks copy views).
    """

    def __new__(cls, *args, **kwargs):
        single = kwargs.get("single", len(args) > 3 and args[3])
        return super().__new__(IndividualNeuron if single and cls is PopulationView else cls)

    def __init__(self, population, ranks, geometry=None, single=False):
        object.__setattr__(self, "_population", population)
        ranks = np.asarray(ranks, dtype=np.int64).reshape(-1)
        label = f"{population.name}[...]"
        if ranks.size == 0:
            raise ValidationError(label, "ranks", "A view must contain at least one neuron")
        if ranks.min() < 0 or ranks.max() >= population.size:
            raise ValidationError(label, "ranks", f"Ranks must be between 0 and {population.size - 1} "
                                  f"(got {ranks.min() if ranks.min() < 0 else ranks.max()})")
        geometry = (ranks.size,) if geometry is None else tuple(int(g) for g in geometry)
        if int(np.prod(geometry)) != ranks.size:
            raise ValidationError(label, "geometry", f"{geometry} does not hold {ranks.size} neurons")
        object.__setattr__(self, "_ranks", ranks)
        object.__setattr__(self, "_geometry", geometry)
        object.__setattr__(self, "_single", False)

    # ---- values --------------------------------------------------------------
    def _get_value(self, name):
        values = self._population._values(name)
        return values if np.ndim(values) == 0 else values[self._ranks]

    def _set_value(self, name, value):
        self._population._write(name, value, self._ranks)

    def sum(self, target):
        """Weighted sums of ``target`` of the view's neurons (see :meth:`Population.sum`)."""
        return np.asarray(self._population.sum(target)).reshape(-1)[self._ranks]

    # ---- structure -----------------------------------------------------------
    @property
    def population(self):
        """The population the view belongs to."""
        return self._population

    @property
    def ranks(self):
        """Ranks of the view's neurons in the population (an array)."""
        return self._ranks.copy()

    @property
    def size(self):
        return int(self._ranks.size)

    @property
    def geometry(self):
        return self._geometry

    @property
    def name(self):
        return self._population.name

    @property
    def id(self):
        return self._population.id

    @property
    def neuron_type(self):
        return self._population.neuron_type

    @property
    def initialized(self):
        return self._population.initialized

    def __len__(self):
        return self.size

    def __iter__(self):
        return (IndividualNeuron(self._population, rank) for rank in self._ranks)

    def __getitem__(self, key):
        """Neurons of the view by position in it: ``view[0]``, ``view[1:3]``."""
        if isinstance(key, (int, np.integer)):
            if not -self.size <= key < self.size:
                raise ValidationError(f"{self.name}[...]", "index", f"Value must be between 0 and "
                                      f"{self.size - 1} (got {key})")
            return PopulationView(self._population, [self._ranks[key]])
        return PopulationView(self._population, self._ranks[key])

    def rank_from_coordinates(self, coord, local=False):
        """Rank (in the population) of the neuron at ``coord``.

        ``coord`` are coordinates in the population, or with ``local=True`` in the
        view's own geometry.
        """
        if not local:
            rank = self._population.rank_from_coordinates(coord)
            if rank not in self._ranks:
                raise ValidationError(f"{self.name}[...]", "coordinates", f"{self.coordinates_from_rank(rank)} "
                                      f"is not a neuron of the view")
            return rank
        coord = tuple(int(c) for c in np.atleast_1d(coord))
        if len(coord) != len(self._geometry) or any(not 0 <= c < g for c, g in zip(coord, self._geometry)):
            raise ValidationError(f"{self.name}[...]", "coordinates", f"{coord} is outside the view's "
                                  f"geometry {self._geometry}")
        return int(self._ranks[np.ravel_multi_index(coord, self._geometry)])

    def coordinates_from_rank(self, rank, local=False):
        """Coordinates of neuron ``rank`` (a rank in the population): in the population,
        or with ``local=True`` in the view's geometry."""
        if not local:
            return self._population.coordinates_from_rank(rank)
        positions = np.flatnonzero(self._ranks == int(rank))
        if positions.size == 0:
            raise ValidationError(f"{self.name}[...]", "rank", f"{rank} is not a neuron of the view")
        return tuple(int(c) for c in np.unravel_index(int(positions[0]), self._geometry))

    def __add__(self, other):
        """The sorted union of two views (or neurons) of the same population."""
        if not isinstance(other, PopulationView) or other.population is not self._population:
            raise ValidationError("PopulationView", "+", f"Only views of the same population can be added "
                                  f"('{self.name}' and {getattr(other, 'name', repr(other))!r})")
        return PopulationView(self._population, np.union1d(self._ranks, other._ranks))

    def __repr__(self):
        shown = np.array2string(self._ranks, threshold=20)
        return f"PopulationView of {self.name} (size {self.size}, geometry {self._geometry})\n  Ranks: {shown}"


class IndividualNeuron(PopulationView):
    """One neuron of a population: ``pop.neuron(rank)``, ``pop.neuron(x, y)``, ``pop[x, y]``.

    Its attributes read and write as numbers (``pop.neuron(3).v``). Writing a
    population-wide attribute changes it for the whole population, as in ANNarchy.
    As a view of one neuron it can be recorded, connected, and added to views.

    Parameters
    ----------
    population : Population
    rank : int
    """

    def __init__(self, population, rank, geometry=None, single=True):
        rank = np.asarray(rank, dtype=np.int64).reshape(-1)
        if rank.size != 1:
            raise ValidationError(f"{population.name}.neuron", "rank", f"An individual neuron has one rank "
                                  f"(got {rank.size})")
        super().__init__(population, rank, geometry=(1,))
        object.__setattr__(self, "_single", True)

    @property
    def rank(self):
        """Rank of the neuron in its population."""
        return int(self._ranks[0])

    def _get_value(self, name):
        values = self._population._values(name)
        return float(values) if np.ndim(values) == 0 else float(values[self._ranks[0]])

    def _set_value(self, name, value):
        if self._population._locality(name) == "global":
            self._population._write(name, value, None)
        else:
            self._population._write(name, value, self._ranks)

    def __repr__(self):
        pop = self._population
        lines = [f"Neuron of the population {pop.name} with rank {self.rank} "
                 f"(coordinates {pop.coordinates_from_rank(self.rank)}).", "Parameters:"]
        lines += [f"  {name} = {self._get_value(name)}" for name in self.parameters]
        lines += ["", "Variables:"]
        lines += [f"  {name} = {self._get_value(name)}" for name in self.variables]
        return "\n".join(lines) + "\n"
