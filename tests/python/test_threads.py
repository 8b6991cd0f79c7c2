"""The thread policy's limits: one library scan per session, one limit per fit, BLAS at one thread
while per-example training runs and as it was afterwards, and the same weights as a limit per epoch."""

import sys
import threading
import types

import numpy as np
import pytest
import threadpoolctl
from sklearn.datasets import load_iris
from threadpoolctl import threadpool_limits

from gentlenn import NeuralNetworkClassifier, threads
from gentlenn.book import one_hot_targets, scale_inputs
from gentlenn.network import NeuralNetwork, train_epoch

X, Y = load_iris(return_X_y=True)


@pytest.fixture
def two_blas_threads():
    """BLAS at two threads (the tests' environment may pin it to one), so a limit to one shows."""
    with threadpool_limits(limits=2, user_api="blas"):
        yield


@pytest.fixture
def counted(monkeypatch):
    """Counts of library scans and of limits applied, from a fresh session state."""
    NeuralNetworkClassifier(epochs=1, random_state=0).fit(X, Y)  # loads the kernels (numba imports as it does)
    counts = {"scans": 0, "limits": 0}
    real = threadpoolctl.ThreadpoolController

    class Counting(real):
        def __init__(self):
            counts["scans"] += 1
            super().__init__()

        def limit(self, **kw):
            counts["limits"] += 1
            return super().limit(**kw)

    # the session's cache is threadpoolctl's where it has one, else gentlenn's own: start both afresh
    for module in (threadpoolctl, threads):
        monkeypatch.setattr(module, "ThreadpoolController", Counting)
    monkeypatch.setattr(threads, "_controller", None)
    if hasattr(threadpoolctl, "reset_cached_controller"):
        threadpoolctl.reset_cached_controller()
    return counts


def test_a_fit_scans_once_and_limits_once(counted):
    NeuralNetworkClassifier(epochs=30, random_state=0).fit(X, Y)
    assert counted == {"scans": 1, "limits": 1}  # was 30 of each: one per epoch
    NeuralNetworkClassifier(epochs=30, random_state=0).fit(X, Y)
    assert counted == {"scans": 1, "limits": 2}  # the next fit reuses the scan


def test_new_modules_mean_a_new_scan(counted, monkeypatch):
    NeuralNetworkClassifier(epochs=2, random_state=0).fit(X, Y)
    monkeypatch.setitem(sys.modules, "gentlenn_test_new_extension", types.ModuleType("gentlenn_test_new_extension"))
    NeuralNetworkClassifier(epochs=2, random_state=0).fit(X, Y)
    assert counted["scans"] == 2


def test_per_example_fit_runs_blas_on_one_thread_and_restores(two_blas_threads):
    seen = []
    NeuralNetworkClassifier(epochs=3, random_state=0).fit(X, Y, epoch_callback=lambda row: seen.append(
        threads.blas_threads()))
    assert seen and all(set(counts) == {1} for counts in seen)
    assert set(threads.blas_threads()) == {2}


def test_minibatch_fit_keeps_blas_threads(two_blas_threads):
    seen = []
    NeuralNetworkClassifier(epochs=2, batch_size=16, learning_rate=1.0, random_state=0).fit(
        X, Y, epoch_callback=lambda row: seen.append(threads.blas_threads()))
    assert all(set(counts) == {2} for counts in seen)


def test_a_stopped_fit_restores_the_threads(two_blas_threads):
    def stop(row):
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        NeuralNetworkClassifier(epochs=5, random_state=0).fit(X, Y, epoch_callback=stop)
    assert set(threads.blas_threads()) == {2}
    assert threads._held.scopes == []


def test_nested_limits_restore_at_the_outermost_exit(two_blas_threads, counted):
    with threads.per_example_blas():
        with threads.one_thread_per_job(2):  # a job's limit (every pool) inside a per-example one
            with threads.per_example_blas():
                inner = threads.blas_threads()
        between = threads.blas_threads()
    assert set(inner) == {1} and set(between) == {1}
    assert set(threads.blas_threads()) == {2}
    assert counted["limits"] == 2  # the innermost entry found BLAS limited already


def test_each_thread_restores_its_own_limit(two_blas_threads):
    """Fits in two threads at once (R's threading backend): the thread counts end as they began."""
    errors = []

    def fit():
        try:
            NeuralNetworkClassifier(epochs=3, random_state=0).fit(X, Y)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=fit) for _ in range(2)]
    for w in workers:
        w.start()
    for w in workers:
        w.join(60)
    assert not errors
    assert set(threads.blas_threads()) == {2}


def test_same_weights_as_a_limit_per_epoch():
    """The fit's weights equal those of the public per-epoch loop (train_epoch entering its own
    limit each epoch, as before), to the last bit."""
    seed, epochs = 7, 12
    clf = NeuralNetworkClassifier(epochs=epochs, random_state=seed).fit(X, Y)
    classes, y_index = np.unique(Y, return_inverse=True)
    Xs = scale_inputs(X, (X.min(axis=0), X.max(axis=0)))
    T = one_hot_targets(y_index, classes.size)
    rng = np.random.default_rng(seed)
    net = NeuralNetwork(4, clf.hidden_nodes, 3, clf.learning_rate, random_state=rng)
    for _ in range(epochs):
        train_epoch(net.wih, net.who, Xs, T, rng.permutation(len(Xs)), clf.learning_rate, method=clf.method)
    assert np.array_equal(clf.network_.wih, net.wih) and np.array_equal(clf.network_.who, net.who)
