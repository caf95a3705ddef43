"""The test suite's time before and after a change, from two pytest JUnit XML reports (issue 11).

    python -m benchmarks.suite_times BEFORE.xml AFTER.xml

Prints a table: the whole suite before; after, split into the tests whose id existed before, the new tests in files
that existed before (renamed or added) and the tests of files added since; then per file, before and after.
Times are pytest's per-test times (setup, call and teardown). Wall and CPU seconds of the whole runs come from the
runs themselves (e.g. /usr/bin/time -v), not from these files.
"""

from __future__ import annotations

import sys
import xml.etree.ElementTree as ET
from collections import defaultdict


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


def main(argv: list[str]) -> int:
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    before, after = cases(argv[0]), cases(argv[1])
    old_files = {name for name, _s in before.values()}
    same_id = {k: v for k, v in after.items() if k in before}
    new_id_old_file = {k: v for k, v in after.items() if k not in before and v[0] in old_files}
    new_file = {k: v for k, v in after.items() if v[0] not in old_files}
    tb = _total(before)
    print("| set | tests | seconds | x before |\n|---|---:|---:|---:|")
    print(f"| before: the whole suite | {tb[0]} | {tb[1]:.1f} | 1.00 |")
    for label, tests in (("after: tests whose id existed before", same_id),
                         ("after: new tests in the files that existed before", new_id_old_file),
                         ("after: the files that existed before, all their tests", {**same_id, **new_id_old_file}),
                         ("after: files added since", new_file)):
        n, seconds = _total(tests)
        print(f"| {label} | {n} | {seconds:.1f} | {seconds / tb[1]:.2f} |")
    print()
    print("\n".join(table(per_file(before), per_file(after))))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
