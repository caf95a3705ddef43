"""'What limits the figures': sentences written from the measured figures for RESULTS.md."""

from __future__ import annotations

import statistics


def _pages(results: dict, key: str) -> dict[str, float]:
    return {path: p[key] for path, p in results.get("pages", {}).items() if p.get(key) is not None}


def _name(path: str) -> str:
    return "/" + path


def _busy_machine(results: dict) -> list[str]:
    machine = results.get("machine", {})
    load_avg = (machine.get("load_average_at_start") or [None])[0]
    if load_avg is not None and load_avg > (machine.get("cpu_count") or 1):
        return [
            f"The machine was busy with other work when the run started (load average {load_avg} on "
            f"{machine.get('cpu_count')} cores): every figure includes waiting for a core. The ratios against the "
            "floor page, measured interleaved, are the fairer comparison."
        ]
    return []


def _rerun_profile(results: dict, worst: str) -> str:
    """Where the slowest page's rerun spends its time (sampled), or ''."""
    profile = (results["pages"].get(worst) or {}).get("rerun_profile")
    if not profile:
        return ""
    cats = ", ".join(f"{k} {v} %" for k, v in list(profile["by_category_pct"].items())[:4])
    funcs = ", ".join(f"{k} {v} %" for k, v in list(profile["app_functions_on_stack_pct"].items())[:5])
    return f" Sampled on {_name(worst)}: innermost frames {cats}; app functions on the stack {funcs}."


def _charts_cached(results: dict, reruns: dict[str, float]) -> str:
    """The reruns with the chart specs cached (an experiment), or ''."""
    cached = _pages(results, "rerun_ms_if_charts_cached")
    if not cached:
        return ""
    pairs = ", ".join(f"{_name(p)} {reruns[p]:.0f}→{cached[p]:.0f}" for p in cached if p in reruns)
    gain = statistics.median([1 - cached[p] / reruns[p] for p in cached if p in reruns and reruns[p]])
    return (
        f" With the chart specs cached (chart factories memoised on their data, the Vega-Lite spec computed "
        f"once; an experiment in the benchmark process, no file changed) the reruns take {pairs} ms"
        + (f": a median saving of {gain * 100:.0f} %, so building charts is a large part of a rerun."
           if gain > 0.15 else
           ": no clear saving, so the app's charts are not what a rerun spends its time on.")
    )


def _reruns(results: dict, floor: dict) -> list[str]:
    reruns = _pages(results, "rerun_ms")
    if not reruns:
        return []
    over = {p: v for p, v in reruns.items() if v > 60}
    floor_rerun = (floor.get("rerun") or {}).get("median")
    worst = max(reruns, key=reruns.get)
    text = (
        f"rerun_ms: {len(over)} of {len(reruns)} pages above 60 ms (median of the pages "
        f"{statistics.median(reruns.values()):.0f} ms, slowest {_name(worst)} {reruns[worst]:.0f} ms"
        + (f", {reruns[worst] - 60:.0f} ms over" if reruns[worst] > 60 else "")
        + f"); the floor page reruns in {floor_rerun} ms in the same harness, so the time is the pages' own work."
    )
    text += _rerun_profile(results, worst)
    text += _charts_cached(results, reruns)
    return [text]


def _med(page: dict, key: str):
    return (page.get(key) or {}).get("median")


def _filter_change_split(results: dict, p95: dict[str, float]) -> list[str]:
    """Per page: the median filter change split in three (first message, last message, drawn)."""
    parts = []
    for p in p95:
        page = results["pages"][p]
        first, last, total = (_med(page, "filter_change_first_message"), _med(page, "filter_change_server_part"),
                              _med(page, "filter_change"))
        if None not in (first, last, total):
            parts.append(f"{_name(p)} {first:.0f} + {last - first:.0f} + {total - last:.0f}"
                         + (f" (rerun_ms {page['rerun_ms']:.0f})" if page.get("rerun_ms") is not None else ""))
    return parts


def _filter_changes(results: dict, floor: dict) -> list[str]:
    p95 = _pages(results, "filter_change_ms_p95")
    if not p95:
        return []
    ratios = _pages(results, "filter_change_ratio")
    floor_fc = floor.get("filter_change") or {}
    worst = max(p95, key=p95.get)
    over = [p for p, v in p95.items() if v > 400]
    parts = _filter_change_split(results, p95)
    f_first, f_last, f_total = (_med(floor, "filter_change_first_message"), _med(floor, "filter_change_server_part"),
                                _med(floor, "filter_change"))
    return [
        f"filter_change: p95 above 400 ms on {len(over)} of {len(p95)} pages (slowest {_name(worst)} "
        f"{p95[worst]:.0f} ms); ratio above 2 on {sum(1 for v in ratios.values() if v > 2)} of {len(ratios)} "
        f"(highest {max(ratios.values())}). The floor page's change takes {floor_fc.get('median')} ms (median), "
        f"{floor_fc.get('p95')} ms (p95)."
        + (" Medians split in three (ms): click until the rerun's first message arrives (the frontend takes the "
           "click, sends it, the server starts the run) + first message until the run's last message "
           "(script_finished: the script runs and its elements are sent) + last message until the page is "
           f"drawn (the browser): {'; '.join(parts)}; the floor: {f_first:.0f} + {f_last - f_first:.0f} + "
           f"{f_total - f_last:.0f} (rerun_ms {(floor.get('rerun') or {}).get('median')}). The middle part is "
           "where the pages differ most from the floor, by more than their own script time: a served run also "
           "serialises and sends every element, and on 2 cores it shares the CPU with the browser, which draws "
           "the elements as they arrive. Since the server no longer runs a full garbage collection after "
           "every run (runner.postScriptGC = false, which also applies to the floor page), the floor's whole "
           f"change takes {floor_fc.get('median')} ms, so a ratio of 2 leaves an app page "
           f"{2 * floor_fc.get('median', 0):.0f} ms for its own script (rerun_ms), sending its elements and "
           f"the browser drawing its charts and tables: the absolute goal (p95 ≤ 400 ms) is met on "
           f"{len(p95) - len(over)} of {len(p95)} pages, the ratio on {sum(1 for v in ratios.values() if v <= 2)}."
           if parts and None not in (f_first, f_last, f_total) else "")
    ]


def _first_loads(results: dict, floor: dict) -> list[str]:
    first = _pages(results, "first_load_ratio")
    if not first:
        return []
    out: list[str] = []
    worst = max(first, key=first.get)
    page = results["pages"][worst]
    floor_first = (floor.get("first_load") or {}).get("median")
    kb = _pages(results, "ws_kb")
    finished = (page.get("first_load_script_finished") or {}).get("median")
    floor_finished = (floor.get("first_load_script_finished") or {}).get("median")
    if finished is not None and floor_finished is not None:
        out.append(
            f"first load of {_name(worst)}: the script's run for the new session had finished (its last message "
            f"arrived) at {finished:.0f} ms after navigation start, the floor's at {floor_finished:.0f} ms; the "
            f"page was drawn at {page.get('first_load_ms'):.0f} ms, the floor at {floor_first:.0f} ms. "
            f"So {finished - floor_finished:.0f} ms of the difference come before the last message (the heavier "
            f"first script run and its {page.get('ws_kb', 0):.0f} kB of elements), "
            f"{(page.get('first_load_ms') - finished) - (floor_first - floor_finished):.0f} ms after it "
            "(drawing more elements, loading the code of more element kinds)."
        )
    out.append(
        f"first_load_ratio: {sum(1 for v in first.values() if v > 1.3)} of {len(first)} pages above 1.3 "
        f"(worst {_name(worst)} {first[worst]}: {page.get('first_load_ms')} ms against the floor's "
        f"{floor_first} ms). The floor page loads Streamlit's JavaScript, opens the WebSocket and draws one chart; "
        f"an app page also runs its script for a new session (longer than a rerun: rerun_ms), sends "
        f"{min(kb.values()):.0f}–{max(kb.values()):.0f} kB of elements over the WebSocket (the floor: "
        f"{floor.get('ws_kb', '–')} kB), and loads and draws the code of more kinds of element (tables, popovers, "
        "expanders, metrics)."
        if kb else
        f"first_load_ratio: worst {_name(worst)} {first[worst]}."
    )
    return out


def _load(results: dict) -> list[str]:
    load = results.get("load")
    if not load:
        return []
    out: list[str] = []
    lost = sum(1 for e in load.get("error_samples", []) if "finished_before" in e)
    out.append(
        f"load (N={load['sessions']}): {load['errors']} errors, p95 {load['p95_ms']} ms (goal 1500 ms). "
        f"{load['limit'][0].upper()}{load['limit'][1:]}"
        + (f" {lost} of the errors are clicks on an option after which no script ran at all (the page stayed "
           "connected and idle): the click did not reach the app; none is an exception, a "
           "lost connection or a server error." if lost else "")
    )
    alone = load.get("server_only")
    if alone:
        out.append(
            f"load, the server alone (N={alone['sessions']}, protocol-level clients, no browser): "
            f"{alone['errors']} errors, p95 {alone['p95_ms']} ms; the server used {alone['server_cores']} cores "
            f"on average and was at its one-core ceiling in {alone['seconds_server_at_ceiling_pct']}% of the "
            "seconds. Against the browser-driven figure, this is the part of the latency the server is "
            "responsible for; the rest is 20 browser pages drawing on the same 2 cores."
        )
    return out


def limits(results: dict) -> list[str]:
    floor = results.get("floor", {})
    return (_busy_machine(results) + _reruns(results, floor) + _filter_changes(results, floor)
            + _first_loads(results, floor) + _load(results))
