"""Kernels of projections: spike propagation, post-synaptic events, rate-coded sums, synaptic equations.

Filled in from :mod:`annlab.sim.templates` with statements (:mod:`annlab.sim.source`);
see :mod:`annlab.sim.codegen` for how the kernels of a network are put together.
"""
import dataclasses

import sympy

from ..core.equations.integration import event_driven_update
from ..core.equations.ir import global_operation_symbol
from ..errors import CompilationError, closest_name
from . import templates
from .kernel_source import _Names, _assign, _bounded, _draws, _equations, _random_draw
from .source import Assign, Block, Load, Store, accesses, fill, fill_lines, reads, retarget


@dataclasses.dataclass
class _Context:
    """What the kernels of one projection share: names, array views and the loads/stores of one synapse.

    Loads and stores are statements (:mod:`annlab.sim.source`); ``local_loads`` read per-synapse
    arrays, ``pre_loads`` / ``post_loads`` the pre- and post-synaptic neurons' values, ``semi_*``
    the per-post-neuron (``: postsynaptic``) variables.
    """

    names: _Names
    views: list
    global_loads: list
    semi_loads: list
    local_loads: list
    pre_loads: list
    post_loads: list
    stores: list
    semi_stores: list

    @property
    def loads(self):
        return self.local_loads + self.pre_loads + self.post_loads

    def has_view(self, name):
        return any(view.target == name for view in self.views)


def _synapse_context(layout, rows=False, delayed_r=None, pre_attributes=None):
    """Names, views and per-synapse loads/stores of a projection (a :class:`_Context`).

    With ``rows``, per-synapse arrays are read through views of one
    presynaptic row (``_r_w = _a_w[first:last]``, index ``_s`` from 0).
    ``pre_attributes``: the pre-synaptic attributes read (default: the synapse's).
    """
    ir = layout.ir
    pre_attributes = ir.pre_attributes if pre_attributes is None else pre_attributes
    names = _Names(ir.attributes, layout.precision)
    views = [Assign(f"_a_{n}", f"_row(W, {k})") for n, k in layout.row.items()]
    views += [Assign(f"_s_{n}", f"_row(SW, {k})") for n, k in layout.semi_row.items()]
    owner_loads = []
    for owner, attributes, end in (("pre", pre_attributes, layout.pre), ("post", ir.post_attributes, layout.post)):
        for attr in sorted(attributes):
            if attr in end.entry:  # population-wide: one value for the whole kernel call
                owner_loads.append(Load(f"_{owner}_{attr}", f"{owner}_G", end.entry[attr]))
                continue
            summed = attr[5:] if attr.startswith("_sum_") else None  # pre.sum(exc) in the IR: _sum_exc
            if summed is not None and end.input_row(summed) is None:
                raise CompilationError(
                    f"Projection '{layout.projection.name}': '{owner}.sum({summed})': population "
                    f"'{end.population.name}' receives no input of target '{summed}'")
            if attr not in end.row:
                hint = closest_name(attr, [n for n in end.row if not n.startswith("_")])
                synapse = layout.projection.synapse_type
                raise CompilationError(
                    f"Projection '{layout.projection.name}': '{owner}.{attr}' is not a per-neuron attribute of "
                    f"population '{end.population.name}'" + (f"; did you mean '{owner}.{hint}'?" if hint else "")
                    + f" (synapse '{synapse.name}' defined at {synapse.created_at})")
            if owner == "pre" and attr == "r" and delayed_r == "per_synapse":
                continue  # read per synapse from the history of rates (see rate_propagation)
            if owner == "pre" and attr == "r" and delayed_r == "uniform":
                views.append(Assign("_a_pre_r", "_row(r_history, (step - delay[0]) % r_history.shape[0])"))
                continue
            row = end.input_row(summed) if summed is not None else end.row[attr]
            views.append(Assign(f"_a_{owner}_{attr}", f"_row({owner}_S, {row})"))
    for owner, operations, end in (("pre", ir.pre_global_operations, layout.pre),
                                   ("post", ir.post_global_operations, layout.post)):
        for operation, variable in operations:  # computed by the population's update (see its layout)
            entry = end.entry[end.global_operation_name(operation, variable)]
            owner_loads.append(Load(global_operation_symbol(operation, variable, owner), f"{owner}_G", entry))
    local = "_r_{}" if rows else "_a_{}"
    pre_loads = []
    for a in sorted(pre_attributes):
        if a in layout.pre.entry:
            continue
        if a == "r" and delayed_r == "per_synapse":
            pre_loads.append(Load("_pre_r", "r_history", "(step - delay[_s]) % r_history.shape[0], _i"))
        else:
            pre_loads.append(Load(f"_pre_{a}", f"_a_pre_{a}", "_i"))
    written = ir.written
    return _Context(
        names=names, views=views,
        global_loads=[Load(f"{n}_", "GW", k) for n, k in layout.entry.items()] + owner_loads,
        semi_loads=[Load(f"{n}_", f"_s_{n}", "_j") for n in layout.semi],
        local_loads=[Load(f"{n}_", local.format(n), "_s") for n in layout.local],
        pre_loads=pre_loads,
        post_loads=[Load(f"_post_{a}", f"_a_post_{a}", "_j") for a in sorted(ir.post_attributes)
                    if a not in layout.post.entry],
        stores=[Store(local.format(n), "_s", f"{n}_") for n in layout.local if n in written],
        semi_stores=[Store(f"_s_{n}", "_j", f"{n}_") for n in layout.semi if n in written])


def _event_code(layout, statements, names, reference, section, events="last_event"):
    """Body of a pre- or post-synaptic event for one synapse ``_s`` (``events``: its last-event array)."""
    ir = layout.ir
    lines = _section_draws(ir, section, names)
    decays = []
    elapsed = sympy.Symbol("_elapsed")
    for name, (intercept, slope) in ir.event_driven.items():
        decays.append(_assign(names.get(name), event_driven_update(name, intercept, slope, elapsed), names))
    if decays:
        decays.insert(0, Assign("_elapsed", layout.precision.cast(f"dt * ({reference} - {events}[_s])"),
                                frozenset({"dt", "step", events, "_s"})))
    plastic = [u for u in statements if u.target != "g_target"]
    for update in statements:
        code = [_assign(names.get(update.target), update.expr, names)]
        code += _bounded(ir.attributes[update.target], names) if update.target in ir.attributes else []
        lines += [Block("if plastic:", code)] if update in plastic else code
    if decays:
        lines = [Block("if plastic:", decays + [Store(events, "_s", "step")])] + lines
    return lines


def spike_propagation(layout):
    """``propagate_proj<k>``: each spike due now runs through the contiguous row of its synapses.

    A row made of runs of consecutive post ranks (all-to-all, dense
    connectivity) goes run by run, with the post-synaptic arrays viewed from
    the run's first post rank: no indirection, so the loop is vectorised.
    """
    ir = layout.ir
    context = _synapse_context(layout, rows=True)
    names, views = context.names, context.views
    target = f"g_{layout.projection.target}"
    statements = ir.pre_spike
    post_targets = sorted(u.target for u in statements if u.target.startswith("_post_"))  # IR names of post.x
    views.append(Assign("_a_g_target", f"_row(post_S, {layout.post.row[target]})"))
    for name in post_targets:
        attr = name[len("_post_"):]
        if attr not in layout.post.row:
            raise CompilationError(f"Projection '{layout.projection.name}': the synapse '{layout.ir.name}' writes "
                                   f"'post.{attr}', which is population-wide in '{layout.post.population.name}': "
                                   f"only per-neuron attributes can be changed by a spike "
                                   f"(synapse defined at {layout.projection.synapse_type.created_at})")
        if not context.has_view(f"_a_post_{attr}"):
            views.append(Assign(f"_a_post_{attr}", f"_row(post_S, {layout.post.row[attr]})"))
    event = _event_code(layout, statements, names, "(step - 1)", "pre_spike", events="_r_last_event")
    loaded = {load.target for load in context.loads}
    post_loads = [Load(n, f"_a_post_{n[len('_post_'):]}", "_j") for n in post_targets if n not in loaded]

    def loops(synapse_loads):
        body = context.semi_loads + synapse_loads + post_loads + [Load("_g_target", "_a_g_target", "_j")] + event
        body += [Store("_a_g_target", "_j", "_g_target")]
        body += [Store(f"_a_post_{n[len('_post_'):]}", "_j", n) for n in post_targets]
        return _row_parts(layout, body + context.stores + context.semi_stores)

    parts = loops(context.loads)
    rng = ", rng" if uses_rng(ir, "pre_spike") else ""
    if not layout.uniform_delay:
        return fill(templates.DELAYED_SPIKE_PROPAGATION, name=layout.ir.name, rng=rng, clock=layout.precision.clock(),
                    global_loads=context.global_loads, views=views, **parts)
    shared = []
    weight_load = Load("w_", "_r_w", "_s")
    if weight_load in context.loads and "w" not in ir.written:  # the same loops, w_ set once before them
        others = [load for load in context.loads if load != weight_load]
        shared = fill_lines(templates.SHARED_WEIGHT, loops=_row_loops(**loops(others)))
    return fill(templates.SPIKE_PROPAGATION, name=layout.ir.name, rng=rng, clock=layout.precision.clock(),
                global_loads=context.global_loads,
                views=views, shared=shared, loops=_row_loops(**parts))


def _row_parts(layout, body):
    """The code around the per-synapse ``body``: views of the per-synapse arrays it uses, one presynaptic
    row (or run of consecutive post ranks) at a time, their prefetch, and the body of a run."""
    used = reads(body) | {array for array, _ in accesses(body)}
    rows = [(n, f"_a_{n}") for n in layout.local if f"_r_{n}" in used]  # (name in the row, whole array)
    if "_r_last_event" in used:
        rows.append(("last_event", "last_event"))
    row_views = [Assign(f"_r_{name}", f"_view({array}, first, last)") for name, array in [("post_rank", "post_rank")]
                 + rows]
    prefetch = [f"_prefetch_rows({array}, pre_ptr[ahead], pre_ptr[ahead + 1])"
                for array in ["post_rank"] + [array for _, array in rows]]
    # runs: per-post arrays (indexed by _j) viewed from the run's first post rank j0
    post_arrays = sorted({array for array, index in accesses(body) if index == "_j"})
    run_body = retarget(body, set(post_arrays), "_j", "_run", "_s")
    if "_j" in reads(run_body):
        run_body.insert(0, Assign("_j", "j0 + _s", frozenset({"j0", "_s"})))
    run_views = [Assign(f"_r_{name}", f"_view({array}, start, stop)") for name, array in rows]
    run_views += [Assign(f"{array}_run", f"_view({array}, j0, j0 + stop - start)") for array in post_arrays]
    row = row_views + [Block("for _s in range(last - first):", [Load("_j", "_r_post_rank", "_s")] + body)]
    return dict(run_views=run_views, run_body=run_body, prefetch=prefetch, row=row)


def _row_loops(run_views, run_body, prefetch, row):
    """Lines of :data:`templates.ROW_LOOPS` (indented from 0) for the given per-synapse code."""
    return fill_lines(templates.ROW_LOOPS, run_views=run_views, run_body=run_body, prefetch=prefetch, row=row)


def post_events(layout):
    context = _synapse_context(layout)
    body = _event_code(layout, layout.ir.post_spike, context.names, "step", "post_spike")
    body = context.semi_loads + context.loads + body + context.stores + context.semi_stores
    return fill(templates.POST_EVENTS, name=layout.ir.name, clock=layout.precision.clock(),
                rng=", rng" if uses_rng(layout.ir, "post_spike") else "",
                global_loads=context.global_loads, views=context.views, body=body)


def _delayed_r(layout):
    """How ``pre.r`` is read with the projection's delays: None (this step's), 'uniform' or 'per_synapse'
    (from the pre-synaptic population's history of rates, ``r_history``)."""
    if not layout.delayed_rates:
        return None
    ir = layout.ir
    others = sorted(a for a in ir.pre_attributes if a != "r" and a not in layout.pre.entry)
    if others:
        raise CompilationError(f"Projection '{layout.projection.name}': with delays, a rate-coded synapse can "
                               f"read only the delayed 'pre.r' per pre-synaptic neuron (synapse '{ir.name}' also "
                               f"reads {', '.join('pre.' + a for a in others)})")
    return "uniform" if layout.uniform_delay else "per_synapse"


def rate_propagation(layout):
    ir = layout.ir
    psp = ir.psp if ir.psp is not None else sympy.Symbol("w") * sympy.Symbol("_pre_r")
    pre_attributes = set(ir.pre_attributes)
    if sympy.Symbol("_pre_r") in psp.free_symbols:  # the default psp reads pre.r: a rate-coded synapse only
        pre_attributes.add("r")
    delayed = _delayed_r(layout)
    context = _synapse_context(layout, delayed_r=delayed, pre_attributes=pre_attributes)
    names = context.names
    operation = ir.operation
    zero = layout.precision.literal(0.0)
    initial = {"sum": zero, "mean": zero, "max": layout.precision.cast("-np.inf"),
               "min": layout.precision.cast("np.inf")}[operation]
    accumulate = {"sum": "acc += _psp", "mean": "acc += _psp", "max": "acc = max(acc, _psp)",
                  "min": "acc = min(acc, _psp)"}[operation]
    empty = Block("if last == first:", [f"acc = {zero}"])
    finish = {"sum": [], "mean": [Block("if last > first:", ["acc = acc / (last - first)"])], "max": [empty],
              "min": [empty]}
    body = context.semi_loads + context.loads + _section_draws(ir, "psp", names)
    body += [_assign("_psp", psp, names), accumulate]
    return fill(
        templates.RATE_PROPAGATION, name=layout.ir.name, operation=operation, clock=layout.precision.clock(),
        rng=", rng" if uses_rng(ir, "psp") else "", global_loads=context.global_loads, views=context.views,
        sum_row=layout.post.row[("g_" if layout.post.spiking else "_sum_") + layout.projection.target],
        initial=initial, delay_args=", r_history, delay" if delayed else "",
        delay_doc=(" pre.r is the rate of ``delay`` steps ago (``r_history``: the rates after each of the last "
                   "steps, the row of step k at k % depth).") if delayed else "",
        body=body, finish=finish[operation])


def uses_rng(ir, section):
    """Whether the kernel of ``section`` (equations, psp, pre_spike, post_spike) draws random numbers."""
    return any(draw.section == section for draw in ir.randoms)


def _section_draws(ir, section, names):
    """This event's (or psp's) random numbers, drawn per synapse where they are used."""
    return [_random_draw(draw.symbol, draw, names) for draw in ir.randoms if draw.section == section]


def _check_prepost_localities(layout):
    """``pre.x`` / ``post.x`` in projection-wide equations must be population-wide in that population; in
    post-synaptic ones, ``pre.x`` must be (``post.x`` may be per neuron: one equation per post neuron)."""
    for item in layout.ir.equations:
        if item.locality == "local":
            continue
        exprs = [item.expr] if hasattr(item, "expr") else [e for _, e in item.steps]
        for symbol in sorted(set().union(*(e.free_symbols for e in exprs)), key=str):
            for owner, end in (("pre", layout.pre), ("post", layout.post)):
                prefix = f"_{owner}_"
                name = symbol.name
                if not name.startswith(prefix) or name.startswith(prefix + "_") or name[len(prefix):] in end.entry:
                    continue
                if owner == "post" and item.locality == "semiglobal":
                    continue
                kind = "projection" if item.locality == "global" else "postsynaptic"
                raise CompilationError(
                    f"Projection '{layout.projection.name}': a ': {kind}' equation of synapse '{layout.ir.name}' "
                    f"reads '{owner}.{name[len(prefix):]}', which has a value per neuron of population "
                    f"'{end.population.name}' (synapse defined at {layout.projection.synapse_type.created_at})")


def synapse_equations(layout):
    """``plasticity_proj<k>``: the continuous synaptic equations, in ANNarchy's order: projection-wide ones
    (``: projection``) once, then per post-synaptic neuron (``: postsynaptic``), then per synapse; random
    numbers of each are drawn where they are used, a fresh one per projection, post neuron or synapse."""
    ir = layout.ir
    _check_prepost_localities(layout)
    context = _synapse_context(layout)
    names = context.names
    global_items = [e for e in ir.equations if e.locality == "global"]
    semi_items = [e for e in ir.equations if e.locality == "semiglobal"]
    local_items = [e for e in ir.equations if e.locality == "local"]
    written = ir.written
    global_code = _draws(ir.randoms, "global", names) + _equations(global_items, ir, names)
    global_code += [Store("GW", layout.entry[n], f"{n}_") for n in layout.glob if n in written]
    semi_code = _draws(ir.randoms, "semiglobal", names) + _equations(semi_items, ir, names)
    semi_body = context.semi_loads + context.post_loads + semi_code + context.semi_stores if semi_code else []
    body = context.semi_loads + context.loads + _draws(ir.randoms, "local", names)
    body += _equations(local_items, ir, names) + context.stores
    return fill(
        templates.SYNAPSE_EQUATIONS, name=layout.ir.name, clock=layout.precision.clock(),
        global_loads=context.global_loads,
        global_code=global_code, rng=", rng" if uses_rng(ir, "equations") else "", views=context.views,
        semi_loop=[Block("for _j in range(post_ptr.shape[0] - 1):", semi_body)] if semi_body else [],
        body=body)
