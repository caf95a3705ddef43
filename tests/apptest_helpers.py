"""Opening a page of the app in AppTest the way a served app opens a deep link (/<url_path>?<query>).

A served app's entry script is app.py (the overview at `/`); the other pages are scripts in pages/. A deep link
is the session's first run, on the page's own script, with the URL's parameters. AppTest does the same when the
page is chosen before the first run (it then finds the page by its file name, which is its URL path). AppTest
cannot take pages/x.py itself as the entry script: the menu's st.page_link("pages/...") resolves against the
entry script's folder, as it does when served.
"""

from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = "app.py"


def new_session(page: str = APP, **params) -> AppTest:
    """A new session whose first run will be `page` (a script path: app.py or pages/x.py) with these parameters."""
    at = AppTest.from_file(str(ROOT / APP), default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    if page != APP:
        at.switch_page(page)
    return at


def open_page(page, **params) -> AppTest:
    """Run `page` (a script path or a PageSpec) as the first request of a session and assert no exception."""
    at = new_session(getattr(page, "path", page), **params).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
