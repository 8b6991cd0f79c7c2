"""The playground behind a proxy on the same machine, as on RStudio Server or Posit Cloud (issue 21):
Debian's nginx, started here as an unprivileged process on a loopback port with its configuration
in a temporary folder, serves the playground under the path prefix ``/p/abc123/`` and headless
Chromium drives the whole page through it. Routes of the proxy (``location`` blocks below):

- ``/p/abc123/``: as RStudio Server does it: the prefix stripped, ``Host: localhost:<port>``, the
  browser's side in ``X-Forwarded-Host``/``-For``/``-Proto`` (which the playground's server drops:
  anyone can send them); the server block answers only to
  loopback names (``server_name``), so nginx itself refuses a foreign ``Host`` here;
- ``/n/abc123/``: nginx's default ``Host`` (``127.0.0.1:<port>``);
- ``/h/abc123/``: the browser's ``Host`` passed on (in every server block): the playground's own
  Host check decides;
- ``/q/abc123/``: the prefix kept (JupyterHub's ``/proxy/absolute/``): the playground strips the
  prefix it was given.
"""

import base64
import http.client
import io
import json
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from pathlib import Path

import numpy as np
import pytest

from gentlenn import SlopeClassifier
from gentlenn.book import PIXEL_RANGE
from gentlenn.data import iris_two_class, load_mnist
from gentlenn.errors import PlaygroundError
from gentlenn.estimator import NeuralNetworkClassifier
from gentlenn.images import read_digit
from gentlenn.playground import Playground
from gentlenn.playground import server as playground_server

webdriver = pytest.importorskip("selenium.webdriver")  # the test extra installs it: CI never skips
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

NGINX = "/usr/sbin/nginx"
PREFIX = "/p/abc123/"
DECLARED = "lab.example.org"  # a name the launcher declares (allowed_hosts)
SHOTS = Path(tempfile.gettempdir()) / "gentlenn-proxy-screenshots"  # never inside the repository


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def nginx_config(folder, listen, upstream):
    """nginx's configuration: every path it writes inside ``folder``; the routes of the module's
    docstring."""
    up = f"127.0.0.1:{upstream}"
    passes_host = f"""
        location /h/abc123/ {{ proxy_pass http://{up}/; proxy_set_header Host $http_host; }}"""
    temp = "".join(f"    {kind}_temp_path {folder}/{kind};\n" for kind in ("client_body", "proxy", "fastcgi",
                                                                            "uwsgi", "scgi"))
    return f"""
worker_processes 1;
daemon off;
pid {folder}/nginx.pid;
error_log {folder}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log {folder}/access.log;
{temp}    client_max_body_size 25m;
    proxy_http_version 1.1;
    server {{  # any other name: only the route that passes Host on, else 421
        listen 127.0.0.1:{listen} default_server;
        {passes_host}
        location / {{ return 421; }}
    }}
    server {{  # the proxy's own loopback names
        listen 127.0.0.1:{listen};
        server_name 127.0.0.1 localhost;
        location {PREFIX} {{
            proxy_pass http://{up}/;
            proxy_set_header Host localhost:{upstream};
            proxy_set_header X-Forwarded-Host $http_host;
            proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
            proxy_set_header X-Forwarded-Proto $scheme;
        }}
        location /n/abc123/ {{ proxy_pass http://{up}/; }}
        location /q/abc123/ {{ proxy_pass http://{up}; }}
        {passes_host}
        location / {{ return 404; }}
    }}
}}
"""


@pytest.fixture(scope="module")
def playground():
    with Playground(allowed_hosts=[DECLARED], prefix="/q/abc123") as pg:
        yield pg


@pytest.fixture(scope="module")
def nginx(playground):
    """(port, folder, pid) of nginx in front of ``playground``; run as ``nobody`` when the tests
    run as root, so that it is an unprivileged process either way."""
    assert os.access(NGINX, os.X_OK), "make setup installs Debian's nginx (scripts/ensure-system.sh)"
    folder = Path(tempfile.mkdtemp(prefix="gentlenn-nginx-"))
    user = {}
    if os.geteuid() == 0:
        nobody = pwd.getpwnam("nobody")
        os.chown(folder, nobody.pw_uid, nobody.pw_gid)
        user = dict(user=nobody.pw_uid, group=nobody.pw_gid, extra_groups=[])
    port = free_port()
    (folder / "nginx.conf").write_text(nginx_config(folder, port, playground.port))
    os.chmod(folder / "nginx.conf", 0o644)
    # -e: the error log before the configuration is read (the default one is root's /var/log/nginx)
    proc = subprocess.Popen([NGINX, "-p", str(folder), "-c", str(folder / "nginx.conf"), "-e",
                             str(folder / "error.log")], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                            cwd=folder, **user)
    try:
        deadline = time.monotonic() + 20
        while True:
            assert proc.poll() is None, f"nginx stopped: {proc.stderr.read().decode()[-2000:]}"
            try:
                socket.create_connection(("127.0.0.1", port), timeout=1).close()
                break
            except OSError:
                assert time.monotonic() < deadline, "nginx did not listen within 20 s"
                time.sleep(0.05)
        yield port, folder, proc.pid
    finally:
        proc.terminate()  # nginx's fast shutdown: master and worker
        proc.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="module")
def browser():
    chromium, driver = shutil.which("chromium"), shutil.which("chromedriver")
    assert chromium and driver, "make setup installs Debian's chromium and chromium-driver"
    options = webdriver.ChromeOptions()
    options.binary_location = chromium
    for arg in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--disable-gpu"):
        options.add_argument(arg)
    b = webdriver.Chrome(options=options, service=webdriver.ChromeService(executable_path=driver))
    b.set_script_timeout(30)
    yield b
    b.quit()


def via(nginx, path, host=None, token=None, headers=None, body=None, method=None):
    """(status, headers, body) of one request to nginx, ``Host`` given as it is (else
    ``127.0.0.1:<port>``)."""
    conn = http.client.HTTPConnection("127.0.0.1", nginx[0], timeout=30)
    h = {"Host": host or f"127.0.0.1:{nginx[0]}", **(headers or {})}
    if token:
        h["X-Gentlenn-Token"] = token
    try:
        conn.request(method or ("POST" if body is not None else "GET"), path, body=body, headers=h)
        r = conn.getresponse()
        return r.status, dict(r.getheaders()), r.read()
    finally:
        conn.close()


def wait(browser, condition, seconds=60):
    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(lambda b: condition(b))


def draw_a_seven(browser):
    canvas = browser.find_element(By.ID, "net-canvas")
    chain = ActionChains(browser, duration=20)
    chain.move_to_element_with_offset(canvas, -85, -95).click_and_hold()
    for dx, dy in [(45, 0), (45, 0), (45, 0), (45, 0), (-20, 40), (-20, 40), (-20, 40), (-20, 40), (-15, 35)]:
        chain.move_by_offset(dx, dy)
    chain.release().perform()


def proc_uid(pid):
    with open(f"/proc/{pid}/status") as f:
        return int(next(line for line in f if line.startswith("Uid:")).split()[1])


def test_the_whole_page_works_through_the_prefix(playground, nginx, browser):
    port, folder, pid = nginx
    assert proc_uid(pid) != 0  # nginx runs unprivileged
    base = f"http://127.0.0.1:{port}{PREFIX}"
    log = folder / "access.log"
    before = len(log.read_text().splitlines())
    browser.get(f"{base}?token={playground.token}")
    # the slope page: loads, and steps as the core computes
    wait(browser, lambda b: b.find_elements(By.ID, "slope-line"))
    browser.execute_script("""
        const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                 el.dispatchEvent(new Event('change')); };
        set('slope-feature-x', 'petal_length'); set('slope-epochs', '2'); set('slope-seed', '7');
        set('slope-lr', '0.75'); set('slope-margin', '0.2');""")
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#slope-table tbody tr")) == 200)
    for _ in range(3):
        browser.find_element(By.ID, "slope-step").click()
    wait(browser, lambda b: "update 3 of 200" in b.find_element(By.ID, "slope-status").text)
    d = iris_two_class("petal_length", "sepal_width")
    clf = SlopeClassifier(learning_rate=0.75, margin=0.2, epochs=2, random_state=7).fit(d.iloc[:, :2], d.species)
    assert float(browser.find_element(By.ID, "slope-line").get_attribute("data-slope")) == clf.slopes_[3]
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "proxy-slope.png"))

    # the network page: a small network trains, its save link stays under the prefix
    browser.find_element(By.ID, "tab-network").click()
    browser.execute_script("""
        document.getElementById('net-hidden').value = '10';
        document.getElementById('net-epochs').value = '1';
        document.getElementById('net-lr').value = '0.2';""")
    browser.find_element(By.ID, "net-train").click()
    wait(browser, lambda b: b.execute_script("return document.body.dataset.training") == "done", 60)
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#net-backquery canvas")) == 10)
    m = load_mnist("sample")
    net = NeuralNetworkClassifier(hidden_nodes=10, learning_rate=0.2, epochs=1, input_range=PIXEL_RANGE,
                                  random_state=0).fit(m.X_train, m.y_train)
    assert np.array_equal(playground.app.extensions["gentlenn_training"].classifier.network_.wih, net.network_.wih)
    assert browser.find_element(By.ID, "net-save").get_attribute("href").startswith(f"{base}api/network/save?")

    # a drawing is answered as the core answers it
    draw_a_seven(browser)
    wait(browser, lambda b: b.find_element(By.ID, "net-answer").get_attribute("data-answer") is not None, 30)
    time.sleep(0.5)  # the last query (after the pen lifts) is the one to compare
    png = base64.b64decode(browser.execute_script(
        "return document.getElementById('net-canvas').toDataURL('image/png')").split(",", 1)[1])
    outputs = net.outputs(read_digit(io.BytesIO(png), "the canvas", center=True)[None, :])[0]
    assert browser.find_element(By.ID, "net-answer").get_attribute("data-answer") == str(net.classes_[outputs.argmax()])
    shown = [float(bar.get_attribute("data-value")) for bar in browser.find_elements(By.CSS_SELECTOR, "#net-bars .bar")]
    np.testing.assert_allclose(shown, outputs, rtol=0, atol=1e-12)
    browser.save_screenshot(str(SHOTS / "proxy-network.png"))

    # everything the browser asked for went through the prefix (an absolute /static or /api would not)
    paths = [line.split('"')[1].split()[1] for line in log.read_text().splitlines()[before:]]
    asked = [p for p in paths if p != "/favicon.ico"]
    assert asked and all(p.startswith(PREFIX) for p in asked), sorted(set(paths))
    for part in ("static/app.js", "static/style.css", "api/slope", "api/network/train", "api/network/status",
                 "api/network/backquery", "api/network/query"):
        assert any(p.startswith(PREFIX + part) for p in asked), part


def test_a_foreign_host_through_the_proxy_is_refused(playground, nginx):
    port, token = nginx[0], playground.token

    def refused_by_the_playground(answer):
        status, headers, body = answer
        assert status == 403 and headers["Content-Type"].startswith("application/json"), (status, body[:200])
        assert json.loads(body)["class"] == "PlaygroundError"

    # the route that passes the browser's Host on: the playground's own check refuses other names
    for host in ("evil.example", f"evil.example:{port}", "127.0.0.1.evil.example", "localhost.evil.example"):
        refused_by_the_playground(via(nginx, "/h/abc123/api/info", host=host, token=token))
    # ... whatever forwarded headers a page adds: they never let a name in
    refused_by_the_playground(via(nginx, "/h/abc123/api/info", host="evil.example", token=token,
                                  headers={"X-Forwarded-Host": "127.0.0.1", "Forwarded": "host=localhost"}))
    # ... and accepts the proxy's own loopback names and the declared one
    for host in (f"127.0.0.1:{port}", f"localhost:{port}", "localhost", DECLARED, f"{DECLARED.upper()}:443"):
        assert via(nginx, "/h/abc123/api/info", host=host, token=token)[0] == 200, host
    # the RStudio-like route answers loopback names only: nginx refuses another name before it goes on
    assert via(nginx, f"{PREFIX}api/info", host="evil.example", token=token)[0] == 421
    # through every route, the token still guards every request
    for route in (PREFIX, "/n/abc123/", "/h/abc123/", "/q/abc123/"):
        refused_by_the_playground(via(nginx, f"{route}api/info"))
        refused_by_the_playground(via(nginx, f"{route}api/info", token="guess"))
        status, _, body = via(nginx, f"{route}api/info", token=token)
        assert status == 200 and json.loads(body)["version"], route


def test_the_rstudio_like_route_forwards_what_rstudio_server_does(playground, nginx):
    # Host: localhost:<port> accepted; the X-Forwarded-* nginx adds (the browser's side) are
    # dropped before the app: no forwarded header decides anything
    seen, app = {}, playground.app
    served = app.wsgi_app

    def recorded(environ, start_response):  # the headers as the playground receives them
        if environ["PATH_INFO"] == "/api/settings":
            seen.update({k: environ.get("HTTP_" + k.upper().replace("-", "_")) for k in (
                "Host", "X-Forwarded-Host", "X-Forwarded-For", "X-Forwarded-Proto")})
        return served(environ, start_response)

    app.wsgi_app = recorded
    try:
        status, _, body = via(nginx, f"{PREFIX}api/settings", token=playground.token)
    finally:
        app.wsgi_app = served
    assert status == 200 and json.loads(body)
    assert seen == {"Host": f"localhost:{playground.port}", "X-Forwarded-Host": None, "X-Forwarded-For": None,
                    "X-Forwarded-Proto": None}
    # the page itself: its links are relative, so they stay under whatever prefix the browser used
    status, _, page = via(nginx, f"{PREFIX}?token={playground.token}")
    assert status == 200
    assert b'src="static/app.js?token=' in page and b'href="static/style.css?token=' in page
    assert b'"/static' not in page and b'"/api' not in page


def test_a_prefix_the_proxy_keeps_is_stripped_by_the_playground(playground, nginx):
    token = playground.token
    status, _, page = via(nginx, f"/q/abc123/?token={token}")
    assert status == 200 and b"gentlenn playground" in page
    status, headers, js = via(nginx, f"/q/abc123/static/app.js?token={token}")
    assert status == 200 and b'api("api/slope"' in js
    # a network file, over the small requests' cap, through the kept prefix (the larger cap holds)
    status, _, saved = via(nginx, "/q/abc123/api/network/save", token=token)
    assert status == 200 and json.loads(saved)["format"]
    boundary = "gentlennboundary"
    padding = b" " * 2_100_000  # JSON allows the whitespace; the body is now over 2,000,000 bytes
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"network\"; filename=\"net.json\"\r\n"
            "Content-Type: application/json\r\n\r\n").encode() + saved + padding + f"\r\n--{boundary}--\r\n".encode()
    status, _, body = via(nginx, "/q/abc123/api/network/load", token=token, body=form,
                          headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200, body[:300]
    # the prefix is optional (the printed URL has none), and only the declared one is stripped
    assert via(nginx, "/n/abc123/api/info", token=token)[0] == 200
    assert via(nginx, "/n/abc123/q/abc123x/api/info", token=token)[0] == 404


def test_declared_names_and_prefixes_are_checked():
    assert playground_server.host_names(["Lab.Example.org."])[-1] == "lab.example.org"
    for bad in ["evil.example:80", "*.example.org", "http://lab.example.org", "", "a b", 5]:
        with pytest.raises(PlaygroundError) as info:
            playground_server.host_names([bad])
        assert info.value.argument == "allowed_hosts"
    assert playground_server.path_prefix("/proxy/absolute/8888/") == "/proxy/absolute/8888"
    assert playground_server.path_prefix(None) == ""
    for bad in ["p/abc123", "/p/../etc", "/p/a b", "/p/%2e%2e", "/p//x", 7]:
        with pytest.raises(PlaygroundError) as info:
            playground_server.path_prefix(bad)
        assert info.value.argument == "prefix"
    settings = playground_server.proxy_settings({"GENTLENN_PLAYGROUND_HOSTS": "a.example, b.example",
                                                 "GENTLENN_PLAYGROUND_PREFIX": "/user/ann/proxy/absolute/8888"})
    assert settings == {"allowed_hosts": ["a.example", "b.example"], "prefix": "/user/ann/proxy/absolute/8888"}
    assert playground_server.proxy_settings({}) == {"allowed_hosts": [], "prefix": ""}
    for name, value in [("GENTLENN_PLAYGROUND_HOSTS", "ok.example *.example"), ("GENTLENN_PLAYGROUND_PREFIX", "p/x")]:
        with pytest.raises(PlaygroundError, match=f"^{name} must be ") as info:
            playground_server.proxy_settings({name: value})
        assert info.value.argument == name
