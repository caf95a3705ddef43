"""Helpers for the browser tests: a real Streamlit server, Chromium, and waits on what Streamlit 1.67 renders.

DOM facts these helpers rely on (checked on streamlit 1.67 with Debian's Chromium):
- the app root carries data-test-script-state ("initial" -> "running" -> "notRunning") and
  data-test-connection-state ("CONNECTED");
- during a rerun, elements not yet redrawn carry data-stale="true";
- an altair chart is a [data-testid="stVegaLiteChart"] element (vega-embed) holding an <svg class="marks">;
  every mark, axis and legend in it has role="graphics-symbol" and an aria-label with its data values;
- multiselect and selectbox are react-aria comboboxes: an <input role="combobox" aria-label="<label>">,
  options are role="option", chosen multiselect values are [data-tag] elements with aria-label=<shown name>;
- a URL that Streamlit cannot route opens a modal [data-testid="stDialog"] "Page not found" that makes the
  rest of the app inert.
"""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from playwright.sync_api import Locator, Page

from benchmarks.browser import CHROMIUM, CHROMIUM_ARGS, PHONE_USER_AGENT  # noqa: F401 - the e2e tests' names for them
from benchmarks.procs import Server, free_port, start_streamlit  # noqa: F401

PROJECT_ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = PROJECT_ROOT / "tests" / "artifacts"
SCREENSHOTS = ARTIFACTS / "screenshots"

TIMEOUT_MS = 30_000  # every wait: generous, for a busy 2-core machine
SERVER_START_TIMEOUT_S = 30.0
QUIET_MS = 150  # a rendered page must stay unchanged this long (a settling check polled in the page, not a sleep)


PNG_MAGIC = b"\x89PNG\r\n\x1a\n"


# ------------------------------------------------------------------ server: the benchmarks' harness (one for both)
def start_server(log_dir: Path, root: Path = PROJECT_ROOT, timeout: float = SERVER_START_TIMEOUT_S,
                 port: int | None = None) -> Server:
    """Start `streamlit run app.py` on a loopback port, `port` or a free one (benchmarks/procs.py, the harness
    the benchmarks use); return once /_stcore/health answers "ok". Raises RuntimeError with the server's output if
    it never does.
    """
    last_error = ""
    for _attempt in range(3):  # a free port can be taken between bind() and the server's own bind()
        try:
            return start_streamlit("app.py", log_dir, cwd=root, port=port, timeout=timeout)
        except RuntimeError as error:
            last_error = str(error)
            if "already in use" not in last_error:
                break
            port = None  # taken by someone else meanwhile: any free port
    raise RuntimeError(last_error)


def page_url(base_url: str, url_path: str, query: str = "") -> str:
    """The deep link of a page: /<url_path>?<query>."""
    return f"{base_url}/{url_path}" + (f"?{query}" if query else "")


def url_params(url: str) -> dict[str, list[str]]:
    return parse_qs(urlsplit(url).query, keep_blank_values=True)


def wait_for_params(page: Page, key: str, values: list[str], timeout: int = TIMEOUT_MS) -> None:
    """Poll the address bar until ?key= holds exactly these values (in any order)."""
    try:
        page.wait_for_function(
            """([key, values]) => {
                const got = new URLSearchParams(window.location.search).getAll(key).slice().sort();
                const want = values.slice().sort();
                return got.length === want.length && got.every((v, i) => v === want[i]);
            }""",
            arg=[key, values],
            timeout=timeout,
        )
    except Exception as error:  # noqa: BLE001 - re-raised with what the page shows
        raise AssertionError(
            f"the URL never got {key}={values}: it is {page.url}; sidebar: {sidebar_state(page)}; {error}"
        ) from error


# ------------------------------------------------------------------ rendering
_IDLE_AND_DRAWN = """
(quietMs) => {
    const ready = (() => {
        const root = document.querySelector('[data-test-script-state]');
        if (!root) return null;
        if (root.getAttribute('data-test-script-state') !== 'notRunning') return null;
        if (root.getAttribute('data-test-connection-state') !== 'CONNECTED') return null;
        const main = document.querySelector('[data-testid="stMain"]');
        if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return null;
        if (document.querySelector('[data-stale="true"]')) return null;
        // elements whose code is still loading (charts, tables, metrics) are drawn as skeletons first
        if (document.querySelector('[data-testid="stSkeleton"]')) return null;
        if (document.fonts && document.fonts.status !== 'loaded') return null;
        const shown = (e) => e.checkVisibility ? e.checkVisibility() : e.offsetParent !== null;
        const sizes = [];
        for (const chart of document.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
            if (!shown(chart)) continue;  // e.g. a chart in a closed tab or expander
            const surface = chart.querySelector('svg.marks, canvas.marks, svg, canvas');
            if (!surface) return null;
            const box = surface.getBoundingClientRect();
            if (box.width < 10 || box.height < 10) return null;
            if (surface.tagName.toLowerCase() === 'svg' && !surface.querySelector('.mark-group')) return null;
            sizes.push(Math.round(box.width) + 'x' + Math.round(box.height));
        }
        for (const table of document.querySelectorAll('[data-testid="stDataFrame"]')) {
            if (!shown(table)) continue;
            const canvas = table.querySelector('canvas');
            if (!canvas || canvas.getBoundingClientRect().width < 10) return null;
            sizes.push('t' + Math.round(table.getBoundingClientRect().width));
        }
        for (const img of main.querySelectorAll('img')) if (!img.complete) return null;
        return sizes.join(',') + '|' + main.querySelectorAll('[data-testid="stElementContainer"]').length;
    })();
    // ready, and nothing changed for quietMs: lazily loaded elements and layout have settled
    const now = performance.now();
    const last = window.__e2eRendered;
    if (ready === null) { window.__e2eRendered = null; return false; }
    if (!last || last.sig !== ready) { window.__e2eRendered = {sig: ready, since: now}; return false; }
    return now - last.since >= quietMs;
}
"""

_PAGE_NOT_FOUND = """
() => [...document.querySelectorAll('[data-testid="stDialog"]')]
        .map(d => d.innerText)
        .filter(t => /page not found|does not seem to exist/i.test(t))
"""


def wait_rendered(page: Page, timeout: int = TIMEOUT_MS) -> None:
    """Wait until the script run is over and every visible chart is drawn; then check the page is healthy."""
    try:
        page.evaluate("() => { window.__e2eRendered = null; }")
        page.wait_for_function(_IDLE_AND_DRAWN, arg=QUIET_MS, timeout=timeout, polling=50)
    except Exception as error:  # noqa: BLE001 - re-raised with what the page shows
        raise AssertionError(f"page {page.url} did not finish rendering: {error}\n{_diagnose(page)}") from error
    assert_healthy(page)


def _diagnose(page: Page) -> str:
    try:
        return "state: " + json.dumps(page.evaluate(
            """() => {
                const root = document.querySelector('[data-test-script-state]');
                return {
                    script: root && root.getAttribute('data-test-script-state'),
                    connection: root && root.getAttribute('data-test-connection-state'),
                    stale: document.querySelectorAll('[data-stale="true"]').length,
                    skeletons: document.querySelectorAll('[data-testid="stSkeleton"]').length,
                    charts: [...document.querySelectorAll('[data-testid="stVegaLiteChart"]')]
                        .map(c => c.innerHTML.slice(0, 80)),
                    dialogs: [...document.querySelectorAll('[data-testid="stDialog"]')].map(d => d.innerText),
                    text: document.body.innerText.slice(0, 600),
                };
            }"""
        ), ensure_ascii=False)
    except Exception as error:  # noqa: BLE001
        return f"(could not read the page: {error})"


def assert_healthy(page: Page) -> None:
    """No exception box, no traceback text, no Streamlit "Page not found" dialog."""
    exceptions = page.locator('[data-testid="stException"]')
    assert exceptions.count() == 0, f"{page.url} shows an exception:\n{exceptions.first.inner_text()[:2000]}"
    body = page.evaluate("() => document.body.innerText")
    assert "Traceback" not in body, f"{page.url} shows a traceback:\n{body[:2000]}"
    not_found = page.evaluate(_PAGE_NOT_FOUND)
    assert not not_found, (
        f"{page.url}: Streamlit shows a modal 'Page not found' dialog (the sidebar is inert behind it): "
        f"{not_found[0]!r}"
    )


def goto_rendered(page: Page, url: str, timeout: int = TIMEOUT_MS) -> None:
    page.goto(url, wait_until="domcontentloaded", timeout=timeout)
    wait_rendered(page, timeout)


def heading_texts(page: Page) -> list[str]:
    return page.locator('[data-testid="stMain"] h1').all_inner_texts()


def assert_title(page: Page, title: str) -> None:
    """The page shows its registry title as its main heading (h1; a suffix such as a year is allowed)."""
    headings = [h.strip() for h in heading_texts(page)]
    assert any(h == title or h.startswith(title) for h in headings), (
        f"{page.url}: no h1 heading with the title {title!r}; headings: {headings}"
    )


# ------------------------------------------------------------------ charts
_CHART_SIGNATURE = """
(chart) => {
    const svg = chart.querySelector('svg.marks, svg');
    if (svg) {
        const labels = [...svg.querySelectorAll('[role="graphics-symbol"]')]
            .map(e => e.getAttribute('aria-label') || '');
        return JSON.stringify({svg: labels.length ? labels : svg.outerHTML});
    }
    const canvas = chart.querySelector('canvas');
    return canvas ? JSON.stringify({canvas: canvas.toDataURL()}) : '';
}
"""


def charts(page: Page) -> Locator:
    return page.locator('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')


def chart_signature(chart: Locator) -> str:
    """What a chart shows, read from the DOM: the aria-labels Vega writes for every mark, axis and legend
    (they hold the data values), or the canvas pixels if the chart is drawn on a canvas."""
    return chart.evaluate(_CHART_SIGNATURE)


def wait_chart_changed(page: Page, index: int, before: str, timeout: int = TIMEOUT_MS) -> None:
    page.wait_for_function(
        f"""([index, before]) => {{
            const chart = document.querySelectorAll(
                '[data-testid="stMain"] [data-testid="stVegaLiteChart"]')[index];
            if (!chart) return false;
            const sig = ({_CHART_SIGNATURE})(chart);
            return sig !== '' && sig !== before;
        }}""",
        arg=[index, before],
        timeout=timeout,
    )


# ------------------------------------------------------------------ sidebar widgets
def sidebar_widget(page: Page, testid: str, label: str) -> Locator:
    return page.locator(f'[data-testid="stSidebar"] [data-testid="{testid}"]').filter(
        has=page.locator(f'input[aria-label="{label}"]')
    )


def multiselect_values(page: Page, label: str = "Palvelualue") -> list[str]:
    widget = sidebar_widget(page, "stMultiSelect", label)
    widget.wait_for(state="visible", timeout=TIMEOUT_MS)
    return widget.locator("[data-tag]").evaluate_all("els => els.map(e => e.getAttribute('aria-label'))")


def multiselect_choose(page: Page, option: str, label: str = "Palvelualue") -> None:
    widget = sidebar_widget(page, "stMultiSelect", label)
    widget.locator(f'input[aria-label="{label}"]').click(timeout=TIMEOUT_MS)
    page.get_by_role("option", name=option, exact=True).click(timeout=TIMEOUT_MS)
    page.keyboard.press("Escape")  # close the list; the choice stays


def selectbox_value(page: Page, label: str) -> str:
    return sidebar_widget(page, "stSelectbox", label).locator(f'input[aria-label="{label}"]').input_value()


def selectbox_choose(page: Page, label: str, option: str) -> None:
    widget = sidebar_widget(page, "stSelectbox", label)
    widget.locator(f'input[aria-label="{label}"]').click(timeout=TIMEOUT_MS)
    page.get_by_role("option", name=option, exact=True).click(timeout=TIMEOUT_MS)


def sidebar_state(page: Page) -> dict[str, object]:
    """What the sidebar filters show now (for failure messages)."""
    try:
        return {"Palvelualue": multiselect_values(page), "Vuosi": selectbox_value(page, "Vuosi")}
    except Exception as error:  # noqa: BLE001
        return {"unreadable": str(error)[:200]}


MENU_LINKS = '[data-testid="stSidebar"] a[data-testid="stPageLink-NavLink"]'  # the app's menu (st.page_link)


def nav_link(page: Page, url_path: str) -> Locator:
    """The sidebar menu's link to a page, found by its address (the label is translated, the query carries the
    filters): href is "<url_path>" or "<url_path>?<query>", relative to the app's root."""
    return page.locator(f'{MENU_LINKS}[href="{url_path}"], {MENU_LINKS}[href^="{url_path}?"]')


# ------------------------------------------------------------------ files
def png_size(data: bytes) -> tuple[int, int]:
    """(width, height) from a PNG's IHDR chunk; raises AssertionError if the bytes are not a PNG."""
    assert data[:8] == PNG_MAGIC, "not a PNG file (magic bytes differ)"
    assert data[12:16] == b"IHDR", "PNG without an IHDR chunk"
    return int.from_bytes(data[16:20], "big"), int.from_bytes(data[20:24], "big")
