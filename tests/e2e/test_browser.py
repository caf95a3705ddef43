"""End-to-end tests: a real `streamlit run app.py` server, driven in Debian's Chromium through Playwright.

Run: .venv/bin/pytest tests/e2e -q -x   (or -m e2e; leave them out with -m "not e2e").
Screenshots go to tests/artifacts/screenshots/<url_path>-wide.png and -phone.png (git-ignored); the root
page (url_path "") is named overview, e.g. overview-wide.png.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import polars as pl
import pytest

from utils.core import i18n, loading
from utils.core.navigation import PAGES

from .helpers import (
    MENU_LINKS,
    PHONE_USER_AGENT,
    PROJECT_ROOT,
    SCREENSHOTS,
    TIMEOUT_MS,
    assert_healthy,
    assert_title,
    chart_signature,
    charts,
    goto_rendered,
    multiselect_choose,
    multiselect_values,
    nav_link,
    page_url,
    png_size,
    selectbox_choose,
    selectbox_value,
    url_params,
    wait_chart_changed,
    wait_for_params,
    wait_rendered,
)

pytestmark = pytest.mark.e2e

with open(PROJECT_ROOT / "config" / "mapping.toml", "rb") as _f:
    AREA_NAMES = {code: spec["name_fi"] for code, spec in tomllib.load(_f)["areas"].items()}

OVERVIEW = PAGES[0]  # app.py, served at /
PHONE_WIDTH = 390
SCROLL_TOLERANCE_PX = 2


def _name(spec) -> str:
    """A file-name-safe name of a page: its url_path, or "overview" for the root page (url_path "")."""
    return spec.url_path or spec.key


def _no_js_errors(page) -> None:
    assert not page.js_errors, f"{page.url}: uncaught JavaScript errors: {page.js_errors}"


# ------------------------------------------------------------------ 1. deep links on a fresh server
@pytest.mark.parametrize("spec", PAGES, ids=_name)
def test_deep_link_is_first_request_to_fresh_server(spec, fresh_app_server, page):
    """/<url_path>?area=VAKA as the very first request a new server gets: the page itself, with the filter."""
    goto_rendered(page, page_url(fresh_app_server, spec.url_path, "area=VAKA"))

    assert_title(page, spec.title)
    assert multiselect_values(page) == [AREA_NAMES["VAKA"]]
    assert url_params(page.url).get("area") == ["VAKA"], page.url
    _no_js_errors(page)


# ------------------------------------------------------------------ 2. a filter change redraws and updates the URL
def test_filter_change_redraws_chart_and_updates_url(fresh_app_server, page):
    """On a freshly started server, so that this is the server's first session: the harder case (a
    first session has been seen to send a widget change to the wrong widget)."""
    goto_rendered(page, page_url(fresh_app_server, OVERVIEW.url_path))
    assert multiselect_values(page) == [], "the overview should start with no area chosen (whole sector)"
    assert charts(page).count() >= 1, "the overview has no chart"
    before = chart_signature(charts(page).first)
    before_png = charts(page).first.screenshot()

    multiselect_choose(page, AREA_NAMES["VAKA"])
    wait_for_params(page, "area", ["VAKA"])
    wait_chart_changed(page, 0, before)
    wait_rendered(page)

    after = chart_signature(charts(page).first)
    after_png = charts(page).first.screenshot()
    assert after != before, "the chart's data did not change"
    assert AREA_NAMES["VAKA"] in after, f"the redrawn chart does not show {AREA_NAMES['VAKA']}: {after[:500]}"
    assert after_png != before_png, "the chart looks the same after the filter change"
    assert multiselect_values(page) == [AREA_NAMES["VAKA"]]
    assert url_params(page.url).get("area") == ["VAKA"], page.url
    _no_js_errors(page)


# ------------------------------------------------------------------ 3. a copied URL reproduces the view
def test_copied_url_reproduces_the_view(app_server, page, new_page):
    goto_rendered(page, page_url(app_server, OVERVIEW.url_path))
    multiselect_choose(page, AREA_NAMES["VAKA"])
    wait_for_params(page, "area", ["VAKA"])
    wait_rendered(page)
    selectbox_choose(page, "Vuosi", "2023")
    wait_for_params(page, "year", ["2023"])
    wait_rendered(page)
    copied = page.url
    assert url_params(copied) == {"area": ["VAKA"], "year": ["2023"]}, copied

    other = new_page()
    goto_rendered(other, copied)

    assert_title(other, OVERVIEW.title)
    assert multiselect_values(other) == [AREA_NAMES["VAKA"]]
    assert selectbox_value(other, "Vuosi") == "2023"
    assert url_params(other.url) == url_params(copied), f"{other.url} != {copied}"
    _no_js_errors(other)


# ------------------------------------------------------------------ 4. a bad URL shows a notice, echoes nothing
def test_bad_url_shows_notice_and_echoes_nothing(app_server, page):
    goto_rendered(page, page_url(app_server, OVERVIEW.url_path, "area=<script>alert(1)</script>&year=abc"))

    assert_title(page, OVERVIEW.title)
    notices = page.locator('[data-testid="stMain"] [data-testid="stAlert"]').all_inner_texts()
    assert notices, "no notice says that the URL held invalid values"
    for text in notices:
        for echoed in ("<script>", "</script>", "alert(1)", "abc"):
            assert echoed not in text, f"a notice repeats the URL value {echoed!r}: {text!r}"
    body = page.evaluate("() => document.body.innerText")
    assert "alert(1)" not in body and "<script>" not in body, "the page text repeats the URL value"
    injected = page.evaluate(
        "() => [...document.querySelectorAll('script')].filter(s => (s.textContent || '').includes('alert(1)')).length"
    )
    assert injected == 0, "a <script> element from the URL is in the DOM"
    assert not page.js_dialogs, f"a JavaScript dialog opened: {page.js_dialogs}"
    # the invalid values fall back to the defaults, and the address bar no longer carries them
    assert multiselect_values(page) == []
    assert selectbox_value(page, "Vuosi") == "2024"
    params = url_params(page.url)
    assert "abc" not in params.get("year", []) and not any("script" in v for v in params.get("area", [])), page.url
    _no_js_errors(page)


# ------------------------------------------------------------------ 5. a page switch keeps the filters
def test_page_switch_keeps_the_filters(app_server, page):
    hyte = AREA_NAMES["HYTE"]
    goto_rendered(page, page_url(app_server, OVERVIEW.url_path, "area=HYTE"))
    assert multiselect_values(page) == [hyte]

    others = [p for p in PAGES if p is not OVERVIEW]
    route = [*others, OVERVIEW] if others else [OVERVIEW]
    for target in route:
        link = nav_link(page, target.url_path)
        if link.count() == 0 and len(PAGES) == 1:
            # Streamlit draws no navigation for a single page: reload the same page's link instead.
            page.reload(wait_until="domcontentloaded")
        else:
            link.click(timeout=TIMEOUT_MS)
            page.wait_for_function(
                "(title) => [...document.querySelectorAll('[data-testid=\"stMain\"] h1')]"
                ".some(h => h.innerText.trim().startsWith(title))",
                arg=target.title,
                timeout=TIMEOUT_MS,
            )
        wait_rendered(page)

        assert_title(page, target.title)
        assert url_params(page.url).get("area") == ["HYTE"], f"after switching to {_name(target)}: {page.url}"
        assert multiselect_values(page) == [hyte], f"after switching to {_name(target)}"
    _no_js_errors(page)


def test_menu_lists_every_page_in_the_chosen_language(app_server, page):
    """The app's own menu (st.page_link), grouped as the registry, translated; Streamlit's default menu is hidden."""
    goto_rendered(page, page_url(app_server, "kpis", "area=VAKA&lang=en"))
    assert page.locator('[data-testid="stSidebarNav"]').count() == 0, "Streamlit's default page menu is shown"
    for spec in PAGES:
        link = nav_link(page, spec.url_path)
        assert link.count() == 1, f"no menu link to /{spec.url_path}"
        assert i18n.t("en", f"nav.{spec.key}") in link.inner_text(), link.inner_text()
        assert url_params(link.get_attribute("href")) == {"area": ["VAKA"], "lang": ["en"]}, link.get_attribute("href")
    groups = page.locator('[data-testid="stSidebar"] h3').all_inner_texts()
    assert [g.strip() for g in groups] == [i18n.t("en", k) for k in ("nav.finance", "nav.activity", "nav.info")]
    assert page.title() == i18n.t("en", "kpis.title"), "the tab shows the page's own title"
    _no_js_errors(page)


def test_back_and_reload_keep_the_filters(app_server, page):
    """Filters chosen on one page, a switch through the menu, then Back and reload: the filters stay."""
    goto_rendered(page, page_url(app_server, "budget"))
    multiselect_choose(page, AREA_NAMES["VIRE"])
    wait_for_params(page, "area", ["VIRE"])
    wait_rendered(page)
    nav_link(page, "years").click(timeout=TIMEOUT_MS)
    page.wait_for_url(lambda url: "/years?" in url, wait_until="commit", timeout=TIMEOUT_MS)
    wait_rendered(page)
    assert multiselect_values(page) == [AREA_NAMES["VIRE"]]
    page.go_back(wait_until="domcontentloaded")
    page.wait_for_url(lambda url: "/budget?" in url, wait_until="commit", timeout=TIMEOUT_MS)
    wait_rendered(page)
    assert multiselect_values(page) == [AREA_NAMES["VIRE"]] and url_params(page.url).get("area") == ["VIRE"]
    page.reload(wait_until="domcontentloaded")
    wait_rendered(page)
    assert multiselect_values(page) == [AREA_NAMES["VIRE"]] and url_params(page.url).get("area") == ["VIRE"]
    _no_js_errors(page)


# ------------------------------------------------------------------ 5b. a phone: menu and filters built when opened
def test_phone_sidebar_builds_menu_and_filters_when_opened(app_server, new_page):
    """A phone's browser (its User-Agent) gets the sidebar as two closed boxes, the menu and the filters, each
    built when opened: a deep link's filters hold all the same; opened, the filters show them, a change there
    reaches the URL and the page, and the menu's links carry it."""
    page = new_page(PHONE_WIDTH, 900, phone=True)
    goto_rendered(page, page_url(app_server, "budget", "area=VAKA"))
    sidebar = page.locator('[data-testid="stSidebar"]')
    boxes = [" ".join(text.split()[1:]) for text in sidebar.locator("summary").all_inner_texts()]  # after the icon
    assert boxes == [i18n.t("fi", "app.menu_box"), i18n.t("fi", "app.filters_box")], boxes
    assert page.locator(MENU_LINKS).count() == 0, "a phone's first load draws the menu"
    assert sidebar.locator('[data-testid="stMultiSelect"]').count() == 0, "a phone's first load draws the filters"
    assert url_params(page.url).get("area") == ["VAKA"]
    before = chart_signature(charts(page).first)

    page.locator('[data-testid="stExpandSidebarButton"]').click(timeout=TIMEOUT_MS)
    sidebar.locator("summary", has_text=i18n.t("fi", "app.filters_box")).click(timeout=TIMEOUT_MS)
    assert multiselect_values(page) == [AREA_NAMES["VAKA"]]
    multiselect_choose(page, AREA_NAMES["HYTE"])
    wait_for_params(page, "area", ["HYTE", "VAKA"])
    wait_rendered(page)
    wait_chart_changed(page, 0, before)
    assert multiselect_values(page) == [AREA_NAMES["HYTE"], AREA_NAMES["VAKA"]], "the box stays open after a change"

    sidebar.locator("summary", has_text=i18n.t("fi", "app.menu_box")).click(timeout=TIMEOUT_MS)
    link = nav_link(page, "years")
    link.wait_for(timeout=TIMEOUT_MS)
    assert page.locator(MENU_LINKS).count() == len(PAGES)
    assert url_params(link.get_attribute("href")).get("area") == ["HYTE", "VAKA"], link.get_attribute("href")
    _no_js_errors(page)


def test_phone_goals_filters_are_built_when_opened(app_server, browser):
    """On a phone the goals page's own filters and each level's cards wait in boxes that say how many goals they
    hold: closed, no card is drawn; a level's box opened, its every card shows; the filter box opened, a search
    opens the levels' boxes with the cards it matches, as on a wide screen, and the filter box stays open. A context
    of its own: a pooled phone page may have been left with its sidebar open over the page."""
    context = browser.new_context(viewport={"width": PHONE_WIDTH, "height": 900}, locale="fi-FI",
                                  user_agent=PHONE_USER_AGENT)
    context.set_default_timeout(TIMEOUT_MS)
    try:
        _phone_goals(app_server, context.new_page())
    finally:
        context.close()


def _phone_goals(app_server, page) -> None:
    page.js_errors = []
    page.on("pageerror", lambda error: page.js_errors.append(str(error)))
    goto_rendered(page, page_url(app_server, "goals"))
    main = page.locator('[data-testid="stMain"]')
    label = i18n.t("fi", "goals.search")
    assert main.locator(f'input[aria-label="{label}"]').count() == 0, "a phone's first load draws the goal filters"
    details = i18n.t("fi", "goals.details")
    cards = main.locator("summary", has_text=details)
    assert cards.count() == 0, "a phone's first load draws the goal cards"
    goals = loading.read_table("goals", loading.read_datapackage())
    council = goals.filter((pl.col("level") == "council") & ~pl.col("is_empty")).height
    every = goals.filter(~pl.col("is_empty")).height
    boxes = main.locator("summary", has_text=i18n.t("fi", "goals.cards_box", n=council))
    assert boxes.count() == 1, "the council level's box names its number of goals"
    boxes.first.click(timeout=TIMEOUT_MS)
    page.wait_for_function(
        "([text, n]) => [...document.querySelectorAll('[data-testid=\"stMain\"] summary')]"
        ".filter(s => s.innerText.includes(text)).length === n", arg=[details, council], timeout=TIMEOUT_MS)
    wait_rendered(page)
    main.locator("summary", has_text=i18n.t("fi", "goals.filter_box")).click(timeout=TIMEOUT_MS)
    search = main.locator(f'input[aria-label="{label}"]')
    search.fill("lukio", timeout=TIMEOUT_MS)
    search.press("Enter")
    page.wait_for_function(
        "([text, n]) => { const c = [...document.querySelectorAll('[data-testid=\"stMain\"] summary')]"
        ".filter(s => s.innerText.includes(text)).length; return c > 0 && c < n; }",
        arg=[details, every], timeout=TIMEOUT_MS)
    wait_rendered(page)
    assert search.input_value() == "lukio", "the box stays open with its search"
    _no_js_errors(page)


# ------------------------------------------------------------------ 6. screenshots, wide and phone
VIEWPORTS = [("wide", 1400, ""), ("phone", PHONE_WIDTH, ""), ("wide-en", 1400, "lang=en"),
             ("phone-en", PHONE_WIDTH, "lang=en")]


def _title(spec, query: str) -> str:
    """The page's heading in the query's language, up to its first placeholder (the profile names its area)."""
    title = i18n.t("en" if "lang=en" in query else "fi", f"{spec.key}.title")
    return title.split("{")[0].rstrip(": ")


@pytest.fixture(scope="module")
def walker(app_server, browser):
    """One page per viewport that walks the menu from page to page (a click on the app's own st.page_link menu
    is a new script run, not a new page load: ~2x faster than a load per screenshot; the loads by address are
    the deep-link tests'). show(viewport, spec) -> the page, showing spec at that viewport, drawn."""
    pages: dict[str, object] = {}

    def show(viewport, spec):
        name, width, query = viewport
        page = pages.get(name)
        if page is None:
            context = browser.new_context(viewport={"width": width, "height": 2400}, locale="fi-FI",
                                          user_agent=PHONE_USER_AGENT if name.startswith("phone") else None)
            context.set_default_timeout(TIMEOUT_MS)
            page = pages[name] = context.new_page()
            page.js_errors, page.js_dialogs = [], []
            page.on("pageerror", lambda error: page.js_errors.append(str(error)))
        page.js_errors.clear()
        page.set_viewport_size({"width": width, "height": 2400})
        link = nav_link(page, spec.url_path)
        if not page.url.startswith(app_server) or link.count() != 1:
            goto_rendered(page, page_url(app_server, spec.url_path, query))
            return page
        # the menu is in the sidebar, which a phone shows collapsed: the link's own click event, as a tap on it
        link.dispatch_event("click")
        page.wait_for_function(
            "(title) => [...document.querySelectorAll('[data-testid=\"stMain\"] h1')]"
            ".some(h => h.innerText.trim().startsWith(title))",
            arg=_title(spec, query), timeout=TIMEOUT_MS)
        wait_rendered(page)
        return page

    yield show
    for page in pages.values():
        page.context.close()


@pytest.mark.parametrize("viewport", VIEWPORTS, ids=[v[0] for v in VIEWPORTS])
@pytest.mark.parametrize("spec", PAGES, ids=_name)
def test_screenshot(spec, viewport, walker):
    """A PNG of the whole app, in Finnish and English. The viewport starts 2400 px tall and grows to the
    content's height, because Streamlit scrolls its own container and a full_page screenshot would miss what is
    below the fold."""
    name, width, query = viewport
    page = walker(viewport, spec)
    assert_title(page, _title(spec, query))
    content_height = page.evaluate(
        """() => Math.max(...[document.documentElement,
            document.querySelector('[data-testid="stAppViewContainer"]'),
            document.querySelector('[data-testid="stMain"]')].filter(Boolean).map(e => e.scrollHeight))"""
    )
    if content_height > 2400:
        page.set_viewport_size({"width": width, "height": min(content_height + 40, 16000)})
        wait_rendered(page)

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{_name(spec)}-{name}.png"
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path))
    data = path.read_bytes()
    png_width, png_height = png_size(data)
    assert png_width == width and png_height >= 2400, (png_width, png_height)
    assert len(data) > 20_000, f"{path.name} is only {len(data)} bytes: an empty page?"
    assert_healthy(page)

    if name.startswith("phone"):
        widths = page.evaluate(
            """() => ({
                document: document.documentElement.scrollWidth,
                main: (document.querySelector('[data-testid="stMain"]') || document.body).scrollWidth,
            })"""
        )
        limit = width + SCROLL_TOLERANCE_PX
        assert widths["document"] <= limit and widths["main"] <= limit, (
            f"{_name(spec)} scrolls sideways on a {width} px phone: {widths}"
        )
    _no_js_errors(page)


# ------------------------------------------------------------------ 7. a chart downloaded as PNG
def test_chart_png_download_is_a_valid_image(app_server, page):
    """The budget page's first chart, downloaded through its menu: a PNG rendered on the server."""
    goto_rendered(page, page_url(app_server, "budget", "area=VAKA"))
    page.locator('[data-testid="stExpander"] summary').filter(has_text="Lataa kaavio").first.click()  # downloads
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        page.get_by_role("button", name="Kaavio PNG:nä").first.click()
    data = Path(info.value.path()).read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n"), data[:16]
    png_width, png_height = png_size(data)
    assert png_width > 200 and png_height > 200, (png_width, png_height)
    assert info.value.suggested_filename == "budget-actual-VAKA.png"


# ------------------------------------------------------------------ tables never run off the page
TABLE_WIDTHS = """() => [...document.querySelectorAll('table.xt')].map(t => ({
    table: t.scrollWidth, column: t.closest('.xt-wrap').clientWidth,
    blocks: getComputedStyle(t).display === 'block', name: (t.querySelector('tbody th') || {}).innerText}))"""


@pytest.mark.parametrize("width", [390, 1000, 1280])
def test_no_table_is_wider_than_its_column_and_words_stay_whole(app_server, new_page, width):
    """At a phone's, a small laptop's and a laptop's width, every table of every page fits its column of the page:
    a table as wide as its whole words need where there is room, blocks (one per row) where there is not."""
    page = new_page(width, 1000)
    seen = 0
    for spec in PAGES:
        goto_rendered(page, page_url(app_server, spec.url_path))
        for t in page.evaluate(TABLE_WIDTHS):
            seen += 1
            assert t["table"] <= t["column"] + 1, (width, spec.url_path, t)
            if width == 390:
                assert t["blocks"], (spec.url_path, t)  # a phone: every table is blocks
    assert seen >= 10
