"""The book's choices, written once: how inputs are scaled and targets encoded, how weights start,
the learning rates it uses, and the values its experiments try. Everything else imports them:
the estimator, the experiments, the command line, R (``core()$book``) and the benchmark.

Source: T. Rashid, *Make Your Own Neural Network* (2016), part 2 (the MNIST code) and part 3.
"""

from __future__ import annotations

import numpy as np

from .errors import BadArgumentError

#: The slope classifier (part 1): the moderation L the book settles on, and how far beyond each
#: point the target lies.
SLOPE_LEARNING_RATE = 0.5
SLOPE_MARGIN = 0.1
#: The book's first guess of the slope, for the ladybird and the caterpillar.
SLOPE_START = 0.25
#: MNIST's pixel values; the book scales them as ``x / 255 * 0.99 + 0.01``.
PIXEL_RANGE = (0.0, 255.0)
#: Targets: the sigmoid never reaches 0 or 1, so the book asks for 0.01 and 0.99.
TARGET_OFF, TARGET_ON = 0.01, 0.99
#: The learning rate of the book's first MNIST run (and of the classifier).
LEARNING_RATE = 0.3
#: The learning rate its experiments settle on (the default of the digits workflow).
DIGITS_LEARNING_RATE = 0.1
#: Hidden nodes of the book's MNIST network.
HIDDEN_NODES = 100
#: The rotated copies of each training image, in degrees (part 3).
ROTATION_ANGLE = 10.0
#: The values each of the book's experiments tries.
EXPERIMENT_VALUES = {
    "learning_rate": (0.01, 0.1, 0.2, 0.3, 0.6),
    "epochs": (1, 2, 3, 4, 5),
    "hidden_nodes": (5, 10, 50, 100, 200),
    "rotation_angle": (0.0, ROTATION_ANGLE),
}


def scale_inputs(X, input_range=PIXEL_RANGE, dtype=np.float64):
    """The book's input scaling: map ``input_range`` onto 0.01..1.00 (``x / 255 * 0.99 + 0.01``).

    ``input_range`` is ``(low, high)``, each a number or one value per column. Makes one new array
    of ``dtype`` (in C order, one example per contiguous row) and works in it.

    Raises
    ------
    BadArgumentError
        The scaled values are not finite in ``dtype`` (values too large to scale or to cast).

    Examples
    --------
    >>> scale_inputs([0.0, 255.0, 127.5]).round(3)
    array([0.01 , 1.   , 0.505])
    """
    lo, hi = input_range
    with np.errstate(over="ignore", invalid="ignore"):
        out = np.array(X, dtype=dtype, order="C", copy=True)
        out -= np.asarray(lo, dtype=dtype)
        out *= np.asarray(0.99 / (np.asarray(hi, dtype=np.float64) - np.asarray(lo, dtype=np.float64)), dtype=dtype)
        out += np.asarray(0.01, dtype=out.dtype)
    if not np.all(np.isfinite(out)):
        raise BadArgumentError(f"X has values too large to scale in {np.dtype(dtype).name} (largest magnitude "
                               f"{np.max(np.abs(X)):.3g}); rescale the data to moderate values first")
    return out


def one_hot_targets(y_index, n_classes, off=TARGET_OFF, on=TARGET_ON):
    """One row per example: ``off`` everywhere and ``on`` at its class (the book's 0.01 and 0.99
    by default; the preparation lesson also tries 0 and 1).

    Examples
    --------
    >>> one_hot_targets(np.array([1]), 3)
    array([[0.01, 0.99, 0.01]])
    >>> one_hot_targets(np.array([2, 0]), 3, off=0.0, on=1.0)
    array([[0., 0., 1.],
           [1., 0., 0.]])
    """
    T = np.full((len(y_index), n_classes), float(off))
    T[np.arange(len(y_index)), y_index] = on
    return T


def initial_weights(rng, n_out, n_in):
    """The book's initial weights of one layer: normal(0, n_in^-1/2), n_in being the links into a
    node (the printed book used the next layer's size; its errata corrected it)."""
    return rng.normal(0.0, n_in ** -0.5, (n_out, n_in))


__all__ = ["SLOPE_LEARNING_RATE", "SLOPE_MARGIN", "SLOPE_START", "PIXEL_RANGE", "TARGET_OFF", "TARGET_ON", "LEARNING_RATE", "DIGITS_LEARNING_RATE", "HIDDEN_NODES",
           "ROTATION_ANGLE", "EXPERIMENT_VALUES", "scale_inputs", "one_hot_targets", "initial_weights"]
