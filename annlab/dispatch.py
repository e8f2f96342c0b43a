"""What ``parallel_run(mode='auto')`` picks: copies batched here, or ipyparallel engines.

In both modes the simulation itself runs on every core (batches: copies spread over the
cores by one compiled call; engines: one process per core). What differs is the work
outside the kernels, mostly compiling each copy (its connectivity drawn anew, about in
proportion to its synapses): in a batch it runs here, on threads for large copies;
engines share it out, but cost a start-up (when none is running), a round trip per task
and the transfer of each copy and its result. ``auto`` estimates both from the networks'
sizes (neurons, expected synapses, copies) and the measured costs of the engines, and
takes the faster; the number of steps is not known before the methods run, and does not
change the choice while both modes use the same cores. A ``cluster=`` always runs on its
engines (it brings cores of its own); ``sequential=True`` runs one network after another.

Examples
--------
>>> choose(copies=64, neurons=200, synapses=2000.0, cores=2).mode
'batch'
>>> choose(copies=1000, neurons=16000, synapses=1.28e6, cores=2, engines=2, startup_s=0.0,
...        latency_s=0.01).mode
'engines'
"""
from dataclasses import dataclass

#: Compile time of a copy (s): fixed, per synapse, per neuron. Measured (2026-12-06, 2 cores): the seed
#: network (200 neurons, 2000 synapses) 1.1 ms, COBA 4000 (320k synapses) 21 ms, COBA 16000 (1.28M) 94 ms.
COMPILE_S, COMPILE_PER_SYNAPSE_S, COMPILE_PER_NEURON_S = 1e-3, 7e-8, 2e-7
#: Copies whose estimated compile (s) exceeds this compile on threads in a batch (annlab.lockstep.compile_all)...
THREADED_COMPILE = 0.005
#: ... this much faster than in one (COBA 4000: 23 -> 16 ms a copy).
THREADED_SPEEDUP = 1.45
#: Per copy on engines, in this process: pickling the copy and its result, scheduling (seed network
#: sweep, 2 local engines: 1000 copies take ~3 s more than in a batch).
ENGINE_COPY_S = 3e-3
#: Start-up of a local cluster before one was measured on this machine (s).
DEFAULT_STARTUP_S = 10.0
#: Engines are chosen when they are estimated this much faster (noise of the estimates).
MARGIN = 0.9


@dataclass(frozen=True)
class Choice:
    """The mode that runs and why (printed by ``measure_time``)."""

    mode: str
    reason: str


def copy_compile_s(neurons, synapses):
    """Estimated compile time of one copy (s)."""
    return COMPILE_S + COMPILE_PER_SYNAPSE_S * synapses + COMPILE_PER_NEURON_S * neurons


def network_size(net):
    """(neurons, expected synapses) of a network, compiled or not."""
    neurons = sum(pop.size for pop in net.populations)
    synapses = sum(proj.connector.expected_synapses(proj.pre.size, proj.post.size)
                   for proj in net.projections if proj.connector is not None)
    return neurons, synapses


def choose(copies, neurons, synapses, cores, engines=None, startup_s=None, latency_s=0.01, start=None):
    """The faster of 'batch' and 'engines' for ``copies`` networks of (on average) ``neurons`` neurons
    and ``synapses`` synapses, on ``cores`` cores.

    ``engines``: engines running (None: none; a local cluster of ``start`` engines, default
    ``min(copies, cores)``, would start, taking ``startup_s``, default :data:`DEFAULT_STARTUP_S`);
    ``latency_s``: their measured round trip.
    """
    per_copy = copy_compile_s(neurons, synapses)
    outside = copies * per_copy
    batch = outside / (THREADED_SPEEDUP if per_copy > THREADED_COMPILE and cores > 1 else 1.0)
    running = engines is not None
    count = engines if running else max(1, start or min(copies, cores))
    start = 0.0 if running else (DEFAULT_STARTUP_S if startup_s is None else startup_s)
    tasks = copies if copies <= 2 * count else 2 * count
    on_engines = start + outside / count + tasks * latency_s + copies * ENGINE_COPY_S
    work = f"{copies} copies x ~{per_copy * 1e3:.3g} ms of compile each"
    if count > 1 and on_engines < MARGIN * batch:
        return Choice("engines", f"{work}: ~{on_engines:.2g} s on {count} engines against ~{batch:.2g} s here")
    where = f"{count} engines running" if running else f"starting engines takes ~{start:.2g} s"
    return Choice("batch", f"{work} (~{batch:.2g} s here; {where})")
