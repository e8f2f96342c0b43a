"""``run`` of a network structure with its kernels, as the simulator calls it.

The generated ``run`` takes the kernels as its last arguments (compiled:
:mod:`annlab.sim.kernel_pointers`; NumPy stepper: its Python functions). A
:class:`Runner` appends them, made at the first call: compiling the kernels then
happens inside the network's compilation, counted and reported with it.
"""
import threading


class Runner:
    """``run`` of a program with its kernels: ``runner.run(n_steps, step0, dt, rng, *arrays)``.

    Parameters
    ----------
    program : annlab.sim.codegen.Program
    run_module : module
        Its imported ``run`` module (compiled, or the NumPy stepper's).
    modules : list of module
        The modules of its kernels, in the order of ``program.kernels``.
    compiled : bool
        Whether ``run`` is Numba's (then the kernels are passed as
        :class:`~annlab.sim.kernel_pointers.KernelPointer`), else the NumPy stepper's.

    Examples
    --------
    >>> from annlab import Izhikevich, Network, Population
    >>> net = Network(backend="numpy")
    >>> pop = net.add(Population(3, Izhikevich, _register=False))
    >>> net.compile()
    >>> runner = net._compiled.module
    >>> [alias for alias, _function, _source in net._compiled.program.kernels]
    ['_record', 'update_pop0']
    >>> [kernel.__name__ for kernel in runner.kernels]  # the NumPy stepper's functions
    ['record', 'update']
    """

    def __init__(self, program, run_module, modules, compiled):
        self.module = run_module
        self.__name__ = run_module.__name__
        self._functions = [(getattr(module, function), program.kernel_types[alias])
                           for (alias, function, _source), module in zip(program.kernels, modules)]
        self._compiled = compiled
        self._kernels = None
        self._making = threading.Lock()

    @property
    def kernels(self):
        """The kernels as ``run`` takes them (compiled, or loaded from the cache, the first time)."""
        if self._kernels is None:
            with self._making:
                if self._kernels is None:
                    if self._compiled:
                        from .kernel_pointers import kernel  # imports numba
                        self._kernels = tuple(kernel(*entry) for entry in self._functions)
                    else:
                        self._kernels = tuple(function for function, _argument_types in self._functions)
        return self._kernels

    def run(self, *arguments):
        """``run(*arguments, *kernels)``: the steps done."""
        return self.module.run(*arguments, *self.kernels)
