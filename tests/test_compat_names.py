"""Every user-facing top-level name of ANNarchy 4.8 exists in annlab, and its submodules map one to one.

``tests/compat/annarchy_names.txt`` lists ANNarchy 4.8.2.7's names (read from the real package).
"""
import pathlib
import subprocess
import sys

import pytest

import annlab

NAMES = [line.strip() for line in (pathlib.Path(__file__).parent / "compat" / "annarchy_names.txt").read_text()
         .splitlines() if line.strip() and not line.startswith("#")]


def test_every_annarchy_name_exists():
    missing = [name for name in NAMES if not hasattr(annlab, name)]
    assert not missing, f"ANNarchy 4.8 names missing in annlab: {missing}"


@pytest.mark.parametrize("name", NAMES)
def test_star_import_provides_the_name(name):
    # `from ANNarchy import *` scripts use these names unqualified
    assert name in annlab.__all__ or name in ("models",), name


@pytest.mark.parametrize("statement", [
    "from annlab.models.Neurons import Izhikevich, IF_cond_exp",
    "from annlab.models.Synapses import STDP, DefaultSpikingSynapse",
    "from annlab.extensions.convolution import Convolution, Pooling",
    "from annlab import models; models.list_standard_neurons()",
])
def test_submodules_as_in_annarchy(statement):
    done = subprocess.run([sys.executable, "-c", statement], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr


def test_names_not_available_yet_raise_naming_the_alternative():
    pop = annlab.Population(2, annlab.Izhikevich)
    rate = annlab.Population(2, annlab.Neuron(equations="r = sum(exc)"))
    with pytest.raises(annlab.errors.NotSupportedError, match="DecodingProjection .* not available.*Spike2Rate"):
        annlab.DecodingProjection(pop, rate, "exc")
    with pytest.raises(annlab.errors.NotSupportedError, match="Rate2SpikePopulation .* PoissonPopulation"):
        annlab.Rate2SpikePopulation(rate)
