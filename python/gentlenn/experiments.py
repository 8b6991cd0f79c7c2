"""The book's experiments on digits: training runs, and accuracy against the learning rate, the
number of epochs, the hidden layer's size and rotation augmentation, each over random restarts.

Restart ``r`` uses seed ``random_state + r`` for every value tried (a paired comparison), so a
table depends only on its arguments, never on ``n_jobs`` or on the order the jobs ran in. The
restarts run in parallel with joblib; a user with a cluster can hand them to Dask with
``joblib.parallel_config(backend="dask")``.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed

from ._deprecation import TrainingHistory
from ._random import check_seed
from ._validation import check_count
from .book import DIGITS_LEARNING_RATE, EXPERIMENT_VALUES, HIDDEN_NODES, PIXEL_RANGE
from .estimator import NeuralNetworkClassifier
from .network import backquery_images  # noqa: F401  (0.1 had it here)
from .threads import one_thread_per_job

EXPERIMENT_PARAMETERS = ("learning_rate", "hidden_nodes", "epochs", "rotation_angle")
DEFAULTS = dict(hidden_nodes=HIDDEN_NODES, learning_rate=DIGITS_LEARNING_RATE, epochs=1, rotation_angle=0.0,
                input_range=PIXEL_RANGE)


@dataclass
class TrainingRun:
    """What :func:`train_digits` returns.

    Attributes
    ----------
    classifier : NeuralNetworkClassifier
    history : pandas.DataFrame
        One row per epoch: ``epoch``, ``train_mse``, ``seconds``, ``val_accuracy`` (the accuracy on
        the held-out test digits, the same column as :attr:`NeuralNetworkClassifier.history_`; 0.1
        called it ``test_accuracy``, which still works with a DeprecationWarning until 0.3).
    confusion : pandas.DataFrame
        Counts, true labels as rows and predicted labels as columns.
    misclassified : pandas.DataFrame
        One row per wrong test prediction: ``index`` (row of the test set), ``label``,
        ``predicted`` and ``output`` (the winning output node's value).
    """

    classifier: NeuralNetworkClassifier
    history: pd.DataFrame
    confusion: pd.DataFrame
    misclassified: pd.DataFrame

    @property
    def accuracy(self):
        return float(self.history["val_accuracy"].iloc[-1])


def train_digits(data, hidden_nodes=HIDDEN_NODES, learning_rate=DIGITS_LEARNING_RATE, epochs=1, rotation_angle=0.0,
                 random_state=0, verbose=False, callback=None, **params):
    """Train the book's network on ``data`` (a ``DigitData``) and measure it on the test set.

    Parameters
    ----------
    data : DigitData
        From :func:`gentlenn.data.load_mnist`.
    hidden_nodes, learning_rate, epochs, rotation_angle, random_state
        As for :class:`NeuralNetworkClassifier`.
    verbose : bool
        Show a progress bar (tqdm).
    callback : callable, optional
        ``callback(done, total)`` every few thousand examples (R's progress bar uses it).
    **params
        Further :class:`NeuralNetworkClassifier` arguments.

    Returns
    -------
    TrainingRun
    """
    params.setdefault("input_range", PIXEL_RANGE)  # the book's pixel scaling
    clf = NeuralNetworkClassifier(hidden_nodes=hidden_nodes, learning_rate=learning_rate, epochs=epochs,
                                  rotation_angle=rotation_angle, random_state=random_state, verbose=verbose,
                                  **params)
    clf.fit(data.X_train, data.y_train, validation_data=(data.X_test, data.y_test), callback=callback)
    history, confusion, misclassified = _run_tables(clf, data)
    return TrainingRun(clf, TrainingHistory(history), confusion, misclassified)


def _run_tables(clf, data):
    """History, confusion matrix and misclassified test digits of a classifier fitted with
    validation data."""
    out = clf.outputs(data.X_test)
    predicted = clf.classes_[out.argmax(axis=1)]
    confusion = pd.crosstab(pd.Series(data.y_test, name="label"), pd.Series(predicted, name="predicted"),
                            dropna=False).reindex(index=clf.classes_, columns=clf.classes_, fill_value=0)
    wrong = np.nonzero(predicted != data.y_test)[0]
    misclassified = pd.DataFrame({"index": wrong, "label": data.y_test[wrong], "predicted": predicted[wrong],
                                  "output": out[wrong].max(axis=1)})
    return clf.history_, confusion, misclassified


def _one_run(data, params, seed, epochs_to_report, n_jobs=1):
    clf = NeuralNetworkClassifier(random_state=seed, **params)
    with one_thread_per_job(n_jobs):  # the thread policy: n_jobs jobs on n_jobs cores
        clf.fit(data.X_train, data.y_train, validation_data=(data.X_test, data.y_test))
    h = clf.history_
    if epochs_to_report is None:
        return [(float(h.val_accuracy.iloc[-1]), float(h.seconds.sum()))]
    return [(float(h.val_accuracy.iloc[e - 1]), float(h.seconds.iloc[:e].sum())) for e in epochs_to_report]


def experiment(data, vary, values, restarts=3, random_state=0, n_jobs=1, backend=None, **fixed):
    """Test accuracy as one setting varies, over random restarts.

    Parameters
    ----------
    data : DigitData
    vary : {"learning_rate", "hidden_nodes", "epochs", "rotation_angle"}
    values : sequence or None
        The values of ``vary`` to try; ``None`` for the book's (:data:`gentlenn.book.EXPERIMENT_VALUES`).
    restarts : int, default=3
        Runs per value, with seeds ``random_state``, ``random_state + 1``, ...
    random_state : int, default=0
    n_jobs : int, default=1
        Parallel jobs (joblib); -1 uses all cores.
    backend : str, optional
        joblib backend (default: joblib's, loky processes). R passes ``"threading"``: loky cannot
        start workers from a Python embedded in R.
    **fixed
        The other settings (defaults: 100 hidden nodes, learning rate 0.1, 1 epoch, no rotation),
        and ``method``, ``batch_size``, ``dtype``, ``error_split``, ``input_range`` of
        :class:`NeuralNetworkClassifier`.

    Returns
    -------
    pandas.DataFrame
        One row per (value, restart): the varied setting's column, ``restart``, ``seed``,
        ``accuracy`` (on the test set) and ``seconds`` (training time).
    """
    if vary not in EXPERIMENT_PARAMETERS:
        raise ValueError(f"vary must be one of {EXPERIMENT_PARAMETERS}, got {vary!r}")
    if vary in fixed:
        raise ValueError(f"{vary} is the setting being varied: give its values as values=, not as a fixed setting")
    unknown = set(fixed) - set(DEFAULTS) - {"error_split", "method", "batch_size", "dtype"}
    if unknown:
        raise ValueError(f"unknown settings {sorted(unknown)}")
    restarts = check_count(restarts, "restarts")
    random_state = check_seed(random_state, "random_state")
    values = list(np.atleast_1d(EXPERIMENT_VALUES[vary] if values is None else values))
    if not values:
        raise ValueError("values must hold at least one value")
    if vary in ("hidden_nodes", "epochs"):
        values = [check_count(v, "values") for v in values]
    else:
        values = [float(v) for v in values]
    params = {**DEFAULTS, **fixed}
    seeds = [random_state + r for r in range(restarts)]
    if vary == "epochs":
        # accuracy after epoch e of one run equals that of a run of e epochs (same seed, same draws)
        params["epochs"] = max(values)
        tasks = [delayed(_one_run)(data, params, seed, values, n_jobs) for seed in seeds]
        results = Parallel(n_jobs=n_jobs, backend=backend)(tasks)
        rows = [(v, r, seed, *results[r][k]) for k, v in enumerate(values) for r, seed in enumerate(seeds)]
    else:
        tasks = [delayed(_one_run)(data, {**params, vary: v}, seed, None, n_jobs) for v in values for seed in seeds]
        results = Parallel(n_jobs=n_jobs, backend=backend)(tasks)
        rows = [(v, r, seed, *results[i * restarts + r][0]) for i, v in enumerate(values)
                for r, seed in enumerate(seeds)]
    table = pd.DataFrame(rows, columns=[vary, "restart", "seed", "accuracy", "seconds"])
    table.attrs["settings"] = {k: v for k, v in params.items() if k != vary}
    return table


def learning_rate_experiment(data, learning_rates=EXPERIMENT_VALUES["learning_rate"], **kw):
    """:func:`experiment` over learning rates (the book's chart)."""
    return experiment(data, "learning_rate", learning_rates, **kw)


def epochs_experiment(data, epochs=EXPERIMENT_VALUES["epochs"], **kw):
    """:func:`experiment` over the number of epochs (one run per restart, measured after each epoch)."""
    return experiment(data, "epochs", epochs, **kw)


def hidden_nodes_experiment(data, hidden_nodes=EXPERIMENT_VALUES["hidden_nodes"], **kw):
    """:func:`experiment` over the hidden layer's size."""
    return experiment(data, "hidden_nodes", hidden_nodes, **kw)


def rotation_experiment(data, angles=EXPERIMENT_VALUES["rotation_angle"], **kw):
    """:func:`experiment` with and without rotated copies (angle 0 is the plain run)."""
    return experiment(data, "rotation_angle", angles, **kw)


def summarise_experiment(table):
    """Mean, standard deviation, minimum and maximum accuracy for each value tried."""
    vary = table.columns[0]
    return (table.groupby(vary)["accuracy"].agg(["mean", "std", "min", "max", "count"])
            .reset_index().rename(columns={"count": "restarts"}))


__all__ = ["TrainingRun", "train_digits", "experiment", "learning_rate_experiment", "epochs_experiment",
           "hidden_nodes_experiment", "rotation_experiment", "summarise_experiment", "EXPERIMENT_PARAMETERS"]
