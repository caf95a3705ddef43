"""What every page says, pinned: the rendered text of each page of the registry under a set of filters, the text of
every table's cells (st.html tables, in order) and every chart's data rows (the Vega-Lite datasets, as sorted JSON),
compared with tests/snapshots/pages.json. A move of code must not change it; an intended change of text updates the
snapshot in the same commit (UPDATE_SNAPSHOTS=1 python -m pytest tests/test_page_snapshots.py)."""

from __future__ import annotations

import json
import os
from html.parser import HTMLParser
from pathlib import Path

import pyarrow as pa
import pytest

from tests.apptest_helpers import new_session, shown_figures
from utils.core.filters import Filters
from utils.core.navigation import PAGES

SNAPSHOT = Path(__file__).parent / "snapshots" / "pages.json"
STATES = [Filters((), 2024, "eur", "fi"), Filters(("VAKA", "HYTE"), 2024, "per_resident", "en"),
          Filters(("OPKOU",), 2023, "eur", "fi")]
KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "text")


class _CellText(HTMLParser):
    """The text of a table's cells, row by row (head and body), as shown."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.rows: list[list[str]] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        elif tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table_lines(at) -> list[str]:
    """Every table the page drew (st.html), in order: its cells' text, row by row."""
    out = []
    for element in at.get("html"):
        if "<table" in element.proto.body:
            parser = _CellText()
            parser.feed(element.proto.body)
            out.append("table: " + json.dumps(parser.rows, ensure_ascii=False))
    return out


def chart_lines(at) -> list[str]:
    """Every chart the page drew, in order: its data rows (inline values and the datasets Streamlit sends as
    Arrow), each as JSON with sorted keys, sorted."""
    out = []
    for element in at.get("vega_lite_chart"):
        spec = json.loads(element.proto.spec)
        rows = list(spec.get("data", {}).get("values", []))
        rows += [r for values in spec.get("datasets", {}).values() for r in values]
        for dataset in element.proto.datasets:
            rows += pa.ipc.open_stream(dataset.data.data).read_all().to_pylist()
        rows.sort(key=lambda r: json.dumps(r, ensure_ascii=False, sort_keys=True))
        out.append("chart: " + json.dumps(rows, ensure_ascii=False, sort_keys=True))
    return out


def page_text(at) -> list[str]:
    out = [f"{kind}: {el.value}" for kind in KINDS for el in getattr(at, kind)]
    out += [f"metric: {m.label} | {m.value} | {m.delta or ''}" for m in shown_figures(at)]
    out += [f"table: {' | '.join(map(str, d.value.columns))} ({len(d.value)} rows)" for d in at.dataframe]
    return [line for line in out if "/_stcore" not in line and "http" not in line] + table_lines(at) + chart_lines(at)


def render_all(page) -> dict[str, list[str]]:
    at = new_session(page.path).run()
    out = {}
    for state in STATES:
        at.session_state["filters"] = state
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        out[f"{state.areas}|{state.year}|{state.measure}|{state.lang}"] = page_text(at)
    return out


@pytest.mark.slow
@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.url_path or "overview")
def test_page_text_is_pinned(page):
    rendered = render_all(page)
    stored = json.loads(SNAPSHOT.read_text(encoding="utf-8")) if SNAPSHOT.exists() else {}
    if os.environ.get("UPDATE_SNAPSHOTS"):
        stored[page.path] = rendered
        SNAPSHOT.write_text(json.dumps(stored, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    assert page.path in stored, "no snapshot yet: run with UPDATE_SNAPSHOTS=1"
    for key, lines in rendered.items():
        assert lines == stored[page.path][key], key
