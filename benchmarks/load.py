"""The load run: N sessions at once on one server, from one browser with a context per session.

Sessions start `stagger_s` apart (2 s by default: on 2 cores, each new browser context spends about a CPU-second
compiling Streamlit's JavaScript, and 20 of those at once would measure the browser, not the server); each opens
a page by its URL (within 60 s), then for `duration_s` switches pages in the
sidebar navigation and changes the area and year filters, with a think time of 1-3 s between actions, and
stops by itself. Every action is timed from the pointerdown until the page is idle with every chart drawn
(browser clock, polled every 50 ms). An error is an action that does not finish within the timeout, a page
showing an exception, a traceback, "Page not found" or a lost connection, or an uncaught JavaScript error.

Meanwhile the server's memory and CPU, the load generator's CPU (this Python process, the Playwright driver and
every Chromium process) and the whole machine's CPU are sampled once a second from /proc.
"""

from __future__ import annotations

import asyncio
import os
import random
import time
from pathlib import Path

from benchmarks.browser import ARM, CHANGED, DIAGNOSE, DRAWN, ERRORS_ON_PAGE, WS_HOOK, launch
from benchmarks.pageload import OPEN_SETTLE_MS
from benchmarks.procs import CpuMeter, descendants, machine_cpu_times, start_streamlit
from benchmarks.stats import load_summary, summary
from utils.ingest.common import load_mapping

ACTION_TIMEOUT_MS = 30_000
OPEN_TIMEOUT_MS = 60_000  # a first load while other sessions load too: every context compiles Streamlit's code
THINK_S = (1.0, 3.0)
POLL_MS = 50
YEARS = ("2022", "2023", "2024")
AREA_LABEL = "Palvelualue"
AREA_OPTIONS = {spec["short_fi"] for code, spec in load_mapping()["areas"].items() if code != "ALL"}
YEAR_LABEL = "Vuosi"


class Session:
    def __init__(self, index: int, browser, base_url: str, urls: list[str], rng: random.Random, results: dict):
        self.index, self.browser, self.base_url, self.urls, self.rng = index, browser, base_url, urls, rng
        self.results = results
        self.js_errors: list[str] = []

    def error(self, what: str) -> None:
        self.results["errors"].append(f"session {self.index}: {what}"[:600])

    async def _timed(self, page, action) -> float:
        await page.evaluate(ARM)
        await action()
        try:
            handle = await page.wait_for_function(CHANGED, arg=[0, True, False], polling=POLL_MS,
                                                  timeout=ACTION_TIMEOUT_MS)
        except Exception as error:  # noqa: BLE001 - re-raised with what the page showed
            state = await page.evaluate(DIAGNOSE)
            raise RuntimeError(f"not done within {ACTION_TIMEOUT_MS / 1000:.0f} s: {state}") from error
        value = await handle.json_value()
        self.results["server_part"].append(float(value["server"]))
        return float(value["total"])

    async def _healthy(self, page, what: str) -> bool:
        state = await page.evaluate(ERRORS_ON_PAGE)
        bad = state["exceptions"] or state["traceback"] or state["not_found"] or state["connection"] != "CONNECTED"
        if bad:
            self.error(f"{what}: page not healthy {state}")
        return not bad

    async def navigate(self, page) -> float:
        links = page.locator('[data-testid="stSidebarNav"] a')
        hrefs = await links.evaluate_all("els => els.map(a => a.getAttribute('href'))")
        here = page.url.split("?")[0].rstrip("/")
        choices = [i for i, h in enumerate(hrefs) if h and h.split("?")[0].rstrip("/") != here]
        return await self._timed(page, links.nth(self.rng.choice(choices)).click)

    async def area(self, page) -> float:
        remove = page.locator('[data-testid="stSidebar"] button[aria-label^="Remove "]')
        chosen = await remove.count()
        # with every area chosen there is nothing to add: remove one (an empty list is no action a visitor takes)
        if chosen and (self.rng.random() < 0.6 or chosen >= len(AREA_OPTIONS)):
            return await self._timed(page, remove.nth(self.rng.randrange(chosen)).click)
        await page.locator(f'[data-testid="stSidebar"] input[role="combobox"][aria-label="{AREA_LABEL}"]').click()
        options = page.get_by_role("option")
        await options.first.wait_for(state="visible", timeout=ACTION_TIMEOUT_MS)
        await page.wait_for_timeout(OPEN_SETTLE_MS)  # untimed, as in benchmarks/pageload.py
        # only the areas: with every area chosen, the list holds a "no results" line with the option role
        names = [n for n in await options.all_inner_texts() if n.strip() in AREA_OPTIONS]
        if not names:
            await page.keyboard.press("Escape")
            return await self._timed(page, remove.first.click)
        option = page.get_by_role("option", name=self.rng.choice(names), exact=True)
        ms = await self._timed(page, option.click)
        await page.keyboard.press("Escape")
        return ms

    async def year(self, page) -> float:
        box = page.locator(f'[data-testid="stSidebar"] input[role="combobox"][aria-label="{YEAR_LABEL}"]')
        current = await box.input_value()
        await box.click()
        option = page.get_by_role("option", name=self.rng.choice([y for y in YEARS if y != current]), exact=True)
        await option.wait_for(state="visible", timeout=ACTION_TIMEOUT_MS)
        await page.wait_for_timeout(OPEN_SETTLE_MS)  # untimed, as in benchmarks/pageload.py
        return await self._timed(page, option.click)

    async def _recover(self, page, url: str) -> None:
        """After a failed action: reopen the session's first page (a new session), or give up."""
        await page.keyboard.press("Escape")
        await page.goto(url, wait_until="commit", timeout=ACTION_TIMEOUT_MS)
        await page.wait_for_function(DRAWN, arg=[0, True], polling=POLL_MS, timeout=ACTION_TIMEOUT_MS)

    async def run(self, start_delay: float, duration_s: float) -> None:
        await asyncio.sleep(start_delay)
        context = await self.browser.new_context(viewport={"width": 1280, "height": 1000}, locale="fi-FI")
        context.set_default_timeout(ACTION_TIMEOUT_MS)
        await context.add_init_script(WS_HOOK)
        page = await context.new_page()
        page.on("pageerror", lambda e: self.error(f"JavaScript error: {e}"))
        actions = {"navigate": self.navigate, "area": self.area, "year": self.year}
        weights = [0.5, 0.3, 0.2]
        try:
            url = self.base_url + self.urls[self.index % len(self.urls)]
            await page.goto(url, wait_until="commit", timeout=OPEN_TIMEOUT_MS)
            handle = await page.wait_for_function(DRAWN, arg=[0, True], polling=POLL_MS, timeout=OPEN_TIMEOUT_MS)
            self.results["open"].append(float(await handle.json_value()))
            await self._healthy(page, "open")
            end = time.monotonic() + duration_s
            while time.monotonic() < end:
                await asyncio.sleep(self.rng.uniform(*THINK_S))
                name = self.rng.choices(list(actions), weights)[0]
                try:
                    ms = await actions[name](page)
                    self.results["actions"].append((name, ms))
                    await self._healthy(page, name)
                except Exception as exc:  # noqa: BLE001 - every failure is a counted error, then carry on
                    self.error(f"{name}: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
                    await self._recover(page, url)
        except Exception as exc:  # noqa: BLE001
            self.error(f"session aborted: {type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}")
        finally:
            self.results["sessions_done"] += 1
            await context.close()


async def _sample(server, meter: CpuMeter, results: dict, stop: asyncio.Event) -> None:
    last_t, last_cpu = time.monotonic(), server.cpu_s()
    last_busy, last_total = machine_cpu_times()
    while not stop.is_set():
        try:
            await asyncio.wait_for(stop.wait(), timeout=1.0)
        except asyncio.TimeoutError:
            pass
        meter.sample()
        now, cpu = time.monotonic(), server.cpu_s()
        results["server_rss_mb"].append(server.rss_mb())
        results["server_cores_1s"].append((cpu - last_cpu) / max(now - last_t, 1e-6))
        busy, total = machine_cpu_times()
        results["machine_busy_1s"].append(100 * (busy - last_busy) / max(total - last_total, 1))
        last_t, last_cpu, last_busy, last_total = now, cpu, busy, total


async def run_sessions(sessions: list, stagger_s: float, duration_s: float, server, meter: CpuMeter,
                       results: dict) -> float:
    """Start the sessions `stagger_s` apart, sample the server each second while they run, and stop them all
    at a hard bound (each ends by itself well before). Returns the wall time in seconds."""
    stop = asyncio.Event()
    sampler = asyncio.create_task(_sample(server, meter, results, stop))
    t0 = time.monotonic()
    bound = stagger_s * len(sessions) + duration_s + 120
    try:
        await asyncio.wait_for(
            asyncio.gather(*(s.run(i * stagger_s, duration_s) for i, s in enumerate(sessions))), bound)
    except asyncio.TimeoutError:
        results["errors"].append(f"the run did not end within {bound:.0f} s and was stopped")
    wall = time.monotonic() - t0
    stop.set()
    await sampler
    return wall


async def _run(n: int, duration_s: float, stagger_s: float, seed: int, urls: list[str], log_dir: Path) -> dict:
    from playwright.async_api import async_playwright

    server = start_streamlit("app.py", log_dir)
    results = {"errors": [], "actions": [], "open": [], "server_rss_mb": [], "server_cores_1s": [],
               "sessions_done": 0, "server_part": [], "machine_busy_1s": []}
    me = os.getpid()

    def server_pids() -> set[int]:
        return {server.pid} | descendants(server.pid)

    def generator_pids() -> set[int]:
        return ({me} | descendants(me)) - server_pids()

    try:
        rss_before = server.rss_mb()
        async with async_playwright() as playwright:
            browser = await launch(playwright)
            # one warm-up visit, so that the run measures a warm server (the cold start is measured apart)
            warm = await browser.new_context()
            page = await warm.new_page()
            await page.goto(server.base_url + "/", wait_until="commit")
            await page.wait_for_function(DRAWN, arg=[0, True], polling=POLL_MS, timeout=ACTION_TIMEOUT_MS)
            await warm.close()
            meter = CpuMeter({"server": server_pids, "generator": generator_pids})
            rng = random.Random(seed)
            sessions = [Session(i, browser, server.base_url, urls, random.Random(rng.random()), results)
                        for i in range(n)]
            wall = await run_sessions(sessions, stagger_s, duration_s, server, meter, results)
            cpu = meter.result()
            await browser.close()
        rss_after = server.rss_mb()
    finally:
        server.stop()

    cores = os.cpu_count() or 1
    machine_cores = cpu["machine_busy_pct_of_all_cores"] / 100 * cores
    other = max(machine_cores - cpu["server_cores"] - cpu["generator_cores"], 0.0)
    seconds = results["machine_busy_1s"]
    saturated_share = 100 * sum(1 for b in seconds if b >= 90) / max(len(seconds), 1)
    server_peak = max(results["server_cores_1s"] or [0])
    server_at_ceiling = 100 * sum(1 for c in results["server_cores_1s"] if c >= 0.9) / max(len(seconds), 1)
    if cpu["generator_cores"] > cpu["server_cores"] and server_at_ceiling < 10:
        verdict = (f"The load generator limits: the browser used most of the CPU, while the server was at the one "
                   f"core a Streamlit process can use in only {server_at_ceiling:.0f}% of the seconds; the latencies "
                   f"include the browser's own queueing ({n} pages compiling, laying out and drawing on {cores} "
                   "cores).")
    elif server_at_ceiling >= 10:
        verdict = f"The server limits: it ran at its one-core ceiling in {server_at_ceiling:.0f}% of the seconds."
    else:
        verdict = "Neither side was saturated."
    limit = (
        f"the machine was {cpu['machine_busy_pct_of_all_cores']}% busy on average over its {cores} cores and at "
        f"least 90% busy in {saturated_share:.0f}% of the seconds; the server used {cpu['server_cores']} cores on "
        f"average (peak {server_peak:.2f} in one second; one Streamlit process runs its scripts under one GIL, so "
        f"about 1 core is its ceiling), the browser {cpu['generator_cores']} cores, other processes {other:.2f} "
        f"cores. {verdict}"
    )
    return {
        **load_summary(results, n, duration_s, stagger_s, THINK_S, wall),
        "server_part_ms": summary(results["server_part"]),
        "open_under_load_ms": summary(results["open"]),
        "server_rss_mb": {"before": round(rss_before, 1), "peak": round(max(results["server_rss_mb"] or [0]), 1),
                          "after": round(rss_after, 1)},
        "cpu": {**cpu, "server_peak_cores_1s": round(max(results["server_cores_1s"] or [0]), 2),
                "other_processes_cores": round(other, 2), "seconds_at_least_90pct_busy_pct": round(saturated_share, 1),
                "seconds_server_at_ceiling_pct": round(server_at_ceiling, 1)},
        "per_second": {"server_cores": [round(c, 2) for c in results["server_cores_1s"]],
                       "machine_busy_pct": [round(b, 1) for b in seconds],
                       "server_rss_mb": [round(r, 1) for r in results["server_rss_mb"]]},
        "limit": limit,
    }


def run_load(n: int, duration_s: float, stagger_s: float, seed: int, urls: list[str], log_dir: Path) -> dict:
    return asyncio.run(_run(n, duration_s, stagger_s, seed, urls, log_dir))
