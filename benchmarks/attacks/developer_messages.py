"""Messages only a developer's browser should send (issue 10, item 4), sent by a visitor: what they cost the
server and whether another visitor's page changes. Bounded, loopback only, stops by itself; prints one JSON object.

    python -m benchmarks.attacks.developer_messages                 # this working tree
    python -m benchmarks.attacks.developer_messages --rev ede652b   # an earlier commit (git archive)

For each kind (clear_cache, load_git_info, set_run_on_save, stop_script) an attacker session sends `--count`
messages (at most 50), each followed by a run of a page (as the browser's next click); the figure is the
server's CPU seconds for that minus as many ordinary runs of the page, per message, and whether a second
visitor's page reads the same as before. Run it on the working tree (a git checkout) to include the cost of the
git commands load_git_info starts.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import shutil
import tempfile
from pathlib import Path

from benchmarks.attacks.client import Client
from benchmarks.attacks.export_flood import prepare, server_cpu
from benchmarks.procs import start_streamlit

MAX_COUNT = 50
KINDS = ("clear_cache", "load_git_info", "set_run_on_save", "stop_script")


async def scenario(base: str, pid: int, count: int) -> dict:
    from streamlit.proto.BackMsg_pb2 import BackMsg

    out = {}
    async with Client(base) as visitor, Client(base) as attacker:
        seen = (await visitor.run("budget")).texts
        await attacker.run("budget")
        for kind in KINDS:
            cpu0 = server_cpu(pid)
            for _ in range(count):
                await attacker.run("budget")
            rerun_cpu = (server_cpu(pid) - cpu0) / count
            cpu1 = server_cpu(pid)
            ok = True
            for _ in range(count):  # each message followed by a run of the page, as a browser's next click
                msg = BackMsg()
                setattr(msg, kind, True)
                await attacker.send(msg)
                run = await attacker.run("budget")
                ok = ok and run.status == 0 and not run.exceptions
            cost = server_cpu(pid) - cpu1 - count * rerun_cpu
            again = await visitor.run("budget")
            out[kind] = {"messages": count, "cpu_s_total": round(cost, 2), "cpu_ms_per_message":
                         round(1000 * cost / count, 1), "attacker_runs_ok": ok,
                         "other_visitor_page_unchanged": again.texts == seen,
                         "plain_rerun_cpu_ms": round(1000 * rerun_cpu, 1)}
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attacks.developer_messages", description=__doc__)
    parser.add_argument("--rev", help="a git revision to attack instead of the working tree")
    parser.add_argument("--count", type=int, default=20)
    args = parser.parse_args(argv)
    root, tmp = prepare(args.rev)
    log_dir = Path(tempfile.mkdtemp(prefix="devmsg-log-"))
    server = start_streamlit("app.py", log_dir, cwd=root)
    try:
        result = asyncio.run(scenario(server.base_url, server.pid, min(args.count, MAX_COUNT)))
    finally:
        server.stop()
        if tmp is not None:
            shutil.rmtree(tmp, ignore_errors=True)
    result["rev"] = args.rev or "working tree"
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
