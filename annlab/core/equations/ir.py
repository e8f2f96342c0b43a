"""The intermediate representation of a neuron or synapse model.

:func:`describe` reads the text sections of a model into a :class:`ModelIR`:
attributes (parameters and variables with their flags), equations (plain
updates and ODE blocks already turned into one-step assignments), spike
condition, reset, event code... The engine generates kernels from this IR
only; the text is never looked at again.

Examples
--------
>>> ir = describe("neuron", parameters="tau = 10.0", equations="tau*dv/dt + v = 1 : init = 0.5; r = v")
>>> ir.attributes["v"].init, ir.equations[0].method
(0.5, 'explicit')
"""
import ast
import re
from dataclasses import dataclass, field

import sympy

from ...errors import EquationError, closest_name, warn_once
from ..distributions import EQUATION_DISTRIBUTIONS
from .expressions import BUILTIN_NAMES, Scope, as_number, to_sympy
from .integration import CannotIntegrate, event_driven_decay, integrate_block
from .statements import METHODS, split_statements

_ODE = re.compile(r"\bd(?P<name>[A-Za-z_]\w*)\s*/\s*dt\b")
_ASSIGN = re.compile(r"(?<![<>=!+\-*/])(?P<op>[+\-*/]?=)(?!=)")
_FUNCTION = re.compile(r"^\s*(?P<name>[A-Za-z_]\w*)\s*\((?P<args>[^)]*)\)\s*=\s*(?P<body>.+)$")
_IDENTIFIER = re.compile(r"^[A-Za-z_]\w*$")

SPECIAL = {"t", "dt", "t_last", "pi"}
#: Global operations over the neurons of a population: ``mean(r)``, ``max(r)`` (one argument)...
GLOBAL_OPERATIONS = ("min", "max", "mean", "norm1", "norm2")


def global_operation_symbol(operation, variable, owner=None):
    """Name of the value of a global operation in the IR: ``_mean_r`` for the model's own population,
    ``_pre__mean_r`` / ``_post__mean_r`` for the pre-/post-synaptic population of a synapse."""
    name = f"_{operation}_{variable}"
    return name if owner is None else f"_{owner}_{name}"


@dataclass
class Attribute:
    """A parameter or variable of a model.

    ``locality`` is ``local`` (one value per neuron or synapse), ``global``
    (one per population or projection) or ``semiglobal`` (one per
    post-synaptic neuron, synapses only).
    """

    name: str
    kind: str
    locality: str = "local"
    init: float = 0.0
    ctype: str = "float"
    min: object = None
    max: object = None
    method: str = "explicit"
    implicit: bool = False


@dataclass
class Update:
    """``target = expr`` (compound operators already expanded)."""

    target: str
    expr: object
    locality: str = "local"
    statement: object = None


@dataclass
class OdeBlock:
    """Consecutive ODEs with one method, advanced jointly from old values."""

    derivatives: dict
    method: str
    steps: list
    locality: str = "local"
    statements: list = field(default_factory=list)

    @property
    def targets(self):
        return list(self.derivatives)


@dataclass
class RandomDraw:
    """A distribution inside an equation: a fresh value per element and step."""

    symbol: str
    method: str
    args: tuple
    locality: str = "local"
    section: str = "equations"


@dataclass
class ModelIR:
    """Everything the engine needs to know about a model."""

    kind: str
    name: str
    attributes: dict = field(default_factory=dict)
    equations: list = field(default_factory=list)
    spike: object = None
    reset: list = field(default_factory=list)
    refractory: object = None
    targets: list = field(default_factory=list)
    randoms: list = field(default_factory=list)
    psp: object = None
    operation: str = "sum"
    pre_spike: list = field(default_factory=list)
    post_spike: list = field(default_factory=list)
    event_driven: dict = field(default_factory=dict)
    constants: set = field(default_factory=set)
    pre_attributes: set = field(default_factory=set)
    post_attributes: set = field(default_factory=set)
    spiking: bool = False
    #: (operation, variable) pairs: global operations of the own population (neurons) ...
    global_operations: list = field(default_factory=list)
    #: ... and of the pre-/post-synaptic populations (synapses), e.g. ``mean(pre.r)``.
    pre_global_operations: list = field(default_factory=list)
    post_global_operations: list = field(default_factory=list)
    #: User functions (global ones and the model's own): name -> sympy Lambda.
    functions: dict = field(default_factory=dict)

    @property
    def parameters(self):
        return [a.name for a in self.attributes.values() if a.kind == "parameter"]

    @property
    def variables(self):
        return [a.name for a in self.attributes.values() if a.kind == "variable"]

    @property
    def written(self):
        """Attributes the model's code assigns: variables, and parameters changed by events
        (a synapse's automatic ``w`` stays a parameter in ANNarchy, but STDP writes it)."""
        return set(self.variables) | {u.target for u in self.reset + self.pre_spike + self.post_spike}


class _Describer:
    def __init__(self, kind, name, sections, functions, global_functions=()):
        self.kind = kind
        self.label = name
        self.sections = sections
        self.ir = ModelIR(kind=kind, name=name)
        self.symbols = {s: sympy.Symbol(s) for s in ("t", "dt", "t_last")}
        self.symbols["pi"] = sympy.pi
        self.functions = self.ir.functions
        self.section = None
        self.locality = "local"  # of the statement being read (random draws take it)
        for text in global_functions:
            self._read_functions(text)
        self._read_functions(functions)

    # ---- helpers -------------------------------------------------------------
    def error(self, statement, message, offset=None, suggestion=None):
        return statement.error(message, self.label, self.section, offset, suggestion)

    def parse(self, statement, text, offset, literal=False, value=True):
        """``text`` as sympy; ``value``: a condition there stands for 1 or 0, as in C (``r = v > 0``)."""
        def fail(message, column, suggestion):
            return self.error(statement, message, offset + column, suggestion)

        scope = Scope(self.symbols, self._resolve_call, self._resolve_attribute)
        expr = to_sympy(text, scope, fail, literal)
        return as_number(expr) if value else expr

    def _read_functions(self, text):
        self.section = "functions"
        for statement in split_statements(text, "functions", self.label):
            match = _FUNCTION.match(statement.code)
            if not match:
                raise self.error(statement, "A function is written 'name(x, y) = expression'", 0)
            arguments = [a.strip() for a in match["args"].split(",") if a.strip()]
            saved = self.symbols
            self.symbols = {**{a: sympy.Symbol(a) for a in arguments}, "pi": sympy.pi}
            body = self.parse(statement, match["body"], statement.code.index(match["body"]))
            self.symbols = saved
            self.functions[match["name"]] = sympy.Lambda(tuple(sympy.Symbol(a) for a in arguments), body)

    def _resolve_call(self, name, args, converter):
        if name == "sum" and self.kind == "neuron":
            if len(args) != 1 or not hasattr(args[0], "id"):
                raise KeyError("sum() takes the name of a target, e.g. sum(exc)")
            target = args[0].id
            if self.ir.spiking:
                raise KeyError(f"Spiking neurons receive the input of target '{target}' as the conductance "
                               f"g_{target}: write g_{target} instead of sum({target}) (sum() is for "
                               f"rate-coded neurons)")
            if target not in self.ir.targets:
                self.ir.targets.append(target)
            return sympy.Symbol(f"_sum_{target}")
        if name in EQUATION_DISTRIBUTIONS:
            method, count = EQUATION_DISTRIBUTIONS[name]
            if len(args) != count:
                raise KeyError(f"{name}() takes {count} arguments in an equation")
            symbol = f"_rand_{len(self.ir.randoms)}"
            values = tuple(converter.visit(arg) for arg in args)
            self.ir.randoms.append(RandomDraw(symbol, method, values, self.locality, self.section))
            return sympy.Symbol(symbol)
        if name in self.functions:
            function = self.functions[name]
            if len(args) != len(function.variables):
                raise KeyError(f"The function '{name}' takes {len(function.variables)} arguments "
                               f"(got {len(args)})")
            return function(*[converter.visit(arg) for arg in args])
        if name in GLOBAL_OPERATIONS and len(args) == 1:
            return self._global_operation(name, args[0])
        return None

    def _global_operation(self, operation, argument):
        """``mean(r)`` in a neuron, ``mean(pre.r)`` / ``mean(post.r)`` in a synapse: the symbol of its value."""
        if self.kind == "neuron":
            name = getattr(argument, "id", None)
            attribute = self.ir.attributes.get(name)
            if attribute is None or attribute.locality != "local":
                raise KeyError(f"{operation}() applies to a per-neuron variable of the population "
                               f"(got '{ast.unparse(argument)}')")
            if (operation, name) not in self.ir.global_operations:
                self.ir.global_operations.append((operation, name))
            return sympy.Symbol(global_operation_symbol(operation, name))
        owner = getattr(getattr(argument, "value", None), "id", None)
        if not isinstance(argument, ast.Attribute) or owner not in ("pre", "post"):
            raise KeyError(f"{operation}() applies to a variable of the pre- or post-synaptic population, "
                           f"e.g. {operation}(pre.r) (global operations on synaptic variables are not "
                           f"supported, got '{ast.unparse(argument)}')")
        operations = self.ir.pre_global_operations if owner == "pre" else self.ir.post_global_operations
        if (operation, argument.attr) not in operations:
            operations.append((operation, argument.attr))
        return sympy.Symbol(global_operation_symbol(operation, argument.attr, owner))

    def _resolve_attribute(self, owner, name):
        if self.kind != "synapse" or owner not in ("pre", "post"):
            raise KeyError(f"'{owner}.{name}' can only be used in synapses (pre./post.)")
        (self.ir.pre_attributes if owner == "pre" else self.ir.post_attributes).add(name)
        return sympy.Symbol(f"_{owner}_{name}")

    def _locality(self, flags):
        if "population" in flags or "projection" in flags:
            return "global"
        if "postsynaptic" in flags:
            return "semiglobal"
        return "local"

    def _value(self, statement, text):
        offset = statement.code.find(text) if text in statement.code else 0
        expr = self.parse(statement, text, offset)
        values = {symbol: self.ir.attributes[symbol.name].init for symbol in expr.free_symbols
                  if symbol.name in self.ir.attributes}
        value = expr.subs(values) if values else expr
        if value in (sympy.true, sympy.false):
            return float(bool(value))
        try:
            return float(value)
        except TypeError as err:
            raise self.error(statement, f"'{text}' is not a number", offset) from err

    def _bounds(self, statement, flags):
        bounds = []
        for key in ("min", "max"):
            bounds.append(None if flags.get(key) is None else
                          self.parse(statement, flags[key], 0))
        return bounds

    # ---- sections ------------------------------------------------------------
    def parameters(self, text):
        self.section = "parameters"
        for statement in split_statements(text, "parameters", self.label):
            name, _, value = statement.code.partition("=")
            name = name.strip()
            if not _IDENTIFIER.match(name) or not value.strip():
                raise self.error(statement, "A parameter is written 'name = value'", 0)
            self._check_new_name(statement, name)
            ctype = "int" if "int" in statement.flags else "bool" if "bool" in statement.flags else "float"
            self.ir.attributes[name] = Attribute(
                name, "parameter", self._locality(statement.flags),
                self._value(statement, value.strip()), ctype)
            self.symbols[name] = sympy.Symbol(name)

    def _check_new_name(self, statement, name):
        if name in self.ir.attributes or name in BUILTIN_NAMES or name in SPECIAL:
            raise self.error(statement, f"'{name}' is already defined or reserved", 0)
        if name.startswith("_"):
            raise self.error(statement, f"Names starting with '_' are reserved (got '{name}')", 0)

    def _split_assignment(self, statement):
        code = statement.code
        match = _ASSIGN.search(code)
        if match is None:
            raise self.error(statement, "An equation needs an '=' sign", 0)
        ode = _ODE.search(code, 0, match.start())  # the derivative is on the left: tau*dv/dt + v = ...
        left, right = code[:match.start()], code[match.end():]
        return ode, match["op"], left, right, match.end()

    def _declare_variables(self, statements):
        """First pass: every left-hand side becomes a variable (forward references allowed)."""
        odes = {}
        for statement in statements:
            ode, op, left, _right, _ = self._split_assignment(statement)
            name = ode["name"] if ode else left.strip()
            if not _IDENTIFIER.match(name):
                raise self.error(statement, f"Cannot assign to '{left.strip()}'", 0)
            if ode and name in odes:
                raise self.error(statement, f"'{name}' already has a differential equation (line "
                                 f"{odes[name].lineno}); one ODE per variable", 0)
            if ode:
                odes[name] = statement
            if name in self.ir.attributes:
                attribute = self.ir.attributes[name]
                if attribute.implicit and attribute.kind == "parameter":
                    attribute.kind = "variable"  # a synapse's automatic w, made plastic by its equations
                attribute.implicit = False
                if attribute.kind == "parameter":
                    raise self.error(statement, f"'{name}' is a parameter and cannot be assigned in equations", 0)
                continue
            if name in BUILTIN_NAMES or name in SPECIAL or name.startswith("_"):
                raise self.error(statement, f"'{name}' is reserved", 0)
            flags = statement.flags
            ctype = "int" if "int" in flags else "bool" if "bool" in flags else "float"
            self.ir.attributes[name] = Attribute(name, "variable", self._locality(flags), 0.0, ctype)
            self.symbols[name] = sympy.Symbol(name)

    def _declare_conductances(self, statements):
        """Spiking neurons: any g_<target> not defined is an input conductance."""
        for statement in statements:
            for match in re.finditer(r"\bg_([A-Za-z_]\w*)\b", statement.code):
                target = match.group(1)
                name = f"g_{target}"
                if target not in self.ir.targets:
                    self.ir.targets.append(target)
                if name not in self.ir.attributes:
                    self.ir.attributes[name] = Attribute(name, "variable", implicit=True)
                    self.symbols[name] = sympy.Symbol(name)

    def equations(self, text, default_method):
        self.section = "equations"
        statements = split_statements(text, "equations", self.label)
        if self.kind == "neuron" and self.ir.spiking:
            self._declare_conductances(statements)
        self._declare_variables(statements)
        block = None
        for statement in statements:
            ode, op, left, right, right_offset = self._split_assignment(statement)
            flags = statement.flags
            attribute = self.ir.attributes[ode["name"] if ode else left.strip()]
            attribute.locality = self.locality = self._locality(flags)
            if "init" in flags:
                attribute.init = self._value(statement, flags["init"])
            attribute.min, attribute.max = self._bounds(statement, flags)
            methods = [m for m in METHODS if m in flags]
            if ode is None:
                if methods:
                    raise self.error(statement, f"The method '{methods[0]}' only applies to ODEs", 0)
                block = None
                self.ir.equations.append(self._update(statement, attribute.name, op, right, right_offset))
                continue
            method = methods[0] if methods else default_method
            if method == "event-driven" and self.kind != "synapse":
                raise self.error(statement, "'event-driven' only applies to synapses", 0)
            attribute.method = method
            derivative = self._solve_ode(statement, ode, op)
            if method == "event-driven":
                try:
                    self.ir.event_driven[attribute.name] = event_driven_decay(derivative, attribute.name)
                except CannotIntegrate as err:
                    raise self.error(statement, f"Cannot integrate: {err}", 0) from err
                block = None
                continue
            if block is None or block.method != method or block.locality != attribute.locality:
                block = OdeBlock({}, method, [], attribute.locality)
                self.ir.equations.append(block)
            block.derivatives[attribute.name] = derivative
            block.statements.append(statement)
        for item in self.ir.equations:
            if isinstance(item, OdeBlock):
                try:
                    item.steps = integrate_block(item.derivatives, item.method)
                except CannotIntegrate as err:
                    names = list(item.derivatives)
                    at = names.index(err.variable) if err.variable in names else 0
                    raise self.error(item.statements[at], f"Parser: cannot analyse with method "
                                     f"'{item.method}': {err}", 0) from err
        self.locality = "local"
        self._check_localities()

    #: Which localities an equation of each locality may read (ANNarchy refuses the others).
    _READABLE = {"global": ("global",), "semiglobal": ("global", "semiglobal")}

    def _check_localities(self):
        """A population- or projection-wide equation (or one per post neuron) cannot read a per-neuron
        or per-synapse value: there is no single value to read."""
        draws = {draw.symbol: draw.locality for draw in self.ir.randoms}
        for item in self.ir.equations:
            readable = self._READABLE.get(item.locality)
            if readable is None:
                continue
            exprs = [item.expr] if isinstance(item, Update) else [e for _, e in item.steps]
            statements = [item.statement] if isinstance(item, Update) else item.statements
            for expr in exprs:
                for symbol in sorted(expr.free_symbols, key=str):
                    name = symbol.name
                    attribute = self.ir.attributes.get(name)
                    if attribute is not None:
                        locality, shown = attribute.locality, f"'{name}'"
                    elif name in draws:
                        locality, shown = draws[name], "random number"
                    elif name.startswith("_sum_"):
                        locality, shown = "local", f"'sum({name[len('_sum_'):]})'"
                    else:  # t, dt, global operations; pre./post. are checked by the engine, which knows them
                        continue
                    if locality not in readable:
                        kind = "population" if self.kind == "neuron" else (
                            "projection" if item.locality == "global" else "postsynaptic")
                        each = {"local": "per-neuron" if self.kind == "neuron" else "per-synapse",
                                "semiglobal": "per-post-neuron"}[locality]
                        raise self.error(statements[0], f"A ': {kind}' equation cannot depend on the "
                                                        f"{each} {shown}", 0)

    def _solve_ode(self, statement, ode, op):
        if op != "=":
            raise self.error(statement, "An ODE is written with '=', not '" + op + "'", 0)
        name = ode["name"]
        gradient = f"_grad_{name}"
        # Each dx/dt becomes a placeholder name of the same length, so columns stay exact.
        placeholders = {}

        def placeholder(match):
            if match["name"] not in self.ir.attributes:
                return match.group(0)  # e.g. delta/dt: a division
            text = f"_D{len(placeholders)}".ljust(len(match.group(0)), "_")
            placeholders[text] = sympy.Symbol(f"_grad_{match['name']}")
            return text

        code = _ODE.sub(placeholder, statement.code)
        left, _, right = code.partition("=")
        saved = dict(self.symbols)
        self.symbols.update(placeholders)
        try:
            lhs = self.parse(statement, left, 0)
            rhs = self.parse(statement, right, len(left) + 1)
        finally:
            self.symbols = saved
        others = {s.name[len("_grad_"):] for s in (lhs - rhs).free_symbols
                  if s.name.startswith("_grad_") and s.name != gradient}
        if others:
            raise self.error(statement, f"The ODE of {name} cannot contain d{sorted(others)[0]}/dt",
                             ode.start())
        symbol = sympy.Symbol(gradient)
        difference = lhs - rhs
        coefficient = sympy.diff(difference, symbol)
        if coefficient == 0 or coefficient.has(symbol):
            raise self.error(statement, f"The ODE must be linear in d{name}/dt", ode.start())
        # linear in the gradient (checked above): a*g + b = 0 -> g = -b/a, without sympy.solve's
        # simplification passes (a tenth of a second per ODE)
        return -difference.subs(symbol, 0) / coefficient

    def _update(self, statement, target, op, right, right_offset):
        # Plain assignments keep their written structure (see to_sympy's literal).
        expr = self.parse(statement, right, right_offset, literal=op == "=")
        current = sympy.Symbol(target)
        expr = {"=": expr, "+=": current + expr, "-=": current - expr,
                "*=": current * expr, "/=": current / expr}[op]
        return Update(target, expr, self.ir.attributes[target].locality if target in self.ir.attributes
                      else "local", statement)

    def condition(self, text, section):
        self.section = section
        statements = split_statements(text, section, self.label)
        if len(statements) != 1:
            raise EquationError(f"The {section} condition must be a single expression",
                                model=self.label, section=section, line=str(text))
        statement = statements[0]
        return self.parse(statement, statement.code, 0, value=section != "spike")

    def event_code(self, text, section):
        """reset / pre_spike / post_spike: assignments only."""
        self.section = section
        updates = []
        for statement in split_statements(text, section, self.label):
            ode, op, left, right, right_offset = self._split_assignment(statement)
            target = left.strip()
            if ode is not None:
                raise self.error(statement, f"ODEs are not allowed in {section}", ode.start())
            if self.kind == "synapse" and (target == "g_target" or target.startswith("post.")):
                name = target
            else:
                if target not in self.ir.attributes:
                    raise self.error(statement, f"Unknown variable '{target}'", 0,
                                     closest_name(target, self.ir.attributes))
                if self.ir.attributes[target].kind == "parameter" and section == "reset":
                    raise self.error(statement, f"'{target}' is a parameter and cannot be changed in {section}", 0)
                name = target
            current = self.symbols.get(name, sympy.Symbol(_code_name(name)))
            expr = self.parse(statement, right, right_offset, literal=op == "=")
            expr = {"=": expr, "+=": current + expr, "-=": current - expr,
                    "*=": current * expr, "/=": current / expr}[op]
            updates.append(Update(_code_name(name), expr, statement=statement))
        return updates


def _code_name(name):
    """``post.x`` -> ``_post_x``; other names unchanged."""
    if name.startswith("post."):
        return "_post_" + name[5:]
    return name


def describe(kind, parameters="", equations="", spike=None, reset=None, refractory=None,
             functions=None, name=None, psp=None, operation="sum", pre_spike=None,
             post_spike=None, default_method="explicit", constants=None, global_functions=()):
    """Read the sections of a neuron or synapse into a :class:`ModelIR`.

    ``constants`` (name -> value) are names usable in the equations; those
    used become population- (projection-) wide parameters listed in
    ``ir.constants``, whose values the engine takes from the constants.
    ``global_functions`` are texts of functions defined for every model
    (``add_function``), read before the model's own ``functions``.

    Raises
    ------
    EquationError
        For any mistake, pointing at the line (and column) at fault.
    """
    label = f"{'Neuron' if kind == 'neuron' else 'Synapse'}" + (f" '{name}'" if name else "")
    describer = _Describer(kind, label, {}, functions, global_functions)
    ir = describer.ir
    ir.name = name or ""
    ir.spiking = kind == "neuron" and bool(spike) or kind == "synapse" and bool(pre_spike or post_spike)
    describer.parameters(parameters)
    for constant, value in (constants or {}).items():
        if constant not in ir.attributes:
            ir.attributes[constant] = Attribute(constant, "parameter", "global", float(value), implicit=True)
            describer.symbols[constant] = sympy.Symbol(constant)
            ir.constants.add(constant)
    if kind == "synapse":
        describer.symbols["g_target"] = sympy.Symbol("g_target")
        if "w" not in ir.attributes:
            ir.attributes["w"] = Attribute("w", "parameter", implicit=True)
            describer.symbols["w"] = sympy.Symbol("w")
    describer.equations(equations, default_method)
    if kind == "neuron":
        if spike:
            ir.spike = describer.condition(spike, "spike")
            if not (ir.spike.is_Relational or isinstance(ir.spike, sympy.logic.boolalg.Boolean)):
                warn_once(f"{label}: the spike condition '{str(spike).strip()}' is not a comparison: as in "
                          f"ANNarchy, the neuron spikes at every step where it is not 0 (did you mean "
                          f"'{str(spike).strip()} > 0'?)", key=("spike not a condition", str(spike)), stacklevel=4)
            ir.reset = describer.event_code(reset, "reset")
            if "r" not in ir.attributes:  # as in ANNarchy: the firing rate over a window, 0 until
                ir.attributes["r"] = Attribute("r", "variable")  # compute_firing_rate() sets the window
        elif "r" not in ir.attributes:
            raise EquationError("A rate-coded neuron must define the firing rate 'r' "
                                "(or give a spike condition to make it spiking)",
                                model=label, section="equations")
        if refractory is not None:
            if isinstance(refractory, (int, float)):
                ir.refractory = sympy.Float(refractory)
            else:
                ir.refractory = describer.condition(str(refractory), "refractory")
    else:
        describer.section = "psp"
        if psp:
            ir.psp = describer.condition(psp, "psp")
        if operation not in ("sum", "max", "min", "mean"):
            raise EquationError(f"Unknown operation '{operation}'", model=label, section="operation",
                                suggestion=closest_name(operation, ["sum", "max", "min", "mean"]))
        ir.operation = operation
        ir.pre_spike = describer.event_code(pre_spike, "pre_spike")
        ir.post_spike = describer.event_code(post_spike, "post_spike")
    _drop_unused_constants(ir)
    return ir


def _drop_unused_constants(ir):
    if not ir.constants:
        return
    used = set()
    expressions = [ir.spike, ir.refractory, ir.psp]
    for item in ir.equations + ir.reset + ir.pre_spike + ir.post_spike:
        expressions += [item.expr] if isinstance(item, Update) else [e for _, e in item.steps]
    expressions += [a.min for a in ir.attributes.values()] + [a.max for a in ir.attributes.values()]
    expressions += [arg for draw in ir.randoms for arg in draw.args]
    expressions += [term for pair in ir.event_driven.values() for term in pair]
    for expr in expressions:
        if expr is not None and hasattr(expr, "free_symbols"):
            used |= {symbol.name for symbol in expr.free_symbols}
    for name in list(ir.constants):
        if name not in used:
            del ir.attributes[name]
            ir.constants.discard(name)
