"""The test suite's time before and after a change, from two pytest JUnit XML reports (issue 11).

    python -m benchmarks.suite_times BEFORE.xml AFTER.xml

Prints a table: the whole suite before; after, split into the tests whose id existed before, the new tests in files
that existed before (renamed or added) and the tests of files added since; then per file, before and after.
Times are pytest's per-test times (setup, call and teardown). Wall and CPU seconds of the whole runs come from the
runs themselves (e.g. /usr/bin/time -v), not from these files.

The old tests alone, to time them as the suite is run (in parallel, with the README's command):

    SUITE_TIMES_BEFORE=BEFORE.xml python -m pytest -p benchmarks.suite_times ...

runs only the tests this module counts as old (the ids of BEFORE.xml, under renamed files' old names, and the
tests rewritten in the old files; not what other issues added).
"""

from __future__ import annotations

import os
import sys
import xml.etree.ElementTree as ET
from collections import defaultdict

# tests that other issues added to files that existed before issue 11 (reported apart from the old tests): id prefixes
OTHER_ISSUES = {
    "issue 9": ("tests/test_quotable.py::test_excel_download_colours_no_number_red",
                "tests/test_charts.py::test_deviation_chart_colours_follow_the_judgement",
                "tests/test_plans.py::test_spend_realisation_in_the_languages_format"),
    "issue 10": ("tests/e2e/test_proxy.py::test_a_slow_client_flood", "tests/e2e/test_proxy.py::test_one_address_holds",
                 "tests/e2e/test_proxy.py::test_a_foreign_origin", "tests/e2e/test_proxy.py::test_metrics_and_unused",
                 "tests/test_ingest_cli.py::test_out_with_a_name_too_long",
                 "tests/test_ingest_cli.py::test_mapping_nested_thousands",
                 "tests/test_ingest_cli.py::test_out_a_link_to_nothing",
                 "tests/test_ingest_cli.py::test_out_the_operating_system_refuses"),
    "issue 12": ("tests/e2e/test_proxy.py::test_html_lang", "tests/e2e/test_proxy.py::test_static_assets",
                 "tests/e2e/test_proxy.py::test_an_unknown_address", "tests/test_charts.py::test_every_chart_says",
                 "tests/test_charts.py::test_a_cost_type", "tests/test_charts.py::test_ticks",
                 "tests/test_charts.py::test_an_area_keeps", "tests/test_plans.py::test_realization_chart_writes",
                 "tests/test_goals_projects_risks.py::test_realization_chart_writes",
                 "tests/e2e/test_browser.py::test_no_table_is_wider", "tests/e2e/test_browser.py::test_phone_",
                 "tests/e2e/test_proxy.py::test_the_language_switch",
                 "tests/test_pages_plans.py::test_goal_details_are_built_when_opened",
                 "tests/test_pages_plans.py::test_the_goals_table_is_built_when_opened",
                 "tests/test_pages_plans.py::test_project_reports_are_built_when_opened"),
    "issue 13": ("tests/e2e/test_browser.py::test_screenshot[profile-",
                 "tests/e2e/test_browser.py::test_deep_link_is_first_request_to_fresh_server[profile]"),
}


# test files renamed by issue 11 (after -> before): their tests are the old tests under a new file name
RENAMED = {
    "tests/test_goals_projects_risks.py": "tests/test_plans.py",
    "tests/test_pages_goals_projects_risks.py": "tests/test_pages_plans.py",
    "tests/test_filters_finance.py": "tests/test_filters_transform.py",
}


def renamed(tests: dict[str, tuple[str, float]]) -> dict[str, tuple[str, float]]:
    """The after run's tests under their files' names before the renames (ids and files)."""
    out = {}
    for test_id, (name, seconds) in tests.items():
        old = RENAMED.get(name, name)
        out[old + test_id[len(name):] if test_id.startswith(name) else test_id] = (old, seconds)
    return out


def other_issue(test_id: str) -> str | None:
    return next((issue for issue, prefixes in OTHER_ISSUES.items() if test_id.startswith(prefixes)), None)


def cases(path: str) -> dict[str, tuple[str, float]]:
    """test id -> (its file, its seconds)."""
    out = {}
    for case in ET.parse(path).iter("testcase"):
        name = case.get("classname", "").replace(".", "/") + ".py"
        out[f"{name}::{case.get('name')}"] = (name, float(case.get("time") or 0.0))
    return out


def per_file(tests: dict[str, tuple[str, float]]) -> dict[str, tuple[int, float]]:
    out: dict[str, list] = defaultdict(lambda: [0, 0.0])
    for name, seconds in tests.values():
        out[name][0] += 1
        out[name][1] += seconds
    return {k: (v[0], v[1]) for k, v in out.items()}


def _total(tests: dict) -> tuple[int, float]:
    return len(tests), sum(seconds for _name, seconds in tests.values())


def table(before: dict, after: dict) -> list[str]:
    rows = ["| file | tests before | s before | tests after | s after |", "|---|---:|---:|---:|---:|"]
    for name in sorted(set(before) | set(after), key=lambda n: -max(before.get(n, (0, 0))[1], after.get(n, (0, 0))[1])):
        b, a = before.get(name), after.get(name)
        rows.append(f"| {name} | {b[0] if b else '–'} | {f'{b[1]:.1f}' if b else '–'} | "
                    f"{a[0] if a else '–'} | {f'{a[1]:.1f}' if a else '–'} |")
    return rows


def is_old(test_id: str, before: dict[str, tuple[str, float]], old_files: set[str]) -> bool:
    """A test (its pytest node id in the after tree) counts as old: its id existed before, or it is in a file that
    existed before (old_files) and no other issue added it."""
    file = test_id.split("::", 1)[0]
    old_file = RENAMED.get(file, file)
    old_id = old_file + test_id[len(file):]
    return old_id in before or (old_file in old_files and not other_issue(old_id))


def pytest_collection_modifyitems(config, items) -> None:
    """With SUITE_TIMES_BEFORE=BEFORE.xml (and -p benchmarks.suite_times): keep only the old tests."""
    path = os.environ.get("SUITE_TIMES_BEFORE")
    if not path:
        return
    before = cases(path)
    old_files = {name for name, _s in before.values()}
    old = {item.nodeid for item in items if is_old(item.nodeid, before, old_files)}
    keep = [item for item in items if item.nodeid in old]
    dropped = [item for item in items if item.nodeid not in old]
    if dropped:
        config.hook.pytest_deselected(items=dropped)
    items[:] = keep


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = cases(argv[0]), renamed(cases(argv[1]))
    old_files = {name for name, _s in before.values()}
    same_id = {k: v for k, v in after.items() if k in before}
    rewritten = {k: v for k, v in after.items() if k not in before and v[0] in old_files and not other_issue(k)}
    others = {k: v for k, v in after.items() if k not in before and v[0] in old_files and other_issue(k)}
    new_file = {k: v for k, v in after.items() if v[0] not in old_files}
    tb = _total(before)
    print("| set | tests | seconds | x before |\n|---|---:|---:|---:|")
    print(f"| before: the whole suite | {tb[0]} | {tb[1]:.1f} | 1.00 |")
    for label, tests in (("after: tests whose id existed before", same_id),
                         ("after: their rewrites (new ids in the same files, issue 11)", rewritten),
                         ("after: the old tests (the two rows above)", {**same_id, **rewritten}),
                         ("after: tests other issues added to those files", others),
                         ("after: files added since", new_file),
                         ("after: the whole suite", after)):
        n, seconds = _total(tests)
        print(f"| {label} | {n} | {seconds:.1f} | {seconds / tb[1]:.2f} |")
    by_issue: dict[str, float] = defaultdict(float)
    for k, (_name, seconds) in others.items():
        by_issue[other_issue(k)] += seconds
    print("\nTests other issues added to the old files, seconds: "
          + ", ".join(f"{issue} {seconds:.1f}" for issue, seconds in sorted(by_issue.items())))
    print()
    print("\n".join(table(per_file(before), per_file(after))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
