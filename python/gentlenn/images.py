"""Reading the user's own digit images (PNG, JPEG, GIF, BMP, TIFF or WebP) the MNIST way."""

from __future__ import annotations

import contextlib
import struct
from pathlib import Path

import numpy as np

from . import limits
from ._deprecation import forwarder
from ._files import existing_file
from ._reading import open_regular, too_many_bytes
from .errors import BadArgumentError, FileFormatError, GentlennError

#: Largest image read (pixels); Pillow's own bomb check stops larger ones with a raw error.
MAX_IMAGE_PIXELS = 40_000_000
#: Grey-level range below which an image counts as blank.
BLANK_CONTRAST = 8.0
#: The only formats Pillow may open: raster formats decoded in-process. Never EPS/PostScript or
#: PDF, which Pillow renders by running Ghostscript (a PostScript "{ } loop" would never end).
IMAGE_FORMATS = ("PNG", "JPEG", "GIF", "BMP", "TIFF", "WEBP")
_FORMAT_WORDS = "PNG, JPEG, GIF, BMP, TIFF and WebP"
_ALPHA_MODES = ("RGBA", "LA", "PA", "RGBa", "La")
#: What Pillow's decoders raise on corrupt input (struct.error, IndexError and KeyError come from
#: broken TIFF tags and headers, SyntaxError from its own parsers).
_DECODER_ERRORS = (OSError, ValueError, SyntaxError, EOFError, struct.error, IndexError, KeyError, TypeError,
                   ZeroDivisionError, OverflowError)


def _image_constraints():
    from .spec import BOOLEAN, Options

    return {"invert": (Options("auto"), BOOLEAN), "center": BOOLEAN}


def load_digit_images(paths, invert="auto", size=28, center=False):
    """Read PNG, JPEG, GIF, BMP, TIFF or WebP images of handwritten digits the MNIST way.

    Each image is converted to grey, resized to ``size`` x ``size`` and, where needed, inverted so
    that ink is bright on a dark background as in MNIST; values are 0..255 like MNIST's pixels.

    Parameters
    ----------
    paths : path or sequence of paths
    invert : "auto", True or False
        ``"auto"`` inverts images whose border is lighter than their centre (dark ink on light
        paper, the usual photo or drawing).
    center : bool, default False
        Normalise the digit the way MNIST's were made: crop to the ink, scale its longer side to
        20 of 28 pixels (keeping the aspect), and place its centre of mass at the image's centre.
        A digit written small or off-centre is then read far better; without it the whole image
        is resized as it is.

    Returns
    -------
    ndarray of shape (n_images, size * size)
    """
    from .spec import validate

    validate(load_digit_images._parameter_constraints, dict(invert=invert, center=center))
    if isinstance(paths, (str, Path)):
        paths = [paths]
    if invert not in ("auto", True, False):
        raise BadArgumentError(f"invert must be 'auto', True or False, got {invert!r}")
    if not isinstance(center, (bool, np.bool_)):
        raise BadArgumentError(f"center must be True or False, got {center!r}")
    rows = [read_digit(existing_file(p, "image file"), f"image file {str(p)!r}", invert, size, center=center)
            for p in paths]
    return np.array(rows).reshape(len(rows), size * size)


def read_digit(source, name, invert="auto", size=28, max_pixels=MAX_IMAGE_PIXELS, center=False):
    """One image (a path or a binary file object) as ``size * size`` MNIST-style pixels: the one
    way gentlenn turns a picture into a digit (:func:`load_digit_images`, the playground's canvas).
    ``name`` says what the image is in error messages.

    Only the raster formats of :data:`IMAGE_FORMATS` are opened (never PostScript, EPS or PDF,
    which Pillow would hand to Ghostscript); a path must name a regular file of at most
    ``GENTLENN_MAX_FILE_BYTES`` bytes. Any mode is brought to 8-bit grey by its value range
    (16-bit, 32-bit and float greys are scaled, not clipped), transparency onto white paper."""
    from PIL import Image, UnidentifiedImageError

    try:
        fh = source if hasattr(source, "read") else _open_image_file(source)
        closing = contextlib.nullcontext() if fh is source else fh  # the caller's file object stays open
        with closing, Image.open(fh, formats=IMAGE_FORMATS) as im:
            if im.width * im.height > max_pixels:
                raise FileFormatError(f"{name} is {im.width} x {im.height} pixels; gentlenn reads images of at "
                                      f"most {max_pixels:,} pixels", value=im.width * im.height,
                                      expected=f"at most {max_pixels} pixels")
            grey = _grey(im, name)
            if not center:
                grey = grey.resize((size, size), Image.LANCZOS)
            a = np.asarray(grey, dtype=np.float64)
    except UnidentifiedImageError:
        raise FileFormatError(f"{name} cannot be read as an image: gentlenn reads {_FORMAT_WORDS} files, and "
                              "this is none of them", expected=_FORMAT_WORDS) from None
    except Image.DecompressionBombError:  # Pillow's own check, at twice its MAX_IMAGE_PIXELS
        most = f"at most {max_pixels:,} pixels"
        raise FileFormatError(f"{name} declares more than {2 * Image.MAX_IMAGE_PIXELS:,} pixels; gentlenn reads "
                              f"images of {most}", expected=most) from None
    except _DECODER_ERRORS as exc:
        if isinstance(exc, GentlennError):
            raise
        raise FileFormatError(f"{name} cannot be read as an image ({str(exc)[:200]})") from None
    except MemoryError:
        raise FileFormatError(f"{name} cannot be read as an image (it needs more memory than is free)") from None
    if a.max() - a.min() < BLANK_CONTRAST:
        raise FileFormatError(f"{name} is blank (one shade of grey): there is no digit to read")
    flip = invert if invert != "auto" else _light_background(a)
    ink = (255.0 - a) if flip else a
    if center:
        ink = _mnist_centred(ink, size)
    return ink.reshape(size * size)


def _open_image_file(path):
    """A regular file, refused over the byte limit before Pillow sees it."""
    fh = open_regular(path, "image file")
    limit = limits.file_bytes_limit()
    if fh.size > limit:
        fh.close()
        raise too_many_bytes(path, "image file", limit, needed=fh.size)
    return fh


def _grey(im, name):
    """``im`` as an 8-bit grey ("L") image, each mode mapped by its value range."""
    from PIL import Image

    if im.mode in _ALPHA_MODES or (im.mode in ("P", "L", "RGB") and "transparency" in im.info):
        rgba = im.convert("RGBA")
        paper = Image.new("RGBA", rgba.size, (255, 255, 255, 255))
        return Image.alpha_composite(paper, rgba).convert("L")
    if im.mode.startswith("I;16"):
        return _to_8bit(np.asarray(im, dtype=np.float64), 65535.0)
    if im.mode in ("I", "F"):
        a = np.asarray(im, dtype=np.float64)
        if not np.isfinite(a).all():
            raise FileFormatError(f"{name} holds NaN or infinite grey values")
        return _to_8bit(a, _nominal_top(a, im.mode))
    return im.convert("L")


def _nominal_top(a, mode):
    """The white of a 32-bit ("I") or float ("F") grey image: the first of 1 (floats only), 255
    and 65535 that holds every value; None (map min..max) for other ranges or negative values."""
    if float(a.min()) < 0:
        return None
    high = float(a.max())
    return next((top for top in ((1.0,) if mode == "F" else ()) + (255.0, 65535.0) if high <= top), None)


def _to_8bit(a, top):
    """Grey values mapped linearly from 0..``top`` (or min..max when ``top`` is None) onto 0..255."""
    from PIL import Image

    low = 0.0 if top is not None else float(a.min())
    span = (top if top is not None else float(a.max())) - low
    scaled = np.zeros_like(a) if span <= 0 else (a - low) * (255.0 / span)
    return Image.fromarray(np.rint(scaled).clip(0, 255).astype(np.uint8))


def _mnist_centred(ink, size):
    """MNIST's normalisation: the ink's bounding box scaled to 20/28 of the side (aspect kept),
    then shifted so that its centre of mass sits at the centre."""
    from PIL import Image

    ink = ink - ink.min()
    rows = np.flatnonzero(ink.max(axis=1) > 0.1 * ink.max())
    cols = np.flatnonzero(ink.max(axis=0) > 0.1 * ink.max())
    crop = ink[rows[0]:rows[-1] + 1, cols[0]:cols[-1] + 1]
    box = max(1, round(size * 20 / 28))
    scale = box / max(crop.shape)
    h, w = max(1, round(crop.shape[0] * scale)), max(1, round(crop.shape[1] * scale))
    small = np.asarray(Image.fromarray(crop.astype(np.float32), mode="F").resize((w, h), Image.LANCZOS),
                       dtype=np.float64).clip(0, 255)
    total = small.sum()
    cy, cx = ((np.arange(h) @ small.sum(axis=1)) / total, (np.arange(w) @ small.sum(axis=0)) / total) \
        if total > 0 else ((h - 1) / 2, (w - 1) / 2)
    top = int(np.clip(round((size - 1) / 2 - cy), 0, size - h))
    left = int(np.clip(round((size - 1) / 2 - cx), 0, size - w))
    out = np.zeros((size, size))
    out[top:top + h, left:left + w] = small
    return out


def _light_background(a):
    border = np.concatenate([a[0], a[-1], a[:, 0], a[:, -1]])
    return border.mean() > a.mean()


_forward = forwarder(__name__, "gentlenn.augment")


def __getattr__(name):  # the rotations moved to gentlenn.augment in 0.2
    if name in ("rotate_images", "augment_rotations"):
        return _forward(name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


load_digit_images._parameter_constraints = _image_constraints()

__all__ = ["load_digit_images", "read_digit", "MAX_IMAGE_PIXELS", "IMAGE_FORMATS"]
