"""Kernels of populations: the update of one step (equations, spike, reset) and stop conditions.

Filled in from :mod:`annlab.sim.templates`; see :mod:`annlab.sim.codegen` for
how the kernels of a network are put together.
"""
import sympy

from ..core.equations import Update
from . import templates
from .kernel_source import (GLOBAL_OPERATION_HELPERS, _Names, _Reciprocals, _code, _draws, _equations,
                            _random_draw, _symbols_of, _used_symbols)
from .source import Assign, Block, Load, Store, fill


def _computed_expressions(ir):
    """Every expression a step of the neuron computes (ODE steps as their method prints them)."""
    exprs = []
    for item in ir.equations + ir.reset:
        exprs += [item.expr] if isinstance(item, Update) else [expr for _, expr in item.steps]
    exprs += [expr for expr in (ir.spike, ir.refractory) if expr is not None]
    exprs += [bound for a in ir.attributes.values() for bound in (a.min, a.max) if isinstance(bound, sympy.Basic)]
    return exprs


def _gate(ir, draw):
    """A parameter that, when 0, leaves every value a step computes independent of ``draw`` (the ``noise``
    of ``noise * Normal(0, 1)``), or None. A neuron whose gate is 0 does not draw: ``R`` holds 0 instead,
    and its values are the same (``0 * x`` is 0). Parameters change only between steps (the equations
    cannot assign them), so the gate is read as the step starts.
    """
    using = [expr for expr in _computed_expressions(ir) if draw.symbol in _names(expr)]
    for name, attribute in ir.attributes.items():
        if using and attribute.kind == "parameter" and all(
                _vanishes(expr, name, draw.symbol) for expr in using):
            return name
    return None


def _names(expr):
    return {s.name for s in expr.free_symbols}


def _vanishes(expr, parameter, random):
    """``random`` drops out of ``expr`` when ``parameter`` is 0."""
    symbol = next((s for s in expr.free_symbols if s.name == parameter), None)
    return symbol is not None and random not in _names(expr.subs(symbol, 0))


def _random_draws(layout, names):
    """Loop drawing this step's random numbers of every neuron into ``R`` (row k: draw k).

    Drawing them before the update keeps the rng calls out of the loop that
    computes the equations (which can then be vectorised); the neurons draw in
    rank order, each its draws in the order of the equations. A draw whose
    :func:`_gate` parameter is 0 for a neuron is not made (``Izhikevich``'s
    ``noise = 0``): normal draws cost more than the rest of a step of a small network.
    """
    randoms = layout.local_randoms
    if not randoms:
        return []
    gates = [_gate(layout.ir, draw) for draw in randoms]
    used = {gate for gate in gates if gate is not None}
    for draw in randoms:
        for arg in draw.args:
            used |= {s.name for s in arg.free_symbols}
    loads = [Load(names.get(n), "S", f"{layout.row[n]}, i") for n in layout.local if n in used]
    draws = []
    zero = layout.precision.literal(0.0)
    for k, (draw, gate) in enumerate(zip(randoms, gates)):
        statement = _random_draw(f"R[{k}, i]", draw, names)
        if gate is not None:
            statement = Block(f"if {names.get(gate)} != {zero}:", [statement])
            draws += [statement, Block("else:", [Store("R", f"{k}, i", zero)])]
        else:
            draws.append(statement)
    return ["# random numbers of this step, drawn before the update", Block("for i in range(N):", loads + draws)]


def _needed(ir):
    """Attributes a step of the update reads or writes (bounds included): the rows it loads."""
    return _used_symbols(ir) | ir.written | {s.name for a in ir.attributes.values() for bound in (a.min, a.max)
                                             if bound is not None for s in bound.free_symbols}


def _zeroed_each_step(ir):
    """The input conductances (``g_exc``...), set to 0 after each update; constants are implicit too, but
    parameters, and keep their value."""
    return [n for n, a in ir.attributes.items() if a.implicit and a.kind == "variable"]


def _frozen_while_refractory(name):
    """The guard of ``name``'s update while refractory: conductances go on (None), the rest wait."""
    return None if name.startswith("g_") else "_active"


def _global_operations(layout):
    """Lines computing the global operations (``mean(r)``...) of the population's updated values.

    As in ANNarchy, they are computed once per step after the update: the equations of
    the next step and the synapses of this step read them.
    """
    if not layout.global_operations:
        return []
    lines = ["# global operations of the updated values (read by the next step's equations and by synapses)"]
    for operation, variable in layout.global_operations:
        entry = layout.entry[layout.global_operation_name(operation, variable)]
        lines.append(Store("G", entry, f"{GLOBAL_OPERATION_HELPERS[operation]}(_row(S, {layout.row[variable]}))"))
    return lines


def neuron_update(layout):
    """The ``update`` kernel of a population of an equation-defined neuron (its kind, a
    :class:`~annlab.sim.kinds.neuron.NeuronKind`, adds arguments and a prologue).

    Spiking populations update in two passes: a branch-free loop over blocks
    of neurons computes the equations and the spike condition (``fired``: 0/1
    per neuron, ``block_count``: spikes per block), then a loop over the blocks
    that have spikes applies the resets and fills the spike ring.
    """
    ir = layout.ir
    names = _Names(ir.attributes, layout.precision)
    global_items = [e for e in ir.equations if e.locality == "global"]
    local_items = [e for e in ir.equations if e.locality != "global"]
    global_loads = [Load(names.get(n), "G", k) for n, k in layout.entry.items()]
    global_code = _draws(ir.randoms, "global", names) + _equations(global_items, ir, names)
    written = ir.written
    global_stores = [Store("G", layout.entry[n], f"{n}_") for n in layout.glob if n in written]
    used = _used_symbols(ir)
    spiking = layout.spiking

    def view(array, row=None):  # spiking populations: the block lo:hi of a (row of an) array
        if not spiking:
            return f"{array}[{row}]" if row is not None else array
        return f"_row_view({array}, {row}, lo, hi)" if row is not None else f"_view({array}, lo, hi)"
    # only the rows the step reads or writes (a spiking model's r, say, is written by another kernel)
    needed = _needed(ir)
    loaded = [n for n in layout.local if n in needed]
    views = [Assign(f"_a_{n}", view("S", layout.row[n])) for n in loaded]
    views += [Assign(f"_rand_{k}_a", view("R", k)) for k in range(len(layout.local_randoms))]
    body = [Load(names.get(n), f"_a_{n}", "i") for n in loaded]
    body += [Load(draw.symbol, f"_rand_{k}_a", "i") for k, draw in enumerate(layout.local_randoms)]
    if "t_last" in used:
        views.append(Assign("_last", view("last_spike")))
        body.append(f"t_last = {layout.precision.cast('_last[i] * dt')}")
    refractory = spiking and ir.refractory is not None
    frozen = None
    if refractory:
        views.append(Assign("_refr", view("refr_until")))
        body.append("_active = step > _refr[i]")
        frozen = _frozen_while_refractory
    reciprocals = _Reciprocals(layout.glob + ["t", "dt"])
    body += _equations(local_items, ir, names, frozen, reciprocals)
    body += [f"{n}_ = {layout.precision.literal(0.0)}" for n in _zeroed_each_step(ir)]
    global_code += reciprocals.lines(names)
    stores = [Store(f"_a_{n}", "i", f"{n}_") for n in layout.local if n in written]
    common = dict(extra_args=layout.kind.extra_parameters, description=f"{ir.name}: one step of its equations.",
                  global_loads=global_loads, global_code=global_code, global_stores=global_stores,
                  prologue=layout.kind.prologue(layout), draws=_random_draws(layout, names), views=views,
                  global_operations=_global_operations(layout), clock=layout.precision.clock())
    if not spiking:
        return fill(templates.RATE_NEURON_UPDATE, **common, body=body + stores or ["pass"])
    condition = _code(ir.spike, names)
    one, zero = layout.precision.literal(1.0), layout.precision.literal(0.0)
    body.append(f"_spike = {one} if {'_active and ' if refractory else ''}{condition} else {zero}")
    body += [Store("_fired", "i", "_spike"), "count = _fadd(count, _spike)"]
    views.append(Assign("_fired", view("fired")))
    # second pass: the neurons that spiked
    reset = _equations(ir.reset, ir, names)
    reset_used = _symbols_of(ir.reset) | ({s.name for s in ir.refractory.free_symbols} if refractory else set())
    reset_targets = [u.target for u in ir.reset]
    reset_loads = [Load(names.get(n), "S", f"{layout.row[n]}, i") for n in layout.local]
    reset_loads += [Load(d.symbol, "R", f"{k}, i") for k, d in enumerate(layout.local_randoms)
                    if d.symbol in reset_used]
    if "t_last" in reset_used:
        reset_loads.append(f"t_last = {layout.precision.cast('last_spike[i] * dt')}")
    reset_stores = [Store("S", f"{layout.row[n]}, i", f"{n}_") for n in layout.local if n in reset_targets]
    after = ["ring[slot, n_spikes] = i", "n_spikes += 1", "last_spike[i] = step",
             Block("if recording:", ["_record_spike(record[1], step, i, spk_out, counters)"])]
    if refractory:
        after.append(f"refr_until[i] = step + _steps({_code(ir.refractory, names)}, dt)")
    return fill(templates.SPIKING_NEURON_UPDATE, **common, block=layout.block, body=body + stores, zero=zero,
                reset=reset_loads + reset + reset_stores + after)


def stop_condition(layout, condition, mode):
    ir = layout.ir
    names = _Names(ir.attributes, layout.precision)
    views = [Assign(f"_a_{n}", f"_row(S, {k})") for n, k in layout.row.items()]
    loads = [Load(names.get(n), f"_a_{n}", "i") for n in layout.local]
    any_mode = mode == "any"
    return fill(
        templates.STOP_CONDITION, name=ir.name, mode=mode, clock=layout.precision.clock(),
        global_loads=[Load(names.get(n), "G", k) for n, k in layout.entry.items()],
        views=views, loads=loads, condition=_code(condition, names),
        negate="" if any_mode else "not ", found="True" if any_mode else "False",
        not_found="False" if any_mode else "True")


# ---- projections ---------------------------------------------------------------
