"""Random numbers that are the same in Python and in R for the same seed.

R's default generator is the Mersenne Twister seeded by ``set.seed()`` through a fixed linear
congruential scramble. numpy ships the same twister (``numpy.random.MT19937``), so putting R's
seeded state into it reproduces ``set.seed(seed); runif(n, min, max)`` to the last bit. This lets
the plain-R engine and the Python core draw identical random slopes and shuffles with no R at run time.
"""

from __future__ import annotations

import numbers

import numpy as np

from .errors import BadArgumentError

_TWO_POW_M32 = 2.3283064365386963e-10  # R's MT_genrand: y * 2^-32, [0, 1)
_LCG_MULT = 69069
_MASK32 = 0xFFFFFFFF


def check_seed(seed, name="random_state"):
    """Return ``seed`` as a Python int, or raise a ``ValueError`` naming ``name``."""
    if isinstance(seed, bool):
        raise BadArgumentError(f"{name} must be None or an integer seed, got {seed!r}")
    if not isinstance(seed, numbers.Integral):
        if isinstance(seed, numbers.Real) and float(seed).is_integer():
            seed = int(seed)
        else:
            raise BadArgumentError(f"{name} must be None or an integer seed, got {seed!r}")
    seed = int(seed)
    if not -(2**31) < seed < 2**31:
        raise BadArgumentError(f"{name} must fit R's integer range (|seed| < 2^31), got {seed}")
    return seed


class RStream:
    """A uniform random stream identical to R's after ``set.seed(seed)``.

    Parameters
    ----------
    seed : int or None
        The seed as given to R's ``set.seed``. ``None`` draws a fresh seed from the operating
        system (the stream is then not reproducible).

    Examples
    --------
    >>> RStream(42).runif(2)            # R: set.seed(42); runif(2)
    array([0.914806..., 0.937075...])
    """

    def __init__(self, seed=None):
        if seed is None:
            seed = int(np.random.SeedSequence().generate_state(1)[0] & 0x7FFFFFFF)
        self.seed = check_seed(seed)
        s = self.seed & _MASK32
        for _ in range(50):  # R's RNG_Init: initial scrambling
            s = (_LCG_MULT * s + 1) & _MASK32
        words = np.empty(625, dtype=np.uint32)
        for j in range(625):
            s = (_LCG_MULT * s + 1) & _MASK32
            words[j] = s
        # words[0] is R's position slot (FixupSeeds sets it to 624: "regenerate first").
        self._bits = np.random.MT19937()
        self._bits.state = {"bit_generator": "MT19937", "state": {"key": words[1:], "pos": 624}}

    def unif_rand(self, n):
        """``n`` draws of R's ``unif_rand()``: open interval (0, 1)."""
        u = self._bits.random_raw(int(n)).astype(np.float64) * _TWO_POW_M32
        # R's fixup() keeps draws strictly inside (0, 1)
        u[u <= 0.0] = 0.5 * _TWO_POW_M32
        u[1.0 - u <= 0.0] = 1.0 - 0.5 * _TWO_POW_M32
        return u

    def runif(self, n, low=0.0, high=1.0):
        """Like R's ``runif(n, low, high)``."""
        return low + (high - low) * self.unif_rand(n)

    def permutation(self, n):
        """A random order of ``range(n)``, as R's ``order(runif(n))`` gives it (0-based)."""
        return np.argsort(self.unif_rand(n), kind="stable")
