"""gentlenn: the neural networks of "Make Your Own Neural Network", from Python and from R."""

from ._version import __version__
from .datasets import iris_two_class, load_bugs, scale_no_center
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
]
