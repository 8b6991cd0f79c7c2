"""Reading the user's files within bounds: only regular files are opened (a device such as
``/dev/zero`` or a FIFO is refused before it can stream forever or block), and every read stops
at a byte limit with a :class:`~gentlenn.errors.LimitError` naming the file and the variable
that raises the limit. The readers of network files, IDX, CSV and images all go through here."""

from __future__ import annotations

import io
import os
import stat

from . import limits
from ._files import existing_file
from .errors import FileAccessError, LimitError

_KINDS = ((stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISFIFO, "a FIFO (pipe)"),
          (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _kind(mode):
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def _refuse_irregular(mode, path, what):
    if not stat.S_ISREG(mode):
        raise FileAccessError(f"{what} {str(path)!r} is {_kind(mode)}, not a regular file: gentlenn reads only "
                              "regular files", argument="path", value=str(path), expected="a regular file",
                              file=str(path))


def open_regular(path, what):
    """``path`` opened for binary reading when it names a readable regular file.

    The file is checked by ``stat`` before it is opened and again (``fstat``) on the open
    descriptor, so a FIFO swapped in between cannot block the call: the open itself does not
    wait (``O_NONBLOCK``), and blocking reads are restored only for a regular file.

    Returns
    -------
    file object (binary, buffered); ``.size`` holds the file's size in bytes.
    """
    path = existing_file(path, what)
    try:
        mode = os.stat(path).st_mode
    except OSError as exc:
        raise FileAccessError(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}", file=str(path)) from None
    _refuse_irregular(mode, path, what)
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise FileAccessError(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}", file=str(path)) from None
    try:
        info = os.fstat(fd)
        _refuse_irregular(info.st_mode, path, what)
        os.set_blocking(fd, True)
        fh = os.fdopen(fd, "rb")
    except BaseException:
        os.close(fd)
        raise
    fh.size = info.st_size
    return fh


def too_many_bytes(path, what, limit, variable="GENTLENN_MAX_FILE_BYTES", needed=None):
    """The :class:`LimitError` for a file over ``limit`` bytes."""
    size = f" ({needed:,} bytes)" if needed is not None else ""
    return LimitError(f"{what} {str(path)!r} is larger{size} than the {limit:,} bytes gentlenn reads from one file; "
                      f"set {variable} (for example 2G) to allow more on purpose", argument="path",
                      value=str(path), expected=f"a file of at most {limit} bytes", limit=limit, unit="bytes",
                      variable=variable, file=str(path), **({} if needed is None else {"needed": needed}))


def read_capped(path, what, limit=None, memory_per_byte=0):
    """All bytes of the regular file ``path``, refusing a file of more than ``limit`` bytes
    (default :func:`gentlenn.limits.file_bytes_limit`) before and while reading it: a file that
    grows while it is read is still cut off at ``limit + 1`` bytes. With ``memory_per_byte``,
    the memory that using the file will take (its size times that) is checked before reading."""
    limit = limits.file_bytes_limit() if limit is None else limit
    with open_regular(path, what) as fh:
        if fh.size > limit:
            raise too_many_bytes(path, what, limit, needed=fh.size)
        if memory_per_byte:
            limits.check_memory(fh.size * memory_per_byte, f"reading {what} {str(path)!r}", argument="path",
                                value=str(path))
        try:
            data = read_at_most(fh, limit + 1, hint=fh.size + 1)
        except OSError as exc:
            raise FileAccessError(f"cannot read {what} {str(path)!r}: {exc.strerror or exc}",
                                  file=str(path)) from None
    if len(data) > limit:
        raise too_many_bytes(path, what, limit)
    return data


def read_at_most(fh, n, hint=None, chunk=1 << 24):
    """Up to ``n`` bytes of ``fh`` (bytes or a bytearray), in chunks, so that memory grows with the
    bytes that arrive, not with the number asked for (a header may promise gigabytes that a small
    file does not hold). ``hint`` is the size expected (a regular file's size): read in one piece
    when it is smaller."""
    first = fh.read(min(n, hint if hint is not None else chunk))
    if len(first) >= n or not first:
        return first
    buf = bytearray(first)
    while len(buf) < n:
        block = fh.read(min(chunk, n - len(buf)))
        if not block:
            break
        buf += block
    return buf  # a bytearray: no second copy


class CappedReader(io.RawIOBase):
    """A binary stream that raises ``error()`` once more than ``limit`` bytes have been read
    from ``raw`` (for streams whose size is not known beforehand, such as gzip's output)."""

    def __init__(self, raw, limit, error):
        super().__init__()
        self._raw, self._left, self._error = raw, limit, error

    def readable(self):
        return True

    def readinto(self, buffer):
        want = min(len(buffer), self._left + 1)
        data = self._raw.read(want)
        if len(data) > self._left:
            raise self._error()
        self._left -= len(data)
        buffer[:len(data)] = data
        return len(data)


__all__ = ["open_regular", "read_capped", "read_at_most", "too_many_bytes", "CappedReader"]
