"""A playground in the browser: move the slope, train the network, draw a digit and watch it answer.

``gentlenn playground`` (or ``python -m gentlenn playground``, or R's ``playground()``) starts a
local web app on 127.0.0.1 and prints its URL, which carries a random per-launch token. Needs the
``playground`` extra (Flask, served by waitress). The pages are plain HTML/CSS/JavaScript in ``static/``, served by the
app (no CDN, no build step); every number they show is computed by the core.

>>> from gentlenn.playground import Playground
>>> with Playground() as pg:   # doctest: +SKIP
...     print(pg.url)
"""

from .server import LIMITS, Playground, create_app, run

__all__ = ["Playground", "create_app", "run", "LIMITS"]
