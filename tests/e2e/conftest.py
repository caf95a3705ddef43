"""Fixtures for the browser tests: a real Streamlit server and Debian's Chromium driven by Playwright (sync API).

Never `playwright install`: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import concurrent.futures

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from benchmarks.browser import launch

from .helpers import PHONE_USER_AGENT, TIMEOUT_MS, Server, free_port, goto_rendered, start_server


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "e2e: end-to-end tests in a real browser against a real streamlit server")


_RUNNING: list[Server] = []  # servers alive now; their logs are attached to a failing test's report


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    if report.failed and report.when == "call":
        for server in _RUNNING:
            log = server.log(4000)
            if log:
                report.sections.append((f"streamlit server log ({server.base_url})", log))


def _start(tmp_path_factory: pytest.TempPathFactory, name: str) -> Server:
    log_dir = tmp_path_factory.mktemp(name)
    try:
        server = start_server(log_dir)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    _RUNNING.append(server)
    return server


def _stop(server: Server) -> None:
    _RUNNING.remove(server)
    server.stop()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory, browser) -> str:
    """One server for the whole session; yields its base URL (http://127.0.0.1:<port>).

    It is warmed up first by one browser session on the root page, so the tests that share it see a server
    that has served a visitor, whatever order they run in. A server's very first session is tested on
    purpose, through fresh_app_server.
    """
    server = _start(tmp_path_factory, "streamlit-shared")
    context = browser.new_context(viewport={"width": 1400, "height": 2400})
    try:
        goto_rendered(context.new_page(), server.base_url + "/")
    except AssertionError as error:
        _stop(server)
        pytest.fail(f"the shared server's warm-up visit failed: {error}\n{server.log()}", pytrace=False)
    finally:
        context.close()
    yield server.base_url
    _stop(server)


@pytest.fixture(scope="session")
def _fresh_servers(request, tmp_path_factory):
    """Fresh servers, each started while the test before it runs (a server's start is mostly waiting for its
    imports, which overlaps well with a browser drawing a page). Only as many as the collected tests use.

    They take two loopback ports in turn, so a fresh server has the address of one that served before it: the
    browser pages (kept open, see _page_pool) have Streamlit's static files in their cache, as a returning reader
    has, and do not fetch and compile them again for a new address (a third of a fresh page's load). The server
    itself is new: its first request is the test's page."""
    wanted = [sum(1 for item in request.session.items if "fresh_app_server" in item.fixturenames)]
    pending: list[concurrent.futures.Future] = []
    executor = concurrent.futures.ThreadPoolExecutor(max_workers=1)
    ports = [free_port(), free_port()]  # taken in turn (the next server starts while the last one runs)

    def start_next() -> None:
        if wanted[0] > 0 and not pending:
            wanted[0] -= 1
            ports.reverse()
            pending.append(executor.submit(start_server, tmp_path_factory.mktemp("streamlit-fresh"), port=ports[0]))

    def take() -> Server:
        start_next()
        future = pending.pop()
        start_next()  # the next test's server starts now, while this one is used
        try:
            server = future.result()
        except RuntimeError as error:
            pytest.fail(str(error), pytrace=False)
        _RUNNING.append(server)
        return server

    yield take
    for future in pending:
        future.result().stop()
    executor.shutdown()


@pytest.fixture
def fresh_app_server(_fresh_servers) -> str:
    """A server started for this test only, so the test's first request is the server's first request (its only
    earlier requests are the health checks of its start)."""
    server = _fresh_servers()
    yield server.base_url
    _stop(server)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def _page_pool(browser):
    """Browser pages kept open for the whole session, by viewport: a page that goes to a new address starts a new
    Streamlit session (as a reload does) but keeps the browser's cache and renderer, which makes a page load about
    three times faster than in a new context. A test that needs cookies of its own opens its own context."""
    idle: dict[tuple[int, int, bool], list[Page]] = {}
    contexts: list[BrowserContext] = []
    yield idle, contexts
    for context in contexts:
        context.close()


def _open_page(browser: Browser, contexts: list[BrowserContext], width: int, height: int,
               phone: bool = False) -> Page:
    context = browser.new_context(viewport={"width": width, "height": height}, locale="fi-FI",
                                  user_agent=PHONE_USER_AGENT if phone else None)
    contexts.append(context)
    context.set_default_timeout(TIMEOUT_MS)
    context.set_default_navigation_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    page.on("dialog", lambda dialog: (page.js_dialogs.append(f"{dialog.type}: {dialog.message}"), dialog.dismiss()))
    return page


@pytest.fixture
def new_page(browser, _page_pool):
    """Factory: new_page(width=1400, height=2400, phone=False) -> a browser page of its own for this test, at that
    viewport; with phone=True its browser says it is a phone's (PHONE_USER_AGENT), as the app reads it.

    Each page records uncaught JavaScript errors in page.js_errors and JavaScript dialogs (alert, confirm)
    in page.js_dialogs (both empty when the test gets it); dialogs are dismissed. After the test the page leaves
    the app (about:blank, which ends its Streamlit session) and goes back to the pool.
    """
    idle, contexts = _page_pool
    taken: list[tuple[tuple[int, int, bool], Page]] = []

    def make(width: int = 1400, height: int = 2400, phone: bool = False) -> Page:
        free = idle.setdefault((width, height, phone), [])
        page = free.pop() if free else _open_page(browser, contexts, width, height, phone)
        page.js_errors, page.js_dialogs = [], []
        taken.append(((width, height, phone), page))
        return page

    yield make
    for (width, height, phone), page in taken:
        try:
            page.context.clear_cookies()
            page.goto("about:blank")
            page.set_viewport_size({"width": width, "height": height})
        except Exception:  # noqa: BLE001 - a page that cannot be reset is not reused
            page.context.close()
            continue
        idle[(width, height, phone)].append(page)


@pytest.fixture
def page(new_page) -> Page:
    """A page at the wide desktop viewport (1400 x 2400), in a context of its own."""
    return new_page()


def pytest_collection_modifyitems(items):
    """Every browser test is slow (a real server and Chromium): `-m "not slow"` leaves them out."""
    for item in items:
        if "/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.slow)
