"""The frame of every page: the tab title and the data check (page_header), the sidebar's filters and menu, the
filters in session state and the URL, language links, boxes for a phone and the footer. Everything the app writes
goes through t() (locales/<lang>/)."""

from __future__ import annotations

import html
import threading
from dataclasses import replace
from urllib.parse import urlencode, urlsplit

import streamlit as st

from utils.app import data
from utils.core import device, i18n
from utils.core.filters import AREAS, LANGS, MEASURES, YEARS, Filters, parse_params, to_params
from utils.core.loading import REBUILD, DataError
from utils.core.navigation import PAGES, groups
from utils.core.settings import SECTOR

URL_KEYS = ("area", "year", "per", "lang")  # the shared filters' query parameters, in the URL's order
KNOWN_PARAMS = {*URL_KEYS, "embed", "embed_options"}


LANG_LABELS = {"fi": "Suomi", "en": "English"}


GROUP_KEYS = {"Talous": "nav.finance", "Toiminta": "nav.activity", "Tietoa": "nav.info"}  # menu group -> its name


def lang() -> str:
    return current_filters().lang


def t(key: str, **values) -> str:
    return i18n.t(lang(), key, **values)


def area_names() -> dict[str, str]:
    return data.area_names(lang())


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
    language = parse_params({"lang": st.query_params.get_all("lang")}).filters.lang  # the first ?lang, as elsewhere
    key = "differs" if error.problem.startswith("the file differs") else _PROBLEM_KEYS.get(error.problem, "other")
    st.title(i18n.t(language, "data_error.title"))
    st.error(i18n.t(language, "data_error.file", file=error.filename, problem=i18n.t(language, f"data_error.{key}")))
    st.markdown(i18n.t(language, "data_error.explain"))
    st.code(REBUILD, language="bash")


def _raw_params() -> dict[str, list[str]]:
    return {key: st.query_params.get_all(key) for key in st.query_params.keys()}


# The filters as this thread last read or wrote them. A script run asks for them a few hundred times (every t()
# asks for the language), and a session-state read costs tens of microseconds. A script thread belongs to one
# session (Streamlit starts a thread per run of a session's script runner), and every write of the filters goes
# through _store, so what this holds is what the session state holds.
_run = threading.local()


def _store(filters: Filters) -> Filters:
    st.session_state["filters"] = filters
    _run.filters = filters
    return filters


def current_filters() -> Filters:
    """The shared filters of this session: read from the URL on its first run, then kept in session state.

    They live under the non-widget key "filters", so they survive page switches (each page script has its
    own widgets), Back and reload; each page copies them into its widgets and back (see sidebar_filters).
    """
    cached = getattr(_run, "filters", None)
    if cached is not None:
        return cached
    state = st.session_state
    if "filters" not in state:
        raw = _raw_params()
        parsed = parse_params(raw)
        notices = list(parsed.notices)
        if set(raw) - KNOWN_PARAMS:
            notices.append("other")
        state["url_notices"] = notices
        return _store(parsed.filters)
    _run.filters = state["filters"]
    return _run.filters


def set_areas(areas: list[str]) -> None:
    """Choose the areas of the shared filters (e.g. before switching to the page that shows them)."""
    _store(replace(current_filters(), areas=tuple(a for a in AREAS if a in areas)))


_WIDGETS = {"f_area": "areas", "f_year": "year", "f_per": "measure"}  # widget key -> field


def _keep(key: str) -> None:
    """on_change of a filter widget: copy its value back into the shared filters."""
    value = st.session_state[key]
    if key == "f_area":
        value = tuple(a for a in AREAS if a in value)
    _store(replace(current_filters(), **{_WIDGETS[key]: value}))


def _widget(key: str) -> dict:
    """Give a filter widget the shared value before it is drawn; its on_change copies the value back."""
    value = getattr(current_filters(), _WIDGETS[key])
    st.session_state[key] = list(value) if key == "f_area" else value
    return {"key": key, "on_change": _keep, "args": (key,)}


def sidebar_filters(where=None) -> Filters:
    """The shared filters, drawn by every page into the sidebar (or into `where`, the phone's filter box; False
    when that box is closed: nothing is drawn); mirrored to the URL on every run."""
    language = current_filters().lang
    if where is False:
        return _mirror_to_url()
    with where or st.sidebar:
        st.html(language_links(current_filters()))
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
    return _mirror_to_url()


def page_href(url_path: str, **params: list[str]) -> str:
    """A relative link to a page of the app (its URL path) with the shared filters of this run, `params` replacing
    some of them (e.g. area=["VAKA"]): for links inside HTML (a table's cell), where st.page_link cannot go.
    Built from known filter values only."""
    merged = {**to_params(current_filters()), **params}
    pairs = [(k, v) for k in URL_KEYS if k in merged for v in merged[k]]
    return f"{url_path}?{urlencode(pairs)}" if pairs else url_path


def row_links(column: str, url_path: str, areas) -> dict[str, list[str]]:
    """tables.table's `links`: each row's cell in `column` links to the page at `url_path` for that row's area
    (a service-area code), with the other filters of this run. Not memoised: the filters change between runs."""
    return {column: [page_href(url_path, area=[code]) for code in areas]}


def language_links(filters: Filters) -> str:
    """The language switch: plain links to this page with the same filters in the other language, not a widget.
    Following one loads the page anew, so that the deployment recipe can set <html lang> from ?lang (a widget would
    change the language without a reload, and the page would go on saying it is in the language it was loaded in).
    Every value is one of the filters' known values (utils/core/filters.py), escaped all the same."""
    parts = []
    for code in LANGS:
        pairs = [(k, v) for k, vs in to_params(replace(filters, lang=code)).items() if k != "lang" for v in vs]
        href = html.escape("?" + urlencode([*pairs, ("lang", code)]))
        label = html.escape(LANG_LABELS[code])
        parts.append(f'<strong lang="{code}" aria-current="true">{label}</strong>' if code == filters.lang
                     else f'<a href="{href}" hreflang="{code}" lang="{code}">{label}</a>')
    title = html.escape(i18n.t(filters.lang, "app.language"))
    return f'<nav aria-label="{title}"><p style="margin:0">{title}<br>{" · ".join(parts)}</p></nav>'


def _mirror_to_url() -> Filters:
    """Write the shared filters to the URL (only where it differs: a write is a message to the browser)."""
    filters = current_filters()
    desired = to_params(filters)
    current = {k: v for k, v in _raw_params().items() if k in URL_KEYS}
    if current != desired:
        for key in URL_KEYS:
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
    current = {k: v for k, v in _raw_params().items() if k in URL_KEYS}
    if current != state["_url_written"]:
        _store(parse_params(current).filters)


def sidebar_menu(filters: Filters, where=None) -> None:
    """The menu of pages, grouped as in the registry, in the chosen language; each link carries the filters.
    Drawn into the sidebar, or into `where` (the phone's menu box)."""
    params = to_params(filters)
    with where or st.sidebar:
        for group, specs in groups().items():
            st.subheader(i18n.t(filters.lang, GROUP_KEYS[group]))
            for spec in specs:
                st.page_link(spec.path, label=i18n.t(filters.lang, f"nav.{spec.key}"),
                             query_params=params)


def view_link(filters: Filters | None = None) -> str:
    """A link that reproduces the current view: this page's URL with the filters as query parameters."""
    filters = filters or current_filters()
    query = urlencode([(k, v) for k, vs in to_params(filters).items() for v in vs])
    base = st.context.url or ""
    return base + (f"?{query}" if query else "")


def url_notices() -> None:
    """Say that a URL parameter was ignored, without repeating what it held."""
    from utils.app import limits

    limits.query_notice(lang())  # a query string over Streamlit's limits reaches the app empty: say so
    for notice in st.session_state.get("url_notices", []):
        st.warning(t("notice.ignored", name=t(f"notice.{notice}")))


def active_filters_line(filters: Filters) -> str:
    names = area_names()
    areas = ", ".join(names[a] for a in filters.areas) if filters.areas else names[SECTOR]
    measure = t("app.measure_per_resident" if filters.measure == "per_resident" else "app.measure_eur")
    return t("app.active_filters", areas=areas, year=filters.year, measure=measure)


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
    elif on_phone():
        filters = phone_sidebar()
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


def on_phone() -> bool:
    """Whether this session's browser is a phone's (utils/core/device.py: from the headers of the request that
    opened the session, so read once per session)."""
    state = st.session_state
    if "_on_phone" not in state:
        try:
            state["_on_phone"] = device.is_phone(st.context.headers)
        except Exception:  # noqa: BLE001 - no request to read (a test run without a browser): not a phone
            state["_on_phone"] = False
    return state["_on_phone"]


def phone_sidebar() -> Filters:
    """The sidebar on a phone, where it starts collapsed: the menu and the filters each in a box that is built
    when it is opened (a rerun), so a phone's first load renders two closed boxes there instead of about twenty
    elements it does not show (its first chart came about a quarter of the floor's time sooner on /budget:
    README, "On a phone")."""
    with st.sidebar:
        menu_box = box_if_open(t("app.menu_box"), "phone-menu")
        filters_box = box_if_open(t("app.filters_box"), "phone-filters")
    if menu_box is not None:
        sidebar_menu(current_filters(), where=menu_box)
    return sidebar_filters(where=filters_box if filters_box is not None else False)


def phone_box(label: str, key: str, expanded: bool = False):
    """Where to draw a part of a page that a phone builds only on request: on a phone a box built when opened
    (box_if_open: None while it is closed), elsewhere the page itself (a container, always drawn)."""
    if on_phone():
        return box_if_open(label, key, expanded=expanded)
    return st.container()


def not_found_notice() -> None:
    """A mistyped page address: Streamlit draws its English "Page not found" dialog and runs the front page under
    it; the front page then says the same in the chosen language (without repeating the address)."""
    path = urlsplit(st.context.url or "").path.strip("/")
    if path and path not in {p.url_path for p in PAGES}:
        st.error(t("light.not_found"), icon=":material/search_off:")


def box_if_open(label: str, key: str, expanded: bool = False):
    """An expander whose content is built only when it is open: opening it is a rerun (on_change), so a closed
    box sends one element, not its content. Returns the box to draw into when it is open, else None."""
    box = st.expander(label, expanded=expanded, key=key, on_change="rerun")
    return box if box.open else None


def footer() -> None:
    st.divider()
    st.caption(t("app.footer"))

_MD_SPECIAL = "\\`*_{}[]()#+-.!|<>~$:"


_MD_ESCAPES = str.maketrans({ch: "\\" + ch for ch in _MD_SPECIAL})


def escape_md(text: str) -> str:
    """Document text as plain text in Markdown: every character Markdown could read as syntax is escaped."""
    return text.translate(_MD_ESCAPES)
