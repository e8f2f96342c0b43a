"""ANNarchy 4.8's convolution extension (Convolution, Pooling) against a numpy reference and ANNarchy's numbers.

The constants ``ANN_*`` were computed by ANNarchy 4.8.2.7 for the inputs below
(``sum(target)`` after two steps, rates constant); the same values are computed
here by plain loops over each post neuron's window (``_filter_reference``,
``_pool_reference``), which spell out the semantics: filter element ``m`` reads
the pre neuron at ``centre + m - c`` (``c = n//2`` for odd, ``n//2 - 1`` for even
lengths), sub-sampled centres ``(s-1)//2 + s*i``, max/min starting from 0,
'mean' dividing by the whole window.
"""
import itertools

import numpy as np
import pytest

from annlab import (ArgumentTypeError, ConnectivityError, Network, NetworkError, Neuron, Normal, Population, Projection,
                    ValidationError)
from annlab.errors import AnnlabWarning
from annlab.extensions.convolution import Convolution, Copy, Pooling, Transpose

A = np.array([[0.55, -0.12, 0.72, 0.39, -0.81, 0.95],
              [0.52, 0.57, -0.74, -0.1, -0.26, 0.85],
              [0.29, 0.65, -0.11, -0.55, 0.11, -0.87],
              [0.66, 0.26, 0.52, -0.29, 0.94, 0.79],
              [0.56, -0.61, -0.07, -0.91, -0.69, 0.37]])
K = np.array([[0.49, 0.94], [-0.35, -0.26], [-0.06, -0.62]])  # even width: the centre is column 0
B = np.array([[[-0.74, -0.05], [-0.55, 0.34], [-0.13, 0.67], [0.4, -0.38]],
              [[0.66, 0.61], [-0.23, -0.42], [0.36, -0.72], [-0.6, -0.99]],
              [[0.57, 0.33], [0.41, 0.56], [-0.08, 0.14], [-0.72, -0.77]],
              [[0.34, -0.06], [0.13, 0.53], [0.27, 0.11], [0.12, -0.39]]])
BANK = np.array([[[[-0.94, -0.13], [-0.57, -0.18], [0.71, -0.53]],
                  [[-0.88, -0.44], [-0.41, 0.32], [0.11, 0.57]],
                  [[0.33, -0.19], [0.63, -0.67], [-0.95, -0.82]]],
                 [[[0.44, -0.08], [-0.68, 0.0], [-0.7, 0.39]],
                  [[-0.11, -0.24], [-0.4, 0.26], [-0.28, -0.82]],
                  [[-0.76, 0.92], [0.82, 0.4], [-0.47, 0.94]]],
                 [[[0.56, 0.43], [-0.1, -0.46], [-0.81, 0.81]],
                  [[-0.09, -0.6], [-0.39, 0.16], [-0.65, 0.71]],
                  [[0.52, 0.44], [-0.14, 0.25], [0.17, 0.3]]]])

# ANNarchy 4.8.2.7: Convolution(A (5, 6) -> (5, 6)).connect_filter(K, padding='border')
ANN_BORDER_SUM = [[-0.3892, 0.8974, 0.4724, -0.329, 0.0212, 0.201],
                  [-0.5939, 0.6401, 1.352, -0.5029, 0.8989, 1.4316],
                  [0.3193, -0.9532, -0.1265, -0.6949, 0.3131, 1.209],
                  [0.7991, 0.0689, -0.1091, 0.1734, -1.4863, -1.9776],
                  [0.875, 0.9279, 0.8117, 1.7218, 1.1605, 0.6524]]
# operation='max', padding 0.0
ANN_MAX = [[0.0312, 0.4588, 0.062, 0.2106, 0.2835, 0.0],
           [0.2695, 0.6768, 0.3666, 0.1911, 0.893, 0.4655],
           [0.5358, 0.2793, 0.1798, 0.1925, 0.799, 0.4165],
           [0.611, 0.3185, 0.5642, 0.4278, 0.0539, 0.0],
           [0.3234, 0.4888, 0.2548, 0.8836, 0.7426, 0.3871]]
# operation='mean', padding='border'
ANN_BORDER_MEAN = [[-0.0648666666667, 0.149566666667, 0.0787333333333, -0.0548333333333, 0.00353333333333, 0.0335],
                   [-0.0989833333333, 0.106683333333, 0.225333333333, -0.0838166666667, 0.149816666667, 0.2386],
                   [0.0532166666667, -0.158866666667, -0.0210833333333, -0.115816666667, 0.0521833333333, 0.2015],
                   [0.133183333333, 0.0114833333333, -0.0181833333333, 0.0289, -0.247716666667, -0.3296],
                   [0.145833333333, 0.15465, 0.135283333333, 0.286966666667, 0.193416666667, 0.108733333333]]
# Convolution(B (4, 4, 2) -> (4, 4, 3)).connect_filters(BANK)
ANN_BANK_SUM = [[[0.9907, 0.6567, 0.7745], [1.8619, -1.2542, 1.3097], [2.5244, -0.4483, -1.4602],
                 [0.0749, -2.2293, -0.9002]],
                [[-1.1907, 2.2573, 0.7498], [-0.7834, 1.2579, -0.4848], [1.4907, -0.0257, -1.2322],
                 [-0.186, -0.9758, 0.7536]],
                [[-0.4942, -0.4759, -0.4204], [-0.9168, -0.406, 0.1487], [-0.5094, 0.6746, -0.5342],
                 [0.7381, 0.5254, 0.5627]],
                [[-0.2322, -1.0788, 0.0623], [-1.1083, -0.0468, 0.2828], [-1.1731, 0.459, -0.3988],
                 [0.146, 0.2377, 0.2421]]]
# operation='min', padding='border' (ignored by min)
ANN_BANK_MIN = [[[-0.4087, -0.3948, -0.126], [-0.342, -0.6768, -0.216], [-0.2166, -0.9306, -0.297],
                 [-0.378, -0.6624, -0.402]],
                [[-0.4592, -0.264, -0.2982], [-0.5808, -0.4332, -0.5112], [-0.5643, -0.7238, -0.7029],
                 [-0.4536, -0.5904, -0.1925]],
                [[-0.4346, -0.4592, -0.3402], [-0.6204, -0.2808, -0.5832], [-0.4389, -0.3861, -0.8019],
                 [-0.3384, -0.2052, -0.3096]],
                [[-0.3249, -0.4346, -0.3321], [-0.5358, -0.2788, -0.2576], [-0.5112, -0.3003, -0.6237],
                 [-0.2376, -0.1014, -0.066]]]
# Convolution(A (5, 6) -> (5, 3)).connect_filter(K): sub-sampled columns
ANN_SUBSAMPLED = [[-0.5459, -0.247, -0.4749], [-0.5939, 1.352, 0.8989], [0.3193, -0.1265, 0.3131],
                  [0.7991, -0.1091, -1.4863], [0.5304, 0.2433, 1.3485]]
# Pooling(A (5, 6) -> (5, 2)): max and min with extent (1, 3), mean with extent (2, 3) (partial and empty windows)
ANN_POOL_MAX = [[0.72, 0.95], [0.57, 0.85], [0.65, 0.11], [0.66, 0.94], [0.56, 0.37]]
ANN_POOL_MIN = [[-0.12, -0.81], [-0.74, -0.26], [-0.11, -0.87], [0.26, -0.29], [-0.61, -0.91]]
ANN_POOL_MEAN = [[0.25, 0.17], [0.378333333333, 0.0216666666667], [-0.02, -0.205], [0.0, 0.0], [0.0, 0.0]]

INPUT = Neuron(parameters="baseline = 0.0", equations="r = baseline", name="Input")
OUTPUT = Neuron(equations="""
    r = sum(a) : init = 0.0
    r2 = sum(b) : init = 0.0
    r3 = sum(c) : init = 0.0
    r4 = sum(d) : init = 0.0
""", name="Output")


# ------------------------------------------------------------------ reference
def _centre(n):
    return n // 2 if n % 2 else n // 2 - 1


def _filter_reference(rates, kernel, centres, operation="sum", padding=0.0, psp=lambda w, r: w * r):
    """One value per centre: the window of ``kernel`` around it (extra pre axes keep the centre's coordinate)."""
    out = []
    for c in centres:
        values = []
        for m in itertools.product(*[range(n) for n in kernel.shape]):
            coord = [c[d] + m[d] - _centre(kernel.shape[d]) for d in range(kernel.ndim)] + list(c[kernel.ndim:])
            inside = all(0 <= x < n for x, n in zip(coord, rates.shape))
            if not inside:
                if operation in ("max", "min") or padding != "border":
                    continue
                coord = [min(max(x, 0), n - 1) for x, n in zip(coord, rates.shape)]
            values.append(psp(kernel[m], rates[tuple(coord)]))
        if operation == "sum":
            out.append(sum(values))
        elif operation == "mean":
            out.append(sum(values) / kernel.size)
        else:
            out.append((max if operation == "max" else min)([0.0] + values))
    return np.array(out)


def _centres(pre_shape, post_shape, extra=()):
    axes = [[(p // q - 1) // 2 + (p // q) * i for i in range(q)] for p, q in zip(pre_shape, post_shape)]
    return list(itertools.product(*axes, *[[e] for e in extra]))


def _pool_reference(rates, post_shape, extent, operation):
    out = []
    for corner in itertools.product(*[[i * e for i in range(q)] for q, e in zip(post_shape, extent)]):
        block = rates[tuple(slice(c, c + e) for c, e in zip(corner, extent))]
        if operation == "mean":
            out.append(block.sum() / np.prod(extent))
        elif block.size == 0:
            out.append(0.0)
        else:
            out.append(block.max() if operation == "max" else block.min())
    return np.array(out).reshape(post_shape)


# ------------------------------------------------------------------ values
@pytest.fixture(scope="module")
def cases():
    """One compiled network with every case (two steps, constant rates)."""
    inp, inp3 = Population((5, 6), INPUT), Population((4, 4, 2), INPUT)
    o1, o2, o3, o4 = (Population(g, OUTPUT) for g in ((5, 6), (4, 4, 3), (5, 3), (5, 2)))
    o5 = Population((4, 4, 2), OUTPUT)
    projections = [
        Convolution(inp, o1, "a").connect_filter(K, padding="border"),
        Convolution(inp, o1, "c", operation="max").connect_filter(K),
        Convolution(inp, o1, "d", operation="mean").connect_filter(K, padding="border"),
        Convolution(inp, o1, "b", operation="mean").connect_filter(K),
        Convolution(inp3, o2, "a").connect_filters(BANK),
        Convolution(inp3, o2, "b", operation="mean").connect_filters(BANK),
        Convolution(inp3, o2, "c", operation="min").connect_filters(BANK, padding="border"),
        Convolution(inp, o3, "a").connect_filter(K),
        Pooling(inp, o4, "a", operation="max").connect_pooling(extent=(1, 3)),
        Pooling(inp, o4, "b", operation="min").connect_pooling(extent=(1, 3)),
        Pooling(inp, o4, "c", operation="mean").connect_pooling(extent=(2, 3)),
        Convolution(inp3, o5, "a", psp="w * pre.r * pre.r").connect_filter(K, keep_last_dimension=True,
                                                                           padding="border"),
    ]
    net = Network()
    net.add([inp, inp3, o1, o2, o3, o4, o5] + projections)
    net.compile()
    net.get(inp).baseline = A
    net.get(inp3).baseline = B
    net.simulate(2)
    return net, [net.get(p) for p in (o1, o2, o3, o4, o5)], [net.get(p) for p in projections]


def test_single_filter_border_max_mean_match_annarchy(cases):
    _, (o1, *_), _ = cases
    centres = _centres(A.shape, A.shape)
    for values, operation, padding, annarchy in ((o1.r, "sum", "border", ANN_BORDER_SUM),
                                                 (o1.r3, "max", 0.0, ANN_MAX),
                                                 (o1.r4, "mean", "border", ANN_BORDER_MEAN)):
        expected = _filter_reference(A, K, centres, operation, padding).reshape(A.shape)
        np.testing.assert_allclose(expected, annarchy, atol=1e-10)
        np.testing.assert_allclose(values, expected, atol=1e-12)
    # mean with zero padding: divided by the 6 elements of the filter, also at the borders
    np.testing.assert_allclose(o1.r2, _filter_reference(A, K, centres, "mean").reshape(A.shape), atol=1e-12)


def test_bank_of_filters_on_a_3d_population_matches_annarchy(cases):
    _, (_, o2, *_), _ = cases
    centres = _centres(B.shape[:2], B.shape[:2], extra=(_centre(BANK.shape[3]),))
    for values, operation, padding, annarchy in ((o2.r, "sum", 0.0, ANN_BANK_SUM),
                                                 (o2.r3, "min", "border", ANN_BANK_MIN)):
        expected = np.stack([_filter_reference(B, f, centres, operation, padding) for f in BANK], axis=-1)
        np.testing.assert_allclose(expected.reshape(4, 4, 3), annarchy, atol=1e-10)
        np.testing.assert_allclose(values, annarchy, atol=1e-12)
    # mean: divided by the size of one filter (ANNarchy 4.8 divides by the size of the whole bank, 3x more)
    np.testing.assert_allclose(o2.r2, np.array(ANN_BANK_SUM) / BANK[0].size, atol=1e-12)


def test_subsampling_pooling_and_keep_last_dimension(cases):
    _, (_, _, o3, o4, o5), projections = cases
    expected = _filter_reference(A, K, _centres(A.shape, (5, 3))).reshape(5, 3)
    np.testing.assert_allclose(expected, ANN_SUBSAMPLED, atol=1e-10)
    np.testing.assert_allclose(o3.r, expected, atol=1e-12)
    for values, extent, operation, annarchy in ((o4.r, (1, 3), "max", ANN_POOL_MAX),
                                                (o4.r2, (1, 3), "min", ANN_POOL_MIN),
                                                (o4.r3, (2, 3), "mean", ANN_POOL_MEAN)):
        expected = _pool_reference(A, (5, 2), extent, operation)
        np.testing.assert_allclose(expected, annarchy, atol=1e-10)
        np.testing.assert_allclose(values, expected, atol=1e-12)
    layers = [_filter_reference(B[..., k], K, _centres((4, 4), (4, 4)), "sum", "border",
                                psp=lambda w, r: w * r * r).reshape(4, 4) for k in range(2)]
    np.testing.assert_allclose(o5.r, np.stack(layers, axis=-1), atol=1e-12)
    assert projections[-1].nb_synapses == 4 * 4 * 2 * K.size  # 'border': every element is a synapse


def test_size_post_ranks_weights_and_get(cases):
    _, _, projections = cases
    conv, bank, pool = projections[0], projections[4], projections[10]
    assert conv.size == 30 and conv.post_ranks == list(range(30)) and len(conv) == 30
    assert bank.size == 48 and pool.size == 10
    np.testing.assert_array_equal(conv.get("weights"), K)
    np.testing.assert_array_equal(bank.weights, BANK)
    assert pool.weights is None
    assert projections[7].nb_synapses == 15 * K.size - 2 * 3 * 2  # rows -1 and 5 (of 3 post neurons each) are outside


def test_changing_the_filter_after_compile_changes_the_synapses():
    inp = Population((5, 6), INPUT)
    out = Population((5, 6), OUTPUT)
    proj = Convolution(inp, out, "a").connect_filter(K)
    net = Network()
    net.add([inp, out, proj])
    net.compile()
    net.get(inp).baseline = A
    other = K[::-1].copy()
    net.get(proj).set({"weights": other})
    net.simulate(2)
    expected = _filter_reference(A, other, _centres(A.shape, A.shape)).reshape(A.shape)
    np.testing.assert_allclose(net.get(out).r, expected, atol=1e-12)
    np.testing.assert_array_equal(net.get(proj).weights, other)
    np.testing.assert_array_equal(proj.weights, K)  # the original (and other copies) keep theirs
    with pytest.raises(ValidationError, match=r"weights: Value must have the shape of the filter \(3, 2\)"):
        net.get(proj).weights = np.ones((3, 3))


def test_filter_set_before_compile_and_network_copies():
    inp = Population((5, 6), INPUT)
    out = Population((5, 6), OUTPUT)
    proj = Convolution(inp, out, "a").connect_filter(np.zeros((3, 2)), padding="border")
    proj.weights = K
    first, second = Network(), Network()
    for net in (first, second):
        net.add([inp, out, proj])
    first.compile()
    second.compile()
    for net in (first, second):
        net.get(inp).baseline = A
        net.simulate(2)
        np.testing.assert_allclose(net.get(out).r, ANN_BORDER_SUM, atol=1e-10)
    matrix = first.get(proj).connectivity_matrix()
    assert matrix.shape == (30, 30)
    # post neuron 0 (corner): the clamped window reads pre neuron 0 twice (rows -1 and 0 of column 0)
    assert matrix[0, 0] == pytest.approx(K[0, 0] + K[1, 0])
    assert matrix[0, 2] == 0.0 and first.get(proj).nb_synapses == 30 * K.size


def test_blueprint_of_a_compiled_network_keeps_the_filter():
    import pickle
    inp = Population((5, 6), INPUT)
    out = Population((5, 6), OUTPUT)
    conv = Convolution(inp, out, "d", operation="mean").connect_filter(K, padding="border")
    pool = Pooling(inp, Population((5, 2), OUTPUT), "c", operation="mean")
    pool.connect_pooling(extent=(2, 3))
    net = Network()
    net.add([inp, out, pool.post, conv, pool])
    net.compile()
    net.get(inp).baseline = A
    clone = pickle.loads(pickle.dumps(net.blueprint()))  # replays the drawn synapses and the state
    clone.get(conv).weights = 2 * K
    clone.compile()
    clone.simulate(2)
    np.testing.assert_allclose(clone.get(out).r4, 2 * np.array(ANN_BORDER_MEAN), atol=1e-10)
    np.testing.assert_allclose(clone.get(pool.post).r3, ANN_POOL_MEAN, atol=1e-10)
    assert clone.get(conv).mean_scale == pytest.approx(1 / 6)


# ------------------------------------------------------------------ errors
@pytest.fixture
def pops():
    return Population((5, 6), INPUT), Population((5, 6), OUTPUT), Population((4, 4, 2), INPUT)


def test_errors_of_connect_filter(pops):
    inp, out, inp3 = pops
    conv = Convolution(inp, out, "a")
    with pytest.raises(ValidationError, match=r"padding=2.0 is not supported by annlab \(only 0.0 and 'border'\)"):
        conv.connect_filter(K, padding=2.0)
    with pytest.raises(ValidationError, match=r"padding: Value must be a number or 'border' \(got 'edge'\)"):
        conv.connect_filter(K, padding="edge")
    with pytest.raises(ConnectivityError, match=r"more dimensions than the pre-synaptic population .*connect_filters"):
        conv.connect_filter(np.ones((3, 3, 3)))
    with pytest.raises(ConnectivityError, match=r"set keep_last_dimension=True"):
        Convolution(inp3, Population((4, 4, 2), OUTPUT), "a").connect_filter(K)
    with pytest.raises(ConnectivityError, match=r"must be a multiple of the post-synaptic one"):
        Convolution(inp, Population((4, 6), OUTPUT), "a").connect_filter(K)
    with pytest.raises(ConnectivityError, match=r"the subsampling list must have 30 elements of size 2"):
        conv.connect_filter(K, subsampling=[[0, 0]] * 29)
    with pytest.raises(ConnectivityError, match=r"delays must be one number"):
        conv.connect_filter(K, delays=Normal(1.0, 0.1))
    with pytest.raises(ConnectivityError, match=r"weights must be a non-empty array of finite numbers"):
        conv.connect_filter([[np.nan]])
    with pytest.raises(ConnectivityError, match=r"the filter's last axis must be as long as the pre-synaptic one"):
        Convolution(inp3, Population((4, 4), OUTPUT), "a").connect_filter(np.ones((3, 3, 3)))
    # max/min skip what lies outside: any padding is accepted (and unused), as in ANNarchy
    Convolution(inp, out, "c", operation="max").connect_filter(K, padding=2.0)


def test_errors_of_connect_filters_and_pooling(pops):
    inp, out, inp3 = pops
    with pytest.raises(ConnectivityError, match=r"one neuron per filter \(3"):
        Convolution(inp3, Population((4, 4, 2), OUTPUT), "a").connect_filters(BANK)
    with pytest.raises(ConnectivityError, match=r"one dimension more than the pre-synaptic population"):
        Convolution(inp, Population((5, 6, 3), OUTPUT), "a").connect_filters(BANK)
    with pytest.raises(ConnectivityError, match=r"subsampling list must have 16 elements of size 3"):
        Convolution(inp3, Population((4, 4, 3), OUTPUT), "a").connect_filters(BANK, subsampling=[[0, 0, 0]])
    with pytest.raises(ValidationError, match=r"Pooling.operation: Value must be one of 'max', 'mean', 'min' "
                                              r"\(got 'sum'\)"):
        Pooling(inp, out, "a", operation="sum")
    with pytest.raises(ValidationError, match=r"Convolution.operation: .*\(got 'avg'\)"):
        Convolution(inp, out, "a", operation="avg")
    with pytest.raises(ValidationError, match=r"extent: Value must be a tuple of integers >= 1"):
        Pooling(inp, out, "a").connect_pooling(extent=(0, 2))
    with pytest.raises(ConnectivityError, match=r"needs one value per pre-synaptic axis"):
        Pooling(inp, out, "a").connect_pooling(extent=(2,))
    with pytest.raises(ConnectivityError, match=r"unable to compute the extent"):
        Pooling(inp, Population((2, 4), OUTPUT), "a").connect_pooling()
    with pytest.raises(ConnectivityError, match=r"without an extent the two populations must have the same"):
        Pooling(inp3, out, "a").connect_pooling()


def test_errors_of_the_projections(pops):
    inp, out, _ = pops
    with pytest.raises(ValidationError, match=r"Convolution.pre: Value must be a Population"):
        Convolution(inp[0:2, 0:3], out, "a")
    spiking = Population(30, Neuron(equations="dv/dt = -v", spike="v > 1", reset="v = 0"))
    with pytest.raises(ValidationError, match=r"Pooling.pre: The pre-synaptic population 'pop\d+' must be rate-coded"):
        Pooling(spiking, out, "a")
    conv = Convolution(inp, out, "a")
    with pytest.raises(ValidationError, match=r"connected by their own method \(connect_filter\(\) or "
                                              r"connect_filters\(\)\)"):
        conv.connect_all_to_all(1.0)
    pool = Pooling(inp, Population((5, 2), OUTPUT), "a").connect_pooling(extent=(1, 3))
    with pytest.raises(ValidationError, match=r"weights: the projection has no filter"):
        pool.weights = K
    conv.connect_filter(K)
    with pytest.raises(NetworkError, match=r"post_ranks is only available after compile"):
        conv.size
    with pytest.warns(AnnlabWarning, match=r"can not display receptive fields"):
        assert conv.receptive_fields() is None
    assert isinstance(conv, Projection)


def test_copy_and_transpose_refuse_with_a_workaround(pops):
    inp, out, _ = pops
    proj = Projection(inp, out, "a").connect_all_to_all(1.0)
    with pytest.raises(ConnectivityError, match=r"Copy: annlab cannot share the synapses and live weights .*"
                                                r"connect_from_matrix"):
        Copy(inp, out, "b")
    with pytest.raises(ConnectivityError, match=r"Transpose: annlab cannot read the synapses .* 'proj\d+'"):
        Transpose(proj, "b")
    with pytest.raises(ArgumentTypeError, match=r"Transpose: proj must be a Projection \(got Population\)"):
        Transpose(inp, "b")


@pytest.mark.parametrize("name", ["windows", "shared", "convolve", "pooling", "mirrors"])
def test_docstring_examples(name):
    import doctest
    import importlib
    module = importlib.import_module(f"annlab.extensions.convolution.{name}")
    assert doctest.testmod(module, optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE).failed == 0


def test_more_errors_of_the_windows(pops):
    inp, out, inp3 = pops
    big = Population((2, 2, 2, 2, 2), INPUT)
    with pytest.raises(ConnectivityError, match=r"the pre-synaptic population has 5 dimensions \(at most 4\)"):
        Convolution(big, Population((2, 2, 2, 2, 2), OUTPUT), "a").connect_filter(np.ones((1,) * 4))
    with pytest.raises(ConnectivityError, match=r"the filter has 5 dimensions \(at most 4\)"):
        Convolution(inp, out, "a").connect_filter(np.ones((1,) * 5))
    with pytest.raises(ConnectivityError, match=r"with keep_last_dimension=True the filter has one dimension fewer"):
        Convolution(inp3, Population((4, 4, 3), OUTPUT), "a").connect_filter(K, keep_last_dimension=True)
    with pytest.raises(ConnectivityError, match=r"more dimensions than the pre-synaptic one .*connect_filters"):
        Convolution(inp, Population((5, 6, 2), OUTPUT), "a").connect_filter(K)
    with pytest.raises(ConnectivityError, match=r"keep_last_dimension is not supported with a bank"):
        Convolution(inp3, Population((4, 3), OUTPUT), "a").connect_filters(BANK, keep_last_dimension=True)
    with pytest.raises(ConnectivityError, match=r"the post-synaptic population has too many dimensions"):
        Convolution(Population(4, INPUT), Population((4, 1, 2), OUTPUT), "a").connect_filters(np.ones((2, 3)))
    with pytest.raises(ConnectivityError, match=r"subsampling list must hold 30 coordinates of 2 integers"):
        Convolution(inp, out, "a").connect_filter(K, subsampling=[["a", "b"]] * 30)
    with pytest.raises(ConnectivityError, match=r"weights must be an array of numbers"):
        Convolution(inp, out, "a").connect_filter([[1.0, "x"]])
    with pytest.raises(ValidationError, match=r"delays: Value must be a finite number >= 0 \(got -1.0\)"):
        Convolution(inp, out, "a").connect_filter(K, delays=-1.0)
    with pytest.raises(ConnectivityError, match=r"has more dimensions than the pre-synaptic one"):
        Pooling(Population(4, INPUT), Population((2, 2), OUTPUT), "a").connect_pooling(extent=(2,))
    conv = Convolution(inp, out, "a").connect_filter(K)
    with pytest.raises(ValidationError, match=r"weights: Value must be finite"):
        conv.weights = np.full((3, 2), np.inf)
    with pytest.raises(ValidationError, match=r"weights: Value must be an array of numbers"):
        conv.weights = [[1.0, "x"]] * 3
