"""The arrays ``run`` takes, named after what they are, and the argument lists kernels' calls share.

``run`` receives every array it passes on as one parameter (``pop0_S``,
``proj1_W``...), in the order the call sites first ask for them; population
and projection kinds (:mod:`annlab.sim.kinds`) build their kernels' calls
with these helpers.
"""
from .synapse_kernels import uses_rng


class RunArguments:
    """The arrays ``run`` takes, one parameter each, named after what they are (``pop0_S``, ``proj1_W``).

    Call sites ask for an array by its place in the slot lists and a name, and get the parameter's
    name back; each array is a parameter once, in the order first asked (``arguments``: (group of
    :meth:`~annlab.sim.layout.Slots.as_tuples`, slot, viewed as uint32)). ``run`` takes the arrays
    one by one: tuples of arrays cost compilation time growing faster than their length, and
    indexing them inside the time loop costs two atomic reference count updates per array and step.

    Examples
    --------
    >>> arrays = RunArguments()
    >>> arrays("F2", 3, "pop0_S"), arrays("I1", 5, "proj0_pre_rank", uint32=True), arrays("F2", 3, "again")
    ('pop0_S', 'proj0_pre_rank', 'pop0_S')
    >>> arrays.arguments
    [(0, 3, False), (2, 5, True)]
    """

    GROUPS = {"F2": 0, "F1": 1, "I1": 2, "I2": 3}

    def __init__(self):
        self.names = {}
        self.arguments = []

    def __call__(self, group, slot, name, uint32=False):
        key = (self.GROUPS[group], int(slot), bool(uint32))
        if key not in self.names:
            taken = set(self.names.values())
            unique = name if name not in taken else next(f"{name}_{k}" for k in range(2, 1 << 20)
                                                         if f"{name}_{k}" not in taken)
            self.names[key] = unique
            self.arguments.append(key)
        return self.names[key]


def projection_arguments(layout, arrays):
    """The attribute arrays of a projection and of its two ends, as every projection kernel takes them."""
    pre, post, q = layout.pre, layout.post, f"proj{layout.index}"
    return (f"{arrays('F2', layout.slot_W, f'{q}_W')}, {arrays('F2', layout.slot_SW, f'{q}_SW')}, "
            f"{arrays('F1', layout.slot_GW, f'{q}_GW')}, {arrays('F2', pre.slot_S, f'pop{pre.index}_S')}, "
            f"{arrays('F2', post.slot_S, f'pop{post.index}_S')}, {arrays('F1', pre.slot_G, f'pop{pre.index}_G')}, "
            f"{arrays('F1', post.slot_G, f'pop{post.index}_G')}")


def rng_argument(layout, section):
    """``, rng`` for the call of a projection's kernel whose code draws random numbers."""
    return ", rng" if uses_rng(layout.ir, section) else ""


def synapse_index(layout, arrays, name):
    """A synapse index array of a projection: an int64 buffer of I1 viewed as uint32 (see layout.Slots)."""
    return arrays("I1", layout.slot[name], f"proj{layout.index}_{name}", uint32=True)


def projection_int(layout, arrays, name):
    """An int64 array of a projection's ``slot`` dict (pointers, delays, learning flag...)."""
    return arrays("I1", layout.slot[name], f"proj{layout.index}_{name}")
