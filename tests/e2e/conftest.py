"""Browser tests: one Chromium for all of tests/e2e, a fresh context per test, and recorders for what must not happen.

Chromium comes from the system (apt-get install chromium), never from `playwright install`. Without it the
browser tests are skipped loudly, or fail when CI is set.
"""

import os
import warnings
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from tests.e2e.pages import log_in

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]
DESKTOP = {"width": 1280, "height": 800}
MOBILE = {"width": 360, "height": 740}
HERE = Path(__file__).parent
_skipped = []


def pytest_collection_modifyitems(config, items):
    for item in items:
        if HERE in item.path.parents and "browser" in item.fixturenames:
            item.add_marker(pytest.mark.browser)


def pytest_terminal_summary(terminalreporter):
    if _skipped:
        terminalreporter.write_sep("!", _skipped[0], red=True, bold=True)


def _in_ci():
    return os.environ.get("CI", "").strip().lower() in {"true", "1"}


@pytest.fixture(scope="package")
def browser():
    """One Chromium for all browser tests. Package-scoped, not session-scoped: Playwright's sync API keeps an
    asyncio loop running in this thread, beside which Django refuses database access unless
    DJANGO_ALLOW_ASYNC_UNSAFE is set. Both end with tests/e2e, so the tests after it (and the subprocesses they
    start, such as `manage.py check --deploy`, which warns about that variable) run as usual."""
    if not Path(CHROMIUM).is_file():
        reason = (
            f"BROWSER TESTS SKIPPED: Chromium not found at {CHROMIUM} — install it with apt-get install chromium "
            "(or point the CHROMIUM environment variable at it)"
        )
        if _in_ci():
            pytest.fail(reason.replace("SKIPPED", "CANNOT RUN") + "; CI is set, so they must run.", pytrace=False)
        _skipped.append(reason)
        warnings.warn(reason, pytest.PytestWarning, stacklevel=1)
        pytest.skip(reason)

    from playwright.sync_api import sync_playwright

    with pytest.MonkeyPatch.context() as monkeypatch, sync_playwright() as playwright:
        monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def viewport():
    """Override with @pytest.mark.parametrize("viewport", [MOBILE, DESKTOP]) to test another width."""
    return DESKTOP


# Every page reports what its Content-Security-Policy blocked. An init script runs by the DevTools protocol, outside
# the CSP it watches; with JavaScript off it does not run, and Chromium's console message still tells.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => window.__cspViolation(
  `${event.effectiveDirective} blocked ${event.blockedURI || "inline"}${event.sample ? ` "${event.sample}"` : ""}` +
  ` (at ${event.sourceFile || event.documentURI}:${event.lineNumber})`
), true);
"""


class Recorder:
    """Collects console errors, uncaught page errors, requests to any host but the live server and CSP violations."""

    def __init__(self, live_server_url):
        self.origin = urlsplit(live_server_url)[:2]
        self.console_errors = []
        self.page_errors = []
        self.foreign_requests = []
        self.csp_violations = []
        self._expected_failures = set()

    def watch(self, context):
        context.on("console", self._on_console)
        context.on("weberror", lambda web_error: self.page_errors.append(str(web_error.error)))
        context.on("request", self._on_request)
        context.expose_binding("__cspViolation", lambda _source, text: self.csp_violations.append(text))
        context.add_init_script(CSP_LISTENER)

    def expect_failed_load(self, url):
        """Chromium logs a console error for every 4xx/5xx response; a deliberate 404 is not a problem."""
        self._expected_failures.add(url)

    def _on_console(self, message):
        if "Content Security Policy" in message.text:
            self.csp_violations.append(message.text)
            return
        if message.type != "error":
            return
        url = message.location.get("url", "")
        if message.text.startswith("Failed to load resource") and url in self._expected_failures:
            return
        self.console_errors.append(f"{message.text} (at {url})")

    def _on_request(self, request):
        scheme, netloc = urlsplit(request.url)[:2]
        if scheme in {"data", "blob", "about"} or (scheme, netloc) == self.origin:
            return
        self.foreign_requests.append(f"{request.method} {request.url}")

    def problems(self):
        return (
            [f"console error: {text}" for text in self.console_errors]
            + [f"uncaught page error: {text}" for text in self.page_errors]
            + [f"request to a host other than the test server: {url}" for url in self.foreign_requests]
            + [f"Content-Security-Policy violation: {text}" for text in self.csp_violations]
        )

    def assert_clean(self):
        if problems := self.problems():
            pytest.fail("\n".join(problems), pytrace=False)


@pytest.fixture
def recorder(live_server):
    """The CSP violations fail every browser test, also one that never asks assert_clean()."""
    recorder = Recorder(live_server.url)
    yield recorder
    if recorder.csp_violations:
        pytest.fail("Content-Security-Policy violations:\n" + "\n".join(recorder.csp_violations), pytrace=False)


@pytest.fixture
def page(browser, live_server, viewport, recorder):
    """A page in a fresh browser context: own cookies, German locale, relative URLs go to the live server."""
    context = browser.new_context(viewport=viewport, base_url=live_server.url, locale="de-DE")
    context.set_default_timeout(10_000)
    recorder.watch(context)
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def share_session(client, page, live_server):
    """share_session() hands the cookies of pytest-django's `client` (session, CSRF, messages) to the browser.

    Prepare server-side state with the test client (log in, start a flow), then let the browser continue it.
    """

    def share_session():
        page.context.add_cookies(
            [{"name": name, "value": morsel.value, "url": live_server.url} for name, morsel in client.cookies.items()]
        )

    return share_session


@pytest.fixture
def sign_in(client, share_session):
    """sign_in(user) logs the user in through the real log-in form (by the test client) and shares the session."""

    def sign_in(user):
        log_in(client, user)
        share_session()

    return sign_in
