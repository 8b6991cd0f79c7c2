"""The ``gentlenn`` command: the course's runs, writing tables (CSV) and figures (PNG/GIF)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd

from . import __version__
from .datasets import IRIS_FEATURES, iris_two_class, load_bugs
from .slope import SlopeClassifier, slope_learning_rate_study


def _save(fig, path):
    fig.savefig(path, dpi=110)
    return path


def _iris_run(args, out):
    from .plotting import animate_slope, plot_slope_fit, plot_slope_trajectory

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
        animate_slope(clf, X, y, out / "iris_line.gif"),
    ]
    print(f"iris ({args.x} vs {args.y}), learning rate {args.learning_rate}, {args.epochs} epochs, "
          f"seed {args.seed}: initial slope {clf.initial_slope_:.6f}, final slope {clf.slope_:.6f}, "
          f"accuracy {clf.score(X, y):.4f}")
    return files


def _write_csv(df, path):
    df.to_csv(path, index=False, float_format="%.17g")
    return path


def cmd_slope(args):
    out = _outdir(args.out)
    files = _iris_run(args, out)
    _report(files)


def cmd_slope_study(args):
    _report(_study(args, _outdir(args.out)))


def _study(args, out):
    from .plotting import plot_learning_rate_study

    d = iris_two_class(args.x, args.y)
    table = slope_learning_rate_study(d[[args.x, args.y]], d["species"], args.learning_rates,
                                      list(range(args.first_seed, args.first_seed + args.seeds)),
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
    args.learning_rates, args.seeds, args.first_seed = [0.01, 0.03, 0.1, 0.3, 1.0], 10, 1
    print()
    files += _study(args, out)
    _report(files)


def _outdir(path):
    out = Path(path)
    out.mkdir(parents=True, exist_ok=True)
    return out


def _report(files):
    print("\nwrote:")
    for f in files:
        print(f"  {f}")


def _iris_options(p):
    p.add_argument("--x", default="sepal_length", choices=IRIS_FEATURES, help="horizontal feature")
    p.add_argument("--y", default="sepal_width", choices=IRIS_FEATURES, help="vertical feature")
    p.add_argument("--learning-rate", type=float, default=0.5, help="moderation L (default 0.5)")
    p.add_argument("--epochs", type=int, default=5, help="passes over the data (default 5)")
    p.add_argument("--margin", type=float, default=0.1, help="target distance beyond each point")
    p.add_argument("--no-shuffle", action="store_true", help="keep the data's order every epoch")
    p.add_argument("--seed", type=int, default=42, help="seed of the random initial slope")
    p.add_argument("--out", default="out", help="output folder (default out/)")


def build_parser():
    parser = argparse.ArgumentParser(prog="gentlenn", description=__doc__)
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
    p.add_argument("--learning-rates", type=float, nargs="+", default=[0.01, 0.03, 0.1, 0.3, 1.0])
    p.add_argument("--seeds", type=int, default=10, help="number of seeds (default 10)")
    p.add_argument("--first-seed", type=int, default=1)
    p.set_defaults(func=cmd_slope_study)
    return parser


def main(argv=None):
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        args.func(args)
    except ValueError as exc:
        parser.exit(2, f"gentlenn {args.command}: error: {exc}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
