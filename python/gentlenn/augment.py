"""Training-time augmentation: the book's rotated copies of each digit (+-10 degrees)."""

from __future__ import annotations

import numpy as np
from scipy import ndimage

from ._validation import as_float_matrix
from .errors import BadArgumentError


def _side(n_features, name="X"):
    side = int(round(np.sqrt(n_features)))
    if side * side != n_features:
        raise BadArgumentError(f"{name} rows must be square images (28x28 = 784 values); got {n_features} values")
    return side


def rotate_images(X, angle, background=0.0):
    """Rotate each row of ``X`` (a flattened square image) by ``angle`` degrees.

    The book's settings: ``scipy.ndimage.rotate(img, angle, cval=background, order=1,
    reshape=False)``; corners that come into view take the ``background`` value (0 for raw pixels,
    0.01 for the book's scaled inputs, which is the same after scaling).
    """
    X = as_float_matrix(X, "X")
    side = _side(X.shape[1])
    imgs = X.reshape(-1, side, side)
    out = ndimage.rotate(imgs, angle, axes=(2, 1), reshape=False, order=1, cval=background)
    return out.reshape(X.shape[0], -1)


def augment_rotations(X, y, angle=10.0, background=0.0):
    """Each image followed by its copies rotated by ``+angle`` and ``-angle`` (the book's order).

    Returns ``X_aug`` (3n rows) and ``y_aug``.
    """
    X = as_float_matrix(X, "X")
    y = np.asarray(y)
    plus, minus = rotate_images(X, angle, background), rotate_images(X, -angle, background)
    X_aug = np.stack([X, plus, minus], axis=1).reshape(-1, X.shape[1])
    return X_aug, np.repeat(y, 3)


__all__ = ["rotate_images", "augment_rotations"]
