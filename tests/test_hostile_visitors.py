"""One visitor cannot stall, exhaust or mislead the server for everyone else (issue 10): closure tests.

Each test attacks a served process on loopback over Streamlit's own WebSocket protocol (benchmarks/attacks/
client.py), sending what a browser never would, and checks the effect. The server runs from a temporary copy of
the project, so the last test can damage the copy's data/ while the server runs.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import hashlib
import io
import json
import re
import shutil
import time
import zipfile
from pathlib import Path

import pytest

from benchmarks.attacks.client import Client, fetch, widget_state
from benchmarks.procs import cpu_seconds, rss_mb, start_streamlit
from tests.conftest import PROJECT_ROOT
from utils.core import i18n

NOT_COPIED = {".git", ".venv", "venv", "tests", "benchmarks", "deploy", "scripts", ".ci", ".pytest_cache",
              "__pycache__", "node_modules"}
MAX_MESSAGE_BYTES = 1_000_000  # server.maxMessageSize = 1 (MB) in .streamlit/config.toml


def _ignore(folder: str, names: list[str]) -> set[str]:
    if Path(folder) == PROJECT_ROOT:
        return {n for n in names if n in NOT_COPIED or n.endswith(".pyc")}
    return {n for n in names if n == "__pycache__" or n.endswith(".pyc") or n.startswith(".ingest-")}


class Served:
    def __init__(self, root: Path, log_dir: Path):
        self.root = root
        self.server = start_streamlit("app.py", log_dir, cwd=root)
        self.base_url = self.server.base_url

    def log(self) -> str:
        """What the server wrote, stderr and stdout (where rich would print a traceback)."""
        stdout = (self.server.log_dir / "stdout.txt").read_text(errors="replace")
        return self.server.stderr_tail(10**8) + stdout

    def count(self, pattern: str) -> int:
        return len(re.findall(pattern, self.log()))


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    root = tmp_path_factory.mktemp("hostile") / "app"
    shutil.copytree(PROJECT_ROOT, root, ignore=_ignore)
    served = Served(root, tmp_path_factory.mktemp("hostile-log"))
    yield served
    served.server.stop()


def drive(coro_fn, *args, timeout: float = 300):
    """Run an async scenario in a thread of its own (a browser test's event loop may hold this one)."""
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(asyncio.run, coro_fn(*args)).result(timeout=timeout)


def _served_cpu(served: Served) -> float:
    return cpu_seconds(served.server.pid)


# ================================================================== 1. exports: once per content, one at a time
def test_two_sessions_asking_for_one_export_cause_one_render(served):
    async def scenario():
        async with Client(served.base_url) as a, Client(served.base_url) as b:
            run_a, run_b = await a.run_with_downloads("projects"), await b.run_with_downloads("projects")
            ids = run_a.download("-png"), run_b.download("-png")
            assert ids[0] != ids[1]  # each session has its own button
            before = served.count(r"export: rendered png")
            req_a, req_b = await a.request_file(ids[0]), await b.request_file(ids[1])  # at once
            got_a = (await a.wait_responses([req_a]))[req_a]
            got_b = (await b.wait_responses([req_b]))[req_b]
            assert not got_a.error_msg and not got_b.error_msg, (got_a.error_msg, got_b.error_msg)
            bytes_a = fetch(served.base_url + got_a.deferred_file.url)
            bytes_b = fetch(served.base_url + got_b.deferred_file.url)
            renders = served.count(r"export: rendered png") - before
        async with Client(served.base_url) as c:  # a third visitor later: from the cache
            run_c = await c.run_with_downloads("projects")
            bytes_c = await c.download(run_c.download("-png"))
        return bytes_a, bytes_b, bytes_c, renders, served.count(r"export: rendered png") - before

    bytes_a, bytes_b, bytes_c, renders, renders_after_third = drive(scenario)
    assert bytes_a.startswith(b"\x89PNG\r\n\x1a\n")
    assert bytes_a == bytes_b == bytes_c
    assert renders == 1, f"{renders} renders for one export asked by two sessions"
    assert renders_after_third == 1, "the third request rendered again instead of handing out the cached bytes"


def test_one_session_has_at_most_one_export_being_built(served):
    """Every export of a page requested at once over one WebSocket: one is built, the rest are refused at once
    with a message (not queued), and the server log gets one line per refusal, no traceback."""
    async def scenario():
        async with Client(served.base_url) as c:
            run = await c.run_with_downloads("budget", query="year=2023&area=VAKA&lang=en")  # content no other asked
            assert run.status == 0 and not run.exceptions, run.exceptions
            ids = list(run.downloads.values())
            refused_before = served.count(r"export refused")
            t0 = time.perf_counter()
            requests = [await c.request_file(i) for i in ids]
            answers = await c.wait_responses(requests)
            return ids, answers, time.perf_counter() - t0, served.count(r"export refused") - refused_before

    ids, answers, seconds, refusal_lines = drive(scenario)
    assert len(ids) >= 6, ids
    refused = [a for a in answers.values() if a.error_msg]
    built = [a for a in answers.values() if not a.error_msg]
    assert built and refused, f"{len(built)} built, {len(refused)} refused"
    assert refusal_lines == len(refused)
    assert "Traceback" not in served.log()


def test_clear_cache_between_requests_meets_the_bound_on_the_workers_line(served):
    """A `clear_cache` message empties the session state, so the session's export key is new on its next run and
    the one-at-a-time limit of a session no longer holds it back. One WebSocket alternating a request for a report
    not built yet and a clear_cache: beyond the bound on the worker's line (config/app.toml,
    inputs.export_waiting_max) its requests are refused at once with one log line each, not queued, and another
    visitor's page still runs meanwhile.

    (Streamlit drops an answer that is still in a session's outgoing queue when the session's next run starts, so
    the attacker waits a moment (0.1 s: a refusal comes at once) for each answer before its next clear_cache and
    run, and what was built or refused is read from the server log.)"""
    from utils.core import settings

    bound = settings.app_settings()["inputs"]["export_waiting_max"]
    waves = [(area, lang) for lang in ("en", "fi") for area in ("ALL", "HYTE", "OPKOU", "VAKA", "VIRE")]

    async def scenario():
        async with Client(served.base_url) as attacker, Client(served.base_url) as visitor:
            await visitor.run("budget")
            before = {p: served.count(p) for p in (r"export refused", r"waiting to be made", r"rendered pdf")}
            requests, refused_at_once = [], []
            for area, lang in waves:  # each wave: a new session key (clear_cache), a report no one asked for yet
                run = await attacker.run("profile", query=f"area={area}&lang={lang}")
                assert run.status == 0 and not run.exceptions, run.exceptions
                requests.append(await attacker.request_file(run.download(f"dl-profile-pdf-{area}")))
                try:
                    answer = (await attacker.wait_responses(requests[-1:], timeout=0.1))[requests[-1]]
                    refused_at_once.append(bool(answer.error_msg))
                except TimeoutError:  # being built, or waiting in the line
                    refused_at_once.append(False)
                await attacker.clear_cache()
            t0 = time.perf_counter()
            other = await visitor.run("years", query="area=HYTE")  # while the attacker's line is full
            other_s = time.perf_counter() - t0
            deadline = time.monotonic() + 120
            while sum(served.count(p) - before[p] for p in (r"export refused", r"rendered pdf")) < len(waves) \
                    and time.monotonic() < deadline:
                await asyncio.sleep(0.2)  # the accepted ones being built
            after = {p: served.count(p) - before[p] for p in before}
            return refused_at_once, after, other, other_s

    refused_at_once, after, other, other_s = drive(scenario)
    assert after["waiting to be made"] >= 1 and any(refused_at_once), \
        f"{after}: the requests were queued, not refused"
    assert after["export refused"] == after["waiting to be made"] >= sum(refused_at_once), after
    assert after["rendered pdf"] + after["export refused"] == len(waves), after  # each built or refused, none left
    assert after["rendered pdf"] >= 1 + bound, after  # the line took as many as it holds
    assert "Traceback" not in served.log()
    assert other.status == 0 and not other.exceptions, other.exceptions
    assert other_s < 10, f"another visitor's page took {other_s:.1f} s during the attack"


# ================================================================== 2. limits: the largest message fits
async def largest_messages(base_url: str) -> tuple[dict[tuple[str, str], int], int]:
    """The largest message the app sends on every page in both languages, with every box a visitor can open
    opened (a keyed box is built only when opened: its content is sent then), boxes inside opened boxes too, and
    the search page with hits. Returns ({(lang, page): bytes}, how many boxes were opened)."""
    largest, opened_boxes = {}, 0
    for lang in ("fi", "en"):
        async with Client(base_url) as c:
            await c.run("", query=f"lang={lang}")
            for page in sorted(c.pages):
                run = await c.run(page, query=f"lang={lang}")
                assert not run.exceptions, (page, run.exceptions)
                sizes, opened = [run.largest_message], set()
                while set(run.boxes) - opened:  # open what this run shows, then what those boxes held
                    opened |= set(run.boxes)
                    run = await c.run(page, query=f"lang={lang}",
                                      widgets=[widget_state(box, bool_value=True) for box in sorted(opened)])
                    assert not run.exceptions, (page, run.exceptions)
                    sizes.append(run.largest_message)
                largest[(lang, page)] = max(sizes)
                opened_boxes += len(opened)
            search = await c.run("search", query=f"lang={lang}",
                                 widgets=[widget_state((await c.run("search")).widget_id("search_query"),
                                                       string_value="e")])
            largest[(lang, "search?q=e")] = search.largest_message
    return largest, opened_boxes


def test_the_largest_outgoing_message_fits_the_limit(served):
    largest, opened_boxes = drive(largest_messages, served.base_url)
    worst = max(largest, key=largest.get)
    assert len(largest) >= 2 * 11
    assert opened_boxes >= 2 * 5, f"only {opened_boxes} boxes were opened"
    assert largest[worst] < MAX_MESSAGE_BYTES, f"{worst}: {largest[worst]} bytes, over the 1 MB limit"


def test_oversized_messages_are_refused_and_memory_stays_bounded(served):
    async def scenario():
        rss_before = rss_mb(served.server.pid)
        closed = 0
        for _ in range(10):
            async with Client(served.base_url) as c:
                run = await c.run("search")
                try:
                    await c.run("search", widgets=[widget_state(run.widget_id("search_query"),
                                                                string_value="x" * 3_000_000)], timeout=30)
                except Exception as error:  # noqa: BLE001 - the server closes the connection: 1009
                    closed += "1009" in str(error)
        async with Client(served.base_url) as c:  # the server still serves others
            after = await c.run("budget")
        return closed, rss_before, rss_mb(served.server.pid), after

    closed, before, after, run = drive(scenario)
    assert closed == 10, "a 3 MB widget value was accepted"
    assert not run.exceptions and run.status == 0
    assert after - before < 40, f"server memory grew from {before:.0f} to {after:.0f} MB"


# ================================================================== 4. developer-only messages: no effect, no cost
def test_clear_cache_costs_nothing_and_changes_nothing_visible(served):
    async def scenario():
        async with Client(served.base_url) as visitor, Client(served.base_url) as attacker:
            seen = (await visitor.run("budget")).texts
            await attacker.run("budget")
            cpu0 = _served_cpu(served)
            await attacker.run("budget")
            rerun_cpu = _served_cpu(served) - cpu0
            cpu1 = _served_cpu(served)
            for _ in range(20):
                await attacker.clear_cache()
            attacked = await attacker.run("budget")
            clear_cpu = _served_cpu(served) - cpu1 - rerun_cpu
            again = await visitor.run("budget")
            return seen, attacked, again, clear_cpu

    seen, attacked, again, clear_cpu = drive(scenario)
    assert again.texts == seen, "another visitor's page changed after clear_cache"
    assert attacked.texts == seen and not attacked.exceptions
    assert clear_cpu < 0.5, f"20 clear_cache messages cost {clear_cpu:.2f} CPU-s (was about 1 CPU-s each)"


def test_app_code_keeps_nothing_in_streamlit_caches():
    """What clear_cache clears is Streamlit's st.cache_data and st.cache_resource: the app keeps its data and
    everything derived from it in plain module state (utils/app/data.py), so there is nothing for it to drop."""
    sources = [PROJECT_ROOT / "app.py", *sorted((PROJECT_ROOT / "pages").glob("*.py")),
               *sorted((PROJECT_ROOT / "utils").rglob("*.py"))]
    users = [str(p.relative_to(PROJECT_ROOT)) for p in sources
             if re.search(r"@st\.cache|\bst\.cache(_data|_resource)?\s*[(.]", p.read_text(encoding="utf-8"))]
    assert not users, f"st.cache_* in app code (a visitor's clear_cache would drop it): {users}"


# ================================================================== 5. wrong types, too many parameters
def test_widget_values_of_the_wrong_type_leave_no_traceback(served):
    async def scenario():
        async with Client(served.base_url) as c:
            run = await c.run("search")
            search_id, area_id = run.widget_id("search_query"), run.widget_id("f_area")
            results = [await c.run("search", widgets=[widget_state(search_id, int_value=5)]),
                       await c.run("search", widgets=[widget_state(area_id, string_value="VAKA")])]
        async with Client(served.base_url) as fresh:  # the first run of a session, with a bad value
            results.append(await fresh.run("search", widgets=[widget_state(search_id, double_value=1.5)]))
        async with Client(served.base_url) as other:
            return results, await other.run("search")

    results, other = drive(scenario)
    log = served.log()
    assert "Traceback" not in log, log[-3000:]
    assert "wrong type" in log
    assert not other.exceptions and other.status == 0, "another visitor was affected"


def test_too_many_query_parameters_are_named_not_silently_dropped(served):
    notice = i18n.t("fi", "limits.query_dropped", limit="1\u00a0000")
    many = "&".join(["area=VAKA"] + [f"x{i}=1" for i in range(1000)])

    async def scenario():
        async with Client(served.base_url) as c:
            dropped = await c.run("budget", query=many)
        async with Client(served.base_url) as c:
            kept = await c.run("budget", query="area=VAKA&" + "&".join(f"x{i}=1" for i in range(900)))
        return dropped, kept

    dropped, kept = drive(scenario)
    assert any(notice in text for text in dropped.texts), dropped.texts[:8]
    assert not any(notice in text for text in kept.texts)


# ================================================================== 3. one verified snapshot (runs last: damages data/)
def test_downloads_serve_the_checked_snapshot_after_clear_cache_and_damage(served):
    data_dir = served.root / "data"
    package = json.loads((data_dir / "datapackage.json").read_text(encoding="utf-8"))
    want = {r["path"]: r["hash"].removeprefix("sha256:") for r in package["resources"]}
    want[package["sources"][0]["path"]] = package["sources"][0]["hash"].removeprefix("sha256:")
    raw_name = package["sources"][0]["path"]
    originals = {name: (data_dir / name).read_bytes() for name in ("finance.csv", raw_name)}
    error_title = i18n.t("fi", "data_error.title")

    async def scenario():
        async with Client(served.base_url) as c:
            await c.run("about")
            await c.clear_cache()
        # damage the files on disk while the server runs: half of finance.csv, a changed figure in the document
        (data_dir / "finance.csv").write_bytes(originals["finance.csv"][: len(originals["finance.csv"]) // 2])
        (data_dir / raw_name).write_bytes(originals[raw_name].replace("942 313".encode(), "942 413".encode(), 1))
        await asyncio.sleep(1.1)  # the disk check runs at most once a second
        async with Client(served.base_url) as c:
            runs = {page: await c.run(page) for page in ("", "budget", "years", "about")}
            about = runs["about"]
            files = {name: await c.download(about.download(f"dl_{name}")) for name in ("finance.csv", raw_name)}
            archive = await c.download(about.download("dl_zip"))
        return runs, files, archive

    try:
        runs, files, archive = drive(scenario)
    finally:
        for name, content in originals.items():
            (data_dir / name).write_bytes(content)
    for page, run in runs.items():
        assert run.status == 0 and not run.exceptions, (page, run.exceptions)
        assert not any(error_title in text for text in run.texts), f"{page or '/'} shows the data-error page"
    warning = [text for text in runs["about"].texts if "data/finance.csv" in text]
    assert warning and f"data/{raw_name}" in warning[0], "About does not report the changed files"
    for name, content in files.items():
        assert hashlib.sha256(content).hexdigest() == want[name], f"{name}: the download is not the checked file"
    with zipfile.ZipFile(io.BytesIO(archive)) as zf:
        for member in zf.namelist():
            name = member.split("/", 1)[1]
            if name in want:
                assert hashlib.sha256(zf.read(member)).hexdigest() == want[name], f"zip: {name}"


def test_the_report_is_never_built_from_data_changed_after_the_app_loaded(tmp_path_factory):
    """The printable profile is built in the export worker, which reads data/ itself. Data regenerated on disk
    after the app loaded its snapshot (consistently, from the same document: the short data version is the same)
    gives no report of other figures than the pages show: the download is refused, with one line in the log
    naming the files; with the files back as the app read them, the report is built. Its own served copy: the
    export worker must read the disk for the first time after the change."""
    from tests.test_export_versions import regenerate_consistently

    root = tmp_path_factory.mktemp("changed") / "app"
    shutil.copytree(PROJECT_ROOT, root, ignore=_ignore)
    served = Served(root, tmp_path_factory.mktemp("changed-log"))
    data_dir = root / "data"
    originals = {name: (data_dir / name).read_bytes() for name in ("finance.csv", "datapackage.json")}

    async def scenario():
        async with Client(served.base_url) as c:
            seen = await c.run("profile", query="area=VAKA")  # the app's snapshot is loaded
            changed = regenerate_consistently(data_dir)
            first = await c.run("profile", query="area=VAKA")
            refused = (await c.wait_responses([await c.request_file(first.download("dl-profile-pdf-VAKA"))],
                                              timeout=120))
            for name, content in originals.items():
                (data_dir / name).write_bytes(content)
            again = await c.run("profile", query="area=VAKA")
            built = await c.download(again.download("dl-profile-pdf-VAKA"), timeout=120)
        return seen, changed, list(refused.values())[0], built

    try:
        seen, changed, refused, built = drive(scenario)
        log = served.log()
    finally:
        for name, content in originals.items():
            (data_dir / name).write_bytes(content)
        served.server.stop()
    assert seen.status == 0 and not seen.exceptions
    assert refused.error_msg, "a report was built from data changed after the app loaded"
    lines = [line for line in log.splitlines() if "export refused" in line]
    assert len(lines) == 1 and f"data/{changed}" in lines[0] and "differ" in lines[0], lines
    assert "Traceback" not in log
    assert built.startswith(b"%PDF")
