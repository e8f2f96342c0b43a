"""The seed page's script on ANNarchy 4.8, in this process, from an empty compilation folder; prints JSON.

Run by ``benchmarks/cold_start.py`` as a fresh process of ANNarchy's venv (g++ on PATH):
define Poisson input -> Izhikevich, ``compile()``, three ``Network`` copies (no input,
10 Hz, 20 Hz) each compiled, 1 s each, their raster plots. ANNarchy compiles C++ for the
default network and for each copy.
"""
import json
import sys
import time

started = time.perf_counter()
from ANNarchy import Izhikevich, Monitor, Network, PoissonPopulation, Population, Projection, compile, setup  # noqa: E402

folder = "annarchy_seed"  # under the working directory (ANNarchy makes an absolute folder relative)
setup(dt=1.0, seed=int(sys.argv[1]) if len(sys.argv) > 1 else 1)
pop1 = PoissonPopulation(100, rates=10.0)
pop2 = Population(100, Izhikevich)
proj = Projection(pop1, pop2, "exc")
proj.connect_fixed_probability(weights=5.0, probability=0.2)
m = Monitor(pop2, "spike")
compile(directory=folder)
net1 = Network()
net1.add([pop2, m])
net1.compile(directory=folder)
net2 = Network()
net2.add([pop1, pop2, proj, m])
net2.compile(directory=folder)
net3 = Network(everything=True)
net3.get(pop1).rates = 20.0
net3.compile(directory=folder)
rates = {}
for name, net in (("no input", net1), ("10 Hz input", net2), ("20 Hz input", net3)):
    net.simulate(1000.0)
    spikes = net.get(m).get("spike")
    net.get(m).raster_plot(spikes)
    rates[name] = float(net.get(m).mean_fr(spikes))
print(json.dumps(dict(seconds=time.perf_counter() - started, rates=rates)))
