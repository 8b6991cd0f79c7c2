"""The process boundary for the network: files written in one language read in the other, bit for
bit. (The shared fixtures through R, the plain-R reference and the core from R, are testthat's:
tests/testthat/test-network.R.)"""

import numpy as np
import pytest

from conftest import parse_tagged

pytestmark = pytest.mark.r


def test_network_file_crosses_languages(run_r, tmp_path):
    """A network saved by Python loads in R and the other way round, bit for bit."""
    from gentlenn import NeuralNetwork

    py_file, r_file = tmp_path / "from_python.json", tmp_path / "from_r.json"
    NeuralNetwork(6, 4, 3, 0.2, random_state=11).save(py_file)
    out = run_r(f"""
    suppressMessages(library(gentlenn))
    net <- load_network("{py_file}")
    cat("@@ wih", sprintf("%a", t(net$wih)), "\\n")
    save_network(train_network(net, rep(0.5, 6), c(0.99, 0.01, 0.01)), "{r_file}")
    """)
    np.testing.assert_array_equal(parse_tagged(out)["wih"], NeuralNetwork.load(py_file).wih.ravel())
    expected = NeuralNetwork.load(py_file)
    expected.train(np.full(6, 0.5), [0.99, 0.01, 0.01])
    back = NeuralNetwork.load(r_file)
    assert np.array_equal(back.wih, expected.wih) and np.array_equal(back.who, expected.who)
