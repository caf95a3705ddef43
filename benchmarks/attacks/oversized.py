"""Oversized widget values (issue 10, item 2): sessions that each send a huge search string, and the server's
memory before, during and after. Bounded, loopback only, stops by itself; prints one JSON object.

    python -m benchmarks.attacks.oversized                          # this working tree (maxWidgetStateSize = 1)
    python -m benchmarks.attacks.oversized --rev ede652b            # an earlier commit (default 25 MB limit)

Each of `--sessions` sessions (at most 30) opens /search, then sends its text input a value of `--mb` megabytes
(at most 20) and waits for the run or for the server to close the connection (1009: message too big); the sessions
stay connected until the last one has sent. Memory is the server process's resident set (VmRSS) before the first
session, at its peak, and 5 s after the last one left.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
import time
from pathlib import Path

from benchmarks.attacks.client import Client, widget_state
from benchmarks.attacks.export_flood import prepare
from benchmarks.procs import rss_mb, start_streamlit

MAX_SESSIONS = 30
MAX_MB = 20


async def scenario(base: str, pid: int, sessions: int, mb: int) -> dict:
    async with Client(base) as warm:  # a served server: the pages the figures compare have run once
        await warm.run("search")
        await warm.run("budget")
    await asyncio.sleep(1)
    before, peak, outcomes = rss_mb(pid), 0.0, {"closed_1009": 0, "accepted": 0, "other": 0}
    value = "x" * (mb * 1_000_000)
    t0 = time.perf_counter()
    clients = []
    try:
        for _ in range(sessions):  # all stay connected until every one has sent its value, as visitors would
            c = Client(base)
            await c.__aenter__()
            clients.append(c)
            run = await c.run("search")
            try:
                await c.run("search", widgets=[widget_state(run.widget_id("search_query"), string_value=value)],
                            timeout=60)
                outcomes["accepted"] += 1
            except Exception as error:  # noqa: BLE001 - the expected refusal closes the connection
                outcomes["closed_1009" if "1009" in str(error) else "other"] += 1
            peak = max(peak, rss_mb(pid))
    finally:
        for c in clients:
            try:
                await c.__aexit__(None, None, None)
            except Exception:  # noqa: BLE001 - already closed by the server
                pass
    await asyncio.sleep(5)
    after = rss_mb(pid)
    async with Client(base) as c:  # does the server still serve a visitor?
        after_run = await c.run("budget")
    return {"sessions": sessions, "mb_each": mb, "outcomes": outcomes, "wall_s": round(time.perf_counter() - t0, 1),
            "server_rss_mb": {"before": round(before), "peak": round(peak), "after": round(after)},
            "visitor_after": {"status": after_run.status, "ms": round(after_run.ms)}}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attacks.oversized", description=__doc__)
    parser.add_argument("--rev", help="a git revision to attack instead of the working tree")
    parser.add_argument("--sessions", type=int, default=30)
    parser.add_argument("--mb", type=int, default=20)
    args = parser.parse_args(argv)
    root, tmp = prepare(args.rev)
    log_dir = Path(tempfile.mkdtemp(prefix="oversized-log-"))
    server = start_streamlit("app.py", log_dir, cwd=root)
    try:
        result = asyncio.run(scenario(server.base_url, server.pid, min(args.sessions, MAX_SESSIONS),
                                      min(args.mb, MAX_MB)))
    finally:
        server.stop()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    result["rev"] = args.rev or "working tree"
    result["tracebacks_in_log"] = (log_dir / "stderr.txt").read_text(errors="replace").count("Traceback")
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
