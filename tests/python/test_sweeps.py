"""Sweeps on a real Dask cluster (a LocalCluster of two worker processes on loopback), resumable
results files, progress, and the failures a sweep must survive or name."""

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from gentlenn import __version__
from gentlenn.data import DigitData, load_mnist
from gentlenn.errors import (BadArgumentError, FileAccessError, FileFormatError, MissingDependencyError,
                             MissingFileError)
from gentlenn.experiments import experiment

distributed = pytest.importorskip("distributed")  # installed by the test extra: CI never skips this


@pytest.fixture(scope="module")
def digits():
    d = load_mnist("sample", test_size=300, random_state=0)
    return DigitData(d.X_train[:1500], d.X_test, d.y_train[:1500], d.y_test)


@pytest.fixture(scope="module")
def cluster():
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, host="127.0.0.1",
                                  dashboard_address=None, silence_logs=40) as c:
        yield c


def same_numbers(a, b):
    """Everything but the measured times."""
    pd.testing.assert_frame_equal(a.drop(columns="seconds"), b.drop(columns="seconds"))


def test_cluster_gives_the_table_of_one_job(digits, cluster):
    local = experiment(digits, "learning_rate", [0.1, 0.3], restarts=2, hidden_nodes=10)
    with distributed.Client(cluster) as client:
        on_cluster = experiment(digits, "learning_rate", [0.1, 0.3], restarts=2, hidden_nodes=10, scheduler=client)
        ran_on = client.run(os.getpid)
    same_numbers(local, on_cluster)
    assert len(set(ran_on.values())) == 2 and os.getpid() not in ran_on.values()
    # an address, as the CLI and R give it; epochs: one run per seed reports every epoch value
    by_address = experiment(digits, "epochs", [2, 1], restarts=2, hidden_nodes=10, scheduler=cluster.scheduler_address)
    same_numbers(experiment(digits, "epochs", [2, 1], restarts=2, hidden_nodes=10), by_address)
    assert by_address.epochs.tolist() == [2, 2, 1, 1]


def test_data_reach_each_worker_once(digits, cluster):
    """Scattered once: during the sweep each worker holds one copy of the data, not one per task,
    and nothing of the sweep stays on the cluster afterwards."""
    seen = []
    with distributed.Client(cluster) as client:
        def look(done, total):
            if done:
                held = client.has_what()
                data = {k for keys in held.values() for k in keys if str(k).startswith("DigitData")}
                seen.append((len(data), {w: len(set(keys) & data) for w, keys in held.items()}))

        experiment(digits, "hidden_nodes", [3, 4, 5, 6], restarts=2, epochs=1, scheduler=client, callback=look)
        deadline = time.monotonic() + 10
        while any(client.has_what().values()) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not any(client.has_what().values())
    assert len(seen) == 8
    assert all(copies == 1 and set(per_worker.values()) == {1} and len(per_worker) == 2 for copies, per_worker in seen)


def test_a_killed_worker_does_not_change_the_table(digits, cluster):
    settings = dict(vary="hidden_nodes", values=[30, 40, 50], restarts=3, epochs=2)
    expected = experiment(digits, **{**settings, "values": settings["values"]})
    killed = []

    with distributed.Client(cluster) as client:
        def kill_a_busy_worker(done, total):
            if killed or done == 0:
                return
            busy = [w for w, keys in client.processing().items() if keys]
            pid = client.run(os.getpid, workers=busy[:1])[busy[0]]
            os.kill(pid, signal.SIGKILL)
            killed.append((done, total, pid))

        table = experiment(digits, scheduler=client, callback=kill_a_busy_worker, **settings)
        client.wait_for_workers(2, timeout=60)  # the nanny restarts the killed worker
    assert killed and killed[0][0] < killed[0][1]  # it died in the middle of the sweep
    same_numbers(expected, table)


def test_results_file_resumes_and_holds_one_row_per_run(digits, tmp_path):
    path = tmp_path / "sweep.csv"
    settings = dict(vary="hidden_nodes", values=[5, 10], restarts=2, learning_rate=0.2)
    first = experiment(digits, **{**settings, "values": [5]}, results=path)
    rows = pd.read_csv(path)
    assert len(rows) == 2 and set(rows.columns) >= {"vary", "value", "restart", "seed", "accuracy", "seconds",
                                                   "learning_rate", "hidden_nodes", "gentlenn_version"}
    assert (rows.gentlenn_version == __version__).all() and (rows.learning_rate == 0.2).all()
    calls = []
    full = experiment(digits, **settings, results=path, callback=lambda done, total: calls.append((done, total)))
    assert calls[0] == (2, 4) and calls[-1] == (4, 4) and len(calls) == 3  # only the two new runs ran
    same_numbers(first, full.iloc[:2].reset_index(drop=True))
    assert full.seconds.iloc[:2].tolist() == first.seconds.tolist()  # read back, not rerun
    assert len(pd.read_csv(path)) == 4
    same_numbers(full, experiment(digits, **settings))


def test_results_file_refuses_another_sweep(digits, tmp_path):
    path = tmp_path / "sweep.csv"
    experiment(digits, "hidden_nodes", [5], restarts=1, learning_rate=0.2, results=path)
    with pytest.raises(BadArgumentError, match="learning_rate = 0.2, but this sweep has learning_rate = 0.3"):
        experiment(digits, "hidden_nodes", [5], restarts=1, learning_rate=0.3, results=path)
    with pytest.raises(BadArgumentError, match="holds a sweep over hidden_nodes, not learning_rate"):
        experiment(digits, "learning_rate", [0.2], restarts=1, hidden_nodes=5, results=path)
    old = path.read_text().replace(f",{__version__}\n", ",0.1.0\n")
    path.write_text(old)
    with pytest.raises(BadArgumentError, match="written by gentlenn 0.1.0"):
        experiment(digits, "hidden_nodes", [5], restarts=1, learning_rate=0.2, results=path)
    other = tmp_path / "other.csv"
    other.write_text("a,b\n1,2\n")
    with pytest.raises(FileFormatError, match="does not hold a sweep of this kind"):
        experiment(digits, "hidden_nodes", [5], restarts=1, results=other)
    with pytest.raises(FileAccessError, match="is a folder"):
        experiment(digits, "hidden_nodes", [5], restarts=1, results=tmp_path)
    assert other.read_text() == "a,b\n1,2\n"  # nothing written into a file that is not ours


def test_results_file_cuts_a_torn_last_line_and_is_locked(digits, tmp_path):
    path = tmp_path / "sweep.csv"
    full = experiment(digits, "hidden_nodes", [5, 6], restarts=1, results=path)
    text = path.read_text()
    path.write_text(text[: text.rfind("\n", 0, len(text) - 1) + 1] + "hidden_nodes,6,0,0,0.5")  # a torn write
    again = experiment(digits, "hidden_nodes", [5, 6], restarts=1, results=path)
    same_numbers(full, again)
    assert path.read_text().count("\n") == 3
    import fcntl

    with open(path) as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with pytest.raises(FileAccessError, match="in use by another sweep"):
            experiment(digits, "hidden_nodes", [5, 6], restarts=1, results=path)


def run_cli(*args, **kw):
    return subprocess.Popen([sys.executable, "-m", "gentlenn", *args], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, **kw)


CLI_SWEEP = ["experiment", "hidden-nodes", "--values", "20", "30", "40", "--restarts", "3", "--test-size", "500",
             "--quiet"]


def rows_in(path):
    return path.read_text().count("\n") - 1 if path.exists() else 0


@pytest.mark.parametrize("how", [signal.SIGKILL, signal.SIGINT], ids=["SIGKILL", "SIGINT"])
def test_interrupted_cli_sweep_resumes_to_the_uninterrupted_table(tmp_path, how):
    whole = tmp_path / "whole.csv"
    assert run_cli(*CLI_SWEEP, "--results", str(whole), "--out", str(tmp_path / "a")).wait(timeout=300) == 0
    part = tmp_path / "part.csv"
    proc = run_cli(*CLI_SWEEP, "--results", str(part), "--out", str(tmp_path / "b"))
    deadline = time.monotonic() + 120
    while rows_in(part) < 2 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.02)
    proc.send_signal(how)
    _, err = proc.communicate(timeout=60)
    kept = rows_in(part)
    assert 2 <= kept < 9, "the sweep should have been stopped in the middle"
    if how == signal.SIGINT:
        assert proc.returncode == 130 and f"the finished runs are in {part}" in err
    else:
        assert proc.returncode == -signal.SIGKILL
    resumed = run_cli(*CLI_SWEEP, "--results", str(part), "--out", str(tmp_path / "b"))
    assert resumed.wait(timeout=300) == 0, resumed.stderr.read()
    key = ["value", "seed"]
    a = pd.read_csv(whole).sort_values(key).reset_index(drop=True)
    b = pd.read_csv(part).sort_values(key).reset_index(drop=True)
    assert len(b) == 9
    pd.testing.assert_frame_equal(a.drop(columns="seconds"), b.drop(columns="seconds"))
    tables = [pd.read_csv(tmp_path / d / "experiment_hidden_nodes.csv") for d in ("a", "b")]
    same_numbers(*tables)


def test_cli_sweep_on_a_scheduler_file_cluster(tmp_path):
    """The README's path to a real cluster: `dask scheduler` and `dask worker` on loopback."""
    dask = Path(sys.executable).with_name("dask")
    scheduler_file = tmp_path / "scheduler.json"
    common = ["--scheduler-file", str(scheduler_file), "--no-dashboard"]
    procs = [subprocess.Popen([dask, "scheduler", "--host", "127.0.0.1", "--port", "0", *common],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    try:
        deadline = time.monotonic() + 60
        while not scheduler_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        procs.append(subprocess.Popen([dask, "worker", "--nworkers", "2", "--nthreads", "1", "--host", "127.0.0.1",
                                       *common], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
        with distributed.Client(scheduler_file=str(scheduler_file), timeout=60) as client:
            client.wait_for_workers(2, timeout=60)
        out = tmp_path / "out"
        sweep = ["experiment", "learning-rate", "--values", "0.1", "0.3", "--restarts", "2", "--hidden-nodes", "10",
                 "--test-size", "500", "--quiet"]
        proc = run_cli(*sweep, "--scheduler", str(scheduler_file), "--out", str(out))
        assert proc.wait(timeout=300) == 0, proc.stderr.read()
        local = run_cli(*sweep, "--out", str(tmp_path / "local"))
        assert local.wait(timeout=300) == 0
        same_numbers(pd.read_csv(out / "experiment_learning_rate.csv"),
                     pd.read_csv(tmp_path / "local" / "experiment_learning_rate.csv"))
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(timeout=30)


def test_sweep_errors_name_the_argument(digits, monkeypatch, tmp_path):
    with pytest.raises(BadArgumentError, match="scheduler must be a Dask scheduler.s address"):
        experiment(digits, "hidden_nodes", [5], restarts=1, scheduler=3)
    with pytest.raises(BadArgumentError, match="cannot reach a Dask scheduler"):
        experiment(digits, "hidden_nodes", [5], restarts=1, scheduler="tcp://127.0.0.1:9")
    with pytest.raises(BadArgumentError, match="is not an address"):
        experiment(digits, "hidden_nodes", [5], restarts=1, scheduler="tcp://127.0.0.1:port")
    with pytest.raises(BadArgumentError, match="must not repeat"):
        experiment(digits, "hidden_nodes", [5, 5], restarts=1)
    monkeypatch.setitem(sys.modules, "distributed", None)
    with pytest.raises(MissingDependencyError, match=r"gentlenn\[dask\]"):
        experiment(digits, "hidden_nodes", [5], restarts=1, scheduler="tcp://127.0.0.1:8786")
    proc = run_cli(*CLI_SWEEP, "--scheduler", "tcp://127.0.0.1:9", "--out", str(tmp_path / "out"))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and err.count("\n") == 1 and "'tcp://127.0.0.1:9'" in err
    assert "cannot reach a Dask scheduler" in err


def test_a_file_that_is_not_a_scheduler_file_is_named(digits, tmp_path):
    """0.2 let distributed's AssertionError escape; each is now a classed error about `scheduler`."""
    cases = {"other.json": b'{"type": "something else"}', "list.json": b"[1, 2]", "binary.json": b"\x00\xff" * 50,
             "nested.json": b"[" * 100000, "address.json": b'{"address": 8786}'}
    for name, content in cases.items():
        (tmp_path / name).write_bytes(content)
        with pytest.raises(BadArgumentError, match="is not a Dask scheduler file") as exc:
            experiment(digits, "hidden_nodes", [5], restarts=1, scheduler=str(tmp_path / name))
        assert exc.value.argument == "scheduler" and exc.value.value == str(tmp_path / name), name
    with pytest.raises(MissingFileError, match="neither an existing scheduler file nor an address") as exc:
        experiment(digits, "hidden_nodes", [5], restarts=1, scheduler=str(tmp_path / "missing.json"))
    assert exc.value.argument == "scheduler"
    for address in ("inproc://x", "tcp://", "tcp://host:port"):
        with pytest.raises(BadArgumentError, match="is not an address") as exc:
            experiment(digits, "hidden_nodes", [5], restarts=1, scheduler=address)
        assert exc.value.argument == "scheduler"
    proc = run_cli(*CLI_SWEEP, "--scheduler", str(tmp_path / "other.json"), "--out", str(tmp_path / "out"))
    _, err = proc.communicate(timeout=120)
    assert proc.returncode == 2 and err.count("\n") == 1 and "scheduler" in err and "Traceback" not in err, err


def test_preparation_on_the_cluster_resumes_from_a_results_file(digits, cluster, tmp_path):
    """The preparation lesson goes through the same runner: on a cluster, stopped after two runs,
    resumed from its results file, it gives the table of one local job."""
    from gentlenn.lessons import preparation_experiment

    kw = dict(inputs=["book", "zero_one"], targets="book", weights=["book", "zero"], restarts=2, epochs=1,
              hidden_nodes=10)
    local = preparation_experiment(digits, **kw)
    path = tmp_path / "prep.csv"

    def stop(done, total):
        if done == 2:
            raise KeyboardInterrupt

    with distributed.Client(cluster) as client:
        with pytest.raises(KeyboardInterrupt):
            preparation_experiment(digits, **kw, scheduler=client, results=path, callback=stop)
        assert len(pd.read_csv(path)) == 2 * 2  # two runs, a row per epoch
        calls = []
        resumed = preparation_experiment(digits, **kw, scheduler=cluster.scheduler_address, results=path,
                                         callback=lambda done, total: calls.append((done, total)))
    assert calls[0] == (2, 8) and calls[-1] == (8, 8)
    pd.testing.assert_frame_equal(resumed, local)
    assert len(pd.read_csv(path)) == 8 * 2


def test_progress_bar_counts_runs(digits, capsys):
    experiment(digits, "hidden_nodes", [3, 4], restarts=2, progress=True)
    err = capsys.readouterr().err
    assert "sweep over hidden_nodes" in err and "4/4" in err
    experiment(digits, "hidden_nodes", [3, 4], restarts=2)
    assert capsys.readouterr().err == ""
    assert np.isfinite(experiment(digits, "hidden_nodes", [3], restarts=1).accuracy).all()
