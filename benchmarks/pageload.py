"""Browser figures against a real server (Playwright, sync API): first loads, filter changes, cold starts,
memory per session. Every wait is bounded (TIMEOUT_MS); every figure comes from the browser's clock."""

from __future__ import annotations

import time
from pathlib import Path

from playwright.sync_api import Browser, Page

from benchmarks.browser import (
    ARM,
    CHANGED,
    CHART_CHANGED,
    CHART_COUNT,
    DIAGNOSE,
    DRAWN,
    ERRORS_ON_PAGE,
    STARTED,
    TIMEOUT_MS,
    VIEWPORT,
    WS_HOOK,
)
from benchmarks.procs import start_streamlit

AREA_LABEL = "Palvelualue"
AREA_OPTION = "Varhaiskasvatus"  # VAKA, by its Finnish short name


def new_page(browser: Browser) -> Page:
    context = browser.new_context(viewport=VIEWPORT, locale="fi-FI")
    context.set_default_timeout(TIMEOUT_MS)
    context.add_init_script(WS_HOOK)
    return context.new_page()


def close(page: Page) -> None:
    page.context.close()


def check_page(page: Page) -> None:
    state = page.evaluate(ERRORS_ON_PAGE)
    if state["exceptions"] or state["traceback"] or state["not_found"] or state["connection"] != "CONNECTED":
        raise RuntimeError(f"{page.url} is not healthy: {state}")


def load(page: Page, url: str, min_charts: int, skeletons: bool = False) -> float:
    """Open `url` in this page; milliseconds from navigation start until idle with `min_charts` charts drawn
    (and, with `skeletons`, no lazily loaded component still showing its placeholder)."""
    page.goto(url, wait_until="commit", timeout=TIMEOUT_MS)
    value = page.wait_for_function(DRAWN, arg=[min_charts, skeletons], polling="raf",
                                   timeout=TIMEOUT_MS).json_value()
    check_page(page)
    return float(value)


FIRST_LOAD_FINISHED_MS: list[float] = []  # per first load: navigation start until the script_finished arrived


def first_load(browser: Browser, url: str, min_charts: int) -> float:
    """A fresh browser context (no cache, no cookies) opening the page by its URL."""
    page = new_page(browser)
    try:
        ms = load(page, url, min_charts)
        FIRST_LOAD_FINISHED_MS.append(float(page.evaluate("() => window.__lastFinishedAt || NaN")))
        return ms
    finally:
        close(page)


def page_profile(browser: Browser, url: str, settle_s: float = 0.5) -> dict:
    """How many charts the page shows once it has settled (counted `settle_s` apart until two counts agree),
    and what the server sent for it over the WebSocket (frames and bytes) -- a warm-up visit as well."""
    page = new_page(browser)
    received = {"frames": 0, "bytes": 0}

    def on_frame(payload) -> None:
        received["frames"] += 1
        received["bytes"] += len(payload)

    page.on("websocket", lambda ws: ws.on("framereceived", on_frame))
    try:
        load(page, url, 0, skeletons=True)
        count = page.evaluate(CHART_COUNT)
        for _ in range(5):
            page.wait_for_timeout(settle_s * 1000)  # settling time between two counts, not a synchronisation
            again = page.evaluate(CHART_COUNT)
            if again == count:
                break
            count = again
        return {"charts": count, "ws_frames": received["frames"], "ws_kb": round(received["bytes"] / 1024, 1)}
    finally:
        close(page)


# ------------------------------------------------------------------ widget changes
SERVER_PART_MS: list[float] = []  # per timed change: pointerdown until the script_finished message arrived
FIRST_MESSAGE_MS: list[float] = []  # per timed change: pointerdown until the rerun's first message arrived
LOST_CLICKS = {"count": 0}  # clicks that ran no script within CLICK_GRACE_MS and were repeated
CLICK_GRACE_MS = 5_000
OPEN_SETTLE_MS = 300  # after a dropdown list has opened, before its option is clicked (not part of any figure)


def _timed(page: Page, action, min_charts: int, attempts: int = 3, prepare=None,
           chart_must_change: bool = False) -> float:
    """Arm, act, and wait until the page is idle and drawn again; milliseconds from the pointerdown.
    A click after which no script run finishes within CLICK_GRACE_MS is counted in LOST_CLICKS and repeated
    (with a fresh `prepare`), timed from the repeat."""
    page.bring_to_front()  # a page in the background gets no animation frames: the raf polling would stall
    for attempt in range(attempts):
        if prepare is not None:
            action = prepare() or action  # untimed: e.g. open a dropdown; may choose the click anew
        page.evaluate(ARM)
        action()
        try:
            page.wait_for_function(STARTED, polling="raf", timeout=CLICK_GRACE_MS)
            break
        except Exception:  # noqa: BLE001 - no rerun started: the click was lost
            LOST_CLICKS["count"] += 1
            if attempt == attempts - 1:
                raise RuntimeError(f"{page.url}: {attempts} clicks started no rerun: {page.evaluate(DIAGNOSE)}")
    try:
        value = page.wait_for_function(CHANGED, arg=[min_charts, True, chart_must_change], polling="raf",
                                       timeout=TIMEOUT_MS).json_value()
        SERVER_PART_MS.append(float(value["server"]))
        FIRST_MESSAGE_MS.append(float(value["first"]))
        return float(value["total"])
    except Exception as error:  # noqa: BLE001 - re-raised with what the page showed
        raise RuntimeError(f"{page.url}: the change did not finish: {page.evaluate(DIAGNOSE)}") from error


class AreaFilter:
    """The app's area filter in the sidebar: add VAKA (one click on the option), then remove it (one click on
    the chip's remove button), and so on. Each click is timed until the rerun has finished and every chart in
    view is drawn again (a page may show another number of charts for one area than for the whole sector).
    The first two changes (warm-up) tell whether this page's charts change with the area; if they do, a change
    ends only once the charts show the new data."""

    def __init__(self, page: Page):
        self.page, self.chosen, self.seen_changes = page, False, []

    @property
    def charts_change(self) -> bool:
        return len(self.seen_changes) >= 2 and all(self.seen_changes)

    def change(self) -> float:
        page = self.page
        must = self.charts_change
        if not self.chosen:
            combobox = page.locator(f'[data-testid="stSidebar"] input[role="combobox"][aria-label="{AREA_LABEL}"]')
            option = page.get_by_role("option", name=AREA_OPTION, exact=True)

            def open_list() -> None:
                if not option.is_visible():
                    combobox.click()
                    option.wait_for(state="visible")
                    page.wait_for_timeout(OPEN_SETTLE_MS)  # untimed: a click while the list opens can be lost

            ms = _timed(page, option.click, 0, prepare=open_list, chart_must_change=must)
            page.keyboard.press("Escape")
        else:
            button = page.locator(f'[data-testid="stSidebar"] button[aria-label="Remove {AREA_OPTION}"]')
            ms = _timed(page, button.click, 0, chart_must_change=must)
        self.seen_changes.append(page.evaluate(CHART_CHANGED))
        self.chosen = not self.chosen
        check_page(page)
        return ms


class FloorSelect:
    """The floor page's selectbox: open the list (untimed), click the series not shown now (timed); each change
    redraws the chart. The same kind of action as the app's area filter: one click on an option."""

    def __init__(self, page: Page):
        self.page = page

    def change(self) -> float:
        page = self.page
        combobox = page.locator('[data-testid="stMain"] input[role="combobox"][aria-label="Sarja"]')

        def open_list():
            """Open the list and return the click on the series not shown now (asked anew on a repeat)."""
            option = page.get_by_role("option", name={"A": "B", "B": "A"}[combobox.input_value()], exact=True)
            if not option.is_visible():
                combobox.click()
                option.wait_for(state="visible")
                page.wait_for_timeout(OPEN_SETTLE_MS)  # untimed: a click while the list opens can be lost
            return option.click

        return _timed(page, None, 1, prepare=open_list, chart_must_change=True)


# ------------------------------------------------------------------ process start and memory
def cold_start(browser: Browser, script: str, log_dir: Path, min_charts: int,
               more_sessions: list[tuple[str, int]] = (), settle_s: float = 1.5) -> dict:
    """Spawn a server; time until /_stcore/health answers, and until a first browser has every chart of the
    root page drawn. Then the server's RSS with that one session open and, if `more_sessions` (path, charts)
    are given, with all of them open at once too (each its own context, all kept open while RSS is read)."""
    server = start_streamlit(script, log_dir)
    pages: list[Page] = []
    try:
        idle = server.rss_mb()
        page = new_page(browser)
        pages.append(page)
        load(page, server.base_url + "/", min_charts)
        out = {"cold_start_ms": server.healthy_after_s * 1000,
               "first_page_ms": (time.monotonic() - server.started) * 1000}
        time.sleep(settle_s)  # let the server finish the session's bookkeeping before reading RSS
        out["rss_mb_idle"] = round(idle, 1)
        out["rss_mb_1"] = round(server.rss_mb(), 1)
        if more_sessions:
            for url, charts in more_sessions:
                page = new_page(browser)
                pages.append(page)
                load(page, server.base_url + url, charts)
            time.sleep(settle_s)
            n = len(pages)
            out["sessions"] = n
            out[f"rss_mb_{n}"] = round(server.rss_mb(), 1)
            out["rss_mb_per_added_session"] = round((out[f"rss_mb_{n}"] - out["rss_mb_1"]) / (n - 1), 2)
        return out
    finally:
        for page in pages:
            close(page)
        server.stop()
