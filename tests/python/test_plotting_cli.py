import doctest
import importlib

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import gentlenn
from gentlenn import SlopeClassifier, iris_two_class
from gentlenn.cli import main
from gentlenn.plotting import animate_slope, plot_learning_rate_study, plot_slope_fit, plot_slope_trajectory


@pytest.fixture(scope="module")
def fitted():
    d = iris_two_class()
    X, y = d[["sepal_length", "sepal_width"]], d["species"]
    return SlopeClassifier(random_state=42, epochs=3, shuffle=True).fit(X, y), X, y


def test_line_plot_has_initial_epoch_and_final_lines(fitted):
    clf, X, y = fitted
    fig = plot_slope_fit(clf, X, y)
    ax = fig.axes[0]
    assert len(ax.lines) == 1 + 2 + 1  # initial, after epochs 1 and 2, final
    np.testing.assert_allclose(ax.lines[-1].get_ydata()[1] / ax.lines[-1].get_xdata()[1], clf.slope_)
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert "setosa (above)" in labels and any(l.startswith("final A") for l in labels)


def test_trajectory_plot_follows_slopes(fitted):
    clf, _, _ = fitted
    line = plot_slope_trajectory(clf).axes[0].lines[0]
    np.testing.assert_array_equal(line.get_ydata(), clf.slopes_)


def test_learning_rate_plot(fitted):
    _, X, y = fitted
    table = gentlenn.slope_learning_rate_study(X, y, [0.1, 1.0], [1, 2])
    fig = plot_learning_rate_study(table)
    assert [a.get_xscale() for a in fig.axes] == ["log", "log"]


def test_animation_writes_gif_frames(fitted, tmp_path):
    clf, X, y = fitted
    path = animate_slope(clf, X, y, tmp_path / "line.gif", max_frames=12)
    with Image.open(path) as im:
        assert im.format == "GIF" and im.n_frames == 12


def test_cli_slope_writes_tables_and_figures(tmp_path, capsys):
    assert main(["slope", "--epochs", "2", "--seed", "7", "--out", str(tmp_path)]) == 0
    out = capsys.readouterr().out
    run = pd.read_csv(tmp_path / "iris_run.csv", dtype=str)  # exact: float() of the %.17g text
    clf = SlopeClassifier(epochs=2, shuffle=True, random_state=7).fit(
        iris_two_class().iloc[:, :2], iris_two_class().species)
    assert float(run.final_slope[0]) == clf.slope_
    assert f"final slope {clf.slope_:.6f}" in out
    for name in ["iris_history.csv", "iris_line.png", "iris_slope_trajectory.png", "iris_line.gif"]:
        assert (tmp_path / name).stat().st_size > 0


def test_cli_bad_argument_is_a_clear_error(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["slope", "--learning-rate", "-1", "--out", str(tmp_path)])
    assert exc.value.code == 2
    assert "--learning-rate: '-1' is not a number > 0" in capsys.readouterr().err


@pytest.mark.parametrize("module", ["gentlenn.slope", "gentlenn.data", "gentlenn._random", "gentlenn.plotting",
                                    "gentlenn.network", "gentlenn.book", "gentlenn.experiments",
                                    "gentlenn.lessons"])
def test_docstring_examples_run(module):
    result = doctest.testmod(importlib.import_module(module),
                             optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    assert result.attempted > 0 and result.failed == 0


def test_cli_slope_study_table(tmp_path):
    assert main(["slope-study", "--learning-rates", "0.1", "1.0", "--seeds", "2", "--epochs", "2",
                 "--out", str(tmp_path)]) == 0
    table = pd.read_csv(tmp_path / "iris_learning_rates.csv")
    assert table.learning_rate.tolist() == [0.1, 0.1, 1.0, 1.0] and table.seed.tolist() == [1, 2, 1, 2]
    assert (tmp_path / "iris_learning_rates.png").stat().st_size > 0
