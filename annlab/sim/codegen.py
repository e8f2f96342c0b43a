"""Generate the kernel modules of a network structure from the models' IR.

The source depends only on structure (models, kinds, connectivity storage,
which arrays exist), never on sizes or values, so copies of a network and
networks on other engines produce the same text and share the cached machine
code. The kernels of populations come from :mod:`annlab.sim.neuron_kernels`,
those of projections from :mod:`annlab.sim.synapse_kernels`; this module
puts them together with the ``run`` loop (a :class:`Program`).
"""
import functools
import hashlib
import textwrap

from . import templates
from .cache import module_name
from .source import INDENT, Block, Call, Store, fill
from .neuron_kernels import stop_condition
from .precision import DOUBLE
from .run_arguments import RunArguments
from .vector import kernels as vector_kernels

# ---- module ----------------------------------------------------------------------
class Program:
    """The kernel modules of a network: one per kernel, and the module of ``run``.

    Attributes
    ----------
    helpers : str
        Source of the module of helpers the others import.
    kernels : list of (str, str, str)
        (name in ``run``, function name in its module, module source).
    run : str
        Source of the module of ``run``, which takes the kernels as arguments (see
        :mod:`annlab.sim.kernel_pointers`).
    arguments : list of RunArray
        The arrays ``run`` takes after ``counters``, in order
        (:class:`~annlab.sim.run_arguments.RunArray`: owner, variable, dtype, place); the kernels follow
        them, one parameter each, in the order of ``kernels``.
    kernel_types : dict
        Alias -> the types of the arguments ``run`` passes to the kernel, as data
        (:meth:`~annlab.sim.run_arguments.RunArguments.argument_type`): what it is compiled for alone,
        before ``run`` (:mod:`annlab.sim.kernel_pointers`).
    vectorised : dict
        Alias -> source of the kernel's vectorised NumPy module (:mod:`annlab.sim.vector`), for the
        kernels that have one; filled only when the program is printed ``with_vector``.
    """

    def __init__(self, with_vector=False):
        self.helpers = templates.HELPERS
        self.kernels = []
        self.arguments = []
        self.kernel_types = {}
        self.with_vector = with_vector
        self.vectorised = {}

    @functools.cached_property
    def module_names(self):
        """The names of ``run``'s module and of each kernel's: what identifies the program's machine code
        (``run`` takes its kernels as arguments: its own source does not name them)."""
        return (module_name(self.run),) + tuple(module_name(source) for _alias, _function, source in self.kernels)

    def add(self, alias, function, source, vector=None):
        """Register the kernel ``function`` defined by ``source`` (a template filled in) as ``alias``;
        ``vector()`` prints its vectorised NumPy module (or returns None: the kernel has none), called only
        when the program is printed ``with_vector``."""
        structure = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.kernels.append((alias, function, _header(structure) + source))
        if self.with_vector and vector is not None:
            vectorised = vector()
            if vectorised is not None:
                self.vectorised[alias] = vectorised


def record_call(phase):
    """The call of the recording kernel in ``run``: phase 0 before the update (inputs), 1 after it."""
    return Call("_record", (f"np.int64({phase})", "step", "rec_int", "rec_idx", "rec_buf"))


def record_module(program=None):
    """Source of the recording kernel's module (the same for every network), added to ``program`` if given."""
    program = Program() if program is None else program
    program.add("_record", "record", templates.RECORD,
                vector=lambda: vector_kernels.HELPER_KERNEL.format("record"))
    return program.kernels[-1][2]


def _calls(statements):
    for statement in statements:
        if isinstance(statement, Call):
            yield statement
        elif isinstance(statement, Block):
            yield from _calls(statement.body)


def _kernel_types(program, arrays, statements):
    """Alias -> the types of the arguments ``run`` calls the kernel with (``RunArguments.argument_type``)."""
    types = {}
    for call in _calls(statements):
        argument_types = arrays.argument_types(call.arguments)
        if types.setdefault(call.function, argument_types) != argument_types:
            raise ValueError(f"run calls the kernel {call.function} with arguments of two types")
    missing = [alias for alias, _function, _source in program.kernels if alias not in types]
    if missing:
        raise ValueError(f"run does not call the kernels {missing}")
    return types


def _header(structure):
    return fill(templates.HEADER, structure=structure, helpers=module_name(templates.HELPERS),
                imports=templates.HELPER_IMPORTS)


def generate(populations, projections, stop_conditions, precision=DOUBLE, with_vector=False):
    """The kernel modules for a network (a :class:`Program`); ``with_vector``: also their vectorised NumPy
    versions (:mod:`annlab.sim.vector`).

    Parameters
    ----------
    populations, projections : list of PopulationLayout / ProjectionLayout
    stop_conditions : dict
        Population index -> :class:`~annlab.core.stop_condition.StopCondition`.
    precision : annlab.sim.precision.Precision
        The type of the float arrays (that of the layouts').
    """
    program = Program(with_vector)
    arrays = RunArguments(precision)
    propagate, update, plasticity, stop = [], [], [], []
    record_module(program)
    if any(pop.spiking and pop.computes_rate for pop in populations):
        program.add("_firing_rate", "firing_rate", templates.FIRING_RATE,
                    vector=lambda: vector_kernels.HELPER_KERNEL.format("firing_rate"))
    for pop in populations:
        k = pop.index
        state = arrays.of(pop, "S")
        program.add(f"update_pop{k}", "update", pop.kind.update_source(pop),
                    vector=lambda pop=pop: pop.kind.vector_update_source(pop))
        update.append(pop.kind.update_call(pop, arrays))
        if pop.rate_depth:  # delayed rate-coded projections read these rates later
            history = arrays.of(pop, "rate_history")
            update.append(Store(history, f"step % {history}.shape[0], :", f"{state}[{pop.row['r']}, :]"))
        if pop.spiking and pop.computes_rate:
            update.append(Call("_firing_rate", ("step",) + arrays.each(
                pop, "ring", "ring_count", "spike_history", "spike_history_count", "spike_count")
                + (f"{state}[{pop.row['r']}]", arrays.of(pop, "rate_factor"))))
        if pop.kind.equations and not pop.spiking:
            for target in pop.targets:
                propagate.append(Store(state, f"{pop.row[f'_sum_{target}']}, :", "0.0"))
        elif pop.spiking:
            for target in pop.unused_targets:
                propagate.append(Store(state, f"{pop.row[f'g_{target}']}, :", "0.0"))
    for proj in projections:
        calls = proj.kind.generate(proj, program, arrays)
        propagate += calls[0]
        plasticity += calls[1]
    for index, condition in stop_conditions.items():
        pop = populations[index]
        program.add(f"stop_pop{index}", "stop", stop_condition(pop, condition.expression, condition.mode),
                    vector=lambda pop=pop, condition=condition: vector_kernels.stop_condition(
                        pop, condition.expression, condition.mode))
        stop.append(Block(f"if counters[COUNTER_STOP_FLAGS + {index}] != 0:", [
            Call(f"stop_pop{index}", ("step", "dt") + arrays.each(pop, "S", "G"), target="hit"),
            Block("if counters[COUNTER_STOP_MODE] == STOP_ALL:", ["all_hit = all_hit and hit"]),
            Block("else:", ["any_hit = any_hit or hit"])]))
    if stop:
        mode = "counters[COUNTER_STOP_MODE]"
        stop = [Block(f"if {mode} != STOP_NONE:", ["all_hit = True", "any_hit = False"] + stop + [
            Block(f"if ({mode} == STOP_ALL and all_hit) or ({mode} == STOP_ANY and any_hit):",
                  ["counters[COUNTER_STOPPED] = 1", "return n + 1"])])]
    record = [record_call(0), record_call(1)]
    program.arguments = list(arrays.arguments)
    program.kernel_types = _kernel_types(program, arrays, propagate + update + plasticity + stop + record)
    names = [array.name for array in program.arguments] + [alias for alias, _function, _source in program.kernels]
    parameters = textwrap.wrap(", ".join(names), width=100, initial_indent=INDENT * 2,
                               subsequent_indent=INDENT * 2)  # inline: before "):"
    run = fill(templates.RUN, parameters="\n".join(parameters), propagate=propagate or ["pass"],
               record_inputs=[record[0]], update=update, plasticity=plasticity or ["pass"],
               record_values=[record[1]], stop=stop)
    structure = hashlib.sha256(run.encode()).hexdigest()[:16]
    program.run = _header(structure) + run
    return program
