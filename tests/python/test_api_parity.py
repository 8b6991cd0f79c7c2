"""One API in two languages: every public Python name and every R export is paired through
tests/fixtures/api_parity.json or listed there as one-language-only with its reason, and the
R defaults that restate the book's constants equal them."""

import re

import gentlenn
from gentlenn import augment, book, data, errors, estimator, experiments, images, lessons, network, plotting, slope
from gentlenn import playground

from conftest import FIXTURES, ROOT, load_fixture

MODULES = [data, network, estimator, experiments, lessons, images, augment, slope, plotting, book, playground]
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


def test_r_defaults_restate_the_books_constants():
    """R's usage lines need literal defaults; they must be the book's (gentlenn/book.py)."""
    source = "\n".join(p.read_text() for p in (ROOT / "R").glob("*.R"))
    train = re.search(r"train_digits <- function\(data, hidden_nodes = (\d+), learning_rate = ([\d.]+)", source)
    assert (int(train.group(1)), float(train.group(2))) == (book.HIDDEN_NODES, book.DIGITS_LEARNING_RATE)
    clf = re.search(r"network_classifier.default <- function\(x, y, \.\.\., hidden_nodes = (\d+), learning_rate = ([\d.]+)",
                    source)
    assert (int(clf.group(1)), float(clf.group(2))) == (book.HIDDEN_NODES, book.LEARNING_RATE)
    net = re.search(r"neural_network <- function\(input_nodes, hidden_nodes, output_nodes, learning_rate = ([\d.]+)",
                    source)
    assert float(net.group(1)) == book.LEARNING_RATE
