"""The book's experiments on digits: training runs, and accuracy against the learning rate, the
number of epochs, the hidden layer's size and rotation augmentation, each over random restarts.

Restart ``r`` uses seed ``random_state + r`` for every value tried (a paired comparison), so a
table depends only on its arguments, never on ``n_jobs`` or on the order the jobs ran in. The
restarts run in parallel with joblib (worker processes that end with the sweep's process, however it
ends) or on a Dask cluster (``scheduler=``); :func:`run_sweep` is the one runner, which the preparation
lesson (:func:`gentlenn.lessons.preparation_experiment`) uses too, with the same resumable results file.
"""

from __future__ import annotations

import contextlib
import json
import numbers
import os
import re
import socket
import threading
import urllib.parse
from dataclasses import dataclass

import numpy as np
import pandas as pd
from joblib import Parallel, delayed
from joblib.parallel import LokyBackend, get_active_backend
from tqdm.auto import tqdm

from ._deprecation import TrainingHistory
from ._random import check_seed
from ._results_file import OUTCOME_COLUMNS, ResultsFile
from ._validation import check_count
from .book import DIGITS_LEARNING_RATE, EXPERIMENT_VALUES, GENERATOR_CHOICE, HIDDEN_NODES, PIXEL_RANGE, random_state_for
from .errors import (BadArgumentError, BadArgumentTypeError, FileAccessError, LimitError, MissingDependencyError,
                     MissingFileError)
from .limits import jobs_limit
from .estimator import NeuralNetworkClassifier
from .network import backquery_images  # noqa: F401  (0.1 had it here)
from .spec import ANY, BOOLEAN, COUNT, N_JOBS, SEED, Options, validate_params
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


_CLASSIFIER = NeuralNetworkClassifier._parameter_constraints
#: train_digits' parameters (gentlenn.spec): the classifier's rules for the settings it passes on.
TRAIN_DIGITS_CONSTRAINTS = {**{k: _CLASSIFIER[k] for k in ("hidden_nodes", "learning_rate", "epochs", "rotation_angle",
                                                             "init")},
                            "random_state": SEED, "generator": GENERATOR_CHOICE, "verbose": BOOLEAN}


@validate_params(TRAIN_DIGITS_CONSTRAINTS)
def train_digits(data, hidden_nodes=HIDDEN_NODES, learning_rate=DIGITS_LEARNING_RATE, epochs=1, rotation_angle=0.0,
                 random_state=0, verbose=False, callback=None, *, generator="default", init="book", **params):
    """Train the book's network on ``data`` (a ``DigitData``) and measure it on the test set.

    Parameters
    ----------
    data : DigitData
        From :func:`gentlenn.data.load_mnist`.
    hidden_nodes, learning_rate, epochs, rotation_angle, init
        As for :class:`NeuralNetworkClassifier`.
    random_state : int
        The seed of the initial weights and the shuffling.
    generator : {"default", "book"}
        Which stream the seed starts (:func:`gentlenn.book.random_state_for`): numpy's default
        generator, or ``"book"``: ``numpy.random.RandomState(random_state)``, what the notebooks draw
        from after ``numpy.random.seed(random_state)``. With ``shuffle=False`` the run is then the
        notebook's to the last bit.
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
                                  rotation_angle=rotation_angle, random_state=random_state_for(random_state, generator),
                                  verbose=verbose, init=init, **params)
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


def _digits_task(data, run, pin_threads):
    """One run of a digits sweep: ``(accuracy, seconds)`` for each reported value."""
    return _one_run(data, run.params, run.seed, _reported(run), pin_threads)


def _indexed(i, task, shared, run, pin_threads):
    return i, task(shared, run, pin_threads)


@dataclass(frozen=True)
class _Run:
    """One task of a sweep: a seed trained once, reporting one or more values (the keys of its rows
    in a results file): one value of ``vary``, or for epochs the accuracy after each epoch value,
    or for the preparation lesson each epoch of one preparation."""

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


# --- Workers die with the sweep ---------------------------------------------------------------

def _parent_guard():
    """The initializer of each worker process: the worker ends when ``parent`` (the process that
    runs the sweep) ends, however it ends (a SIGKILL gives it no chance to stop its workers).

    On Linux the kernel sends SIGKILL at the parent's death (``prctl(PR_SET_PDEATHSIG)``; it fires
    when the *thread* that started the worker ends, so it is used only for sweeps started from the
    main thread). Everywhere a daemon thread also checks twice a second that the parent is still the
    parent (an orphan is handed to another process) and kills the worker if not.

    Made inside a function so that joblib's pickler (cloudpickle) sends it by value: it then runs in
    a new worker before gentlenn is imported there (several seconds on a busy machine, during which
    a worker armed only by gentlenn's code would outlive a killed parent), using the standard
    library only.
    """
    def die_with_parent(parent, use_pdeathsig):
        import ctypes
        import os
        import signal
        import sys
        import threading
        import time

        if os.getpid() == parent:
            return
        if use_pdeathsig and sys.platform.startswith("linux"):
            try:
                ctypes.CDLL(None, use_errno=True).prctl(1, signal.SIGKILL, 0, 0, 0)  # 1: PR_SET_PDEATHSIG
            except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
                pass
        if os.getppid() != parent:  # the parent died before the signal was armed
            os._exit(1)

        def watch():
            while os.getppid() == parent:
                time.sleep(0.5)
            os.kill(os.getpid(), signal.SIGKILL)

        threading.Thread(target=watch, daemon=True, name="gentlenn-parent-watch").start()

    return die_with_parent


#: One object, so that joblib reuses its executor (and its workers) from one sweep to the next.
_die_with_parent = _parent_guard()


def _worker_backend(backend):
    """The joblib backend for a local sweep: loky's processes (joblib's default) set to die with
    this process; a backend named or configured otherwise (``"threading"``, a user's
    ``joblib.parallel_config(backend="dask")``) as it is."""
    if backend is None:
        active, _ = get_active_backend()
        if type(active) is not LokyBackend:
            return None
    elif backend != "loky":
        return backend
    main = threading.current_thread() is threading.main_thread()
    return LokyBackend(initializer=_die_with_parent, initargs=(os.getpid(), main))


def check_n_jobs(n_jobs, argument="n_jobs"):
    """``n_jobs`` as an int, refused before anything starts unless it is a whole number from 1 to
    :func:`gentlenn.limits.jobs_limit` (4 per core; ``GENTLENN_MAX_JOBS`` sets it), or -1 (one
    job per core).

    Raises
    ------
    BadArgumentTypeError
        Not a number.
    BadArgumentError
        0, below -1 or not whole.
    LimitError
        More jobs than the limit (``details``: ``limit``, ``unit="processes"``).
    """
    limit = jobs_limit()
    expected = f"a whole number from 1 to {limit}, or -1 for one job per core"
    if isinstance(n_jobs, bool) or not isinstance(n_jobs, numbers.Real):
        raise BadArgumentTypeError(f"{argument} must be {expected}, got {n_jobs!r}", argument=argument,
                                   value=n_jobs, expected=expected)
    if not float(n_jobs).is_integer() or (n_jobs < 1 and n_jobs != -1):
        raise BadArgumentError(f"{argument} must be {expected}, got {n_jobs!r}", argument=argument, value=n_jobs,
                               expected=expected)
    n_jobs = int(n_jobs)
    wanted = (os.cpu_count() or 1) if n_jobs == -1 else n_jobs
    if wanted > limit:
        told = "GENTLENN_MAX_JOBS" in os.environ
        raise LimitError(
            f"{argument} = {n_jobs} would start {wanted} worker processes, more than the {limit} gentlenn allows "
            f"({'set by GENTLENN_MAX_JOBS' if told else f'4 per core on {os.cpu_count() or 1} cores'}); set "
            "GENTLENN_MAX_JOBS (for example 64) to allow more on purpose", argument=argument, value=n_jobs,
            expected=expected, limit=limit, unit="processes", variable="GENTLENN_MAX_JOBS")
    return n_jobs


def _run_locally(task, shared, runs, n_jobs, backend):
    if n_jobs == 1:
        for i, run in enumerate(runs):
            yield i, task(shared, run, False)
        return
    tasks = (delayed(_indexed)(i, task, shared, run, True) for i, run in enumerate(runs))
    yield from Parallel(n_jobs=n_jobs, backend=_worker_backend(backend), return_as="generator_unordered")(tasks)


def _reported(run):
    return list(run.values) if run.per_epoch else None


# --- Dask ------------------------------------------------------------------------------------

_SCHEDULER_EXPECTED = ("a Dask scheduler's address such as 'tcp://127.0.0.1:8786', a scheduler file (the JSON with "
                       "the scheduler's \"address\" that `dask scheduler --scheduler-file` writes) or a "
                       "dask.distributed Client")
_HOST_PORT = re.compile(r"^(\[[0-9a-fA-F:.]+\]|[\w.-]+):\d+$")
_SCHEDULER_FILE_BYTES = 1 << 20


def _scheduler_error(message, scheduler, cls=BadArgumentError, form=True):
    """An error about ``scheduler``; ``form``: about what was given (so ``expected`` says what would
    do), not about the cluster or file it names."""
    return cls(message, argument="scheduler", value=str(scheduler), expected=_SCHEDULER_EXPECTED if form else None)


def _scheduler_file_address(path):
    """The address in a scheduler file (the JSON ``dask scheduler --scheduler-file`` writes), or a
    classed error naming the file."""
    try:
        with open(path, "rb") as fh:
            text = fh.read(_SCHEDULER_FILE_BYTES + 1)
    except OSError as exc:
        raise _scheduler_error(f"scheduler file {path!r} cannot be read: {exc.strerror or exc}", path,
                               FileAccessError, form=False) from None
    try:
        info = json.loads(text) if len(text) <= _SCHEDULER_FILE_BYTES else None
    except (ValueError, RecursionError):
        info = None
    address = info.get("address") if isinstance(info, dict) else None
    if not isinstance(address, str) or "://" not in address:
        raise _scheduler_error(f"scheduler {path!r} is not a Dask scheduler file (JSON with the scheduler's "
                               "\"address\", as `dask scheduler --scheduler-file` writes it)", path)
    return address


def _client(scheduler):
    try:
        from distributed import Client
    except ImportError:
        raise MissingDependencyError("running on a Dask cluster (scheduler) needs Dask's distributed scheduler: "
                                     "pip install 'gentlenn[dask]' (or dask[distributed])",
                                     argument="scheduler") from None
    if isinstance(scheduler, Client):
        return scheduler, False
    if not isinstance(scheduler, (str, os.PathLike)) or not str(scheduler):
        raise BadArgumentTypeError(f"scheduler must be {_SCHEDULER_EXPECTED}, got {scheduler!r}",
                                   argument="scheduler", value=scheduler, expected=_SCHEDULER_EXPECTED)
    given = str(scheduler)
    if "://" in given:
        address = given
    elif os.path.exists(given):
        if os.path.isdir(given):
            raise _scheduler_error(f"scheduler {given!r} is a folder, not a scheduler file", given, FileAccessError,
                                   form=False)
        address = _scheduler_file_address(given)
    elif _HOST_PORT.match(given):
        address = f"tcp://{given}"
    else:
        raise _scheduler_error(f"scheduler {given!r} is neither an existing scheduler file nor an address such as "
                               "'tcp://127.0.0.1:8786'", given, MissingFileError, form=False)
    _can_connect(address, given)
    try:
        return Client(address, timeout=30), True
    except OSError as exc:  # refused, unreachable, timed out
        raise _scheduler_error(f"scheduler {given!r}: cannot reach a Dask scheduler there ({exc})", given,
                               form=False) from None
    except (ValueError, TypeError, AssertionError) as exc:  # distributed's words for an address it cannot use
        raise _scheduler_error(f"scheduler {given!r}: cannot use it as a Dask scheduler ({exc})", given) from None


_SCHEMES = ("tcp", "tls", "ws", "wss", "ucx")


def _can_connect(address, given):
    """Refuse an address that is not ``scheme://host:port``, and fail at once on a refused TCP
    address (the Client would retry for its whole timeout)."""
    parts = urllib.parse.urlsplit(address)
    try:
        port = parts.port
    except ValueError:
        port = None
    if parts.scheme not in _SCHEMES or not parts.hostname or not port:
        raise _scheduler_error(f"scheduler {given!r} is not an address such as 'tcp://127.0.0.1:8786'", given)
    if parts.scheme in ("tcp", "tls"):
        try:
            socket.create_connection((parts.hostname, port), timeout=10).close()
        except OSError as exc:
            raise _scheduler_error(f"scheduler {given!r}: cannot reach a Dask scheduler there ({exc})", given,
                                   form=False) from None


def _run_on_dask(task, shared, runs, scheduler):
    """Each run is one task; the shared data go to every worker once (scattered), not once per
    task. A worker that dies takes its running task with it, and the scheduler runs it again
    elsewhere. The cluster's workers are the cluster's: they outlive this sweep."""
    client, own = _client(scheduler)
    from distributed import as_completed

    futures = []
    try:
        [data] = client.scatter([shared], broadcast=True, hash=False)  # one key, not one per field
        futures = [client.submit(_indexed, i, task, data, run, True, pure=False) for i, run in enumerate(runs)]
        for future in as_completed(futures):
            yield future.result()
    finally:
        client.cancel(futures)
        if own:
            client.close()


# --- The one sweep runner --------------------------------------------------------------------

def run_sweep(task, shared, runs, vary, settings, *, outcomes=OUTCOME_COLUMNS, n_jobs=1, backend=None,
              scheduler=None, results=None, progress=False, callback=None, desc=None):
    """Run the planned ``runs`` of a sweep here (one job, joblib's processes or threads) or on a
    Dask cluster, keeping each finished run in a results file when one is given.

    The one runner of every sweep (:func:`experiment` and its wrappers,
    :func:`gentlenn.lessons.preparation_experiment`). ``task(shared, run, pin_threads)`` is a
    module-level function returning, for each of ``run.values``, a tuple of numbers named by
    ``outcomes``; ``shared`` holds the data every run reads (sent to each Dask worker once).
    ``vary`` and ``settings`` say which sweep a results file holds. Returns, for each run in
    order, its list of outcome tuples; runs found in the results file are not run again.
    """
    with contextlib.ExitStack() as stack:
        store = None
        if results is not None:
            store = stack.enter_context(ResultsFile(results, vary, settings, outcomes))
        done = store.done if store is not None else {}
        found = {i: [done[(v, run.seed)] for v in run.values] for i, run in enumerate(runs)
                 if all((v, run.seed) in done for v in run.values)}
        todo = [i for i in range(len(runs)) if i not in found]
        bar = stack.enter_context(tqdm(total=len(runs), initial=len(found), disable=not progress, unit="run",
                                       desc=desc or f"sweep over {vary}"))
        if callback is not None:
            callback(len(found), len(runs))
        pending = [runs[i] for i in todo]
        source = (_run_on_dask(task, shared, pending, scheduler) if scheduler is not None
                  else _run_locally(task, shared, pending, n_jobs, backend))
        for k, outcome in source:
            i = todo[k]
            found[i] = outcome
            if store is not None:
                store.record(runs[i].restart, runs[i].seed, runs[i].values, outcome)
            bar.update(1)
            if callback is not None:
                callback(len(found), len(runs))
    return [found[i] for i in range(len(runs))]


#: experiment's parameters: the sweep's own, and the classifier's for the settings held fixed.
EXPERIMENT_CONSTRAINTS = {
    "vary": Options(*EXPERIMENT_PARAMETERS), "restarts": COUNT, "random_state": SEED, "n_jobs": N_JOBS,
    "progress": BOOLEAN, **{k: _CLASSIFIER[k] for k in EXPERIMENT_PARAMETERS},
    "scheduler": ANY,  # None, an address, a scheduler file or a distributed.Client: _client checks it
}


@validate_params(EXPERIMENT_CONSTRAINTS)
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
        Parallel jobs on this machine (joblib); -1 uses all cores. At most
        :func:`gentlenn.limits.jobs_limit` (4 per core; ``GENTLENN_MAX_JOBS`` changes it), checked
        before anything starts. Worker processes end with the process that runs the sweep, even
        when it is killed. Ignored with ``scheduler`` (but still checked).
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
        raise BadArgumentError(f"{vary} is the setting being varied: give its values as the sweep's values, "
                               "not as a fixed setting", argument=vary, value=fixed[vary])
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
    n_jobs = check_n_jobs(n_jobs)
    params = {**DEFAULTS, **fixed}
    seeds = [random_state + r for r in range(restarts)]
    runs = _plan(vary, values, seeds, params)
    settings = {k: v for k, v in params.items() if k != vary}
    outcomes = run_sweep(_digits_task, data, runs, vary, params, n_jobs=n_jobs, backend=backend,
                         scheduler=scheduler, results=results, progress=progress, callback=callback)
    found = {(v, run.seed): outcome for run, outcome_list in zip(runs, outcomes)
             for v, outcome in zip(run.values, outcome_list)}
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

