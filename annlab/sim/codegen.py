"""Generate the kernel modules of a network structure from the models' IR.

The source depends only on structure (models, kinds, connectivity storage,
which arrays exist), never on sizes or values, so copies of a network and
networks on other engines produce the same text and share the cached machine
code. The kernels of populations come from :mod:`annlab.sim.neuron_kernels`,
those of projections from :mod:`annlab.sim.synapse_kernels`; this module
puts them together with the ``run`` loop (a :class:`Program`).
"""
import hashlib
import re
import textwrap

from . import templates
from .cache import module_name
from .kernel_source import _EMPTY, _I, _indent
from .neuron_kernels import population_call, population_update, stop_condition
from .synapse_kernels import post_events, rate_propagation, spike_propagation, synapse_equations, uses_rng

def _projection_args(layout):
    return (f"F2[{layout.slot_W}], F2[{layout.slot_SW}], F1[{layout.slot_GW}], "
            f"F2[{layout.pre.slot_S}], F2[{layout.post.slot_S}], F1[{layout.pre.slot_G}], F1[{layout.post.slot_G}]")


_ARRAY = re.compile(r"\b(F2|F1|I1|I2)\[(\d+)\](\.view\(np\.uint32\))?")


def _as_parameters(lines, arrays):
    """Lines with each array of the slot tuples (``I1[3].view(np.uint32)``) replaced by a parameter of
    ``run`` (``_I1_3_u32``), recorded in ``arrays`` as name -> (group, slot, uint32 view).

    ``run`` takes exactly the arrays its kernels use, one argument each: tuples of arrays
    cost compilation time growing faster than their length, and indexing them inside the
    time loop costs two atomic reference count updates per array and step.
    """
    groups = {"F2": 0, "F1": 1, "I1": 2, "I2": 3}

    def parameter(match):
        group, slot, view = match.groups()
        name = f"_{group}_{slot}" + ("_u32" if view else "")
        arrays.setdefault(name, (groups[group], int(slot), bool(view)))
        return name
    return [_ARRAY.sub(parameter, line) for line in lines]


def _rng(layout, section):
    """``, rng`` for the call of a projection's kernel whose code draws random numbers."""
    return ", rng" if uses_rng(layout.ir, section) else ""


def _uint32(slot):
    """Argument for a synapse index array: an int64 buffer of I1 viewed as uint32 (see layout.Slots)."""
    return f"I1[{slot}].view(np.uint32)"


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
        body = "\n".join(line for line in source.split("\n") if line.strip() != _EMPTY)
        structure = hashlib.sha256(body.encode()).hexdigest()[:16]
        module = _header(structure) + body
        self.kernels.append((alias, function, module))


def _header(structure):
    return templates.HEADER.format(structure=structure, helpers=module_name(templates.HELPERS))


def generate(populations, projections, stop_conditions):
    """The kernel modules for a network (a :class:`Program`).

    Parameters
    ----------
    populations, projections : list of PopulationLayout / ProjectionLayout
    stop_conditions : dict
        Population index -> (sympy condition, 'any' or 'all').
    """
    program = Program()
    propagate, update, plasticity, stop = [], [], [], []
    program.add("_record", "record", templates.RECORD)
    if any(pop.spiking and pop.computes_rate for pop in populations):
        program.add("_firing_rate", "firing_rate", templates.FIRING_RATE)
    for pop in populations:
        program.add(f"update_pop{pop.index}", "update", population_update(pop))
        update.append(population_call(pop))
        if pop.rate_depth:  # delayed rate-coded projections read these rates later
            history = f"F2[{pop.slot_rate_history}]"
            update.append(f"{history}[step % {history}.shape[0], :] = F2[{pop.slot_S}][{pop.row['r']}, :]")
        if pop.spiking and pop.computes_rate:
            update.append(f"_firing_rate(step, I2[{pop.slot_ring}], I1[{pop.slot_ring_count}], "
                          f"I2[{pop.slot_rate_history}], I1[{pop.slot_rate_history_count}], I1[{pop.slot_rate_count}], "
                          f"F2[{pop.slot_S}][{pop.row['r']}], F1[{pop.slot_rate_factor}])")
        if pop.kind == "neuron" and not pop.spiking:
            for target in pop.targets:
                propagate.append(f"F2[{pop.slot_S}][{pop.row[f'_sum_{target}']}, :] = 0.0")
        elif pop.spiking:
            for target in pop.unused_targets:
                propagate.append(f"F2[{pop.slot_S}][{pop.row[f'g_{target}']}, :] = 0.0")
    for proj in projections:
        s = proj.slot
        common = _projection_args(proj)
        post_rank, pre_rank = _uint32(s["post_rank"]), _uint32(s["pre_rank"])
        if proj.spiking:
            program.add(f"propagate_proj{proj.index}", "propagate", spike_propagation(proj))
            propagate.append(
                f"propagate_proj{proj.index}(step, dt, I2[{proj.pre.slot_ring}], I1[{proj.pre.slot_ring_count}], "
                f"{post_rank}, I1[{s['pre_ptr']}], I1[{s['run_ptr']}], I2[{proj.slot_runs}], I1[{s['delay']}], "
                f"I2[{proj.slot_cursors}], I1[{s['last_event']}], "
                f"I1[{s['learning']}], F1[{proj.slot_shared_w}], {common}{_rng(proj, 'pre_spike')})")
            if proj.ir.post_spike:
                program.add(f"post_events_proj{proj.index}", "post_events", post_events(proj))
                plasticity.append(
                    f"post_events_proj{proj.index}(step, dt, I2[{proj.post.slot_ring}], "
                    f"I1[{proj.post.slot_ring_count}], I1[{s['post_ptr']}], {_uint32(s['post_order'])}, {pre_rank}, "
                    f"I1[{s['last_event']}], I1[{s['learning']}], {common}{_rng(proj, 'post_spike')})")
        else:
            program.add(f"propagate_proj{proj.index}", "propagate", rate_propagation(proj))
            delayed = f", F2[{proj.pre.slot_rate_history}], I1[{s['delay']}]" if proj.delayed_rates else ""
            propagate.append(f"propagate_proj{proj.index}(step, dt, I1[{s['post_ptr']}], {pre_rank}, {common}"
                             f"{delayed}{_rng(proj, 'psp')})")
        if proj.ir.equations:
            program.add(f"plasticity_proj{proj.index}", "plasticity", synapse_equations(proj))
            plasticity.append(f"plasticity_proj{proj.index}(step, dt, I1[{s['post_ptr']}], {post_rank}, "
                              f"{pre_rank}, I1[{s['learning']}], {common}{_rng(proj, 'equations')})")
    for index, (condition, mode) in stop_conditions.items():
        pop = populations[index]
        program.add(f"stop_pop{index}", "stop", stop_condition(pop, condition, mode))
        stop.append(f"if counters[{8 + index}] != 0:")
        stop.append(_I + f"hit = stop_pop{index}(step, dt, F2[{pop.slot_S}], F1[{pop.slot_G}])")
        stop.append(_I + "if counters[3] == 1:")
        stop.append(_I * 2 + "all_hit = all_hit and hit")
        stop.append(_I + "else:")
        stop.append(_I * 2 + "any_hit = any_hit or hit")
    if stop:
        stop = (["if counters[3] != 0:", _I + "all_hit = True", _I + "any_hit = False"]
                + [_I + line for line in stop]
                + [_I + "if (counters[3] == 1 and all_hit) or (counters[3] == 2 and any_hit):",
                   _I * 2 + "counters[4] = 1", _I * 2 + "return n + 1"])
    imports = [f"from {module_name(source)} import {function} as {alias}"
               for alias, function, source in program.kernels]
    arrays = {}
    propagate, update, plasticity, stop = (_as_parameters(lines, arrays)
                                           for lines in (propagate, update, plasticity, stop))
    program.arguments = list(arrays.values())
    parameters = textwrap.wrap(", ".join(arrays), width=100, initial_indent=_I * 2, subsequent_indent=_I * 2)
    run = templates.RUN.format(imports="\n".join(imports), parameters="\n".join(parameters),
                               propagate=_indent(propagate or ["pass"], 2),
                               update=_indent(update, 2), plasticity=_indent(plasticity or ["pass"], 2),
                               stop=_indent(stop, 2))
    run = "\n".join(line for line in run.split("\n") if line.strip() != _EMPTY)
    structure = hashlib.sha256(run.encode()).hexdigest()[:16]
    program.run = _header(structure) + run
    return program
