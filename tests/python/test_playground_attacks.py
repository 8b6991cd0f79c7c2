"""Attacks on the playground's server (issue 20), over loopback with bounded loops: every answer is
JSON (a refusal classed, with the setting it is about), bodies are capped whatever the transfer
encoding, waiting sockets take no threads, the Host is checked in the request's target too, and no
message names the server's temporary files. ``OUTCOMES`` counts each family's answers (printed at
the end of the module: run with ``-s`` to see the table)."""

import base64
import io
import json
import os
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gentlenn.errors import CONDITIONS, PlaygroundError
from gentlenn.estimator import NeuralNetworkClassifier
from gentlenn.playground import Playground, create_app
from gentlenn.playground import server as playground_server

import waitress  # noqa: E402,F401  (the playground's server: a missing one fails here, never skips)

CLASSES = {c.__name__ for c, _ in CONDITIONS}
OUTCOMES = Counter()  # (family, HTTP status) -> answers
PS_LOOP = b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 28 28\n{ } loop\n"  # hangs Ghostscript forever
SLOPE_NUMBERS = ["slope", "learning_rate", "margin", "epochs", "seed"]
TRAIN_NUMBERS = ["hidden_nodes", "learning_rate", "epochs", "seed"]
BAD_NUMBERS = [str(2 ** 64), str(-2 ** 64), "1" + "0" * 400, "-1" + "0" * 400, "1e400", "-1e400", "NaN",
               "Infinity", "-Infinity", '"5"', '"0.1"', "true", "false", "[1]", '{"a": 1}', "[[1], [2]]"]


# ---- plumbing --------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pg():
    with Playground() as p:
        yield p


@pytest.fixture(scope="module", autouse=True)
def outcome_table():
    yield
    print("\nplayground attack outcomes (family: status -> answers)")
    for family in sorted({f for f, _ in OUTCOMES}):
        counts = {s: n for (f, s), n in sorted(OUTCOMES.items()) if f == family}
        print(f"  {family}: {sum(counts.values())} cases, " + ", ".join(f"{s}: {n}" for s, n in counts.items()))


def read_response(sock):
    """(status, headers, body) of one HTTP response on ``sock``, the body read by its length."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = sock.recv(65536)
        if not chunk:
            raise ConnectionError(f"the server closed the connection after {data[:200]!r}")
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, v in (line.split(":", 1) for line in lines[1:])}
    length = int(headers.get("content-length", 0))
    while len(body) < length:
        chunk = sock.recv(65536)
        if not chunk:
            break
        body += chunk
    return int(lines[0].split()[1]), headers, body[:length]


def exchange(pg, raw, timeout=30):
    with socket.create_connection(("127.0.0.1", pg.port), timeout=timeout) as s:
        s.sendall(raw)
        return read_response(s)


def request_bytes(pg, method, target, body=b"", headers=None, host=None):
    h = {"Host": f"127.0.0.1:{pg.port}" if host is None else host, "X-Gentlenn-Token": pg.token,
         "Connection": "close"}
    if body:
        h.update({"Content-Type": "application/json", "Content-Length": str(len(body))})
    h.update(headers or {})
    head = f"{method} {target} HTTP/1.1\r\n" + "".join(f"{k}: {v}\r\n" for k, v in h.items() if v is not None)
    return head.encode("latin-1") + b"\r\n" + body


def post(pg, path, body, **kw):
    return exchange(pg, request_bytes(pg, "POST", path, body if isinstance(body, bytes) else body.encode(), **kw))


def as_json(family, status, headers, body, statuses=(400,)):
    """The answer's JSON, after checking that it is JSON with one of ``statuses`` and, for a
    refusal, a gentlenn class and a sentence."""
    OUTCOMES[family, status] += 1
    assert headers.get("content-type", "").startswith("application/json"), (status, body[:300])
    answer = json.loads(body)
    assert status in statuses, (status, answer)
    if status >= 400:
        known = CLASSES | ({"InternalError"} if status == 500 else set())  # 500: a bug, named as one
        assert answer["class"] in known and answer["error"] and "Traceback" not in answer["error"], answer
    return answer


def stream_chunked(pg, path, total, piece=64 * 1024, headers=None):
    """POST ``total`` bytes with ``Transfer-Encoding: chunked``, reading the answer while sending:
    (status, headers, body, bytes sent when the answer came, seconds)."""
    s = socket.create_connection(("127.0.0.1", pg.port), timeout=30)
    h = {"Content-Type": "application/json", "Transfer-Encoding": "chunked", **(headers or {})}
    sent, answered, result = [0], [None], {}

    def reader():
        try:
            result["answer"] = read_response(s)
        except OSError as exc:
            result["answer"] = exc
        answered[0] = sent[0]

    started = time.monotonic()
    s.sendall(request_bytes(pg, "POST", path, headers=h))
    t = threading.Thread(target=reader, daemon=True)
    t.start()
    chunk = b"%x\r\n" % piece + b" " * piece + b"\r\n"
    try:
        while sent[0] < total and answered[0] is None:
            s.sendall(chunk)
            sent[0] += piece
        if answered[0] is None:
            s.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the server refused and closed: the answer came first
    t.join(30)
    s.close()
    assert not isinstance(result.get("answer"), Exception), result
    return (*result["answer"], answered[0], time.monotonic() - started)


def peak_memory_mib():
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) for line in f if line.startswith("VmHWM")) / 1024


def tiny_network_file(path, inputs=784, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.integers(0, 256, size=(30, inputs)).astype(float)
    NeuralNetworkClassifier(hidden_nodes=4, epochs=1, input_range=(0, 255), random_state=0).fit(
        X, np.arange(30) % 10).save(path)
    return path.read_bytes()


def multipart(content, filename):
    boundary = "gentlennattack"
    disposition = 'form-data; name="network"' + ("" if filename is None else f'; filename="{filename}"')
    body = (f"--{boundary}\r\nContent-Disposition: {disposition}\r\nContent-Type: application/json\r\n\r\n"
            ).encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, {"Content-Type": f"multipart/form-data; boundary={boundary}"}


def stop_training(pg):
    training = pg.app.extensions["gentlenn_training"]
    training.cancel.set()
    if training.thread is not None:
        training.thread.join(30)
        assert not training.thread.is_alive()


def png_data_url(content):
    return "data:image/png;base64," + base64.b64encode(content).decode()


# ---- 1. every handler error is JSON, classed; the listed inputs are 400s ------------------------

CASES = (
    [("/api/slope", f'{{"{k}": {v}}}', k) for k in ("species", "features")
     for v in ("[[1], [2]]", '[{"a": 1}, {}]', "[[1], [1]]", '"setosa"', "[1, 2]", "{}")]
    + [("/api/slope", f'{{"{k}": {v}}}', k) for k in SLOPE_NUMBERS for v in BAD_NUMBERS]
    + [("/api/network/train", f'{{"{k}": {v}}}', k) for k in TRAIN_NUMBERS for v in BAD_NUMBERS]
    + [("/api/slope", f'{{"shuffle": {v}}}', "shuffle") for v in ('"false"', '"true"', '"no"', "0", "1", "null",
                                                                   "[]")]
    + [(p, "[" * 100_000 + "]" * 100_000, "body") for p in ("/api/slope", "/api/network/train", "/api/network/query")]
    + [(p, '{"seed": ' + '{"a": ' * 50_000 + "1" + "}" * 50_000 + "}", "body")  # beyond Python's recursion
       for p in ("/api/slope", "/api/network/train")]
    + [("/api/slope", '{"species": ' + "[" * 100_000 + "]" * 100_000 + "}", "body"),
       ("/api/slope", '{"species": ' + "[" * 25 + "]" * 25 + "}", "species"),  # within it, over the 20 levels
       ("/api/network/train", '{"seed": ' + '{"a": ' * 25 + "1" + "}" * 25 + "}", "seed"),
       ("/api/network/query", '{"image": ' + "[" * 25 + "]" * 25 + "}", "image")]
    + [(p, body, "body") for p in ("/api/slope", "/api/network/train", "/api/network/query")
       for body in ("[]", "1", '"x"', "null", "", "{", "\udcff", "NaN", '{"a": 1} x')]
)


@pytest.mark.parametrize("path, body, argument", CASES)
def test_each_listed_input_is_a_classed_400_naming_its_setting(pg, path, body, argument):
    started = time.monotonic()
    raw = body.encode("utf-8", "surrogateescape")
    answer = as_json("listed inputs", *post(pg, path, raw))
    assert time.monotonic() - started < 10
    assert answer["argument"] == argument, answer
    if argument != "body":
        assert argument in answer["error"], answer
    assert "<html" not in answer["error"].lower()


def test_query_refuses_what_is_not_a_png_before_any_decoder_runs(pg, tmp_path):
    content, headers = multipart(tiny_network_file(tmp_path / "n.json"), "n.json")
    assert post(pg, "/api/network/load", content, headers=headers)[0] == 200
    big = io.BytesIO()
    from PIL import Image

    Image.new("L", (1100, 1100), 255).save(big, "PNG")
    good = io.BytesIO()
    Image.new("L", (28, 28), 255).save(good, "PNG")
    for image in [1, None, [], {"a": 1}, "x", "data:image/png;base64,@@@", png_data_url(PS_LOOP),
                  png_data_url(b"GIF89a" + bytes(40)), png_data_url(good.getvalue()[:30]),
                  png_data_url(big.getvalue()), png_data_url(good.getvalue())]:
        started = time.monotonic()
        answer = as_json("query images", *post(pg, "/api/network/query", json.dumps({"image": image})))
        assert time.monotonic() - started < 10  # PostScript never reaches Ghostscript
        assert answer["class"] in {"PlaygroundError", "FileFormatError"}


def test_a_bug_answers_json_500_and_logs_its_traceback(pg, monkeypatch, capfd):
    def broken(body):
        raise TypeError("internal detail /srv/secret")

    monkeypatch.setattr(playground_server, "slope_run", broken)
    status, headers, body = post(pg, "/api/slope", "{}")
    answer = as_json("bugs", status, headers, body, statuses=(500,))
    assert answer == {"error": answer["error"], "class": "InternalError"} and "TypeError" in answer["error"]
    assert b"/srv/secret" not in body
    err = capfd.readouterr().err
    assert "Traceback" in err and "internal detail /srv/secret" in err


def test_http_errors_of_the_framework_are_json_too(pg):
    for method, target, code in [("GET", "/nowhere", 404), ("GET", "/api/slope", 405), ("DELETE", "/", 405),
                                 ("GET", "/static/../server.py", 404)]:
        answer = as_json("framework errors", *exchange(pg, request_bytes(pg, method, target)), statuses=(code,))
        assert answer["class"] == "PlaygroundError"
    # waitress's own refusals (a malformed request, headers too large) are JSON as well
    status, headers, body = exchange(pg, b"GARBAGE\r\n\r\n")
    as_json("framework errors", status, headers, body, statuses=(400,))
    huge = request_bytes(pg, "GET", "/api/info", headers={"X-Pad": "a" * 70_000})
    as_json("framework errors", *exchange(pg, huge), statuses=(431,))


# ---- 2. body size whatever the transfer encoding ---------------------------------------------


@pytest.mark.parametrize("path, total", [("/api/slope", 15_000_000), ("/api/network/train", 18_000_000),
                                         ("/api/network/query", 15_000_000), ("/api/slope", 2_100_000)])
def test_chunked_bodies_over_the_cap_are_refused_without_reading_them(pg, path, total):
    before = peak_memory_mib()
    status, headers, body, sent, seconds = stream_chunked(pg, path, total)
    assert peak_memory_mib() - before < 8  # the server (in this process) kept no copy of the body
    answer = as_json("oversized bodies", status, headers, body, statuses=(413,))
    assert answer["class"] == "LimitError" and answer["details"]["limit"] == 2_000_000
    assert "2,000,000" in answer["error"]
    if total > 12_000_000:  # refused while the client was still sending (loopback buffers hold a few MB)
        assert sent is not None and sent < 12_000_000, sent
    assert seconds < 10


def test_the_network_upload_keeps_its_larger_cap_whatever_the_encoding(pg):
    status, headers, body, sent, _ = stream_chunked(pg, "/api/network/load", 15_000_000)
    answer = as_json("oversized bodies", status, headers, body)  # under the 20 MB cap: read, then refused
    assert answer["class"] == "PlaygroundError" and sent >= 15_000_000
    status, headers, body, sent, _ = stream_chunked(pg, "/api/network/load", 25_000_000)
    answer = as_json("oversized bodies", status, headers, body, statuses=(413,))
    assert answer["details"]["limit"] == 20_000_000 and sent < 25_000_000
    status, headers, body = exchange(pg, request_bytes(pg, "POST", "/api/slope",
                                                       headers={"Content-Length": "3000000"}))
    assert as_json("oversized bodies", status, headers, body, statuses=(413,))["details"]["limit"] == 2_000_000


def test_the_app_itself_caps_bodies_of_unknown_length():
    # behind another WSGI server (or none): a body without Content-Length is read only up to the cap
    app = create_app(token="t")
    client = app.test_client()
    for path, size, limit in [("/api/slope", 2_500_000, 2_000_000), ("/api/network/load", 21_000_000, 20_000_000)]:
        r = client.post(path, input_stream=io.BytesIO(b" " * size), environ_overrides={"wsgi.input_terminated": True},
                        headers={"X-Gentlenn-Token": "t", "Transfer-Encoding": "chunked",
                                 "Content-Type": "multipart/form-data; boundary=x"})
        OUTCOMES["oversized bodies", r.status_code] += 1
        assert r.status_code == 413 and r.get_json()["details"]["limit"] == limit


# ---- 3. waitress: a fixed pool of threads, a connection cap, idle timeouts, signals -----------


def thread_count():
    return len(os.listdir("/proc/self/task"))  # every native thread of this process


def test_two_hundred_idle_sockets_take_no_threads_and_a_request_still_answers():
    with Playground(limits={"connections": 300}) as p:
        before = thread_count()
        socks = []
        try:
            for i in range(200):
                s = socket.create_connection(("127.0.0.1", p.port), timeout=10)
                if i % 2:
                    s.sendall(b"POST /api/slope HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 100\r\n\r\n{")  # slow
                socks.append(s)
            time.sleep(1.0)
            during = thread_count()
            started = time.monotonic()
            with urllib.request.urlopen(p.url, timeout=10) as r:
                assert r.status == 200
            answered = time.monotonic() - started
        finally:
            for s in socks:
                s.close()
    OUTCOMES["idle sockets", 200] += 1
    assert during <= before + 1, (before, during)  # werkzeug's server made one thread per socket
    assert answered < 5


def test_connection_cap_and_idle_timeout_free_the_server():
    with Playground(limits={"connections": 20, "channel_timeout": 1}) as p:
        socks = [socket.create_connection(("127.0.0.1", p.port), timeout=20) for _ in range(40)]
        try:
            most = 0
            deadline = time.monotonic() + 3
            while time.monotonic() < deadline:
                most = max(most, len(p.server._map))  # sockets waitress holds (its listener and trigger too)
                time.sleep(0.05)
            closed = 0
            for s in socks:  # each idle socket is closed by the server in its turn
                s.settimeout(20)
                try:
                    closed += s.recv(1) == b""
                except OSError:
                    closed += 1
            started = time.monotonic()
            with urllib.request.urlopen(p.url, timeout=10) as r:
                assert r.status == 200
            answered = time.monotonic() - started
        finally:
            for s in socks:
                s.close()
    OUTCOMES["idle sockets", 200] += 1
    assert most <= 20 and closed == 40 and answered < 5


def start_cli_playground(url_file):
    return subprocess.Popen([sys.executable, "-m", "gentlenn", "playground", "--no-browser", "--url-file",
                             str(url_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def api(info, path, data=None):
    token = info["url"].split("token=", 1)[1]
    req = urllib.request.Request(f"http://127.0.0.1:{info['port']}{path}", data=data,
                                 headers={"X-Gentlenn-Token": token, "Content-Type": "application/json"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return r.status, json.loads(r.read())


def test_sigterm_and_sigint_stop_the_server_and_its_training(tmp_path):
    signals = {"SIGTERM": signal.SIGTERM, "SIGINT": signal.SIGINT}
    procs = {name: start_cli_playground(tmp_path / f"{name}.json") for name in signals}  # both at once: quicker
    try:
        infos = {}
        deadline = time.monotonic() + 60
        for name in signals:
            while not (tmp_path / f"{name}.json").exists() and time.monotonic() < deadline:
                time.sleep(0.1)
            infos[name] = json.loads((tmp_path / f"{name}.json").read_text())
            assert api(infos[name], "/api/network/train", b'{"hidden_nodes": 300, "epochs": 20}')[0] == 202
        for info in infos.values():  # the training is under way (past loading its data)
            while api(info, "/api/network/status")[1]["done"] == 0 and time.monotonic() < deadline:
                time.sleep(0.2)
            assert api(info, "/api/network/status")[1]["status"] == "training"
        started = time.monotonic()
        for name, signum in signals.items():
            procs[name].send_signal(signum)
        for proc in procs.values():
            proc.communicate(timeout=30)
        stopped = time.monotonic() - started
    finally:
        for proc in procs.values():
            if proc.poll() is None:
                proc.kill()
                proc.communicate()
    assert [p.returncode for p in procs.values()] == [0, 0] and stopped < 30
    for info in infos.values():
        with pytest.raises(OSError):
            socket.create_connection(("127.0.0.1", info["port"]), timeout=2).close()


# ---- 4. the Host in the target, framing forbidden ---------------------------------------------


def test_the_host_is_checked_in_the_request_target_whatever_its_form(pg):
    port = pg.port
    cases = [
        ("GET", "http://evil.example/api/info", None, 403),
        ("GET", f"http://evil.example:{port}/api/info", None, 403),
        ("GET", "http://127.0.0.1@evil.example/api/info", None, 403),
        ("GET", "http://evil.example#@127.0.0.1/api/info", None, 403),
        ("GET", "https://evil.example/api/info", None, 403),
        ("GET", "/api/info", "evil.example", 403),
        ("GET", "/api/info", f"evil.example:{port}", 403),
        ("GET", "/api/info", "127.0.0.1.evil.example", 403),
        ("GET", "/api/info", "", 403),
        ("GET", "/api/info", f"evil.example@127.0.0.1:{port}", 403),
        ("GET", f"http://127.0.0.1:{port}/api/info", None, 200),
        ("GET", f"http://localhost:{port}/api/info", None, 200),
        ("GET", "/api/info", f"localhost:{port}", 200),
    ]
    for method, target, host, code in cases:
        status, headers, body = exchange(pg, request_bytes(pg, method, target, host=host))
        assert status == code, (target, host, status)
        as_json("host checks", status, headers, body, statuses=(code,))
    # HTTP/1.0 without any Host header
    status, headers, body = exchange(pg, f"GET /api/info HTTP/1.0\r\nX-Gentlenn-Token: {pg.token}\r\n\r\n".encode())
    as_json("host checks", status, headers, body, statuses=(403,))


def test_every_answer_forbids_framing_and_sniffing(pg):
    answers = [exchange(pg, request_bytes(pg, "GET", f"/?token={pg.token}")),
               exchange(pg, request_bytes(pg, "GET", "/api/info")),
               exchange(pg, request_bytes(pg, "GET", "/api/info", headers={"X-Gentlenn-Token": "guess"})),
               exchange(pg, request_bytes(pg, "GET", "/nowhere")),
               post(pg, "/api/slope", '{"shuffle": "false"}'),
               exchange(pg, b"GARBAGE\r\n\r\n"),
               stream_chunked(pg, "/api/slope", 3_000_000)[:3]]
    for status, headers, _ in answers:
        OUTCOMES["security headers", status] += 1
        assert "frame-ancestors 'none'" in headers["content-security-policy"], status
        assert headers["x-frame-options"] == "DENY" and headers["x-content-type-options"] == "nosniff", status
    assert [a[0] for a in answers] == [200, 200, 403, 404, 400, 400, 413]


# ---- 5. the user's file name, never the server's temp path ------------------------------------


def test_upload_errors_name_the_users_file_never_a_server_path(pg, tmp_path):
    stop_training(pg)
    four = tiny_network_file(tmp_path / "four.json", inputs=4)
    good = tiny_network_file(tmp_path / "good.json")
    cases = [(b"not json", "my-net.json", "my-net.json"), (b"{}", "../../etc/secret.json", "secret.json"),
             (b'{"format": "gentlenn-network"', "", "the uploaded network file"),
             (four, "iris-net.json", "iris-net.json"),
             (good[: len(good) // 2], "C:\\Users\\me\\half.json", "half.json"),
             (b"[" * 100_000, "deep.json", "deep.json"), (b"\xff\xfe\x00", "bytes.json", "bytes.json")]
    for content, filename, shown in cases:
        body, headers = multipart(content, filename)
        status, h, answer_bytes = post(pg, "/api/network/load", body, headers=headers)
        answer = as_json("network uploads", status, h, answer_bytes)
        assert shown in answer["error"], answer
        text = answer_bytes.decode()
        assert tempfile.gettempdir() not in text and "gentlenn-upload" not in text and "etc/" not in text, text


# ---- 6. random JSON bodies: never a 500, always JSON, in bounded time ------------------------

KEYS = SLOPE_NUMBERS + ["dataset", "species", "features", "shuffle", "data", "hidden_nodes", "image"]
GOOD = ['"iris"', '"bugs"', '"sample"', '["setosa", "virginica"]', '["petal_length", "sepal_width"]', "0.5", "1",
        "2", "3", "7", "true", "false", "null"]
number_text = st.one_of(
    st.integers().map(str), st.integers(min_value=2 ** 53, max_value=10 ** 450).map(str),
    st.integers(min_value=2 ** 53, max_value=10 ** 450).map(lambda n: str(-n)),
    st.floats(allow_nan=False, allow_infinity=False).map(repr),
    st.sampled_from(["1e400", "-1e400", "1e-400", "NaN", "Infinity", "-Infinity", "-0", "1E5", "1" + "0" * 5000]))
scalar = st.one_of(number_text, st.text(max_size=20).map(json.dumps), st.sampled_from(GOOD))
json_value = st.recursive(scalar, lambda inner: st.one_of(
    st.lists(inner, max_size=4).map(lambda xs: "[" + ",".join(xs) + "]"),
    st.dictionaries(st.text(max_size=8), inner, max_size=4).map(
        lambda d: "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in d.items()) + "}")), max_leaves=12)
deep = st.tuples(st.integers(1, 100_000), st.sampled_from(["[]", "{}"])).map(
    lambda t: "[" * t[0] + "]" * t[0] if t[1] == "[]" else '{"a":' * t[0] + "1" + "}" * t[0])


def png_bytes(width, height, seed, mode):
    from PIL import Image

    rng = np.random.default_rng(seed)
    im = Image.fromarray(rng.integers(0, 256, size=(height, width), dtype=np.uint8), "L").convert(mode)
    out = io.BytesIO()
    im.save(out, "PNG")
    return out.getvalue()


image_value = st.one_of(
    st.binary(max_size=200).map(lambda b: json.dumps(png_data_url(b))),
    st.binary(max_size=200).map(lambda b: json.dumps(png_data_url(b"\x89PNG\r\n\x1a\n" + b))),
    st.builds(png_bytes, st.integers(1, 120), st.integers(1, 120), st.integers(0, 2 ** 32 - 1),
              st.sampled_from(["L", "RGB", "RGBA", "P", "I;16", "1"])).map(lambda b: json.dumps(png_data_url(b))),
    st.sampled_from([json.dumps(png_data_url(PS_LOOP)), '"data:image/png;base64,"', '"data:text/html,<b>"']))


def body_text(keys, values):
    fields = st.dictionaries(keys, values, max_size=5)
    objects = fields.map(lambda d: "{" + ",".join(f"{json.dumps(k)}:{v}" for k, v in d.items()) + "}")
    return st.one_of(objects, objects, objects, json_value, deep)


HYPOTHESIS = settings(max_examples=120, deadline=None, derandomize=True, database=None,
                      suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])


def check_random_body(pg, path, text, ok=(200,)):
    started = time.monotonic()
    status, headers, body = post(pg, path, text.encode())
    as_json(f"random JSON {path}", status, headers, body, statuses=(400, 409, 413, *ok))
    assert time.monotonic() - started < 15
    return status


@HYPOTHESIS
@given(text=body_text(st.sampled_from(KEYS) | st.text(max_size=6), st.one_of(json_value, st.sampled_from(GOOD),
                                                                          deep)))
def test_random_bodies_to_the_slope(pg, text):
    check_random_body(pg, "/api/slope", text)


@HYPOTHESIS
@given(text=body_text(st.sampled_from(KEYS) | st.text(max_size=6), st.one_of(json_value, st.sampled_from(GOOD),
                                                                          deep)))
def test_random_bodies_to_the_training(pg, text):
    if check_random_body(pg, "/api/network/train", text, ok=(202,)) == 202:
        stop_training(pg)  # a valid request trained: cancel it, so that the run stays short


@HYPOTHESIS
@given(text=body_text(st.just("image") | st.sampled_from(KEYS), st.one_of(image_value, json_value, deep)))
def test_random_bodies_to_the_query(pg, tmp_path_factory, text):
    training = pg.app.extensions["gentlenn_training"]
    if training.classifier is None:  # so that drawings reach the reader
        stop_training(pg)
        content, headers = multipart(tiny_network_file(tmp_path_factory.mktemp("net") / "n.json"), "n.json")
        assert post(pg, "/api/network/load", content, headers=headers)[0] == 200
    check_random_body(pg, "/api/network/query", text)


def test_playground_error_is_the_errors_module_class():
    assert playground_server.PlaygroundError is PlaygroundError
    assert issubclass(PlaygroundError, ValueError)
