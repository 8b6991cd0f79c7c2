"""The core never fails silently: scikit-learn's conventions, learning on ordinary data (or a
warning), divergence as an error, random input that ends in a documented error or finite numbers."""

import warnings

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from sklearn.datasets import load_digits, load_iris
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

import gentlenn
from gentlenn import NeuralNetwork, NeuralNetworkClassifier, SlopeClassifier, split_errors
from gentlenn.errors import (BadArgumentError, DivergenceError, DivergenceWarning, GentlennError,
                             InputRangeWarning)


# --- 1. scikit-learn's conventions -------------------------------------------------------------

def test_slope_decision_function_is_positive_for_classes_1():
    d = gentlenn.iris_two_class()
    X, y = d.iloc[:, :2], d.species
    clf = SlopeClassifier(epochs=5, shuffle=True, random_state=42).fit(X, y)
    assert clf.score(X, y) >= 0.95
    # setosa (classes_[0]) lies above the line: positive decisions must mean versicolor
    assert clf.above_class_ == clf.classes_[0] == "setosa"
    auc = roc_auc_score(y == clf.classes_[1], clf.decision_function(X))
    assert auc > 0.95
    distance = X.iloc[:, 1].to_numpy() - clf.slope_ * X.iloc[:, 0].to_numpy()
    np.testing.assert_allclose(clf.signed_distance(X), distance)
    np.testing.assert_allclose(clf.decision_function(X), -distance)
    # the table of updates keeps the book's signed distance, error = target - A x
    h = clf.history_
    np.testing.assert_allclose(h.error, h.target - h.output)


@pytest.mark.parametrize("make", [
    lambda X, y: NeuralNetworkClassifier(hidden_nodes=5, random_state=0).fit(X, y),
    lambda X, y: SlopeClassifier(random_state=0).fit(X[:, :2] + 1.0, y),
])
def test_score_with_unseen_labels_raises(make):
    X, y = load_iris(return_X_y=True)
    keep = y < 2
    clf = make(X[keep], y[keep])
    Xs = X[keep][:, :clf.n_features_in_] + (1.0 if clf.n_features_in_ == 2 else 0.0)
    with pytest.raises(BadArgumentError, match="not trained on"):
        clf.score(Xs, y[keep] + 5)


# --- 2. learns on ordinary data, or warns ------------------------------------------------------

@pytest.mark.parametrize("name", ["iris", "digits"])
@pytest.mark.parametrize("standardise", [False, True])
def test_defaults_learn_on_ordinary_data(name, standardise):
    X, y = (load_iris if name == "iris" else load_digits)(return_X_y=True)
    clf = NeuralNetworkClassifier(epochs=30, random_state=0)
    model = make_pipeline(StandardScaler(), clf) if standardise else clf
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputRangeWarning)  # the default never needs one
        scores = cross_val_score(model, X, y, cv=5)
    assert scores.mean() >= 0.85, scores


def test_digits_workflow_keeps_the_books_pixel_scaling_bit_for_bit():
    """train_digits scales x / 255 * 0.99 + 0.01 and trains the book's loop: an independent numpy
    loop (the book's code, with the same random draws) gives the same weights."""
    from gentlenn.experiments import train_digits
    from gentlenn.data import DigitData

    X, y = gentlenn.load_mnist_sample()
    idx = np.r_[0:40, 500:540, 1000:1040]  # the sample is sorted by label: 40 each of 0, 1, 2
    assert set(y[idx]) == {0, 1, 2}
    data = DigitData(X[idx], X[idx[:10]], y[idx], y[idx[:10]])
    run = train_digits(data, hidden_nodes=12, learning_rate=0.2, epochs=1, random_state=3, method="reference")
    assert run.classifier.input_range_ == (0.0, 255.0)

    rng = np.random.default_rng(3)
    wih = rng.normal(0.0, 784 ** -0.5, (12, 784))
    who = rng.normal(0.0, 12 ** -0.5, (3, 12))
    order = rng.permutation(len(idx))
    sig = lambda z: 1.0 / (1.0 + np.exp(-z))  # noqa: E731
    for i in order:
        inputs = (np.asarray(X[idx][i], dtype=float) / 255.0 * 0.99 + 0.01).reshape(-1, 1)
        targets = np.full((3, 1), 0.01)
        targets[int(y[idx][i])] = 0.99  # the classes are 0, 1, 2
        hidden = sig(wih @ inputs)
        outputs = sig(who @ hidden)
        e = targets - outputs
        eh = who.T @ e
        who += 0.2 * (e * outputs * (1 - outputs)) @ hidden.T
        wih += 0.2 * (eh * hidden * (1 - hidden)) @ inputs.T
    np.testing.assert_allclose(run.classifier.network_.wih, wih, rtol=0, atol=1e-12)
    np.testing.assert_allclose(run.classifier.network_.who, who, rtol=0, atol=1e-12)


def test_declared_range_that_does_not_fit_warns():
    X, y = load_digits(return_X_y=True)
    with pytest.warns(InputRangeWarning, match="under a tenth"):
        NeuralNetworkClassifier(input_range=(0, 255), epochs=1, random_state=0).fit(X, y)
    with pytest.warns(InputRangeWarning, match="outside input_range"):
        clf = NeuralNetworkClassifier(input_range=(0, 10), epochs=1, random_state=0).fit(X, y)
    with pytest.warns(InputRangeWarning, match="outside input_range"):
        clf.predict(X[:5])
    with warnings.catch_warnings():
        warnings.simplefilter("error", InputRangeWarning)
        NeuralNetworkClassifier(input_range=(0, 16), epochs=1, random_state=0).fit(X, y).predict(X)
        NeuralNetworkClassifier(epochs=1, random_state=0).fit(X, y).predict(X * 2)  # columns: nothing declared


# --- 3. divergence is an error -----------------------------------------------------------------

def test_network_divergence_names_the_epoch():
    X, y = load_iris(return_X_y=True)
    # the sigmoid's flat tails keep float64 weights finite for any finite rate; float32 overflows
    clf = NeuralNetworkClassifier(learning_rate=1e300, epochs=3, dtype="float32", method="reference",
                                  random_state=0)
    with pytest.raises(DivergenceError, match=r"epoch \d+.*smaller learning_rate"):
        clf.fit(X, y)


def test_slope_divergence_warns_then_errors():
    d = gentlenn.iris_two_class()
    with pytest.warns(DivergenceWarning, match="below 2"):
        SlopeClassifier(learning_rate=3, epochs=5, random_state=1).fit(d.iloc[:, :2], d.species)
    with pytest.raises(DivergenceError, match=r"epoch 1, update \d+: .*smaller learning_rate"):
        SlopeClassifier(learning_rate=1e300, random_state=1).fit(d.iloc[:, :2], d.species)


def test_overflowing_inputs_are_rejected_before_training():
    with pytest.raises(BadArgumentError, match="float64 can scale"):
        NeuralNetworkClassifier(input_range="data").fit([[1e308], [-1e308]], [0, 1])
    with pytest.raises(BadArgumentError, match="too large to scale in float32"), \
            pytest.warns(InputRangeWarning):
        NeuralNetworkClassifier(input_range=(0, 1), dtype="float32", method="reference").fit(
            [[1e300, 0.0], [0.5, 1.0]], [0, 1])


def test_save_refuses_non_finite_weights(tmp_path):
    net = NeuralNetwork(2, 2, 1, random_state=0)
    net.wih[0, 0] = np.nan
    with pytest.raises(BadArgumentError, match="NaN or infinite weights"):
        net.save(tmp_path / "net.json")
    assert not list(tmp_path.iterdir())


# --- property-based: a documented error or finite results --------------------------------------

_values = st.one_of(st.floats(allow_nan=True, allow_infinity=True, width=64),
                    st.sampled_from([0.0, 1e-300, 1e300, -1e300, 255.0]))
_matrix = st.tuples(
    hnp.arrays(dtype=np.float64, shape=hnp.array_shapes(min_dims=2, max_dims=2, min_side=1, max_side=8),
               elements=st.floats(-1e6, 1e6), fill=st.nothing()),
    st.sampled_from([np.float64, np.float32, np.int64])).map(lambda a: a[0].astype(a[1]))


def _finite_or_documented(call):
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            out = call()
    except GentlennError:
        return
    arrays = out if isinstance(out, tuple) else (out,)
    for a in arrays:
        a = np.asarray(a)
        if a.dtype.kind == "f":
            assert np.all(np.isfinite(a))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(X=_matrix, labels=st.lists(st.sampled_from([0, 1, 2, "a", 7.5]), min_size=1, max_size=8),
       scale=_values, lr=_values, input_range=st.sampled_from(["columns", "data", (0, 255), (0.0, 1.0)]),
       dtype=st.sampled_from(["float64", "float32"]), split=st.sampled_from(["transpose", "proportional"]))
def test_network_classifier_random_input(X, labels, scale, lr, input_range, dtype, split):
    y = (labels * X.shape[0])[:X.shape[0]]
    Xs = X.astype(np.float64) * scale if np.isfinite(scale) else X.astype(np.float64) + scale

    def run():
        clf = NeuralNetworkClassifier(hidden_nodes=3, epochs=2, learning_rate=lr, input_range=input_range,
                                      dtype=dtype, method="reference" if dtype == "float32" else "auto",
                                      error_split=split, random_state=0).fit(Xs, y)
        return clf.network_.wih, clf.network_.who, clf.predict_proba(Xs)

    _finite_or_documented(run)


@settings(max_examples=60, deadline=None)
@given(X=_matrix, labels=st.lists(st.sampled_from(["a", "b", 3]), min_size=1, max_size=8),
       scale=_values, lr=_values, margin=_values, slope=st.one_of(st.none(), _values))
def test_slope_classifier_random_input(X, labels, scale, lr, margin, slope):
    y = (labels * X.shape[0])[:X.shape[0]]
    Xs = X.astype(np.float64) * scale if np.isfinite(scale) else X.astype(np.float64) + scale

    def run():
        clf = SlopeClassifier(slope=slope, learning_rate=lr, margin=margin, epochs=2, random_state=0).fit(Xs, y)
        return np.array([clf.slope_]), clf.decision_function(Xs)

    _finite_or_documented(run)


# --- 4. the proportional split -----------------------------------------------------------------

def test_proportional_split_is_the_texts_for_positive_weights_and_signed_otherwise():
    W = np.array([[2.0, 3.0], [1.0, 4.0]])
    e = np.array([0.8, 0.5])
    np.testing.assert_allclose(split_errors(W, e, "proportional"), [0.42, 0.88])  # the book's figure
    S = np.array([[2.0, -3.0], [0.0, 0.0]])  # signed weights; a node with no links
    # share = w / (|2| + |-3|): 0.8 * 2/5 and 0.8 * -3/5; the zero row sends nothing
    np.testing.assert_allclose(split_errors(S, e, "proportional"), [0.32, -0.48])


def test_proportional_split_shrinks_hidden_errors_as_documented():
    """With the book's initial weights the hidden errors are about 0.8 sqrt(n_hidden) times
    smaller than the transposed split's: 8x for 100 hidden nodes."""
    net = NeuralNetwork(784, 100, 10, random_state=0)
    e = np.random.default_rng(1).normal(size=10)
    ratio = np.linalg.norm(split_errors(net.who, e)) / np.linalg.norm(split_errors(net.who, e, "proportional"))
    assert 6.5 < ratio < 9.5
    assert abs(ratio - np.abs(net.who).sum(axis=1).mean()) < 1.5


def test_proportional_split_learns_mnist_sample():
    """784-100-10, one epoch, lr 0.1, the stratified 4,000/1,000 sample split: at least 90 % of the
    transposed split's accuracy."""
    X, y = gentlenn.load_mnist_sample()
    X_train, X_test, y_train, y_test = gentlenn.split_digits(X, y)
    acc = {split: NeuralNetworkClassifier(hidden_nodes=100, learning_rate=0.1, epochs=1, input_range=(0, 255),
                                          error_split=split, random_state=0)
           .fit(X_train, y_train).score(X_test, y_test) for split in ("transpose", "proportional")}
    assert acc["transpose"] >= 0.85
    assert acc["proportional"] >= 0.9 * acc["transpose"], acc


def test_divergence_is_detected_while_the_weights_are_still_finite():
    """A learning rate of 1e300 leaves finite weights near 1e297 (issue 20): huge weights count too."""
    from gentlenn.estimator import DIVERGED_WEIGHT

    X, y = gentlenn.load_digits_8x8()
    with pytest.raises(DivergenceError, match="larger than") as info:
        NeuralNetworkClassifier(hidden_nodes=5, learning_rate=1e300, random_state=0).fit(X[:200], y[:200])
    assert info.value.argument == "learning_rate" and info.value.details["epoch"] == 1
    fit = NeuralNetworkClassifier(hidden_nodes=5, learning_rate=3.0, epochs=3, random_state=0).fit(X[:200], y[:200])
    assert np.abs(fit.network_.wih).max() < DIVERGED_WEIGHT  # a large but sane rate is not refused


def test_cli_reports_divergence_in_one_line(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run([sys.executable, "-m", "gentlenn", "train", "--learning-rate", "1e300", "--hidden-nodes",
                           "5", "--quiet", "--out", str(tmp_path / "out")], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and "diverged" in lines[0] and "learning" in lines[0]
