"""Gap junctions: two Izhikevich neurons, one driven, coupled by a continuous (psp-only) synapse."""
import json

from ANNarchy import *

setup(dt=0.1)
Cell = Neuron(
    parameters="a = 0.02; b = 0.2; c = -65.0; d = 8.0; I = 0.0",
    equations="""
        dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I + g_gap : init = -65.0
        du/dt = a * (b * v - u) : init = -13.0
    """,
    spike="v >= 30.0",
    reset="v = c; u += d",
)
Gap = Synapse(psp="w * (pre.v - post.v)")
pop = Population(2, Cell)
pop.I = [14.0, 2.0]
proj = Projection(pop, pop, 'gap', Gap)
proj.connect_all_to_all(weights=1.0)
m = Monitor(pop, ['v', 'spike'])
compile()
simulate(300.0)
spikes = m.get('spike')
print("RESULT", json.dumps({"driven": [float(t) for t in spikes[0]], "coupled": [float(t) for t in spikes[1]],
                            "v_end": [float(x) for x in pop.v]}))
