"""The benchmark networks on annlab (ANNarchy 4.8 API), as in ANNarchy's examples.

- :func:`coba`: COBA (Vogels & Abbott 2005; benchmark 1 of Brette et al.
  2007; ANNarchy's ``examples/vogels_abbott/COBA.py``): N LIF neurons (80 %
  excitatory) with conductance-based exponential synapses, p = fan_in / N
  (4000 neurons: p = 0.02), dt = 0.1 ms.
- :func:`izhikevich`: Izhikevich (2003), 800 + 200 neurons, all-to-all random
  weights, thalamic noise, dt = 1 ms (ANNarchy's ``examples/izhikevich``).

The same models are written by hand in ``reference_coba.py`` /
``reference_izhikevich.py`` and for the peers in ``peers/``.
"""
import numpy as np


def coba_neuron():
    """The COBA neuron of ANNarchy's ``examples/vogels_abbott/COBA.py``."""
    from annlab import Neuron
    return Neuron(
        parameters="""
            El = -60.0 : population
            Vr = -60.0 : population
            Erev_exc = 0.0 : population
            Erev_inh = -80.0 : population
            Vt = -50.0 : population
            tau = 20.0 : population
            tau_exc = 5.0 : population
            tau_inh = 10.0 : population
            I = 20.0 : population
        """,
        equations="""
            tau * dv/dt = (El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I
            tau_exc * dg_exc/dt = -g_exc
            tau_inh * dg_inh/dt = -g_inh
        """,
        spike="v > Vt", reset="v = Vr", refractory=5.0, name="COBA")


def define_coba(n_neurons=4000, fan_in=80.0, seed=1):
    """Define COBA in the default network (not compiled); returns the spike Monitor."""
    from annlab import Monitor, Normal, Population, Projection, clear, setup
    clear()
    setup(dt=0.1, seed=seed)
    n_exc = int(round(0.8 * n_neurons))
    probability = min(1.0, fan_in / n_neurons)
    pop = Population(n_neurons, coba_neuron(), name="P")
    pop.v = Normal(-55.0, 5.0)
    pop.g_exc = Normal(4.0, 1.5)
    pop.g_inh = Normal(20.0, 12.0)
    Projection(pop[:n_exc], pop, "exc").connect_fixed_probability(weights=0.6, probability=probability)
    Projection(pop[n_exc:], pop, "inh").connect_fixed_probability(weights=6.7, probability=probability)
    return Monitor(pop, "spike")


def define_izhikevich(n_neurons=1000, seed=1):
    """Define Izhikevich's 2003 network in the default network; returns the spike Monitor."""
    from annlab import Izhikevich, Monitor, Population, Projection, Uniform, clear, setup
    clear()
    setup(dt=1.0, seed=seed)
    rng = np.random.default_rng(seed)
    n_exc = int(round(0.8 * n_neurons))
    pop = Population(n_neurons, Izhikevich, name="P")
    exc, inh = pop[:n_exc], pop[n_exc:]
    re, ri = rng.random(n_exc), rng.random(n_neurons - n_exc)
    exc.noise, inh.noise = 5.0, 2.0
    exc.a, inh.a = 0.02, 0.02 + 0.08 * ri
    exc.b, inh.b = 0.2, 0.25 - 0.05 * ri
    exc.c, inh.c = -65.0 + 15.0 * re ** 2, -65.0
    exc.d, inh.d = 8.0 - 6.0 * re ** 2, 2.0
    exc.v, inh.v = -65.0, -65.0
    exc.u, inh.u = -65.0 * 0.2, -65.0 * (0.25 - 0.05 * ri)
    Projection(exc, pop, "exc").connect_all_to_all(weights=Uniform(0.0, 0.5))
    Projection(inh, pop, "inh").connect_all_to_all(weights=Uniform(0.0, 1.0))
    return Monitor(pop, "spike")


def compiled_copy(monitor, seed=1):
    """A compiled ``Network(everything=True)`` of what is defined; returns (network, its monitor)."""
    from annlab import Network
    net = Network(everything=True, seed=seed)
    net.compile()
    return net, net.get(monitor)


def spike_count(monitor):
    """Spikes recorded since the last call (the monitor's buffer is emptied)."""
    return int(sum(len(times) for times in monitor.get("spike").values()))
