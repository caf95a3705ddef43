"""What the benchmarks wait for in the browser, measured by the browser's own clock (performance.now()).

- A page load ends when the script run is over, nothing is stale, no placeholder of a lazily loaded component
  ([data-testid="stSkeleton"]) is left in view (where asked), and every chart on the page
  ([data-testid="stVegaLiteChart"]) holds a drawn surface (an <svg> with marks, or a canvas) -- not at the
  load event. The figure is performance.now() at that moment: milliseconds since the navigation started.
- A widget change starts at the pointerdown on the option (or chip, or nav link) and ends when the script
  state has changed at least once since then and the page is idle and drawn again.
Both are polled on every animation frame (polling="raf"), so the resolution is about 16 ms.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
VIEWPORT = {"width": 1400, "height": 2400}  # tall: every chart of a page is in view and drawn
TIMEOUT_MS = 30_000

_DRAWN_BODY = """
    const root = document.querySelector('[data-test-script-state]');
    if (!root) return false;
    if (root.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (root.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
    if (document.querySelector('[data-stale="true"]')) return false;
    // a lazily loaded component (chart, table) shows a skeleton until its code has arrived: not drawn yet
    if (waitSkeletons) {
        for (const skeleton of main.querySelectorAll('[data-testid="stSkeleton"]')) {
            if (skeleton.checkVisibility ? skeleton.checkVisibility() : skeleton.offsetParent !== null) return false;
        }
    }
    let drawn = 0;
    for (const chart of main.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
        const visible = chart.checkVisibility ? chart.checkVisibility() : chart.offsetParent !== null;
        if (!visible) continue;
        const surface = chart.querySelector('svg.marks, canvas.marks, svg, canvas');
        if (!surface) return false;
        const box = surface.getBoundingClientRect();
        if (box.width < 10 || box.height < 10) return false;
        if (surface.tagName.toLowerCase() === 'svg' && !surface.querySelector('.mark-group')) return false;
        drawn += 1;
    }
    if (drawn < minCharts) return false;
"""

# ([minCharts, waitSkeletons]) -> false, or performance.now() when the page is idle and every chart is drawn.
# A first load knows how many charts to expect and waits for those only (the figure is "until every chart is
# drawn"); where the count is being learned, or after a change, it also waits until no placeholder is left.
DRAWN = "([minCharts, waitSkeletons]) => {" + _DRAWN_BODY + "    return performance.now();\n}"

# count the charts of an idle page (used once per page to learn how many to wait for)
CHART_COUNT = """() => [...document.querySelectorAll('[data-testid="stMain"] [data-testid="stVegaLiteChart"]')]
    .filter(c => c.checkVisibility ? c.checkVisibility() : c.offsetParent !== null).length"""

ARM = """() => {
    // Watch the script state on the whole document: the element that carries it can be replaced by a new one.
    const bench = {t0: null, changes: 0, root: document.querySelector('[data-test-script-state]')};
    bench.observer = new MutationObserver(records => {
        for (const r of records) {
            if (r.type === 'attributes' || [...r.addedNodes].some(n => n.nodeType === 1 &&
                    (n.hasAttribute('data-test-script-state') || n.querySelector('[data-test-script-state]')))) {
                bench.changes += 1;
            }
        }
    });
    bench.observer.observe(document.documentElement, {attributes: true, subtree: true, childList: true,
                                                     attributeFilter: ['data-test-script-state']});
    document.addEventListener('pointerdown', () => { if (bench.t0 === null) bench.t0 = performance.now(); },
                              {capture: true, once: true});
    window.__bench = bench;
}"""

# ([minCharts, waitSkeletons]) -> false, or milliseconds from the armed pointerdown until idle and drawn again
CHANGED = ("([minCharts, waitSkeletons]) => {\n    const bench = window.__bench;\n"
           "    if (!bench || bench.t0 === null || bench.changes === 0) return false;\n"
           + _DRAWN_BODY
           + "    bench.observer.disconnect();\n    return performance.now() - bench.t0;\n}")

ERRORS_ON_PAGE = """() => {
    const body = document.body ? document.body.innerText : '';
    return {
        exceptions: document.querySelectorAll('[data-testid="stException"]').length,
        traceback: body.includes('Traceback'),
        not_found: [...document.querySelectorAll('[data-testid="stDialog"]')]
            .some(d => /page not found|does not seem to exist/i.test(d.innerText)),
        connection: (document.querySelector('[data-test-script-state]') || {getAttribute: () => null})
            .getAttribute('data-test-connection-state'),
    };
}"""


DIAGNOSE = """() => {
    const root = document.querySelector('[data-test-script-state]');
    const main = document.querySelector('[data-testid="stMain"]');
    const visible = e => e.checkVisibility ? e.checkVisibility() : e.offsetParent !== null;
    return {
        armed: window.__bench ? {t0: window.__bench.t0, changes: window.__bench.changes} : null,
        script: root && root.getAttribute('data-test-script-state'),
        connection: root && root.getAttribute('data-test-connection-state'),
        stale: document.querySelectorAll('[data-stale="true"]').length,
        skeletons: main ? [...main.querySelectorAll('[data-testid="stSkeleton"]')].filter(visible).length : null,
        charts: main ? [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(visible)
            .map(c => !!c.querySelector('svg .mark-group, canvas')) : null,
        focus: document.hasFocus(), hidden: document.hidden,
    };
}"""


def sidebar_combobox(label: str) -> str:
    return f'[data-testid="stSidebar"] input[role="combobox"][aria-label="{label}"]'


def nav_link_selector() -> str:
    return '[data-testid="stSidebarNav"] a'
