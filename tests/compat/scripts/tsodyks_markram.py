"""Tsodyks-Markram short-term plasticity: a regular spike train through a depressing and a facilitating synapse."""
import json

from ANNarchy import *

setup(dt=0.25)
Input = SpikeSourceArray(spike_times=[[10.0 + 25.0 * k for k in range(8)] + [400.0]] * 2)
Cell = Neuron(
    parameters="tau = 3.0",
    equations="tau * dv/dt = -v + g_exc : init = 0.0",
    spike="v > 1000.0",
)
out = Population(2, Cell)
depressing = Projection(Input[0], out[0], 'exc', synapse=STP(tau_rec=100.0, tau_facil=0.01, U=0.5))
depressing.connect_one_to_one(weights=1.0)
facilitating = Projection(Input[1], out[1], 'exc', synapse=STP(tau_rec=50.0, tau_facil=200.0, U=0.1))
facilitating.connect_one_to_one(weights=1.0)
m = Monitor(out, 'v')
compile()
simulate(500.0)
v = m.get('v')
peaks = [[float(v[int((10.0 + 25.0 * k) / 0.25):int((35.0 + 25.0 * k) / 0.25), n].max()) for k in range(8)]
         + [float(v[1600:, n].max())] for n in range(2)]
print("RESULT", json.dumps({"depressing": peaks[0], "facilitating": peaks[1]}))
