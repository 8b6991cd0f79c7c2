"""How fast the playground answers a drawn digit, against the core's own work, in one run.

    .venv/bin/python benchmarks/bench_playground.py            # 300 requests
    .venv/bin/python benchmarks/bench_playground.py --quick    # 30

A 280 x 280 "canvas" PNG (an MNIST test digit drawn large, dark ink on white, as the page sends
it) goes to ``POST /api/network/query`` of a playground on 127.0.0.1 with a trained 784-100-10
network, one new connection per request as the browser's fetch does with this server. The
baseline is the same work called directly (read the PNG the image loader's way, MNIST-centred,
run the network),
measured in the same run; the ratio is what the web layer costs. Writes
benchmarks/results/playground.csv.
"""

from __future__ import annotations

import argparse
import base64
import http.client
import io
import json
import time
from pathlib import Path

import numpy as np
import pandas as pd
from PIL import Image

from gentlenn.data import load_mnist
from gentlenn.images import read_digit
from gentlenn.playground import Playground

HERE = Path(__file__).resolve().parent


def canvas_png(pixels):
    """An MNIST digit as the page's canvas would hold it: 280 x 280, dark ink on white."""
    img = Image.fromarray((255 - pixels.reshape(28, 28)).astype(np.uint8)).resize((280, 280), Image.BILINEAR)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def post(port, token, path, payload):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request("POST", path, body=json.dumps(payload),
                 headers={"Content-Type": "application/json", "X-Gentlenn-Token": token})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    if response.status >= 400:
        raise RuntimeError(body.decode())
    return json.loads(body)


def summary(times):
    ms = np.array(times) * 1000
    return dict(median_ms=float(np.median(ms)), p95_ms=float(np.percentile(ms, 95)), max_ms=float(ms.max()))


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args(argv)
    n = 30 if args.quick else 300
    data = load_mnist("sample")
    pngs = [canvas_png(data.X_test[i]) for i in range(20)]
    with Playground() as pg:
        post(pg.port, pg.token, "/api/network/train", dict(hidden_nodes=100, learning_rate=0.2, epochs=1))
        training = pg.app.extensions["gentlenn_training"]
        while training.status == "training":
            time.sleep(0.1)
        clf = training.classifier
        urls = ["data:image/png;base64," + base64.b64encode(p).decode() for p in pngs]
        for u in urls[:5]:
            post(pg.port, pg.token, "/api/network/query", dict(image=u))  # warm-up
        served, direct, agree = [], [], 0
        for k in range(n):
            png, u = pngs[k % len(pngs)], urls[k % len(urls)]
            start = time.perf_counter()
            answer = post(pg.port, pg.token, "/api/network/query", dict(image=u))["answer"]
            served.append(time.perf_counter() - start)
            start = time.perf_counter()
            out = clf.outputs(read_digit(io.BytesIO(png), "canvas", center=True)[None, :])[0]
            direct.append(time.perf_counter() - start)
            agree += answer == str(clf.classes_[out.argmax()])
    s, d = summary(served), summary(direct)
    rows = [dict(what="POST /api/network/query (new connection each)", requests=n, **s),
            dict(what="the core alone: read_digit + outputs", requests=n, **d)]
    table = pd.DataFrame(rows)
    print(f"{n} drawn digits (280 x 280 PNG canvas), 784-100-10; answers agreeing with the core: {agree}/{n}\n")
    print(table.to_string(index=False, float_format=lambda v: f"{v:.2f}"))
    print(f"\nweb layer: the served answer takes {s['median_ms'] / d['median_ms']:.1f}x the core's own time "
          f"(median); median response {s['median_ms']:.1f} ms ({'under' if s['median_ms'] < 100 else 'OVER'} 100 ms)")
    if not args.quick:
        (HERE / "results").mkdir(exist_ok=True)
        table.to_csv(HERE / "results" / "playground.csv", index=False)
    assert agree == n
    return table


if __name__ == "__main__":
    main()
