"""Izhikevich (2003) pulse-coupled network of 800 excitatory and 200 inhibitory neurons, as in ANNarchy's docs."""
import json

import numpy as np
from ANNarchy import *

setup(dt=1.0, seed=3)
Izh = Neuron(
    parameters="""
        noise = 5.0
        a = 0.02
        b = 0.2
        c = -65.0
        d = 2.0
        v_thresh = 30.0
    """,
    equations="""
        I = g_exc - g_inh + noise * Normal(0.0, 1.0)
        dv/dt = 0.04 * v^2 + 5.0 * v + 140.0 - u + I
        du/dt = a * (b*v - u)
    """,
    spike="v >= v_thresh",
    reset="v = c; u += d",
)
pop = Population(geometry=1000, neuron=Izh)
Exc = pop[:800]
Inh = pop[800:]
rng = np.random.default_rng(3)
re = rng.random(800)
ri = rng.random(200)
Exc.noise = 5.0
Exc.a = 0.02
Exc.b = 0.2
Exc.c = -65.0 + 15.0 * re**2
Exc.d = 8.0 - 6.0 * re**2
Inh.noise = 2.0
Inh.a = 0.02 + 0.08 * ri
Inh.b = 0.25 - 0.05 * ri
Inh.c = -65.0
Inh.d = 2.0
pop.v = -65.0
pop.u = pop.v * pop.b
exc_proj = Projection(pre=Exc, post=pop, target='exc')
exc_proj.connect_all_to_all(weights=Uniform(0.0, 0.5))
inh_proj = Projection(pre=Inh, post=pop, target='inh')
inh_proj.connect_all_to_all(weights=Uniform(0.0, 1.0))
M = Monitor(pop, 'spike')
compile()
simulate(1000.0)
t, n = M.raster_plot()
print("RESULT", json.dumps({"exc_rate": float(np.sum(n < 800)) / 800.0, "inh_rate": float(np.sum(n >= 800)) / 200.0}))
