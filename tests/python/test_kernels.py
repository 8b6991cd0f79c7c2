"""The fast training paths against the reference step."""

import numpy as np
import pytest

from gentlenn import NeuralNetworkClassifier
from gentlenn._kernels import HAVE_NUMBA
from gentlenn.data import DigitData, load_mnist
from gentlenn.network import NeuralNetwork, minibatch_epoch, resolve_method, train_epoch, train_step


def problem(n=1000, n_in=784, n_hidden=60, n_out=10, seed=0, positive=False):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0.01, 1.0, (n, n_in))
    T = np.full((n, n_out), 0.01)
    T[np.arange(n), rng.integers(0, n_out, n)] = 0.99
    net = NeuralNetwork(n_in, n_hidden, n_out, random_state=seed)
    if positive:  # keep the proportional split's weight sums away from zero
        net.wih, net.who = np.abs(net.wih) + 0.01, np.abs(net.who) + 0.01
    return X, T, net


def run(method, split="transpose", n=1000, dtype=np.float64, **kw):
    X, T, net = problem(n=n, positive=split == "proportional", **kw)
    wih, who = net.wih.astype(dtype), net.who.astype(dtype)
    order = np.random.default_rng(1).permutation(n)
    sse = train_epoch(wih, who, X.astype(dtype), T.astype(dtype), order, 0.2, split, method)
    return wih, who, sse


@pytest.mark.numba
@pytest.mark.parametrize("split", ["transpose", "proportional"])
def test_exact_is_bit_identical_to_the_reference(split):
    ref, exact = run("reference", split), run("exact", split)
    assert np.array_equal(exact[0], ref[0]) and np.array_equal(exact[1], ref[1])
    assert exact[2] == pytest.approx(ref[2], rel=1e-12)


@pytest.mark.numba
@pytest.mark.parametrize("split", ["transpose", "proportional"])
def test_fast_is_within_1e12_after_1000_examples(split):
    ref, fast = run("reference", split), run("fast", split)
    for a, b in zip(fast[:2], ref[:2]):
        np.testing.assert_allclose(a, b, rtol=0, atol=1e-12 * np.abs(b).max())


@pytest.mark.numba
def test_fast_float32_tracks_float64():
    ref, f32 = run("reference"), run("fast", dtype=np.float32)
    assert f32[0].dtype == np.float32
    np.testing.assert_allclose(f32[0], ref[0], atol=1e-4)


@pytest.mark.numba
def test_estimator_methods_agree_and_auto_is_exact():
    d = load_mnist("sample")
    small = DigitData(d.X_train[:800], d.X_test[:300], d.y_train[:800], d.y_test[:300])
    kw = dict(hidden_nodes=30, learning_rate=0.2, epochs=2, random_state=3)
    ref = NeuralNetworkClassifier(method="reference", **kw).fit(small.X_train, small.y_train)
    auto = NeuralNetworkClassifier(**kw).fit(small.X_train, small.y_train)
    assert resolve_method("auto") == "exact"
    assert np.array_equal(auto.network_.wih, ref.network_.wih)
    fast = NeuralNetworkClassifier(method="fast", **kw).fit(small.X_train, small.y_train)
    f32 = NeuralNetworkClassifier(method="fast", dtype="float32", **kw).fit(small.X_train, small.y_train)
    base = ref.score(small.X_test, small.y_test)
    for clf in (fast, f32):
        assert abs(clf.score(small.X_test, small.y_test) - base) < 0.03
    assert f32.network_.wih.dtype == np.float64  # the stored network stays float64
    with pytest.raises(ValueError, match="float32.*does not go with method='exact'"):
        NeuralNetworkClassifier(method="exact", dtype="float32").fit(small.X_train, small.y_train)


def test_minibatch_of_one_is_the_book_update():
    X, T, net = problem(n=50, n_hidden=20)
    a = [net.wih.copy(), net.who.copy()]
    b = [net.wih.copy(), net.who.copy()]
    for i in range(50):
        train_step(a[0], a[1], X[i], T[i], 0.3)
    minibatch_epoch(b[0], b[1], X, T, np.arange(50), 0.3, 1)
    np.testing.assert_allclose(b[0], a[0], rtol=1e-12)
    np.testing.assert_allclose(b[1], a[1], rtol=1e-12)


@pytest.mark.parametrize("split", ["transpose", "proportional"])
def test_minibatch_step_is_the_average_of_per_example_changes(split):
    X, T, net = problem(n=8, n_hidden=12, positive=True)
    changes = []
    for i in range(8):  # each example's change from the same starting weights
        wih, who = net.wih.copy(), net.who.copy()
        train_step(wih, who, X[i], T[i], 0.5, split)
        changes.append((wih - net.wih, who - net.who))
    wih, who = net.wih.copy(), net.who.copy()
    minibatch_epoch(wih, who, X, T, np.arange(8), 0.5, 8, split)
    np.testing.assert_allclose(wih - net.wih, np.mean([c[0] for c in changes], axis=0), atol=1e-15)
    np.testing.assert_allclose(who - net.who, np.mean([c[1] for c in changes], axis=0), atol=1e-15)


def test_minibatch_estimator_learns():
    d = load_mnist("sample")
    clf = NeuralNetworkClassifier(hidden_nodes=100, learning_rate=1.5, epochs=5, batch_size=32, random_state=0)
    clf.fit(d.X_train, d.y_train)
    assert clf.score(d.X_test, d.y_test) > 0.85
    f32 = NeuralNetworkClassifier(hidden_nodes=50, learning_rate=1.5, epochs=2, batch_size=64, dtype="float32",
                                  random_state=0).fit(d.X_train, d.y_train)
    assert f32.score(d.X_test, d.y_test) > 0.8


def test_method_resolution_and_errors(monkeypatch):
    import gentlenn._kernels as kernels

    assert resolve_method("auto") == ("exact" if HAVE_NUMBA else "reference")
    monkeypatch.setattr(kernels, "HAVE_NUMBA", False)
    assert resolve_method("auto") == "reference"
    with pytest.raises(ValueError, match="needs numba"):
        resolve_method("fast")
    with pytest.raises(ValueError, match="method must be one of"):
        resolve_method("turbo")
    with pytest.raises(ValueError, match="batch_size must be a whole number"):
        NeuralNetworkClassifier(batch_size=0).fit([[0, 1], [1, 0]], [0, 1])
    with pytest.raises(ValueError, match="dtype must be"):
        NeuralNetworkClassifier(dtype="float16").fit([[0, 1], [1, 0]], [0, 1])


@pytest.mark.numba
def test_experiment_with_the_fast_method():
    from gentlenn.experiments import experiment

    d = load_mnist("sample")
    small = DigitData(d.X_train[:1000], d.X_test[:300], d.y_train[:1000], d.y_test[:300])
    exact = experiment(small, "learning_rate", [0.2], restarts=1, hidden_nodes=20)
    ref = experiment(small, "learning_rate", [0.2], restarts=1, hidden_nodes=20, method="reference")
    fast = experiment(small, "learning_rate", [0.2], restarts=1, hidden_nodes=20, method="fast", dtype="float32")
    assert exact.accuracy.item() == ref.accuracy.item()
    assert abs(fast.accuracy.item() - ref.accuracy.item()) < 0.05


@pytest.mark.numba
@pytest.mark.parametrize("dtype", [np.float64, np.float32])
def test_proportional_split_with_all_zero_weights_is_defined_in_every_kernel(dtype):
    """A node whose incoming weights are all 0 sends no error back (0.1's fast float32 kernel
    raised ZeroDivisionError here); the kernels agree with the reference step."""
    from gentlenn import _kernels
    from gentlenn.network import train_step

    rng = np.random.default_rng(0)
    X = rng.uniform(0.01, 1, (5, 4)).astype(dtype)
    T = np.full((5, 2), 0.01, dtype=dtype)
    T[:, 0] = 0.99
    wih0 = rng.normal(0, 0.5, (3, 4)).astype(dtype)
    who0 = np.zeros((2, 3), dtype=dtype)
    order = np.arange(5, dtype=np.int64)
    ref_wih, ref_who = wih0.astype(np.float64), who0.astype(np.float64)
    for i in order:
        train_step(ref_wih, ref_who, X[i].astype(np.float64), T[i].astype(np.float64), 0.3, "proportional")
    kernels = [_kernels.fast_epoch] + ([_kernels.exact_epoch] if dtype == np.float64 else [])
    for kernel in kernels:
        wih, who = wih0.copy(), who0.copy()
        kernel(wih, who, X, T, order, 0.3, True)
        assert np.all(np.isfinite(wih)) and np.all(np.isfinite(who))
        np.testing.assert_allclose(who, ref_who, atol=1e-6 if dtype == np.float32 else 1e-12)
        np.testing.assert_allclose(wih, ref_wih, atol=1e-6 if dtype == np.float32 else 1e-12)
