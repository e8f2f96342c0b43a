"""parallel_run: one method applied to many networks, here as batches of copies or on engines.

By default (``mode='auto'``, no ``cluster=``) the networks run in this process:
each method in a greenlet of its own, their ``simulate()`` calls advanced
together, one compiled call per structure for all copies, spread over the
cores (:mod:`annlab.lockstep`), unless running engines are estimated to be
faster (:mod:`annlab.dispatch`). With ``mode='engines'`` or a ``cluster=``,
networks travel to ipyparallel engines as blueprints (uncompiled copies, see
:meth:`annlab.Network.blueprint`); each engine compiles its copy from the
shared kernel cache (no compiler run) and calls ``method(idx, net, ...)``.
Without ``cluster=``, a local cluster of ``min(N, cores)`` engines is started
on first use, reused by later calls and stopped when Python exits. Any
ipyparallel cluster works too (MPI, Slurm, SSH launchers): pass a
``Client``, a ``Cluster`` or a profile name.

Examples
--------
>>> from annlab import *
>>> clear(); setup(seed=1)
>>> pop1 = PoissonPopulation(100, rates=10.0)
>>> pop2 = Population(100, Izhikevich)
>>> proj = Projection(pop1, pop2, 'exc').connect_fixed_probability(weights=5.0, probability=0.2)
>>> m = Monitor(pop2, 'spike')
>>> def simulation(idx, net, rate):
...     net.get(pop1).rates = rate
...     net.simulate(1000.)
...     return net.get(m).mean_fr()
>>> rates = parallel_run(simulation, number=2, rate=[0.0, 20.0], sequential=True)
>>> rates[0] == 0.0 and rates[1] > 3.0
True
"""
import atexit
import functools
import inspect
import json
import os
import signal
import sys
import time
import traceback

import numpy as np

from . import dispatch
from .core import config, registry
from .core.network import Network
from .errors import ArgumentTypeError, ParallelRunError, ValidationError

_local = {"cluster": None, "client": None, "startup_s": None, "latency_s": 0.01}


# ---- arguments ---------------------------------------------------------------------
def _check_method(method, n_networks, args):
    if not callable(method):
        raise ArgumentTypeError(f"parallel_run(): method must be callable (got {method!r})")
    try:
        parameters = list(inspect.signature(method).parameters.values())
    except (TypeError, ValueError):
        return
    positional = [p for p in parameters if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    if len(positional) < 2 and not any(p.kind == p.VAR_POSITIONAL for p in parameters):
        raise ArgumentTypeError(f"parallel_run(): method must take (idx, net, ...) as its first two "
                                f"arguments (got {method.__name__}{inspect.signature(method)})")
    extra = [p.name for p in positional[2:]]
    missing = [name for name, p in zip(extra, positional[2:]) if name not in args and p.default is p.empty]
    if missing:
        raise ValidationError("parallel_run", missing[0], f"{method.__name__}() needs the argument "
                              f"'{missing[0]}': pass it as a list with one value per network "
                              f"({missing[0]}=[...])")
    accepts_any = any(p.kind == p.VAR_KEYWORD for p in parameters)
    for name, values in args.items():
        if name not in extra and not accepts_any:
            raise ValidationError("parallel_run", name, f"{method.__name__}() has no parameter '{name}' "
                                  f"(its extra parameters are {extra})")
        if not isinstance(values, (list, tuple, np.ndarray)):
            raise ValidationError("parallel_run", name, f"Value must be a list with one value per network "
                                  f"(got {type(values).__name__})")
        if len(values) != n_networks:
            raise ValidationError("parallel_run", name, f"Value must have one value per network: "
                                  f"{n_networks} expected, got {len(values)}")


def _seeds(count, same_seed, seeds, networks):
    if seeds is not None:
        if isinstance(seeds, str):
            if seeds != "sequential":
                raise ValidationError("parallel_run", "seeds", f"Value must be a list or 'sequential' "
                                      f"(got {seeds!r})")
            base = config.get("seed") if config.get("seed") is not None else 0
            return [base + k for k in range(count)]
        if len(seeds) != count:
            raise ValidationError("parallel_run", "seeds", f"Value must have one seed per network: {count} "
                                  f"expected, got {len(seeds)}")
        return list(seeds)
    base = config.get("seed")
    if same_seed:
        value = base if base is not None else int(np.random.SeedSequence().generate_state(1)[0])
        return [value] * count
    if networks is not None:
        return [None] * count  # each network keeps its own seed (and, compiled, its random state)
    # Distinct, reproducible when setup(seed=...) was called, never shared by accident.
    sequence = np.random.SeedSequence(base)
    return [int(child.generate_state(1)[0]) for child in sequence.spawn(count)]


# ---- what runs on an engine ---------------------------------------------------------------
def run_task(payload):
    """Engine side: unpickle, compile the blueprint, call the method; returns the pickled result."""
    import cloudpickle

    method, blueprint, idx, extras = cloudpickle.loads(payload)
    blueprint.compile()
    return cloudpickle.dumps(method(idx, blueprint, **extras))


def run_batch_task(payload):
    """Engine side: several networks in one task, their ``simulate()`` calls batched (annlab.lockstep).

    Returns ``[(idx, pickled result or None, pickled exception or None)]``.
    """
    import cloudpickle

    from .lockstep import run_compiled

    method, members = cloudpickle.loads(payload)
    outcome = {}

    def finished(position, result, error):
        outcome[members[position][1]] = (result, error)
    run_compiled(method, [blueprint for blueprint, _, _ in members], [extras for _, _, extras in members], finished,
                 threads=1)  # the engines share the cores: each compiles in its own thread
    return [(idx, None if error is not None else cloudpickle.dumps(result), _pickled_error(cloudpickle, error))
            for idx, (result, error) in sorted(outcome.items())]


def _pickled_error(cloudpickle, error):
    """``error`` pickled, or its text and traceback as a RuntimeError where it would not come back (an
    exception class whose ``__init__`` takes other arguments than its ``args`` does not unpickle)."""
    if error is None:
        return None
    try:
        pickled = cloudpickle.dumps(error)
        cloudpickle.loads(pickled)
        return pickled
    except Exception:  # noqa: BLE001 -- an exception that cannot travel travels as its text
        import traceback
        text = "".join(traceback.format_exception(type(error), error, error.__traceback__))
        return cloudpickle.dumps(RuntimeError(f"{type(error).__name__}: {error}\n{text}"))


def _payload(method, blueprint, idx, extras):
    import cloudpickle

    module = sys.modules.get(getattr(method, "__module__", "__main__"))
    if module is not None and module.__name__ not in ("__main__",) and not module.__name__.startswith("annlab"):
        if not _is_installed(module):
            cloudpickle.register_pickle_by_value(module)
    try:
        return cloudpickle.dumps((method, blueprint, idx, extras))
    except Exception as err:  # noqa: BLE001 -- find what cannot travel, and say so
        parts = [("the method", method), (f"network {idx}", blueprint)]
        parts += [(f"the argument '{name}' of network {idx}", value) for name, value in extras.items()]
        for label, value in parts:
            try:
                cloudpickle.dumps(value)
            except Exception as part_error:  # noqa: BLE001
                raise ArgumentTypeError(f"parallel_run(): {label} cannot be sent to an engine ({value!r}: "
                                        f"{type(part_error).__name__}: {part_error}); pass a value that can be "
                                        f"pickled, or build it inside the method") from part_error
        raise ArgumentTypeError(f"parallel_run(): network {idx} cannot be sent to an engine ({err})") from err


def _is_installed(module):
    path = getattr(module, "__file__", "") or ""
    return "site-packages" in path or "dist-packages" in path or path.startswith(sys.base_prefix)


# ---- clusters -----------------------------------------------------------------------------------
def _stop_local_cluster():
    cluster = _local["cluster"]
    _local.update(cluster=None, client=None)
    if cluster is not None:
        try:
            cluster.stop_cluster_sync()
        except Exception:  # noqa: BLE001 -- best effort at exit
            pass


def local_client(n_engines):
    """The client of the local cluster, started (or grown) on demand."""
    import ipyparallel as ipp

    client = _local["client"]
    if client is not None:
        alive = len(client.ids)
        if alive >= n_engines:
            return client
        _stop_local_cluster()
    # hwm=2: each engine holds the next task while it runs one, hiding the round trip between tasks
    started = time.perf_counter()
    cluster = ipp.Cluster(n=n_engines, log_level=40, controller_args=["--TaskScheduler.hwm=2"])
    client = cluster.start_and_connect_sync(activate=False)
    client.wait_for_engines(n_engines, timeout=120)
    _save_startup(time.perf_counter() - started)
    view, trips = client.load_balanced_view(), []
    for _ in range(3):  # the first round trip also wakes the engines up
        started = time.perf_counter()
        view.apply_async(int).get(timeout=60)
        trips.append(time.perf_counter() - started)
    _local["latency_s"] = min(trips)
    if _local["cluster"] is None and not getattr(local_client, "_registered", False):
        atexit.register(_stop_local_cluster)
        local_client._registered = True
    _local.update(cluster=cluster, client=client)
    return client


def _startup_file():
    from .sim.cache import cache_directory

    return os.path.join(cache_directory(), "local_cluster.json")


def _save_startup(seconds):
    """Keep the start-up time of a local cluster, for mode='auto' in later processes too."""
    _local["startup_s"] = seconds
    try:
        with open(_startup_file(), "w") as handle:
            json.dump({"startup_s": seconds}, handle)
    except Exception:  # noqa: BLE001 -- an estimate only (an unwritable cache has said so at compile)
        pass


def _startup():
    """Measured start-up time of a local cluster (s), or None."""
    if _local.get("startup_s") is None:
        try:
            with open(_startup_file()) as handle:
                _local["startup_s"] = float(json.load(handle)["startup_s"])
        except Exception:  # noqa: BLE001 -- never measured here (or unreadable): the default estimate
            return None
    return _local["startup_s"]


def stop_local_cluster():
    """Stop the local engines started by parallel_run (done automatically at exit)."""
    _stop_local_cluster()


def _client(cluster, n_networks, max_processes):
    if cluster is None:
        cores = os.cpu_count() or 1
        count = max_processes if max_processes and max_processes > 0 else min(n_networks, cores)
        return local_client(max(1, count))
    import ipyparallel as ipp

    if isinstance(cluster, ipp.Client):
        return cluster
    if isinstance(cluster, ipp.Cluster):
        return cluster.connect_client_sync()
    if isinstance(cluster, str):
        return ipp.Client(profile=cluster)
    raise ArgumentTypeError(f"parallel_run(): cluster must be an ipyparallel Client, Cluster or profile name "
                            f"(got {cluster!r})")


# ---- the function ------------------------------------------------------------------------------------
def parallel_run(method, networks=None, number=0, max_processes=-1, measure_time=False, sequential=False,
                 same_seed=False, seeds=None, cluster=None, errors="raise", callback=None, progress=None,
                 mode="auto", **args):
    """Apply ``method(idx, net, *extra)`` to several networks, in parallel.

    Parameters
    ----------
    method : callable
        ``method(idx, net, ...)``; ``idx`` is the network's position
        (0..N-1), ``net`` its Network. Its return values come back in idx order.
    networks : list of Network, optional
        Networks to run, each in a separate memory space: the caller's
        networks are left untouched (a compiled one travels with its state).
    number : int, optional
        Instead of ``networks``: N copies of everything defined (as
        ``Network(everything=True)``), each with its own seed.
    max_processes : int
        Engines of the local cluster (default ``min(N, cores)``).
    measure_time : bool
        Print the wall time.
    sequential : bool
        Run here, one network after another (each with its own arguments): ``mode='sequential'``.
    same_seed : bool
        Give every network the same seed (that of ``setup``, else one random seed).
    seeds : list of int or 'sequential', optional
        Explicit seeds, or ``base + idx`` from ``setup(seed=base)``.
    cluster : ipyparallel.Client, Cluster or str, optional
        Where to run (profile name for ``ipcluster`` clusters).
    errors : {'raise', 'return'}
        On failures, raise :class:`ParallelRunError` (carrying the results of
        the other networks) or return the exceptions in place of results.
    callback : callable, optional
        ``callback(idx, result)`` as each network finishes (live views).
    progress : bool, optional
        Progress bar of finished networks (default: when more than 2).
    mode : {'auto', 'batch', 'engines', 'sequential'}
        ``'batch'``: here, each method in a greenlet, the ``simulate()`` calls of networks of one
        structure advanced together by one compiled call (copies over the cores);
        ``'engines'``: on ipyparallel engines (``cluster``, or a local cluster); ``'sequential'``:
        here, one after another. ``'auto'``: ``'engines'`` with a ``cluster``, ``'sequential'``
        with ``sequential=True``, else the faster of ``'batch'`` and local engines estimated
        from the networks' sizes and the engines' measured costs (:mod:`annlab.dispatch`);
        ``measure_time`` says which ran and why.
    **args : list
        Extra arguments of ``method``, by name, one value per network.

    Returns
    -------
    list
        ``method``'s return value for each network, in idx order.
    """
    if networks is None and not number:
        raise ValidationError("parallel_run", "networks", "Give either networks=[...] or number=N")
    if networks is not None and number:
        raise ValidationError("parallel_run", "number", "Give either networks=[...] or number=N, not both")
    if networks is not None:
        if not isinstance(networks, (list, tuple)) or not all(isinstance(n, Network) for n in networks):
            raise ValidationError("parallel_run", "networks", "Value must be a list of Network objects "
                                  f"(got {networks!r})")
        count = len(networks)
    else:
        if not isinstance(number, (int, np.integer)) or number < 1:
            raise ValidationError("parallel_run", "number", f"Value must be an integer >= 1 (got {number!r})")
        count = int(number)
    explicit = _mode(mode, sequential, cluster)
    if errors not in ("raise", "return"):
        raise ValidationError("parallel_run", "errors", f"Value must be 'raise' or 'return' (got {errors!r})")
    _check_method(method, count, args)
    if count == 0:  # networks=[]: nothing to run, no cluster to start
        return []
    seeds = _seeds(count, same_seed, seeds, networks)
    source = networks if networks is not None else [registry.default_network()] * count
    extras = [{name: values[k] for name, values in args.items()} for k in range(count)]
    blueprints = [net.blueprint(seed=seeds[k], with_state=networks is not None) for k, net in enumerate(source)]
    choice = dispatch.Choice(explicit, "") if explicit != "auto" else _auto(source, max_processes)
    mode = choice.mode
    started = time.perf_counter()
    show = progress if progress is not None else count > 2
    if mode == "sequential":
        results, failures = _run_here(method, blueprints, extras, callback, show)
    elif mode == "batch":
        results, failures = _run_batched(method, blueprints, extras, callback, show)
    else:
        results, failures = _run_on_engines(method, blueprints, extras, cluster, max_processes, callback, show)
    if measure_time:
        why = f": {choice.reason}" if choice.reason else ""
        print(f"parallel_run(): {count} networks in {time.perf_counter() - started:.3f} s (mode '{mode}'{why})")
    if failures and errors == "raise":
        first = min(failures)
        raise ParallelRunError(f"parallel_run(): network(s) {sorted(failures)} failed; network {first}:\n"
                               f"{_describe(failures[first])}", results=results, errors=failures)
    for idx, error in failures.items():
        results[idx] = error
    return results


MODES = ("auto", "batch", "engines", "sequential")


def _mode(mode, sequential, cluster):
    """The mode that runs: ``mode``, or what 'auto' picks (see :func:`parallel_run`)."""
    if mode not in MODES:
        raise ValidationError("parallel_run", "mode", f"Value must be one of {', '.join(map(repr, MODES))} "
                              f"(got {mode!r})")
    if sequential and mode not in ("auto", "sequential"):
        raise ValidationError("parallel_run", "mode", f"sequential=True runs one network after another; it "
                              f"contradicts mode={mode!r} (give one of the two)")
    chosen = "sequential" if sequential else mode
    if cluster is not None and chosen in ("batch", "sequential"):
        raise ValidationError("parallel_run", "cluster", f"cluster= runs on engines; it contradicts mode={chosen!r}")
    if chosen == "auto" and cluster is not None:
        return "engines"
    return chosen


def _auto(networks, max_processes):
    """What mode='auto' runs here (:func:`annlab.dispatch.choose`), from the networks' sizes and what the
    engines cost: running ones their round trip, else the start-up measured on this machine."""
    sizes = [dispatch.network_size(net) for net in {id(net): net for net in networks}.values()]
    neurons = sum(size[0] for size in sizes) / len(sizes)
    synapses = sum(size[1] for size in sizes) / len(sizes)
    client = _local["client"]
    engines = len(client.ids) if client is not None else None
    start = max_processes if max_processes and max_processes > 0 else None
    return dispatch.choose(len(networks), neurons, synapses, os.cpu_count() or 1, engines, _startup(),
                           _local["latency_s"], start)


def _describe(error):
    remote = getattr(error, "render_traceback", None)
    if remote is not None:
        try:
            return "\n".join(remote())
        except Exception:  # noqa: BLE001 -- fall back to the plain message
            pass
    return "".join(traceback.format_exception(type(error), error, error.__traceback__))


class _Collector:
    """Results and failures in idx order, with the callback and the progress bar."""

    def __init__(self, count, callback, show):
        self.results, self.failures = [None] * count, {}
        self.callback = callback
        self.bar = None
        if show:
            from tqdm.auto import tqdm
            self.bar = tqdm(total=count, unit="network", desc="parallel_run")

    def finished(self, idx, compute):
        """Record ``compute()`` as the result of network ``idx``, or its exception."""
        try:
            self.results[idx] = compute()
        except Exception as err:  # noqa: BLE001 -- kept per network, reported with its index
            self.failures[idx] = err
        else:
            if self.callback is not None:
                self.callback(idx, self.results[idx])
        if self.bar is not None:
            self.bar.update(1)

    def close(self):
        if self.bar is not None:
            self.bar.close()
        return self.results, self.failures


def _run_here(method, blueprints, extras, callback, show):
    collector = _Collector(len(blueprints), callback, show)

    def one(idx, blueprint, extra):
        blueprint.compile()
        return method(idx, blueprint, **extra)

    for idx, (blueprint, extra) in enumerate(zip(blueprints, extras)):
        collector.finished(idx, functools.partial(one, idx, blueprint, extra))
    return collector.close()


def _run_batched(method, blueprints, extras, callback, show):
    from .lockstep import run_compiled

    collector = _Collector(len(blueprints), callback, show)

    def finished(idx, result, error):
        collector.finished(idx, functools.partial(_raise, error) if error is not None
                           else functools.partial(_identity, result))
    try:
        run_compiled(method, blueprints, extras, finished)
    except BaseException:
        collector.close()
        raise
    return collector.close()


def _raise(error):
    raise error


def _identity(value):
    return value


def _batch_result(cloudpickle, result, error):
    if error is not None:
        raise cloudpickle.loads(error)
    return cloudpickle.loads(result)


def _result(cloudpickle, task):
    return cloudpickle.loads(task.get())


#: Tasks per engine when networks outnumber them: each task is a batch of networks (run_batch_task).
TASKS_PER_ENGINE = 2


def _groups(count, engines):
    """Positions of the networks in each task: one network per task up to TASKS_PER_ENGINE per engine,
    else TASKS_PER_ENGINE contiguous batches per engine."""
    tasks = max(1, engines) * TASKS_PER_ENGINE
    if count <= tasks:
        return [[idx] for idx in range(count)]
    return [list(chunk) for chunk in np.array_split(np.arange(count), tasks)]


def _run_on_engines(method, blueprints, extras, cluster, max_processes, callback, show):
    import cloudpickle

    payloads = [_payload(method, blueprint, idx, extra)  # all checked before anything is sent
                for idx, (blueprint, extra) in enumerate(zip(blueprints, extras))]
    client = _client(cluster, len(blueprints), max_processes)
    view = client.load_balanced_view()
    pending = {}
    for group in _groups(len(blueprints), len(client.ids)):
        if len(group) == 1:
            pending[tuple(group)] = view.apply_async(run_task, payloads[group[0]])
        else:
            batch = cloudpickle.dumps((method, [(blueprints[idx], int(idx), extras[idx]) for idx in group]))
            pending[tuple(int(idx) for idx in group)] = view.apply_async(run_batch_task, batch)
    collector = _Collector(len(blueprints), callback, show)
    try:
        while pending:
            finished = [group for group, task in pending.items() if task.ready()]
            if not finished:
                time.sleep(0.01)
                continue
            for group in finished:
                task = pending.pop(group)
                if len(group) == 1:
                    collector.finished(group[0], functools.partial(_result, cloudpickle, task))
                    continue
                try:
                    outcomes = task.get()
                except Exception as err:  # noqa: BLE001 -- the engine died: every network of the batch failed
                    outcomes = [(idx, None, _pickled_error(cloudpickle, err)) for idx in group]
                for idx, result, error in outcomes:
                    collector.finished(idx, functools.partial(_batch_result, cloudpickle, result, error))
    except BaseException:  # Ctrl-C, a failing callback: the engines must not stay busy with this call's tasks
        _cancel(client, list(pending.values()), ours=cluster is None)
        collector.close()
        raise
    return collector.close()


def _cancel(client, tasks, ours):
    """Abort the queued ``tasks`` and interrupt those running (on every engine of a cluster of our own,
    on the engines running them on a cluster we were given)."""
    if not tasks:
        return
    try:
        client.abort(jobs=tasks, block=False)
    except Exception:  # noqa: BLE001 -- tasks already running cannot be aborted, only interrupted
        pass
    engines = set(client.ids) if ours else {task.engine_id for task in tasks
                                            if isinstance(getattr(task, "engine_id", None), int)}
    if engines:
        try:
            client.send_signal(signal.SIGINT, targets=sorted(engines), block=True)
        except Exception:  # noqa: BLE001 -- best effort: an engine may be gone already
            pass
    for task in tasks:  # wait until the engines are free again (interrupted tasks end quickly)
        try:
            task.wait(30)
        except Exception:  # noqa: BLE001
            pass
