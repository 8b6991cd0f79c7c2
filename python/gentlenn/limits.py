"""How much one call may cost: memory (in the bytes the arrays will take), bytes read from a file,
and worker processes. Each limit has a default that fits the machine and an environment variable
that raises (or lowers) it on purpose; every refusal is a :class:`~gentlenn.errors.LimitError`
whose message names the variable.

=============================  ===========================================  ======================
limit                          default                                      raised by
=============================  ===========================================  ======================
memory one array may take      half of this machine's physical memory       ``GENTLENN_MAX_MEMORY``
bytes read from a network file 512 MiB                                      ``GENTLENN_MAX_FILE_BYTES``
parallel jobs (processes)      4 per core                                   ``GENTLENN_MAX_JOBS``
=============================  ===========================================  ======================

Sizes accept a plain number of bytes or a suffix: ``12G``, ``512M``, ``2GiB``.
"""

from __future__ import annotations

import os
import re

from .errors import LimitError

_UNITS = {"": 1, "K": 1024, "M": 1024 ** 2, "G": 1024 ** 3, "T": 1024 ** 4}


def _size(text, variable):
    m = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([KMGT]?)(?:i?B)?\s*", str(text), flags=re.IGNORECASE)
    if not m:
        raise LimitError(f"the environment variable {variable}={text!r} is not a size (for example 12G)",
                         argument=variable, value=text, expected="a size in bytes, such as 12G")
    return int(float(m.group(1)) * _UNITS[m.group(2).upper()])


def physical_memory():
    """This machine's physical memory in bytes (8 GiB when the system does not say)."""
    try:
        return os.sysconf("SC_PAGE_SIZE") * os.sysconf("SC_PHYS_PAGES")
    except (ValueError, OSError, AttributeError):  # pragma: no cover - not POSIX
        return 8 * 1024 ** 3


#: The share of the machine one call may fill: half, so that a shared classroom server (and the
#: copies training makes) keeps room for everyone else.
MEMORY_SHARE = 0.5


def memory_limit():
    """Bytes one array (or one training's arrays) may take."""
    text = os.environ.get("GENTLENN_MAX_MEMORY")
    return _size(text, "GENTLENN_MAX_MEMORY") if text else int(physical_memory() * MEMORY_SHARE)


def file_bytes_limit():
    """Bytes gentlenn reads from one network file."""
    text = os.environ.get("GENTLENN_MAX_FILE_BYTES")
    return _size(text, "GENTLENN_MAX_FILE_BYTES") if text else 512 * 1024 ** 2


def jobs_limit():
    """Parallel jobs one sweep may start."""
    text = os.environ.get("GENTLENN_MAX_JOBS")
    if text:
        if not text.strip().isdigit() or int(text) < 1:
            raise LimitError(f"the environment variable GENTLENN_MAX_JOBS={text!r} is not a whole number >= 1",
                             argument="GENTLENN_MAX_JOBS", value=text, expected="a whole number >= 1")
        return int(text)
    return 4 * (os.cpu_count() or 1)


def _human(n):
    for unit in ("bytes", "KiB", "MiB", "GiB", "TiB"):
        if n < 1024 or unit == "TiB":
            return f"{n:,.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024


def memory_error(nbytes, what, argument=None, value=None):
    """The :class:`LimitError` :func:`check_memory` raises for ``nbytes`` (for readers that find
    the size only while streaming)."""
    limit = memory_limit()
    source = "set by GENTLENN_MAX_MEMORY" if os.environ.get("GENTLENN_MAX_MEMORY") else "half of this machine's memory"
    return LimitError(f"{what} would take {_human(nbytes)}, more than the {_human(limit)} gentlenn allows "
                      f"({source}); set GENTLENN_MAX_MEMORY (for example 64G) to allow more on purpose",
                      argument=argument, value=value, expected=f"at most {limit} bytes", limit=limit,
                      unit="bytes", needed=int(nbytes), variable="GENTLENN_MAX_MEMORY")


def check_memory(nbytes, what, argument=None, value=None):
    """Refuse work whose arrays would take more than :func:`memory_limit` bytes.

    ``what`` says what would take the memory ("the float64 images of IDX file 'x'").
    """
    if nbytes > memory_limit():
        raise memory_error(nbytes, what, argument, value)
    return nbytes


__all__ = ["physical_memory", "memory_limit", "file_bytes_limit", "jobs_limit", "check_memory", "memory_error"]
