"""The playground in a real browser: Debian's headless Chromium driven by selenium against a server
on 127.0.0.1. The numbers the pages show are checked against the core called directly here."""

import base64
import io
import json
import shutil
import socket
import time
import urllib.error
import urllib.request

import numpy as np
import pytest

from gentlenn import SlopeClassifier
from gentlenn.book import PIXEL_RANGE
from gentlenn.data import iris_two_class, load_mnist
from gentlenn.estimator import NeuralNetworkClassifier
from gentlenn.images import read_digit

from conftest import ROOT

webdriver = pytest.importorskip("selenium.webdriver")  # the test extra installs it: CI never skips
from selenium.webdriver.common.action_chains import ActionChains  # noqa: E402
from selenium.webdriver.common.by import By  # noqa: E402
from selenium.webdriver.support.ui import WebDriverWait  # noqa: E402

from gentlenn.playground import Playground  # noqa: E402

SHOTS = ROOT / "build" / "screenshots"


@pytest.fixture(scope="module")
def playground():
    with Playground() as pg:
        yield pg


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


def request(pg, path, token=True, data=None, headers=None):
    h = dict(headers or {})
    if token:
        h["X-Gentlenn-Token"] = pg.token
    if data is not None and not isinstance(data, bytes):
        data = json.dumps(data).encode()
        h["Content-Type"] = "application/json"
    req = urllib.request.Request(f"http://127.0.0.1:{pg.port}{path}", data=data, headers=h)
    try:
        with urllib.request.urlopen(req, timeout=30) as r:
            return r.status, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.read()


def wait(browser, condition, seconds=60):
    return WebDriverWait(browser, seconds, poll_frequency=0.1).until(lambda b: condition(b))


def test_every_request_needs_the_token(playground):
    for path in ["/", "/static/app.js", "/api/info", "/api/network/status"]:
        assert request(playground, path, token=False)[0] == 403
        assert request(playground, path, headers={"X-Gentlenn-Token": "guess"}, token=False)[0] == 403
    assert request(playground, "/api/info")[0] == 200
    assert request(playground, f"/?token={playground.token}", token=False)[0] == 200
    # another site's name for this address (DNS rebinding) is refused even with the token
    assert request(playground, "/api/info", headers={"Host": f"evil.example:{playground.port}"})[0] == 403
    status, body = request(playground, "/static/../server.py")
    assert status == 404 and b"def create_app" not in body
    assert playground.server.effective_host == "127.0.0.1" and playground.host == "127.0.0.1"


def test_limits_are_enforced_with_clear_messages(playground):
    def refusal(status, body):  # the page shows "error"; the fields name the setting
        assert status == 400, body
        answer = json.loads(body)
        return answer["argument"], answer["error"]

    argument, error = refusal(*request(playground, "/api/network/train", data={"hidden_nodes": 10_000}))
    assert argument == "hidden_nodes" and error.startswith("hidden_nodes must be") and "1 to 500" in error
    argument, error = refusal(*request(playground, "/api/network/train", data={"epochs": 50}))
    assert argument == "epochs" and "1 to 20" in error
    argument, error = refusal(*request(playground, "/api/slope", data={"dataset": "iris",
                                                                       "species": ["setosa", "setosa"]}))
    assert argument == "species" and "different" in error
    # the server answers 413 as soon as the headers declare too much, before the body is sent (so a
    # client that insists on sending it all may see a broken pipe): declare it and read the answer
    import socket

    with socket.create_connection(("127.0.0.1", playground.port), timeout=30) as sock:
        sock.sendall((f"POST /api/slope HTTP/1.1\r\nHost: 127.0.0.1:{playground.port}\r\n"
                      f"X-Gentlenn-Token: {playground.token}\r\nContent-Type: application/json\r\n"
                      "Content-Length: 3000000\r\nConnection: close\r\n\r\n").encode() + b"x" * 1000)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    assert answer.startswith(b"HTTP/1.1 413") and b"at most 2,000,000" in answer
    from PIL import Image

    png = io.BytesIO()
    Image.new("L", (2000, 2000), 255).save(png, "PNG")
    url = "data:image/png;base64," + base64.b64encode(png.getvalue()).decode()
    status, body = request(playground, "/api/network/query", data={"image": url})
    assert status == 400  # no network yet, or a canvas beyond the limit: refused either way, with words
    assert b"train one or load" in body or b"at most" in body


def test_slope_page_moves_the_line_as_the_core_computes(playground, browser):
    browser.get(playground.url)
    wait(browser, lambda b: b.find_elements(By.ID, "slope-line"))
    browser.execute_script("""
        const set = (id, v) => { const el = document.getElementById(id); el.value = v;
                                 el.dispatchEvent(new Event('change')); };
        set('slope-feature-x', 'petal_length'); set('slope-epochs', '2'); set('slope-seed', '7');
        set('slope-lr', '0.75'); set('slope-margin', '0.2');""")
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#slope-table tbody tr")) == 200)
    for _ in range(5):
        browser.find_element(By.ID, "slope-step").click()
    wait(browser, lambda b: "update 5 of 200" in b.find_element(By.ID, "slope-status").text)
    shown = float(browser.find_element(By.ID, "slope-line").get_attribute("data-slope"))
    d = iris_two_class("petal_length", "sepal_width")
    clf = SlopeClassifier(learning_rate=0.75, margin=0.2, epochs=2, random_state=7).fit(d.iloc[:, :2], d.species)
    assert shown == clf.slopes_[5]
    assert browser.find_element(By.ID, "slope-target").is_displayed()
    rows = browser.find_elements(By.CSS_SELECTOR, "#slope-table tbody tr")
    assert rows[4].get_attribute("class") == "current"
    assert rows[4].find_elements(By.TAG_NAME, "td")[5].text == f"{clf.history_.slope.iloc[4]:.4f}"
    browser.find_element(By.ID, "slope-reset").click()
    assert float(browser.find_element(By.ID, "slope-line").get_attribute("data-slope")) == clf.slopes_[0]
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.find_element(By.ID, "slope-play").click()
    time.sleep(2)
    browser.save_screenshot(str(SHOTS / "playground-slope.png"))
    browser.find_element(By.ID, "slope-play").click()


def draw_a_seven(browser):
    canvas = browser.find_element(By.ID, "net-canvas")
    chain = ActionChains(browser, duration=20)
    chain.move_to_element_with_offset(canvas, -85, -95).click_and_hold()
    for dx, dy in [(45, 0), (45, 0), (45, 0), (45, 0), (-20, 40), (-20, 40), (-20, 40), (-20, 40), (-15, 35)]:
        chain.move_by_offset(dx, dy)
    chain.release().perform()


def test_network_page_trains_draws_and_answers_as_the_core(playground, browser):
    browser.get(playground.url)
    browser.find_element(By.ID, "tab-network").click()
    browser.execute_script("""
        document.getElementById('net-hidden').value = '30';
        document.getElementById('net-epochs').value = '2';
        document.getElementById('net-lr').value = '0.2';""")
    browser.find_element(By.ID, "net-train").click()
    wait(browser, lambda b: b.execute_script("return document.body.dataset.training") == "done", 120)
    assert float(browser.find_element(By.ID, "net-progress").get_attribute("value")) == 1.0
    assert len(browser.find_element(By.ID, "net-curve-line").get_attribute("points").split()) == 2
    # the server trained the same network as the estimator does here
    d = load_mnist("sample")
    clf = NeuralNetworkClassifier(hidden_nodes=30, learning_rate=0.2, epochs=2, input_range=PIXEL_RANGE,
                                  random_state=0).fit(d.X_train, d.y_train, validation_data=(d.X_test, d.y_test))
    server_clf = playground.app.extensions["gentlenn_training"].classifier
    assert np.array_equal(server_clf.network_.wih, clf.network_.wih)
    assert "test accuracy" in browser.find_element(By.ID, "net-status").text
    wait(browser, lambda b: len(b.find_elements(By.CSS_SELECTOR, "#net-backquery canvas")) == 10)

    draw_a_seven(browser)
    wait(browser, lambda b: b.find_element(By.ID, "net-answer").get_attribute("data-answer") is not None, 30)
    time.sleep(0.5)  # the last query (after the pen lifts) is the one to compare
    png = base64.b64decode(browser.execute_script(
        "return document.getElementById('net-canvas').toDataURL('image/png')").split(",", 1)[1])
    pixels = read_digit(io.BytesIO(png), "the canvas", center=True)
    outputs = clf.outputs(pixels[None, :])[0]
    assert browser.find_element(By.ID, "net-answer").get_attribute("data-answer") == str(clf.classes_[outputs.argmax()])
    shown = [float(bar.get_attribute("data-value")) for bar in browser.find_elements(By.CSS_SELECTOR, "#net-bars .bar")]
    np.testing.assert_allclose(shown, outputs, rtol=0, atol=1e-12)
    SHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SHOTS / "playground-network.png"))


def test_save_load_and_cancel(playground, browser):
    status, saved = request(playground, "/api/network/save")
    assert status == 200 and json.loads(saved)["format"]
    boundary = "gentlennboundary"
    form = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"network\"; filename=\"../../etc/x.json\"\r\n"
            f"Content-Type: application/json\r\n\r\n").encode() + saved + f"\r\n--{boundary}--\r\n".encode()
    status, body = request(playground, "/api/network/load", data=form,
                           headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    assert status == 200 and json.loads(body)["classes"] == [str(c) for c in range(10)]
    # a long training, cancelled from the page
    browser.get(playground.url)
    browser.find_element(By.ID, "tab-network").click()
    browser.execute_script("document.getElementById('net-hidden').value = '300';"
                           "document.getElementById('net-epochs').value = '20';")
    browser.find_element(By.ID, "net-train").click()
    wait(browser, lambda b: b.execute_script("return document.body.dataset.training") == "training")
    assert request(playground, "/api/network/train", data={})[0] == 409  # one training at a time
    started = time.monotonic()
    wait(browser, lambda b: b.find_element(By.ID, "net-cancel").is_enabled())
    browser.find_element(By.ID, "net-cancel").click()
    wait(browser, lambda b: b.execute_script("return document.body.dataset.training") == "cancelled", 30)
    assert time.monotonic() - started < 30
    assert "cancelled" in browser.find_element(By.ID, "net-status").text
    status, body = request(playground, "/api/network/status")
    assert json.loads(body)["ready"]  # the loaded network is kept


def test_stopping_stops_everything():
    pg = Playground().start()
    port = pg.port
    assert request(pg, "/api/network/train", data={"hidden_nodes": 200, "epochs": 20})[0] == 202
    time.sleep(0.5)
    pg.stop()
    training = pg.app.extensions["gentlenn_training"]
    assert not training.thread.is_alive() and training.status == "cancelled"
    with pytest.raises(OSError):
        socket.create_connection(("127.0.0.1", port), timeout=2).close()


def test_cli_prints_the_url_and_serves(tmp_path):
    import subprocess
    import sys

    url_file = tmp_path / "url.json"
    proc = subprocess.Popen([sys.executable, "-m", "gentlenn", "playground", "--no-browser", "--url-file",
                             str(url_file)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while not url_file.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        info = json.loads(url_file.read_text())
        assert info["url"].startswith(f"http://127.0.0.1:{info['port']}/?token=")
        with urllib.request.urlopen(info["url"], timeout=10) as r:
            assert b"gentlenn playground" in r.read()
    finally:
        proc.send_signal(2)
        out, _ = proc.communicate(timeout=30)
    assert info["url"] in out and proc.returncode == 0
