"""Small fits: gentlenn against nnet and scikit-learn on iris and wine, in one run, on this machine.

    .venv/bin/python benchmarks/bench_small.py             # make bench-small; about a minute
    .venv/bin/python benchmarks/bench_small.py --repeats 5 # fewer repeats, a quicker look

For each data set (iris: 150 rows, 4 columns, 3 classes; wine: 178 rows, 13 columns, 3 classes, both
as scikit-learn ships them, each column standardised once, to mean 0 and standard deviation 1, and
written to CSV so that R reads the same numbers):

- Python: ``NeuralNetworkClassifier(epochs=30).fit`` against scikit-learn's ``MLPClassifier`` with its
  defaults (adam, 100 relu nodes, at most 200 iterations, as a user would call it);
- R: ``network_classifier(class ~ ., data, epochs = 30)`` against ``nnet::nnet(class ~ ., data,
  size = 10, maxit = 200)``, both timed inside one R process (Rscript, Python already started).

Every time is the median of ``--repeats`` calls after one warm-up call (which loads the numba
kernels and starts Python in R); ratios divide two medians measured in the same run. Training
accuracy is shown beside each time, so a fast fit that learns nothing shows. Standardised columns
are what nnet and MLPClassifier need (on raw wine, whose columns run from 0.1 to 1680, nnet stops
after a few milliseconds at 0.40 training accuracy); gentlenn maps each column onto 0.01..1.00
itself either way. Writes benchmarks/results/small.csv and small.md (the table for the README).

Goals (issue 21): the R call at most 1.5x nnet's time, Python's fit at most 1x MLPClassifier's.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.datasets import load_iris, load_wine
from sklearn.exceptions import ConvergenceWarning
from sklearn.neural_network import MLPClassifier

import gentlenn
from gentlenn import NeuralNetworkClassifier

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
EPOCHS = 30
NNET = dict(size=10, maxit=200)
GOALS = {"R": 1.5, "Python": 1.0}

R_SCRIPT = r"""
suppressMessages({library(gentlenn); library(nnet)})
a <- commandArgs(TRUE)
s <- jsonlite::fromJSON(a[1])
timed <- function(f) {  # Sys.time() has microseconds; system.time() only milliseconds
  f()  # warm-up
  median(vapply(seq_len(s$repeats), function(i) {
    start <- Sys.time()
    f()
    as.numeric(difftime(Sys.time(), start, units = "secs"))
  }, 0))
}
out <- list()
for (name in names(s$files)) {
  d <- read.csv(s$files[[name]])
  d$class <- factor(d$class)
  fit <- network_classifier(class ~ ., data = d, epochs = s$epochs, seed = 1)
  t_g <- timed(function() network_classifier(class ~ ., data = d, epochs = s$epochs, seed = 1))
  # the same fit through reticulate alone: what the R call adds is the rest
  core <- reticulate::import("gentlenn", convert = FALSE)
  x <- as.matrix(d[setdiff(names(d), "class")])
  labels <- as.character(d$class)
  t_py <- timed(function() {
    core$NeuralNetworkClassifier(epochs = as.integer(s$epochs), random_state = 1L)$fit(x, labels)
  })
  set.seed(1)
  nn <- nnet(class ~ ., data = d, size = s$size, maxit = s$maxit, trace = FALSE)
  t_n <- timed(function() nnet(class ~ ., data = d, size = s$size, maxit = s$maxit, trace = FALSE))
  out[[name]] <- list(gentlenn = t_g, nnet = t_n, python_fit = t_py,
                      gentlenn_accuracy = mean(predict(fit) == d$class),
                      nnet_accuracy = mean(predict(nn, d, type = "class") == d$class))
}
cat("RESULT", jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), "\n")
"""


def data_sets():
    """iris and wine as scikit-learn ships them (iris equals R's datasets::iris in every row), each
    column standardised."""
    out = {}
    for name, load in [("iris", load_iris), ("wine", load_wine)]:
        X, y = load(return_X_y=True)
        out[name] = ((X - X.mean(axis=0)) / X.std(axis=0), y)
    return out


def median_time(fit, repeats):
    """Median seconds of ``fit()`` over ``repeats`` calls, after one warm-up call."""
    fit()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        fit()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def python_times(X, y, repeats):
    """Seconds and training accuracy of gentlenn's fit and of MLPClassifier with its defaults."""
    ours = lambda: NeuralNetworkClassifier(epochs=EPOCHS, random_state=1).fit(X, y)  # noqa: E731
    mlp = lambda: MLPClassifier(random_state=1).fit(X, y)  # noqa: E731
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)  # MLPClassifier stops at its 200 iterations
        return {name: (median_time(f, repeats), f().score(X, y)) for name, f in [("gentlenn", ours), ("mlp", mlp)]}


def r_times(sets, repeats):
    """The R half, in one Rscript (so Python starts once): ``{name: {gentlenn, nnet, ..._accuracy}}``."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise SystemExit("Rscript not found: the R half of the benchmark needs R (make setup)")
    with tempfile.TemporaryDirectory(prefix="gentlenn-bench-") as tmp:
        files = {}
        for name, (X, y) in sets.items():
            frame = pd.DataFrame(X, columns=[f"x{i + 1}" for i in range(X.shape[1])]).assign(class_=y)
            files[name] = str(Path(tmp) / f"{name}.csv")
            frame.rename(columns={"class_": "class"}).to_csv(files[name], index=False, float_format="%.17g")
        env = dict(os.environ, RETICULATE_PYTHON=sys.executable)
        env.setdefault("R_LIBS", str(ROOT / ".rlib"))
        settings = dict(files=files, repeats=repeats, epochs=EPOCHS, **NNET)
        out = subprocess.run([rscript, "-e", R_SCRIPT, json.dumps(settings)], capture_output=True, text=True,
                             env=env, check=False)
    line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
    if out.returncode or not line:
        raise SystemExit(f"the R half failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(line[0][len("RESULT "):])


def table(sets, repeats):
    rows = []
    r = r_times(sets, repeats)
    for name, (X, y) in sets.items():
        p = python_times(X, y, repeats)
        rows.append(dict(data=name, language="Python", gentlenn_ms=1000 * p["gentlenn"][0],
                         reference="MLPClassifier()", reference_ms=1000 * p["mlp"][0],
                         ratio=p["gentlenn"][0] / p["mlp"][0], goal=GOALS["Python"],
                         gentlenn_accuracy=p["gentlenn"][1], reference_accuracy=p["mlp"][1]))
        rows.append(dict(data=name, language="R", gentlenn_ms=1000 * r[name]["gentlenn"],
                         reference="nnet(size = 10, maxit = 200)", reference_ms=1000 * r[name]["nnet"],
                         ratio=r[name]["gentlenn"] / r[name]["nnet"], goal=GOALS["R"],
                         gentlenn_accuracy=r[name]["gentlenn_accuracy"], reference_accuracy=r[name]["nnet_accuracy"],
                         python_fit_ms=1000 * r[name]["python_fit"]))
    return pd.DataFrame(rows)


def markdown(t, repeats):
    lines = [f"gentlenn {gentlenn.__version__}, {EPOCHS} epochs; medians of {repeats} calls after a warm-up; "
             f"{os.cpu_count()} cores ({platform.processor() or platform.machine()}); training accuracy in brackets.",
             "", "| data | from | gentlenn (ms) | against | its time (ms) | ratio | goal |",
             "|---|---|---|---|---|---|---|"]
    for row in t.itertuples():
        goal = "" if np.isnan(row.goal) else f"<= {row.goal:g}x: {'met' if row.ratio <= row.goal else 'not met'}"
        lines.append(f"| {row.data} | {row.language} | {row.gentlenn_ms:.1f} ({row.gentlenn_accuracy:.2f}) | "
                     f"{row.reference} | {row.reference_ms:.1f} ({row.reference_accuracy:.2f}) | "
                     f"{row.ratio:.2f}x | {goal} |")
    lines.append("")
    for row in t[t.language == "R"].itertuples():
        rest = row.gentlenn_ms - row.python_fit_ms
        lines.append(f"R, {row.data}: of the call's {row.gentlenn_ms:.1f} ms, the Python fit (called from R through "
                     f"reticulate) takes {row.python_fit_ms:.1f} ms; the rest, {rest:.1f} ms, is R's side (checks, "
                     "model frame, converting the fit back).")
    return "\n".join(lines)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=15, help="calls per median (default 15)")
    parser.add_argument("--no-save", action="store_true", help="print only; do not write benchmarks/results/")
    args = parser.parse_args(argv)
    t = table(data_sets(), args.repeats)
    text = markdown(t, args.repeats)
    print(text)
    if not args.no_save:
        (HERE / "results").mkdir(exist_ok=True)
        t.to_csv(HERE / "results" / "small.csv", index=False)
        (HERE / "results" / "small.md").write_text(text + "\n")
    for language, reference in [("Python", "MLPClassifier"), ("R", "nnet")]:
        worst = t.ratio[t.language == language].max()
        print(f"goal {language}: at most {GOALS[language]:g}x {reference}'s time: "
              f"{'met' if worst <= GOALS[language] else 'not met'} (worst {worst:.2f}x)")
    return t


if __name__ == "__main__":
    main()
