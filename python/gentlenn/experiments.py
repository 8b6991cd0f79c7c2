"""The book's experiments on digits: training runs, and accuracy against the learning rate, the
number of epochs, the hidden layer's size and rotation augmentation, each over random restarts.

Restart ``r`` uses seed ``random_state + r`` for every value tried (a paired comparison), so a
table depends only on its arguments, never on ``n_jobs`` or on the order the jobs ran in. The
restarts run in parallel with joblib; a user with a cluster can hand them to Dask with
``joblib.parallel_config(backend="dask")``.
"""

from __future__ import annotations

import contextlib
import os
import socket
import urllib.parse
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from tqdm.auto import tqdm

from ._deprecation import TrainingHistory
from ._random import check_seed
from ._results_file import ResultsFile
from ._validation import check_count
from .book import DIGITS_LEARNING_RATE, EXPERIMENT_VALUES, HIDDEN_NODES, PIXEL_RANGE
from .errors import BadArgumentError, BadArgumentTypeError, MissingDependencyError
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


def _one_run(data, params, seed, epochs_to_report, pin_threads):
    """One training run: (accuracy, training seconds) after each reported epoch, or at the end."""
    clf = NeuralNetworkClassifier(random_state=seed, **params)
    with one_thread_per_job(2 if pin_threads else 1):  # the thread policy: one core per job
        clf.fit(data.X_train, data.y_train, validation_data=(data.X_test, data.y_test))
    h = clf.history_
    if epochs_to_report is None:
        return [(float(h.val_accuracy.iloc[-1]), float(h.seconds.sum()))]
    return [(float(h.val_accuracy.iloc[e - 1]), float(h.seconds.iloc[:e].sum())) for e in epochs_to_report]


def _indexed(i, *args):
    return i, _one_run(*args)


@dataclass(frozen=True)
class _Run:
    """One task of a sweep: a seed trained once, reporting one value of ``vary`` (or, for epochs,
    the accuracy after each epoch value)."""

    values: tuple
    restart: int
    seed: int
    params: dict
    per_epoch: bool = False


def _plan(vary, values, seeds, params):
    if vary == "epochs":
        # accuracy after epoch e of one run equals that of a run of e epochs (same seed, same draws)
        return [_Run(tuple(values), r, seed, {**params, "epochs": max(values)}, per_epoch=True)
                for r, seed in enumerate(seeds)]
    return [_Run((v,), r, seed, {**params, vary: v}) for v in values for r, seed in enumerate(seeds)]


def _run_locally(data, runs, n_jobs, backend):
    if n_jobs == 1:
        for i, run in enumerate(runs):
            yield i, _one_run(data, run.params, run.seed, _reported(run), False)
        return
    tasks = (delayed(_indexed)(i, data, run.params, run.seed, _reported(run), True) for i, run in enumerate(runs))
    yield from Parallel(n_jobs=n_jobs, backend=backend, return_as="generator_unordered")(tasks)


def _reported(run):
    return list(run.values) if run.per_epoch else None


def _client(scheduler):
    try:
        from distributed import Client
    except ImportError:
        raise MissingDependencyError("scheduler= needs Dask's distributed scheduler: pip install "
                                     "'gentlenn[dask]' (or dask[distributed])") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    if not isinstance(scheduler, (str, os.PathLike)) or not str(scheduler):
        raise BadArgumentTypeError(f"scheduler must be a dask.distributed Client, a scheduler address such as "
                                   f"'tcp://127.0.0.1:8786' or a scheduler file, got {scheduler!r}")
    address = str(scheduler)
    try:
        if "://" not in address and os.path.isfile(address):
            return Client(scheduler_file=address, timeout=30), True
        _can_connect(address)
        return Client(address, timeout=30), True
    except OSError as exc:
        raise BadArgumentError(f"scheduler {address!r}: cannot reach a Dask scheduler there ({exc})") from None


def _can_connect(address):
    """Fail at once on a refused TCP address (the Client would retry for its whole timeout)."""
    parts = urllib.parse.urlsplit(address if "://" in address else f"tcp://{address}")
    try:
        port = parts.port
    except ValueError:
        raise BadArgumentError(f"scheduler {address!r} is not an address such as 'tcp://127.0.0.1:8786'") from None
    if parts.scheme in ("tcp", "tls") and parts.hostname and port:
        socket.create_connection((parts.hostname, port), timeout=10).close()


def _run_on_dask(data, runs, scheduler):
    """Each run is one task; the data go to every worker once (scattered), not once per task. A
    worker that dies takes its running task with it, and the scheduler runs it again elsewhere."""
    client, own = _client(scheduler)
    from distributed import as_completed

    futures = []
    try:
        [shared] = client.scatter([data], broadcast=True, hash=False)  # one key, not one per field
        futures = [client.submit(_indexed, i, shared, run.params, run.seed, _reported(run), True, pure=False)
                   for i, run in enumerate(runs)]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)
        if own:
            client.close()


def experiment(data, vary, values, restarts=3, random_state=0, n_jobs=1, backend=None, scheduler=None,
               results=None, progress=False, callback=None, **fixed):
    """Test accuracy as one setting varies, over random restarts: a sweep of training runs.

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
        Parallel jobs on this machine (joblib); -1 uses all cores. Ignored with ``scheduler``.
    backend : str, optional
        joblib backend (default: joblib's, loky processes). R passes ``"threading"``: loky cannot
        start workers from a Python embedded in R; the numba kernels release the GIL, so threads
        train at once.
    scheduler : str, os.PathLike or distributed.Client, optional
        Run on a Dask cluster instead: a scheduler address (``"tcp://host:8786"``), a scheduler
        file (``dask scheduler --scheduler-file F``) or a connected ``Client``. Needs
        ``gentlenn[dask]``. The table is the same as with ``n_jobs=1``.
    results : str or os.PathLike, optional
        A CSV file that keeps the sweep: each finished run is appended at once (its settings,
        seed, accuracy, seconds and the gentlenn version); runs already in the file are not run
        again, so an interrupted sweep resumes where it stopped. A file holding a sweep with other
        settings is an error.
    progress : bool, default=False
        Show a progress bar (tqdm) over the runs.
    callback : callable, optional
        ``callback(done, total)`` after each run (R's progress bar uses it).
    **fixed
        The other settings (defaults: 100 hidden nodes, learning rate 0.1, 1 epoch, no rotation),
        and ``method``, ``batch_size``, ``dtype``, ``error_split``, ``input_range`` of
        :class:`NeuralNetworkClassifier`.

    Returns
    -------
    pandas.DataFrame
        One row per (value, restart): the varied setting's column, ``restart``, ``seed``,
        ``accuracy`` (on the test set) and ``seconds`` (training time). The settings are in
        ``table.attrs["settings"]``.

    Examples
    --------
    >>> from gentlenn.data import load_mnist
    >>> d = load_mnist("sample", test_size=500)
    >>> table = experiment(d, "hidden_nodes", [5, 20], restarts=2, learning_rate=0.2)
    >>> table[["hidden_nodes", "restart", "seed"]].values.tolist()
    [[5, 0, 0], [5, 1, 1], [20, 0, 0], [20, 1, 1]]
    """
    if vary not in EXPERIMENT_PARAMETERS:
        raise BadArgumentError(f"vary must be one of {EXPERIMENT_PARAMETERS}, got {vary!r}")
    if vary in fixed:
        raise BadArgumentError(f"{vary} is the setting being varied: give its values as values=, not as a "
                               "fixed setting")
    unknown = set(fixed) - set(DEFAULTS) - {"error_split", "method", "batch_size", "dtype"}
    if unknown:
        raise BadArgumentError(f"unknown settings {sorted(unknown)}")
    restarts = check_count(restarts, "restarts")
    random_state = check_seed(random_state, "random_state")
    values = list(np.atleast_1d(EXPERIMENT_VALUES[vary] if values is None else values))
    if not values:
        raise BadArgumentError("values must hold at least one value")
    if vary in ("hidden_nodes", "epochs"):
        values = [check_count(v, "values") for v in values]
    else:
        values = [float(v) for v in values]
    if len(set(values)) != len(values):
        raise BadArgumentError(f"values must not repeat, got {values}")
    if callback is not None and not callable(callback):
        raise BadArgumentTypeError(f"callback must be callable, got {callback!r}")
    params = {**DEFAULTS, **fixed}
    seeds = [random_state + r for r in range(restarts)]
    runs = _plan(vary, values, seeds, params)
    settings = {k: v for k, v in params.items() if k != vary}

    with contextlib.ExitStack() as stack:
        store = None
        if results is not None:
            store = stack.enter_context(ResultsFile(results, vary, params))
        done = store.done if store is not None else {}
        todo = [i for i, run in enumerate(runs) if not all((v, run.seed) in done for v in run.values)]
        outcomes = {i: [done[(v, run.seed)] for v in run.values] for i, run in enumerate(runs) if i not in todo}
        bar = stack.enter_context(tqdm(total=len(runs), initial=len(outcomes), disable=not progress, unit="run",
                                       desc=f"sweep over {vary}"))
        if callback is not None:
            callback(len(outcomes), len(runs))
        pending = [runs[i] for i in todo]
        source = (_run_on_dask(data, pending, scheduler) if scheduler is not None
                  else _run_locally(data, pending, n_jobs, backend))
        for k, outcome in source:
            i = todo[k]
            outcomes[i] = outcome
            if store is not None:
                store.record(runs[i].restart, runs[i].seed, runs[i].values, outcome)
            bar.update(1)
            if callback is not None:
                callback(len(outcomes), len(runs))

    found = {(v, run.seed): outcome for i, run in enumerate(runs) for v, outcome in zip(run.values, outcomes[i])}
    rows = [(v, r, seed, *found[(v, seed)]) for v in values for r, seed in enumerate(seeds)]
    table = pd.DataFrame(rows, columns=[vary, "restart", "seed", "accuracy", "seconds"])
    table.attrs["settings"] = settings
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
