"""The thread policy, applied in one place (written out in docs/threads.md).

- Per-example training (the book's loop, the ``reference`` and ``exact`` paths) runs BLAS on one
  thread: its matrix-vector products are too small to share, and two BLAS threads were measured
  up to 2.5x slower on two cores. Mini-batches (GEMM) keep BLAS's own threads.
- The ``fast`` numba kernel shares the rows of the input-to-hidden weights among numba's threads
  (``prange``); each row is summed by one thread, so the numbers do not depend on the count.
- Parallel experiments give each job one thread of each kind, so ``n_jobs`` jobs use ``n_jobs``
  cores instead of ``n_jobs`` times all of them. Jobs are processes (joblib's loky) from Python and
  threads from R, where an embedded Python cannot start worker processes; the numba kernels
  release the GIL, so threads train at once.
- Two runs that must agree to the last bit run with ``OPENBLAS_NUM_THREADS=1`` (the tests do).
- R starts pip and venv with ``LD_LIBRARY_PATH`` unset (R's own libraries would make a shared
  libpython load the wrong libpython); see ``install_gentlenn()``.

Limiting is cheap here, so small fits stay fast: threadpoolctl's ``threadpool_limits`` reads
``/proc/self/maps`` and inspects every loaded library on each call (3-7 ms, more than a whole
epoch of iris). This module scans once per session, again only after modules were imported
(extension modules are how another BLAS arrives; threadpoolctl's own cache where it has one), and
a fit enters its limit once: a limit entered again in the same thread while one is held (the
epochs inside a fit, a fit inside a parallel job) costs a check. Limits are threadpoolctl's, so
threads share them as threadpoolctl says (its 3.8 lets one thread at a time set OpenBLAS's count).
"""

from __future__ import annotations

import contextlib
import sys
import threading

import threadpoolctl
from threadpoolctl import ThreadpoolController

_cache_lock = threading.Lock()
_controller = None
_modules_at_scan = -1
#: The scopes ("blas", or None for every thread pool) this thread holds at one thread now.
_held = threading.local()


def _current_controller():
    """threadpoolctl's view of the loaded thread pools: scanned once, again when modules were added."""
    cached = getattr(threadpoolctl, "get_cached_controller", None)  # recent threadpoolctl caches alike
    if cached is not None:
        return cached()
    global _controller, _modules_at_scan
    with _cache_lock:
        if _controller is None or len(sys.modules) != _modules_at_scan:
            _modules_at_scan = len(sys.modules)
            _controller = ThreadpoolController()
        return _controller


@contextlib.contextmanager
def _one_thread(scope):
    """Hold ``scope`` ("blas", or None for every thread pool) at one thread while inside."""
    held = _held.__dict__.setdefault("scopes", [])
    if scope in held or None in held:  # already limited by an outer entry of this thread
        yield
        return
    with _current_controller().limit(limits=1, user_api=scope):
        held.append(scope)
        try:
            yield
        finally:
            held.pop()


def per_example_blas():
    """A context in which BLAS runs on one thread (per-example loops).

    Enter it once around a whole fit: re-entering inside (each epoch does) costs no scan.
    """
    return _one_thread("blas")


def blas_threads():
    """The thread count of each loaded BLAS now (for tests and benchmarks)."""
    return [info["num_threads"] for info in _current_controller().info() if info["user_api"] == "blas"]


@contextlib.contextmanager
def one_thread_per_job(n_jobs):
    """Inside a parallel job (``n_jobs != 1``): BLAS and numba on one thread each."""
    if n_jobs == 1:
        yield
        return
    from ._kernels import HAVE_NUMBA

    old = None
    if HAVE_NUMBA:
        import numba

        old = numba.get_num_threads()  # numba's count is per thread: each job sets its own
        numba.set_num_threads(1)
    try:
        with _one_thread(None):
            yield
    finally:
        if old is not None:
            numba.set_num_threads(old)


__all__ = ["per_example_blas", "one_thread_per_job", "blas_threads"]
