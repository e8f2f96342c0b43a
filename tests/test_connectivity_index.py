"""The index arrays of small projections (NumPy) are those of large ones (compiled loops), exactly."""
import numpy as np
import pytest

from annlab.sim import connectivity, connectivity_compiled


@pytest.mark.parametrize("seed", range(6))
def test_numpy_and_compiled_index_arrays_are_the_same(seed):
    rng = np.random.default_rng(seed)
    n_pre, n_post = int(rng.integers(1, 40)), int(rng.integers(1, 40))
    n = int(rng.integers(0, 400))
    dense = seed % 2 == 0  # all-to-all-like rows: long runs of consecutive post ranks
    if dense:
        pre = np.repeat(np.arange(n_pre), n_post)
        post = np.tile(np.arange(n_post), n_pre)
        keep = rng.random(pre.shape[0]) < 0.9
        pre, post = pre[keep], post[keep]
    else:
        pre, post = rng.integers(0, n_pre, n), rng.integers(0, n_post, n)
    order = connectivity.dendrite_order(post, pre, n_pre)
    np.testing.assert_array_equal(order, connectivity_compiled.dendrite_order(post, pre, n_pre))
    if order.shape[0]:
        pre, post = pre[order], post[order]
    storage, pre_ptr = connectivity.pre_major(pre, n_pre)
    expected = connectivity_compiled.pre_major(pre, n_pre)
    np.testing.assert_array_equal(storage, expected[0])
    np.testing.assert_array_equal(pre_ptr, expected[1])
    assert storage.dtype == expected[0].dtype
    stored_post = np.empty(storage.shape[0], np.uint32)
    connectivity.gather(post, storage, stored_post)
    expected_post = np.empty_like(stored_post)
    connectivity_compiled.gather(post, storage, expected_post)
    np.testing.assert_array_equal(stored_post, expected_post)
    weights = rng.random(storage.shape[0])
    scattered, expected_scattered = np.zeros(storage.shape[0]), np.zeros(storage.shape[0])
    connectivity.scatter(weights, storage, scattered)
    connectivity_compiled.scatter(weights, storage, expected_scattered)
    np.testing.assert_array_equal(scattered, expected_scattered)
    inverse, expected_inverse = np.empty(storage.shape[0], np.int32), np.empty(storage.shape[0], np.int32)
    connectivity.inverse(storage, inverse)
    connectivity_compiled.inverse(storage, expected_inverse)
    np.testing.assert_array_equal(inverse, expected_inverse)
    for delay in (np.array([1]), rng.integers(1, 3, stored_post.shape[0])):
        for min_length in (1, 4):
            mine = connectivity.runs(stored_post, delay, pre_ptr, min_length)
            theirs = connectivity_compiled.runs(stored_post, delay, pre_ptr, min_length)
            np.testing.assert_array_equal(mine[0], theirs[0])
            np.testing.assert_array_equal(mine[1], theirs[1])
    assert not dense or connectivity.runs(stored_post, np.array([1]), pre_ptr, 4)[1].any()  # runs were found
