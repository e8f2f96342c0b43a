"""What a compiled network offers its model objects: the one protocol between the layers.

``Network.compile()`` asks the engine for an object implementing
:class:`CompiledState` and hands it to every population, projection and
monitor of the network (their ``_compiled`` attribute). From then on those
objects read and write their values, connectivity and recordings through these
methods and nothing else; ``tests/test_engine_boundary.py`` checks that the
model layer calls no other attribute of it, and that the engine reads only the
public surface of model objects.

Model objects are passed as they are (``pop``, ``proj``, ``monitor``); values
are NumPy arrays or Python numbers; ranks are the projection's own ends'
ranks. The engine (``annlab.sim.Simulator``) is one implementation; another
backend implements the same methods.

Examples
--------
>>> from annlab.core.compiled_state import CompiledState
>>> sorted(CompiledState.members())[:4]
['add_monitor', 'connectivity', 'drawn_connectivity', 'dt']
"""
import abc


class CompiledState(abc.ABC):
    """State of one compiled network, as its model objects see it.

    Attributes
    ----------
    dt : float
        Step size in ms.
    step : int
        Current step (time is ``step * dt``); writable (``set_time``).
    random_state : dict
        State of the network's random generator (NumPy ``bit_generator.state``);
        writable, so a copy continues the same stream.
    """

    dt: float
    step: int
    random_state: dict

    @classmethod
    def members(cls):
        """Names the model layer may use: the methods below and the attributes above."""
        names = {name for name in vars(CompiledState) if not name.startswith("_") and name != "members"}
        return names | set(CompiledState.__annotations__)

    # ---- running -------------------------------------------------------------------
    @abc.abstractmethod
    def stepping(self):
        """What steps the network now, in words for people (``'compiled kernels'``, ``'NumPy stepper'``...)."""

    @abc.abstractmethod
    def run(self, n_steps, callbacks=(), stop=None, measure_time=False, progress=None):
        """Advance ``n_steps`` steps, calling ``callbacks`` (:mod:`annlab.core.callbacks`) between
        chunks; ``stop``: ``(populations, operator)`` of ``simulate_until``. Returns the steps done."""

    @abc.abstractmethod
    def structure_key(self):
        """A hashable value, equal for compiled networks that can run together (:meth:`run_together`)."""

    @abc.abstractmethod
    def fingerprint(self):
        """A hex digest of what decides the numbers this network computes from now on: kernels, dt,
        time, every array (values, drawn synapses) and what the monitors record; not its random state."""

    @abc.abstractmethod
    def run_together(self, others, n_steps, callbacks=None, errors=None):
        """Advance this network and ``others`` (of the same :meth:`structure_key`) together: network c
        (this one is 0) ``n_steps[c]`` steps with its ``callbacks[c]``, as each would alone. A network
        whose run fails stops there and the others go on: ``errors`` (a dict) receives position ->
        exception (without it, the first is raised). Returns the steps each did."""

    @abc.abstractmethod
    def reset(self, populations=True, projections=False, monitors=True, synapses=False):
        """Back to the values of compile time and step 0 (``synapses``: also the synapses drawn then)."""

    @abc.abstractmethod
    def set_seed(self, seed):
        """A new random stream from ``seed``."""

    @abc.abstractmethod
    def update_constant(self, name, value):
        """A global :class:`~annlab.core.constants.Constant` changed."""

    # ---- populations ---------------------------------------------------------------
    @abc.abstractmethod
    def read_population(self, pop, name):
        """A copy of attribute ``name``: a float for a global one, else an array of ``pop.size``."""

    @abc.abstractmethod
    def write_population(self, pop, name, value):
        """Set attribute ``name`` (a scalar or an array of ``pop.size``)."""

    @abc.abstractmethod
    def reset_population(self, pop, attributes=None):
        """Attributes (all when None) back to their values at compile time."""

    @abc.abstractmethod
    def set_rate_window(self, pop, window):
        """Spiking ``pop`` computes ``r`` over the last ``window`` ms from now on."""

    @abc.abstractmethod
    def update_inputs(self, pop):
        """An input population's schedule (rates, buffer, spike times) changed."""

    # ---- projections ---------------------------------------------------------------
    @abc.abstractmethod
    def connectivity(self, proj):
        """The synapses as a :class:`~annlab.core.connectors.Connectivity` (dendrite order)."""

    @abc.abstractmethod
    def drawn_connectivity(self, proj):
        """The synapses with the ranks of the projection's ends, current weights and delays."""

    @abc.abstractmethod
    def synapse_values(self, proj, name):
        """Attribute ``name``: one value per synapse (dendrite order), per post neuron, or a float."""

    @abc.abstractmethod
    def read_projection(self, proj, name):
        """Attribute ``name`` as ANNarchy gives it: one list per dendrite for local attributes."""

    @abc.abstractmethod
    def read_delays(self, proj):
        """Delays in ms: a float when uniform, else one list per dendrite."""

    @abc.abstractmethod
    def write_projection(self, proj, name, value):
        """Set attribute ``name`` (a scalar, per-synapse values, or a distribution)."""

    @abc.abstractmethod
    def replace_synapses(self, proj, synapses, values):
        """Structural plasticity: ``synapses`` (a Connectivity) with ``values`` per attribute."""

    @abc.abstractmethod
    def reset_projection(self, proj, attributes, synapses=False):
        """Attributes back to their values before compile (``synapses``: also the synapses)."""

    @abc.abstractmethod
    def set_learning(self, proj, enabled):
        """Switch the projection's plasticity on or off."""

    # ---- monitors ------------------------------------------------------------------
    @abc.abstractmethod
    def add_monitor(self, monitor):
        """Record a monitor created after compile, from the current step on."""

    @abc.abstractmethod
    def set_monitor_active(self, monitor, active, restart=False):
        """Pause (``active=False``) or resume recording; ``restart``: a new recording period."""

    @abc.abstractmethod
    def monitor_active(self, monitor):
        """Whether ``monitor`` records now; None when it is not (yet) one of this network's."""

    @abc.abstractmethod
    def monitor_data(self, monitor, variable):
        """What ``monitor`` recorded of ``variable`` since it was last cleared."""

    @abc.abstractmethod
    def monitor_records_since(self, monitor, variable, mark=None):
        """Records of ``variable`` after ``mark`` and the next mark (live plots)."""

    @abc.abstractmethod
    def monitor_clear(self, monitor, variables):
        """Forget what ``monitor`` recorded of ``variables``."""

    @abc.abstractmethod
    def monitor_window(self, monitor):
        """``(first step, number of steps)`` the current recordings cover."""

    @abc.abstractmethod
    def monitor_times(self, monitor):
        """``{'start': [ms...], 'stop': [ms...]}`` of the recording periods."""

    @abc.abstractmethod
    def monitor_nbytes(self, monitor):
        """Memory held by the monitor's recordings, in bytes."""

    # ---- whole state ---------------------------------------------------------------
    @abc.abstractmethod
    def save(self, filename, populations=True, projections=True, objects=None):
        """Write the state to a file (``objects``: those alone)."""

    @abc.abstractmethod
    def load(self, filename, populations=True, projections=True, objects=None):
        """Load a state written by :meth:`save`, after checking that it fits."""

    @abc.abstractmethod
    def snapshot(self):
        """The whole state in memory (copies), as :meth:`save` would write it."""

    @abc.abstractmethod
    def restore(self, snapshot, name):
        """Back to a :meth:`snapshot` (checked first, as a loaded file is)."""
