#!/usr/bin/python3
"""The admin console in a real browser (Debian's chromium and chromium-driver,
driven by python3-selenium), against a running gateway and simulator.

    Tests/Browser/console_test.py BIN [SCREENSHOT_DIR]

BIN is the sniffer-bridge executable. The gateway files CI failures into the
Sniffer simulator; the simulator refuses the first call, so the first
delivery becomes a dead letter (max_attempts = 1). The test signs in with an
operate token, sees the dead letter, retries it, sees the bug in the
simulator; then signs in with a read token and finds no retry button, and a
retry it sends anyway refused with 403. It checks focus, labels and landmarks
on the way, and that a phone-width window needs no sideways scrolling. With
SCREENSHOT_DIR, the three main pages are saved there as PNG files.

Exits 0 and prints "N passed, 0 failed" when every check holds.
"""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request

from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

OPERATE = "console-operate-token"
READ = "console-read-token"
CI_TOKEN = "console-ci-token"
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

checks = 0


def check(condition, message):
    global checks
    if not condition:
        raise AssertionError(message)
    checks += 1


def wait_until(what, predicate, timeout=20.0):
    """Polls `predicate` (every 50 ms) until it is true; fails naming `what`."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(0.05)
    raise AssertionError("timed out waiting until " + what)


def start(arguments, folder, name):
    """Starts a child that prints one JSON line first; returns it and that line."""
    log = open(os.path.join(folder, name + ".log"), "w")
    child = subprocess.Popen(arguments, cwd=folder, stdout=subprocess.PIPE, stderr=log, text=True)
    line = child.stdout.readline()
    if not line:
        raise AssertionError(name + " printed nothing; see " + log.name)
    return child, json.loads(line)


def call(method, url, token=None, body=None, header="Authorization"):
    """One JSON call; `token` goes in `header` (as a bearer token in Authorization)."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url, data=data, method=method)
    if token:
        request.add_header(header, "Bearer " + token if header == "Authorization" else token)
    if body is not None:
        request.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def config(folder, sim):
    mapping = os.path.join(folder, "ci.toml")
    shutil.copy(os.path.join(ROOT, "mappings", "ci-generic.toml"), mapping)
    text = f"""mappings = ["ci.toml"]
[server]
listen = "127.0.0.1:0"
[store]
path = "data"
durability = "os"
[sniffer]
base_url = "http://{sim['listen']}"
token = "{sim['token']}"
project = "{sim['project']}"
[sniffer.breaker]
enabled = false
[retry]
max_attempts = 1
[sources.ci]
tokens = ["{CI_TOKEN}"]
[admin]
tokens = [
  {{ name = "oncall", token = "{OPERATE}", scope = "operate" }},
  {{ name = "dashboard", token = "{READ}", scope = "read" }},
]
"""
    path = os.path.join(folder, "bridge.toml")
    with open(path, "w") as file:
        file.write(text)
    return path


def browser():
    options = Options()
    options.binary_location = shutil.which("chromium") or "/usr/bin/chromium"
    for argument in ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--window-size=1280,900"]:
        options.add_argument(argument)
    service = Service(shutil.which("chromedriver") or "/usr/bin/chromedriver")
    return webdriver.Chrome(service=service, options=options)


def sign_in(driver, base, token):
    driver.get(base + "/admin/#/events")
    field = WebDriverWait(driver, 10).until(EC.visibility_of_element_located((By.ID, "token")))
    label = driver.find_element(By.CSS_SELECTOR, "label[for=token]")
    check("Admin token" in label.text, "the token field has a label")
    check(driver.switch_to.active_element == field, "the token field has the focus")
    field.send_keys(token)
    field.submit()
    WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.ID, "who"), "Signed in as"))


def open_view(driver, hash_, title):
    driver.execute_script("location.hash = arguments[0]", hash_)
    WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.ID, "title"), title))
    check(driver.switch_to.active_element.get_attribute("id") == "title", f"{hash_}: the heading takes the focus")


def main():
    binary = sys.argv[1]
    shots = sys.argv[2] if len(sys.argv) > 2 else None
    folder = tempfile.mkdtemp(prefix="console-test-")
    children = []
    driver = None
    try:
        # The simulator refuses the first call: the first delivery is a dead letter.
        fault = json.dumps({"route": "*", "status": 400, "times": 1})
        sim_child, sim = start([binary, "sim", "--listen", "127.0.0.1:0", "--fault", fault], folder, "sim")
        children.append(sim_child)
        config(folder, sim)
        # A relative config path: the rules' locations read `ci.toml:9:1`, as an operator's would.
        gateway_child, gateway = start([binary, "serve", "--config", "bridge.toml"], folder, "serve")
        children.append(gateway_child)
        base = "http://" + gateway["listen"]
        sim_base = "http://" + sim["listen"]
        failure = {"pipeline": "deploy", "status": "failure", "url": "https://ci.invalid/deploy/1", "run_id": 1, "branch": "main"}
        request = urllib.request.Request(base + "/hooks/ci", data=json.dumps(failure).encode(), method="POST")
        request.add_header("Authorization", "Bearer " + CI_TOKEN)
        request.add_header("Content-Type", "application/json")
        request.add_header("Idempotency-Key", "console-run-1")
        with urllib.request.urlopen(request, timeout=10) as response:
            check(response.status == 202, "the gateway stored the CI failure")
        wait_until("the delivery is a dead letter",
                   lambda: call("GET", base + "/admin/api/v1/deliveries?state=dead", OPERATE)[1]["deliveries"])

        driver = browser()
        sign_in(driver, base, OPERATE)
        check(driver.find_elements(By.TAG_NAME, "main") and driver.find_elements(By.TAG_NAME, "nav"), "landmarks")
        open_view(driver, "#/events", "Recent events")
        check(len(driver.find_elements(By.CSS_SELECTOR, "tbody tr")) == 1, "the event is listed")
        check(driver.find_element(By.CSS_SELECTOR, "label[for=filter-source]").text.startswith("Source"), "filters are labelled")
        if shots:
            driver.save_screenshot(os.path.join(shots, "console-events.png"))

        open_view(driver, "#/dead", "Dead letters")
        rows = driver.find_elements(By.CSS_SELECTOR, "tbody tr")
        check(len(rows) == 1 and "400" in rows[0].text, "the failed delivery is a dead letter with Sniffer's answer")
        if shots:
            driver.save_screenshot(os.path.join(shots, "console-dead-letters.png"))
        # By keyboard: the button is reachable and Enter presses it.
        retry = driver.find_element(By.CSS_SELECTOR, "button[aria-label^='Retry delivery']")
        check(retry.text == "Retry" and retry.get_attribute("aria-label") == "Retry delivery 1", "the retry button names its delivery")
        retry.send_keys(Keys.ENTER)
        WebDriverWait(driver, 10).until(EC.text_to_be_present_in_element((By.ID, "announce"), "queued again"))
        def bugs_in_simulator():
            _, answer = call("GET", f"{sim_base}/bugs?page=1&size=10&project={sim['project']}", sim["token"], header="api-token")
            # Sniffer's envelope: {"status": 200, "data": {"localData": {"items": [...]}}}.
            page = ((answer or {}).get("data") or {}).get("localData") or {}
            return page.get("items")
        bugs = wait_until("the simulator has the bug", bugs_in_simulator)
        check(len(bugs) == 1, "the retried delivery filed one bug in the simulator")
        wait_until("the delivery is done", lambda: call("GET", base + "/admin/api/v1/deliveries?state=done", OPERATE)[1]["deliveries"])

        event_id = call("GET", base + "/admin/api/v1/events", OPERATE)[1]["events"][0]["id"]
        open_view(driver, f"#/events/{event_id}", f"Event {event_id}")
        page = driver.find_element(By.ID, "main").text
        check("ci-pipeline-failed" in page and "matched" in page, "the event page shows the rule that matched")
        check("ci-pipeline-recovered" in page and "skipped" in page, "and the one that did not, and why")
        check("dead" in page and "done" in page, "each attempt: the dead one and the delivered one")
        check("\"pipeline\": \"deploy\"" in page, "the payload")
        if shots:
            driver.save_screenshot(os.path.join(shots, "console-event.png"))

        open_view(driver, "#/status", "Sources and targets")
        check("sniffer" in driver.find_element(By.ID, "main").text, "the targets with their breakers")
        if shots:
            driver.save_screenshot(os.path.join(shots, "console-status.png"))

        # A read token: no write buttons anywhere, and a write sent anyway is refused.
        driver.find_element(By.ID, "signout").click()
        WebDriverWait(driver, 10).until(EC.visibility_of_element_located((By.ID, "token")))
        sign_in(driver, base, READ)
        open_view(driver, f"#/events/{event_id}", f"Event {event_id}")
        buttons = [b.text for b in driver.find_elements(By.CSS_SELECTOR, "main button")]
        check(not any("Retry" in b or "Drop" in b or "Replay" in b for b in buttons), f"a read token sees no write button: {buttons}")
        open_view(driver, "#/dead", "Dead letters")
        check(not driver.find_elements(By.CSS_SELECTOR, "main button[aria-label^='Retry']"), "no retry button for a read token")
        status = driver.execute_async_script("""
            const done = arguments[arguments.length - 1];
            fetch('/admin/api/v1/deliveries/1/retry', {method: 'POST', headers: {Authorization: 'Bearer ' + sessionStorage.getItem('sniffer-bridge-admin-token')}})
              .then((response) => done(response.status));
        """)
        check(status == 403, f"a read token cannot retry (got {status})")

        # At a phone's width the page needs no sideways scrolling; wide tables scroll in their own box.
        driver.set_window_size(390, 844)
        open_view(driver, "#/events", "Recent events")
        width = driver.execute_script("return [document.documentElement.scrollWidth, window.innerWidth]")
        check(width[0] <= width[1] + 1, f"no sideways scrolling at phone width: {width}")
        print(f"{checks} passed, 0 failed")
        return 0
    except AssertionError as error:
        print(f"console test: {error}", file=sys.stderr)
        if driver is not None:
            driver.save_screenshot(os.path.join(folder, "failure.png"))
            print(f"console test: screenshot and logs in {folder}", file=sys.stderr)
        print(f"{checks} passed, 1 failed")
        return 1
    finally:
        if driver is not None:
            driver.quit()
        for child in children:
            child.terminate()
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()


if __name__ == "__main__":
    sys.exit(main())
