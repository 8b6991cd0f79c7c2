"""The book's experiments give the same table from Python, from R and from the command line."""

import numpy as np
import pandas as pd
import pytest

from gentlenn.cli import main
from gentlenn.experiments import experiment
from gentlenn.data import load_mnist

from conftest import parse_tagged

pytestmark = pytest.mark.r

CASES = [("learning_rate", [0.1, 0.3]), ("epochs", [1, 2]), ("hidden_nodes", [5, 20])]


def test_experiments_agree_in_python_r_and_cli(run_r, tmp_path):
    data = load_mnist("sample")
    fixed = dict(hidden_nodes=10, restarts=2, random_state=5)
    r_code = ["suppressMessages(library(gentlenn))", "d <- load_mnist()"]
    for vary, values in CASES:
        hidden = "" if vary == "hidden_nodes" else ", hidden_nodes = 10"
        r_code.append(
            f'e <- digits_experiment(d, "{vary}", c({", ".join(map(str, values))}), restarts = 2, seed = 5{hidden}); '
            f'cat("@@ {vary}", sprintf("%a", e$accuracy), "\\n"); cat("@@ {vary}.seed", e$seed, "\\n")')
    got_r = parse_tagged(run_r("\n".join(r_code)))
    for vary, values in CASES:
        kw = {k: v for k, v in fixed.items() if k != vary}
        py = experiment(data, vary, values, **kw)
        cli_vary = vary.replace("_", "-")
        args = ["experiment", cli_vary, "--values", *map(str, values), "--restarts", "2", "--seed", "5",
                "--out", str(tmp_path)]
        if vary != "hidden_nodes":
            args += ["--hidden-nodes", "10"]
        assert main(args) == 0
        cli = pd.read_csv(tmp_path / f"experiment_{vary}.csv", dtype={"accuracy": str})
        cli["accuracy"] = cli["accuracy"].map(float)  # exact: float() of the %.17g text
        np.testing.assert_array_equal(cli.accuracy, py.accuracy)
        np.testing.assert_array_equal(got_r[vary], py.accuracy)
        assert [int(s) for s in got_r[f"{vary}.seed"]] == py.seed.tolist() == [5, 6, 5, 6]
        assert py[vary].tolist() == [v for v in values for _ in range(2)]
