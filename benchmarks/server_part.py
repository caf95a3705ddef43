"""A filter change's server part, without a browser: the script run and its messages, app beside floor.

The browser-driven filter change (benchmarks/pageload.py) times a click until the rerun's script_finished
message arrives, with Chromium drawing the previous messages on the same 2 cores; its "server part" therefore
carries the browser's work too. This run asks the server alone, as issue 12 words the goal ("a filter change's
server part (script run and messages)"): one client of Streamlit's own protocol per server (benchmarks/
protocol_load.py) opens a page, then changes the area filter (add VAKA, remove it, as the browser run does) and
times each change from sending the rerun request until script_finished has arrived, every element of the run
received before it. Each app change is followed by one change of the floor page's selectbox (benchmarks/
floor_app.py, served by its own process), so both see the same machine. Loopback only, bounded.
"""

from __future__ import annotations

import asyncio
import random
from pathlib import Path

from benchmarks.procs import start_streamlit
from benchmarks.protocol_load import ProtocolSession
from benchmarks.stats import summary

AREA = "VAKA"
WARM_CHANGES = 4  # unmeasured changes first: every filter state the run visits has been asked once
PAUSE_S = 0.1  # idle before each measured change, as between a visitor's clicks: a change sent within ~20 ms of
#                the previous run's end waits ~40 ms more for the server to settle (measured), which no visitor meets


class _Client(ProtocolSession):
    def __init__(self, ws_url: str):
        super().__init__(0, ws_url, ["/"], random.Random(0), {"errors": [], "kb": []})
        self.select_id, self.select_options, self.select_value = "", [], ""

    def _element(self, element) -> None:
        super()._element(element)
        if element.WhichOneof("type") == "selectbox" and not self.select_id:
            box = element.selectbox
            self.select_id, self.select_options = box.id, list(box.options)
            self.select_value = box.options[box.default]

    async def toggle_area(self, ws) -> float:
        self.areas = [] if AREA in self.areas else [AREA]
        self._set(self.area_id, strings=self.areas)
        return await self._rerun(ws)

    async def toggle_select(self, ws) -> float:
        self.select_value = next(o for o in self.select_options if o != self.select_value)
        self._set(self.select_id, string=self.select_value)
        return await self._rerun(ws)


async def _measure(pages: list[str], n: int, log_dir: Path) -> dict:
    import websockets

    app = start_streamlit("app.py", log_dir / "app")
    floor = start_streamlit("benchmarks/floor_app.py", log_dir / "floor")
    out: dict = {"pages": {}, "floor": []}
    try:
        def url(server):
            return server.base_url.replace("http://", "ws://") + "/_stcore/stream"

        async with websockets.connect(url(floor), subprotocols=["streamlit"], max_size=None) as fws:
            fclient = _Client(url(floor))
            await fclient._rerun(fws)
            for path in pages:
                async with websockets.connect(url(app), subprotocols=["streamlit"], max_size=None) as ws:
                    client = _Client(url(app))
                    await client._rerun(ws)  # the overview: the pages and the shared filters
                    client.page = path.strip("/")
                    await client._rerun(ws)
                    for _ in range(WARM_CHANGES):
                        await client.toggle_area(ws)
                        await fclient.toggle_select(fws)
                    app_ms, floor_ms = [], []
                    for _ in range(n):
                        await asyncio.sleep(PAUSE_S)
                        app_ms.append(await client.toggle_area(ws))
                        await asyncio.sleep(PAUSE_S)
                        floor_ms.append(await fclient.toggle_select(fws))
                    out["pages"][path] = {"app": summary(app_ms), "floor": summary(floor_ms)}
                    out["floor"].extend(floor_ms)
    finally:
        app.stop()
        floor.stop()
    out["floor"] = summary(out["floor"])
    return out


def measure_server_part(pages: list[str], n: int, log_dir: Path) -> dict:
    """Per page: the server part of n area changes and of the n floor changes interleaved with them (ms)."""
    return asyncio.run(_measure(pages, n, log_dir))


if __name__ == "__main__":  # a quick look while working: python -m benchmarks.server_part [n] [page ...]
    import sys
    import tempfile

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    chosen = sys.argv[2:] or ["/", "/budget", "/years", "/kpis", "/goals", "/projects", "/risks"]
    result = measure_server_part(chosen, n, Path(tempfile.mkdtemp()))
    for page, figures in result["pages"].items():
        a, f = figures["app"], figures["floor"]
        print(f"{page:10} app median {a['median']:6.1f} p95 {a['p95']:6.1f}   floor median {f['median']:5.1f} "
              f"p95 {f['p95']:5.1f}   p95 over floor {a['p95'] - f['p95']:6.1f}")
