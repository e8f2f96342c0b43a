"""Generate the kernel module of a network structure from the models' IR.

The source depends only on structure (models, kinds, connectivity storage,
which arrays exist), never on sizes or values, so copies of a network and
networks on other engines produce the same text and share the cached machine
code.

In generated code a model attribute ``v`` is the scalar ``v_`` and its array
``_a_v``; temporaries of numerical methods start with ``_`` (``_d_v``), and
names without either mark belong to the kernel itself (``i``, ``step``...).
"""
import hashlib

import sympy

from ..core.equations import OdeBlock, Update
from ..core.equations.integration import event_driven_update
from ..errors import CompilationError
from . import templates
from .printer import to_code

_I = " " * 4


def _indent(lines, level):
    pad = _I * level
    return "\n".join(pad + line if line else "" for line in lines)


class _Names:
    """Symbol -> code name, for one model."""

    def __init__(self, attributes):
        self.attributes = set(attributes)

    def get(self, name, default=None):
        if name in self.attributes:
            return name + "_"
        if name == "g_target":
            return "_g_target"
        return name


def _code(expr, names):
    return to_code(expr, names)


def _bounded(attribute, names):
    lines = []
    var = attribute.name + "_"
    if attribute.min is not None:
        lines.append(f"{var} = max({var}, {_code(attribute.min, names)})")
    if attribute.max is not None:
        lines.append(f"{var} = min({var}, {_code(attribute.max, names)})")
    return lines


def _equations(items, ir, names, frozen=None):
    """Lines for updates and ODE blocks; ``frozen(target)`` gives a guard for refractoriness."""
    lines = []
    for item in items:
        if isinstance(item, Update):
            assignments = [(item.target, item.expr)]
            finals = {item.target}
        else:
            assignments = item.steps
            finals = set(item.targets)
        for name, expr in assignments:
            code = f"{names.get(name)} = {_code(expr, names)}"
            extra = _bounded(ir.attributes[name], names) if name in finals and name in ir.attributes else []
            guard = frozen(name) if (frozen and name in finals) else None
            if guard:
                lines.append(f"if {guard}:")
                lines += [_I + line for line in [code] + extra]
            else:
                lines += [code] + extra
    return lines


def _random_draws(randoms, names):
    lines = []
    for draw in randoms:
        args = [_code(a, names) for a in draw.args]
        if draw.method == "exponential":
            args = [f"1.0 / ({args[0]})"]
        if draw.method == "integers":
            args = [f"int({args[0]})", f"int({args[1]}) + 1"]
        if draw.method == "binomial":
            args = [f"int({args[0]})", args[1]]
        lines.append(f"{draw.symbol} = rng.{draw.method}({', '.join(args)})")
    return lines


def _written(ir):
    """Attributes the kernels assign: variables, and parameters changed by events
    (a synapse's automatic ``w`` stays a parameter in ANNarchy, but STDP writes it)."""
    names = {n for n, a in ir.attributes.items() if a.kind == "variable"}
    return names | {u.target for u in ir.reset + ir.pre_spike + ir.post_spike}


def _used_symbols(ir):
    names = set()
    for item in ir.equations + ir.reset + ir.pre_spike + ir.post_spike:
        exprs = [item.expr] if isinstance(item, Update) else [e for _, e in item.steps]
        for expr in exprs:
            names |= {s.name for s in expr.free_symbols}
    for expr in (ir.spike, ir.refractory, ir.psp):
        if expr is not None:
            names |= {s.name for s in expr.free_symbols}
    return names


# ---- populations -------------------------------------------------------------
def neuron_update(layout):
    """``update_pop<k>`` for a population of an equation-defined neuron."""
    ir = layout.ir
    names = _Names(ir.attributes)
    global_items = [e for e in ir.equations if e.locality == "global"]
    local_items = [e for e in ir.equations if e.locality != "global"]
    global_loads = [f"{n}_ = G[{k}]" for n, k in layout.entry.items()]
    global_code = _equations(global_items, ir, names)
    written = _written(ir)
    global_stores = [f"G[{layout.entry[n]}] = {n}_" for n in layout.glob if n in written]
    views = [f"_a_{n} = S[{k}]" for n, k in layout.row.items()]
    loads = [f"{names.get(n)} = _a_{n}[i]" for n in layout.local]
    stores = [f"_a_{n}[i] = {n}_" for n in layout.local if n in written]
    body = loads + _random_draws(ir.randoms, names)  # draws may use parameters
    if "t_last" in _used_symbols(ir):
        body.append("t_last = last_spike[i] * dt")
    refractory = layout.spiking and ir.refractory is not None
    frozen = None
    if refractory:
        body.append("_refr = step <= refr_until[i]")
        frozen = lambda name: None if name.startswith("g_") else "not _refr"  # noqa: E731
    body += _equations(local_items, ir, names, frozen)
    body += [f"{n}_ = 0.0" for n, a in ir.attributes.items() if a.implicit]
    prologue, epilogue, spike_args = [], [], ""
    if layout.spiking:
        spike_args = "ring, ring_count, last_spike, refr_until, "
        prologue = ["slot = step % ring.shape[0]", "n_spikes = 0"]
        condition = _code(ir.spike, names)
        body.append(f"if {'not _refr and ' if refractory else ''}{condition}:")
        spike = _equations(ir.reset, ir, names)
        spike += ["ring[slot, n_spikes] = i", "n_spikes += 1", "last_spike[i] = step"]
        if refractory:
            spike.append(f"refr_until[i] = step + int(({_code(ir.refractory, names)}) / dt)")
        body += [_I + line for line in spike]
        epilogue = ["ring_count[slot] = n_spikes"]
    body += stores
    if layout.kind == "timed_poisson":
        spike_args += "buffer, schedule, "
        prologue.append("row = _schedule_row(step, schedule)")
        prologue.append("for k in range(N):")
        prologue.append(_I + f"_a_rates[k] = buffer[row, k] if row >= 0 else 0.0")
    return templates.NEURON_UPDATE.format(
        index=layout.index, spike_args=spike_args,
        description=f"Population {layout.index} ({ir.name}): one step of its equations.",
        global_loads=_indent(global_loads, 1), global_code=_indent(global_code, 1),
        global_stores=_indent(global_stores, 1), views=_indent(views, 1),
        prologue=_indent(prologue, 1), body=_indent(body, 2), epilogue=_indent(epilogue, 1))


def population_update(layout):
    if layout.kind == "spike_source_array":
        return templates.SPIKE_SOURCE_UPDATE.format(index=layout.index, name=layout.index)
    if layout.kind == "timed_array":
        return templates.TIMED_ARRAY_UPDATE.format(index=layout.index, name=layout.index,
                                                   row_r=layout.row["r"])
    return neuron_update(layout)


def population_call(layout):
    k = layout.index
    if layout.kind == "spike_source_array":
        return (f"update_pop{k}(step, I2[{layout.slot_events}], I1[{layout.slot_cursor}], I2[{layout.slot_ring}], "
                f"I1[{layout.slot_ring_count}], I1[{layout.slot_last}])")
    if layout.kind == "timed_array":
        return f"update_pop{k}(step, F2[{layout.slot_S}], F2[{layout.slot_buffer}], I1[{layout.slot_schedule}])"
    args = f"step, dt, F2[{layout.slot_S}], F1[{layout.slot_G}], "
    if layout.spiking:
        args += (f"I2[{layout.slot_ring}], I1[{layout.slot_ring_count}], I1[{layout.slot_last}], "
                 f"I1[{layout.slot_refr}], ")
    if layout.kind == "timed_poisson":
        args += f"F2[{layout.slot_buffer}], I1[{layout.slot_schedule}], "
    return f"update_pop{k}({args}rng)"


def stop_condition(layout, condition, mode):
    ir = layout.ir
    names = _Names(ir.attributes)
    views = [f"_a_{n} = S[{k}]" for n, k in layout.row.items()]
    loads = [f"{names.get(n)} = _a_{n}[i]" for n in layout.local]
    any_mode = mode == "any"
    return templates.STOP_CONDITION.format(
        index=layout.index, name=layout.index, mode=mode,
        global_loads=_indent([f"{n}_ = G[{k}]" for n, k in layout.entry.items()], 1),
        views=_indent(views, 1), loads=_indent(loads, 2), condition=_code(condition, names),
        negate="" if any_mode else "not ", found="True" if any_mode else "False",
        not_found="False" if any_mode else "True")


# ---- projections ---------------------------------------------------------------
def _synapse_context(layout):
    """Names, views and per-synapse loads/stores of a projection."""
    ir = layout.ir
    names = _Names(ir.attributes)
    views = [f"_a_{n} = W[{k}]" for n, k in layout.row.items()]
    views += [f"_s_{n} = SW[{k}]" for n, k in layout.semi_row.items()]
    for owner, attributes, end in (("pre", ir.pre_attributes, layout.pre), ("post", ir.post_attributes, layout.post)):
        for attr in sorted(attributes):
            if attr not in end.row:
                raise CompilationError(f"Projection '{layout.projection.name}': '{owner}.{attr}' is not a "
                                       f"per-neuron attribute of population '{end.population.name}'")
            views.append(f"_a_{owner}_{attr} = {owner}_S[{end.row[attr]}]")
    global_loads = [f"{n}_ = GW[{k}]" for n, k in layout.entry.items()]
    semi_loads = [f"{n}_ = _s_{n}[_j]" for n in layout.semi]
    local_loads = [f"{n}_ = _a_{n}[_s]" for n in layout.local]
    pre_loads = [f"_pre_{a} = _a_pre_{a}[_i]" for a in sorted(ir.pre_attributes) if a in layout.pre.row]
    post_loads = [f"_post_{a} = _a_post_{a}[_j]" for a in sorted(ir.post_attributes) if a in layout.post.row]
    written = _written(ir)
    local_stores = [f"_a_{n}[_s] = {n}_" for n in layout.local if n in written]
    semi_stores = [f"_s_{n}[_j] = {n}_" for n in layout.semi if n in written]
    return names, views, global_loads, semi_loads, local_loads + pre_loads + post_loads, local_stores, semi_stores


def _event_code(layout, statements, names, reference):
    """Body of a pre- or post-synaptic event for one synapse ``_s``."""
    ir = layout.ir
    lines = []
    decays = []
    elapsed = sympy.Symbol("_elapsed")
    for name, (intercept, slope) in ir.event_driven.items():
        decays.append(f"{names.get(name)} = {_code(event_driven_update(name, intercept, slope, elapsed), names)}")
    if decays:
        decays.insert(0, f"_elapsed = dt * ({reference} - last_event[_s])")
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
        lines = ["if plastic:"] + [_I + d for d in decays] + [_I + "last_event[_s] = step"] + lines
    return lines, bool(transmission)


def spike_propagation(layout):
    ir = layout.ir
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout)
    target = f"g_{layout.projection.target}"
    statements = ir.pre_spike
    post_targets = {u.target for u in statements if u.target.startswith("_post_")}
    views.append(f"_a_g_target = post_S[{layout.post.row[target]}]")
    for name in post_targets:
        attr = name[len("_post_"):]
        if f"_a_post_{attr}" not in "\n".join(views):
            views.append(f"_a_post_{attr} = post_S[{layout.post.row[attr]}]")
    body, _ = _event_code(layout, statements, names, "(step - 1)")
    post_loads = [f"{n} = _a_post_{n[len('_post_'):]}[_j]" for n in sorted(post_targets) if n + " =" not in
                  "\n".join(loads)]
    body = semi_loads + loads + post_loads + ["_g_target = _a_g_target[_j]"] + body
    body += ["_a_g_target[_j] = _g_target"]
    body += [f"_a_post_{n[len('_post_'):]}[_j] = {n}" for n in post_targets]
    body += stores + semi_stores
    if layout.uniform_delay:
        delay_range, delay_check = "delay[0], delay[0] + 1", []
    else:
        delay_range, delay_check = "1, depth + 1", ["if delay[_s] != d:", _I + "continue"]
    return templates.SPIKE_PROPAGATION.format(
        index=layout.index, name=layout.index, global_loads=_indent(global_loads, 1),
        views=_indent(views, 1), delay_range=delay_range, delay_check=_indent(delay_check, 4),
        body=_indent(body, 4))


def post_events(layout):
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout)
    body, _ = _event_code(layout, layout.ir.post_spike, names, "step")
    body = semi_loads + loads + body + stores + semi_stores
    return templates.POST_EVENTS.format(index=layout.index, name=layout.index,
                                        global_loads=_indent(global_loads, 1), views=_indent(views, 1),
                                        body=_indent(body, 3))


def rate_propagation(layout):
    ir = layout.ir
    names, views, global_loads, semi_loads, loads, _, _ = _synapse_context(layout)
    psp = ir.psp if ir.psp is not None else sympy.Symbol("w") * sympy.Symbol("_pre_r")
    if "r" in {s.name[len("_pre_"):] for s in psp.free_symbols if s.name.startswith("_pre_")} and \
            "r" not in ir.pre_attributes:
        ir.pre_attributes.add("r")
        names, views, global_loads, semi_loads, loads, _, _ = _synapse_context(layout)
    operation = ir.operation
    initial = {"sum": "0.0", "mean": "0.0", "max": "-np.inf", "min": "np.inf"}[operation]
    accumulate = {"sum": "acc += _psp", "mean": "acc += _psp", "max": "acc = max(acc, _psp)",
                  "min": "acc = min(acc, _psp)"}[operation]
    finish = {"sum": [], "mean": ["if last > first:", _I + "acc = acc / (last - first)"],
              "max": ["if last == first:", _I + "acc = 0.0"], "min": ["if last == first:", _I + "acc = 0.0"]}
    body = semi_loads + loads + [f"_psp = {_code(psp, names)}", accumulate]
    return templates.RATE_PROPAGATION.format(
        index=layout.index, name=layout.index, operation=operation,
        global_loads=_indent(global_loads, 1), views=_indent(views, 1),
        sum_row=layout.post.row[f"_sum_{layout.projection.target}"], initial=initial,
        body=_indent(body, 3), finish=_indent(finish[operation], 2))


def synapse_equations(layout):
    ir = layout.ir
    if any(item.locality == "global" for item in ir.equations):
        raise CompilationError(f"Projection '{layout.projection.name}': projection-wide synaptic equations "
                               f"are not supported yet")
    if ir.randoms:
        raise CompilationError(f"Projection '{layout.projection.name}': random numbers in synaptic equations "
                               f"are not supported yet")
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout)
    semi_items = [e for e in ir.equations if e.locality == "semiglobal"]
    local_items = [e for e in ir.equations if e.locality == "local"]
    post_loads = [line for line in loads if line.startswith("_post_")]
    semi_body = semi_loads + post_loads + _equations(semi_items, ir, names) + semi_stores
    body = loads + _equations(local_items, ir, names) + stores
    return templates.SYNAPSE_EQUATIONS.format(
        index=layout.index, name=layout.index, global_loads=_indent(global_loads, 1),
        views=_indent(views, 1), semi_body=_indent(semi_body or ["pass"], 2), body=_indent(body, 3))


def _projection_args(layout):
    return (f"F2[{layout.slot_W}], F2[{layout.slot_SW}], F1[{layout.slot_GW}], "
            f"F2[{layout.pre.slot_S}], F2[{layout.post.slot_S}]")


# ---- module ----------------------------------------------------------------------
def generate(populations, projections, stop_conditions):
    """Source of the kernel module for a network.

    Parameters
    ----------
    populations, projections : list of PopulationLayout / ProjectionLayout
    stop_conditions : dict
        Population index -> (sympy condition, 'any' or 'all').
    """
    parts, propagate, update, plasticity, stop = [], [], [], [], []
    for pop in populations:
        parts.append(population_update(pop))
        update.append(population_call(pop))
        if pop.kind == "neuron" and not pop.spiking:
            for target in pop.ir.targets:
                propagate.append(f"F2[{pop.slot_S}][{pop.row[f'_sum_{target}']}, :] = 0.0")
    for proj in projections:
        s = proj.slot
        common = _projection_args(proj)
        if proj.spiking:
            parts.append(spike_propagation(proj))
            propagate.append(
                f"propagate_proj{proj.index}(step, dt, I2[{proj.pre.slot_ring}], I1[{proj.pre.slot_ring_count}], "
                f"I1[{s['post_rank']}], I1[{s['pre_rank']}], I1[{s['pre_order']}], I1[{s['pre_ptr']}], "
                f"I1[{s['delay']}], I1[{s['last_event']}], I1[{s['learning']}], {common})")
            if proj.ir.post_spike:
                parts.append(post_events(proj))
                plasticity.append(
                    f"post_events_proj{proj.index}(step, dt, I2[{proj.post.slot_ring}], "
                    f"I1[{proj.post.slot_ring_count}], I1[{s['post_ptr']}], I1[{s['pre_rank']}], "
                    f"I1[{s['last_event']}], I1[{s['learning']}], {common})")
        else:
            parts.append(rate_propagation(proj))
            propagate.append(f"propagate_proj{proj.index}(step, dt, I1[{s['post_ptr']}], I1[{s['pre_rank']}], "
                             f"{common})")
        if proj.ir.equations:
            parts.append(synapse_equations(proj))
            plasticity.append(f"plasticity_proj{proj.index}(step, dt, I1[{s['post_ptr']}], I1[{s['pre_rank']}], "
                              f"I1[{s['learning']}], {common})")
    for index, (condition, mode) in stop_conditions.items():
        pop = populations[index]
        parts.append(stop_condition(pop, condition, mode))
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
    run = templates.RUN.format(propagate=_indent(propagate or ["pass"], 2), update=_indent(update, 2),
                               plasticity=_indent(plasticity or ["pass"], 2), stop=_indent(stop, 2))
    body = "".join(parts) + run
    structure = hashlib.sha256(body.encode()).hexdigest()[:16]
    return templates.HEADER.format(structure=structure) + body
