"""Split model text into statements and their flags.

ANNarchy's model syntax has one statement per line (or several separated by
``;``), ``#`` comments, and flags after a colon::

    tau * dv/dt = -v + I : init = -65.0, min = -90.0
    s = if v > 0: 1.0 else: 0.0 : init = 0.0

This module only cuts text; the expressions are understood by
:mod:`annlab.core.equations.expressions`.

Examples
--------
>>> [s.code for s in split_statements("a = 1; b = 2 # comment", "parameters")]
['a = 1', 'b = 2']
>>> split_statements("v = 0 : init = 1.0, min = 0", "equations")[0].flags
{'init': '1.0', 'min': '0'}
"""
import re
from dataclasses import dataclass, field

from ...errors import EquationError, closest_name

#: Flags that take a value (``init = -65``).
VALUE_FLAGS = ("init", "min", "max")
#: Numerical methods accepted as flags on ODEs.
METHODS = ("explicit", "implicit", "semiimplicit", "exponential", "midpoint",
           "rk4", "exact", "event-driven")
#: Flags without value. ``unless_refractory`` is accepted and has no effect, as in ANNarchy 4.x
#: (whose changelog says so: during the refractory period only the conductances evolve).
BARE_FLAGS = ("population", "projection", "postsynaptic", "int", "bool", "float",
              "unless_refractory", "constant") + METHODS

_ELSE = re.compile(r"\belse\s*:")
_IF_START = re.compile(r"^(\s*[^=]*?[-+*/]?=\s*)if\b")
#: An assignment operator (``=``, ``+=``...; not ``==``, ``<=``, ``>=``, ``!=``).
_ASSIGNMENT = re.compile(r"(?<![<>=!])=(?!=)")
#: Sections whose statements may continue on the next lines (a line without assignment
#: continues the statement before it, as ANNarchy reads its equations).
CONTINUED_SECTIONS = ("equations", "reset", "pre_spike", "post_spike", "functions")


@dataclass
class Statement:
    """One statement of a model section.

    Attributes
    ----------
    code : str
        The statement without its flags.
    flags : dict
        Flag name -> value string (``None`` for bare flags).
    line : str
        The whole source line, for error messages.
    lineno : int
        1-based line number inside the section.
    column : int
        Column of ``code`` inside ``line``.
    """

    code: str
    flags: dict = field(default_factory=dict)
    line: str = ""
    lineno: int = 0
    column: int = 0

    def error(self, message, model=None, section=None, offset=None, suggestion=None):
        """An :class:`EquationError` pointing at ``offset`` inside ``code``."""
        column = None if offset is None else self.column + offset
        return EquationError(message, model=model, section=section, line=self.line,
                             column=column, lineno=self.lineno, suggestion=suggestion)


def _flag_separator(code):
    """Index of the colon that starts the flags, or -1.

    In ``x = if c: a else: b : init=0`` the colons of the conditional belong to
    the expression; the flags start at the first colon after the last ``else:``
    (conditionals may be nested in either branch).
    """
    start = 0
    if _IF_START.match(code):
        matches = list(_ELSE.finditer(code))
        if not matches:
            return -2
        start = matches[-1].end()
    return code.find(":", start)


def _parse_flags(text, statement, model, section):
    flags = {}
    offset = 0
    for part in text.split(","):
        stripped = part.strip()
        position = offset + (len(part) - len(part.lstrip()))
        offset += len(part) + 1
        if not stripped:
            continue
        if "=" in stripped:
            name, value = (piece.strip() for piece in stripped.split("=", 1))
            if name not in VALUE_FLAGS:
                raise statement.error(f"Unknown flag '{name}'", model, section,
                                      offset=position,
                                      suggestion=closest_name(name, VALUE_FLAGS))
            flags[name] = value
        else:
            if stripped not in BARE_FLAGS:
                raise statement.error(f"Unknown flag '{stripped}'", model, section,
                                      offset=position,
                                      suggestion=closest_name(stripped, BARE_FLAGS + VALUE_FLAGS))
            flags[stripped] = None
    return flags


def split_statements(text, section, model=None):
    """Cut a section of model text into :class:`Statement` objects.

    Parameters
    ----------
    text : str or None
        The section (``parameters``, ``equations``, ``reset``...).
    section : str
        Its name, for error messages.
    model : str, optional
        The model's name, for error messages.
    """
    statements = []
    if not text:
        return statements
    for statement in _pieces(text, section):
        code = statement.code
        separator = _flag_separator(code)
        if separator == -2:
            raise statement.error("A conditional 'if ...:' needs an 'else:' part",
                                  model, section, offset=0)
        if separator >= 0:
            flag_text = code[separator + 1:]
            statement.code = code[:separator].rstrip()
            flag_stmt = Statement(code=flag_text, line=statement.line, lineno=statement.lineno,
                                  column=statement.column + separator + 1)
            statement.flags = _parse_flags(flag_text, flag_stmt, model, section)
        statements.append(statement)
    return statements


#: How a statement that goes on may end (``r = a +``, ``if c:``), and how a continuation line may start.
_GOING_ON = ("+", "-", "*", "/", "^", "(", "[", ",", ":", "=", " and", " or", " not")
_CONTINUING = ("+", "-", "*", "/", "^", ")", "]", ",", "else", "and ", "or ")


def _incomplete(code):
    """Whether a statement goes on on the next line: it ends with an operator, a parenthesis is
    open, or a conditional lacks its ``else:`` part."""
    if code.endswith(_GOING_ON) or code.count("(") > code.count(")") or code.count("[") > code.count("]"):
        return True
    return bool(_IF_START.match(code)) and len(re.findall(r"\bif\b", code)) > len(_ELSE.findall(code))


def _pieces(text, section):
    """The statements of ``text`` without flags parsed: one per ``;``-separated piece of a line,
    except that in :data:`CONTINUED_SECTIONS` a piece without assignment continues the one before
    when that one is incomplete or the piece starts as a continuation (``r = if t > 5:`` / ``1`` /
    ``else:`` / ``0`` is one statement, as in ANNarchy). A continued statement shows
    its lines joined in error messages."""
    pieces = []
    for lineno, raw_line in enumerate(str(text).splitlines(), start=1):
        line = raw_line.rstrip()
        code_part = line.split("#", 1)[0]
        position = 0
        for piece in code_part.split(";"):
            piece_start = position
            position += len(piece) + 1
            if not piece.strip():
                continue
            code = piece.strip()
            if pieces and section in CONTINUED_SECTIONS and not _ASSIGNMENT.search(code) \
                    and (_incomplete(pieces[-1].code) or code.startswith(_CONTINUING)):
                previous = pieces[-1]
                previous.code += " " + code
                previous.line, previous.column = previous.code, 0
                continue
            leading = len(piece) - len(piece.lstrip())
            pieces.append(Statement(code=code, line=line, lineno=lineno, column=piece_start + leading))
    return pieces
