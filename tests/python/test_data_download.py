"""load_mnist and the checked downloader, against a local HTTP server on 127.0.0.1 only."""

import http.server
import threading

import numpy as np
import pytest

from gentlenn.data import write_idx
from gentlenn.data import MNIST_FILES, download_mnist, load_mnist, md5sum

NAMES = list(MNIST_FILES)


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """Small IDX files under /good/, corrupted copies under /bad/, and /drop/ that cuts the
    connection half-way through each file."""
    root = tmp_path_factory.mktemp("www")
    rng = np.random.default_rng(0)
    arrays = {
        NAMES[0]: rng.integers(0, 256, (20, 28, 28), dtype=np.uint8),
        NAMES[1]: np.arange(20, dtype=np.uint8) % 10,
        NAMES[2]: rng.integers(0, 256, (10, 28, 28), dtype=np.uint8),
        NAMES[3]: np.arange(10, dtype=np.uint8) % 10,
    }
    (root / "good").mkdir()
    (root / "bad").mkdir()
    for name, arr in arrays.items():
        write_idx(root / "good" / name, arr)
        data = bytearray((root / "good" / name).read_bytes())
        data[-1] ^= 0xFF
        (root / "bad" / name).write_bytes(bytes(data))
    checksums = {name: md5sum(root / "good" / name) for name in NAMES}
    hits = []

    class Handler(http.server.SimpleHTTPRequestHandler):
        def __init__(self, *a, **k):
            super().__init__(*a, directory=str(root), **k)

        def log_message(self, *args):
            pass

        def do_GET(self):
            hits.append(self.path)
            if self.path.startswith("/drop/"):
                body = (root / "good" / self.path.split("/")[-1]).read_bytes()
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body[: len(body) // 2])
                self.wfile.flush()
                self.close_connection = True
                return
            super().do_GET()

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{server.server_address[1]}"
    yield {"base": base, "checksums": checksums, "arrays": arrays, "hits": hits}
    server.shutdown()
    server.server_close()


def listing(folder):
    return sorted(p.name for p in folder.iterdir())


def test_download_verifies_and_loads(served, tmp_path):
    folder = download_mnist(tmp_path, [served["base"] + "/good/"], files=served["checksums"])
    assert listing(folder) == sorted(NAMES)
    data = load_mnist(folder)
    assert data.X_train.shape == (20, 784) and data.X_test.shape == (10, 784)
    assert np.array_equal(data.X_train[3], served["arrays"][NAMES[0]][3].ravel())
    assert data.y_test.tolist() == list(range(10))


def test_cached_files_are_not_fetched_again(served, tmp_path):
    download_mnist(tmp_path, [served["base"] + "/good/"], files=served["checksums"])
    before = len(served["hits"])
    download_mnist(tmp_path, [served["base"] + "/good/"], files=served["checksums"])
    assert len(served["hits"]) == before


def test_bad_checksum_is_never_kept(served, tmp_path):
    with pytest.raises(RuntimeError, match="checksum"):
        download_mnist(tmp_path, [served["base"] + "/bad/"], files=served["checksums"])
    assert listing(tmp_path / "mnist") == []


def test_corrupt_cached_file_is_replaced(served, tmp_path):
    folder = tmp_path / "mnist"
    folder.mkdir()
    (folder / NAMES[1]).write_bytes(b"garbage")
    download_mnist(tmp_path, [served["base"] + "/good/"], files=served["checksums"])
    assert md5sum(folder / NAMES[1]) == served["checksums"][NAMES[1]]


def test_dropped_connection_falls_back_to_next_mirror(served, tmp_path):
    folder = download_mnist(tmp_path, [served["base"] + "/drop/", served["base"] + "/good/"],
                            files=served["checksums"])
    assert listing(folder) == sorted(NAMES)
    assert any(h.startswith("/drop/") for h in served["hits"])


def test_dropped_connection_alone_fails_cleanly(served, tmp_path):
    with pytest.raises(RuntimeError, match="could not download") as exc:
        download_mnist(tmp_path, [served["base"] + "/drop/"], files=served["checksums"])
    assert "/drop/" in str(exc.value)
    assert listing(tmp_path / "mnist") == []  # no partial file left


def test_missing_file_on_mirror(served, tmp_path):
    with pytest.raises(RuntimeError, match="404"):
        download_mnist(tmp_path, [served["base"] + "/nothing/"], files=served["checksums"])


def test_load_mnist_sources(tmp_path):
    sample = load_mnist("sample", test_size=500, random_state=1)
    assert sample.X_train.shape == (4500, 784) and np.bincount(sample.y_test).min() >= 45
    with pytest.raises(FileNotFoundError, match="download=True"):
        load_mnist("mnist", cache_dir=tmp_path)
    with pytest.raises(ValueError, match="source must be"):
        load_mnist("nowhere-folder")
    with pytest.raises(FileNotFoundError, match="neither MNIST's IDX files"):
        load_mnist(tmp_path)


def test_load_book_csv_folder(tmp_path):
    rows = np.random.default_rng(2).integers(0, 256, (4, 785))
    rows[:, 0] = [3, 1, 4, 1]
    for name in ("mnist_train.csv", "mnist_test.csv"):
        np.savetxt(tmp_path / name, rows, fmt="%d", delimiter=",")
    data = load_mnist(tmp_path)
    assert data.y_train.tolist() == [3, 1, 4, 1] and data.X_test.shape == (4, 784)
