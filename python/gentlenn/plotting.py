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


def plot_preparation(table):
    """The data-preparation lesson in three panels: test accuracy per preparation (last epoch,
    mean over restarts), the share of saturated hidden outputs, and the mean output weight size
    after each epoch (0/1 targets against the book's 0.01/0.99).

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`gentlenn.lessons.preparation_experiment`.
    """
    from .lessons import summarise_preparation

    summary = summarise_preparation(table).iloc[::-1]
    names = [f"{i} / {t} / {w}" for i, t, w in summary[["inputs", "targets", "weights"]].itertuples(index=False)]
    fig = Figure(figsize=(13, 0.28 * len(names) + 2.2), layout="constrained")
    ax_acc, ax_sat, ax_w = fig.subplots(1, 3, gridspec_kw=dict(width_ratios=[1.3, 1, 1]))
    y = np.arange(len(names))
    ax_acc.barh(y, summary["accuracy"], color="#1f77b4")
    ax_acc.set_yticks(y, names, fontsize=8)
    ax_acc.set_xlim(0, 1)
    ax_acc.set_xlabel("test accuracy")
    ax_acc.set_title("inputs / targets / initial weights")
    ax_sat.barh(y, summary["saturated"], color="#d62728")
    ax_sat.set_yticks(y, [])
    ax_sat.set_xlim(0, 1)
    ax_sat.set_xlabel("share of saturated hidden outputs")
    ax_sat.set_title("on the sigmoid's flat tails")
    book_way = table[(table.inputs == "book") & (table.weights == "book")]
    shown = book_way if len(book_way) else table
    per_epoch = shown.groupby(["targets", "epoch"])["mean_abs_who"].mean().unstack(0)
    for targets, style in zip(per_epoch.columns, ("-", "--")):
        ax_w.plot(per_epoch.index, per_epoch[targets], style, marker="o", color="black",
                  label={"book": "targets 0.01/0.99", "zero_one": "targets 0/1"}.get(targets, targets))
    ax_w.set_xlabel("epoch")
    ax_w.set_ylabel("mean |weight|, hidden to output")
    ax_w.set_title("Output weights" + (" (book inputs and weights)" if len(book_way) else ""))
    ax_w.legend(fontsize="small")
    fig.suptitle("Preparing the data: inputs, targets and initial weights")
    return fig


_VALLEY_COLOURS = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e"]


def plot_error_surface(surface):
    """The error surface of the two free weights: a contour map with each gradient-descent path
    (coloured by the valley it leads to) beside a 3-D view.

    Parameters
    ----------
    surface : gentlenn.lessons.ErrorSurface
    """
    fig = Figure(figsize=(12, 5.2), layout="constrained")
    ax = fig.add_subplot(1, 2, 1)
    W1, W2 = np.meshgrid(surface.w1, surface.w2, indexing="ij")
    levels = np.quantile(surface.error, np.linspace(0, 1, 25))
    ax.contourf(W1, W2, surface.error, levels=np.unique(levels), cmap="viridis")
    ax.contour(W1, W2, surface.error, levels=np.unique(levels), colors="white", linewidths=0.3)
    for (start, path), valley in zip(surface.paths.groupby("start"), surface.ends.valley):
        colour = _VALLEY_COLOURS[valley % len(_VALLEY_COLOURS)]
        ax.plot(path.w1, path.w2, color=colour, lw=1.8)
        ax.plot(path.w1.iloc[0], path.w2.iloc[0], "o", color=colour, mec="white")
        ax.plot(path.w1.iloc[-1], path.w2.iloc[-1], "X", color=colour, mec="white", ms=9)
    for v in surface.minima.itertuples():
        ax.annotate(f"valley {v.valley}: E = {v.error:.3f}", (v.w1, v.w2), xytext=(6, 6),
                    textcoords="offset points", color="white", fontsize=8)
    ax.set_xlabel("w1 (input to hidden)")
    ax.set_ylabel("w2 (hidden to output)")
    ax.set_title("Error surface and gradient descent from random starts")
    ax3 = fig.add_subplot(1, 2, 2, projection="3d")
    ax3.plot_surface(W1, W2, surface.error, cmap="viridis", linewidth=0, alpha=0.85)
    for (start, path), valley in zip(surface.paths.groupby("start"), surface.ends.valley):
        ax3.plot(path.w1, path.w2, path.error, color=_VALLEY_COLOURS[valley % len(_VALLEY_COLOURS)], lw=2)
    ax3.set_xlabel("w1")
    ax3.set_ylabel("w2")
    ax3.set_zlabel("E")
    ax3.view_init(elev=35, azim=-60)
    return fig


def animate_error_surface(surface, path, fps=12, max_frames=60):
    """Write a GIF of the descents moving over the contour map, all starts at once. Returns the path."""
    from matplotlib.animation import FuncAnimation, PillowWriter

    path = Path(path)
    fig, ax = _axes(None, size=(6, 5))
    W1, W2 = np.meshgrid(surface.w1, surface.w2, indexing="ij")
    ax.contourf(W1, W2, surface.error, levels=np.unique(np.quantile(surface.error, np.linspace(0, 1, 25))),
                cmap="viridis")
    ax.set_xlabel("w1 (input to hidden)")
    ax.set_ylabel("w2 (hidden to output)")
    groups = [p for _, p in surface.paths.groupby("start")]
    colours = [_VALLEY_COLOURS[v % len(_VALLEY_COLOURS)] for v in surface.ends.valley]
    lines = [ax.plot([], [], color=c, lw=1.8)[0] for c in colours]
    heads = [ax.plot([], [], "o", color=c, mec="white")[0] for c in colours]
    n_steps = int(surface.paths.step.max())
    # early steps move fastest: space the frames evenly in sqrt(step)
    frames = np.unique((np.linspace(0, 1, max_frames) ** 2 * n_steps).round().astype(int))
    title = ax.set_title("")

    def draw(k):
        for line, head, p in zip(lines, heads, groups):
            line.set_data(p.w1.iloc[: k + 1], p.w2.iloc[: k + 1])
            head.set_data([p.w1.iloc[k]], [p.w2.iloc[k]])
        title.set_text(f"gradient descent, step {k} of {n_steps}")
        return (*lines, *heads, title)

    anim = FuncAnimation(fig, draw, frames=frames, blit=False)
    path.parent.mkdir(parents=True, exist_ok=True)
    anim.save(path, writer=PillowWriter(fps=fps))
    return path


def plot_output_table(table):
    """The course's output table as bar charts: the ten output values of each chosen example,
    the answer's bar dark, titled with the label, the answer and its confidence.

    Parameters
    ----------
    table : pandas.DataFrame
        From :func:`gentlenn.lessons.output_table`.
    """
    fixed = {"row", "label", "answer", "confidence", "margin"}
    classes = [c for c in table.columns if c not in fixed]
    n = len(table)
    fig = Figure(figsize=(3.6 * n, 3.2), layout="constrained")
    axes = np.atleast_1d(fig.subplots(1, n, sharey=True))
    for i, ax in enumerate(axes):
        values = table[classes].iloc[i].to_numpy(dtype=float)
        answer = table["answer"].iloc[i]
        colours = ["0.15" if c == str(answer) else "0.75" for c in classes]
        ax.bar(range(len(classes)), values, color=colours)
        ax.set_xticks(range(len(classes)), classes)
        ax.set_ylim(0, 1)
        label = f"label {table['label'].iloc[i]}: " if "label" in table else ""
        ax.set_title(f"{label}answer {answer} (confidence {table['confidence'].iloc[i]:.0%})", fontsize=10)
        ax.set_xlabel("output node")
    axes[0].set_ylabel("output value")
    fig.suptitle("The network's outputs for chosen test examples")
    return fig


__all__ = ["plot_slope_fit", "plot_slope_trajectory", "plot_learning_rate_study", "animate_slope", "plot_experiment",
           "plot_confusion", "plot_digit_grid", "plot_backquery_grid", "plot_misclassified", "plot_history",
           "plot_preparation", "plot_error_surface", "animate_error_surface", "plot_output_table"]
