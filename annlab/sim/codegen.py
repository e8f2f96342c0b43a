"""Generate the kernel module of a network structure from the models' IR.

The source depends only on structure (models, kinds, connectivity storage,
which arrays exist), never on sizes or values, so copies of a network and
networks on other engines produce the same text and share the cached machine
code.

In generated code a model attribute ``v`` is the scalar ``v_`` and its array
``_a_v``; temporaries of numerical methods start with ``_`` (``_d_v``), and
names without either mark belong to the kernel itself (``i``, ``step``...).
"""
import functools
import hashlib
import re
import textwrap

import sympy

from ..core.equations import Update
from ..core.equations.expressions import clip, neg, pos
from ..core.equations.integration import event_driven_update
from ..errors import CompilationError, closest_name
from . import templates
from .cache import module_name
from .printer import to_code

_I = " " * 4


#: Stands for an empty section of a template; its line is removed from the source.
_EMPTY = "#<empty>"


def _indent(lines, level):
    pad = _I * level
    if not lines:
        return _EMPTY
    return "\n".join(pad + line if line else "" for line in lines)


class _Names:
    """Symbol -> code name, for one model."""

    def __init__(self, attributes):
        self.attributes = frozenset(attributes)

    def get(self, name, default=None):
        if name in self.attributes:
            return name + "_"
        if name == "g_target":
            return "_g_target"
        return name


def _code(expr, names):
    return _printed(expr, names.attributes)


@functools.lru_cache(maxsize=4096)
def _printed(expr, attributes):
    """Code of a sympy expression (memoized: every copy of a network prints the same expressions)."""
    return to_code(expr, _Names(attributes))


def _bounded(attribute, names):
    lines = []
    var = attribute.name + "_"
    if attribute.min is not None:
        lines.append(f"{var} = max({var}, {_code(attribute.min, names)})")
    if attribute.max is not None:
        lines.append(f"{var} = min({var}, {_code(attribute.max, names)})")
    return lines


#: Functions through which a division may be turned into a product: they are continuous, so a
#: last-bit change of their argument stays a last-bit change (not so floor, modulo, conditions...).
_SMOOTH = (sympy.Add, sympy.Mul, sympy.Pow, sympy.exp, sympy.log, sympy.sin, sympy.cos, sympy.tan, sympy.asin,
           sympy.acos, sympy.atan, sympy.sinh, sympy.cosh, sympy.tanh, sympy.Abs, sympy.Min, sympy.Max,
           pos, neg, clip)


class _Reciprocals:
    """Divisions by loop-invariant values in ODEs, hoisted out of the loop over neurons.

    ``x/tau`` with ``tau`` a population-wide parameter becomes ``x*_inv0``
    with ``_inv0 = 1.0/tau`` computed once per step: a division per neuron is
    ~10x the cost of a product and dominates a vectorised update. The result
    may differ from the division in the last bit (within the tolerances of the
    reference traces). Only ODE derivatives are rewritten, and only through
    continuous functions: thresholds, truncations and conditions keep exact
    divisions.
    """

    def __init__(self, invariant):
        self.invariant = set(invariant)
        self.hoisted = {}  # divisor -> name

    def __call__(self, expr):
        if expr.is_Pow and expr.exp == -1 and expr.base.free_symbols and \
                all(s.name in self.invariant for s in expr.base.free_symbols):
            name = self.hoisted.setdefault(expr.base, f"_inv{len(self.hoisted)}")
            return sympy.Symbol(name)
        if isinstance(expr, _SMOOTH) and expr.args:
            args = [self(a) for a in expr.args]
            if any(new is not old for new, old in zip(args, expr.args)):
                return expr.func(*args, evaluate=False)
        return expr

    def lines(self, names):
        return [f"{name} = 1.0 / ({_code(divisor, names)})" for divisor, name in self.hoisted.items()]


def _equations(items, ir, names, frozen=None, reciprocals=None):
    """Lines for updates and ODE blocks.

    ``frozen(target)`` gives a condition under which ``target`` is updated
    (refractoriness); the update is then a select, ``x_ = (new) if cond else
    x_``, not a branch, so that the loop over neurons stays vectorisable.
    ``reciprocals`` (a :class:`_Reciprocals`) rewrites the steps of ODEs.
    """
    lines = []
    for item in items:
        if isinstance(item, Update):
            assignments = [(item.target, item.expr)]
            finals = {item.target}
        else:
            assignments = item.steps
            if reciprocals is not None:
                assignments = [(name, reciprocals(expr)) for name, expr in assignments]
            finals = set(item.targets)
        for name, expr in assignments:
            target = names.get(name)
            code = [f"{target} = {_code(expr, names)}"]
            code += _bounded(ir.attributes[name], names) if name in finals and name in ir.attributes else []
            guard = frozen(name) if (frozen and name in finals) else None
            if guard:
                code = [f"{target} = ({line.split(' = ', 1)[1]}) if {guard} else {target}" for line in code]
            lines += code
    return lines


def _random_call(draw, names):
    """``rng.<method>(args)`` for one random draw of an equation."""
    args = [_code(a, names) for a in draw.args]
    if draw.method == "exponential":
        args = [f"1.0 / ({args[0]})"]
    if draw.method == "integers":
        args = [f"int({args[0]})", f"int({args[1]}) + 1"]
    if draw.method == "binomial":
        args = [f"int({args[0]})", args[1]]
    return f"rng.{draw.method}({', '.join(args)})"


def _random_draws(layout, names):
    """Loop drawing this step's random numbers of every neuron into ``R`` (row k: draw k).

    Drawing them before the update keeps the rng calls out of the loop that
    computes the equations (which can then be vectorised); the neurons draw in
    rank order, each its draws in the order of the equations.
    """
    randoms = layout.ir.randoms
    if not randoms:
        return []
    used = set()
    for draw in randoms:
        for arg in draw.args:
            used |= {s.name for s in arg.free_symbols}
    loads = [f"{names.get(n)} = S[{layout.row[n]}, i]" for n in layout.local if n in used]
    draws = [f"R[{k}, i] = {_random_call(draw, names)}" for k, draw in enumerate(randoms)]
    return ["# random numbers of this step, drawn before the update", "for i in range(N):"] + \
        [_I + line for line in loads + draws]


def _written(ir):
    """Attributes the kernels assign: variables, and parameters changed by events
    (a synapse's automatic ``w`` stays a parameter in ANNarchy, but STDP writes it)."""
    names = {n for n, a in ir.attributes.items() if a.kind == "variable"}
    return names | {u.target for u in ir.reset + ir.pre_spike + ir.post_spike}


def written_attributes(ir):
    """Names of the attributes the kernels of a model write."""
    return _written(ir)


def _used_symbols(ir):
    names = set()
    for item in ir.equations + ir.reset + ir.pre_spike + ir.post_spike:
        names |= _symbols_of([item])
    for expr in (ir.spike, ir.refractory, ir.psp):
        if expr is not None:
            names |= {s.name for s in expr.free_symbols}
    return names


def _symbols_of(items):
    """Names of the symbols read by updates and ODE blocks."""
    names = set()
    for item in items:
        exprs = [item.expr] if isinstance(item, Update) else [e for _, e in item.steps]
        for expr in exprs:
            names |= {s.name for s in expr.free_symbols}
    return names


# ---- populations -------------------------------------------------------------
def neuron_update(layout):
    """The ``update`` kernel of a population of an equation-defined neuron.

    Spiking populations update in two passes: a branch-free loop over blocks
    of neurons computes the equations and the spike condition (``fired``: 0/1
    per neuron, ``block_count``: spikes per block), then a loop over the blocks
    that have spikes applies the resets and fills the spike ring.
    """
    ir = layout.ir
    names = _Names(ir.attributes)
    global_items = [e for e in ir.equations if e.locality == "global"]
    local_items = [e for e in ir.equations if e.locality != "global"]
    global_loads = [f"{n}_ = G[{k}]" for n, k in layout.entry.items()]
    global_code = _equations(global_items, ir, names)
    written = _written(ir)
    global_stores = [f"G[{layout.entry[n]}] = {n}_" for n in layout.glob if n in written]
    used = _used_symbols(ir)
    spiking = layout.spiking

    def view(array, row=None):  # spiking populations: the block lo:hi of a (row of an) array
        if not spiking:
            return f"{array}[{row}]" if row is not None else array
        return f"_row_view({array}, {row}, lo, hi)" if row is not None else f"_view({array}, lo, hi)"
    views = [f"_a_{n} = {view('S', k)}" for n, k in layout.row.items()]
    views += [f"_rand_{k}_a = {view('R', k)}" for k in range(len(ir.randoms))]
    body = [f"{names.get(n)} = _a_{n}[i]" for n in layout.local]
    body += [f"{draw.symbol} = _rand_{k}_a[i]" for k, draw in enumerate(ir.randoms)]
    if "t_last" in used:
        views.append(f"_last = {view('last_spike')}")
        body.append("t_last = _last[i] * dt")
    refractory = spiking and ir.refractory is not None
    frozen = None
    if refractory:
        views.append(f"_refr = {view('refr_until')}")
        body.append("_active = step > _refr[i]")
        frozen = lambda name: None if name.startswith("g_") else "_active"  # noqa: E731
    reciprocals = _Reciprocals(layout.glob + ["t", "dt"])
    body += _equations(local_items, ir, names, frozen, reciprocals)
    body += [f"{n}_ = 0.0" for n, a in ir.attributes.items() if a.implicit]
    global_code += reciprocals.lines(names)
    stores = [f"_a_{n}[i] = {n}_" for n in layout.local if n in written]
    prologue = []
    extra_args = ""
    if layout.kind == "timed_poisson":
        extra_args = "buffer, schedule, "
        prologue = ["row = _schedule_row(step, schedule)", "for k in range(N):",
                    _I + f"S[{layout.row['rates']}, k] = buffer[row, k] if row >= 0 else 0.0"]
    common = dict(extra_args=extra_args,
                  description=f"{ir.name}: one step of its equations.",
                  global_loads=_indent(global_loads, 1), global_code=_indent(global_code, 1),
                  global_stores=_indent(global_stores, 1), prologue=_indent(prologue, 1),
                  draws=_indent(_random_draws(layout, names), 1), views=_indent(views, 2 if spiking else 1))
    if not spiking:
        return templates.RATE_NEURON_UPDATE.format(**common, body=_indent(body + stores, 2))
    condition = _code(ir.spike, names)
    body.append(f"_spike = 1.0 if {'_active and ' if refractory else ''}{condition} else 0.0")
    body += ["_fired[i] = _spike", "count = _fadd(count, _spike)"]
    views.append(f"_fired = {view('fired')}")
    common["views"] = _indent(views, 2)
    # second pass: the neurons that spiked
    reset = _equations(ir.reset, ir, names)
    reset_used = _symbols_of(ir.reset) | ({s.name for s in ir.refractory.free_symbols} if refractory else set())
    reset_targets = [u.target for u in ir.reset]
    reset_loads = [f"{names.get(n)} = S[{layout.row[n]}, i]" for n in layout.local]
    reset_loads += [f"{d.symbol} = R[{k}, i]" for k, d in enumerate(ir.randoms) if d.symbol in reset_used]
    if "t_last" in reset_used:
        reset_loads.append("t_last = last_spike[i] * dt")
    reset_stores = [f"S[{layout.row[n]}, i] = {n}_" for n in layout.local if n in reset_targets]
    after = ["ring[slot, n_spikes] = i", "n_spikes += 1", "last_spike[i] = step", "if recording:",
             _I + "_record_spike(record[1], step, i, spk_out, counters)"]
    if refractory:
        after.append(f"refr_until[i] = step + _steps({_code(ir.refractory, names)}, dt)")
    return templates.SPIKING_NEURON_UPDATE.format(**common, block=layout.block, body=_indent(body + stores, 3),
                                                  reset=_indent(reset_loads + reset + reset_stores + after, 4))


def population_update(layout):
    if layout.kind == "spike_source_array":
        return templates.SPIKE_SOURCE_UPDATE.format()
    if layout.kind == "timed_array":
        return templates.TIMED_ARRAY_UPDATE.format(row_r=layout.row["r"])
    return neuron_update(layout)


def population_call(layout):
    k = layout.index
    if layout.kind == "spike_source_array":
        return (f"update_pop{k}(step, I2[{layout.slot_events}], I1[{layout.slot_cursor}], I2[{layout.slot_ring}], "
                f"I1[{layout.slot_ring_count}], I1[{layout.slot_last}], I1[{layout.slot_record}], spk_out, counters)")
    if layout.kind == "timed_array":
        return f"update_pop{k}(step, F2[{layout.slot_S}], F2[{layout.slot_buffer}], I1[{layout.slot_schedule}])"
    args = f"step, dt, F2[{layout.slot_S}], F1[{layout.slot_G}], F2[{layout.slot_randoms}], "
    if layout.spiking:
        args += (f"I2[{layout.slot_ring}], I1[{layout.slot_ring_count}], I1[{layout.slot_last}], "
                 f"I1[{layout.slot_refr}], F1[{layout.slot_fired}], F1[{layout.slot_block_count}], "
                 f"I1[{layout.slot_record}], spk_out, counters, ")
    if layout.kind == "timed_poisson":
        args += f"F2[{layout.slot_buffer}], I1[{layout.slot_schedule}], "
    return f"update_pop{k}({args}rng)"


def stop_condition(layout, condition, mode):
    ir = layout.ir
    names = _Names(ir.attributes)
    views = [f"_a_{n} = _row(S, {k})" for n, k in layout.row.items()]
    loads = [f"{names.get(n)} = _a_{n}[i]" for n in layout.local]
    any_mode = mode == "any"
    return templates.STOP_CONDITION.format(
        name=ir.name, mode=mode,
        global_loads=_indent([f"{n}_ = G[{k}]" for n, k in layout.entry.items()], 1),
        views=_indent(views, 1), loads=_indent(loads, 2), condition=_code(condition, names),
        negate="" if any_mode else "not ", found="True" if any_mode else "False",
        not_found="False" if any_mode else "True")


# ---- projections ---------------------------------------------------------------
def _synapse_context(layout, rows=False):
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
            if attr not in end.row:
                hint = closest_name(attr, [n for n in end.row if not n.startswith("_")])
                synapse = layout.projection.synapse
                raise CompilationError(
                    f"Projection '{layout.projection.name}': '{owner}.{attr}' is not a per-neuron attribute of "
                    f"population '{end.population.name}'" + (f"; did you mean '{owner}.{hint}'?" if hint else "")
                    + f" (synapse '{synapse.name}' defined at {synapse.created_at})")
            views.append(f"_a_{owner}_{attr} = _row({owner}_S, {end.row[attr]})")
    local = "_r_{}" if rows else "_a_{}"
    global_loads = [f"{n}_ = GW[{k}]" for n, k in layout.entry.items()] + owner_loads
    semi_loads = [f"{n}_ = _s_{n}[_j]" for n in layout.semi]
    local_loads = [f"{n}_ = {local.format(n)}[_s]" for n in layout.local]
    pre_loads = [f"_pre_{a} = _a_pre_{a}[_i]" for a in sorted(ir.pre_attributes) if a in layout.pre.row]
    post_loads = [f"_post_{a} = _a_post_{a}[_j]" for a in sorted(ir.post_attributes) if a in layout.post.row]
    written = _written(ir)
    local_stores = [f"{local.format(n)}[_s] = {n}_" for n in layout.local if n in written]
    semi_stores = [f"_s_{n}[_j] = {n}_" for n in layout.semi if n in written]
    return names, views, global_loads, semi_loads, local_loads + pre_loads + post_loads, local_stores, semi_stores


def _event_code(layout, statements, names, reference, events="last_event"):
    """Body of a pre- or post-synaptic event for one synapse ``_s`` (``events``: its last-event array)."""
    ir = layout.ir
    lines = []
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
                                   f"(synapse defined at {layout.projection.synapse.created_at})")
        if f"_a_post_{attr}" not in "\n".join(views):
            views.append(f"_a_post_{attr} = _row(post_S, {layout.post.row[attr]})")
    body, _ = _event_code(layout, statements, names, "(step - 1)", events="_r_last_event")
    post_loads = [f"{n} = _a_post_{n[len('_post_'):]}[_j]" for n in sorted(post_targets) if n + " =" not in
                  "\n".join(loads)]
    body = semi_loads + loads + post_loads + ["_g_target = _a_g_target[_j]"] + body
    body += ["_a_g_target[_j] = _g_target"]
    body += [f"_a_post_{n[len('_post_'):]}[_j] = {n}" for n in post_targets]
    body += stores + semi_stores
    # per-synapse arrays the body uses, viewed one presynaptic row (or run) at a time
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
    if not layout.uniform_delay:
        return templates.DELAYED_SPIKE_PROPAGATION.format(
            name=layout.ir.name, global_loads=_indent(global_loads, 1), views=_indent(views, 1),
            row=_indent(row, 4), run_views=_indent(run_views, 5), run_body=_indent(run_body, 6))
    shared = _EMPTY
    weight_load = "w_ = _r_w[_s]"
    if weight_load in body and "w" not in written_attributes(ir):
        weight_lines = {weight_load, "_r_w = _view(_a_w, first, last)", "_r_w = _view(_a_w, start, stop)",
                        "_prefetch_rows(_a_w, pre_ptr[ahead], pre_ptr[ahead + 1])"}

        def without_weights(lines):
            return [line for line in lines if line.strip() not in weight_lines]
        loops = _row_loops(*(without_weights(lines) for lines in (run_views, run_body, prefetch, row)))
        shared = _indent(templates.SHARED_WEIGHT.format(loops=_indent(loops, 1)).split("\n"), 1)
    return templates.SPIKE_PROPAGATION.format(
        name=layout.ir.name, global_loads=_indent(global_loads, 1), views=_indent(views, 1), shared=shared,
        loops=_indent(_row_loops(run_views, run_body, prefetch, row), 1))


def _row_loops(run_views, run_body, prefetch, row):
    """Lines of :data:`templates.ROW_LOOPS` (indented from 0) for the given per-synapse code."""
    return templates.ROW_LOOPS.format(run_views=_indent(run_views, 3), run_body=_indent(run_body, 4),
                                      prefetch=_indent(prefetch, 3), row=_indent(row, 2)).split("\n")


def post_events(layout):
    names, views, global_loads, semi_loads, loads, stores, semi_stores = _synapse_context(layout)
    body, _ = _event_code(layout, layout.ir.post_spike, names, "step")
    body = semi_loads + loads + body + stores + semi_stores
    return templates.POST_EVENTS.format(name=layout.ir.name,
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
        name=layout.ir.name, operation=operation,
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
    body = semi_loads + loads + _equations(local_items, ir, names) + stores
    return templates.SYNAPSE_EQUATIONS.format(
        name=layout.ir.name, global_loads=_indent(global_loads, 1),
        views=_indent(views, 1), semi_body=_indent(semi_body or ["pass"], 2), body=_indent(body, 2))


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
    for pop in populations:
        program.add(f"update_pop{pop.index}", "update", population_update(pop))
        update.append(population_call(pop))
        if pop.kind == "neuron" and not pop.spiking:
            for target in pop.ir.targets:
                propagate.append(f"F2[{pop.slot_S}][{pop.row[f'_sum_{target}']}, :] = 0.0")
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
                f"I1[{s['learning']}], F1[{proj.slot_shared_w}], {common})")
            if proj.ir.post_spike:
                program.add(f"post_events_proj{proj.index}", "post_events", post_events(proj))
                plasticity.append(
                    f"post_events_proj{proj.index}(step, dt, I2[{proj.post.slot_ring}], "
                    f"I1[{proj.post.slot_ring_count}], I1[{s['post_ptr']}], {_uint32(s['post_order'])}, {pre_rank}, "
                    f"I1[{s['last_event']}], I1[{s['learning']}], {common})")
        else:
            program.add(f"propagate_proj{proj.index}", "propagate", rate_propagation(proj))
            propagate.append(f"propagate_proj{proj.index}(step, dt, I1[{s['post_ptr']}], {pre_rank}, {common})")
        if proj.ir.equations:
            program.add(f"plasticity_proj{proj.index}", "plasticity", synapse_equations(proj))
            plasticity.append(f"plasticity_proj{proj.index}(step, dt, I1[{s['post_ptr']}], {post_rank}, "
                              f"{pre_rank}, I1[{s['learning']}], {common})")
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
