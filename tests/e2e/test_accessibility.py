"""Accessibility in the browser (issue 12): axe-core on every page, the keyboard alone, phone screenshots.

- axe-core 4.12.1, pinned through the Python package axe-playwright-python==0.1.8 (requirements-dev.txt), which
  ships axe.min.js: the file is injected into the page and `axe.run(document)` runs with its default rules, none
  disabled. Every page of the registry, in Finnish and in English, at 1280 px and at 390 px. The baseline is a
  minimal app built the way the app is (benchmarks/floor: a pages/ folder, the default menu hidden, a menu drawn
  with st.page_link), measured in the same run at the same sizes: the app may show no violation the minimal app
  does not (it shows none here, so the app must show none).
- Every chart in view says what it shows: its aria-label is the chart's Vega-Lite description.
- The keyboard alone: after the page has loaded, key events only (no click, no fill, no scripted focus) reach the
  area filter, choose an area (the URL follows), and open a chart's download.
- Phone screenshots (390 x 2000, the tall viewport because Streamlit scrolls its own container) of every page
  in Finnish, into a temporary folder named in the test's output (`-s`), to be looked at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import axe_playwright_python
import pytest

from utils.core.navigation import PAGES

from .helpers import PROJECT_ROOT, TIMEOUT_MS, goto_rendered, page_url, start_server, wait_for_params

pytestmark = pytest.mark.e2e

AXE_JS = (Path(axe_playwright_python.__file__).parent / "axe.min.js").read_text(encoding="utf-8")
VIEWPORTS = {"wide": (1280, 1000), "phone": (390, 844)}
RUN_AXE = """async () => {
    const result = await axe.run(document);
    return {version: axe.version, violations: result.violations.map(v => ({
        id: v.id, impact: v.impact,
        nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ' :: ' + (n.failureSummary || '').slice(0, 200))}))};
}"""
CHART_LABELS = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
    .filter(c => c.checkVisibility()).map(c => c.getAttribute('aria-label') || '')"""


@pytest.fixture(scope="module")
def floor_server(tmp_path_factory):
    """The minimal app (benchmarks/floor) served the way the app is: the project's .streamlit/config.toml."""
    root = tmp_path_factory.mktemp("floor-app")
    shutil.copytree(PROJECT_ROOT / "benchmarks" / "floor", root, dirs_exist_ok=True)
    shutil.copytree(PROJECT_ROOT / ".streamlit", root / ".streamlit")
    try:
        server = start_server(tmp_path_factory.mktemp("floor-log"), root=root)
    except RuntimeError as error:
        pytest.fail(str(error), pytrace=False)
    yield server.base_url
    server.stop()


def _axe(page) -> dict:
    page.add_script_tag(content=AXE_JS)
    return page.evaluate(RUN_AXE)


def test_axe_finds_nothing_beyond_the_minimal_apps_findings(app_server, floor_server, new_page):
    baseline: dict[str, set[str]] = {}
    report: dict[str, list] = {}
    for viewport, (width, height) in VIEWPORTS.items():
        page = new_page(width, height, phone=viewport == "phone")
        found: set[str] = set()
        for path in ("", "other"):
            goto_rendered(page, page_url(floor_server, path))
            found |= {v["id"] for v in _axe(page)["violations"]}
        baseline[viewport] = found
    for viewport, (width, height) in VIEWPORTS.items():
        page = new_page(width, height, phone=viewport == "phone")
        for spec in PAGES:
            for lang in ("fi", "en"):
                goto_rendered(page, page_url(app_server, spec.url_path, "" if lang == "fi" else "lang=en"))
                result = _axe(page)
                extra = [v for v in result["violations"] if v["id"] not in baseline[viewport]]
                if extra:
                    report[f"/{spec.url_path} {lang} {viewport}"] = extra
                labels = page.evaluate(CHART_LABELS)
                assert all(len(label) > 20 for label in labels), (spec.url_path, lang, labels)
    print(f"\naxe {result['version']}; minimal app: {baseline}")
    assert not report, f"axe violations the minimal app does not have: {report}"


def _tab_to(page, predicate: str, limit: int = 120, key: str = "Tab") -> None:
    """Press Tab until the focused element satisfies `predicate` (a JS function of the element)."""
    for _ in range(limit):
        page.keyboard.press(key)
        if page.evaluate(f"() => {{ const e = document.activeElement; return !!e && ({predicate})(e); }}"):
            return
    focused = page.evaluate("() => document.activeElement && document.activeElement.outerHTML.slice(0, 200)")
    raise AssertionError(f"{limit} x {key} never reached {predicate}; focus is on " + focused)


def test_the_keyboard_alone_reaches_a_filter_changes_it_and_opens_a_download(app_server, new_page):
    page = new_page(1280, 1400)
    context = page.context
    goto_rendered(page, page_url(app_server, ""))
    # 1. to the area filter, choose Varhaiskasvatus by typing, Enter
    _tab_to(page, "e => e.getAttribute('aria-label') === 'Palvelualue'")
    page.keyboard.type("Varhais")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    wait_for_params(page, "area", ["VAKA"])
    page.wait_for_function("() => document.querySelector('[data-test-script-state]')"
                           ".getAttribute('data-test-script-state') === 'notRunning'", timeout=TIMEOUT_MS)
    # 2. on to a chart's downloads (an expander), open it with Enter, then to its PNG button and Enter: a download
    _tab_to(page, "e => e.tagName === 'SUMMARY' && /Lataa kaavio/.test(e.innerText)", limit=250)
    page.keyboard.press("Enter")
    # the box's buttons are built when it opens (a rerun): wait for them, as a reader waits, focus untouched
    page.wait_for_function("() => [...document.querySelectorAll('button')].some(b => /PNG/.test(b.innerText))",
                           timeout=TIMEOUT_MS)
    with page.expect_download(timeout=TIMEOUT_MS) as info:
        _tab_to(page, "e => e.tagName === 'BUTTON' && /PNG/.test(e.innerText)", limit=10)
        page.keyboard.press("Enter")
    assert info.value.suggested_filename.endswith(".png")
    assert Path(info.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert context is page.context


def test_an_embedded_view_has_no_sidebar_and_says_what_it_shows(app_server, new_page):
    page = new_page(800, 1400)
    goto_rendered(page, page_url(app_server, "budget", "embed=true&area=VAKA"))
    assert page.locator('[data-testid="stSidebar"]').count() == 0 or not page.locator(
        '[data-testid="stSidebar"]').first.is_visible(), "?embed=true still shows the sidebar"
    caption = page.locator('[data-testid="stMain"] [data-testid="stCaptionContainer"]').first.inner_text()
    assert "Varhaiskasvatus" in caption and "2024" in caption, caption  # the filters, stated on the page itself
    assert page.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"]').count() >= 1


@pytest.mark.parametrize("lang, words", [("fi", "Tällä osoitteella ei ole sivua"),
                                         ("en", "There is no page at this address")])
def test_a_mistyped_address_says_so_under_the_dialog_in_the_chosen_language(app_server, new_page, lang, words):
    page = new_page(1280, 1000)
    page.goto(page_url(app_server, "budjetti", "lang=en" if lang == "en" else ""), wait_until="domcontentloaded")
    page.wait_for_function(
        "(words) => [...document.querySelectorAll('[data-testid=\"stMain\"] [data-testid=\"stAlert\"]')]"
        ".some(a => a.innerText.includes(words))", arg=words, timeout=TIMEOUT_MS)
    assert "budjetti" not in page.locator('[data-testid="stMain"]').inner_text()  # the address is not echoed
