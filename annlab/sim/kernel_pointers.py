"""The kernels a compiled ``run`` calls, passed to it as function pointers.

If ``run`` called its kernels as Numba functions, Numba would link their machine
code into ``run``'s module and optimise all of it again there: each structure's
``run`` would re-optimise every kernel it calls, even kernels compiled and cached
for another structure. Instead each kernel is compiled alone for the argument types
``run`` passes it (``Program.kernel_types``, known from the generated calls, so no
kernel waits for ``run``'s type inference), and ``run`` takes it as an argument of
Numba's first-class function type: an object that gives the address of the
kernel's C-callable wrapper (:class:`KernelPointer`, Numba's
``WrapperAddressProtocol``). ``run`` then compiles only its own loop, and is cached
like any function (the types of the pointers are part of its signature).

A C-callable wrapper cannot pass an exception on: the kernels raise none (their
divisions follow ``error_model="numpy"``, indexing is unchecked, the scalar draws
of Numba's Generator check nothing).

:class:`annlab.sim.runner.Runner` makes them and passes them to ``run``; the NumPy
stepper and ``NUMBA_DISABLE_JIT=1`` pass the Python functions instead, through the
same ``run`` source.
"""
import numpy as np
from numba import config, from_dtype, typeof, types
from numba.experimental.function_type import WrapperAddressProtocol

_GENERATOR = typeof(np.random.default_rng(0))


def numba_type(argument_type):
    """The Numba type of an argument type of ``Program.kernel_types``.

    >>> numba_type(("array", "float64", 2)), numba_type(("scalar", "int64"))
    (Array(float64, 2, 'C', False, aligned=True), int64)
    """
    if argument_type[0] == "array":
        return types.Array(from_dtype(np.dtype(argument_type[1])), argument_type[2], "C")
    if argument_type[0] == "scalar":
        return from_dtype(np.dtype(argument_type[1]))
    if argument_type[0] == "generator":
        return _GENERATOR
    raise ValueError(f"unknown kernel argument type {argument_type!r}")


class KernelPointer(WrapperAddressProtocol):
    """A compiled kernel as a first-class function value: the address of its C-callable wrapper.

    Holds the compile result (and so the machine code) alive as long as it is used.
    """

    def __init__(self, dispatcher, argument_types):
        signature = tuple(numba_type(t) for t in argument_types)
        dispatcher.compile(signature)  # loads it from Numba's cache when there
        self._result = dispatcher.overloads[signature]
        self._address = self._result.library.get_pointer_to_function(self._result.fndesc.llvm_cfunc_wrapper_name)
        self.name = dispatcher.py_func.__qualname__

    def __wrapper_address__(self):
        return self._address

    def signature(self):
        return self._result.signature

    def __repr__(self):
        return f"<KernelPointer {self.name}{self._result.signature}>"


def kernel(function, argument_types):
    """What ``run`` takes for the kernel ``function``: its pointer, or itself when Numba runs it as Python."""
    return function if config.DISABLE_JIT else KernelPointer(function, argument_types)
