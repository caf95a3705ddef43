"""Servers and processes for the benchmarks: start `streamlit run` on a loopback port, read /proc for memory
and CPU time. Linux only (it reads /proc); no third-party packages."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HEALTH_POLL_S = 0.01  # health polling interval: the cold-start figure is only as fine as this
START_TIMEOUT_S = 60.0
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def healthy(base_url: str, timeout: float = 2.0) -> bool:
    try:
        with urllib.request.urlopen(f"{base_url}/_stcore/health", timeout=timeout) as response:
            return response.status == 200 and response.read().strip() == b"ok"
    except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
        return False


@dataclass
class Server:
    """A `streamlit run` process. `started` is time.monotonic() just before the process was spawned."""

    process: subprocess.Popen
    base_url: str
    port: int
    log_dir: Path
    started: float
    healthy_after_s: float = float("nan")
    extra: dict = field(default_factory=dict)

    @property
    def pid(self) -> int:
        return self.process.pid

    def rss_mb(self) -> float:
        return rss_mb(self.pid)

    def cpu_s(self) -> float:
        return cpu_seconds(self.pid)

    def stderr_tail(self, limit: int = 4000) -> str:
        try:
            return (self.log_dir / "stderr.txt").read_text(errors="replace")[-limit:]
        except OSError:
            return ""

    def stderr(self) -> str:
        return self.stderr_tail(6000) or "(empty)"

    def log(self, limit: int = 4000) -> str:
        """The end of what the server wrote (stdout and stderr), or "" if it wrote nothing."""
        parts = []
        for name in ("stderr.txt", "stdout.txt"):
            try:
                text = (self.log_dir / name).read_text(errors="replace").strip()
            except OSError:
                continue
            if text:
                parts.append(f"--- {name} ---\n{text[-limit:]}")
        return "\n".join(parts)

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=10)


def streamlit_command(script: str, port: int, extra: list[str] | None = None) -> list[str]:
    return [
        sys.executable, "-m", "streamlit", "run", script,
        "--server.address", "127.0.0.1",
        "--server.port", str(port),
        "--server.headless", "true",
        "--browser.gatherUsageStats", "false",
        *(extra or []),
    ]


def start_streamlit(script: str, log_dir: Path, cwd: Path = ROOT, port: int | None = None,
                    extra: list[str] | None = None, timeout: float = START_TIMEOUT_S) -> Server:
    """Spawn `streamlit run <script>` and return once /_stcore/health answers ok (time recorded)."""
    log_dir.mkdir(parents=True, exist_ok=True)
    port = port or free_port()
    base_url = f"http://127.0.0.1:{port}"
    env = dict(os.environ, PYTHONUNBUFFERED="1")
    with open(log_dir / "stdout.txt", "wb") as out, open(log_dir / "stderr.txt", "wb") as err:
        started = time.monotonic()
        process = subprocess.Popen(streamlit_command(script, port, extra), cwd=cwd, stdout=out, stderr=err,
                                   stdin=subprocess.DEVNULL, env=env)
    server = Server(process, base_url, port, log_dir, started)
    deadline = started + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        if healthy(base_url, timeout=1.0):
            server.healthy_after_s = time.monotonic() - started
            return server
        time.sleep(HEALTH_POLL_S)
    server.stop()
    raise RuntimeError(f"{script} on port {port} did not become healthy:\n{server.stderr_tail()}")


# ------------------------------------------------------------------ /proc
def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            return f.read()
    except OSError:
        return ""


def rss_mb(pid: int) -> float:
    """Resident memory of one process (VmRSS), in MiB."""
    for line in _read(f"/proc/{pid}/status").splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def _stat_fields(pid: int) -> list[str]:
    text = _read(f"/proc/{pid}/stat")
    if not text:
        return []
    # the command name is in parentheses and may contain spaces: split after the last ')'
    return text[text.rindex(")") + 2:].split()


def cpu_seconds(pid: int) -> float:
    """User + system CPU time of a process so far (threads included, children not)."""
    fields = _stat_fields(pid)
    if not fields:
        return float("nan")
    return (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def parent_of(pid: int) -> int | None:
    fields = _stat_fields(pid)
    return int(fields[1]) if fields else None


def descendants(root: int) -> set[int]:
    """Every live process below `root` (not `root` itself)."""
    children: dict[int, list[int]] = {}
    for name in os.listdir("/proc"):
        if name.isdigit():
            parent = parent_of(int(name))
            if parent is not None:
                children.setdefault(parent, []).append(int(name))
    out: set[int] = set()
    stack = [root]
    while stack:
        for child in children.get(stack.pop(), []):
            if child not in out:
                out.add(child)
                stack.append(child)
    return out


def machine_cpu_times() -> tuple[float, float]:
    """(busy, total) jiffies of the whole machine from /proc/stat."""
    parts = [int(v) for v in _read("/proc/stat").splitlines()[0].split()[1:]]
    idle = parts[3] + (parts[4] if len(parts) > 4 else 0)
    return float(sum(parts) - idle), float(sum(parts))


class CpuMeter:
    """CPU seconds used by groups of processes over a window, sampled so that processes which exit
    during the window (closed browser tabs) still count with their last reading."""

    def __init__(self, groups: dict[str, callable]):
        self.groups = groups  # name -> function returning the set of pids in that group now
        self.first: dict[str, dict[int, float]] = {}
        self.last: dict[str, dict[int, float]] = {name: {} for name in groups}
        self.machine_start = machine_cpu_times()
        self.t0 = time.monotonic()
        self.sample(initial=True)

    def sample(self, initial: bool = False) -> None:
        for name, pids_of in self.groups.items():
            for pid in pids_of():
                value = cpu_seconds(pid)
                if value == value:  # not NaN: the process still exists
                    if initial:
                        self.first.setdefault(name, {})[pid] = value
                    self.last[name][pid] = value

    def result(self) -> dict:
        self.sample()
        wall = time.monotonic() - self.t0
        busy0, total0 = self.machine_start
        busy1, total1 = machine_cpu_times()
        out = {"wall_s": round(wall, 2),
               "machine_busy_pct_of_all_cores": round(100 * (busy1 - busy0) / max(total1 - total0, 1), 1)}
        for name in self.groups:
            start = self.first.get(name, {})
            used = sum(v - start.get(pid, 0.0) for pid, v in self.last[name].items())
            out[f"{name}_cpu_s"] = round(used, 2)
            out[f"{name}_cores"] = round(used / wall, 2) if wall else None
        return out


# ------------------------------------------------------------------ the machine
def machine_info() -> dict:
    import platform
    from importlib import metadata

    model = ""
    for line in _read("/proc/cpuinfo").splitlines():
        if line.startswith("model name"):
            model = line.split(":", 1)[1].strip()
            break
    mem_kb = 0
    for line in _read("/proc/meminfo").splitlines():
        if line.startswith("MemTotal:"):
            mem_kb = int(line.split()[1])
    versions = {}
    for package in ("streamlit", "polars", "altair", "pandas", "pyarrow", "playwright", "vl-convert-python"):
        try:
            versions[package] = metadata.version(package)
        except metadata.PackageNotFoundError:
            versions[package] = None
    chromium = ""
    try:
        chromium = subprocess.run(["/usr/bin/chromium", "--version"], capture_output=True, text=True,
                                  timeout=20).stdout.strip()
    except (OSError, subprocess.TimeoutExpired):
        pass
    return {
        "cpu_count": os.cpu_count(),
        "cpus_usable": len(os.sched_getaffinity(0)),
        "cpu_model": model,
        "memory_gb": round(mem_kb / 1024 / 1024, 1),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "packages": versions,
        "browser": chromium,
        "load_average_at_start": [round(v, 2) for v in os.getloadavg()],
    }
