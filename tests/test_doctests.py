"""The examples in the docstrings stay true."""
import doctest
import importlib

import pytest

MODULES = [
    "annlab", "annlab.errors", "annlab.core.config", "annlab.core.distributions", "annlab.core.models",
    "annlab.core.population", "annlab.core.projection", "annlab.core.monitor", "annlab.core.network",
    "annlab.core.inputs", "annlab.core.api", "annlab.core.equations.statements",
    "annlab.core.equations.expressions", "annlab.core.equations.integration", "annlab.core.equations.ir",
    "annlab.sim.printer", "annlab.parallel", "annlab.core.constants", "annlab.core.data_connectors",
]


@pytest.mark.parametrize("name", MODULES)
def test_docstring_examples(name):
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0, f"{result.failed} failing example(s) in {name}"
