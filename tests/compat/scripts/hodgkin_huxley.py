"""A Hodgkin-Huxley neuron driven by current steps (ANNarchy's HH example, written as equations)."""
import json

from ANNarchy import *

setup(dt=0.01)
HH = Neuron(
    parameters="""
        C = 1.0
        VL = -59.387
        VK = -82.0
        VNa = 45.0
        gK = 36.0
        gNa = 120.0
        gL = 0.3
        vt = 30.0
        I = 0.0
    """,
    equations="""
        above_before = above
        am = 0.1 * (v + 45.0) / (1.0 - exp(-(v + 45.0) / 10.0))
        bm = 4.0 * exp(-(v + 70.0) / 18.0)
        ah = 0.07 * exp(-(v + 70.0) / 20.0)
        bh = 1.0 / (1.0 + exp(-(v + 40.0) / 10.0))
        an = 0.01 * (v + 60.0) / (1.0 - exp(-(v + 60.0) / 10.0))
        bn = 0.125 * exp(-(v + 70.0) / 80.0)
        dn/dt = an * (1.0 - n) - bn * n : init = 0.3, midpoint
        dm/dt = am * (1.0 - m) - bm * m : init = 0.0, midpoint
        dh/dt = ah * (1.0 - h) - bh * h : init = 0.6, midpoint
        C * dv/dt = gL * (VL - v) + gK * n**4 * (VK - v) + gNa * m**3 * h * (VNa - v) + I : init = -50.0, midpoint
        above = ite(v > vt, 1.0, 0.0)
    """,
    spike="(above > 0.5) and (above_before < 0.5)",
    reset="",
)
pop = Population(3, neuron=HH)
pop.I = [0.0, 10.0, 20.0]
m = Monitor(pop, ['spike', 'v'])
compile()
simulate(100.0)
spikes = m.get('spike')
v = m.get('v')
print("RESULT", json.dumps({"counts": [len(spikes[n]) for n in range(3)],
                            "first_spike": [float(spikes[n][0]) * 0.01 if spikes[n] else None for n in range(3)],
                            "v_end": [float(x) for x in v[-1]]}))
