"""Generated code as data: statements that know what they read and write, and their printing.

The kernel generators build each section of a kernel as a list of
statements; nothing edits code after it was printed. A statement's ``reads``
and ``writes`` are names (of scalars, arrays and loop indices), taken from the
sympy symbols of its expression or from its array access, so a generator asks
"which arrays does this body index with ``_j``?" of the statements
(:func:`accesses`) and rewrites a body by rebuilding statements
(:func:`retarget`). :func:`fill` puts sections into a template: a field alone
on its line is a section, printed at that line's indentation (an empty section
prints nothing), other fields are inline text.

A plain ``str`` in a section is a fixed line written by the generator itself
(``n_spikes += 1``); it is printed as it is and reads nothing a generator asks about.

Examples
--------
>>> body = [Load("w_", "_a_w", "_s"), Assign("_g", "_g + w_", frozenset({"_g", "w_"})),
...         Block("if plastic:", [Store("_a_w", "_s", "w_")])]
>>> print(fill("def f():\\n    for _s in range(n):\\n        {body}\\n    {nothing}\\n    return", body=body,
...            nothing=[]))
def f():
    for _s in range(n):
        w_ = _a_w[_s]
        _g = _g + w_
        if plastic:
            _a_w[_s] = w_
    return
>>> sorted(accesses(body))
[('_a_w', '_s')]
>>> retarget(body, {"_a_w"}, "_s", "_run", "_k")[0]
Load(target='w_', array='_a_w_run', index='_k')
"""
import dataclasses
import functools
import string

#: One level of indentation in generated code.
INDENT = " " * 4

_FORMATTER = string.Formatter()


@dataclasses.dataclass(frozen=True)
class Assign:
    """``target = value``; ``reads``: the names ``value`` uses."""

    target: str
    value: str
    reads: frozenset = frozenset()

    @property
    def writes(self):
        return frozenset({self.target})

    def lines(self):
        return [f"{self.target} = {self.value}"]

    def guarded(self, guard, select=None):
        """The same assignment where ``guard`` holds, else ``target`` unchanged (a select, not a branch);
        ``select(condition, if_true, if_false)`` prints the select (default: a conditional expression)."""
        value = select(guard, self.value, self.target) if select else f"({self.value}) if {guard} else {self.target}"
        return Assign(self.target, value, self.reads | {guard, self.target})


@dataclasses.dataclass(frozen=True)
class Load:
    """``target = array[index]``."""

    target: str
    array: str
    index: str

    @property
    def reads(self):
        return frozenset({self.array, self.index})

    @property
    def writes(self):
        return frozenset({self.target})

    def lines(self):
        return [f"{self.target} = {self.array}[{self.index}]"]


@dataclasses.dataclass(frozen=True)
class Store:
    """``array[index] = value``."""

    array: str
    index: str
    value: str

    @property
    def reads(self):
        return frozenset({self.index, self.value})

    @property
    def writes(self):
        return frozenset({self.array})

    def lines(self):
        return [f"{self.array}[{self.index}] = {self.value}"]


@dataclasses.dataclass(frozen=True)
class Call:
    """``function(arguments...)``, or ``target = function(arguments...)``: a kernel called from ``run``.

    Each argument is a name (``step``, ``pop0_S``) or a short expression of names (``pop0_S[3]``).

    Examples
    --------
    >>> Call("stop_pop0", ("step", "dt", "pop0_S"), target="hit").lines()
    ['hit = stop_pop0(step, dt, pop0_S)']
    """

    function: str
    arguments: tuple
    target: str = None

    @property
    def reads(self):
        return frozenset(self.arguments)

    @property
    def writes(self):
        return frozenset({self.target} if self.target else ())

    def lines(self):
        call = f"{self.function}({', '.join(self.arguments)})"
        return [f"{self.target} = {call}" if self.target else call]


@dataclasses.dataclass(frozen=True)
class Block:
    """``header`` (``if plastic:``, ``for i in range(N):``) and the statements it holds, indented."""

    header: str
    body: list
    reads: frozenset = frozenset()

    @property
    def writes(self):
        return frozenset().union(*(_writes(s) for s in self.body))

    def lines(self):
        return [self.header] + [INDENT + line if line else "" for line in render(self.body)]


def _reads(statement):
    return frozenset() if isinstance(statement, str) else statement.reads


def _writes(statement):
    return frozenset() if isinstance(statement, str) else statement.writes


def render(section):
    """Lines of a section (statements, blocks and fixed lines), indented from 0."""
    lines = []
    for statement in section:
        lines += [statement] if isinstance(statement, str) else statement.lines()
    return lines


def reads(section):
    """Every name the statements of ``section`` read, blocks included."""
    names = set()
    for statement in section:
        names |= _reads(statement)
        if isinstance(statement, Block):
            names |= reads(statement.body)
    return names


def accesses(section):
    """The (array, index) pairs the statements of ``section`` load or store, blocks included."""
    found = set()
    for statement in section:
        if isinstance(statement, (Load, Store)):
            found.add((statement.array, statement.index))
        elif isinstance(statement, Block):
            found |= accesses(statement.body)
    return found


def retarget(section, arrays, index, suffix, new_index):
    """``section`` with each access ``a[index]`` of an array in ``arrays`` made ``a<suffix>[new_index]``."""
    def moved(statement):
        if isinstance(statement, (Load, Store)) and statement.array in arrays and statement.index == index:
            return dataclasses.replace(statement, array=statement.array + suffix, index=new_index)
        if isinstance(statement, Block):
            return dataclasses.replace(statement, body=retarget(statement.body, arrays, index, suffix, new_index))
        return statement
    return [moved(statement) for statement in section]


@functools.lru_cache(maxsize=256)
def _template_lines(template):
    """(line, field alone on it or None, its indentation) of each line of ``template``: parsed once."""
    parsed = []
    for line in template.split("\n"):
        parts = list(_FORMATTER.parse(line))
        alone = len(parts) == 1 and parts[0][1] and not parts[0][0].strip()
        parsed.append((line, parts[0][1] if alone else None, parts[0][0] if alone else ""))
    return tuple(parsed)


def fill_lines(template, **fields):
    """The lines of ``template`` with its fields filled in (see the module's docstring)."""
    lines = []
    for line, field, pad in _template_lines(template):
        if field is not None and not isinstance(fields[field], str):
            lines += [pad + code if code else "" for code in render(fields[field])]
        else:
            lines.append(line.format(**fields))
    return lines


def fill(template, **fields):
    """``template`` with its fields filled in, as one string (see the module's docstring)."""
    return "\n".join(fill_lines(template, **fields))
