"""Misuses that used to change state or meaning silently, or raised a raw exception: each is an annlab
error, or a warning where ANNarchy 4.8 accepts the script."""
import os
import stat
import subprocess
import sys
import textwrap

import numpy as np
import pytest

from annlab import *  # noqa: F403
from annlab.errors import AnnlabWarning, CompilationError, EquationError, UnknownNameError, ValidationError


def test_a_second_compile_keeps_the_compiled_state():
    pop = Population(2, Neuron(parameters="a = 1.0", equations="r = a + t"))
    monitor = Monitor(pop, "r")
    compile()
    simulate(5.0)
    pop.a = 3.0
    with pytest.warns(AnnlabWarning, match="compile\\(\\): the network is already compiled, nothing was done"):
        compile()
    assert get_time() == 5.0 and np.all(pop.a == 3.0) and len(monitor.get("r")) == 5


def test_an_object_with_a_name_in_use_replaces_the_older_one_with_a_warning():
    first = Population(2, Izhikevich, name="cells")
    Projection(first, first, "exc", name="recurrent").connect_all_to_all(1.0)
    with pytest.warns(AnnlabWarning, match="Population 'cells' replaces the population of that name created before, "
                                           "with projection 'recurrent'"):
        Population(3, Izhikevich, name="cells")
    assert [p.size for p in populations()] == [3] and projections() == []


def test_a_typo_in_an_attribute_name_warns():
    pop = Population(2, Izhikevich, name="cells")
    with pytest.warns(AnnlabWarning, match="Population 'cells' has no attribute 'vv' \\(did you mean 'v'\\?\\)"):
        pop.vv = 1.0
    pop.label = "kept quietly"                          # nothing like a model attribute: a plain Python attribute
    assert pop.label == "kept quietly"


def test_a_spike_condition_that_is_not_a_comparison_warns():
    with pytest.warns(AnnlabWarning, match="the spike condition 'v \\+ 1' is not a comparison"):
        Neuron(equations="dv/dt = -v", spike="v + 1")


def test_two_odes_for_one_variable_are_refused():
    with pytest.raises(EquationError, match="'v' already has a differential equation \\(line 1\\); one ODE per "
                                            "variable") as caught:
        Neuron(equations="dv/dt = -v\ndv/dt = 1\nr = v")
    assert caught.value.lineno == 2


def test_int_attributes_take_whole_numbers_only():
    pop = Population(2, Neuron(parameters="n = 2 : int", equations="r = n"), name="ints")
    pop.n = 3.0
    with pytest.raises(ValidationError, match="ints.n: Value must be a whole number \\(the attribute is declared "
                                              "': int'; got 2.7\\)"):
        pop.n = [1.0, 2.7]
    assert np.all(pop.n == 3.0)


@pytest.mark.parametrize("geometry", ["12", 2.5, (2, 3.5), True])
def test_geometries_that_are_not_whole_numbers_are_refused(geometry):
    with pytest.raises(ValidationError, match="Population.geometry: Value must be an int or a tuple of ints"):
        Population(geometry, Izhikevich)


@pytest.mark.parametrize("dt", [-1.0, 0.0, float("nan")])
def test_a_network_needs_a_positive_dt(dt):
    with pytest.raises(ValidationError, match="Network.dt: Value must be greater than 0 ms"):
        Network(dt=dt)


def test_delays_and_periods_that_are_not_whole_steps_warn():
    setup(dt=1.0)
    a, b = Population(2, Izhikevich), Population(2, Izhikevich)
    proj = Projection(a, b, "exc", name="late")
    proj.connect_all_to_all(1.0, delays=2.5)
    monitor = Monitor(a, "v", period=0.3, name="fast")
    with pytest.warns(AnnlabWarning) as caught:
        compile()
    messages = " | ".join(str(w.message) for w in caught)
    assert "Projection 'late': delays are whole steps of dt = 1 ms; 1 of them are not (e.g. 2.5 ms -> 2 ms)" in messages
    assert "Monitor 'fast': period = 0.3 ms is not a whole number of steps of dt = 1 ms; it records every 1 ms" \
        in messages
    simulate(5.0)
    assert proj.delay == 2.0 and len(monitor.get("v")) == 5


def test_a_very_long_sum_is_parsed():
    terms = 500
    neuron = Neuron(parameters="\n".join(f"x{i} = 1.0" for i in range(terms)),
                    equations="r = " + " + ".join(f"x{i}" for i in range(terms)))
    pop = Population(2, neuron)
    compile()
    simulate(1.0)
    assert np.all(pop.r == terms)


def test_a_population_too_large_for_memory_is_named():
    Population(10 ** 12, Izhikevich, name="huge")
    with pytest.raises(CompilationError, match="Population 'huge' \\(1000000000000 neurons, 14 variables each\\) "
                                               "needs .* GiB for its state alone"):
        compile()


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root can write anywhere: the permission check cannot fail")
def test_an_unwritable_kernel_cache_is_named(tmp_path):
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(stat.S_IRUSR | stat.S_IXUSR)
    _check_unwritable_cache(locked / "kernels")


@pytest.mark.jit_only  # the NumPy stepper writes no kernel file
def test_a_kernel_cache_that_cannot_be_created_is_named(tmp_path):
    blocker = tmp_path / "a_file"
    blocker.write_text("not a folder")
    _check_unwritable_cache(blocker / "kernels")


def _check_unwritable_cache(directory):
    script = textwrap.dedent("""
        from annlab import *
        from annlab.errors import CompilationError
        Population(2, Izhikevich)
        try:
            compile()
        except CompilationError as err:
            print("ERROR", err)
    """)
    env = dict(os.environ, ANNLAB_CACHE_DIR=str(directory))
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=300)
    assert f"ERROR The kernel cache directory '{directory}' cannot be created or written" in done.stdout, done.stderr
    assert "set the environment variable ANNLAB_CACHE_DIR to a writable folder" in done.stdout


@pytest.mark.jit_only
def test_a_damaged_cached_kernel_is_written_again(tmp_path):
    script = textwrap.dedent("""
        import glob, os
        from annlab import *
        pop = Population(3, Neuron(parameters="a = 2.0", equations="r = a * t"))
        compile(); simulate(3.0)
        print("VALUE", float(pop.r[0]))
    """)
    env = dict(os.environ, ANNLAB_CACHE_DIR=str(tmp_path))
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert "VALUE 4.0" in first.stdout, first.stderr
    kernels = [p for p in tmp_path.glob("k_*.py") if "r = a * t" in p.read_text() or "def update" in p.read_text()]
    assert kernels
    for path in kernels:
        path.write_text(path.read_text().replace("def ", "def broken_", 1) + "\nthis is not python\n")
    again = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, env=env, timeout=600)
    assert "VALUE 4.0" in again.stdout, again.stderr


def test_a_constructor_that_raised_leaves_nothing_behind():
    pop = Population(2, Izhikevich)
    with pytest.raises(ValidationError, match="The synapse uses 'pre.nothing'"):
        Projection(pop, pop, "exc", synapse=Synapse(equations="x = pre.nothing"))
    with pytest.raises(UnknownNameError, match="has no variable 'vv'; did you mean 'v'"):
        Monitor(pop, "vv")
    with pytest.raises(ValidationError, match="Population.geometry: Value must be greater than or equal to 1"):
        Population(0, Izhikevich)
    assert (len(populations()), len(projections()), len(monitors())) == (1, 0, 0)
    compile()
    simulate(1.0)


def test_a_distribution_with_a_seed_draws_the_same_values_wherever_it_is_used():
    setup(seed=1)
    first = Population(15, Izhikevich)
    first.v = DiscreteUniform(-4, -2, seed=56789)
    setup(seed=2)                                      # another global stream: the distribution's own seed decides
    second = Population(15, Izhikevich)
    second.v = DiscreteUniform(-4, -2, seed=56789)
    np.testing.assert_array_equal(first.v, second.v)
    np.testing.assert_array_equal(first.v, DiscreteUniform(-4, -2, seed=56789).get_values(15))
