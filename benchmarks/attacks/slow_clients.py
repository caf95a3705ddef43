"""A bounded slow-client flood against the nginx recipe on loopback, with the proxy's health watched throughout.

    python -m benchmarks.attacks.slow_clients http://127.0.0.1:8080 [--connections 2100] [--duration 20]
    python -m benchmarks.attacks.slow_clients http://127.0.0.1:8080 --held-sockets 140

Slow clients (issue 10, item 6): `--connections` sockets are opened from this one address, each sends the start of
a request header and then one more header line every `--drip` seconds, never the blank line that ends it. Before
the fix, 2 100 of these exhausted nginx's 1 024 open files and the proxy answered nobody for about 50 s. While
the flood lasts, and for `--after` seconds after it, another client asks /_stcore/health through the proxy every
`--probe-every` seconds (a fresh connection each, 2 s timeout): the figures are how many of those answered 200,
their latency, and the longest stretch without an answer. The report also counts the flood's connections the
proxy closed by itself (its header timeout) and those it refused or reset.

Held sockets: `--held-sockets N` opens N WebSockets to /_stcore/stream from this one address (a complete,
same-origin upgrade request each) and holds them: the per-address connection limit answers 429 beyond it.

Bounded: at most 6 000 connections, 120 s of flood and 600 held sockets, only to a loopback address; every socket
is closed at the end, and the run stops by itself. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import ipaddress
import json
import os
import resource
import socket
import sys
import time
from urllib.parse import urlsplit

MAX_CONNECTIONS = 6000
MAX_DURATION_S = 120.0
MAX_HELD = 600
PROBE_TIMEOUT_S = 2.0


def _target(url: str) -> tuple[str, int, str]:
    parts = urlsplit(url)
    host, port = parts.hostname or "", parts.port or 80
    try:
        loopback = ipaddress.ip_address(socket.gethostbyname(host)).is_loopback
    except (OSError, ValueError):
        loopback = False
    if parts.scheme != "http" or not loopback:
        raise SystemExit(f"refused: {url} is not plain http on a loopback address")
    return host, port, parts.netloc


def _raise_open_files(wanted: int) -> int:
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if soft < wanted:
        soft = min(wanted, hard)
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    return soft


def _percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    position = (len(ordered) - 1) * q / 100
    lo, hi = int(position), min(int(position) + 1, len(ordered) - 1)
    return round(ordered[lo] + (ordered[hi] - ordered[lo]) * (position - lo), 1)


async def _probe(host: str, port: int, netloc: str) -> tuple[bool, float]:
    """GET /_stcore/health on a fresh connection: (answered 200 "ok", milliseconds)."""
    t0 = time.monotonic()
    writer = None
    try:
        reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), PROBE_TIMEOUT_S)
        writer.write(f"GET /_stcore/health HTTP/1.1\r\nHost: {netloc}\r\nConnection: close\r\n\r\n".encode())
        body = await asyncio.wait_for(reader.read(), PROBE_TIMEOUT_S - (time.monotonic() - t0))
        ok = body.startswith(b"HTTP/1.1 200") and body.rstrip().endswith(b"ok")
    except (OSError, asyncio.TimeoutError):
        ok = False
    finally:
        if writer is not None:
            writer.close()
    return ok, (time.monotonic() - t0) * 1000


class _Flood:
    def __init__(self, host: str, port: int, netloc: str, drip_s: float):
        self.host, self.port, self.netloc, self.drip_s = host, port, netloc, drip_s
        self.opened = self.open_failed = self.closed_by_server = self.answered_408 = 0
        self.open_now = self.max_open = 0
        self.writers: list[asyncio.StreamWriter] = []
        self.closed_after_s: list[float] = []  # per socket the proxy gave up: seconds from its opening

    async def one(self, stop: asyncio.Event) -> None:
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(self.host, self.port), 5)
        except (OSError, asyncio.TimeoutError):
            self.open_failed += 1
            return
        self.opened += 1
        opened_at = time.monotonic()
        self.open_now += 1
        self.max_open = max(self.max_open, self.open_now)
        self.writers.append(writer)
        try:
            writer.write(f"GET /?slow=1 HTTP/1.1\r\nHost: {self.netloc}\r\nUser-Agent: slow-client\r\n".encode())
            await writer.drain()
            n = 0
            while not stop.is_set():
                try:
                    data = await asyncio.wait_for(reader.read(256), self.drip_s)
                except asyncio.TimeoutError:
                    writer.write(f"X-Slow-{n}: {n}\r\n".encode())  # one more header line, never the end
                    await writer.drain()
                    n += 1
                    continue
                if stop.is_set():
                    return  # closed by this script at the end, not by the proxy
                # the proxy answered (a 408 after its header timeout) or closed: either way it gave the socket up
                if b" 408 " in data[:20]:
                    self.answered_408 += 1
                self.closed_by_server += 1
                self.closed_after_s.append(time.monotonic() - opened_at)
                return
        except (OSError, ConnectionError):
            if not stop.is_set():
                self.closed_by_server += 1
                self.closed_after_s.append(time.monotonic() - opened_at)
        finally:
            self.open_now -= 1
            writer.close()


async def _watch(host: str, port: int, netloc: str, stop: asyncio.Event, every_s: float, out: list) -> None:
    while not stop.is_set():
        t = time.monotonic()
        out.append((t, *await _probe(host, port, netloc)))
        await asyncio.sleep(max(0.0, every_s - (time.monotonic() - t)))


def _health_figures(probes: list[tuple[float, bool, float]]) -> dict:
    ok = [ms for _t, good, ms in probes if good]
    longest, start = 0.0, None
    for t, good, _ms in probes:
        if not good and start is None:
            start = t
        elif good and start is not None:
            longest, start = max(longest, t - start), None
    if start is not None and probes:
        longest = max(longest, probes[-1][0] - start)
    return {"probes": len(probes), "ok": len(ok), "failed": len(probes) - len(ok),
            "ok_share": round(len(ok) / len(probes), 3) if probes else None,
            "p50_ms": _percentile(ok, 50), "p95_ms": _percentile(ok, 95), "max_ms": _percentile(ok, 100),
            "longest_outage_s": round(longest, 1)}


async def slow_flood(url: str, connections: int = 2100, duration_s: float = 20.0, drip_s: float = 2.0,
                     ramp_s: float = 2.0, probe_every_s: float = 0.25, after_s: float = 3.0) -> dict:
    host, port, netloc = _target(url)
    connections = max(1, min(int(connections), MAX_CONNECTIONS))
    duration_s = max(1.0, min(float(duration_s), MAX_DURATION_S))
    limit = _raise_open_files(connections + 256)
    flood = _Flood(host, port, netloc, drip_s)
    stop, stop_watch = asyncio.Event(), asyncio.Event()
    during: list = []
    watcher = asyncio.create_task(_watch(host, port, netloc, stop_watch, probe_every_s, during))
    t0 = time.monotonic()
    tasks = []
    batch = max(1, connections // max(1, int(ramp_s / 0.05)))
    for i in range(0, connections, batch):  # open over ramp_s, in small batches
        tasks += [asyncio.create_task(flood.one(stop)) for _ in range(min(batch, connections - i))]
        await asyncio.sleep(0.05)
    await asyncio.sleep(max(0.0, duration_s - (time.monotonic() - t0)))
    stop.set()
    stop_watch.set()
    await watcher
    for writer in flood.writers:
        writer.close()
    await asyncio.wait(tasks, timeout=10)
    for task in tasks:
        task.cancel()
    after: list = []
    stop_after = asyncio.Event()
    watch_after = asyncio.create_task(_watch(host, port, netloc, stop_after, probe_every_s, after))
    await asyncio.sleep(after_s)
    stop_after.set()
    await watch_after
    return {
        "target": url, "connections": connections, "duration_s": duration_s, "drip_s": drip_s,
        "own_open_file_limit": limit,
        "opened": flood.opened, "open_failed": flood.open_failed, "max_open_at_once": flood.max_open,
        "closed_by_proxy": flood.closed_by_server, "answered_408": flood.answered_408,
        "closed_after_s": {"p50": _percentile(flood.closed_after_s, 50), "max": _percentile(flood.closed_after_s, 100)},
        "health_during": _health_figures(during), "health_after": _health_figures(after),
        "seconds": round(time.monotonic() - t0, 1),
    }


async def held_sockets(url: str, count: int = 140, hold_s: float = 2.0) -> dict:
    """Open `count` same-origin WebSockets to /_stcore/stream from this address and hold them: the statuses."""
    host, port, netloc = _target(url)
    count = max(1, min(int(count), MAX_HELD))
    _raise_open_files(count + 256)
    statuses: dict[str, int] = {}
    writers = []
    for i in range(count):
        try:
            reader, writer = await asyncio.wait_for(asyncio.open_connection(host, port), 5)
        except (OSError, asyncio.TimeoutError):
            statuses["refused"] = statuses.get("refused", 0) + 1
            continue
        writers.append(writer)
        key = base64.b64encode(os.urandom(16)).decode()
        writer.write((f"GET /_stcore/stream HTTP/1.1\r\nHost: {netloc}\r\nOrigin: http://{netloc}\r\n"
                      f"Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                      f"Sec-WebSocket-Key: {key}\r\nSec-WebSocket-Protocol: streamlit\r\n\r\n").encode())
        try:
            line = await asyncio.wait_for(reader.readline(), 5)
            status = line.split()[1].decode() if len(line.split()) > 1 else "none"
        except (OSError, asyncio.TimeoutError, IndexError):
            status = "none"
        statuses[status] = statuses.get(status, 0) + 1
    await asyncio.sleep(hold_s)
    for writer in writers:
        writer.close()
    return {"target": url, "sockets": count, "statuses": statuses}


def against_the_recipe(template: str | None = None, connections: int = 3000, duration_s: float = 13.0) -> dict:
    """Start one app process behind an nginx made from the template (deploy/nginx.conf.template, or an older one
    given by path, e.g. `git show <commit>:deploy/nginx.conf.template`), flood it, stop both."""
    import concurrent.futures
    import tempfile
    from pathlib import Path

    from benchmarks.procs import start_streamlit
    from tests.e2e.test_proxy import TEMPLATE, Nginx

    with tempfile.TemporaryDirectory(prefix="slow-clients-") as tmp:
        app = start_streamlit("app.py", Path(tmp) / "app")
        proxy = None
        try:
            proxy = Nginx([app.base_url.removeprefix("http://")], Path(template) if template else TEMPLATE)
            with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
                result = pool.submit(asyncio.run, slow_flood(proxy.base_url, connections, duration_s)).result()
            log = proxy.error_log()
            result["nginx_warnings"] = sorted({line.split("] ", 1)[-1].split(",")[0][:90]
                                               for line in log.splitlines() if "[warn]" in line or "[alert]" in line
                                               or "[crit]" in line})[:5]
            result["template"] = str(template or "deploy/nginx.conf.template")
            return result
        finally:
            if proxy is not None:
                proxy.stop()
            app.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.attacks.slow_clients", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("url", help="the proxy, e.g. http://127.0.0.1:8080 (loopback only)")
    parser.add_argument("--connections", type=int, default=2100, help=f"slow connections (at most {MAX_CONNECTIONS})")
    parser.add_argument("--duration", type=float, default=20.0, help=f"seconds of flood (at most {MAX_DURATION_S:.0f})")
    parser.add_argument("--drip", type=float, default=2.0, help="seconds between two header lines of one socket")
    parser.add_argument("--probe-every", type=float, default=0.25, help="seconds between two health probes")
    parser.add_argument("--after", type=float, default=3.0, help="seconds of health probes after the flood")
    parser.add_argument("--held-sockets", type=int, default=None, metavar="N",
                        help=f"instead: hold N WebSockets from this address (at most {MAX_HELD})")
    args = parser.parse_args(argv)
    if args.held_sockets is not None:
        result = asyncio.run(held_sockets(args.url, args.held_sockets))
    else:
        result = asyncio.run(slow_flood(args.url, args.connections, args.duration, args.drip,
                                        probe_every_s=args.probe_every, after_s=args.after))
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
