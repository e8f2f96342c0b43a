"""Random numbers of neurons: drawn only where they can change a value (annlab.sim.neuron_kernels).

``Izhikevich`` adds ``noise * Normal(0, 1)`` to its input; with ``noise = 0`` (the
default) the draw changes nothing, and drawing 100 normal numbers per step costs more
than the rest of a step of the seed network. A neuron whose gate parameter is 0 does
not draw; the others draw in rank order, one number per step each.
"""
import numpy as np
import pytest

from annlab import Izhikevich, Monitor, Network, Neuron, Population, clear, setup
from annlab.core.equations.ir import describe
from annlab.sim.neuron_kernels import _gate

STEPS = 300
IZHIKEVICH_WITHOUT_NOISE = Neuron(parameters="""
    a = 0.02
    b = 0.2
    c = -65.0
    d = 8.0
    v_thresh = 30.0
    i_offset = 0.0
""", equations="""
    I = g_exc - g_inh + i_offset
    dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I : init = -65.0
    du/dt = a * (b*v - u) : init = -13.0
""", spike="v > v_thresh", reset="v = c; u += d", name="Izhikevich without noise")


def run(model, noise=None, seed=7):
    """v and I of 4 neurons driven by i_offset = 10 for STEPS steps."""
    clear()
    setup(seed=seed)
    pop = Population(4, model)
    pop.i_offset = 10.0
    if noise is not None:
        pop.noise = noise
    m = Monitor(pop, ["v", "I"])
    net = Network(everything=True, seed=seed)
    net.compile()
    net.simulate(STEPS)
    return net.get(m).get("v"), net.get(m).get("I")


def test_neurons_without_noise_draw_nothing_and_compute_the_deterministic_values():
    v_det, _ = run(IZHIKEVICH_WITHOUT_NOISE)
    v, current = run(Izhikevich, noise=[0.0, 0.0, 3.0, 0.0])
    quiet = [0, 1, 3]
    np.testing.assert_array_equal(v[:, quiet], v_det[:, quiet])  # bit for bit
    assert np.abs(v[:, 2] - v_det[:, 2]).max() > 1.0
    # only neuron 2 draws: one standard normal number per step from the network's generator
    draws = np.random.default_rng(7).normal(size=STEPS)
    np.testing.assert_allclose(current[:, 2], 10.0 + 3.0 * draws, rtol=0, atol=1e-12)
    np.testing.assert_array_equal(current[:, quiet], 10.0)


def test_every_neuron_draws_when_noise_is_set_everywhere():
    _, current = run(Izhikevich, noise=[1.0, 2.0, 3.0, 4.0])
    draws = np.random.default_rng(7).normal(size=(STEPS, 4))  # rank order within a step
    np.testing.assert_allclose(current, 10.0 + draws * [1.0, 2.0, 3.0, 4.0], rtol=0, atol=1e-12)


@pytest.mark.parametrize("equations, gates", [
    ("tau * dr/dt = -r + sigma * Normal(0, 1)", ["sigma"]),
    ("tau * dr/dt = -r + sigma * gain * Normal(0, 1)", ["sigma"]),  # the first parameter that works
    ("tau * dr/dt = -r + Normal(0, sigma)", [None]),  # the draw's own argument: it is drawn
    ("tau * dr/dt = -r + sigma + Uniform(0, 1)", [None]),  # added, not multiplied
    ("tau * dr/dt = -r + Normal(0, 1) / sigma", [None]),  # 1/0 does not remove it
    ("tau * dr/dt = -r + sigma * Normal(0, 1)\nx = Normal(0, 1) * r", ["sigma", None]),  # two draws
    ("tau * dr/dt = -r + sigma * Normal(0, 1) : exponential", ["sigma"]),  # as the method steps it
])
def test_the_gate_is_a_parameter_whose_zero_removes_the_draw(equations, gates):
    ir = describe("neuron", parameters="tau = 10.0\nsigma = 1.0\ngain = 2.0", equations=equations)
    assert [_gate(ir, draw) for draw in ir.randoms if draw.locality != "global"] == gates



def test_a_population_wide_gate_is_read_from_the_global_parameters():
    noisy = Neuron(parameters="tau = 10.0\nsigma = 0.0 : population",
                   equations="tau * dr/dt = -r + sigma * Normal(0, 1)", name="population-wide noise")
    clear()
    setup(seed=3)
    pop = Population(5, noisy)
    m = Monitor(pop, "r")
    net = Network(everything=True, seed=3)
    net.compile()
    net.simulate(50)
    assert np.all(net.get(m).get("r") == 0.0)  # sigma = 0: nothing drawn, r stays 0
    net.get(pop).sigma = 1.0
    net.simulate(50)
    assert np.abs(net.get(m).get("r")).max() > 0.01
