"""The book's first classifier: a line through the origin, ``y = A x``, refined one example at a time.

For each training example the target is the point's own ``y`` moved by ``margin`` to the side the
line must pass on (``y + margin`` for the class below the line, ``y - margin`` for the class above),
and the slope moves by the *moderated* update ``dA = L * (t - A x) / x``.
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin

from ._random import RStream
from ._validation import _rows, as_float_matrix, check_class_labels, validated_matrix
from .book import SLOPE_LEARNING_RATE, SLOPE_MARGIN
from .errors import BadArgumentError, DivergenceError, DivergenceWarning
from .spec import ANY, BOOLEAN, EPOCHS, NON_NEGATIVE, NONE, POSITIVE, R_SEED, RANGE, REAL, ListOf, Validated, \
    check_value, validate_params

#: Where a random initial slope is drawn from.
SLOPE_RANGE = (0.0, 2.0)

#: scikit-learn checks that cannot apply to this model, with the reason (``expected_failed_checks``).
_THREE_COLUMNS = "the model takes exactly two columns (x, y); the check fits 3 or more features"
CHECKS_NOT_APPLICABLE = {
    **{name: _THREE_COLUMNS for name in (
        "check_fit_score_takes_y", "check_dont_overwrite_parameters", "check_n_features_in_after_fitting",
        "check_estimators_dtypes", "check_dtype_object", "check_pipeline_consistency", "check_estimators_pickle",
        "check_f_contiguous_array_estimator", "check_supervised_y_2d", "check_methods_sample_order_invariance",
        "check_methods_subset_invariance", "check_dict_unchanged", "check_fit2d_predict1d",
        "check_fit2d_1sample", "check_fit2d_1feature", "check_positive_only_tag_during_fit",
        "check_classifiers_one_label", "check_estimators_nan_inf")},
    "check_classifier_data_not_an_array": "the check's data have x = 0, where the update dA = L E / x is undefined",
}

HISTORY_COLUMNS = ["epoch", "step", "index", "x", "y", "target", "output", "error", "delta", "slope"]


def _moderated_update(slope, x, target, learning_rate):
    """The update itself, unchecked (the training loop's inner step)."""
    if x == 0:
        raise BadArgumentError("x must not be 0: the update dA = L * E / x divides by x", argument="x", value=x,
                               expected="a number other than 0")
    output = slope * x                     # the line's answer for this x
    error = target - output                # E = t - A x
    delta = learning_rate * error / x      # dA = L E / x: the moderated change
    new = slope + delta
    if not np.isfinite(new):
        raise DivergenceError(f"the slope became {new} (from {slope:g} with x = {x:g}): the updates "
                              f"overshoot; use a smaller learning_rate (now {learning_rate:g}, below 2)",
                              argument="learning_rate", value=learning_rate)
    return output, error, delta, new


@validate_params({"slope": REAL, "x": REAL, "target": REAL, "learning_rate": POSITIVE})
def slope_update(slope, x, target, learning_rate=1.0):
    """One moderated update of the slope, the rule the whole classifier is built on.

    Parameters
    ----------
    slope : float
        The current slope ``A``.
    x : float
        The example's input; must not be 0 (the update divides by it).
    target : float
        The wanted output ``t`` for this ``x``.
    learning_rate : float, default=1.0
        The moderation ``L``; 1.0 is the book's unmoderated update.

    Returns
    -------
    output, error, delta, new_slope : float
        ``A x``, ``E = t - A x``, ``dA = L E / x`` and ``A + dA``.

    Examples
    --------
    >>> slope_update(0.25, 3.0, 1.1)[3]      # the book's ladybird, no moderation
    0.3666666666666667
    """
    return _moderated_update(float(slope), float(x), float(target), float(learning_rate))


def slope_decision(slope, X):
    """Signed vertical distance ``y - slope * x`` of each point (row ``x, y``) from the line
    (positive above it)."""
    slope = check_value(slope, REAL, "slope")
    X = as_float_matrix(X, "X", n_columns=2)
    return X[:, 1] - slope * X[:, 0]


class SlopeClassifier(Validated, ClassifierMixin, BaseEstimator):
    """Two-class linear classifier ``y = A x`` trained by the book's moderated update.

    Each row of ``X`` is a point ``(x, y)``. One class lies above the dividing line, the other
    below; a point is predicted to be in the above class when ``y > A x``.

    Parameters
    ----------
    slope : float or None, default=None
        Initial slope. ``None`` draws it uniformly from ``slope_range`` using ``random_state``.
    learning_rate : float, default=0.5
        The moderation ``L`` (> 0). 1.0 moves the line exactly onto each example's target.
    margin : float, default=0.1
        How far (>= 0) beyond each point the target lies, as the book's 0.1.
    epochs : int, default=1
        Passes over the training data.
    shuffle : bool, default=False
        Visit the examples in a new random order each epoch (drawn after the initial slope).
    above : label or None, default=None
        The class that lies above the line. ``None`` learns it: the class whose points have the
        larger mean ``y / x``.
    slope_range : tuple of float, default=(0.0, 2.0)
        Range of the random initial slope.
    random_state : int or None, default=None
        Seed. The draws equal R's ``set.seed(random_state)`` followed by ``runif(1, lo, hi)``
        for the slope and ``order(runif(n))`` for each epoch's order, so R's plain engine gets the
        same numbers.

    Attributes
    ----------
    classes_ : ndarray of shape (2,)
        The two class labels, sorted.
    above_class_, below_class_ : label
        The class above and below the line.
    initial_slope_ : float
        The slope before training.
    slope_ : float
        The slope after training.
    history_ : pandas.DataFrame
        One row per update: ``epoch`` and ``step`` (1-based), ``index`` (0-based row of ``X``),
        ``x``, ``y``, ``target``, ``output`` (A x), ``error``, ``delta`` and ``slope`` (after).
    n_features_in_ : int
        Always 2.
    feature_names_in_ : ndarray of str
        The column names, when ``X`` was a data frame.

    Notes
    -----
    scikit-learn's ``check_estimator`` passes every check that can apply to a model of two
    columns and two classes; :data:`CHECKS_NOT_APPLICABLE` lists the others, each with its reason
    (pass it as ``expected_failed_checks``).

    Examples
    --------
    >>> X = [[3.0, 1.0], [1.0, 3.0]]
    >>> clf = SlopeClassifier(slope=0.25, learning_rate=0.5).fit(X, ["ladybird", "caterpillar"])
    >>> clf.history_["slope"].round(4).tolist()
    [0.3083, 1.6042]
    """

    _parameter_constraints = {
        "slope": (NONE, REAL), "learning_rate": POSITIVE, "margin": NON_NEGATIVE, "epochs": EPOCHS,
        "shuffle": BOOLEAN, "above": ANY, "slope_range": RANGE, "random_state": (NONE, R_SEED),
    }

    def __init__(self, slope=None, learning_rate=SLOPE_LEARNING_RATE, margin=SLOPE_MARGIN, epochs=1, shuffle=False,
                 above=None, slope_range=SLOPE_RANGE, random_state=None):
        self.slope = slope
        self.learning_rate = learning_rate
        self.margin = margin
        self.epochs = epochs
        self.shuffle = shuffle
        self.above = above
        self.slope_range = slope_range
        self.random_state = random_state

    def fit(self, X, y):
        """Train on points ``X`` (n rows, columns x and y) with two-class labels ``y``."""
        params = self._validate_params()
        lr, margin, epochs = params["learning_rate"], params["margin"], params["epochs"]
        X = validated_matrix(self, X, reset=True)
        y = check_class_labels(y, "y", X.shape[0])
        if np.unique(y).size > 2:
            raise BadArgumentError(f"y must hold exactly two classes, got {np.unique(y).size}: "
                                   f"{list(np.unique(y))[:5]}. Only binary classification is supported.")
        if X.shape[1] != 2:
            raise BadArgumentError(f"X must have 2 columns (x, y), got {X.shape[1]}")
        zero = np.nonzero(X[:, 0] == 0)[0]
        if zero.size:
            raise BadArgumentError(
                f"X: the x column is 0 in rows {_rows(zero)}; the update dA = L * E / x divides by x"
            )
        classes = np.unique(y)
        if classes.size != 2:
            raise BadArgumentError(
                f"y must hold exactly two classes, got {classes.size}: {list(classes)[:5]}. "
                "Only binary classification is supported."
            )
        self.classes_ = classes
        self.above_class_, self.below_class_ = self._sides(X, y, classes)

        stream = RStream(params["random_state"])
        if params["slope"] is None:
            lo, hi = params["slope_range"]
            slope = float(stream.runif(1, lo, hi)[0])
        else:
            slope = params["slope"]
        self.initial_slope_ = slope

        xs, ys = X[:, 0].tolist(), X[:, 1].tolist()
        is_above = (y == self.above_class_).tolist()
        n = len(xs)
        rows = []
        step = 0
        for epoch in range(1, epochs + 1):
            order = stream.permutation(n).tolist() if params["shuffle"] else range(n)
            for i in order:
                target = ys[i] - margin if is_above[i] else ys[i] + margin
                step += 1
                try:
                    output, error, delta, slope = _moderated_update(slope, xs[i], target, lr)
                except DivergenceError as exc:
                    raise DivergenceError(f"epoch {epoch}, update {step}: {exc}") from None
                rows.append((epoch, step, i, xs[i], ys[i], target, output, error, delta, slope))
        self.slope_ = slope
        self.history_ = pd.DataFrame(rows, columns=HISTORY_COLUMNS)
        # the data's own slopes y/x bound every sensible line; far beyond them the updates overshoot
        bound = 1e3 * max(1.0, abs(self.initial_slope_), float(np.max(np.abs(X[:, 1] / X[:, 0]))))
        if abs(slope) > bound:
            warnings.warn(f"the slope grew to {slope:.4g}, far beyond the data's y/x; each update "
                          f"overshoots (learning_rate {lr:g}: use one below 2)", DivergenceWarning, stacklevel=2)
        return self

    def signed_distance(self, X):
        """Vertical distance ``y - A x`` of each point from the line: positive above it (the
        quantity the book reasons with; ``history_`` records the same for training points)."""
        self._check_fitted()
        X = validated_matrix(self, X, reset=False)
        return X[:, 1] - self.slope_ * X[:, 0]

    def decision_function(self, X):
        """scikit-learn's convention: positive means ``classes_[1]``, negative ``classes_[0]``.

        This is :meth:`signed_distance` when ``classes_[1]`` lies above the line, and its
        negative otherwise, so ranking metrics such as ``roc_auc_score`` work.
        """
        d = self.signed_distance(X)
        return d if self.above_class_ == self.classes_[1] else -d

    def predict(self, X):
        """The class of each point: ``above_class_`` where ``y > A x``, else ``below_class_``."""
        above = self.signed_distance(X) > 0
        return np.where(above, self.above_class_, self.below_class_)

    def score(self, X, y, sample_weight=None):
        """Accuracy: the share of points on their class's side of the line."""
        self._check_fitted()
        X_arr = validated_matrix(self, X, reset=False)
        y = check_class_labels(y, "y", X_arr.shape[0])
        unknown = np.setdiff1d(np.unique(y), self.classes_) if hasattr(self, "classes_") else []
        if len(unknown):
            raise BadArgumentError(f"y has labels the classifier was not trained on: {list(unknown)[:5]}")
        return super().score(X, y, sample_weight=sample_weight)

    @property
    def slopes_(self):
        """The slope before training and after every update (length ``1 + len(history_)``)."""
        self._check_fitted()
        return np.concatenate([[self.initial_slope_], self.history_["slope"].to_numpy()])

    def _sides(self, X, y, classes):
        if self.above is not None:
            matches = [c for c in classes if c == self.above]
            if not matches:
                raise BadArgumentError(f"above must be one of the classes {list(classes)}, got {self.above!r}")
            above = matches[0]
        else:
            ratio = X[:, 1] / X[:, 0]
            means = [ratio[y == c].mean() for c in classes]
            above = classes[int(np.argmax(means))]
        below = classes[1] if above == classes[0] else classes[0]
        return above, below

    def __sklearn_tags__(self):
        tags = super().__sklearn_tags__()
        tags.classifier_tags.multi_class = False  # exactly two classes, one on each side of the line
        return tags

    def _check_fitted(self):
        if not hasattr(self, "slope_"):
            from sklearn.exceptions import NotFittedError

            raise NotFittedError("This SlopeClassifier is not fitted yet: call fit(X, y) first")


def slope_learning_rate_study(X, y, learning_rates, seeds, **params):
    """Train one classifier per (learning rate, seed) and tabulate the outcome.

    Parameters
    ----------
    X, y : array-like
        Training points and labels, as for :meth:`SlopeClassifier.fit`.
    learning_rates : sequence of float
        The learning rates to try.
    seeds : sequence of int
        Seeds for the random initial slope (and shuffling).
    **params
        Further :class:`SlopeClassifier` arguments (``epochs``, ``margin``, ...).

    Returns
    -------
    pandas.DataFrame
        Columns ``learning_rate``, ``seed``, ``initial_slope``, ``final_slope``, ``accuracy``
        (training accuracy), one row per pair, learning rates outer.

    Examples
    --------
    >>> from gentlenn import iris_two_class
    >>> d = iris_two_class()
    >>> t = slope_learning_rate_study(d.iloc[:, :2], d.species, [0.1, 1.0], seeds=[1, 2])
    >>> t.shape
    (4, 5)
    """
    if "random_state" in params or "learning_rate" in params:
        raise BadArgumentError("pass learning rates and seeds as learning_rates= and seeds=, not in params",
                               argument="params")
    constraints = slope_learning_rate_study._parameter_constraints
    learning_rates = check_value(list(np.atleast_1d(learning_rates)), constraints["learning_rates"], "learning_rates")
    seeds = check_value(list(np.atleast_1d(seeds)), constraints["seeds"], "seeds")
    rows = []
    for lr in learning_rates:
        for seed in seeds:
            clf = SlopeClassifier(learning_rate=float(lr), random_state=seed, **params).fit(X, y)
            rows.append((float(lr), seed, clf.initial_slope_, clf.slope_, clf.score(X, y)))
    return pd.DataFrame(rows, columns=["learning_rate", "seed", "initial_slope", "final_slope", "accuracy"])


def slope_run(dataset="iris", species=None, features=None, slope=None, learning_rate=SLOPE_LEARNING_RATE,
              margin=SLOPE_MARGIN, epochs=1, shuffle=False, seed=0):
    """One training of the slope classifier, step by step, as plain data (what the playground's
    slope page shows): the points, and after each update its table row, the slope and the accuracy.

    ``dataset`` is ``"bugs"`` (the book's two bugs) or ``"iris"`` (:func:`gentlenn.iris_two_class`
    with ``species`` and ``features``, two of each; by default setosa and versicolor by their sepals).
    The other arguments are :class:`SlopeClassifier`'s (``seed`` its ``random_state``).

    Examples
    --------
    >>> run = slope_run("bugs", slope=0.25)
    >>> [round(u["slope"], 4) for u in run["updates"]]
    [0.3083, 1.6042]
    """
    from .data import iris_two_class, load_bugs

    if dataset == "bugs":
        d = load_bugs()
    elif dataset == "iris":
        d = iris_two_class(*(features or ("sepal_length", "sepal_width")),
                           **({"species": tuple(species)} if species is not None else {}))
    else:
        raise BadArgumentError(f"dataset must be 'bugs' or 'iris', got {dataset!r}", argument="dataset",
                               value=dataset, expected="one of 'bugs', 'iris'")
    clf = SlopeClassifier(slope=slope, learning_rate=learning_rate, margin=margin, epochs=epochs, shuffle=shuffle,
                          random_state=seed)
    X, y = d.iloc[:, :2], d.iloc[:, 2]
    clf.fit(X, y)
    xy = X.to_numpy(dtype=float)
    labels = y.astype(str).to_numpy()

    def accuracy(a):
        predicted = np.where(slope_decision(a, xy) > 0, str(clf.above_class_), str(clf.below_class_))
        return float(np.mean(predicted == labels))

    updates = [dict(epoch=int(r.epoch), step=int(r.step), index=int(r.index), x=float(r.x), y=float(r.y),
                    target=float(r.target), output=float(r.output), error=float(r.error), delta=float(r.delta),
                    slope=float(r.slope), accuracy=accuracy(float(r.slope))) for r in clf.history_.itertuples()]
    slopes = [float(v) for v in clf.slopes_]
    return dict(columns=[str(c) for c in X.columns],
                points=[dict(x=float(a), y=float(b), label=str(lab)) for (a, b), lab in zip(xy, labels)],
                above=str(clf.above_class_), below=str(clf.below_class_), initial_slope=slopes[0],
                initial_accuracy=accuracy(slopes[0]), final_slope=slopes[-1], updates=updates,
                score=float(clf.score(X, y)))


slope_learning_rate_study._parameter_constraints = {"learning_rates": ListOf(POSITIVE), "seeds": ListOf(R_SEED)}

__all__ = ["SlopeClassifier", "slope_update", "slope_decision", "slope_learning_rate_study", "slope_run",
           "CHECKS_NOT_APPLICABLE"]
