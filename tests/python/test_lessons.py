"""The course's lessons as facts about runs: data preparation, the gradient, the error surface and the
output table. Expected values come from the lessons' claims, finite differences, plain numpy
recomputation and scipy, never from the code under test."""

import numpy as np
import pandas as pd
import pytest
from scipy.optimize import minimize
from scipy.special import expit

from gentlenn.data import DigitData, load_mnist
from gentlenn.errors import BadArgumentError
from gentlenn.experiments import train_digits
from gentlenn.lessons import (PREPARATION_CHOICES, SURFACE_DATA, error_surface, gradient_check, output_table,
                              preparation_experiment, summarise_preparation)
from gentlenn.network import NeuralNetwork
from gentlenn.plotting import animate_error_surface, plot_error_surface, plot_output_table, plot_preparation


@pytest.fixture(scope="module")
def digits():
    d = load_mnist("sample", test_size=500, random_state=0)
    return DigitData(d.X_train[:1500], d.X_test, d.y_train[:1500], d.y_test)


@pytest.fixture(scope="module")
def prep(digits):
    return preparation_experiment(digits, restarts=2, epochs=2, hidden_nodes=20, learning_rate=0.1)


def at(table, epoch=None, **where):
    rows = table[table.epoch == (table.epoch.max() if epoch is None else epoch)]
    for k, v in where.items():
        rows = rows[rows[k] == v]
    return rows


def test_preparation_covers_every_combination(prep):
    assert len(prep) == 3 * 2 * 4 * 2 * 3  # inputs x targets x weights x restarts x (epochs + 1)
    assert set(prep.inputs) == set(PREPARATION_CHOICES["inputs"]) and set(prep.seed) == {0, 1}
    s = summarise_preparation(prep)
    assert len(s) == 24 and (s.restarts == 2).all() and s.accuracy.is_monotonic_decreasing


def test_zero_weights_never_break_the_symmetry(prep, digits):
    zero = prep[prep.weights == "zero"]
    # every hidden node keeps the same incoming weights (but for BLAS rounding some rows of a matrix
    # product differently, about 1e-17, which per-example training amplifies only slowly)
    assert (zero.hidden_spread < 1e-9).all()
    others = at(prep, weights="book")
    assert (others.hidden_spread > 0.1).all()
    # ... so the network is no better than chance: it acts as if it had a single hidden node
    book = at(prep, weights="book", inputs="book")
    assert at(prep, weights="zero", inputs="book").accuracy.max() <= 0.2 < book.accuracy.min()


def test_weights_from_always_blank_inputs_move_only_when_inputs_are_never_zero(prep, digits):
    blank = int((digits.X_train == 0).all(axis=0).sum())
    assert blank > 50 and (prep.blank_inputs == blank).all()
    final = at(prep)
    trainable = final[final.weights != "zero"]
    assert (trainable[trainable.inputs == "zero_one"].blank_weight_change == 0).all()
    assert (trainable[trainable.inputs == "raw"].blank_weight_change == 0).all()
    assert (trainable[trainable.inputs == "book"].blank_weight_change > 1e-4).all()  # 0.01 keeps them learning


def test_targets_of_zero_and_one_grow_larger_output_weights(prep):
    for weights in ("book", "uniform"):
        zero_one = at(prep, inputs="book", weights=weights, targets="zero_one").sort_values("seed")
        book = at(prep, inputs="book", weights=weights, targets="book").sort_values("seed")
        assert (zero_one.mean_abs_who.to_numpy() > book.mean_abs_who.to_numpy()).all()
        assert (zero_one.saturated.to_numpy() > book.saturated.to_numpy()).all()


def test_raw_pixels_saturate_the_hidden_layer(prep):
    for (targets, weights), raw in at(prep, inputs="raw").groupby(["targets", "weights"]):
        book = at(prep, inputs="book", targets=targets, weights=weights)
        assert raw.saturated.mean() > 0.9 > book.saturated.mean(), (targets, weights)
        assert raw.accuracy.mean() < book.accuracy.mean() or weights == "zero"
    # before any training, with the book's initial weights: raw inputs already push most outputs to the tails
    assert at(prep, 0, inputs="raw", weights="book").saturated.min() > 0.5
    assert at(prep, 0, inputs="book", weights="book").saturated.max() < 0.3


def test_preparation_is_reproducible_and_independent_of_n_jobs(digits):
    kw = dict(inputs=["book", "raw"], targets="book", weights=["book"], restarts=2, epochs=1, hidden_nodes=10)
    a = preparation_experiment(digits, **kw)
    b = preparation_experiment(digits, n_jobs=2, **kw)
    pd.testing.assert_frame_equal(a, b)
    with pytest.raises(BadArgumentError, match="inputs must be None or a non-empty list of one of"):
        preparation_experiment(digits, inputs=["centred"])


# The table preparation_experiment gave before it was planned for the sweep runner (computed with the code
# of commit 5c23193, OPENBLAS_NUM_THREADS=1): the sample's first 400 training and 200 test digits (test_size
# 500, split seed 0), inputs raw/book x targets zero_one/book x weights book/zero, 2 restarts from seed 4,
# 1 epoch, 8 hidden nodes, learning rate 0.2. Rows in the table's order; blank_inputs was 189 in every row.
RECORDED = {
    "accuracy": [
        0.115, 0.095, 0.075, 0.095, 0.12, 0.095, 0.12, 0.095, 0.115, 0.095, 0.075, 0.095, 0.12, 0.095, 0.12,
        0.095, 0.105, 0.33, 0.125, 0.32, 0.12, 0.095, 0.12, 0.095, 0.105, 0.3, 0.125, 0.34, 0.12, 0.095, 0.12,
        0.095
    ],
    "mean_abs_wih": [
        0.028277463553970972, 0.1414339891761086, 0.028688897339693743, 0.318314978256066, 0.0,
        0.06650331268825056, 0.0, 0.05897195462740168, 0.028277463553970972, 0.1415713844670685,
        0.028688897339693743, 0.262520262427085, 0.0, 0.06386975860741421, 0.0, 0.05663664491896774,
        0.028277463553970972, 0.05033553899151848, 0.028688897339693743, 0.048967411558998475, 0.0,
        0.01754359722439907, 0.0, 0.017833012349491983, 0.028277463553970972, 0.0500139392092071,
        0.028688897339693743, 0.04863814396073703, 0.0, 0.016825180173578567, 0.0, 0.017128307251235972
    ],
    "mean_abs_who": [
        0.2677214764558989, 0.3236967736117628, 0.2927635434098128, 0.42311534217048885, 0.0,
        0.2834537605539558, 0.0, 0.2853219703530199, 0.2677214764558989, 0.315827990761023, 0.2927635434098128,
        0.4030136566656897, 0.0, 0.27250593053019995, 0.0, 0.2743297528544516, 0.2677214764558989,
        0.4000978170593566, 0.2927635434098128, 0.43853472483541756, 0.0, 0.28780379578876747, 0.0,
        0.29096862188149447, 0.2677214764558989, 0.39535611929066405, 0.2927635434098128, 0.4332734543947316,
        0.0, 0.277251832036995, 0.0, 0.28047800655514066
    ],
    "saturated": [
        0.95, 1.0, 0.963125, 1.0, 0.0, 1.0, 0.0, 1.0, 0.95, 1.0, 0.963125, 1.0, 0.0, 1.0, 0.0, 1.0, 0.0,
        0.440625, 0.0, 0.471875, 0.0, 0.475, 0.0, 0.505, 0.0, 0.42375, 0.0, 0.44625, 0.0, 0.42, 0.0, 0.455
    ],
    "hidden_spread": [
        0.2186423712217464, 6.774189964648022, 0.18168459486556815, 7.442640592410465, 0.0, 0.0, 0.0, 0.0,
        0.2186423712217464, 6.601132503780266, 0.18168459486556815, 7.270380296000712, 0.0, 0.0, 0.0, 0.0,
        0.2186423712217464, 0.6409765531231539, 0.18168459486556815, 0.5782939330649608, 0.0, 0.0, 0.0, 0.0,
        0.2186423712217464, 0.6436278935571633, 0.18168459486556815, 0.5704690426303274, 0.0, 0.0, 0.0, 0.0
    ],
    "blank_weight_change": [
        0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0,
        0.0022587114396917726, 0.0, 0.0022009702257849845, 0.0, 0.0015068020661431847, 0.0,
        0.0015286329678993102, 0.0, 0.0021536074379423648, 0.0, 0.00217455375538423, 0.0, 0.0014469587925248456,
        0.0, 0.0014743203082498635
    ],
}


@pytest.fixture(scope="module")
def small_digits():
    d = load_mnist("sample", test_size=500, random_state=0)
    return DigitData(d.X_train[:400], d.X_test[:200], d.y_train[:400], d.y_test[:200])


SMALL = dict(inputs=["raw", "book"], targets=["zero_one", "book"], weights=["book", "zero"], restarts=2, epochs=1,
             hidden_nodes=8, learning_rate=0.2, random_state=4)


def book_run(d, seed, hidden, lr, epochs):
    """One run of the lesson written out in plain numpy (the book's loop): book inputs, targets and
    weights. Returns accuracy and mean |weights| of each layer after the last epoch."""
    rng = np.random.default_rng(seed)
    X = d.X_train / 255 * 0.99 + 0.01
    classes, y = np.unique(d.y_train, return_inverse=True)
    T = np.full((len(y), len(classes)), 0.01)
    T[np.arange(len(y)), y] = 0.99
    wih = rng.normal(0, X.shape[1] ** -0.5, (hidden, X.shape[1]))
    who = rng.normal(0, hidden ** -0.5, (len(classes), hidden))
    for _ in range(epochs):
        for i in rng.permutation(len(X)):
            h = expit(wih @ X[i])
            o = expit(who @ h)
            e = T[i] - o
            he = who.T @ e
            who += lr * np.outer(e * o * (1 - o), h)
            wih += lr * np.outer(he * h * (1 - h), X[i])
    out = expit(expit((d.X_test / 255 * 0.99 + 0.01) @ wih.T) @ who.T)
    return np.mean(classes[out.argmax(axis=1)] == d.y_test), np.abs(wih).mean(), np.abs(who).mean()


def test_preparation_table_is_the_one_computed_before_the_sweep_runner(small_digits):
    table = preparation_experiment(small_digits, **SMALL)
    assert len(table) == 32 and (table.blank_inputs == 189).all() and table.blank_inputs.dtype == np.int64
    assert table.columns.tolist() == ["inputs", "targets", "weights", "restart", "seed", "epoch", "accuracy",
                                      "mean_abs_wih", "mean_abs_who", "saturated", "hidden_spread", "blank_inputs",
                                      "blank_weight_change"]
    assert table.inputs.tolist() == ["raw"] * 16 + ["book"] * 16 and table.seed.tolist() == [4, 4, 5, 5] * 8
    assert table.epoch.tolist() == [0, 1] * 16
    for column, expected in RECORDED.items():
        np.testing.assert_allclose(table[column].to_numpy(), expected, rtol=1e-12, atol=1e-15, err_msg=column)
    # and one run recomputed independently: the book's loop in plain numpy
    for seed in (4, 5):
        row = at(table, inputs="book", targets="book", weights="book", seed=seed).iloc[0]
        accuracy, wih, who = book_run(small_digits, seed, 8, 0.2, 1)
        assert row.accuracy == accuracy
        np.testing.assert_allclose([row.mean_abs_wih, row.mean_abs_who], [wih, who], rtol=1e-10)


def test_preparation_resumes_from_a_results_file(small_digits, tmp_path):
    path = tmp_path / "prep.csv"
    whole = preparation_experiment(small_digits, **SMALL)
    stopped = []

    def stop_after_three(done, total):
        if done == 3:
            stopped.append(total)
            raise KeyboardInterrupt  # as Ctrl-C would, in the middle of the sweep

    with pytest.raises(KeyboardInterrupt):
        preparation_experiment(small_digits, **SMALL, results=path, callback=stop_after_three)
    rows = pd.read_csv(path)
    assert stopped == [16] and len(rows) == 3 * 2  # three runs, each a row per epoch (0 and 1)
    assert set(rows.vary) == {"preparation"} and rows.value.iloc[0] == '["raw", "zero_one", "book", 0]'
    calls = []
    resumed = preparation_experiment(small_digits, **SMALL, results=path, callback=lambda d, t: calls.append(d))
    assert calls[0] == 3 and calls[-1] == 16 and len(calls) == 14  # only the 13 missing runs ran
    pd.testing.assert_frame_equal(resumed, whole)
    assert len(pd.read_csv(path)) == 32
    # read back, not rerun: a results file alone gives the table
    pd.testing.assert_frame_equal(preparation_experiment(small_digits, **SMALL, results=path,
                                                         callback=lambda d, t: calls.append(("again", d))), whole)
    assert calls[-1] == ("again", 16) and len(pd.read_csv(path)) == 32
    # a sweep with other settings is refused, naming the setting
    with pytest.raises(BadArgumentError, match="epochs") as exc:
        preparation_experiment(small_digits, **{**SMALL, "epochs": 2}, results=path)
    assert exc.value.argument == "results"


def test_one_target_encoder(small_digits):
    from gentlenn.book import one_hot_targets
    from gentlenn.lessons import encode_targets

    y = np.array([2, 0, 1])
    np.testing.assert_array_equal(encode_targets(y, 3, "zero_one"), np.eye(3)[y])
    np.testing.assert_array_equal(encode_targets(y, 3, "book"), np.eye(3)[y] * 0.98 + 0.01)
    np.testing.assert_array_equal(one_hot_targets(y, 3), encode_targets(y, 3, "book"))
    with pytest.raises(BadArgumentError, match="targets must be one of") as exc:
        encode_targets(y, 3, "minus_one")
    assert exc.value.argument == "targets"


def test_gradient_check_on_random_networks():
    rng = np.random.default_rng(7)
    for sizes in [(3, 3, 3), (5, 4, 2), (2, 6, 4)]:
        net = NeuralNetwork(*sizes, learning_rate=0.3, random_state=int(rng.integers(1000)))
        x = rng.uniform(0.01, 1.0, sizes[0])
        t = rng.uniform(0.01, 0.99, sizes[2])
        table = gradient_check(net, x, t)
        assert len(table) == sizes[0] * sizes[1] + sizes[1] * sizes[2]
        assert table.relative_error.max() < 1e-6
        # the output layer: the book's update is a gradient step with the 2 folded into the rate
        who = table[table.layer == "who"]
        np.testing.assert_allclose(who.book_update, -0.3 / 2 * who.numeric, rtol=1e-6, atol=1e-12)
        # the hidden layer: the book sends the raw errors back (W^T e), recomputed here in plain numpy
        h = expit(net.wih @ x)
        o = expit(net.who @ h)
        book_hidden = 0.3 * np.outer((net.who.T @ (t - o)) * h * (1 - h), x)
        wih = table[table.layer == "wih"]
        np.testing.assert_allclose(wih.book_update, book_hidden.ravel(), rtol=1e-12, atol=1e-15)
        assert not np.allclose(wih.book_update, wih.descent_step)  # ... which is not -lr/2 dE/dw
        assert (np.sign(wih.book_update) == np.sign(wih.descent_step)).mean() > 0.3
    before = (net.wih.copy(), net.who.copy())
    gradient_check(net, x, t)
    assert np.array_equal(net.wih, before[0]) and np.array_equal(net.who, before[1])  # the network is left alone


def test_gradient_check_rejects_targets_the_sigmoid_cannot_reach():
    with pytest.raises(BadArgumentError, match="strictly between 0 and 1"):
        gradient_check(NeuralNetwork(2, 2, 2, random_state=0), [0.5, 0.5], [0.0, 1.0])


def test_error_surface_has_two_valleys_and_descents_reach_both():
    s = error_surface()
    x, t = SURFACE_DATA
    assert s.error.shape == (121, 121)
    # the grid's values against a direct evaluation
    i, j = 17, 93
    h = expit(s.w1[i] * x)
    assert s.error[i, j] == pytest.approx(np.sum((t - expit(s.w2[j] * h)) ** 2), rel=1e-12)
    assert s.minima.valley.tolist() == [0, 1]
    assert s.minima.error.iloc[0] < s.minima.error.iloc[1] - 0.3  # a deep and a shallow valley
    assert set(s.ends.valley) == {0, 1}  # started elsewhere, some descents end in the wrong valley
    # each valley is a true minimum: scipy from nearby lands on it, and the grid has nothing lower than the deepest
    for v in s.minima.itertuples():
        f = minimize(lambda w: np.sum((t - expit(w[1] * expit(w[0] * x))) ** 2), [v.w1 + 0.2, v.w2 - 0.2],
                     method="Nelder-Mead", options=dict(xatol=1e-8, fatol=1e-12))
        assert f.fun == pytest.approx(v.error, abs=1e-7)
    assert s.error.min() >= s.minima.error.iloc[0] - 1e-12
    first = s.paths.groupby("start").error
    assert (first.last() < first.first()).all()
    assert error_surface(random_state=3).ends.valley.tolist() != s.ends.valley.tolist()  # the seed matters


def test_output_table_for_the_slides_five_zero_nine(digits, tmp_path):
    run = train_digits(digits, hidden_nodes=30, learning_rate=0.2, epochs=1, random_state=0)
    table = output_table(run.classifier, digits.X_test, digits.y_test)
    first = [int(np.flatnonzero(digits.y_test == label)[0]) for label in (5, 0, 9)]
    assert table.row.tolist() == first and table.label.tolist() == [5, 0, 9]
    # the outputs by the book's forward pass typed out here, from the trained weights
    net = run.classifier.network_
    inputs = digits.X_test[first] / 255.0 * 0.99 + 0.01
    outs = 1 / (1 + np.exp(-(1 / (1 + np.exp(-(inputs @ net.wih.T))) @ net.who.T)))
    np.testing.assert_allclose(table[[str(c) for c in range(10)]].to_numpy(), outs, rtol=1e-12)
    assert table.answer.tolist() == outs.argmax(axis=1).tolist()
    np.testing.assert_allclose(table.confidence, outs.max(axis=1) / outs.sum(axis=1))
    assert ((table.margin > 0) & (table.confidence <= 1)).all()
    with pytest.raises(BadArgumentError, match="give rows="):
        output_table(run.classifier, digits.X_test)
    with pytest.raises(BadArgumentError, match="rows must be between 0 and 499"):
        output_table(run.classifier, digits.X_test, rows=[500])
    fig = plot_output_table(table)
    assert len(fig.axes) == 3 and fig.axes[0].get_title().startswith("label 5: answer")


def test_lesson_figures(prep, tmp_path):
    fig = plot_preparation(prep)
    assert len(fig.axes) == 3
    s = error_surface(starts=3, steps=50)
    assert len(plot_error_surface(s).axes) == 2
    gif = animate_error_surface(s, tmp_path / "surface.gif", max_frames=10)
    from PIL import Image

    with Image.open(gif) as im:
        assert im.n_frames >= 5


def test_lessons_from_the_command_line(tmp_path, capsys):
    from gentlenn.cli import main

    out = tmp_path / "out"
    results = tmp_path / "prep.csv"  # --results applies to the preparation experiment too
    prep_args = ["experiment", "preparation", "--restarts", "1", "--epochs", "1", "--hidden-nodes", "10",
                 "--test-size", "500", "--quiet", "--results", str(results), "--out", str(out)]
    main(prep_args)
    table = pd.read_csv(out / "preparation.csv")
    assert len(pd.read_csv(results)) == 24 * 2
    assert len(table) == 24 * 2 and (out / "preparation.png").stat().st_size > 0
    assert (table[table.weights == "zero"].hidden_spread < 1e-9).all()
    main(["error-surface", "--starts", "4", "--steps", "100", "--out", str(out)])
    ends = pd.read_csv(out / "error_surface_ends.csv")
    pd.testing.assert_frame_equal(ends, error_surface(starts=4, steps=100).ends, check_dtype=False)
    assert all((out / f).stat().st_size > 0 for f in ("error_surface.png", "error_surface.gif"))
    main(["outputs", "--hidden-nodes", "20", "--quiet", "--test-size", "500", "--out", str(out)])
    shown = pd.read_csv(out / "outputs.csv")
    assert shown.label.tolist() == [5, 0, 9] and (out / "outputs.png").exists()
    assert "confidence" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exc:
        main(["experiment", "preparation", "--values", "1", "--out", str(out)])
    assert exc.value.code == 2 and "--values does not apply" in capsys.readouterr().err
    main(prep_args)  # a rerun reads every run back from the results file: the same table, no new rows
    assert len(pd.read_csv(results)) == 24 * 2
    pd.testing.assert_frame_equal(pd.read_csv(out / "preparation.csv"), table)
