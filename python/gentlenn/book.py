"""The book's choices, written once: how inputs are scaled and targets encoded, how weights start,
the learning rates it uses, and the values its experiments try. Everything else imports them:
the estimator, the experiments, the command line, R (``core()$book``) and the benchmark.

Source: T. Rashid, *Make Your Own Neural Network* (2016), part 2 (the MNIST code) and part 3.
"""

from __future__ import annotations

import numpy as np

from .errors import BadArgumentError
from .spec import Options

#: The slope classifier (part 1): the moderation L the book settles on, and how far beyond each
#: point the target lies.
SLOPE_LEARNING_RATE = 0.5
SLOPE_MARGIN = 0.1
#: The book's first guess of the slope, for the ladybird and the caterpillar.
SLOPE_START = 0.25
#: MNIST's pixel values; the book scales them as ``x / 255 * 0.99 + 0.01``.
PIXEL_RANGE = (0.0, 255.0)
#: The scaled inputs start at 0.01, not 0: a zero input would stop its links from learning.
INPUT_LOW = 0.01
#: Targets: the sigmoid never reaches 0 or 1, so the book asks for 0.01 and 0.99.
TARGET_OFF, TARGET_ON = 0.01, 0.99
#: The learning rate of the book's first MNIST run (and of ``NeuralNetwork``).
LEARNING_RATE = 0.3
#: The learning rate its experiments settle on (the default of the digits workflow and of the classifier).
DIGITS_LEARNING_RATE = 0.1
#: Hidden nodes of the book's MNIST network.
HIDDEN_NODES = 100
#: The rotated copies of each training image, in degrees (part 3).
ROTATION_ANGLE = 10.0
#: The two editions' initial weights (see :func:`initial_weights`): the repository's since 2017 (the
#: default) and the first printed edition's.
INITIALISATIONS = ("book", "first-edition")
INIT = Options(*INITIALISATIONS)
#: The random streams an integer seed can start (see :func:`random_state_for`): gentlenn's own, and
#: numpy's legacy stream that the notebooks draw from after ``numpy.random.seed``.
GENERATORS = ("default", "book")
GENERATOR_CHOICE = Options(*GENERATORS)
#: The values each of the book's experiments tries.
EXPERIMENT_VALUES = {
    "learning_rate": (0.01, 0.1, 0.2, 0.3, 0.6),
    "epochs": (1, 2, 3, 4, 5),
    "hidden_nodes": (5, 10, 50, 100, 200),
    "rotation_angle": (0.0, ROTATION_ANGLE),
}


#: The book's published scores: test accuracy on full MNIST (60,000 training, 10,000 test digits), one
#: run each, as the notebooks in its repository (makeyourownneuralnetwork/makeyourownneuralnetwork)
#: print them; the first commit showing each figure and its date. Every run trains in the file's order
#: (no shuffling) from unseeded ``numpy.random.normal`` weights. ``init`` says which edition's weights.
BOOK_RESULTS = (
    # (notebook, hidden_nodes, learning_rate, epochs, rotation_angle, init, score, commit, date)
    ("part2_neural_network_mnist_data", 100, 0.3, 1, 0.0, "first-edition", 0.9473, "6be01b3", "2016-03-03"),
    ("part2_neural_network_mnist_data", 100, 0.1, 5, 0.0, "first-edition", 0.9661, "ab71535", "2016-03-03"),
    ("part2_neural_network_mnist_data", 200, 0.1, 5, 0.0, "first-edition", 0.9742, "f75481a", "2016-03-06"),
    ("part2_neural_network_mnist_data", 200, 0.1, 5, 0.0, "book", 0.9712, "c05487e", "2017-05-20"),
    ("part2_neural_network_mnist_data", 200, 0.1, 5, 0.0, "book", 0.9747, "6700fd0", "2024-01-24"),
    ("part3_neural_network_mnist_data_with_rotations", 200, 0.01, 10, ROTATION_ANGLE, "first-edition", 0.9781,
     "dfc1710", "2016-03-11"),
    ("part3_neural_network_mnist_data_with_rotations", 200, 0.01, 10, ROTATION_ANGLE, "book", 0.9754, "c05487e",
     "2017-05-20"),
    ("part3_neural_network_mnist_data_with_rotations", 200, 0.01, 10, ROTATION_ANGLE, "book", 0.975, "6700fd0",
     "2024-01-24"),
    ("part3_neural_network_mnist_backquery", 200, 0.1, 5, 0.0, "first-edition", 0.9734, "ce39607", "2016-03-06"),
    ("part3_neural_network_mnist_backquery", 200, 0.1, 5, 0.0, "book", 0.9733, "c05487e", "2017-05-20"),
    ("part3_neural_network_mnist_backquery", 200, 0.1, 5, 0.0, "book", 0.9711, "6700fd0", "2024-01-24"),
)
BOOK_RESULT_COLUMNS = ("notebook", "hidden_nodes", "learning_rate", "epochs", "rotation_angle", "init", "score",
                       "commit", "date")


def scale_inputs(X, input_range=PIXEL_RANGE, dtype=np.float64):
    """The book's input scaling, as its notebooks write it: ``(x - low) / (high - low) * 0.99 + 0.01``
    (for pixels ``x / 255.0 * 0.99 + 0.01``), mapping ``input_range`` onto 0.01..1.00.

    ``input_range`` is ``(low, high)``, each a number or one value per column. Makes one new array
    of ``dtype`` (in C order, one example per contiguous row) and works in it: each of the book's
    operations is done in ``dtype``, in the book's order, so float64 inputs equal the notebook's to
    the last bit (the span ``high - low`` is taken in float64, then held in ``dtype``).

    Raises
    ------
    BadArgumentError
        The scaled values are not finite in ``dtype`` (values too large to scale or to cast).

    Examples
    --------
    >>> scale_inputs([0.0, 255.0, 127.5]).round(3)
    array([0.01 , 1.   , 0.505])
    >>> float(scale_inputs([3.0])[0]) == 3.0 / 255.0 * 0.99 + 0.01   # the notebook's expression
    True
    """
    lo, hi = input_range
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        out = np.array(X, dtype=dtype, order="C", copy=True)
        out -= np.asarray(lo, dtype=dtype)  # the pixel range's 0 leaves x as it is, as the book has it
        out /= np.asarray(np.asarray(hi, dtype=np.float64) - np.asarray(lo, dtype=np.float64), dtype=dtype)
        out *= np.asarray(0.99, dtype=dtype)
        out += np.asarray(INPUT_LOW, dtype=dtype)
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


def initial_weights(rng, n_out, n_in, init="book"):
    """The book's initial weights of one layer, ``rng.normal(0, sd, (n_out, n_in))``.

    ``init="book"``: sd = ``n_in ** -0.5``, n_in being the links into a node (the book's repository
    since 2017-05-20, commit c05487e, and its errata). ``"first-edition"``: sd = ``n_out ** -0.5``,
    the size of the layer the links lead to, as the first printed edition and the notebooks before
    that commit have it (``wih`` with ``hnodes ** -0.5``, ``who`` with ``onodes ** -0.5``).

    ``rng`` is a ``numpy.random.Generator`` or a ``numpy.random.RandomState``: with
    ``RandomState(s)`` the two calls for ``wih`` then ``who`` draw exactly what the notebooks'
    ``numpy.random.normal`` calls draw after ``numpy.random.seed(s)``.

    Examples
    --------
    >>> w = initial_weights(np.random.RandomState(1), 3, 4)
    >>> np.random.seed(1)
    >>> bool(np.array_equal(w, np.random.normal(0.0, pow(4, -0.5), (3, 4))))
    True
    """
    if init not in INITIALISATIONS:
        raise BadArgumentError(f"init must be one of {', '.join(map(repr, INITIALISATIONS))}, got {init!r}",
                               argument="init", value=init, expected=INIT.describe())
    links = n_in if init == "book" else n_out
    return rng.normal(0.0, pow(int(links), -0.5), (n_out, n_in))  # the notebooks' pow(nodes, -0.5)


def random_state_for(seed, generator="default"):
    """What ``random_state`` gets for an integer ``seed`` and a named generator: ``"default"`` gives
    the seed itself (numpy's ``default_rng(seed)``, gentlenn's own stream); ``"book"`` gives
    ``numpy.random.RandomState(seed)``, the stream ``numpy.random.seed(seed)`` sets for the
    notebooks' ``numpy.random.normal``. R and the command line name the generator this way.

    Examples
    --------
    >>> random_state_for(7)
    7
    >>> random_state_for(7, "book").normal() == np.random.RandomState(7).normal()
    True
    """
    if generator not in GENERATORS:
        raise BadArgumentError(f"generator must be one of {', '.join(map(repr, GENERATORS))}, got {generator!r}",
                               argument="generator", value=generator, expected=GENERATOR_CHOICE.describe())
    if seed is None or generator == "default":
        return seed
    return BookRandomState(seed)


class BookRandomState(np.random.RandomState):
    """``numpy.random.RandomState(seed)`` that remembers ``seed`` (``seed_value``), so a network file
    can record which seed of the book's stream the weights came from. Copies (scikit-learn's
    ``clone``) and pickles keep the class, the seed and the stream's position."""

    def __init__(self, seed):
        super().__init__(seed)
        self.seed_value = int(seed)

    def __reduce__(self):
        return (_restore_book_random_state, (self.seed_value, self.get_state()))


def _restore_book_random_state(seed, state):
    rs = BookRandomState(seed)
    rs.set_state(state)
    return rs


__all__ = ["SLOPE_LEARNING_RATE", "SLOPE_MARGIN", "SLOPE_START", "PIXEL_RANGE", "TARGET_OFF", "TARGET_ON",
           "LEARNING_RATE", "DIGITS_LEARNING_RATE", "HIDDEN_NODES", "ROTATION_ANGLE", "EXPERIMENT_VALUES",
           "INITIALISATIONS", "INIT", "GENERATORS", "GENERATOR_CHOICE", "BOOK_RESULTS", "BOOK_RESULT_COLUMNS",
           "INPUT_LOW", "scale_inputs", "one_hot_targets", "initial_weights", "random_state_for", "BookRandomState"]
