"""Fast implementations of the per-example training step (numba), chosen by ``network.train_epoch``.

- ``exact``: the reference step's operations in the reference step's order, with the matrix-vector
  products done by BLAS ``dgemv`` as numpy does them and row sums in numpy's pairwise order; where
  numpy's and scipy's BLAS compute a ``dgemv`` alike (checked by the tests and by the benchmark),
  the weights are bit-identical to :func:`gentlenn.network.train_step` after any number of
  examples (the proportional split: for up to 8,192 hidden nodes, numpy's buffer size).
- ``fast``: a fused loop that updates each row of the input-to-hidden weights and at once dots it
  with the next example, so the large matrix is read once per example; rows are shared among
  threads. Its summation order differs, so it agrees with the reference to about 1e-12 over
  short runs and in accuracy over long ones. float32 weights halve the memory traffic.

Without numba, ``HAVE_NUMBA`` is False and ``network.train_epoch`` uses the numpy reference.
"""

from __future__ import annotations

import math

import numpy as np

try:
    import numba
    from numba import prange

    HAVE_NUMBA = True
except ImportError:  # the pure-numpy reference remains
    HAVE_NUMBA = False


if HAVE_NUMBA:

    @numba.njit(cache=True, inline="always")
    def _sigmoid_into(src, dst):
        for i in range(src.shape[0]):
            dst[i] = 1.0 / (1.0 + math.exp(-src[i]))

    @numba.njit(cache=True, error_model="numpy")
    def _pairwise_leaf(a, lo, n):
        if n < 8:
            res = 0.0
            for i in range(lo, lo + n):
                res += a[i]
            return res
        r0, r1, r2, r3 = a[lo], a[lo + 1], a[lo + 2], a[lo + 3]
        r4, r5, r6, r7 = a[lo + 4], a[lo + 5], a[lo + 6], a[lo + 7]
        i = 8
        while i < n - (n % 8):
            r0 += a[lo + i]
            r1 += a[lo + i + 1]
            r2 += a[lo + i + 2]
            r3 += a[lo + i + 3]
            r4 += a[lo + i + 4]
            r5 += a[lo + i + 5]
            r6 += a[lo + i + 6]
            r7 += a[lo + i + 7]
            i += 8
        res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7))
        while i < n:
            res += a[lo + i]
            i += 1
        return res

    @numba.njit(cache=True, error_model="numpy")
    def _row_sum(a):
        """numpy's pairwise summation of a contiguous row (the order of ``ndarray.sum``): blocks
        of at most 128 values, halved recursively; written with an explicit stack."""
        n = a.shape[0]
        if n <= 128:
            return _pairwise_leaf(a, 0, n)
        los = np.empty(64, np.int64)
        ns = np.empty(64, np.int64)
        state = np.zeros(64, np.int64)
        left = np.empty(64)
        los[0], ns[0], sp, result = 0, n, 1, 0.0
        while sp > 0:
            top = sp - 1
            m = ns[top]
            half = m // 2 - (m // 2) % 8
            if m <= 128 or state[top] == 2:
                value = _pairwise_leaf(a, los[top], m) if m <= 128 else left[top] + result
                sp -= 1
                if sp == 0:
                    return value
                parent = sp - 1
                if state[parent] == 1:
                    left[parent] = value
                    state[parent] = 2
                    los[sp], ns[sp], state[sp] = los[parent] + ns[parent] // 2 - (ns[parent] // 2) % 8, \
                        ns[parent] - (ns[parent] // 2 - (ns[parent] // 2) % 8), 0
                    sp += 1
                else:
                    result = value
            else:
                state[top] = 1
                los[sp], ns[sp], state[sp] = los[top], half, 0
                sp += 1
        return result

    @numba.njit(cache=True, error_model="numpy")
    def _hidden_errors(who, e, proportional):
        if not proportional:
            return np.dot(who.T, e)
        # as network.proportional_shares: w / sum |w| (numpy's pairwise order); zero rows send nothing
        share = np.empty_like(who)
        for k in range(who.shape[0]):
            s = _row_sum(np.abs(who[k]))
            if s == 0.0:
                s = 1.0
            for j in range(who.shape[1]):
                share[k, j] = who[k, j] / s
        return np.dot(share.T, e)

    @numba.njit(cache=True, nogil=True, error_model="numpy")
    def exact_epoch(wih, who, X, T, order, lr, proportional):
        """The reference step for each row in ``order``, in place; returns the sum of squared errors."""
        n_hidden = wih.shape[0]
        n_out = who.shape[0]
        h = np.empty(n_hidden)
        o = np.empty(n_out)
        sse = 0.0
        for idx in order:
            x = X[idx]
            t = T[idx]
            _sigmoid_into(np.dot(wih, x), h)
            _sigmoid_into(np.dot(who, h), o)
            e = t - o
            eh = _hidden_errors(who, e, proportional)
            for k in range(n_out):
                g = e[k] * o[k] * (1.0 - o[k])
                for j in range(n_hidden):
                    who[k, j] += lr * (g * h[j])
            for j in range(n_hidden):
                g = eh[j] * h[j] * (1.0 - h[j])
                row = wih[j]
                for i in range(x.shape[0]):
                    row[i] += lr * (g * x[i])
            for k in range(n_out):
                sse += e[k] * e[k]
        return sse

    @numba.njit(cache=True, parallel=True, fastmath=True, error_model="numpy")
    def _fused_rows(wih, gh, lr, x, x_next, h_in):
        zero = gh[0] * 0  # the weights' own type: float32 stays float32
        for j in prange(wih.shape[0]):
            c = lr * gh[j]
            acc = zero
            row = wih[j]
            for i in range(row.shape[0]):
                w = row[i] + c * x[i]
                row[i] = w
                acc += w * x_next[i]
            h_in[j] = acc

    @numba.njit(cache=True, nogil=True, fastmath=True, error_model="numpy")
    def fast_epoch(wih, who, X, T, order, lr, proportional):
        """The fused per-example loop (see the module's notes); returns the sum of squared errors."""
        n_hidden, n_in = wih.shape
        n_out = who.shape[0]
        lr = wih.dtype.type(lr)
        one = wih.dtype.type(1.0)
        zero = wih.dtype.type(0.0)
        h_in = np.zeros(n_hidden, dtype=wih.dtype)
        h = np.empty(n_hidden, dtype=wih.dtype)
        o = np.empty(n_out, dtype=wih.dtype)
        eh = np.empty(n_hidden, dtype=wih.dtype)
        gh = np.empty(n_hidden, dtype=wih.dtype)
        x0 = X[order[0]]
        for j in range(n_hidden):
            acc = zero
            for i in range(n_in):
                acc += wih[j, i] * x0[i]
            h_in[j] = acc
        sse = 0.0
        n = order.shape[0]
        for step in range(n):
            x = X[order[step]]
            t = T[order[step]]
            x_next = X[order[step + 1]] if step + 1 < n else x
            for j in range(n_hidden):
                h[j] = one / (one + np.exp(-h_in[j]))
            for k in range(n_out):
                acc = zero
                for j in range(n_hidden):
                    acc += who[k, j] * h[j]
                o[k] = one / (one + np.exp(-acc))
            for j in range(n_hidden):
                eh[j] = zero
            for k in range(n_out):
                e = t[k] - o[k]
                sse += e * e
                if proportional:
                    s = zero
                    for j in range(n_hidden):
                        s += abs(who[k, j])
                    if s == zero:
                        s = one
                    for j in range(n_hidden):
                        eh[j] += who[k, j] / s * e
                else:
                    for j in range(n_hidden):
                        eh[j] += who[k, j] * e
                g = lr * (e * o[k] * (one - o[k]))
                for j in range(n_hidden):
                    who[k, j] += g * h[j]
            for j in range(n_hidden):
                gh[j] = eh[j] * h[j] * (one - h[j])
            _fused_rows(wih, gh, lr, x, x_next, h_in)
        return sse
