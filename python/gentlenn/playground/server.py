"""The playground's web server: a Flask app on 127.0.0.1 whose every request must carry the token
of this launch, serving plain HTML/CSS/JavaScript from ``static/`` and JSON computed by the core.

Safe by default: loopback only; the token (random per launch, compared in constant time) in the
query string or the ``X-Gentlenn-Token`` header; the ``Host`` header must name this server
(against DNS rebinding); bounded request sizes, canvas images, hidden nodes and epochs; no file
system path ever comes from the browser; one training at a time, cancellable.
"""

from __future__ import annotations

import base64
import binascii
import hmac
import io
import json
import os
import secrets
import tempfile
import threading
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from .. import __version__
from ..errors import GentlennError

STATIC = Path(__file__).with_name("static")

LIMITS = dict(
    request_bytes=2_000_000,   # a 280 x 280 canvas PNG is about 10-30 kB; a network file of 784-500-10 about 8 MB
    network_file_bytes=20_000_000,
    canvas_pixels=1024 * 1024,
    hidden_nodes=500,
    epochs=20,
    slope_epochs=100,
    learning_rate=10.0,
)


class Cancelled(Exception):
    """Raised inside the training thread when the user presses cancel or the server stops."""


class PlaygroundError(ValueError):
    """A request the playground refuses, with the message the page shows (HTTP 400)."""


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


def _number(body, key, default, low, high, whole=False):
    value = body.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not np.isfinite(value):
        raise PlaygroundError(f"{key} must be a number, got {value!r}")
    if whole and value != int(value):
        raise PlaygroundError(f"{key} must be a whole number, got {value!r}")
    if not low <= value <= high:
        raise PlaygroundError(f"{key} must be between {low:g} and {high:g}, got {value:g}")
    return int(value) if whole else float(value)


def _choice(body, key, default, choices):
    value = body.get(key, default)
    if value not in choices:
        raise PlaygroundError(f"{key} must be one of {', '.join(map(str, choices))}, got {value!r}")
    return value


def _digit_data(name):
    from ..data import load_mnist

    return load_mnist(name)


def available_data():
    """The digit sets this machine can offer: the MNIST sample always, Fashion-MNIST when installed."""
    from ..data import FASHION_MNIST_DIR

    return ["sample"] + (["fashion"] if FASHION_MNIST_DIR.is_dir() and any(FASHION_MNIST_DIR.iterdir()) else [])


def slope_run(body):
    """The slope page's numbers, all from the core: the points, and after each update the slope,
    its table row and the accuracy."""
    from ..data import IRIS_FEATURES, iris_two_class, load_bugs
    from ..slope import SlopeClassifier, slope_decision

    dataset = _choice(body, "dataset", "iris", ["bugs", "iris"])
    if dataset == "bugs":
        d = load_bugs()
    else:
        species = body.get("species", ["setosa", "versicolor"])
        features = body.get("features", ["sepal_length", "sepal_width"])
        names = ["setosa", "versicolor", "virginica"]
        if (not isinstance(species, list) or len(species) != 2 or len(set(species)) != 2
                or not all(s in names for s in species)):
            raise PlaygroundError(f"species must be two different ones of {', '.join(names)}")
        if (not isinstance(features, list) or len(features) != 2 or len(set(features)) != 2
                or not all(f in IRIS_FEATURES for f in features)):
            raise PlaygroundError(f"features must be two different ones of {', '.join(IRIS_FEATURES)}")
        d = iris_two_class(features[0], features[1], species=tuple(species))
    slope = body.get("slope")
    if slope is not None:
        slope = _number(body, "slope", None, -100, 100)
    seed = _number(body, "seed", 0, 0, 2**31 - 1, whole=True)
    clf = SlopeClassifier(slope=slope, learning_rate=_number(body, "learning_rate", 0.5, 1e-6, LIMITS["learning_rate"]),
                          margin=_number(body, "margin", 0.1, 0, 10),
                          epochs=_number(body, "epochs", 1, 1, LIMITS["slope_epochs"], whole=True),
                          shuffle=bool(body.get("shuffle", False)), random_state=seed)
    X, y = d.iloc[:, :2], d.iloc[:, 2]
    clf.fit(X, y)
    xy = X.to_numpy(dtype=float)
    labels = y.astype(str).to_numpy()

    def accuracy(a):
        predicted = np.where(slope_decision(a, xy) > 0, str(clf.above_class_), str(clf.below_class_))
        return float(np.mean(predicted == labels))

    h = clf.history_
    updates = [dict(epoch=int(r.epoch), step=int(r.step), index=int(r.index), x=float(r.x), y=float(r.y),
                    target=float(r.target), output=float(r.output), error=float(r.error), delta=float(r.delta),
                    slope=float(r.slope), accuracy=accuracy(float(r.slope))) for r in h.itertuples()]
    slopes = [float(s) for s in clf.slopes_]
    return dict(columns=[str(c) for c in X.columns], points=[dict(x=float(a), y=float(b), label=str(l))
                                                            for (a, b), l in zip(xy, labels)],
                above=str(clf.above_class_), below=str(clf.below_class_), initial_slope=slopes[0],
                initial_accuracy=accuracy(slopes[0]), final_slope=slopes[-1], updates=updates,
                score=float(clf.score(X, y)))


def create_app(token=None, limits=None):
    """The Flask app (``app.config["GENTLENN_TOKEN"]`` holds the token; a new one if not given)."""
    from flask import Flask, Response, abort, jsonify, request, send_from_directory

    limits = {**LIMITS, **(limits or {})}
    token = token or secrets.token_urlsafe(24)
    app = Flask(__name__, static_folder=None)
    app.config.update(GENTLENN_TOKEN=token, MAX_CONTENT_LENGTH=limits["network_file_bytes"])
    training = Training()
    app.extensions["gentlenn_training"] = training
    data_cache = {}

    def data(name):
        if name not in data_cache:
            data_cache[name] = _digit_data(name)
        return data_cache[name]

    @app.before_request
    def check_token():
        given = request.headers.get("X-Gentlenn-Token") or request.args.get("token") or ""
        if not hmac.compare_digest(given.encode(), token.encode()):
            abort(403)
        host = (request.host or "").rsplit(":", 1)[0]
        if host not in ("127.0.0.1", "localhost", "[::1]"):
            abort(403)
        if request.content_length and request.content_length > limits["request_bytes"] \
                and request.path != "/api/network/load":
            raise PlaygroundError(f"the request is {request.content_length:,} bytes; the playground takes at "
                                  f"most {limits['request_bytes']:,}")

    @app.after_request
    def headers(response):
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["Cache-Control"] = "no-store"
        response.headers["Referrer-Policy"] = "no-referrer"
        response.headers["Content-Security-Policy"] = ("default-src 'self'; img-src 'self' data: blob:; "
                                                       "style-src 'self'; script-src 'self'")
        return response

    @app.errorhandler(PlaygroundError)
    @app.errorhandler(GentlennError)
    def refused(exc):
        return jsonify(error=str(exc)), 400

    @app.errorhandler(403)
    def forbidden(exc):
        return jsonify(error="forbidden: this playground needs the token of the URL it printed"), 403

    @app.errorhandler(413)
    def too_large(exc):
        return jsonify(error="the request is too large for the playground"), 413

    def body():
        value = request.get_json(silent=True)
        if not isinstance(value, dict):
            raise PlaygroundError("the request must be a JSON object")
        return value

    @app.get("/")
    def index():
        page = (STATIC / "index.html").read_text(encoding="utf-8")
        page = page.replace("{{TOKEN}}", token).replace("{{VERSION}}", __version__)
        return Response(page, mimetype="text/html")

    @app.get("/static/<name>")
    def static_file(name):
        if name not in {"app.js", "style.css"}:  # a fixed list: no path from the browser reaches the disk
            abort(404)
        return send_from_directory(STATIC, name)

    @app.get("/api/info")
    def info():
        return jsonify(version=__version__, data=available_data(), limits=limits)

    @app.post("/api/slope")
    def slope():
        return jsonify(slope_run(body()))

    @app.post("/api/network/train")
    def train():
        b = body()
        settings = dict(data=_choice(b, "data", "sample", available_data()),
                        hidden_nodes=_number(b, "hidden_nodes", 100, 1, limits["hidden_nodes"], whole=True),
                        learning_rate=_number(b, "learning_rate", 0.1, 1e-6, limits["learning_rate"]),
                        epochs=_number(b, "epochs", 1, 1, limits["epochs"], whole=True),
                        seed=_number(b, "seed", 0, 0, 2**31 - 1, whole=True))
        with training.lock:
            if training.status == "training":
                return jsonify(error="a training is running: wait for it or cancel it"), 409
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
        if not isinstance(image, str) or not image.startswith(prefix):
            raise PlaygroundError("image must be a PNG data URL (canvas.toDataURL())")
        try:
            png = base64.b64decode(image[len(prefix):], validate=True)
        except (binascii.Error, ValueError):
            raise PlaygroundError("image is not valid base64") from None
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
            raise PlaygroundError("send the network file as the form field 'network'")
        with training.lock:
            if training.status == "training":
                return jsonify(error="a training is running: wait for it or cancel it"), 409
            with tempfile.TemporaryDirectory() as tmp:
                path = Path(tmp) / "network.json"  # our own name: nothing of the browser's reaches the disk
                upload.save(path)
                clf = load_classifier(path)
            if clf.n_features_in_ != 784:
                raise PlaygroundError(f"the playground draws 28 x 28 digits; this network reads {clf.n_features_in_} "
                                      "inputs")
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
        training.status, training.message = "error", f"{type(exc).__name__}: {exc}"


class Playground:
    """A running playground: ``url``, ``port``, ``token``; ``stop()`` ends the server and any
    training it started."""

    def __init__(self, host="127.0.0.1", port=0, token=None, limits=None):
        from werkzeug.serving import WSGIRequestHandler, make_server

        class QuietHandler(WSGIRequestHandler):
            def log_request(self, *args, **kwargs):  # no line per request: the page polls
                pass

        if host not in ("127.0.0.1", "localhost"):
            raise PlaygroundError("the playground binds to 127.0.0.1 only")
        self.app = create_app(token, limits)
        self.token = self.app.config["GENTLENN_TOKEN"]
        self.server = make_server(host, port, self.app, threaded=True, request_handler=QuietHandler)
        self.port = self.server.server_port
        self.url = f"http://127.0.0.1:{self.port}/?token={self.token}"
        self._thread = None

    def start(self):
        self._thread = threading.Thread(target=self.server.serve_forever, daemon=True, name="gentlenn-playground")
        self._thread.start()
        return self

    def serve_forever(self):
        try:
            self.server.serve_forever()
        finally:
            self.stop()

    def stop(self):
        training = self.app.extensions["gentlenn_training"]
        training.cancel.set()
        if training.thread is not None:
            training.thread.join(timeout=30)
        if self._thread is not None:  # started with start(): stop its loop; serve_forever() has ended already
            self.server.shutdown()
            self._thread.join(timeout=10)
            self._thread = None
        self.server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        return False


def run(port=0, open_browser=True, url_file=None):
    """What ``gentlenn playground`` does: start, print the URL, open the browser, serve until Ctrl-C."""
    try:
        import flask  # noqa: F401
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError("the playground needs Flask: pip install 'gentlenn[playground]'") from None
    import signal

    def stop(signum, frame):
        raise KeyboardInterrupt

    # Ctrl-C and a polite kill both stop the server and its training, even when the process was
    # started in the background (where the shell leaves SIGINT ignored)
    signal.signal(signal.SIGINT, stop)
    signal.signal(signal.SIGTERM, stop)
    pg = Playground(port=port)
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


__all__ = ["Playground", "create_app", "run", "LIMITS"]
