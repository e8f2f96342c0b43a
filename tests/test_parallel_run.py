"""parallel_run on a real local ipyparallel cluster, and its argument checks."""
import os
import subprocess
import sys
import textwrap

import numpy as np
import pytest

import annlab.parallel
from annlab import *  # noqa: F403
from annlab.errors import ArgumentTypeError, ParallelRunError, ValidationError
from conftest import seed_network, seed_page_networks

pytestmark = pytest.mark.parallel


@pytest.fixture(scope="module", autouse=True)
def local_cluster():
    yield
    annlab.parallel.stop_local_cluster()


def rate_of(result):
    t, n = result
    return len(t) / 100.0


def test_seed_page_networks_in_parallel():
    setup(seed=5)
    (pop1, pop2, proj, m), (net1, net2, net3) = seed_page_networks()

    def simulation(idx, net):
        net.simulate(1000.)
        return net.get(m).raster_plot()

    results = parallel_run(method=simulation, networks=[net1, net2, net3])
    rates = [rate_of(r) for r in results]
    assert rates[0] == 0.0 and 1.0 < rates[1] < 3.5 and 5.5 < rates[2] < 8.5
    # The caller's networks are untouched (they ran in other processes).
    assert net2.get_time() == 0.0 and net2.get(m).get('spike', keep=True) == {r: [] for r in range(100)}
    # Running the same networks here gives the same spikes: the state travelled exactly.
    for net, result in zip([net1, net2, net3], results):
        net.simulate(1000.)
        t, n = net.get(m).raster_plot()
        assert np.array_equal(t, result[0]) and np.array_equal(n, result[1])


def test_number_with_idx_and_with_a_list_argument():
    pop1, pop2, proj, m = seed_network()
    compile()

    def simulation(idx, net):
        net.get(pop1).rates = 10. * idx
        net.simulate(1000.)
        return net.get(m).raster_plot()

    by_idx = [rate_of(r) for r in parallel_run(method=simulation, number=3)]

    def with_rates(idx, net, rates):
        net.get(pop1).rates = rates
        net.simulate(1000.)
        return net.get(m).raster_plot()

    by_list = [rate_of(r) for r in parallel_run(method=with_rates, number=3, rates=[0.0, 10.0, 20.0])]
    for rates in (by_idx, by_list):
        assert rates[0] == 0.0 and 1.0 < rates[1] < 3.5 and 5.5 < rates[2] < 8.5


def test_results_in_idx_order_engine_count_and_reuse():
    Population(5, Izhikevich)

    def slow_first(idx, net):
        import time
        time.sleep(0.3 if idx == 0 else 0.0)
        return idx, os.getpid(), net._compiled.compilations

    first = parallel_run(slow_first, number=4, mode="engines")
    assert [r[0] for r in first] == [0, 1, 2, 3]
    client = annlab.parallel._local["client"]
    assert len(client.ids) == min(4, os.cpu_count())
    assert {r[1] for r in first} <= set(client[:].apply_sync(os.getpid))
    assert all(r[2] == 0 for r in first[1:])      # engines load kernels from the shared cache
    parallel_run(slow_first, number=2, mode="engines")
    assert annlab.parallel._local["client"] is client


def test_seeds_reproduce_and_differ():
    pop1, pop2, proj, m = seed_network()

    def spikes(idx, net):
        net.simulate(300.)
        return net.get(m).get('spike')

    a = parallel_run(spikes, number=2, seeds=[7, 8], mode="engines")
    b = parallel_run(spikes, number=2, seeds=[7, 8])  # batch: the same numbers
    assert a == b and a[0] != a[1]
    sequential = parallel_run(spikes, number=2, seeds=[7, 8], sequential=True)
    assert sequential == a


def test_connectivity_differs_between_networks_on_one_engine():
    """ANNarchy 4.8 defect not to reproduce: identical connectivity for the first network per worker."""
    pop1, pop2, proj, m = seed_network()
    compile()  # number= copies the recipes, not the compiled network's draw

    def matrix(idx, net):
        return net.get(proj).connectivity_matrix() != 0

    matrices = parallel_run(matrix, number=4)
    for i in range(4):
        for j in range(i + 1, 4):
            assert not np.array_equal(matrices[i], matrices[j])


def test_same_seed_is_not_seed_zero():
    """ANNarchy 4.8 defect not to reproduce: same_seed=True gave seed 0."""
    pop1, pop2, proj, m = seed_network()

    def spikes(idx, net):
        net.simulate(200.)
        return net.get(m).get('spike')

    same = parallel_run(spikes, number=2, same_seed=True, sequential=True)
    zero = parallel_run(spikes, number=2, seeds=[0, 0], sequential=True)
    assert same[0] == same[1]
    assert same[0] != zero[0]
    setup(seed=3)
    assert parallel_run(spikes, number=1, same_seed=True, sequential=True) == \
        parallel_run(spikes, number=1, seeds=[3], sequential=True)


def test_sequential_uses_each_networks_arguments():
    """ANNarchy 4.8 defect not to reproduce: sequential=True used the first network's arguments."""
    pop1, pop2, proj, m = seed_network()

    def echo(idx, net, a, b):
        net.get(pop1).rates = a
        return idx, a, b, float(net.get(pop1).rates[0])

    results = parallel_run(echo, number=3, sequential=True, a=[1.0, 2.0, 3.0], b=["x", "y", "z"])
    assert results == [(0, 1.0, "x", 1.0), (1, 2.0, "y", 2.0), (2, 3.0, "z", 3.0)]


def test_argument_errors():
    Population(5, Izhikevich)

    def method(idx, net, a):
        return a

    with pytest.raises(ValidationError, match="either networks"):
        parallel_run(method, a=[1])
    with pytest.raises(ValidationError, match="list of Network"):
        parallel_run(method, networks=Network(everything=True), a=[1])
    with pytest.raises(ValidationError, match="needs the argument 'a'"):
        parallel_run(method, number=2)
    with pytest.raises(ValidationError, match="has no parameter 'b'"):
        parallel_run(method, number=2, a=[1, 2], b=[1, 2])
    with pytest.raises(ValidationError, match="2 expected, got 3"):
        parallel_run(method, number=2, a=[1, 2, 3])
    with pytest.raises(ValidationError, match="must be a list"):
        parallel_run(method, number=2, a=5)
    with pytest.raises(ArgumentTypeError, match="must be callable"):
        parallel_run("method", number=2)
    with pytest.raises(ArgumentTypeError, match=r"\(idx, net, ...\)"):
        parallel_run(lambda: None, number=2)
    with pytest.raises(ValidationError, match="one seed per network"):
        parallel_run(method, number=2, a=[1, 2], seeds=[1])


def test_failure_in_method_names_the_index_and_keeps_other_results():
    Population(5, Izhikevich)

    def fails_for_one(idx, net):
        if idx == 1:
            raise RuntimeError("boom in network one")
        return idx * 10

    with pytest.raises(ParallelRunError, match=r"network\(s\) \[1\] failed") as info:
        parallel_run(fails_for_one, number=3)
    assert info.value.results[0] == 0 and info.value.results[2] == 20
    assert "boom in network one" in str(info.value)
    returned = parallel_run(fails_for_one, number=3, errors="return")
    assert returned[0] == 0 and returned[2] == 20 and "boom" in str(returned[1])


def test_notebook_style_main_method_with_globals(tmp_path):
    """A method defined in __main__ (as in a notebook) reaches the engines with its globals."""
    script = textwrap.dedent("""
        from annlab import *
        import annlab.parallel
        pop1 = PoissonPopulation(20, rates=10.0)
        factor = 3.0
        def simulation(idx, net):
            net.get(pop1).rates = factor * idx
            return float(net.get(pop1).rates[0])
        print("RESULT", parallel_run(simulation, number=2, max_processes=1, mode="engines"))
        annlab.parallel.stop_local_cluster()
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=240,
                         env={**os.environ})
    assert "RESULT [0.0, 3.0]" in out.stdout, out.stderr[-2000:]


def test_existing_cluster_client_and_cluster_object():
    """cluster= accepts an ipyparallel Client or Cluster (e.g. started with MPI/Slurm/SSH launchers)."""
    import ipyparallel as ipp

    Population(5, Izhikevich)
    cluster = ipp.Cluster(n=1, log_level=40)
    client = cluster.start_and_connect_sync(activate=False)
    try:
        client.wait_for_engines(1, timeout=120)
        pids = parallel_run(lambda idx, net: os.getpid(), number=2, cluster=client)
        assert set(pids) == set(client[:].apply_sync(os.getpid))
        assert parallel_run(lambda idx, net: idx, number=2, cluster=cluster) == [0, 1]
        with pytest.raises(ArgumentTypeError, match="cluster must be an ipyparallel Client"):
            parallel_run(lambda idx, net: idx, number=2, cluster=42)
    finally:
        cluster.stop_cluster_sync()


def test_engine_killed_mid_run_keeps_other_results():
    """Last in the module: it kills an engine (later calls start a fresh cluster)."""
    Population(5, Izhikevich)

    def dies(idx, net):
        import time
        if idx == 1:
            time.sleep(0.2)
            os._exit(1)
        time.sleep(0.5)
        return idx

    with pytest.raises(ParallelRunError, match=r"\[1\] failed") as info:
        parallel_run(dies, number=3, mode="engines")
    assert info.value.results[0] == 0 and info.value.results[2] == 2
    assert 1 in info.value.errors
    # The next call recovers (a fresh cluster is started when engines are missing).
    assert parallel_run(lambda idx, net: idx, number=2, mode="engines") == [0, 1]


def test_no_networks_returns_at_once_without_a_cluster():
    annlab.parallel.stop_local_cluster()
    assert parallel_run(lambda idx, net: idx, networks=[]) == []
    assert annlab.parallel._local["client"] is None


def test_an_argument_that_cannot_travel_is_named():
    import threading
    Population(5, Izhikevich)

    def method(idx, net, lock):
        return idx

    with pytest.raises(ArgumentTypeError, match=r"parallel_run\(\): the argument 'lock' of network 0 cannot be sent "
                                                r"to an engine"):
        parallel_run(method, number=2, lock=[threading.Lock(), threading.Lock()], mode="engines")


def test_a_failing_callback_cancels_the_running_tasks():
    import time
    Population(5, Izhikevich)

    def slow_but_first(idx, net):
        if idx:
            time.sleep(120)
        return idx

    def callback(idx, result):
        raise RuntimeError("the live plot broke")

    started = time.perf_counter()
    with pytest.raises(RuntimeError, match="the live plot broke"):
        parallel_run(slow_but_first, number=4, max_processes=2, callback=callback, mode="engines")
    # the engines were freed: the next call does not wait for the 120 s sleeps
    assert parallel_run(lambda idx, net: idx * 2, number=2, max_processes=2, mode="engines") == [0, 2]
    assert time.perf_counter() - started < 90


def _sweep(idx, net, rate):
    net.get(net.get_populations()[0]).rates = rate
    net.simulate(200.)
    return net.get(net.get_monitors()[0]).raster_plot(), os.getpid()


def test_engines_run_batches_of_copies_with_the_numbers_of_a_sequential_run():
    seed_network()
    rates = [5.0 * k for k in range(6)]
    # 1 engine, 6 networks: two tasks of three networks each, their simulate() calls batched on the engine
    on_engines = parallel_run(_sweep, number=6, max_processes=1, mode="engines", seeds=list(range(6)), rate=rates)
    here = parallel_run(_sweep, number=6, mode="sequential", seeds=list(range(6)), rate=rates)
    assert annlab.parallel._groups(6, 1) == [[0, 1, 2], [3, 4, 5]]
    for (raster, pid), ((t, n), here_pid) in zip(on_engines, here):
        assert np.array_equal(raster[0], t) and np.array_equal(raster[1], n)
        assert pid != here_pid
    assert sum(len(t) for (t, _), _ in here) > 0


def test_engines_launched_through_mpi_run_batches(monkeypatch):
    """cluster= with engines started by ipyparallel's MPI launcher (Debian's OpenMPI, mpi4py; scripts/install.sh)."""
    import shutil

    import ipyparallel as ipp

    if shutil.which("mpiexec") is None:
        pytest.skip("no mpiexec (scripts/install.sh --browser installs Debian's OpenMPI)")
    pytest.importorskip("mpi4py")
    if os.geteuid() == 0:  # OpenMPI refuses root unless told (CI machines run as root)
        monkeypatch.setenv("OMPI_ALLOW_RUN_AS_ROOT", "1")
        monkeypatch.setenv("OMPI_ALLOW_RUN_AS_ROOT_CONFIRM", "1")
    seed_network()
    cluster = ipp.Cluster(engines="mpi", n=2, log_level=40)
    client = cluster.start_and_connect_sync(activate=False)
    try:
        client.wait_for_engines(2, timeout=120)
        client[:].execute("from mpi4py import MPI; rank = MPI.COMM_WORLD.Get_rank()", block=True)
        assert sorted(client[:].pull("rank", block=True)) == [0, 1]
        rates = [4.0 * k for k in range(8)]
        on_mpi = parallel_run(_sweep, number=8, cluster=client, seeds=list(range(8)), rate=rates)
        here = parallel_run(_sweep, number=8, mode="batch", seeds=list(range(8)), rate=rates)
        engine_pids = set(client[:].apply_sync(os.getpid))
        for (raster, pid), ((t, n), _) in zip(on_mpi, here):
            assert np.array_equal(raster[0], t) and np.array_equal(raster[1], n)
            assert pid in engine_pids
    finally:
        cluster.stop_cluster_sync()


def _synapses_and_pid(idx, net):
    net.simulate(1.0)
    return net.get(net.get_projections()[0]).nb_synapses, os.getpid()


def test_auto_sends_heavy_copies_to_running_engines(capsys):
    """8 copies of 2 million synapses each: compiling them (their synapses drawn anew) is work that
    running engines share out; mode='auto' estimates it, sends them, and says so."""
    annlab.parallel.local_client(2)
    pop = Population(3200, Izhikevich)
    Projection(pop, pop, "exc").connect_fixed_probability(0.2, weights=0.1)
    auto = parallel_run(_synapses_and_pid, number=8, seeds=list(range(8)), measure_time=True, progress=False)
    assert "(mode 'engines': 8 copies x ~" in capsys.readouterr().out
    here = parallel_run(_synapses_and_pid, number=8, seeds=list(range(8)), mode="batch", progress=False)
    assert [n for n, _ in auto] == [n for n, _ in here]  # the same synapses drawn everywhere
    assert all(pid != os.getpid() for _, pid in auto) and all(pid == os.getpid() for _, pid in here)
    small = Network()
    small.add(Population(10, Izhikevich))
    parallel_run(lambda idx, net: net.simulate(1.0), networks=[small] * 4, measure_time=True, progress=False)
    assert "(mode 'batch': 4 copies" in capsys.readouterr().out
