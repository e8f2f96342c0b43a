"""On-disk cache of generated kernel modules.

Numba can only cache functions whose source lives in a real file, so each
generated module (one per kernel, and one for the ``run`` loop of a network
structure, which takes the kernels as arguments) is written to
``<cache dir>/k_<hash>.py``, where the hash
covers the source and the versions of Python, NumPy and Numba, and imported
from there. Numba then keeps the machine code beside it (``__pycache__``):
any process building a network of the same structure loads it instead of
compiling. Files are written once, atomically (temporary file +
``os.replace``), so parallel engines can share one directory.

The directory is ``$ANNLAB_CACHE_DIR`` or ``~/.cache/annlab/kernels``.
"""
import hashlib
import importlib.metadata
import importlib.util
import os
import platform
import sys
import tempfile

import numpy

from ..errors import CompilationError

_loaded = {}
#: Part of every module's hash; read without importing numba (the NumPy stepper does not need it).
_NUMBA_VERSION = importlib.metadata.version("numba")


def cache_directory():
    """The directory holding generated kernels (created if needed); CompilationError if it cannot be written."""
    directory = os.environ.get("ANNLAB_CACHE_DIR") or os.path.join(
        os.path.expanduser("~"), ".cache", "annlab", "kernels")
    try:
        os.makedirs(directory, exist_ok=True)
        if not os.access(directory, os.W_OK | os.X_OK):
            raise PermissionError(f"no write permission on {directory}")
    except OSError as err:
        raise CompilationError(f"The kernel cache directory '{directory}' cannot be created or written ({err}); "
                               f"set the environment variable ANNLAB_CACHE_DIR to a writable folder") from err
    return directory


def _write(path, source, directory):
    """Write ``source`` to ``path`` atomically (parallel engines may share the directory)."""
    descriptor, temporary = tempfile.mkstemp(dir=directory, suffix=".tmp")
    with os.fdopen(descriptor, "w") as handle:
        handle.write(source)
    os.replace(temporary, path)


def _intact(path, source):
    """Whether the cached file holds exactly ``source`` (a damaged or edited file is written again)."""
    try:
        with open(path) as handle:
            return handle.read() == source
    except (OSError, UnicodeDecodeError):
        return False


def source_hash(source):
    """Content hash of a kernel module, including the tool versions."""
    key = "\n".join([source, sys.version, numpy.__version__, _NUMBA_VERSION, platform.machine()])
    return hashlib.sha256(key.encode()).hexdigest()[:24]


def module_name(source):
    """Name under which the module of ``source`` is imported (and can be imported by other kernels)."""
    return f"annlab_kernel_{source_hash(source)}"


def load_program(program):
    """Import the modules of a :class:`~annlab.sim.codegen.Program`: helpers, kernels, then ``run``.

    Returns
    -------
    run_module, other_modules
    """
    modules = [load_module(program.helpers)]
    modules += [load_module(source) for _alias, _function, source in program.kernels]
    return load_module(program.run), modules


def load_module(source):
    """Import the module for ``source``, writing it to the cache first if new.

    Returns
    -------
    module
        The imported module (the same object for the same source within a
        process).
    """
    digest = source_hash(source)
    name = module_name(source)
    if name in _loaded:
        return _loaded[name]
    directory = cache_directory()
    path = os.path.join(directory, f"k_{digest}.py")
    if not _intact(path, source):  # new, or damaged: its name is the hash of what it must hold
        _write(path, source, directory)
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    _loaded[name] = module
    return module


def compilations(*modules):
    """Number of kernel compilations (cache misses) done so far for the functions defined in modules."""
    total = 0
    for module in modules:
        for value in vars(module).values():
            stats = getattr(value, "stats", None)
            if stats is not None and hasattr(stats, "cache_misses") and \
                    getattr(getattr(value, "py_func", None), "__module__", None) == module.__name__:
                total += sum(stats.cache_misses.values())
    return total
