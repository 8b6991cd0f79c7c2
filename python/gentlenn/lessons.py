"""The course's lessons beyond the book's code, as experiments a student can run: preparing the data
(input scaling, target encoding, initial weights), the gradient the update follows, the error
surface with its valleys, and the table of output values for chosen test digits.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import minimize

from ._validation import as_vector, check_positive_number
from .book import (DIGITS_LEARNING_RATE, HIDDEN_NODES, PIXEL_RANGE, TARGET_OFF, TARGET_ON, initial_weights,
                   one_hot_targets, scale_inputs)
from .errors import BadArgumentError, BadArgumentTypeError
from .experiments import _Run, check_n_jobs, run_sweep
from .network import NeuralNetwork, forward, sigmoid, train_epoch, train_step
from .threads import one_thread_per_job

# --- 1. Preparing the data ------------------------------------------------------------------

PREPARATION_CHOICES = {
    # raw pixels; pixels / 255 (a blank pixel stays 0); the book's x / 255 * 0.99 + 0.01
    "inputs": ("raw", "zero_one", "book"),
    # 0 and 1 (the sigmoid never reaches them); the book's 0.01 and 0.99
    "targets": ("zero_one", "book"),
    # all 0; normal(0, 1); the book's normal(0, n_in^-1/2); the first edition's normal(0, n_out^-1/2);
    # uniform(-n^-1/2, n^-1/2); n_in = links into a node, n_out = nodes of the layer
    "weights": ("zero", "normal", "book", "first-edition", "uniform"),
}
#: What runs when a choice is not given: every preparation but the printed book's initial weights,
#: which are offered on request (weights=["book", "first-edition"] compares the two editions).
PREPARATION_DEFAULTS = {name: tuple(v for v in values if v != "first-edition")
                        for name, values in PREPARATION_CHOICES.items()}
SATURATED = (0.01, 0.99)  # a hidden output outside these sits on the sigmoid's flat tails


def prepare_inputs(X, how):
    """Pixels (0..255) prepared one of the ways of :data:`PREPARATION_CHOICES` ``["inputs"]``."""
    X = np.asarray(X, dtype=np.float64)
    if how == "raw":
        return np.array(X, order="C")
    if how == "zero_one":
        return np.ascontiguousarray(X / PIXEL_RANGE[1])
    if how == "book":
        return scale_inputs(X, PIXEL_RANGE)
    raise BadArgumentError(f"inputs must be one of {PREPARATION_CHOICES['inputs']}, got {how!r}")


#: Each target encoding of the lesson as (off, on): 0 and 1, which the sigmoid never reaches; the book's.
TARGET_ENCODINGS = {"zero_one": (0.0, 1.0), "book": (TARGET_OFF, TARGET_ON)}


def encode_targets(y_index, n_classes, how):
    """One row per example: ``off`` everywhere and ``on`` at its class, for an encoding of
    :data:`TARGET_ENCODINGS` (0/1, or the book's 0.01/0.99): :func:`gentlenn.book.one_hot_targets`."""
    if how not in TARGET_ENCODINGS:
        raise BadArgumentError(f"targets must be one of {PREPARATION_CHOICES['targets']}, got {how!r}",
                               argument="targets", value=how, expected=f"one of {PREPARATION_CHOICES['targets']}")
    off, on = TARGET_ENCODINGS[how]
    return one_hot_targets(y_index, n_classes, off=off, on=on)


def draw_weights(rng, n_out, n_in, how):
    """One layer's initial weights, drawn one of the ways of :data:`PREPARATION_CHOICES` ``["weights"]``."""
    if how == "zero":
        return np.zeros((n_out, n_in))
    if how == "normal":
        return rng.normal(0.0, 1.0, (n_out, n_in))
    if how in ("book", "first-edition"):  # the repository's since 2017, and the printed book's
        return initial_weights(rng, n_out, n_in, how)
    if how == "uniform":
        return rng.uniform(-(n_in ** -0.5), n_in ** -0.5, (n_out, n_in))
    raise BadArgumentError(f"weights must be one of {PREPARATION_CHOICES['weights']}, got {how!r}")


#: What each preparation run measures after each epoch (and before the first), in the table's order.
PREPARATION_MEASURES = ("accuracy", "mean_abs_wih", "mean_abs_who", "saturated", "hidden_spread", "blank_inputs",
                        "blank_weight_change")


def _preparation_run(X, X_test, T, y_test, classes, blank, weights, seed, hidden_nodes, learning_rate, epochs,
                     pin_threads):
    """One run on data prepared beforehand: one tuple of :data:`PREPARATION_MEASURES` per epoch
    (epoch 0 is before training)."""
    rng = np.random.default_rng(seed)
    wih = draw_weights(rng, hidden_nodes, X.shape[1], weights)
    who = draw_weights(rng, len(classes), hidden_nodes, weights)
    wih0 = wih.copy()
    rows = []
    with one_thread_per_job(2 if pin_threads else 1), np.errstate(over="ignore"):
        for epoch in range(epochs + 1):
            if epoch:
                train_epoch(wih, who, X, T, rng.permutation(len(X)), learning_rate, method="auto")
            hidden, out = forward(wih, who, X_test)
            rows.append((
                float(np.mean(classes[out.argmax(axis=1)] == y_test)),
                float(np.abs(wih).mean()), float(np.abs(who).mean()),
                float(np.mean((hidden < SATURATED[0]) | (hidden > SATURATED[1]))),
                float(np.abs(wih - wih[0]).max()),
                len(blank),
                float(np.abs(wih[:, blank] - wih0[:, blank]).max()) if len(blank) else np.nan,
            ))
    return rows


def _preparation_task(shared, run, pin_threads):
    """One run of the preparation sweep (for :func:`gentlenn.experiments.run_sweep`): ``shared``
    holds each preparation of the data, made once."""
    p = run.params
    X, X_test = shared["inputs"][p["inputs"]]
    return _preparation_run(X, X_test, shared["targets"][p["targets"]], shared["y_test"], shared["classes"],
                            shared["blank"], p["weights"], run.seed, p["hidden_nodes"], p["learning_rate"],
                            p["epochs"], pin_threads)


def _preparation_plan(choices, seeds, settings):
    """One run per (inputs, targets, weights, restart), reporting each epoch under the key
    ``(inputs, targets, weights, epoch)``."""
    epochs = range(settings["epochs"] + 1)
    return [_Run(tuple((i, t, w, e) for e in epochs), r, seed, dict(inputs=i, targets=t, weights=w, **settings))
            for i, t, w in itertools.product(choices["inputs"], choices["targets"], choices["weights"])
            for r, seed in enumerate(seeds)]


def preparation_experiment(data, inputs=None, targets=None, weights=None, restarts=2, epochs=3,
                           hidden_nodes=HIDDEN_NODES, learning_rate=DIGITS_LEARNING_RATE, random_state=0, n_jobs=1,
                           backend=None, scheduler=None, results=None, progress=False, callback=None):
    """Train the book's network with the data prepared well and badly, and watch what goes wrong.

    Every combination of input scaling, target encoding and initial weights (by default all of
    :data:`PREPARATION_CHOICES`) is trained ``restarts`` times for ``epochs`` epochs; after each
    epoch (and before the first) the run records the test accuracy, the mean size of the weights
    of each layer and the share of hidden outputs on the test digits that are saturated (below
    0.01 or above 0.99, where the sigmoid is flat and learning stalls).

    Parameters
    ----------
    data : DigitData
        Pixels 0..255, as :func:`gentlenn.data.load_mnist` gives them.
    inputs, targets, weights : sequence of str, optional
        Subsets of :data:`PREPARATION_CHOICES` (all by default).
    restarts, epochs, hidden_nodes, learning_rate, random_state
        Restart ``r`` uses seed ``random_state + r`` for every combination (a paired comparison).
    n_jobs, backend, scheduler, results, progress, callback
        As for :func:`gentlenn.experiments.experiment`: the runs are planned for the same sweep
        runner (:func:`gentlenn.experiments.run_sweep`), so they go in parallel here or on a Dask
        cluster, and a ``results`` file keeps each finished run (one row per epoch, ``vary`` =
        ``preparation``, ``value`` = ``[inputs, targets, weights, epoch]``) and resumes an
        interrupted sweep. The table does not depend on where or in which order the runs ran.

    Returns
    -------
    pandas.DataFrame
        One row per (inputs, targets, weights, restart, epoch): ``accuracy``, ``mean_abs_wih``,
        ``mean_abs_who``, ``saturated``; and for the lesson's claims ``hidden_spread`` (the
        largest difference between a hidden node's incoming weights and the first node's: 0 when
        every hidden node is the same node; with all-zero weights it stays 0 in exact arithmetic,
        while in floating point BLAS rounds some rows of a matrix product differently by about
        1e-17 and training amplifies that slowly, to about 1e-11 after one epoch of 4,000 digits
        and 1e-4 after two), ``blank_inputs`` (inputs that are 0 in every
        training digit: 0 after scaling to 0..1, 0.01 after the book's scaling) and
        ``blank_weight_change`` (how far the weights from those inputs moved).

    Examples
    --------
    >>> from gentlenn.data import load_mnist
    >>> d = load_mnist("sample", test_size=500)
    >>> t = preparation_experiment(d, inputs=["book"], targets=["book"], weights=["zero"], restarts=1,
    ...                            epochs=1, hidden_nodes=10)
    >>> bool(t.hidden_spread.max() < 1e-9)   # all-zero weights: the hidden nodes stay the same (but for rounding)
    True
    """
    from .spec import validate

    given = {name: ([v] if isinstance(v, str) else v) for name, v in
             (("inputs", inputs), ("targets", targets), ("weights", weights))}
    p = validate(preparation_experiment._parameter_constraints, dict(
        **given, restarts=restarts, epochs=epochs, hidden_nodes=hidden_nodes, learning_rate=learning_rate,
        random_state=random_state, n_jobs=n_jobs, progress=progress))
    choices = {name: list(PREPARATION_DEFAULTS[name]) if p[name] is None else p[name] for name in given}
    restarts, epochs, hidden_nodes = p["restarts"], p["epochs"], p["hidden_nodes"]
    learning_rate, random_state = p["learning_rate"], p["random_state"]
    n_jobs = check_n_jobs(p["n_jobs"])
    if callback is not None and not callable(callback):
        raise BadArgumentTypeError(f"callback must be callable, got {callback!r}", argument="callback",
                                   value=callback, expected="a function (done, total)")
    settings = dict(hidden_nodes=hidden_nodes, learning_rate=learning_rate, epochs=epochs)
    seeds = [random_state + r for r in range(restarts)]
    runs = _preparation_plan(choices, seeds, settings)
    outcomes = run_sweep(_preparation_task, _prepared_data(data, choices), runs, "preparation", settings,
                         outcomes=PREPARATION_MEASURES, n_jobs=n_jobs, backend=backend, scheduler=scheduler,
                         results=results, progress=progress, callback=callback, desc="preparation")
    rows = [dict(inputs=i, targets=t, weights=w, restart=run.restart, seed=run.seed, epoch=e,
                 **dict(zip(PREPARATION_MEASURES, measures)))
            for run, epoch_rows in zip(runs, outcomes)
            for (i, t, w, e), measures in zip(run.values, epoch_rows)]
    table = pd.DataFrame(rows)
    table["blank_inputs"] = table["blank_inputs"].astype(np.int64)  # a count (a results file reads it as a float)
    table.attrs["settings"] = settings
    return table


def _prepared_data(data, choices):
    """Each preparation of the data once, shared by every run that uses it."""
    classes, y_index = np.unique(data.y_train, return_inverse=True)
    return dict(
        inputs={how: (prepare_inputs(data.X_train, how), prepare_inputs(data.X_test, how))
                for how in choices["inputs"]},
        targets={how: encode_targets(y_index, len(classes), how) for how in choices["targets"]},
        blank=np.flatnonzero((np.asarray(data.X_train) == 0).all(axis=0)),  # pixels blank in every training digit
        y_test=np.asarray(data.y_test), classes=classes)


def summarise_preparation(table):
    """One row per preparation at the last epoch: means over the restarts of the accuracy, the
    share of saturated hidden outputs and the mean weight sizes, best accuracy first."""
    last = table[table.epoch == table.epoch.max()]
    keys = ["inputs", "targets", "weights"]
    out = (last.groupby(keys, sort=False)[["accuracy", "saturated", "mean_abs_wih", "mean_abs_who"]].mean()
           .reset_index().sort_values("accuracy", ascending=False, kind="stable").reset_index(drop=True))
    out["restarts"] = last.groupby(keys, sort=False).size().to_numpy()[0]
    return out


# --- 2. The gradient ------------------------------------------------------------------------

def _squared_error(wih, who, x, t):
    _, o = forward(wih, who, x)
    return float(np.sum((t - o) ** 2))


def gradient_check(network, inputs, targets, epsilon=1e-5):
    """Compare the derived gradient of ``E = sum((t - o)^2)`` with central finite differences, for
    every weight of both layers, and put the book's update beside the gradient step.

    The derivation (the course's exercise): for a link from hidden node ``j`` to output ``k``,
    ``dE/dw_jk = -2 (t_k - o_k) o_k (1 - o_k) o_j``; for a link from input ``i`` to hidden node
    ``j``, ``dE/dw_ij = -2 e_j h_j (1 - h_j) x_i`` with the back-propagated error
    ``e_j = sum_k w_jk (t_k - o_k) o_k (1 - o_k)``.

    Parameters
    ----------
    network : NeuralNetwork
    inputs, targets : array-like of shape (n_inputs,) and (n_outputs,)
        One example; targets strictly between 0 and 1.
    epsilon : float, default=1e-5
        The step of the central differences ``(E(w + eps) - E(w - eps)) / (2 eps)``.

    Returns
    -------
    pandas.DataFrame
        One row per weight: ``layer`` (``"who"`` or ``"wih"``), ``to_node``, ``from_node``,
        ``analytic``, ``numeric``, ``relative_error`` (``|a - n| / max(|a|, |n|, 1e-12)``),
        ``descent_step`` (``-lr/2 * dE/dw``: a gradient-descent step with the 2 folded into the
        learning rate, as the book does) and ``book_update`` (the change the book's ``train()``
        makes). For the output layer the two are equal. For the hidden layer they are not: the
        book splits the raw errors ``t - o`` back (``W^T e``) and leaves out the output slope
        ``o (1 - o)`` that the derivative carries, so its hidden step points downhill only
        approximately.

    Examples
    --------
    >>> net = NeuralNetwork(3, 3, 3, learning_rate=0.3, random_state=1)
    >>> table = gradient_check(net, [0.9, 0.1, 0.8], [0.01, 0.99, 0.01])
    >>> bool(table.relative_error.max() < 1e-6)
    True
    >>> out = table[table.layer == "who"]
    >>> bool(np.allclose(out.book_update, out.descent_step, rtol=0, atol=1e-15))
    True
    """
    if not isinstance(network, NeuralNetwork):
        raise BadArgumentTypeError(f"network must be a NeuralNetwork, got {type(network).__name__}")
    x = as_vector(inputs, "inputs", network.input_nodes)
    t = np.asarray(targets, dtype=np.float64)
    if t.shape != (network.output_nodes,) or not np.all((t > 0) & (t < 1)):
        raise BadArgumentError(f"targets must be {network.output_nodes} numbers strictly between 0 and 1 (the "
                               f"sigmoid never reaches 0 or 1), got {np.asarray(targets).tolist()!r}")
    epsilon = check_positive_number(epsilon, "epsilon")
    wih, who, lr = network.wih.copy(), network.who.copy(), network.learning_rate
    h, o = forward(wih, who, x)
    delta_out = (t - o) * o * (1 - o)
    grads = {"who": -2 * np.outer(delta_out, h),
             "wih": -2 * np.outer((who.T @ delta_out) * h * (1 - h), x)}
    new_wih, new_who = wih.copy(), who.copy()
    train_step(new_wih, new_who, x, t, lr, network.error_split)
    book = {"who": new_who - who, "wih": new_wih - wih}
    rows = []
    for layer, W in (("who", who), ("wih", wih)):
        for (k, j), analytic in np.ndenumerate(grads[layer]):
            saved = W[k, j]
            W[k, j] = saved + epsilon
            up = _squared_error(wih, who, x, t)
            W[k, j] = saved - epsilon
            down = _squared_error(wih, who, x, t)
            W[k, j] = saved
            numeric = (up - down) / (2 * epsilon)
            rows.append((layer, k, j, analytic, numeric,
                         abs(analytic - numeric) / max(abs(analytic), abs(numeric), 1e-12),
                         -lr / 2 * analytic, book[layer][k, j]))
    return pd.DataFrame(rows, columns=["layer", "to_node", "from_node", "analytic", "numeric", "relative_error",
                                       "descent_step", "book_update"])


# --- 3. The error surface -------------------------------------------------------------------

# Five examples (x, t) for a 1-1-1 network whose error surface over its two weights has two
# valleys: a deep one near (w1, w2) = (-1.7, 2.2) and a shallow one near (3.3, -0.2). Found by a
# search over small random data sets for surfaces with two separated minima in -6..6.
SURFACE_DATA = (np.array([2.5, -2.0, -1.5, -1.3, 0.1]), np.array([0.22, 0.91, 0.87, 0.74, 0.87]))


def _surface_error(w1, w2, x, t):
    w1, w2 = np.asarray(w1, dtype=np.float64), np.asarray(w2, dtype=np.float64)
    h = sigmoid(w1[..., None] * x)
    o = sigmoid(w2[..., None] * h)
    return ((t - o) ** 2).sum(axis=-1)


def _surface_gradient(w1, w2, x, t):
    h = sigmoid(w1 * x)
    o = sigmoid(w2 * h)
    d = -2 * (t - o) * o * (1 - o)
    return float(np.sum(d * w2 * h * (1 - h) * x)), float(np.sum(d * h))


@dataclass
class ErrorSurface:
    """What :func:`error_surface` returns.

    Attributes
    ----------
    w1, w2 : ndarray
        The grid's axes: the input-to-hidden and the hidden-to-output weight.
    error : ndarray of shape (len(w1), len(w2))
        ``E(w1, w2)`` on the grid.
    paths : pandas.DataFrame
        The descents: ``start``, ``step``, ``w1``, ``w2``, ``error``.
    minima : pandas.DataFrame
        The valleys the descents lead to (each end point followed to its minimum by an exact
        minimiser): ``valley`` (0 = deepest), ``w1``, ``w2``, ``error``.
    ends : pandas.DataFrame
        One row per start: where it began, where it ended, and its ``valley``.
    data : tuple of ndarray
        The examples ``(x, t)``.
    """

    w1: np.ndarray
    w2: np.ndarray
    error: np.ndarray
    paths: pd.DataFrame
    minima: pd.DataFrame
    ends: pd.DataFrame
    data: tuple


#: The descent's step size on the error surface: large enough to cross it in a few hundred steps.
SURFACE_LEARNING_RATE = 0.5


def _surface_constraints():
    from .spec import COUNT, NONE, POSITIVE, RANGE, SEED, Interval

    return {"starts": COUNT, "steps": COUNT, "learning_rate": POSITIVE, "limits": RANGE,
            "resolution": Interval("integer", 3, 2001), "random_state": (NONE, SEED)}


def error_surface(x=None, t=None, starts=6, steps=400, learning_rate=SURFACE_LEARNING_RATE, limits=(-6.0, 6.0),
                  resolution=121, random_state=0):
    """The error surface of a network with two free weights, and gradient descent on it.

    The network is the book's with one node per layer: ``o = sigmoid(w2 * sigmoid(w1 * x))``, and
    ``E(w1, w2) = sum((t - o)^2)`` over the examples. From ``starts`` random points in ``limits``
    (seeded), each descent takes ``steps`` steps ``w <- w - learning_rate * dE/dw``. Descents that
    start in different places can end in different valleys: the reason to train several times
    from different starting points.

    Parameters
    ----------
    x, t : array-like, optional
        The examples; :data:`SURFACE_DATA` (five points with two valleys) by default.
    starts, steps, learning_rate, limits, resolution, random_state
        Number of descents, steps each, step size, the weights' range (both axes), grid points
        per axis, seed of the starting points.

    Returns
    -------
    ErrorSurface

    Examples
    --------
    >>> s = error_surface()
    >>> s.minima.valley.tolist()
    [0, 1]
    >>> sorted(set(s.ends.valley))   # some descents end in the shallow valley
    [0, 1]
    """
    if (x is None) != (t is None):
        raise BadArgumentError("give both x and t, or neither (the default data)")
    if x is None:
        x, t = SURFACE_DATA
    x = np.asarray(x, dtype=np.float64).ravel()
    t = np.asarray(t, dtype=np.float64).ravel()
    if x.size == 0 or x.shape != t.shape or not np.all(np.isfinite(x)):
        raise BadArgumentError(f"x and t must be finite and of the same length, got {x.size} and {t.size}")
    if not np.all((t > 0) & (t < 1)):
        raise BadArgumentError("t must lie strictly between 0 and 1 (the sigmoid never reaches 0 or 1)")
    from .spec import validate

    p = validate(error_surface._parameter_constraints, dict(starts=starts, steps=steps, learning_rate=learning_rate,
                                                            limits=limits, resolution=resolution,
                                                            random_state=random_state))
    starts, steps, resolution, learning_rate = p["starts"], p["steps"], p["resolution"], p["learning_rate"]
    low, high = p["limits"]
    rng = np.random.default_rng(p["random_state"])
    axis = np.linspace(low, high, resolution)
    error = _surface_error(axis[:, None], axis[None, :], x, t)
    rows, ends = [], []
    for s, (w1, w2) in enumerate(rng.uniform(low, high, (starts, 2))):
        start = (w1, w2)
        for step in range(steps + 1):
            rows.append((s, step, w1, w2, float(_surface_error(w1, w2, x, t))))
            g1, g2 = _surface_gradient(w1, w2, x, t)
            w1, w2 = w1 - learning_rate * g1, w2 - learning_rate * g2
        ends.append((s, *start, *rows[-1][2:]))
    paths = pd.DataFrame(rows, columns=["start", "step", "w1", "w2", "error"])
    ends = pd.DataFrame(ends, columns=["start", "w1_start", "w2_start", "w1", "w2", "error"])
    # The valley of each end: the minimum that an exact minimiser reaches from it (a descent may
    # still be crawling over a flat stretch); minima closer than a twentieth of the range are one.
    centres, reached = [], []
    for w1, w2 in ends[["w1", "w2"]].itertuples(index=False):
        fit = minimize(lambda w: float(_surface_error(w[0], w[1], x, t)), [w1, w2],
                       jac=lambda w: np.array(_surface_gradient(w[0], w[1], x, t)), method="BFGS",
                       options=dict(gtol=1e-10, maxiter=10_000))
        near = [c for c in centres if np.hypot(*(fit.x - c[:2])) < (high - low) / 20]
        if not near:
            centres.append((*fit.x, float(fit.fun)))
        reached.append(fit.x)
    centres.sort(key=lambda c: c[2])
    ends["valley"] = [int(np.argmin([np.hypot(*(r - c[:2])) for c in centres])) for r in reached]
    minima = pd.DataFrame([(v, *c) for v, c in enumerate(centres)], columns=["valley", "w1", "w2", "error"])
    return ErrorSurface(axis, axis.copy(), error, paths, minima, ends, (x, t))


# --- 4. The output table --------------------------------------------------------------------

error_surface._parameter_constraints = _surface_constraints()


def _preparation_constraints():
    from .estimator import NeuralNetworkClassifier
    from .spec import BOOLEAN, COUNT, N_JOBS, NONE, SEED, ListOf, Options

    clf = NeuralNetworkClassifier._parameter_constraints
    return {**{name: (NONE, ListOf(Options(*allowed), distinct=True)) for name, allowed in PREPARATION_CHOICES.items()},
            "restarts": COUNT, "epochs": clf["epochs"], "hidden_nodes": clf["hidden_nodes"],
            "learning_rate": clf["learning_rate"], "random_state": SEED, "n_jobs": N_JOBS, "progress": BOOLEAN}


preparation_experiment._parameter_constraints = _preparation_constraints()


def output_table(classifier, X, y=None, rows=None, labels=(5, 0, 9)):
    """The output nodes' values for chosen examples, with the label, the answer and its confidence.

    Parameters
    ----------
    classifier : NeuralNetworkClassifier
        A fitted classifier.
    X : array-like of shape (n_samples, n_features)
    y : array-like, optional
        The true labels (needed to pick examples by ``labels``).
    rows : sequence of int, optional
        Rows of ``X`` to show (0-based). By default the first example of each of ``labels``.
    labels : sequence, default=(5, 0, 9)
        The course's slide shows a "5", a "0" and a "9".

    Returns
    -------
    pandas.DataFrame
        One row per example: ``row``, ``label`` (when ``y`` is given), ``answer`` (the class of
        the largest output), ``confidence`` (the largest output's share of the sum of outputs),
        ``margin`` (largest minus second largest output), then one column per class with its
        output node's value.
    """
    from sklearn.utils.validation import check_is_fitted

    check_is_fitted(classifier, "network_")
    X = np.asarray(X)
    y = None if y is None else np.asarray(y)
    if y is not None and len(y) != len(X):
        raise BadArgumentError(f"y must have one label per row of X: {len(y)} labels for {len(X)} rows")
    if rows is None:
        if y is None:
            raise BadArgumentError("give rows=, or y= to pick the first example of each of labels=")
        rows = []
        for label in labels:
            found = np.flatnonzero(y == label)
            if not len(found):
                raise BadArgumentError(f"no example has label {label!r}")
            rows.append(int(found[0]))
    rows = [int(r) for r in np.atleast_1d(rows)]
    if not rows or any(r < 0 or r >= len(X) for r in rows):
        raise BadArgumentError(f"rows must be between 0 and {len(X) - 1}, got {rows}")
    out = classifier.outputs(X[rows])
    top = np.sort(out, axis=1)
    table = pd.DataFrame({"row": rows})
    if y is not None:
        table["label"] = y[rows]
    table["answer"] = classifier.classes_[out.argmax(axis=1)]
    table["confidence"] = top[:, -1] / out.sum(axis=1)
    table["margin"] = top[:, -1] - top[:, -2] if out.shape[1] > 1 else top[:, -1]
    for c, name in enumerate(classifier.classes_):
        table[str(name)] = out[:, c]
    return table


__all__ = ["PREPARATION_CHOICES", "SATURATED", "SURFACE_DATA", "prepare_inputs", "encode_targets", "draw_weights",
           "preparation_experiment", "summarise_preparation", "gradient_check", "ErrorSurface", "error_surface",
           "output_table"]
