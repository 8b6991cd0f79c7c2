"""The three-layer network: the book's worked examples, the shared fixtures, save/load, errors."""

import json

import numpy as np
import pytest

from gentlenn import NeuralNetwork, split_errors, weight_update
from gentlenn.network import layer_gradient, sigmoid, train_step

from conftest import load_fixture

NET_CASES = load_fixture("network_cases.json")["cases"]
W_IH_333 = [[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]]
W_HO_333 = [[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]]


def f(values):
    return np.array(values, dtype=object).astype(float)


# --- the book's worked examples (Make Your Own Neural Network, part 1) ---------------------------

def test_book_2x2_signals():
    # two layers of two nodes: inputs (1.0, 0.5), W = [[0.9, 0.3], [0.2, 0.8]]
    W = np.array([[0.9, 0.3], [0.2, 0.8]])
    X = W @ np.array([1.0, 0.5])
    assert X.round(2).tolist() == [1.05, 0.6]
    assert sigmoid(X).round(4).tolist() == [0.7408, 0.6457]


def test_book_3x3x3_forward_pass():
    net = NeuralNetwork(3, 3, 3, weights=(W_IH_333, W_HO_333))
    outputs, hidden = net.query([0.9, 0.1, 0.8], return_hidden=True)
    assert (net.wih @ [0.9, 0.1, 0.8]).round(2).tolist() == [1.16, 0.42, 0.62]
    assert hidden.round(3).tolist() == [0.761, 0.603, 0.650]
    assert (net.who @ hidden).round(3).tolist() == [0.976, 0.889, 1.255]
    # The book prints O = (0.726, 0.708, 0.778): it rounds the output layer's inputs to
    # (0.975, 0.888, 1.254) first. Exact values agree with the print to 1e-3, and the
    # book's rounded intermediates give its digits exactly.
    np.testing.assert_allclose(outputs, [0.726, 0.708, 0.778], atol=1e-3)
    assert sigmoid(np.array([0.975, 0.888, 1.254])).round(3).tolist() == [0.726, 0.708, 0.778]


def test_book_error_split_both_ways():
    W = np.array([[2.0, 3.0], [1.0, 4.0]])  # W[k, j]: hidden j -> output k (w11, w21; w12, w22)
    e = np.array([0.8, 0.5])
    np.testing.assert_allclose(split_errors(W, e, "proportional"), [0.42, 0.88], atol=1e-15)
    np.testing.assert_allclose(split_errors(W, e, "transpose"), [2.1, 4.4], atol=1e-15)


def test_book_weight_update():
    W = np.array([[2.0, 3.0]])
    o_hidden = np.array([0.4, 0.5])
    assert float((W @ o_hidden)[0]) == pytest.approx(2.3)
    out = sigmoid(W @ o_hidden)
    slope = -0.8 * out * (1 - out) * 0.4  # dE/dw11 = -e1 * sigmoid(x)(1 - sigmoid(x)) * o_1
    assert round(float(slope[0]), 6) == -0.026502
    new = weight_update(W, o_hidden, [0.8], 0.1)
    assert round(float(new[0, 0]), 6) == 2.002650
    # the same step through the gradient the training step uses
    np.testing.assert_array_equal(new, W + 0.1 * layer_gradient(np.array([0.8]), out, o_hidden))


# --- training ---------------------------------------------------------------------------------

def test_train_step_matches_the_formulae():
    rng = np.random.default_rng(0)
    net = NeuralNetwork(4, 3, 2, 0.2, random_state=5)
    x, t = rng.uniform(0.01, 1, 4), np.array([0.99, 0.01])
    wih, who = net.wih.copy(), net.who.copy()
    h = 1 / (1 + np.exp(-(wih @ x)))
    o = 1 / (1 + np.exp(-(who @ h)))
    e = t - o
    eh = who.T @ e
    net.train(x, t)
    np.testing.assert_allclose(net.who, who + 0.2 * np.outer(e * o * (1 - o), h), rtol=1e-14)
    np.testing.assert_allclose(net.wih, wih + 0.2 * np.outer(eh * h * (1 - h), x), rtol=1e-14)


def test_training_reduces_error():
    net = NeuralNetwork(3, 5, 2, 0.5, random_state=1)
    x, t = np.array([0.9, 0.1, 0.8]), np.array([0.99, 0.01])
    before = np.sum((t - net.query(x)) ** 2)
    for _ in range(50):
        net.train(x, t)
    assert np.sum((t - net.query(x)) ** 2) < before / 10


def test_weights_default_draw_and_seed():
    a, b = NeuralNetwork(784, 100, 10, random_state=3), NeuralNetwork(784, 100, 10, random_state=3)
    assert np.array_equal(a.wih, b.wih) and a.wih.shape == (100, 784) and a.who.shape == (10, 100)
    assert a.wih.std() == pytest.approx(784 ** -0.5, rel=0.02)
    assert a.who.std() == pytest.approx(100 ** -0.5, rel=0.1)
    assert not np.array_equal(a.wih, NeuralNetwork(784, 100, 10, random_state=4).wih)


def test_batch_query_equals_row_queries():
    net = NeuralNetwork(5, 4, 3, random_state=2)
    X = np.random.default_rng(1).uniform(size=(6, 5))
    np.testing.assert_allclose(net.query(X), np.array([net.query(x) for x in X]), rtol=1e-14)


def test_train_many_equals_repeated_train():
    X = np.random.default_rng(1).uniform(0.01, 1, (5, 4))
    T = np.full((5, 2), 0.01)
    T[:, 0] = 0.99
    a, b = NeuralNetwork(4, 3, 2, random_state=1), NeuralNetwork(4, 3, 2, random_state=1)
    a.train_many(X, T)
    for x, t in zip(X, T):
        b.train(x, t)
    assert np.array_equal(a.wih, b.wih) and np.array_equal(a.who, b.who)


def test_backquery_shape_and_range():
    net = NeuralNetwork(784, 50, 10, random_state=0)
    t = np.full(10, 0.01)
    t[3] = 0.99
    img = net.backquery(t)
    assert img.shape == (784,) and img.min() == pytest.approx(0.01) and img.max() == pytest.approx(0.99)


def test_backquery_inverts_query_on_a_square_network():
    # with invertible weights and targets the network can reach, backquery recovers the input
    # up to the rescaling into 0.01..0.99
    net = NeuralNetwork(2, 2, 2, weights=([[1.0, 0.2], [0.3, 1.0]], [[1.0, -0.4], [0.2, 1.0]]))
    x = np.array([0.01, 0.99])
    back = net.backquery(net.query(x))
    np.testing.assert_allclose(back, x, atol=0.02)


# --- the shared fixtures ----------------------------------------------------------------------

@pytest.mark.parametrize("case", NET_CASES, ids=[c["name"] for c in NET_CASES])
def test_fixture_network_python_core(case):
    wih, who = f(case["wih"]), f(case["who"])
    net = NeuralNetwork(wih.shape[1], wih.shape[0], who.shape[0], float(case["learning_rate"]),
                        weights=(wih, who), error_split=case["error_split"])
    for x, t, step in zip(f(case["inputs"]), f(case["targets"]), case["steps"]):
        outputs, hidden = net.query(x, return_hidden=True)
        np.testing.assert_allclose(hidden, f(step["hidden"]), rtol=1e-12, atol=0)
        np.testing.assert_allclose(outputs, f(step["outputs"]), rtol=1e-12, atol=0)
        net.train(x, t)
        np.testing.assert_allclose(net.wih, f(step["wih"]), rtol=1e-12, atol=0)
        np.testing.assert_allclose(net.who, f(step["who"]), rtol=1e-12, atol=0)


# --- save / load ------------------------------------------------------------------------------

def test_save_load_round_trip_is_exact(tmp_path):
    net = NeuralNetwork(7, 5, 3, 0.25, error_split="proportional", random_state=9)
    path = net.save(tmp_path / "net.json")
    back = NeuralNetwork.load(path)
    assert np.array_equal(back.wih, net.wih) and np.array_equal(back.who, net.who)
    assert (back.learning_rate, back.error_split) == (0.25, "proportional")
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]  # no temporary left behind


def test_save_failure_leaves_no_partial_file(tmp_path, monkeypatch):
    net = NeuralNetwork(3, 2, 2, random_state=0)
    target = tmp_path / "net.json"
    net.save(target)
    before = target.read_text()

    def boom(*a, **k):
        raise OSError("disk full")

    monkeypatch.setattr(json, "dump", boom)
    with pytest.raises(OSError, match="disk full"):
        NeuralNetwork(3, 2, 2, random_state=1).save(target)
    assert target.read_text() == before  # the old file is intact
    assert [p.name for p in tmp_path.iterdir()] == ["net.json"]


@pytest.mark.parametrize("content, match", [
    (None, "does not exist"),
    ('{"format": "gentlenn-network", "version": 1, "input_nodes": 3', "truncated or not valid JSON"),
    ('{"format": "other"}', "is not a gentlenn-network file"),
    ('{"format": "gentlenn-network", "version": 7}', "has version 7"),
    ('{"format": "gentlenn-network", "version": 1, "input_nodes": 2}', "lacks"),
    ('{"format": "gentlenn-network", "version": 1, "input_nodes": 2, "hidden_nodes": 2, '
     '"output_nodes": 1, "learning_rate": 0.3, "wih": [[1, 2]], "who": [[1, 2]]}', "wih must be 2 rows of 2 numbers"),
])
def test_load_bad_files(tmp_path, content, match):
    path = tmp_path / "net.json"
    if content is not None:
        path.write_text(content)
    with pytest.raises((ValueError, FileNotFoundError), match=match) as exc:
        NeuralNetwork.load(path)
    assert "net.json" in str(exc.value)


# --- bad input --------------------------------------------------------------------------------

@pytest.mark.parametrize("args, kwargs, match", [
    ((0, 3, 2), {}, "input_nodes must be a whole number from 1 to 100000, got 0"),
    ((3, -1, 2), {}, "hidden_nodes must be a whole number"),
    ((3, 3, 2.5), {}, "output_nodes must be a whole number"),
    ((3, 3, 2, 0), {}, "learning_rate must be a number > 0, got (0|-0.1)"),
    ((3, 3, 2, -0.1), {}, "learning_rate must be a number > 0, got (0|-0.1)"),
    ((3, 3, 2), {"error_split": "equal"}, "error_split must be one of"),
    ((3, 3, 2), {"weights": ([[1, 2, 3]], [[1], [2]])}, r"must have shape \(3, 3\)"),
    ((2, 2, 1), {"weights": ([[1, np.nan], [0, 1]], [[1, 1]])}, "NaN or infinite"),
])
def test_bad_construction(args, kwargs, match):
    with pytest.raises(ValueError, match=match):
        NeuralNetwork(*args, **kwargs)


def test_bad_query_and_train_input():
    net = NeuralNetwork(3, 2, 2, random_state=0)
    with pytest.raises(ValueError, match="inputs must have 3 values"):
        net.query([0.1, 0.2])
    with pytest.raises(ValueError, match="inputs contain NaN"):
        net.query([0.1, np.nan, 0.3])
    with pytest.raises(ValueError, match="targets must lie strictly between 0 and 1"):
        net.train([0.1, 0.2, 0.3], [1.0, 0.0])
    with pytest.raises(ValueError, match="targets must have 2 values"):
        net.train([0.1, 0.2, 0.3], [0.5])
    with pytest.raises(ValueError, match="strictly between 0 and 1 for the logit"):
        net.backquery([0.0, 0.5])


def test_train_step_is_the_one_update():
    # NeuralNetwork.train goes through train_step: same numbers as calling it directly
    net = NeuralNetwork(3, 4, 2, 0.3, random_state=8)
    wih, who = net.wih.copy(), net.who.copy()
    x, t = np.array([0.2, 0.5, 0.9]), np.array([0.01, 0.99])
    train_step(wih, who, x, t, 0.3)
    net.train(x, t)
    assert np.array_equal(net.wih, wih) and np.array_equal(net.who, who)
