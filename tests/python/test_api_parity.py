"""One API in two languages: every public Python name and every R export is paired through
tests/fixtures/api_parity.json or listed there as one-language-only with its reason, and the
R defaults that restate the book's constants equal them."""

import re

import pytest

import gentlenn
from gentlenn import (augment, book, data, errors, estimator, experiments, images, lessons, network, plotting,
                      reproduce, slope)
from gentlenn import playground

from conftest import FIXTURES, ROOT, load_fixture

MODULES = [data, network, estimator, experiments, lessons, images, augment, slope, plotting, book, playground,
           reproduce]
CONSTANT = re.compile(r"^[A-Z][A-Z0-9_]*$")


def python_public_names():
    names = set(gentlenn.__all__) - {"__version__"}
    for module in MODULES:
        names |= {n for n in module.__all__ if not CONSTANT.match(n)}
    names |= {f"NeuralNetwork.{m}" for m in ("query", "train_many", "backquery", "save", "load")}
    names |= {"errors"} | {n for n in errors.__all__ if n == "GentlennError"}
    return names


def r_exports():
    """R's exported functions and its data sets (data/*.csv, loaded with data())."""
    lines = (ROOT / "NAMESPACE").read_text().splitlines()
    functions = {m.group(1) for line in lines if (m := re.match(r"^export\((.+)\)$", line))}
    return functions | {p.stem for p in (ROOT / "data").glob("*.csv")}


def test_every_python_name_has_an_r_counterpart_or_a_reason():
    table = load_fixture("api_parity.json")
    known = set(table["pairs"]) | set(table["python_only"])
    missing = sorted(python_public_names() - known)
    assert missing == [], f"public Python names missing from {FIXTURES / 'api_parity.json'}: {missing}"
    stale = sorted(known - python_public_names() - {"errors"})
    assert stale == [], f"names in the table that Python no longer has: {stale}"


def test_every_r_export_has_a_python_counterpart_or_a_reason():
    table = load_fixture("api_parity.json")
    known = set(table["pairs"].values()) | set(table["r_only"])
    exports = r_exports()
    assert sorted(exports - known) == [], "R exports missing from the table"
    assert sorted(known - exports) == [], "names in the table that R no longer exports"
    assert all(reason.strip() for reason in {**table["python_only"], **table["r_only"]}.values())


@pytest.mark.r
def test_r_defaults_are_the_books_constants(run_r):
    """R's defaults are filled from the core's specifications when the package is built; the
    installed functions' formals must hold the book's constants (gentlenn/book.py)."""
    out = run_r('f <- function(fn, arg) cat("@@", fn, arg, '
                'format(eval(formals(getFromNamespace(fn, "gentlenn"))[[arg]]), digits = 17), "\\n"); '
                'f("train_digits", "hidden_nodes"); f("train_digits", "learning_rate"); '
                'f("network_classifier.matrix", "hidden_nodes"); f("network_classifier.matrix", "learning_rate"); '
                'f("neural_network", "learning_rate"); f("slope_classifier", "learning_rate"); '
                'f("slope_classifier", "margin")')
    got = {tuple(line.split()[1:3]): float(line.split()[3]) for line in out.splitlines() if line.startswith("@@")}
    assert got == {("train_digits", "hidden_nodes"): book.HIDDEN_NODES,
                   ("train_digits", "learning_rate"): book.DIGITS_LEARNING_RATE,
                   ("network_classifier.matrix", "hidden_nodes"): book.HIDDEN_NODES,
                   ("network_classifier.matrix", "learning_rate"): book.DIGITS_LEARNING_RATE,
                   ("neural_network", "learning_rate"): book.LEARNING_RATE,
                   ("slope_classifier", "learning_rate"): book.SLOPE_LEARNING_RATE,
                   ("slope_classifier", "margin"): book.SLOPE_MARGIN}
