
import numpy as np
import pytest
from sklearn.model_selection import cross_val_score
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from gentlenn import NeuralNetworkClassifier, load_digits_8x8, load_mnist_sample, split_digits
from gentlenn.book import one_hot_targets, scale_inputs


@pytest.fixture(scope="module")
def mnist_split():
    X, y = load_mnist_sample()
    return split_digits(X, y, test_size=1000, random_state=0)


def test_book_network_on_mnist_sample_reaches_090(mnist_split):
    """784-100-10, lr 0.3, 5 epochs, stratified 4,000/1,000 split, shuffled training order."""
    X_train, X_test, y_train, y_test = mnist_split
    assert np.bincount(y_test).min() >= 95  # stratified: every digit is in the test set
    clf = NeuralNetworkClassifier(hidden_nodes=100, learning_rate=0.3, epochs=5, random_state=0)
    clf.fit(X_train, y_train, validation_data=(X_test, y_test))
    acc = clf.score(X_test, y_test)
    assert acc >= 0.90
    assert list(clf.history_.columns) == ["epoch", "train_mse", "seconds", "val_accuracy"]
    assert clf.history_.val_accuracy.iloc[-1] == acc
    assert clf.history_.train_mse.iloc[-1] < clf.history_.train_mse.iloc[0]


def test_same_seed_same_network():
    X, y = load_digits_8x8()
    kw = dict(hidden_nodes=20, epochs=1, input_range=(0, 16), random_state=4)
    a = NeuralNetworkClassifier(**kw).fit(X[:300], y[:300])
    b = NeuralNetworkClassifier(**kw).fit(X[:300], y[:300])
    assert np.array_equal(a.network_.wih, b.network_.wih)


def test_scaling_and_targets_are_the_books():
    np.testing.assert_allclose(scale_inputs([0.0, 255.0, 127.5]), [0.01, 1.0, 0.505])
    np.testing.assert_array_equal(one_hot_targets(np.array([2, 0]), 3),
                                  [[0.01, 0.01, 0.99], [0.99, 0.01, 0.01]])


def test_cross_val_score_and_pipeline_on_8x8_digits():
    X, y = load_digits_8x8()
    clf = NeuralNetworkClassifier(hidden_nodes=50, learning_rate=0.2, epochs=3, input_range=(0, 16),
                                  random_state=0)
    scores = cross_val_score(clf, X, y, cv=3)
    assert scores.shape == (3,) and scores.min() > 0.85
    pipe = Pipeline([("pixels", FunctionTransformer(lambda Z: Z * 16)), ("net", clf.set_params(input_range=(0, 256)))])
    pipe.fit(X[:1200], y[:1200])
    assert pipe.score(X[1200:], y[1200:]) > 0.85


def test_outputs_proba_decision_consistent():
    X, y = load_digits_8x8()
    clf = NeuralNetworkClassifier(hidden_nodes=30, epochs=2, input_range=(0, 16), random_state=1).fit(X, y)
    out, proba = clf.outputs(X[:20]), clf.predict_proba(X[:20])
    assert out.shape == (20, 10) and ((out > 0) & (out < 1)).all()
    np.testing.assert_allclose(proba.sum(axis=1), 1.0)
    np.testing.assert_array_equal(clf.predict(X[:20]), clf.classes_[out.argmax(axis=1)])
    np.testing.assert_allclose(clf.decision_function(X[:20]), np.log(out))


def test_string_labels_and_binary_decision():
    X, y = load_digits_8x8()
    keep = np.isin(y, [0, 1])
    labels = np.where(y[keep] == 0, "zero", "one")
    clf = NeuralNetworkClassifier(hidden_nodes=10, epochs=2, input_range=(0, 16), random_state=0)
    clf.fit(X[keep], labels)
    assert set(clf.predict(X[keep])) <= {"zero", "one"} and clf.score(X[keep], labels) > 0.95
    d = clf.decision_function(X[keep])
    assert d.shape == (keep.sum(),)
    np.testing.assert_array_equal(np.where(d > 0, clf.classes_[1], clf.classes_[0]), clf.predict(X[keep]))


@pytest.mark.parametrize("params, match", [
    ({"hidden_nodes": 0}, "hidden_nodes must be a whole number"),
    ({"learning_rate": -1}, "learning_rate must be a number > 0, got -1"),
    ({"epochs": 0}, "epochs must be a whole number"),
    ({"error_split": "x"}, "error_split must be one of"),
    ({"input_range": (5, 5)}, "input_range must be one of .columns., .data. or two finite numbers"),
    ({"input_range": "auto"}, "input_range must be"),
])
def test_bad_parameters(params, match):
    X, y = load_digits_8x8()
    with pytest.raises(ValueError, match=match):
        NeuralNetworkClassifier(**params).fit(X[:50], y[:50])


def test_bad_data():
    X, y = load_digits_8x8()
    with pytest.raises(ValueError, match="NaN"):
        NeuralNetworkClassifier().fit(np.where(X == 0, np.nan, X)[:50], y[:50])
    with pytest.raises(ValueError, match="1 class"):
        NeuralNetworkClassifier().fit(X[:5], np.zeros(5))
    clf = NeuralNetworkClassifier(hidden_nodes=5, input_range=(0, 16)).fit(X[:100], y[:100])
    with pytest.raises(ValueError, match="features"):
        clf.predict(X[:5, :10])


# --- the defaults learn small tables (issue 21); the digits workflow keeps the book's settings ---

@pytest.fixture(scope="module")
def small_tables(r):
    """iris and wine as scikit-learn ships them; R's own mtcars (through rpy2), with am and cyl as classes."""
    from sklearn.datasets import load_iris, load_wine

    mtcars = np.asarray(r.r("as.matrix(mtcars)"))
    columns = list(r.r("colnames(mtcars)"))
    assert mtcars.shape == (32, 11)  # R's table, not a copy made here

    def by(label):
        k = columns.index(label)
        return np.delete(mtcars, k, axis=1), mtcars[:, k].astype(int)

    return {"iris": load_iris(return_X_y=True), "wine": load_wine(return_X_y=True), "mtcars am": by("am"),
            "mtcars cyl": by("cyl")}


@pytest.mark.parametrize("seed", [0, 1, 2])
def test_defaults_learn_small_tables(small_tables, seed):
    for name, (X, y) in small_tables.items():
        clf = NeuralNetworkClassifier(random_state=seed).fit(X, y)
        accuracy = float(np.mean(clf.predict(X) == y))
        assert accuracy >= 0.9, (name, seed, accuracy)


def test_the_digits_workflow_keeps_the_books_settings():
    """train_digits and the experiments pass their own epochs and rate: the book's 1 epoch at 0.1."""
    from gentlenn.book import DIGITS_LEARNING_RATE, HIDDEN_NODES
    from gentlenn.data import DigitData
    from gentlenn.experiments import DEFAULTS, train_digits

    X, y = load_digits_8x8()
    run = train_digits(DigitData(X[:200] * 255 / 16, X[200:260] * 255 / 16, y[:200], y[200:260]), hidden_nodes=10)
    assert len(run.history) == 1 and run.classifier.learning_rate == DIGITS_LEARNING_RATE == 0.1
    assert (DEFAULTS["epochs"], DEFAULTS["learning_rate"], DEFAULTS["hidden_nodes"]) == (1, 0.1, HIDDEN_NODES)
    assert NeuralNetworkClassifier().epochs != DEFAULTS["epochs"]  # so the workflow must pass its own


@pytest.mark.r
def test_r_defaults_learn_small_tables(run_r):
    """network_classifier() with its defaults, in a fresh Rscript, on R's iris and mtcars."""
    out = run_r("""
suppressMessages(library(gentlenn))
fits <- list(iris = network_classifier(Species ~ ., data = iris, seed = 1),
             am = network_classifier(factor(am) ~ ., data = mtcars, seed = 1),
             cyl = network_classifier(factor(cyl) ~ ., data = mtcars, seed = 1))
truth <- list(iris = iris$Species, am = factor(mtcars$am), cyl = factor(mtcars$cyl))
for (k in names(fits)) cat("@@", k, mean(as.character(predict(fits[[k]])) == as.character(truth[[k]])),
                           nrow(fits[[k]]$history), "\\n")
""")
    rows = {line.split()[1]: line.split()[2:] for line in out.splitlines() if line.startswith("@@ ")}
    assert set(rows) == {"iris", "am", "cyl"}
    assert all(float(accuracy) >= 0.9 for accuracy, _ in rows.values()), rows
    assert {int(epochs) for _, epochs in rows.values()} == {NeuralNetworkClassifier().epochs}  # R's default follows
