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
import os
import tempfile
from pathlib import Path

import numpy as np
from scipy.special import expit, logit
from threadpoolctl import threadpool_limits

from ._validation import check_count, check_positive_number

ERROR_SPLITS = ("transpose", "proportional")
FILE_FORMAT = "gentlenn-network"
FILE_VERSION = 1


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
        share ``w_kj / sum_j w_kj`` of output ``k``'s error, as the book's text first explains.

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
        sums = weights.sum(axis=1, keepdims=True)
        if np.any(sums == 0):
            raise ValueError("error_split='proportional' needs every node's incoming weights to sum to non-zero")
        return (weights / sums).T @ errors
    raise ValueError(f"error_split must be one of {ERROR_SPLITS}, got {how!r}")


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


TRAIN_METHODS = ("auto", "reference", "exact", "fast")


def resolve_method(method):
    """``"auto"`` is ``"exact"`` when numba is installed and ``"reference"`` otherwise."""
    from ._kernels import HAVE_NUMBA

    if method not in TRAIN_METHODS:
        raise ValueError(f"method must be one of {TRAIN_METHODS}, got {method!r}")
    if method == "auto":
        return "exact" if HAVE_NUMBA else "reference"
    if method in ("exact", "fast") and not HAVE_NUMBA:
        raise ValueError(f"method={method!r} needs numba (pip install numba); 'reference' works without it")
    return method


def train_epoch(wih, who, X, T, order, learning_rate, error_split="transpose", method="reference"):
    """Apply the per-example update to the rows ``order`` of ``X``/``T`` in turn, in place; returns
    the sum of squared output errors seen (before each step).

    ``method="reference"`` calls :func:`train_step` for each example; ``"exact"`` and ``"fast"`` are
    the numba kernels of :mod:`gentlenn._kernels` (``"exact"`` gives the reference's numbers).
    BLAS runs single-threaded here: per-example matrix-vector products are too small to share,
    and two threads were measured twice as slow on two cores.
    """
    method = resolve_method(method)
    order = np.ascontiguousarray(order, dtype=np.int64)
    if order.size == 0:
        return 0.0
    with threadpool_limits(limits=1, user_api="blas"):
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
        share = who if error_split == "transpose" else who / who.sum(axis=1, keepdims=True)
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
        ``(wih, who)`` of shapes (hidden, input) and (output, hidden); by default drawn from
        normal(0, n_in^-0.5) for each layer, n_in being the number of links into a node.
    error_split : {"transpose", "proportional"}, default="transpose"
        How output errors are shared back to the hidden layer (see :func:`split_errors`).
    random_state : int, numpy Generator or None
        Seed for the initial weights (numpy's default generator).

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

    def __init__(self, input_nodes, hidden_nodes, output_nodes, learning_rate=0.3, *, weights=None,
                 error_split="transpose", random_state=None):
        self.input_nodes = check_count(input_nodes, "input_nodes")
        self.hidden_nodes = check_count(hidden_nodes, "hidden_nodes")
        self.output_nodes = check_count(output_nodes, "output_nodes")
        self.learning_rate = check_positive_number(learning_rate, "learning_rate")
        if error_split not in ERROR_SPLITS:
            raise ValueError(f"error_split must be one of {ERROR_SPLITS}, got {error_split!r}")
        self.error_split = error_split
        if weights is None:
            rng = np.random.default_rng(random_state)
            self.wih = rng.normal(0.0, self.input_nodes ** -0.5, (self.hidden_nodes, self.input_nodes))
            self.who = rng.normal(0.0, self.hidden_nodes ** -0.5, (self.output_nodes, self.hidden_nodes))
        else:
            if len(weights) != 2:
                raise ValueError("weights must be a pair (wih, who)")
            self.wih = _weight_matrix(weights[0], "weights[0] (wih)", (self.hidden_nodes, self.input_nodes))
            self.who = _weight_matrix(weights[1], "weights[1] (who)", (self.output_nodes, self.hidden_nodes))

    def __repr__(self):
        return (f"NeuralNetwork({self.input_nodes}, {self.hidden_nodes}, {self.output_nodes}, "
                f"learning_rate={self.learning_rate}, error_split={self.error_split!r})")

    def copy(self):
        """An independent copy (weights copied)."""
        return NeuralNetwork(self.input_nodes, self.hidden_nodes, self.output_nodes, self.learning_rate,
                             weights=(self.wih.copy(), self.who.copy()), error_split=self.error_split)

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
        t = _vector(targets, "targets", self.output_nodes)
        if np.any((t <= 0) | (t >= 1)):
            raise ValueError("targets must lie strictly between 0 and 1 (the sigmoid never reaches 0 or 1)")
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
            raise ValueError(f"targets must have shape ({X.shape[0]}, {self.output_nodes}), got {T.shape}")
        if not np.all(np.isfinite(T)) or np.any((T <= 0) | (T >= 1)):
            raise ValueError("targets must lie strictly between 0 and 1 (the sigmoid never reaches 0 or 1)")
        train_epoch(self.wih, self.who, X, T, range(X.shape[0]), self.learning_rate, self.error_split)
        return self

    def backquery(self, targets):
        """Run the network backwards: the input that would produce ``targets``.

        As the book's notebook does: apply the logit to the targets, pass back through ``who^T``,
        rescale into 0.01..0.99, logit again, back through ``wih^T``, and rescale into 0.01..0.99.
        """
        t = _vector(targets, "targets", self.output_nodes)
        if np.any((t <= 0) | (t >= 1)):
            raise ValueError("targets must lie strictly between 0 and 1 for the logit")
        hidden = _rescale(self.who.T @ logit(t))
        return _rescale(self.wih.T @ logit(hidden))

    def save(self, path):
        """Write the network as JSON (format ``gentlenn-network`` version 1).

        The file holds ``format``, ``version``, the three layer sizes, ``learning_rate``,
        ``error_split`` and the weights ``wih`` and ``who`` as lists of rows; numbers are written
        to round-trip exactly (Python's shortest repr), so R's ``jsonlite`` and Python read back
        the same doubles. The file is written to a temporary name and renamed, so a crash never
        leaves half a file under ``path``.
        """
        path = Path(path)
        doc = {
            "format": FILE_FORMAT, "version": FILE_VERSION,
            "input_nodes": self.input_nodes, "hidden_nodes": self.hidden_nodes,
            "output_nodes": self.output_nodes, "learning_rate": self.learning_rate,
            "error_split": self.error_split,
            "wih": self.wih.tolist(), "who": self.who.tolist(),
        }
        fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent or ".")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as fh:
                json.dump(doc, fh)
                fh.flush()
                os.fsync(fh.fileno())
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
        return path

    @classmethod
    def load(cls, path):
        """Read a network written by :meth:`save` (from Python or R)."""
        path = Path(path)
        if not path.is_file():
            raise FileNotFoundError(f"network file {str(path)!r} does not exist")
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise ValueError(f"network file {str(path)!r} is truncated or not JSON ({exc})") from None
        if not isinstance(doc, dict) or doc.get("format") != FILE_FORMAT:
            raise ValueError(f"network file {str(path)!r} is not a {FILE_FORMAT} file")
        if doc.get("version") != FILE_VERSION:
            raise ValueError(f"network file {str(path)!r} has version {doc.get('version')!r}; "
                             f"this gentlenn reads version {FILE_VERSION}")
        missing = [k for k in ("input_nodes", "hidden_nodes", "output_nodes", "learning_rate", "wih", "who")
                   if k not in doc]
        if missing:
            raise ValueError(f"network file {str(path)!r} lacks {missing}")
        try:
            return cls(doc["input_nodes"], doc["hidden_nodes"], doc["output_nodes"], doc["learning_rate"],
                       weights=(doc["wih"], doc["who"]), error_split=doc.get("error_split", "transpose"))
        except ValueError as exc:
            raise ValueError(f"network file {str(path)!r}: {exc}") from None

    def _inputs(self, inputs, batch=True):
        x = np.asarray(inputs, dtype=np.float64)
        if x.ndim == 1 or not batch:
            return _vector(x, "inputs", self.input_nodes)
        if x.ndim != 2 or x.shape[1] != self.input_nodes:
            raise ValueError(f"inputs must have {self.input_nodes} values per example, got shape {x.shape}")
        if not np.all(np.isfinite(x)):
            raise ValueError("inputs contain NaN or infinite values")
        return x


def _vector(values, name, n):
    v = np.asarray(values, dtype=np.float64)
    if v.ndim == 2 and 1 in v.shape:
        v = v.reshape(-1)
    if v.ndim != 1 or v.shape[0] != n:
        raise ValueError(f"{name} must have {n} values, got shape {np.shape(values)}")
    if not np.all(np.isfinite(v)):
        raise ValueError(f"{name} contain NaN or infinite values")
    return v


def _weight_matrix(values, name, shape):
    try:
        w = np.array(values, dtype=np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a numeric matrix of shape {shape}") from None
    if w.shape != shape:
        raise ValueError(f"{name} must have shape {shape}, got {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"{name} contains NaN or infinite values")
    return w


def _rescale(v):
    span = v.max() - v.min()
    if span == 0:
        return np.full_like(v, 0.5)
    return (v - v.min()) / span * 0.98 + 0.01
