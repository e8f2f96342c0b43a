"""Cell magics ``%%neuron``, ``%%synapse`` and ``%%network``, and their plain-Python twins.

``%load_ext annlab`` registers the magics. Each has a function usable from
scripts, which the magic only wraps:

=========================  ==========================================
magic                      plain Python
=========================  ==========================================
``%%neuron NAME``          :func:`neuron_from_cell` ``(text, name)``
``%%synapse NAME``         :func:`synapse_from_cell` ``(text, name)``
``%%network NAME``         :func:`network_from_code` ``(code, namespace)``
=========================  ==========================================

A model cell is made of sections, each opened by a header line
``section:`` (its text may start on the same line)::

    %%neuron LIF
    parameters:
        tau = 10.0
        v_th = 1.0
    equations:
        tau * dv/dt = -v + 1.5 : init = 0.0
    spike: v > v_th
    reset: v = 0.0
    refractory: 2.0

A ``%%network`` cell is annlab Python code: the populations, projections and
monitors it creates become a :class:`~annlab.Network` bound to ``NAME`` (and
compiled, unless ``--no-compile``). The names the cell binds to those
objects are rebound to the network's own copies, so ``pop.rates = 20.0``
after the cell changes the network. Re-running the cell replaces the
network: nothing stays behind in the default network. With ``--seed`` a
re-run gives the same results; without it, each new network gets its own
stream (derived from ``setup(seed=...)`` when set). Register periodic
functions on the network after the cell (``@net.every(...)``); ``every``
inside the cell registers them with the cell's network too.

Errors point at the line of the cell (``err.cell_lineno``, counting the
``%%`` line as line 1), not at annlab's internals.

This module imports IPython only inside :func:`register`: the plain-Python
functions work without it.

Examples
--------
>>> from annlab import clear
>>> from annlab.magics import neuron_from_cell, network_from_code
>>> clear()
>>> LIF = neuron_from_cell('''
... parameters:
...     tau = 10.0
... equations:
...     tau * dv/dt = -v + 1.5 : init = 0.0
... spike: v > 1.0
... reset: v = 0.0
... ''', name="LIF")
>>> LIF.type, LIF.parameters_names
('spike', ['tau'])
>>> ns = {"LIF": LIF}
>>> net = network_from_code("pop = Population(10, LIF)\\nm = Monitor(pop, 'spike')", ns, seed=1)
>>> net.simulate(100.0); ns["pop"] is net.get(ns["pop"])
True
"""
import builtins
import linecache
import re

from .core import registry
from .core.models import Neuron, Synapse
from .core.monitor import Monitor
from .core.network import Network
from .core.population import Population, PopulationView
from .core.projection import Projection
from .errors import EquationError, NetworkError, ValidationError, closest_name

#: Sections of each kind of model cell, with the keyword argument they feed.
SECTIONS = {
    "neuron": ("parameters", "equations", "spike", "reset", "refractory", "functions",
               "axon_spike", "axon_reset", "description"),
    "synapse": ("parameters", "equations", "psp", "operation", "pre_spike", "post_spike",
                "pre_axon_spike", "functions", "description"),
}
_ONE_LINE = ("refractory", "operation", "description")
_HEADER = re.compile(r"^(\s*)([A-Za-z_]\w*)\s*:(.*)$")
_ANNLAB_TYPES = (Population, PopulationView, Projection, Monitor)


# ---- model cells -----------------------------------------------------------------------------
def parse_sections(text, kind="neuron", line_offset=1):
    """Cut the body of a model cell into its sections.

    Parameters
    ----------
    text : str
        The cell body (without the ``%%neuron`` line).
    kind : {'neuron', 'synapse'}
    line_offset : int
        Cell line number of the line before ``text`` (1: the ``%%`` line).

    Returns
    -------
    dict
        ``{section: (section_text, first_cell_line)}``. A section's text keeps
        the cell's columns (the header word is blanked out), so line ``k`` of
        the section is cell line ``first_cell_line + k - 1``.

    Raises
    ------
    EquationError
        Text before the first section, a repeated or unknown section.
    """
    known = SECTIONS[kind]
    sections, current = {}, None
    for number, line in enumerate(str(text).splitlines(), start=line_offset + 1):
        match = _HEADER.match(line)
        word = match.group(2) if match else None
        if match and word in known:
            if word in sections:
                raise _cell_error(f"The section '{word}:' appears twice", kind, word, line, len(match.group(1)),
                                  number)
            # Keep the columns of the cell: blank out "section:" and keep what follows.
            rest = " " * (len(line) - len(match.group(3))) + match.group(3)
            sections[word] = [[rest], number]
            current = word
            continue
        if match and not match.group(1) and "=" not in line.split(":", 1)[0]:
            hint = closest_name(word, known)
            if hint is not None or current is None:
                raise _cell_error(f"Unknown section '{word}:' in a %%{kind} cell "
                                  f"(sections: {', '.join(known)})", kind, None, line, 0, number, hint)
        if current is None:
            if line.strip() and not line.strip().startswith("#"):
                raise _cell_error(f"Text before the first section: start with a header such as "
                                  f"'parameters:' or 'equations:' (sections: {', '.join(known)})",
                                  kind, None, line, len(line) - len(line.lstrip()), number)
            continue
        sections[current][0].append(line)
    return {name: ("\n".join(lines), first) for name, (lines, first) in sections.items()}


def _cell_error(message, kind, section, line, column, number, suggestion=None):
    err = EquationError(message, model=f"%%{kind} cell", section=section, line=line, column=column,
                        suggestion=suggestion)
    return _point_at_cell(err, number, line, column)


def _point_at_cell(err, cell_lineno, cell_line=None, column=None, where=None):
    """Make ``err`` name the cell line it comes from, and show only that line in IPython.

    For a model cell (``where`` is None) the EquationError's message is
    rewritten around the cell line (with a caret under ``column``); for code
    cells the exception keeps its message and gains a note naming the line.
    """
    err.cell_lineno = cell_lineno
    if where is None and isinstance(err, EquationError):
        context = [part for part in (err.model, err.section) if part] + [f"cell line {cell_lineno}"]
        lines = [f"{err.message} ({', '.join(context)})"]
        if cell_line is not None:
            lines.append(f"{cell_lineno:>5} | {cell_line}")
            if column is not None:
                lines.append("      | " + " " * column + "^")
        if err.suggestion:
            lines.append(f"Did you mean '{err.suggestion}'?")
        err.args = ("\n".join(lines),)
        rendered = [f"{type(err).__name__} at cell line {cell_lineno}"] + str(err).splitlines()
    else:
        note = f"{where or 'cell'}, line {cell_lineno}" + (f": {cell_line.strip()}" if cell_line else "")
        if note not in getattr(err, "__notes__", []):
            err.add_note(note)
        rendered = [f"{where or 'cell'}, line {cell_lineno}:"]
        if cell_line is not None:
            rendered.append(f"{cell_lineno:>5} | {cell_line}")
        rendered += f"{type(err).__name__}: {err}".splitlines()
    err._render_traceback_ = lambda: rendered
    return err


def _model_from_cell(kind, text, name, line_offset, description):
    sections = parse_sections(text, kind, line_offset)
    arguments = {}
    for section, (body, _first) in sections.items():
        if section in _ONE_LINE:
            value = body.strip()
            if section == "refractory":
                try:
                    value = float(value)
                except ValueError:
                    pass
            arguments[section] = value
        else:
            arguments[section] = body
    if description is not None:
        arguments["description"] = description
    model = Neuron if kind == "neuron" else Synapse
    try:
        return model(name=name, **arguments)
    except EquationError as err:
        if err.section not in sections:
            raise
        first = sections[err.section][1]
        lines = sections[err.section][0].splitlines()
        offset = (err.lineno or 1) - 1
        cell_line = str(text).splitlines()[first - line_offset - 1 + offset] if offset < len(lines) else None
        column = err.column if err.lineno else None
        raise _point_at_cell(err, first + offset, cell_line, column) from None


def neuron_from_cell(text, name=None, description=None, line_offset=1):
    """A :class:`~annlab.Neuron` from the body of a ``%%neuron`` cell.

    Parameters
    ----------
    text : str
        Sections ``parameters:``, ``equations:``, ``spike:``, ``reset:``,
        ``refractory:``, ``functions:`` (also ``axon_spike:``,
        ``axon_reset:``, ``description:``), each opened by its header line.
    name : str, optional
        The model's name.
    description : str, optional
    line_offset : int
        Cell line number of the line before ``text`` (errors report cell lines).

    Returns
    -------
    Neuron

    Raises
    ------
    EquationError
        With ``cell_lineno``, the cell line of the mistake.

    Examples
    --------
    >>> from annlab.magics import neuron_from_cell
    >>> neuron_from_cell("equations:\\n  tau * dr/dt + r = 1.0\\nparameters: tau = 5.0").type
    'rate'
    """
    return _model_from_cell("neuron", text, name, line_offset, description)


def synapse_from_cell(text, name=None, description=None, line_offset=1):
    """A :class:`~annlab.Synapse` from the body of a ``%%synapse`` cell.

    Parameters
    ----------
    text : str
        Sections ``parameters:``, ``equations:``, ``psp:``, ``operation:``,
        ``pre_spike:``, ``post_spike:``, ``functions:``, ``description:``.
    name, description : str, optional
    line_offset : int
        Cell line number of the line before ``text``.

    Returns
    -------
    Synapse

    Examples
    --------
    >>> from annlab.magics import synapse_from_cell
    >>> synapse_from_cell("parameters: w = 0.5\\npre_spike: g_target += w").type
    'spike'
    """
    return _model_from_cell("synapse", text, name, line_offset, description)


# ---- network cells ---------------------------------------------------------------------------
def _annlab_api():
    import annlab

    return {name: getattr(annlab, name) for name in annlab.__all__}


def _needed_populations(objects):
    """Populations the objects depend on (ends of projections, monitored objects)."""
    needed = []
    for obj in objects:
        if isinstance(obj, Projection):
            needed += [obj.pre.population, obj.post.population]
        elif isinstance(obj, Monitor):
            target = obj.object
            needed += [target.pre.population, target.post.population] if isinstance(target, Projection) \
                else [target.population]
    return needed


def _rebind(value, net, created):
    """The network's copy of ``value`` when the cell created it (lists and tuples too)."""
    if isinstance(value, PopulationView) and id(value.population) in created:
        return net.get(value)
    if isinstance(value, (Population, Projection, Monitor)) and id(value) in created:
        return net.get(value)
    if isinstance(value, (list, tuple)) and value and all(isinstance(v, _ANNLAB_TYPES) for v in value):
        return type(value)(_rebind(v, net, created) for v in value)
    return value


def network_from_code(code, namespace=None, dt=None, seed=None, compile=True, name="network",
                      line_offset=1):
    """Run annlab code and gather the objects it creates into a new :class:`~annlab.Network`.

    Parameters
    ----------
    code : str
        Python creating populations, projections and monitors (the body of a
        ``%%network`` cell).
    namespace : dict, optional
        Globals the code runs in, as a notebook cell does (a notebook's user
        namespace): it binds its names there, and names bound to created
        objects are rebound to the network's copies. annlab names the code
        uses are added when missing. Default: a fresh dict with annlab's API.
    dt : float, optional
        Step of the network in ms (default: ``setup(dt=...)``).
    seed : int, optional
        Seed of the network's random stream (default: from ``setup(seed=...)``).
    compile : bool
        Compile the network.
    name : str
        Used in error messages and tracebacks.
    line_offset : int
        Cell line number of the line before ``code``.

    Returns
    -------
    Network
        Holding the created objects. They are removed from the default
        network, so running the same code again leaves no duplicate.
        Populations created elsewhere that the code connects to are copied
        into the network as well (and stay in the default network).

    Raises
    ------
    NetworkError
        When the code creates no population.
    Exception
        Whatever the code raises, with ``cell_lineno`` (the failing line of
        the cell) and a note naming it.
    """
    api = _annlab_api()
    namespace = dict(api) if namespace is None else namespace
    default = registry.default_network()
    before = {id(obj) for obj in default.objects()}
    callbacks_before = len(default._callbacks)
    filename = f"<%%network {name}>"
    padded = "\n" * line_offset + code
    linecache.cache[filename] = (len(padded), None, padded.splitlines(True), filename)
    try:
        compiled_code = builtins.compile(padded, filename, "exec")
        # The code runs in the namespace itself, as a cell would; annlab names it uses and the
        # namespace lacks (no `from annlab import *`) are provided.
        for missing in _names_used(compiled_code) & set(api) - set(namespace):
            namespace[missing] = api[missing]
        exec(compiled_code, namespace)
    except Exception as err:
        _drop_created(default, before)
        del default._callbacks[callbacks_before:]
        lineno = _cell_lineno(err, filename)
        if lineno is not None and not isinstance(err, SyntaxError):
            lines = padded.splitlines()
            _point_at_cell(err, lineno, lines[lineno - 1] if lineno - 1 < len(lines) else None,
                           where=f"%%network {name}")
        raise
    created = [obj for obj in default.objects() if id(obj) not in before]
    if not any(isinstance(obj, Population) for obj in created):
        raise NetworkError(f"%%network {name}: the cell created no population (create populations, "
                           f"projections and monitors in the cell itself)")
    created_ids = {id(obj) for obj in created}
    extra = [p for p in _needed_populations(created) if id(p) not in created_ids]
    extra = list({id(p): p for p in extra}.values())
    net = Network(dt=dt, seed=seed)
    net.add(extra + created)
    _drop_created(default, before)
    # functions the cell registered with every() run with the cell's network (periods in its steps)
    for function, period, offset in default._callbacks[callbacks_before:]:
        scale = default.dt / net.dt
        net._callbacks.append((function, max(1, int(round(period * scale))), int(round(offset * scale))))
    del default._callbacks[callbacks_before:]
    for key, value in list(namespace.items()):
        if not key.startswith("_"):
            namespace[key] = _rebind(value, net, created_ids)
    if compile:
        net.compile()
    return net


def _names_used(code):
    """Global names a code object (and the functions and classes inside it) refers to."""
    names = set(code.co_names)
    for constant in code.co_consts:
        if hasattr(constant, "co_names"):
            names |= _names_used(constant)
    return names


def _drop_created(default, before):
    """Remove from the default network what was created since the ``before`` snapshot."""
    for obj in [o for o in default.objects() if id(o) not in before]:
        if obj in default.populations or obj in default.projections or obj in default.monitors:
            default._forget(obj)


def _cell_lineno(err, filename):
    if isinstance(err, SyntaxError) and err.filename == filename:
        return err.lineno
    lineno, tb = None, err.__traceback__
    while tb is not None:
        if tb.tb_frame.f_code.co_filename == filename:
            lineno = tb.tb_lineno
        tb = tb.tb_next
    return lineno


# ---- IPython ---------------------------------------------------------------------------------
def register(ipython):
    """Register the ``%%neuron``, ``%%synapse`` and ``%%network`` cell magics with ``ipython``."""
    from IPython.core.magic import Magics, cell_magic, magics_class
    from IPython.core.magic_arguments import argument, magic_arguments, parse_argstring

    @magics_class
    class AnnlabMagics(Magics):
        """The annlab cell magics (see :mod:`annlab.magics`)."""

        def _model(self, kind, line, cell):
            args = parse_argstring(getattr(self, kind), line)
            _check_identifier(args.name, kind)
            make = neuron_from_cell if kind == "neuron" else synapse_from_cell
            model = make(cell, name=args.name, description=args.description)
            self.shell.user_ns[args.name] = model
            return None if args.quiet else model

        @magic_arguments()
        @argument("name", help="Python name the model is bound to (also the model's name)")
        @argument("--description", default=None, help="a one-line description")
        @argument("--quiet", action="store_true", help="do not display the model")
        @cell_magic
        def neuron(self, line, cell):
            """Define a Neuron from sections (parameters:, equations:, spike:, reset:, ...)."""
            return self._model("neuron", line, cell)

        @magic_arguments()
        @argument("name", help="Python name the model is bound to (also the model's name)")
        @argument("--description", default=None, help="a one-line description")
        @argument("--quiet", action="store_true", help="do not display the model")
        @cell_magic
        def synapse(self, line, cell):
            """Define a Synapse from sections (parameters:, equations:, psp:, pre_spike:, ...)."""
            return self._model("synapse", line, cell)

        @magic_arguments()
        @argument("name", help="Python name the Network is bound to")
        @argument("--dt", type=float, default=None, help="step in ms")
        @argument("--seed", type=int, default=None, help="seed of the network's random stream")
        @argument("--no-compile", action="store_true", help="do not compile the network")
        @argument("--quiet", action="store_true", help="do not display the network")
        @cell_magic
        def network(self, line, cell):
            """Gather the populations, projections and monitors the cell creates into a Network."""
            args = parse_argstring(self.network, line)
            _check_identifier(args.name, "network")
            self.shell.user_ns.pop(args.name, None)  # the old network goes, whatever happens next
            net = network_from_code(cell, self.shell.user_ns, dt=args.dt, seed=args.seed,
                                    compile=not args.no_compile, name=args.name)
            self.shell.user_ns[args.name] = net
            return None if args.quiet else net

    ipython.register_magics(AnnlabMagics)
    return AnnlabMagics


def _check_identifier(name, kind):
    if not name.isidentifier():
        raise ValidationError(f"%%{kind}", "name", f"Value must be a Python identifier (got {name!r})")
