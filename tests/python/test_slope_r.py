"""The shared slope fixtures through R: the plain-R engine in-process (rpy2), and the R package's
Python engine in an Rscript subprocess (R -> reticulate -> this Python)."""

import numpy as np
import pytest

from conftest import FIXTURES, load_fixture, parse_tagged
from test_slope import CASES, assert_matches_case

pytestmark = pytest.mark.r


def r_args(case):
    p = case["params"]
    num = lambda v: "NULL" if v is None else f'as.numeric("{v}")'
    return (
        f'slope = {num(p["slope"])}, learning_rate = {num(p["learning_rate"])}, '
        f'margin = {num(p["margin"])}, epochs = {p["epochs"]}, '
        f'shuffle = {"TRUE" if p["shuffle"] else "FALSE"}, '
        f'seed = {"NULL" if p["seed"] is None else str(p["seed"]) + "L"}, '
        f'slope_range = as.numeric(c("{p["slope_range"][0]}", "{p["slope_range"][1]}"))'
    )


def r_frame(case):
    xs = ", ".join(f'"{v}"' for v in case["x"])
    ys = ", ".join(f'"{v}"' for v in case["y"])
    labels = ", ".join(f'"{v}"' for v in case["labels"])
    return f"data.frame(x = as.numeric(c({xs})), y = as.numeric(c({ys})), class = c({labels}))"


REPORT = (
    '(function(f, d) {{ '
    'cat("@@ initial", sprintf("%a", f$initial_slope), "\\n"); '
    'cat("@@ slopes", sprintf("%a", slope_history(f)$slope), "\\n"); '
    'cat("@@ index", slope_history(f)$index, "\\n"); '
    'cat("@@ accuracy", sprintf("%a", mean(predict(f) == d$class)), "\\n"); '
    'cat("@@ above", f$above, "\\n") }})'
)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_fixture_plain_r_engine(r_gentlenn, case):
    out = r_gentlenn.r(
        f'local({{ d <- {r_frame(case)}; f <- slope_classifier(d, {r_args(case)}, engine = "r"); '
        f'list(f$initial_slope, slope_history(f)$slope, slope_history(f)$index, '
        f'mean(predict(f) == d$class), f$above) }})'
    )
    initial, slopes, index, accuracy, above = (np.array(v) for v in out)
    assert_matches_case(case, initial[0], slopes, index.astype(int), accuracy[0], str(above[0]))


def test_fixture_r_package_python_engine(run_r):
    """All cases in one Rscript run: R reads the same JSON, calls the Python core via reticulate."""
    fixture = FIXTURES / "slope_cases.json"
    code = f"""
    suppressMessages(library(gentlenn))
    cases <- jsonlite::fromJSON("{fixture}", simplifyVector = FALSE)$cases
    num <- function(v) if (is.null(v)) NULL else as.numeric(v)
    for (case in cases) {{
      p <- case$params
      d <- data.frame(x = as.numeric(unlist(case$x)), y = as.numeric(unlist(case$y)),
                      class = unlist(case$labels))
      f <- slope_classifier(d, slope = num(p$slope), learning_rate = num(p$learning_rate),
                            margin = num(p$margin), epochs = p$epochs, shuffle = p$shuffle,
                            seed = if (is.null(p$seed)) NULL else as.integer(p$seed),
                            slope_range = as.numeric(unlist(p$slope_range)), engine = "python")
      h <- slope_history(f)
      cat("@@", paste0(case$name, ".initial"), sprintf("%a", f$initial_slope), "\\n")
      cat("@@", paste0(case$name, ".slopes"), sprintf("%a", h$slope), "\\n")
      cat("@@", paste0(case$name, ".index"), h$index, "\\n")
      cat("@@", paste0(case$name, ".accuracy"), sprintf("%a", mean(predict(f) == d$class)), "\\n")
      cat("@@", paste0(case$name, ".above"), f$above, "\\n")
    }}
    """
    got = parse_tagged(run_r(code))
    for case in load_fixture("slope_cases.json")["cases"]:
        n = case["name"]
        assert_matches_case(case, got[f"{n}.initial"][0], got[f"{n}.slopes"],
                            [int(i) for i in got[f"{n}.index"]], got[f"{n}.accuracy"][0],
                            got[f"{n}.above"][0])


def test_r_package_prints_book_slopes(run_r):
    out = run_r('suppressMessages(library(gentlenn)); '
                'f <- slope_classifier(bugs, slope = 0.25, learning_rate = 0.5); '
                'cat(sprintf("%.4f", slope_history(f)$slope), "\\n"); '
                'cat(sprintf("%a", slope_history(f)$slope), "\\n")')
    lines = out.strip().splitlines()
    assert lines[0].split() == ["0.3083", "1.6042"]
    import gentlenn
    clf = gentlenn.SlopeClassifier(slope=0.25, learning_rate=0.5).fit(
        [[3.0, 1.0], [1.0, 3.0]], ["ladybird", "caterpillar"])
    assert [float.fromhex(v) for v in lines[1].split()] == clf.history_["slope"].tolist()
