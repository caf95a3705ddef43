"""Weight on the wire and the first chart on a phone, every page against the floor, in one run (issue 12).

    python -m benchmarks --weight          results.json "weight" and the section "Weight" of RESULTS.md

- Servers: the app and the floor (benchmarks/floor/app.py: one chart, the app's own multipage mode and menu:
  a pages/ folder, st.page_link in the sidebar), each on its own, and each behind its own nginx made from
  deploy/nginx.conf.template (gzip, as deployed). Started the same way, from the project root.
- Bytes: Chromium's DevTools protocol, a fresh browser context (empty cache) per visit; every HTTP response's
  `encodedDataLength` at `Network.loadingFinished` (headers and body as they came over the wire, compressed
  where the proxy compressed) plus the WebSocket frames both ways (the page's own messages). A visit is over
  when the script run is over, every chart is drawn, no placeholder is left and no response has finished for
  a second.
- "Code it does not need": the JavaScript files a page loads that the floor does not, by name and size; and
  whether the page loads Streamlit's syntax highlighter (1.56 MB, the code of st.code) at all.
- Second page: from a first page, the menu link to another page is clicked; what that adds (files and
  messages) is counted apart.
- Phone: 390 x 844, a phone's User-Agent (as a phone gets the app: its sidebar's menu and filters built when
  opened), the CPU throttled 4x through the DevTools protocol (Emulation.setCPUThrottlingRate),
  milliseconds from navigation start until the first chart in the page has drawn marks; app page, the same page
  embedded (?embed=true, no sidebar) and floor alternate, RUNS each. Where the time goes: when the chart's
  element mounted (its code loaded, the page around it rendered) and how long the chart then took to draw,
  beside the floor's; the embedded page shows what the sidebar (menu and filters, rendered on a phone although
  it is collapsed) costs.

Goals (issue 12): direct, bytes at most 1.45 x the floor's (1.15 x for a page without tables); through the
proxy at most 1.2 x the floor's through the proxy; the first chart on a phone at most 1.3 x the floor's.
"""

from __future__ import annotations

import re
import shutil
import sys
import tempfile
import time
from pathlib import Path

from benchmarks.browser import PHONE_USER_AGENT, launch
from benchmarks.procs import start_streamlit
from benchmarks.stats import ratio, summary

FLOOR_FOLDER_SCRIPT = "benchmarks/floor/app.py"
WIDE = {"width": 1280, "height": 2000}
PHONE = {"width": 390, "height": 844}
THROTTLE = 4
RUNS = 5  # phone runs per page: per-page ratios moved by up to 0.3 between runs of 3 on a 2-core machine
TIMEOUT_MS = 60_000
QUIET_MS = 1000
GOALS = {"direct": 1.45, "direct_no_tables": 1.15, "proxy": 1.2, "phone": 1.3}
HIGHLIGHTER = "StreamlitSyntaxHighlighter"

RENDERED = """() => {
    const root = document.querySelector('[data-test-script-state]');
    if (!root || root.getAttribute('data-test-script-state') !== 'notRunning') return false;
    if (root.getAttribute('data-test-connection-state') !== 'CONNECTED') return false;
    const main = document.querySelector('[data-testid="stMain"]');
    if (!main || !main.querySelector('[data-testid="stElementContainer"]')) return false;
    if (document.querySelector('[data-stale="true"]') ||
        document.querySelector('[data-testid="stSkeleton"]')) return false;
    for (const chart of main.querySelectorAll('[data-testid="stVegaLiteChart"]')) {
        if (!chart.checkVisibility()) continue;
        if (!chart.querySelector('svg.marks .mark-group, canvas')) return false;
    }
    return true;
}"""
FIRST_CHART = """() => {
    const mark = document.querySelector(
        '[data-testid="stMain"] [data-testid="stVegaLiteChart"] svg.marks .mark-group, ' +
        '[data-testid="stMain"] [data-testid="stVegaLiteChart"] canvas');
    return mark ? [performance.now(), window.__chartMounted ?? null] : false;
}"""
# installed before the page's own code: notes on every animation frame when the first chart's element has mounted
# (a timer would be starved by the rendering work that it is meant to watch), until the chart has drawn marks
CHART_MOUNTED = """(() => {
    const tick = () => {
        const chart = document.querySelector('[data-testid="stMain"] [data-testid="stVegaLiteChart"]');
        if (chart && window.__chartMounted === undefined) window.__chartMounted = performance.now();
        if (!chart || !chart.querySelector('svg.marks .mark-group, canvas')) requestAnimationFrame(tick);
    };
    requestAnimationFrame(tick);
})();"""
ELEMENTS = """() => {
    const main = document.querySelector('[data-testid="stMain"]');
    const n = (id) => main.querySelectorAll(`[data-testid="${id}"]`).length;
    const elements = [...main.querySelectorAll('[data-testid="stElementContainer"]')];
    const chart = main.querySelector('[data-testid="stVegaLiteChart"]');
    const before = chart ? elements.filter(e => !e.contains(chart) &&
        (e.compareDocumentPosition(chart) & Node.DOCUMENT_POSITION_FOLLOWING)).length : null;
    return {charts: n('stVegaLiteChart'), dataframes: n('stDataFrame'), tables: n('stTable'), code: n('stCode'),
            html_tables: main.querySelectorAll('table.xt').length, elements: elements.length,
            elements_before_first_chart: before};
}"""


class Wire:
    """Bytes of one browser context, from the DevTools protocol: HTTP responses and WebSocket frames."""

    def __init__(self, page):
        self.cdp = page.context.new_cdp_session(page)
        self.urls: dict[str, str] = {}
        self.http: dict[str, int] = {}  # requestId -> encoded bytes
        self.ws_bytes = 0
        self.ws_frames = 0
        self.last_finished = time.monotonic()
        self.cdp.on("Network.responseReceived", self._response)
        self.cdp.on("Network.loadingFinished", self._finished)
        self.cdp.on("Network.webSocketFrameReceived", self._frame)
        self.cdp.on("Network.webSocketFrameSent", self._frame)
        self.cdp.send("Network.enable")

    def _response(self, event) -> None:
        self.urls[event["requestId"]] = event["response"]["url"]

    def _finished(self, event) -> None:
        self.http[event["requestId"]] = int(event.get("encodedDataLength", 0))
        self.last_finished = time.monotonic()

    def _frame(self, event) -> None:
        response = event["response"]
        payload = response.get("payloadData", "")
        # binary frames (Streamlit's protobuf messages) come base64-encoded: their size is 3/4 of the text
        size = len(payload) * 3 // 4 if response.get("opcode") == 2 else len(payload.encode())
        self.ws_bytes += size
        self.ws_frames += 1

    def snapshot(self) -> dict:
        files = {}
        for request_id, size in self.http.items():
            url = self.urls.get(request_id, request_id)
            files[url] = files.get(url, 0) + size
        return {"http_bytes": sum(self.http.values()), "responses": len(self.http), "ws_bytes": self.ws_bytes,
                "ws_frames": self.ws_frames, "files": files}

    def wait_quiet(self, page, quiet_ms: int = QUIET_MS, limit_s: float = 15.0) -> None:
        """Until no response has finished for quiet_ms (lazily loaded code, fonts and images have arrived)."""
        deadline = time.monotonic() + limit_s
        while time.monotonic() < deadline:
            page.wait_for_timeout(100)  # lets the protocol's events in; a settling poll, not a synchronisation
            if (time.monotonic() - self.last_finished) * 1000 >= quiet_ms:
                return


def _js_name(url: str) -> str | None:
    match = re.search(r"/static/(?:js|css|media)/([^/?]+)$", url)
    return match.group(1) if match else None


def _summary_of(snap: dict) -> dict:
    total = snap["http_bytes"] + snap["ws_bytes"]
    code = {}
    for url, size in snap["files"].items():
        name = _js_name(url)
        if name:
            code[name] = code.get(name, 0) + size
    return {"bytes": total, "http_bytes": snap["http_bytes"], "ws_bytes": snap["ws_bytes"],
            "responses": snap["responses"], "ws_frames": snap["ws_frames"],
            "highlighter": any(HIGHLIGHTER in name for name in code), "code": code}


def visit(browser, url: str, then: str | None = None) -> dict:
    """A first visit to `url` (fresh context); with `then`, a click on the menu link to that page afterwards."""
    context = browser.new_context(viewport=WIDE, locale="fi-FI")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        wire = Wire(page)
        page.goto(url, wait_until="commit")
        page.wait_for_function(RENDERED, polling=100)
        wire.wait_quiet(page)
        first = wire.snapshot()
        out = {**_summary_of(first), "elements": page.evaluate(ELEMENTS)}
        if then is not None:
            # st.page_link writes a relative href ("budget", "budget?area=VAKA")
            link = page.locator(f'[data-testid="stSidebar"] a[href="{then}"], [data-testid="stSidebar"] '
                                f'a[href^="{then}?"], [data-testid="stSidebar"] a[href*="/{then}"]').first
            link.click()
            page.wait_for_url(re.compile(rf"/{re.escape(then)}(\?|$)"))
            page.wait_for_timeout(300)  # the rerun of the new page starts; RENDERED then waits for its end
            page.wait_for_function(RENDERED, polling=100)
            wire.wait_quiet(page)
            second = wire.snapshot()
            added = {u: s - first["files"].get(u, 0) for u, s in second["files"].items()
                     if s - first["files"].get(u, 0) > 0}
            out["then"] = {"to": then, "http_bytes": second["http_bytes"] - first["http_bytes"],
                           "ws_bytes": second["ws_bytes"] - first["ws_bytes"],
                           "new_files": {(_js_name(u) or u.rsplit("/", 1)[-1]): s for u, s in added.items()}}
        return out
    finally:
        context.close()


def phone_first_chart(browser, url: str) -> tuple[float, float]:
    """(first chart drawn, its element mounted): milliseconds from navigation start on the throttled phone. The
    element mounts once the chart's code is loaded and the page has rendered around it; from there on the time is
    the chart's own drawing (Vega-Lite compiled, the dataflow run, the marks drawn)."""
    context = browser.new_context(viewport=PHONE, locale="fi-FI", is_mobile=True, has_touch=True,
                                  device_scale_factor=3, user_agent=PHONE_USER_AGENT)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    try:
        cdp = context.new_cdp_session(page)
        cdp.send("Emulation.setCPUThrottlingRate", {"rate": THROTTLE})
        page.add_init_script(CHART_MOUNTED)
        page.goto(url, wait_until="commit")
        drawn, mounted = page.wait_for_function(FIRST_CHART, polling=50).json_value()
        return float(drawn), float(drawn if mounted is None else mounted)
    finally:
        context.close()


def _extra_code(page: dict, floor: dict) -> list[tuple[str, int]]:
    """The page's code files the floor did not load, largest first."""
    extra = [(name, size) for name, size in page["code"].items() if name not in floor["code"]]
    return sorted(extra, key=lambda x: -x[1])


def _page_weight(browser, url_path: str, entry: dict, wheres) -> None:
    """One page's first visit direct and through the proxy (`wheres`: (where, base url, the floor's visit there)),
    each against the floor, into `entry`, with the verdicts; a failed visit is noted in `entry`."""
    for where, base, fl in wheres:
        try:
            figures = visit(browser, f"{base}/{url_path}")
        except Exception as error:  # noqa: BLE001 - reported for the page, the run goes on
            entry[f"{where}_error"] = str(error).splitlines()[0][:300]
            continue
        figures["extra_code"] = _extra_code(figures, fl)[:8]
        figures["ratio"] = ratio(figures["bytes"], fl["bytes"])
        entry[where] = figures
    elements = entry.get("direct", {}).get("elements", {})
    has_tables = bool(elements.get("dataframes") or elements.get("tables") or elements.get("html_tables"))
    entry["has_tables"] = has_tables
    goal_direct = GOALS["direct"] if has_tables else GOALS["direct_no_tables"]
    entry["goal_direct"] = goal_direct
    entry["verdict_direct"] = _verdict(entry.get("direct", {}).get("ratio"), goal_direct)
    entry["verdict_proxy"] = _verdict(entry.get("proxy", {}).get("ratio"), GOALS["proxy"])


def _second_pages(browser, wheres, pages) -> list[dict]:
    """What a second page adds in the same visit (the menu link clicked), at each (where, base url) of `wheres`."""
    rows = []
    for first, then in (("", "budget"), ("budget", "kpis"), ("", "about")):
        if pages is not None and (first not in pages or then not in pages):
            continue
        row = {"from": "/" + first, "to": "/" + then}
        for where, base in wheres:
            try:
                row[where] = visit(browser, f"{base}/{first}", then=then)["then"]
            except Exception as error:  # noqa: BLE001
                row[f"{where}_error"] = str(error).splitlines()[0][:300]
        rows.append(row)
    return rows


def _phone_first_charts(browser, url: str, floor_url: str, runs: int, entry: dict) -> list[float]:
    """The first chart of `url` on a throttled phone, `runs` times, each followed by the same page embedded
    (?embed=true: no sidebar, see README) and by the floor's, into `entry` with the verdict (a failure is noted
    there). Besides the first chart: when its element mounted and how long it then took to draw, for the page and
    the floor, and the embedded page's first chart: where the difference from the floor comes from (the sidebar,
    the page around the chart, the chart itself). Returns the floor's times to count (none if the page failed)."""
    times: dict[str, list[float]] = {k: [] for k in (
        "app", "app_mounted", "app_drawing", "embedded", "floor", "floor_mounted", "floor_drawing")}
    embedded_url = url + ("&" if "?" in url else "?") + "embed=true"
    for _ in range(runs):
        try:
            drawn, mounted = phone_first_chart(browser, url)
            embedded, _mounted = phone_first_chart(browser, embedded_url)
        except Exception as error:  # noqa: BLE001
            entry["phone_error"] = str(error).splitlines()[0][:300]
            break
        floor_drawn, floor_mounted = phone_first_chart(browser, floor_url)
        for key, value in (("app", drawn), ("app_mounted", mounted), ("app_drawing", drawn - mounted),
                           ("embedded", embedded), ("floor", floor_drawn), ("floor_mounted", floor_mounted),
                           ("floor_drawing", floor_drawn - floor_mounted)):
            times[key].append(value)
    if not times["app"]:
        return []
    entry["phone_first_chart"] = summary(times["app"])
    entry["phone_floor_first_chart"] = summary(times["floor"])
    entry["phone_ratio"] = ratio(entry["phone_first_chart"]["median"], entry["phone_floor_first_chart"]["median"])
    entry["verdict_phone"] = _verdict(entry["phone_ratio"], GOALS["phone"])
    entry["phone_parts"] = {key: summary(values) for key, values in times.items() if key not in ("app", "floor")}
    entry["phone_embedded_ratio"] = ratio(entry["phone_parts"]["embedded"]["median"],
                                          entry["phone_floor_first_chart"]["median"])
    return times["floor"]


def run_weight(log_dir: Path, runs: int = RUNS, pages=None) -> dict:
    from playwright.sync_api import sync_playwright

    from tests.e2e.test_proxy import Nginx
    from utils.core.navigation import PAGES

    specs = [p for p in PAGES if pages is None or p.url_path in pages]
    t0 = time.monotonic()
    servers, proxies = [], []
    try:
        app = start_streamlit("app.py", log_dir / "app")
        floor = start_streamlit(FLOOR_FOLDER_SCRIPT, log_dir / "floor")
        servers += [app, floor]
        app_proxy = Nginx([app.base_url.removeprefix("http://")])
        proxies.append(app_proxy)
        floor_proxy = Nginx([floor.base_url.removeprefix("http://")])
        proxies.append(floor_proxy)
        out: dict = {"pages": {}, "floor": {}, "goals": GOALS, "runs": runs, "throttle": THROTTLE,
                     "viewport_wide": WIDE, "viewport_phone": PHONE}
        with sync_playwright() as playwright:
            browser = launch(playwright)
            # warm both servers (their first session loads the data and imports)
            for base in (app.base_url, floor.base_url):
                visit(browser, base + "/")
            floor_direct = visit(browser, floor.base_url + "/", then="other")
            floor_proxy_visit = visit(browser, floor_proxy.base_url + "/", then=None)
            out["floor"] = {"direct": floor_direct, "proxy": floor_proxy_visit}
            for spec in specs:
                _log(f"weight of /{spec.url_path}")
                entry = out["pages"].setdefault(spec.url_path or "/", {"title": spec.title})
                _page_weight(browser, spec.url_path, entry, (("direct", app.base_url, floor_direct),
                                                             ("proxy", app_proxy.base_url, floor_proxy_visit)))
            # second page in the same visit (menu link), direct and through the proxy
            out["second_page"] = _second_pages(browser, (("direct", app.base_url), ("proxy", app_proxy.base_url)),
                                               pages)
            # the first chart on a phone, throttled, app and floor alternating
            floor_ms: list[float] = []
            for spec in specs:
                entry = out["pages"][spec.url_path or "/"]
                if not entry.get("direct", {}).get("elements", {}).get("charts"):
                    continue
                _log(f"phone first chart of /{spec.url_path}")
                floor_ms += _phone_first_charts(browser, f"{app.base_url}/{spec.url_path}", floor.base_url + "/",
                                                runs, entry)
            out["floor"]["phone_first_chart"] = summary(floor_ms)
            browser.close()
        out["seconds"] = round(time.monotonic() - t0, 1)
        return out
    finally:
        for proxy in proxies:
            proxy.stop()
        for server in servers:
            server.stop()


def _verdict(value, goal) -> str:
    if value is None:
        return "–"
    return "met" if value <= goal else f"missed by {value - goal:.2f} ({(value / goal - 1) * 100:.0f} % over)"


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def run(runs: int = RUNS, pages=None) -> dict:
    tmp = Path(tempfile.mkdtemp(prefix="benchmarks-weight-"))
    try:
        return run_weight(tmp, runs, pages)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def brief(weight: dict) -> str:
    """A few lines for the terminal."""
    floor = weight["floor"]
    lines = [f"floor: direct {floor['direct']['bytes'] / 1e6:.2f} MB, proxy {floor['proxy']['bytes'] / 1e6:.2f} MB, "
             f"phone first chart {floor.get('phone_first_chart', {}).get('median')} ms"]
    for path, page in weight["pages"].items():
        d, p = page.get("direct", {}), page.get("proxy", {})
        lines.append(f"{path:10} direct {d.get('bytes', 0) / 1e6:.2f} MB x{d.get('ratio')} "
                     f"({page.get('verdict_direct')}), proxy {p.get('bytes', 0) / 1e6:.2f} MB x{p.get('ratio')} "
                     f"({page.get('verdict_proxy')}), "
                     f"phone x{page.get('phone_ratio')} ({page.get('verdict_phone', '–')}), "
                     f"highlighter {d.get('highlighter')}")
    for row in weight.get("second_page", []):
        for where in ("direct", "proxy"):
            if where in row:
                lines.append(f"{row['from']} -> {row['to']} {where}: +{row[where]['http_bytes'] / 1e3:.0f} kB "
                             f"http, +{row[where]['ws_bytes'] / 1e3:.0f} kB messages, "
                             f"new: {list(row[where]['new_files'])[:6]}")
    return "\n".join(lines)
