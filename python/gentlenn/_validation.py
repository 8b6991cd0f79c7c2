"""Checks at the public boundary; each error names the argument it is about."""

from __future__ import annotations


import numpy as np

from .errors import BadArgumentError, BadArgumentTypeError


def check_positive_number(value, name, *, allow_zero=False):
    """A finite real number > 0 (or >= 0 with ``allow_zero``), returned as float (the specification's
    rule, for callers that check one number by hand)."""
    from .spec import NON_NEGATIVE, POSITIVE, check_value

    return check_value(value, NON_NEGATIVE if allow_zero else POSITIVE, name)


def check_count(value, name, *, minimum=1):
    """A whole number >= ``minimum``, returned as int (2.0 is accepted; 2.5 is not)."""
    from .spec import Interval, check_value

    return check_value(value, Interval("integer", minimum, None), name)


def as_float_matrix(X, name, *, n_columns=None):
    """``X`` as a 2-D float64 array with finite values and at least one row."""
    try:
        arr = np.asarray(X, dtype=np.float64)
    except (TypeError, ValueError, OverflowError) as exc:
        raise BadArgumentError(f"{name} must be numeric: {exc}") from None
    if arr.ndim == 1 and n_columns is not None and arr.size == n_columns:
        arr = arr.reshape(1, -1)
    if arr.ndim != 2:
        raise BadArgumentError(f"{name} must be a 2-D table (rows x features), got {arr.ndim} dimension(s)")
    if arr.shape[0] == 0:
        raise BadArgumentError(f"{name} is empty: it needs at least one row")
    if n_columns is not None and arr.shape[1] != n_columns:
        raise BadArgumentError(f"{name} must have {n_columns} columns, got {arr.shape[1]}")
    return check_finite(arr, name)


def as_vector(values, name, n):
    """``values`` as a float64 vector of ``n`` finite numbers (a row or column of one also counts)."""
    v = np.asarray(values, dtype=np.float64)
    if v.ndim == 2 and 1 in v.shape:
        v = v.reshape(-1)
    if v.ndim != 1 or v.shape[0] != n:
        raise BadArgumentError(f"{name} must have {n} values, got shape {np.shape(values)}", argument=name,
                               expected=f"{n} numbers")
    if not np.all(np.isfinite(v)):
        raise BadArgumentError(f"{name} contain NaN or infinite values", argument=name, expected=f"{n} finite numbers")
    return v


def check_finite(arr, name):
    """``arr`` (2-D float) unchanged, or an error naming the rows (0-based) with NaN or infinity."""
    bad = ~np.isfinite(arr)
    if bad.any():
        rows = np.unique(np.nonzero(bad)[0])
        raise BadArgumentError(
            f"{name} contains NaN or infinite values (rows {_rows(rows)}); remove or impute them first"
        )
    return arr


def as_labels(y, name, n_rows):
    """``y`` as a 1-D array of class labels, one per row, with no missing values."""
    arr = np.asarray(y)
    if arr.ndim != 1:
        arr = arr.reshape(-1) if arr.ndim == 2 and 1 in arr.shape else arr
    if arr.ndim != 1:
        raise BadArgumentError(f"{name} must be 1-D (one label per row), got shape {np.shape(y)}")
    if arr.shape[0] != n_rows:
        raise BadArgumentError(f"{name} has {arr.shape[0]} labels but X has {n_rows} rows")
    missing = np.array([_is_missing(v) for v in arr], dtype=bool)
    if missing.any():
        raise BadArgumentError(f"{name} contains missing labels (rows {_rows(np.nonzero(missing)[0])})")
    return arr


def _is_missing(v):
    if v is None:
        return True
    try:
        return bool(np.isnan(v))
    except TypeError:
        return False


def _rows(idx, most=5):
    idx = [int(i) for i in idx]
    shown = ", ".join(str(i) for i in idx[:most])
    return shown + (f", ... ({len(idx)} in all)" if len(idx) > most else "")


def validated_matrix(estimator, X, reset, name="X"):
    """scikit-learn's ``validate_data`` (shape, sparse, complex, fitted width and feature names)
    with its failures re-raised as gentlenn's errors, then finite values checked with the rows named."""
    from sklearn.utils.validation import validate_data

    try:
        X = validate_data(estimator, X, reset=reset, dtype=np.float64, ensure_all_finite=False)
    except TypeError as exc:
        raise BadArgumentTypeError(_named(name, exc)) from None
    except (ValueError, OverflowError) as exc:
        raise BadArgumentError(_named(name, exc)) from None
    return check_finite(X, name)


def _named(name, exc):
    text = str(exc)
    return text if text.startswith(f"{name} ") else f"{name}: {text}"


def check_class_labels(y, name, n_rows):
    """Class labels as scikit-learn takes them (1-D, not continuous), one per row, none missing."""
    from sklearn.utils.multiclass import check_classification_targets
    from sklearn.utils.validation import column_or_1d

    if y is None:
        raise BadArgumentError("this estimator requires y to be passed, but the target y is None")
    try:
        y = column_or_1d(y, warn=True)
    except ValueError as exc:
        raise BadArgumentError(f"{name}: {exc}") from None
    y = as_labels(y, name, n_rows)
    try:
        check_classification_targets(y)
    except ValueError as exc:
        raise BadArgumentError(f"{name}: {str(exc).splitlines()[0]}") from None
    return y


def _show(value):
    """A value as a Python user typed it: numpy scalars without their ``np.float64(...)`` wrapper."""
    if isinstance(value, np.generic):
        value = value.item()
    return repr(value)
