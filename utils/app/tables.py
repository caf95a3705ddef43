"""Tables and charts as the pages draw them, with their downloads: number formats of the chosen language, HTML
tables readable on a phone, chart specs built once per data (data.chart_spec), CSV, Excel, PNG, SVG and the
profile's PDF built in the export worker (utils/app/exports.py)."""

from __future__ import annotations

import polars as pl
import streamlit as st

from utils.app import data, exports
from utils.app.frame import box_if_open, lang, t
from utils.core import settings
from utils.core.fi_numbers import decimals_needed, format_eur, format_number, format_pct


def eur(value, decimals: int = 0) -> str:
    return format_eur(value, decimals, lang())


def pct(value, decimals: int = 2) -> str:
    return format_pct(value, decimals, lang())


def num(value, decimals: int = 0) -> str:
    return format_number(value, decimals, lang())


_FORMATTERS = {
    "eur": lambda v, lg: format_eur(v, 0, lg),
    "eur2": lambda v, lg: format_eur(v, 2, lg),
    "pct": lambda v, lg: format_pct(v, 2, lg),
    "pct1": lambda v, lg: format_pct(v, 1, lg),
    "int": lambda v, lg: format_number(v, 0, lg),
    "eur_signed": lambda v, lg: _signed(v, format_eur(abs(v), 0, lg)),
    "eur2_signed": lambda v, lg: _signed(v, format_eur(abs(v), 2, lg)),
    "pct1_signed": lambda v, lg: _signed(v, format_pct(abs(v), 1, lg)),
    "num": lambda v, lg: format_number(v, 2, lg),
}


def _signed(value, magnitude: str) -> str:
    """A difference with its sign always shown: '+253 543 €', '−253 543 €' (U+2212), '0 €'."""
    return ("+" if value > 0 else "\u2212" if value < 0 else "") + magnitude


# One layout for every screen, chosen by constant CSS (no script): a real HTML table that wraps its text where it
# has room; where its column of the page is narrower than the table with every word whole (_narrowest_px, at
# least 640 px: a phone, or one of two columns on a laptop; a container query, with a media query for browsers
# without them), each row becomes a block with its name (the
# row's header cell) on top and every figure under it, labelled with its column's name, so no column is hidden
# and nothing scrolls sideways. All rows are always shown. Plain HTML through st.html (about 30 kB of code,
# loaded once): st.dataframe would load about 1.2 MB of grid code on every page with a table, draws on a canvas a
# screen reader cannot read, and hides columns on a phone behind a sideways scroll (issue 12).
_CARDS = """table.xt thead{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
table.xt,table.xt tbody,table.xt tr,table.xt th,table.xt td{display:block;width:auto}
table.xt tr{border-bottom:2px solid #8a94a3;padding:.3rem 0;display:flex;flex-direction:column}
table.xt tbody th{border:0;padding:.2rem 0;order:-1}
table.xt td,table.xt td.n{display:flex;justify-content:space-between;gap:1rem;border:0;padding:.1rem 0;text-align:right;
white-space:normal}
table.xt td::before{content:attr(data-label);text-align:left;color:#4a5260;flex:1 1 50%}"""


TABLE_CSS = """<style>
.xt-wrap{container-type:inline-size;margin:0 0 .5rem 0}
table.xt{border-collapse:collapse;width:100%;font-size:.9rem;line-height:1.35}
table.xt th,table.xt td{border-bottom:1px solid #d9dde3;padding:.35rem .5rem;text-align:left;vertical-align:top}
table.xt thead th{border-bottom:2px solid #8a94a3;font-weight:600;background:#f2f4f7}
table.xt tbody th{font-weight:600}
table.xt td.n,table.xt th.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
table.xt thead th.n{white-space:normal}
table.xt .brk{overflow-wrap:anywhere}
</style>"""
CARDS_MIN_PX = 640  # at most this wide, every table is blocks
CHAR_PX, CELL_PX = 7.2, 17  # a character of the table's font (.9rem) at most, and a cell's padding and border
LONG_TOKEN = 24  # characters: a longer unbroken token (a checksum, an address) may break anywhere


def _cards_css(threshold: int) -> str:
    """The blocks layout for tables of class xt-c<threshold>: where their column of the page is at most that wide
    (a container query; a media query where container queries are not supported)."""
    rules = _CARDS.replace("table.xt", f".xt-c{threshold} table.xt")
    return (f"<style>@container (max-width:{threshold}px){{{rules}}}"
            f"@supports not (container-type:inline-size){{@media (max-width:{threshold}px){{{rules}}}}}</style>")


def _narrowest_px(columns: list[str], cells: list[list[str]], numeric: set[str]) -> int:
    """How wide the table must be with every word whole: per column its longest word (a number is one word),
    header included; a long token that may break anywhere counts as LONG_TOKEN characters."""
    total = 0.0
    for i, column in enumerate(columns):
        words = column.split()
        for row in cells:
            words += [row[i]] if column in numeric else row[i].split()
        longest = max((min(len(w), LONG_TOKEN) for w in words), default=1)
        total += longest * CHAR_PX + CELL_PX
    return int(total)


def _cell(value, kind: str | None, language: str) -> tuple[str, str | None]:
    """(text shown, machine-readable value or None) of one cell."""
    if value is None or (isinstance(value, float) and value != value):
        return MISSING_CELL, None
    if kind is not None:
        return _FORMATTERS[kind](value, language), repr(value)
    if isinstance(value, bool):
        return str(value), None
    if isinstance(value, int):
        return format_number(value, 0, language), str(value)
    if isinstance(value, float):
        return format_number(value, decimals_needed(value), language), repr(value)
    return str(value), None


MISSING_CELL = "–"


def _row_header(df: pl.DataFrame, numeric: set[str]) -> int:
    """The column that names each row (its header cell, shown on top of the row's block on a phone): of the
    first three text columns, the one with the most distinct values (a column that repeats one area on every
    row names nothing); the first column if there is no text column."""
    text = [i for i, c in enumerate(df.columns[:3]) if c not in numeric]
    if not text or df.is_empty():
        return 0
    return max(text, key=lambda i: (df[df.columns[i]].n_unique(), -i))


def table_html(df: pl.DataFrame, formats: dict[str, str] | None, language: str,
               links: dict[str, list[str]] | None = None) -> str:
    """The table as HTML: every text escaped; the cell of the column that names the rows (_row_header) is each
    row's header; numbers right-aligned, formatted in the chosen language, their raw value in data-value; each cell
    names its column in data-label (shown beside the figure on a phone). `links`: column -> each row's address
    (built by the app from known values, escaped all the same): that column's cells link there."""
    from html import escape

    formats, links = formats or {}, links or {}
    columns = df.columns
    numeric = {c for c, dtype in df.schema.items() if dtype.is_numeric()}
    key = _row_header(df, numeric)
    number_class = ' class="n"'
    head = "".join(f'<th scope="col"{number_class if c in numeric else ""}>{escape(c)}</th>' for c in columns)
    shown = [[_cell(value, formats.get(column), language) for column, value in zip(columns, row)]
             for row in df.iter_rows()]
    rows = []
    for n, row in enumerate(shown):
        cells = []
        for i, (column, (text, raw)) in enumerate(zip(columns, row)):
            attrs = f' data-label="{escape(column)}"'
            if column in numeric:
                attrs += ' class="n"' + (f' data-value="{escape(raw)}"' if raw is not None else "")
            elif any(len(w) > LONG_TOKEN for w in text.split()):
                attrs += ' class="brk"'
            tag = "th" if i == key else "td"
            scope = ' scope="row"' if i == key else ""
            shown_text = escape(text)
            if column in links and links[column][n]:
                shown_text = f'<a href="{escape(links[column][n])}" target="_self">{shown_text}</a>'
            cells.append(f"<{tag}{scope}{attrs}>{shown_text}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    # blocks where the page's column is narrower than the table with whole words (at least CARDS_MIN_PX): so a
    # wide table never runs off the page and no word is cut in two
    threshold = max(CARDS_MIN_PX, _narrowest_px(columns, [[text for text, _ in row] for row in shown], numeric))
    return (f'{TABLE_CSS}{_cards_css(threshold)}<div class="xt-wrap xt-c{threshold}"><table class="xt"><thead><tr>'
            f"{head}</tr></thead><tbody>{''.join(rows)}</tbody></table></div>")


def table(df: pl.DataFrame, formats: dict[str, str] | None = None, links: dict[str, list[str]] | None = None,
          name: str | None = None) -> None:
    """A table with fixed number formats of the chosen language, whatever the browser's language, every row
    shown, readable on a phone (see TABLE_CSS). With a `name`, the table as shown can be downloaded as CSV and
    Excel (built only when asked for)."""
    language = lang()
    st.html(table_html(df, formats, language, links))
    if name:
        _table_downloads(df, name, language)


def _table_downloads(df: pl.DataFrame, name: str, language: str) -> None:
    # built once per content in the export worker, then handed out (utils/app/exports.py); one at a time per session
    session = exports.session_key()
    # an expander, not a popover: Tab from a popover's trigger closes it, so its buttons cannot be reached with
    # the keyboard alone (issue 12); an expander's summary opens with Enter and its buttons follow in tab order
    box = box_if_open(t("app.download_table"), f"dl-box-{name}-table")  # a page has several, three elements each
    if box is None:
        return
    with box:
        st.download_button(t("app.download_csv"), data=lambda: exports.table_export(df, "csv", session, lang=language),
                           file_name=f"{name}.csv", mime="text/csv", key=f"dl-{name}-csv", on_click="ignore",
                           icon=":material/table:")
        st.download_button(t("app.download_xlsx"), data=lambda: exports.table_export(df, "xlsx", session, sheet=name),
                           file_name=f"{name}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"dl-{name}-xlsx", on_click="ignore", icon=":material/table:")
        st.caption(t("downloads.one_at_a_time"))


def chart(factory, *args, name: str | None = None, **kwargs) -> None:
    """Draw `factory(*args, **kwargs)` (a chart factory of utils/charts/). Its spec is built once per data and
    arguments (data.chart_spec): building altair charts is the costliest part of a rerun. With a `name`, the chart
    can be downloaded as PNG and SVG rendered on the server, when asked for."""
    spec, shown = data.chart_spec(f"{factory.__module__}.{factory.__qualname__}", factory, *args, **kwargs)
    st.vega_lite_chart(shown, width="stretch")
    if name:
        session = exports.session_key()  # rendered once per spec in the export worker (utils/app/exports.py)
        box = box_if_open(t("app.download_chart"), f"dl-box-{name}-chart")
        if box is None:
            return
        with box:
            st.download_button(t("app.download_png"), data=lambda: exports.chart_export(spec, "png", session),
                               file_name=f"{name}.png", mime="image/png", key=f"dl-{name}-png", on_click="ignore",
                               icon=":material/image:")
            st.download_button(t("app.download_svg"), data=lambda: exports.chart_export(spec, "svg", session),
                               file_name=f"{name}.svg", mime="image/svg+xml", key=f"dl-{name}-svg",
                               on_click="ignore", icon=":material/image:")
            st.caption(t("downloads.one_at_a_time"))


def _server_origin() -> str:
    host, port = st.get_option("browser.serverAddress"), st.get_option("browser.serverPort")
    return f"http://{host}" + ("" if port in (80, None) else f":{port}")


def report_download(area: str, label: str | None = None) -> None:
    """"Download as PDF": the printable profile of `area` (ALL: the whole sector) in the chosen language, built once
    per area, language and data version in the export worker (utils/app/exports.py, utils/report/)."""
    language = lang()
    session = exports.session_key()
    # the report's link: the deployment's public address (config/profile.toml), else the address Streamlit tells
    # browsers to use (browser.serverAddress / serverPort). Never the visitor's Host header: a client could send any,
    # and each would be another report to build
    origin = settings.profile_settings()["report"].get("public_url") or _server_origin()
    version = data.data_version()
    st.download_button(
        label or t("profile.download_pdf"),
        data=lambda: exports.report_export(area, language, origin, version, session),
        file_name=settings.report_file_name(area, language), mime="application/pdf",
        on_click="ignore", icon=":material/picture_as_pdf:", key=f"dl-profile-pdf-{area}",
    )


def labels(values, kind: str = "eur", decimals: int | None = None, signed: bool = False) -> pl.Series:
    """Formatted labels for chart text, built here in the script's thread (polars' worker threads cannot see
    the session, and so would not know the chosen language). `decimals` overrides the kind's own; `signed`
    always shows the sign (a difference)."""
    language = lang()
    if signed and decimals is None and f"{kind}_signed" in _FORMATTERS:
        fmt = _FORMATTERS[f"{kind}_signed"]
    elif decimals is None:
        fmt = _FORMATTERS[kind]
    else:
        fmt = (lambda v, lg: format_number(v, decimals, lg)) if kind == "num" else (
            lambda v, lg: format_eur(v, decimals, lg))
    return pl.Series([("–" if v is None else fmt(v, language)) for v in values], dtype=pl.String)
