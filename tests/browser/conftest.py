"""Real-browser harness: the demo server in a subprocess, driven by Playwright in Debian's Chromium.

Every block's browser test uses these fixtures: ``demo_server`` (a freshly migrated and seeded demo on
its own SQLite file and a free port, one per test module), ``page`` (a new browser context per test), ``sign_in``
and ``open_as``;
and :func:`assert_no_axe_violations` (axe-core at WCAG 2.2 AA) on every view they show.
"""
import contextlib
import os
import socket
import subprocess
import sys
import time
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("SPOC_CHROMIUM", "/usr/bin/chromium")
#: The Redis database of the tests' real celery workers (``DemoServer.celery_worker``).
REDIS = "redis://127.0.0.1:6379/7"
#: What Django's file email backend writes after each message.
EMAIL_SEPARATOR = "\n" + "-" * 79 + "\n"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
]


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class DemoServer:
    """A running demo; ``manage(...)`` runs a management command and ``celery_worker(...)`` a celery worker against
    the same database."""

    def __init__(self, var_dir):
        self.var_dir = Path(var_dir)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = {
            **os.environ, "SPOC_VAR_DIR": str(var_dir), "SPOC_DB": "sqlite", "DJANGO_SETTINGS_MODULE": "demo.settings",
            "PYTHONUNBUFFERED": "1",
        }
        self.process = None

    def manage(self, *args):
        result = subprocess.run(
            [sys.executable, str(ROOT / "demo" / "manage.py"), *args],
            cwd=ROOT, env=self.env, capture_output=True, text=True, check=False,
        )
        if result.returncode:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stdout}\n{result.stderr}")
        return result.stdout

    @contextlib.contextmanager
    def celery_worker(self, settings_module, queue, *options):
        """A real ``celery worker`` of the demo (solo pool) on ``queue`` of :data:`REDIS`, with ``settings_module``
        (given ``SPOC_TEST_REDIS`` and ``SPOC_TEST_QUEUE``) and more command line ``options``; its output in
        ``worker.log`` of the demo's folder. Stopped on leaving."""
        env = {**self.env, "DJANGO_SETTINGS_MODULE": settings_module, "SPOC_TEST_REDIS": REDIS,
               "SPOC_TEST_QUEUE": queue}
        with open(self.var_dir / "worker.log", "w") as log:
            process = subprocess.Popen(
                [sys.executable, "-m", "celery", "-A", "demo", "worker", "--pool=solo", "-Q", queue, *options,
                 "--loglevel=INFO", "--without-gossip", "--without-mingle", "--without-heartbeat"],
                cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
            )
            try:
                yield process
            finally:
                process.terminate()
                process.wait(timeout=20)

    def start(self):
        self.manage("migrate", "--run-syncdb", "-v", "0")
        self.manage("seed_demo")
        # seed_demo sends the reminders due in the seeded data (tests/test_demo_reminders.py reads them): the tests
        # here read only the emails their own steps send.
        for seeded in (self.var_dir / "emails").glob("*.log"):
            seeded.unlink()
        self.log = open(self.var_dir / "server.log", "w")  # noqa: SIM115 - closed in stop()
        self.process = subprocess.Popen(
            [sys.executable, str(ROOT / "demo" / "manage.py"), "runserver", "--noreload", f"127.0.0.1:{self.port}"],
            cwd=ROOT, env=self.env, stdout=self.log, stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                # Not "/": asked while the server starts, the home page's scenario list can stay empty for good; and
                # long enough that a busy machine's first answer is awaited rather than asked for twice.
                urllib.request.urlopen(self.url + "/demo/login/", timeout=60)  # noqa: S310 - local demo server
                return self
            except OSError:
                if self.process.poll() is not None:
                    break
                time.sleep(0.3)
        self.stop()
        raise RuntimeError(f"the demo server did not start:\n{(self.var_dir / 'server.log').read_text()}")

    def emails(self):
        """The messages the demo's file email backend wrote so far, one string each. Django's backend names a file
        by the second and its own ``id()``, which CPython reuses: two connections can append to one file, each
        message followed by a line of 79 dashes."""
        folder = self.var_dir / "emails"
        files = sorted(folder.glob("*.log")) if folder.exists() else []
        return [message for path in files for message in path.read_text().split(EMAIL_SEPARATOR) if message.strip()]

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.terminate()
            self.process.wait(timeout=10)
        self.log.close()


@pytest.fixture(scope="module")
def demo_server(tmp_path_factory):
    """A fresh demo per test module, so that one feature's browser tests never see another's data."""
    server = DemoServer(tmp_path_factory.mktemp("demo-var")).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium package (make system-deps).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, demo_server, request):
    """A page in a new context (its own cookies); a screenshot is kept in test-artifacts/ if the test fails."""
    context = browser.new_context(base_url=demo_server.url, accept_downloads=True, timezone_id="Europe/Paris")
    page = context.new_page()
    page.set_default_timeout(30000)  # the machine may be busy
    yield page
    if getattr(request.node, "rep_call", None) is not None and request.node.rep_call.failed:
        artifacts = ROOT / "test-artifacts"
        artifacts.mkdir(exist_ok=True)
        page.screenshot(path=str(artifacts / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.fixture
def sign_in():
    """``sign_in(page, "alice")`` signs in through the demo's login form (password ``demo``)."""

    def do(page, username, password="demo", next_url="/"):
        page.goto(f"/demo/login/?next={next_url}")
        page.fill("#id_username", username)
        page.fill("#id_password", password)
        page.click("#sign-in")
        page.wait_for_selector("#signed-in-user")

    return do



@pytest.fixture
def open_as(sign_in):
    """``open_as(page, "alice", "/scenario/…/")`` signs in as ``alice``, then opens that page."""

    def do(page, username, path):
        sign_in(page, username)
        page.goto(path)

    return do

#: The rules axe-core runs: WCAG 2.0, 2.1 and 2.2, levels A and AA.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def in_paris(time_element):
    """The words Chromium (en-US) gives a ``<time>``'s instant in Paris: "Dec 8, 2026, 06:00 PM GMT+1"."""
    moment = datetime.fromisoformat(time_element.get_attribute("datetime")).astimezone(ZoneInfo("Europe/Paris"))
    offset = int(moment.utcoffset().total_seconds() // 3600)
    return f"{moment:%b} {moment.day}, {moment:%Y, %I:%M %p} GMT+{offset}"


def submit_with_help_request(block, answer, rating, request):
    """As a learner in the demo's weekly checkpoint (``block``): tick the reading, ``answer`` its question, choose
    ``rating``, ask for help with ``request``, then submit."""
    block.get_by_label("Read the chapter on near-miss reporting").check()
    block.get_by_label("What will you change in your team this week?").fill(answer)
    block.get_by_label(rating, exact=True).check()
    block.get_by_label("I need help").check()
    block.get_by_placeholder("What do you need help with?").fill(request)
    block.get_by_role("button", name="Submit my checkpoint").click()

def assert_no_axe_violations(page, include=None):
    """Run axe-core (bundled by ``axe-playwright-python``) in the page at WCAG 2.2 AA and fail with each violation
    (rule, impact, help, the offending elements) if there is any. ``include``: a CSS selector to check only that
    part of the page (e.g. ``".spoc-block"``, every block on it), else the whole document."""
    from axe_playwright_python.sync_playwright import Axe

    context = {"include": [[include]]} if include else None
    results = Axe().run(page, context=context, options={"runOnly": {"type": "tag", "values": AXE_TAGS},
                                                        "resultTypes": ["violations"]})
    violations = results.response["violations"]
    details = [
        f"{rule['id']} ({rule['impact']}): {rule['help']}\n" + "\n".join(
            f"    {' '.join(map(str, node['target']))}: {node.get('failureSummary', '')}" for node in rule["nodes"])
        for rule in violations
    ]
    assert not violations, f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(details)


def tab_to(page, target, limit=80):
    """Press Tab (keyboard only, no mouse) until ``target`` (a locator) has the focus."""
    for _ in range(limit):
        if target.evaluate("node => node === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{target} never got the focus with Tab")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


