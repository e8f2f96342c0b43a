"""PyNN-style built-in models: IF_cond_exp and IF_curr_alpha driven by Poisson inputs."""
import json

from ANNarchy import *

setup(dt=0.1, seed=5)
inputs = PoissonPopulation(1000, rates=10.0)
cond = Population(1000, IF_cond_exp)
curr = Population(1000, IF_curr_alpha)
Projection(inputs, cond, 'exc').connect_fixed_probability(0.04, weights=0.01)
Projection(inputs, curr, 'exc').connect_fixed_probability(0.04, weights=0.2)
m1, m2 = Monitor(cond, 'spike'), Monitor(curr, 'spike')
compile()
simulate(2000.0)
print("RESULT", json.dumps({"cond_rate": m1.mean_fr(), "curr_rate": m2.mean_fr()}))
