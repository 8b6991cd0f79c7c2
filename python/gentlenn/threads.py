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
"""

from __future__ import annotations

import contextlib

from threadpoolctl import threadpool_limits


def per_example_blas():
    """A context in which BLAS runs on one thread (per-example loops)."""
    return threadpool_limits(limits=1, user_api="blas")


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

        old = numba.get_num_threads()
        numba.set_num_threads(1)
    try:
        with threadpool_limits(limits=1):
            yield
    finally:
        if old is not None:
            numba.set_num_threads(old)


__all__ = ["per_example_blas", "one_thread_per_job"]
