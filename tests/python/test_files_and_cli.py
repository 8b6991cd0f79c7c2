"""Files and the command line survive bad input: network file version 2, images, IDX files, the
downloader's limits, and one-line errors from the ``gentlenn`` command."""

import gzip
import http.server
import json
import os
import subprocess
import sys
import threading
import time

import numpy as np
import pandas as pd
import pytest
from PIL import Image

import gentlenn
from gentlenn import NeuralNetwork, NeuralNetworkClassifier
from gentlenn.data import read_idx, write_idx
from gentlenn.errors import (DownloadError, FileAccessError, FileFormatError,
                             MissingFileError)
from gentlenn.estimator import load_classifier
from gentlenn.images import load_digit_images
from gentlenn.data import download_mnist, md5sum
from gentlenn.network import read_network_file

WIH = [[0.5, -0.25], [1.0, 0.125]]
WHO = [[0.75, -1.5]]


def _doc(**changes):
    doc = {"format": "gentlenn-network", "version": 2, "input_nodes": 2, "hidden_nodes": 2,
           "output_nodes": 1, "learning_rate": 0.3, "error_split": "transpose", "wih": WIH, "who": WHO}
    doc.update(changes)
    return doc


# --- network file version 2 --------------------------------------------------------------------

def test_classifier_file_keeps_labels_scaling_and_settings(tmp_path):
    X, y = gentlenn.load_digits_8x8()
    labels = np.array([f"digit {v}" for v in y])
    clf = NeuralNetworkClassifier(hidden_nodes=20, epochs=2, random_state=0).fit(X, labels)
    path = clf.save(tmp_path / "net.json")
    text = path.read_text()
    assert text.endswith("}\n")
    doc = json.loads(text)
    assert doc["version"] == 2 and doc["classes"][:2] == ["digit 0", "digit 1"]
    assert len(doc["input_range"]["low"]) == 64  # one per column
    assert doc["training"]["epochs"] == 2 and doc["training"]["input_range"] == "columns"
    again = load_classifier(path)
    np.testing.assert_array_equal(again.predict(X), clf.predict(X))
    np.testing.assert_array_equal(again.outputs(X), clf.outputs(X))


def test_version_1_files_are_read(tmp_path):
    path = tmp_path / "v1.json"
    path.write_text(json.dumps(_doc(version=1)))
    net, meta = read_network_file(path)
    np.testing.assert_array_equal(net.wih, WIH)
    assert meta == {"classes": None, "input_range": None, "training": None}
    clf = load_classifier(path)
    assert clf.classes_.tolist() == [0] and clf.input_range_ == (0.0, 255.0)


@pytest.mark.parametrize("text, match", [
    (json.dumps(_doc(wih=[["0.5", -0.25], [1.0, 0.125]])), "only finite JSON numbers"),
    (json.dumps(_doc(wih=[[True, -0.25], [1.0, 0.125]])), "only finite JSON numbers"),
    (json.dumps(_doc(who=[[0.75, None]])), "only finite JSON numbers"),
    (json.dumps(_doc(input_nodes=2.0)), "input_nodes must be a whole number"),
    (json.dumps(_doc(hidden_nodes=True)), "hidden_nodes must be a whole number"),
    (json.dumps(_doc(learning_rate="0.3")), "learning_rate must be a number"),
    (json.dumps(_doc()).replace("0.125", "NaN"), "not valid JSON"),
    (json.dumps(_doc()).replace("0.125", "1" * 5000), "not valid JSON"),
    ("[" * 100000 + "]" * 100000, "not valid JSON"),
    (json.dumps(_doc(classes=["a", "a"], output_nodes=2, who=[[1, 2], [3, 4]])), "distinct labels"),
    (json.dumps(_doc(input_range={"low": 1, "high": 0})), "low < high"),
    (json.dumps(_doc(version=3)), "reads versions 1, 2"),
])
def test_bad_network_files_name_the_file(tmp_path, text, match):
    path = tmp_path / "bad-net.json"
    path.write_text(text)
    with pytest.raises(FileFormatError, match=match) as exc:
        NeuralNetwork.load(path)
    assert "bad-net.json" in str(exc.value)


def test_network_file_os_failures(tmp_path, monkeypatch):
    with pytest.raises(FileAccessError, match="is a folder"):
        NeuralNetwork.load(tmp_path)
    with pytest.raises(MissingFileError, match="does not exist"):
        NeuralNetwork.load(tmp_path / "none.json")
    path = tmp_path / "net.json"
    NeuralNetwork(2, 2, 1, random_state=0).save(path)

    real_open = os.open

    def refuse(path, *args, **kwargs):
        if str(path).endswith("net.json"):
            raise PermissionError(13, "Permission denied")
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", refuse)
    with pytest.raises(FileAccessError, match="cannot read network file .*net.json.*Permission denied"):
        NeuralNetwork.load(path)


def test_save_keeps_umask_mode_short_temp_names_and_names_missing_folders(tmp_path):
    old = os.umask(0o027)
    try:
        path = NeuralNetwork(2, 2, 1, random_state=0).save(tmp_path / "net.json")
    finally:
        os.umask(old)
    assert (path.stat().st_mode & 0o777) == 0o640
    long_name = tmp_path / ("n" * 250 + ".json")  # 255 bytes: the longest name Linux allows
    NeuralNetwork(2, 2, 1, random_state=0).save(long_name)
    assert long_name.is_file() and [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []
    with pytest.raises(MissingFileError, match="the folder of network file .*nowhere"):
        NeuralNetwork(2, 2, 1).save(tmp_path / "nowhere" / "net.json")


# --- images ------------------------------------------------------------------------------------

def test_rgba_ink_on_transparent_paper_is_read(tmp_path):
    img = Image.new("RGBA", (28, 28), (0, 0, 0, 0))  # transparent black
    for i in range(6, 22):
        img.putpixel((14, i), (0, 0, 0, 255))  # a black stroke
    img.save(tmp_path / "one.png")
    x = load_digit_images(tmp_path / "one.png").reshape(28, 28)
    assert x[14, 14] > 200 and x[0, 0] < 10  # bright ink on a dark background, as MNIST


def test_blank_and_oversized_images_are_errors(tmp_path):
    Image.new("L", (28, 28), 255).save(tmp_path / "blank.png")
    with pytest.raises(FileFormatError, match="blank"):
        load_digit_images(tmp_path / "blank.png")
    Image.new("1", (8000, 6000), 1).save(tmp_path / "huge.png")
    with pytest.raises(FileFormatError, match="8000 x 6000 pixels"):
        load_digit_images(tmp_path / "huge.png")
    (tmp_path / "text.png").write_text("not an image")
    with pytest.raises(FileFormatError, match="cannot be read as an image"):
        load_digit_images(tmp_path / "text.png")


# --- IDX ---------------------------------------------------------------------------------------

def test_idx_header_is_checked_before_reading(tmp_path):
    huge = tmp_path / "huge.gz"
    with gzip.open(huge, "wb") as fh:  # declares 10 bytes, then 200 MB of zeros
        fh.write(bytes([0, 0, 0x08, 1]) + (10).to_bytes(4, "big"))
        block = bytes(1 << 20)
        for _ in range(200):
            fh.write(block)
    start = time.perf_counter()
    with pytest.raises(FileFormatError, match="more than 10"):
        read_idx(huge)
    assert time.perf_counter() - start < 2.0  # read 11 bytes, not 200 MB

    overflow = tmp_path / "overflow"
    overflow.write_bytes(bytes([0, 0, 0x08, 4]) + (0xFFFFFFFF).to_bytes(4, "big") * 4)
    with pytest.raises(FileFormatError, match="more than the .* bytes gentlenn reads"):
        read_idx(overflow)
    ok = write_idx(tmp_path / "ok.gz", np.arange(12, dtype=np.uint8).reshape(3, 4))
    np.testing.assert_array_equal(read_idx(ok), np.arange(12).reshape(3, 4))


# --- downloader --------------------------------------------------------------------------------

@pytest.fixture()
def slow_server(tmp_path):
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def do_GET(self):
            self.send_response(200)
            self.end_headers()
            try:
                if self.path.startswith("/slow/"):
                    for _ in range(40):  # 1 byte every 0.1 s
                        self.wfile.write(b"x")
                        self.wfile.flush()
                        time.sleep(0.1)
                else:
                    self.wfile.write(b"y" * 5000)
            except (BrokenPipeError, ConnectionResetError):
                pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def test_download_has_a_total_deadline_and_a_size_cap(slow_server, tmp_path):
    start = time.perf_counter()
    with pytest.raises(DownloadError, match="deadline"):
        download_mnist(tmp_path, mirrors=[slow_server + "/slow/"], files={"f.gz": "0" * 32}, timeout=5,
                       deadline=1.0)
    assert time.perf_counter() - start < 3.0  # the per-read timeout (5 s) never fired
    with pytest.raises(DownloadError, match="more than the expected 1,000 bytes"):
        download_mnist(tmp_path, mirrors=[slow_server + "/big/"], files={"f.gz": "0" * 32},
                       sizes={"f.gz": 1000})
    assert list((tmp_path / "mnist").glob("*.part")) == []


def test_stale_partial_files_are_swept(tmp_path, slow_server):
    folder = tmp_path / "mnist"
    folder.mkdir()
    stale, fresh = folder / ".f.gz.old.part", folder / ".f.gz.new.part"
    stale.write_bytes(b"left over")
    fresh.write_bytes(b"another run's")
    os.utime(stale, (time.time() - 7200, time.time() - 7200))
    body = b"y" * 5000
    import hashlib

    download_mnist(tmp_path, mirrors=[slow_server + "/big/"], files={"f.gz": hashlib.md5(body).hexdigest()},
                   sizes={"f.gz": 5000})
    assert not stale.exists() and fresh.exists()
    assert md5sum(folder / "f.gz") == hashlib.md5(body).hexdigest()


# --- the command line --------------------------------------------------------------------------

def _cli(*args, cwd=None, env=None):
    return subprocess.run([sys.executable, "-m", "gentlenn", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, env={**os.environ, **(env or {})}, timeout=300)


def _one_line_error(proc, match):
    assert proc.returncode == 2, proc.stderr
    assert "Traceback" not in proc.stderr
    lines = [l for l in proc.stderr.splitlines() if l.strip()]
    assert len(lines) == 1 and match in lines[0], proc.stderr


def test_cli_user_errors_are_one_line(tmp_path):
    afile = tmp_path / "a-file"
    afile.write_text("x")
    _one_line_error(_cli("slope", "--out", afile), "is a file, not a folder")
    _one_line_error(_cli("train", "--epochs", "0", "--out", tmp_path / "o1"),
                    "'0' is not a whole number from 1 to 100000")
    assert not (tmp_path / "o1").exists()  # validated before anything is written
    _one_line_error(_cli("backquery", tmp_path, "--out", tmp_path / "o2"), "is a folder, not a file")
    _one_line_error(_cli("train", "--data", "mnist", "--download", "--out", tmp_path / "o3", "--quiet",
                         env={"GENTLENN_CACHE": str(tmp_path / "cache"),
                              "GENTLENN_MNIST_MIRRORS": "http://127.0.0.1:9/"}),
                    "could not download")
    _one_line_error(_cli("train", "--data", "mnist", "--out", tmp_path / "o4",
                         env={"GENTLENN_CACHE": str(tmp_path / "cache2")}), "; use --download")
    assert not (tmp_path / "o3").exists() and not (tmp_path / "o4").exists()
    Image.new("1", (8000, 6000), 1).save(tmp_path / "bomb.png")
    net = tmp_path / "net.json"
    NeuralNetwork(784, 5, 10, random_state=0).save(net)
    _one_line_error(_cli("predict", net, tmp_path / "bomb.png"), "8000 x 6000 pixels")


def test_cli_predict_uses_the_files_labels_and_backquery_any_size(tmp_path):
    X, y = gentlenn.load_mnist_sample()
    clf = NeuralNetworkClassifier(hidden_nodes=30, epochs=2, input_range=(0, 255), random_state=0).fit(X, y + 10)
    clf.save(tmp_path / "net.json")
    Image.fromarray(X[2600].reshape(28, 28).astype(np.uint8)).save(tmp_path / "digit.png")
    proc = _cli("predict", tmp_path / "net.json", tmp_path / "digit.png", "--invert", "no")
    assert proc.returncode == 0, proc.stderr
    predicted = int(proc.stdout.splitlines()[1].split()[1])
    assert predicted == clf.predict(X[2600:2601])[0] and 10 <= predicted <= 19

    NeuralNetwork(5, 3, 2, random_state=0).save(tmp_path / "small.json")
    proc = _cli("backquery", tmp_path / "small.json", "--out", tmp_path / "bq")
    assert proc.returncode == 0, proc.stderr
    assert Image.open(tmp_path / "bq" / "backquery.png").size[0] > 100


def test_concurrent_runs_into_one_folder_do_not_mix(tmp_path):
    out = tmp_path / "shared"
    procs = [subprocess.Popen([sys.executable, "-m", "gentlenn", "slope", "--seed", str(seed), "--epochs", "2",
                               "--out", str(out)], stdout=subprocess.PIPE, stderr=subprocess.PIPE)
             for seed in (1, 2, 3)]
    for p in procs:
        p.communicate(timeout=300)
        assert p.returncode == 0
    run = pd.read_csv(out / "iris_run.csv", float_precision="round_trip")
    history = pd.read_csv(out / "iris_history.csv", float_precision="round_trip")
    assert float(run.final_slope.iloc[0]) == history.slope.iloc[-1]  # both files from the same run
    assert [p.name for p in out.iterdir() if p.name.startswith(".gnn-")] == []
