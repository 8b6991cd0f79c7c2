"""The playground's web server: a Flask app on 127.0.0.1 whose every request must carry the token
of this launch, serving plain HTML/CSS/JavaScript from ``static/`` and JSON computed by the core,
served by waitress (a production WSGI server in pure Python).

Safe by default: loopback only; the token (random per launch, compared in constant time) in the
query string or the ``X-Gentlenn-Token`` header; the ``Host`` header and an absolute-form request
target must name this server (against DNS rebinding; :func:`host_allowed` has the rule, proxies
included); no framing by other pages; request bodies
capped per path whatever the transfer encoding, refused as soon as they pass the cap; JSON nested
at most ``LIMITS["json_depth"]`` levels, numbers finite; a fixed pool of worker threads, a cap on
open connections and an idle timeout; canvas images must be PNG and bounded; no file system path
ever comes from the browser or goes back to it; one training at a time, cancellable. Every answer
is JSON: a refusal carries the error's fields (``error``, ``class``, ``argument``, ...), a bug a
short 500 (its traceback goes to stderr).

Behind a proxy (RStudio Server's and Posit Cloud's ``/p/<id>/``, JupyterHub's ``/proxy/<port>/``,
nginx): the pages use relative URLs only, so a prefix the proxy strips needs nothing here; a
prefix it keeps is declared with ``prefix`` (``GENTLENN_PLAYGROUND_PREFIX`` for the command).
"""

from __future__ import annotations

import base64
import binascii
import functools
import hmac
import io
import json
import logging
import math
import os
import re
import secrets
import sys
import tempfile
import threading
import traceback
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from . import settings as playground_settings
from ..errors import GentlennError, LimitError, PlaygroundError

STATIC = Path(__file__).with_name("static")

LIMITS = dict(
    request_bytes=2_000_000,   # a 280 x 280 canvas PNG is about 10-30 kB; a network file of 784-500-10 about 8 MB
    network_file_bytes=20_000_000,
    canvas_pixels=1024 * 1024,
    json_depth=20,            # the pages send flat objects: deeper JSON is refused before a handler sees it
    threads=4,                # waitress's worker threads (requests computed at once; idle sockets take none)
    connections=100,          # open sockets at once; further ones wait in the listen backlog
    channel_timeout=30,       # seconds an idle connection stays open
    # the training settings' bounds are declared in playground/settings.py
)


class Cancelled(Exception):
    """Raised inside the training thread when the user presses cancel or the server stops."""


@dataclass
class Training:
    """The one training the server runs at a time, and its result."""

    status: str = "idle"  # idle, training, done, cancelled, error
    done: int = 0
    total: int = 0
    history: list = field(default_factory=list)
    message: str = ""
    settings: dict = field(default_factory=dict)
    classifier: object = None
    cancel: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread = None
    lock: threading.Lock = field(default_factory=threading.Lock)


def _digit_data(name):
    from ..data import load_mnist

    return load_mnist(name)


def available_data():
    """The digit sets this machine can offer: the MNIST sample always, Fashion-MNIST when installed."""
    from ..data import FASHION_MNIST_DIR

    return ["sample"] + (["fashion"] if FASHION_MNIST_DIR.is_dir() and any(FASHION_MNIST_DIR.iterdir()) else [])


def slope_run(body):
    """The slope page's numbers: the settings checked by the playground's specification, the run
    computed by the core (:func:`gentlenn.slope.slope_run`)."""
    from ..slope import slope_run as run

    return run(**playground_settings.parse("slope", body))


#: Headers every answer carries, the server's own refusals included: no sniffing, no caching, no
#: framing by another page (clickjacking), nothing fetched from elsewhere.
SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": ("default-src 'self'; img-src 'self' data: blob:; style-src 'self'; "
                                "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'"),
}

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")

def error_body(exc):
    """The JSON of a refusal: ``error`` (the sentence the page shows) and the error's fields
    (``class``, ``argument``, ``value``, ``expected``, ...)."""
    return {"error": str(exc), **exc.fields()}


def status_of(exc):
    """The HTTP status of a refusal: 413 for a body over its cap, 400 for any other."""
    return 413 if isinstance(exc, LimitError) and exc.argument == "body" else 400


def body_limit(limits, path):
    """Bytes a request body to ``path`` may have: network files get the larger cap (also under a
    proxy's path prefix, which the HTTP parser sees before the app strips it)."""
    return limits["network_file_bytes"] if path.endswith("/api/network/load") else limits["request_bytes"]


def too_large(size, limit, chunked=False):
    """The refusal of a body of ``size`` bytes (or, when ``chunked``, already more than ``limit``)."""
    told = f"more than {limit:,}" if chunked else f"{size:,}"
    return LimitError(f"the request is {told} bytes; the playground takes at most {limit:,} bytes here "
                      "(Playground(limits={'request_bytes': ..., 'network_file_bytes': ...}) raises the caps)",
                      argument="body", value=size, expected=f"at most {limit:,} bytes", limit=limit, unit="bytes")


class _Constant(str):
    """``NaN``, ``Infinity`` or ``-Infinity`` in a request's JSON (Python's reader takes them; JSON
    does not), kept until :func:`_check_values` can name the setting it is in."""


def parse_json_object(data, max_depth):
    """The request body ``data`` (bytes) as a JSON object whose numbers are all finite, nested at
    most ``max_depth`` levels; anything else is a :class:`PlaygroundError`. (Each value's type and
    bounds are the forms' business: :mod:`gentlenn.playground.settings`.)"""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise PlaygroundError("the request body is not UTF-8 text", argument="body",
                              expected="a JSON object") from None
    try:
        value = json.loads(text, parse_constant=_Constant)
    except RecursionError:
        raise PlaygroundError(f"the request's JSON is nested too deeply; the playground reads at most {max_depth} "
                              "levels", argument="body", expected=f"JSON nested at most {max_depth} levels",
                              limit=max_depth) from None
    except ValueError as exc:  # JSONDecodeError; integers of more than 4,300 digits
        raise PlaygroundError(f"the request body is not valid JSON ({str(exc)[:120]})", argument="body",
                              expected="a JSON object") from None
    if not isinstance(value, dict):
        raise PlaygroundError(f"the request must be a JSON object, got {type(value).__name__}", argument="body",
                              expected="a JSON object")
    _check_values(value, max_depth)
    return value


def _check_values(body, max_depth):
    """Refuse numbers beyond the double range (JSON's ``1e400`` reads as infinity) and nesting
    deeper than ``max_depth``, naming the top-level setting they are in; iterative, so any depth
    is safe."""
    stack = [(str(key)[:80], str(key)[:80], value, 1) for key, value in body.items()]  # keys may be long
    while stack:
        argument, where, value, depth = stack.pop()
        if depth > max_depth:
            raise PlaygroundError(f"{argument} is nested deeper than {max_depth} levels", argument=argument,
                                  expected=f"JSON nested at most {max_depth} levels", limit=max_depth)
        if isinstance(value, _Constant):
            raise PlaygroundError(f"{where} must be a finite number, got {value}, which JSON does not allow",
                                  argument=argument, value=str(value), expected="a finite number")
        if isinstance(value, float) and not math.isfinite(value):
            raise PlaygroundError(f"{where} must be a finite number, got one beyond the double range "
                                  "(about 1.8e308)", argument=argument, value=value, expected="a finite number")
        if isinstance(value, list):
            stack.extend((argument, f"{where}[{i}]", v, depth + 1) for i, v in enumerate(value))
        elif isinstance(value, dict):
            stack.extend((argument, f"{where}.{str(k)[:20]}", v, depth + 1) for k, v in value.items())


def host_allowed(environ, names=LOOPBACK_NAMES):
    """Whether the request names this server, in its ``Host`` header and in its target (an
    absolute-form request line ``GET http://evil.example/ HTTP/1.1`` carries its own host).

    The rule: the ``Host`` header (and an absolute-form target) must name a loopback host
    (``127.0.0.1``, ``localhost``, ``[::1]``, with any port) or one of the ``names`` the launcher
    declared. A browser cannot forge ``Host``: a page of another site whose name was pointed at
    this address (DNS rebinding) sends its own name and is refused. A proxy on the same machine
    passes: RStudio Server and Posit Cloud send ``Host: localhost:<port>``, nginx's default sends
    ``127.0.0.1:<port>``, and one that passes the browser's ``Host`` on passes when the browser
    itself used a loopback name (or a declared one). ``X-Forwarded-*`` and ``Forwarded`` headers
    never decide: they name the browser's side of the proxy (Posit Cloud's public name) and any
    script can set them, so the server drops them before the app (waitress trusts no proxy): they
    can neither let a name in nor keep one out. A proxy that rewrites ``Host`` does the Host check
    for what it receives (nginx: ``server_name``). Whatever the names, every request still needs
    the token.
    """
    host = environ.get("HTTP_HOST")
    if not host or "@" in host or _hostname(host) not in names:
        return False
    target = environ.get("REQUEST_URI") or environ.get("RAW_URI") or "/"
    if target.startswith("/") or target == "*":
        return True
    from urllib.parse import urlsplit

    try:
        netloc = urlsplit(target).netloc
    except ValueError:
        return False
    return _hostname(netloc) in names


def _hostname(netloc):
    netloc = netloc.rsplit("@", 1)[-1].lower()
    if netloc.startswith("["):
        return netloc.split("]", 1)[0] + "]"
    return netloc.split(":", 1)[0]


_HOST_NAME = re.compile(r"[a-z0-9]([a-z0-9-]*[a-z0-9])?(\.[a-z0-9]([a-z0-9-]*[a-z0-9])?)*\.?")
_PREFIX = re.compile(r"(/[A-Za-z0-9._~-]+)+")


def host_names(declared=()):
    """The host names :func:`host_allowed` accepts: the loopback ones and the ``declared`` host
    names (plain names such as ``lab.example.org``, no port, no wildcard), lower-cased."""
    if isinstance(declared, str):
        declared = [declared]
    names = list(LOOPBACK_NAMES)
    for name in declared:
        expected = "host names such as 'lab.example.org' (no scheme, port or wildcard)"
        if not isinstance(name, str) or not _HOST_NAME.fullmatch(name.lower()) or len(name) > 253:
            raise PlaygroundError(f"allowed_hosts must be {expected}, got {str(name)[:80]!r}",
                                  argument="allowed_hosts", value=str(name)[:80], expected=expected)
        names.append(name.lower().rstrip("."))
    return tuple(dict.fromkeys(names))


def path_prefix(prefix):
    """``prefix`` checked: ``""`` (none) or a path such as ``/proxy/absolute/8888`` (its trailing
    slash dropped)."""
    expected = "a path such as '/p/abc123' (letters, digits, '.', '_', '~', '-' between slashes)"
    prefix = prefix.rstrip("/") if isinstance(prefix, str) else prefix or ""
    if prefix and (not isinstance(prefix, str) or not _PREFIX.fullmatch(prefix)
                   or any(part in (".", "..") for part in prefix.split("/"))):
        raise PlaygroundError(f"prefix must be {expected}, got {str(prefix)[:80]!r}", argument="prefix",
                              value=str(prefix)[:80], expected=expected)
    return prefix


def strip_prefix(wsgi_app, prefix):
    """``wsgi_app`` also served under ``prefix`` (for a proxy that keeps its path prefix): a
    request to ``<prefix>/...`` reaches the app as ``/...``; any other path is served as it is."""
    if not prefix:
        return wsgi_app

    def app(environ, start_response):
        path = environ.get("PATH_INFO", "")
        if path.startswith(prefix + "/"):
            environ["SCRIPT_NAME"] = environ.get("SCRIPT_NAME", "") + prefix
            environ["PATH_INFO"] = path[len(prefix):]
        return wsgi_app(environ, start_response)

    return app


def shown_file_name(name, fallback="the uploaded network file"):
    """The uploaded file's name as the user sees it (its last part, printable, at most 80
    characters); ``fallback`` when the browser sent none."""
    name = "".join(c for c in str(name or "").replace("\\", "/").rsplit("/", 1)[-1] if c.isprintable())[:80]
    return name or fallback


def renamed(exc, path, shown):
    """``exc`` again, naming the user's file ``shown`` where it named the server's temporary copy
    ``path`` (and never the temporary folder)."""
    folder = str(Path(path).parent)

    def swap(v):
        if isinstance(v, (str, os.PathLike)):
            return os.fspath(v).replace(str(path), shown).replace(folder, "the upload")
        return v

    message = str(exc).replace(repr(str(path)), repr(shown))
    message = swap(message)
    try:
        return type(exc)(message, argument=exc.argument, value=swap(exc.value), expected=exc.expected,
                         **{k: swap(v) for k, v in exc.details.items()})
    except TypeError:  # a class with its own constructor: keep its kind, say it plainly
        return PlaygroundError(message, argument=exc.argument, expected=exc.expected)


def create_app(token=None, limits=None, allowed_hosts=(), prefix=""):
    """The Flask app (``app.config["GENTLENN_TOKEN"]`` holds the token; a new one if not given).

    ``allowed_hosts``: host names accepted in ``Host`` besides the loopback ones (for a proxy that
    passes the browser's ``Host`` on; see :func:`host_allowed`). ``prefix``: a path prefix a proxy
    keeps (``/proxy/absolute/8888``); requests without it are served too."""
    from flask import Flask, Response, abort, jsonify, request, send_from_directory
    from werkzeug.exceptions import HTTPException

    limits = {**LIMITS, **(limits or {})}
    token = token or secrets.token_urlsafe(24)
    names, prefix = host_names(allowed_hosts), path_prefix(prefix)
    app = Flask(__name__, static_folder=None)
    app.wsgi_app = strip_prefix(app.wsgi_app, prefix)
    app.config.update(GENTLENN_TOKEN=token, GENTLENN_LIMITS=limits, GENTLENN_HOSTS=names, GENTLENN_PREFIX=prefix,
                      MAX_CONTENT_LENGTH=max(limits["request_bytes"], limits["network_file_bytes"]))
    training = Training()
    app.extensions["gentlenn_training"] = training
    data_cache = {}

    def data(name):
        if name not in data_cache:
            data_cache[name] = _digit_data(name)
        return data_cache[name]

    @app.before_request
    def check_request():
        given = request.headers.get("X-Gentlenn-Token") or request.args.get("token") or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(403)
        if not host_allowed(request.environ, names):  # another site's name for this address (DNS rebinding)
            abort(403)
        limit = body_limit(limits, request.path)
        if request.content_length is not None and request.content_length > limit:
            raise too_large(request.content_length, limit)

    @app.after_request
    def headers(response):
        response.headers.update(SECURITY_HEADERS)
        return response

    @app.errorhandler(GentlennError)
    def refused(exc):
        return jsonify(error_body(exc)), status_of(exc)

    @app.errorhandler(HTTPException)
    def http_error(exc):
        words = {403: "forbidden: this playground needs the token of the URL it printed",
                 404: "the playground has no such page", 405: f"{request.method} is not allowed here"}
        if exc.code == 413:
            return refused(too_large(request.content_length or 0, body_limit(limits, request.path),
                                     chunked=request.content_length is None))
        err = PlaygroundError(words.get(exc.code, f"{exc.name}: {exc.description}"))
        return jsonify(error_body(err)), exc.code

    @app.errorhandler(Exception)
    def unexpected(exc):  # a bug: the page hears of it as JSON, the traceback goes to the server's log
        print(f"gentlenn playground: error in {request.method} {request.path}:", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        return jsonify({"error": f"the playground failed unexpectedly ({type(exc).__name__}); the server's log "
                                 "has the details", "class": "InternalError"}), 500

    def busy():
        err = PlaygroundError("a training is running: wait for it or cancel it", argument="training",
                              value="training", expected="no training running")
        return jsonify(error_body(err)), 409

    def body():
        limit = body_limit(limits, request.path)
        data = request.stream.read(limit + 1)  # whatever the transfer encoding: never more than the cap
        if len(data) > limit:
            raise too_large(len(data), limit, chunked=True)
        return parse_json_object(data, limits["json_depth"])

    @app.get("/")
    def index():
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        page = playground_settings.render(page.replace("{{TOKEN}}", token).replace("{{VERSION}}", __version__))
        return Response(page, mimetype="text/html")

    @app.get("/static/<name>")
    def static_file(name):
        if name not in {"app.js", "style.css"}:  # a fixed list: no path from the browser reaches the disk
            abort(404)
        return send_from_directory(STATIC, name)

    @app.get("/api/info")
    def info():
        return jsonify(version=__version__, data=available_data(), limits=limits)

    @app.get("/api/settings")
    def settings_tables():
        return jsonify(playground_settings.forms())

    @app.post("/api/slope")
    def slope():
        return jsonify(slope_run(body()))

    @app.post("/api/network/train")
    def train():
        b = body()
        settings = dict(playground_settings.parse("train", b))
        if settings["data"] not in available_data():
            raise PlaygroundError(f"data {settings['data']!r} is not installed on this machine; it offers "
                                  f"{', '.join(available_data())}", argument="data", value=settings["data"],
                                  expected="one of " + ", ".join(repr(d) for d in available_data()))
        with training.lock:
            if training.status == "training":
                return busy()
            training.status, training.done, training.total = "training", 0, 0
            training.history, training.message, training.settings = [], "", settings
            training.cancel = threading.Event()
            training.thread = threading.Thread(target=_train, args=(training, data, settings), daemon=True,
                                               name="gentlenn-training")
            training.thread.start()
        return jsonify(status="training", settings=settings), 202

    @app.get("/api/network/status")
    def status():
        return jsonify(status=training.status, done=training.done, total=training.total,
                       history=training.history, message=training.message, settings=training.settings,
                       ready=training.classifier is not None,
                       classes=[] if training.classifier is None else
                       [str(c) for c in training.classifier.classes_])

    @app.post("/api/network/cancel")
    def cancel():
        training.cancel.set()
        return jsonify(status=training.status)

    def classifier():
        if training.classifier is None:
            raise PlaygroundError("there is no trained network yet: train one or load a network file")
        return training.classifier

    @app.post("/api/network/query")
    def query():
        from ..images import read_digit

        b = body()
        image = b.get("image", "")
        prefix = "data:image/png;base64,"
        expected = "a PNG data URL (canvas.toDataURL())"
        if not isinstance(image, str) or not image.startswith(prefix):
            raise PlaygroundError(f"image must be {expected}", argument="image", value=image, expected=expected)
        try:
            png = base64.b64decode(image[len(prefix):], validate=True)
        except (binascii.Error, ValueError):
            raise PlaygroundError("image is not valid base64", argument="image", expected=expected) from None
        if not png.startswith(PNG_SIGNATURE):  # only PNG reaches the image reader: no other format's decoder
            raise PlaygroundError("image is not a PNG picture", argument="image", expected=expected)
        clf = classifier()
        # centred the MNIST way: a digit drawn small or off-centre reads as well as one drawn like MNIST's
        pixels = read_digit(io.BytesIO(png), "the drawing", max_pixels=limits["canvas_pixels"], center=True)
        if pixels.size != clf.n_features_in_:
            raise PlaygroundError(f"the network reads {clf.n_features_in_} pixels, not a 28 x 28 drawing")
        outputs = clf.outputs(pixels[None, :])[0]
        k = int(outputs.argmax())
        return jsonify(pixels=pixels.round(6).tolist(), outputs=outputs.tolist(), answer=str(clf.classes_[k]),
                       classes=[str(c) for c in clf.classes_], confidence=float(outputs[k] / outputs.sum()))

    @app.get("/api/network/backquery")
    def backquery():
        from ..network import backquery_images

        clf = classifier()
        images = backquery_images(clf)
        return jsonify(classes=[str(c) for c in clf.classes_],
                       images=np.asarray(images).reshape(len(images), -1).round(4).tolist())

    @app.get("/api/network/save")
    def save():
        clf = classifier()
        with tempfile.TemporaryDirectory() as tmp:
            path = Path(tmp) / "network.json"
            clf.save(path)
            content = path.read_bytes()
        return Response(content, mimetype="application/json",
                        headers={"Content-Disposition": 'attachment; filename="gentlenn-network.json"'})

    @app.post("/api/network/load")
    def load():
        from ..estimator import load_classifier

        upload = request.files.get("network")
        if upload is None:
            raise PlaygroundError("send the network file as the form field 'network'", argument="network",
                                  expected="a network file in the form field 'network'")
        shown = shown_file_name(upload.filename)
        with training.lock:
            if training.status == "training":
                return busy()
            with tempfile.TemporaryDirectory(prefix="gentlenn-upload-") as tmp:
                path = Path(tmp) / "network.json"  # our own name: nothing of the browser's reaches the disk
                upload.save(path)
                try:
                    clf = load_classifier(path)
                except GentlennError as exc:  # the user knows their file by its name, not by our copy's path
                    raise renamed(exc, path, shown) from None
            if clf.n_features_in_ != 784:
                raise PlaygroundError(f"the playground draws 28 x 28 digits; the network in {shown!r} reads "
                                      f"{clf.n_features_in_} inputs", argument="network",
                                      value=int(clf.n_features_in_), expected="a network of 784 inputs")
            training.classifier = clf
            training.status, training.history, training.message = "done", [], "loaded from a network file"
            training.settings = dict(hidden_nodes=int(clf.network_.hidden_nodes), learning_rate=clf.learning_rate)
        return jsonify(status="done", classes=[str(c) for c in clf.classes_])

    return app


def _train(training, data, settings):
    """The training thread: progress and the accuracy after each epoch go into ``training``."""
    from ..book import PIXEL_RANGE
    from ..estimator import NeuralNetworkClassifier

    def progress(done, total):
        training.done, training.total = int(done), int(total)
        if training.cancel.is_set():
            raise Cancelled()

    def epoch_done(row):
        training.history.append({k: float(v) for k, v in row.items()})
        if training.cancel.is_set():
            raise Cancelled()

    try:
        d = data(settings["data"])
        clf = NeuralNetworkClassifier(hidden_nodes=settings["hidden_nodes"], learning_rate=settings["learning_rate"],
                                      epochs=settings["epochs"], input_range=PIXEL_RANGE,
                                      random_state=settings["seed"])
        clf.fit(d.X_train, d.y_train, validation_data=(d.X_test, d.y_test), callback=progress,
                epoch_callback=epoch_done)
        training.classifier = clf
        training.status, training.message = "done", f"test accuracy {clf.history_.val_accuracy.iloc[-1]:.4f}"
    except Cancelled:
        training.status, training.message = "cancelled", "cancelled: the previous network (if any) is kept"
    except GentlennError as exc:
        training.status, training.message = "error", str(exc)
    except Exception as exc:  # noqa: BLE001 (the page must hear of it; the thread cannot raise anywhere)
        print("gentlenn playground: the training failed:", file=sys.stderr)
        traceback.print_exception(type(exc), exc, exc.__traceback__, file=sys.stderr)
        training.status = "error"
        training.message = f"the training failed unexpectedly ({type(exc).__name__}); the server's log has the details"


@functools.cache
def _waitress():
    """waitress's server class, with a parser that refuses a body as soon as it is over its cap
    (whatever the transfer encoding) and every refusal of waitress's own answered as JSON."""
    from waitress.adjustments import Adjustments
    from waitress.channel import HTTPChannel
    from waitress.parser import HTTPRequestParser
    from waitress.server import TcpWSGIServer
    from waitress.task import ErrorTask
    from waitress.utilities import Error, RequestEntityTooLarge

    class JsonError(Error):
        def __init__(self, code, reason, exc):
            super().__init__(str(exc))
            self.code, self.reason, self.exc = code, reason, exc

        def to_response(self, ident=None):
            body = json.dumps(error_body(self.exc)).encode()
            return f"{self.code} {self.reason}", [("Content-Type", "application/json"), *SECURITY_HEADERS.items()], body

    class Parser(HTTPRequestParser):
        def received(self, data):
            consumed = super().received(data)
            if self.error is None and self.headers_finished and not self.empty:
                limit = body_limit(self.adj.gentlenn_limits, self.path)
                size = len(self.body_rcv) if self.chunked else self.content_length
                if size > limit:  # refused now: the rest of the body is never read
                    self.error = JsonError(413, "Request Entity Too Large", too_large(size, limit, self.chunked))
                    self.completed = True
                    return len(data)
            return consumed

    class JsonErrorTask(ErrorTask):
        def execute(self):
            e = self.request.error
            if isinstance(e, RequestEntityTooLarge) and not isinstance(e, JsonError):  # the raw bytes' cap
                limit = self.channel.adj.max_request_body_size
                self.request.error = JsonError(e.code, e.reason, too_large(limit, limit, chunked=True))
            elif not isinstance(e, JsonError):  # a malformed request, headers too large, ...
                self.request.error = JsonError(e.code, e.reason, PlaygroundError(
                    f"{e.reason.lower()}: {e.body}", argument="request", expected="an HTTP/1.1 request"))
            super().execute()

    class Channel(HTTPChannel):
        parser_class = Parser
        error_task_class = JsonErrorTask

    class Server(TcpWSGIServer):
        channel_class = Channel

    return Server, Adjustments


def make_server(app, port, limits):
    """The production server of ``app`` on 127.0.0.1:``port``: waitress, with a fixed number of
    worker threads (``limits["threads"]``; a waiting socket takes none), at most
    ``limits["connections"]`` sockets open at once and idle ones closed after
    ``limits["channel_timeout"]`` seconds."""
    Server, Adjustments = _waitress()
    timeout = int(limits["channel_timeout"])
    adj = Adjustments(host="127.0.0.1", port=port, threads=int(limits["threads"]),
                      connection_limit=int(limits["connections"]), channel_timeout=timeout,
                      cleanup_interval=max(1, timeout // 2), asyncore_use_poll=True,  # select() stops at 1,024 sockets
                      # raw bytes, chunk framing included: the per-path caps on the body itself come first
                      max_request_body_size=2 * max(limits["request_bytes"], limits["network_file_bytes"]),
                      max_request_header_size=64 * 1024, ident="gentlenn", expose_tracebacks=False,
                      # X-Forwarded-* and Forwarded dropped: anyone can send them (see host_allowed)
                      trusted_proxy=None, clear_untrusted_proxy_headers=True)
    adj.gentlenn_limits = limits  # the parser's per-path caps
    logging.getLogger("waitress.queue").setLevel(logging.ERROR)  # "Task queue depth is 2" at every busy moment
    return Server(app, map={}, adj=adj, sockinfo=adj.listen[0])


def _need_server_packages():
    try:
        import flask  # noqa: F401
        import waitress  # noqa: F401
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError("the playground needs Flask and waitress: pip install 'gentlenn[playground]'",
                                     argument="playground", expected="the packages flask and waitress") from None


class Playground:
    """A running playground: ``url``, ``port``, ``token``; ``stop()`` ends the server and any
    training it started.

    Served by waitress: a fixed pool of worker threads, a cap on open connections, idle ones
    closed after a timeout (see :data:`LIMITS`; ``limits`` overrides them). Behind a proxy:
    ``allowed_hosts`` and ``prefix`` as in :func:`create_app`.
    """

    def __init__(self, host="127.0.0.1", port=0, token=None, limits=None, allowed_hosts=(), prefix=""):
        if host not in ("127.0.0.1", "localhost"):
            raise PlaygroundError("the playground binds to 127.0.0.1 only", argument="host", value=host,
                                  expected="'127.0.0.1' or 'localhost'")
        _need_server_packages()
        self.app = create_app(token, limits, allowed_hosts=allowed_hosts, prefix=prefix)
        self.token = self.app.config["GENTLENN_TOKEN"]
        self.limits = self.app.config["GENTLENN_LIMITS"]
        self.server = make_server(self.app, port, self.limits)
        self.host = "127.0.0.1"
        self.port = int(self.server.effective_port)
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"
        self._thread = None
        self._stopping = threading.Event()
        self._closed = False

    def _serve(self):
        from waitress import wasyncore

        while not self._stopping.is_set():
            wasyncore.loop(timeout=self.server.adj.asyncore_loop_timeout, map=self.server._map, use_poll=True,
                           count=1)

    def start(self):
        self._thread = threading.Thread(target=self._serve, daemon=True, name="gentlenn-playground")
        self._thread.start()
        return self

    def serve_forever(self):
        """Serve in this thread until :meth:`stop` (from another thread) or Ctrl-C."""
        try:
            self._serve()
        finally:
            self.stop()

    def stop(self):
        training = self.app.extensions["gentlenn_training"]
        training.cancel.set()
        if training.thread is not None:
            training.thread.join(timeout=30)
        self._stopping.set()
        if self._thread is not None:  # started with start(): wake its loop, which then ends
            if not self._closed:
                self.server.pull_trigger()
            self._thread.join(timeout=10)
            self._thread = None
        if not self._closed:
            from waitress import wasyncore

            self._closed = True
            self.server.task_dispatcher.shutdown(cancel_pending=True, timeout=5)
            wasyncore.close_all(self.server._map)  # the listening socket, the trigger, every connection

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def proxy_settings(environ=None):
    """``allowed_hosts`` and ``prefix`` for :class:`Playground` from the environment:
    ``GENTLENN_PLAYGROUND_HOSTS`` (host names, separated by commas or spaces) and
    ``GENTLENN_PLAYGROUND_PREFIX``."""
    environ = os.environ if environ is None else environ
    hosts = environ.get("GENTLENN_PLAYGROUND_HOSTS", "").replace(",", " ").split()
    prefix = environ.get("GENTLENN_PLAYGROUND_PREFIX", "")
    try:
        host_names(hosts), path_prefix(prefix)
    except PlaygroundError as exc:  # named as the user set it: the variable, not the parameter
        name = {"allowed_hosts": "GENTLENN_PLAYGROUND_HOSTS", "prefix": "GENTLENN_PLAYGROUND_PREFIX"}[exc.argument]
        raise PlaygroundError(f"{name} must be {exc.expected}, got {exc.value!r}", argument=name,
                              value=exc.value) from None
    return dict(allowed_hosts=hosts, prefix=prefix)


def run(port=0, open_browser=True, url_file=None):
    """What ``gentlenn playground`` does: start, print the URL, open the browser, serve until Ctrl-C
    (behind a proxy, see :func:`proxy_settings`)."""
    _need_server_packages()
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and a polite kill both stop the server and its training, even when the process was
    # started in the background (where the shell leaves SIGINT ignored)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    pg = Playground(port=port, **proxy_settings())
    print(f"gentlenn playground {__version__}: open {pg.url}", flush=True)
    print("(only this URL works: it carries this launch's token; Ctrl-C stops the playground)", flush=True)
    if url_file:
        tmp = Path(f"{url_file}.tmp")
        tmp.write_text(json.dumps(dict(url=pg.url, port=pg.port, pid=os.getpid())))
        tmp.replace(url_file)
    if open_browser:
        import webbrowser

        threading.Timer(0.3, webbrowser.open, args=(pg.url,)).start()
    try:
        pg.serve_forever()
    except KeyboardInterrupt:
        pass
    return pg


__all__ = ["LIMITS", "Playground", "PlaygroundError", "create_app", "make_server", "run"]
