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
