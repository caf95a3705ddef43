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


class ShownTable:
    """One table a page showed (utils/tables.table: an HTML table through st.html), read back as a pandas DataFrame in
    `.value`: column names from its header, numbers from each cell's data-value (the raw value), other cells as
    the text shown ("–" where empty)."""

    def __init__(self, html: str):
        from html.parser import HTMLParser

        import pandas as pd

        columns: list[str] = []
        rows: list[list] = []

        class Parser(HTMLParser):
            cell = None  # [text parts, raw value or None] of the open cell
            in_head = False

            def handle_starttag(self, tag, attrs):
                attrs = dict(attrs)
                if tag == "thead":
                    self.in_head = True
                elif tag == "tr" and not self.in_head:
                    rows.append([])
                elif tag in ("th", "td"):
                    self.cell = [[], attrs.get("data-value"), "n" in (attrs.get("class") or "").split()]

            def handle_endtag(self, tag):
                if tag == "thead":
                    self.in_head = False
                elif tag in ("th", "td") and self.cell is not None:
                    text, raw = "".join(self.cell[0]), self.cell[1]
                    if self.in_head:
                        columns.append(text)
                    else:
                        if raw is not None:
                            value = float(raw) if any(c in raw for c in ".en") else int(raw)
                        else:
                            value = None if self.cell[2] else text  # an empty number cell is a missing value
                        rows[-1].append(value)
                    self.cell = None

            def handle_data(self, data):
                if self.cell is not None:
                    self.cell[0].append(data)

        Parser(convert_charrefs=True).feed(html)
        self.value = pd.DataFrame(rows, columns=columns)


def shown_tables(at: AppTest) -> list[ShownTable]:
    """The tables of the page, in order (see ShownTable)."""
    return [ShownTable(h.proto.body) for h in at.get("html") if '<table class="xt"' in h.proto.body]
