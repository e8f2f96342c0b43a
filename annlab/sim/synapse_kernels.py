"""Kernels of projections: spike propagation, post-synaptic events, rate-coded sums, synaptic equations.

Filled in from :mod:`annlab.sim.templates`; see :mod:`annlab.sim.codegen` for
how the kernels of a network are put together.
"""
import re

import sympy

from ..core.equations.integration import event_driven_update
from ..core.equations.ir import global_operation_symbol
from ..errors import CompilationError, closest_name
from . import templates
from .kernel_source import _EMPTY, _I, _Names, _bounded, _code, _draws, _equations, _indent, _random_call

def _synapse_context(layout, rows=False, delayed_r=None):
    """Names, views and per-synapse loads/stores of a projection.

    With ``rows``, per-synapse arrays are read through views of one
    presynaptic row (``_r_w = _a_w[first:last]``, index ``_s`` from 0).
    """
    ir = layout.ir
    names = _Names(ir.attributes)
    views = [f"_a_{n} = _row(W, {k})" for n, k in layout.row.items()]
    views += [f"_s_{n} = _row(SW, {k})" for n, k in layout.semi_row.items()]
    owner_loads = []
    for owner, attributes, end in (("pre", ir.pre_attributes, layout.pre), ("post", ir.post_attributes, layout.post)):
        for attr in sorted(attributes):
            if attr in end.entry:  # population-wide: one value for the whole kernel call
                owner_loads.append(f"_{owner}_{attr} = {owner}_G[{end.entry[attr]}]")
                continue
            if attr.startswith("_sum_") and end.input_row(attr[5:]) is None:
                raise CompilationError(
                    f"Projection '{layout.projection.name}': '{owner}.sum({attr[5:]})': population "
                    f"'{end.population.name}' receives no input of target '{attr[5:]}'")
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
                views.append("_a_pre_r = _row(r_history, (step - delay[0]) % r_history.shape[0])")
                continue
            row = end.input_row(attr[5:]) if attr.startswith("_sum_") else end.row[attr]
            views.append(f"_a_{owner}_{attr} = _row({owner}_S, {row})")
    for owner, operations, end in (("pre", ir.pre_global_operations, layout.pre),
                                   ("post", ir.post_global_operations, layout.post)):
        for operation, variable in operations:  # computed by the population's update (see its layout)
            entry = end.entry[end.global_operation_name(operation, variable)]
            owner_loads.append(f"{global_operation_symbol(operation, variable, owner)} = {owner}_G[{entry}]")
    local = "_r_{}" if rows else "_a_{}"
    global_loads = [f"{n}_ = GW[{k}]" for n, k in layout.entry.items()] + owner_loads
    semi_loads = [f"{n}_ = _s_{n}[_j]" for n in layout.semi]
    local_loads = [f"{n}_ = {local.format(n)}[_s]" for n in layout.local]
    pre_loads = [f"_pre_{a} = _a_pre_{a}[_i]" if not (a == "r" and delayed_r == "per_synapse") else
                 "_pre_r = r_history[(step - delay[_s]) % r_history.shape[0], _i]"
                 for a in sorted(ir.pre_attributes) if a not in layout.pre.entry]
    post_loads = [f"_post_{a} = _a_post_{a}[_j]" for a in sorted(ir.post_attributes) if a not in layout.post.entry]
    written = ir.written
    local_stores = [f"{local.format(n)}[_s] = {n}_" for n in layout.local if n in written]
    semi_stores = [f"_s_{n}[_j] = {n}_" for n in layout.semi if n in written]
    return names, views, global_loads, semi_loads, local_loads + pre_loads + post_loads, local_stores, semi_stores


def _event_code(layout, statements, names, reference, section, events="last_event"):
    """Body of a pre- or post-synaptic event for one synapse ``_s`` (``events``: its last-event array)."""
    ir = layout.ir
    lines = _section_draws(ir, section, names)
    decays = []
    elapsed = sympy.Symbol("_elapsed")
    for name, (intercept, slope) in ir.event_driven.items():
        decays.append(f"{names.get(name)} = {_code(event_driven_update(name, intercept, slope, elapsed), names)}")
    if decays:
        decays.insert(0, f"_elapsed = dt * ({reference} - {events}[_s])")
    transmission = [u for u in statements if u.target == "g_target"]
    plastic = [u for u in statements if u.target != "g_target"]
    for update in statements:
        code = f"{names.get(update.target)} = {_code(update.expr, names)}"
        extra = _bounded(ir.attributes[update.target], names) if update.target in ir.attributes else []
        if update in plastic:
            lines += ["if plastic:"] + [_I + c for c in [code] + extra]
        else:
            lines += [code] + extra
    if decays:
        lines = ["if plastic:"] + [_I + d for d in decays] + [_I + f"{events}[_s] = step"] + lines
    return lines, bool(transmission)


def spike_propagation(layout):
    """``propagate_proj<k>``: each spike due now runs through the contiguous row of its synapses.

    A row made of runs of consecutive post ranks (all-to-all, dense
    connectivity) goes run by run, with the post-synaptic arrays viewed from
    the run's first post rank: no indirection, so the loop is vectorised.
    """
    ir = layout.ir
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout, rows=True)
    target = f"g_{layout.projection.target}"
    statements = ir.pre_spike
    post_targets = {u.target for u in statements if u.target.startswith("_post_")}
    views.append(f"_a_g_target = _row(post_S, {layout.post.row[target]})")
    for name in post_targets:
        attr = name[len("_post_"):]
        if attr not in layout.post.row:
            raise CompilationError(f"Projection '{layout.projection.name}': the synapse '{layout.ir.name}' writes "
                                   f"'post.{attr}', which is population-wide in '{layout.post.population.name}': "
                                   f"only per-neuron attributes can be changed by a spike "
                                   f"(synapse defined at {layout.projection.synapse_type.created_at})")
        if f"_a_post_{attr}" not in "\n".join(views):
            views.append(f"_a_post_{attr} = _row(post_S, {layout.post.row[attr]})")
    event, _ = _event_code(layout, statements, names, "(step - 1)", "pre_spike", events="_r_last_event")
    post_loads = [f"{n} = _a_post_{n[len('_post_'):]}[_j]" for n in sorted(post_targets) if n + " =" not in
                  "\n".join(loads)]

    def loops(synapse_loads):
        body = semi_loads + synapse_loads + post_loads + ["_g_target = _a_g_target[_j]"] + event
        body += ["_a_g_target[_j] = _g_target"]
        body += [f"_a_post_{n[len('_post_'):]}[_j] = {n}" for n in post_targets]
        return _row_parts(layout, body + stores + semi_stores)

    parts = loops(loads)
    if not layout.uniform_delay:
        return templates.DELAYED_SPIKE_PROPAGATION.format(
            name=layout.ir.name, rng=", rng" if uses_rng(ir, "pre_spike") else "",
            global_loads=_indent(global_loads, 1), views=_indent(views, 1), row=_indent(parts["row"], 4),
            run_views=_indent(parts["run_views"], 5), run_body=_indent(parts["run_body"], 6))
    shared = _EMPTY
    weight_load = "w_ = _r_w[_s]"
    if weight_load in loads and "w" not in ir.written:  # the same loops, w_ set once before them
        shared_loops = _row_loops(**loops([line for line in loads if line != weight_load]))
        shared = _indent(templates.SHARED_WEIGHT.format(loops=_indent(shared_loops, 1)).split("\n"), 1)
    return templates.SPIKE_PROPAGATION.format(
        name=layout.ir.name, rng=", rng" if uses_rng(ir, "pre_spike") else "", global_loads=_indent(global_loads, 1),
        views=_indent(views, 1), shared=shared, loops=_indent(_row_loops(**parts), 1))


def _row_parts(layout, body):
    """The code around the per-synapse ``body``: views of the per-synapse arrays it uses, one presynaptic
    row (or run of consecutive post ranks) at a time, their prefetch, and the body of a run."""
    text = "\n".join(body)
    rows = [f"_a_{n}" for n in layout.local if f"_r_{n}[" in text]
    if "_r_last_event[" in text:
        rows.append("last_event")
    row_views = [f"_r_{name.removeprefix('_a_')} = _view({name}, first, last)" for name in ["post_rank"] + rows]
    prefetch = [f"_prefetch_rows({name}, pre_ptr[ahead], pre_ptr[ahead + 1])" for name in ["post_rank"] + rows]
    # runs: per-post arrays (indexed by _j) viewed from the run's first post rank j0
    post_arrays = sorted(set(re.findall(r"\b(_a_g_target|_a_post_\w+|_s_\w+)\[_j\]", text)))
    run_body = text
    for array in post_arrays:
        run_body = run_body.replace(f"{array}[_j]", f"{array}_run[_s]")
    run_body = run_body.split("\n")
    if re.search(r"\b_j\b", "\n".join(run_body)):
        run_body.insert(0, "_j = j0 + _s")
    run_views = [f"_r_{name.removeprefix('_a_')} = _view({name}, start, stop)" for name in rows]
    run_views += [f"{array}_run = _view({array}, j0, j0 + stop - start)" for array in post_arrays]
    row = row_views + ["for _s in range(last - first):", _I + "_j = _r_post_rank[_s]"] + [_I + line for line in body]
    return dict(run_views=run_views, run_body=run_body, prefetch=prefetch, row=row)


def _row_loops(run_views, run_body, prefetch, row):
    """Lines of :data:`templates.ROW_LOOPS` (indented from 0) for the given per-synapse code."""
    return templates.ROW_LOOPS.format(run_views=_indent(run_views, 3), run_body=_indent(run_body, 4),
                                      prefetch=_indent(prefetch, 3), row=_indent(row, 2)).split("\n")


def post_events(layout):
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout)
    body, _ = _event_code(layout, layout.ir.post_spike, names, "step", "post_spike")
    body = semi_loads + loads + body + stores + semi_stores
    return templates.POST_EVENTS.format(name=layout.ir.name, rng=", rng" if uses_rng(layout.ir, "post_spike") else "",
                                        global_loads=_indent(global_loads, 1), views=_indent(views, 1),
                                        body=_indent(body, 3))


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
    if "r" in {s.name[len("_pre_"):] for s in psp.free_symbols if s.name.startswith("_pre_")} and \
            "r" not in ir.pre_attributes:
        ir.pre_attributes.add("r")
    delayed = _delayed_r(layout)
    names, views, global_loads, semi_loads, loads, _, _ = _synapse_context(layout, delayed_r=delayed)
    operation = ir.operation
    initial = {"sum": "0.0", "mean": "0.0", "max": "-np.inf", "min": "np.inf"}[operation]
    accumulate = {"sum": "acc += _psp", "mean": "acc += _psp", "max": "acc = max(acc, _psp)",
                  "min": "acc = min(acc, _psp)"}[operation]
    finish = {"sum": [], "mean": ["if last > first:", _I + "acc = acc / (last - first)"],
              "max": ["if last == first:", _I + "acc = 0.0"], "min": ["if last == first:", _I + "acc = 0.0"]}
    body = semi_loads + loads + _section_draws(ir, "psp", names) + [f"_psp = {_code(psp, names)}", accumulate]
    return templates.RATE_PROPAGATION.format(
        name=layout.ir.name, operation=operation, rng=", rng" if uses_rng(ir, "psp") else "",
        global_loads=_indent(global_loads, 1), views=_indent(views, 1),
        sum_row=layout.post.row[("g_" if layout.post.spiking else "_sum_") + layout.projection.target],
        initial=initial, delay_args=", r_history, delay" if delayed else "",
        delay_doc=(" pre.r is the rate of ``delay`` steps ago (``r_history``: the rates after each of the last "
                   "steps, the row of step k at k % depth).") if delayed else "",
        body=_indent(body, 3), finish=_indent(finish[operation], 2))


def uses_rng(ir, section):
    """Whether the kernel of ``section`` (equations, psp, pre_spike, post_spike) draws random numbers."""
    return any(draw.section == section for draw in ir.randoms)


def _section_draws(ir, section, names):
    """This event's (or psp's) random numbers, drawn per synapse where they are used."""
    return [f"{draw.symbol} = {_random_call(draw, names)}" for draw in ir.randoms if draw.section == section]


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
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout)
    global_items = [e for e in ir.equations if e.locality == "global"]
    semi_items = [e for e in ir.equations if e.locality == "semiglobal"]
    local_items = [e for e in ir.equations if e.locality == "local"]
    written = ir.written
    global_code = _draws(ir.randoms, "global", names) + _equations(global_items, ir, names)
    global_code += [f"GW[{layout.entry[n]}] = {n}_" for n in layout.glob if n in written]
    post_loads = [line for line in loads if line.startswith("_post_")]
    semi_code = _draws(ir.randoms, "semiglobal", names) + _equations(semi_items, ir, names)
    semi_body = semi_loads + post_loads + semi_code + semi_stores if semi_code else []
    body = semi_loads + loads + _draws(ir.randoms, "local", names) + _equations(local_items, ir, names) + stores
    return templates.SYNAPSE_EQUATIONS.format(
        name=layout.ir.name, global_loads=_indent(global_loads, 1), global_code=_indent(global_code, 1),
        rng=", rng" if uses_rng(ir, "equations") else "", views=_indent(views, 1),
        semi_loop=_indent(["for _j in range(post_ptr.shape[0] - 1):"] + [_I + line for line in semi_body]
                          if semi_body else [], 1),
        body=_indent(body, 2))
