"""Files users take away: tables as CSV and Excel, charts as PNG and SVG, the data set as one archive.

Exports are built once per distinct content and then only handed out:
- every export has a content key (sha256 of the chart's spec JSON, or of the table's bytes, plus the format and
  language); built bytes are kept in a memory-bounded cache (least recently used dropped first);
- a fresh build runs in ONE worker process (started on first use, at a lower CPU priority), never in the
  server's threads: vl-convert holds the GIL for the whole of a render, which would stall every other visitor;
- two sessions asking for the same content at once wait for the same build (one render);
- a session has at most one export being built: a further request from it, while one is being built, is refused
  at once (ExportRefused: the button shows that the file could not be made; the server log gets one line) and
  not queued. The session's key lives in its session state, which a `clear_cache` message empties (a new key
  on the next run), so the worker's waiting line is bounded for everyone together as well: besides the request
  being built, at most EXPORT_WAITING_MAX requests (config/app.toml, [inputs] export_waiting_max; a request
  joining a build of the same content counts too) wait at once, and any further one is refused at once the same
  way. Each waiting request holds one of the server's threads, so the bound keeps them free. Cache hits are
  never refused.

The pure builders (csv_bytes, xlsx_bytes, chart_png, chart_svg, archive_bytes) are plain Python and run in the
worker; `build` is what the download buttons' deferred callables call. Nothing here imports streamlit at module
level, so the worker process stays light.
"""

from __future__ import annotations

import concurrent.futures
import hashlib
import io
import json
import logging
import os
import pickle
import select
import subprocess
import sys
import threading
import time
import zipfile
from collections import OrderedDict
from pathlib import Path

from utils.core import settings
from utils.core.loading import DATA_DIR, ROOT
from utils.core.schema import TABLES

RAW_NAME = "raw/" + settings.raw_name()
CACHE_MAX_BYTES = 64 * 1024 * 1024  # built exports kept in memory, all formats together
CACHE_MAX_ITEM_BYTES = 16 * 1024 * 1024  # larger files are handed out but not kept
BUILD_TIMEOUT_S = 60.0
WORKER_NICE = 10  # exports wait behind page runs when the CPU is short
WORKER_MAX_TASKS = 500  # a fresh worker now and then: the renderer's memory does not creep
EXPORT_WAITING_MAX = int(settings.app_settings()["inputs"]["export_waiting_max"])

LOG = logging.getLogger("heinola.exports")


class ExportRefused(Exception):
    """This session already has an export being built, or the build failed or took too long."""


# ------------------------------------------------------------------ the builders (run in the worker)
def data_files(data_dir: Path = DATA_DIR) -> list[str]:
    """Names (relative to data/) of every published file: the tables, the datapackage and the source."""
    return [t.path for t in TABLES.values()] + ["datapackage.json", RAW_NAME]


def archive_bytes(files: dict[str, bytes] | Path = DATA_DIR) -> bytes:
    """A zip of the whole data set with its datapackage, from the given bytes (name relative to data/ -> bytes;
    a folder reads them from disk). Fixed timestamps: the same data gives the same bytes."""
    if isinstance(files, Path):
        files = {name: (files / name).read_bytes() for name in data_files(files)}
    buf = io.BytesIO()
    folder, signed = settings.archive_name(), settings.document_date()  # the folder, and the date of every file
    with zipfile.ZipFile(buf, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name in data_files():
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=(signed.year, signed.month, signed.day, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, files[name])
    return buf.getvalue()


def csv_bytes(df, lang: str = "fi") -> bytes:
    """A table as CSV that a spreadsheet in `lang` opens as numbers with ä and ö intact.

    Finnish: ';' between fields, decimal comma, UTF-8 with a byte-order mark (Excel's cue for UTF-8).
    English: ',' and a decimal point, UTF-8 with a byte-order mark.
    """
    if lang == "fi":
        text = df.write_csv(separator=";", decimal_comma=True, line_terminator="\r\n")
    else:
        text = df.write_csv(separator=",", line_terminator="\r\n")
    return ("\ufeff" + text).encode("utf-8")


def xlsx_bytes(df, sheet: str = "data") -> bytes:
    """A table as an Excel workbook; numbers stay numbers."""
    import polars as pl

    buf = io.BytesIO()
    # no red for negatives (polars' default): a negative difference is better than budget for costs and worse
    # for income, so colour would say the wrong thing half the time; the table's words carry the meaning
    df.write_excel(buf, worksheet=sheet[:31], autofit=True,
                   dtype_formats={pl.Float64: "#,##0.00;\u2212#,##0.00", pl.Float32: "#,##0.00;\u2212#,##0.00",
                                  pl.Int64: "#,##0;\u2212#,##0", pl.Int32: "#,##0;\u2212#,##0"})
    return buf.getvalue()


def _spec_json(chart) -> str:
    if isinstance(chart, str):
        return chart
    return json.dumps(chart) if isinstance(chart, dict) else chart.to_json()


def chart_png(chart, scale: float = 2.0) -> bytes:
    """A chart (an altair chart, its Vega-Lite spec or the spec's JSON) rendered by vl-convert: the same spec the
    browser draws, locale included."""
    import vl_convert as vlc

    return vlc.vegalite_to_png(_spec_json(chart), scale=scale)


def chart_svg(chart) -> bytes:
    import vl_convert as vlc

    return vlc.vegalite_to_svg(_spec_json(chart)).encode("utf-8")


def _frame(ipc: bytes):
    import polars as pl

    return pl.read_ipc(io.BytesIO(ipc))


def _render(kind: str, payload: tuple) -> bytes:
    """The worker's one entry point: build the bytes of one export."""
    if kind == "png":
        return chart_png(payload[0], scale=payload[1])
    if kind == "svg":
        return chart_svg(payload[0])
    if kind == "csv":
        return csv_bytes(_frame(payload[0]), payload[1])
    if kind == "xlsx":
        return xlsx_bytes(_frame(payload[0]), payload[1])
    if kind == "zip":
        return archive_bytes(payload[0])
    if kind == "pdf":  # the printable profile of a service area (utils/report)
        from utils.report import build_profile_pdf

        return build_profile_pdf(*payload)
    raise ValueError(kind)


# ------------------------------------------------------------------ the one worker process
class Worker:
    """One child process (`python -m utils.app.exports`, started on first use) that builds exports one at a time.

    Not multiprocessing: Streamlit puts the running page script in sys.modules['__main__'], and a spawned
    multiprocessing child would run that page again. Requests and answers are pickled frames over the child's
    stdin and stdout (both ends are this code). A build that overruns its time is ended by ending the child."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._process: subprocess.Popen | None = None
        self._tasks = 0
        self.started = 0  # processes started so far

    def _start(self) -> subprocess.Popen:
        if self._process is None or self._process.poll() is not None or self._tasks >= WORKER_MAX_TASKS:
            self._stop()
            self._process = subprocess.Popen(
                [sys.executable, "-m", "utils.app.exports"], cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                stderr=None, env=dict(os.environ, PYTHONPATH=str(ROOT)))
            self._tasks = 0
            self.started += 1
        return self._process

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is not None and process.poll() is None:
            process.kill()
            process.wait(timeout=10)

    @property
    def pid(self) -> int | None:
        return self._process.pid if self._process is not None and self._process.poll() is None else None

    def call(self, kind: str, payload: tuple, timeout: float) -> bytes:
        deadline = time.monotonic() + timeout
        if not self._lock.acquire(timeout=timeout):
            raise ExportRefused("the export worker is busy; try again")
        try:
            process = self._start()
            self._tasks += 1
            try:
                _write_frame(process.stdin, pickle.dumps((kind, payload), protocol=pickle.HIGHEST_PROTOCOL))
                ok, value = pickle.loads(_read_frame(process.stdout, deadline))
            except (OSError, EOFError, TimeoutError, pickle.UnpicklingError) as error:
                self._stop()  # a stuck or dead child is replaced on the next call
                raise ExportRefused(f"making the {kind} file failed: {type(error).__name__}") from None
            if not ok:
                raise ExportRefused(f"making the {kind} file failed: {value}")
            return value
        finally:
            self._lock.release()


def _write_frame(stream, body: bytes) -> None:
    stream.write(len(body).to_bytes(8, "little") + body)
    stream.flush()


def _read_exact(stream, n: int, deadline: float | None) -> bytes:
    chunks, left = [], n
    fd = stream.fileno()
    while left:
        if deadline is not None:
            ready, _, _ = select.select([fd], [], [], max(deadline - time.monotonic(), 0))
            if not ready:
                raise TimeoutError
        chunk = os.read(fd, min(left, 1 << 20))
        if not chunk:
            raise EOFError
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _read_frame(stream, deadline: float | None = None) -> bytes:
    return _read_exact(stream, int.from_bytes(_read_exact(stream, 8, deadline), "little"), deadline)


def _serve() -> None:
    """The worker's loop (python -m utils.app.exports): read a request, build, answer; end when stdin closes."""
    try:
        os.nice(WORKER_NICE)
    except OSError:
        pass
    stdin, stdout = sys.stdin.buffer, sys.stdout.buffer
    sys.stdout = sys.stderr  # nothing printed by a library may corrupt the answers
    while True:
        try:
            kind, payload = pickle.loads(_read_frame(stdin))
        except EOFError:
            return
        try:
            answer = (True, _render(kind, payload))
        except Exception as error:  # noqa: BLE001 - reported to the server as a failed build
            answer = (False, f"{type(error).__name__}: {str(error)[:300]}")
        _write_frame(stdout, pickle.dumps(answer, protocol=pickle.HIGHEST_PROTOCOL))


# ------------------------------------------------------------------ the cache
_lock = threading.Lock()
_cache: OrderedDict[str, bytes] = OrderedDict()
_cache_bytes = 0
_inflight: dict[str, concurrent.futures.Future] = {}
_busy_sessions: set[str] = set()
_waiting = {"requests": 0}  # requests past the cache: being built, waiting for the worker or for a same build
WORKER = Worker()
STATS = {"renders": 0, "hits": 0, "joined": 0, "refused": 0, "refused_line_full": 0, "render_s": 0.0}


def _store(key: str, data: bytes) -> None:
    global _cache_bytes
    if len(data) > CACHE_MAX_ITEM_BYTES:
        return
    with _lock:
        if key in _cache:
            return
        _cache[key] = data
        _cache_bytes += len(data)
        while _cache_bytes > CACHE_MAX_BYTES and _cache:
            _, dropped = _cache.popitem(last=False)
            _cache_bytes -= len(dropped)


def cache_info() -> dict:
    with _lock:
        return {"items": len(_cache), "bytes": _cache_bytes, "max_bytes": CACHE_MAX_BYTES,
                "inflight": len(_inflight), "waiting": _waiting["requests"], "worker_pid": WORKER.pid, **STATS}


def clear() -> None:
    """Forget every built export (tests and tools; nothing a visitor sends reaches it)."""
    global _cache_bytes
    with _lock:
        _cache.clear()
        _cache_bytes = 0


def content_key(kind: str, *parts: bytes | str) -> str:
    h = hashlib.sha256(kind.encode())
    for part in parts:
        raw = part if isinstance(part, bytes) else part.encode("utf-8")
        h.update(len(raw).to_bytes(8, "little"))
        h.update(raw)
    return h.hexdigest()


def _admit(session: str | None) -> None:
    """Refuse a request that is not in the cache (under _lock) if its session has a build already, or if the
    worker's line is full (EXPORT_WAITING_MAX waiting besides the one being built); else count it in the line."""
    if session is not None and session in _busy_sessions:
        STATS["refused"] += 1
        raise ExportRefused("this visitor already has a file being made; try again when it is ready")
    if _waiting["requests"] > EXPORT_WAITING_MAX:
        STATS["refused"] += 1
        STATS["refused_line_full"] += 1
        raise ExportRefused(f"{EXPORT_WAITING_MAX} files are waiting to be made already; try again in a moment")
    _waiting["requests"] += 1


def build(kind: str, key: str, payload: tuple, session: str | None) -> bytes:
    """The bytes of one export: from the cache, from a build already running for the same content, or from a new
    build in the worker. `session` names the asking session: while it has an export being built, a further
    request from it that is not in the cache is refused (ExportRefused), not queued; so is any request while
    EXPORT_WAITING_MAX others wait for the worker (of any session: a `clear_cache` renews a session's key)."""
    with _lock:
        data = _cache.get(key)
        if data is not None:
            _cache.move_to_end(key)
            STATS["hits"] += 1
            return data
        _admit(session)
        future = _inflight.get(key)
        owner = future is None
        if owner:
            future = _inflight[key] = concurrent.futures.Future()
            STATS["renders"] += 1
        else:
            STATS["joined"] += 1
        if session is not None:
            _busy_sessions.add(session)
    try:
        if owner:
            started = time.monotonic()
            try:
                data = WORKER.call(kind, payload, BUILD_TIMEOUT_S)
            except BaseException as error:
                future.set_exception(error)
                LOG.warning("export: %s %s failed: %s", kind, key[:12], error)
                raise
            else:
                _store(key, data)
                future.set_result(data)
                seconds = time.monotonic() - started
                STATS["render_s"] += seconds
                LOG.info("export: rendered %s %s (%d bytes) in %.2f s", kind, key[:12], len(data), seconds)
                return data
            finally:
                with _lock:
                    _inflight.pop(key, None)
        try:
            return future.result(timeout=BUILD_TIMEOUT_S)
        except concurrent.futures.TimeoutError:
            raise ExportRefused(f"making the {kind} file took longer than {BUILD_TIMEOUT_S:.0f} s") from None
    finally:
        with _lock:
            _waiting["requests"] -= 1
            if session is not None:
                _busy_sessions.discard(session)


# ------------------------------------------------------------------ what the download buttons call
def chart_export(spec: dict, fmt: str, session: str | None, scale: float = 2.0) -> bytes:
    """PNG or SVG of a chart spec (a dict or its JSON)."""
    spec_json = _spec_json(spec) if not isinstance(spec, dict) else json.dumps(spec, sort_keys=True)
    if fmt == "png":
        return build("png", content_key("png", spec_json, repr(scale)), (spec_json, scale), session)
    return build("svg", content_key("svg", spec_json), (spec_json,), session)


def table_export(df, fmt: str, session: str | None, lang: str = "fi", sheet: str = "data") -> bytes:
    """CSV (in `lang`'s spreadsheet format) or Excel (sheet `sheet`) of a polars frame."""
    buf = io.BytesIO()
    df.write_ipc(buf, compression="uncompressed")
    ipc = buf.getvalue()
    option = lang if fmt == "csv" else sheet
    return build(fmt, content_key(fmt, ipc, option), (ipc, option), session)


def archive_export(files: dict[str, bytes], session: str | None) -> bytes:
    """The data set's zip, built from the snapshot's bytes (never from the disk at click time)."""
    parts = [part for name in data_files() for part in (name, hashlib.sha256(files[name]).digest())]
    return build("zip", content_key("zip", *parts), ({name: files[name] for name in data_files()},), session)


def app_fingerprint() -> dict[str, str]:
    """What this process's pages are built from, file by file (utils.report.fingerprint): every data file's sha256
    as the verified snapshot holds it, and the configuration the report reads as the app holds it. The worker
    builds a report only from inputs with the same fingerprint."""
    from utils.app import data
    from utils.report import fingerprint

    return fingerprint(data.snapshot().sha256,
                       {"mapping.toml": data.mapping(), "profile.toml": settings.profile_settings()})


def report_export(area: str, lang: str, base_url: str, version: str, session: str | None) -> bytes:
    """The printable profile of `area` in `lang` (utils/report) as PDF, once per area, language, link and data
    version; built only from data and configuration the same, file by file, as this process shows
    (app_fingerprint: a file changed on disk after the app read it refuses the build)."""
    expected = app_fingerprint()
    key = content_key("pdf", area, lang, base_url, version, json.dumps(expected))
    return build("pdf", key, (area, lang, base_url, version, expected), session)


def session_key() -> str:
    """A key for the session running the script now (held in its session state), so that its deferred download
    callables, which run without the session, can say whose they are."""
    import uuid

    import streamlit as st

    return st.session_state.setdefault("_export_session", uuid.uuid4().hex)


# ------------------------------------------------------------------ the server log: one line, no traceback
class _RefusalFilter(logging.Filter):
    """Streamlit logs a failed deferred download with its traceback. A refused export is expected (a visitor
    clicking twice, or a client flooding): keep it to one line."""

    def filter(self, record: logging.LogRecord) -> bool:
        error = record.exc_info[1] if record.exc_info else None
        seen = 0
        while error is not None and seen < 5:
            if isinstance(error, ExportRefused):
                record.msg, record.args = "export refused: %s", (error,)
                record.exc_info = record.exc_text = None
                return True
            error, seen = error.__cause__ or error.__context__, seen + 1
        return True


def _setup_logging() -> None:
    if not LOG.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        LOG.addHandler(handler)
        LOG.setLevel(logging.INFO)
        LOG.propagate = False
    for name in ("streamlit.runtime.backend_operation_handler",):
        target = logging.getLogger(name)
        if not any(isinstance(f, _RefusalFilter) for f in target.filters):
            target.addFilter(_RefusalFilter())


_setup_logging()


if __name__ == "__main__":
    _serve()
