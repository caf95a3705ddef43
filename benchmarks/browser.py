"""What the benchmarks wait for in the browser, measured by the browser's own clock (performance.now()).

- A page load ends when the script run is over, nothing is stale, no placeholder of a lazily loaded component
  ([data-testid="stSkeleton"]) is left in view (where asked), and every chart on the page
  ([data-testid="stVegaLiteChart"]) holds a drawn surface (an <svg> with marks, or a canvas) -- not at the
  load event. The figure is performance.now() at that moment: milliseconds since the navigation started.
- A widget change starts at the pointerdown on the option (or chip, or nav link) and ends when the rerun it
  caused has finished (its script_finished message has arrived on the WebSocket), the page is idle and every
  chart is drawn again -- showing other data than before where the change is known to change a chart.
Both are polled on every animation frame (polling="raf"), so the resolution is about 16 ms.
"""

from __future__ import annotations

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]


def launch(playwright):
    """Debian's Chromium, headless, as the benchmarks and the browser tests start it (sync or async Playwright:
    an async caller awaits the result)."""
    return playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)


# A phone's browser as a phone sends it: the app builds a phone's sidebar menu and filters only when they are
# opened (utils/core/device.py), so a phone-sized viewport with a desktop browser's User-Agent would measure and
# test a view no phone gets
PHONE_USER_AGENT = ("Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) "
                    "Chrome/131.0.0.0 Mobile Safari/537.36")
VIEWPORT = {"width": 1400, "height": 2400}  # tall: every chart of a page is in view and drawn
TIMEOUT_MS = 30_000

# Installed in every page before Streamlit's code runs (context.add_init_script): counts the ForwardMsgs with
# `script_finished` (field 6 of ForwardMsg, a varint) that arrive on the app's WebSocket. A fast script (the
# floor page's runs in a few ms) finishes within one frame, so the script-state attribute of the page may never
# be seen to change; the message is always there.
WS_HOOK = """
(() => {
    window.__scriptsFinished = 0;
    const finished = (buffer) => {
        const bytes = new Uint8Array(buffer);
        let i = 0;
        const varint = () => { let r = 0, s = 0, b; do { b = bytes[i++]; r += (b & 0x7f) * 2 ** s; s += 7; }
                               while (b & 0x80 && i < bytes.length); return r; };
        while (i < bytes.length) {
            const key = varint(), field = Math.floor(key / 8), type = key & 7;
            if (field === 6 && type === 0) return true;
            if (type === 0) varint(); else if (type === 1) i += 8; else if (type === 2) { const n = varint(); i += n; }
            else if (type === 5) i += 4; else return false;
        }
        return false;
    };
    const Original = window.WebSocket;
    function Counting(...args) {
        const ws = new Original(...args);
        ws.addEventListener('message', (event) => {
            const bench = window.__bench;
            if (bench && bench.t0 !== null && bench.firstMessage === null) bench.firstMessage = performance.now();
            if (event.data instanceof ArrayBuffer && finished(event.data)) {
                window.__scriptsFinished += 1;
                window.__lastFinishedAt = performance.now();
            }
        });
        return ws;
    }
    Counting.prototype = Original.prototype;
    for (const k of ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED']) Counting[k] = Original[k];
    window.WebSocket = Counting;
})();
"""

# the text of every chart's marks, axes and legends (Vega writes the data values into aria-labels)
_SIGNATURE = """(main => [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')]
    .map(c => [...c.querySelectorAll('[role="graphics-symbol"]')].map(e => e.getAttribute('aria-label')).join('|'))
    .join('#'))"""

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
    const main = document.querySelector('[data-testid="stMain"]');
    window.__bench = {t0: null, firstMessage: null, finished: window.__scriptsFinished || 0,
                      sig: """ + _SIGNATURE + """(main)};
    const bench = window.__bench;
    document.addEventListener('pointerdown', () => { if (bench.t0 === null) bench.t0 = performance.now(); },
                              {capture: true, once: true});
}"""

# a rerun has started (and finished: the script_finished message has arrived) since the armed pointerdown
STARTED = "() => !!window.__bench && window.__bench.t0 !== null && window.__scriptsFinished > window.__bench.finished"

# ([minCharts, waitSkeletons, chartMustChange]) -> false, or {total, server}: milliseconds from the armed
# pointerdown until the rerun has finished and the page is idle with every chart drawn (and, if asked, showing
# other data than before); until the rerun's script_finished message arrived (the server's part: the click
# reaching the server, the script run and its elements sent; the rest is the browser drawing them); and until
# the first message of the rerun arrived (the click handled by the frontend, sent, and the run started)
CHANGED = ("([minCharts, waitSkeletons, chartMustChange]) => {\n    const bench = window.__bench;\n"
           "    if (!bench || bench.t0 === null || !(window.__scriptsFinished > bench.finished)) return false;\n"
           + _DRAWN_BODY
           + "    if (chartMustChange && " + _SIGNATURE + "(main) === bench.sig) return false;\n"
           + "    return {total: performance.now() - bench.t0, server: window.__lastFinishedAt - bench.t0,\n"
           + "            first: bench.firstMessage - bench.t0};\n}")

CHART_CHANGED = ("() => !!window.__bench && " + _SIGNATURE
                 + "(document.querySelector('[data-testid=\"stMain\"]')) !== window.__bench.sig")

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
        armed: window.__bench ? {t0: window.__bench.t0, finished_before: window.__bench.finished,
                                 finished_now: window.__scriptsFinished} : null,
        script: root && root.getAttribute('data-test-script-state'),
        connection: root && root.getAttribute('data-test-connection-state'),
        stale: document.querySelectorAll('[data-stale="true"]').length,
        skeletons: main ? [...main.querySelectorAll('[data-testid="stSkeleton"]')].filter(visible).length : null,
        charts: main ? [...main.querySelectorAll('[data-testid="stVegaLiteChart"]')].filter(visible)
            .map(c => !!c.querySelector('svg .mark-group, canvas')) : null,
        focus: document.hasFocus(), hidden: document.hidden,
    };
}"""
