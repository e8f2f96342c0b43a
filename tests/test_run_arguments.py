"""run's array parameters are declared data (RunArray): named, ordered, typed, checked against the arrays."""
import ast

import numpy as np
import pytest

from annlab import STDP, CompilationError, Izhikevich, Population, Projection, compile
from annlab.core import registry
from annlab.sim.run_arguments import RunArguments


def _network():
    pop = Population(20, Izhikevich)
    proj = Projection(pop, pop, "exc", STDP)
    proj.connect_fixed_probability(0.3, weights=0.1, delays=2.0)
    compile()
    return registry.default_network()._compiled


def test_parameters_of_run_are_the_declared_arrays_in_order():
    compiled = _network()
    program = compiled.program
    tree = ast.parse(program.run)
    run = next(node for node in tree.body if isinstance(node, ast.FunctionDef) and node.name == "run")
    parameters = [arg.arg for arg in run.args.args]
    assert parameters[:9] == ["n_steps", "step0", "dt", "rng", "rec_int", "rec_idx", "rec_buf", "spk_out", "counters"]
    arrays = [array.name for array in program.arguments]
    assert parameters[9:] == arrays + [alias for alias, _function, _source in program.kernels]  # kernels last
    names = {array.name: array for array in program.arguments}
    assert len(names) == len(program.arguments)
    assert (names["pop0_S"].owner, names["pop0_S"].variable, names["pop0_S"].dtype, names["pop0_S"].ndim) == \
        ("pop0", "S", "float64", 2)
    assert names["proj0_post_rank"].dtype == "uint32" and names["proj0_W"].dtype == "float64"


def test_each_declared_array_is_the_array_passed():
    compiled = _network()
    tuples = compiled.slots.as_tuples()
    for array in compiled.program.arguments:
        value = array.value(tuples)
        assert array.mismatch(value) is None
        assert (str(value.dtype), value.ndim) == (array.dtype, array.ndim)


def test_an_array_that_does_not_fit_its_parameter_is_refused_before_numba_sees_it():
    compiled = _network()
    state = next(a for a in compiled.program.arguments if a.name == "pop0_S")
    compiled.slots.tuples[state.group][state.slot] = np.zeros((3, 20), np.float32)
    with pytest.raises(CompilationError, match=r"pop0_S \(pop0's S\) must be a 2-d float64 array \(got 2-d float32\)"):
        compiled._compile_kernels()


def test_each_kernel_is_declared_with_the_types_run_passes_it():
    compiled = _network()
    program = compiled.program
    assert set(program.kernel_types) == {alias for alias, _function, _source in program.kernels}
    assert program.kernel_types["_record"] == (("scalar", "int64"), ("scalar", "int64"), ("array", "int64", 2),
                                               ("array", "int64", 1), ("array", "float64", 1))
    for alias, types in program.kernel_types.items():
        assert all(t[0] in ("array", "scalar", "generator") for t in types), alias


def test_an_argument_of_unknown_type_is_refused():
    arrays = RunArguments()
    with pytest.raises(ValueError, match="type of the kernel argument 'pop0_S' is not known"):
        arrays.argument_type("pop0_S")
    arrays.array("pop0", "S", "F2", 3)
    with pytest.raises(ValueError, match=r"type of the kernel argument 'pop0_S\[1:3\]' is not known"):
        arrays.argument_type("pop0_S[1:3]")


def test_the_recorder_arrays_are_what_kernel_calls_declare():
    compiled = _network()
    arrays = RunArguments(compiled.precision)
    for name in ("rec_int", "rec_idx", "rec_buf", "spk_out", "counters"):
        value = getattr(compiled.recorder, name)
        assert arrays.argument_type(name) == ("array", value.dtype.name, value.ndim), name
