"""Fixtures for the browser tests: a real Streamlit server and Debian's Chromium driven by Playwright (sync API).

Never `playwright install`: the browser is /usr/bin/chromium.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from .helpers import CHROMIUM, CHROMIUM_ARGS, TIMEOUT_MS, Server, goto_rendered, start_server


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


@pytest.fixture
def fresh_app_server(tmp_path_factory) -> str:
    """A server started for this test only, so the test's first request is the server's first request."""
    server = _start(tmp_path_factory, "streamlit-fresh")
    yield server.base_url
    _stop(server)


@pytest.fixture(scope="session")
def browser() -> Browser:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """Factory: new_page(width=1400, height=2400) -> a page in a browser context of its own (own cookies).

    Each page records uncaught JavaScript errors in page.js_errors and JavaScript dialogs (alert, confirm)
    in page.js_dialogs; dialogs are dismissed. The contexts are closed at the end of the test.
    """
    contexts: list[BrowserContext] = []

    def make(width: int = 1400, height: int = 2400) -> Page:
        context = browser.new_context(viewport={"width": width, "height": height}, locale="fi-FI")
        contexts.append(context)
        context.set_default_timeout(TIMEOUT_MS)
        context.set_default_navigation_timeout(TIMEOUT_MS)
        page = context.new_page()
        page.js_errors = []
        page.js_dialogs = []
        page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        page.on("dialog", lambda dialog: (page.js_dialogs.append(f"{dialog.type}: {dialog.message}"),
                                          dialog.dismiss()))
        return page

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """A page at the wide desktop viewport (1400 x 2400), in a context of its own."""
    return new_page()


def pytest_collection_modifyitems(items):
    """Every browser test is slow (a real server and Chromium): `-m "not slow"` leaves them out."""
    for item in items:
        if "/e2e/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.slow)
