"""`ANNarchy` as a name for annlab, so that ANNarchy 4.8's own tests run against annlab unchanged.

`import ANNarchy` is annlab's top level; `ANNarchy.a.b` is the module `annlab.a.b` itself (one module
object under two names). Only `ANNarchy.intern`, which ANNarchy's tests use to ask for the paradigm,
comes from this folder.
"""
import importlib
import importlib.abc
import importlib.util
import sys

import annlab as _annlab
from annlab import *  # noqa: F401,F403


def __getattr__(name):
    return getattr(_annlab, name)


class _AnnlabAlias(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds `ANNarchy.x` as `annlab.x` when annlab has that module."""

    def find_spec(self, fullname, path, target=None):
        if not fullname.startswith("ANNarchy.") or fullname.startswith("ANNarchy.intern"):
            return None
        try:
            found = importlib.util.find_spec("annlab" + fullname[len("ANNarchy"):])
        except ModuleNotFoundError:
            return None
        return None if found is None else importlib.util.spec_from_loader(fullname, self, is_package=True)

    def create_module(self, spec):
        return importlib.import_module("annlab" + spec.name[len("ANNarchy"):])

    def exec_module(self, module):
        pass


sys.meta_path.insert(0, _AnnlabAlias())
