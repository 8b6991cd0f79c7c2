"""A scikit-learn classifier over the book's network, for data sets such as MNIST (the book's
scaling and targets come from :mod:`gentlenn.book`)."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.validation import check_is_fitted

from tqdm.auto import tqdm

import warnings

from ._validation import check_class_labels, validated_matrix
from .errors import BadArgumentError, DivergenceError, InputRangeWarning
from .book import DIGITS_LEARNING_RATE  # the classifier's default rate
from .limits import check_memory
from .augment import augment_rotations
from .book import (HIDDEN_NODES, INIT, INPUT_LOW, LEARNING_RATE, PIXEL_RANGE, TARGET_OFF, TARGET_ON,  # noqa: F401
                   one_hot_targets, scale_inputs)
from .network import (NeuralNetwork, forward, minibatch_epoch, random_generator, read_network_file, resolve_method,
                      train_epoch)
from .spec import (BOOLEAN, COUNT, DTYPE, EPOCHS, ERROR_SPLIT, GENERATOR, INPUT_RANGE_MODE, NODES, NONE, POSITIVE,
                   RANGE, SEED, TRAIN_METHOD, Interval, Validated)

INPUT_RANGE_MODES = INPUT_RANGE_MODE.values
_PROGRESS_CHUNK = 2000  # examples between progress-bar updates
#: Weights this large mean training has diverged even while they are finite (a sigmoid network's
#: weights stay within a few tens when it learns; a learning rate of 1e300 makes them 1e297).
DIVERGED_WEIGHT = 1e6
ROTATION = Interval("real", 0, 180)
#: The classifier's default passes over the data, for small tables: one pass over iris is only 150 small
#: steps, and with 300 (and the learning rate of :data:`~gentlenn.book.DIGITS_LEARNING_RATE`) iris, wine
#: and mtcars reach >= 0.9 training accuracy from every seed tried (200; iris's lowest 0.947).
SMALL_DATA_EPOCHS = 300


class NeuralNetworkClassifier(Validated, ClassifierMixin, BaseEstimator):
    """The book's three-layer network as a scikit-learn classifier.

    One output node per class; inputs are scaled from ``input_range`` onto 0.01..1.00 and targets
    are 0.01/0.99, as in the book's MNIST code. Training is the book's per-example gradient
    descent, ``epochs`` passes over the data.

    Parameters
    ----------
    hidden_nodes : int, default=100
    learning_rate : float, default=0.1
        The rate the book's experiments settle on (:data:`gentlenn.book.DIGITS_LEARNING_RATE`); its first
        MNIST run used 0.3 (:data:`gentlenn.book.LEARNING_RATE`), which with many epochs leaves some seeds
        of iris under 0.9 training accuracy (per-example steps that large keep jumping).
    epochs : int, default=300
        Passes over the data (:data:`SMALL_DATA_EPOCHS`). The defaults are for small tables such as
        iris, wine or mtcars, which one pass leaves near chance (0.60-0.67 on iris) and 300 passes train to
        0.95-1.0 in about a tenth of a second. The book's MNIST runs take 1-10 epochs of 60,000 images
        and pass their own (the digits workflow, :func:`gentlenn.experiments.train_digits`, defaults to
        the book's 1 epoch at 0.1): on image data give ``epochs`` explicitly.
    input_range : {"columns", "data"} or tuple (low, high), default="columns"
        What is mapped onto the book's 0.01..1.00 inputs. ``"columns"``: each column's own
        minimum and maximum in the training data (works on any numeric data, raw or
        standardised). ``"data"``: one minimum and maximum over all columns (for images).
        ``(low, high)``: a declared range, as the book's ``(0, 255)`` for MNIST pixels
        (:data:`PIXEL_RANGE`, what the digits workflow uses) or ``(0, 16)`` for scikit-learn's 8x8
        digits. Training data outside a declared range, or filling under a tenth of it, give an
        :class:`~gentlenn.errors.InputRangeWarning`: the network would see nearly constant inputs.
    error_split : {"transpose", "proportional"}, default="transpose"
    shuffle : bool, default=True
        Visit the training examples in a new random order each epoch. Keep it on for data sorted
        by label.
    rotation_angle : float, default=0
        When > 0, train on each image plus copies rotated by +-``rotation_angle`` degrees (the
        book's augmentation, on the scaled inputs with 0.01 in the corners that come into view, as
        its notebook does; rows must be square images).
    random_state : int, numpy RandomState, numpy Generator or None
        Where the initial weights (``wih``, then ``who``) and the shuffling are drawn from: an int
        seeds numpy's default generator; a ``numpy.random.RandomState(s)`` (scikit-learn's
        convention) draws the weights exactly as the book's notebooks do after
        ``numpy.random.seed(s)``, so with ``shuffle=False`` the run is the notebook's to the last
        bit. A generator given is used as it is (its stream goes on).
    verbose : bool, default=False
        Show a progress bar (tqdm) while training.
    method : {"auto", "reference", "exact", "fast"}, default="auto"
        How the per-example update is computed: ``"reference"`` is the readable numpy step;
        ``"exact"`` (numba) gives the same numbers several times faster; ``"fast"`` (numba) fuses
        the update with the next example's forward pass, agreeing to rounding (about 1e-12 over
        short runs, the same accuracy within noise over long ones). ``"auto"``: ``"exact"`` when
        numba is installed, else ``"reference"``.
    batch_size : int, default=1
        1 is the book's per-example update. Larger batches average the changes of ``batch_size``
        examples into one step (GEMM-based, see :func:`gentlenn.network.minibatch_epoch`); they
        want a larger learning rate than the book's (about 1-2 for batches of 32-128).
    init : {"book", "first-edition"}, default="book"
        The initial weights: normal(0, n_in^-0.5) per layer, n_in being the links into a node (the
        book's repository since 2017), or the first printed edition's normal(0, n_out^-0.5) (see
        :func:`gentlenn.book.initial_weights`). Saved in the network file's training settings.
    dtype : {"float64", "float32"}, default="float64"
        Precision of the training arithmetic. float32 halves memory traffic; it works with
        ``method="fast"``, ``"reference"`` and mini-batches (not ``"exact"``, which is defined by
        the float64 reference).

    Attributes
    ----------
    classes_ : ndarray
    network_ : NeuralNetwork
        The trained network.
    input_range_ : tuple (low, high)
        The range actually used for scaling: two numbers, or two arrays of one value per column
        (``"columns"``).
    history_ : pandas.DataFrame
        One row per epoch: ``epoch``, ``train_mse`` (mean squared output error seen while
        training), ``seconds``, and ``val_accuracy`` when ``fit`` got ``validation_data``.
    """

    _parameter_constraints = {
        "hidden_nodes": NODES, "learning_rate": POSITIVE, "epochs": EPOCHS, "input_range": (INPUT_RANGE_MODE, RANGE),
        "error_split": ERROR_SPLIT, "shuffle": BOOLEAN, "rotation_angle": ROTATION,
        "random_state": (NONE, SEED, GENERATOR), "verbose": BOOLEAN, "method": TRAIN_METHOD, "batch_size": COUNT,
        "dtype": DTYPE, "init": INIT,
    }

    def __init__(self, hidden_nodes=HIDDEN_NODES, learning_rate=DIGITS_LEARNING_RATE, epochs=SMALL_DATA_EPOCHS,
                 input_range="columns",
                 error_split="transpose", shuffle=True, rotation_angle=0.0, random_state=None,
                 verbose=False, method="auto", batch_size=1, dtype="float64", init="book"):
        self.hidden_nodes = hidden_nodes
        self.learning_rate = learning_rate
        self.epochs = epochs
        self.input_range = input_range
        self.error_split = error_split
        self.shuffle = shuffle
        self.rotation_angle = rotation_angle
        self.random_state = random_state
        self.verbose = verbose
        self.method = method
        self.batch_size = batch_size
        self.dtype = dtype
        self.init = init

    def fit(self, X, y, validation_data=None, callback=None, epoch_callback=None):
        """Train on ``X`` (n_samples, n_features) and labels ``y``.

        ``validation_data=(X_val, y_val)`` records the accuracy on it after every epoch.
        ``callback(done, total)`` is called every few thousand examples (R's progress bar uses it);
        ``epoch_callback(row)`` after each epoch with that epoch's row of ``history_`` (the
        playground's live accuracy curve). Either may raise to stop training.
        """
        settings = self._settings()
        X, y = self._check_X_y(X, y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        if self.classes_.size < 2:
            raise BadArgumentError(f"y has {self.classes_.size} class; the classifier needs at least two")
        self.input_range_ = self._range(X)
        if validation_data is not None:
            if not isinstance(validation_data, (tuple, list)) or len(validation_data) != 2:
                raise BadArgumentError("validation_data must be a pair (X_val, y_val)")
            validation_data = self._check_X_y(*validation_data, reset=False, names=("X_val", "y_val"))
        # the copies training makes: the rotated copies (float64) and the scaled inputs and targets
        rows = X.shape[0] * (3 if settings["angle"] > 0 else 1)
        check_memory(rows * (X.shape[1] * ((8 if settings["angle"] > 0 else 0) + settings["dtype"].itemsize)
                             + self.classes_.size * 8), f"training on {rows:,} examples of {X.shape[1]:,} values",
                     argument="X", value=X.shape)
        # one scaled copy, C order: each example a contiguous row (R hands over Fortran order)
        Xs = scale_inputs(X, self.input_range_, settings["dtype"])
        if settings["angle"] > 0:  # the book rotates the scaled inputs, 0.01 filling the corners
            Xs, y_index = augment_rotations(Xs, y_index, settings["angle"], background=INPUT_LOW)
            Xs = np.ascontiguousarray(Xs, dtype=settings["dtype"])
        T = one_hot_targets(y_index, self.classes_.size).astype(settings["dtype"])
        rng = random_generator(self.random_state)
        self.network_ = NeuralNetwork(X.shape[1], settings["hidden"], self.classes_.size, settings["lr"],
                                      error_split=self.error_split, init=settings["init"], random_state=rng)
        rows = []
        for row in self._train(Xs, T, rng, settings, validation_data, callback):
            rows.append(row)
            if epoch_callback is not None:
                epoch_callback(dict(row))
        self.history_ = pd.DataFrame(rows)
        return self

    def _settings(self):
        """The constructor's arguments, checked against ``_parameter_constraints`` (each error names
        its argument), then the one rule that ties two of them."""
        p = self._validate_params()
        settings = dict(hidden=p["hidden_nodes"], lr=p["learning_rate"], epochs=p["epochs"],
                        method=resolve_method(p["method"]), batch=p["batch_size"], dtype=np.dtype(p["dtype"]),
                        angle=p["rotation_angle"], shuffle=p["shuffle"], init=p["init"])
        if settings["dtype"] == np.float32 and settings["method"] == "exact" and settings["batch"] == 1:
            raise BadArgumentError("dtype='float32' does not go with method='exact' (the float64 reference's "
                                   "numbers); use method='fast' or 'reference'", argument="dtype",
                                   value=p["dtype"], expected="'float64' with method='exact'")
        return settings

    def _train(self, Xs, T, rng, settings, validation_data, callback):
        """The epochs: shuffle, train in chunks (for the progress bar), measure; yields history rows."""
        import contextlib

        from .threads import per_example_blas

        net, dtype, batch, epochs = self.network_, settings["dtype"], settings["batch"], settings["epochs"]
        # float64 trains the network's own arrays in place; float32 trains copies
        wih, who = (net.wih, net.who) if dtype == np.float64 else (net.wih.astype(dtype), net.who.astype(dtype))
        n = Xs.shape[0]
        done = 0
        step = max(batch, (_PROGRESS_CHUNK // batch) * batch)
        # one BLAS limit for the whole fit (the thread policy): entering it per epoch cost a library scan each
        blas = per_example_blas() if batch == 1 else contextlib.nullcontext()
        # overflow is not an accident to report line by line: the epoch's end checks the weights
        with blas, np.errstate(over="ignore", invalid="ignore"), \
                tqdm(total=epochs * n, disable=not self.verbose, unit="example", desc="training") as bar:
            for epoch in range(1, epochs + 1):
                order = rng.permutation(n) if settings["shuffle"] else np.arange(n)
                start = time.perf_counter()
                sse = 0.0
                for lo in range(0, n, step):
                    chunk = order[lo:lo + step]
                    if batch == 1:
                        sse += train_epoch(wih, who, Xs, T, chunk, settings["lr"], self.error_split,
                                           settings["method"])
                    else:
                        sse += minibatch_epoch(wih, who, Xs, T, chunk, settings["lr"], batch, self.error_split)
                    bar.update(len(chunk))
                    done += len(chunk)
                    if callback is not None:
                        callback(done, epochs * n)
                if not _weights_sane(wih, who):
                    raise DivergenceError(
                        f"training diverged in epoch {epoch}: the weights became NaN, infinite or larger than "
                        f"{DIVERGED_WEIGHT:g}; use a smaller learning_rate (now {settings['lr']:g})",
                        argument="learning_rate", value=settings["lr"], expected="a smaller learning rate",
                        epoch=epoch)
                if dtype != np.float64:
                    net.wih, net.who = wih.astype(np.float64), who.astype(np.float64)
                row = {"epoch": epoch, "train_mse": sse / (n * self.classes_.size),
                       "seconds": time.perf_counter() - start}
                if validation_data is not None:
                    row["val_accuracy"] = self.score(*validation_data)
                    bar.set_postfix(epoch=epoch, accuracy=f"{row['val_accuracy']:.4f}")
                yield row

    def outputs(self, X):
        """The network's raw outputs (0..1), one column per class in ``classes_`` order."""
        check_is_fitted(self, "network_")
        X = self._check_X(X)
        if not isinstance(self.input_range, str) and np.ndim(self.input_range_[0]) == 0:
            self._warn_range(X, "predict", *self.input_range_)
        _, out = forward(self.network_.wih, self.network_.who, scale_inputs(X, self.input_range_))
        return out

    def backquery_images(self, targets_on=TARGET_ON, targets_off=TARGET_OFF):
        """What the fitted network imagines for each class (see :func:`gentlenn.network.backquery_images`)."""
        from .network import backquery_images

        check_is_fitted(self, "network_")
        return backquery_images(self.network_, targets_on, targets_off)

    def predict_proba(self, X):
        """The outputs normalised to sum to 1 per row (scores, not calibrated probabilities)."""
        out = self.outputs(X)
        return out / out.sum(axis=1, keepdims=True)

    def decision_function(self, X):
        """Log outputs, as scikit-learn expects: (n, n_classes), or for two classes the 1-D
        ``log(o_1 / o_0)`` (positive means ``classes_[1]``). Ranks agree with ``predict_proba``."""
        with np.errstate(divide="ignore"):
            log_out = np.log(self.outputs(X))
        if log_out.shape[1] == 2:
            return log_out[:, 1] - log_out[:, 0]
        return log_out

    def predict(self, X):
        """The class of the largest output."""
        out = self.outputs(X)
        return self.classes_[np.argmax(out, axis=1)]

    def score(self, X, y, sample_weight=None):
        """Accuracy on ``X``, ``y``; labels the classifier was not trained on are an error."""
        check_is_fitted(self, "network_")
        X, y = self._check_X_y(X, y, reset=False)
        unknown = np.setdiff1d(np.unique(y), self.classes_)
        if unknown.size:
            raise BadArgumentError(f"y has labels the classifier was not trained on: {unknown[:5].tolist()}")
        return super().score(X, y, sample_weight=sample_weight)

    def save(self, path):
        """Write the fitted network with its ``classes_``, ``input_range_`` and settings
        (network file version 2; read it back with :func:`load_classifier`)."""
        check_is_fitted(self, "network_")
        settings = {k: v for k, v in self.get_params().items() if k != "input_range"}
        settings["input_range"] = self.input_range if isinstance(self.input_range, str) else list(self.input_range_)
        settings["epochs_trained"] = int(len(self.history_))
        if isinstance(self.random_state, np.random.RandomState):  # the book's stream, from a known seed or not
            settings.update(random_state=getattr(self.random_state, "seed_value", None), generator="book")
        elif isinstance(self.random_state, np.random.Generator):
            settings["random_state"] = None
        return self.network_.save(path, classes=self.classes_.tolist(), input_range=self.input_range_,
                                  training=_json_settings(settings))

    def _check_X(self, X, reset=False, name="X"):
        """``X`` checked by scikit-learn (shape, type, fitted width), then for finite values with
        the rows named; every failure is a ``BadArgumentError``."""
        return validated_matrix(self, X, reset, name)

    def _check_X_y(self, X, y, reset=True, names=("X", "y")):
        X = self._check_X(X, reset=reset, name=names[0])
        return X, check_class_labels(y, names[1], X.shape[0])

    def _range(self, X):
        mode = self.input_range
        if isinstance(mode, str):
            if mode not in INPUT_RANGE_MODES:
                raise BadArgumentError(f"input_range must be (low, high), 'columns' or 'data', got {mode!r}")
            lo, hi = (X.min(axis=0), X.max(axis=0)) if mode == "columns" else (float(X.min()), float(X.max()))
            # constant columns (or constant data): any span maps them to 0.01
            hi = np.where(np.asarray(hi) > lo, hi, np.asarray(lo) + 1.0)
            hi = hi if mode == "columns" else float(hi)
            with np.errstate(over="ignore", invalid="ignore"):
                finite = np.all(np.isfinite(lo)) and np.all(np.isfinite(np.asarray(hi) - lo))
            if not finite:
                raise BadArgumentError(f"X spans more than float64 can scale (from {np.min(lo):.3g} to "
                                       f"{np.max(hi):.3g}); rescale the data to moderate values first")
            return lo, hi
        try:
            lo, hi = (float(v) for v in mode)
        except (TypeError, ValueError):
            raise BadArgumentError(f"input_range must be (low, high), 'columns' or 'data', got {mode!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi) and np.isfinite(hi - lo)) or hi <= lo:
            raise BadArgumentError(f"input_range must be finite with low < high, got {mode!r}")
        self._warn_range(X, "fit", lo, hi)
        return lo, hi

    @staticmethod
    def _warn_range(X, when, lo, hi):
        """Warn when data fall outside a declared (low, high) or fill under a tenth of it."""
        x_min, x_max = float(X.min()), float(X.max())
        fields = dict(argument="input_range", value=(lo, hi), suggest={"input_range": "columns"})
        if x_min < lo or x_max > hi:
            warnings.warn(InputRangeWarning(
                f"the data have values from {x_min:.4g} to {x_max:.4g}, outside input_range ({lo:g}, {hi:g}); "
                "they are scaled beyond the book's 0.01..1.00 inputs. Declare the data's range", **fields),
                stacklevel=3)
        elif when == "fit" and (x_max - x_min) < 0.1 * (hi - lo):
            warnings.warn(InputRangeWarning(
                f"the data fill only {x_min:.4g}..{x_max:.4g} of input_range ({lo:g}, {hi:g}), under a tenth "
                "of it: the inputs are nearly constant and the network learns little. Declare the data's range",
                **fields), stacklevel=3)


def _weights_sane(wih, who):
    """Finite and of a size a learning network has (the largest magnitude, NaN counting as huge)."""
    # one pass per matrix: max() carries NaN through, and NaN <= anything is false (run every epoch)
    return all(w.size == 0 or float(np.abs(w).max()) <= DIVERGED_WEIGHT for w in (wih, who))


def _json_settings(settings):
    out = {}
    for k, v in settings.items():
        if isinstance(v, (np.integer, np.floating, np.bool_)):
            v = v.item()
        if isinstance(v, tuple):
            v = list(v)
        if v is None or isinstance(v, (str, int, float, bool, list)):
            out[k] = v
        else:
            out[k] = str(v)
    return out


def load_classifier(path):
    """A fitted :class:`NeuralNetworkClassifier` from a network file.

    Version 2 files carry the classes and the input scaling; for version 1 files (and files
    without them) the output nodes stand for 0, 1, 2, ... and inputs are scaled from the book's
    ``(0, 255)``.
    """
    net, meta = read_network_file(path)
    classes = meta["classes"] if meta["classes"] is not None else np.arange(net.output_nodes)
    input_range = meta["input_range"] if meta["input_range"] is not None else PIXEL_RANGE
    return classifier_from_network(net, classes, input_range)


def classifier_from_network(network, classes, input_range=PIXEL_RANGE):
    """A fitted :class:`NeuralNetworkClassifier` around an existing network (for example one read
    with ``NeuralNetwork.load``), with output node ``k`` standing for ``classes[k]`` and inputs
    scaled from ``input_range`` (two numbers, or two arrays of one value per input)."""
    if not isinstance(network, NeuralNetwork):
        raise BadArgumentError(f"network must be a NeuralNetwork, got {type(network).__name__}")
    classes = np.asarray(classes)
    if classes.ndim != 1 or classes.size != network.output_nodes:
        raise BadArgumentError(f"classes must name the {network.output_nodes} output nodes, got {classes.size}")
    if isinstance(input_range, str):
        raise BadArgumentError("input_range must be the (low, high) the network was trained with, not a mode")
    try:
        lo, hi = input_range
        lo, hi = (float(v) if np.ndim(v) == 0 else np.asarray(v, dtype=np.float64) for v in (lo, hi))
    except (TypeError, ValueError):
        raise BadArgumentError(f"input_range must be (low, high), got {input_range!r}") from None
    if not np.all(np.asarray(hi) > np.asarray(lo)):
        raise BadArgumentError("input_range must have low < high")
    declared = (lo, hi) if np.ndim(lo) == 0 and np.ndim(hi) == 0 else "columns"
    clf = NeuralNetworkClassifier(hidden_nodes=network.hidden_nodes, learning_rate=network.learning_rate,
                                  input_range=declared, error_split=network.error_split)
    clf.classes_ = classes
    clf.network_ = network
    clf.n_features_in_ = network.input_nodes
    clf.input_range_ = (lo, hi)
    clf.history_ = pd.DataFrame(columns=["epoch", "train_mse", "seconds"])
    return clf


__all__ = ["NeuralNetworkClassifier", "load_classifier", "classifier_from_network"]
