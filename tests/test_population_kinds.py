"""Population and projection kinds are registered for their model class: a new kind is one class (here, in the test).

This is the walk-through of docs/architecture.md ("Adding a population kind"), run.
"""
import numpy as np
import pytest

from annlab import (Izhikevich, Monitor, Neuron, Network, Population, Projection, SpikeSourceArray, TimedArray, compile,
                    simulate)
from annlab.sim.kinds import PopulationKind, kind_of, register
from annlab.sim.kinds.rate_projection import RateProjectionKind
from annlab.sim.source import Call, Store, fill


class Ramp(Population):
    """Rate-coded neurons whose r is the time (ms) times their gain."""

    def __init__(self, gains, name=None):
        super().__init__(len(gains), Neuron(parameters="gain = 1.0", equations="r = 0.0", name="Ramp"), name=name)
        self.gain = np.asarray(gains, float)


RAMP_UPDATE = '''

@njit(cache=True)
def update(step, dt, S):
    """Ramp: r = t * gain."""
    for i in range(S.shape[1]):
        S[{r}, i] = step * dt * S[{gain}, i]
'''


@register(Ramp)
class RampKind(PopulationKind):
    name = "ramp"
    equations = False

    def update_source(self, layout):
        return fill(RAMP_UPDATE, r=layout.row["r"], gain=layout.row["gain"])

    def update_call(self, layout, arrays):
        return Call(f"update_pop{layout.index}", ("step", "dt", arrays.of(layout, "S")))


def test_a_registered_kind_runs_its_own_kernel():
    ramp = Ramp([1.0, 2.0, 0.5])
    m = Monitor(ramp, "r")
    compile()
    simulate(5.0)
    expected = np.arange(5)[:, None] * np.array([1.0, 2.0, 0.5])  # t at each step's update, times the gain
    np.testing.assert_allclose(m.get("r"), expected)


def test_a_registered_kind_works_in_network_copies():
    ramp = Ramp([3.0])
    m = Monitor(ramp, "r")
    net = Network(everything=True)
    net.get(ramp).gain = 4.0
    net.compile()
    net.simulate(3.0)
    np.testing.assert_allclose(net.get(m).get("r")[:, 0], [0.0, 4.0, 8.0])


def test_kinds_of_the_built_in_populations():
    assert kind_of(Population(1, Izhikevich)).name == "neuron"
    assert kind_of(SpikeSourceArray([[1.0]])).name == "spike_source_array"
    assert kind_of(TimedArray(rates=np.zeros((2, 1)))).name == "timed_array"
    assert kind_of(Ramp([1.0])).name == "ramp"  # the subclass's own kind, not Population's


def test_an_object_without_a_kind_is_named():
    with pytest.raises(TypeError, match="no population kind is registered for str"):
        kind_of("not a population")


# ---- projection kinds --------------------------------------------------------------------
class HalfProjection(Projection):
    """A rate-coded projection whose post neurons receive half of the weighted sum."""


@register(HalfProjection, transmission="rate")
class HalfProjectionKind(RateProjectionKind):
    name = "half_projection"

    def generate(self, layout, program, arrays):
        propagate, plasticity = super().generate(layout, program, arrays)
        post = layout.post
        state = arrays.of(post, "S")
        row = post.row[f"_sum_{layout.projection.target}"]
        return propagate + [Store(state, f"{row}, :", f"0.5 * {state}[{row}, :]")], plasticity


def test_a_registered_projection_kind_changes_what_is_transmitted():
    source = Population(3, Neuron(parameters="r0 = 0.0", equations="r = r0"))
    source.r0 = [1.0, 2.0, 4.0]
    full_target = Population(1, Neuron(equations="r = sum(exc)"))
    half_target = Population(1, Neuron(equations="r = sum(exc)"))
    Projection(source, full_target, "exc").connect_all_to_all(weights=0.5)
    half = HalfProjection(source, half_target, "exc")
    half.connect_all_to_all(weights=0.5)
    assert kind_of(half, transmission="rate").name == "half_projection"
    compile()
    simulate(3.0)
    assert full_target.r[0] == pytest.approx(3.5) and half_target.r[0] == pytest.approx(1.75)


def test_kinds_of_the_built_in_projections():
    izh, rate = Population(2, Izhikevich), Population(2, Neuron(equations="r = sum(exc)"))
    assert kind_of(Projection(izh, izh, "exc"), transmission="spike").name == "spiking_projection"
    assert kind_of(Projection(rate, rate, "exc"), transmission="rate").name == "rate_projection"
    assert kind_of(HalfProjection(rate, rate, "exc"), transmission="spike").name == "spiking_projection"
    with pytest.raises(TypeError, match="no gap projection kind is registered for Projection"):
        kind_of(Projection(rate, rate, "exc"), transmission="gap")
