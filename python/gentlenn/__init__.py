"""gentlenn: the neural networks of "Make Your Own Neural Network", from Python and from R."""

from . import augment, book, data, errors, estimator, experiments, images, reproduce  # noqa: F401  (gentlenn.book etc.)
from ._version import __version__
from .data import (iris_two_class, load_bugs, load_digits_8x8, load_mnist, load_mnist_sample, read_idx,
                   read_idx_pair, read_mnist_csv, scale_no_center, split_digits)
from .errors import GentlennError
from .estimator import NeuralNetworkClassifier, load_classifier
from .network import NeuralNetwork, split_errors, weight_update
from .slope import SlopeClassifier, slope_decision, slope_learning_rate_study, slope_update

__all__ = [
    "__version__",
    "SlopeClassifier",
    "slope_update",
    "slope_decision",
    "slope_learning_rate_study",
    "load_bugs",
    "iris_two_class",
    "scale_no_center",
    "NeuralNetwork",
    "NeuralNetworkClassifier",
    "load_classifier",
    "GentlennError",
    "split_errors",
    "weight_update",
    "load_digits_8x8",
    "load_mnist_sample",
    "load_mnist",
    "read_idx",
    "read_idx_pair",
    "read_mnist_csv",
    "split_digits",
]


def __getattr__(name):  # 0.1's names, kept for one release
    import importlib
    import warnings

    moved = {"load_fashion_mnist": ("data", "load_fashion_mnist"), "mnist": ("mnist", None),
             "digits": ("digits", None), "datasets": ("datasets", None)}
    if name not in moved:
        raise AttributeError(f"module 'gentlenn' has no attribute {name!r}")
    module, attr = moved[name]
    if attr is None:
        return importlib.import_module(f".{module}", __name__)
    warnings.warn(f"gentlenn.{name} is deprecated: use gentlenn.load_mnist('fashion')", DeprecationWarning,
                  stacklevel=2)
    return getattr(importlib.import_module(f".{module}", __name__), attr)
