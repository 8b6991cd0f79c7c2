import numpy as np
import pytest

from gentlenn._random import RStream, check_seed


@pytest.mark.r
@pytest.mark.parametrize("seed", [0, 1, 42, -99, 2**31 - 1, -(2**31) + 1])
def test_stream_equals_r_runif(r, seed):
    expected = np.array(r.r(f"set.seed({seed}); runif(700, -2, 3)"))
    got = RStream(seed).runif(700, -2, 3)
    assert np.array_equal(got, expected)  # bit for bit, across the twister's 624-word refill


@pytest.mark.r
def test_permutation_equals_r_order(r):
    expected = np.array(r.r("set.seed(5); runif(1); order(runif(50))")) - 1
    s = RStream(5)
    s.runif(1)
    assert np.array_equal(s.permutation(50), expected)


def test_stream_is_reproducible_and_open_interval():
    a, b = RStream(3).unif_rand(10_000), RStream(3).unif_rand(10_000)
    assert np.array_equal(a, b)
    assert ((a > 0) & (a < 1)).all()
    assert not np.array_equal(a, RStream(4).unif_rand(10_000))


@pytest.mark.parametrize("bad", [1.5, "7", 2**31, True, [1]])
def test_bad_seed_is_named(bad):
    with pytest.raises(ValueError, match="random_state"):
        check_seed(bad)
