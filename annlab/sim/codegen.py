"""Generate the kernel modules of a network structure from the models' IR.

The source depends only on structure (models, kinds, connectivity storage,
which arrays exist), never on sizes or values, so copies of a network and
networks on other engines produce the same text and share the cached machine
code. The kernels of populations come from :mod:`annlab.sim.neuron_kernels`,
those of projections from :mod:`annlab.sim.synapse_kernels`; this module
puts them together with the ``run`` loop (a :class:`Program`).
"""
import hashlib
import textwrap

from . import templates
from .cache import module_name
from .source import INDENT, Block, fill
from .neuron_kernels import stop_condition
from .synapse_kernels import post_events, rate_propagation, spike_propagation, synapse_equations, uses_rng

class RunArguments:
    """The arrays ``run`` takes, one parameter each, named after what they are (``pop0_S``, ``proj1_W``).

    Call sites ask for an array by its place in the slot lists and a name, and get the parameter's
    name back; each array is a parameter once, in the order first asked (``arguments``: (group of
    :meth:`~annlab.sim.layout.Slots.as_tuples`, slot, viewed as uint32)). ``run`` takes the arrays
    one by one: tuples of arrays cost compilation time growing faster than their length, and
    indexing them inside the time loop costs two atomic reference count updates per array and step.

    Examples
    --------
    >>> arrays = RunArguments()
    >>> arrays("F2", 3, "pop0_S"), arrays("I1", 5, "proj0_pre_rank", uint32=True), arrays("F2", 3, "again")
    ('pop0_S', 'proj0_pre_rank', 'pop0_S')
    >>> arrays.arguments
    [(0, 3, False), (2, 5, True)]
    """

    GROUPS = {"F2": 0, "F1": 1, "I1": 2, "I2": 3}

    def __init__(self):
        self.names = {}
        self.arguments = []

    def __call__(self, group, slot, name, uint32=False):
        key = (self.GROUPS[group], int(slot), bool(uint32))
        if key not in self.names:
            taken = set(self.names.values())
            unique = name if name not in taken else next(f"{name}_{k}" for k in range(2, 1 << 20)
                                                         if f"{name}_{k}" not in taken)
            self.names[key] = unique
            self.arguments.append(key)
        return self.names[key]


def _projection_args(layout, arrays):
    pre, post, q = layout.pre, layout.post, f"proj{layout.index}"
    return (f"{arrays('F2', layout.slot_W, f'{q}_W')}, {arrays('F2', layout.slot_SW, f'{q}_SW')}, "
            f"{arrays('F1', layout.slot_GW, f'{q}_GW')}, {arrays('F2', pre.slot_S, f'pop{pre.index}_S')}, "
            f"{arrays('F2', post.slot_S, f'pop{post.index}_S')}, {arrays('F1', pre.slot_G, f'pop{pre.index}_G')}, "
            f"{arrays('F1', post.slot_G, f'pop{post.index}_G')}")


def _rng(layout, section):
    """``, rng`` for the call of a projection's kernel whose code draws random numbers."""
    return ", rng" if uses_rng(layout.ir, section) else ""


def _index(layout, arrays, name):
    """A synapse index array of a projection: an int64 buffer of I1 viewed as uint32 (see layout.Slots)."""
    return arrays("I1", layout.slot[name], f"proj{layout.index}_{name}", uint32=True)


def _int(layout, arrays, name):
    """An int64 array of a projection's ``slot`` dict (pointers, delays, learning flag...)."""
    return arrays("I1", layout.slot[name], f"proj{layout.index}_{name}")


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
        Source of the module of ``run``, which imports the kernels from their
        modules (see :func:`annlab.sim.cache.load_program`).
    arguments : list of (int, int, bool)
        The arrays ``run`` takes after ``counters``: (group of
        :meth:`~annlab.sim.layout.Slots.as_tuples`, slot, viewed as uint32).
    """

    def __init__(self):
        self.helpers = templates.HELPERS
        self.kernels = []
        self.arguments = []

    def add(self, alias, function, source):
        """Register the kernel ``function`` defined by ``source`` (a template filled in) as ``alias``."""
        structure = hashlib.sha256(source.encode()).hexdigest()[:16]
        self.kernels.append((alias, function, _header(structure) + source))


def _header(structure):
    return fill(templates.HEADER, structure=structure, helpers=module_name(templates.HELPERS),
                imports=templates.HELPER_IMPORTS)


def generate(populations, projections, stop_conditions):
    """The kernel modules for a network (a :class:`Program`).

    Parameters
    ----------
    populations, projections : list of PopulationLayout / ProjectionLayout
    stop_conditions : dict
        Population index -> :class:`~annlab.core.stop_condition.StopCondition`.
    """
    program = Program()
    arrays = RunArguments()
    propagate, update, plasticity, stop = [], [], [], []
    program.add("_record", "record", templates.RECORD)
    if any(pop.spiking and pop.computes_rate for pop in populations):
        program.add("_firing_rate", "firing_rate", templates.FIRING_RATE)
    for pop in populations:
        k = pop.index
        state = arrays("F2", pop.slot_S, f"pop{k}_S")
        program.add(f"update_pop{k}", "update", pop.kind.update_source(pop))
        update.append(pop.kind.update_call(pop, arrays))
        if pop.rate_depth:  # delayed rate-coded projections read these rates later
            history = arrays("F2", pop.slot_rate_history, f"pop{k}_rate_history")
            update.append(f"{history}[step % {history}.shape[0], :] = {state}[{pop.row['r']}, :]")
        if pop.spiking and pop.computes_rate:
            update.append(f"_firing_rate(step, {arrays('I2', pop.slot_ring, f'pop{k}_ring')}, "
                          f"{arrays('I1', pop.slot_ring_count, f'pop{k}_ring_count')}, "
                          f"{arrays('I2', pop.slot_spike_history, f'pop{k}_spike_history')}, "
                          f"{arrays('I1', pop.slot_spike_history_count, f'pop{k}_spike_history_count')}, "
                          f"{arrays('I1', pop.slot_spike_count, f'pop{k}_spike_count')}, {state}[{pop.row['r']}], "
                          f"{arrays('F1', pop.slot_rate_factor, f'pop{k}_rate_factor')})")
        if pop.kind.equations and not pop.spiking:
            for target in pop.targets:
                propagate.append(f"{state}[{pop.row[f'_sum_{target}']}, :] = 0.0")
        elif pop.spiking:
            for target in pop.unused_targets:
                propagate.append(f"{state}[{pop.row[f'g_{target}']}, :] = 0.0")
    for proj in projections:
        q, pre, post = proj.index, proj.pre, proj.post
        common = _projection_args(proj, arrays)
        post_rank, pre_rank = _index(proj, arrays, "post_rank"), _index(proj, arrays, "pre_rank")
        if proj.spiking:
            program.add(f"propagate_proj{q}", "propagate", spike_propagation(proj))
            propagate.append(
                f"propagate_proj{q}(step, dt, {arrays('I2', pre.slot_ring, f'pop{pre.index}_ring')}, "
                f"{arrays('I1', pre.slot_ring_count, f'pop{pre.index}_ring_count')}, {post_rank}, "
                f"{_int(proj, arrays, 'pre_ptr')}, {_int(proj, arrays, 'run_ptr')}, "
                f"{arrays('I2', proj.slot_runs, f'proj{q}_runs')}, {_int(proj, arrays, 'delay')}, "
                f"{arrays('I2', proj.slot_cursors, f'proj{q}_cursors')}, {_int(proj, arrays, 'last_event')}, "
                f"{_int(proj, arrays, 'learning')}, {arrays('F1', proj.slot_shared_w, f'proj{q}_shared_w')}, "
                f"{common}{_rng(proj, 'pre_spike')})")
            if proj.ir.post_spike:
                program.add(f"post_events_proj{q}", "post_events", post_events(proj))
                plasticity.append(
                    f"post_events_proj{q}(step, dt, {arrays('I2', post.slot_ring, f'pop{post.index}_ring')}, "
                    f"{arrays('I1', post.slot_ring_count, f'pop{post.index}_ring_count')}, "
                    f"{_int(proj, arrays, 'post_ptr')}, {_index(proj, arrays, 'post_order')}, {pre_rank}, "
                    f"{_int(proj, arrays, 'last_event')}, {_int(proj, arrays, 'learning')}, {common}"
                    f"{_rng(proj, 'post_spike')})")
        else:
            program.add(f"propagate_proj{q}", "propagate", rate_propagation(proj))
            delayed = (f", {arrays('F2', pre.slot_rate_history, f'pop{pre.index}_rate_history')}, "
                       f"{_int(proj, arrays, 'delay')}") if proj.delayed_rates else ""
            propagate.append(f"propagate_proj{q}(step, dt, {_int(proj, arrays, 'post_ptr')}, {pre_rank}, {common}"
                             f"{delayed}{_rng(proj, 'psp')})")
        if proj.ir.equations:
            program.add(f"plasticity_proj{q}", "plasticity", synapse_equations(proj))
            plasticity.append(f"plasticity_proj{q}(step, dt, {_int(proj, arrays, 'post_ptr')}, {post_rank}, "
                              f"{pre_rank}, {_int(proj, arrays, 'learning')}, {common}{_rng(proj, 'equations')})")
    for index, condition in stop_conditions.items():
        pop = populations[index]
        program.add(f"stop_pop{index}", "stop", stop_condition(pop, condition.expression, condition.mode))
        stop.append(Block(f"if counters[COUNTER_STOP_FLAGS + {index}] != 0:", [
            f"hit = stop_pop{index}(step, dt, {arrays('F2', pop.slot_S, f'pop{index}_S')}, "
            f"{arrays('F1', pop.slot_G, f'pop{index}_G')})",
            Block("if counters[COUNTER_STOP_MODE] == STOP_ALL:", ["all_hit = all_hit and hit"]),
            Block("else:", ["any_hit = any_hit or hit"])]))
    if stop:
        mode = "counters[COUNTER_STOP_MODE]"
        stop = [Block(f"if {mode} != STOP_NONE:", ["all_hit = True", "any_hit = False"] + stop + [
            Block(f"if ({mode} == STOP_ALL and all_hit) or ({mode} == STOP_ANY and any_hit):",
                  ["counters[COUNTER_STOPPED] = 1", "return n + 1"])])]
    imports = [f"from {module_name(source)} import {function} as {alias}"
               for alias, function, source in program.kernels]
    program.arguments = list(arrays.arguments)
    parameters = textwrap.wrap(", ".join(arrays.names[key] for key in arrays.arguments), width=100,
                               initial_indent=INDENT * 2, subsequent_indent=INDENT * 2)  # inline: before "):"
    run = fill(templates.RUN, imports=imports, parameters="\n".join(parameters), propagate=propagate or ["pass"],
               update=update, plasticity=plasticity or ["pass"], stop=stop)
    structure = hashlib.sha256(run.encode()).hexdigest()[:16]
    program.run = _header(structure) + run
    return program
