"""Killed runs leave no mix: SIGKILL of `gentlenn train --out D` mid-training and mid-writing, then a
rerun (D holds only the new run's files and a finished manifest; stale temporary files swept, live
ones kept); sweep workers die with a killed parent; n_jobs beyond the machine's limit refused first.

Expected values come from the files on disk (names, sizes, SHA-256 computed here) and from the
process table, never from the code under test."""

import hashlib
import json
import os
import signal
import subprocess
import sys
import time

import psutil
import pytest

from gentlenn._manifest import LOCK, MANIFEST, read_manifest, run_status
from gentlenn.data import DigitData, load_mnist
from gentlenn.errors import BadArgumentError, LimitError
from gentlenn.experiments import check_n_jobs, experiment
from gentlenn.lessons import preparation_experiment

TRAIN = ["train", "--hidden-nodes", "10", "--test-size", "300", "--quiet"]
LONG_TRAIN = ["train", "--hidden-nodes", "60", "--epochs", "40", "--test-size", "300", "--quiet"]


def cli(*args, env=None):
    return subprocess.Popen([sys.executable, "-m", "gentlenn", *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True, env={**os.environ, **(env or {})})


def finish(*args):
    """A whole run, in this process (no interpreter to start)."""
    from gentlenn.cli import main

    assert main(list(args)) == 0


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


def manifest(folder):
    return json.loads((folder / MANIFEST).read_text())


def wait_for(test, proc, timeout=120):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and proc.poll() is None:
        if test():
            return True
        time.sleep(0.01)
    return False


def dead_pid():
    p = subprocess.Popen(["true"])
    p.wait()
    return p.pid


def test_a_killed_train_run_leaves_only_the_next_runs_files(tmp_path, capsys):
    out = tmp_path / "D"
    finish(*TRAIN, "--out", str(out))
    first = manifest(out)
    assert first["status"] == "finished" and run_status(out) == "finished"
    assert {f["name"] for f in first["files"]} >= {"network.json", "confusion.csv", "backquery.png"}
    assert all(f["sha256"] == sha256(out / f["name"]) and f["bytes"] == (out / f["name"]).stat().st_size
               for f in first["files"])

    # temporary files as killed writers leave them, beside one of a live writer
    sleeper = subprocess.Popen(["sleep", "120"])
    stale = [f".gnn-{dead_pid()}-k1ll3d.tmp", f".gnn-{dead_pid()}-w0rk.tmp.png", ".gnn-0ld5tyl3.tmp"]
    live = [f".gnn-{sleeper.pid}-l1v3.tmp", ".gnn-fr35h.tmp"]  # a live writer's; an untagged one just made
    for name in stale + live:
        (out / name).write_bytes(b"")
    os.utime(out / ".gnn-0ld5tyl3.tmp", (time.time() - 3600, time.time() - 3600))

    # killed mid-training: the folder still holds the finished run's files, and says so
    proc = cli(*LONG_TRAIN, "--out", str(out))
    assert wait_for(lambda: (read_manifest(out) or first)["run_id"] != first["run_id"], proc)
    time.sleep(0.5)
    proc.send_signal(signal.SIGKILL)
    assert proc.wait(timeout=30) == -signal.SIGKILL
    killed = manifest(out)
    assert killed["status"] == "running" and killed["files"] == [] and run_status(out) == "killed"
    assert [r["run_id"] for r in killed["earlier_runs"]] == [first["run_id"]]
    assert all(sha256(out / f["name"]) == f["sha256"] for f in first["files"])  # untouched
    assert sorted(killed["cleaned"]["temporaries"]) == sorted(stale)

    # killed while writing: some new files beside the first run's older ones, a mix
    for attempt in range(3):
        proc = cli(*TRAIN, "--seed", str(attempt + 1), "--out", str(out))
        assert wait_for(lambda: len((read_manifest(out) or {}).get("files") or []) >= 1, proc)
        proc.send_signal(signal.SIGKILL)
        if proc.wait(timeout=30) == -signal.SIGKILL:
            break
    mixed = manifest(out)
    assert mixed["status"] == "running" and run_status(out) == "killed"
    written_by_killed = [f["name"] for f in mixed["files"]]
    assert written_by_killed and len(written_by_killed) < len(first["files"])
    left_by_kill = [n for n in os.listdir(out) if n.startswith(".gnn-") and n not in live]  # its own, if any
    for name in stale:
        (out / name).write_bytes(b"")
    os.utime(out / ".gnn-0ld5tyl3.tmp", (time.time() - 3600, time.time() - 3600))

    # the rerun: only its own files, a finished manifest, and what a live writer still holds
    started = time.time()
    finish(*TRAIN, "--seed", "7", "--out", str(out))
    last = manifest(out)
    assert last["status"] == "finished" and run_status(out) == "finished" and last["command"] == "train"
    assert last["settings"]["seed"] == 7 and last["ended"] >= last["started"]
    assert last["cleaned"]["unfinished_run"] == {"run_id": mixed["run_id"], "status": "killed",
                                                 "files": written_by_killed}
    assert sorted(last["cleaned"]["temporaries"]) == sorted(stale + left_by_kill)
    names = {f["name"] for f in last["files"]}
    assert names == {f["name"] for f in first["files"]}
    assert set(os.listdir(out)) == names | {MANIFEST, LOCK, *live}
    for f in last["files"]:
        path = out / f["name"]
        assert f["sha256"] == sha256(path) and f["bytes"] == path.stat().st_size
        assert path.stat().st_mtime >= started - 1  # written by the rerun, none left from before
    assert last["earlier_runs"] == []  # every file of the first run was replaced
    sleeper.kill()
    sleeper.wait()

    # another command into the same folder: the train run's files it does not replace stay, listed
    # as the earlier run's
    finish("backquery", str(out / "network.json"), "--out", str(out))
    other = manifest(out)
    assert other["command"] == "backquery" and [f["name"] for f in other["files"]] == ["backquery.png"]
    assert [r["run_id"] for r in other["earlier_runs"]] == [last["run_id"]]
    assert {f["name"] for f in other["earlier_runs"][0]["files"]} == names - {"backquery.png"}


def test_a_failed_run_is_marked_and_its_files_removed_by_the_next(tmp_path, monkeypatch, capsys):
    from gentlenn import plotting
    from gentlenn.cli import main

    out = tmp_path / "D"

    def broken(*a, **k):
        raise BadArgumentError("a figure could not be drawn")

    monkeypatch.setattr(plotting, "plot_history", broken)
    with pytest.raises(SystemExit) as exc:
        main([*TRAIN, "--out", str(out)])
    assert exc.value.code == 2
    failed = manifest(out)
    assert failed["status"] == "failed" and failed["error"] == "a figure could not be drawn"
    assert run_status(out) == "failed"
    partial = [f["name"] for f in failed["files"]]
    assert partial == ["train_history.csv", "confusion.csv", "misclassified.csv"]
    monkeypatch.undo()
    main([*TRAIN, "--out", str(out)])
    assert manifest(out)["cleaned"]["unfinished_run"] == {"run_id": failed["run_id"], "status": "failed",
                                                          "files": partial}
    assert manifest(out)["status"] == "finished"


SWEEP = ["experiment", "hidden-nodes", "--values", "40", "50", "60", "70", "--restarts", "3", "--epochs", "3",
         "--n-jobs", "2", "--test-size", "500", "--quiet"]


def alive(processes):
    left = []
    for p in processes:
        try:
            if p.is_running() and p.status() != psutil.STATUS_ZOMBIE:
                left.append(p)
        except psutil.NoSuchProcess:
            pass
    return left


def loky_workers(parent):
    found = []
    for child in parent.children(recursive=True):
        try:
            if "loky" in " ".join(child.cmdline()):
                found.append(child)
        except psutil.Error:  # gone, or a zombie
            pass
    return found


def test_sweep_workers_die_with_their_killed_parent(tmp_path):
    """Five SIGKILLs at different moments of a two-job sweep (workers starting, importing, training):
    after each, no process the sweep started is alive 5 s later."""
    counts = []
    for k, delay in enumerate([0.0, 0.2, 0.6, 1.2, 2.5]):
        proc = cli(*SWEEP, "--out", str(tmp_path / f"o{k}"))
        parent = psutil.Process(proc.pid)
        assert wait_for(lambda: len(loky_workers(parent)) >= 2, proc), proc.communicate()[1]
        time.sleep(delay)
        started = parent.children(recursive=True)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        deadline = time.monotonic() + 5
        while alive(started) and time.monotonic() < deadline:
            time.sleep(0.1)
        survivors = alive(started)
        for p in survivors:  # never leave them to the next test
            p.kill()
        counts.append((len(started), len(survivors)))
    assert all(n >= 2 for n, _ in counts) and [s for _, s in counts] == [0] * 5, counts


@pytest.fixture(scope="module")
def digits():
    d = load_mnist("sample", test_size=100, random_state=0)
    return DigitData(d.X_train[:200], d.X_test, d.y_train[:200], d.y_test)


def test_n_jobs_beyond_the_limit_is_refused_before_anything_starts(digits, monkeypatch, tmp_path):
    limit = 4 * os.cpu_count()
    for call in (lambda n: experiment(digits, "hidden_nodes", [5], restarts=1, n_jobs=n),
                 lambda n: preparation_experiment(digits, restarts=1, epochs=1, n_jobs=n)):
        t0 = time.monotonic()
        with pytest.raises(LimitError, match="GENTLENN_MAX_JOBS") as exc:
            call(10 ** 5)
        assert time.monotonic() - t0 < 1 and exc.value.argument == "n_jobs"
        assert exc.value.details["limit"] == limit
    assert check_n_jobs(limit) == limit and check_n_jobs(-1) == -1 and check_n_jobs(2.0) == 2
    for bad in (0, -2, 1.5, float("nan"), "2", True, None):
        with pytest.raises(BadArgumentError) as exc:
            check_n_jobs(bad)
        assert exc.value.argument == "n_jobs"
    monkeypatch.setenv("GENTLENN_MAX_JOBS", "1")
    with pytest.raises(LimitError, match="more than the 1 gentlenn allows"):
        check_n_jobs(2)
    if (os.cpu_count() or 1) > 1:
        with pytest.raises(LimitError):
            check_n_jobs(-1)  # one job per core is more than one
    monkeypatch.delenv("GENTLENN_MAX_JOBS")

    out = tmp_path / "never"
    children_before = len(psutil.Process().children(recursive=True))
    for flags, env in ((["--n-jobs", "100000"], None), (["--n-jobs", "2"], {"GENTLENN_MAX_JOBS": "1"})):
        proc = cli("experiment", "hidden-nodes", "--values", "5", *flags, "--out", str(out), env=env)
        _, err = proc.communicate(timeout=120)
        assert proc.returncode == 2 and err.count("\n") == 1 and ("n-jobs" in err or "n_jobs" in err), err
    assert not out.exists()  # refused before --out was made
    assert len(psutil.Process().children(recursive=True)) == children_before
