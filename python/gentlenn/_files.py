"""Reading and writing files safely: every OS failure becomes one gentlenn error naming the file,
and writes go to a short temporary name in the same folder that is renamed into place.

Temporary names are ``.gnn-<pid>-<random>.tmp``: a writer killed before its rename leaves one behind,
and the process id tells a later run (:mod:`gentlenn._manifest`) whether its writer is gone."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

from . import _manifest
from .errors import FileAccessError, MissingFileError


def _umask():
    mask = os.umask(0)
    os.umask(mask)
    return mask


def existing_file(path, what):
    """``path`` as a Path when it names a readable regular file; else a classed error naming it."""
    path = Path(path)
    if path.is_dir():
        raise FileAccessError(f"{what} {str(path)!r} is a folder, not a file")
    if not path.exists():
        raise MissingFileError(f"{what} {str(path)!r} does not exist")
    if not os.access(path, os.R_OK):
        raise FileAccessError(f"{what} {str(path)!r} cannot be read (permission denied)")
    return path


def existing_folder(path, what):
    path = Path(path)
    if not path.exists():
        raise MissingFileError(f"{what} {str(path)!r} does not exist")
    if not path.is_dir():
        raise FileAccessError(f"{what} {str(path)!r} is a file, not a folder")
    return path


@contextlib.contextmanager
def atomic_write(path, what="file", binary=False):
    """Open a temporary file beside ``path`` for writing; on success it replaces ``path``.

    The file gets the mode a plain ``open()`` would give it (0666 less the umask), and a crash or
    an error never leaves half a file under ``path``.
    """
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    existing_folder(folder, f"the folder of {what}")
    if path.is_dir():
        raise FileAccessError(f"{what} {str(path)!r} is a folder, not a file")
    try:
        fd, tmp = tempfile.mkstemp(prefix=f".gnn-{os.getpid()}-", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise FileAccessError(f"cannot write {what} {str(path)!r}: {exc.strerror or exc}") from None
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        with os.fdopen(fd, "wb" if binary else "w", **({} if binary else {"encoding": "utf-8"})) as fh:
            fh.temp_path = tmp
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        _manifest.note_output(path)  # the run writing into this folder lists the file before it lands
        os.replace(tmp, path)
    except OSError as exc:
        Path(tmp).unlink(missing_ok=True)
        raise FileAccessError(f"cannot write {what} {str(path)!r}: {exc.strerror or exc}") from None
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@contextlib.contextmanager
def atomic_path(path, what="file"):
    """A temporary path beside ``path`` (same suffix) for writers that want a file name; on
    success it replaces ``path``."""
    path = Path(path)
    with atomic_write(path, what, binary=True) as fh:
        work = Path(fh.temp_path + path.suffix)
        try:
            yield work
            with open(work, "rb") as src:
                while block := src.read(1 << 20):
                    fh.write(block)
        finally:
            work.unlink(missing_ok=True)
