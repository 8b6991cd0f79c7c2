import numpy as np
import pytest
from sklearn.exceptions import NotFittedError

import gentlenn
from gentlenn import SlopeClassifier, slope_learning_rate_study, slope_update

from conftest import load_fixture

BUGS_X = [[3.0, 1.0], [1.0, 3.0]]
BUGS_Y = ["ladybird", "caterpillar"]
CASES = load_fixture("slope_cases.json")["cases"]


def fixture_inputs(case):
    X = np.column_stack([[float(v) for v in case["x"]], [float(v) for v in case["y"]]])
    p = case["params"]
    params = dict(
        slope=None if p["slope"] is None else float(p["slope"]),
        learning_rate=float(p["learning_rate"]), margin=float(p["margin"]), epochs=p["epochs"],
        shuffle=p["shuffle"], random_state=p["seed"],
        slope_range=tuple(float(v) for v in p["slope_range"]),
    )
    return X, case["labels"], params


def assert_matches_case(case, initial, slopes, index, accuracy, above):
    exp = case["expected"]
    assert above == exp["above"]
    np.testing.assert_allclose(initial, float(exp["initial_slope"]), rtol=1e-12, atol=0)
    np.testing.assert_allclose(slopes, [float(v) for v in exp["slopes"]], rtol=1e-12, atol=0)
    assert list(index) == exp["index"]
    assert accuracy == float(exp["accuracy"])


# --- the book's numbers (Make Your Own Neural Network, part 1) ---------------------------

def test_book_unmoderated_update():
    clf = SlopeClassifier(slope=0.25, learning_rate=1.0).fit(BUGS_X, BUGS_Y)
    assert clf.history_["slope"].round(4).tolist() == [0.3667, 2.9]
    assert clf.history_["target"].tolist() == pytest.approx([1.1, 2.9])


def test_book_moderated_update():
    clf = SlopeClassifier(slope=0.25, learning_rate=0.5).fit(BUGS_X, BUGS_Y)
    assert clf.history_["slope"].round(4).tolist() == [0.3083, 1.6042]
    assert clf.slope_ == pytest.approx(1.6041666666666667, abs=1e-15)


def test_slope_update_rule():
    output, error, delta, new = slope_update(0.25, 3.0, 1.1)
    assert (output, error) == pytest.approx((0.75, 0.35))
    assert new == pytest.approx(0.25 + 0.35 / 3)
    with pytest.raises(ValueError, match="x must not be 0"):
        slope_update(0.25, 0.0, 1.0)


# --- estimator behaviour ---------------------------------------------------------------------

def test_learned_sides_predict_and_score():
    clf = SlopeClassifier(slope=0.25, learning_rate=0.5).fit(BUGS_X, BUGS_Y)
    assert clf.above_class_ == "caterpillar" and clf.below_class_ == "ladybird"
    assert list(clf.predict(BUGS_X)) == ["ladybird", "caterpillar"]
    assert clf.score(BUGS_X, BUGS_Y) == 1.0
    np.testing.assert_allclose(clf.signed_distance(BUGS_X), [1 - 3 * clf.slope_, 3 - clf.slope_])
    # scikit-learn: positive means classes_[1] (ladybird, below the line)
    np.testing.assert_allclose(clf.decision_function(BUGS_X), [3 * clf.slope_ - 1, clf.slope_ - 3])
    assert clf.slopes_[0] == 0.25 and len(clf.slopes_) == 3


def test_given_above_class_flips_targets():
    clf = SlopeClassifier(slope=0.25, learning_rate=1.0, above="ladybird").fit(BUGS_X, BUGS_Y)
    assert clf.history_["target"].tolist() == pytest.approx([0.9, 3.1])


def test_history_columns_and_counts():
    d = gentlenn.iris_two_class()
    clf = SlopeClassifier(random_state=1, epochs=3, shuffle=True).fit(d.iloc[:, :2], d["species"])
    h = clf.history_
    assert list(h.columns) == ["epoch", "step", "index", "x", "y", "target", "output", "error",
                               "delta", "slope"]
    assert len(h) == 300 and h["step"].tolist() == list(range(1, 301))
    assert sorted(h.loc[h.epoch == 2, "index"]) == list(range(100))  # each row once per epoch
    assert h.loc[h.epoch == 2, "index"].tolist() != list(range(100))  # but shuffled
    assert list(clf.feature_names_in_) == ["sepal_length", "sepal_width"]


def test_same_seed_same_numbers_and_seed_matches_r_stream():
    d = gentlenn.iris_two_class()
    a = SlopeClassifier(random_state=42).fit(d.iloc[:, :2], d.species)
    b = SlopeClassifier(random_state=42).fit(d.iloc[:, :2], d.species)
    assert a.initial_slope_ == b.initial_slope_ and a.slope_ == b.slope_
    # set.seed(42); runif(1, 0, 2) in R is 1.8296120869927108
    assert a.initial_slope_ == 2 * 0.91480604349635541


def test_iris_default_run_separates_well():
    d = gentlenn.iris_two_class()
    clf = SlopeClassifier(random_state=42, epochs=5, shuffle=True).fit(d.iloc[:, :2], d.species)
    assert clf.above_class_ == "setosa"
    assert clf.score(d.iloc[:, :2], d.species) >= 0.95


def test_not_fitted():
    with pytest.raises(NotFittedError):
        SlopeClassifier().predict(BUGS_X)


def test_get_params_round_trip():
    clf = SlopeClassifier(learning_rate=0.2, epochs=4)
    assert clf.get_params()["learning_rate"] == 0.2
    assert SlopeClassifier(**clf.get_params()).get_params() == clf.get_params()


# --- bad input: each error names its argument ------------------------------------------------

@pytest.mark.parametrize("X, y, params, match", [
    ([[0.0, 1.0], [1.0, 3.0]], BUGS_Y, {}, "X: the x column is 0 in rows 0"),
    ([[np.nan, 1.0], [1.0, 3.0]], BUGS_Y, {}, "X contains NaN or infinite"),
    ([[np.inf, 1.0], [1.0, 3.0]], BUGS_Y, {}, "X contains NaN or infinite"),
    ([[3.0, 1.0], [1.0, 3.0]], ["a"], {}, "y has 1 labels but X has 2 rows"),
    ([[3.0, 1.0], [1.0, 3.0]], ["a", "a"], {}, "exactly two classes, got 1"),
    ([[3.0, 1.0], [1.0, 3.0], [2, 2]], ["a", "b", "c"], {}, "exactly two classes, got 3"),
    (np.empty((0, 2)), [], {}, "0 sample"),
    ([[3.0, 1.0, 2.0]], ["a"], {}, "X must have 2 columns"),
    ([[3.0, 1.0], [1.0, 3.0]], [None, "b"], {}, "y contains missing labels"),
    (BUGS_X, BUGS_Y, {"learning_rate": 0}, "learning_rate must be a number > 0, got (0|-0.5)"),
    (BUGS_X, BUGS_Y, {"learning_rate": -0.5}, "learning_rate must be a number > 0, got (0|-0.5)"),
    (BUGS_X, BUGS_Y, {"learning_rate": np.nan}, "learning_rate must be a number > 0, got nan"),
    (BUGS_X, BUGS_Y, {"margin": -0.1}, "margin must be a number >= 0, got -0.1"),
    (BUGS_X, BUGS_Y, {"epochs": 0}, "epochs must be a whole number"),
    (BUGS_X, BUGS_Y, {"epochs": 1.5}, "epochs must be a whole number"),
    (BUGS_X, BUGS_Y, {"slope": np.nan}, "slope must be None or a finite number, got nan"),
    (BUGS_X, BUGS_Y, {"above": "moth"}, "above must be one of the classes"),
    (BUGS_X, BUGS_Y, {"slope_range": (2, 1)}, r"slope_range must be two finite numbers \(low, high\) with low < high"),
    (BUGS_X, BUGS_Y, {"random_state": 1.5},
     "random_state must be None or a whole number from -2147483647 to 2147483647, got 1.5"),
])
def test_bad_input(X, y, params, match):
    with pytest.raises(ValueError, match=match):
        SlopeClassifier(**params).fit(X, y)


def test_score_rejects_unknown_labels():
    clf = SlopeClassifier(slope=0.25).fit(BUGS_X, BUGS_Y)
    with pytest.raises(ValueError, match="not trained on"):
        clf.score(BUGS_X, ["ladybird", "moth"])


def test_predict_checks_columns():
    d = gentlenn.iris_two_class()
    clf = SlopeClassifier(slope=1.0).fit(d.iloc[:, :2], d.species)
    with pytest.raises(ValueError, match="feature names should match"):
        clf.predict(d.iloc[:, :2].rename(columns={"sepal_width": "w"}))


# --- learning-rate study ---------------------------------------------------------------------

def test_learning_rate_study_table():
    d = gentlenn.iris_two_class()
    t = slope_learning_rate_study(d.iloc[:, :2], d.species, [0.01, 0.5, 1.0], [1, 2], epochs=3)
    assert list(t.columns) == ["learning_rate", "seed", "initial_slope", "final_slope", "accuracy"]
    assert len(t) == 6 and t.learning_rate.tolist() == [0.01, 0.01, 0.5, 0.5, 1.0, 1.0]
    one = SlopeClassifier(learning_rate=0.5, random_state=2, epochs=3).fit(d.iloc[:, :2], d.species)
    row = t[(t.learning_rate == 0.5) & (t.seed == 2)].iloc[0]
    assert row.final_slope == one.slope_ and row.initial_slope == one.initial_slope_
    with pytest.raises(ValueError, match="seeds"):
        slope_learning_rate_study(d.iloc[:, :2], d.species, [0.1], [1.5])


# --- shared fixtures: the Python core --------------------------------------------------------

@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_python_core(case):
    X, labels, params = fixture_inputs(case)
    clf = SlopeClassifier(**params).fit(X, labels)
    assert_matches_case(case, clf.initial_slope_, clf.history_["slope"], clf.history_["index"] + 1,
                        clf.score(X, labels), clf.above_class_)
