"""Speed and memory of gentlenn's training paths, as ratios against the book-style loop, in one run.

    .venv/bin/python benchmarks/bench_training.py            # Fashion-MNIST if installed, else the sample
    .venv/bin/python benchmarks/bench_training.py --quick    # a smoke run on a small subset

Every per-example run trains 784-200-10 (learning rate 0.1) for one epoch from the same initial
weights in the same order; times are medians of --repeats runs (training only, numba compiled
beforehand). The table goes to stdout and to benchmarks/results/latest.csv.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np
import pandas as pd
from scipy.special import expit
from threadpoolctl import threadpool_limits

import gentlenn
from gentlenn.book import one_hot_targets, scale_inputs
from gentlenn.estimator import NeuralNetworkClassifier
from gentlenn.data import load_mnist
from gentlenn.network import NeuralNetwork, train_epoch

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TARGET_ACCURACY = 0.85


def book_style_epoch(wih, who, X, T, order, lr):
    """The book's train(), example by example: 2-D column arrays, numpy.dot, outer products."""
    for i in order:
        inputs = np.array(X[i], ndmin=2).T
        targets = np.array(T[i], ndmin=2).T
        hidden_outputs = expit(np.dot(wih, inputs))
        final_outputs = expit(np.dot(who, hidden_outputs))
        output_errors = targets - final_outputs
        hidden_errors = np.dot(who.T, output_errors)
        who += lr * np.dot(output_errors * final_outputs * (1.0 - final_outputs), hidden_outputs.T)
        wih += lr * np.dot(hidden_errors * hidden_outputs * (1.0 - hidden_outputs), inputs.T)


def accuracy(wih, who, Xs_test, y_test):
    out = expit(expit(Xs_test @ wih.T) @ who.T)
    return float(np.mean(out.argmax(axis=1) == y_test))


def timed(fn, repeats):
    times, result = [], None
    for _ in range(repeats):
        start = time.perf_counter()
        result = fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times), times, result


def per_example_runs(data, hidden, repeats, lr=0.1):
    Xs = scale_inputs(data.X_train)
    T = one_hot_targets(data.y_train, 10)
    Xs_test = scale_inputs(data.X_test)
    init = NeuralNetwork(784, hidden, 10, random_state=0)
    order = np.random.default_rng(0).permutation(len(Xs))
    rows, weights = [], {}

    def run(name, fn, dtype=np.float64, n_repeats=repeats, note=""):
        def once():
            wih, who = init.wih.astype(dtype), init.who.astype(dtype)
            fn(wih, who)
            return wih, who
        med, times, (wih, who) = timed(once, n_repeats)
        weights[name] = (wih, who)
        rows.append(dict(run=name, seconds=med, runs=len(times), spread=f"{min(times):.2f}-{max(times):.2f}",
                         test_accuracy=accuracy(wih.astype(np.float64), who.astype(np.float64), Xs_test,
                                                data.y_test), note=note))
        print(f"  {name:<28} {med:8.3f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})", flush=True)

    # compile the numba kernels outside the timings
    for m, dt in (("exact", np.float64), ("fast", np.float64), ("fast", np.float32)):
        train_epoch(init.wih.astype(dt), init.who.astype(dt), Xs[:50].astype(dt), T[:50].astype(dt),
                    np.arange(50), lr, "transpose", m)
    Xs32, T32 = Xs.astype(np.float32), T.astype(np.float32)
    run("book-style loop", lambda w, v: book_style_epoch(w, v, Xs, T, order, lr),
        note="the book's code as written (BLAS default threads)")

    def book_one_thread(w, v):
        with threadpool_limits(limits=1, user_api="blas"):
            book_style_epoch(w, v, Xs, T, order, lr)

    run("book-style loop, 1 BLAS thread", book_one_thread, note="the faster baseline: ratios use it")
    run("gentlenn reference step", lambda w, v: train_epoch(w, v, Xs, T, order, lr, method="reference"),
        n_repeats=1, note="readable numpy; what 'exact' must equal")
    run("gentlenn exact (float64)", lambda w, v: train_epoch(w, v, Xs, T, order, lr, method="exact"))
    run("gentlenn fast (float64)", lambda w, v: train_epoch(w, v, Xs, T, order, lr, method="fast"))
    run("gentlenn fast (float32)", lambda w, v: train_epoch(w, v, Xs32, T32, order, lr, method="fast"),
        dtype=np.float32)
    ref, exact = weights["gentlenn reference step"], weights["gentlenn exact (float64)"]
    identical = bool(np.array_equal(ref[0], exact[0]) and np.array_equal(ref[1], exact[1]))
    fast_diff = float(np.abs(weights["gentlenn fast (float64)"][0] - ref[0]).max())
    rows[3]["note"] = f"weights bit-identical to the reference step after the epoch: {identical}"
    rows[4]["note"] = f"max abs(w - w_reference) after the epoch: {fast_diff:.1e} (chaotic SGD)"
    return rows, identical


def sklearn_sgd_run(data, hidden, subset):
    from sklearn.neural_network import MLPClassifier

    Xs = scale_inputs(data.X_train[:subset])
    clf = MLPClassifier(hidden_layer_sizes=(hidden,), activation="logistic", solver="sgd", batch_size=1,
                        learning_rate_init=0.1, momentum=0.0, max_iter=1, shuffle=True, random_state=0)
    start = time.perf_counter()
    import warnings
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        clf.fit(Xs, data.y_train[:subset])
    seconds = (time.perf_counter() - start) * len(data.X_train) / subset
    print(f"  {'sklearn MLP sgd, batch 1':<28} {seconds:8.3f} s  (extrapolated from {subset} examples)", flush=True)
    return dict(run="sklearn MLP (logistic, sgd, batch 1)", seconds=seconds, runs=1, spread="",
                test_accuracy=float("nan"),
                note=f"one epoch extrapolated from a {subset}-example subset; inputs scaled as the book")


def time_to_accuracy(data, hidden, repeats, max_epochs):
    """Training seconds until the test accuracy first reaches TARGET_ACCURACY."""
    from sklearn.neural_network import MLPClassifier
    import warnings

    Xs, Xs_test = scale_inputs(data.X_train), scale_inputs(data.X_test)
    rows = []

    def gentlenn_minibatch():
        clf = NeuralNetworkClassifier(hidden_nodes=hidden, learning_rate=1.5, batch_size=64, epochs=max_epochs,
                                      dtype="float32", random_state=0)
        clf.fit(data.X_train, data.y_train, validation_data=(data.X_test, data.y_test))
        h = clf.history_
        hit = h.index[h.val_accuracy >= TARGET_ACCURACY]
        k = hit[0] if len(hit) else len(h) - 1
        return float(h.seconds.iloc[: k + 1].sum()), int(k + 1), float(h.val_accuracy.iloc[k])

    def sklearn_defaults():
        clf = MLPClassifier(hidden_layer_sizes=(hidden,), max_iter=1, warm_start=True, random_state=0)
        spent, acc = 0.0, 0.0
        for epoch in range(1, max_epochs + 1):
            start = time.perf_counter()
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                clf.fit(Xs, data.y_train)
            spent += time.perf_counter() - start
            acc = clf.score(Xs_test, data.y_test)
            if acc >= TARGET_ACCURACY:
                return spent, epoch, acc
        return spent, max_epochs, acc

    for name, fn, note in (
        ("gentlenn mini-batch", gentlenn_minibatch, "batch 64 (averaged), lr 1.5, float32"),
        ("sklearn MLP defaults", sklearn_defaults, "adam, relu, batch 200"),
    ):
        results = [fn() for _ in range(repeats)]
        med = statistics.median(r[0] for r in results)
        epochs, acc = results[0][1], results[0][2]
        reached = acc >= TARGET_ACCURACY
        print(f"  {name:<28} {med:8.3f} s to {'reach' if reached else 'NOT reach'} {TARGET_ACCURACY} "
              f"({epochs} epochs, accuracy {acc:.4f})", flush=True)
        rows.append(dict(run=f"{name}: time to {TARGET_ACCURACY}", seconds=med, runs=repeats,
                         spread=f"{min(r[0] for r in results):.2f}-{max(r[0] for r in results):.2f}",
                         test_accuracy=acc, note=f"{note}; {epochs} epoch(s); reached: {reached}"))
    return rows


def memory_run(data):
    """Peak memory allocated while fitting one epoch, against the data's size as float64."""
    X = np.asarray(data.X_train, dtype=np.float64)
    tracemalloc.start()
    tracemalloc.reset_peak()
    NeuralNetworkClassifier(hidden_nodes=200, learning_rate=0.1, epochs=1, method="fast", random_state=0).fit(
        X, data.y_train)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    ratio = (X.nbytes + peak) / X.nbytes
    print(f"  data {X.nbytes / 2**20:.0f} MiB as float64; fit allocated at most {peak / 2**20:.0f} MiB more; "
          f"data + peak = {ratio:.2f}x the data", flush=True)
    return dict(run="memory: data + peak during fit", seconds=float("nan"), runs=1, spread="",
                test_accuracy=float("nan"), note=f"{ratio:.2f}x the data as float64 (limit 3x)"), ratio


R_SCRIPT = r"""
suppressMessages(library(gentlenn))
d <- load_mnist(Sys.getenv("BENCH_SOURCE"))
invisible(network_classifier(d$x_train[1:100, ], d$y_train[1:100], hidden_nodes = 200, epochs = 1, method = "fast",
                             seed = 0))
n <- as.integer(Sys.getenv("BENCH_N"))
x <- d$x_train[seq_len(n), ]
y <- d$y_train[seq_len(n)]
for (i in seq_len(as.integer(Sys.getenv("BENCH_REPEATS")))) {
  t0 <- Sys.time()
  fit <- network_classifier(x, y, hidden_nodes = 200, learning_rate = 0.1, epochs = 1, method = "fast", seed = 0)
  cat("RUN", as.numeric(Sys.time() - t0, units = "secs"), fit$history$seconds, "\n")
}
"""


def r_vs_python(source, data, repeats):
    """One fast epoch through network_classifier() in R against the same call in Python: the epoch
    itself (timed inside the core) and the whole call (wall time, with the hand-over of the data)."""
    env = {**os.environ, "RETICULATE_PYTHON": sys.executable, "BENCH_SOURCE": source,
           "BENCH_REPEATS": str(repeats), "BENCH_N": str(len(data.y_train))}
    lib = ROOT / ".rlib"
    if lib.is_dir():
        env["R_LIBS"] = str(lib)
    try:
        proc = subprocess.run(["Rscript", "-e", R_SCRIPT], capture_output=True, text=True, env=env, timeout=1800)
    except FileNotFoundError:
        print("  R is not installed: skipped", flush=True)
        return []
    runs = [[float(v) for v in l.split()[1:]] for l in proc.stdout.splitlines() if l.startswith("RUN")]
    if proc.returncode or not runs:
        print("  R run failed:\n" + proc.stderr[-2000:], flush=True)
        return []
    NeuralNetworkClassifier(hidden_nodes=200, epochs=1, method="fast").fit(data.X_train[:100], data.y_train[:100])
    py_runs = []
    for _ in range(repeats):
        start = time.perf_counter()
        clf = NeuralNetworkClassifier(hidden_nodes=200, learning_rate=0.1, epochs=1, method="fast", random_state=0)
        clf.fit(data.X_train, data.y_train)
        py_runs.append([time.perf_counter() - start, float(clf.history_.seconds.iloc[0])])
    r_wall, r_epoch = (statistics.median(r[k] for r in runs) for k in (0, 1))
    py_wall, py_epoch = (statistics.median(r[k] for r in py_runs) for k in (0, 1))
    print(f"  epoch: Python {py_epoch:.3f} s, R {r_epoch:.3f} s (R/Python {r_epoch / py_epoch:.3f}); "
          f"whole call: Python {py_wall:.3f} s, R {r_wall:.3f} s (R/Python {r_wall / py_wall:.3f})", flush=True)
    return [dict(run="Python -> fast path, one epoch", seconds=py_epoch, runs=repeats, spread="",
                 test_accuracy=float("nan"), note=f"whole fit() call {py_wall:.3f} s"),
            dict(run="R -> fast path, one epoch", seconds=r_epoch, runs=repeats, spread="",
                 test_accuracy=float("nan"),
                 note=f"R/Python {r_epoch / py_epoch:.3f}; whole network_classifier() call {r_wall:.3f} s "
                      f"(R/Python {r_wall / py_wall:.3f}, incl. the data's hand-over)")]


def machine():
    cpu = ""
    try:
        cpu = next(l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    import numba

    return (f"{cpu or platform.processor()}, {os.cpu_count()} cores; Python {platform.python_version()}, "
            f"numpy {np.__version__}, numba {numba.__version__}, gentlenn {gentlenn.__version__}")


def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--repeats", type=int, default=3)
    p.add_argument("--hidden", type=int, default=200)
    p.add_argument("--quick", action="store_true", help="a 5,000-example smoke run")
    p.add_argument("--no-r", action="store_true", help="skip the R comparison")
    p.add_argument("--out", default=str(HERE / "results" / "latest.csv"))
    args = p.parse_args(argv)

    source = "fashion" if Path("/usr/share/datasets/fashion-mnist").is_dir() else "sample"
    data = load_mnist(source)
    if args.quick:
        data = data._replace(X_train=data.X_train[:5000], y_train=data.y_train[:5000])
    print(f"machine: {machine()}")
    print(f"data: {source}, {len(data.y_train)} training / {len(data.y_test)} test examples\n")
    print("one epoch, per example, 784-%d-10:" % args.hidden)
    rows, identical = per_example_runs(data, args.hidden, args.repeats)
    rows.append(sklearn_sgd_run(data, args.hidden, subset=min(3000, len(data.y_train))))
    print(f"\ntime to {TARGET_ACCURACY} test accuracy:")
    rows += time_to_accuracy(data, args.hidden, args.repeats, max_epochs=10)
    print("\nmemory:")
    mem_row, ratio = memory_run(data)
    rows.append(mem_row)
    if not args.no_r:
        print("\nfrom R:")
        rows += r_vs_python(source, data, args.repeats)

    table = pd.DataFrame(rows)
    book = table.loc[table.run.str.startswith("book-style loop"), "seconds"].min()
    table.insert(2, "speedup_vs_book", book / table.seconds)
    pd.set_option("display.width", 200)
    pd.set_option("display.max_colwidth", 90)
    print("\n" + table.drop(columns="spread").round(3).to_string(index=False))
    out = Path(args.out)
    out.parent.mkdir(parents=True, exist_ok=True)
    table.to_csv(out, index=False)
    (out.with_suffix(".json")).write_text(json.dumps({"machine": machine(), "data": source,
                                                      "exact_bit_identical": identical,
                                                      "memory_ratio": ratio}, indent=1))
    print(f"\nwrote {out}")


if __name__ == "__main__":
    main()
