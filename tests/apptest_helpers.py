"""Opening a page of the app in AppTest the way a served app opens a deep link (/<url_path>?<query>).

A served app's entry script is app.py (the overview at `/`); the other pages are scripts in pages/. A deep link
is the session's first run, on the page's own script, with the URL's parameters. AppTest does the same when the
page is chosen before the first run (it then finds the page by its file name, which is its URL path). AppTest
cannot take pages/x.py itself as the entry script: the menu's st.page_link("pages/...") resolves against the
entry script's folder, as it does when served.
"""

from html.parser import HTMLParser
from pathlib import Path

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[1]
APP = "app.py"


def new_session(page: str = APP, root: Path | str = ROOT, **params) -> AppTest:
    """A new session whose first run will be `page` (a script path: app.py or pages/x.py) with these parameters,
    of the app in `root` (the project; a test of broken data passes a copy of it)."""
    at = AppTest.from_file(str(Path(root) / APP), default_timeout=60)
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


def _cell_value(text: str, raw: str | None, numeric: bool):
    """A body cell's value: its raw data-value as a number, else the text shown; an empty number cell is missing."""
    if raw is not None:
        return float(raw) if any(c in raw for c in ".en") else int(raw)
    return None if numeric else text


class _TableParser(HTMLParser):
    """Collects a table's header texts in `columns` and its body rows' cell values in `rows`."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.columns: list[str] = []
        self.rows: list[list] = []
        self.cell = None  # [text parts, raw value or None, is a number cell] of the open cell
        self.in_head = False

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "thead":
            self.in_head = True
        elif tag == "tr" and not self.in_head:
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = [[], attrs.get("data-value"), "n" in (attrs.get("class") or "").split()]

    def handle_endtag(self, tag):
        if tag == "thead":
            self.in_head = False
        elif tag in ("th", "td") and self.cell is not None:
            text = "".join(self.cell[0])
            if self.in_head:
                self.columns.append(text)
            else:
                self.rows[-1].append(_cell_value(text, self.cell[1], self.cell[2]))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell[0].append(data)


class ShownTable:
    """One table a page showed (utils/tables.table: an HTML table through st.html), read back as a pandas DataFrame in
    `.value`: column names from its header, numbers from each cell's data-value (the raw value), other cells as
    the text shown ("–" where empty)."""

    def __init__(self, html: str):
        import pandas as pd

        parser = _TableParser()
        parser.feed(html)
        self.value = pd.DataFrame(parser.rows, columns=parser.columns)


def shown_tables(at: AppTest) -> list[ShownTable]:
    """The tables of the page, in order (see ShownTable)."""
    return [ShownTable(h.proto.body) for h in at.get("html") if '<table class="xt"' in h.proto.body]


class ShownFigure:
    """One key figure a page showed (blocks.figures: a description list through st.html): label, value, delta
    (its difference in words, or None) and note (or None), as the text shown."""

    def __init__(self, label: str, value: str, delta: str | None, note: str | None):
        self.label, self.value, self.delta, self.note = label, value, delta, note


class _FigureParser(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.figures: list[dict] = []
        self.field = None

    def handle_starttag(self, tag, attrs):
        if tag == "div":
            self.figures.append({})
        elif tag == "dt":
            self.field = "label"
        elif tag == "dd":
            self.field = {"v": "value", "d": "delta", "n": "note"}[dict(attrs).get("class")]

    def handle_endtag(self, tag):
        if tag in ("dt", "dd"):
            self.field = None

    def handle_data(self, data):
        if self.field is not None:
            self.figures[-1][self.field] = self.figures[-1].get(self.field, "") + data


def shown_figures(at: AppTest) -> list[ShownFigure]:
    """The key figures of the page, in order (see ShownFigure)."""
    out = []
    for h in at.get("html"):
        if '<dl class="kf">' in h.proto.body:
            parser = _FigureParser()
            parser.feed(h.proto.body.split('<dl class="kf">', 1)[1])
            out += [ShownFigure(f.get("label", ""), f.get("value", ""), f.get("delta"), f.get("note"))
                    for f in parser.figures]
    return out


def open_boxes(at: AppTest, prefix: str = "dl-box-") -> AppTest:
    """Open every keyed expander whose key starts with `prefix` (the download boxes, built only when opened, as a
    click on one does: a rerun) and rerun."""
    keys = [e.proto.id.split("-", 2)[2] for e in at.expander if e.proto.id and prefix in e.proto.id]
    for key in keys:
        at.session_state[key] = True
    return at.run()
