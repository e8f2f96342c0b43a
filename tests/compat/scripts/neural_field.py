"""A dynamic neural field (rate-coded, difference-of-Gaussians lateral connections) selecting one of two bumps."""
import json

import numpy as np
from ANNarchy import *

setup(dt=1.0)
InputNeuron = Neuron(parameters="baseline = 0.0", equations="r = baseline")
NeuralFieldNeuron = Neuron(
    parameters="tau = 10.0 : population",
    equations="""
        tau * dmp/dt + mp = sum(exc) + sum(inh)
        r = clip(mp, 0.0, 1.0)
    """,
)
N = 20
inp = Population(geometry=(N, N), neuron=InputNeuron, name='Input')
focus = Population(geometry=(N, N), neuron=NeuralFieldNeuron, name='Focus')
ff = Projection(pre=inp, post=focus, target='exc')
ff.connect_one_to_one(weights=1.0, delays=0.0)
lat = Projection(pre=focus, post=focus, target='inh')
lat.connect_dog(amp_pos=0.2, sigma_pos=0.1, amp_neg=0.1, sigma_neg=0.7)
compile()
x, y = np.meshgrid(np.arange(N), np.arange(N), indexing='ij')
bumps = 0.6 * np.exp(-((x - 5.0)**2 + (y - 5.0)**2) / 8.0) + 0.5 * np.exp(-((x - 14.0)**2 + (y - 13.0)**2) / 8.0)
inp.baseline = bumps
simulate(300.0)
r = np.array(focus.r).reshape(N, N)
print("RESULT", json.dumps({"peak": [int(i) for i in np.unravel_index(np.argmax(r), r.shape)], "max": float(r.max()),
                            "first_bump": float(r[5, 5]), "second_bump": float(r[14, 13]), "total": float(r.sum())}))
