"""Data sets of the course: the book's two bugs and the two-class iris exercise."""

from __future__ import annotations

import math
from importlib import resources

import numpy as np
import pandas as pd

from ._validation import as_float_matrix
from .errors import BadArgumentError

IRIS_FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
IRIS_TWO_CLASSES = ("setosa", "versicolor")


def load_bugs():
    """The book's two measured bugs: a ladybird and a caterpillar.

    Read from ``data/bugs.csv``, the same table R's ``data(bugs)`` loads.

    Returns
    -------
    pandas.DataFrame
        Columns ``width`` (x), ``length`` (y) and ``bug`` (the class).

    Examples
    --------
    >>> load_bugs()
       width  length          bug
    0    3.0     1.0     ladybird
    1    1.0     3.0  caterpillar
    """
    with resources.files("gentlenn.data").joinpath("bugs.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, sep=";")


def scale_no_center(X):
    """Divide each column by its root mean square, as R's ``scale(x, center = FALSE)`` does.

    The divisor of a column ``v`` with ``n`` values is ``sqrt(sum(v^2) / (n - 1))``. The sum of
    squares is accumulated in extended precision, as R's ``sum()`` does, so the results agree
    with R to the last bit in practice.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    scaled : ndarray of shape (n_samples, n_features)
    divisors : ndarray of shape (n_features,)

    Examples
    --------
    >>> scaled, divisors = scale_no_center([[1.0], [3.0]])   # sqrt((1 + 9) / 1)
    >>> divisors
    array([3.16227766])
    """
    X = as_float_matrix(X, "X")
    n = X.shape[0]
    divisors = np.array([
        math.sqrt(float(np.sum(np.square(col), dtype=np.longdouble)) / max(1, n - 1)) for col in X.T
    ])
    if np.any(divisors == 0):
        raise BadArgumentError("X has a column of zeros: it cannot be scaled")
    return X / divisors, divisors


def iris_two_class(x="sepal_length", y="sepal_width", scale=True, species=IRIS_TWO_CLASSES):
    """The course's iris exercise: two species (setosa vs versicolor by default), two features,
    scaled without centring.

    The rows of the two species in Fisher's iris (scikit-learn's ``load_iris``, equal to R's
    ``datasets::iris``; rows 1-100 by default) are taken first, in iris's order, then each chosen
    column is divided by ``sqrt(sum(v^2) / (n - 1))``, as R's ``scale(x, center = FALSE)``.

    Parameters
    ----------
    x, y : str, default "sepal_length", "sepal_width"
        Features for the horizontal and vertical axis; one of ``sepal_length``,
        ``sepal_width``, ``petal_length``, ``petal_width``.
    scale : bool, default True
        Scale the columns as R's ``scale(d, center = FALSE)``.
    species : pair of str, default ("setosa", "versicolor")
        Any two of ``"setosa"``, ``"versicolor"``, ``"virginica"``.

    Returns
    -------
    pandas.DataFrame
        100 rows, columns ``[x, y, "species"]``.
        With ``scale=True``, ``df.attrs["scale"]`` holds the two divisors.

    Examples
    --------
    >>> iris_two_class().round(4).head(2)
       sepal_length  sepal_width species
    0        0.9213       1.1107  setosa
    1        0.8851       0.9520  setosa
    """
    from sklearn.datasets import load_iris

    for name, value in (("x", x), ("y", y)):
        if value not in IRIS_FEATURES:
            raise BadArgumentError(f"{name} must be one of {list(IRIS_FEATURES)}, got {value!r}")
    if x == y:
        raise BadArgumentError(f"x and y must be different features, both are {x!r}")
    names = ("setosa", "versicolor", "virginica")
    if (isinstance(species, str) or len(species) != 2 or any(s not in names for s in species)
            or species[0] == species[1]):
        raise BadArgumentError(f"species must be two different species of {list(names)}, got {species!r}")
    iris = load_iris()
    keep = np.isin(iris.target, [names.index(s) for s in species])
    cols = [IRIS_FEATURES.index(x), IRIS_FEATURES.index(y)]
    values = iris.data[keep][:, cols]
    divisors = None
    if scale:
        values, divisors = scale_no_center(values)
    df = pd.DataFrame(values, columns=[x, y])
    df["species"] = np.asarray(iris.target_names)[iris.target[keep]].astype(object)
    if divisors is not None:
        df.attrs["scale"] = dict(zip([x, y], divisors.tolist()))
    return df
