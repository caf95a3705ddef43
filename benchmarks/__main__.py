"""python -m benchmarks [--quick] [--load [N]] [--duration S] [--mutations] [--weight] [--slow-clients] [--report]
(see benchmarks/__init__.py)"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import shutil
import signal
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from benchmarks import report
from benchmarks.procs import ROOT, machine_info
from benchmarks.stats import ratio, summary

HERE = Path(__file__).resolve().parent
FLOOR_SCRIPT = "benchmarks/floor_app.py"


@dataclass(frozen=True)
class Plan:
    mode: str
    first_load_runs: int
    first_load_pages: tuple[str, ...] | None  # url paths; None = every page
    filter_changes: int
    filter_pages: tuple[str, ...] | None
    sessions: int
    cold_runs: int
    floor_cold_runs: int
    floor_memory: bool
    reruns: int
    rerun_pages: tuple[str, ...] | None
    alarm_s: int


FULL = Plan("full", 7, None, 20, None, 20, 5, 3, True, 20, None, 1800)
QUICK = Plan("quick", 3, ("",), 4, ("budget",), 2, 1, 0, False, 6, ("",), 120)


def _now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")


def _select(specs, paths):
    return [s for s in specs if paths is None or s.url_path in paths]


def _log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


# ------------------------------------------------------------------ the speed and memory run
def _profile_pages(browser, app_url: str, plan: Plan, pages: dict[str, dict]) -> list:
    """0. Warm the app and learn how many charts each wanted page draws; a broken page is noted, not measured.
    Returns the pages profiled."""
    from benchmarks import pageload as pl
    from utils.core.navigation import PAGES

    wanted = {s.url_path for s in _select(PAGES, plan.first_load_pages) + _select(PAGES, plan.filter_pages)}
    profiled = []
    for spec in PAGES:
        if spec.url_path not in wanted and spec is not PAGES[0]:
            continue
        try:
            pages[spec.url_path].update(pl.page_profile(browser, f"{app_url}/{spec.url_path}"))
            profiled.append(spec)
        except Exception as error:  # noqa: BLE001 - a broken page is reported, not measured
            pages[spec.url_path]["error"] = str(error).splitlines()[0][:300]
            _log(f"/{spec.url_path} is broken, not measured: {pages[spec.url_path]['error']}")
    return profiled


def _measure_first_loads(browser, app_url: str, floor_url: str, plan: Plan, specs: list,
                         pages: dict[str, dict]) -> dict:
    """1. First loads of each page, each followed by one of the floor page (interleaved)."""
    from benchmarks import pageload as pl

    runs = {
        "app": {s.url_path: [] for s in specs},
        "app_finished": {s.url_path: [] for s in specs},
        "floor_finished": [],
        "floor": {s.url_path: [] for s in specs},
    }
    for run in range(plan.first_load_runs):
        _log(f"first loads, run {run + 1}/{plan.first_load_runs}")
        for spec in specs:
            n = pages[spec.url_path]["charts"]
            try:
                app_value = pl.first_load(browser, f"{app_url}/{spec.url_path}", n)
            except Exception as error:  # noqa: BLE001 - counted for the page; the run goes on
                pages[spec.url_path].setdefault("first_load_errors", []).append(str(error)[:200])
                _log(f"/{spec.url_path}: first load failed: {str(error)[:200]}")
                continue
            runs["app"][spec.url_path].append(app_value)
            runs["app_finished"][spec.url_path].append(pl.FIRST_LOAD_FINISHED_MS[-1])
            runs["floor"][spec.url_path].append(pl.first_load(browser, floor_url, 1))
            runs["floor_finished"].append(pl.FIRST_LOAD_FINISHED_MS[-1])
    return runs


def _summarise_first_loads(runs: dict, plan: Plan, pages: dict[str, dict], floor: dict) -> None:
    app_ms, floor_ms = runs["app"], runs["floor"]
    for path in app_ms:
        if len(app_ms[path]) < max(plan.first_load_runs - 1, 1):
            continue  # too many failed loads for a figure
        page = pages[path]
        page["first_load"] = summary(app_ms[path])
        page["floor_first_load"] = summary(floor_ms[path])
        page["first_load_ms"] = page["first_load"]["median"]
        page["first_load_script_finished"] = summary(runs["app_finished"][path])
        page["first_load_ratio"] = ratio(page["first_load"]["median"], page["floor_first_load"]["median"])
    floor["first_load"] = summary([v for vs in floor_ms.values() for v in vs])
    floor["first_load_script_finished"] = summary(runs["floor_finished"])


def _measure_filter_changes(browser, app_url: str, path: str, n: int, radio, plan: Plan, page: dict,
                            floor_first: list[float]) -> tuple[dict[str, list[float]], object]:
    """2. Filter changes on one app page, each followed by one on the floor page (`radio`). A failure is noted in
    `page` with the clicks lost; returns the series measured (possibly cut short) and the page's area filter."""
    from benchmarks import pageload as pl

    page_obj = pl.new_page(browser)
    series: dict[str, list[float]] = {"app": [], "floor": [], "app_server": [], "floor_server": [], "app_first": []}
    area = None
    lost_before = pl.LOST_CLICKS["count"]
    try:
        pl.load(page_obj, f"{app_url}/{path}", n)
        area = pl.AreaFilter(page_obj)
        for _ in range(2):
            area.change()  # warm-up: the first change of a session is not the typical one
        for _ in range(plan.filter_changes):
            series["app"].append(area.change())
            series["app_server"].append(pl.SERVER_PART_MS[-1])
            series["app_first"].append(pl.FIRST_MESSAGE_MS[-1])
            series["floor"].append(radio.change())
            series["floor_server"].append(pl.SERVER_PART_MS[-1])
            floor_first.append(pl.FIRST_MESSAGE_MS[-1])
    except Exception as error:  # noqa: BLE001 - reported for this page; the run goes on
        page["filter_change_error"] = f"{type(error).__name__}: {str(error)[:200]}"
        _log(f"/{path}: filter change failed: {page['filter_change_error']}")
    finally:
        pl.close(page_obj)
    page["lost_clicks"] = pl.LOST_CLICKS["count"] - lost_before
    return series, area


def _summarise_filter_changes(page: dict, series: dict[str, list[float]], area) -> None:
    page["filter_change"] = summary(series["app"])
    page["floor_filter_change"] = summary(series["floor"])
    page["filter_change_server_part"] = summary(series["app_server"])
    page["filter_change_first_message"] = summary(series["app_first"])
    page["floor_filter_change_server_part"] = summary(series["floor_server"])
    page["charts_change_with_area"] = area.charts_change
    page["filter_change_ms_p95"] = page["filter_change"]["p95"]
    page["filter_change_ratio"] = ratio(page["filter_change"]["p95"], page["floor_filter_change"]["p95"])
    page["filter_change_ratio_median"] = ratio(page["filter_change"]["median"],
                                               page["floor_filter_change"]["median"])
    app_p95 = page["filter_change_server_part"].get("p95")
    floor_p95 = page["floor_filter_change_server_part"].get("p95")
    if app_p95 is not None and floor_p95 is not None:  # with the browser drawing on the same cores: context
        page["filter_change_server_over_floor_browser_ms"] = round(app_p95 - floor_p95, 1)


def _filter_changes(browser, app_url: str, floor_url: str, plan: Plan, profiled: list, pages: dict[str, dict],
                    floor: dict) -> None:
    """2. Filter changes, app and floor interleaved."""
    from benchmarks import pageload as pl

    floor_page = pl.new_page(browser)
    pl.load(floor_page, floor_url, 1)
    radio = pl.FloorSelect(floor_page)
    for _ in range(2):
        radio.change()  # warm-up
    all_floor: list[float] = []
    all_floor_server: list[float] = []
    all_floor_first: list[float] = []
    for spec in _select(profiled, plan.filter_pages):
        n = pages[spec.url_path]["charts"]
        if not n:
            continue
        _log(f"filter changes on /{spec.url_path}")
        page = pages[spec.url_path]
        series, area = _measure_filter_changes(browser, app_url, spec.url_path, n, radio, plan, page,
                                               all_floor_first)
        if len(series["app"]) < plan.filter_changes:
            continue
        all_floor += series["floor"]
        all_floor_server += series["floor_server"]
        _summarise_filter_changes(page, series, area)
    pl.close(floor_page)
    floor["filter_change"] = summary(all_floor)
    floor["filter_change_server_part"] = summary(all_floor_server)
    floor["filter_change_first_message"] = summary(all_floor_first)


def _measure_cold_starts(browser, plan: Plan, tmp: Path, profiled: list, pages: dict[str, dict]) -> dict:
    """3. Cold starts, app and floor interleaved; the first of each also opens the sessions for the memory figure."""
    from benchmarks import pageload as pl
    from utils.core.navigation import PAGES

    cold = {"app": [], "floor": []}
    overview_charts = pages[PAGES[0].url_path]["charts"]
    others = [(f"/{s.url_path}", pages[s.url_path]["charts"]) for s in profiled]
    others = [others[(i + 1) % len(others)] for i in range(plan.sessions - 1)]
    for run in range(max(plan.cold_runs, plan.floor_cold_runs)):
        _log(f"cold start {run + 1}" + (f", then {plan.sessions} sessions" if run == 0 else ""))
        if run < plan.cold_runs:
            cold["app"].append(pl.cold_start(browser, "app.py", tmp / f"cold-app-{run}", overview_charts,
                                             others if run == 0 else ()))
        if run < plan.floor_cold_runs:
            more = [("/", 1)] * (plan.sessions - 1) if run == 0 and plan.floor_memory else ()
            cold["floor"].append(pl.cold_start(browser, FLOOR_SCRIPT, tmp / f"cold-floor-{run}", 1, more))
    return cold


def _summarise_cold_starts(cold: dict, plan: Plan, top: dict, floor: dict) -> None:
    memory = {k: v for k, v in cold["app"][0].items() if k.startswith(("rss", "sessions"))}
    top["memory"] = memory
    top["rss_mb_1"] = memory["rss_mb_1"]
    top[f"rss_mb_{plan.sessions}"] = memory[f"rss_mb_{plan.sessions}"]
    top["rss_mb_per_added_session"] = memory["rss_mb_per_added_session"]
    top["cold_start"] = summary([c["cold_start_ms"] for c in cold["app"]])
    top["first_page"] = summary([c["first_page_ms"] for c in cold["app"]])
    top["cold_start_ms"] = top["cold_start"]["median"]
    top["first_page_ms"] = top["first_page"]["median"]
    if cold["floor"]:
        floor["cold_start"] = summary([c["cold_start_ms"] for c in cold["floor"]])
        floor["first_page"] = summary([c["first_page_ms"] for c in cold["floor"]])
        if plan.floor_memory:
            floor["memory"] = {k: v for k, v in cold["floor"][0].items() if k.startswith(("rss", "sessions"))}


def _server_parts(plan: Plan, pages: dict[str, dict], floor: dict, tmp: Path) -> None:
    """4. A filter change's server part without a browser (benchmarks/server_part.py): the goal's figure."""
    from benchmarks.server_part import measure_server_part

    paths = [f"/{key}" for key, page in pages.items() if page.get("charts") and "error" not in page]
    _log(f"server part of filter changes over the protocol on {len(paths)} pages")
    result = measure_server_part(paths, plan.filter_changes, tmp / "server-part")
    for path, figures in result["pages"].items():
        page = pages[path.strip("/")]
        page["filter_change_protocol"] = figures["app"]
        page["floor_filter_change_protocol"] = figures["floor"]
        # issue 12: a filter change's server part (script run and messages) at most the floor's + 50 ms at p95
        page["filter_change_server_over_floor_ms"] = round(figures["app"]["p95"] - figures["floor"]["p95"], 1)
    floor["filter_change_protocol"] = result["floor"]


def _reruns(plan: Plan, pages: dict[str, dict], floor: dict) -> None:
    """5. The scripts' own time per rerun (AppTest)."""
    from benchmarks import rerun
    from utils.core.navigation import PAGES

    for spec in _select(PAGES, plan.rerun_pages):
        if "error" in pages[spec.url_path]:
            continue
        _log(f"reruns of {spec.path}")
        figures = rerun.page_reruns(None if spec is PAGES[0] else spec.path, plan.reruns)
        pages[spec.url_path].update(figures)
        pages[spec.url_path]["rerun_ms"] = figures["rerun"]["median"]
        if plan.mode == "full":
            pages[spec.url_path]["rerun_profile"] = rerun.profile_reruns(None if spec is PAGES[0] else spec.path)
    floor.update(rerun.floor_reruns(plan.reruns))


def run_benchmark(plan: Plan) -> dict:
    from playwright.sync_api import sync_playwright

    from benchmarks import pageload as pl
    from benchmarks.browser import launch
    from benchmarks.procs import start_streamlit
    from utils.core.navigation import PAGES

    t0 = time.monotonic()
    machine = machine_info()
    tmp = Path(tempfile.mkdtemp(prefix="benchmarks-"))
    pages: dict[str, dict] = {spec.url_path: {"title": spec.title, "path": spec.path} for spec in PAGES}
    floor: dict = {}
    top: dict = {}
    app = floor_server = None
    try:
        app = start_streamlit("app.py", tmp / "app")
        floor_server = start_streamlit(FLOOR_SCRIPT, tmp / "floor")
        with sync_playwright() as playwright:
            browser = launch(playwright)
            # 0. warm both servers and learn how many charts each page draws
            _log("warming up, counting charts")
            profiled = _profile_pages(browser, app.base_url, plan, pages)
            floor_url = floor_server.base_url + "/"
            floor.update(pl.page_profile(browser, floor_url))

            # 1. first loads, app and floor interleaved
            first_specs = _select(profiled, plan.first_load_pages)
            runs = _measure_first_loads(browser, app.base_url, floor_url, plan, first_specs, pages)
            _summarise_first_loads(runs, plan, pages, floor)

            # 2. filter changes, app and floor interleaved
            _filter_changes(browser, app.base_url, floor_url, plan, profiled, pages, floor)
            app.stop()
            floor_server.stop()

            # 3. cold starts, app and floor interleaved; the first of each also gives the memory per session
            cold = _measure_cold_starts(browser, plan, tmp, profiled, pages)
            _summarise_cold_starts(cold, plan, top, floor)
            browser.close()

        # 4. the server part of filter changes, over the protocol, app and floor interleaved
        _server_parts(plan, pages, floor, tmp)
    finally:
        for server in (app, floor_server):
            if server is not None:
                server.stop()
        shutil.rmtree(tmp, ignore_errors=True)

    # 5. the scripts' own time per rerun (AppTest)
    _reruns(plan, pages, floor)

    return {
        "generated": _now(),
        "mode": plan.mode,
        "seconds": round(time.monotonic() - t0, 1),
        "machine": machine,
        "plan": plan.__dict__,
        "pages": pages,
        "lost_clicks": pl.LOST_CLICKS["count"],
        **top,
        "floor": floor,
    }


# ------------------------------------------------------------------ files
def _read(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")


def _alarm(seconds: int) -> None:
    def stop(_signum, _frame):
        raise TimeoutError(f"the benchmark did not finish within {seconds} s and was stopped")

    signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--quick", action="store_true", help="a short run: results-quick.json, under a minute")
    parser.add_argument("--load", type=int, nargs="?", const=20, metavar="N", help="N sessions at once (20)")
    parser.add_argument("--duration", type=float, default=None, help="seconds each load session runs (60; quick 15)")
    parser.add_argument("--stagger", type=float, default=2.0, help="seconds between the load sessions' starts")
    parser.add_argument("--mutations", action="store_true", help="mutated documents: mutation_report.json")
    parser.add_argument("--weight", action="store_true",
                        help="bytes on the wire of every page direct and through the proxy, and the first chart on a "
                             "throttled phone, against the floor in the app's multipage mode: results.json 'weight'")
    parser.add_argument("--pages", nargs="*", default=None, metavar="URL_PATH",
                        help="with --weight: only these pages ('' for the root page)")
    parser.add_argument("--slow-clients", nargs="?", const="", default=None, metavar="OLD_TEMPLATE",
                        help="a bounded slow-client flood against the nginx recipe (and, if given, against an older "
                             "template file too): results.json 'slow_clients'")
    parser.add_argument("--report", action="store_true",
                        help="measure nothing: only write RESULTS.md again from results.json and mutation_report.json")
    parser.add_argument("--seed", type=int, default=2024)
    return parser


def _store(results_path: Path, key: str, figures: dict, quick: bool) -> None:
    """Keep `figures` under `key` of the results file, the other runs' figures kept; then RESULTS.md unless quick."""
    results = _read(results_path)
    results[key] = figures
    _write(results_path, results)
    if not quick:
        report.write(results_path)


def _run_mutations(args: argparse.Namespace) -> int:
    from benchmarks import mutations

    _alarm(600)
    data = {"generated": _now(), **mutations.report(quick=args.quick)}
    _write(report.MUTATIONS_JSON, data)
    report.write()
    for table, share in data["single_number_tens_digit"].items():
        print(f"{table:11} {share['caught']:4}/{share['numbers']:<4} caught  {share['share_caught'] * 100:5.1f} %")
    return 0


def _run_slow_clients(args: argparse.Namespace, results_path: Path) -> int:
    from benchmarks.attacks.slow_clients import against_the_recipe

    _alarm(600)
    figures = {"generated": _now(), "recipe": against_the_recipe()}
    if args.slow_clients:
        figures["before"] = against_the_recipe(args.slow_clients)
    _store(results_path, "slow_clients", figures, args.quick)
    print(json.dumps(figures, indent=1)[:4000])
    return 0


def _run_weight(args: argparse.Namespace, results_path: Path) -> int:
    from benchmarks import weight

    _alarm(2700)
    figures = {"generated": _now(), "machine": machine_info(),
               **weight.run(pages=tuple(args.pages) if args.pages is not None else None)}
    _store(results_path, "weight", figures, args.quick)
    print(weight.brief(figures))
    return 0


def _run_load(args: argparse.Namespace, results_path: Path) -> int:
    from benchmarks.load import run_load
    from benchmarks.protocol_load import run_protocol_load
    from utils.core.navigation import PAGES

    duration = args.duration or (15.0 if args.quick else 90.0)
    _alarm(int(2 * (duration + args.stagger * args.load) + 420))
    urls = [f"/{p.url_path}" for p in PAGES]
    with tempfile.TemporaryDirectory(prefix="benchmarks-load-") as tmp:
        load = run_load(args.load, duration, args.stagger, args.seed, urls, Path(tmp) / "browser")
        # the same sessions without a browser: what the server alone gives when visitors draw on their devices
        server_only = run_protocol_load(args.load, duration, args.stagger, args.seed, urls, Path(tmp) / "protocol")
    load = {"generated": _now(), "machine": machine_info(), **load, "server_only": server_only}
    _store(results_path, "load", load, args.quick)
    print(json.dumps({k: load[k] for k in ("sessions", "errors", "p50_ms", "p95_ms", "actions", "limit")},
                     ensure_ascii=False, indent=2))
    print(json.dumps({"server_only": {k: server_only[k] for k in ("errors", "p50_ms", "p95_ms", "actions",
                                                                  "server_cores", "server_peak_cores_1s")}},
                     ensure_ascii=False, indent=2))
    return 0


def _run_speed(args: argparse.Namespace, results_path: Path) -> int:
    plan = QUICK if args.quick else FULL
    _alarm(plan.alarm_s)
    results = run_benchmark(plan)
    previous = _read(results_path)
    for own in ("load", "weight", "slow_clients"):  # runs of their own command: keep their latest figures
        if own in previous:
            results[own] = previous[own]
    _write(results_path, results)
    if args.quick:
        print(report.render(results, None))
    else:
        report.write(results_path)
        print((HERE / "RESULTS.md").read_text(encoding="utf-8"))
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    results_path = HERE / ("results-quick.json" if args.quick else "results.json")
    sys.path.insert(0, str(ROOT))

    if args.report:
        report.write(results_path)
        print(report.RESULTS_MD)
        return 0
    if args.mutations:
        return _run_mutations(args)
    if args.slow_clients is not None:
        return _run_slow_clients(args, results_path)
    if args.weight:
        return _run_weight(args, results_path)
    if args.load is not None:
        return _run_load(args, results_path)
    return _run_speed(args, results_path)


if __name__ == "__main__":
    sys.exit(main())
