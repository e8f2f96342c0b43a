"""The exception hierarchy of annlab.

Every error annlab raises on purpose derives from :class:`AnnlabError`, so a
script can catch all of them at once. Errors about a value given by the user
also derive from the matching built-in (``ValueError``, ``TypeError``,
``KeyError``) so that generic handlers keep working.

Examples
--------
>>> from annlab import Neuron, EquationError
>>> try:
...     Neuron(equations="dv/dt = -v + I_ext")
... except EquationError as err:
...     print(err.line)
dv/dt = -v + I_ext
"""
import difflib


class AnnlabError(Exception):
    """Base class of every error raised by annlab."""


class ValidationError(AnnlabError, ValueError):
    """A value given to an annlab object is not acceptable.

    The message names the object and attribute, e.g.
    ``Population.geometry: Value must be greater than or equal to 1 (got 0)``.
    """

    def __init__(self, owner, attribute, message):
        self.owner = owner
        self.attribute = attribute
        super().__init__(f"{owner}.{attribute}: {message}")


class ArgumentTypeError(AnnlabError, TypeError):
    """An argument has the wrong type (e.g. a method that is not callable)."""


class UnknownNameError(AnnlabError, KeyError):
    """A name (population, projection, variable) does not exist."""

    def __str__(self):
        # KeyError quotes its message; keep it readable.
        return str(self.args[0]) if self.args else ""


class EquationError(AnnlabError):
    """An equation, condition or flag of a model cannot be understood.

    Parameters
    ----------
    message : str
        What is wrong.
    model : str, optional
        Name of the model (``Neuron`` or ``Synapse``) being defined.
    section : str, optional
        The argument the text came from (``equations``, ``spike``...).
    line : str, optional
        The offending source line.
    column : int, optional
        0-based column of the offending token inside ``line`` (a caret is
        drawn under it).
    lineno : int, optional
        1-based line number inside the section.
    suggestion : str, optional
        A likely intended name ("did you mean ...?").
    """

    def __init__(self, message, model=None, section=None, line=None,
                 column=None, lineno=None, suggestion=None):
        self.message = message
        self.model = model
        self.section = section
        self.line = line
        self.column = column
        self.lineno = lineno
        self.suggestion = suggestion
        super().__init__(self._format())

    def _format(self):
        where = []
        if self.model:
            where.append(f"in {self.model}")
        if self.section:
            where.append(f"{self.section}")
        if self.lineno:
            where.append(f"line {self.lineno}")
        head = self.message
        if where:
            head = f"{head} ({', '.join(where)})"
        parts = [head]
        if self.line is not None:
            parts.append("    " + self.line)
            if self.column is not None:
                parts.append("    " + " " * self.column + "^")
        if self.suggestion:
            parts.append(f"Did you mean '{self.suggestion}'?")
        return "\n".join(parts)


class ConnectivityError(AnnlabError, ValueError):
    """A connection pattern cannot be built (bad probability, shapes...)."""


class NetworkError(AnnlabError):
    """An object is used with a network it does not belong to, or in the wrong order."""


class CompilationError(AnnlabError):
    """The engine could not build the kernels of a network."""


class SimulationError(AnnlabError):
    """A simulation cannot run (not compiled, bad duration...)."""


class NonFiniteError(SimulationError):
    """A variable became NaN or infinite during a simulation (checked after each chunk of steps).

    Attributes
    ----------
    owner : str
        The population or projection.
    variable : str
        The first variable found non-finite.
    index : int
        The first neuron (rank) or synapse (dendrite order) holding a non-finite value, or -1 for a
        population- or projection-wide variable.
    window : tuple of float
        The times (ms) between which it happened; the simulation stopped at the second.
    time : float or None
        The time (ms) of the first non-finite value, when a monitor recorded the variable there.
    """

    def __init__(self, message, owner=None, variable=None, index=None, window=None, time=None):
        self.owner, self.variable, self.index, self.window, self.time = owner, variable, index, window, time
        super().__init__(message)


class StateFileError(AnnlabError, ValueError):
    """A saved state file cannot be read, or does not fit the network it is loaded into.

    Raised before anything of the network changed: a failed load loses nothing.
    """


class ParallelRunError(AnnlabError):
    """One or more networks of :func:`parallel_run` failed.

    Attributes
    ----------
    results : list
        The result of each network, ``None`` where it failed.
    errors : dict
        Network index -> the exception (with the remote traceback) of each
        failed network.
    """

    def __init__(self, message, results=None, errors=None):
        self.results = results if results is not None else []
        self.errors = errors if errors is not None else {}
        super().__init__(message)


class NotSupportedError(AnnlabError, NotImplementedError):
    """An ANNarchy 4.8 feature annlab does not have yet; the message names the alternative."""


class AnnlabWarning(UserWarning):
    """Base class of annlab's warnings: something works differently from what the script may expect."""


class IgnoredArgumentWarning(AnnlabWarning):
    """An argument ANNarchy accepts has no effect in annlab (e.g. ``compile(directory=...)``)."""


_warned = set()


def warn_once(message, category=AnnlabWarning, key=None, stacklevel=3):
    """Warn with ``message`` the first time only (per ``key``, default the message) in this process.

    Examples
    --------
    >>> import warnings
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     warn_once("compile(directory=...) has no effect", key="doctest-directory")
    ...     warn_once("compile(directory=...) has no effect", key="doctest-directory")
    >>> len(caught)
    1
    """
    import warnings

    key = message if key is None else key
    if key in _warned:
        return
    _warned.add(key)
    warnings.warn(message, category, stacklevel=stacklevel)


def closest_name(name, candidates):
    """The candidate most similar to ``name``, or None when nothing is close.

    Examples
    --------
    >>> closest_name("tua", ["tau", "v", "u"])
    'tau'
    """
    matches = difflib.get_close_matches(name, list(candidates), n=1, cutoff=0.6)
    return matches[0] if matches else None
