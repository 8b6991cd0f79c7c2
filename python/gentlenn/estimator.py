"""A scikit-learn classifier over the book's network, for data sets such as MNIST."""

from __future__ import annotations

import time

import numpy as np
import pandas as pd
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.utils.multiclass import check_classification_targets
from sklearn.utils.validation import check_is_fitted, column_or_1d, validate_data

from tqdm.auto import tqdm

from ._validation import check_count, check_positive_number
from .images import augment_rotations
from .network import ERROR_SPLITS, NeuralNetwork, forward, minibatch_epoch, resolve_method, train_epoch

TARGET_OFF, TARGET_ON = 0.01, 0.99
_PROGRESS_CHUNK = 2000  # examples between progress-bar updates


def scale_inputs(X, input_range=(0.0, 255.0), dtype=np.float64):
    """The book's input scaling: map ``input_range`` onto 0.01..1.00 (``x / 255 * 0.99 + 0.01``).

    Makes one new array of ``dtype`` (in C order, one example per contiguous row) and works in it.
    """
    lo, hi = input_range
    out = np.array(X, dtype=dtype, order="C", copy=True)
    out -= lo
    out *= 0.99 / (hi - lo)
    out += 0.01
    return out


def one_hot_targets(y_index, n_classes):
    """Targets 0.01 everywhere and 0.99 at each example's class (the sigmoid never reaches 0 or 1)."""
    T = np.full((len(y_index), n_classes), TARGET_OFF)
    T[np.arange(len(y_index)), y_index] = TARGET_ON
    return T


class NeuralNetworkClassifier(ClassifierMixin, BaseEstimator):
    """The book's three-layer network as a scikit-learn classifier.

    One output node per class; inputs are scaled from ``input_range`` onto 0.01..1.00 and targets
    are 0.01/0.99, as in the book's MNIST code. Training is the book's per-example gradient
    descent, ``epochs`` passes over the data.

    Parameters
    ----------
    hidden_nodes : int, default=100
    learning_rate : float, default=0.3
    epochs : int, default=1
    input_range : tuple (low, high) or "data", default=(0, 255)
        The raw value range mapped onto 0.01..1.00 (255 for MNIST pixels, 16 for scikit-learn's
        8x8 digits); ``"data"`` takes each fit's own minimum and maximum.
    error_split : {"transpose", "proportional"}, default="transpose"
    shuffle : bool, default=True
        Visit the training examples in a new random order each epoch. Keep it on for data sorted
        by label.
    rotation_angle : float, default=0
        When > 0, train on each image plus copies rotated by +-``rotation_angle`` degrees (the
        book's augmentation; rows must be square images).
    random_state : int or None
        Seed of the initial weights and the shuffling.
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
    dtype : {"float64", "float32"}, default="float64"
        Precision of the training arithmetic. float32 halves memory traffic; it works with
        ``method="fast"``, ``"reference"`` and mini-batches (not ``"exact"``, which is defined by
        the float64 reference).

    Attributes
    ----------
    classes_ : ndarray
    network_ : NeuralNetwork
        The trained network.
    input_range_ : tuple
        The range actually used for scaling.
    history_ : pandas.DataFrame
        One row per epoch: ``epoch``, ``train_mse`` (mean squared output error seen while
        training), ``seconds``, and ``val_accuracy`` when ``fit`` got ``validation_data``.
    """

    def __init__(self, hidden_nodes=100, learning_rate=0.3, epochs=1, input_range=(0.0, 255.0),
                 error_split="transpose", shuffle=True, rotation_angle=0.0, random_state=None,
                 verbose=False, method="auto", batch_size=1, dtype="float64"):
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

    def fit(self, X, y, validation_data=None, callback=None):
        """Train on ``X`` (n_samples, n_features) and labels ``y``.

        ``validation_data=(X_val, y_val)`` records the accuracy on it after every epoch.
        ``callback(done, total)`` is called every few thousand examples (R's progress bar uses it).
        """
        settings = self._settings()
        X, y = validate_data(self, X, y, dtype=np.float64)
        y = column_or_1d(y, warn=True)
        check_classification_targets(y)
        self.classes_, y_index = np.unique(y, return_inverse=True)
        if self.classes_.size < 2:
            raise ValueError(f"y has {self.classes_.size} class; the classifier needs at least two")
        self.input_range_ = self._range(X)
        if settings["angle"] > 0:
            X, y_index = augment_rotations(X, y_index, settings["angle"], background=self.input_range_[0])
        # one scaled copy, C order: each example a contiguous row (R hands over Fortran order)
        Xs = scale_inputs(X, self.input_range_, settings["dtype"])
        T = one_hot_targets(y_index, self.classes_.size).astype(settings["dtype"])
        rng = np.random.default_rng(self.random_state)
        self.network_ = NeuralNetwork(X.shape[1], settings["hidden"], self.classes_.size, settings["lr"],
                                      error_split=self.error_split, random_state=rng)
        self.history_ = pd.DataFrame(self._train(Xs, T, rng, settings, validation_data, callback))
        return self

    def _settings(self):
        """The constructor's arguments, checked (each error names its argument)."""
        if self.error_split not in ERROR_SPLITS:
            raise ValueError(f"error_split must be one of {ERROR_SPLITS}, got {self.error_split!r}")
        if str(self.dtype) not in ("float64", "float32"):
            raise ValueError(f"dtype must be 'float64' or 'float32', got {self.dtype!r}")
        settings = dict(
            hidden=check_count(self.hidden_nodes, "hidden_nodes"),
            lr=check_positive_number(self.learning_rate, "learning_rate"),
            epochs=check_count(self.epochs, "epochs"),
            method=resolve_method(self.method),
            batch=check_count(self.batch_size, "batch_size"),
            dtype=np.dtype(str(self.dtype)),
            angle=check_positive_number(self.rotation_angle, "rotation_angle", allow_zero=True),
        )
        if settings["dtype"] == np.float32 and settings["method"] == "exact" and settings["batch"] == 1:
            raise ValueError("dtype='float32' does not go with method='exact' (the float64 reference's "
                             "numbers); use method='fast' or 'reference'")
        return settings

    def _train(self, Xs, T, rng, settings, validation_data, callback):
        """The epochs: shuffle, train in chunks (for the progress bar), measure; yields history rows."""
        net, dtype, batch, epochs = self.network_, settings["dtype"], settings["batch"], settings["epochs"]
        # float64 trains the network's own arrays in place; float32 trains copies
        wih, who = (net.wih, net.who) if dtype == np.float64 else (net.wih.astype(dtype), net.who.astype(dtype))
        n = Xs.shape[0]
        done = 0
        step = max(batch, (_PROGRESS_CHUNK // batch) * batch)
        with tqdm(total=epochs * n, disable=not self.verbose, unit="example", desc="training") as bar:
            for epoch in range(1, epochs + 1):
                order = rng.permutation(n) if self.shuffle else np.arange(n)
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
        X = validate_data(self, X, reset=False, dtype=np.float64)
        _, out = forward(self.network_.wih, self.network_.who, scale_inputs(X, self.input_range_))
        return out

    def predict_proba(self, X):
        """The outputs normalised to sum to 1 per row (scores, not calibrated probabilities)."""
        out = self.outputs(X)
        return out / out.sum(axis=1, keepdims=True)

    def decision_function(self, X):
        """Log outputs, as scikit-learn expects: (n, n_classes), or for two classes the 1-D
        ``log(o_1 / o_0)`` (positive means ``classes_[1]``). Ranks agree with ``predict_proba``."""
        log_out = np.log(self.outputs(X))
        if log_out.shape[1] == 2:
            return log_out[:, 1] - log_out[:, 0]
        return log_out

    def predict(self, X):
        """The class of the largest output."""
        out = self.outputs(X)
        return self.classes_[np.argmax(out, axis=1)]

    def _range(self, X):
        if isinstance(self.input_range, str):
            if self.input_range != "data":
                raise ValueError(f"input_range must be (low, high) or 'data', got {self.input_range!r}")
            lo, hi = float(X.min()), float(X.max())
        else:
            try:
                lo, hi = (float(v) for v in self.input_range)
            except (TypeError, ValueError):
                raise ValueError(f"input_range must be (low, high) or 'data', got {self.input_range!r}") from None
        if not (np.isfinite(lo) and np.isfinite(hi)) or hi <= lo:
            if isinstance(self.input_range, str):
                hi = lo + 1.0  # constant data: any span maps it to 0.01
            else:
                raise ValueError(f"input_range must be finite with low < high, got {self.input_range!r}")
        return (lo, hi)


def classifier_from_network(network, classes, input_range=(0.0, 255.0)):
    """A fitted :class:`NeuralNetworkClassifier` around an existing network (for example one read
    with ``NeuralNetwork.load``), with output node ``k`` standing for ``classes[k]``."""
    if not isinstance(network, NeuralNetwork):
        raise ValueError(f"network must be a NeuralNetwork, got {type(network).__name__}")
    classes = np.asarray(classes)
    if classes.ndim != 1 or classes.size != network.output_nodes:
        raise ValueError(f"classes must name the {network.output_nodes} output nodes, got {classes.size}")
    clf = NeuralNetworkClassifier(hidden_nodes=network.hidden_nodes, learning_rate=network.learning_rate,
                                  input_range=input_range, error_split=network.error_split)
    clf.classes_ = classes
    clf.network_ = network
    clf.n_features_in_ = network.input_nodes
    if isinstance(input_range, str):
        raise ValueError("input_range must be the (low, high) the network was trained with, not 'data'")
    clf.input_range_ = clf._range(None)
    clf.history_ = pd.DataFrame(columns=["epoch", "train_mse", "seconds"])
    return clf
