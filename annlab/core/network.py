"""Networks: independent copies of populations, projections and monitors.

Each :class:`Network` owns copies of the objects added to it, taken as they
are when added (values set before compile included; the connector recipe,
not the drawn synapses). After ``compile()`` a network has its own simulator:
its own state, random stream and recordings. The default network, which the
global functions act on, holds the original objects themselves.

Examples
--------
>>> from annlab import PoissonPopulation, Population, Izhikevich, Projection, Monitor, Network, clear
>>> clear()
>>> pop1 = PoissonPopulation(100, rates=10.0)
>>> pop2 = Population(100, Izhikevich)
>>> proj = Projection(pop1, pop2, "exc").connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop2, "spike")
>>> net = Network(everything=True)
>>> net.get(pop1).rates = 20.0
>>> float(pop1.rates[0]), float(net.get(pop1).rates[0])
(10.0, 20.0)
"""
import numpy as np

from . import config, data_connectors, net_ids, registry
from .monitor import Monitor
from .population import Population, PopulationView
from .projection import Projection
from ..errors import (IgnoredArgumentWarning, NetworkError, SimulationError, UnknownNameError, ValidationError,
                      closest_name, warn_once)


class Network:
    """A set of populations, projections and monitors simulated together.

    Parameters
    ----------
    everything : bool
        Add (copies of) every object of the default network.
    dt : float, optional
        Step in ms; defaults to ``setup(dt=...)``.
    seed : int, optional
        Seed of this network's random stream; defaults to ``setup(seed=...)``
        (None: fresh entropy, so two networks draw differently).
    precision : {'double', 'float'}, optional
        The floating-point type it simulates in (float64 or float32); defaults to
        ``setup(precision=...)``. The default network reads ``dt``, ``seed`` and
        ``precision`` when it is compiled.
    backend : {'auto', 'numba', 'numpy'}, optional
        What steps it: ``'numba'``, compiled kernels (compiled on first use of a structure, then
        cached on disk); ``'numpy'``, the NumPy stepper (vectorised Python, no compiler: starts at
        once, slower per step); ``'auto'``, the NumPy stepper until the compiled kernels, built in
        the background, are ready (the same numbers). Defaults to ``setup(backend=...)``, which is
        ``'auto'`` (or ``$ANNLAB_BACKEND``).
    """

    def __init__(self, everything=False, dt=None, seed=None, precision=None, backend=None, _default=False):
        self._is_default = _default
        self.id = 0 if _default else net_ids.register(self)  # ANNarchy's net_id
        self.dt = float(dt if dt is not None else config.get("dt"))
        if not self.dt > 0.0 or not np.isfinite(self.dt):
            raise ValidationError("Network", "dt", f"Value must be greater than 0 ms (got {dt!r})")
        if seed is None and config.get("seed") is not None and not _default:
            # Reproducible scripts, yet distinct streams for successive networks.
            seed = [config.get("seed"), registry.next_network_number()]
        self._seed = seed if seed is not None else config.get("seed")
        self.precision = precision if precision is not None else config.get("precision")
        config.check_precision("Network", self.precision)
        self.backend = backend if backend is not None else config.get("backend")
        config.check_backend("Network", self.backend)
        self.populations, self.projections, self.monitors = [], [], []
        self._copies = {}
        self._compiled = None
        self._callbacks = []
        self._snapshots = {}  # name -> state kept by store()
        #: While parallel_run runs this network with others of its structure (annlab.lockstep): the
        #: object whose simulate(net, steps, callbacks) advances them together.
        self._together = None
        if everything:
            self.add(registry.default_network().objects())

    @property
    def seed(self):
        return self._seed

    def objects(self):
        """All objects, populations first."""
        return self.populations + self.projections + self.monitors

    # ---- building --------------------------------------------------------------
    def _register(self, obj):
        """The default network keeps the originals themselves."""
        if self._compiled is not None and not isinstance(obj, Monitor):
            warn_once(f"{type(obj).__name__} '{obj.name}' was created after compile(): it is not simulated by "
                      f"the compiled network; add it to a new Network (or clear() and build again)",
                      key=("created after compile", id(self)), stacklevel=5)
        self._check_name(obj)
        self._copies[obj.id] = obj
        self._list_for(obj).append(obj)
        self._attach(obj)

    def _refuse_after_compile(self, obj):
        if self._compiled is not None and not isinstance(obj, Monitor):
            kind = type(obj).__name__
            raise NetworkError(f"Network.add(): cannot add the {kind.lower()} '{obj.name}' to a compiled network "
                               f"(only monitors can be added after compile()); add it before compile(), or "
                               f"build a new Network")

    def _attach(self, monitor):
        """A monitor added to a compiled network records from the current step on, as in ANNarchy."""
        recorded = getattr(getattr(monitor, "object", None), "population", getattr(monitor, "object", None))
        if self._compiled is not None and isinstance(monitor, Monitor) and \
                recorded._compiled is self._compiled:
            monitor._compiled = self._compiled
            self._compiled.add_monitor(monitor)

    def _list_for(self, obj):
        if isinstance(obj, Population):
            return self.populations
        if isinstance(obj, Projection):
            return self.projections
        return self.monitors

    def _check_name(self, obj):
        for other in self._list_for(obj):
            if other.name == obj.name:
                if self._is_default and other._origin != obj._origin:
                    # Re-running a notebook cell: the newer object replaces the older (ANNarchy refuses the name).
                    removed = self._forget(other)
                    warn_once(f"{type(obj).__name__} '{obj.name}' replaces the {type(other).__name__.lower()} of "
                              f"that name created before" + (f", with {removed}" if removed else "")
                              + " (re-running a cell does this; in a script, give each object its own name)",
                              key=("replaced", id(obj)), stacklevel=6)
                    return
                raise NetworkError(f"{type(self).__name__}: an object named '{obj.name}' is already there")

    def _forget(self, obj):
        self._list_for(obj).remove(obj)
        self._copies.pop(obj.id, None)
        dependants = [p for p in self.projections if p.pre.population is obj or p.post.population is obj]
        dependants += [m for m in self.monitors if getattr(m.object, "population", m.object) is obj
                       or m.object in dependants]
        removed = []
        for item in dependants:
            if item in self._list_for(item):
                self._list_for(item).remove(item)
                self._copies.pop(item.id, None)
                removed.append(f"{type(item).__name__.lower()} '{item.name}'")
        return ", ".join(removed)

    def add(self, objects):
        """Add copies of populations, projections and monitors (a list or one object).

        The list may be in any order; a projection needs both its populations
        in the network (added before or in the same call), a monitor its object.
        """
        items = objects if isinstance(objects, (list, tuple)) else [objects]
        for obj in items:
            if not isinstance(obj, (Population, Projection, Monitor)):
                raise ValidationError("Network", "add", f"Can only add populations, projections and "
                                      f"monitors (got {obj!r})")
            if obj._origin not in self._copies:
                self._refuse_after_compile(obj)
        ordered = ([o for o in items if isinstance(o, Population)] +
                   [o for o in items if isinstance(o, Projection)] +
                   [o for o in items if isinstance(o, Monitor)])
        for obj in ordered:
            if obj._origin in self._copies:
                continue
            copy = self._copy(obj)
            self._copies[obj._origin] = copy
            self._list_for(copy).append(copy)
            self._attach(copy)

    def _copy(self, obj):
        if isinstance(obj, Population):
            return obj._copy()
        if isinstance(obj, Projection):
            return obj._copy(self._mapped(obj.pre, obj), self._mapped(obj.post, obj))
        return obj._copy(self._mapped(obj.object, obj))

    def _mapped(self, end, needed_by):
        if isinstance(end, Projection):
            if end._origin not in self._copies:
                raise NetworkError(f"Network.add(): add the projection '{end.name}' before the "
                                   f"monitor '{needed_by.name}'")
            return self._copies[end._origin]
        population = end.population
        if population._origin not in self._copies:
            raise NetworkError(f"Network.add(): '{needed_by.name}' needs the population '{population.name}'; "
                               f"add it to the network first (or in the same list)")
        copy = self._copies[population._origin]
        if isinstance(end, PopulationView):
            return PopulationView(copy, end.ranks, single=end._single)
        return copy

    def blueprint(self, seed=None, with_state=True):
        """An uncompiled, independent copy ready to travel to another process.

        An uncompiled network (or ``with_state=False``) gives its recipes, as
        ``Network(everything=True)`` does: connectivity is drawn again by the
        copy. A compiled one gives its current state: the values of every
        attribute, the synapses it drew, its time and random state.
        """
        clone = Network(dt=self.dt, seed=self._seed if seed is None else seed, precision=self.precision,
                        backend=self.backend)
        clone.add(self.objects())
        clone._start_step = 0
        if self._compiled is None or not with_state:
            return clone
        compiled = self._compiled
        for original, copy in zip(self.populations, clone.populations):
            copy._init = {name: compiled.read_population(original, name) for name in original.attributes}
        for original, copy in zip(self.projections, clone.projections):
            copy.__dict__["connector"] = data_connectors.Drawn(compiled.drawn_connectivity(original))
            copy.__dict__["_init"] = {name: compiled.synapse_values(original, name)
                                      for name in original.synapse_type.ir.attributes}
        clone._start_step = compiled.step
        if seed is None:
            clone._rng_state = compiled.random_state
        return clone

    def batch(self, copies, seeds=None):
        """``copies`` compiled copies of this network, simulated together (a
        :class:`~annlab.core.network_batch.NetworkBatch`; ``batch[k]`` is copy k, a Network).

        As :meth:`blueprint`: an uncompiled network gives its recipes (connectivity drawn per
        copy), a compiled one its state. ``seeds``: one per copy; by default copy k's seed is
        this network's seed followed by k (random when the network has none).
        """
        from .network_batch import NetworkBatch

        if not isinstance(copies, (int, np.integer)) or copies < 1:
            raise ValidationError("Network.batch", "copies", f"Value must be an integer >= 1 (got {copies!r})")
        if seeds is None:
            seeds = [None if self._seed is None else [*np.ravel([self._seed]).tolist(), k] for k in range(copies)]
        elif len(seeds) != copies:
            raise ValidationError("Network.batch", "seeds", f"Value must have one seed per copy ({copies}; got "
                                  f"{len(seeds)})")
        networks = [self.blueprint(seed=seed) if seed is not None else self.blueprint() for seed in seeds]
        for net in networks:
            if net.backend == "auto":  # copies run together compiled: no NumPy start to switch from
                net.backend = "numba"
            net.compile()
        return NetworkBatch(networks)

    def __getstate__(self):
        state = dict(self.__dict__)
        state["_compiled"] = None
        state["_callbacks"] = []
        state["_snapshots"] = {}  # states of the compiled network stay in its process
        state["_together"] = None
        return state

    def get(self, obj):
        """This network's copy of a population, view, projection or monitor (or a list of them)."""
        if isinstance(obj, (list, tuple)):
            return [self.get(o) for o in obj]
        if isinstance(obj, PopulationView):
            return PopulationView(self.get(obj.population), obj.ranks, single=obj._single)
        if not isinstance(obj, (Population, Projection, Monitor)):
            raise ValidationError("Network", "get", f"Can only get populations, views, projections and "
                                  f"monitors (got {obj!r})")
        try:
            return self._copies[obj._origin]
        except KeyError:
            raise NetworkError(f"Network.get(): '{obj.name}' was not added to this network") from None

    # ---- compile and simulate ---------------------------------------------------
    def compile(self, directory=None, clean=False, silent=True, **kwargs):
        """Build the simulator: draw connectivity, allocate state, load the kernels.

        Kernels come from the on-disk cache when a network of the same
        structure was built before (in any process), so this usually compiles
        nothing.
        """
        from ..sim import Simulator  # only here: the model layer does not import numba

        if not self.populations:
            raise NetworkError("Network.compile(): the network has no population")
        if self._compiled is not None:  # as ANNarchy 4.8: the compiled state (time, values, recordings) stays
            warn_once("compile(): the network is already compiled, nothing was done (reset() goes back to time 0 "
                      "and the initial values; for other objects, build a new Network or clear() and start again)",
                      key=("compiled twice", id(self)), stacklevel=3)
            return
        if self._is_default:
            self.dt, self._seed, self.precision = config.get("dt"), config.get("seed"), config.get("precision")
            self.backend = config.get("backend")
        compiled = Simulator(self, seed=self._seed)
        compiled.step = getattr(self, "_start_step", 0)
        if getattr(self, "_rng_state", None) is not None:
            compiled.random_state = self._rng_state
        self._compiled = compiled
        for obj in self.objects():
            obj._compiled = compiled

    @property
    def compiled(self):
        return self._compiled is not None

    def fingerprint(self):
        """A hex digest of what decides the numbers this compiled network computes from now on: its
        equations (kernels), dt, time, every value and drawn synapse, and what its monitors record (not its
        random state). Sweeps key their cached results by it (:func:`annlab.sweep`).

        Examples
        --------
        >>> from annlab import Izhikevich, Network, Population, clear
        >>> clear()
        >>> pop = Population(10, Izhikevich)
        >>> a, b = Network(everything=True, seed=1), Network(everything=True, seed=2)
        >>> a.compile(); b.compile()
        >>> a.fingerprint() == b.fingerprint()
        True
        >>> b.get(pop).a = 0.03
        >>> a.fingerprint() == b.fingerprint()
        False
        """
        return self._compiled_state("fingerprint()").fingerprint()

    def _compiled_state(self, what):
        if self._compiled is None:
            raise SimulationError(f"{what}: the network is not compiled; call compile() first")
        return self._compiled

    def simulate(self, duration, measure_time=False, progress=None):
        """Simulate ``duration`` ms (``ceil(duration/dt)`` steps)."""
        steps = self._steps(duration, "simulate")
        compiled = self._compiled_state("simulate()")
        if self._together is not None:
            self._together.simulate(self, steps, self._callbacks)
        else:
            compiled.run(steps, callbacks=self._callbacks, measure_time=measure_time, progress=progress)

    def simulate_until(self, max_duration, population, operator="and", measure_time=False):
        """Simulate until the stop condition of ``population`` holds; returns the time simulated in ms."""
        steps = self._steps(max_duration, "simulate_until")
        populations = population if isinstance(population, (list, tuple)) else [population]
        populations = [self._own(p) for p in populations]
        for pop in populations:
            if not pop.stop_condition:
                raise ValidationError(pop.name, "stop_condition", "simulate_until() needs a population "
                                      "created with stop_condition=...")
        if operator not in ("and", "or"):
            raise ValidationError("simulate_until", "operator", f"Value must be 'and' or 'or' (got {operator!r})")
        compiled = self._compiled_state("simulate_until()")
        done = compiled.run(steps, callbacks=self._callbacks, stop=(populations, operator), measure_time=measure_time)
        return done * self.dt

    def _own(self, pop):
        pop = pop.population
        if self._copies.get(pop._origin) is pop:
            return pop
        return self.get(pop)

    def _steps(self, duration, what):
        try:
            duration = float(duration)
        except (TypeError, ValueError) as err:
            raise ValidationError(what, "duration", f"Value must be a number of ms (got {duration!r})") from err
        if duration < 0 or not np.isfinite(duration):
            raise ValidationError(what, "duration", f"Value must be greater than or equal to 0 (got {duration})")
        return int(np.ceil(round(duration / self.dt, 9)))

    def step(self):
        """Simulate a single step."""
        self._compiled_state("step()").run(1, callbacks=self._callbacks)

    def reset(self, populations=True, projections=False, synapses=False, monitors=True):
        """Back to the state at compile time (time 0, initial values)."""
        self._compiled_state("reset()").reset(populations, projections or synapses, monitors, synapses=synapses)

    def get_time(self):
        return self._compiled_state("get_time()").step * self.dt if self._compiled else 0.0

    def set_time(self, t, net_id=0):
        self._compiled_state("set_time()").step = int(round(t / self.dt))

    def get_current_step(self):
        return self._compiled_state("get_current_step()").step if self._compiled else 0

    def set_current_step(self, t, net_id=0):
        self._compiled_state("set_current_step()").step = int(t)

    def set_seed(self, seed, use_seed_seq=True):
        """Re-seed this network's random stream."""
        self._seed = seed
        if self._compiled is not None:
            self._compiled.set_seed(seed)

    def enable_learning(self, projections=None, period=None, offset=None):
        for proj in projections or self.projections:
            self._compiled_state("enable_learning()").set_learning(self._own_projection(proj), True)

    def disable_learning(self, projections=None):
        for proj in projections or self.projections:
            self._compiled_state("disable_learning()").set_learning(self._own_projection(proj), False)

    def _own_projection(self, proj):
        return proj if self._copies.get(proj._origin) is proj else self.get(proj)

    def get_population(self, name):
        return self._by_name(self.populations, name, "population")

    def get_projection(self, name):
        return self._by_name(self.projections, name, "projection")

    def get_monitor(self, name):
        return self._by_name(self.monitors, name, "monitor")

    def _by_name(self, items, name, kind):
        for item in items:
            if item.name == name:
                return item
        hint = closest_name(name, [i.name for i in items])
        raise UnknownNameError(f"No {kind} named '{name}'" + (f"; did you mean '{hint}'?" if hint else ""))

    def get_populations(self):
        return list(self.populations)

    def get_projections(self, post=None, pre=None, target=None, suppress_error=False):
        result = [p for p in self.projections
                  if (post is None or p.post.population is post) and (pre is None or p.pre.population is pre)
                  and (target is None or p.target == target)]
        return result

    def get_monitors(self):
        return list(self.monitors)

    def every(self, period, offset=0.0):
        """Decorator: call ``function(n)`` every ``period`` ms during simulate (n counts calls)."""
        if period <= 0:
            raise ValidationError("every", "period", f"Value must be greater than 0 (got {period})")

        def decorator(function):
            self._callbacks.append((function, self._steps(period, "every"), self._steps(offset, "every")))
            return function
        return decorator

    def remove_callback(self, function):
        """Stop calling a function registered with :meth:`every`."""
        before = len(self._callbacks)
        self._callbacks = [entry for entry in self._callbacks if entry[0] is not function]
        if len(self._callbacks) == before:
            raise UnknownNameError(f"Network.remove_callback(): {function!r} is not registered with every()")

    def save(self, filename, populations=True, projections=True):
        """Save the state of populations and projections: attributes, synapses, spike queues, time and
        random state.

        The ending of ``filename`` chooses the container: ``.npz`` (compressed), ``.gz`` (e.g.
        ``.txt.gz``), ``.mat`` (for MATLAB; cannot be loaded back), any other (``.data``) a plain
        NumPy archive. No file contains pickled Python objects.

        Examples
        --------
        >>> import os, tempfile
        >>> from annlab import Network, Population, Izhikevich
        >>> net = Network()
        >>> net.add(Population(3, Izhikevich, name="cells"))
        >>> net.compile()
        >>> net.simulate(5.0)
        >>> path = os.path.join(tempfile.mkdtemp(), "state.npz")
        >>> net.save(path)
        >>> net.simulate(5.0)
        >>> net.load(path)
        >>> net.get_time()
        5.0
        """
        self._compiled_state("save()").save(filename, populations, projections)

    def load(self, filename, populations=True, projections=True, pickle_encoding=None):
        """Load a state written by :meth:`save` (any container but ``.mat``).

        The file is checked against the network first (names, sizes, attributes, synapses inside
        the populations); a :class:`~annlab.errors.StateFileError` leaves the network unchanged.
        Synapses that differ from the file's are replaced by the file's, as in ANNarchy.
        """
        if pickle_encoding is not None:
            warn_once("Network.load(pickle_encoding=...) has no effect in annlab: its files contain no pickled "
                      "Python objects", IgnoredArgumentWarning, key=("ignored argument", "load", "pickle_encoding"))
        self._compiled_state("load()").load(filename, populations, projections)

    def store(self, name="default"):
        """Keep the state of the network in memory under ``name`` (several names per network).

        What :meth:`save` would write to a file: every attribute, the synapses, spike queues, time
        and random state; not the recordings of monitors. :meth:`restore` goes back to it, and the
        run continues exactly as it did from there.

        Examples
        --------
        >>> from annlab import Network, PoissonPopulation
        >>> net = Network()
        >>> net.add(PoissonPopulation(10, rates=20.0, name="noise"))
        >>> net.compile()
        >>> net.simulate(10.0)
        >>> net.store("warm")
        >>> net.simulate(50.0)
        >>> net.restore("warm")
        >>> net.get_time(), net.snapshots
        (10.0, ['warm'])
        """
        self._snapshots[name] = self._compiled_state("store()").snapshot()

    def restore(self, name="default"):
        """Go back to the state kept by :meth:`store` under ``name`` (it stays stored)."""
        compiled = self._compiled_state("restore()")
        if name not in self._snapshots:
            hint = closest_name(str(name), list(self._snapshots))
            raise UnknownNameError(f"Network.restore(): no state stored as {name!r}"
                                   + (f"; did you mean {hint!r}?" if hint else "")
                                   + f" (stored: {list(self._snapshots) or 'none'})")
        compiled.restore(self._snapshots[name], name)

    @property
    def snapshots(self):
        """Names of the states kept by :meth:`store`."""
        return list(self._snapshots)

    def __repr__(self):
        state = f"compiled, {self._compiled.stepping()}" if self._compiled is not None else "not compiled"
        return (f"Network({len(self.populations)} populations, {len(self.projections)} projections, "
                f"{len(self.monitors)} monitors, dt={self.dt}, {state})")

    def _repr_html_(self):
        rows = [f"<tr><td>population</td><td>{p.name}</td><td>{p.geometry}</td><td>{p.neuron_type.name}</td></tr>"
                for p in self.populations]
        rows += [f"<tr><td>projection</td><td>{p.name}</td><td>{p.pre.name} &rarr; {p.post.name} "
                 f"({p.target})</td><td>{p.synapse_type.name}</td></tr>" for p in self.projections]
        rows += [f"<tr><td>monitor</td><td>{m.name}</td><td>{getattr(m.object, 'name', '')}</td>"
                 f"<td>{', '.join(m.variables)}</td></tr>" for m in self.monitors]
        state = f"compiled, {self._compiled.stepping()}" if self._compiled is not None else "not compiled"
        return (f"<b>Network</b> (dt={self.dt} ms, {state})<table><tr><th>kind</th><th>name</th>"
                f"<th>shape / wiring</th><th>model</th></tr>{''.join(rows)}</table>")


registry.set_default_factory(lambda: Network(_default=True))
