"""annlab runs one thread on the CPU, in the precision of setup(): ANNarchy's 'openmp' paradigm with one thread."""
import annlab as _annlab


def get_global_config(name):
    return _annlab.get_global_config(name) if hasattr(_annlab, "get_global_config") else \
        {"paradigm": "openmp", "precision": "double", "num_threads": 1}.get(name)


def _check_paradigm(paradigm):
    return paradigm == "openmp"


def _check_precision(precision):
    """As ANNarchy 4.8: whether ``precision`` is the one set with setup()."""
    return precision == get_global_config("precision")
