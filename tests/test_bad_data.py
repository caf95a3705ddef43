"""Broken data files: the app shows a clear page, never a traceback, and overwrites nothing.

The project is copied to a temporary folder (everything the app reads: app.py, pages/, utils/, config/, data/,
.streamlit/ and any other top-level folder except tests, benchmarks and tooling), one file of the copy's data/ is
damaged per case, and the copy's own app.py runs in AppTest in a separate Python process (so that `utils`, and
with it data/, are imported from the copy, and no cache of this test process is involved). One process serves
every case: it reads a line per case on stdin and answers with what the page shows, as JSON.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from tests.conftest import DATA_DIR, PROJECT_ROOT, RAW_DOCUMENT
from utils.core.navigation import PAGES

TITLE = "Tietoja ei voitu ladata"
REBUILD = "python -m utils.ingest"
NOT_COPIED = {".git", ".venv", "venv", "tests", "benchmarks", "deploy", "scripts", ".ci", ".pytest_cache",
              "__pycache__", "node_modules"}
# words that would reveal the server's file system or a traceback
LEAKS = ("Traceback", 'File "', "/work/", "/tmp/", "/home/", "/usr/", "site-packages", "Errno")

RUNNER = textwrap.dedent(
    """
    import json, sys
    root, project = sys.argv[1], sys.argv[2]
    sys.path[:0] = [root, project]  # the copy's app; the project's tests (not copied) for the one way to open a page
    import streamlit as st
    from tests.apptest_helpers import new_session
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        case = json.loads(line)
        st.cache_resource.clear()
        st.cache_data.clear()
        if "utils.app.data" in sys.modules:  # the verified snapshot is plain module state, which clear_cache keeps
            sys.modules["utils.app.data"].reload()
        at = new_session(case.get("page", "app.py"), root=root)
        for key, values in case.get("params", {}).items():
            at.query_params[key] = values
        at.run()
        def values(kind):
            try:
                return [str(e.value) for e in at.get(kind)]
            except Exception:
                return []
        shown = {kind: values(kind) for kind in (
            "title", "header", "subheader", "markdown", "caption", "code", "error", "warning", "info",
            "success", "exception", "text", "json", "metric", "latex")}
        shown["utils_from"] = sys.modules["utils"].__file__
        print(json.dumps(shown, ensure_ascii=False), flush=True)
    """
)


# ------------------------------------------------------------------ the copy and its runner
def _ignore(folder: str, names: list[str]) -> set[str]:
    return {n for n in names if n in NOT_COPIED or n.endswith(".pyc")} if Path(folder) == PROJECT_ROOT else \
        {n for n in names if n == "__pycache__" or n.endswith(".pyc")}


def snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


class Runner:
    def __init__(self, root: Path):
        self.root = root
        self.process = subprocess.Popen(
            [sys.executable, "-c", RUNNER, str(root), str(PROJECT_ROOT)], cwd=root, stdin=subprocess.PIPE,
            stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, encoding="utf-8",
        )
        assert json.loads(self._line()) == {"ready": True}

    def _line(self) -> str:
        line = self.process.stdout.readline()
        if not line:
            raise RuntimeError(f"the AppTest runner exited with code {self.process.poll()}")
        return line

    def run(self, params: dict | None = None, page: str = "app.py") -> dict:
        self.process.stdin.write(json.dumps({"params": params or {}, "page": page}) + "\n")
        self.process.stdin.flush()
        return json.loads(self._line())

    def close(self) -> None:
        self.process.stdin.close()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()


@pytest.fixture(scope="module")
def project_copy(tmp_path_factory):
    root = tmp_path_factory.mktemp("project") / "app"
    shutil.copytree(PROJECT_ROOT, root, ignore=_ignore)
    runner = Runner(root)
    real_data = snapshot(DATA_DIR)
    yield root, runner
    runner.close()
    assert snapshot(DATA_DIR) == real_data, "the project's own data/ changed during the test"


@pytest.fixture
def damaged(project_copy):
    """Restore the copy's data/ from the project, then return (data folder, runner) for one case to damage."""
    root, runner = project_copy
    shutil.rmtree(root / "data")
    shutil.copytree(DATA_DIR, root / "data", ignore=lambda _d, names: {n for n in names if n.startswith(".ingest-")})
    return root / "data", runner


# ------------------------------------------------------------------ damage
def _rehash(data: Path, name: str) -> None:
    """Make datapackage.json describe the damaged CSV, so that only its content can give it away."""
    package = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    for resource in package["resources"]:
        if resource["name"] == name:
            resource["hash"] = "sha256:" + hashlib.sha256((data / resource["path"]).read_bytes()).hexdigest()
    (data / "datapackage.json").write_text(json.dumps(package, ensure_ascii=False, indent=2), encoding="utf-8")


def _replace_first_number(text: bytes, column: int, value: bytes) -> bytes:
    lines = text.split(b"\n")
    cells = lines[1].split(b",")
    cells[column] = value
    lines[1] = b",".join(cells)
    return b"\n".join(lines)


# each damages one file of the copy's data/ and returns the file the page must name
def _missing(data: Path) -> str:
    (data / "finance.csv").unlink()
    return "data/finance.csv"


def _empty(data: Path) -> str:
    (data / "kpis.csv").write_bytes(b"")
    return "data/kpis.csv"


def _truncated(data: Path) -> str:
    text = (data / "finance.csv").read_bytes()
    (data / "finance.csv").write_bytes(text[: len(text) // 3])
    return "data/finance.csv"


def _truncated_and_rehashed(data: Path) -> str:
    text = (data / "projects.csv").read_bytes()
    (data / "projects.csv").write_bytes(text[: len(text) // 2])
    _rehash(data, "projects")
    return "data/projects.csv"


def _type_corrupted(data: Path) -> str:
    # amount_eur (column 5) of the first row: text where an integer belongs
    path = data / "finance.csv"
    path.write_bytes(_replace_first_number(path.read_bytes(), 5, b"kolme miljoonaa"))
    return "data/finance.csv"


def _type_corrupted_and_rehashed(data: Path) -> str:
    path = data / "finance.csv"
    path.write_bytes(_replace_first_number(path.read_bytes(), 5, b"kolme miljoonaa"))
    _rehash(data, "finance")
    return "data/finance.csv"


def _wrong_code_and_rehashed(data: Path) -> str:
    path = data / "risks.csv"
    path.write_bytes(path.read_bytes().replace(b"\n1,", b"\nyksi,", 1))
    _rehash(data, "risks")
    return "data/risks.csv"


def _raw_document_changed(data: Path) -> str:
    raw = f"raw/{RAW_DOCUMENT.name}"
    path = data / raw
    path.write_bytes(path.read_bytes().replace("942 313".encode(), "942 413".encode(), 1))
    return f"data/{raw}"


def _raw_document_missing(data: Path) -> str:
    raw = f"raw/{RAW_DOCUMENT.name}"
    (data / raw).unlink()
    return f"data/{raw}"


def _datapackage_not_json(data: Path) -> str:
    path = data / "datapackage.json"
    path.write_bytes(path.read_bytes()[:200])
    return "data/datapackage.json"


def _datapackage_missing(data: Path) -> str:
    (data / "datapackage.json").unlink()
    return "data/datapackage.json"


DAMAGES = {
    "missing": _missing,
    "empty": _empty,
    "truncated": _truncated,
    "truncated_and_rehashed": _truncated_and_rehashed,
    "type_corrupted": _type_corrupted,
    "type_corrupted_and_rehashed": _type_corrupted_and_rehashed,
    "wrong_code_and_rehashed": _wrong_code_and_rehashed,
    "raw_document_changed": _raw_document_changed,
    "raw_document_missing": _raw_document_missing,
    "datapackage_not_json": _datapackage_not_json,
    "datapackage_missing": _datapackage_missing,
}


def damage(data: Path, case: str) -> str:
    """Damage one file of the copy's data/; return the file the page must name."""
    if case not in DAMAGES:
        raise AssertionError(case)
    return DAMAGES[case](data)


CASES = ["missing", "empty", "truncated", "truncated_and_rehashed", "type_corrupted", "type_corrupted_and_rehashed",
         "wrong_code_and_rehashed", "raw_document_changed", "raw_document_missing", "datapackage_not_json",
         "datapackage_missing"]


def _text(shown: dict) -> str:
    return "\n".join(v for kind, values in shown.items() if isinstance(values, list) for v in values)


def assert_clear_error_page(shown: dict, filename: str, root: Path) -> None:
    assert not shown["exception"], f"the page shows an exception: {shown['exception']}"
    assert shown["title"] == [TITLE], f"title {shown['title']!r}, expected {TITLE!r}"
    text = _text(shown)
    assert filename in text, f"the page does not name {filename}:\n{text}"
    assert any(REBUILD in code for code in shown["code"]), f"no code block with {REBUILD!r}: {shown['code']}"
    assert str(root) not in text and str(PROJECT_ROOT) not in text, "the page shows a path of the server"
    for leak in LEAKS:
        assert leak not in text, f"the page shows {leak!r}:\n{text}"
    assert not shown["metric"], "a broken data set must not show figures"


# ------------------------------------------------------------------ the tests
def test_runner_imports_the_copy(project_copy):
    root, runner = project_copy
    shown = runner.run()
    assert shown["utils_from"].startswith(str(root)), shown["utils_from"]
    assert not shown["exception"] and shown["title"] and shown["title"] != [TITLE], "the intact copy should render"


@pytest.mark.parametrize("case", CASES)
def test_damaged_file_gives_a_clear_page_and_is_not_overwritten(damaged, case):
    data, runner = damaged
    filename = damage(data, case)
    before = snapshot(data)
    shown = runner.run()
    assert_clear_error_page(shown, filename, data.parent)
    assert snapshot(data) == before, "data/ changed: the app must never rewrite its data"


def test_deep_link_with_filters_on_damaged_data(damaged):
    data, runner = damaged
    filename = damage(data, "truncated")
    shown = runner.run({"area": ["VAKA"], "year": ["2023"]})
    assert_clear_error_page(shown, filename, data.parent)


@pytest.mark.parametrize("page", [p.path for p in PAGES[1:]])
def test_every_page_shows_the_error_page(damaged, page):
    """A deep link to any page, not only /, gets the clear page."""
    data, runner = damaged
    filename = damage(data, "missing")
    shown = runner.run({"area": ["VAKA"]}, page=page)
    assert_clear_error_page(shown, filename, data.parent)
