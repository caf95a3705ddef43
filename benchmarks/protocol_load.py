"""The server's own capacity: N sessions at once over Streamlit's WebSocket protocol, without a browser.

The browser-driven load run (benchmarks/load.py) puts 20 Chromium pages and the server on the same 2 cores,
and there the browsers' drawing takes most of the CPU. Real visitors draw the pages on their own devices, so
this run asks the question the server alone answers: with the same sessions, actions and think times, how long
until the server has run the script and sent every element of the new view?

Each session is a client of Streamlit's own protocol (the `websockets` package Streamlit itself depends on,
and Streamlit's protobuf messages): it connects to /_stcore/stream, asks for its first page by the page's
script hash (as the browser does), then for `duration_s` navigates to other pages and changes the area and
year filters with a think time of 1-3 s between actions, sending the widget states it holds, like the
frontend does. An action's latency runs from sending the rerun request until the script_finished message has
arrived (every element of the run received before it). An error is an action that does not finish within
the timeout, a run that does not finish successfully, an exception element, or a lost connection.
Loopback only, bounded, stops by itself.
"""

from __future__ import annotations

import asyncio
import random
import time
from pathlib import Path

from benchmarks.load import THINK_S, YEARS, run_sessions
from benchmarks.procs import CpuMeter, descendants, start_streamlit
from benchmarks.stats import load_summary, summary

ACTION_TIMEOUT_S = 30.0
FINISHED_SUCCESSFULLY = 0  # ForwardMsg.ScriptFinishedStatus
FILTERS = ("-f_area", "-f_year", "-f_per")  # the shared filters' widget ids end with their keys


class ProtocolSession:
    def __init__(self, index: int, ws_url: str, urls: list[str], rng: random.Random, results: dict):
        self.index, self.ws_url, self.urls, self.rng, self.results = index, ws_url, urls, rng, results
        self.pages: dict[str, str] = {}  # url path -> page script hash
        self.page = ""
        self.widgets: dict[str, object] = {}  # widget id -> WidgetState proto (the values this client holds)
        self.area_id = self.year_id = ""
        self.area_options: list[str] = []
        self.areas: list[str] = []
        self.year_value = "2024"
        self.texts: list[str] = []  # the text elements of the last run (Markdown, captions, notices, headings)

    def error(self, what: str) -> None:
        self.results["errors"].append(f"session {self.index}: {what}"[:600])

    async def _rerun(self, ws, query_string: str = "") -> float:
        from streamlit.proto.BackMsg_pb2 import BackMsg
        from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

        msg = BackMsg()
        state = msg.rerun_script
        state.query_string = query_string
        state.page_script_hash = self.pages.get(self.page, "")
        for widget in self.widgets.values():
            state.widget_states.widgets.append(widget)
        t0 = time.perf_counter()
        await ws.send(msg.SerializeToString())
        received = 0
        self.texts = []
        while True:
            raw = await asyncio.wait_for(ws.recv(), ACTION_TIMEOUT_S)
            received += len(raw)
            fm = ForwardMsg()
            fm.ParseFromString(raw)
            kind = fm.WhichOneof("type")
            if kind == "navigation":
                self.pages = {p.url_pathname: p.page_script_hash for p in fm.navigation.app_pages}
            elif kind == "delta" and fm.delta.WhichOneof("type") == "new_element":
                self._element(fm.delta.new_element)
            elif kind == "page_not_found":
                raise RuntimeError("page not found")
            elif kind == "script_finished":
                if fm.script_finished != FINISHED_SUCCESSFULLY:
                    raise RuntimeError(f"script finished with status {fm.script_finished}")
                self.results["kb"].append(received / 1024)
                return (time.perf_counter() - t0) * 1000

    def _element(self, element) -> None:
        """A new element of the run: an exception fails the action; texts are kept; shared filters are held."""
        which = element.WhichOneof("type")
        if which == "exception":
            raise RuntimeError(f"exception element: {element.exception.type}")
        if which in ("markdown", "alert", "heading"):
            self.texts.append(getattr(element, which).body)
        if which in ("multiselect", "selectbox", "radio") and getattr(element, which).id.endswith(FILTERS):
            self._hold(which, getattr(element, which))

    def _hold(self, kind: str, widget) -> None:
        """Keep a shared filter's value as the frontend does, to send with every rerun: the value the server set
        (from the URL or session state), else the default; a value this client chose stays until the server
        sets another."""
        if kind == "multiselect":
            self.area_id, self.area_options = widget.id, list(widget.options)
            if widget.set_value or widget.id not in self.widgets:
                self.areas = (list(widget.raw_values) if widget.set_value
                              else [widget.options[i] for i in widget.default])
                self._set(widget.id, strings=self.areas)
            return
        if kind == "selectbox" and widget.id.endswith("-f_year"):
            self.year_id = widget.id
        if widget.set_value or widget.id not in self.widgets:
            value = widget.raw_value if widget.set_value else widget.options[widget.default]
            if widget.id == self.year_id:
                self.year_value = value
            self._set(widget.id, string=value)

    def _set(self, widget_id: str, **value) -> None:
        from streamlit.proto.WidgetStates_pb2 import WidgetState

        state = WidgetState(id=widget_id)
        if "strings" in value:
            state.string_array_value.data.extend(value["strings"])
        else:
            state.string_value = value["string"]
        self.widgets[widget_id] = state

    async def navigate(self, ws) -> float:
        self.page = self.rng.choice([p for p in self.pages if p != self.page])
        return await self._rerun(ws)

    async def area(self, ws) -> float:
        if self.areas and self.rng.random() < 0.6:
            self.areas.remove(self.rng.choice(self.areas))
        else:
            choices = [o for o in self.area_options if o not in self.areas]
            if not choices:
                self.areas.pop()
            else:
                self.areas.append(self.rng.choice(choices))
        self._set(self.area_id, strings=self.areas)
        return await self._rerun(ws)

    async def year(self, ws) -> float:
        self.year_value = self.rng.choice([y for y in YEARS if y != self.year_value])
        self._set(self.year_id, string=self.year_value)
        return await self._rerun(ws)

    async def run(self, start_delay: float, duration_s: float) -> None:
        import websockets

        await asyncio.sleep(start_delay)
        actions = {"navigate": self.navigate, "area": self.area, "year": self.year}
        weights = [0.5, 0.3, 0.2]
        try:
            async with websockets.connect(self.ws_url, subprotocols=["streamlit"], max_size=None,
                                          open_timeout=ACTION_TIMEOUT_S) as ws:
                first = self.urls[self.index % len(self.urls)].strip("/")
                await self._rerun(ws)  # the first run (the overview) tells the pages and the widgets
                self.page = first
                if first:
                    self.results["open"].append(await self._rerun(ws))
                end = time.monotonic() + duration_s
                while time.monotonic() < end:
                    await asyncio.sleep(self.rng.uniform(*THINK_S))
                    name = self.rng.choices(list(actions), weights)[0]
                    try:
                        self.results["actions"].append((name, await actions[name](ws)))
                    except (asyncio.TimeoutError, RuntimeError) as exc:
                        self.error(f"{name}: {type(exc).__name__}: {exc}")
        except Exception as exc:  # noqa: BLE001 - a lost connection or a refused one: counted, then the session ends
            self.error(f"session aborted: {type(exc).__name__}: {exc}")
        finally:
            self.results["sessions_done"] += 1


async def _run(n: int, duration_s: float, stagger_s: float, seed: int, urls: list[str], log_dir: Path) -> dict:
    server = start_streamlit("app.py", log_dir)
    results = {"errors": [], "actions": [], "open": [], "kb": [], "server_rss_mb": [], "server_cores_1s": [],
               "machine_busy_1s": [], "sessions_done": 0}
    ws_url = server.base_url.replace("http://", "ws://") + "/_stcore/stream"
    try:
        rss_before = server.rss_mb()
        warm = ProtocolSession(-1, ws_url, ["/"], random.Random(0), {**results, "errors": [], "kb": []})
        await warm.run(0, 0)  # a warm server: the cold start is measured apart
        meter = CpuMeter({"server": lambda: {server.pid} | descendants(server.pid)})
        rng = random.Random(seed)
        sessions = [ProtocolSession(i, ws_url, urls, random.Random(rng.random()), results) for i in range(n)]
        wall = await run_sessions(sessions, stagger_s, duration_s, server, meter, results)
        cpu = meter.result()
        rss_after = server.rss_mb()
    finally:
        server.stop()
    seconds = results["server_cores_1s"]
    return {
        **load_summary(results, n, duration_s, stagger_s, THINK_S, wall),
        "open_ms": summary(results["open"]),
        "kb_per_run": summary(results["kb"]),
        "server_rss_mb": {"before": round(rss_before, 1), "peak": round(max(results["server_rss_mb"] or [0]), 1),
                          "after": round(rss_after, 1)},
        "server_cores": cpu.get("server_cores"),
        "server_peak_cores_1s": round(max(seconds or [0]), 2),
        "seconds_server_at_ceiling_pct": round(100 * sum(1 for c in seconds if c >= 0.9) / max(len(seconds), 1), 1),
    }


def run_protocol_load(n: int, duration_s: float, stagger_s: float, seed: int, urls: list[str],
                      log_dir: Path) -> dict:
    return asyncio.run(_run(n, duration_s, stagger_s, seed, urls, log_dir))
