"""N copies of one network, set up per copy and simulated together (``Network.batch(N)``).

Each copy is an ordinary :class:`~annlab.core.network.Network` (``batch[k]``): its own
values, connectivity drawn with its own seed, random stream and monitors.
``batch.get(obj)`` reaches the same object in every copy: assigning a sequence of N
values gives copy k the k-th, a single value goes to all, and reading gives one value
per copy. ``batch.simulate(T)`` advances every copy by one compiled call per chunk,
over the cores, each copy exactly as it would run alone.

Examples
--------
>>> from annlab import *
>>> clear(); setup(seed=1)
>>> inputs = PoissonPopulation(100, rates=10.0)
>>> neurons = Population(100, Izhikevich)
>>> proj = Projection(inputs, neurons, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(neurons, 'spike')
>>> batch = Network(everything=True).batch(4)
>>> batch.get(inputs).rates = [0.0, 10.0, 20.0, 30.0]
>>> batch.simulate(1000.0)
>>> rates = batch.get(m).mean_fr()
>>> rates[0] == 0.0 and rates[1] < rates[2] < rates[3]
True
>>> batch[2].get_time()
1000.0
"""
import numpy as np

from ..errors import ValidationError


class NetworkBatch:
    """Copies of one network, simulated together.

    Parameters
    ----------
    networks : list of Network
        Compiled copies of one structure (see :meth:`Network.batch`).
    """

    def __init__(self, networks):
        self.networks = list(networks)
        if not self.networks:
            raise ValidationError("Network.batch", "copies", "Value must be at least 1")

    def __len__(self):
        return len(self.networks)

    def __getitem__(self, k):
        return self.networks[k]

    def __iter__(self):
        return iter(self.networks)

    def __repr__(self):
        return f"NetworkBatch({len(self)} copies of {self.networks[0]!r})"

    def get(self, obj):
        """``obj`` (a population, view, projection or monitor) in every copy, as one :class:`PerCopy`."""
        return PerCopy([net.get(obj) for net in self.networks])

    def simulate(self, duration):
        """Simulate every copy ``duration`` ms (``ceil(duration/dt)`` steps), all in one compiled call per chunk."""
        states = [net._compiled_state("NetworkBatch.simulate()") for net in self.networks]
        steps = [net._steps(duration, "simulate") for net in self.networks]
        states[0].run_together(states[1:], steps, [net._callbacks for net in self.networks])

    def get_time(self):
        """The time of each copy (ms)."""
        return np.array([net.get_time() for net in self.networks])


class PerCopy:
    """One object in every copy of a batch: attributes and calls apply to each copy.

    Reading an attribute gives one value per copy (a NumPy array when they stack, else
    a list); assigning a sequence of one value per copy gives each copy its own, any
    other value goes to every copy; calling a method calls it on each and returns the
    list of results.
    """

    def __init__(self, objects):
        object.__setattr__(self, "_objects", list(objects))

    def __len__(self):
        return len(self._objects)

    def __getitem__(self, k):
        return self._objects[k]

    def __getattr__(self, name):
        values = [getattr(obj, name) for obj in self._objects]
        if all(callable(value) for value in values):
            return _Calls(values)
        try:
            return np.array(values)
        except ValueError:  # ragged: per-dendrite lists, dicts of spikes...
            return values

    def __setattr__(self, name, value):
        objects = self._objects
        per_copy = (isinstance(value, (list, tuple, np.ndarray)) and len(value) == len(objects)
                    and np.ndim(value) >= 1)
        if per_copy and np.ndim(value) == 1 and len(objects) == getattr(objects[0], "size", None):
            raise ValidationError("NetworkBatch", name, f"{len(objects)} values for {len(objects)} copies of a "
                                  f"population of {len(objects)} neurons is ambiguous: give a list of one value (or "
                                  f"array) per copy as batch.get(obj).{name} = [[...] for each copy], or set "
                                  f"batch[k].get(obj).{name} copy by copy")
        for k, obj in enumerate(objects):
            setattr(obj, name, value[k] if per_copy else value)

    def __repr__(self):
        return f"PerCopy({len(self._objects)} x {self._objects[0]!r})"


class _Calls:
    """A method of the object of every copy: calling it calls each, returning the list of results."""

    def __init__(self, methods):
        self._methods = methods

    def __call__(self, *args, **kwargs):
        return [method(*args, **kwargs) for method in self._methods]
