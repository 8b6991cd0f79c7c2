"""Digit images: rotation augmentation (the book's +-10 degrees) and the reader's own PNG files."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy import ndimage

from ._files import existing_file
from ._validation import as_float_matrix
from .errors import BadArgumentError, FileFormatError

#: Largest image read (pixels); Pillow's own bomb check stops larger ones with a raw error.
MAX_IMAGE_PIXELS = 40_000_000
#: Grey-level range below which an image counts as blank.
BLANK_CONTRAST = 8.0


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


def load_digit_images(paths, invert="auto", size=28):
    """Read PNG (or any Pillow-readable) images of handwritten digits the MNIST way.

    Each image is converted to grey, resized to ``size`` x ``size`` and, where needed, inverted so
    that ink is bright on a dark background as in MNIST; values are 0..255 like MNIST's pixels.

    Parameters
    ----------
    paths : path or sequence of paths
    invert : "auto", True or False
        ``"auto"`` inverts images whose border is lighter than their centre (dark ink on light
        paper, the usual photo or drawing).

    Returns
    -------
    ndarray of shape (n_images, size * size)
    """
    from PIL import Image, UnidentifiedImageError

    if isinstance(paths, (str, Path)):
        paths = [paths]
    if invert not in ("auto", True, False):
        raise BadArgumentError(f"invert must be 'auto', True or False, got {invert!r}")
    rows = []
    for p in paths:
        p = existing_file(p, "image file")
        try:
            with Image.open(p) as im:
                if im.width * im.height > MAX_IMAGE_PIXELS:
                    raise FileFormatError(f"image file {str(p)!r} is {im.width} x {im.height} pixels; "
                                          f"gentlenn reads images of at most {MAX_IMAGE_PIXELS:,} pixels")
                grey = _on_white(im).resize((size, size), Image.LANCZOS)
        except (UnidentifiedImageError, Image.DecompressionBombError, OSError, ValueError) as exc:
            if isinstance(exc, FileFormatError):
                raise
            raise FileFormatError(f"image file {str(p)!r} cannot be read as an image ({exc})") from None
        a = np.asarray(grey, dtype=np.float64)
        if a.max() - a.min() < BLANK_CONTRAST:
            raise FileFormatError(f"image file {str(p)!r} is blank (one shade of grey): there is no digit to read")
        flip = invert if invert != "auto" else _light_background(a)
        rows.append((255.0 - a) if flip else a)
    return np.array(rows).reshape(len(rows), size * size)


def _on_white(im):
    """Grey levels of ``im`` with any transparency composited onto white paper."""
    from PIL import Image

    if im.mode in ("RGBA", "LA", "PA") or (im.mode == "P" and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    return im.convert("L")


def _light_background(a):
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    return border.mean() > a.mean()
