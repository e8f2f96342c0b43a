"""Song, Miller & Abbott (2000): Poisson inputs onto one integrate-and-fire neuron through STDP synapses."""
import json

import numpy as np
from ANNarchy import *

setup(dt=1.0, seed=7)
IF = Neuron(
    parameters="""
        tau_m = 10.0
        tau_e = 5.0
        vt = -54.0
        vr = -60.0
        El = -74.0
        Ee = 0.0
    """,
    equations="""
        tau_m * dv/dt = El - v + g_exc * (Ee - vr) : init = -60.0
        tau_e * dg_exc/dt = - g_exc
    """,
    spike="v > vt",
    reset="v = vr",
)
Input = PoissonPopulation(name='Input', geometry=1000, rates=15.0)
Output = Population(name='Output', geometry=1, neuron=IF)
proj = Projection(pre=Input, post=Output, target='exc',
                  synapse=STDP(tau_plus=20.0, tau_minus=20.0, A_plus=0.01, A_minus=0.0105, w_max=0.01))
proj.connect_all_to_all(weights=Uniform(0.0, 0.01))
m = Monitor(Output, 'spike')
compile()
simulate(20000.0)
w = np.array(proj.w[0])
print("RESULT", json.dumps({"rate": len(m.get('spike')[0]) / 20.0, "mean_w": float(w.mean()) / 0.01,
                            "fraction_high": float(np.mean(w > 0.008)), "fraction_low": float(np.mean(w < 0.002))}))
