"""Opening a page of the app in AppTest, as a first request with URL parameters would."""

from streamlit.testing.v1 import AppTest

from utils.navigation import PAGES


def open_page(page: str, **params) -> AppTest:
    """Run app.py with the query parameters, switch to `page` (a script path) and assert no exception."""
    at = AppTest.from_file("../app.py", default_timeout=60)
    for key, value in params.items():
        at.query_params[key] = value
    at.run()
    if page != PAGES[0].path:
        at.switch_page(page).run()
    assert not at.exception, [e.value for e in at.exception]
    return at
