"""Figures and animations of the course (matplotlib, without pyplot's global state)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from matplotlib.figure import Figure

from ._validation import as_float_matrix, as_labels

_CLASS_STYLE = [dict(color="#1f77b4", marker="o"), dict(color="#d62728", marker="^")]


def _axes(ax, size=(6, 5)):
    if ax is not None:
        return ax.figure, ax
    fig = Figure(figsize=size, layout="constrained")
    return fig, fig.add_subplot()


def _scatter(ax, clf, X, y):
    X = as_float_matrix(X, "X", n_columns=2)
    y = as_labels(y, "y", X.shape[0])
    for style, cls in zip(_CLASS_STYLE, (clf.above_class_, clf.below_class_)):
        mask = y == cls
        side = "above" if cls == clf.above_class_ else "below"
        ax.scatter(X[mask, 0], X[mask, 1], s=22, alpha=0.8, label=f"{cls} ({side})", **style)
    names = getattr(clf, "feature_names_in_", ["x", "y"])
    ax.set_xlabel(str(names[0]))
    ax.set_ylabel(str(names[1]))
    return X


def _line(ax, slope, xmax, **kw):
    xs = np.array([0.0, xmax])
    return ax.plot(xs, slope * xs, **kw)[0]


def plot_slope_fit(clf, X, y, ax=None):
    """The two classes with the dividing line: initial (dashed), after each epoch (faint), final.

    Parameters
    ----------
    clf : SlopeClassifier
        A fitted classifier.
    X, y : array-like
        The points and labels to draw (usually the training data).
    ax : matplotlib Axes, optional
        Where to draw; a new figure when omitted.

    Returns
    -------
    matplotlib.figure.Figure

    Examples
    --------
    >>> from gentlenn import SlopeClassifier, iris_two_class
    >>> d = iris_two_class()
    >>> clf = SlopeClassifier(random_state=42, epochs=3).fit(d.iloc[:, :2], d.species)
    >>> fig = plot_slope_fit(clf, d.iloc[:, :2], d.species)
    >>> fig.savefig("iris_line.png")  # doctest: +SKIP
    """
    fig, ax = _axes(ax)
    X = _scatter(ax, clf, X, y)
    xmax = float(X[:, 0].max()) * 1.1
    h = clf.history_
    _line(ax, clf.initial_slope_, xmax, color="grey", ls="--", label=f"initial A = {clf.initial_slope_:.3f}")
    ends = h.groupby("epoch")["slope"].last().to_numpy()[:-1]
    for k, s in enumerate(ends):
        _line(ax, s, xmax, color="green", alpha=0.25, lw=1, label="after each epoch" if k == 0 else None)
    _line(ax, clf.slope_, xmax, color="black", lw=2, label=f"final A = {clf.slope_:.3f}")
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, float(X[:, 1].max()) * 1.1)
    ax.set_title(f"y = A x, learning rate {clf.learning_rate}, {int(h.epoch.max())} epoch(s)")
    ax.legend(fontsize="small", loc="upper left")
    return fig


def plot_slope_trajectory(clf, ax=None):
    """The slope before training and after every update, with epoch boundaries."""
    fig, ax = _axes(ax, size=(7, 3.5))
    slopes = clf.slopes_
    ax.plot(np.arange(len(slopes)), slopes, color="black", lw=1)
    h = clf.history_
    for step in h.groupby("epoch")["step"].last().to_numpy()[:-1]:
        ax.axvline(step, color="grey", lw=0.5, ls=":")
    ax.set_xlabel("update")
    ax.set_ylabel("slope A")
    ax.set_title("The slope as it learns")
    return fig


def plot_learning_rate_study(table, ax=None):
    """Accuracy and final slope against the learning rate (log scale), one point per seed.

    Parameters
    ----------
    table : pandas.DataFrame
        The output of :func:`gentlenn.slope_learning_rate_study`.
    """
    if ax is None:
        fig = Figure(figsize=(9, 3.8), layout="constrained")
        axes = fig.subplots(1, 2)
    else:
        fig, axes = ax[0].figure, ax
    for a, col, label in ((axes[0], "accuracy", "training accuracy"), (axes[1], "final_slope", "final slope")):
        a.scatter(table["learning_rate"], table[col], s=14, alpha=0.5, color="#1f77b4")
        means = table.groupby("learning_rate")[col].mean()
        a.plot(means.index, means.to_numpy(), color="black", lw=1.5, label="mean over seeds")
        a.set_xscale("log")
        a.set_xlabel("learning rate")
        a.set_ylabel(label)
        a.legend(fontsize="small")
    fig.suptitle("Slope classifier: effect of the learning rate")
    return fig


def animate_slope(clf, X, y, path, fps=8, max_frames=120):
    """Write a GIF of the line moving as it learns (one frame per update, thinned to ``max_frames``).

    Returns the path written.

    Examples
    --------
    >>> from gentlenn import SlopeClassifier, iris_two_class
    >>> d = iris_two_class()
    >>> clf = SlopeClassifier(random_state=42).fit(d.iloc[:, :2], d.species)
    >>> animate_slope(clf, d.iloc[:, :2], d.species, "iris_line.gif")  # doctest: +SKIP
    PosixPath('iris_line.gif')
    """
    from matplotlib.animation import FuncAnimation, PillowWriter

    path = Path(path)
    fig, ax = _axes(None)
    X = _scatter(ax, clf, X, y)
    xmax = float(X[:, 0].max()) * 1.1
    ax.set_xlim(0, xmax)
    ax.set_ylim(0, float(X[:, 1].max()) * 1.1)
    ax.legend(fontsize="small", loc="upper left")
    slopes = clf.slopes_
    frames = np.unique(np.linspace(0, len(slopes) - 1, min(max_frames, len(slopes))).round().astype(int))
    line = _line(ax, slopes[0], xmax, color="black", lw=2)
    title = ax.set_title("")
    h = clf.history_

    def draw(k):
        line.set_ydata([0.0, slopes[k] * xmax])
        epoch = 1 if k == 0 else int(h.epoch.iloc[k - 1])
        title.set_text(f"update {k} of {len(slopes) - 1} (epoch {epoch}): A = {slopes[k]:.3f}")
        return line, title

    anim = FuncAnimation(fig, draw, frames=frames, blit=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    anim.save(path, writer=PillowWriter(fps=fps))
    return path


_AXIS_LABELS = {"learning_rate": "learning rate", "hidden_nodes": "hidden nodes", "epochs": "epochs",
                "rotation_angle": "rotation angle (degrees)"}


def plot_experiment(table, ax=None):
    """The book's chart: test accuracy against the varied setting, each restart as a point and
    the mean as a line with the spread (min to max) shaded.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`gentlenn.experiments.experiment` (first column: the varied setting).
    """
    fig, ax = _axes(ax, size=(6, 4))
    vary = table.columns[0]
    stats = table.groupby(vary)["accuracy"].agg(["mean", "min", "max"])
    ax.scatter(table[vary], table["accuracy"], s=16, alpha=0.5, color="#1f77b4", label="each restart")
    ax.plot(stats.index, stats["mean"], color="black", marker="o", label="mean")
    ax.fill_between(stats.index, stats["min"], stats["max"], color="grey", alpha=0.2, label="spread")
    ax.set_xlabel(_AXIS_LABELS.get(vary, vary))
    ax.set_ylabel("test accuracy (performance)")
    ax.set_title(f"Performance against {_AXIS_LABELS.get(vary, vary)}")
    ax.legend(fontsize="small")
    return fig


def plot_confusion(confusion, ax=None):
    """A confusion matrix (counts; true labels down, predictions across) as a heat map."""
    fig, ax = _axes(ax, size=(5.5, 5))
    m = confusion.to_numpy()
    ax.imshow(m, cmap="Blues")
    for (i, j), v in np.ndenumerate(m):
        ax.text(j, i, str(v), ha="center", va="center", fontsize=7,
                color="white" if v > m.max() / 2 else "black")
    ax.set_xticks(range(m.shape[1]), [str(c) for c in confusion.columns])
    ax.set_yticks(range(m.shape[0]), [str(c) for c in confusion.index])
    ax.set_xlabel("predicted")
    ax.set_ylabel("true label")
    ax.set_title(f"Confusion matrix: {np.trace(m)} of {m.sum()} right")
    return fig


def plot_digit_grid(images, titles=None, ncols=5, cmap="Greys"):
    """Images (n, side, side) or flattened square rows in a grid, with optional titles."""
    images = np.asarray(images, dtype=float)
    if images.ndim == 2:
        side = int(round(np.sqrt(images.shape[1])))
        images = images.reshape(-1, side, side)
    n = len(images)
    nrows = max(1, int(np.ceil(n / ncols)))
    fig = Figure(figsize=(1.6 * ncols, 1.8 * nrows), layout="constrained")
    axes = np.atleast_1d(fig.subplots(nrows, ncols)).ravel()
    for k, ax in enumerate(axes):
        ax.set_axis_off()
        if k < n:
            ax.imshow(images[k], cmap=cmap)
            if titles is not None:
                ax.set_title(str(titles[k]), fontsize=9)
    return fig


def plot_backquery_grid(images, labels=None):
    """What the network imagines for each label (from :func:`gentlenn.experiments.backquery_images`):
    a grid of pictures for square inputs (n, side, side), else one bar chart per label (n, n_inputs)."""
    images = np.asarray(images, dtype=float)
    labels = list(range(len(images)) if labels is None else labels)
    if images.ndim == 3:
        fig = plot_digit_grid(images, [f"label {l}" for l in labels])
    else:
        n, n_inputs = images.shape
        ncols = min(n, 5)
        nrows = int(np.ceil(n / ncols))
        fig = Figure(figsize=(2.4 * ncols, 1.9 * nrows), layout="constrained")
        axes = np.atleast_1d(fig.subplots(nrows, ncols, sharey=True)).ravel()
        for k, ax in enumerate(axes):
            if k >= n:
                ax.set_axis_off()
                continue
            ax.bar(np.arange(1, n_inputs + 1), images[k], color="0.3")
            ax.set_title(f"label {labels[k]}", fontsize=9)
            ax.set_ylim(0, 1)
            ax.set_xlabel("input", fontsize=8)
    fig.suptitle("Backquery: the network's idea of each label")
    return fig


def plot_misclassified(X_test, misclassified, most=20):
    """The first ``most`` misclassified test images with their true and predicted labels."""
    rows = misclassified.head(most)
    X_test = np.asarray(X_test)
    titles = [f"{l} seen as {p}" for l, p in zip(rows["label"], rows["predicted"])]
    fig = plot_digit_grid(X_test[rows["index"].to_numpy()], titles)
    fig.suptitle("Misclassified test digits (true label seen as prediction)")
    return fig


def plot_history(history, ax=None):
    """Accuracy on the held-out data (``val_accuracy``) after each epoch."""
    fig, ax = _axes(ax, size=(5, 3.5))
    ax.plot(history["epoch"], history["val_accuracy"], marker="o", color="black")
    ax.set_xlabel("epoch")
    ax.set_ylabel("accuracy on held-out data")
    ax.set_title("Accuracy after each epoch")
    return fig


__all__ = ["plot_slope_fit", "plot_slope_trajectory", "plot_learning_rate_study", "animate_slope", "plot_experiment",
           "plot_confusion", "plot_digit_grid", "plot_backquery_grid", "plot_misclassified", "plot_history"]
