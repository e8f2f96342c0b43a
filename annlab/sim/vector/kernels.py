"""Vectorised NumPy versions of the kernels: one NumPy expression per statement, over every neuron at once.

Each generator here mirrors one of :mod:`annlab.sim.neuron_kernels` and
:mod:`annlab.sim.synapse_kernels` and prints a module defining a function of the
same name and parameters; the statements are the same ones (printed with
``_Names(vector=True)``: :class:`~annlab.sim.printer.VectorPrinter`, selects with
``np.where``), without the loop over neurons. A generator returns None where the
vectorised kernel would not compute exactly what the compiled one does (several
random draws per neuron, which the compiled kernel interleaves; post-synaptic
writes that are not sums): the NumPy stepper then runs the Numba kernel's source as
Python, slower but the same.

Examples
--------
>>> from annlab import Izhikevich, Network, Population
>>> from annlab.sim import Simulator
>>> net = Network()
>>> pop = net.add(Population(3, Izhikevich, _register=False))
>>> layout = Simulator(net).populations[0]
>>> print(neuron_update(layout).split("# 1.")[1].splitlines()[1])
    noise_ = S[0]
"""
import textwrap

import sympy

from .. import templates as numba_templates
from ..kernel_source import (_Names, _Reciprocals, _assign, _code, _draws, _equations, _random_call, _symbols,
                             _used_symbols)
from ..neuron_kernels import (_frozen_while_refractory, _gate, _global_operations, _needed, _random_draws,
                              _zeroed_each_step)
from ..source import Assign, Store, fill, reads
from ..synapse_kernels import _delayed_r, _event_code, _synapse_context, uses_rng
from . import templates

#: A kernel that is a function of the helpers module (``record``, ``firing_rate``).
HELPER_KERNEL = "from annlab.sim.vector.helpers import {0}  # noqa: F401\n"


#: What every vectorised kernel imports from :mod:`annlab.sim.vector.helpers`.
IMPORTS = textwrap.wrap(", ".join(numba_templates.HELPER_NAMES + [
    "_record_spikes", "_synapses_of", "_each", "_dendrite_sum", "_dendrite_mean", "_dendrite_max",
    "_dendrite_min"]), width=112)


def module(source):
    """A vectorised kernel's module: the header (imports of NumPy and the helpers), then ``source``."""
    return fill(templates.HEADER, imports=IMPORTS) + source


def _vector_draws(layout, names, scalar_names):
    """Statements drawing this step's random numbers of every neuron into ``R``, in the compiled kernel's
    order: one draw per neuron at once (``rng.normal(0.0, 1.0, N)``, N draws in rank order; where a gate
    parameter is 0 nothing is drawn), several per neuron (interleaved) or with per-neuron arguments
    neuron by neuron, as the compiled kernel does."""
    randoms = layout.local_randoms
    if not randoms:
        return []
    local = set(layout.local)
    per_neuron = any(s.name in local for draw in randoms for arg in draw.args for s in arg.free_symbols)
    if len(randoms) > 1 or per_neuron:
        return _random_draws(layout, scalar_names)  # the compiled kernel's loop, run as Python
    draw = randoms[0]
    gate = _gate(layout.ir, draw)
    if gate is None:
        return ["# random numbers of this step, drawn before the update (N draws: rank order)",
                Store("R", "0", _random_call(draw, names, size="N"))]
    value = f"S[{layout.row[gate]}]" if gate in layout.row else names.get(gate)
    zero = layout.precision.literal(0.0)
    return ["# random numbers of this step where the gate parameter is not 0, in rank order",
            Assign("_drawing", f"_each({value} != {zero}, N)"),
            Store("R", "0", zero),
            Store("R", "0, _drawing", _random_call(draw, names, size="int(np.count_nonzero(_drawing))"))]


def neuron_update(layout):
    """The vectorised ``update`` of a population of an equation-defined neuron (see
    :func:`annlab.sim.neuron_kernels.neuron_update`)."""
    ir = layout.ir
    names = _Names(ir.attributes, layout.precision, vector=True)
    scalar_names = _Names(ir.attributes, layout.precision)
    global_items = [e for e in ir.equations if e.locality == "global"]
    local_items = [e for e in ir.equations if e.locality != "global"]
    global_code = _draws(ir.randoms, "global", names) + _equations(global_items, ir, names)
    written = ir.written
    used = _used_symbols(ir)
    spiking = layout.spiking
    needed = _needed(ir)
    body = [Assign(names.get(n), f"S[{layout.row[n]}]") for n in layout.local if n in needed]
    body += [Assign(draw.symbol, f"R[{k}]") for k, draw in enumerate(layout.local_randoms)]
    if "t_last" in used:
        body.append(Assign("t_last", layout.precision.cast("last_spike * dt")))
    refractory = spiking and ir.refractory is not None
    frozen = None
    if refractory:
        body.append(Assign("_active", "step > refr_until"))
        frozen = _frozen_while_refractory
    reciprocals = _Reciprocals(layout.glob + ["t", "dt"])
    body += _equations(local_items, ir, names, frozen, reciprocals)
    body += [Assign(f"{n}_", layout.precision.literal(0.0)) for n in _zeroed_each_step(ir)]
    global_code += reciprocals.lines(names)
    stores = [Store("S", layout.row[n], f"{n}_") for n in layout.local if n in written]
    common = dict(extra_args=layout.kind.extra_parameters, description=f"{ir.name}: one step of its equations.",
                  global_loads=[Assign(names.get(n), f"G[{k}]") for n, k in layout.entry.items()],
                  global_code=global_code,
                  global_stores=[Store("G", layout.entry[n], f"{n}_") for n in layout.glob if n in written],
                  prologue=layout.kind.vector_prologue(layout), draws=_vector_draws(layout, names, scalar_names),
                  global_operations=_global_operations(layout), clock=layout.precision.clock())
    if not spiking:
        return module(fill(templates.RATE_NEURON_UPDATE, **common, body=body + stores))
    condition = _code(ir.spike, names)
    body.append(Assign("_spike", f"np.logical_and(_active, {condition})" if refractory else condition))
    reset = _equations(ir.reset, ir, names)
    after = []
    if refractory:
        after += [Assign("_until", f"step + _steps({_code(ir.refractory, names)}, dt)",
                         _symbols(ir.refractory, names) | {"step", "dt"}), Store("refr_until", "i", "_until")]
    read = reads(reset + after)
    targets = {u.target for u in ir.reset}
    reset_loads = [Assign(names.get(n), f"S[{layout.row[n]}, i]") for n in layout.local
                   if names.get(n) in read or n in targets]
    reset_loads += [Assign(d.symbol, f"R[{k}, i]") for k, d in enumerate(layout.local_randoms) if d.symbol in read]
    if "t_last" in read:
        reset_loads.append(Assign("t_last", layout.precision.cast("last_spike[i] * dt")))
    reset_stores = [Store("S", f"{layout.row[n]}, i", f"{n}_") for n in layout.local if n in targets]
    return module(fill(templates.SPIKING_NEURON_UPDATE, **common, body=body + stores,
                        reset=reset_loads + reset + reset_stores, refractory=after))


def stop_condition(layout, condition, mode):
    """The vectorised ``stop`` of a population (see :func:`annlab.sim.neuron_kernels.stop_condition`)."""
    ir = layout.ir
    names = _Names(ir.attributes, layout.precision, vector=True)
    used = {s.name for s in condition.free_symbols}
    return module(fill(
        templates.STOP_CONDITION, name=ir.name, mode=mode, clock=layout.precision.clock(),
        global_loads=[Assign(names.get(n), f"G[{k}]") for n, k in layout.entry.items()],
        loads=[Assign(names.get(n), f"S[{layout.row[n]}]") for n in layout.local if n in used],
        condition=_code(condition, names), reduce="any" if mode == "any" else "all"))


def _sum_updates(statements, targets):
    """Whether every statement writing one of ``targets`` (post-synaptic variables many synapses write in
    one call) adds to it, ``x = x + ...``, once, and no other statement reads it: then the increments of
    all synapses can be summed into it in their order (``np.add.at``) and give the sequential result."""
    for name in targets:
        writing = [u for u in statements if u.target == name]
        symbol = sympy.Symbol(name)
        if len(writing) != 1 or symbol in (writing[0].expr - symbol).free_symbols:
            return False
        if any(symbol in u.expr.free_symbols for u in statements if u is not writing[0]):
            return False
    return True


def spike_propagation(layout):
    """The vectorised ``propagate`` of a spiking projection (see
    :func:`annlab.sim.synapse_kernels.spike_propagation`): the synapses of every spike due now at once,
    the post-synaptic increments summed in the compiled kernel's order (spike by spike, row order).

    None with per-synapse delays, random numbers in ``pre_spike``, or post-synaptic writes that are not
    single sums (the compiled kernel then runs as Python).
    """
    ir = layout.ir
    statements = ir.pre_spike
    post_targets = sorted(u.target for u in statements if u.target.startswith("_post_"))
    targets = ["g_target"] + post_targets
    written = ir.written
    if not layout.uniform_delay or uses_rng(ir, "pre_spike") or set(layout.semi) & written or \
            f"g_{layout.projection.target}" in ir.post_attributes or \
            not _sum_updates(statements, targets) or any(
                u.target not in ir.attributes and u.target not in targets for u in statements):
        return None
    context = _synapse_context(layout)
    names = _Names(ir.attributes, layout.precision, vector=True)
    views = context.views + [Assign("_a_g_target", f"_row(post_S, {layout.post.row[f'g_{layout.projection.target}']})")]
    for name in post_targets:
        attr = name[len("_post_"):]
        if not context.has_view(f"_a_post_{attr}"):
            views.append(Assign(f"_a_post_{attr}", f"_row(post_S, {layout.post.row[attr]})"))
    event = _event_code(layout, statements, names, "(step - 1)", "pre_spike")
    increments = [Assign("_g_target", layout.precision.literal(0.0))]
    increments += [Assign(n, layout.precision.literal(0.0)) for n in post_targets]
    sums = ["np.add.at(_a_g_target, _j, _each(_g_target, _j.shape[0]))"]
    sums += [f"np.add.at(_a_post_{n[len('_post_'):]}, _j, _each({n}, _j.shape[0]))" for n in post_targets]
    body = _vector_loads(context) + increments + event + sums + context.stores
    return module(fill(templates.SPIKE_PROPAGATION, name=ir.name, clock=layout.precision.clock(),
                        global_loads=context.global_loads,
                        views=views, body=body))


def _vector_loads(context):
    """The per-synapse loads of a projection's context with index arrays (``_s``, ``_i``, ``_j``: one
    entry per synapse of the call): gathers."""
    return context.semi_loads + context.loads


def post_events(layout):
    """The vectorised ``post_events``: the synapses of every post-synaptic neuron that spiked now, at
    once (see :func:`annlab.sim.synapse_kernels.post_events`). None where ``post_spike`` draws random
    numbers or writes more than the synapses' own variables."""
    ir = layout.ir
    if uses_rng(ir, "post_spike") or any(u.target not in layout.local for u in ir.post_spike):
        return None
    context = _synapse_context(layout)
    names = _Names(ir.attributes, layout.precision, vector=True)
    body = _event_code(layout, ir.post_spike, names, "step", "post_spike")
    body = _vector_loads(context) + body + context.stores
    return module(fill(templates.POST_EVENTS, name=ir.name, clock=layout.precision.clock(),
                        global_loads=context.global_loads, views=context.views, body=body))


def rate_propagation(layout):
    """The vectorised ``propagate`` of a rate-coded projection: every synapse's ``psp`` at once, then
    each dendrite's sum in synapse order (a cumulative sum along the dendrite: sequential, as the
    compiled loop), mean, max or min. None where ``psp`` draws random numbers."""
    ir = layout.ir
    if uses_rng(ir, "psp"):
        return None
    psp = ir.psp if ir.psp is not None else sympy.Symbol("w") * sympy.Symbol("_pre_r")
    pre_attributes = set(ir.pre_attributes)
    if sympy.Symbol("_pre_r") in psp.free_symbols:
        pre_attributes.add("r")
    delayed = _delayed_r(layout)
    context = _synapse_context(layout, delayed_r=delayed, pre_attributes=pre_attributes)
    names = _Names(ir.attributes, layout.precision, vector=True)
    body = _vector_loads(context) + [_assign("_psp", psp, names)]
    return module(fill(
        templates.RATE_PROPAGATION, name=ir.name, operation=ir.operation, clock=layout.precision.clock(),
        global_loads=context.global_loads, views=context.views,
        sum_row=layout.post.row[("g_" if layout.post.spiking else "_sum_") + layout.projection.target],
        delay_args=", r_history, delay" if delayed else "", body=body))


def synapse_equations(layout):
    """The vectorised ``plasticity``: projection-wide equations once, post-synaptic ones for every post
    neuron at once, then the per-synapse ones for every synapse at once (see
    :func:`annlab.sim.synapse_kernels.synapse_equations`). None where more than one random number is
    drawn per post neuron or per synapse (the compiled loop interleaves them)."""
    ir = layout.ir
    draws = {locality: [d for d in ir.randoms if d.section == "equations" and d.locality == locality]
             for locality in ("global", "semiglobal", "local")}
    if len(draws["semiglobal"]) > 1 or len(draws["local"]) > 1:
        return None
    context = _synapse_context(layout)
    names = _Names(ir.attributes, layout.precision, vector=True)
    global_items = [e for e in ir.equations if e.locality == "global"]
    semi_items = [e for e in ir.equations if e.locality == "semiglobal"]
    local_items = [e for e in ir.equations if e.locality == "local"]
    written = ir.written
    global_code = _draws(ir.randoms, "global", names) + _equations(global_items, ir, names)
    global_code += [Store("GW", layout.entry[n], f"{n}_") for n in layout.glob if n in written]
    semi_code = [Assign(d.symbol, _random_call(d, names, size="_j.shape[0]")) for d in draws["semiglobal"]]
    semi_code += _equations(semi_items, ir, names)
    semi = []
    if semi_code:
        semi = [Assign("_j", "np.arange(post_ptr.shape[0] - 1)")] + context.semi_loads + context.post_loads
        semi += semi_code + context.semi_stores
    body = context.semi_loads + context.loads
    body += [Assign(d.symbol, _random_call(d, names, size="_s.shape[0]")) for d in draws["local"]]
    body += _equations(local_items, ir, names) + context.stores
    return module(fill(templates.SYNAPSE_EQUATIONS, name=ir.name, clock=layout.precision.clock(),
                        rng=", rng" if uses_rng(ir, "equations") else "", global_loads=context.global_loads,
                        global_code=global_code, views=context.views, semi=semi, body=body))


__all__ = ["neuron_update", "stop_condition", "spike_propagation", "post_events", "rate_propagation",
           "synapse_equations", "HELPER_KERNEL"]
