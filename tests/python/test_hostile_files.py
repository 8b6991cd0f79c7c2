"""The attack suite for gentlenn's file readers: crafted hostile files (PostScript under a .png
name, gzip bombs, devices and FIFOs, huge numbers, deep nesting, odd image modes) and hypothesis
fuzzing of mutated valid files. Every outcome must be a correct result or a GentlennError
subclass, in bounded time, from Python and from the command line.

Run with ``-s`` to see the table of families, cases and outcomes."""

import gzip
import io
import json
import os
import subprocess
import sys
import threading
import time
import zlib
from collections import Counter, defaultdict

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

import gentlenn.images
from gentlenn import NeuralNetwork
from gentlenn.data import read_idx, read_idx_pair, read_mnist_csv, write_idx
from gentlenn.errors import FileAccessError, FileFormatError, GentlennError, LimitError
from gentlenn.images import load_digit_images, read_digit
from gentlenn.network import read_network_file

#: Seconds any one hostile case may take (the slowest valid case here takes well under 0.5 s).
CASE_SECONDS = 3.0
#: family -> Counter of outcomes ("classed error: <class>", "valid result"); printed at the end.
OUTCOMES = defaultdict(Counter)


def outcome(family, call):
    """Run ``call``: a valid result or a GentlennError, within CASE_SECONDS; count which."""
    start = time.perf_counter()
    try:
        result = call()
    except GentlennError as exc:
        OUTCOMES[family][f"classed error: {type(exc).__name__}"] += 1
        result = exc
    else:
        OUTCOMES[family]["valid result"] += 1
    seconds = time.perf_counter() - start
    assert seconds < CASE_SECONDS, f"{family}: one case took {seconds:.1f} s"
    return result


def refused(family, call, cls=GentlennError):
    """``call`` must end in ``cls`` (counted)."""
    result = outcome(family, call)
    assert isinstance(result, cls), f"{family}: expected {cls.__name__}, got {result!r}"
    return result


def digit_picture(ink=0, paper=255, dtype=np.uint8):
    """A plain "7" drawn with numpy (no gentlenn): ``ink`` strokes on ``paper``, 28 x 28."""
    a = np.full((28, 28), paper, dtype=dtype)
    a[5:8, 6:22] = ink  # the bar
    for i in range(8, 24):  # the stem, leaning left
        a[i, 20 - (i - 8) // 2: 23 - (i - 8) // 2] = ink
    return a


def png_bytes(img, **save):
    buf = io.BytesIO()
    img.save(buf, format=save.pop("format", "PNG"), **save)
    return buf.getvalue()


_ZEROS = bytes(1 << 20)


def gzip_bomb(path, n_images, side=28):
    """A gzipped IDX file declaring ``n_images`` images of zeros, built in well under a second:
    deflate blocks of 1 MiB of zeros, each ended by a full flush, are all the same bytes."""
    header = bytes([0, 0, 0x08, 3]) + n_images.to_bytes(4, "big") + side.to_bytes(4, "big") * 2
    total = n_images * side * side
    comp = zlib.compressobj(9, zlib.DEFLATED, -15)
    mib = 1 << 20
    head = comp.compress(header) + comp.flush(zlib.Z_FULL_FLUSH)
    block = comp.compress(bytes(mib)) + comp.flush(zlib.Z_FULL_FLUSH)
    rest = total % mib
    tail = comp.compress(bytes(rest)) + comp.flush(zlib.Z_FINISH)
    crc = zlib.crc32(header)
    for _ in range(total // mib):  # the honest CRC, though the readers never get this far
        crc = zlib.crc32(_ZEROS, crc)
    crc = zlib.crc32(bytes(rest), crc)
    with open(path, "wb") as fh:
        fh.write(b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + head)
        for _ in range(total // mib):
            fh.write(block)
        fh.write(tail + crc.to_bytes(4, "little") + ((len(header) + total) % 2 ** 32).to_bytes(4, "little"))
    return path


def in_thread(call, seconds=5.0, unblock=None):
    """``call()`` in a thread; if it is still running after ``seconds`` it hangs: ``unblock()``
    releases it and the test fails."""
    box = {}

    def run():
        try:
            box["value"] = call()
        except BaseException as exc:  # noqa: BLE001 - handed to the test
            box["error"] = exc

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(seconds)
    if t.is_alive():
        if unblock:
            unblock()
        pytest.fail(f"the call still ran after {seconds} s (it blocks)")
    if "error" in box:
        return box["error"]
    return box["value"]


def open_fifo_writer(path):
    def unblock():
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
    return unblock


@pytest.fixture()
def small_net(tmp_path):
    path = tmp_path / "net.json"
    NeuralNetwork(784, 5, 10, random_state=0).save(path)
    return path


# --- images ----------------------------------------------------------------------------------

POSTSCRIPT = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n{ } loop\n"
BAD_POSTSCRIPT = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\nthis is not postscript\n"
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def test_postscript_and_pdf_never_reach_ghostscript(tmp_path, monkeypatch):
    from PIL import EpsImagePlugin

    spawned = []
    monkeypatch.setattr(subprocess, "Popen", lambda *a, **k: spawned.append(a) or pytest.fail("a process ran"))
    monkeypatch.setattr(subprocess, "check_call", lambda *a, **k: spawned.append(a) or pytest.fail("a process ran"))
    opened = []
    monkeypatch.setattr(EpsImagePlugin.EpsImageFile, "_open", lambda self: opened.append(self) or pytest.fail())
    for name, content in [("loop.png", POSTSCRIPT), ("bad.png", BAD_POSTSCRIPT), ("loop.eps", POSTSCRIPT),
                          ("doc.pdf", PDF), ("doc.png", PDF)]:
        (tmp_path / name).write_bytes(content)
        err = refused("images: PostScript/EPS/PDF", lambda: load_digit_images(tmp_path / name), FileFormatError)
        assert name in str(err) and "PNG, JPEG, GIF, BMP, TIFF and WebP" in str(err)
        refused("images: PostScript/EPS/PDF", lambda: read_digit(io.BytesIO(content), "the drawing"),
                FileFormatError)  # the playground's canvas path
    assert spawned == [] and opened == []
    assert "EPS" not in gentlenn.images.IMAGE_FORMATS and "PDF" not in gentlenn.images.IMAGE_FORMATS


def test_sixteen_bit_grey_reads_like_the_same_picture_in_eight_bits(tmp_path):
    wide = digit_picture(ink=20000, paper=60000, dtype=np.uint16)
    Image.fromarray(wide).save(tmp_path / "sixteen.png")
    assert Image.open(tmp_path / "sixteen.png").mode.startswith("I")  # saved as 16 bits
    narrow = digit_picture(ink=round(20000 / 257), paper=round(60000 / 257))  # 78 on 233, by hand
    Image.fromarray(narrow).save(tmp_path / "eight.png")
    x16, x8 = load_digit_images([tmp_path / "sixteen.png", tmp_path / "eight.png"])
    np.testing.assert_array_equal(x16, x8)
    assert x8.max() - x8.min() > 100  # not blank: a bright 7 on a dark ground
    assert x8.reshape(28, 28)[6, 10] > 100 and x8.reshape(28, 28)[20, 3] < 50


def _mode_cases():
    """Each mode made from one 8-bit picture (black ink 0 on white 255), with the tolerance its
    conversion allows (palettes and CMYK round; None: lossy JPEG, compared by correlation)."""
    base = digit_picture()
    grey = Image.fromarray(base)
    alpha = np.where(base == 0, 255, 0).astype(np.uint8)  # ink opaque, paper transparent
    rgba = Image.fromarray(np.dstack([base * 0, base * 0, base * 0, alpha]).astype(np.uint8))
    la = Image.fromarray(np.dstack([base * 0, alpha]).astype(np.uint8))
    return {
        "L": (grey, "PNG", 0),
        "I;16": (Image.fromarray(base.astype(np.uint16) * 257), "PNG", 0),
        "I;16B (TIFF)": (Image.fromarray((base.astype(np.uint16) * 257).astype(">u2")), "TIFF", 0),
        "I (16-bit values)": (Image.fromarray(base.astype(np.int32) * 257), "TIFF", 0),
        "I (8-bit values)": (Image.fromarray(base.astype(np.int32)), "TIFF", 0),
        "F (0..1)": (Image.fromarray(base.astype(np.float32) / 255), "TIFF", 0),
        "F (0..255)": (Image.fromarray(base.astype(np.float32)), "TIFF", 0),
        "LA": (la, "PNG", 0),
        "RGBA alpha": (rgba, "PNG", 0),
        "P": (grey.convert("P"), "PNG", 2),
        "1": (grey.convert("1", dither=Image.Dither.NONE), "PNG", 0),
        "CMYK": (grey.convert("CMYK"), "TIFF", 2),
        "JPEG": (grey, "JPEG", None),
        "CMYK JPEG": (grey.convert("CMYK"), "JPEG", None),
        "RGB (BMP)": (grey.convert("RGB"), "BMP", 0),
        "GIF": (grey, "GIF", 2),
        "WebP": (grey, "WEBP", 12),
    }


@pytest.mark.parametrize("mode", list(_mode_cases()))
def test_every_mode_reads_like_the_8_bit_picture(tmp_path, mode):
    img, fmt, tol = _mode_cases()[mode]
    path = tmp_path / f"digit.{fmt.lower()}"
    img.save(path, format=fmt, **({"lossless": True} if fmt == "WEBP" else {}))
    Image.fromarray(digit_picture()).save(tmp_path / "reference.png")
    expected = load_digit_images(tmp_path / "reference.png")[0]
    got = outcome("images: modes and formats", lambda: load_digit_images(path)[0])
    assert not isinstance(got, Exception), got
    if tol is None:
        assert np.corrcoef(got, expected)[0, 1] > 0.98 and abs(got.max() - expected.max()) < 20
    else:
        np.testing.assert_allclose(got, expected, atol=tol)


def _huge_headers():
    """Valid small files whose headers are edited to declare a huge picture (checksums fixed)."""
    pic = Image.fromarray(digit_picture())
    png = bytearray(png_bytes(pic))
    png[16:24] = (100_000).to_bytes(4, "big") * 2  # IHDR width, height
    png[29:33] = zlib.crc32(bytes(png[12:29])).to_bytes(4, "big")
    bmp = bytearray(png_bytes(pic, format="BMP"))
    bmp[18:26] = (1 << 30).to_bytes(4, "little") + (1 << 30).to_bytes(4, "little")
    gif = bytearray(png_bytes(pic, format="GIF"))
    gif[6:10] = (65535).to_bytes(2, "little") * 2  # the logical screen
    return {"PNG 100000 x 100000": bytes(png), "BMP 2^30 x 2^30": bytes(bmp), "GIF 65535 x 65535": bytes(gif)}


@pytest.mark.parametrize("name", list(_huge_headers()))
def test_images_declaring_huge_sizes_are_refused_before_decoding(name):
    err = refused("images: huge headers", lambda: read_digit(io.BytesIO(_huge_headers()[name]), name),
                  FileFormatError)
    assert name in str(err) and "at most 40,000,000 pixels" in str(err)


def test_image_files_must_be_regular_and_small(tmp_path, monkeypatch):
    err = refused("images: devices, FIFOs, size", lambda: load_digit_images("/dev/zero"), FileAccessError)
    assert "character device" in str(err)
    fifo = tmp_path / "pipe.png"
    os.mkfifo(fifo)
    err = in_thread(lambda: outcome("images: devices, FIFOs, size", lambda: load_digit_images(fifo)),
                    unblock=open_fifo_writer(fifo))
    assert isinstance(err, FileAccessError) and "FIFO" in str(err)
    Image.fromarray(digit_picture()).save(tmp_path / "big.png")
    monkeypatch.setenv("GENTLENN_MAX_FILE_BYTES", "100")
    err = refused("images: devices, FIFOs, size", lambda: load_digit_images(tmp_path / "big.png"), LimitError)
    assert "big.png" in str(err) and "GENTLENN_MAX_FILE_BYTES" in str(err)


# --- IDX -------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def bomb(tmp_path_factory):
    """1.8 MB of gzip declaring 2,400,000 images of 28 x 28 (14 GiB as float64)."""
    path = gzip_bomb(tmp_path_factory.mktemp("bomb") / "train-images-idx3-ubyte.gz", 2_400_000)
    assert 1.5e6 < path.stat().st_size < 2.5e6
    return path


def test_gzip_bomb_is_refused_by_its_float64_size_before_reading(bomb, tmp_path, monkeypatch):
    monkeypatch.setenv("GENTLENN_MAX_MEMORY", "8G")  # a laptop; the default is 3/4 of this machine
    labels = write_idx(tmp_path / "labels", np.zeros(3, dtype=np.uint8))
    read = []
    original = gzip.GzipFile.read
    monkeypatch.setattr(gzip.GzipFile, "read", lambda self, n=-1: read.append(n) or original(self, n))
    err = refused("IDX: crafted", lambda: read_idx_pair(bomb, labels), LimitError)
    assert sum(read) <= 16, read  # the header only: the payload was never decompressed
    assert "train-images-idx3-ubyte.gz" in str(err) and "GENTLENN_MAX_MEMORY" in str(err)
    assert err.details["variable"] == "GENTLENN_MAX_MEMORY" and err.details["limit"] == 8 * 1024 ** 3
    assert err.details["needed"] >= 2_400_000 * 784 * 8 and err.details["unit"] == "bytes"
    monkeypatch.setenv("GENTLENN_MAX_MEMORY", "2G")  # the uint8 array alone, with its read buffer
    refused("IDX: crafted", lambda: read_idx(bomb), LimitError)
    monkeypatch.delenv("GENTLENN_MAX_MEMORY")
    err = refused("IDX: crafted", lambda: read_idx(bomb, max_bytes=10 ** 6), FileFormatError)  # the byte cap
    assert "more than the 1,000,000 bytes" in str(err)


def _idx(dtype_code, shape, payload):
    return bytes([0, 0, dtype_code, len(shape)]) + b"".join(int(n).to_bytes(4, "big") for n in shape) + payload


def test_idx_crafted_headers_and_labels(tmp_path):
    images = write_idx(tmp_path / "images", np.arange(2 * 9, dtype=np.uint8).reshape(2, 3, 3))
    cases = {
        "zero images": (_idx(0x08, (0, 28, 28), b""), _idx(0x08, (0,), b""), "holds no images"),
        "zero images of huge sizes": (_idx(0x08, (0, 103033, 1118992, 9999918), b""), _idx(0x08, (0,), b""),
                                      "without its zero"),  # found by fuzzing: numpy's raw ValueError
        "zero-width images": (_idx(0x08, (5, 0, 28), b""), _idx(0x08, (5,), bytes(5)), "0 x 28 pixels"),
        "float label 6.5": (None, _idx(0x0E, (2,), np.array([6.5, 1.0], ">f8").tobytes()), "whole-number labels"),
        "NaN label": (None, _idx(0x0D, (2,), np.array([np.nan, 1], ">f4").tobytes()), "whole-number labels"),
        "label 1e300": (None, _idx(0x0E, (2,), np.array([1e300, 1], ">f8").tobytes()), "whole-number labels"),
        "NaN pixel": (_idx(0x0D, (1, 1, 2), np.array([np.nan, 1], ">f4").tobytes()), _idx(0x08, (1,), b"\x01"),
                      "NaN or infinite"),
        "labels of two dims": (None, _idx(0x08, (2, 1), bytes(2)), "not labels"),
        "declares 10^9 labels": (None, _idx(0x08, (10 ** 9,), bytes(2)), "truncated or corrupt"),
    }
    for name, (img, lab, match) in cases.items():
        ip = images if img is None else tmp_path / f"{name}-images"
        if img is not None:
            ip.write_bytes(img)
        lp = tmp_path / f"{name}-labels"
        lp.write_bytes(lab)
        err = refused("IDX: crafted", lambda: read_idx_pair(ip, lp), FileFormatError)
        assert match in str(err), (name, str(err))
        assert name in str(err)
    whole = tmp_path / "whole-float-labels"
    whole.write_bytes(_idx(0x0E, (2,), np.array([6.0, 1.0], ">f8").tobytes()))
    X, y = outcome("IDX: crafted", lambda: read_idx_pair(images, whole))
    assert y.dtype == np.int64 and y.tolist() == [6, 1] and X.dtype == np.float64


def test_idx_and_csv_refuse_devices_and_fifos(tmp_path):
    for reader in (read_idx, read_mnist_csv):
        err = refused("IDX/CSV: devices, FIFOs", lambda: reader("/dev/zero"), FileAccessError)
        assert "/dev/zero" in str(err) and "character device" in str(err)
        fifo = tmp_path / f"pipe-{reader.__name__}"
        os.mkfifo(fifo)
        err = in_thread(lambda: outcome("IDX/CSV: devices, FIFOs", lambda: reader(fifo)),
                        unblock=open_fifo_writer(fifo))
        assert isinstance(err, FileAccessError) and "FIFO" in str(err)


# --- CSV -------------------------------------------------------------------------------------

def test_csv_is_bounded_by_its_float64_size(tmp_path, monkeypatch):
    rows = np.hstack([np.arange(40)[:, None] % 10, np.zeros((40, 784), dtype=int)])
    path = tmp_path / "mnist_train.csv"
    np.savetxt(path, rows, fmt="%d", delimiter=",")  # 63 KB of text, 251 KB as float64
    gz = tmp_path / "mnist_train.csv.gz"
    gz.write_bytes(gzip.compress(path.read_bytes()))
    X, y = read_mnist_csv(gz)
    assert X.shape == (40, 784) and y.tolist() == [i % 10 for i in range(40)]
    monkeypatch.setenv("GENTLENN_MAX_MEMORY", "100K")
    parsed = []
    original = np.loadtxt
    monkeypatch.setattr(np, "loadtxt", lambda *a, **k: parsed.append(1) or original(*a, **k))
    err = refused("CSV: crafted", lambda: read_mnist_csv(path), LimitError)
    assert parsed == [] and "mnist_train.csv" in str(err) and "GENTLENN_MAX_MEMORY" in str(err)
    err = refused("CSV: crafted", lambda: read_mnist_csv(gz), LimitError)  # found while decompressing
    assert "mnist_train.csv.gz" in str(err)


@pytest.mark.parametrize("first, rest, match", [
    ("6.5", "0", "whole-number labels"),
    ("1e300", "0", "whole-number labels"),
    ("-1", "0", "whole-number labels"),
    ("1", "nan", "NaN or infinite"),
    ("1", "1e999", "NaN or infinite"),
    ("1", "x", "not numeric CSV"),
    ("\xff\xfe", "0", "not numeric CSV"),
])
def test_csv_crafted_values(tmp_path, first, rest, match):
    path = tmp_path / "bad.csv"
    path.write_bytes((first + "," + ",".join([rest] * 784) + "\n").encode("latin-1"))
    err = refused("CSV: crafted", lambda: read_mnist_csv(path), FileFormatError)
    assert match in str(err) and "bad.csv" in str(err)


# --- network files ---------------------------------------------------------------------------

def _doc(**changes):
    doc = {"format": "gentlenn-network", "version": 2, "input_nodes": 2, "hidden_nodes": 2, "output_nodes": 2,
           "learning_rate": 0.3, "error_split": "transpose", "wih": [[0.5, -0.25], [1.0, 0.125]],
           "who": [[0.75, -1.5], [0.5, 0.25]], "classes": [3, 7], "training": {"epochs": 2}}
    doc.update(changes)
    return json.dumps(doc)


BIG = str(2 ** 64)
NETWORK_CASES = {
    "input_nodes 2^64": _doc(input_nodes=0).replace('"input_nodes": 0', f'"input_nodes": {BIG}'),
    "weight 2^64": _doc().replace("0.125", BIG),
    "weight -2^63-1": _doc().replace("0.125", str(-2 ** 63 - 1)),
    "learning rate 2^64": _doc().replace("0.3", BIG),
    "learning rate of 400 digits": _doc().replace("0.3", "1" * 400),
    "learning rate of 400 digits and a point": _doc().replace("0.3", "1" * 400 + ".5"),
    "weight 1e400": _doc().replace("0.125", "1e400"),
    "class 2^64": _doc().replace("[3, 7]", f"[3, {BIG}]"),
    "class 2^63": _doc().replace("[3, 7]", f"[3, {2 ** 63}]"),
    "training value 2^64": _doc().replace('{"epochs": 2}', '{"epochs": ' + BIG + "}"),
    "version 2^64": _doc().replace('"version": 2', f'"version": {BIG}'),
    "integer of 5000 digits": _doc().replace("0.125", "7" * 5000),
    "NaN weight": _doc().replace("0.125", "NaN"),
    "nested 100,000 deep": "[" * 100_000 + "]" * 100_000,
    "nested 100,000 deep in training": _doc().replace('{"epochs": 2}', "[" * 100_000 + "]" * 100_000),
    "training nested 50 deep": _doc().replace('{"epochs": 2}', '{"a": ' + "[" * 50 + "]" * 50 + "}"),
    "lone surrogate class": _doc().replace("[3, 7]", '["\\ud800", "b"]'),
    "not UTF-8": _doc().replace("transpose", "trans\udcffpose".encode("utf-8", "surrogateescape").decode("latin-1")),
    "truncated": _doc()[:40],
}


@pytest.mark.parametrize("name", list(NETWORK_CASES))
def test_network_file_crafted_numbers_and_nesting(tmp_path, name):
    path = tmp_path / "hostile-net.json"
    text = NETWORK_CASES[name]
    path.write_bytes(text.encode("latin-1") if name == "not UTF-8" else text.encode("utf-8"))
    err = refused("network file: crafted", lambda: read_network_file(path), FileFormatError)
    assert "hostile-net.json" in str(err) and len(str(err)) < 400


def test_network_file_valid_extremes_still_read(tmp_path):
    path = tmp_path / "net.json"
    path.write_text(_doc(classes=[-2 ** 63, 2 ** 63 - 1]).replace("0.125", str(2 ** 64 - 1)))
    net, meta = outcome("network file: crafted", lambda: read_network_file(path))
    assert net.wih[1, 1] == float(2 ** 64 - 1) and meta["classes"] == [-2 ** 63, 2 ** 63 - 1]
    for version in (1, 2):
        path.write_text(_doc(version=version))
        net, meta = outcome("network file: crafted", lambda: read_network_file(path))
        assert meta["classes"] == [3, 7] and meta["training"] == {"epochs": 2}


def test_network_file_devices_fifos_size_and_os_errors(tmp_path, monkeypatch):
    err = refused("network file: devices, FIFOs, size", lambda: read_network_file("/dev/zero"), FileAccessError)
    assert "character device" in str(err) and "/dev/zero" in str(err)
    fifo = tmp_path / "net.fifo"
    os.mkfifo(fifo)
    err = in_thread(lambda: outcome("network file: devices, FIFOs, size", lambda: read_network_file(fifo)),
                    unblock=open_fifo_writer(fifo))
    assert isinstance(err, FileAccessError) and "FIFO" in str(err)
    path = tmp_path / "net.json"
    path.write_text(_doc())
    monkeypatch.setenv("GENTLENN_MAX_FILE_BYTES", "100")
    err = refused("network file: devices, FIFOs, size", lambda: read_network_file(path), LimitError)
    assert "net.json" in str(err) and "GENTLENN_MAX_FILE_BYTES" in str(err) and err.details["limit"] == 100
    monkeypatch.delenv("GENTLENN_MAX_FILE_BYTES")
    import gentlenn._reading

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(gentlenn._reading.os, "open", refuse)
    err = refused("network file: devices, FIFOs, size", lambda: read_network_file(path), FileAccessError)
    assert "net.json" in str(err) and "Permission denied" in str(err)


# --- the command line ------------------------------------------------------------------------

def test_command_line_ends_hostile_files_in_one_line(tmp_path, small_net, bomb):
    (tmp_path / "loop.png").write_bytes(POSTSCRIPT)
    fifo = tmp_path / "net.fifo"
    os.mkfifo(fifo)
    data = tmp_path / "data"
    data.mkdir()
    os.symlink(bomb, data / "train-images-idx3-ubyte.gz")
    write_idx(data / "train-labels-idx1-ubyte", np.zeros(3, dtype=np.uint8))
    write_idx(data / "t10k-images-idx3-ubyte", np.zeros((3, 28, 28), dtype=np.uint8))
    write_idx(data / "t10k-labels-idx1-ubyte", np.zeros(3, dtype=np.uint8))
    runs = {
        "predict PostScript": (["predict", small_net, tmp_path / "loop.png"], "loop.png"),
        "backquery /dev/zero": (["backquery", "/dev/zero", "--out", tmp_path / "o1"], "/dev/zero"),
        "backquery FIFO": (["backquery", fifo, "--out", tmp_path / "o2"], "net.fifo"),
        "train --data bomb": (["train", "--data", data, "--epochs", "1", "--hidden-nodes", "5", "--out",
                               tmp_path / "o3"], "GENTLENN_MAX_MEMORY"),
    }
    env = dict(os.environ, GENTLENN_MAX_MEMORY="8G")
    procs = {name: subprocess.Popen([sys.executable, "-m", "gentlenn", *map(str, args)], stdout=subprocess.PIPE,
                                    stderr=subprocess.PIPE, text=True, env=env) for name, (args, _) in runs.items()}
    for name, proc in procs.items():
        try:
            _, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
            if name == "backquery FIFO":
                open_fifo_writer(fifo)()
            pytest.fail(f"gentlenn {name} still ran after 60 s")
        OUTCOMES["command line"][f"exit {proc.returncode}"] += 1
        assert proc.returncode == 2, (name, err)
        assert len(err.strip().splitlines()) == 1 and "Traceback" not in err, (name, err)
        assert runs[name][1] in err and "error:" in err, (name, err)


# --- fuzzing: mutated valid files ------------------------------------------------------------

#: Cases per fuzzed family; GENTLENN_FUZZ_EXAMPLES runs more (a deeper search, outside CI).
FUZZ_EXAMPLES = int(os.environ.get("GENTLENN_FUZZ_EXAMPLES", "150"))
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def mutations(valid):
    """Bytes of ``valid`` with flipped bytes, a cut, an inserted run, or a huge number spliced in."""
    n = len(valid)
    flips = st.lists(st.tuples(st.integers(0, n - 1), st.integers(1, 255)), min_size=1, max_size=8).map(
        lambda fl: _flip(valid, fl))
    cuts = st.integers(0, n - 1).map(lambda k: valid[:k])
    inserts = st.tuples(st.integers(0, n), st.binary(min_size=1, max_size=64)).map(
        lambda t: valid[:t[0]] + t[1] + valid[t[0]:])
    return st.one_of(flips, cuts, inserts)


def _flip(data, flips):
    b = bytearray(data)
    for pos, x in flips:
        b[pos] ^= x
    return bytes(b)


def _write(tmp_path, name, data):
    path = tmp_path / name
    path.write_bytes(data)
    return path


VALID_NET = NeuralNetwork(4, 3, 2, random_state=0)


@pytest.fixture(scope="module")
def valid_net_bytes(tmp_path_factory):
    path = tmp_path_factory.mktemp("net") / "net.json"
    VALID_NET.save(path, classes=["a", "b"], input_range=(0.0, 16.0), training={"epochs": 3, "seed": 1})
    return path.read_bytes()


HUGE_NUMBERS = st.sampled_from([str(2 ** 64), "1" * 400, "1e400", "-1e400", "9" * 30 + ".5", "NaN", "-Infinity",
                                "1" * 4400, str(-2 ** 63 - 1), "[" * 5000, '"\\ud800"', "true", "null"])


#: Any JSON value: integers of any size, floats including infinities, text, nests.
JSON_VALUES = st.recursive(st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=8),
                           lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=4), inner,
                                                                                       max_size=4), max_leaves=8)


@FUZZ
@given(data=st.data())
def test_fuzz_network_file(tmp_path, valid_net_bytes, data):
    kind = data.draw(st.sampled_from(["mutated", "number spliced", "entry replaced", "weight replaced"]))
    if kind == "mutated":
        blob = data.draw(mutations(valid_net_bytes))
    elif kind in ("entry replaced", "weight replaced"):  # valid JSON, any value in any place
        doc = json.loads(valid_net_bytes)
        if kind == "entry replaced":
            doc[data.draw(st.sampled_from(sorted(doc)))] = data.draw(JSON_VALUES)
        else:
            rows = doc[data.draw(st.sampled_from(["wih", "who"]))]
            row = data.draw(st.sampled_from(rows))
            row[data.draw(st.integers(0, len(row) - 1))] = data.draw(JSON_VALUES)
        blob = json.dumps(doc).encode()
    else:  # a hostile number where any number stood
        text = valid_net_bytes.decode()
        import re

        spots = [m.span() for m in re.finditer(r"-?\d+(\.\d+)?(e-?\d+)?", text)]
        a, b = data.draw(st.sampled_from(spots))
        blob = (text[:a] + data.draw(HUGE_NUMBERS) + text[b:]).encode()
    path = _write(tmp_path, "fuzz-net.json", blob)
    result = outcome("fuzz: network file", lambda: read_network_file(path))
    if not isinstance(result, Exception):
        net, meta = result
        assert net.wih.shape == (net.hidden_nodes, net.input_nodes) and np.isfinite(net.wih).all()
        assert np.isfinite(net.who).all() and net.learning_rate > 0


@pytest.fixture(scope="module")
def valid_idx(tmp_path_factory):
    folder = tmp_path_factory.mktemp("idx")
    imgs = np.random.default_rng(0).integers(0, 256, (4, 5, 5), dtype=np.uint8)
    return {"plain": write_idx(folder / "i", imgs).read_bytes(), "gz": write_idx(folder / "i.gz", imgs).read_bytes(),
            "labels": write_idx(folder / "l", np.arange(4, dtype=np.uint8)).read_bytes()}


@FUZZ
@given(data=st.data())
def test_fuzz_idx(tmp_path, valid_idx, data):
    kind = data.draw(st.sampled_from(["plain", "gz", "header"]))
    if kind == "header":  # any type, any number of dimensions, any sizes, a little payload
        code = data.draw(st.sampled_from([0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E, 0x00, 0xFF]))
        dims = data.draw(st.lists(st.integers(0, 2 ** 32 - 1) | st.integers(0, 8), min_size=0, max_size=5))
        payload = data.draw(st.binary(max_size=200))
        blob = bytes([0, 0, code, len(dims)]) + b"".join(d.to_bytes(4, "big") for d in dims) + payload
        if data.draw(st.booleans()):
            blob = gzip.compress(blob)
    else:
        blob = data.draw(mutations(valid_idx[kind]))
    images = _write(tmp_path, "fuzz-images", blob)
    labels = _write(tmp_path, "fuzz-labels", valid_idx["labels"])
    result = outcome("fuzz: IDX", lambda: read_idx(images))
    if not isinstance(result, Exception):
        assert result.size * result.itemsize <= len(blob) * 1100 + 1000  # no more than the file holds
    pair = outcome("fuzz: IDX pair", lambda: read_idx_pair(images, labels))
    if not isinstance(pair, Exception):
        X, y = pair
        assert X.dtype == np.float64 and y.dtype == np.int64 and len(X) == len(y) == 4 and np.isfinite(X).all()


@pytest.fixture(scope="module")
def valid_images():
    pic = Image.fromarray(digit_picture())
    return {fmt: png_bytes(pic.convert("RGB") if fmt == "JPEG" else pic, format=fmt)
            for fmt in ("PNG", "GIF", "BMP", "TIFF", "JPEG", "WEBP")} | {
        "PNG 16-bit": png_bytes(Image.fromarray(digit_picture(ink=20000, paper=60000, dtype=np.uint16))),
        "PNG RGBA": png_bytes(Image.fromarray(digit_picture()).convert("RGBA"))}


@FUZZ
@given(data=st.data())
def test_fuzz_images(valid_images, data):
    fmt = data.draw(st.sampled_from(sorted(valid_images)))
    blob = data.draw(mutations(valid_images[fmt]))
    center = data.draw(st.booleans())
    result = outcome("fuzz: images", lambda: read_digit(io.BytesIO(blob), "the fuzzed image", center=center))
    if not isinstance(result, Exception):
        assert result.shape == (784,) and np.isfinite(result).all()


# --- the table -------------------------------------------------------------------------------

def test_zz_table_of_families():
    """Print the families, their cases and outcomes (``pytest -s``); every family ran."""
    width = max(map(len, OUTCOMES)) if OUTCOMES else 10
    lines = [f"{'family':<{width}}  cases  outcomes"]
    for family, counts in sorted(OUTCOMES.items()):
        lines.append(f"{family:<{width}}  {sum(counts.values()):>5}  "
                     + ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    print("\n" + "\n".join(lines))
    fuzzed = {family: sum(counts.values()) for family, counts in OUTCOMES.items() if family.startswith("fuzz")}
    assert all(n >= FUZZ_EXAMPLES * 2 // 3 for n in fuzzed.values()), fuzzed  # hypothesis did not stop early
