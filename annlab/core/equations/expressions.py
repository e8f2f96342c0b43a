"""Turn the text of one expression into a sympy expression.

Python's own parser (:mod:`ast`) reads the text, so positions of mistakes are
known exactly; each node is then mapped to sympy. Names are resolved through a
:class:`Scope` supplied by the caller, which knows the model's parameters,
variables and special names (``t``, ``dt``, ``sum(exc)``, ``pre.r``...).

Examples
--------
>>> import sympy
>>> scope = Scope({"v": sympy.Symbol("v"), "a": sympy.Symbol("a")})
>>> to_sympy("a * v^2 + pos(v)", scope)
a*v**2 + pos(v)
"""
import ast
import re
import sys

import sympy

from ...errors import EquationError, closest_name


class pos(sympy.Function):
    """``max(x, 0)``."""
    nargs = 1


class neg(sympy.Function):
    """``min(x, 0)``."""
    nargs = 1


class clip(sympy.Function):
    """``clip(x, low, high)``."""
    nargs = 3


class modulo(sympy.Function):
    """``modulo(a, b)``: remainder as Python's ``%``."""
    nargs = 2


class ite(sympy.Function):
    """``ite(condition, if_true, if_false)``, kept unevaluated so that
    conditions on plain numbers survive until code generation."""
    nargs = 3

    def _eval_derivative(self, symbol):
        """Piecewise: the derivative of the branch taken (the condition switches, it has no slope)."""
        condition, if_true, if_false = self.args
        return ite(condition, if_true.diff(symbol), if_false.diff(symbol))


_MATH_FUNCTIONS = {
    "exp": sympy.exp, "log": sympy.log, "sqrt": sympy.sqrt,
    "sin": sympy.sin, "cos": sympy.cos, "tan": sympy.tan,
    "asin": sympy.asin, "acos": sympy.acos, "atan": sympy.atan,
    "arcsin": sympy.asin, "arccos": sympy.acos, "arctan": sympy.atan,
    "sinh": sympy.sinh, "cosh": sympy.cosh, "tanh": sympy.tanh,
    "abs": sympy.Abs, "fabs": sympy.Abs, "floor": sympy.floor, "ceil": sympy.ceiling,
    "pos": pos, "positive": pos, "neg": neg, "negative": neg, "clip": clip,
    "modulo": modulo, "ite": ite,
    "power": lambda base, exponent: sympy.Pow(base, exponent),
    "min": sympy.Min, "max": sympy.Max,
}

#: Names every expression may use besides the model's own.
BUILTIN_NAMES = tuple(_MATH_FUNCTIONS) + ("t", "dt", "pi", "True", "False")



class Scope:
    """How names inside an expression are resolved.

    Parameters
    ----------
    symbols : dict
        Name -> sympy object for the model's names (parameters, variables,
        ``t``, ``dt``...).
    resolve_call : callable, optional
        ``resolve_call(name, args, node_text) -> sympy object or None`` for
        special calls (``sum(exc)``, random distributions, user functions).
        Returning None means "not special".
    resolve_attribute : callable, optional
        ``resolve_attribute(owner, name) -> sympy object`` for ``pre.r``,
        ``post.v``; raises KeyError when unknown.
    """

    def __init__(self, symbols, resolve_call=None, resolve_attribute=None):
        self.symbols = dict(symbols)
        self.symbols.setdefault("pi", sympy.pi)
        self.resolve_call = resolve_call
        self.resolve_attribute = resolve_attribute


#: Functions built unevaluated in literal mode (as sympy's ``parse_expr(evaluate=False)`` does).
_UNEVALUATED_FUNCTIONS = {"exp", "log", "sqrt", "sin", "cos", "tan", "asin", "acos", "atan",
                          "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "abs", "fabs"}


class _Converter(ast.NodeVisitor):
    def __init__(self, scope, fail, literal=False):
        self.scope = scope
        self.fail = fail  # fail(message, col_offset, suggestion) -> exception
        self.literal = literal

    def generic_visit(self, node):
        raise self.fail(f"'{ast.unparse(node)}' is not allowed in an equation",
                        getattr(node, "col_offset", 0), None)

    def visit_Expression(self, node):
        return self.visit(node.body)

    def visit_Constant(self, node):
        if isinstance(node.value, bool):
            return sympy.true if node.value else sympy.false
        if isinstance(node.value, int):
            return sympy.Integer(node.value)
        if isinstance(node.value, float):
            return sympy.Float(node.value)
        raise self.fail(f"Unexpected constant {node.value!r}", node.col_offset, None)

    def visit_Name(self, node):
        name = node.id
        if name in self.scope.symbols:
            return self.scope.symbols[name]
        candidates = list(self.scope.symbols) + ["t", "dt"]
        raise self.fail(f"Unknown name '{name}'", node.col_offset,
                        closest_name(name, candidates))

    def visit_Attribute(self, node):
        if not isinstance(node.value, ast.Name) or self.scope.resolve_attribute is None:
            raise self.fail(f"'{ast.unparse(node)}' is not allowed here", node.col_offset, None)
        try:
            return self.scope.resolve_attribute(node.value.id, node.attr)
        except KeyError as err:
            message = err.args[0] if err.args else f"Unknown name '{ast.unparse(node)}'"
            suggestion = err.args[1] if len(err.args) > 1 else None
            raise self.fail(message, node.col_offset, suggestion) from err

    def _literal_binop(self, node):
        """``node`` as unevaluated sympy, exactly as ``parse_expr(evaluate=False)`` builds it.

        Sympy's automatic evaluation would distribute and regroup terms
        (``0.5*(15 - v)`` -> ``7.5 - 0.5*v``), which changes the rounding of
        the generated code; ANNarchy prints plain assignments unevaluated.
        """
        op = type(node.op)
        left, right = as_number(self.visit(node.left)), as_number(self.visit(node.right))
        if op is ast.Pow:
            return sympy.Pow(left, right, evaluate=False)
        if op is ast.Sub:
            right = sympy.Mul(sympy.Integer(-1), right, evaluate=False)
        elif op is ast.Div:
            right = sympy.Pow(right, sympy.Integer(-1), evaluate=False)
        kinds = (ast.Add, ast.Sub) if op in (ast.Add, ast.Sub) else (ast.Mult, ast.Div)
        cls = sympy.Add if op in (ast.Add, ast.Sub) else sympy.Mul
        args = []
        for child, value in ((node.left, left), (node.right, right)):
            nested = (isinstance(child, ast.BinOp) and type(child.op) in kinds
                      and (child is node.left or op in (ast.Add, ast.Mult)))
            args.extend(value.args if nested and isinstance(value, cls) else [value])
        return cls(*args, evaluate=False)

    def visit_BinOp(self, node):
        if self.literal and type(node.op) in (ast.Add, ast.Sub, ast.Mult, ast.Div, ast.Pow):
            return self._literal_binop(node)
        left, right = as_number(self.visit(node.left)), as_number(self.visit(node.right))
        op = type(node.op)
        if op is ast.Add:
            return left + right
        if op is ast.Sub:
            return left - right
        if op is ast.Mult:
            return left * right
        if op is ast.Div:
            return left / right
        if op is ast.Pow:
            return left ** right
        if op is ast.Mod:
            return modulo(left, right)
        raise self.fail(f"Operator '{ast.unparse(node)}' is not supported", node.col_offset, None)

    def visit_UnaryOp(self, node):
        operand = self.visit(node.operand)
        if not isinstance(node.op, ast.Not):
            operand = as_number(operand)
        if isinstance(node.op, ast.USub):
            return -operand
        if isinstance(node.op, ast.UAdd):
            return operand
        if isinstance(node.op, ast.Not):
            return sympy.Not(_truth(operand))
        raise self.fail(f"Operator in '{ast.unparse(node)}' is not supported", node.col_offset, None)

    def visit_BoolOp(self, node):
        values = [_truth(self.visit(value)) for value in node.values]
        return sympy.And(*values) if isinstance(node.op, ast.And) else sympy.Or(*values)

    def visit_Compare(self, node):
        operators = {ast.Lt: sympy.Lt, ast.LtE: sympy.Le, ast.Gt: sympy.Gt,
                     ast.GtE: sympy.Ge, ast.Eq: sympy.Eq, ast.NotEq: sympy.Ne,
                     ast.Is: sympy.Eq, ast.IsNot: sympy.Ne}  # 'is' compares values, as in ANNarchy
        left = self.visit(node.left)
        parts = []
        for op, comparator in zip(node.ops, node.comparators):
            if type(op) not in operators:
                raise self.fail(f"Comparison in '{ast.unparse(node)}' is not supported",
                                node.col_offset, None)
            right = self.visit(comparator)
            parts.append(operators[type(op)](left, right, evaluate=False))
            left = right
        return parts[0] if len(parts) == 1 else sympy.And(*parts)

    def _end_sum(self, node):
        """``pre.sum(exc)`` / ``post.sum(exc)`` in a synapse: the input of that target of the end neuron."""
        owner = node.func.value.id
        if len(node.args) != 1 or not isinstance(node.args[0], ast.Name) or node.keywords:
            raise self.fail(f"{owner}.sum() takes the name of a target, e.g. {owner}.sum(exc)", node.col_offset, None)
        try:
            return self.scope.resolve_attribute(owner, f"_sum_{node.args[0].id}")
        except KeyError as err:
            raise self.fail(err.args[0], node.col_offset, None) from err

    def visit_IfExp(self, node):
        return ite(_truth(self.visit(node.test)), as_number(self.visit(node.body)), as_number(self.visit(node.orelse)))

    def visit_Call(self, node):
        if isinstance(node.func, ast.Attribute) and node.func.attr == "sum" and \
                getattr(node.func.value, "id", None) in ("pre", "post") and self.scope.resolve_attribute:
            return self._end_sum(node)
        if not isinstance(node.func, ast.Name):
            raise self.fail(f"'{ast.unparse(node.func)}' cannot be called", node.col_offset, None)
        name = node.func.id
        if node.keywords:
            raise self.fail(f"Keyword arguments are not allowed in '{name}(...)'",
                            node.col_offset, None)
        if self.scope.resolve_call is not None:
            try:
                special = self.scope.resolve_call(name, node.args, self)
            except KeyError as err:
                message = err.args[0] if err.args else f"Unknown function '{name}'"
                raise self.fail(message, node.col_offset, None) from err
            if special is not None:
                return special
        if name not in _MATH_FUNCTIONS:
            raise self.fail(f"Unknown function '{name}'", node.col_offset,
                            closest_name(name, _MATH_FUNCTIONS))
        args = [as_number(self.visit(arg)) for arg in node.args]
        try:
            if self.literal and name in _UNEVALUATED_FUNCTIONS:
                return _MATH_FUNCTIONS[name](*args, evaluate=False)
            return _MATH_FUNCTIONS[name](*args)
        except (TypeError, ValueError) as err:
            raise self.fail(f"Wrong arguments for '{name}': {err}", node.col_offset, None) from err


_IF = re.compile(r"\bif\b")
_ELSE_COLON = re.compile(r"\belse\s*:")


def _top_level(text, pattern):
    """Matches of ``pattern`` in ``text`` outside parentheses and brackets."""
    depth, found = 0, []
    positions = {m.start(): m for m in pattern.finditer(text)}
    for index, char in enumerate(text):
        if char in "([":
            depth += 1
        elif char in ")]":
            depth -= 1
        elif depth == 0 and index in positions:
            found.append(positions[index])
    return found


def _conditional(text):
    """``if c: a else: b`` (branches may nest further conditionals) as Python's
    ``((a) if (c) else (b))``; other text unchanged. None when an ``else:`` is missing."""
    stripped = text.strip()
    if not stripped.startswith("if") or not _IF.match(stripped):
        return text
    colon, depth = None, 0
    for index, char in enumerate(stripped[2:], start=2):
        depth += char in "(["
        depth -= char in ")]"
        if char == ":" and depth == 0:
            colon = index
            break
    if colon is None:
        return None
    condition, rest = stripped[2:colon], stripped[colon + 1:]
    # the else of this conditional: the first top-level 'else:' not taken by a nested 'if'
    events = sorted([(m.start(), "if") for m in _top_level(rest, _IF)]
                    + [(m.start(), m) for m in _top_level(rest, _ELSE_COLON)], key=lambda e: e[0])
    pending = 0
    for _, event in events:
        if event == "if":
            pending += 1
        elif pending:
            pending -= 1
        else:
            then, otherwise = _conditional(rest[:event.start()]), _conditional(rest[event.end():])
            if then is None or otherwise is None:
                return None
            return f"(({then.strip()}) if ({condition.strip()}) else ({otherwise.strip()}))"
    return None


def _rewrite(text):
    """Replace ``^`` by ``**`` and ``if c: a else: b`` by Python's conditional expression.

    Returns the new text and a function mapping a column in it back to the
    original text.
    """
    inserted = []  # (position in new text, number of characters added)
    conditional = _conditional(text)
    if conditional is not None and conditional is not text:
        text = conditional
        inserted = None  # positions no longer map exactly; point at the start
    new = []
    for char in text:
        if char == "^":
            if inserted is not None:
                inserted.append((len(new), 1))
            new.append("**")
        else:
            new.append(char)
    new_text = "".join(new)

    def original_column(column):
        if inserted is None:
            return 0
        shift = sum(added for position, added in inserted if position < column)
        return max(0, column - shift)

    return new_text, original_column


def _is_condition(value):
    """A comparison or a logical combination (sympy's Symbol is a Boolean too: it is not one here)."""
    return isinstance(value, sympy.logic.boolalg.Boolean) and not isinstance(value, sympy.Expr)


def as_number(value):
    """A condition used as a number, as in C and ANNarchy: 1 when true, 0 when false."""
    if value is sympy.true or value is sympy.false:
        return sympy.Integer(int(bool(value)))
    if _is_condition(value):
        return ite(value, sympy.Integer(1), sympy.Integer(0))
    return value


def _truth(value):
    """A number as a condition, as in C and ANNarchy: true when it is not 0."""
    if _is_condition(value):
        return value
    return sympy.Ne(value, 0)


def to_sympy(text, scope, fail=None, literal=False):
    """Parse ``text`` into a sympy expression.

    Parameters
    ----------
    text : str
        The expression (right-hand side, condition...).
    scope : Scope
        Name resolution.
    fail : callable, optional
        ``fail(message, column, suggestion) -> Exception`` building the error
        for a mistake at ``column`` of ``text``. Defaults to a bare
        :class:`EquationError` showing ``text``.
    literal : bool, optional
        Keep the structure as written (unevaluated ``+ - * / **`` and
        elementary functions), so that the printed code evaluates the
        operands in the same grouping as ANNarchy's. Default: evaluated.
    """
    if fail is None:
        def fail(message, column, suggestion):
            return EquationError(message, line=text, column=column, suggestion=suggestion)

    rewritten, original_column = _rewrite(text)
    try:
        tree = ast.parse(rewritten.strip(), mode="eval")
    except SyntaxError as err:
        column = max(0, (err.offset or 1) - 1)
        offset = len(rewritten) - len(rewritten.lstrip())
        raise fail(f"Syntax error: {err.msg}", original_column(column + offset), None) from err
    leading = len(rewritten) - len(rewritten.lstrip())

    def mapped_fail(message, column, suggestion):
        return fail(message, original_column(column + leading), suggestion)

    # Long sums nest one level per term (ast and sympy recurse on them): give them room, within reason.
    limit = sys.getrecursionlimit()
    sys.setrecursionlimit(max(limit, 20_000))
    try:
        return _Converter(scope, mapped_fail, literal).visit(tree)
    except RecursionError as err:
        raise fail("The expression is too long or too deeply nested to be analysed; split it with intermediate "
                   "variables", 0, None) from err
    except (TypeError, ValueError, AttributeError, ZeroDivisionError, OverflowError) as err:
        # sympy refusing a combination the checks above did not anticipate: still the user's text at fault
        raise fail(f"This expression cannot be analysed ({type(err).__name__}: {err})", 0, None) from err
    finally:
        sys.setrecursionlimit(limit)
