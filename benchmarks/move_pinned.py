"""What every page says at two commits, compared: the check that a move of code changed no text (issue 11).

    python -m benchmarks.move_pinned BEFORE_REV AFTER_REV

Exports both commits (git archive) to a temporary folder and, in each, renders every page of that commit's own
registry (utils/core/navigation.py, or utils/navigation.py before the layers) as a deep link under three filter
states, with that commit's own AppTest helper (tests/apptest_helpers.open_page): the titles, headings, texts,
notices, metrics, and every table's columns and cells (the extraction of tests/test_page_snapshots.py as it was
first committed, plus the cells). Prints each page and state whose text differs, line by line, and how many are
identical. Pages are matched by their address.
"""

from __future__ import annotations

import difflib
import json
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
STATES = [{}, {"area": ["VAKA", "HYTE"], "per": "resident", "lang": "en"}, {"area": ["OPKOU"], "year": "2023"}]
KINDS = ("title", "header", "subheader", "markdown", "caption", "info", "warning", "error", "text")


def page_text(at) -> list[str]:
    """An AppTest run's text, element kind by element kind (links to the server left out)."""
    out = [f"{kind}: {el.value}" for kind in KINDS for el in getattr(at, kind)]
    out += [f"metric: {m.label} | {m.value} | {m.delta or ''}" for m in at.metric]
    out += [f"table: {' | '.join(map(str, d.value.columns))} ({len(d.value)} rows)" for d in at.dataframe]
    out += [f"cells: {d.value.to_csv()}" for d in at.dataframe]
    return [line for line in out if "/_stcore" not in line and "http" not in line]


def render(out: Path) -> None:
    """In the current folder (an exported commit): every page under every state -> out (JSON)."""
    sys.path.insert(0, str(Path.cwd()))
    from tests.apptest_helpers import open_page  # the exported commit's own
    try:
        from utils.core.navigation import PAGES  # the registry after issue 11's layers
    except ImportError:
        from utils.navigation import PAGES

    result = {f"{page.url_path or 'overview'}|{i}": page_text(open_page(page.path, **state))
              for page in PAGES for i, state in enumerate(STATES)}
    out.write_text(json.dumps(result, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")


def differences(before: dict[str, list[str]], after: dict[str, list[str]]) -> dict[str, list[str]]:
    """page|state -> the lines removed (-) and added (+) between the two renderings; identical ones left out."""
    out = {}
    for key in sorted(set(before) | set(after)):
        old, new = before.get(key, ["(no such page)"]), after.get(key, ["(no such page)"])
        if old != new:
            out[key] = [line for line in difflib.unified_diff(old, new, lineterm="", n=0)
                        if not line.startswith(("---", "+++", "@@"))]
    return out


def main(argv: list[str]) -> int:
    if len(argv) == 2 and argv[0] == "--render":
        render(Path(argv[1]))
        return 0
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    rendered = []
    with tempfile.TemporaryDirectory(prefix="move-pinned-") as tmp:
        for rev in argv:
            tree = Path(tmp) / rev
            tree.mkdir()
            archive = subprocess.run(["git", "archive", rev], cwd=ROOT, check=True, capture_output=True).stdout
            subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
            out = Path(tmp) / f"{rev}.json"
            subprocess.run([sys.executable, str(Path(__file__).resolve()), "--render", str(out)], cwd=tree,
                           check=True, stderr=subprocess.DEVNULL)
            rendered.append(json.loads(out.read_text(encoding="utf-8")))
    changed = differences(*rendered)
    for key, lines in changed.items():
        print(f"{key}:")
        print("\n".join(f"    {line[:200]}" for line in lines))
    print(f"identical: {len(rendered[0]) - len(changed)} of {len(rendered[0])} page states")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
