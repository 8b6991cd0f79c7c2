"""The network fixtures through R: the plain-R reference in-process (rpy2), and the R package's
network (R -> reticulate -> this Python) in an Rscript subprocess."""

import numpy as np
import pytest

from conftest import FIXTURES, ROOT, parse_tagged
from test_network import NET_CASES, f

pytestmark = pytest.mark.r
REFERENCE = ROOT / "tests" / "testthat" / "helper-network-reference.R"


def r_matrix(r, a):
    a = np.asarray(a, dtype=float)
    return r.r["matrix"](r.FloatVector(a.ravel()), nrow=a.shape[0], byrow=True)


@pytest.mark.parametrize("case", NET_CASES, ids=[c["name"] for c in NET_CASES])
def test_fixture_plain_r_reference(r, case):
    r.r["source"](str(REFERENCE))
    wih, who = f(case["wih"]), f(case["who"])
    lr = float(case["learning_rate"])
    for x, t, step in zip(f(case["inputs"]), f(case["targets"]), case["steps"]):
        q = r.r["ref_query"](r_matrix(r, wih), r_matrix(r, who), r.FloatVector(x))
        np.testing.assert_allclose(np.array(q.rx2("outputs")), f(step["outputs"]), rtol=1e-12, atol=0)
        s = r.r["ref_train"](r_matrix(r, wih), r_matrix(r, who), r.FloatVector(x), r.FloatVector(t), lr,
                             case["error_split"])
        wih, who = np.array(s.rx2("wih")), np.array(s.rx2("who"))
        np.testing.assert_allclose(wih, f(step["wih"]), rtol=1e-12, atol=0)
        np.testing.assert_allclose(who, f(step["who"]), rtol=1e-12, atol=0)


def test_fixture_r_package_network(run_r):
    fixture = FIXTURES / "network_cases.json"
    code = f"""
    suppressMessages(library(gentlenn))
    m <- function(rows) do.call(rbind, lapply(rows, function(r) as.numeric(unlist(r))))
    for (case in jsonlite::fromJSON("{fixture}", simplifyVector = FALSE)$cases) {{
      wih <- m(case$wih); who <- m(case$who); x <- m(case$inputs); t <- m(case$targets)
      net <- neural_network(ncol(wih), nrow(wih), nrow(who), as.numeric(case$learning_rate),
                            weights = list(wih, who), error_split = case$error_split)
      for (i in seq_len(nrow(x))) {{
        cat("@@", paste0(case$name, ".", i, ".outputs"), sprintf("%a", query_network(net, x[i, ])), "\\n")
        net <- train_network(net, x[i, ], t[i, ])
        cat("@@", paste0(case$name, ".", i, ".wih"), sprintf("%a", t(net$wih)), "\\n")
        cat("@@", paste0(case$name, ".", i, ".who"), sprintf("%a", t(net$who)), "\\n")
      }}
    }}
    """
    got = parse_tagged(run_r(code))
    for case in NET_CASES:
        for i, step in enumerate(case["steps"], start=1):
            key = f"{case['name']}.{i}"
            np.testing.assert_allclose(got[f"{key}.outputs"], f(step["outputs"]), rtol=1e-12, atol=0)
            np.testing.assert_allclose(got[f"{key}.wih"], f(step["wih"]).ravel(), rtol=1e-12, atol=0)
            np.testing.assert_allclose(got[f"{key}.who"], f(step["who"]).ravel(), rtol=1e-12, atol=0)


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
