"""A sweep with 2 jobs against the same sweep with 1 job, in one run, on this machine.

    .venv/bin/python benchmarks/bench_sweeps.py            # 8 runs of 784-200-10 on the MNIST sample
    .venv/bin/python benchmarks/bench_sweeps.py --quick    # a smoke run

Each way of running is timed on the same sweep (learning rate x restarts, the tables must be
equal), after one warm-up sweep that starts the worker pool and loads the numba kernels in it:
the times are the sweep, not process start-up. Ways: Python with joblib processes (loky) and
threads, a Dask LocalCluster of two worker processes, and R (`digits_experiment`, threads) in an
Rscript. The baseline of each ratio is the 1-job run of the same language, measured in this run.
Writes benchmarks/results/sweeps.csv.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd

import gentlenn
from gentlenn.data import DigitData, load_mnist
from gentlenn.experiments import experiment

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent


def settings(quick):
    if quick:
        return dict(values=[0.1, 0.3], restarts=2, hidden_nodes=50, epochs=1, n_train=1000)
    return dict(values=[0.05, 0.1, 0.2, 0.3], restarts=4, hidden_nodes=200, epochs=3, n_train=4000)


def sample(n_train):
    d = load_mnist("sample", test_size=1000, random_state=0)
    return DigitData(d.X_train[:n_train], d.X_test, d.y_train[:n_train], d.y_test)


def timed_sweep(data, s, repeats, **how):
    args = dict(vary="learning_rate", values=s["values"], restarts=s["restarts"], hidden_nodes=s["hidden_nodes"],
                epochs=s["epochs"], random_state=0)
    experiment(data, **args, **how)  # warm-up: pools, kernels
    best, table = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        table = experiment(data, **args, **how)
        best = min(best, time.perf_counter() - start)
    return best, table


R_SCRIPT = r"""
suppressMessages(library(gentlenn))
a <- commandArgs(TRUE)
s <- jsonlite::fromJSON(a[1])
d <- load_mnist(test_size = 1000, seed = 0)
d$x_train <- d$x_train[seq_len(s$n_train), ]
d$y_train <- d$y_train[seq_len(s$n_train)]
sweep <- function(n_jobs) digits_experiment(d, "learning_rate", s$values, restarts = s$restarts,
                                            hidden_nodes = s$hidden_nodes, epochs = s$epochs, seed = 0,
                                            n_jobs = n_jobs, progress = FALSE)
out <- list()
for (n_jobs in c(1, 2)) {
  sweep(n_jobs)
  times <- sapply(seq_len(s$repeats), function(i) system.time(tab <<- sweep(n_jobs))[["elapsed"]])
  out[[as.character(n_jobs)]] <- list(seconds = min(times), accuracy = tab$accuracy)
}
cat("RESULT", jsonlite::toJSON(out, digits = NA, auto_unbox = TRUE), "\n")
"""


def r_sweeps(s, repeats):
    rscript = shutil.which("Rscript")
    if rscript is None:
        raise SystemExit("Rscript not found: the R half of the benchmark needs R (make setup)")
    env = dict(os.environ, RETICULATE_PYTHON=sys.executable, R_LIBS=str(ROOT / ".rlib"))
    out = subprocess.run([rscript, "-e", R_SCRIPT, json.dumps({**s, "repeats": repeats})], capture_output=True,
                         text=True, env=env, check=False)
    line = [x for x in out.stdout.splitlines() if x.startswith("RESULT ")]
    if out.returncode or not line:
        raise SystemExit(f"the R sweep failed:\n{out.stdout}\n{out.stderr}")
    return json.loads(line[0][len("RESULT "):])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small smoke run")
    parser.add_argument("--repeats", type=int, default=2, help="best of this many sweeps per way (default 2)")
    args = parser.parse_args(argv)
    s = settings(args.quick)
    data = sample(s["n_train"])
    runs = len(s["values"]) * s["restarts"]
    print(f"sweep: learning rate {s['values']} x {s['restarts']} restarts = {runs} runs of 784-{s['hidden_nodes']}-10, "
          f"{s['epochs']} epoch(s) on {s['n_train']} digits; best of {args.repeats}; {os.cpu_count()} cores\n")

    rows = []
    one, base = timed_sweep(data, s, args.repeats, n_jobs=1)
    rows.append(("Python", "1 job", one, 1.0))
    for label, how in [("2 jobs, processes (loky)", dict(n_jobs=2)),
                       ("2 jobs, threads", dict(n_jobs=2, backend="threading"))]:
        t, table = timed_sweep(data, s, args.repeats, **how)
        assert table.accuracy.tolist() == base.accuracy.tolist(), label
        rows.append(("Python", label, t, one / t))

    from distributed import Client, LocalCluster

    with LocalCluster(n_workers=2, threads_per_worker=1, host="127.0.0.1", dashboard_address=None,
                      silence_logs=40) as cluster, Client(cluster) as client:
        t, table = timed_sweep(data, s, args.repeats, scheduler=client)
        assert table.accuracy.tolist() == base.accuracy.tolist(), "dask"
        rows.append(("Python", "Dask LocalCluster, 2 workers", t, one / t))

    r = r_sweeps(s, args.repeats)
    r1, r2 = r["1"]["seconds"], r["2"]["seconds"]
    assert r["1"]["accuracy"] == r["2"]["accuracy"] == base.accuracy.tolist(), "R"
    rows += [("R", "1 job", r1, 1.0), ("R", "2 jobs, threads", r2, r1 / r2)]

    table = pd.DataFrame(rows, columns=["from", "how", "seconds", "speedup_vs_1_job"])
    table.attrs.update(machine=platform.processor() or platform.machine(), version=gentlenn.__version__)
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print("\n| from | how | seconds | vs 1 job |\n|---|---|---|---|")
    for f, how, t, ratio in rows:
        print(f"| {f} | {how} | {t:.2f} | {ratio:.2f}x |")
    if not args.quick:
        (HERE / "results").mkdir(exist_ok=True)
        table.to_csv(HERE / "results" / "sweeps.csv", index=False)
    return table


if __name__ == "__main__":
    main()
