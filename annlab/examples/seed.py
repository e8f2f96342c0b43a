"""The seed example: one network, three conditions, three copies.

``python -m annlab.examples.seed --output DIR`` builds the documentation
network (Poisson input -> Izhikevich population), simulates it as three
Network copies (no input, 10 Hz, 20 Hz), prints the firing rates and writes
the raster plots to ``DIR/seed_raster.png``.
"""
import argparse
import os


def build(seed=None):
    """Define the documentation network and compile it and its three copies (the seed page's code).

    Returns
    -------
    monitor : Monitor
        The spike monitor of the defined network (``net.get(monitor)`` is each copy's).
    networks : dict
        ``{condition: compiled Network}`` for no input, 10 Hz and 20 Hz input.
    """
    from annlab import (Izhikevich, Monitor, Network, PoissonPopulation, Population, Projection, clear,
                        compile, setup)

    clear()
    setup(dt=1.0, seed=seed)
    pop1 = PoissonPopulation(100, rates=10.0)
    pop2 = Population(100, Izhikevich)
    proj = Projection(pop1, pop2, "exc")
    proj.connect_fixed_probability(weights=5.0, probability=0.2)
    m = Monitor(pop2, "spike")
    compile()

    net1 = Network()
    net1.add([pop2, m])
    net1.compile()
    net2 = Network()
    net2.add([pop1, pop2, proj, m])
    net2.compile()
    net3 = Network(everything=True)
    net3.get(pop1).rates = 20.0
    net3.compile()
    return m, {"no input": net1, "10 Hz input": net2, "20 Hz input": net3}


def run(seed=None):
    """Simulate the three networks; returns ``{name: (t, n, rate)}``."""
    m, networks = build(seed)
    results = {}
    for name, net in networks.items():
        net.simulate(1000.0)
        t, n = net.get(m).raster_plot()
        results[name] = (t, n, net.get(m).mean_fr())
    return results


def plot(results, filename):
    """Write the three raster plots side by side to a PNG file."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, axes = plt.subplots(1, len(results), figsize=(12, 3.5), sharey=True)
    for axis, (name, (t, n, rate)) in zip(axes, results.items()):
        axis.plot(t, n, "|", markersize=3, color="k")
        axis.set_title(f"{name}: {rate:.2f} Hz")
        axis.set_xlabel("time (ms)")
        axis.set_xlim(0, 1000)
    axes[0].set_ylabel("neuron")
    figure.tight_layout()
    figure.savefig(filename, dpi=100)
    plt.close(figure)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="annlab_output", help="directory for seed_raster.png")
    parser.add_argument("--seed", type=int, default=None)
    args = parser.parse_args(argv)
    os.makedirs(args.output, exist_ok=True)
    results = run(args.seed)
    for name, (_t, _n, rate) in results.items():
        print(f"{name:>12}: {rate:6.2f} Hz")
    filename = os.path.join(args.output, "seed_raster.png")
    plot(results, filename)
    print(f"raster plot written to {filename}")
    return results


if __name__ == "__main__":
    main()
