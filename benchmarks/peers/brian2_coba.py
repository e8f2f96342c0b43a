"""COBA on Brian2 (same equations, parameters, dt and connectivity statistics); prints JSON.

Dimensionless v and conductances as in ANNarchy's COBA example, explicit
Euler (``method='euler'``), ``v`` frozen during the 5 ms refractory period
(the conductances keep decaying), connections drawn with probability
fan_in / N without self connections. ``--target cython|cpp_standalone``.
"""
from brian2_common import add_target, run, start
from common import COBA, clock, emit, maxrss_mb, parser


def main():
    args = add_target(parser(__doc__.splitlines()[0], "coba")).parse_args()
    baseline = maxrss_mb()
    started = clock()
    import brian2
    from brian2 import Network, NeuronGroup, SpikeMonitor, Synapses, defaultclock, ms, seed
    imported = clock()
    n = args.neurons
    directory = start(args.target, f"brian2_coba_{n}")
    seed(args.seed)
    p = COBA
    defaultclock.dt = p["dt"] * ms
    namespace = dict(p, tau=p["tau"] * ms, tau_exc=p["tau_exc"] * ms, tau_inh=p["tau_inh"] * ms)
    eqs = """
        dv/dt = ((El - v) + g_exc * (Erev_exc - v) + g_inh * (Erev_inh - v) + I) / tau : 1 (unless refractory)
        dg_exc/dt = -g_exc / tau_exc : 1
        dg_inh/dt = -g_inh / tau_inh : 1
    """
    pop = NeuronGroup(n, eqs, threshold="v > Vt", reset="v = Vr", refractory=p["refractory"] * ms,
                      method="euler", namespace=namespace)
    pop.v = "-55.0 + 5.0 * randn()"
    pop.g_exc = "4.0 + 1.5 * randn()"
    pop.g_inh = "20.0 + 12.0 * randn()"
    n_exc = int(round(0.8 * n))
    prob = args.fan_in / n
    ce = Synapses(pop[:n_exc], pop, on_pre=f"g_exc_post += {p['w_exc']}")
    ce.connect(j=f"k for k in sample(N_post, p={prob}) if k != i")
    ci = Synapses(pop[n_exc:], pop, on_pre=f"g_inh_post += {p['w_inh']}")
    ci.connect(j=f"k for k in sample(N_post, p={prob}) if k != i + {n_exc}")
    monitor = SpikeMonitor(pop)
    defined = clock()
    net = Network(pop, ce, ci, monitor)
    build, times, cpu_times, spikes, rss, notes = run(net, args.target, directory, args.duration, args.repeats,
                                           lambda: int(monitor.num_spikes), defined)
    synapses = int(len(ce) + len(ci))
    rate = sum(spikes) / len(spikes) / n / (args.duration / 1000.0)
    emit(simulator=f"Brian2 {brian2.__version__} {args.target}", network="coba", neurons=n, synapses=synapses,
         import_s=imported - started, build_s=build + (defined - imported), times_s=times,
         cpu_times_s=cpu_times, spikes=spikes,
         rate_hz=rate, maxrss_mb=rss, baseline_mb=baseline, notes=notes)


if __name__ == "__main__":
    main()
