"""gentlenn: the neural networks of "Make Your Own Neural Network", from Python and from R."""

from . import errors, estimator, experiments, images, mnist
from ._version import __version__
from .datasets import iris_two_class, load_bugs, scale_no_center
from .digits import (load_digits_8x8, load_fashion_mnist, load_mnist_sample, read_idx, read_idx_pair,
                     read_mnist_csv, split_digits)
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
    "load_fashion_mnist",
    "read_idx",
    "read_idx_pair",
    "read_mnist_csv",
    "split_digits",
]
