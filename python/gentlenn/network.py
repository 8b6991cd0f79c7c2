"""The book's three-layer sigmoid network: forward pass, error backpropagation, gradient descent.

Signals flow forward as ``O = sigmoid(W . I)`` per layer. The output error ``E = T - O`` is split
back to the hidden layer, either by the transposed weights ``W^T E`` (the book's code) or by each
link's share ``w / sum(w)`` of the error (as the text first explains it). Each weight matrix then
moves by ``dW = lr * (E * O * (1 - O)) . O_prev^T``, one example at a time.

:func:`train_step` is the one function that owns the per-example update; everything that trains
(``NeuralNetwork.train``, the estimator, the experiments) goes through it or through a faster
implementation that is tested to give the same numbers.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
from scipy.special import expit, logit

from ._files import atomic_write, existing_file
from ._validation import as_vector
from .book import INIT, LEARNING_RATE, TARGET_OFF, TARGET_ON, initial_weights
from .limits import check_memory
from .spec import ERROR_SPLIT, GENERATOR, NODES, NONE, POSITIVE, SEED, TRAIN_METHOD, check_value, validate
from .threads import per_example_blas
from .errors import BadArgumentError, BadArgumentTypeError, FileFormatError

ERROR_SPLITS = ERROR_SPLIT.values
FILE_FORMAT = "gentlenn-network"
FILE_VERSION = 2
READABLE_VERSIONS = (1, 2)


def sigmoid(x):
    """The logistic function ``1 / (1 + exp(-x))`` (scipy's ``expit``)."""
    return expit(x)


def layer_gradient(errors, outputs, prev_outputs):
    """``(E * O * (1 - O)) . O_prev^T``: the book's weight change before the learning rate.

    Parameters
    ----------
    errors, outputs : ndarray of shape (n_out,)
        The layer's errors and its outputs.
    prev_outputs : ndarray of shape (n_in,)
        The outputs of the layer before (the inputs of this layer's links).

    Returns
    -------
    ndarray of shape (n_out, n_in)
    """
    return np.outer(errors * outputs * (1.0 - outputs), prev_outputs)


def split_errors(weights, errors, how="transpose"):
    """Share a layer's output errors back among its input nodes.

    Parameters
    ----------
    weights : ndarray of shape (n_out, n_in)
        The links, ``weights[k, j]`` from input node ``j`` to output node ``k``.
    errors : ndarray of shape (n_out,)
    how : {"transpose", "proportional"}
        ``"transpose"``: ``W^T e``, the book's code. ``"proportional"``: each link carries the
        share ``w_kj / sum_j |w_kj|`` of output ``k``'s error, as the book's text first explains
        it. For positive weights this is exactly the text's ``w_kj / sum_j w_kj``; with weights of
        both signs the text's denominator can be 0 or flip the sign of every share, while the sum
        of magnitudes keeps each share between -1 and 1 with the sign of its link (an inhibiting
        link sends the error back reversed, as the gradient does). A node whose incoming weights
        are all 0 sends no error back.

    Notes
    -----
    The shares of one output node add up to 1 in size, so each hidden error is the transposed
    split's divided by ``sum_j |w_kj|``: with the book's initial weights, normal(0, n_hidden^-1/2),
    that sum is about ``0.8 sqrt(n_hidden)``, so with 100 hidden nodes the hidden errors come out
    about 8x smaller and the input-to-hidden weights learn correspondingly slower. The book's
    learning rates were tuned for the transposed split; with the proportional split try a rate
    several times larger.

    Examples
    --------
    >>> W = np.array([[2.0, 3.0], [1.0, 4.0]])
    >>> split_errors(W, np.array([0.8, 0.5]), "proportional")
    array([0.42, 0.88])
    >>> split_errors(W, np.array([0.8, 0.5]))
    array([2.1, 4.4])
    """
    if how == "transpose":
        return weights.T @ errors
    if how == "proportional":
        return proportional_shares(weights).T @ errors
    raise BadArgumentError(f"error_split must be one of {ERROR_SPLITS}, got {how!r}")


def proportional_shares(weights):
    """``w_kj / sum_j |w_kj|`` per row (0 for a row of zeros: no link carries error back)."""
    sums = np.abs(weights).sum(axis=1, keepdims=True)
    return weights / np.where(sums == 0, 1.0, sums)


def weight_update(weights, prev_outputs, errors, learning_rate):
    """One layer's weights after one gradient-descent step, from the previous layer's outputs.

    Examples
    --------
    The book's worked example: hidden outputs (0.4, 0.5), weights 2.0 and 3.0 into output node 1,
    its error 0.8, learning rate 0.1:

    >>> new = weight_update(np.array([[2.0, 3.0]]), np.array([0.4, 0.5]), np.array([0.8]), 0.1)
    >>> round(float(new[0, 0]), 6)
    2.00265
    """
    weights = np.asarray(weights, dtype=np.float64)
    prev_outputs = np.asarray(prev_outputs, dtype=np.float64)
    outputs = sigmoid(weights @ prev_outputs)
    return weights + learning_rate * layer_gradient(np.asarray(errors, dtype=np.float64), outputs, prev_outputs)


def forward(wih, who, inputs):
    """Hidden and final outputs for one input vector or a batch (rows)."""
    if inputs.ndim == 1:
        hidden = sigmoid(wih @ inputs)
        return hidden, sigmoid(who @ hidden)
    hidden = sigmoid(inputs @ wih.T)
    return hidden, sigmoid(hidden @ who.T)


def train_step(wih, who, inputs, targets, learning_rate, error_split="transpose"):
    """The reference per-example update, in place: the book's ``train()``, written once.

    Hidden errors are computed from ``who`` *before* it is updated, as in the book's code.

    Returns
    -------
    output_errors : ndarray of shape (n_out,)
        ``targets - outputs`` before the update.
    """
    hidden = sigmoid(wih @ inputs)
    outputs = sigmoid(who @ hidden)
    output_errors = targets - outputs
    hidden_errors = split_errors(who, output_errors, error_split)
    who += learning_rate * layer_gradient(output_errors, outputs, hidden)
    wih += learning_rate * layer_gradient(hidden_errors, hidden, inputs)
    return output_errors


TRAIN_METHODS = TRAIN_METHOD.values


def resolve_method(method):
    """``"auto"`` is ``"exact"`` when numba is installed and ``"reference"`` otherwise."""
    from ._kernels import HAVE_NUMBA

    method = check_value(method, TRAIN_METHOD, "method")
    if method == "auto":
        return "exact" if HAVE_NUMBA else "reference"
    if method in ("exact", "fast") and not HAVE_NUMBA:
        raise BadArgumentError(f"method={method!r} needs numba (pip install numba); 'reference' works without it",
                               argument="method", value=method, expected="'reference' (numba is not installed)")
    return method


def train_epoch(wih, who, X, T, order, learning_rate, error_split="transpose", method="reference"):
    """Apply the per-example update to the rows ``order`` of ``X``/``T`` in turn, in place; returns
    the sum of squared output errors seen (before each step).

    ``method="reference"`` calls :func:`train_step` for each example; ``"exact"`` and ``"fast"`` are
    the numba kernels of :mod:`gentlenn._kernels` (``"exact"`` gives the reference's numbers).
    BLAS runs single-threaded here (the thread policy, :mod:`gentlenn.threads`).
    """
    method = resolve_method(method)
    order = np.ascontiguousarray(order, dtype=np.int64)
    if order.size == 0:
        return 0.0
    with per_example_blas():
        if method == "reference":
            sse = 0.0
            for i in order:
                e = train_step(wih, who, X[i], T[i], learning_rate, error_split)
                sse += float(e @ e)
            return sse
        from . import _kernels

        kernel = _kernels.exact_epoch if method == "exact" else _kernels.fast_epoch
        return float(kernel(wih, who, X, T, order, learning_rate, error_split == "proportional"))


def minibatch_epoch(wih, who, X, T, order, learning_rate, batch_size, error_split="transpose"):
    """One epoch of mini-batch gradient descent over the rows ``order``, in place.

    Each batch of ``B`` examples moves the weights by ``learning_rate / B`` times the *sum* of the
    per-example changes the book's rule would make from the same weights (that is, by the
    averaged gradient); ``B = 1`` is the book's update. Products are matrix-matrix (BLAS GEMM).
    Because the change is averaged, useful learning rates are larger than the book's (about 1-2
    for batches of 32-128 on MNIST-like data, against 0.1-0.3 per example).
    """
    sse = 0.0
    for start in range(0, len(order), batch_size):
        idx = order[start:start + batch_size]
        Xb, Tb = X[idx], T[idx]
        H = sigmoid(Xb @ wih.T)
        O = sigmoid(H @ who.T)
        E = Tb - O
        share = who if error_split == "transpose" else proportional_shares(who)
        EH = E @ share
        step = learning_rate / len(idx)
        who += step * ((E * O * (1.0 - O)).T @ H)
        wih += step * ((EH * H * (1.0 - H)).T @ Xb)
        sse += float(np.sum(E * E))
    return sse


class NeuralNetwork:
    """The book's three-layer network (no bias nodes, sigmoid activations).

    Parameters
    ----------
    input_nodes, hidden_nodes, output_nodes : int
        Layer sizes (each >= 1).
    learning_rate : float, default=0.3
        Step size of gradient descent (> 0).
    weights : tuple of two array-likes, optional
        ``(wih, who)`` of shapes (hidden, input) and (output, hidden); by default drawn as ``init``
        says (:func:`gentlenn.book.initial_weights`), ``wih`` first.
    error_split : {"transpose", "proportional"}, default="transpose"
        How output errors are shared back to the hidden layer (see :func:`split_errors`).
    init : {"book", "first-edition"}, default="book"
        The initial weights: ``"book"`` draws each layer from normal(0, n_in^-0.5), n_in being the
        links into a node (the book's repository since 2017); ``"first-edition"`` from normal(0,
        n_out^-0.5), the next layer's size, as the first printed edition has it.
    random_state : int, numpy Generator, numpy RandomState or None
        Seed for the initial weights: an int seeds numpy's default generator; a
        ``numpy.random.RandomState(s)`` draws exactly what the book's notebooks draw after
        ``numpy.random.seed(s)``.

    Attributes
    ----------
    wih, who : ndarray
        Input-to-hidden and hidden-to-output weights; ``wih[j, i]`` links input ``i`` to hidden
        node ``j``.

    Examples
    --------
    The book's 3x3x3 example:

    >>> net = NeuralNetwork(3, 3, 3, weights=(
    ...     [[0.9, 0.3, 0.4], [0.2, 0.8, 0.2], [0.1, 0.5, 0.6]],
    ...     [[0.3, 0.7, 0.5], [0.6, 0.5, 0.2], [0.8, 0.1, 0.9]]))
    >>> net.query([0.9, 0.1, 0.8]).round(4)   # the book prints 0.726, 0.708, 0.778
    array([0.7263, 0.7086, 0.7781])

    (The book rounds the output layer's input 0.8886 to 0.888 first, hence its 0.708.)
    """

    _parameter_constraints = {
        "input_nodes": NODES, "hidden_nodes": NODES, "output_nodes": NODES, "learning_rate": POSITIVE,
        "error_split": ERROR_SPLIT, "init": INIT, "random_state": (NONE, SEED, GENERATOR),
    }

    def __init__(self, input_nodes, hidden_nodes, output_nodes, learning_rate=LEARNING_RATE, *, weights=None,
                 error_split="transpose", init="book", random_state=None):
        p = validate(self._parameter_constraints, dict(
            input_nodes=input_nodes, hidden_nodes=hidden_nodes, output_nodes=output_nodes,
            learning_rate=learning_rate, error_split=error_split, init=init, random_state=random_state))
        self.input_nodes, self.hidden_nodes, self.output_nodes = p["input_nodes"], p["hidden_nodes"], p["output_nodes"]
        self.learning_rate, self.error_split = p["learning_rate"], p["error_split"]
        # the two weight matrices and, while training, a gradient of each
        check_memory(2 * 8 * self.hidden_nodes * (self.input_nodes + self.output_nodes),
                     f"a {self.input_nodes}-{self.hidden_nodes}-{self.output_nodes} network's weights",
                     argument="hidden_nodes", value=self.hidden_nodes)
        #: how the weights were drawn (None when they were given)
        self.init = p["init"] if weights is None else None
        if weights is None:
            rng = random_generator(random_state)
            self.wih = initial_weights(rng, self.hidden_nodes, self.input_nodes, self.init)
            self.who = initial_weights(rng, self.output_nodes, self.hidden_nodes, self.init)
        else:
            if len(weights) != 2:
                raise BadArgumentError("weights must be a pair (wih, who)")
            self.wih = _weight_matrix(weights[0], "weights[0] (wih)", (self.hidden_nodes, self.input_nodes))
            self.who = _weight_matrix(weights[1], "weights[1] (who)", (self.output_nodes, self.hidden_nodes))

    def __repr__(self):
        return (f"NeuralNetwork({self.input_nodes}, {self.hidden_nodes}, {self.output_nodes}, "
                f"learning_rate={self.learning_rate}, error_split={self.error_split!r})")

    def copy(self):
        """An independent copy (weights copied)."""
        net = NeuralNetwork(self.input_nodes, self.hidden_nodes, self.output_nodes, self.learning_rate,
                            weights=(self.wih.copy(), self.who.copy()), error_split=self.error_split)
        net.init = self.init
        return net

    def query(self, inputs, return_hidden=False):
        """Forward pass for one input vector (or a batch, one example per row).

        Returns the final outputs, or ``(outputs, hidden_outputs)`` with ``return_hidden=True``.
        """
        x = self._inputs(inputs)
        hidden, outputs = forward(self.wih, self.who, x)
        return (outputs, hidden) if return_hidden else outputs

    def train(self, inputs, targets):
        """One gradient-descent step on one example (the book's ``train``), in place.

        Returns the output errors before the step.
        """
        x = self._inputs(inputs, batch=False)
        t = as_vector(targets, "targets", self.output_nodes)
        if np.any((t <= 0) | (t >= 1)):
            raise BadArgumentError("targets must lie strictly between 0 and 1 (the sigmoid never reaches 0 or 1)")
        return train_step(self.wih, self.who, x, t, self.learning_rate, self.error_split)

    def train_many(self, inputs, targets):
        """One step per row of ``inputs``/``targets``, in row order (same as calling ``train`` on
        each row); returns the network."""
        X = self._inputs(inputs)
        T = np.asarray(targets, dtype=np.float64)
        if X.ndim == 1:
            X = X.reshape(1, -1)
        if T.ndim == 1:
            T = T.reshape(1, -1)
        if T.shape != (X.shape[0], self.output_nodes):
            raise BadArgumentError(f"targets must have shape ({X.shape[0]}, {self.output_nodes}), got {T.shape}")
        if not np.all(np.isfinite(T)) or np.any((T <= 0) | (T >= 1)):
            raise BadArgumentError("targets must lie strictly between 0 and 1 (the sigmoid never reaches 0 or 1)")
        train_epoch(self.wih, self.who, X, T, range(X.shape[0]), self.learning_rate, self.error_split)
        return self

    def backquery(self, targets):
        """Run the network backwards: the input that would produce ``targets``.

        As the book's notebook does: apply the logit to the targets, pass back through ``who^T``,
        rescale into 0.01..0.99, logit again, back through ``wih^T``, and rescale into 0.01..0.99.
        """
        t = as_vector(targets, "targets", self.output_nodes)
        if np.any((t <= 0) | (t >= 1)):
            raise BadArgumentError("targets must lie strictly between 0 and 1 for the logit")
        hidden = _rescale(self.who.T @ logit(t))
        return _rescale(self.wih.T @ logit(hidden))

    def save(self, path, *, classes=None, input_range=None, training=None):
        """Write the network as JSON (format ``gentlenn-network``, version 2).

        The file holds ``format``, ``version``, the three layer sizes, ``learning_rate``,
        ``error_split`` and the weights ``wih`` and ``who`` as lists of rows, and, when given,
        the ``classes`` the output nodes stand for, the ``input_range`` the inputs were scaled
        from (``{"low": ..., "high": ...}``, numbers or one per input) and the ``training``
        settings (see :meth:`NeuralNetworkClassifier.save`). Numbers are written to round-trip
        exactly, so R's ``jsonlite`` and Python read back the same doubles. The file is written
        to a temporary name and renamed, so a crash never leaves half a file under ``path``; it
        gets the mode the umask gives new files.

        Raises
        ------
        BadArgumentError
            The weights are not finite (training diverged); nothing is written.
        FileAccessError, MissingFileError
            The folder does not exist or the file cannot be written.
        """
        if not (np.all(np.isfinite(self.wih)) and np.all(np.isfinite(self.who))):
            raise BadArgumentError("the network has NaN or infinite weights (training diverged); "
                                   f"it cannot be saved to {str(path)!r}")
        doc = {
            "format": FILE_FORMAT, "version": FILE_VERSION,
            "input_nodes": self.input_nodes, "hidden_nodes": self.hidden_nodes,
            "output_nodes": self.output_nodes, "learning_rate": self.learning_rate,
            "error_split": self.error_split,
            "wih": self.wih.tolist(), "who": self.who.tolist(),
        }
        if classes is not None:
            doc["classes"] = [_json_scalar(c) for c in classes]
        if input_range is not None:
            lo, hi = input_range
            doc["input_range"] = {"low": np.asarray(lo, dtype=np.float64).tolist(),
                                  "high": np.asarray(hi, dtype=np.float64).tolist()}
        if training is not None or self.init is not None:
            doc["training"] = dict(training or {})
            if self.init is not None:
                doc["training"].setdefault("init", self.init)
        with atomic_write(path, "network file") as fh:
            json.dump(doc, fh, allow_nan=False)
            fh.write("\n")
        return Path(path)

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save` (version 1 or 2, from Python or R).

        Raises
        ------
        MissingFileError, FileAccessError
            No such file, a folder, or not readable.
        FileFormatError
            Anything wrong inside the file (not JSON, wrong types or shapes, NaN); the message
            names the file.
        """
        return read_network_file(path)[0]

    def _inputs(self, inputs, batch=True):
        x = np.asarray(inputs, dtype=np.float64)
        if x.ndim == 1 or not batch:
            return as_vector(x, "inputs", self.input_nodes)
        if x.ndim != 2 or x.shape[1] != self.input_nodes:
            raise BadArgumentError(f"inputs must have {self.input_nodes} values per example, got shape {x.shape}")
        if not np.all(np.isfinite(x)):
            raise BadArgumentError("inputs contain NaN or infinite values")
        return x


def random_generator(random_state):
    """The generator that draws from ``random_state``: a ``Generator`` or ``RandomState`` as it is (the
    caller's stream goes on), else ``numpy.random.default_rng(random_state)`` (an int seed or None)."""
    if isinstance(random_state, (np.random.Generator, np.random.RandomState)):
        return random_state
    return np.random.default_rng(random_state)


def _weight_matrix(values, name, shape):
    try:
        raw = np.asarray(values)
    except (TypeError, ValueError):
        raw = np.empty(0, dtype=object)
    if raw.dtype.kind not in "iuf":  # no strings, booleans or ragged lists
        raise BadArgumentError(f"{name} must be a numeric matrix of shape {shape}")
    w = np.array(raw, dtype=np.float64, order="C")  # R hands over Fortran order; kernels and BLAS sums want rows
    if w.shape != shape:
        raise BadArgumentError(f"{name} must have shape {shape}, got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise BadArgumentError(f"{name} contains NaN or infinite values")
    return w


def _rescale(v):
    span = v.max() - v.min()
    if span == 0:
        return np.full_like(v, 0.5)
    return (v - v.min()) / span * 0.98 + 0.01


def _json_scalar(value):
    """A class label as a JSON value: numpy numbers become Python numbers, others strings."""
    if isinstance(value, (bool, np.bool_)):
        return bool(value)
    if isinstance(value, (int, np.integer)):
        return int(value)
    if isinstance(value, (float, np.floating)):
        return float(value)
    return str(value)


def _reject_constant(name):
    raise _BadNumber(f"{name} is not a number JSON allows")


class _BadNumber(ValueError):
    """A JSON number gentlenn cannot hold exactly (raised by the parser's hooks)."""


#: JSON integers outside this range are refused anywhere in a network file: they are no 64-bit
#: integer, and numpy cannot check or hold them.
_INT_RANGE = (-2 ** 63, 2 ** 64)
#: How deep the ``training`` entry may nest (settings are flat; R converts nests by recursion).
_MAX_SETTINGS_DEPTH = 8
#: Memory reading takes per byte of file: text, Python floats, arrays (2.8 measured at peak).
_PARSED_BYTES_PER_BYTE = 4
_FLOAT_MAX = float(np.finfo(np.float64).max)


def _json_int(text):
    value = int(text) if len(text) <= 25 else None  # 25 digits pass 2^64; longer would take long
    if value is None or not _INT_RANGE[0] <= value < _INT_RANGE[1]:
        shown = text if len(text) <= 25 else f"{text[:12]}...({len(text)} digits)"
        raise _BadNumber(f"the integer {shown} is outside the 64-bit range")
    return value


def _json_float(text):
    value = float(text)
    if not -_FLOAT_MAX <= value <= _FLOAT_MAX:  # inf (a float too large for a double); faster than isfinite
        shown = text if len(text) <= 25 else f"{text[:12]}...({len(text)} characters)"
        raise _BadNumber(f"the number {shown} is beyond the range of a double (float64)")
    return value


def _parse_network_json(path, where):
    """The JSON document in ``path``: read with a byte cap (only from a regular file), every
    number checked as it is parsed; any failure is a classed error naming the file."""
    from ._reading import read_capped

    data = read_capped(path, "network file", memory_per_byte=_PARSED_BYTES_PER_BYTE)
    size = len(data)
    try:
        text = data.decode("utf-8")
        del data  # the bytes go before the parsed numbers arrive
        return json.loads(text, parse_constant=_reject_constant, parse_int=_json_int, parse_float=_json_float)
    except _BadNumber as exc:
        raise FileFormatError(f"{where} holds a number that is not valid JSON for gentlenn: {exc}",
                              file=str(path)) from None
    except (ValueError, RecursionError) as exc:  # JSONDecodeError, UnicodeDecodeError, nesting
        raise FileFormatError(f"{where} is truncated or not valid JSON ({str(exc)[:200]})", file=str(path)) from None
    except MemoryError:
        from .errors import LimitError

        raise LimitError(f"{where} is too large to parse in the memory free now; free memory or lower "
                         "GENTLENN_MAX_FILE_BYTES", argument="path", value=str(path), limit=size, unit="bytes",
                         variable="GENTLENN_MAX_FILE_BYTES", file=str(path)) from None


def read_network_file(path):
    """The network in ``path`` and the file's other entries (``classes``, ``input_range`` and
    ``training``; ``None`` where absent, as in version 1 files).

    Only a regular file is read (a device or FIFO is refused before it is opened), and at most
    :func:`gentlenn.limits.file_bytes_limit` bytes of it (``GENTLENN_MAX_FILE_BYTES``). Integers
    outside the 64-bit range, numbers beyond a double's range, NaN and Infinity, and nesting too
    deep for the parser are refused wherever they occur.

    Raises
    ------
    FileFormatError
        The file is not a readable gentlenn network file; the message names it and the entry.
    FileAccessError, MissingFileError
        The file is missing, a folder, a device or FIFO, or cannot be read.
    LimitError
        The file is larger than the byte limit, or parsing it would take more memory than allowed.
    """
    path = existing_file(path, "network file")
    where = f"network file {str(path)!r}"
    doc = _parse_network_json(path, where)
    if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
        raise FileFormatError(f"{where} is not a {FILE_FORMAT} file")
    version = doc.get("version")
    if type(version) is not int or version not in READABLE_VERSIONS:
        raise FileFormatError(f"{where} has version {version!r}; this gentlenn reads versions "
                              f"{', '.join(map(str, READABLE_VERSIONS))}")
    missing = [k for k in ("input_nodes", "hidden_nodes", "output_nodes", "learning_rate", "wih", "who")
               if k not in doc]
    if missing:
        raise FileFormatError(f"{where} lacks {missing}")
    for key in ("input_nodes", "hidden_nodes", "output_nodes"):
        if type(doc[key]) is not int or doc[key] < 1:
            raise FileFormatError(f"{where}: {key} must be a whole number >= 1, got {_shown(doc[key])}")
    if not _is_number(doc["learning_rate"]) or not doc["learning_rate"] > 0:
        raise FileFormatError(f"{where}: learning_rate must be a number > 0, got {_shown(doc['learning_rate'])}")
    split = doc.get("error_split", "transpose")
    if split not in ERROR_SPLITS:
        raise FileFormatError(f"{where}: error_split must be one of {ERROR_SPLITS}, got {_shown(split)}")
    shapes = {"wih": (doc["hidden_nodes"], doc["input_nodes"]), "who": (doc["output_nodes"], doc["hidden_nodes"])}
    weights = [_number_matrix(doc[k], f"{where}: {k}", shapes[k]) for k in ("wih", "who")]
    try:
        net = NeuralNetwork(doc["input_nodes"], doc["hidden_nodes"], doc["output_nodes"],
                            float(doc["learning_rate"]), weights=weights, error_split=split)
    except BadArgumentError as exc:
        from .errors import LimitError

        if isinstance(exc, LimitError):
            raise
        raise FileFormatError(f"{where}: {exc}", argument=exc.argument, value=exc.value, expected=exc.expected,
                              file=str(path)) from None
    meta = {"classes": None, "input_range": None, "training": None}
    if doc.get("classes") is not None:
        meta["classes"] = _classes_entry(doc["classes"], where, net.output_nodes)
    if doc.get("input_range") is not None:
        meta["input_range"] = _input_range_entry(doc["input_range"], where, net.input_nodes)
    if doc.get("training") is not None:
        if not isinstance(doc["training"], dict) or not _plain_settings(doc["training"], _MAX_SETTINGS_DEPTH):
            raise FileFormatError(f"{where}: training must be an object of settings (numbers, text, true/false, "
                                  f"lists; nested at most {_MAX_SETTINGS_DEPTH} deep)")
        meta["training"] = doc["training"]
        if doc["training"].get("init") in INIT.values:  # the weights started as this says
            net.init = doc["training"]["init"]
    return net, meta


def _shown(value):
    """A refused value as a message shows it: short, whatever its size."""
    text = repr(value)
    return text if len(text) <= 60 else text[:50] + f"... ({type(value).__name__})"


def _is_number(v):
    return type(v) in (int, float) and -_FLOAT_MAX <= v <= _FLOAT_MAX


def _is_text(v):
    """A string that UTF-8 can write (JSON escapes can make lone surrogates, which it cannot)."""
    try:
        v.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _plain_settings(value, depth):
    if value is None or type(value) in (bool, int, float):
        return True
    if isinstance(value, str):
        return _is_text(value)
    if depth <= 0:
        return False
    if isinstance(value, list):
        return all(_plain_settings(v, depth - 1) for v in value)
    if isinstance(value, dict):
        return all(_is_text(k) and _plain_settings(v, depth - 1) for k, v in value.items())
    return False


def _classes_entry(classes, where, n_outputs):
    ok = (isinstance(classes, list) and len(classes) == n_outputs
          and all(type(c) in (str, int, float) for c in classes)
          and len({type(c) for c in classes}) == 1 and len(set(classes)) == len(classes))
    if ok and isinstance(classes[0], str):
        ok = all(_is_text(c) for c in classes)
    if ok and isinstance(classes[0], int):
        ok = all(-2 ** 63 <= c < 2 ** 63 for c in classes)  # numpy's int64, R's exchange type
    if not ok:
        raise FileFormatError(f"{where}: classes must be {n_outputs} distinct labels of one type (text, "
                              "64-bit whole numbers or numbers)")
    return classes


def _number_matrix(rows, where, shape):
    if (not isinstance(rows, list) or len(rows) != shape[0]
            or not all(isinstance(r, list) and len(r) == shape[1] for r in rows)):
        raise FileFormatError(f"{where} must be {shape[0]} rows of {shape[1]} numbers")
    if not all(_is_number(v) for r in rows for v in r):
        raise FileFormatError(f"{where} must hold only finite JSON numbers (no strings, booleans or null)")
    return np.array(rows, dtype=np.float64)


def _input_range_entry(entry, where, n_inputs):
    if not isinstance(entry, dict) or set(entry) != {"low", "high"}:
        raise FileFormatError(f"{where}: input_range must be {{\"low\": ..., \"high\": ...}}")
    out = []
    for key in ("low", "high"):
        v = entry[key]
        if _is_number(v):
            out.append(float(v))
        elif isinstance(v, list) and len(v) == n_inputs and all(_is_number(x) for x in v):
            out.append(np.array(v, dtype=np.float64))
        else:
            raise FileFormatError(f"{where}: input_range {key} must be a number or {n_inputs} numbers")
    if not np.all(np.asarray(out[1]) > np.asarray(out[0])):
        raise FileFormatError(f"{where}: input_range must have low < high")
    return tuple(out)


def backquery_images(network, targets_on=TARGET_ON, targets_off=TARGET_OFF):
    """What the network "imagines" for each class: one backquery image per output node.

    ``network`` is a :class:`NeuralNetwork`, or a model that offers ``backquery_images()`` (a fitted
    :class:`~gentlenn.NeuralNetworkClassifier`). Returns an array (n_classes, side, side) for square
    inputs, else (n_classes, n_inputs).
    """
    if not isinstance(network, NeuralNetwork):
        if callable(getattr(network, "backquery_images", None)):
            return network.backquery_images(targets_on, targets_off)
        raise BadArgumentTypeError(f"network must be a NeuralNetwork or a fitted classifier, got "
                                   f"{type(network).__name__}", argument="network", value=network,
                                   expected="a NeuralNetwork")
    images = []
    for k in range(network.output_nodes):
        t = np.full(network.output_nodes, targets_off)
        t[k] = targets_on
        images.append(network.backquery(t))
    images = np.array(images)
    side = int(round(np.sqrt(network.input_nodes)))
    return images.reshape(-1, side, side) if side * side == network.input_nodes else images


__all__ = ["NeuralNetwork", "sigmoid", "split_errors", "proportional_shares", "weight_update", "layer_gradient",
           "forward", "train_step", "train_epoch", "minibatch_epoch", "resolve_method", "read_network_file",
           "backquery_images", "random_generator", "ERROR_SPLITS", "TRAIN_METHODS", "FILE_VERSION"]
