"""The examples in the docstrings stay true."""
import doctest
import importlib
import pkgutil

import pytest

import annlab

#: Every module of annlab (the package's own modules are discovered, so a new one is never left out).
MODULES = ["annlab"] + sorted(info.name for info in pkgutil.walk_packages(annlab.__path__, "annlab."))


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
