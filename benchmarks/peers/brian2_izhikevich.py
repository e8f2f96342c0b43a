"""Izhikevich (2003) on Brian2 in ANNarchy's discretisation; prints JSON.

Each 1 ms step (explicit Euler from the old values, as ANNarchy):
``I = g_exc - g_inh + noise * N(0, 1)`` (one draw per neuron and step), then
``v`` and ``u`` advance, ``g_exc``/``g_inh`` are cleared, ``v > 30`` spikes
(reset ``v = c; u += d``) and the spikes add their weights to the targets'
``g`` for the next step. All-to-all without self connections, weights
U(0, 0.5) (exc) and U(0, 1) (inh). ``--target cython|cpp_standalone``.
"""
import numpy as np

from brian2_common import add_target, run, start
from common import clock, emit, maxrss_mb, parser


def main():
    args = add_target(parser(__doc__.splitlines()[0], "izhikevich")).parse_args()
    baseline = maxrss_mb()
    started = clock()
    import brian2
    from brian2 import Network, NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, seed
    imported = clock()
    n = args.neurons
    n_exc = int(round(0.8 * n))
    directory = start(args.target, f"brian2_izhikevich_{n}")
    seed(args.seed)
    defaultclock.dt = 1.0 * ms
    eqs = """
        I = g_exc - g_inh + noise * randn() : 1 (constant over dt)
        dv/dt = (0.04 * v**2 + 5.0 * v + 140.0 - u + I) / ms : 1
        du/dt = a * (b * v - u) / ms : 1
        g_exc : 1
        g_inh : 1
        a : 1 (constant)
        b : 1 (constant)
        c : 1 (constant)
        d : 1 (constant)
        noise : 1 (constant)
    """
    pop = NeuronGroup(n, eqs, threshold="v > 30.0", reset="v = c; u += d", method="euler")
    pop.run_regularly("g_exc = 0.0\ng_inh = 0.0", when="after_groups")
    rng = np.random.default_rng(args.seed)
    re, ri = rng.random(n_exc), rng.random(n - n_exc)
    pop.noise = np.r_[np.full(n_exc, 5.0), np.full(n - n_exc, 2.0)]
    pop.a = np.r_[np.full(n_exc, 0.02), 0.02 + 0.08 * ri]
    pop.b = np.r_[np.full(n_exc, 0.2), 0.25 - 0.05 * ri]
    pop.c = np.r_[-65.0 + 15.0 * re ** 2, np.full(n - n_exc, -65.0)]
    pop.d = np.r_[8.0 - 6.0 * re ** 2, np.full(n - n_exc, 2.0)]
    pop.v = -65.0
    pop.u = np.r_[np.full(n_exc, -65.0 * 0.2), -65.0 * (0.25 - 0.05 * ri)]
    ce = Synapses(pop[:n_exc], pop, "w : 1", on_pre="g_exc_post += w")
    ce.connect(condition="i != j")
    ce.w = "0.5 * rand()"
    ci = Synapses(pop[n_exc:], pop, "w : 1", on_pre="g_inh_post += w")
    ci.connect(condition=f"i + {n_exc} != j")
    ci.w = "rand()"
    monitor = SpikeMonitor(pop)
    defined = clock()
    net = Network(pop, ce, ci, monitor)
    build, times, cpu_times, spikes, rss, notes = run(net, args.target, directory, args.duration, args.repeats,
                                           lambda: int(monitor.num_spikes), defined)
    rate = sum(spikes) / len(spikes) / n / (args.duration / 1000.0)
    emit(simulator=f"Brian2 {brian2.__version__} {args.target}", network="izhikevich", neurons=n,
         synapses=int(len(ce) + len(ci)), import_s=imported - started, build_s=build + (defined - imported),
         times_s=times, cpu_times_s=cpu_times, spikes=spikes, rate_hz=rate, maxrss_mb=rss,
         baseline_mb=baseline, notes=notes)


if __name__ == "__main__":
    main()
