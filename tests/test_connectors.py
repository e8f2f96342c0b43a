"""Tests of annlab.core.connectors (connection patterns, ANNarchy 4.8 semantics)."""
import copy
import doctest
import math

import numpy as np
import pytest
import scipy.sparse as sp

from annlab.core import connectors
from annlab.core.connectors import (AllToAll, Connectivity, DoG, EndPoint, FixedNumberPost,
                                    FixedNumberPre, FixedProbability, Gaussian, OneToOne,
                                    normalized_coordinates)
from annlab.core.data_connectors import FromFile, FromMatrix, FromSparse, WithFunc, save_connectivity
from annlab.core.distributions import Normal, Uniform
from annlab.errors import ArgumentTypeError, ConnectivityError, ValidationError


def ep(size, pid="A", geometry=None, ranks=None):
    return EndPoint(size, geometry if geometry is not None else (size,), pid, ranks)


def rng(seed=0):
    return np.random.default_rng(seed)


def pairs(conn):
    return list(zip(conn.post_ranks.tolist(), conn.pre_ranks.tolist()))


def assert_sorted(conn):
    keys = conn.post_ranks * (conn.pre_ranks.max(initial=0) + 1) + conn.pre_ranks
    assert np.all(np.diff(keys) > 0), "synapses must be sorted by post then pre, without duplicates"


def test_doctests():
    result = doctest.testmod(connectors)
    assert result.failed == 0 and result.attempted >= 10


# ------------------------------------------------------------------ structure
def test_all_to_all_same_population_excludes_self():
    pop = ep(3)
    c = AllToAll(weights=0.5).draw(pop, pop, rng())
    assert pairs(c) == [(0, 1), (0, 2), (1, 0), (1, 2), (2, 0), (2, 1)]
    assert c.weights.dtype == np.float64 and np.all(c.weights == 0.5)
    assert c.post_ranks.dtype == np.int32 and c.pre_ranks.dtype == np.int32  # half the memory of int64
    assert c.delays == 0.0 and isinstance(c.delays, float)
    assert c.size == 6


def test_all_to_all_self_allowed_or_other_population():
    pop = ep(3)
    full = [(i, j) for i in range(3) for j in range(3)]
    assert pairs(AllToAll(1.0, allow_self_connections=True).draw(pop, pop, rng())) == full
    c = AllToAll(2.0, delays=1.5).draw(ep(3, "A"), ep(2, "B"), rng())
    assert pairs(c) == [(i, j) for i in range(2) for j in range(3)]
    assert c.delays == 1.5


def test_self_connections_compare_population_ranks_of_views():
    # pre = neurons 0..3 of the population, post = neurons 2..4: only neurons 2 and 3 coincide.
    pre, post = ep(4, ranks=np.arange(4)), ep(3, ranks=np.array([2, 3, 4]))
    c = AllToAll(1.0).draw(pre, post, rng())
    assert (0, 2) not in pairs(c) and (1, 3) not in pairs(c)
    assert c.size == 12 - 2


def test_one_to_one():
    c = OneToOne(weights=2.0, delays=1.0).draw(ep(4, "A"), ep(4, "B"), rng())
    assert pairs(c) == [(i, i) for i in range(4)]
    assert np.all(c.weights == 2.0) and c.delays == 1.0
    pop = ep(3)
    assert pairs(OneToOne().draw(pop, pop, rng())) == [(0, 0), (1, 1), (2, 2)]
    with pytest.raises(ConnectivityError, match=r"connect_one_to_one: .*same size.*3 pre and 4 post"):
        OneToOne().draw(ep(3, "A"), ep(4, "B"), rng())


# --------------------------------------------------------------- statistical
def test_fixed_probability_statistics_between_populations():
    p, n = 0.2, 100
    c = FixedProbability(p, weights=1.0).draw(ep(n, "A"), ep(n, "B"), rng(1))
    mean, sd = n * n * p, math.sqrt(n * n * p * (1 - p))
    assert abs(c.size - mean) < 5 * sd
    assert_sorted(c)
    # Different populations: i -> i pairs occur (about p * n of them).
    assert np.sum(c.post_ranks == c.pre_ranks) > 0
    # Each post row is an independent binomial(n, p): the per-row counts have the right spread.
    counts = np.bincount(c.post_ranks, minlength=n)
    assert abs(counts.var() - n * p * (1 - p)) < 0.5 * n * p * (1 - p)


def test_fixed_probability_same_population():
    n, p = 80, 0.3
    pop = ep(n)
    c = FixedProbability(p, weights=1.0).draw(pop, pop, rng(2))
    assert not np.any(c.post_ranks == c.pre_ranks)
    mean, sd = n * (n - 1) * p, math.sqrt(n * (n - 1) * p * (1 - p))
    assert abs(c.size - mean) < 5 * sd
    c = FixedProbability(p, 1.0, allow_self_connections=True).draw(pop, pop, rng(2))
    assert np.sum(c.post_ranks == c.pre_ranks) > 0
    # probability 1 and 0 are exact
    assert pairs(FixedProbability(1.0, 1.0).draw(ep(3), ep(3), rng())) == pairs(AllToAll(1.0).draw(ep(3), ep(3), rng()))
    assert FixedProbability(0.0, 1.0).draw(ep(5), ep(5), rng()).size == 0


def test_sparse_fixed_probability_excludes_exactly_the_self_pairs():
    n, p = 400, 0.05  # below 0.25: drawn as geometric gaps
    pop = ep(n)
    c = FixedProbability(p, weights=1.0).draw(pop, pop, rng(4))
    assert not np.any(c.post_ranks == c.pre_ranks)
    assert_sorted(c)
    mean, sd = n * (n - 1) * p, math.sqrt(n * (n - 1) * p * (1 - p))
    assert abs(c.size - mean) < 5 * sd
    same = FixedProbability(p, 1.0, allow_self_connections=True).draw(pop, pop, rng(4))
    kept = set(pairs(same)) - {(i, i) for i in range(n)}
    assert set(pairs(c)) == kept  # the same draw, minus its self pairs only
    # views: pre = neurons 0..299, post = neurons 100..399 of one population
    pre, post = ep(300, ranks=np.arange(300)), ep(300, ranks=np.arange(100, 400))
    c = FixedProbability(0.1, 1.0).draw(pre, post, rng(5))
    assert not np.any(post.population_ranks()[c.post_ranks] == pre.population_ranks()[c.pre_ranks])
    assert np.any(c.post_ranks == c.pre_ranks)  # same view ranks are different neurons here


def test_fixed_number_pre_exact_counts():
    pop = ep(50)
    c = FixedNumberPre(7, weights=1.0).draw(pop, pop, rng(3))
    assert np.all(np.bincount(c.post_ranks, minlength=50) == 7)
    assert not np.any(c.post_ranks == c.pre_ranks)
    assert_sorted(c)  # also: no duplicate (post, pre)
    # all the available neurons: every pre except itself
    c = FixedNumberPre(4, 1.0).draw(ep(5), ep(5), rng())
    assert pairs(c) == pairs(AllToAll(1.0).draw(ep(5), ep(5), rng()))
    # other population: all pre neurons are available
    c = FixedNumberPre(5, 1.0).draw(ep(5, "A"), ep(3, "B"), rng())
    assert c.size == 15
    # the choice is uniform: each pre neuron is chosen about equally often
    c = FixedNumberPre(2, 1.0).draw(ep(10, "A"), ep(2000, "B"), rng(4))
    freq = np.bincount(c.pre_ranks, minlength=10) / c.size
    assert np.allclose(freq, 0.1, atol=0.02)


def test_fixed_number_post_exact_counts():
    pop = ep(40)
    c = FixedNumberPost(6, weights=1.0).draw(pop, pop, rng(5))
    assert np.all(np.bincount(c.pre_ranks, minlength=40) == 6)
    assert not np.any(c.post_ranks == c.pre_ranks)
    assert_sorted(c)
    c = FixedNumberPost(3, 1.0).draw(ep(10, "A"), ep(3, "B"), rng())
    assert c.size == 30 and np.all(np.bincount(c.post_ranks) == 10)


def test_fixed_number_errors_at_draw():
    with pytest.raises(ConnectivityError, match=r"connect_fixed_number_pre: number=5 exceeds the 4 pre"):
        FixedNumberPre(5, 1.0).draw(ep(5), ep(5), rng())
    with pytest.raises(ConnectivityError, match=r"connect_fixed_number_post: number=4 exceeds the 3 post"):
        FixedNumberPost(4, 1.0).draw(ep(10, "A"), ep(3, "B"), rng())
    with pytest.raises(ValidationError, match=r"connect_fixed_number_pre.number: .*integer.*2.5"):
        FixedNumberPre(2.5, 1.0)
    with pytest.raises(ValidationError, match=r"connect_fixed_number_post.number: .*greater than or equal to 0 \(got -1\)"):
        FixedNumberPost(-1, 1.0)


# ------------------------------------------------------------ gaussian / DoG
def reference(pre_geo, post_geo, f, threshold, same):
    def norm(r, geo):
        idx = np.unravel_index(r, geo)
        return np.array([i / (g - 1) if g > 1 else 0.0 for i, g in zip(idx, geo)])
    out = []
    for post in range(int(np.prod(post_geo))):
        for pre in range(int(np.prod(pre_geo))):
            if same and pre == post:
                continue
            d2 = float(np.sum((norm(pre, pre_geo) - norm(post, post_geo)) ** 2))
            w = f(d2)
            if abs(w) > threshold:
                out.append((post, pre, w))
    return out


def test_gaussian_against_formula():
    amp, sigma = 2.0, 0.3
    f = lambda d2: amp * math.exp(-d2 / (2 * sigma ** 2))
    pre, post = ep(20, "A", (4, 5)), ep(9, "B", (3, 3))
    c = Gaussian(amp, sigma, limit=0.1).draw(pre, post, rng())
    ref = reference((4, 5), (3, 3), f, 0.1 * amp, same=False)
    assert pairs(c) == [(a, b) for a, b, _ in ref]
    assert np.allclose(c.weights, [w for _, _, w in ref])
    assert 0 < c.size < 180  # the limit removed far synapses
    # same population: no self-connections; weight at distance 0 would be amp
    pop = ep(16, "A", (4, 4))
    c = Gaussian(amp, sigma).draw(pop, pop, rng())
    assert not np.any(c.post_ranks == c.pre_ranks)
    ref = reference((4, 4), (4, 4), f, 0.01 * amp, same=True)
    assert pairs(c) == [(a, b) for a, b, _ in ref] and np.allclose(c.weights, [w for _, _, w in ref])
    c = Gaussian(amp, sigma, allow_self_connections=True).draw(pop, pop, rng())
    assert np.allclose(c.weights[c.post_ranks == c.pre_ranks], amp)


def test_normalized_coordinates():
    assert np.allclose(normalized_coordinates((3,)), [[0.0], [0.5], [1.0]])
    assert np.allclose(normalized_coordinates((2, 1)), [[0.0, 0.0], [1.0, 0.0]])


def test_dog_against_formula():
    ap, sp_, an, sn = 1.0, 0.2, 0.4, 0.6
    f = lambda d2: ap * math.exp(-d2 / (2 * sp_ ** 2)) - an * math.exp(-d2 / (2 * sn ** 2))
    pre, post = ep(25, "A", (5, 5)), ep(25, "B", (5, 5))
    c = DoG(ap, sp_, an, sn, delays=Uniform(1.0, 2.0)).draw(pre, post, rng())
    ref = reference((5, 5), (5, 5), f, 0.01 * abs(ap - an), same=False)
    assert pairs(c) == [(a, b) for a, b, _ in ref]
    assert np.allclose(c.weights, [w for _, _, w in ref])
    assert np.any(c.weights < 0)  # the negative surround exists
    assert isinstance(c.delays, np.ndarray) and c.delays.shape == (c.size,)
    assert np.all((c.delays >= 1.0) & (c.delays < 2.0))


def test_gaussian_errors():
    with pytest.raises(ConnectivityError, match=r"connect_gaussian: .*same number of dimensions.*\(4, 5\).*\(20,\)"):
        Gaussian(1.0, 0.5).draw(ep(20, "A", (4, 5)), ep(20, "B", (20,)), rng())
    with pytest.raises(ConnectivityError, match=r"connect_dog: the pre geometry \(4, 4\) does not match its size 3"):
        DoG(1.0, 0.2, 0.5, 0.6).draw(ep(3, "A", (4, 4)), ep(16, "B", (4, 4)), rng())
    with pytest.raises(ValidationError, match=r"connect_gaussian.sigma: Value must be greater than 0 \(got 0\)"):
        Gaussian(1.0, 0)
    with pytest.raises(ValidationError, match=r"connect_dog.sigma_neg: Value must be greater than 0"):
        DoG(1.0, 0.2, 0.5, -1.0)
    with pytest.raises(ValidationError, match=r"connect_gaussian.limit"):
        Gaussian(1.0, 0.1, limit=-0.1)


# ------------------------------------------------------------- given matrices
def test_from_matrix_none_nan_and_zero():
    w = [[None, 1.0, 0.0],
         [2.0, None, float("nan")]]
    c = FromMatrix(w).draw(ep(3, "A"), ep(2, "B"), rng())
    assert pairs(c) == [(0, 1), (0, 2), (1, 0)]
    assert c.weights.tolist() == [1.0, 0.0, 2.0]  # a 0.0 weight is a synapse (ANNarchy)
    recipe = FromMatrix(w)
    first = recipe.draw(ep(3, "A"), ep(2, "B"), rng())
    first.weights[:] = -1.0  # learning changes the drawn weights, never the recipe
    assert recipe.draw(ep(3, "A"), ep(2, "B"), rng()).weights.tolist() == [1.0, 0.0, 2.0]
    arr = np.array([[np.nan, 3.0], [4.0, 5.0]])
    assert FromMatrix(arr).draw(ep(2, "A"), ep(2, "B"), rng()).weights.tolist() == [3.0, 4.0, 5.0]


def test_from_matrix_pre_post_and_delays():
    w = np.array([[1.0, np.nan], [2.0, 3.0], [np.nan, 4.0]])  # (pre=3, post=2)
    d = np.array([[0.5, np.nan], [1.0, 1.5], [np.nan, 2.0]])
    c = FromMatrix(w, delays=d, pre_post=True).draw(ep(3, "A"), ep(2, "B"), rng())
    assert pairs(c) == [(0, 0), (0, 1), (1, 1), (1, 2)]
    assert c.weights.tolist() == [1.0, 2.0, 3.0, 4.0]
    assert c.delays.tolist() == [0.5, 1.0, 1.5, 2.0]
    with pytest.raises(ConnectivityError, match=r"connect_from_matrix: the matrix .*\(pre, post\) shape: expected \(2, 3\), got \(3, 2\)"):
        FromMatrix(w, pre_post=True).draw(ep(2, "A"), ep(3, "B"), rng())
    with pytest.raises(ConnectivityError, match=r"\(post, pre\) shape: expected \(2, 3\), got \(3, 2\)"):
        FromMatrix(w).draw(ep(3, "A"), ep(2, "B"), rng())
    with pytest.raises(ConnectivityError, match=r"delay matrix has shape \(2, 2\), expected .* \(3, 2\)"):
        FromMatrix(w, delays=np.ones((2, 2)))
    with pytest.raises(ConnectivityError, match="rows of equal length"):
        FromMatrix([[1.0, 2.0], [1.0]])
    with pytest.raises(ConnectivityError, match="2D matrix"):
        FromMatrix([1.0, 2.0])
    with pytest.raises(ConnectivityError, match="numbers or None"):
        FromMatrix([["a", None]])


def test_from_sparse_is_pre_post_like_annarchy():
    m = sp.lil_matrix((3, 2))  # (pre, post)
    m[0, 1] = 0.5
    m[2, 0] = 1.5
    m[1, 1] = 2.5
    c = FromSparse(m, delays=2.0).draw(ep(3, "A"), ep(2, "B"), rng())
    assert pairs(c) == [(0, 2), (1, 0), (1, 1)]
    assert c.weights.tolist() == [1.5, 0.5, 2.5] and c.delays == 2.0
    # an explicitly stored zero is a synapse
    z = sp.csr_matrix((np.array([0.0, 1.0]), (np.array([0, 1]), np.array([0, 0]))), shape=(2, 1))
    assert FromSparse(z).draw(ep(2, "A"), ep(1, "B"), rng()).weights.tolist() == [0.0, 1.0]
    with pytest.raises(ConnectivityError, match=r"\(pre, post\) shape: expected \(2, 3\), got \(3, 2\)"):
        FromSparse(m).draw(ep(2, "A"), ep(3, "B"), rng())
    with pytest.raises(ConnectivityError, match="connect_from_sparse: weights must be a scipy.sparse matrix"):
        FromSparse(np.ones((2, 2)))


def test_with_func_sparse_dense_and_connectivity():
    def band(pre, post, value):
        m = sp.lil_matrix((post.size, pre.size))
        for i in range(post.size):
            m[i, i] = value
        return m
    c = WithFunc(band, value=0.3).draw(ep(4, "A"), ep(3, "B"), rng())
    assert pairs(c) == [(0, 0), (1, 1), (2, 2)] and np.allclose(c.weights, 0.3)

    def dense(pre, post):
        return [[None, 1.0], [2.0, None], [None, None]]
    assert pairs(WithFunc(dense).draw(ep(2, "A"), ep(3, "B"), rng())) == [(0, 1), (1, 0)]

    def unsorted(pre, post):
        return Connectivity([1, 0, 1], [0, 1, 1], [1.0, 2.0, 3.0], [0.1, 0.2, 0.3])
    c = WithFunc(unsorted).draw(ep(2, "A"), ep(2, "B"), rng())
    assert pairs(c) == [(0, 1), (1, 0), (1, 1)]
    assert c.weights.tolist() == [2.0, 1.0, 3.0] and c.delays.tolist() == [0.2, 0.1, 0.3]

    with pytest.raises(ConnectivityError, match=r"connect_with_func\(dense\): .*\(post, pre\) shape \(2, 2\), got \(3, 2\)"):
        WithFunc(dense).draw(ep(2, "A"), ep(2, "B"), rng())
    with pytest.raises(ConnectivityError, match="ranks out of range"):
        WithFunc(unsorted).draw(ep(1, "A"), ep(2, "B"), rng())
    with pytest.raises(ArgumentTypeError, match="connect_with_func: method must be callable"):
        WithFunc("band")


def test_save_and_from_file_round_trip(tmp_path):
    original = FixedProbability(0.5, Uniform(0.0, 1.0), delays=Uniform(1.0, 3.0)).draw(ep(6, "A"), ep(5, "B"), rng(7))
    path = tmp_path / "conn.data"  # any extension: the name is kept as given
    save_connectivity(path, original, pre_size=6, post_size=5)
    assert path.exists()
    loaded = FromFile(path).draw(ep(6, "A"), ep(5, "B"), rng(99))
    assert pairs(loaded) == pairs(original)
    assert np.array_equal(loaded.weights, original.weights)
    assert np.array_equal(loaded.delays, original.delays)

    uniform = AllToAll(1.0, delays=2.0).draw(ep(2, "A"), ep(2, "B"), rng())
    save_connectivity(tmp_path / "u.npz", uniform, 2, 2)
    loaded = FromFile(str(tmp_path / "u.npz")).draw(ep(2, "A"), ep(2, "B"), None)
    assert loaded.delays == 2.0 and isinstance(loaded.delays, float) and pairs(loaded) == pairs(uniform)

    with pytest.raises(ConnectivityError, match=r"connects 2 pre to 2 post neurons, got 3 pre and 2 post"):
        FromFile(tmp_path / "u.npz").draw(ep(3, "A"), ep(2, "B"), None)
    missing = tmp_path / "missing.npz"
    with pytest.raises(ConnectivityError, match="connect_from_file: file not found: .*missing.npz"):
        FromFile(missing)
    junk = tmp_path / "junk.npz"
    junk.write_text("not numpy")
    with pytest.raises(ConnectivityError, match="is not a connectivity file"):
        FromFile(junk)


# ------------------------------------------------------- weights, delays, rng
def test_distribution_weights_and_delays():
    c = AllToAll(Uniform(0.5, 1.5), delays=Normal(5.0, 1.0, min=0.0)).draw(ep(60, "A"), ep(50, "B"), rng(8))
    assert c.size == 3000
    assert c.weights.min() >= 0.5 and c.weights.max() < 1.5
    assert abs(c.weights.mean() - 1.0) < 0.03  # sd of the mean: 0.29 / sqrt(3000) = 0.005
    assert isinstance(c.delays, np.ndarray) and c.delays.shape == (3000,)
    assert abs(c.delays.mean() - 5.0) < 0.1 and c.delays.min() >= 0.0
    with pytest.raises(ConnectivityError, match="negative delays"):
        AllToAll(1.0, delays=Normal(0.0, 1.0)).draw(ep(10, "A"), ep(10, "B"), rng())


def test_seeds_and_copies():
    conn = FixedProbability(0.3, Uniform(0.0, 1.0))
    a = conn.draw(ep(40), ep(40), rng(11))
    b = copy.deepcopy(conn).draw(ep(40), ep(40), rng(11))
    c = conn.draw(ep(40), ep(40), rng(12))
    assert pairs(a) == pairs(b) and np.array_equal(a.weights, b.weights)
    assert pairs(a) != pairs(c)
    for connector in (FixedNumberPre(3, 1.0), FixedNumberPost(3, 1.0)):
        x = connector.draw(ep(20), ep(20), rng(1))
        y = connector.draw(ep(20), ep(20), rng(1))
        z = connector.draw(ep(20), ep(20), rng(2))
        assert pairs(x) == pairs(y) and pairs(x) != pairs(z)


# ------------------------------------------------------------- argument checks
@pytest.mark.parametrize("make, error, message", [
    (lambda: FixedProbability(1.5, 1.0), ValidationError,
     r"^connect_fixed_probability\.probability: Value must be between 0 and 1 \(got 1\.5\)$"),
    (lambda: FixedProbability(-0.1, 1.0), ValidationError, r"between 0 and 1 \(got -0\.1\)"),
    (lambda: FixedProbability("0.1", 1.0), ValidationError, r"probability: Value must be a finite number"),
    (lambda: AllToAll("1.0"), ConnectivityError, r"connect_all_to_all: weights must be a number or a random distribution"),
    (lambda: AllToAll([1.0, 2.0]), ConnectivityError, r"weights must be a number"),
    (lambda: AllToAll(float("nan")), ValidationError, r"connect_all_to_all.weights: Value must be finite"),
    (lambda: OneToOne(1.0, delays=-1.0), ValidationError,
     r"connect_one_to_one\.delays: Value must be greater than or equal to 0 \(got -1\.0\)"),
    (lambda: FromMatrix([[1.0]], delays=-2.0), ValidationError, r"connect_from_matrix\.delays"),
    (lambda: FromMatrix([[1.0]], delays=[[-2.0]]), ValidationError, r"connect_from_matrix\.delays"),
    (lambda: FromSparse(sp.eye(2, format="csr"), delays="x"), ConnectivityError, r"connect_from_sparse: delays"),
])
def test_constructor_errors(make, error, message):
    with pytest.raises(error, match=message):
        make()


def test_repr_and_single_weight():
    assert repr(FixedProbability(probability=0.2, weights=5.0)) == "FixedProbability(probability=0.2, weights=5.0)"
    assert repr(AllToAll(Uniform(0.0, 1.0), delays=2.0)) == "AllToAll(weights=Uniform(0.0, 1.0), delays=2.0)"
    assert repr(FromMatrix(np.ones((2, 3)), pre_post=True)) == "FromMatrix(shape=(2, 3), pre_post=True)"
    assert "WithFunc(test_repr_and_single_weight" not in repr(WithFunc(len))
    assert AllToAll(1.0).single_weight
    assert not AllToAll(1.0, force_multiple_weights=True).single_weight
    assert not AllToAll(Uniform(0.0, 1.0)).single_weight
    assert not Gaussian(1.0, 0.1).single_weight
    assert AllToAll(1.0).method_name == "connect_all_to_all" and DoG(1, 1, 1, 2).name == "dog"


def test_every_connector_is_plain_copyable_data(tmp_path):
    save_connectivity(tmp_path / "c.npz", Connectivity([0, 1], [1, 0], [1.0, 2.0], [0.5, 1.0]), 2, 2)
    pre, post = ep(4, "A", (2, 2)), ep(4, "B", (2, 2))
    makers = [AllToAll(Uniform(0.0, 1.0)), OneToOne(), FixedProbability(0.5, 1.0), FixedNumberPre(2, 1.0),
              FixedNumberPost(2, 1.0), Gaussian(1.0, 0.5), DoG(1.0, 0.2, 0.5, 0.8),
              FromMatrix(np.eye(4)), FromSparse(sp.eye(4, format="lil")),
              WithFunc(lambda pre, post: np.eye(post.size))]
    for connector in makers:
        twin = copy.deepcopy(connector)
        a, b = connector.draw(pre, post, rng(3)), twin.draw(pre, post, rng(3))
        assert pairs(a) == pairs(b) and np.array_equal(a.weights, b.weights), repr(connector)
        assert_sorted(a)
        assert repr(twin) == repr(connector) and type(connector).__name__ in repr(connector)
    c = copy.deepcopy(FromFile(tmp_path / "c.npz")).draw(ep(2, "A"), ep(2, "B"), None)
    assert pairs(c) == [(0, 1), (1, 0)] and c.delays.tolist() == [0.5, 1.0]


def test_gaussian_one_dimensional_and_flat_axis():
    c = Gaussian(1.0, 0.5, limit=0.0).draw(ep(3, "A", (3,)), ep(2, "B", (2,)), rng())
    # post coordinates 0 and 1, pre coordinates 0, 0.5, 1
    expected = [math.exp(-((j / 2 - i) ** 2) / 0.5) for i in range(2) for j in range(3)]
    assert np.allclose(c.weights, expected)
    # an axis of size 1 has coordinate 0
    c = Gaussian(1.0, 0.5, limit=0.0).draw(ep(3, "A", (1, 3)), ep(2, "B", (2, 1)), rng())
    expected = [math.exp(-((j / 2) ** 2 + i ** 2) / 0.5) for i in range(2) for j in range(3)]
    assert np.allclose(c.weights, expected)
