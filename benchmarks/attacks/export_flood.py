"""Export flood (issue 10, item 1): what an export costs, and what one session's flood of export requests does to
another visitor's page switches. Bounded, loopback only, stops by itself; prints one JSON object.

    python -m benchmarks.attacks.export_flood                 # the app as it is in this working tree
    python -m benchmarks.attacks.export_flood --rev ede652b   # the same attack on an earlier commit (git archive)

1. CPU per export: one session asks for the projects chart's PNG; then three other sessions ask for the same
   PNG. The figure is the server's CPU seconds (its process and its children: the export worker) per request,
   read from /proc around each request.
2. Flood: a visitor switches pages (budget -> years -> kpis -> ...) with a short pause, first alone (unloaded),
   then while one attacker session, over one WebSocket, sends every download request of a page at once, waits
   for the answers and moves on to the next page and filter combination (distinct content each time) for
   `--flood-s` seconds. Figures: the visitor's page-switch p50/p95 unloaded and under the flood (same run,
   same server), the goal p95_flood <= 2 x p95_unloaded + 100 ms, and the attacker's requests built / refused.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import subprocess
import tempfile
import time
from pathlib import Path

from benchmarks.attacks.client import Client
from benchmarks.procs import ROOT, cpu_seconds, descendants, rss_mb, start_streamlit
from benchmarks.stats import summary

MAX_FLOOD_S = 90.0
MAX_SWITCHES = 60
SWITCH_PAGES = ["budget", "years", "kpis", "goals", "risks", "texts"]
FLOOD_PAGES = ["budget", "years", "kpis", "goals", "projects", "risks", ""]
FLOOD_QUERIES = [f"year={y}&lang={lang}" + (f"&area={a}" if a else "")
                 for lang in ("fi", "en") for y in (2024, 2023) for a in ("", "VAKA", "HYTE", "OPKOU", "VIRE")]


def server_cpu(pid: int) -> float:
    return sum(v for v in (cpu_seconds(p) for p in {pid} | descendants(pid)) if v == v)


async def cpu_per_export(base: str, pid: int) -> dict:
    """The projects chart's PNG: asked once, then by three more sessions (after one CSV, so that starting the
    export worker is not counted as the PNG's cost)."""
    costs, walls, sizes = [], [], []
    async with Client(base) as c:  # a first, small export: the worker process (if any) is started before timing
        await c.download((await c.run_with_downloads("projects")).download("-csv"))
    for _ in range(4):
        async with Client(base) as c:
            run = await c.run_with_downloads("projects")
            file_id = run.download("-png")
            cpu0, t0 = server_cpu(pid), time.perf_counter()
            content = await c.download(file_id)
            await asyncio.sleep(0.3)  # let a worker that is still writing its log line finish
            costs.append(round(server_cpu(pid) - cpu0, 2))
            walls.append(round(time.perf_counter() - t0, 2))
            sizes.append(len(content))
    return {"cpu_s_per_request": costs, "wall_s_per_request": walls, "bytes": sizes[0],
            "first_cpu_s": costs[0], "later_cpu_s_mean": round(sum(costs[1:]) / 3, 3)}


async def visitor(base: str, n: int, pause_s: float, stop: asyncio.Event | None = None) -> tuple[list, list]:
    latencies, errors = [], []
    async with Client(base) as c:
        await c.run("")
        for i in range(n):
            if stop is not None and stop.is_set():
                break
            page = SWITCH_PAGES[i % len(SWITCH_PAGES)]
            try:
                run = await c.run(page, timeout=60)
                latencies.append(run.ms)
                if run.exceptions or run.status != 0:
                    errors.append(f"{page}: status {run.status} {run.exceptions[:1]}")
            except Exception as error:  # noqa: BLE001 - a switch that never finished counts as an error
                errors.append(f"{page}: {type(error).__name__}")
                latencies.append(60_000.0)
            await asyncio.sleep(pause_s)
    return latencies, errors


async def attacker(base: str, seconds: float, stats: dict, stop: asyncio.Event, waves: int | None) -> None:
    deadline = time.monotonic() + seconds
    combos = [(p, q) for q in FLOOD_QUERIES for p in FLOOD_PAGES]
    try:
        async with Client(base) as c:
            for i, (page, query) in enumerate(combos):
                if time.monotonic() > deadline or (waves is not None and i >= waves):
                    break
                run = await c.run_with_downloads(page, query=query)  # the download boxes opened
                ids = list(run.downloads.values())
                requests = [await c.request_file(file_id) for file_id in ids]  # all at once, one WebSocket
                answers = await c.wait_responses(requests, timeout=max(deadline - time.monotonic(), 5) + 120)
                stats["requests"] += len(requests)
                stats["refused"] += sum(1 for a in answers.values() if a.error_msg)
                stats["waves"] += 1
    except Exception as error:  # noqa: BLE001 - reported, the run goes on
        stats["error"] = f"{type(error).__name__}: {error}"[:300]
    finally:
        stop.set()


async def scenario(base: str, pid: int, flood_s: float, switches: int, pause_s: float, waves: int | None) -> dict:
    export = await cpu_per_export(base, pid)
    await visitor(base, 3, pause_s)  # warm the visitor's pages
    unloaded, unloaded_errors = await visitor(base, switches, pause_s)
    stats = {"requests": 0, "refused": 0, "waves": 0}
    stop = asyncio.Event()
    cpu0, t0, rss0 = server_cpu(pid), time.perf_counter(), rss_mb(pid)
    attack = asyncio.create_task(attacker(base, flood_s, stats, stop, waves))
    await asyncio.sleep(1.0)  # the flood is under way
    flooded, flooded_errors = await visitor(base, switches, pause_s, stop)
    await attack
    wall = time.perf_counter() - t0
    u, f = summary(unloaded), summary(flooded)
    goal = 2 * u["p95"] + 100
    return {
        "cpu_per_export_png": export,
        "page_switch_unloaded_ms": u, "page_switch_flood_ms": f,
        "goal_p95_ms": round(goal, 1), "goal_met": f.get("p95", float("inf")) <= goal,
        "visitor_errors": unloaded_errors + flooded_errors,
        "flood": {**stats, "built": stats["requests"] - stats["refused"], "wall_s": round(wall, 1),
                  "server_cpu_s": round(server_cpu(pid) - cpu0, 1),
                  "server_rss_mb_before_after": [round(rss0), round(rss_mb(pid))]},
    }


def prepare(rev: str | None) -> tuple[Path, Path | None]:
    if not rev:
        return ROOT, None
    tmp = Path(tempfile.mkdtemp(prefix="export-flood-"))
    archive = subprocess.run(["git", "archive", rev], cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(tmp)], input=archive, check=True)
    return tmp, tmp


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attacks.export_flood", description=__doc__)
    parser.add_argument("--rev", help="a git revision to attack instead of the working tree")
    parser.add_argument("--flood-s", type=float, default=40.0)
    parser.add_argument("--switches", type=int, default=20, help="page switches unloaded, and again under flood")
    parser.add_argument("--pause-s", type=float, default=0.5)
    parser.add_argument("--waves", type=int, default=None,
                        help="at most this many pages of requests (the issue's attack: --waves 1 on /projects)")
    args = parser.parse_args(argv)
    flood_s, switches = min(args.flood_s, MAX_FLOOD_S), min(args.switches, MAX_SWITCHES)
    root, tmp = prepare(args.rev)
    log_dir = Path(tempfile.mkdtemp(prefix="export-flood-log-"))
    server = start_streamlit("app.py", log_dir, cwd=root)
    try:
        result = asyncio.run(scenario(server.base_url, server.pid, flood_s, switches, args.pause_s, args.waves))
    finally:
        server.stop()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    log = (log_dir / "stderr.txt").read_text(errors="replace")
    result.update(rev=args.rev or "working tree", renders_logged=log.count("export: rendered"),
                  tracebacks_in_log=log.count("Traceback"))
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
