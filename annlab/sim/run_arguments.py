"""The arrays ``run`` takes, named after what they are, and the argument lists kernels' calls share.

``run`` receives every array it passes on as one parameter (``pop0_S``,
``proj1_W``...), in the order the call sites first ask for them; population
and projection kinds (:mod:`annlab.sim.kinds`) build their kernels' calls
with these helpers.
"""
import ast
from dataclasses import dataclass

import numpy as np

from .precision import DOUBLE
from .synapse_kernels import uses_rng

#: The element types of run's parameters (compared as dtype objects: no string formatting per check).
_DTYPES = {name: np.dtype(name) for name in ("float64", "float32", "int64", "uint32")}


@dataclass(frozen=True)
class RunArray:
    """One array parameter of ``run``: what it is and where its value comes from.

    Attributes
    ----------
    owner : str
        ``pop<k>`` or ``proj<q>``.
    variable : str
        The owner's array (``S``, ``W``, ``ring``, ``post_rank``...).
    group, slot : str, int
        Its place in the :class:`~annlab.sim.layout.Slots` lists.
    dtype : str
        The element type the kernels see (``float64``, ``int64``, ``uint32``: an int64 buffer viewed).
    ndim : int
        Number of dimensions.
    name : str
        The parameter's name in ``run`` (``owner_variable``, numbered when taken twice).
    """

    owner: str
    variable: str
    group: str
    slot: int
    dtype: str
    ndim: int
    name: str

    def value(self, tuples):
        """The array from ``tuples`` (:meth:`~annlab.sim.layout.Slots.as_tuples`), as the kernels see it."""
        array = tuples[RunArguments.GROUPS[self.group]][self.slot]
        return array.view(np.uint32) if self.dtype == "uint32" else array

    def mismatch(self, array):
        """What is wrong with ``array`` as this parameter (None when it fits)."""
        if array.dtype != _DTYPES[self.dtype] or array.ndim != self.ndim:
            return (f"run's parameter {self.name} ({self.owner}'s {self.variable}) must be a {self.ndim}-d "
                    f"{self.dtype} array (got {array.ndim}-d {array.dtype})")
        return None


class RunArguments:
    """The arrays ``run`` takes, one parameter each, named after what they are (``pop0_S``, ``proj1_W``).

    Call sites ask for an owner's array by name (:meth:`of`: a layout and its variable, which the
    layout places in the slot lists with ``where``) and get the parameter's name back; each array is
    a parameter once, in the order first asked (``arguments``: a list of :class:`RunArray`, the order
    of ``run``'s parameters). ``run`` takes the arrays one by one: tuples of arrays cost compilation
    time growing faster than their length, and indexing them inside the time loop costs two atomic
    reference count updates per array and step.

    Examples
    --------
    >>> arrays = RunArguments()
    >>> arrays.array("pop0", "S", "F2", 3), arrays.array("proj0", "pre_rank", "I1", 5, uint32=True)
    ('pop0_S', 'proj0_pre_rank')
    >>> arrays.array("pop0", "S", "F2", 3)
    'pop0_S'
    >>> [(a.owner, a.variable, a.dtype, a.ndim) for a in arrays.arguments]
    [('pop0', 'S', 'float64', 2), ('proj0', 'pre_rank', 'uint32', 1)]
    """

    GROUPS = {"F2": 0, "F1": 1, "I1": 2, "I2": 3}

    def __init__(self, precision=DOUBLE):
        self.names = {}
        self.arguments = []
        self.dtypes = {"F": precision.dtype.name, "I": "int64"}

    def array(self, owner, variable, group, slot, uint32=False):
        """The parameter of ``owner``'s array ``variable``, at ``slot`` of the list ``group``."""
        key = (group, int(slot), bool(uint32))
        if key not in self.names:
            name = f"{owner}_{variable}"
            taken = set(self.names.values())
            unique = name if name not in taken else next(f"{name}_{k}" for k in range(2, 1 << 20)
                                                         if f"{name}_{k}" not in taken)
            self.names[key] = unique
            self.arguments.append(RunArray(owner, variable, group, int(slot),
                                           "uint32" if uint32 else self.dtypes[group[0]], int(group[1]), unique))
        return self.names[key]

    def argument_types(self, arguments):
        """:meth:`argument_type` of each of ``arguments`` (a :class:`~annlab.sim.source.Call`'s), as a tuple."""
        names = self._run_names()
        return tuple(self.argument_type(argument, names) for argument in arguments)

    def argument_type(self, argument, names=None):
        """The type of one argument of a kernel's call in ``run`` (a :class:`~annlab.sim.source.Call`'s),
        as data: ``("array", dtype, ndim)`` (C-contiguous), ``("scalar", dtype)`` or ``("generator",)``.
        ``names``: :meth:`_run_names`, when known already.

        An argument is a parameter or local of ``run`` (``step``, ``dt``, ``rng``, ``rec_buf``, an array
        of :attr:`arguments`), ``np.int64(<int>)``, or the row of a 2-d array (``pop0_S[3]``).

        >>> arrays = RunArguments()
        >>> arrays.array("pop0", "S", "F2", 3)
        'pop0_S'
        >>> [arrays.argument_type(a) for a in ("step", "pop0_S", "pop0_S[3]", "np.int64(0)", "rng")]
        [('scalar', 'int64'), ('array', 'float64', 2), ('array', 'float64', 1), ('scalar', 'int64'), ('generator',)]
        """
        names = self._run_names() if names is None else names
        node = ast.parse(argument, mode="eval").body
        if isinstance(node, ast.Name):
            declared = names.get(node.id)
            if declared is not None:
                return declared
        elif isinstance(node, ast.Call) and ast.unparse(node.func) == "np.int64":
            return ("scalar", "int64")
        elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
            array = names.get(node.value.id)
            if array is not None and array[0] == "array" and array[2] == 2:
                return ("array", array[1], 1)
        raise ValueError(f"the type of the kernel argument {argument!r} is not known (see RunArguments.argument_type)")

    def _run_names(self):
        """Name -> type of what ``run``'s calls can pass: its parameters (the recorder's arrays as
        :mod:`annlab.sim.recording` allocates them) and ``step``."""
        real = self.dtypes["F"]
        names = {"step": ("scalar", "int64"), "dt": ("scalar", real), "rng": ("generator",),
                 "rec_int": ("array", "int64", 2), "rec_idx": ("array", "int64", 1), "rec_buf": ("array", real, 1),
                 "spk_out": ("array", "int32", 2), "counters": ("array", "int64", 1)}
        names.update({array.name: ("array", array.dtype, array.ndim) for array in self.arguments})
        return names

    def of(self, layout, variable):
        """The parameter of a population's or projection's array (``layout.owner``, ``layout.where(variable)``)."""
        group, slot, uint32 = layout.where(variable)
        return self.array(layout.owner, variable, group, slot, uint32)

    def each(self, layout, *variables):
        """:meth:`of` each of ``variables``, as a tuple of arguments."""
        return tuple(self.of(layout, variable) for variable in variables)


def projection_arguments(layout, arrays):
    """The attribute arrays of a projection and of its two ends, as every projection kernel takes them."""
    pre, post = layout.pre, layout.post
    return (arrays.each(layout, "W", "SW", "GW") + (arrays.of(pre, "S"), arrays.of(post, "S"))
            + (arrays.of(pre, "G"), arrays.of(post, "G")))


def rng_argument(layout, section):
    """``("rng",)`` for the call of a projection's kernel whose code draws random numbers, else ``()``."""
    return ("rng",) if uses_rng(layout.ir, section) else ()
