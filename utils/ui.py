"""Small shared widgets: the sidebar filters and their URL, language, source captions, quotes, tables with
downloads, charts with downloads, citations. Everything the app writes goes through t() (locales/<lang>/)."""

from __future__ import annotations

import hashlib
import re
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

import polars as pl
import streamlit as st

from utils import claims, data, exports, i18n, profile
from utils.fi_numbers import format_eur, format_meur, format_number, format_pct
from utils.filters import AREAS, DEFAULT_LANG, LANGS, MEASURES, YEARS, Filters, parse_params, to_params
from utils.loading import REBUILD, DataError
from utils.navigation import PAGES, groups

KNOWN_PARAMS = {"area", "year", "per", "lang", "embed", "embed_options"}
LANG_LABELS = {"fi": "Suomi", "en": "English"}
GROUP_KEYS = {"Talous": "nav.finance", "Toiminta": "nav.activity", "Tietoa": "nav.info"}  # menu group -> its name


# ------------------------------------------------------------------ language and formats
def lang() -> str:
    return current_filters().lang


def t(key: str, **values) -> str:
    return i18n.t(lang(), key, **values)


def eur(value, decimals: int = 0) -> str:
    return format_eur(value, decimals, lang())


def pct(value, decimals: int = 2) -> str:
    return format_pct(value, decimals, lang())


def num(value, decimals: int = 0) -> str:
    return format_number(value, decimals, lang())


def meur(value) -> str:
    return format_meur(value, lang())


def area_names() -> dict[str, str]:
    return data.area_names(lang())


def account_name(label: str) -> str:
    """An account's name in the chosen language, escaped for Markdown (labels are the document's text)."""
    return escape_md(data.account_names(lang()).get(label, label))


# ------------------------------------------------------------------ broken data
_PROBLEM_KEYS = {
    "the file is missing": "missing",
    "the file is empty": "empty",
    "the file is not valid JSON": "not_json",
    "the source document is missing": "raw_missing",
    "the source document has changed since the data was built from it": "raw_changed",
    "the file cannot be read as the expected table": "unreadable",
    "the file does not match its schema": "schema",
}


def data_error_page(error: DataError) -> None:
    """A clear page for broken data: which file, what is wrong, the command that rebuilds it."""
    requested = (st.query_params.get_all("lang") or [DEFAULT_LANG])[-1]
    language = requested if requested in LANGS else DEFAULT_LANG
    key = "differs" if error.problem.startswith("the file differs") else _PROBLEM_KEYS.get(error.problem, "other")
    st.title(i18n.t(language, "data_error.title"))
    st.error(i18n.t(language, "data_error.file", file=error.filename, problem=i18n.t(language, f"data_error.{key}")))
    st.markdown(i18n.t(language, "data_error.explain"))
    st.code(REBUILD, language="bash")


# ------------------------------------------------------------------ filters
def _raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


def current_filters() -> Filters:
    """The shared filters of this session: read from the URL on its first run, then kept in session state.

    They live under the non-widget key "filters", so they survive page switches (each page script has its
    own widgets), Back and reload; each page copies them into its widgets and back (see sidebar_filters).
    """
    state = st.session_state
    if "filters" not in state:
        raw = _raw_params()
        parsed = parse_params(raw)
        notices = list(parsed.notices)
        if set(raw) - KNOWN_PARAMS:
            notices.append("other")
        state["filters"] = parsed.filters
        state["url_notices"] = notices
    return state["filters"]


def set_areas(areas: list[str]) -> None:
    """Choose the areas of the shared filters (e.g. before switching to the page that shows them)."""
    st.session_state["filters"] = replace(current_filters(), areas=tuple(a for a in AREAS if a in areas))


_WIDGETS = {"f_lang": "lang", "f_area": "areas", "f_year": "year", "f_per": "measure"}  # widget key -> field


def _keep(key: str) -> None:
    """on_change of a filter widget: copy its value back into the shared filters."""
    value = st.session_state[key]
    if key == "f_area":
        value = tuple(a for a in AREAS if a in value)
    st.session_state["filters"] = replace(current_filters(), **{_WIDGETS[key]: value})


def _widget(key: str) -> dict:
    """Give a filter widget the shared value before it is drawn; its on_change copies the value back."""
    value = getattr(current_filters(), _WIDGETS[key])
    st.session_state[key] = list(value) if key == "f_area" else value
    return {"key": key, "on_change": _keep, "args": (key,)}


def sidebar_filters() -> Filters:
    """The shared filters in the sidebar, drawn by every page; mirrored to the URL on every run."""
    language = current_filters().lang
    with st.sidebar:
        st.radio(i18n.t(language, "app.language"), LANGS, format_func=LANG_LABELS.get, horizontal=True,
                 **_widget("f_lang"))
        language = current_filters().lang
        names = data.area_names(language)
        st.header(i18n.t(language, "app.filters"))
        st.multiselect(
            i18n.t(language, "app.area"),
            AREAS,
            format_func=lambda c: names[c],
            placeholder=i18n.t(language, "app.area_placeholder"),
            help=i18n.t(language, "app.area_help"),
            **_widget("f_area"),
        )
        st.selectbox(i18n.t(language, "app.year"), YEARS, help=i18n.t(language, "app.year_help"), **_widget("f_year"))
        st.radio(
            i18n.t(language, "app.measure"),
            MEASURES,
            format_func=lambda m: i18n.t(language, "app.measure_eur" if m == "eur" else "app.measure_per_resident"),
            horizontal=True,
            **_widget("f_per"),
        )
    filters = current_filters()
    desired = to_params(filters)
    current = {k: v for k, v in _raw_params().items() if k in ("area", "year", "per", "lang")}
    if current != desired:
        for key in ("area", "year", "per", "lang"):
            if key in st.query_params:
                del st.query_params[key]
        for key, values in desired.items():
            st.query_params[key] = values
    st.session_state["_url_written"] = desired  # what this run left in the URL (see follow_link_params)
    return filters


def follow_link_params() -> None:
    """Before page_header, on a page that other pages link to with other filters (st.page_link with
    query_params, e.g. the overview's link to /profile?area=VAKA): a URL whose filters differ from the ones the
    last run wrote came from such a link, and its filters win. A rerun after a filter change keeps the URL the
    last run wrote, so it never takes this path."""
    state = st.session_state
    if "filters" not in state or "_url_written" not in state:
        return  # a session's first run reads the URL anyway
    current = {k: v for k, v in _raw_params().items() if k in ("area", "year", "per", "lang")}
    if current != state["_url_written"]:
        state["filters"] = parse_params(current).filters


def sidebar_menu(filters: Filters) -> None:
    """The menu of pages, grouped as in the registry, in the chosen language; each link carries the filters."""
    params = to_params(filters)
    with st.sidebar:
        for group, specs in groups().items():
            st.subheader(i18n.t(filters.lang, GROUP_KEYS[group]))
            for spec in specs:
                st.page_link(spec.path, label=i18n.t(filters.lang, f"nav.{spec.key}"), icon=spec.icon,
                             query_params=params)


def view_link(filters: Filters | None = None) -> str:
    """A link that reproduces the current view: this page's URL with the filters as query parameters."""
    filters = filters or current_filters()
    query = urlencode([(k, v) for k, vs in to_params(filters).items() for v in vs])
    base = st.context.url or ""
    return base + (f"?{query}" if query else "")


def url_notices() -> None:
    """Say that a URL parameter was ignored, without repeating what it held."""
    from utils import limits

    limits.query_notice(lang())  # a query string over Streamlit's limits reaches the app empty: say so
    for notice in st.session_state.get("url_notices", []):
        st.warning(t("notice.ignored", name=t(f"notice.{notice}")))


def active_filters_line(filters: Filters) -> str:
    names = area_names()
    areas = ", ".join(names[a] for a in filters.areas) if filters.areas else names["ALL"]
    measure = t("app.measure_per_resident" if filters.measure == "per_resident" else "app.measure_eur")
    return t("app.active_filters", areas=areas, year=filters.year, measure=measure)


# ------------------------------------------------------------------ blocks
def page_header(title: str, question: str) -> Filters:
    """The frame of every page: tab title, the data check, the sidebar (filters and menu), then the heading."""
    st.set_page_config(page_title=title, page_icon="📊", layout="wide", initial_sidebar_state="auto")
    try:
        data.tables()
    except DataError as error:
        data_error_page(error)
        st.stop()
    if st.context.is_embedded:
        # ?embed=true: an embedded view is the view. No sidebar (neither filters nor menu): the filters come from
        # the embedding link, and the caption under the heading says which they are
        filters = current_filters()
    else:
        sidebar_menu(current_filters())  # first, as Streamlit's own menu would be: it does not move as filters change
        filters = sidebar_filters()
    st.session_state["_source_boxes"] = {}  # source_box_key counts per run
    st.session_state["_claims"] = []  # the claims this run renders (said())
    not_found_notice()
    st.title(title)
    st.markdown(question)
    url_notices()
    st.caption(active_filters_line(filters) + " · " + t("app.scope"))
    return filters


def not_found_notice() -> None:
    """A mistyped page address: Streamlit draws its English "Page not found" dialog and runs the front page under
    it; the front page then says the same in the chosen language (without repeating the address)."""
    path = urlsplit(st.context.url or "").path.strip("/")
    if path and path not in {p.url_path for p in PAGES}:
        st.error(t("light.not_found"), icon=":material/search_off:")


def signs_note() -> None:
    st.caption(t("app.signs"))


def source_caption(section: str, lines: str | None = None) -> None:
    """Where a figure, table or chart comes from; the raw lines themselves on request."""
    text = t("app.source", doc=t("app.doc"), section=section)
    if lines:
        text += t("app.source_lines", lines=lines)
    st.caption(text)
    if lines:
        numbers = _line_numbers(lines)
        if numbers:
            # built only when opened (a rerun): a page has many of these, and the lines are most of its bytes
            box = st.expander(t("app.show_lines"), key=source_box_key(section, lines), on_change="rerun")
            if box.open:
                with box:
                    raw = data.raw_lines()
                    st.caption(t("app.raw_lines_intro"))
                    # st.text, not st.code: the lines as they are, without the 1.56 MB syntax highlighter
                    st.text("\n".join(f"{n}: {raw[n - 1]}" for n in numbers if 0 < n <= len(raw)))


def source_box_key(section: str, lines: str) -> str:
    """A widget key for the source-lines box of (section, lines), stable across reruns; the same pair twice on
    one page gets a running number (counted per run: page_header starts the count)."""
    digest = hashlib.sha1(f"{section}\x1f{lines}".encode()).hexdigest()[:12]
    seen = st.session_state.setdefault("_source_boxes", {})
    n = seen.get(digest, 0)
    seen[digest] = n + 1
    return f"source-lines-{digest}-{n}"


def _line_numbers(lines: str) -> list[int]:
    """'20–22; 24, 269' -> [20, 21, 22, 24, 269]: single lines and ranges, at most 200."""
    out: set[int] = set()
    for part in lines.replace(",", ";").split(";"):
        ends = [p.strip() for p in part.replace("-", "–").split("–")]
        if len(ends) == 2 and all(e.isdigit() for e in ends) and 0 <= int(ends[1]) - int(ends[0]) < 200:
            out.update(range(int(ends[0]), int(ends[1]) + 1))
        elif len(ends) == 1 and ends[0].isdigit():
            out.add(int(ends[0]))
    return sorted(out)[:200]


_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


def escape_md(text: str) -> str:
    """Document text as plain text in Markdown: every character Markdown could read as syntax is escaped."""
    return "".join("\\" + ch if ch in _MD_SPECIAL else ch for ch in text)


def quote(texts: list[str]) -> None:
    """The document's own words, marked as such and rendered as plain text (never as HTML or Markdown)."""
    if not texts:
        return
    body = "\n>\n".join("> " + escape_md(text) for text in texts)
    note = "" if lang() == "fi" else " " + t("app.quote_note")
    st.markdown(f"**{t('app.quote_label')}**{note}:\n\n{body}")


def no_data(message: str) -> None:
    st.info(message)


def signed_delta(value: float | None, magnitude: str, up_words: str, down_words: str) -> str | None:
    """A metric delta whose arrow follows the sign (ASCII '-' first: Streamlit reads the sign from it)
    and whose words say what the change means, so colour is not needed."""
    if value is None:
        return None
    if value < 0:
        return f"-{magnitude} {down_words}"
    return f"+{magnitude} {up_words}" if value > 0 else f"{magnitude}"


# ------------------------------------------------------------------ tables and charts with downloads
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
# has room; where its column of the page is at most 640 px wide (a phone, or one of two columns on a laptop: a
# container query, with a media query for browsers without them), each row becomes a block with its name (the
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
TABLE_CSS = f"""<style>
.xt-wrap{{container-type:inline-size;margin:0 0 .5rem 0}}
table.xt{{border-collapse:collapse;width:100%;font-size:.9rem;line-height:1.35}}
table.xt th,table.xt td{{border-bottom:1px solid #d9dde3;padding:.35rem .5rem;text-align:left;vertical-align:top}}
table.xt thead th{{border-bottom:2px solid #8a94a3;font-weight:600;background:#f2f4f7}}
table.xt tbody th{{font-weight:600}}
table.xt td.n,table.xt th.n{{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}}
@container (max-width:640px){{{_CARDS}}}
@supports not (container-type:inline-size){{@media (max-width:640px){{{_CARDS}}}}}
</style>"""


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
        text = f"{value:.2f}".rstrip("0").rstrip(".")
        return format_number(value, len(text.partition(".")[2]), language), repr(value)
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


def table_html(df: pl.DataFrame, formats: dict[str, str] | None, language: str) -> str:
    """The table as HTML: every text escaped; the first column is each row's header (its name); numbers
    right-aligned, formatted in the chosen language, their raw value in data-value; each cell names its column in
    data-label (shown beside the figure on a phone)."""
    from html import escape

    formats = formats or {}
    columns = df.columns
    numeric = {c for c, dtype in df.schema.items() if dtype.is_numeric()}
    key = _row_header(df, numeric)
    number_class = ' class="n"'
    head = "".join(f'<th scope="col"{number_class if c in numeric else ""}>{escape(c)}</th>' for c in columns)
    rows = []
    for row in df.iter_rows():
        cells = []
        for i, (column, value) in enumerate(zip(columns, row)):
            text, raw = _cell(value, formats.get(column), language)
            attrs = f' data-label="{escape(column)}"'
            if column in numeric:
                attrs += ' class="n"' + (f' data-value="{escape(raw)}"' if raw is not None else "")
            tag = "th" if i == key else "td"
            scope = ' scope="row"' if i == key else ""
            cells.append(f"<{tag}{scope}{attrs}>{escape(text)}</{tag}>")
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'{TABLE_CSS}<div class="xt-wrap"><table class="xt"><thead><tr>{head}</tr></thead>'
            f"<tbody>{''.join(rows)}</tbody></table></div>")


def table(df: pl.DataFrame, formats: dict[str, str] | None = None, height: int | str = "auto",
          name: str | None = None) -> None:
    """A table with fixed number formats of the chosen language, whatever the browser's language, every row
    shown, readable on a phone (see TABLE_CSS). `height` is accepted for older callers and ignored: every row is
    shown. With a `name`, the table as shown can be downloaded as CSV and Excel (built only when asked for)."""
    language = lang()
    st.html(table_html(df, formats, language))
    if name:
        _table_downloads(df, name, language)


def _table_downloads(df: pl.DataFrame, name: str, language: str) -> None:
    # built once per content in the export worker, then handed out (utils/exports.py); one at a time per session
    session = exports.session_key()
    # an expander, not a popover: Tab from a popover's trigger closes it, so its buttons cannot be reached with
    # the keyboard alone (issue 12); an expander's summary opens with Enter and its buttons follow in tab order
    with st.expander(t("app.download_table")):
        st.download_button(t("app.download_csv"), data=lambda: exports.table_export(df, "csv", session, lang=language),
                           file_name=f"{name}.csv", mime="text/csv", key=f"dl-{name}-csv", on_click="ignore",
                           icon=":material/table:")
        st.download_button(t("app.download_xlsx"), data=lambda: exports.table_export(df, "xlsx", session, sheet=name),
                           file_name=f"{name}.xlsx",
                           mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                           key=f"dl-{name}-xlsx", on_click="ignore", icon=":material/table:")
        st.caption(t("downloads.one_at_a_time"))


def chart(factory, *args, name: str | None = None, **kwargs) -> None:
    """Draw `factory(*args, **kwargs)` (a chart factory of utils/charts.py or utils/plan_charts.py). Its spec is
    built once per data and arguments (data.chart_spec): building altair charts is the costliest part of a
    rerun. With a `name`, the chart can be downloaded as PNG and SVG rendered on the server, when asked for."""
    spec = data.chart_spec(f"{factory.__module__}.{factory.__qualname__}", factory, *args, **kwargs)
    st.vega_lite_chart(spec, width="stretch")
    if name:
        session = exports.session_key()  # rendered once per spec in the export worker (utils/exports.py)
        with st.expander(t("app.download_chart")):  # not a popover: see _table_downloads
            st.download_button(t("app.download_png"), data=lambda: exports.chart_export(spec, "png", session),
                               file_name=f"{name}.png", mime="image/png", key=f"dl-{name}-png", on_click="ignore",
                               icon=":material/image:")
            st.download_button(t("app.download_svg"), data=lambda: exports.chart_export(spec, "svg", session),
                               file_name=f"{name}.svg", mime="image/svg+xml", key=f"dl-{name}-svg",
                               on_click="ignore", icon=":material/image:")
            st.caption(t("downloads.one_at_a_time"))


def report_file_name(area: str, language: str) -> str:
    return f"heinola-hyvinvointi-2024-profiili-{area}-{language}.pdf"


def report_download(area: str, label: str | None = None) -> None:
    """"Download as PDF": the printable profile of `area` (ALL: the whole sector) in the chosen language, built once
    per area, language and data version in the export worker (utils/exports.py, utils/report/)."""
    language = lang()
    session = exports.session_key()
    # the report's link: the deployment's public address if config/profile.toml names one, else the visitor's
    origin = profile.settings()["report"].get("public_url") or (
        (st.context.url or "").split("?")[0].rstrip("/").removesuffix("/profile"))
    version = data.data_version()
    st.download_button(
        label or t("profile.download_pdf"), data=lambda: exports.report_export(area, language, origin, version, session),
        file_name=report_file_name(area, language), mime="application/pdf",
        on_click="ignore", icon=":material/picture_as_pdf:", key=f"dl-profile-pdf-{area}",
    )


def cite(sentence: str) -> None:
    """'Cite this': a ready sentence with the figure, its comparison, the source, the data version and a link."""
    version = data.data_version()
    link = view_link()
    full = f"{sentence} ({t('app.doc')}; {t('app.data_version', version=version)}.) {link}".strip()
    with st.expander(t("app.cite_title"), icon=":material/format_quote:"):
        st.caption(t("app.cite_help") + " " + t("light.select_to_copy"))
        # plain text, not st.code: a code block pulls Streamlit's 1.56 MB syntax highlighter into every page
        # that cites (issue 12); st.text renders the sentence as it is, without Markdown, ready to select
        st.text(full)


def footer() -> None:
    st.divider()
    st.caption(t("app.footer"))


# ------------------------------------------------------------------ explanations and findings
def term_help(term_id: str) -> str:
    """A glossary entry as help text where the term appears."""
    return f"**{t(f'glossary.{term_id}.term')}**: {t(f'glossary.{term_id}.text')}"


def finding_sentence(f: dict) -> str:
    """One key finding (utils/findings.py) as a sentence in the chosen language, with its figures and source lines.
    Every figure in it comes from a claim, and every claim is recorded (see `said`)."""
    kind = f["kind"]
    claim = f["claim"]
    if kind in ("largest_worse_eur", "largest_better_eur", "largest_change"):
        text = t(f"findings.{kind}", sentence=claim_sentence(claim))
    elif kind == "largest_deviation_pct":
        text = t("findings.largest_deviation_pct", threshold=claim_figure(f["threshold"]),
                 sentence=claim_sentence(claim))
    elif kind == "targets_missed":
        said(claim)
        said(*f["claims"])
        listed = "; ".join(claims.brief(c, lang(), claim_subject(c)) for c in f["claims"])
        text = t("findings.targets_missed", count=claim.value, total=claim.base, names=listed or t("findings.none"),
                 ties=f["ties"], scope=scope_words(claim.area),
                 judgement=t("findings.judgement") if claim.judgement else "")
    elif kind in ("goals_not_met", "goals_not_met_areas"):
        said(claim, f["empty"])
        text = t(f"findings.{kind}", count=claim.value, total=claim.base, empty=f["empty"].value,
                 scope=scope_words(claim.area))
    else:
        said(claim, f["late"])
        listed = "(" + ", ".join(f"{escape_md(name)} {escape_md(period or '')}: {claim_figure(c)}"
                                 for name, period, c in f["projects"]) + ")" if f["projects"] else ""
        text = t(f"findings.{kind}", threshold=claim_figure(f["threshold"]), count=claim.value, names=listed,
                 late=f["late"].value)
    lines = f.get("source_line")
    return text + (f" *({t('app.source_lines', lines=lines).strip(' ·')})*" if lines else "")


# ------------------------------------------------------------------ claims: what the page says, recorded
def said(*cs: claims.Claim) -> None:
    """Record claims the page renders in this run (the fact-check test reads them back)."""
    log = st.session_state.setdefault("_claims", [])
    for c in cs:
        log.append(c.as_dict())


def scope_words(area: str) -> str:
    """The scope of a count: the whole sector, one area, or several ('HYTE+VIRE')."""
    names = area_names()
    return ", ".join(names[a] for a in area.split("+"))


def claim_subject(claim: claims.Claim, with_area: bool = True) -> str:
    return escape_md(claims.subject_name(claim, lang(), data.account_names(lang()), area_names(),
                                         data.indicator_names(lang()), with_area=with_area))


def claim_sentence(claim: claims.Claim, with_area: bool = True, subject: str | None = None) -> str:
    """The claim as one sentence (subject, both figures, the direction in words), recorded."""
    said(claim)
    return claims.sentence(claim, lang(), subject if subject is not None else claim_subject(claim, with_area))


def claim_words(claim: claims.Claim, with_figure: bool = True) -> str:
    said(claim)
    return claims.words(claim, lang(), with_figure)


def claim_figure(claim: claims.Claim, which: str = "value", signed: bool = False) -> str:
    """One figure of a claim (value, base or difference) in its unit and the language's format, recorded."""
    said(claim)
    amount = {"value": claim.value, "base": claim.base, "difference": claim.difference}[which]
    return claims.fmt(claim, amount, lang(), signed=signed)


def fact(subject: str, value, unit: str = claims.EUR, source_line: str = "", decimals: int = 0,
         area: str = "ALL") -> str:
    """A single stated figure (a total, a threshold, a share) as a recorded fact claim, formatted."""
    return claim_figure(claims.fact_claim(subject, value, unit=unit, area=area, source_line=str(source_line),
                                          decimals=decimals))


_COLUMN_WORDS = {"actual": "toteuma", "target": "tavoite", "budget": "talousarvio"}


def column_words(text: str) -> str:
    """A check's column ('2023 actual €/asukas') in the chosen language: the scenario words are the checks'
    own English; printed headers ('Talousarvio 2024') stay as printed."""
    if lang() != "fi":
        return text
    return re.sub(r"\b(actual|target|budget)\b", lambda m: _COLUMN_WORDS[m.group(1)], text)


def said_contradiction(row: dict) -> None:
    """Record the figures of a contradiction row (utils/contradictions.py) as fact claims: each figure as printed
    and as a size (the sentences state amounts without sign), and for editorial notes the gaps they name."""
    units = {"eur": claims.EUR, "pct": claims.PCT, "eur_per_resident": claims.EUR_PER_RESIDENT}
    values = {}
    for f in row["figures"]:
        if f["value"] is None:
            continue
        values[f["name"]] = f["value"]
        unit = units.get(f["unit"], "count")
        decimals = (f["decimals"] or (2 if unit == claims.PCT else 0)) if unit != "count" else 0
        for v in {f["value"], abs(f["value"])}:
            said(claims.fact_claim("contradiction", v, unit=unit, area=row["service_area"] or "ALL",
                                   source_line=row["source_line"], decimals=decimals))
    for a, b in (("actual_eur", "budget_eur"), ("actual_eur", "previous_eur")):
        if a in values and b in values:
            said(claims.fact_claim("contradiction", abs(abs(values[a]) - abs(values[b])),
                                   source_line=row["source_line"]))


def claim_delta(claim: claims.Claim) -> str | None:
    """A metric's delta: an explicit arrow, the size of the difference and its words ('↓ 157 745 € under budget').
    Use with delta_arrow="off": Streamlit's own arrow would read the sign alone, and the arrow here is given."""
    said(claim)
    diff = claim.difference
    if diff is None:
        return None
    arrow = "↑" if diff > 0 else "↓" if diff < 0 else "="
    return f"{arrow} {claims.words(claim, lang(), with_figure=True, short=True)}"


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
