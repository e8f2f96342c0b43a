"""A population's ``stop_condition``, parsed where it is given.

``Population(..., stop_condition="r > 1.0 : any")`` ends ``simulate_until``
when the condition holds for any (or all, the default) of its neurons. The
text is parsed when it is set, so a mistake is reported at that line of the
user's script, with a caret under the offending name; the engine receives the
parsed :class:`StopCondition`.

Examples
--------
>>> from annlab.core.stop_condition import StopCondition
>>> stop = StopCondition.parse("v > -40.0 : any", ["v", "u"], owner="pop0")
>>> stop.mode, str(stop.expression)
('any', 'v > -40.0')
"""
from dataclasses import dataclass

import sympy

from ..errors import EquationError
from .equations.expressions import Scope, to_sympy

MODES = ("any", "all")


@dataclass(frozen=True)
class StopCondition:
    """A parsed stop condition.

    Attributes
    ----------
    text : str
        As the user wrote it (flag included).
    expression : sympy.Basic
        The condition, over the population's attributes, ``t`` and ``dt``.
    mode : {'any', 'all'}
        Whether one neuron satisfying it is enough.
    """

    text: str
    expression: sympy.Basic
    mode: str

    @classmethod
    def parse(cls, text, attributes, owner):
        """Parse ``"condition"`` or ``"condition : any|all"`` over ``attributes``.

        Raises
        ------
        EquationError
            Unknown names, syntax errors or an unknown flag, naming ``owner``
            and showing the text with a caret.
        """
        text = str(text)
        condition, colon, flag = text.partition(":")
        mode = flag.strip() or "all"

        def fail(message, column, suggestion):
            return EquationError(message, model=f"Population '{owner}'", section="stop_condition", line=text,
                                 column=column, suggestion=suggestion)

        if mode not in MODES:
            column = len(condition) + len(colon) + (len(flag) - len(flag.lstrip()))
            raise fail(f"The flag must be 'any' or 'all' (got '{mode}')", column, None)
        symbols = {name: sympy.Symbol(name) for name in attributes}
        symbols.update(t=sympy.Symbol("t"), dt=sympy.Symbol("dt"))
        expression = to_sympy(condition, Scope(symbols), fail=fail)
        return cls(text=text, expression=expression, mode=mode)
