"""``report()``: a description of a network's model, in LaTeX or Markdown, as ANNarchy 4.8 writes it.

The report has the sections of ANNarchy's (after Nordlie et al., 2009): the
structure (populations, projections, monitors, functions), the neuron and
synapse models (parameters and equations, typeset with sympy from the models'
intermediate representation) and the values of the parameters of each
population and projection. ``.tex`` files are LaTeX (a whole document when
``standalone``), ``.md`` files Markdown with ``$$`` equations (``pandoc
report.md -o report.pdf``).

Examples
--------
>>> import os, tempfile
>>> from annlab import Population, Izhikevich, clear
>>> clear(); pop = Population(10, Izhikevich, name="exc")
>>> path = os.path.join(tempfile.mkdtemp(), "report.md")
>>> report(path)
>>> "| exc | 10 | Izhikevich |" in open(path).read()
True
"""
import os


from . import config, net_ids
from ..errors import ValidationError


# ------------------------------------------------------------------ typesetting
_DRAWS = {"uniform": r"\mathcal{U}", "normal": r"\mathcal{N}", "lognormal": r"\ln\mathcal{N}",
          "exponential": r"\mathrm{Exp}", "gamma": r"\Gamma", "binomial": r"\mathcal{B}",
          "discreteuniform": r"\mathcal{U}_{\mathbb{Z}}"}


def _symbol_latex(name, randoms=None):
    """LaTeX of a symbol of the IR: ``_sum_exc``, ``_pre_r``, ``_post_r``, random draws, then sympy's rules."""
    for prefix, template in (("_sum_", r"\sum_{\mathrm{%s}}"), ("_pre_", r"{%s}^{\mathrm{pre}}"),
                             ("_post_", r"{%s}^{\mathrm{post}}")):
        if name.startswith(prefix):
            inner = name[len(prefix):]
            return template % (inner.replace("_", r"\_") if prefix == "_sum_" else _symbol_latex(inner))
    draw = (randoms or {}).get(name)
    if draw is not None:
        args = ", ".join(f"{float(a):g}" for a in draw.args)
        return f"{_DRAWS.get(draw.method, draw.method)}({args})"
    import sympy  # here: importing annlab does not import sympy

    return sympy.latex(sympy.Symbol(name.lstrip("_") or name))


def _latex(expr, randoms=None):
    import sympy

    names = {s: _symbol_latex(s.name, randoms) for s in getattr(expr, "free_symbols", ())
             if isinstance(s, sympy.Symbol)}
    return sympy.latex(expr, symbol_names=names)


def _equations(items, randoms=None):
    """LaTeX lines of ODE blocks and assignments."""
    lines = []
    for item in items or []:
        derivatives = getattr(item, "derivatives", None)
        if derivatives is not None:
            lines += [r"\frac{d%s}{dt} = %s" % (_symbol_latex(var), _latex(rhs, randoms))
                      for var, rhs in derivatives.items()]
        elif hasattr(item, "target"):
            lines.append(f"{_symbol_latex(item.target)} = {_latex(item.expr, randoms)}")
    return lines


def _escape(text):
    text = str(text)
    for char, escaped in (("\\", r"\textbackslash{}"), ("_", r"\_"), ("%", r"\%"), ("&", r"\&"), ("#", r"\#"),
                          ("$", r"\$"), ("{", r"\{"), ("}", r"\}")):
        text = text.replace(char, escaped)
    return text


# ------------------------------------------------------------------ content
def _pattern(connector):
    if connector is None:
        return "not connected"
    text = repr(connector)
    return text.replace("AllToAll", "all-to-all").replace("OneToOne", "one-to-one")


def _models(network):
    """Distinct neuron and synapse models of the network, in order of first use, and their labels.

    A model left with its default name is labelled as in ANNarchy: "Neuron 1", "Synapse 2"...
    """
    neurons, synapses, labels = {}, {}, {}
    for pop in network.populations:
        neurons.setdefault(id(pop.neuron_type), pop.neuron_type)
    for proj in network.projections:
        synapses.setdefault(id(proj.synapse_type), proj.synapse_type)
    for models, default in ((neurons, "Neuron"), (synapses, "Synapse")):
        unnamed = 0
        for key, model in models.items():
            if model.name == default:
                unnamed += 1
                labels[key] = f"{default} {unnamed}"
            else:
                labels[key] = model.name
    return list(neurons.values()), list(synapses.values()), labels


_LOCALITY = {"neuron": {"local": "per neuron", "global": "per population"},
             "synapse": {"local": "per synapse", "semiglobal": "per post-synaptic neuron", "global": "per projection"}}


def _parameter_rows(ir):
    where = _LOCALITY[ir.kind]
    return [(name, f"{a.init:g}", where.get(a.locality, a.locality)) for name, a in ir.attributes.items()
            if a.kind == "parameter"]


def _model_sections(model, neuron):
    ir = model.ir
    randoms = {draw.symbol: draw for draw in ir.randoms}
    sections = [("Equations", _equations(ir.equations, randoms))]
    if neuron and ir.spike is not None:
        sections.append(("Spike condition", [_latex(ir.spike, randoms)]))
        sections.append(("Reset", _equations(ir.reset, randoms)))
    if not neuron:
        if ir.psp is not None:
            sections.append(("Post-synaptic potential", [_latex(ir.psp, randoms)]))
        sections.append(("Pre-synaptic event", _equations(ir.pre_spike, randoms)))
        sections.append(("Post-synaptic event", _equations(ir.post_spike, randoms)))
    return [(title, lines) for title, lines in sections if lines]


def _values(obj, ir):
    """Current value of each parameter of a population or projection (a range when it varies)."""
    rows = []
    for name, attribute in ir.attributes.items():
        if attribute.kind != "parameter":
            continue
        try:
            value = obj.get(name)
        except Exception:  # e.g. a projection not connected yet
            value = attribute.init
        flat = [v for row in value for v in (row if isinstance(row, list) else [row])] \
            if isinstance(value, list) else list(getattr(value, "flat", [value]))
        flat = [float(v) for v in flat] or [float(attribute.init)]
        low, high = min(flat), max(flat)
        rows.append((name, f"{low:g}" if low == high else f"{low:g} .. {high:g}"))
    return rows


def _structure(network, labels):
    populations = [(p.name, "x".join(map(str, p.geometry)) if len(p.geometry) > 1 else str(p.size),
                    labels[id(p.neuron_type)]) for p in network.populations]
    projections = [(p.pre.name, p.post.name, p.target if isinstance(p.target, str) else " / ".join(p.target),
                    labels[id(p.synapse_type)], _pattern(p.connector)) for p in network.projections]
    monitors = [(getattr(m.object, "name", "?") + ("" if getattr(m.object, "population", m.object) is m.object
                                                    else " (subset)"),
                 ", ".join(m.variables), f"{m.period if m.period is not None else network.dt:g} ms")
                for m in network.monitors]
    return populations, projections, monitors


# ------------------------------------------------------------------ writers
def _markdown_table(headers, rows):
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join(" --- " for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(c) for c in row) + " |" for row in rows]
    return "\n".join(lines) + "\n\n"


def _markdown(network, title, author, date):
    from .. import __version__
    from . import functions

    neurons, synapses, labels = _models(network)
    populations, projections, monitors = _structure(network, labels)
    out = [f"---\ntitle: {title or 'Network description'}\nauthor: {author or 'annlab'}\ndate: {date or ''}\n---\n",
           "\n# Structure of the network\n\n",
           f"* annlab {__version__} (the ANNarchy 4.8 API, Numba engine).\n* Numerical step size: {network.dt} ms.\n\n"]
    for heading, headers, rows in (("Populations", ["Population", "Size", "Neuron type"], populations),
                                   ("Projections", ["Source", "Destination", "Target", "Synapse type", "Pattern"],
                                    projections),
                                   ("Monitors", ["Object", "Variables", "Period"], monitors)):
        if rows:
            out += [f"## {heading}\n\n", _markdown_table(headers, rows)]
    if functions.definitions():
        out.append("## Functions\n\n" + "".join(f"    {text}\n" for text in functions.definitions()) + "\n")
    for heading, models, neuron in (("Neuron models", neurons, True), ("Synapse models", synapses, False)):
        if not models:
            continue
        out.append(f"# {heading}\n\n")
        for model in models:
            kind = "Spiking" if model.ir.spiking else "Rate-coded"
            description = model.description or f"{kind} {type(model).__name__.lower()}."
            out.append(f"## {labels[id(model)]}\n\n{description}\n\n")
            rows = _parameter_rows(model.ir)
            if rows:
                out += ["**Parameters:**\n\n", _markdown_table(["Name", "Default value", "Locality"], rows)]
            for title_, lines in _model_sections(model, neuron):
                out.append(f"**{title_}:**\n\n" + "".join(f"$$\n{line}\n$$\n\n" for line in lines))
    out.append("# Parameters\n\n")
    for obj, ir, label in ([(p, p.neuron_type.ir, f"Population {p.name}") for p in network.populations] +
                           [(p, p.synapse_type.ir,
                             f"Projection {p.name}: {p.pre.name} -> {p.post.name} ({p.target})")
                            for p in network.projections]):
        rows = _values(obj, ir)
        if rows:
            out += [f"## {label}\n\n", _markdown_table(["Parameter", "Value"], rows)]
    return "".join(out)


def _latex_table(headers, rows, caption):
    spec = "|" + "l|" * len(headers)
    body = "".join(" & ".join(_escape(c) for c in row) + r" \\ \hline" + "\n" for row in rows)
    return (f"\\begin{{table}}[h]\n\\centering\n\\begin{{tabular}}{{{spec}}}\n\\hline\n"
            + " & ".join(rf"\textbf{{{h}}}" for h in headers) + r" \\ \hline" + "\n" + body
            + f"\\end{{tabular}}\n\\caption{{{_escape(caption)}}}\n\\end{{table}}\n\n")


def _latex_document(network, standalone):
    from .. import __version__

    neurons, synapses, labels = _models(network)
    populations, projections, monitors = _structure(network, labels)
    out = []
    if standalone:
        out.append("\\documentclass{article}\n\\usepackage{amsmath}\n\\usepackage[margin=2cm]{geometry}\n"
                   "\\begin{document}\n\n")
    out.append(f"\\section*{{Network description}}\n\nannlab {__version__}, step size {network.dt} ms.\n\n")
    for caption, headers, rows in (("Populations", ["Population", "Size", "Neuron type"], populations),
                                   ("Projections", ["Source", "Destination", "Target", "Synapse", "Pattern"],
                                    projections),
                                   ("Monitors", ["Object", "Variables", "Period"], monitors)):
        if rows:
            out.append(_latex_table(headers, rows, caption))
    for heading, models, neuron in (("Neuron models", neurons, True), ("Synapse models", synapses, False)):
        if models:
            out.append(f"\\subsection*{{{heading}}}\n\n")
        for model in models:
            out.append(f"\\subsubsection*{{{_escape(labels[id(model)])}}}\n\n")
            if model.description:
                out.append(_escape(model.description) + "\n\n")
            rows = _parameter_rows(model.ir)
            if rows:
                out.append(_latex_table(["Name", "Default value", "Locality"], rows,
                                        f"Parameters of {labels[id(model)]}"))
            for title_, lines in _model_sections(model, neuron):
                out.append(f"\\paragraph{{{title_}}}\n\\begin{{align*}}\n" + " \\\\\n".join(lines)
                           + "\n\\end{align*}\n\n")
    out.append("\\subsection*{Parameters}\n\n")
    for obj, ir, label in ([(p, p.neuron_type.ir, f"Population {p.name}") for p in network.populations] +
                           [(p, p.synapse_type.ir, f"Projection {p.name}") for p in network.projections]):
        rows = _values(obj, ir)
        if rows:
            out.append(_latex_table(["Parameter", "Value"], rows, label))
    if standalone:
        out.append("\\end{document}\n")
    return "".join(out)


def report(filename="./report.tex", standalone=True, gather_subprojections=False, title=None, author=None,
           date=None, net_id=0):
    """Write a description of a network's model to ``filename`` (``.tex`` or ``.md``).

    Parameters
    ----------
    filename : str
        Ends with ``.tex`` (LaTeX) or ``.md`` (Markdown).
    standalone : bool
        LaTeX: a complete document (True) or a part to ``\\input`` (False).
    gather_subprojections : bool
        Accepted for ANNarchy compatibility; every projection is listed.
    title, author, date : str, optional
        Markdown header.
    net_id : int
        The network (0: the default network).
    """
    filename = str(filename)
    if not filename.endswith((".tex", ".md")):
        raise ValidationError("report", "filename", f"Must end with .tex or .md (got {filename!r})")
    if gather_subprojections:
        from ..errors import IgnoredArgumentWarning, warn_once
        warn_once("report(gather_subprojections=True) has no effect in annlab: every projection is listed",
                  IgnoredArgumentWarning, key="report gather_subprojections")
    network = net_ids.get(net_id)
    text = _markdown(network, title, author, date) if filename.endswith(".md") else \
        _latex_document(network, standalone)
    folder = os.path.dirname(filename)
    if folder:
        os.makedirs(folder, exist_ok=True)
    with open(filename, "w") as file:
        file.write(text)
    if config.get("verbose"):
        print("Report written to", filename)
