import numpy as np
import pytest

import gentlenn
from gentlenn import iris_two_class, load_bugs, scale_no_center


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
